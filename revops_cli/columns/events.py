"""Event sheets, event-lead (badge scan) exports and event budget lines."""

from __future__ import annotations

# Event sheets (one row per event) and the event-leads (badge scans) export.
EVENT_ALIASES: dict[str, tuple[str, ...]] = {
    "event_name": ("Event Name", "Event", "Event Title", "Trade Show", "Conference", "Name"),
    "start_date": ("Start Date", "Event Start", "Event Start Date", "Event Date", "Date", "Start"),
    "end_date": ("End Date", "Event End", "Event End Date", "End"),
    "leads_captured": ("Leads Captured", "Leads", "Badge Scans", "Scans", "Leads Collected", "Lead Count"),
    "meetings": ("Meetings Scheduled", "Meetings", "Meetings Booked", "Meetings Set"),
    "pipeline": ("Pipeline Generated", "Pipeline", "Pipeline Value", "Pipeline Amount", "Pipeline ($)"),
    "assigned_at": (
        "Assigned Date", "Assignment Date", "Date Assigned", "Assigned At", "Owner Assigned Date",
        "Lead Assigned Date", "Assigned",
    ),
}


#: Budget line key (``event.budget_lines``) -> header spellings of that line.
BUDGET_LINE_ALIASES: dict[str, tuple[str, ...]] = {
    "booth_sponsorship": ("Booth/Sponsorship", "Booth Sponsorship", "Sponsorship", "Booth Space", "Booth Fee",
                          "Booth & Sponsorship"),
    "travel_hotel": ("Travel & Hotel", "Travel and Hotel", "Travel/Hotel", "Travel", "Travel & Lodging", "T&E"),
    "booth_design": ("Booth Design", "Booth Build", "Booth Design & Build", "Display"),
    "collateral": ("Collateral", "Print", "Printed Materials", "Swag", "Giveaways"),
    "staff_time": ("Staff Time", "Staff", "Staffing", "Labour", "Labor"),
    "shipping": ("Shipping", "Freight", "Drayage"),
    "entertainment": ("Entertainment", "Hospitality", "Dinner", "Happy Hour"),
    "lead_scanner": ("Lead Scanner", "Lead Retrieval", "Badge Scanner", "Scanner"),
    "promotion": ("Promotion", "Promotions", "Pre-Event Promotion", "Advertising", "Ads"),
}

"""Event sheets, event-lead (badge scan) exports and event budget lines."""

from __future__ import annotations

# Event sheets (one row per event) and the event-leads (badge scans) export.
EVENT_ALIASES: dict[str, tuple[str, ...]] = {
    "event_name": ("Event Name", "Event", "Event Title", "Trade Show", "Conference", "Name"),
    "start_date": ("Start Date", "Event Start", "Event Start Date", "Event Date", "Date", "Start"),
    "end_date": ("End Date", "Event End", "Event End Date", "End"),
    "leads_captured": ("Leads Captured", "Leads", "Badge Scans", "Scans", "Leads Collected", "Lead Count"),
    "meetings": ("Meetings Scheduled", "Meetings", "Meetings Booked", "Meetings Set"),
    "pipeline": ("Pipeline Generated", "Pipeline", "Pipeline Value", "Pipeline Amount", "Pipeline ($)",
                 "Pipeline Created", "Pipeline Sourced", "Sourced Pipeline", "Opportunity Value"),
    # One total cost per event (the Budget Template's "Total" row, actual): a sheet without budget lines.
    "total_cost": ("Total Cost", "Actual Cost", "Total Actual Cost", "Actual Total", "Total Actual", "Budget Actual",
                   "Actual Budget", "Actual Spend", "Total Spend", "Amount Spent", "Total Spent", "Spend", "Spent",
                   "Cost", "Costs", "Event Cost", "Total Event Cost", "Actual Costs", "Cost (USD)", "Total Cost (USD)"),
    # The Budget Template's "Total" row, estimated.
    "budget": ("Budget", "Total Budget", "Event Budget", "Estimated Cost", "Estimated Total", "Total Estimated",
               "Budgeted Cost", "Planned Budget", "Planned Cost", "Budget Estimate", "Estimated Budget",
               "Budget (USD)", "Total Estimated Cost"),
    # Revenue the event brought (closed won): the ROI's return when the sheet has no pipeline figure.
    "revenue": ("Revenue", "Revenue Generated", "Closed Won Revenue", "Won Revenue", "Closed Won", "Bookings",
                "Attributed Revenue", "Revenue ($)", "Revenue (USD)", "Sales Revenue", "Income"),
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

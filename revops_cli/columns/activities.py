"""Activity, task and engagement exports."""

from __future__ import annotations

from revops_cli.columns.languages import ACTIVITY_TRANSLATIONS, translated

# Activities / tasks / engagement exports: scoring (behaviour) and the SLA audit read them.
ACTIVITY_ALIASES: dict[str, tuple[str, ...]] = {
    "activity_id": (
        "Activity ID", "Task ID", "Event ID", "Engagement ID", "Record ID", "Id", "ID", "Call ID", "Meeting ID",
        "Activity Record ID", "hs_object_id",
    ),
    "lead_id": (
        "Lead ID", "Who ID", "WhoId", "Contact ID", "Person ID", "Lead/Contact ID", "Associated Contact ID",
        "Record ID - Contact", "Marketo ID", "Lead Id",
        "Prospect ID", "Lead/Contact",
    ),
    "email": ("Email", "Email Address", "Contact Email", "Lead Email", "Person - Email", "Recipient", "Recipient Email"),
    "type": (
        "Activity Type", "Type", "Task Type", "Task Subtype", "TaskSubtype", "Event Type", "Engagement Type",
        "Activity", "Interaction Type",
        "Call Type", "Type of Activity", "Activity Category", "Engagement Kind",
    ),
    "subject": (
        "Subject", "Activity Name", "Title", "Description", "Details", "Summary", "Activity Subject", "Topic",
        "Task Subject", "Call Title", "Meeting Title", "Meeting Name", "Email Subject",
    ),
    "timestamp": (
        "Activity Date", "Activity Date/Time", "Date/Time", "Timestamp", "Activity Timestamp", "Occurred At",
        "Completed Date", "Completed Date/Time", "Date", "ActivityDate", "Start Date", "Created Date", "CreatedDate",
        "Create Date",
        # when it was done, then when it started, then when it was due
        "Completion Date", "Completed At", "Date Completed", "Done Time", "Marked As Done Time", "Actual End",
        "Start Time", "Start Date/Time", "Call Start Time", "Meeting Start Time", "Call Date", "Meeting Date",
        "Sent At", "Sent Date", "Email Send Date", "Due Date", "Date Deadline", "Deadline",
    ),
    "rep": (
        "Assigned", "Assigned To", "Activity Owner", "Owner", "Rep", "User", "Created By", "Sales Rep", "Owner Name",
        "hubspot_owner_id", "HubSpot Owner", "Responsible", "Responsible Person", "Performed By", "Completed By",
        "Salesperson", "Assigned User", "Assigned User Name", "OwnerId",
        "Call Owner", "Task Owner", "Meeting Owner", "Assigned To User", "Activity Assigned To",
    ),
    "outcome": (
        "Call Result", "Call Outcome", "Outcome", "Result", "Disposition", "Status", "Call Disposition",
        "Activity Result",
        "Meeting Outcome", "Call Status", "Task Status",
    ),
    # The deal an activity belongs to (deals inspect: the demo and its recording email).
    "opportunity_id": ("Opportunity ID", "Deal ID", "What ID", "WhatId", "Related To ID", "Associated Deal ID",
                       "Associated Deal IDs"),
}

ACTIVITY_ALIASES = translated(ACTIVITY_ALIASES, ACTIVITY_TRANSLATIONS)  # + other languages

"""Activity, task and engagement exports."""

from __future__ import annotations

# Activities / tasks / engagement exports: scoring (behaviour) and the SLA audit read them.
ACTIVITY_ALIASES: dict[str, tuple[str, ...]] = {
    "activity_id": ("Activity ID", "Task ID", "Event ID", "Engagement ID", "Record ID", "Id", "ID"),
    "lead_id": (
        "Lead ID", "Who ID", "WhoId", "Contact ID", "Person ID", "Lead/Contact ID", "Associated Contact ID",
        "Record ID - Contact", "Marketo ID", "Lead Id",
    ),
    "email": ("Email", "Email Address", "Contact Email", "Lead Email", "Person - Email", "Recipient", "Recipient Email"),
    "type": (
        "Activity Type", "Type", "Task Type", "Task Subtype", "TaskSubtype", "Event Type", "Engagement Type",
        "Activity", "Interaction Type",
    ),
    "subject": ("Subject", "Activity Name", "Title", "Description", "Details"),
    "timestamp": (
        "Activity Date", "Activity Date/Time", "Date/Time", "Timestamp", "Activity Timestamp", "Occurred At",
        "Completed Date", "Completed Date/Time", "Date", "ActivityDate", "Start Date", "Created Date", "CreatedDate",
        "Create Date",
    ),
    "rep": ("Assigned", "Assigned To", "Activity Owner", "Owner", "Rep", "User", "Created By", "Sales Rep"),
    "outcome": ("Call Result", "Call Outcome", "Outcome", "Result", "Disposition", "Status"),
    # The deal an activity belongs to (deals inspect: the demo and its recording email).
    "opportunity_id": ("Opportunity ID", "Deal ID", "What ID", "WhatId", "Related To ID", "Associated Deal ID",
                       "Associated Deal IDs"),
}

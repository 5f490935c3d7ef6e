"""Customer handoff sheets (Customer Handoff SOP)."""

from __future__ import annotations

# Customer handoff sheets: one row per closed-won deal handed to a CSM.
HANDOFF_ALIASES: dict[str, tuple[str, ...]] = {
    "handoff_id": ("Handoff ID", "Record ID", "Id", "ID"),
    "account_id": ("Account ID", "Customer ID", "Company ID"),
    "account": ("Account Name", "Account", "Customer", "Customer Name", "Company", "Company Name"),
    "owner": ("CSM", "Customer Success Manager", "CSM Name", "Account Manager", "Owner", "Handoff Owner"),
    "close_date": ("Close Date", "Closed Date", "Closed Won Date", "Deal Close Date", "CloseDate"),
    "kickoff_date": ("Kickoff Date", "Kick-off Date", "Kickoff", "Kickoff Meeting Date", "Kickoff Held"),
    "csat": ("CSAT 30d", "30-Day CSAT", "30 Day CSAT", "CSAT", "Satisfaction 30d", "30-Day Satisfaction",
             "Satisfaction", "Satisfaction Score"),
    "first_value_date": ("First Value Date", "Time to First Value Date", "First Value", "Value Realized Date",
                         "Go Live Date", "Go-Live Date"),
    "nps": ("NPS Score", "Handoff NPS", "NPS", "Likelihood to Recommend", "Recommend Score"),
}

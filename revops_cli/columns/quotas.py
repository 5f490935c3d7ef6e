"""Quota files: one row per rep or team and period (Reporting SOP: the Sales Review's attainment, the forecast's
coverage)."""

from __future__ import annotations

QUOTA_ALIASES: dict[str, tuple[str, ...]] = {
    "rep": ("Rep", "Sales Rep", "Rep Name", "Owner", "Opportunity Owner", "User", "Name"),
    "team": ("Team", "Team Name", "Sales Team", "Manager", "Group"),
    "period": ("Period", "Quota Period", "Quarter", "Month", "Fiscal Period", "Time Period"),
    "amount": ("Quota", "Quota Amount", "Amount", "Target", "Bookings Target", "Quota (USD)"),
}

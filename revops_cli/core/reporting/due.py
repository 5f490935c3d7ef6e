"""Which of the Reporting SOP's reports are due at a moment (``revops report due``), so one cron line runs them all.

A report of ``reporting.inventory`` is due when ``now`` (in ``general.timezone``) is on its day and at or after its
time: a daily report on each business day (``business_hours.workdays`` less public holidays), a weekly one on its
``weekday``, a monthly one on its ``day_of_month``. Run the cron line at any time after the last report's hour (or
every hour): reports already written to the output folder are not built again, so nothing is sent twice.

Each due report covers the period its command covers by default (:func:`covers`): the daily reports the last
business day, the Pipeline Review and Campaign Performance the last complete ISO week, the Forecast Roll-up and the
Win/Loss Analysis the fiscal quarter to date, the monthly reviews the last complete month. Its files are named by
report and period (``sales-activity-2026-11-19.html``, ``pipeline-review-2026-W46.html``).

What each report needs to be built (:data:`NEEDS`) and what it reads if given (:data:`USES`) are input kinds; the
command names them by option.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from revops_cli.config import RevopsConfig, ScheduledReport
from revops_cli.core.reporting.periods import (Period, days_period, last_business_day, local_date, month_period,
                                               quarter_period)
from revops_cli.core.reporting.weekly import week_window
from revops_cli.core.sales.business_time import WorkCalendar, working_days

#: Inputs a report cannot be built without.
NEEDS: dict[str, tuple[str, ...]] = {
    "sales_activity": ("leads", "activities", "reps"),
    "lead_flow": ("leads",),
    "pipeline_changes": ("opportunities", "previous"),
    "pipeline_review": ("leads",),
    "campaign_performance": ("campaigns",),
    "forecast_rollup": ("opportunities",),
    "win_loss": ("opportunities",),
    "marketing_review": ("leads",),
    "sales_review": ("opportunities",),
    "business_review": ("leads", "opportunities"),
    "board_deck": ("leads", "opportunities"),
    "lead_management_review": ("leads",),
}
#: Inputs a report reads when given (without them some of its sections say "not measured").
USES: dict[str, tuple[str, ...]] = {
    "sales_activity": (),
    "lead_flow": ("activities", "reps"),
    "pipeline_changes": (),
    "pipeline_review": ("activities", "reps", "opportunities", "history", "campaigns", "events", "event_leads"),
    "campaign_performance": ("opportunities",),
    "forecast_rollup": ("quotas", "reps", "history", "previous"),
    "win_loss": ("history", "accounts"),
    "marketing_review": ("opportunities", "campaigns", "events", "event_leads"),
    "sales_review": ("quotas", "reps", "leads", "activities"),
    "business_review": ("activities", "reps", "quotas", "campaigns", "events", "event_leads", "history"),
    "board_deck": ("activities", "reps", "quotas", "campaigns"),
    "lead_management_review": ("activities", "reps", "opportunities"),
}


@dataclass(frozen=True)
class DueReport:
    """A report the inventory says is due now, and the period it covers."""

    id: str
    schedule: ScheduledReport
    due_at: pd.Timestamp  # local time
    period: Period
    stamp: str  # names its files: the period it covers, or the day it was run

    def file_names(self) -> list[str]:
        return [f"{self.id.replace('_', '-')}-{self.stamp}.{fmt}" for fmt in self.schedule.formats]

    def to_dict(self) -> dict:
        s = self.schedule
        return {"report": self.id, "title": s.title, "cadence": s.cadence, "audience": s.audience,
                "delivery": s.delivery, "due_at": self.due_at.isoformat(), "covers": self.period.to_dict(),
                "formats": list(s.formats), "files": self.file_names(), "needs": list(NEEDS[self.id]),
                "uses": list(USES[self.id])}


def scheduled_on(schedule: ScheduledReport, day: dt.date, calendar: WorkCalendar) -> bool:
    """Is ``day`` one of the report's days?"""
    if not schedule.enabled:
        return False
    if schedule.cadence == "daily":
        return len(working_days(calendar, day, day)) == 1
    if schedule.cadence == "weekly":
        return ("mon", "tue", "wed", "thu", "fri", "sat", "sun")[day.weekday()] == schedule.weekday
    return day.day == schedule.day_of_month


def covers(report_id: str, config: RevopsConfig, now: pd.Timestamp) -> tuple[Period, str]:
    """The period a report covers when it is built at ``now`` with its defaults, and its file stamp."""
    zone = config.general.timezone
    schedule = getattr(config.reporting.inventory, report_id)
    today = local_date(now, zone)
    if report_id in ("sales_activity", "lead_flow"):
        period = last_business_day(now, zone, WorkCalendar.from_config(config))
        return period, period.label
    if report_id == "pipeline_changes":
        return days_period(today, today, zone, now), today.isoformat()
    if report_id in ("pipeline_review", "campaign_performance"):
        week = week_window(None, now, zone)
        return days_period(week.first_day, week.last_day, zone, now, label=week.label), week.label
    if report_id in ("forecast_rollup", "win_loss"):
        quarter = quarter_period(None, now, zone, config.reporting.fiscal_year_start_month)
        return quarter, f"{quarter.label}-{today.isoformat()}"
    if schedule.cadence == "monthly":
        month = month_period(None, now, zone)
        return month, month.label
    raise ValueError(f"unknown report {report_id!r}")  # pragma: no cover - every inventory id is handled above


def due_reports(config: RevopsConfig, now: pd.Timestamp) -> list[DueReport]:
    """The inventory's reports due at ``now``: on their day, at or after their time (see the module doc)."""
    zone = config.general.timezone
    local = pd.Timestamp(now).tz_convert(zone)
    calendar = WorkCalendar.from_config(config)
    out = []
    for report_id, schedule in config.reporting.inventory.items():
        if not scheduled_on(schedule, local.date(), calendar):
            continue
        due_at = pd.Timestamp(dt.datetime.combine(local.date(), schedule.time)).tz_localize(
            zone, nonexistent="shift_forward", ambiguous=False)
        if local < due_at:
            continue
        period, stamp = covers(report_id, config, now)
        out.append(DueReport(id=report_id, schedule=schedule, due_at=due_at, period=period, stamp=stamp))
    return out


def next_due(config: RevopsConfig, now: pd.Timestamp, days: int = 31) -> list[dict]:
    """Each enabled report's next due time after ``now`` (within ``days``), soonest first: what ``report due``
    shows when nothing is due."""
    zone = config.general.timezone
    local = pd.Timestamp(now).tz_convert(zone)
    calendar = WorkCalendar.from_config(config)
    out = []
    for report_id, schedule in config.reporting.inventory.items():
        for offset in range(days + 1):
            day = local.date() + dt.timedelta(days=offset)
            if not scheduled_on(schedule, day, calendar):
                continue
            at = pd.Timestamp(dt.datetime.combine(day, schedule.time)).tz_localize(zone, nonexistent="shift_forward",
                                                                                  ambiguous=False)
            if at > local:
                out.append({"report": report_id, "title": schedule.title, "due_at": at.isoformat()})
                break
    return sorted(out, key=lambda r: (r["due_at"], r["report"]))

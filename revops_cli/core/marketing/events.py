"""Event ROI: the Event Management SOP's budget template, success metrics and follow-up.

"Event ROI = (Pipeline Generated - Total Cost) / Total Cost x 100" with the
target ``event.roi_target`` (300%); the "Budget Template" lines, estimated vs
actual (``event.budget_lines``); the success metrics (leads captured,
meetings scheduled, pipeline generated, cost per lead); and "Day 1-2: ...
Assign leads to reps" (``event.follow_up_days``).

Decisions, so they can be checked:

* **Budget columns** are found by header words: a header naming a budget line
  (:data:`BUDGET_LINE_ALIASES`, else the line key's words, e.g.
  ``staff_time`` -> "Staff Time") plus an estimate word
  (:data:`ESTIMATE_WORDS`) or an actual word (:data:`ACTUAL_WORDS`).
  "Booth/Sponsorship (Estimated)", "Travel & Hotel - Actual", "Est. Shipping".
* **Money** is read with :func:`normalize_revenue_column` (``$26,000``,
  ``USD 48,000.00``) and kept as :class:`decimal.Decimal`, rounded half-up
  to cents. A cell that is not a number (or is negative) is blank and listed
  in ``problems``.
* **Whole-event columns**: a sheet kept by hand often has one cost per event
  instead of budget lines. ``total_cost`` (Total Cost, Actual Cost, Spend,
  Budget Actual, Amount Spent, Cost...), ``budget`` (Budget, Estimated Cost,
  Planned Budget...) and ``revenue`` (Revenue, Closed Won, Bookings...) are
  found by header (:data:`~revops_cli.columns.EVENT_ALIASES`); a column mapped
  to one of them is never read as a budget line too.
* **Has it run?** An event whose start date (else end date) is at or before
  ``now`` has run; a later one has not ("not run yet"), whatever its sheet
  says. An event without a date (or a call without ``now``) has run when it
  has any actual cost, pipeline, revenue, leads or meetings. An event not run
  yet gets no ROI and stays out of the actual totals; its estimate is in
  ``estimated_total``.
* **Total actual cost** (``cost_source`` says which): the ``total_cost``
  column; else the actual budget lines (a blank line of an event whose other
  lines are filled counts as 0 and is named in ``blank_actual_lines``, status
  ``actual missing``, so the total is a lower bound); else the ``budget``
  column (an estimate: ``cost_source`` ``budget (no actual cost)``); else
  none, and the event's ROI is **not measured** ("no cost recorded"), never
  met or missed.
* **ROI** (``roi_percent``) = (return - total cost) / total cost x 100, rounded
  half-up to 0.01 as campaign ROI is (:func:`revops_cli.normalize.money.roi`).
  The return (``return_source``) is the SOP's pipeline generated; else the
  opportunities' pipeline for the event; else the ``revenue`` column. None with
  a reason (``roi_reason``) when the cost or the return is missing or the cost
  is 0. ``roi_met`` is ROI >= target (the SOP writes ">300%"; exactly on
  target counts as met, as elsewhere in revops), None when there is no ROI.
* **Not measured**: ``not_measured`` names each check the sheet cannot feed
  (``roi`` without any cost or return column, ``cost_per_lead``,
  ``cost_per_meeting``, ``budget_variance``, ``follow_up``) with the reason and
  the ``--map`` that fixes it.
* **Variance** = actual - estimated; variance % = variance / estimated x 100
  (None when either is blank or the estimate is 0).
* **Cost per lead / meeting** = total actual cost / leads captured (meetings),
  half-up to cents; None when the count is 0 or blank.
* **Follow-up** (with ``leads``): each scan is matched to an event by name
  (case, spacing and accents ignored). An event end given as a date (no time,
  or exactly midnight) ends at the end of that day; no end date: the start
  date; a lead is on time when it was assigned at most
  ``follow_up_days`` days after that (boundary included). Leads without an
  assignment time are ``not_assigned``; the check needs an assigned-at column
  (:data:`EVENT_ALIASES` ``assigned_at`` or the leads mapping's), else
  ``follow_up_reason`` says why there is none.
* Timestamps without an offset are ``general.timezone`` wall-clock times.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import numpy as np
import pandas as pd

from revops_cli.columns import BUDGET_LINE_ALIASES, ColumnMapping, detect_columns, header_key
from revops_cli.config import EventConfig, RevopsConfig
from revops_cli.core.metrics import NotMeasured, missing_column, not_measured_json
from revops_cli.normalize.money import parse_money, roi as money_roi
from revops_cli.normalize.distinct import is_blank
from revops_cli.normalize.timestamps import normalize_timestamp_column

__all__ = [
    "ACTUAL_WORDS",
    "ESTIMATE_WORDS",
    "NOT_RUN_YET",
    "EventRoiResult",
    "budget_columns",
    "event_roi",
]


ESTIMATE_WORDS: tuple[str, ...] = ("estimated", "estimate", "est", "budget", "budgeted", "planned", "plan", "forecast")
ACTUAL_WORDS: tuple[str, ...] = ("actual", "actuals", "spent", "spend", "final")
_NOISE = {"cost", "costs", "usd", "eur", "gbp", "amount", "and", "the", "total"}

NOT_RUN_YET = "not run yet"
_CENT = Decimal("0.01")
_TENTH = Decimal("0.1")
_DAY = pd.Timedelta(days=1)


@dataclass
class EventRoiResult:
    """What :func:`event_roi` returns: one row per event, one row per event and budget line, the totals."""

    events: pd.DataFrame
    lines: pd.DataFrame
    totals: dict[str, Any] = field(default_factory=dict)
    target: float = 300.0
    follow_up_days: int = 2
    follow_up_reason: str | None = None
    budget_columns: dict[str, dict[str, str]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    not_measured: dict[str, NotMeasured] = field(default_factory=dict)

    def summary(self) -> dict:
        """Plain dict for ``--json``: money as strings with two decimals, exact."""
        return {
            "events": [_plain(row) for row in self.events.to_dict("records")],
            "totals": _plain(self.totals),
            "roi_target": self.target,
            "follow_up_days": self.follow_up_days,
            "follow_up_reason": self.follow_up_reason,
            "budget_columns": self.budget_columns,
            "problems": self.problems,
            "not_measured": not_measured_json(self.not_measured),
        }


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating,)):
        return None if np.isnan(value) else float(value)
    if value is pd.NaT or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    return value


def _words(header: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", str(header)).encode("ascii", "ignore").decode().lower()
    return [w for w in re.split(r"[^a-z0-9]+", folded) if w]


def budget_columns(columns: list[str] | pd.Index, budget_lines: list[str]) -> tuple[dict[str, dict[str, str]], list[str]]:
    """``{line: {"estimated": column, "actual": column}}`` found by header words, and the columns left unread.

    A header is a budget column when, without its estimate/actual word and
    cost/currency words, it spells a line (:data:`BUDGET_LINE_ALIASES` or the
    line key's words). The first column found for a line and kind wins.
    """
    by_key: dict[str, str] = {}
    for line in budget_lines:
        for spelling in (line.replace("_", " "), *BUDGET_LINE_ALIASES.get(line, ())):
            key = "".join(w for w in _words(spelling) if w not in _NOISE)
            by_key.setdefault(key, line)
    found: dict[str, dict[str, str]] = {}
    unread: list[str] = []
    for column in columns:
        words = _words(column)
        kind = ("estimated" if any(w in ESTIMATE_WORDS for w in words)
                else "actual" if any(w in ACTUAL_WORDS for w in words) else None)
        if kind is None:
            continue
        rest = "".join(w for w in words if w not in ESTIMATE_WORDS and w not in ACTUAL_WORDS and w not in _NOISE)
        line = by_key.get(rest)
        if line is None:
            if rest:
                unread.append(str(column))
            continue
        if kind in found.setdefault(line, {}):
            unread.append(str(column))
            continue
        found[line][kind] = str(column)
    return {line: found[line] for line in budget_lines if line in found}, unread


def _money(values: pd.Series, label: str, problems: list[str], names: pd.Series) -> list[Decimal | None]:
    """Decimal per cell (half-up to cents), None where blank or not a money amount."""
    if pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype):
        text = values.astype(object).where(values.notna(), None).map(lambda v: None if v is None else repr(float(v)))
        values = text.astype("str")
    elif values.dtype != "str":
        values = values.astype(object).where(values.notna(), None).map(lambda v: None if v is None else str(v)).astype("str")
    amounts = parse_money(values).to_numpy(dtype=object)
    blank = is_blank(values).to_numpy(dtype=bool)
    out: list[Decimal | None] = []
    for i, amount in enumerate(amounts):
        if amount is None:
            if not blank[i]:
                problems.append(f"{names.iloc[i]}: {label} {values.iloc[i]!r} is not a money amount; read as blank")
            out.append(None)
        else:
            out.append(amount.quantize(_CENT, ROUND_HALF_UP))
    return out


def _count(values: pd.Series, label: str, problems: list[str], names: pd.Series) -> list[int | None]:
    amounts = _money(values, label, problems, names)
    return [None if a is None else int(a) for a in amounts]


def _pct(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    if part is None or whole is None or whole == 0:
        return None
    return (part * 100 / whole).quantize(_TENTH, ROUND_HALF_UP)


def _per(cost: Decimal | None, count: int | None) -> Decimal | None:
    if cost is None or not count:
        return None
    return (cost / count).quantize(_CENT, ROUND_HALF_UP)


def _name_key(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return None
    key = header_key(str(value))
    return key or None


def _instants(values: pd.Series, zone: str) -> tuple[pd.Series, np.ndarray]:
    """Parsed timestamps (tz-aware, NaT where blank) and a mask "had no time of day" (date-only cells)."""
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        parsed = values
    elif pd.api.types.is_datetime64_dtype(values.dtype):
        parsed = values.dt.tz_localize(zone, ambiguous=True, nonexistent="shift_forward")
    else:
        parsed = normalize_timestamp_column(values.astype(object), timezone=zone)["revops_parsed"]
    text = values.astype(object).map(lambda v: "" if v is None or v is pd.NaT or (isinstance(v, float) and v != v) else str(v))
    date_only = text.str.fullmatch(r"\s*[^:]*\s*").to_numpy(dtype=bool) | (
        (parsed.dt.tz_convert(zone).dt.hour == 0) & (parsed.dt.tz_convert(zone).dt.minute == 0)
        & (parsed.dt.tz_convert(zone).dt.second == 0)).fillna(False).to_numpy(dtype=bool)
    return parsed, date_only


@dataclass
class _EventSheet:
    """The event sheet read into per-event lists (money as Decimal, counts as int, None where blank)."""

    names: pd.Series
    lines: dict[str, dict[str, str]]  # budget line -> {"estimated": column, "actual": column}
    estimated: dict[str, list[Decimal | None]]
    actual: dict[str, list[Decimal | None]]
    leads_captured: list[int | None]
    meetings: list[int | None]
    pipeline: list[Decimal | None]
    total_cost: list[Decimal | None]
    budget: list[Decimal | None]
    revenue: list[Decimal | None]
    start: pd.Series | None
    end: pd.Series | None
    end_of_event: pd.Series | None  # the instant follow-up is counted from


def _read_events(events: pd.DataFrame, mapping: ColumnMapping, settings: EventConfig, zone: str,
                 problems: list[str]) -> _EventSheet:
    n = len(events)
    name_col = mapping.get("event_name")
    names = (events[name_col].astype(object).where(events[name_col].notna(), None) if name_col
             else pd.Series([f"row {i + 2}" for i in range(n)], index=events.index, dtype=object))
    names = names.reset_index(drop=True).map(lambda v: v if v is not None else "(no name)")
    frame = events.reset_index(drop=True)

    whole_event = {c for f, c in mapping.fields.items() if f in ("total_cost", "budget", "revenue", "pipeline")}
    lines_found, unread = budget_columns([c for c in frame.columns if c not in whole_event],
                                         list(settings.budget_lines))
    if unread:
        problems.append("columns that look like budget lines but match none: " + ", ".join(unread))
    missing_lines = [line for line in settings.budget_lines if line not in lines_found]
    if missing_lines and lines_found:
        problems.append("budget lines with no column: " + ", ".join(missing_lines))

    estimated = {line: _money(frame[c["estimated"]], f"{line} estimated", problems, names) if "estimated" in c
                 else [None] * n for line, c in lines_found.items()}
    actual = {line: _money(frame[c["actual"]], f"{line} actual", problems, names) if "actual" in c
              else [None] * n for line, c in lines_found.items()}

    def column_values(canonical: str, reader) -> list:
        column = mapping.get(canonical)
        return reader(frame[column], canonical, problems, names) if column else [None] * n

    leads_captured = column_values("leads_captured", _count)
    meetings = column_values("meetings", _count)
    pipeline = column_values("pipeline", _money)
    start, end, end_of_event = _event_window(frame, mapping, zone)
    return _EventSheet(names=names, lines=lines_found, estimated=estimated, actual=actual,
                       leads_captured=leads_captured, meetings=meetings, pipeline=pipeline,
                       total_cost=column_values("total_cost", _money), budget=column_values("budget", _money),
                       revenue=column_values("revenue", _money), start=start, end=end, end_of_event=end_of_event)


def _event_window(frame: pd.DataFrame, mapping: ColumnMapping,
                  zone: str) -> tuple[pd.Series | None, pd.Series | None, pd.Series | None]:
    """Start, end (the start where blank) and end of event (a date-only end: the end of that day)."""
    start = end = None
    if mapping.get("start_date"):
        start, _ = _instants(frame[mapping.get("start_date")], zone)
    if mapping.get("end_date"):
        end, end_date_only = _instants(frame[mapping.get("end_date")], zone)
        if start is not None:
            end = end.where(end.notna(), start)
    elif start is not None:
        end, end_date_only = start, np.ones(len(frame), dtype=bool)
    end_of_event = None
    if end is not None:
        end_of_event = end + pd.to_timedelta(np.where(end_date_only, 1, 0), unit="D")
    return start, end, end_of_event


def _ran(sheet: _EventSheet, i: int, now: pd.Timestamp | None) -> bool:
    """Whether event ``i`` has run: its start (else end) is at or before ``now``; without a date (or ``now``),
    any actual cost, pipeline, revenue, leads or meetings."""
    if now is not None:
        for dates in (sheet.start, sheet.end):
            if dates is not None and not pd.isna(dates.iloc[i]):
                return bool(dates.iloc[i] <= now)
    return (any(sheet.actual[line][i] is not None for line in sheet.lines) or sheet.pipeline[i] is not None
            or sheet.total_cost[i] is not None or sheet.revenue[i] is not None
            or sheet.leads_captured[i] is not None or sheet.meetings[i] is not None)


def _actual_cost(sheet: _EventSheet, i: int) -> tuple[Decimal | None, str | None, list[str]]:
    """Total cost of a run event, where it came from, and the budget lines left blank (counted as 0)."""
    if sheet.total_cost[i] is not None:
        return sheet.total_cost[i], "total cost column", []
    act_values = [sheet.actual[line][i] for line in sheet.lines]
    if any(v is not None for v in act_values):
        blank = [line for line in sheet.lines if sheet.actual[line][i] is None]
        return sum((v for v in act_values if v is not None), Decimal("0.00")), "budget lines (actual)", blank
    if sheet.budget[i] is not None:
        return sheet.budget[i], "budget (no actual cost)", []
    return None, None, []


def _event_row(sheet: _EventSheet, i: int, opp_pipeline: list[Decimal | None] | None,
               target: Decimal, now: pd.Timestamp | None) -> dict[str, Any]:
    ran = _ran(sheet, i, now)
    est_values = [sheet.estimated[line][i] for line in sheet.lines]
    if sheet.budget[i] is not None:
        est_total = sheet.budget[i]
    else:
        est_total = sum((v for v in est_values if v is not None), Decimal("0.00")) if any(
            v is not None for v in est_values) else None
    act_total, cost_source, blank_actual = _actual_cost(sheet, i) if ran else (None, None, [])
    returns = (("pipeline", sheet.pipeline[i]),
               ("opportunity pipeline", None if opp_pipeline is None else opp_pipeline[i]),
               ("revenue", sheet.revenue[i]))
    return_source, value = next(((name, v) for name, v in returns if v is not None), (None, None))
    roi = reason = None
    if not ran:
        reason = NOT_RUN_YET
    elif act_total is None:
        reason = "no cost recorded"
    elif value is None:
        reason = "no pipeline or revenue recorded"
    elif act_total == 0:
        reason = "total actual cost is 0"
    else:
        roi = money_roi(value, act_total)
    actual_for_variance = act_total if cost_source not in (None, "budget (no actual cost)") else None
    variance = None if actual_for_variance is None or est_total is None else actual_for_variance - est_total
    measured_cost = act_total if ran else None
    return {
        "event": sheet.names.iloc[i],
        "start": None if sheet.start is None else sheet.start.iloc[i],
        "end": None if sheet.end is None else sheet.end.iloc[i],
        "status": "run" if ran else NOT_RUN_YET,
        "estimated_total": est_total,
        "actual_total": act_total,
        "cost_source": cost_source,
        "variance": variance,
        "variance_pct": _pct(variance, est_total),
        "blank_actual_lines": blank_actual,
        "leads_captured": sheet.leads_captured[i],
        "meetings": sheet.meetings[i],
        "pipeline": sheet.pipeline[i] if sheet.pipeline[i] is not None or not ran or opp_pipeline is None
        else opp_pipeline[i],
        "opportunity_pipeline": None if opp_pipeline is None else opp_pipeline[i],
        "revenue": sheet.revenue[i],
        "return_source": return_source if ran else None,
        "roi_return": value if ran else None,
        "roi_percent": roi,
        "roi_reason": reason,
        "roi_met": None if roi is None else bool(roi >= target),
        "cost_per_lead": _per(measured_cost, sheet.leads_captured[i]),
        "cost_per_meeting": _per(measured_cost, sheet.meetings[i]),
    }


def _line_rows(sheet: _EventSheet, i: int, ran: bool) -> list[dict[str, Any]]:
    rows = []
    for line in sheet.lines:
        e, a = sheet.estimated[line][i], sheet.actual[line][i]
        variance = None if e is None or a is None else a - e
        rows.append({
            "event": sheet.names.iloc[i], "line": line, "estimated": e, "actual": a, "variance": variance,
            "variance_pct": _pct(variance, e),
            "status": NOT_RUN_YET if not ran else "actual missing" if a is None else "ok",
        })
    return rows


_NO_FOLLOW_UP = {"scans": None, "assigned_on_time": None, "assigned_late": None, "not_assigned": None}


def event_roi(
    events: pd.DataFrame,
    mapping: ColumnMapping | None,
    config: RevopsConfig,
    *,
    leads: pd.DataFrame | None = None,
    lead_mapping: ColumnMapping | None = None,
    opportunities: pd.DataFrame | None = None,
    opportunity_mapping: ColumnMapping | None = None,
    now: Any = None,
) -> EventRoiResult:
    """ROI, budget variance, success metrics and post-event follow-up per event (see the module docstring).

    ``events`` has one row per event (``sample_data/events.xlsx`` sheet
    ``Events``); ``mapping`` is its ``schema="events"`` mapping (None: detect).
    ``leads`` is an event-leads export (event name per scan, optionally an
    assigned-at time); ``scans`` counts its rows per event. ``opportunities``
    with a campaign column naming an event add ``opportunity_pipeline`` (sum
    of their amounts) per event, a cross-check; the ROI uses the sheet's
    pipeline, else that sum, else the sheet's revenue. ``now`` decides which
    dated events have run (without it, the evidence rule). Never reads the
    clock or files; the inputs are not changed.
    """
    settings = config.event
    zone = config.general.timezone
    if mapping is None:
        mapping = detect_columns(list(events.columns), schema="events")
    problems: list[str] = []
    sheet = _read_events(events, mapping, settings, zone, problems)
    opp_pipeline = _opportunity_pipeline(sheet.names, opportunities, opportunity_mapping, problems)
    follow, follow_reason = _follow_up(sheet.names, sheet.end_of_event, leads, lead_mapping,
                                       settings.follow_up_days, zone)
    if follow_reason:
        problems.append(f"follow-up not checked: {follow_reason}")

    target = Decimal(str(settings.roi_target))
    moment = None if now is None else _as_instant(now, zone)
    event_rows: list[dict[str, Any]] = []
    line_rows: list[dict[str, Any]] = []
    for i in range(len(sheet.names)):
        row = _event_row(sheet, i, opp_pipeline, target, moment)
        row.update(follow[i] if follow is not None else _NO_FOLLOW_UP)
        event_rows.append(row)
        line_rows += _line_rows(sheet, i, row["status"] == "run")

    event_frame = pd.DataFrame(event_rows, columns=_EVENT_COLUMNS, dtype=object)
    for column in ("leads_captured", "meetings", "scans", "assigned_on_time", "assigned_late", "not_assigned"):
        event_frame[column] = event_frame[column].astype("Int64")
    line_frame = pd.DataFrame(line_rows, columns=["event", "line", "estimated", "actual", "variance", "variance_pct",
                                                  "status"], dtype=object)
    not_measured = _not_measured(sheet, mapping, event_frame, opportunities is not None, follow_reason)
    budget_based = int((event_frame["cost_source"] == "budget (no actual cost)").sum()) if len(event_frame) else 0
    if budget_based:
        problems.append(f"{budget_based} event(s) have no actual cost: their ROI uses the budget (an estimate)")
    return EventRoiResult(
        events=event_frame, lines=line_frame, totals=_totals(event_frame, target), target=settings.roi_target,
        follow_up_days=settings.follow_up_days, follow_up_reason=follow_reason, budget_columns=sheet.lines,
        problems=problems, not_measured=not_measured,
    )


def _as_instant(value: Any, zone: str) -> pd.Timestamp:
    stamp = pd.Timestamp(value)
    return (stamp.tz_localize(zone) if stamp.tzinfo is None else stamp).tz_convert("UTC")


def _not_measured(sheet: _EventSheet, mapping: ColumnMapping, events: pd.DataFrame, has_opportunities: bool,
                  follow_reason: str | None) -> dict[str, NotMeasured]:
    """The checks this sheet cannot feed, and why (SPEC contract 9: never a 0, never met or missed on nothing)."""
    out: dict[str, NotMeasured] = {}
    has_actual = mapping.get("total_cost") is not None or any("actual" in c for c in sheet.lines.values())
    has_cost = has_actual or mapping.get("budget") is not None
    has_return = (mapping.get("pipeline") is not None or mapping.get("revenue") is not None
                  or has_opportunities)
    ran = events[events["status"] == "run"] if len(events) else events
    if not has_cost:
        out["roi"] = NotMeasured("no cost column (Total Cost, Actual Cost, Spend, Budget, or budget lines)",
                                 "--map total_cost=HEADER")
    elif not has_return:
        out["roi"] = NotMeasured("no pipeline or revenue column", "--map pipeline=HEADER")
    elif len(ran) and ran["roi_percent"].isna().all():
        reasons = sorted(set(ran["roi_reason"].dropna()))
        out["roi"] = NotMeasured("no event that ran has both a cost and a return: " + "; ".join(reasons))
    if not has_cost:
        pass
    elif mapping.get("leads_captured") is None:
        out["cost_per_lead"] = missing_column("leads_captured", "leads captured")
    if has_cost and mapping.get("meetings") is None:
        out["cost_per_meeting"] = missing_column("meetings", "meetings scheduled")
    has_estimate = mapping.get("budget") is not None or any("estimated" in c for c in sheet.lines.values())
    if not has_estimate:
        out["budget_variance"] = missing_column("budget", "budget or estimated cost")
    elif not has_actual:
        out["budget_variance"] = missing_column("total_cost", "actual cost")
    if follow_reason:
        fix = "--map assigned_at=HEADER" if "assigned-at" in follow_reason else None
        out["follow_up"] = NotMeasured(follow_reason, fix)
    return out


_EVENT_COLUMNS = [
    "event", "start", "end", "status", "estimated_total", "actual_total", "cost_source", "variance", "variance_pct",
    "blank_actual_lines", "leads_captured", "meetings", "pipeline", "opportunity_pipeline", "revenue",
    "return_source", "roi_return", "roi_percent", "roi_reason", "roi_met", "cost_per_lead", "cost_per_meeting", "scans", "assigned_on_time", "assigned_late",
    "not_assigned",
]


def _dsum(values) -> Decimal | None:
    values = [v for v in values if v is not None]
    return sum(values, Decimal("0.00")) if values else None


def _isum(values) -> int | None:
    values = [int(v) for v in values if v is not None and not pd.isna(v)]
    return sum(values) if values else None


def _totals(frame: pd.DataFrame, target: Decimal) -> dict[str, Any]:
    """Totals over all events; actual cost, pipeline, leads, meetings and ROI over the events that ran."""
    ran = frame[frame["status"] == "run"] if len(frame) else frame
    actual = _dsum(ran["actual_total"]) if len(ran) else None
    pipeline = _dsum(ran["pipeline"]) if len(ran) else None
    est_ran = _dsum(ran["estimated_total"]) if len(ran) else None
    leads = _isum(ran["leads_captured"]) if len(ran) else None
    meetings = _isum(ran["meetings"]) if len(ran) else None
    # ROI over the events with both a cost and a return: an event without a cost would inflate it
    both = ran[ran["actual_total"].notna() & ran["roi_return"].notna()] if len(ran) else ran
    roi_cost = _dsum(both["actual_total"]) if len(both) else None
    roi_return = _dsum(both["roi_return"]) if len(both) else None
    roi = reason = None
    if not len(ran):
        reason = "no event has run yet"
    elif ran["actual_total"].isna().all():
        reason = "no cost recorded"
    elif not len(both):
        reason = "no pipeline or revenue recorded"
    elif not roi_cost:
        reason = "total actual cost is 0"
    else:
        roi = money_roi(roi_return, roi_cost)
    return {
        "events": len(frame),
        "events_run": len(ran),
        "events_not_run_yet": len(frame) - len(ran),
        "estimated_total": _dsum(frame["estimated_total"]) if len(frame) else None,
        "estimated_total_run": est_ran,
        "actual_total": actual,
        "variance": None if actual is None or est_ran is None else actual - est_ran,
        "variance_pct": _pct(None if actual is None or est_ran is None else actual - est_ran, est_ran),
        "pipeline": pipeline,
        "leads_captured": leads,
        "meetings": meetings,
        "roi_percent": roi,
        "roi_reason": reason,
        "roi_met": None if roi is None else bool(roi >= target),
        "events_meeting_target": int((frame["roi_met"] == True).sum()) if len(frame) else 0,  # noqa: E712
        "events_below_target": int((frame["roi_met"] == False).sum()) if len(frame) else 0,  # noqa: E712
        "events_not_measured": int(ran["roi_percent"].isna().sum()) if len(ran) else 0,
        "roi_cost": roi_cost,
        "roi_return": roi_return,
        "cost_per_lead": _per(actual, leads),
        "cost_per_meeting": _per(actual, meetings),
        "blank_actual_lines": int(sum(len(v) for v in frame["blank_actual_lines"])) if len(frame) else 0,
        "scans": _isum(frame["scans"]) if len(frame) else None,
        "assigned_on_time": _isum(frame["assigned_on_time"]) if len(frame) else None,
        "assigned_late": _isum(frame["assigned_late"]) if len(frame) else None,
        "not_assigned": _isum(frame["not_assigned"]) if len(frame) else None,
    }


def _opportunity_pipeline(names: pd.Series, opportunities: pd.DataFrame | None,
                          mapping: ColumnMapping | None, problems: list[str]) -> list[Decimal | None] | None:
    """Sum of opportunity amounts whose campaign names the event (its name, years left out, inside the
    campaign name, case and punctuation ignored); None when no opportunity names it."""
    if opportunities is None:
        return None
    if mapping is None:
        mapping = detect_columns(list(opportunities.columns), schema="opportunities")
    campaign, amount = mapping.get("campaign"), mapping.get("amount")
    if campaign is None or amount is None:
        problems.append("opportunities: no campaign or amount column; opportunity pipeline not computed")
        return None
    opps = opportunities.reset_index(drop=True)
    amounts = _money(opps[amount], "amount", problems, opps[campaign].astype(object))
    keys = [_name_key(v) for v in opps[campaign].astype(object)]
    out: list[Decimal | None] = []
    for name in names:
        # "RevOps Live London 2026" is in "2026-10-Tradeshow-RevOps-Live-London": years are left out.
        key = _name_key(re.sub(r"\b(19|20)\d\d\b", " ", str(name)))
        if not key:
            out.append(None)
            continue
        hits = [a for k, a in zip(keys, amounts) if k and key in k and a is not None]
        out.append(_dsum(hits))
    return out


def _follow_up(names: pd.Series, end_of_event: pd.Series | None, leads: pd.DataFrame | None,
               lead_mapping: ColumnMapping | None, days: int, zone: str) -> tuple[list[dict] | None, str | None]:
    """Per event: scans, assigned on time, late, not assigned; or None and why not."""
    if leads is None:
        return None, None
    own = detect_columns(list(leads.columns), schema="events")
    if lead_mapping is None:
        lead_mapping = detect_columns(list(leads.columns), schema="leads")
    event_col = own.get("event_name")
    if event_col is None:
        return None, "the event leads have no event name column"
    assigned_col = lead_mapping.get("assigned_at") or own.get("assigned_at")
    keys = pd.Series([_name_key(v) for v in leads[event_col].astype(object)], dtype=object)
    scans = keys.value_counts()
    rows: list[dict] = []
    if assigned_col is None or end_of_event is None:
        for name in names:
            rows.append({"scans": int(scans.get(_name_key(name), 0)), "assigned_on_time": None,
                         "assigned_late": None, "not_assigned": None})
        why = ("the event leads have no assigned-at column" if assigned_col is None
               else "the events have no start or end date")
        return rows, why
    assigned, _ = _instants(leads[assigned_col].reset_index(drop=True), zone)
    deadline_by_key = {}
    for name, end in zip(names, end_of_event):
        deadline_by_key.setdefault(_name_key(name), None if end is pd.NaT or pd.isna(end) else end + days * _DAY)
    for name in names:
        mine = (keys == _name_key(name)).to_numpy(dtype=bool)
        got = assigned[mine]
        deadline = deadline_by_key.get(_name_key(name))
        done = got.notna()
        if deadline is None:
            on_time = late = None
        else:
            on_time = int((done & (got <= deadline)).sum())
            late = int((done & (got > deadline)).sum())
        rows.append({"scans": int(mine.sum()), "assigned_on_time": on_time, "assigned_late": late,
                     "not_assigned": int((~done).sum())})
    return rows, None

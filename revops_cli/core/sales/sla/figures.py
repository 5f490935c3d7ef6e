"""What the audit reports: the breaches frame and the summary figures.

The breaches frame has one row per breach of a per-lead check, the checks in
:data:`BREACH_CHECKS` order; the figures count the checks' statuses by band,
by rep and by week (response compliance = met / (met + breached + open
overdue), the Lead Management SOP's weekly QA "SLA compliance >95%"), and for
the agreement, the cadence, disposition and assignment ("All new leads
assigned").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from revops_cli.columns import ColumnMapping
from revops_cli.config import WEEKDAYS, RevopsConfig
from revops_cli.core.leads.routing import Roster
from revops_cli.core.metrics import percent
from revops_cli.core.sales.sla.arrays import (
    _NAT,
    _NS_PER_DAY,
    _NS_PER_HOUR,
    _STR,
    _join,
    _labels,
    _number_text,
    _pick,
    _round,
    _stamps,
    _text_series,
)
from revops_cli.core.sales.sla.checks import (
    AGREEMENT_STATUSES,
    CADENCE_STATUSES,
    DISPOSITION_STATUSES,
    RESPONSE_KINDS,
    RESPONSE_STATUSES,
    UNASSIGNED_REASONS,
    UNBANDED,
    _Owners,
    _Touches,
)

#: The ``check`` values of :attr:`SlaAudit.breaches`, in the order its rows come.
BREACH_CHECKS: tuple[str, ...] = ("response", "agreement", "cadence", "disposition")
NO_OWNER = "(no owner)"


# --------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------


@dataclass
class _Context:
    """What every table row says about its lead: id, name, band, rep, clock start (over the audited rows)."""

    leads: pd.DataFrame
    mapping: ColumnMapping
    zone: str
    p: np.ndarray  # lead positions of the audited rows
    clock: np.ndarray
    band: np.ndarray  # code into band_names
    band_names: list[str]
    owners: _Owners
    _cache: dict = field(default_factory=dict)

    def _column(self, canonical: str) -> pd.Series | None:
        name = self.mapping.get(canonical)
        return None if name is None or name not in self.leads.columns else self.leads[name]

    def text(self, canonical: str) -> pa.Array:
        """A lead column over the audited rows as Arrow text (nulls where blank or unmapped)."""
        if canonical not in self._cache:
            column = self._column(canonical)
            if column is None:
                self._cache[canonical] = pa.nulls(len(self.p), type=pa.large_string())
            else:
                values = column.iloc[self.p] if len(self.p) != len(column) else column
                self._cache[canonical] = pa.array(values.astype(_STR).array, type=pa.large_string())
        return self._cache[canonical]

    def names(self) -> pa.Array:
        """Full name, else first and last name joined."""
        if "name" not in self._cache:
            if self._column("full_name") is not None:
                joined = pc.fill_null(self.text("full_name"), "")
            else:
                # (pyarrow 26's null_handling="skip" drops rows, so blanks are filled first)
                joined = pc.binary_join_element_wise(pc.fill_null(self.text("first_name"), ""),
                                                     pc.fill_null(self.text("last_name"), ""),
                                                     pa.scalar(" ", pa.large_string()))
            joined = pc.utf8_trim_whitespace(joined)
            self._cache["name"] = pc.if_else(pc.equal(joined, ""), pa.scalar(None, pa.large_string()), joined)
        return self._cache["name"]

    def frame(self, rows: np.ndarray, **extra: Any) -> pd.DataFrame:
        """Lead id, name, band, rep and started_at of ``rows`` (positions among the audited rows), then
        ``extra`` columns (arrays or Arrow arrays over the selected rows); indexed by the leads' original index."""
        take = pa.array(rows, type=pa.int64())
        data: dict[str, Any] = {
            "lead_id": _text_series(self.text("lead_id").take(take)),
            "lead_name": _text_series(self.names().take(take)),
            "band": _labels(self.band[rows], self.band_names),
            "rep": _labels(self.owners.label[self.p[rows]], self.owners.labels),
            "started_at": _stamps(self.clock[rows], self.zone),
        }
        for name, values in extra.items():
            data[name] = _text_series(values) if isinstance(values, (pa.Array, pa.ChunkedArray)) else values
        out = pd.DataFrame(data)
        out.index = self.leads.index[self.p[rows]]
        return out


_BREACH_COLUMNS = ("check", "lead_id", "lead_name", "band", "rep", "started_at", "due_at", "done_at",
                   "minutes_late", "detail")


def _plural(count: np.ndarray, word: str) -> pa.Array:
    return _join(pc.cast(pa.array(count), pa.string()), " ", _pick([word + "s", word], (count == 1).astype(np.int64)))


def _breaches(context: _Context, config: RevopsConfig, response: dict, agreement: dict, cadence: dict,
              disposition: dict, touches: _Touches) -> pd.DataFrame:
    """One row per breach: every check's rows in file order, the checks in BREACH_CHECKS order."""
    sla = config.sla
    m = len(context.p)
    pieces: list[tuple[int, np.ndarray, np.ndarray, np.ndarray, np.ndarray, pa.Array]] = []

    def add(check: str, rows: np.ndarray, due: np.ndarray, done: np.ndarray, late: np.ndarray,
            detail: pa.Array) -> None:
        pieces.append((BREACH_CHECKS.index(check), rows, due[rows], done[rows], late[rows],
                       pc.cast(detail, pa.large_string())))

    # Response SLA by band.
    rows = np.flatnonzero(np.isin(response["status"], [1, 2]))
    first = touches.first[context.p]
    unit = _pick([" business minutes", " minutes"], response["wall_band"][rows].astype(np.int64))
    band = _pick(context.band_names, context.band[rows])
    kinds = [f"first touch ({k}) after " for k in RESPONSE_KINDS] + ["no touch yet, "]
    first_kind = touches.first_kind[context.p][rows]
    what = _pick(kinds, np.where(first_kind >= 0, first_kind, len(kinds) - 1))
    detail = _join(band, ": ", what, _number_text(response["elapsed"][rows]), unit,
                   "; SLA ", _number_text(response["minutes"][rows]), unit)
    add("response", rows, response["due"], first, response["late"], detail)

    # Sales SLA: first response by phone and email within the business hours.
    rows = np.flatnonzero(np.isin(agreement["status"], [1, 2]))
    hours = f"{sla.first_response_business_hours:g}"
    texts = [f"no {name.replace(', ', ' and no ')} within {hours} business hours of the clock start"
             for name in agreement["missing_names"]]
    add("agreement", rows, agreement["due"], agreement["done"], agreement["late"],
        _pick(texts, agreement["missing"][rows]))

    # Cadence: no contact, window over, too few attempts.
    rows = np.flatnonzero(cadence["status"] == CADENCE_STATUSES.index("short"))
    calls, emails = touches.calls[context.p][rows], touches.emails[context.p][rows]
    detail = _join("cadence short: ", _plural(calls, "call"), ", ", _plural(emails, "email"),
                   f" of {sla.cadence_calls} and {sla.cadence_emails} in {sla.cadence_days} days, no contact")
    add("cadence", rows, cadence["window_end"], np.full(m, _NAT, dtype=np.int64), np.full(m, np.nan), detail)

    # Disposition: status not updated within the hours of the first touch.
    codes = disposition["status"]
    rows = np.flatnonzero(np.isin(codes, [1, 2]))
    hours_text = f"{sla.disposition_hours}"
    stuck = codes[rows] == DISPOSITION_STATUSES.index("stuck_open")
    after = (disposition["changed"][rows] - disposition["first"][rows]) / _NS_PER_HOUR
    status = pc.fill_null(disposition["status_text"].take(pa.array(rows, type=pa.int64())), "")
    if disposition["source"] == "status_changed_at":
        stuck_text = _join(f"status not changed since the first touch, more than {hours_text} hours ago (now '",
                           status, "')")
    else:
        stuck_text = _join("status still '", status, f"' more than {hours_text} hours after the first touch")
    late_text = _join("status changed ", _number_text(np.where(stuck, 0, after)),
                      f" hours after the first touch (due within {hours_text})")
    add("disposition", rows, disposition["due"], disposition["changed"], disposition["late"],
        pc.if_else(pa.array(stuck, type=pa.bool_()), stuck_text, late_text))

    rows = np.concatenate([piece[1] for piece in pieces])
    table = context.frame(
        rows,
        due_at=_stamps(np.concatenate([piece[2] for piece in pieces]), context.zone),
        done_at=_stamps(np.concatenate([piece[3] for piece in pieces]), context.zone),
        minutes_late=np.concatenate([piece[4] for piece in pieces]),
        detail=pa.chunked_array([piece[5] for piece in pieces], type=pa.large_string()),
    )
    check = np.concatenate([np.full(len(piece[1]), piece[0], dtype=np.int64) for piece in pieces])
    table.insert(0, "check", _labels(check, BREACH_CHECKS, table.index))
    return table[list(_BREACH_COLUMNS)]


# --------------------------------------------------------------------------
# Figures
# --------------------------------------------------------------------------


def _status_counts(status: np.ndarray) -> dict[str, Any]:
    counts = np.bincount(status, minlength=len(RESPONSE_STATUSES))
    met, breached, overdue, not_due = (int(c) for c in counts[:4])
    return {"leads": int(counts.sum()), "met": met, "breached": breached, "open_overdue": overdue,
            "open_not_due": not_due, "compliance": percent(met, met + breached + overdue)}


def _by_band(config: RevopsConfig, band: np.ndarray, status: np.ndarray) -> list[dict]:
    sla = config.sla
    out = []
    for i, b in enumerate(config.scoring.bands):
        row = {"band": b.name, "sla_minutes": sla.response_minutes[b.name],
               "clock": "wall" if b.name in sla.wall_clock_bands else "business",
               **_status_counts(status[band == i])}
        out.append(row)
    unbanded = int((band == len(config.scoring.bands)).sum())
    if unbanded:
        out.append({"band": UNBANDED, "sla_minutes": None, "clock": None, **_status_counts(np.zeros(0, np.int64)),
                    "leads": unbanded})
    return out


def _by_rep(context: _Context, status: np.ndarray, response: dict, breaches: pd.DataFrame) -> list[dict]:
    label = context.owners.label[context.p]
    names = [*context.owners.labels, NO_OWNER]
    code = np.where(label >= 0, label, len(names) - 1)
    frame = pd.DataFrame({"rep": code, "status": status, "business": response["business"], "wall": response["wall"]})
    quantiles = frame.groupby("rep")[["business", "wall"]].quantile([0.5, 0.9]).unstack()
    breach_counts = breaches["rep"].fillna(NO_OWNER).value_counts() if len(breaches) else pd.Series(dtype=int)
    out = []
    for rep in sorted(np.unique(code), key=lambda c: names[c].casefold()):
        counts = _status_counts(status[code == rep])
        q = quantiles.loc[rep]
        out.append({
            "rep": names[rep], **counts,
            "median_business_minutes": _round(q[("business", 0.5)]),
            "p90_business_minutes": _round(q[("business", 0.9)]),
            "median_minutes": _round(q[("wall", 0.5)]),
            "p90_minutes": _round(q[("wall", 0.9)]),
            "breaches": int(breach_counts.get(names[rep], 0)),
        })
    return out


def _by_week(config: RevopsConfig, clock: np.ndarray, status: np.ndarray) -> list[dict]:
    if not len(clock):
        return []
    local = pd.DatetimeIndex(clock.view("datetime64[ns]")).tz_localize("UTC").tz_convert(config.general.timezone)
    days = local.tz_localize(None).asi8 // _NS_PER_DAY
    week_start = WEEKDAYS.index(config.general.week_start[:3])
    weekday = (days + 3) % 7  # 1970-01-01 was a Thursday
    weeks = days - (weekday - week_start) % 7
    out = []
    for week in np.unique(weeks):
        out.append({"week": str(np.datetime64(int(week), "D")), **_status_counts(status[weeks == week])})
    return out


def _agreement_figures(config: RevopsConfig, agreement: dict) -> dict:
    status = agreement["status"]
    counts = np.bincount(status, minlength=len(AGREEMENT_STATUSES))
    met, breached, overdue, not_due = (int(c) for c in counts)
    missing = np.bincount(agreement["missing"][np.isin(status, [1, 2])], minlength=len(agreement["missing_names"]))
    return {
        "business_hours": config.sla.first_response_business_hours,
        "require_phone_and_email": config.sla.require_phone_and_email,
        "leads": int(len(status)), "met": met, "breached": breached, "open_overdue": overdue, "open_not_due": not_due,
        "percent": percent(met, met + breached + overdue),
        "missing": {name: int(c) for name, c in zip(agreement["missing_names"], missing) if name},
    }


def _cadence_figures(config: RevopsConfig, status: np.ndarray, dispositioned: np.ndarray) -> dict:
    sla = config.sla
    counts = np.bincount(status, minlength=len(CADENCE_STATUSES))
    complete = status == CADENCE_STATUSES.index("complete")
    return {"days": sla.cadence_days, "calls": sla.cadence_calls, "emails": sla.cadence_emails,
            **{name: int(c) for name, c in zip(CADENCE_STATUSES, counts)},
            "complete_already_dispositioned": int((complete & dispositioned).sum())}


def _disposition_figures(config: RevopsConfig, disposition: dict) -> dict:
    codes = disposition["status"]
    counts = np.bincount(codes, minlength=len(DISPOSITION_STATUSES))
    figures = {name: int(c) for name, c in zip(DISPOSITION_STATUSES, counts)}
    on_time, late, stuck = figures["on_time"], figures["late"], figures["stuck_open"]
    return {"hours": config.sla.disposition_hours, "source": disposition["source"], **figures,
            "percent": percent(on_time, on_time + late + stuck)}


def _assignment_figures(owners: _Owners, unassigned: np.ndarray, roster: Roster | None) -> dict:
    counts = np.bincount(unassigned[unassigned >= 0], minlength=len(UNASSIGNED_REASONS))
    total = int(len(unassigned))
    missing = int((unassigned >= 0).sum())
    return {"checked": owners.checked, "roster": roster is not None, "leads": total, "assigned": total - missing,
            "unassigned": missing, **{name: int(c) for name, c in zip(UNASSIGNED_REASONS, counts)},
            "percent": percent(total - missing, total)}

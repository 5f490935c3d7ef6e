"""The per-lead SLA checks and the arrays they read: who owns the lead, its band, its clock start, its touches.

* Response by band (Sales Process SOP, "Response Time SLAs"): :func:`_response`.
* The sales-marketing agreement's first response, "within two business hours
  both by phone and email" (Sales Funnel 101): :func:`_agreement`.
* Its cadence, three calls and four emails over two weeks without contact,
  then unresponsive (Sales Funnel 101): :func:`_cadence`.
* Disposition within 24 hours (Lead Management SOP, 6. Lead Disposition):
  :func:`_disposition`.
* Assignment (Lead Management SOP, Quality Assurance, "All new leads
  assigned"): the reasons :func:`_owners` gives.

Each check returns arrays over the audited leads (in file order): a status
code into its ``*_STATUSES`` and the instants and minutes its breach rows show.
Business minutes run through :class:`_BusinessClock` on each owner's calendar.
How each is judged, edge cases included: docs/sla.md, "How each check is judged".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from revops_cli.columns import ColumnMapping
from revops_cli.config import RevopsConfig, substatus_key
from revops_cli.core.leads.routing import Roster
from revops_cli.core.sales.activities import ActivityLink
from revops_cli.core.sales.business_time import (
    WorkCalendar,
    add_business_minutes,
    business_minutes_between,
    sla_business_minutes,
)
from revops_cli.core.sales.sla.arrays import _NAT, _NS_PER_DAY, _NS_PER_HOUR, _NS_PER_MINUTE, _ns, _utc
from revops_cli.normalize.timestamps import normalize_timestamp_column

#: Activity kinds that count as a touch (first response, cadence, last touch).
RESPONSE_KINDS: tuple[str, ...] = ("call", "email", "meeting", "demo", "social")

#: Outcome words meaning a conversation took place (whole words or phrases, any case).
CONTACT_OUTCOMES: tuple[str, ...] = (
    "connected", "spoke", "spoken", "conversation", "meeting booked", "meeting set", "interested",
    "qualified", "answered", "replied", "reply",
)
#: Outcome words meaning no conversation; checked first ("Not connected", "No Show").
NO_CONTACT_OUTCOMES: tuple[str, ...] = (
    "no answer", "not answered", "unanswered", "not connected", "not reached", "voicemail", "voice mail",
    "left vm", "busy", "wrong number", "bad number", "no show", "noshow", "cancelled", "canceled",
    "rescheduled", "bounced", "failed",
)
#: Status words that mean nobody has dispositioned the lead yet.
OPEN_STATUS_WORDS: tuple[str, ...] = ("open", "new", "not contacted", "untouched")

RESPONSE_STATUSES: tuple[str, ...] = ("met", "breached", "open_overdue", "open_not_due", "unbanded")
AGREEMENT_STATUSES: tuple[str, ...] = ("met", "breached", "open_overdue", "open_not_due")
CADENCE_STATUSES: tuple[str, ...] = ("contacted", "in_progress", "complete", "short")
DISPOSITION_STATUSES: tuple[str, ...] = ("on_time", "late", "stuck_open", "not_due", "no_touch", "unchecked")
UNASSIGNED_REASONS: tuple[str, ...] = ("blank", "queue", "not_on_roster", "inactive")

UNBANDED = "unbanded"
_NEVER = np.iinfo(np.int64).max
_CALL, _EMAIL, _MEETING, _DEMO, _SOCIAL = range(5)
_QUEUE = re.compile(r"\bqueue\b", re.IGNORECASE)
_SEPARATORS = re.compile(r"[\s_\-\u2013\u2014/:;,.]+")


def _phrase_pattern(phrases: Sequence[str]) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(re.escape(p) for p in phrases) + r")\b")


_CONTACT_RE = _phrase_pattern(CONTACT_OUTCOMES)
_NO_CONTACT_RE = _phrase_pattern(NO_CONTACT_OUTCOMES)
_OPEN_STATUS_RE = _phrase_pattern(OPEN_STATUS_WORDS)


def _words(text: Any) -> str:
    """Lower case, punctuation and underscores read as spaces: ``"Call_Connected"`` -> ``"call connected"``."""
    if text is None or text is pd.NA or (isinstance(text, float) and np.isnan(text)):
        return ""
    return _SEPARATORS.sub(" ", str(text).casefold()).strip()


def is_contact_outcome(outcome: Any, kind: str) -> bool:
    """Whether an activity of ``kind`` with this outcome made contact with the lead.

    A meeting or demo is contact unless its outcome says it did not happen; a
    call, email or social touch is contact when its outcome means a
    conversation. :data:`NO_CONTACT_OUTCOMES` wins over :data:`CONTACT_OUTCOMES`.
    """
    words = _words(outcome)
    if _NO_CONTACT_RE.search(words):
        return False
    if kind in ("meeting", "demo"):
        return True
    return kind in ("call", "email", "social") and bool(_CONTACT_RE.search(words))


# --------------------------------------------------------------------------
# Leads: band, clock start, rep
# --------------------------------------------------------------------------


def lead_timestamps(frame: pd.DataFrame, mapping: ColumnMapping, canonical: str, zone: str) -> np.ndarray | None:
    """UTC ns of a mapped timestamp column (NaT where blank or unparsable); None when it is not mapped."""
    column = mapping.get(canonical)
    if column is None or column not in frame.columns:
        return None
    values = frame[column]
    zone = mapping.naive_timezone(canonical, zone)
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        return _ns(values)
    if pd.api.types.is_datetime64_dtype(values.dtype):
        local = pd.DatetimeIndex(values).tz_localize(zone, ambiguous=True, nonexistent="shift_forward")
        return local.tz_convert("UTC").as_unit("ns").asi8
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    if not len(uniques):
        return np.full(len(values), _NAT, dtype=np.int64)
    parsed = normalize_timestamp_column(pd.Series(np.asarray(uniques, dtype=object), dtype=object),
                                        timezone=zone)["revops_parsed"]
    return np.append(_ns(parsed), _NAT)[codes]


def _numbers(values: pd.Series) -> np.ndarray:
    """Numbers of a score column as float, NaN where blank or not a number (an audit reads what it can)."""
    if pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype):
        return values.to_numpy(dtype=float, na_value=np.nan)
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    text = pd.Series(np.asarray(uniques, dtype=object), dtype=object).astype("str").str.strip()
    parsed = pd.to_numeric(text.str.replace(",", "", regex=False), errors="coerce")
    return np.append(parsed.to_numpy(dtype=float, na_value=np.nan), np.nan)[codes]


def _lookup_codes(values: pd.Series, table: dict[str, int]) -> np.ndarray:
    """``table[folded text]`` per row (-1 when absent), looked up once per distinct value."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    lut = np.array([table.get(" ".join(str(u).split()).casefold(), -1) for u in uniques] + [-1], dtype=np.int64)
    return lut[codes]


def recorded_bands(frame: pd.DataFrame, mapping: ColumnMapping, config: RevopsConfig) -> tuple[np.ndarray, dict]:
    """(band position in ``scoring.bands`` per lead, -1 = unbanded; how many bands came from where)."""
    bands = config.scoring.bands  # highest first, the last starts at 0
    by_name = {band.name.casefold(): i for i, band in enumerate(bands)}
    code = np.full(len(frame), -1, dtype=np.int64)
    sources: dict[str, int] = {}
    if "revops_band" in frame.columns:
        given = _lookup_codes(frame["revops_band"], by_name)
        sources["revops_band"] = int((given >= 0).sum())
        code = given
    score_column = "revops_score" if "revops_score" in frame.columns else mapping.get("score")
    if score_column is not None and score_column in frame.columns and (code < 0).any():
        score = _numbers(frame[score_column])
        ascending = np.array([band.min for band in bands][::-1], dtype=float)
        position = np.clip(np.searchsorted(ascending, np.nan_to_num(score), side="right") - 1, 0, len(bands) - 1)
        fill = (code < 0) & ~np.isnan(score)
        code = np.where(fill, len(bands) - 1 - position, code)
        sources["score"] = int(fill.sum())
    rating_column = mapping.get("rating")
    if rating_column is not None and rating_column in frame.columns and (code < 0).any():
        rated = _lookup_codes(frame[rating_column], by_name)
        fill = (code < 0) & (rated >= 0)
        code = np.where(fill, rated, code)
        sources["rating"] = int(fill.sum())
    sources[UNBANDED] = int((code < 0).sum())
    return code, sources


@dataclass
class _Owners:
    """Who owns each lead: roster position (-1 none), a display label code, and the reason it is unassigned."""

    rep_pos: np.ndarray
    label: np.ndarray  # code into labels, -1 = no owner
    labels: list[str]
    unassigned: np.ndarray  # code into UNASSIGNED_REASONS, -1 = assigned
    checked: bool


def _owners(frame: pd.DataFrame, mapping: ColumnMapping, roster: Roster | None) -> _Owners:
    n = len(frame)
    column = mapping.get("owner")
    if column is None or column not in frame.columns:
        return _Owners(np.full(n, -1, np.int64), np.full(n, -1, np.int64), [], np.full(n, -1, np.int64), False)
    codes, uniques = pd.factorize(frame[column], use_na_sentinel=True)
    distinct = pd.Series(np.asarray(uniques, dtype=object), dtype=object)
    if roster is not None and len(distinct):
        positions = roster.owner_positions(distinct)
        names = list(roster.reps["name"])
        active = roster.reps["active"].to_numpy(dtype=bool)
    else:
        positions = np.full(len(distinct), -1, dtype=np.int64)
        names, active = [], np.zeros(0, dtype=bool)
    texts = [" ".join(str(u).split()) for u in distinct]
    shown = [names[p] if p >= 0 else t for p, t in zip(positions, texts)]
    reason = []
    for p, t in zip(positions, texts):
        if not t:
            reason.append(UNASSIGNED_REASONS.index("blank"))
        elif p >= 0:
            reason.append(-1 if active[p] else UNASSIGNED_REASONS.index("inactive"))
        elif _QUEUE.search(t):
            reason.append(UNASSIGNED_REASONS.index("queue"))
        else:
            reason.append(UNASSIGNED_REASONS.index("not_on_roster") if roster is not None else -1)
    label_codes, labels = pd.factorize(pd.Series([s or None for s in shown] + [None], dtype=object),
                                       use_na_sentinel=True)
    rep_pos = np.append(positions, -1).astype(np.int64)[codes]
    label = np.asarray(label_codes, dtype=np.int64)[codes]
    blank = UNASSIGNED_REASONS.index("blank")
    unassigned = np.array(reason + [blank], dtype=np.int64)[codes]
    return _Owners(rep_pos, label, [str(x) for x in labels], unassigned, True)


# --------------------------------------------------------------------------
# Activities: per-lead touches
# --------------------------------------------------------------------------


@dataclass
class _Touches:
    """Per lead position: the touches that count (at or after the clock start, not after now)."""

    first: np.ndarray  # UTC ns, NaT none
    first_kind: np.ndarray  # code into RESPONSE_KINDS, -1 none
    first_call: np.ndarray
    first_email: np.ndarray
    first_contact: np.ndarray
    last: np.ndarray
    calls: np.ndarray  # in the cadence window
    emails: np.ndarray


def _first_at(n: int, pos: np.ndarray, at: np.ndarray) -> np.ndarray:
    """Earliest ``at`` per lead position (NaT where none)."""
    out = np.full(n, _NEVER, dtype=np.int64)
    np.minimum.at(out, pos, at)
    out[out == _NEVER] = _NAT
    return out


def _activity_arrays(activities: ActivityLink | None) -> dict[str, np.ndarray] | None:
    """lead_pos, at (UTC ns), kind code (RESPONSE_KINDS, -1 other) and contact flag of every activity."""
    if activities is None or not len(activities.frame):
        return None
    frame = activities.frame
    kind_codes, kinds = pd.factorize(frame["kind"], use_na_sentinel=True)
    kind_lut = np.array([RESPONSE_KINDS.index(k) if k in RESPONSE_KINDS else -1 for k in kinds] + [-1],
                        dtype=np.int64)
    kind = kind_lut[kind_codes]
    # Contact: once per distinct (kind, outcome) pair.
    outcome_codes, outcomes = pd.factorize(frame["outcome"], use_na_sentinel=True)
    outcome_codes = np.asarray(outcome_codes, dtype=np.int64)
    width = len(outcomes) + 1
    pair = (kind + 1) * width + (outcome_codes + 1)
    pair_codes, pairs = pd.factorize(pair)
    outcome_values = [None, *outcomes]
    contact_lut = np.array([
        k >= 1 and is_contact_outcome(outcome_values[int(p % width)], RESPONSE_KINDS[k - 1])
        for p in pairs for k in [int(p // width)]
    ], dtype=bool)
    at = frame["at"]
    at_ns = _ns(at) if len(at) else np.zeros(0, dtype=np.int64)
    return {
        "lead_pos": frame["lead_pos"].to_numpy(dtype=np.int64),
        "at": at_ns,
        "kind": kind,
        "contact": contact_lut[pair_codes] if len(pairs) else np.zeros(len(frame), dtype=bool),
    }


def _touches(acts: dict[str, np.ndarray] | None, n: int, audited: np.ndarray, start: np.ndarray, now: int,
             window_ns: int) -> _Touches:
    nat = np.full(n, _NAT, dtype=np.int64)
    zero = np.zeros(n, dtype=np.int64)
    if acts is None:
        return _Touches(nat, np.full(n, -1, np.int64), nat, nat, nat, nat, zero, zero)
    pos, at, kind = acts["lead_pos"], acts["at"], acts["kind"]
    ok = (pos >= 0) & (kind >= 0) & (at != _NAT) & (at <= now)
    ok[ok] = audited[pos[ok]]
    ok[ok] = at[ok] >= start[pos[ok]]
    rows = np.flatnonzero(ok)
    pos, at, kind, contact = pos[rows], at[rows], kind[rows], acts["contact"][rows]
    first = _first_at(n, pos, at)
    # The kind of the first touch; touches at the same instant prefer the RESPONSE_KINDS order (call first).
    tied = at == first[pos]
    first_kind = np.full(n, len(RESPONSE_KINDS), dtype=np.int64)
    np.minimum.at(first_kind, pos[tied], kind[tied])
    first_kind[first_kind == len(RESPONSE_KINDS)] = -1
    is_call, is_email = kind == _CALL, kind == _EMAIL
    last = np.full(n, _NAT, dtype=np.int64)
    np.maximum.at(last, pos, at)
    in_window = at < start[pos] + window_ns
    return _Touches(
        first=first,
        first_kind=first_kind,
        first_call=_first_at(n, pos[is_call], at[is_call]),
        first_email=_first_at(n, pos[is_email], at[is_email]),
        first_contact=_first_at(n, pos[contact], at[contact]),
        last=last,
        calls=np.bincount(pos[is_call & in_window], minlength=n).astype(np.int64),
        emails=np.bincount(pos[is_email & in_window], minlength=n).astype(np.int64),
    )


# --------------------------------------------------------------------------
# Business time on the owner's calendar
# --------------------------------------------------------------------------


class _BusinessClock:
    """Business minutes from each audited lead's clock start, on its owner's calendar.

    Rows are grouped once by calendar (one per rep, the config's last) and each
    group is one call into :mod:`~revops_cli.core.sales.business_time` with a single
    calendar, so a million leads cost a few interval builds per question.
    """

    def __init__(self, start: np.ndarray, calendar_code: np.ndarray, calendars: Sequence[WorkCalendar]) -> None:
        order = np.argsort(calendar_code, kind="stable")
        bounds = np.searchsorted(calendar_code[order], np.arange(len(calendars) + 1))
        self.start = start
        self.groups = [(calendars[g], order[bounds[g]:bounds[g + 1]]) for g in range(len(calendars))
                       if bounds[g + 1] > bounds[g]]

    def minutes_to(self, end: np.ndarray) -> np.ndarray:
        """Business minutes from the clock start to ``end`` (UTC ns); NaN where ``end`` is NaT."""
        out = np.full(len(self.start), np.nan)
        for calendar, rows in self.groups:
            out[rows] = business_minutes_between(_utc(self.start[rows]), _utc(end[rows]), calendar).to_numpy(float)
        return out

    def sla_minutes(self, minutes: np.ndarray, days_are_working_days: bool) -> np.ndarray:
        """Business minutes each row's SLA stands for on its calendar (24 hours = one working day)."""
        out = np.asarray(minutes, dtype=float).copy()
        for calendar, rows in self.groups:
            out[rows] = sla_business_minutes(out[rows], calendar, days_are_working_days=days_are_working_days)
        return out

    def add(self, minutes: np.ndarray, where: np.ndarray) -> np.ndarray:
        """The clock start plus ``minutes`` business minutes (UTC ns) where ``where``; NaT elsewhere."""
        out = np.full(len(self.start), _NAT, dtype=np.int64)
        for calendar, rows in self.groups:
            rows = rows[where[rows]]
            if len(rows):
                out[rows] = _ns(add_business_minutes(_utc(self.start[rows]), minutes[rows], calendar))
        return out


# --------------------------------------------------------------------------
# The checks (arrays over the audited leads, in file order)
# --------------------------------------------------------------------------


def _response(config: RevopsConfig, band: np.ndarray, clock: np.ndarray, first: np.ndarray,
              business: _BusinessClock, business_now: np.ndarray, wall_now: np.ndarray) -> dict[str, np.ndarray]:
    """Response SLA by band: status code (RESPONSE_STATUSES), due instant, elapsed minutes."""
    sla = config.sla
    bands = config.scoring.bands
    minutes_of = np.array([float(sla.response_minutes[b.name]) for b in bands] + [np.nan])
    wall_of = np.array([b.name in sla.wall_clock_bands for b in bands] + [False])
    wall_band = wall_of[band]
    # band -1 takes the trailing NaN; business bands' day-long SLAs count working days
    minutes = np.where(wall_band, minutes_of[band],
                       business.sla_minutes(minutes_of[band], sla.day_slas_in_working_days))
    touched = first != _NAT
    wall_touch = np.where(touched, (first - clock) / _NS_PER_MINUTE, np.nan)
    business_touch = np.where(touched, business.minutes_to(first), np.nan)
    elapsed = np.where(touched, np.where(wall_band, wall_touch, business_touch),
                       np.where(wall_band, wall_now, business_now))
    banded = band >= 0
    status = np.where(
        ~banded, 4,
        np.where(touched, np.where(elapsed <= minutes, 0, 1), np.where(elapsed > minutes, 2, 3)),
    ).astype(np.int64)
    due = business.add(minutes, banded & ~wall_band)
    rows = np.flatnonzero(banded & wall_band)
    due[rows] = clock[rows] + np.round(minutes[rows] * _NS_PER_MINUTE).astype(np.int64)
    late = np.where(np.isin(status, [1, 2]), elapsed - minutes, np.nan)
    return {"status": status, "due": due, "wall": wall_touch, "business": business_touch,
            "elapsed": elapsed, "minutes": minutes, "wall_band": wall_band, "late": late}


def _agreement(config: RevopsConfig, touches: _Touches, p: np.ndarray, business: _BusinessClock,
               business_now: np.ndarray) -> dict[str, Any]:
    """The sales SLA's first response: status (AGREEMENT_STATUSES), what is missing, due, minutes late."""
    sla = config.sla
    limit = sla.first_response_business_hours * 60.0
    if sla.require_phone_and_email:
        channels = [("call", touches.first_call[p]), ("email", touches.first_email[p])]
    else:
        channels = [("touch", touches.first[p])]
    m = len(p)
    ok, late = [], []
    latest, latest_done, all_done = np.zeros(m), np.full(m, _NAT, dtype=np.int64), np.ones(m, dtype=bool)
    for _, first in channels:
        done = first != _NAT
        elapsed = np.where(done, business.minutes_to(first), business_now)
        ok.append(done & (elapsed <= limit))
        late.append(done & (elapsed > limit))
        latest = np.maximum(latest, elapsed)
        latest_done = np.maximum(latest_done, first)
        all_done &= done
    all_ok = np.logical_and.reduce(ok)
    any_late = np.logical_or.reduce(late)
    status = np.where(all_ok, 0, np.where(any_late, 1, np.where(business_now > limit, 2, 3))).astype(np.int64)
    # Missing: the channels not done within the limit, one code per combination ("call", "email", "call, email").
    names = [name for name, _ in channels]
    combos = [", ".join(name for name, bit in zip(names, bits) if bit) for bits in np.ndindex(*([2] * len(names)))]
    missing = np.zeros(m, dtype=np.int64)
    for flag in ok:
        missing = missing * 2 + (~flag).astype(np.int64)
    return {
        "status": status,
        "missing": missing,
        "missing_names": combos,
        "due": business.add(np.full(m, limit), np.ones(m, dtype=bool)),
        "done": np.where(all_done, latest_done, _NAT),
        "late": np.where(np.isin(status, [1, 2]), latest - limit, np.nan),
        "limit": limit,
    }


def _cadence(config: RevopsConfig, clock: np.ndarray, touches: _Touches, p: np.ndarray,
             now_ns: int) -> dict[str, np.ndarray]:
    """Cadence status (CADENCE_STATUSES) and the end of the window."""
    sla = config.sla
    window_end = clock + sla.cadence_days * _NS_PER_DAY
    contacted = touches.first_contact[p] != _NAT
    over = now_ns >= window_end
    enough = (touches.calls[p] >= sla.cadence_calls) & (touches.emails[p] >= sla.cadence_emails)
    status = np.where(contacted, 0, np.where(~over, 1, np.where(enough, 2, 3))).astype(np.int64)
    return {"status": status, "window_end": window_end}


def _disposition(leads: pd.DataFrame, mapping: ColumnMapping, config: RevopsConfig, first: np.ndarray,
                 p: np.ndarray, now_ns: int, status_text: pa.Array) -> dict[str, Any]:
    """Disposition status (DISPOSITION_STATUSES), due and change instants, and which leads already carry a
    disposition (a status ``lifecycle.substatus_map`` knows: converted, unqualified, nurture, ...)."""
    hours_ns = config.sla.disposition_hours * _NS_PER_HOUR
    touched = first != _NAT
    due = np.where(touched, first + hours_ns, _NAT)
    over = touched & (now_ns > due)
    status_column = mapping.get("status")
    has_status = status_column is not None and status_column in leads.columns
    still_open = dispositioned = np.zeros(len(p), dtype=bool)
    if has_status:
        lookup = config.lifecycle.substatus_lookup
        codes_s, uniques = pd.factorize(leads[status_column].iloc[p] if len(p) != len(leads)
                                        else leads[status_column], use_na_sentinel=True)
        known = [substatus_key(u) in lookup for u in uniques]
        opened = [bool(_OPEN_STATUS_RE.search(_words(u))) and not k for u, k in zip(uniques, known)]
        codes_s = np.asarray(codes_s, dtype=np.int64)
        still_open = np.array(opened + [False], dtype=bool)[codes_s]
        dispositioned = np.array(known + [False], dtype=bool)[codes_s]
    changed_all = lead_timestamps(leads, mapping, "status_changed_at", config.general.timezone)
    changed = np.full(len(p), _NAT, dtype=np.int64)
    codes = np.full(len(p), DISPOSITION_STATUSES.index("unchecked"), dtype=np.int64)
    source = None
    if changed_all is not None:
        source = "status_changed_at"
        after = touched & (changed_all[p] != _NAT) & (changed_all[p] >= first)
        codes = np.where(after & (changed_all[p] <= due), 0, np.where(after, 1, np.where(over, 2, 3)))
        changed = np.where(after, changed_all[p], _NAT)
    elif has_status:
        source = "status"
        codes = np.where(still_open, np.where(over, 2, 3), 0)
    codes = np.where(touched, codes, DISPOSITION_STATUSES.index("no_touch")).astype(np.int64)
    late_ns = np.where(codes == 1, changed - due, np.where(codes == 2, now_ns - due, 0))
    late = np.where(np.isin(codes, [1, 2]), late_ns / _NS_PER_MINUTE, np.nan)
    return {"status": codes, "due": due, "changed": changed, "late": late, "status_text": status_text,
            "source": source, "first": first, "dispositioned": dispositioned}

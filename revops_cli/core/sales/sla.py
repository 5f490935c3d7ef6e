"""SLA audit: was every lead worked the way the SOPs say, and did every rep do the daily work?

The rules, each number from ``[sla]`` of the config:

* **Response SLAs by band** (Sales Process SOP, "Response Time SLAs": Hot
  (80+) 5 minutes, Warm 1 hour, Qualified 24 hours, Cold 48 hours):
  ``sla.response_minutes`` keyed by scoring band. Bands in
  ``sla.wall_clock_bands`` (Hot) are judged on the wall clock, the others on
  business minutes of the owner's own calendar (time zone, working hours,
  holiday country from the roster; the config's calendar for owners not on
  it).
* **Sales SLA** (Sales Funnel 101): "Sales will respond to leads within two
  business hours both by phone and email" (``first_response_business_hours``,
  ``require_phone_and_email``); "If contact is not made on initial attempts,
  sales will continue to work the lead for a period of two weeks during which
  the seller will call a total of three times and email a total of four
  times"; then "the seller can mark the lead as unresponsive" and marketing
  nurtures it (``cadence_days``, ``cadence_calls``, ``cadence_emails``).
* **Disposition** (Lead Management SOP, 6. Lead Disposition, "Compliance:
  Update within 24 hours of contact"): ``disposition_hours``.
* **Weekly QA** (Lead Management SOP, Quality Assurance, "All new leads
  assigned", "SLA compliance >95%"): ``compliance_target``.
* **Daily minimums** (Sales Process SOP: SDR 50/100/3/-, AE 30/50/2/1,
  Senior AE 20/30/3/2 calls/emails/meetings/demos): ``activity_minimums``.

:func:`audit_sla` returns an :class:`SlaAudit`: the audited leads with their
``revops_*`` columns, one row per breach, the lists to act on (unresponsive,
stuck in Open, unassigned), rep-days against the minimums, and the figures
(compliance, by band, by rep, by week). The terminal table, ``--json`` and
the breaches file all come from it, so every number is computed here once.

Decisions, so they can be checked:

* **Band**: ``revops_band`` (from ``revops leads score``) when it names a
  scoring band; else ``revops_score``, else the mapped ``score`` column,
  through ``scoring.bands``; else the mapped ``rating`` column when its value
  is a band name (Salesforce Rating Hot/Warm/Cold), any case; else
  ``unbanded``. Unbanded leads have no response SLA (status ``unbanded``, left
  out of compliance) but every other check runs on them.
* **Clock start**: ``assigned_at`` where it parses, else ``created_at``.
  Leads with neither are not audited (counted as ``no_start``). Timestamps
  without an offset are ``general.timezone`` wall-clock times, as everywhere.
* **Touches** are activities of the kinds in :data:`RESPONSE_KINDS`, linked to
  the lead, at or after its clock start and not after ``now`` (the audit is
  "as of now"); anyone's touch counts, not only the owner's. A sent email
  that bounced still counts as the rep's attempt.
* **Met** means the elapsed minutes (wall or business, per band) are at most
  the SLA; an open lead is **overdue** once the minutes elapsed by ``now``
  exceed it. Judging on minutes, not instants, means a Warm lead due Friday
  17:00 and called Friday 18:00 is met: no business time passed after 17:00.
  Compliance = met / (met + breached + open_overdue), open_not_due left out.
* **Agreement** (2 business hours, phone and email): met when the first call
  and the first email (or, without ``require_phone_and_email``, the first
  touch of any kind) both come within the limit; ``breached`` when one came
  late; ``open_overdue`` when one is still missing after the limit;
  ``revops_agreement_missing`` names the channels not done within the limit
  (``"call"``, ``"email"``, ``"call, email"``; ``"touch"`` without the phone
  and email rule).
* **Contact** is a meeting or demo (unless its outcome says it did not happen:
  no show, cancelled, rescheduled), or a call, email or social touch whose
  outcome means a conversation (:data:`CONTACT_OUTCOMES`, whole words, any
  case; :data:`NO_CONTACT_OUTCOMES` wins: "Not connected" is no contact). An
  email reply counts as contact.
* **Cadence window** is ``cadence_days`` × 24 h of wall-clock time from the
  clock start: ``start <= at < start + 14 days``. Calls and emails only;
  ``complete`` needs the window over, no contact, and at least the calls and
  the emails; ``short`` is a breach. The ``unresponsive`` list is the complete
  leads whose status is not already a disposition of
  ``lifecycle.substatus_map`` (a converted or disqualified lead has nothing
  left to mark); ``cadence["complete_already_dispositioned"]`` counts those.
* **Disposition** is wall-clock ``disposition_hours`` from the first touch.
  With a ``status_changed_at`` column the status must have changed at or after
  the first touch and within the hours (``late`` after, ``stuck_open`` when it
  has not changed since the touch and the hours are over). Without one, a
  status that still reads open/new/not contacted/untouched (a value
  ``lifecycle.substatus_map`` does not already disposition: "Open Deal" is
  qualified) after the hours is ``stuck_open``, and any other status is taken
  as ``on_time`` (the export cannot say when it changed). Without a status
  column either, the check is ``unchecked``.
* **Assignment**: a blank owner, an owner not on the roster (``queue`` when it
  reads like one, e.g. "Inbound Lead Queue", else ``not_on_roster``) or an
  inactive rep. Without a roster only blank and queue owners can be told.
* **Daily minimums**: per active roster rep whose role has minimums (keys of
  ``sla.activity_minimums`` any case, with :data:`ROLE_SYNONYMS`), per working
  day of the rep's calendar (workdays minus holidays), activities by that rep
  (the activity's rep text matched to the roster like an owner) counted on
  the rep's local date. Days: the ``general.timezone`` dates of ``start`` to
  ``end`` (exclusive); without ``start``, from the first activity's date but at
  most 28 days before ``end``; without ``end``, up to the day before ``now``.
  Out-of-office days are not known (the roster says when a rep is back, not
  since when), so they count as working days.
* ``start``/``end`` keep leads whose clock started in ``[start, end)``; every
  activity still counts for them (a lead from the range's last hour touched the
  next morning is met). Naive timestamps are read in ``general.timezone``.

Vectorised throughout: per-lead figures are ``np.minimum.at``/``bincount``
over the activity arrays (no sort of five million rows), business time goes
through :mod:`revops_cli.core.sales.business_time` with one calendar object per rep,
texts are Arrow joins. Only the roster (reps, a few time zones) is looped over.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from revops_cli.columns import ColumnMapping
from revops_cli.config import WEEKDAYS, RevopsConfig, substatus_key
from revops_cli.core.sales.activities import ActivityLink
from revops_cli.core.sales.business_time import (
    WorkCalendar,
    add_business_minutes,
    business_minutes_between,
    sla_business_minutes,
    working_days,
)
from revops_cli.core.metrics import percent
from revops_cli.normalize.timestamps import normalize_timestamp_column
from revops_cli.core.leads.routing import Roster

__all__ = [
    "AGREEMENT_STATUSES",
    "BREACH_CHECKS",
    "CADENCE_STATUSES",
    "CONTACT_OUTCOMES",
    "DISPOSITION_STATUSES",
    "NO_CONTACT_OUTCOMES",
    "OPEN_STATUS_WORDS",
    "RESPONSE_KINDS",
    "RESPONSE_STATUSES",
    "ROLE_SYNONYMS",
    "SLA_COLUMNS",
    "UNASSIGNED_REASONS",
    "UNBANDED",
    "SlaAudit",
    "audit_sla",
    "is_contact_outcome",
    "minimums_role",
]

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

#: Roster roles that mean a role of ``sla.activity_minimums`` (keys compared without case or extra spaces).
ROLE_SYNONYMS: dict[str, str] = {
    "senior sales rep": "senior ae",
    "senior sales representative": "senior ae",
    "senior account executive": "senior ae",
    "sr ae": "senior ae",
    "sr. ae": "senior ae",
    "sales rep": "ae",
    "sales representative": "ae",
    "account executive": "ae",
    "bdr": "sdr",
    "sales development rep": "sdr",
    "sales development representative": "sdr",
    "business development rep": "sdr",
    "business development representative": "sdr",
}

RESPONSE_STATUSES: tuple[str, ...] = ("met", "breached", "open_overdue", "open_not_due", "unbanded")
AGREEMENT_STATUSES: tuple[str, ...] = ("met", "breached", "open_overdue", "open_not_due")
CADENCE_STATUSES: tuple[str, ...] = ("contacted", "in_progress", "complete", "short")
DISPOSITION_STATUSES: tuple[str, ...] = ("on_time", "late", "stuck_open", "not_due", "no_touch", "unchecked")
#: The ``check`` values of :attr:`SlaAudit.breaches`, in the order its rows come.
BREACH_CHECKS: tuple[str, ...] = ("response", "agreement", "cadence", "disposition")
UNASSIGNED_REASONS: tuple[str, ...] = ("blank", "queue", "not_on_roster", "inactive")

#: Columns :func:`audit_sla` adds after the leads' own.
SLA_COLUMNS: tuple[str, ...] = (
    "revops_sla_rep", "revops_sla_band", "revops_sla_started_at", "revops_sla_due_at", "revops_first_touch_at",
    "revops_first_touch_kind", "revops_response_minutes", "revops_response_business_minutes",
    "revops_sla_status", "revops_agreement_status", "revops_agreement_missing", "revops_cadence_status",
    "revops_cadence_calls", "revops_cadence_emails", "revops_disposition_status", "revops_unassigned_reason",
)

UNBANDED = "unbanded"
NO_OWNER = "(no owner)"
_ACTIVITY_DAYS_CAP = 28
_NS_PER_MINUTE = 60_000_000_000
_NS_PER_HOUR = 60 * _NS_PER_MINUTE
_NS_PER_DAY = 24 * _NS_PER_HOUR
_NAT = np.iinfo(np.int64).min
_NEVER = np.iinfo(np.int64).max
_CALL, _EMAIL, _MEETING, _DEMO, _SOCIAL = range(5)
_STR = pd.StringDtype("pyarrow", na_value=np.nan)
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


def minimums_role(role: Any, minimums: Sequence[str]) -> str | None:
    """The key of ``minimums`` (``sla.activity_minimums``) a roster role falls under, or None.

    Compared without case or extra spaces, then through :data:`ROLE_SYNONYMS`:
    ``"Senior Sales Rep"`` -> ``"Senior AE"``, ``"BDR"`` -> ``"SDR"``; ``"Sales
    Manager"`` has none.
    """
    keys = {" ".join(str(k).split()).casefold(): k for k in minimums}
    folded = " ".join(str(role).split()).casefold() if role is not None else ""
    if folded in keys:
        return keys[folded]
    synonym = ROLE_SYNONYMS.get(folded)
    return keys.get(synonym) if synonym is not None else None


# --------------------------------------------------------------------------
# The result
# --------------------------------------------------------------------------


@dataclass
class SlaAudit:
    """What :func:`audit_sla` returns: findings first, renderers later.

    Tables (DataFrames):

    * ``leads``: one row per audited lead (original index and columns, then
      :data:`SLA_COLUMNS`; timestamps in ``general.timezone``).
    * ``breaches``: one row per breach of a lead check (:data:`BREACH_CHECKS`),
      indexed by the lead's original index: ``check``, ``lead_id``,
      ``lead_name``, ``band``, ``rep``, ``started_at``, ``due_at``, ``done_at``
      (NaT when never), ``minutes_late`` (business or wall minutes per the
      check, as of ``now`` when still open; NaN for a short cadence, which is a
      count, not a delay) and ``detail``.
    * ``unresponsive``: leads that may now be marked unresponsive and go back
      to marketing nurture (cadence complete, status not already a
      disposition): ``lead_id``, ``lead_name``, ``band``, ``rep``,
      ``started_at``, ``calls``, ``emails``, ``last_touch_at``, ``status``.
    * ``stuck_open``: ``lead_id``, ``lead_name``, ``band``, ``rep``,
      ``started_at``, ``created``, ``owner``, ``status``, ``first_touch_at``,
      ``due_at``.
    * ``unassigned``: ``lead_id``, ``lead_name``, ``band``, ``rep``,
      ``started_at``, ``created``, ``owner``, ``reason`` (one of
      :data:`UNASSIGNED_REASONS`).
    * ``activity_days``: one row per rep per working day: ``rep``, ``role``
      (the ``sla.activity_minimums`` key), ``day`` (the rep's local date),
      ``calls``, ``emails``, ``meetings``, ``demos``, ``minimum_calls`` ...
      ``minimum_demos``, ``under_minimum`` and ``missed`` ("calls 49/50").

    Figures: ``compliance`` (percent, None when nothing was due), ``target``,
    ``by_band``/``by_rep``/``by_week`` (lists of dicts), ``agreement``,
    ``cadence``, ``disposition``, ``assignment`` (dicts of counts),
    ``activity`` (one dict per rep: working days, days under the minimum,
    totals), ``counts`` (leads read, audited, without a clock start, outside
    the range, unbanded, where the bands came from) and ``period`` (``now``,
    ``start``, ``end``, ``activity_from``, ``activity_to`` as ISO text).
    """

    leads: pd.DataFrame
    breaches: pd.DataFrame
    unresponsive: pd.DataFrame
    stuck_open: pd.DataFrame
    unassigned: pd.DataFrame
    activity_days: pd.DataFrame
    compliance: float | None
    target: float
    by_band: list[dict] = field(default_factory=list)
    by_rep: list[dict] = field(default_factory=list)
    by_week: list[dict] = field(default_factory=list)
    agreement: dict = field(default_factory=dict)
    cadence: dict = field(default_factory=dict)
    disposition: dict = field(default_factory=dict)
    assignment: dict = field(default_factory=dict)
    activity: list[dict] = field(default_factory=list)
    counts: dict = field(default_factory=dict)
    period: dict = field(default_factory=dict)

    @property
    def meets_target(self) -> bool | None:
        """Compliance at or above ``sla.compliance_target``; None when no lead was due yet."""
        return None if self.compliance is None else self.compliance >= self.target

    @property
    def breach_counts(self) -> dict[str, int]:
        counts = self.breaches["check"].value_counts() if len(self.breaches) else {}
        return {check: int(counts.get(check, 0)) for check in BREACH_CHECKS}

    def summary(self) -> dict:
        """The figures as plain JSON-able values (the same numbers the tables show)."""
        under = int(self.activity_days["under_minimum"].sum()) if len(self.activity_days) else 0
        return {
            **self.period,
            **self.counts,
            "compliance_percent": self.compliance,
            "compliance_target": self.target,
            "meets_target": self.meets_target,
            "breaches": len(self.breaches),
            "breaches_by_check": self.breach_counts,
            "unresponsive": len(self.unresponsive),
            "stuck_open": len(self.stuck_open),
            "unassigned": len(self.unassigned),
            "by_band": self.by_band,
            "by_rep": self.by_rep,
            "by_week": self.by_week,
            "agreement": self.agreement,
            "cadence": self.cadence,
            "disposition": self.disposition,
            "assignment": self.assignment,
            "activity": self.activity,
            "activity_days": len(self.activity_days),
            "activity_days_under_minimum": under,
        }


# --------------------------------------------------------------------------
# Small vectorised pieces
# --------------------------------------------------------------------------


def _instant(value: Any, zone: str) -> int:
    """UTC ns of a timestamp; naive values are wall-clock times in ``zone``."""
    stamp = pd.Timestamp(value)
    if stamp.tzinfo is None:
        stamp = stamp.tz_localize(zone)
    return int(stamp.tz_convert("UTC").as_unit("ns").value)


def _ns(values: pd.Series) -> np.ndarray:
    return pd.DatetimeIndex(values).tz_convert("UTC").as_unit("ns").asi8


def lead_timestamps(frame: pd.DataFrame, mapping: ColumnMapping, canonical: str, zone: str) -> np.ndarray | None:
    """UTC ns of a mapped timestamp column (NaT where blank or unparsable); None when it is not mapped."""
    column = mapping.get(canonical)
    if column is None or column not in frame.columns:
        return None
    values = frame[column]
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


def _labels(codes: np.ndarray, names: Sequence[Any], index: pd.Index | None = None) -> pd.Series:
    """A pandas "str" column of ``names[code]`` (code -1 = missing), built by Arrow's take."""
    dictionary = pa.array([None if n is None else str(n) for n in names], type=pa.large_string())
    codes = np.asarray(codes, dtype=np.int64)
    if len(dictionary):
        taken = dictionary.take(pa.array(np.where(codes < 0, 0, codes), mask=codes < 0))
    else:
        taken = pa.nulls(len(codes), type=pa.large_string())
    out = taken.to_pandas(types_mapper={pa.large_string(): _STR}.get)
    if index is not None:
        out.index = index
    return out


def _pick(names: Sequence[str], codes: np.ndarray) -> pa.Array:
    """Arrow text ``names[code]`` per row (a dictionary take, no Python strings per row)."""
    return pa.array(list(names), type=pa.large_string()).take(pa.array(np.asarray(codes, dtype=np.int64)))


def _stamps(ns: np.ndarray, zone: str, index: pd.Index | None = None) -> pd.Series:
    """UTC ns (NaT = int64 min) as a tz-aware Series shown in ``zone``."""
    out = pd.Series(pd.DatetimeIndex(np.asarray(ns, dtype=np.int64).view("datetime64[ns]"))
                    .tz_localize("UTC").tz_convert(zone))
    if index is not None:
        out.index = index
    return out


def _utc(ns: np.ndarray) -> pd.Series:
    return pd.Series(np.asarray(ns, dtype=np.int64).view("datetime64[ns]")).dt.tz_localize("UTC")


def _first_at(n: int, pos: np.ndarray, at: np.ndarray) -> np.ndarray:
    """Earliest ``at`` per lead position (NaT where none)."""
    out = np.full(n, _NEVER, dtype=np.int64)
    np.minimum.at(out, pos, at)
    out[out == _NEVER] = _NAT
    return out


def _number_text(values: np.ndarray) -> pa.Array:
    """Minutes or hours as short text: ``65``, ``65.5``; rounded to 0.1."""
    return pc.cast(pa.array(np.round(np.asarray(values, dtype=float), 1)), pa.string())


def _join(*parts: Any) -> pa.Array:
    """Element-wise concatenation of Arrow arrays and plain strings."""
    arrays = [pc.cast(p, pa.large_string()) if isinstance(p, (pa.Array, pa.ChunkedArray))
              else pa.scalar(str(p), pa.large_string()) for p in parts]
    return pc.binary_join_element_wise(*arrays, pa.scalar("", pa.large_string()))


def _iso(ns: int | None, zone: str) -> str | None:
    if ns is None or ns == _NAT:
        return None
    return pd.Timestamp(ns, tz="UTC").tz_convert(zone).isoformat()


def _round(value: float) -> float | None:
    return None if value is None or not np.isfinite(value) else round(float(value), 1)


# --------------------------------------------------------------------------
# Leads: band, clock start, rep
# --------------------------------------------------------------------------


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
# The audit
# --------------------------------------------------------------------------


def audit_sla(
    leads: pd.DataFrame,
    lead_mapping: ColumnMapping,
    activities: ActivityLink | None,
    config: RevopsConfig,
    *,
    now: pd.Timestamp,
    roster: Roster | None = None,
    start: pd.Timestamp | None = None,
    end: pd.Timestamp | None = None,
) -> SlaAudit:
    """Audit response SLAs, the sales SLA, disposition, assignment and daily minimums (see the module docstring).

    ``activities`` comes from :func:`~revops_cli.core.sales.activities.prepare_activities`
    (or :func:`~revops_cli.core.sales.activities.combine_links`) over this same
    ``leads`` frame; None audits as if nobody touched anything. ``now`` is the
    as-of instant; ``start``/``end`` (end exclusive) keep leads whose clock
    started in the range and the activity days in it. ``roster`` (from
    :func:`~revops_cli.core.leads.routing.load_roster`) gives each owner their own
    calendar, the assignment check its reps and the daily minimums their
    roles. Never reads or writes files; ``leads`` is not changed.
    """
    sla = config.sla
    zone = config.general.timezone
    n = len(leads)
    now_ns = _instant(now, zone)
    start_ns = None if start is None else _instant(start, zone)
    end_ns = None if end is None else _instant(end, zone)

    # Clock start, band, owner.
    created = lead_timestamps(leads, lead_mapping, "created_at", zone)
    assigned = lead_timestamps(leads, lead_mapping, "assigned_at", zone)
    clock = np.full(n, _NAT, dtype=np.int64) if created is None else created
    if assigned is not None:
        clock = np.where(assigned != _NAT, assigned, clock)
    has_start = clock != _NAT
    in_range = has_start.copy()
    if start_ns is not None:
        in_range &= clock >= start_ns
    if end_ns is not None:
        in_range &= clock < end_ns
    audited = in_range
    positions = np.flatnonzero(audited)
    band, band_sources = recorded_bands(leads, lead_mapping, config)
    owners = _owners(leads, lead_mapping, roster)

    # Touches per lead.
    acts = _activity_arrays(activities)
    touches = _touches(acts, n, audited, clock, now_ns, sla.cadence_days * _NS_PER_DAY)

    # Business time runs on the owner's calendar (the config's for owners not on the roster).
    p = positions
    default_calendar = WorkCalendar.from_config(config)
    calendar_list = [*(roster.reps["calendar"] if roster is not None else []), default_calendar]
    rep_p = owners.rep_pos[p]
    clock_p = clock[p]
    business = _BusinessClock(clock_p, np.where(rep_p >= 0, rep_p, len(calendar_list) - 1), calendar_list)
    business_now = business.minutes_to(np.full(len(p), now_ns, dtype=np.int64))
    wall_now = np.maximum(now_ns - clock_p, 0) / _NS_PER_MINUTE

    band_names = [b.name for b in config.scoring.bands] + [UNBANDED]
    band_p = np.where(band[p] >= 0, band[p], len(band_names) - 1)
    context = _Context(leads, lead_mapping, zone, p, clock_p, band_p, band_names, owners)
    first_p = touches.first[p]
    response = _response(config, band[p], clock_p, first_p, business, business_now, wall_now)
    agreement = _agreement(config, touches, p, business, business_now)
    cadence = _cadence(config, clock_p, touches, p, now_ns)
    disposition = _disposition(leads, lead_mapping, config, first_p, p, now_ns, context.text("status"))

    # The audited leads with their columns.
    unassigned_p = owners.unassigned[p]
    out_index = leads.index[p]
    columns = {
        "revops_sla_rep": _labels(owners.label[p], owners.labels, out_index),
        "revops_sla_band": _labels(band_p, band_names, out_index),
        "revops_sla_started_at": _stamps(clock_p, zone, out_index),
        "revops_sla_due_at": _stamps(response["due"], zone, out_index),
        "revops_first_touch_at": _stamps(first_p, zone, out_index),
        "revops_first_touch_kind": _labels(touches.first_kind[p], RESPONSE_KINDS, out_index),
        "revops_response_minutes": pd.Series(response["wall"], index=out_index),
        "revops_response_business_minutes": pd.Series(response["business"], index=out_index),
        "revops_sla_status": _labels(response["status"], RESPONSE_STATUSES, out_index),
        "revops_agreement_status": _labels(agreement["status"], AGREEMENT_STATUSES, out_index),
        "revops_agreement_missing": _labels(agreement["missing"], agreement["missing_names"], out_index),
        "revops_cadence_status": _labels(cadence["status"], CADENCE_STATUSES, out_index),
        "revops_cadence_calls": pd.Series(touches.calls[p], index=out_index),
        "revops_cadence_emails": pd.Series(touches.emails[p], index=out_index),
        "revops_disposition_status": _labels(disposition["status"], DISPOSITION_STATUSES, out_index),
        "revops_unassigned_reason": _labels(unassigned_p, UNASSIGNED_REASONS, out_index),
    }
    kept = leads.iloc[p] if len(p) != n else leads
    added = pd.DataFrame({name: values.array for name, values in columns.items()})
    kept = kept.drop(columns=[c for c in SLA_COLUMNS if c in kept.columns]).reset_index(drop=True)
    out = pd.concat([kept, added], axis=1)
    out.index = out_index

    breaches = _breaches(context, config, response, agreement, cadence, disposition, touches)
    status_text = disposition["status_text"]
    rows = np.flatnonzero(cadence["status"] == CADENCE_STATUSES.index("complete"))
    rows = rows[~disposition["dispositioned"][rows]]
    unresponsive = context.frame(
        rows, calls=touches.calls[p][rows], emails=touches.emails[p][rows],
        last_touch_at=_stamps(touches.last[p][rows], zone), status=status_text.take(rows),
    )
    created_p = _created_or_nat(created, p)
    rows = np.flatnonzero(disposition["status"] == DISPOSITION_STATUSES.index("stuck_open"))
    stuck_open = context.frame(rows, created=_stamps(created_p[rows], zone), owner=context.text("owner").take(rows),
                               status=status_text.take(rows), first_touch_at=_stamps(first_p[rows], zone),
                               due_at=_stamps(disposition["due"][rows], zone))
    rows = np.flatnonzero(unassigned_p >= 0)
    unassigned = context.frame(rows, created=_stamps(created_p[rows], zone), owner=context.text("owner").take(rows),
                               reason=_labels(unassigned_p[rows], UNASSIGNED_REASONS))
    activity_days, activity, activity_period = _activity_days(activities, acts, roster, config, now_ns, start_ns,
                                                              end_ns)

    status = response["status"]
    counted = np.isin(status, [0, 1, 2])
    compliance = percent(int((status == 0).sum()), int(counted.sum()))
    return SlaAudit(
        leads=out,
        breaches=breaches,
        unresponsive=unresponsive,
        stuck_open=stuck_open,
        unassigned=unassigned,
        activity_days=activity_days,
        compliance=compliance,
        target=sla.compliance_target,
        by_band=_by_band(config, band_p, status),
        by_rep=_by_rep(context, status, response, breaches),
        by_week=_by_week(config, clock[p], status),
        agreement=_agreement_figures(config, agreement),
        cadence=_cadence_figures(config, cadence["status"], disposition["dispositioned"]),
        disposition=_disposition_figures(config, disposition),
        assignment=_assignment_figures(owners, unassigned_p, roster),
        activity=activity,
        counts={
            "leads": n,
            "audited": len(p),
            "no_start": int((~has_start).sum()),
            "out_of_range": int((has_start & ~in_range).sum()),
            "unbanded": int((band[p] < 0).sum()),
            "band_from": band_sources,
        },
        period={
            "now": _iso(now_ns, zone),
            "start": _iso(start_ns, zone),
            "end": _iso(end_ns, zone),
            **activity_period,
        },
    )


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


def _created_or_nat(created: np.ndarray | None, p: np.ndarray) -> np.ndarray:
    return np.full(len(p), _NAT, dtype=np.int64) if created is None else created[p]


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


def _text_series(values: pa.Array | pa.ChunkedArray) -> pd.Series:
    return pd.Series(pc.cast(values, pa.large_string()).to_pandas(types_mapper={pa.large_string(): _STR}.get))


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


# --------------------------------------------------------------------------
# Daily minimums
# --------------------------------------------------------------------------

_MINIMUM_KINDS = ("calls", "emails", "meetings", "demos")
_ACTIVITY_DAY_COLUMNS = ("rep", "role", "day", *_MINIMUM_KINDS, *(f"minimum_{k}" for k in _MINIMUM_KINDS),
                         "under_minimum", "missed")


def _empty_activity_days() -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series([], dtype=object) for name in _ACTIVITY_DAY_COLUMNS})


def _local_day_numbers(ns: np.ndarray, zone: str) -> np.ndarray:
    local = pd.DatetimeIndex(ns.view("datetime64[ns]")).tz_localize("UTC").tz_convert(zone).tz_localize(None)
    return local.asi8 // _NS_PER_DAY


def _activity_days(activities: ActivityLink | None, acts: dict | None, roster: Roster | None,
                   config: RevopsConfig, now_ns: int, start_ns: int | None,
                   end_ns: int | None) -> tuple[pd.DataFrame, list[dict], dict]:
    """Rep-days against ``sla.activity_minimums`` (see the module docstring for the days audited)."""
    zone = config.general.timezone
    minimums = config.sla.activity_minimums
    none = {"activity_from": None, "activity_to": None}
    if roster is None:
        return _empty_activity_days(), [], none
    reps = roster.reps
    roles = [minimums_role(role, list(minimums)) for role in reps["role"]]
    eligible = np.array([r is not None for r in roles], dtype=bool) & reps["active"].to_numpy(dtype=bool)

    # Activities by eligible reps, of kinds call/email/meeting/demo, not after now.
    rep_pos = at = kind = np.zeros(0, dtype=np.int64)
    if acts is not None and activities is not None:
        codes, uniques = pd.factorize(activities.frame["rep"], use_na_sentinel=True)
        distinct = pd.Series(np.asarray(uniques, dtype=object), dtype=object)
        positions = roster.owner_positions(distinct) if len(distinct) else np.zeros(0, dtype=np.int64)
        rep_of_code = np.append(positions, -1).astype(np.int64)
        rep_ok = np.append(np.where(positions >= 0, eligible[np.maximum(positions, 0)], False), False)
        keep = rep_ok[codes] & (acts["kind"] >= 0) & (acts["kind"] <= _DEMO) & (acts["at"] != _NAT) \
            & (acts["at"] <= now_ns)
        rows = np.flatnonzero(keep)
        rep_pos, at, kind = rep_of_code[codes[rows]], acts["at"][rows], acts["kind"][rows]

    # The days: general.timezone dates of start .. end (exclusive).
    last_day = int(_local_day_numbers(np.array([now_ns if end_ns is None else end_ns]), zone)[0]) - 1
    if start_ns is not None:
        first_day = int(_local_day_numbers(np.array([start_ns]), zone)[0])
    elif len(at):
        first_day = max(int(_local_day_numbers(np.array([at.min()]), zone)[0]), last_day + 1 - _ACTIVITY_DAYS_CAP)
    else:
        return _empty_activity_days(), [], none
    if last_day < first_day:
        return _empty_activity_days(), [], none
    period = {"activity_from": str(np.datetime64(first_day, "D")), "activity_to": str(np.datetime64(last_day, "D"))}

    # One row per eligible rep per working day of their own calendar.
    first_date = np.datetime64(first_day, "D").astype(dt.date)
    last_date = np.datetime64(last_day, "D").astype(dt.date)
    row_rep, row_day = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int64)]
    for i in np.flatnonzero(eligible):
        days = working_days(reps["calendar"].iloc[i], first_date, last_date).astype(np.int64)
        row_rep.append(np.full(len(days), i, dtype=np.int64))
        row_day.append(days)
    row_rep, row_day = np.concatenate(row_rep), np.concatenate(row_day)

    # Each activity on its rep's local date (only those near the days: a day of slack covers every offset).
    near = (at >= (first_day - 1) * _NS_PER_DAY) & (at < (last_day + 2) * _NS_PER_DAY)
    rep_pos, at, kind = rep_pos[near], at[near], kind[near]
    zone_codes, zones = pd.factorize(pd.Series([cal.timezone for cal in reps["calendar"]], dtype=object))
    zone_of = np.asarray(zone_codes, dtype=np.int64)[rep_pos]
    local_day = np.zeros(len(at), dtype=np.int64)
    for z in np.unique(zone_of):
        mine = zone_of == z
        local_day[mine] = _local_day_numbers(at[mine], str(zones[z]))
    span = np.int64(1 << 24)
    hit = pd.Index(row_rep * span + row_day).get_indexer(rep_pos * span + local_day)
    found = hit >= 0
    counts = np.zeros((len(row_rep), len(_MINIMUM_KINDS)), dtype=np.int64)
    np.add.at(counts, (hit[found], kind[found]), 1)

    table_of_rep = np.zeros((len(reps), len(_MINIMUM_KINDS)), dtype=np.int64)
    for i in np.flatnonzero(eligible):
        m = minimums[roles[i]]
        table_of_rep[i] = (m.calls, m.emails, m.meetings, m.demos)
    minimum = table_of_rep[row_rep]
    short = counts < minimum
    under = short.any(axis=1)
    pieces = []
    for j, name in enumerate(_MINIMUM_KINDS):
        text = _join(f"{name} ", pc.cast(pa.array(counts[:, j]), pa.string()), "/",
                     pc.cast(pa.array(minimum[:, j]), pa.string()))
        pieces.append(pc.if_else(pa.array(short[:, j], type=pa.bool_()), _join(text, ", "),
                                 pa.scalar("", pa.large_string())))
    missed = pc.utf8_rtrim(_join(*pieces), characters=", ") if len(row_rep) else pa.array([], pa.large_string())

    names = [str(name) for name in reps["name"]]
    table = pd.DataFrame({
        "rep": _labels(row_rep, names),
        "role": _labels(row_rep, [r or "" for r in roles]),
        "day": pd.Series(row_day.astype("datetime64[D]").astype("datetime64[s]")),
        **{name: counts[:, j] for j, name in enumerate(_MINIMUM_KINDS)},
        **{f"minimum_{name}": minimum[:, j] for j, name in enumerate(_MINIMUM_KINDS)},
        "under_minimum": under,
        "missed": _text_series(missed),
    })
    per_rep = []
    for i in np.flatnonzero(eligible):
        mine = row_rep == i
        per_rep.append({
            "rep": names[i], "role": roles[i], "working_days": int(mine.sum()),
            "days_under_minimum": int(under[mine].sum()),
            **{name: int(counts[mine, j].sum()) for j, name in enumerate(_MINIMUM_KINDS)},
        })
    return table, per_rep, period

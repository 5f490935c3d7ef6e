"""Lead lifecycle: the action the Lead Management SOP requires of each lead today, and the CRM update file.

The rules (Lead Management SOP, "6. Lead Disposition": "Qualified -> Create
Opportunity, Not Ready -> Return to Marketing, Bad Fit -> Disqualify, No
Response -> Recycle (90 days), Do Not Contact -> Suppress ... Update within 24
hours of contact"; the sales–marketing agreement: "If contact is not made ...
two weeks ... call a total of three times and email a total of four times ...
the seller can mark the lead as unresponsive" and marketing nurtures it).

:func:`plan_lifecycle` gives every lead one action, the first that applies in
this order (:data:`ACTIONS`):

1. ``suppress``: the status or substatus is a ``do_not_contact`` value of
   ``lifecycle.substatus_map``, or the ``unsubscribed`` flag (Email Opt Out,
   Unsubscribed from all email, Do Not Contact, ...) or the ``bounced`` cell
   (a hard-bounce reason) is set. Suppression wins over everything: a Do Not
   Contact lead that also finished the cadence is suppressed, not nurtured.
  It is already done (``none``) when the status reads Do Not Contact, or
  reads closed (a ``bad_fit`` status such as "Closed - Not Converted",
  ``UNQUALIFIED``) and the substatus reads Do Not Contact or the file has no
  substatus column.
2. ``disqualify``: the disposition is ``bad_fit``.
3. ``create_opportunity``: the disposition is ``qualified`` and no
   opportunity is linked to the lead: none in ``opportunities`` (by its
   converted-lead id, else email), the lead's converted column
   (:data:`CONVERTED_HEADERS`: ConvertedOpportunityId, IsConverted, Associated
   Deal) is empty or false,
   and the status does not itself say converted ("Closed - Converted") or
   "Open Deal".
4. ``recycle``: the disposition is ``no_response`` and at least
   ``lifecycle.recycle_days`` calendar days (``general.timezone`` dates) have
   passed since the disposition date. Back to marketing with a fresh nurture
   track by the current score.
5. ``return_to_nurture``: the disposition is ``not_ready``; or the lead has no
   disposition and the SLA audit lists it as unresponsive (no contact, the
   ``sla.cadence_days`` window over, at least ``sla.cadence_calls`` calls and
   ``sla.cadence_emails`` emails in it: see :mod:`revops_cli.core.sales.sla`). The
   owner becomes ``lifecycle.marketing_queue`` with the nurture track of the
   lead's score.
6. ``update_disposition``: no disposition, and the SLA audit finds the status
   not updated within ``sla.disposition_hours`` of the first touch
   (``stuck_open``).
7. ``none``.

Decisions, so they can be checked:

* **Disposition** of a lead: its substatus through ``lifecycle.substatus_map``
  when the map knows it ("Unqualified" with reason "Bad Timing" is Not Ready),
  else its status; either one reading Do Not Contact suppresses.
* **Disposition date** (for the 90 days): the ``status_changed_at`` column,
  else a last-modified column (:data:`MODIFIED_HEADERS`), else ``last_activity_at``, else
  the lead's latest linked activity, else ``created_at``, taken per lead where
  the cell is filled. ``disposition_date_from`` names the source; a No
  Response lead with no date at all is not recycled (its reason says why).
* **Already done** is not a change: a suppress/disqualify whose status
  already reads that disposition, a Not Ready lead already owned by the
  marketing queue (or whose status already reads Not Ready when there is no
  owner column) is ``none`` with the reason "already ...". Leads owned by the
  marketing queue are marketing's: they get no ``return_to_nurture`` for the
  cadence and no ``update_disposition`` (a recycled lead's old touches would
  otherwise send it straight back).
* **Score** for the nurture track: ``revops_score``, else the mapped
  ``score`` column; where that is blank or absent the lead is scored with
  :func:`~revops_cli.core.leads.scoring.score_leads`. The track is the
  ``nurture.tracks`` row holding the score, chosen by the same code as
  routing; the lead enters nurture today, so the next action date is today
  (the sequence's day-0 step).
* **Update values** (:data:`UPDATE_VALUES`): the status and substatus each
  action writes, per CRM format. A blank cell in the update file means "leave
  as is" (Data Loader, Data Import Wizard and HubSpot import all skip blank
  cells), so ``create_opportunity`` only sets the next action date: an import
  cannot convert a lead, the owner converts it in the CRM.
* **Format** (``--format``): ``salesforce`` (Data Loader / Data Import Wizard
  API names), ``hubspot`` (import column labels, HubSpot's internal lead status
  values) or ``generic`` (the input's own headers); by default the one the
  input's headers show (:func:`detect_format`).
* Leads with a blank id are planned but left out of the update file (there is
  no record to update); ``counts["no_id"]`` says how many.

Vectorised: dispositions are looked up once per distinct status and
substatus, dates parsed once per distinct cell, reasons built by column-wise
string concatenation; nothing loops over leads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from revops_cli.columns import CONVERTED_HEADERS, MODIFIED_HEADERS, ColumnMapping, header_key
from revops_cli.config import RevopsConfig, substatus_key
from revops_cli.core.sales.activities import ActivityLink
from revops_cli.core.data.quality import truthy
from revops_cli.core.leads.routing import Roster, nurture_plan
from revops_cli.core.leads.scoring import score_leads
from revops_cli.core.sales.sla import audit_sla, lead_timestamps
from revops_cli.errors import RevopsInputError

__all__ = [
    "ACTIONS",
    "DISPOSITIONS",
    "FORMATS",
    "FORMAT_HEADERS",
    "UPDATE_VALUES",
    "LifecycleResult",
    "detect_format",
    "plan_lifecycle",
]

#: Actions in precedence order: a lead gets the first that applies.
ACTIONS: tuple[str, ...] = ("suppress", "disqualify", "create_opportunity", "recycle", "return_to_nurture",
                            "update_disposition", "none")
#: The values of ``lifecycle.substatus_map`` (config.Disposition).
DISPOSITIONS: tuple[str, ...] = ("qualified", "not_ready", "bad_fit", "no_response", "do_not_contact")
FORMATS: tuple[str, ...] = ("salesforce", "hubspot", "generic")

#: Update-file headers per format. ``id`` is the record id; generic uses the input's own headers.
FORMAT_HEADERS: dict[str, dict[str, str]] = {
    # Data Loader and the Data Import Wizard match API names (custom fields end in __c).
    "salesforce": {"id": "Id", "status": "Status", "substatus": "Substatus__c", "owner": "OwnerId",
                   "nurture_track": "Nurture_Track__c", "next_action_date": "Next_Action_Date__c"},
    # HubSpot's import maps a column to the property whose label it repeats.
    "hubspot": {"id": "Record ID", "status": "Lead Status", "substatus": "Lead Substatus",
                "owner": "Contact owner", "nurture_track": "Nurture Track", "next_action_date": "Next Action Date"},
    "generic": {"id": "Id", "status": "Status", "substatus": "Substatus", "owner": "Owner",
                "nurture_track": "Nurture Track", "next_action_date": "Next Action Date"},
}

#: (status, substatus) each kind of change writes, per format; None leaves the cell blank (unchanged).
#: Every status/substatus pair reads back to the same disposition through the default substatus_map.
UPDATE_VALUES: dict[str, dict[str, tuple[str | None, str | None]]] = {
    "generic": {
        "suppress": ("Unqualified", "Do Not Contact"), "disqualify": ("Unqualified", "Bad Fit"),
        "create_opportunity": (None, None), "recycle": ("Open", "Recycled"),
        "not_ready": ("Unqualified", "Not Ready"), "unresponsive": ("Unqualified", "No Response"),
        "update_disposition": ("Contacted", None),
    },
    # Salesforce's default lead status picklist; the reason goes to the substatus field.
    "salesforce": {
        "suppress": ("Closed - Not Converted", "Do Not Contact"), "disqualify": ("Closed - Not Converted", "Bad Fit"),
        "create_opportunity": (None, None), "recycle": ("Open - Not Contacted", "Recycled"),
        "not_ready": ("Closed - Not Converted", "Not Ready"), "unresponsive": ("Closed - Not Converted", "No Response"),
        "update_disposition": ("Working - Contacted", None),
    },
    # HubSpot's internal hs_lead_status values.
    "hubspot": {
        "suppress": ("UNQUALIFIED", "Do Not Contact"), "disqualify": ("UNQUALIFIED", "Bad Fit"),
        "create_opportunity": (None, None), "recycle": ("OPEN", "Recycled"),
        "not_ready": ("BAD_TIMING", "Not Ready"), "unresponsive": ("ATTEMPTED_TO_CONTACT", "No Response"),
        "update_disposition": ("IN_PROGRESS", None),
    },
}

DATE_SOURCES: tuple[str, ...] = ("status_changed_at", "modified_at", "last_activity_at", "activities", "created_at")
_UPDATE_FIELDS = ("id", "status", "substatus", "owner", "nurture_track", "next_action_date")
_NAT = np.iinfo(np.int64).min
_NS_PER_DAY = 86_400 * 10**9
_STR = pd.StringDtype("pyarrow", na_value=np.nan)
_CONVERTED_STATUS = re.compile(r"(?<!not )\bconverted\b|\bopen deal\b")
_SF_ID = re.compile(r"^(?:00Q|003)[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?$")
_HUBSPOT_HEADERS = frozenset({"recordid", "hsobjectid", "recordidcontact", "contactowner", "hubspotownerid",
                              "hsleadstatus", "lifecyclestage", "lifecyclestagecontact"})
_SALESFORCE_HEADERS = frozenset({"leadid", "leadowner", "ownerid", "convertedopportunityid",
                                 "isconverted", "hasoptedoutofemail", "salesforceid", "18digitid"})


# --------------------------------------------------------------------------
# The result
# --------------------------------------------------------------------------


@dataclass
class LifecycleResult:
    """What :func:`plan_lifecycle` returns.

    * ``actions``: one row per lead (the leads' index): ``lead_id``,
      ``action`` (:data:`ACTIONS`), ``disposition`` (:data:`DISPOSITIONS`,
      missing when none), ``disposition_from`` (``substatus``, ``status``,
      ``unsubscribed``, ``bounced``, ``cadence``, ``sla``), ``disposition_at``
      (date, ISO), ``disposition_date_from`` (:data:`DATE_SOURCES`),
      ``days_since``, ``score``, ``nurture_track``, ``next_action_date`` and
      ``reason``.
    * ``updates``: only the leads that change and have an id, under the
      format's headers (:data:`FORMAT_HEADERS`; generic: the input's), then
      ``action`` and ``reason``.
    * ``counts``: leads per action; ``figures``: the rest of the summary.
    """

    actions: pd.DataFrame
    updates: pd.DataFrame
    format: str
    format_reason: str
    counts: dict[str, int]
    figures: dict[str, Any] = field(default_factory=dict)

    def summary(self) -> dict:
        """The figures as plain JSON-able values (the same numbers the table shows)."""
        return {"format": self.format, "format_reason": self.format_reason, "leads": len(self.actions),
                "updates": len(self.updates), "actions": dict(self.counts), **self.figures}


# --------------------------------------------------------------------------
# Small vectorised pieces
# --------------------------------------------------------------------------


def _column(frame: pd.DataFrame, mapping: ColumnMapping | None, canonical: str) -> pd.Series | None:
    name = None if mapping is None else mapping.get(canonical)
    return None if name is None or name not in frame.columns else frame[name]


def _text(values: pd.Series | None, n: int) -> pd.Series:
    """Trimmed text (Arrow strings), missing where blank; all missing when the column is absent."""
    if values is None:
        return pd.Series(pd.array([None] * n, dtype=_STR))
    text = values.reset_index(drop=True).astype(_STR).str.strip()
    return text.where(text.ne(""))


def _lookup(values: pd.Series | None, n: int, table: dict[str, str], names: tuple[str, ...]) -> np.ndarray:
    """Code into ``names`` of ``table[substatus_key(cell)]`` per row (-1 absent), once per distinct cell."""
    if values is None:
        return np.full(n, -1, dtype=np.int64)
    codes, uniques = pd.factorize(values.reset_index(drop=True), use_na_sentinel=True)
    lut = [names.index(table[substatus_key(u)]) if substatus_key(u) in table else -1 for u in uniques]
    return np.array(lut + [-1], dtype=np.int64)[codes]


def _matches(values: pd.Series | None, n: int, pattern: re.Pattern[str]) -> np.ndarray:
    if values is None:
        return np.zeros(n, dtype=bool)
    codes, uniques = pd.factorize(values.reset_index(drop=True), use_na_sentinel=True)
    lut = [bool(pattern.search(substatus_key(u))) for u in uniques]
    return np.array(lut + [False], dtype=bool)[codes]


def _flag(values: pd.Series | None, n: int) -> np.ndarray:
    return np.zeros(n, dtype=bool) if values is None else truthy(values).to_numpy(dtype=bool)


def _find_column(frame: pd.DataFrame, headers: dict[str, str] | None, names: tuple[str, ...]) -> str | None:
    """The frame column whose header is one of ``names`` (the earliest name wins), or None."""
    wanted = {header_key(name): rank for rank, name in enumerate(names)}
    found = [(wanted[key], column) for column in frame.columns
             if (key := header_key((headers or {}).get(column, column))) in wanted]
    return min(found)[1] if found else None


def _local_days(ns: np.ndarray, zone: str) -> np.ndarray:
    """Local calendar day numbers (days since 1970-01-01 in ``zone``); -1 where NaT."""
    out = np.full(len(ns), -1, dtype=np.int64)
    known = ns != _NAT
    if known.any():
        codes, uniques = pd.factorize(ns[known])
        local = pd.DatetimeIndex(np.asarray(uniques, dtype=np.int64).view("datetime64[ns]")).tz_localize("UTC")
        days = local.tz_convert(zone).tz_localize(None).asi8 // _NS_PER_DAY
        out[known] = days[codes]
    return out


def _day_text(days: np.ndarray) -> pd.Series:
    """ISO dates of day numbers, missing where -1 (built once per distinct day)."""
    codes, uniques = pd.factorize(days)
    texts = [None if d < 0 else str(np.datetime64(int(d), "D")) for d in uniques]
    return pd.Series(pd.array(texts, dtype=_STR).take(codes))


def _pick(names: list[str | None], codes: np.ndarray) -> pd.Series:
    """``names[code]`` per row as Arrow text (code -1 = missing)."""
    table = pd.array(list(names) + [None], dtype=_STR)
    return pd.Series(table.take(np.where(codes < 0, len(names), codes)))


def _quoted(text: pd.Series) -> pd.Series:
    return "'" + text.fillna("") + "'"


# --------------------------------------------------------------------------
# Format
# --------------------------------------------------------------------------


def detect_format(frame: pd.DataFrame, mapping: ColumnMapping, headers: dict[str, str] | None = None
                  ) -> tuple[str, str]:
    """(format, why) the input's headers show: HubSpot's ``Record ID``/``Contact owner``, Salesforce's
    ``Lead ID``/``Lead Owner``/``OwnerId`` or 15/18-character lead ids (``00Q...``); else generic."""
    shown = {column: (headers or {}).get(column, column) for column in frame.columns}
    keys = {header_key(h): h for h in shown.values()}
    hubspot = [keys[k] for k in keys if k in _HUBSPOT_HEADERS]
    if hubspot:
        return "hubspot", f"HubSpot headers in the input ({', '.join(repr(h) for h in hubspot[:2])})"
    salesforce = [keys[k] for k in keys if k in _SALESFORCE_HEADERS]
    if salesforce:
        return "salesforce", f"Salesforce headers in the input ({', '.join(repr(h) for h in salesforce[:2])})"
    ids = _column(frame, mapping, "lead_id")
    if ids is not None:
        sample = ids.dropna().astype(str).str.strip().head(50)
        sample = sample[sample.ne("")]
        if len(sample) and sample.str.match(_SF_ID).all():
            return "salesforce", "Salesforce lead ids (00Q...) in the input"
    return "generic", "no CRM-specific headers in the input"


# --------------------------------------------------------------------------
# The plan
# --------------------------------------------------------------------------


def _scores(frame: pd.DataFrame, mapping: ColumnMapping, config: RevopsConfig, now: pd.Timestamp,
            activities: ActivityLink | None, need: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(score per lead, True where revops computed it): the file's score, else score_leads where needed."""
    n = len(frame)
    column = frame["revops_score"] if "revops_score" in frame.columns else _column(frame, mapping, "score")
    score = np.full(n, np.nan)
    if column is not None:
        codes, uniques = pd.factorize(column.reset_index(drop=True), use_na_sentinel=True)
        text = pd.Series(np.asarray(uniques, dtype=object), dtype=object).astype("str").str.strip()
        parsed = pd.to_numeric(text.str.replace(",", "", regex=False), errors="coerce").to_numpy(float, na_value=np.nan)
        score = np.append(parsed, np.nan)[codes]
    computed = need & np.isnan(score)
    rows = np.flatnonzero(computed)
    if len(rows):  # score only those leads (their activities come along, re-pointed at the subset)
        scored = score_leads(frame.iloc[rows].reset_index(drop=True), mapping, config, now=now,
                             activities=_subset_link(activities, rows, n))
        score[rows] = scored.frame["revops_score"].to_numpy(dtype=float)
    return score, computed


def _subset_link(activities: ActivityLink | None, rows: np.ndarray, n: int) -> ActivityLink | None:
    """The activities of the leads at ``rows``, with ``lead_pos`` counted in that subset."""
    if activities is None:
        return None
    new_pos = np.full(n + 1, -1, dtype=np.int64)
    new_pos[rows] = np.arange(len(rows))
    pos = activities.frame["lead_pos"].to_numpy(dtype=np.int64)
    mapped = new_pos[np.where(pos >= 0, pos, n)]
    keep = mapped >= 0
    frame = activities.frame.loc[keep].copy()
    frame["lead_pos"] = mapped[keep]
    return ActivityLink(frame=frame, linked=int(keep.sum()), unlinked=0, by_lead_id=activities.by_lead_id,
                        by_email=activities.by_email, unparsable_times=activities.unparsable_times)


def _nurture(config: RevopsConfig, score: np.ndarray, now_ns: int) -> tuple[np.ndarray, list[str], pd.Series]:
    """(track code per lead, track names, next action date) for a lead entering nurture today.

    Reuses routing's nurture step: the ``nurture.tracks`` row holding the score, and the sequence's
    first step on or after the entry day (today: the day-0 welcome).
    """
    n = len(score)
    entry = np.full(n, now_ns, dtype=np.int64)
    track, _step, _names, touch, texts = nurture_plan(config, np.nan_to_num(score), entry, now_ns)
    names = [t.name for t in config.nurture.tracks]
    return track, names, _pick(list(texts), touch) if len(texts) else _pick([], np.full(n, -1, dtype=np.int64))


def plan_lifecycle(
    leads: pd.DataFrame,
    mapping: ColumnMapping,
    config: RevopsConfig,
    *,
    now: pd.Timestamp,
    activities: ActivityLink | None = None,
    opportunities: pd.DataFrame | None = None,
    opportunity_mapping: ColumnMapping | None = None,
    roster: Roster | None = None,
    crm_format: str | None = None,
    headers: dict[str, str] | None = None,
) -> LifecycleResult:
    """The action each lead needs today and the update file that makes it (see the module docstring).

    ``activities`` comes from :func:`~revops_cli.core.sales.activities.prepare_activities` over this same
    ``leads`` frame; ``opportunities`` is an opportunity export read with the ``opportunities`` schema;
    ``roster`` gives the SLA audit the reps' calendars. ``crm_format`` is one of :data:`FORMATS`, None
    for the one the input shows; ``headers`` maps frame columns to the original header spelling.
    Raises :class:`~revops_cli.errors.RevopsInputError` when there is no id column or the format is
    unknown. Never reads or writes files; ``leads`` is not changed.
    """
    lifecycle, zone = config.lifecycle, config.general.timezone
    id_column = mapping.get("lead_id")
    if id_column is None or id_column not in leads.columns:
        raise RevopsInputError(
            "the leads file has no record id column (looked for 'Lead ID', 'Id', 'Record ID', 'Contact ID', ...): "
            "the update file needs the CRM's id to update each record. Export the id, or map it with "
            "--map lead_id=HEADER.")
    if crm_format is not None and crm_format not in FORMATS:
        raise RevopsInputError(f"--format {crm_format!r}: give one of {', '.join(FORMATS)}.")
    frame = leads.reset_index(drop=True)
    n = len(frame)
    if crm_format is None:
        crm_format, format_reason = detect_format(frame, mapping, headers)
    else:
        format_reason = "--format"
    custom_status = lifecycle.update_status.get(crm_format, {})
    values = {kind: (custom_status.get(kind, status), substatus)
              for kind, (status, substatus) in UPDATE_VALUES[crm_format].items()}
    now = pd.Timestamp(now)
    if now.tzinfo is None:
        now = now.tz_localize(zone)
    now_ns = int(now.tz_convert("UTC").as_unit("ns").value)
    today = int(_local_days(np.array([now_ns], dtype=np.int64), zone)[0])

    # Disposition: the substatus when the map knows it, else the status.
    lookup = lifecycle.substatus_lookup
    status_col, substatus_col = _column(frame, mapping, "status"), _column(frame, mapping, "substatus")
    by_status = _lookup(status_col, n, lookup, DISPOSITIONS)
    by_substatus = _lookup(substatus_col, n, lookup, DISPOSITIONS)
    dnc = DISPOSITIONS.index("do_not_contact")
    said_dnc = (by_status == dnc) | (by_substatus == dnc)  # either one saying Do Not Contact is enough
    disposition = np.where(said_dnc, dnc, np.where(by_substatus >= 0, by_substatus, by_status))
    from_substatus = np.where(said_dnc, by_substatus == dnc, by_substatus >= 0)
    disposition_from = np.where(disposition < 0, -1, np.where(from_substatus, 0, 1))  # 0 substatus, 1 status
    unsubscribed = _flag(_column(frame, mapping, "unsubscribed"), n)
    bounced = _flag(_column(frame, mapping, "bounced"), n)
    suppress = said_dnc | unsubscribed | bounced

    # Who owns it: the marketing queue already?
    owner_col = _column(frame, mapping, "owner")
    queue = {substatus_key(lifecycle.marketing_queue): "queue"}
    in_marketing = _lookup(owner_col, n, queue, ("queue",)) >= 0

    # The SLA audit: unresponsive after the cadence, status stuck after the first touch.
    audit = audit_sla(frame, mapping, activities, config, now=now, roster=roster)
    unresponsive = np.zeros(n, dtype=bool)
    unresponsive[audit.unresponsive.index.to_numpy(dtype=np.int64)] = True
    stuck = np.zeros(n, dtype=bool)
    stuck[audit.stuck_open.index.to_numpy(dtype=np.int64)] = True
    cad_calls = np.zeros(n, dtype=np.int64)
    cad_emails = np.zeros(n, dtype=np.int64)
    cad_calls[audit.unresponsive.index] = audit.unresponsive["calls"].to_numpy(dtype=np.int64)
    cad_emails[audit.unresponsive.index] = audit.unresponsive["emails"].to_numpy(dtype=np.int64)
    last_touch = np.full(n, _NAT, dtype=np.int64)
    if len(audit.unresponsive):
        last_touch[audit.unresponsive.index] = _ns(audit.unresponsive["last_touch_at"])
    first_touch = np.full(n, _NAT, dtype=np.int64)
    if len(audit.stuck_open):
        first_touch[audit.stuck_open.index] = _ns(audit.stuck_open["first_touch_at"])

    # Opportunity already there?
    converted_col = _find_column(frame, headers, CONVERTED_HEADERS)
    converted = _flag(None if converted_col is None else frame[converted_col], n) \
        | _matches(status_col, n, _CONVERTED_STATUS)
    opportunity_linked = np.zeros(n, dtype=bool)
    if opportunities is not None and opportunity_mapping is not None:
        opportunity_linked = _linked_opportunities(frame, mapping, opportunities, opportunity_mapping)
    has_opportunity = converted | opportunity_linked

    # Disposition date: status changed, last modified, last activity, latest activity, created.
    dates = ColumnMapping(fields={name: column for name in ("status_changed_at", "last_activity_at", "created_at")
                                  if (column := mapping.get(name)) is not None})
    modified = _find_column(frame, headers, MODIFIED_HEADERS)
    if modified is not None:
        dates.fields["modified_at"] = modified
    when, when_from = _disposition_dates(frame, dates, activities, zone, np.flatnonzero(disposition >= 0))
    when_day = _local_days(when, zone)
    days_since = np.where(when_day >= 0, today - when_day, -1)

    # The action, first rule that applies.
    d = disposition
    no_response = (d == DISPOSITIONS.index("no_response")) & ~suppress
    due = no_response & (days_since >= lifecycle.recycle_days)
    is_not_ready = (d == DISPOSITIONS.index("not_ready")) & ~suppress
    cadence_done = (d < 0) & unresponsive & ~suppress & ~in_marketing
    conditions = [
        suppress,
        d == DISPOSITIONS.index("bad_fit"),
        (d == DISPOSITIONS.index("qualified")) & ~has_opportunity,
        due,
        is_not_ready | cadence_done,
        (d < 0) & stuck & ~in_marketing,
    ]
    action = np.select(conditions, list(range(len(conditions))), default=len(ACTIONS) - 1).astype(np.int64)

    # Already done: the status already reads the disposition (and the owner is the queue, for Not Ready).
    owner_known = owner_col is not None
    already = np.zeros(n, dtype=bool)
    closed = by_status == DISPOSITIONS.index("bad_fit")  # "Closed - Not Converted", "UNQUALIFIED"
    already |= (action == 0) & ((by_status == dnc) | (closed & ((by_substatus == dnc) | (substatus_col is None))))
    already |= (action == 1) & (by_status == DISPOSITIONS.index("bad_fit"))
    already_nurtured = (action == 4) & is_not_ready & np.where(
        owner_known, in_marketing, by_status == DISPOSITIONS.index("not_ready"))
    already |= already_nurtured
    planned = action.copy()
    action = np.where(already, len(ACTIONS) - 1, action)

    # Score and nurture track for the leads going to marketing.
    to_marketing = np.isin(action, [ACTIONS.index("recycle"), ACTIONS.index("return_to_nurture")])
    score, computed = _scores(frame, mapping, config, now, activities, to_marketing)
    track, track_names, next_touch = _nurture(config, score, now_ns)
    track = np.where(to_marketing, track, -1)
    track_text = _pick(list(track_names), track)
    next_date = next_touch.where(pd.Series(to_marketing), None)
    update_day = np.isin(action, [ACTIONS.index("create_opportunity"), ACTIONS.index("update_disposition")])
    today_text = str(np.datetime64(today, "D"))
    next_date = next_date.where(~pd.Series(update_day), today_text)

    # What each action writes.
    kind = np.where(action == 4, np.where(is_not_ready, 7, 8), action)  # 7 not_ready, 8 unresponsive
    kind_names = ["suppress", "disqualify", "create_opportunity", "recycle", "", "update_disposition", "",
                  "not_ready", "unresponsive"]
    status_out = _pick([values[k][0] if k else None for k in kind_names], kind)
    substatus_out = _pick([values[k][1] if k else None for k in kind_names], kind)
    owner_out = _pick([lifecycle.marketing_queue], np.where(to_marketing, 0, -1))

    reason = _reasons(
        frame=frame, n=n, action=action, planned=planned, kind=kind, disposition=disposition,
        disposition_from=disposition_from, status_text=_text(status_col, n), substatus_text=_text(substatus_col, n),
        said_dnc=said_dnc, unsubscribed=unsubscribed, bounced=bounced, unresponsive=unresponsive,
        mapping=mapping, when_day=when_day, when_from=when_from, days_since=days_since, config=config,
        track_text=track_text, status_out=status_out, cad_calls=cad_calls, cad_emails=cad_emails,
        last_touch=last_touch, first_touch=first_touch, has_opportunity=has_opportunity,
        opportunity_linked=opportunity_linked, in_marketing=in_marketing, score=score, computed=computed,
        stuck=stuck,
    )

    ids = _text(frame[id_column], n)
    disposition_names = list(DISPOSITIONS)
    source = np.where(d >= 0, disposition_from, -1)
    source = np.where(~said_dnc & unsubscribed & (action == 0) & (d != dnc), 2, source)
    source = np.where(~said_dnc & ~unsubscribed & bounced & (action == 0) & (d != dnc), 3, source)
    source = np.where((d < 0) & (action == 4), 4, source)
    source = np.where((d < 0) & (action == 5), 5, source)
    actions = pd.DataFrame({
        "lead_id": ids,
        "action": _pick(list(ACTIONS), action),
        "disposition": _pick(disposition_names, d),
        "disposition_from": _pick(["substatus", "status", "unsubscribed", "bounced", "cadence", "sla"], source),
        "disposition_at": _day_text(when_day),
        "disposition_date_from": _pick(list(DATE_SOURCES), when_from),
        "days_since": pd.Series(days_since).where(days_since >= 0).astype("Int64"),
        "score": pd.Series(np.round(score)).astype("Int64"),
        "nurture_track": track_text,
        "next_action_date": next_date,
        "reason": reason,
    })
    actions.index = leads.index

    # The update file: leads that change and have an id.
    changes = (action != len(ACTIONS) - 1) & ids.notna().to_numpy(dtype=bool)
    rows = np.flatnonzero(changes)
    names = {**_update_headers(crm_format, frame, mapping, headers), **lifecycle.update_headers.get(crm_format, {})}
    columns = {"id": ids, "status": status_out, "substatus": substatus_out, "owner": owner_out,
               "nurture_track": track_text, "next_action_date": next_date}
    updates = pd.DataFrame({names[key]: columns[key].iloc[rows].reset_index(drop=True) for key in _UPDATE_FIELDS})
    updates["action"] = actions["action"].iloc[rows].reset_index(drop=True)
    updates["reason"] = reason.iloc[rows].reset_index(drop=True)

    counts_array = np.bincount(action, minlength=len(ACTIONS))
    counts = {name: int(c) for name, c in zip(ACTIONS, counts_array)}
    date_counts = np.bincount(when_from[(d == DISPOSITIONS.index("no_response")) & (when_from >= 0)],
                              minlength=len(DATE_SOURCES))
    figures = {
        "as_of": now.tz_convert(zone).isoformat(),
        "no_id": int(((action != len(ACTIONS) - 1) & ids.isna().to_numpy(dtype=bool)).sum()),
        "already_done": int(already.sum()),
        "recycle_pending": int((no_response & ~due & (days_since >= 0)).sum()),
        "recycle_no_date": int((no_response & (days_since < 0)).sum()),
        "return_to_nurture_not_ready": int(((action == 4) & is_not_ready).sum()),
        "return_to_nurture_unresponsive": int(((action == 4) & ~is_not_ready).sum()),
        "suppressed_also_unresponsive": int(((action == 0) & unresponsive).sum()),
        "no_response_date_from": {name: int(c) for name, c in zip(DATE_SOURCES, date_counts) if c},
        "scored_by_revops": int((computed & to_marketing).sum()),
        "opportunities_linked": int(opportunity_linked.sum()),
        "nurture_tracks": {name: int(c) for name, c in
                           zip(track_names, np.bincount(track[track >= 0], minlength=len(track_names))) if c},
        "recycle_days": lifecycle.recycle_days,
        "marketing_queue": lifecycle.marketing_queue,
        "columns": {key: names[key] for key in _UPDATE_FIELDS},
    }
    return LifecycleResult(actions=actions, updates=updates, format=crm_format, format_reason=format_reason,
                           counts=counts, figures=figures)


def _ns(values: pd.Series) -> np.ndarray:
    return pd.DatetimeIndex(values).tz_convert("UTC").as_unit("ns").asi8


def _linked_opportunities(frame: pd.DataFrame, mapping: ColumnMapping, opportunities: pd.DataFrame,
                          opportunity_mapping: ColumnMapping) -> np.ndarray:
    """True where an opportunity names the lead: its converted-lead id, else its contact email."""
    n = len(frame)
    linked = np.zeros(n, dtype=bool)
    for lead_field, opp_field, fold in (("lead_id", "lead_id", False), ("email", "email", True)):
        ours, theirs = _column(frame, mapping, lead_field), _column(opportunities, opportunity_mapping, opp_field)
        if ours is None or theirs is None:
            continue
        keys = _text(theirs, len(opportunities)).dropna()
        mine = _text(ours, n)
        if fold:
            keys, mine = keys.str.casefold(), mine.str.casefold()
        linked |= mine.isin(set(keys)).fillna(False).to_numpy(dtype=bool) & mine.notna().to_numpy(dtype=bool)
    return linked


def _disposition_dates(frame: pd.DataFrame, mapping: ColumnMapping, activities: ActivityLink | None,
                       zone: str, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(UTC ns, code into DATE_SOURCES) per lead: the first filled source in DATE_SOURCES order.

    Only the leads at ``rows`` (those with a disposition) get a date; the rest are NaT / -1.
    """
    n = len(frame)
    when = np.full(len(rows), _NAT, dtype=np.int64)
    source = np.full(len(rows), -1, dtype=np.int64)
    subset = frame.iloc[rows]
    for code, name in enumerate(DATE_SOURCES):
        if name == "activities":
            latest = _latest_activity(activities, n)
            values = None if latest is None else latest[rows]
        else:
            values = lead_timestamps(subset, mapping, name, zone)
        if values is None:
            continue
        fill = (when == _NAT) & (values != _NAT)
        when = np.where(fill, values, when)
        source = np.where(fill, code, source)
    all_when = np.full(n, _NAT, dtype=np.int64)
    all_source = np.full(n, -1, dtype=np.int64)
    all_when[rows], all_source[rows] = when, source
    return all_when, all_source


def _latest_activity(activities: ActivityLink | None, n: int) -> np.ndarray | None:
    if activities is None or not len(activities.frame):
        return None
    pos = activities.frame["lead_pos"].to_numpy(dtype=np.int64)
    at = _ns(activities.frame["at"])
    keep = (pos >= 0) & (at != _NAT)
    out = np.full(n, _NAT, dtype=np.int64)
    np.maximum.at(out, pos[keep], at[keep])
    return out


def _update_headers(crm_format: str, frame: pd.DataFrame, mapping: ColumnMapping,
                    headers: dict[str, str] | None) -> dict[str, str]:
    """Header of each update field: the format's, or (generic) the input's own where it has the field."""
    names = dict(FORMAT_HEADERS[crm_format])
    if crm_format == "generic":
        for key, canonical in (("id", "lead_id"), ("status", "status"), ("substatus", "substatus"),
                               ("owner", "owner")):
            column = mapping.get(canonical)
            if column is not None and column in frame.columns:
                names[key] = (headers or {}).get(column, column)
    return names


def _reasons(*, frame: pd.DataFrame, n: int, action: np.ndarray, planned: np.ndarray, kind: np.ndarray,
             disposition: np.ndarray, disposition_from: np.ndarray, status_text: pd.Series,
             substatus_text: pd.Series, said_dnc: np.ndarray, unsubscribed: np.ndarray, bounced: np.ndarray,
             unresponsive: np.ndarray, mapping: ColumnMapping, when_day: np.ndarray, when_from: np.ndarray,
             days_since: np.ndarray, config: RevopsConfig, track_text: pd.Series, status_out: pd.Series,
             cad_calls: np.ndarray, cad_emails: np.ndarray, last_touch: np.ndarray, first_touch: np.ndarray,
             has_opportunity: np.ndarray, opportunity_linked: np.ndarray, in_marketing: np.ndarray,
             score: np.ndarray, computed: np.ndarray, stuck: np.ndarray) -> pd.Series:
    """One plain sentence per lead, built column-wise over the rows each sentence is for (no Python per row).

    Later sentences overwrite earlier ones for the same lead (the "already ..." notes of ``none``).
    """
    lifecycle, sla, zone = config.lifecycle, config.sla, config.general.timezone
    recycle = str(lifecycle.recycle_days)
    names = ["Qualified", "Not Ready", "Bad Fit", "No Response", "Do Not Contact"]
    date_names = ["status changed", "last modified", "last activity", "latest activity", "created"]
    unsub_header = mapping.get("unsubscribed") or "unsubscribed"
    bounce_header = mapping.get("bounced") or "bounced"
    bounce_column = _column(frame, mapping, "bounced")
    out = np.full(n, "", dtype=object)

    def put(mask: np.ndarray, *parts: Any) -> None:
        """Join ``parts`` over the rows of ``mask``: text, full-length Series, or callables of the rows."""
        rows = np.flatnonzero(mask)
        if not len(rows):
            return
        text = pd.Series(pd.array([""] * len(rows), dtype=_STR))
        for part in parts:
            if callable(part):
                part = part(rows)
            elif isinstance(part, pd.Series):
                part = part.iloc[rows]
            if isinstance(part, pd.Series):
                part = part.reset_index(drop=True).astype(_STR).fillna("")
            text = text + part
        out[rows] = text.to_numpy(dtype=object)

    def said(rows: np.ndarray) -> pd.Series:  # "substatus 'Competitor'"
        from_sub = disposition_from[rows] == 0
        value = np.where(from_sub, substatus_text.iloc[rows].fillna(""), status_text.iloc[rows].fillna(""))
        return pd.Series(np.where(from_sub, "substatus '", "status '"), dtype=_STR) + pd.Series(value, dtype=_STR)

    def what(rows: np.ndarray) -> pd.Series:  # "Bad Fit (substatus 'Competitor')"
        return _pick(names, disposition[rows]) + " (" + said(rows) + "')"

    def day(rows: np.ndarray) -> pd.Series:
        return _day_text(when_day[rows])

    def days(rows: np.ndarray) -> pd.Series:
        return pd.Series(days_since[rows]).astype(_STR)

    def date_from(rows: np.ndarray) -> pd.Series:
        return _pick(date_names, when_from[rows])

    def track(rows: np.ndarray) -> pd.Series:
        score_text = pd.Series(np.where(np.isnan(score[rows]), 0, np.round(score[rows])).astype(np.int64)).astype(_STR)
        how = pd.Series(np.where(computed[rows], " (scored by revops)", ""), dtype=_STR)
        return "track " + track_text.iloc[rows].reset_index(drop=True).fillna("") + ", score " + score_text + how

    def also(rows: np.ndarray) -> pd.Series:
        return pd.Series(np.where(unresponsive[rows], "; also unresponsive after the cadence, suppression wins", ""),
                         dtype=_STR)

    stop = ": suppress, no sales or marketing contact"
    put(said_dnc, "Do Not Contact (", said, "')", stop, also)
    put(~said_dnc & unsubscribed, f"unsubscribed ({unsub_header} is set)", stop, also)
    put(~said_dnc & ~unsubscribed & bounced, f"hard bounce ({bounce_header} '",
        lambda rows: _text(bounce_column.iloc[rows], len(rows)), "')", stop, also)
    put(action == 1, what, ": disqualify, status ", status_out)
    put(action == 2, what, ": no opportunity linked, create the opportunity (convert the lead in the CRM)")
    put(action == 3, "No Response since ", day, " (", days, f" days ≥ {recycle}; date from ", date_from,
        "): recycle to marketing, ", track)
    put((action == 4) & (kind == 7), what, ": return to marketing, ", track)
    put((action == 4) & (kind == 8), "no contact after ", lambda rows: pd.Series(cad_calls[rows]).astype(_STR),
        " calls and ", lambda rows: pd.Series(cad_emails[rows]).astype(_STR),
        f" emails over {sla.cadence_days} days (need {sla.cadence_calls} and {sla.cadence_emails}; last touch ",
        lambda rows: _day_text(_local_days(last_touch[rows], zone)),
        "): mark unresponsive (No Response) and return to marketing nurture, ", track)
    put(action == 5, "first touch ", lambda rows: _day_text(_local_days(first_touch[rows], zone)),
        ", status still '", status_text, f"' more than {sla.disposition_hours} hours later: set status ",
        status_out, " and record substatus, next action date and notes")

    # none: say why where there is something to say.
    none = action == len(ACTIONS) - 1
    no_response = none & (disposition == DISPOSITIONS.index("no_response")) & ~said_dnc
    put(no_response & (days_since >= 0), "No Response since ", day, " (", days, f" days < {recycle}; date from ",
        date_from, "): recycle on ", lambda rows: _day_text(when_day[rows] + lifecycle.recycle_days))
    put(no_response & (days_since < 0), f"No Response, but no date to count the {recycle} days from (no status "
        "changed, last modified, activity or created date): not recycled")
    put(none & (planned == 0), "already suppressed (status '", status_text, "')")
    put(none & (planned == 1), "already disqualified (status '", status_text, "')")
    put(none & (planned == 4), "Not Ready and already with marketing")
    put(none & (disposition == 0) & has_opportunity & opportunity_linked,
        "Qualified, an opportunity is linked: nothing to do")
    put(none & (disposition == 0) & has_opportunity & ~opportunity_linked,
        "Qualified, the status or converted column says converted: nothing to do")
    put(none & (disposition < 0) & in_marketing & (unresponsive | stuck),
        f"owned by {lifecycle.marketing_queue}: in marketing nurture, no sales action")
    return pd.Series(pd.array(out, dtype=_STR))

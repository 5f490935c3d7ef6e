"""What a lead's lifecycle action is decided on: its disposition, the SLA cadence, an opportunity, dates, score.

Lead Management SOP, 6. Lead Disposition, and the sales–marketing hand-back;
see :mod:`revops_cli.core.leads.lifecycle` for the decisions. Each step reads
the leads' columns once per distinct cell into arrays with one value per lead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from revops_cli.columns import CONVERTED_HEADERS, MODIFIED_HEADERS, ColumnMapping
from revops_cli.config import LifecycleConfig, RevopsConfig, substatus_key
from revops_cli.core.leads.lifecycle.codes import (ACTIONS, DATE_SOURCES, DISPOSITIONS, _NAT, _column, _find_column,
                                                   _flag, _local_days, _lookup, _matches, _ns, _pick, _text)
from revops_cli.core.leads.routing import Roster, nurture_plan
from revops_cli.core.leads.scoring import score_leads
from revops_cli.core.sales.activities import ActivityLink
from revops_cli.core.sales.sla import audit_sla, lead_timestamps

_CONVERTED_STATUS = re.compile(r"(?<!not )\bconverted\b|\bopen deal\b")


@dataclass
class _Dispositions:
    """What the status, substatus and suppression cells say, per lead (codes into DISPOSITIONS, -1 none)."""

    status: pd.Series | None  # the status column, None when the file has none
    substatus: pd.Series | None
    by_status: np.ndarray
    by_substatus: np.ndarray
    said_dnc: np.ndarray  # status or substatus reads Do Not Contact
    code: np.ndarray  # the disposition
    source: np.ndarray  # where the disposition came from: 0 substatus, 1 status, -1 none
    unsubscribed: np.ndarray
    bounced: np.ndarray
    suppress: np.ndarray


def _dispositions(frame: pd.DataFrame, mapping: ColumnMapping, lifecycle: LifecycleConfig) -> _Dispositions:
    """Disposition: the substatus when the map knows it, else the status; either one reading Do Not Contact."""
    n = len(frame)
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
    return _Dispositions(status=status_col, substatus=substatus_col, by_status=by_status, by_substatus=by_substatus,
                         said_dnc=said_dnc, code=disposition, source=disposition_from, unsubscribed=unsubscribed,
                         bounced=bounced, suppress=said_dnc | unsubscribed | bounced)


def _in_marketing(frame: pd.DataFrame, mapping: ColumnMapping, lifecycle: LifecycleConfig) -> np.ndarray:
    """Who owns it: the marketing queue already?"""
    queue = {substatus_key(lifecycle.marketing_queue): "queue"}
    return _lookup(_column(frame, mapping, "owner"), len(frame), queue, ("queue",)) >= 0


@dataclass
class _Cadence:
    """The SLA audit's findings per lead: unresponsive after the cadence, status stuck after the first touch."""

    unresponsive: np.ndarray
    stuck: np.ndarray
    calls: np.ndarray  # in the cadence window, for the unresponsive
    emails: np.ndarray
    last_touch: np.ndarray  # UTC ns, NaT where not unresponsive
    first_touch: np.ndarray  # UTC ns, NaT where not stuck


def _cadence(frame: pd.DataFrame, mapping: ColumnMapping, activities: ActivityLink | None, config: RevopsConfig,
             now: pd.Timestamp, roster: Roster | None) -> _Cadence:
    """The SLA audit: unresponsive after the cadence, status stuck after the first touch."""
    n = len(frame)
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
    return _Cadence(unresponsive=unresponsive, stuck=stuck, calls=cad_calls, emails=cad_emails,
                    last_touch=last_touch, first_touch=first_touch)


def _opportunity(frame: pd.DataFrame, mapping: ColumnMapping, headers: dict[str, str] | None,
                 status_col: pd.Series | None, opportunities: pd.DataFrame | None,
                 opportunity_mapping: ColumnMapping | None) -> tuple[np.ndarray, np.ndarray]:
    """(has an opportunity, one is linked in ``opportunities``) per lead.

    Has one: linked, or the converted column or the status says converted.
    """
    n = len(frame)
    converted_col = _find_column(frame, headers, CONVERTED_HEADERS)
    converted = _flag(None if converted_col is None else frame[converted_col], n) \
        | _matches(status_col, n, _CONVERTED_STATUS)
    opportunity_linked = np.zeros(n, dtype=bool)
    if opportunities is not None and opportunity_mapping is not None:
        opportunity_linked = _linked_opportunities(frame, mapping, opportunities, opportunity_mapping)
    return converted | opportunity_linked, opportunity_linked


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


@dataclass
class _DispositionDate:
    """Per lead with a disposition: its local day (-1 none), the source (into DATE_SOURCES) and the days since."""

    day: np.ndarray
    source: np.ndarray
    days_since: np.ndarray


def _disposition_date(frame: pd.DataFrame, mapping: ColumnMapping, headers: dict[str, str] | None,
                      activities: ActivityLink | None, zone: str, disposition: np.ndarray,
                      today: int) -> _DispositionDate:
    """Disposition date: status changed, last modified, last activity, latest activity, created."""
    dates = ColumnMapping(fields={name: column for name in ("status_changed_at", "last_activity_at", "created_at")
                                  if (column := mapping.get(name)) is not None})
    modified = _find_column(frame, headers, MODIFIED_HEADERS)
    if modified is not None:
        dates.fields["modified_at"] = modified
    when, when_from = _disposition_dates(frame, dates, activities, zone, np.flatnonzero(disposition >= 0))
    when_day = _local_days(when, zone)
    days_since = np.where(when_day >= 0, today - when_day, -1)
    return _DispositionDate(day=when_day, source=when_from, days_since=days_since)


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


@dataclass
class _NextSteps:
    """Per lead: going to marketing, its score and nurture track, and the next action date."""

    to_marketing: np.ndarray
    score: np.ndarray
    computed: np.ndarray  # True where revops scored the lead
    track: np.ndarray  # into track_names, -1 when not going to marketing
    track_names: list[str]
    track_text: pd.Series
    next_date: pd.Series


def _next_steps(frame: pd.DataFrame, mapping: ColumnMapping, config: RevopsConfig, now: pd.Timestamp,
                activities: ActivityLink | None, action: np.ndarray, now_ns: int, today: int) -> _NextSteps:
    """Score and nurture track for the leads going to marketing; today for the CRM updates the owner makes."""
    to_marketing = np.isin(action, [ACTIONS.index("recycle"), ACTIONS.index("return_to_nurture")])
    score, computed = _scores(frame, mapping, config, now, activities, to_marketing)
    track, track_names, next_touch = _nurture(config, score, now_ns)
    track = np.where(to_marketing, track, -1)
    track_text = _pick(list(track_names), track)
    next_date = next_touch.where(pd.Series(to_marketing), None)
    update_day = np.isin(action, [ACTIONS.index("create_opportunity"), ACTIONS.index("update_disposition")])
    today_text = str(np.datetime64(today, "D"))
    next_date = next_date.where(~pd.Series(update_day), today_text)
    return _NextSteps(to_marketing=to_marketing, score=score, computed=computed, track=track,
                      track_names=track_names, track_text=track_text, next_date=next_date)


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

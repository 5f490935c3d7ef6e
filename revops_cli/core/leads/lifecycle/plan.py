"""The lifecycle plan: the action the Lead Management SOP requires of each lead today (6. Lead Disposition).

:func:`plan_lifecycle` reads what each lead's cells and the SLA audit say
(:mod:`.evidence`), gives it the first action that applies (:data:`ACTIONS`;
see :mod:`revops_cli.core.leads.lifecycle` for the order), and builds the
reasons (:mod:`.reasons`) and the CRM update file (:mod:`.update_file`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from revops_cli.columns import ColumnMapping
from revops_cli.config import LifecycleConfig, RevopsConfig
from revops_cli.core.leads.lifecycle.codes import (ACTIONS, DATE_SOURCES, DISPOSITIONS, _column, _day_text,
                                                   _local_days, _pick, _text)
from revops_cli.core.leads.lifecycle.evidence import (_Cadence, _DispositionDate, _Dispositions, _NextSteps,
                                                      _cadence, _disposition_date, _dispositions, _in_marketing,
                                                      _next_steps, _opportunity)
from revops_cli.core.leads.lifecycle.reasons import _reasons
from revops_cli.core.leads.lifecycle.update_file import (_UPDATE_FIELDS, FORMATS, _update_file, _update_values,
                                                         _writes, detect_format)
from revops_cli.core.leads.routing import Roster
from revops_cli.core.sales.activities import ActivityLink
from revops_cli.errors import RevopsInputError


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
    """The action each lead needs today and the update file that makes it (see the package docstring).

    ``activities`` comes from :func:`~revops_cli.core.sales.activities.prepare_activities` over this same
    ``leads`` frame; ``opportunities`` is an opportunity export read with the ``opportunities`` schema;
    ``roster`` gives the SLA audit the reps' calendars. ``crm_format`` is one of :data:`FORMATS`, None
    for the one the input shows; ``headers`` maps frame columns to the original header spelling.
    Raises :class:`~revops_cli.errors.RevopsInputError` when there is no id column or the format is
    unknown. Never reads or writes files; ``leads`` is not changed.
    """
    lifecycle, zone = config.lifecycle, config.general.timezone
    _check_inputs(leads, mapping, crm_format)
    frame = leads.reset_index(drop=True)
    n = len(frame)
    if crm_format is None:
        crm_format, format_reason = detect_format(frame, mapping, headers)
    else:
        format_reason = "--format"
    now = pd.Timestamp(now)
    if now.tzinfo is None:
        now = now.tz_localize(zone)
    now_ns = int(now.tz_convert("UTC").as_unit("ns").value)
    today = int(_local_days(np.array([now_ns], dtype=np.int64), zone)[0])

    disp = _dispositions(frame, mapping, lifecycle)
    in_marketing = _in_marketing(frame, mapping, lifecycle)
    cadence = _cadence(frame, mapping, activities, config, now, roster)
    has_opportunity, opportunity_linked = _opportunity(frame, mapping, headers, disp.status, opportunities,
                                                       opportunity_mapping)
    date = _disposition_date(frame, mapping, headers, activities, zone, disp.code, today)
    choice = _choose_actions(disp, cadence, date, in_marketing, has_opportunity, lifecycle,
                             owner_known=_column(frame, mapping, "owner") is not None)
    steps = _next_steps(frame, mapping, config, now, activities, choice.action, now_ns, today)
    writes = _writes(choice.action, choice.is_not_ready, steps.to_marketing, _update_values(crm_format, lifecycle),
                     lifecycle.marketing_queue)
    reason = _reasons(frame, mapping, config, action=choice.action, planned=choice.planned, disp=disp,
                      cadence=cadence, date=date, steps=steps, writes=writes, has_opportunity=has_opportunity,
                      opportunity_linked=opportunity_linked, in_marketing=in_marketing)

    ids = _text(frame[mapping.get("lead_id")], n)
    actions = _actions_frame(ids, choice, disp, date, steps, reason)
    actions.index = leads.index
    updates, names = _update_file(crm_format, frame, mapping, headers, lifecycle, ids, choice.action, writes,
                                  steps.track_text, steps.next_date, actions, reason)
    counts_array = np.bincount(choice.action, minlength=len(ACTIONS))
    counts = {name: int(c) for name, c in zip(ACTIONS, counts_array)}
    figures = _figures(now.tz_convert(zone), lifecycle, ids, choice, disp, date, steps, cadence,
                       opportunity_linked, names)
    return LifecycleResult(actions=actions, updates=updates, format=crm_format, format_reason=format_reason,
                           counts=counts, figures=figures)


def _check_inputs(leads: pd.DataFrame, mapping: ColumnMapping, crm_format: str | None) -> None:
    """An update file needs the CRM's record id, and a format revops can write."""
    id_column = mapping.get("lead_id")
    if id_column is None or id_column not in leads.columns:
        raise RevopsInputError(
            "the leads file has no record id column (looked for 'Lead ID', 'Id', 'Record ID', 'Contact ID', ...): "
            "the update file needs the CRM's id to update each record. Export the id, or map it with "
            "--map lead_id=HEADER.")
    if crm_format is not None and crm_format not in FORMATS:
        raise RevopsInputError(f"--format {crm_format!r}: give one of {', '.join(FORMATS)}.")


@dataclass
class _Choice:
    """Per lead: the action (into ACTIONS), the one planned before "already done", and the conditions used."""

    action: np.ndarray
    planned: np.ndarray
    already: np.ndarray
    no_response: np.ndarray
    due: np.ndarray
    is_not_ready: np.ndarray


def _choose_actions(disp: _Dispositions, cadence: _Cadence, date: _DispositionDate, in_marketing: np.ndarray,
                    has_opportunity: np.ndarray, lifecycle: LifecycleConfig, *, owner_known: bool) -> _Choice:
    """The action, first rule that applies; ``none`` where the status already reads it."""
    d, suppress, days_since = disp.code, disp.suppress, date.days_since
    unresponsive, stuck = cadence.unresponsive, cadence.stuck
    by_status, by_substatus = disp.by_status, disp.by_substatus
    dnc = DISPOSITIONS.index("do_not_contact")
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
    already = np.zeros(len(d), dtype=bool)
    closed = by_status == DISPOSITIONS.index("bad_fit")  # "Closed - Not Converted", "UNQUALIFIED"
    already |= (action == 0) & ((by_status == dnc) | (closed & ((by_substatus == dnc) | (disp.substatus is None))))
    already |= (action == 1) & (by_status == DISPOSITIONS.index("bad_fit"))
    already_nurtured = (action == 4) & is_not_ready & np.where(
        owner_known, in_marketing, by_status == DISPOSITIONS.index("not_ready"))
    already |= already_nurtured
    planned = action.copy()
    action = np.where(already, len(ACTIONS) - 1, action)
    return _Choice(action=action, planned=planned, already=already, no_response=no_response, due=due,
                   is_not_ready=is_not_ready)


def _actions_frame(ids: pd.Series, choice: _Choice, disp: _Dispositions, date: _DispositionDate,
                   steps: _NextSteps, reason: pd.Series) -> pd.DataFrame:
    """One row per lead: its action, disposition and where it came from, dates, score, track and reason."""
    action, d, days_since = choice.action, disp.code, date.days_since
    dnc = DISPOSITIONS.index("do_not_contact")
    said_dnc, unsubscribed, bounced = disp.said_dnc, disp.unsubscribed, disp.bounced
    source = np.where(d >= 0, disp.source, -1)
    source = np.where(~said_dnc & unsubscribed & (action == 0) & (d != dnc), 2, source)
    source = np.where(~said_dnc & ~unsubscribed & bounced & (action == 0) & (d != dnc), 3, source)
    source = np.where((d < 0) & (action == 4), 4, source)
    source = np.where((d < 0) & (action == 5), 5, source)
    return pd.DataFrame({
        "lead_id": ids,
        "action": _pick(list(ACTIONS), action),
        "disposition": _pick(list(DISPOSITIONS), d),
        "disposition_from": _pick(["substatus", "status", "unsubscribed", "bounced", "cadence", "sla"], source),
        "disposition_at": _day_text(date.day),
        "disposition_date_from": _pick(list(DATE_SOURCES), date.source),
        "days_since": pd.Series(days_since).where(days_since >= 0).astype("Int64"),
        "score": pd.Series(np.round(steps.score)).astype("Int64"),
        "nurture_track": steps.track_text,
        "next_action_date": steps.next_date,
        "reason": reason,
    })


def _figures(as_of: pd.Timestamp, lifecycle: LifecycleConfig, ids: pd.Series, choice: _Choice,
             disp: _Dispositions, date: _DispositionDate, steps: _NextSteps, cadence: _Cadence,
             opportunity_linked: np.ndarray, names: dict[str, str]) -> dict[str, Any]:
    """The summary's figures besides the counts per action."""
    action, d, when_from, days_since = choice.action, disp.code, date.source, date.days_since
    no_response, due, is_not_ready = choice.no_response, choice.due, choice.is_not_ready
    track, track_names = steps.track, steps.track_names
    date_counts = np.bincount(when_from[(d == DISPOSITIONS.index("no_response")) & (when_from >= 0)],
                              minlength=len(DATE_SOURCES))
    return {
        "as_of": as_of.isoformat(),
        "no_id": int(((action != len(ACTIONS) - 1) & ids.isna().to_numpy(dtype=bool)).sum()),
        "already_done": int(choice.already.sum()),
        "recycle_pending": int((no_response & ~due & (days_since >= 0)).sum()),
        "recycle_no_date": int((no_response & (days_since < 0)).sum()),
        "return_to_nurture_not_ready": int(((action == 4) & is_not_ready).sum()),
        "return_to_nurture_unresponsive": int(((action == 4) & ~is_not_ready).sum()),
        "suppressed_also_unresponsive": int(((action == 0) & cadence.unresponsive).sum()),
        "no_response_date_from": {name: int(c) for name, c in zip(DATE_SOURCES, date_counts) if c},
        "scored_by_revops": int((steps.computed & steps.to_marketing).sum()),
        "opportunities_linked": int(opportunity_linked.sum()),
        "nurture_tracks": {name: int(c) for name, c in
                           zip(track_names, np.bincount(track[track >= 0], minlength=len(track_names))) if c},
        "recycle_days": lifecycle.recycle_days,
        "marketing_queue": lifecycle.marketing_queue,
        "columns": {key: names[key] for key in _UPDATE_FIELDS},
    }

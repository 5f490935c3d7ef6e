"""The lifecycle's reason per lead: one plain sentence saying what the SOP asks and why.

Lead Management SOP, 6. Lead Disposition, and the sales–marketing hand-back.
Built column-wise over the rows each sentence is for, never per lead in Python.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from revops_cli.columns import ColumnMapping
from revops_cli.config import RevopsConfig
from revops_cli.core.leads.lifecycle.codes import (ACTIONS, DISPOSITIONS, _STR, _column, _day_text, _local_days,
                                                   _pick, _text)
from revops_cli.core.leads.lifecycle.evidence import _Cadence, _DispositionDate, _Dispositions, _NextSteps
from revops_cli.core.leads.lifecycle.update_file import _Writes


def _reasons(frame: pd.DataFrame, mapping: ColumnMapping, config: RevopsConfig, *, action: np.ndarray,
             planned: np.ndarray, disp: _Dispositions, cadence: _Cadence, date: _DispositionDate,
             steps: _NextSteps, writes: _Writes, has_opportunity: np.ndarray, opportunity_linked: np.ndarray,
             in_marketing: np.ndarray) -> pd.Series:
    """One plain sentence per lead, built column-wise over the rows each sentence is for (no Python per row).

    Later sentences overwrite earlier ones for the same lead (the "already ..." notes of ``none``).
    """
    n = len(frame)
    kind, status_out = writes.kind, writes.status
    disposition, disposition_from, said_dnc = disp.code, disp.source, disp.said_dnc
    unsubscribed, bounced = disp.unsubscribed, disp.bounced
    status_text, substatus_text = _text(disp.status, n), _text(disp.substatus, n)
    unresponsive, stuck, cad_calls, cad_emails = cadence.unresponsive, cadence.stuck, cadence.calls, cadence.emails
    last_touch, first_touch = cadence.last_touch, cadence.first_touch
    when_day, when_from, days_since = date.day, date.source, date.days_since
    track_text, score, computed = steps.track_text, steps.score, steps.computed
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

"""What every report pack shares: figures as table rows, "not measured" said the same way, the footer.

A pack computes no figure: it lays out what a ``core/reporting`` result holds. These helpers only turn those
results into document blocks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

from revops_cli.core.metrics import NotMeasured
from revops_cli.report.document import Column, Note, Report, Section, TableBlock


def plain(value: Any) -> Any:
    """A figure as a JSON-safe value (numpy scalars, NaN/NA -> None, Decimal -> float, dates -> ISO)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating, float)):
        return None if np.isnan(value) else float(value)
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, (pd.Timestamp, dt.datetime, dt.date)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def rows(frame: pd.DataFrame | None, columns: list[str] | None = None) -> list[dict]:
    """A frame's rows as JSON-safe dicts (only ``columns`` when given)."""
    if frame is None or not len(frame):
        return []
    present = frame.columns if columns is None else [c for c in columns if c in frame.columns]
    return [{k: plain(v) for k, v in row.items()} for row in frame[list(present)].to_dict("records")]


def pct(value: Any, digits: int = 1) -> str:
    return "—" if value is None or value != value else f"{value:.{digits}f}%"


def money(value: Any, currency: str = "$") -> str:
    if value is None or value != value:
        return "—"
    return f"-{currency}{abs(value):,.0f}" if value < 0 else f"{currency}{value:,.0f}"


def count(value: Any) -> str:
    return "—" if value is None else f"{int(value):,}"


def status(passed: bool | None) -> str:
    return {True: "pass", False: "fail", None: "n/a"}[None if passed is None else bool(passed)]


def not_measured(checks: Mapping[str, NotMeasured], only: tuple[str, ...] | None = None) -> list[Note]:
    """One warning note per check that could not run: what, why and the fix (never a 0)."""
    return [Note(f"{name.replace('_', ' ').capitalize()}: {check}", "warning")
            for name, check in checks.items() if only is None or name in only]


def unmeasured_section(section_id: str, title: str, why: NotMeasured | str, intro: str = "") -> Section:
    """A section whose figures could not be measured: it says so, and how to fix it."""
    text = str(why) if isinstance(why, NotMeasured) else why
    return Section(section_id, title, intro, [Note(text[:1].upper() + text[1:], "warning")])


def table(columns: list[tuple[str, str, str]], data: list[dict], caption: str = "",
          empty: str = "No rows.") -> TableBlock:
    """A table from (key, label, kind) triples."""
    return TableBlock(columns=[Column(key, label, kind) for key, label, kind in columns],
                      rows=[{k: plain(v) for k, v in row.items()} for row in data], caption=caption,
                      empty_text=empty)


def finish(title: str, subtitle: str, sections: list[Section], *, command: str, now: pd.Timestamp, zone: str,
           sources: Mapping[str, Any]) -> Report:
    """The report with its as-of line and footer (the files it read, the command that made it)."""
    as_of = pd.Timestamp(now).tz_convert(zone)
    files = ", ".join(f"{k} {v}" for k, v in sources.items() if v)
    return Report(title=title, subtitle=subtitle, generated_at=as_of.strftime("%Y-%m-%d %H:%M %Z"),
                  sections=sections,
                  footer=f"{command}, as of {as_of:%Y-%m-%d %H:%M} {zone}." + (f" Files: {files}." if files else "")
                  + " Every figure is the one the matching revops command prints for the same files.")

"""The report document model: plain dataclasses, no markup.

A :class:`Report` holds :class:`Section` s; a section holds blocks. The
renderers (:func:`revops_cli.report.render_html`,
:func:`revops_cli.report.render_markdown`) turn the same model into a
self-contained HTML page or GitHub-flavoured Markdown, and
:meth:`Report.to_dict` into JSON-safe figures.

Text fields are plain text (never HTML or Markdown): the renderers escape them.
Numbers are raw numbers; the ``kind`` / ``value_kind`` fields say how to show
them (see :mod:`revops_cli.report.formatting`). Percentages are percent values
(``95.3`` means 95.3 %), as everywhere else in revops.

Blocks:

* :class:`Checklist` -- pass/fail lines with the figure and the target (the SOP's weekly QA).
* :class:`Metrics`   -- KPI cards (value vs target, with a status).
* :class:`TableBlock` -- a sortable table of typed columns.
* :class:`BarChart`, :class:`LineChart`, :class:`Histogram` -- charts (inline SVG in HTML,
  a data table in Markdown).
* :class:`Note`      -- a short paragraph with a tone (info, success, warning, danger).
* :class:`BulletList` -- a list of short sentences, each optionally with a status badge (the board deck's
  biggest changes, the largest deals).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, Literal, Union

from revops_cli.report.formatting import KINDS, NUMERIC_KINDS, json_value

Status = Literal["pass", "fail", "warn", "n/a"]
STATUSES = ("pass", "fail", "warn", "n/a")
Tone = Literal["info", "success", "warning", "danger"]
TONES = ("info", "success", "warning", "danger")
ValueKind = Literal["int", "float", "pct", "money"]

_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")


def _check_status(status: str) -> None:
    if status not in STATUSES:
        raise ValueError(f"status must be one of {', '.join(STATUSES)}, not {status!r}")


def _check_value_kind(kind: str) -> None:
    if kind not in NUMERIC_KINDS:
        raise ValueError(f"value_kind must be one of {', '.join(NUMERIC_KINDS)}, not {kind!r}")


# --------------------------------------------------------------------------- checklist


@dataclass
class CheckItem:
    """One QA check, e.g. "SLA compliance" 96.2% vs "> 95%": pass."""

    label: str                 #: what is checked ("All new leads assigned")
    value_text: str            #: the figure as shown ("412 of 412", "96.2%")
    target_text: str = ""      #: the target as shown ("100%", "> 95%"); "" when none
    status: Status = "n/a"     #: "pass", "fail", "warn" or "n/a" (not measured)
    note: str = ""             #: optional one-line explanation
    value: Any = None          #: optional raw figure for JSON (e.g. 96.2)

    def __post_init__(self) -> None:
        _check_status(self.status)


@dataclass
class Checklist:
    """A list of pass/fail checks, shown with a badge (icon + word + colour) each."""

    items: list[CheckItem]
    title: str = ""            #: optional heading above the list


# --------------------------------------------------------------------------- metrics


@dataclass
class MetricCard:
    """One KPI: a big figure, its target and whether it is met."""

    label: str                 #: "MQL -> SQL conversion"
    value_text: str            #: "23.4%"
    target_text: str = ""      #: "target 25%"; "" when none
    status: Status = "n/a"
    note: str = ""             #: small print under the figure ("+2.1 pts vs last week")
    value: Any = None          #: optional raw figure for JSON

    def __post_init__(self) -> None:
        _check_status(self.status)


@dataclass
class Metrics:
    """A row of KPI cards."""

    cards: list[MetricCard]
    title: str = ""


# --------------------------------------------------------------------------- tables


@dataclass
class Column:
    """A table column: which row key it shows and how.

    ``kind``: text, int, float, pct (percent values), money, date, or status
    (a "pass"/"fail"/"warn"/"n/a" cell shown as a badge). Numeric columns are
    right-aligned and sort numerically in the browser.
    """

    key: str                   #: key into each row dict
    label: str                 #: header text
    kind: str = "text"
    decimals: int | None = None  #: digits after the point; default int 0, float 1, pct 1, money 0
    currency: str = "$"        #: symbol for money columns

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"column kind must be one of {', '.join(KINDS)}, not {self.kind!r}")

    @property
    def numeric(self) -> bool:
        return self.kind in NUMERIC_KINDS


@dataclass
class TableBlock:
    """A table. ``rows`` are dicts keyed by ``Column.key``; missing keys/None/NaN show as "—"."""

    columns: list[Column]
    rows: list[dict[str, Any]]
    caption: str = ""          #: shown above the table
    empty_text: str = "No rows."  #: shown instead of an empty table
    sortable: bool = True      #: click-to-sort headers in HTML


# --------------------------------------------------------------------------- charts


@dataclass
class Series:
    """One named series of a chart: one value per category (None/NaN = no value)."""

    name: str
    values: list[Any]


@dataclass
class BarChart:
    """Bars per category; several series are grouped side by side, or stacked.

    Examples: SLA breaches by rep (one series, horizontal), leads by source vs
    the marketing SLA (``target`` line), campaign ROI (negative values allowed).
    """

    title: str
    categories: list[str]
    series: list[Series]
    orientation: Literal["horizontal", "vertical"] = "horizontal"
    stacked: bool = False      #: stack the series instead of grouping them
    value_kind: ValueKind = "int"  #: how values and axis ticks are formatted
    decimals: int | None = None
    target: float | None = None  #: draw a dashed target line at this value
    target_label: str = "Target"
    axis_label: str = ""       #: label of the value axis ("Leads", "ROI %")
    description: str = ""      #: accessible description / caption under the chart

    def __post_init__(self) -> None:
        _check_value_kind(self.value_kind)
        if self.orientation not in ("horizontal", "vertical"):
            raise ValueError("orientation must be 'horizontal' or 'vertical'")


@dataclass
class LineChart:
    """A trend: one point per x label (e.g. the last 8 weeks), one line per series."""

    title: str
    x_labels: list[str]        #: e.g. ["W41", "W42", ...]
    series: list[Series]
    value_kind: ValueKind = "float"
    decimals: int | None = None
    target: float | None = None
    target_label: str = "Target"
    axis_label: str = ""
    description: str = ""

    def __post_init__(self) -> None:
        _check_value_kind(self.value_kind)


@dataclass
class Histogram:
    """A distribution: counts per bucket (contiguous columns), one series per band, stacked.

    Example: response time distribution: buckets ["< 5 min", "5-30 min", ...],
    series one per lead band ("Hot", "Warm", "Cold").
    """

    title: str
    buckets: list[str]
    series: list[Series]
    stacked: bool = True
    value_kind: ValueKind = "int"
    decimals: int | None = None
    axis_label: str = ""
    description: str = ""

    def __post_init__(self) -> None:
        _check_value_kind(self.value_kind)


# --------------------------------------------------------------------------- note


@dataclass
class Note:
    """A short paragraph; ``tone`` is info, success, warning or danger."""

    text: str
    tone: Tone = "info"

    def __post_init__(self) -> None:
        if self.tone not in TONES:
            raise ValueError(f"tone must be one of {', '.join(TONES)}, not {self.tone!r}")


# --------------------------------------------------------------------------- list


@dataclass
class BulletItem:
    """One line of a :class:`BulletList`; ``status`` adds a badge (None: no badge)."""

    text: str
    status: Status | None = None

    def __post_init__(self) -> None:
        if self.status is not None:
            _check_status(self.status)


@dataclass
class BulletList:
    """Short sentences, one a line ("Bookings up 35% ($120K -> $162K)")."""

    items: list[BulletItem]
    title: str = ""
    empty_text: str = "Nothing to list."


Chart = Union[BarChart, LineChart, Histogram]
Block = Union[Checklist, Metrics, TableBlock, BarChart, LineChart, Histogram, Note, BulletList]


# --------------------------------------------------------------------------- report


@dataclass
class Section:
    """A titled part of the report; ``id`` is its HTML anchor (letters, digits, ``-``, ``_``)."""

    id: str
    title: str
    intro: str = ""            #: a sentence under the heading
    blocks: list[Block] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not _ID.match(self.id):
            raise ValueError(f"section id must start with a letter and hold only letters, digits, '-' "
                             f"and '_': {self.id!r}")


@dataclass
class Report:
    """The whole document. ``generated_at`` is given by the caller, so output is reproducible."""

    title: str
    sections: list[Section] = field(default_factory=list)
    subtitle: str = ""         #: e.g. "Week 48 · 2026-11-23 to 2026-11-29"
    generated_at: dt.datetime | dt.date | str | None = None
    footer: str = ""           #: small print at the end (sources, config used)

    def __post_init__(self) -> None:
        seen: set[str] = set()
        for section in self.sections:
            if section.id in seen:
                raise ValueError(f"duplicate section id {section.id!r}")
            seen.add(section.id)

    def to_dict(self) -> dict[str, Any]:
        """The report's figures as JSON-safe data (no markup)."""
        return {
            "title": self.title,
            "subtitle": self.subtitle,
            "generated_at": json_value(self.generated_at),
            "sections": [
                {"id": s.id, "title": s.title, "intro": s.intro, "blocks": [block_to_dict(b) for b in s.blocks]}
                for s in self.sections
            ],
            "footer": self.footer,
        }


def block_to_dict(block: Block) -> dict[str, Any]:
    """One block as JSON-safe figures, with a ``type`` key."""
    if isinstance(block, Checklist):
        return {"type": "checklist", "title": block.title, "items": [
            {"label": i.label, "value": json_value(i.value), "value_text": i.value_text,
             "target_text": i.target_text, "status": i.status, "note": i.note} for i in block.items]}
    if isinstance(block, Metrics):
        return {"type": "metrics", "title": block.title, "cards": [
            {"label": c.label, "value": json_value(c.value), "value_text": c.value_text,
             "target_text": c.target_text, "status": c.status, "note": c.note} for c in block.cards]}
    if isinstance(block, TableBlock):
        return {"type": "table", "caption": block.caption,
                "columns": [{"key": c.key, "label": c.label, "kind": c.kind} for c in block.columns],
                "rows": [{c.key: json_value(row.get(c.key)) for c in block.columns} for row in block.rows]}
    if isinstance(block, Note):
        return {"type": "note", "tone": block.tone, "text": block.text}
    if isinstance(block, BulletList):
        return {"type": "list", "title": block.title,
                "items": [{"text": i.text, "status": i.status} for i in block.items]}
    if isinstance(block, (BarChart, LineChart, Histogram)):
        kind = {BarChart: "bar_chart", LineChart: "line_chart", Histogram: "histogram"}[type(block)]
        out: dict[str, Any] = {"type": kind, "title": block.title, "value_kind": block.value_kind,
                               "axis_label": block.axis_label, "description": block.description,
                               "categories": list(chart_categories(block)),
                               "series": [{"name": s.name, "values": [json_value(v) for v in s.values]}
                                          for s in block.series]}
        if not isinstance(block, Histogram) and block.target is not None:
            out["target"] = json_value(block.target)
        return out
    raise TypeError(f"not a report block: {type(block).__name__}")


def chart_categories(chart: Chart) -> list[str]:
    """The category / x labels of any chart."""
    if isinstance(chart, BarChart):
        return list(chart.categories)
    if isinstance(chart, LineChart):
        return list(chart.x_labels)
    return list(chart.buckets)


def chart_as_table(chart: Chart) -> TableBlock:
    """A chart's data as a table: one row per category, one column per series (Markdown, "Show data")."""
    first = {BarChart: "Category", LineChart: "Period", Histogram: "Bucket"}[type(chart)]
    columns = [Column("category", first)]
    columns += [Column(f"s{i}", s.name, kind=chart.value_kind, decimals=chart.decimals)
                for i, s in enumerate(chart.series)]
    categories = chart_categories(chart)
    rows = []
    for ci, category in enumerate(categories):
        row: dict[str, Any] = {"category": category}
        for si, s in enumerate(chart.series):
            row[f"s{si}"] = s.values[ci] if ci < len(s.values) else None
        rows.append(row)
    return TableBlock(columns=columns, rows=rows, caption="", empty_text="No data for this period.")

"""Render a :class:`~revops_cli.report.document.Report` as GitHub-flavoured Markdown (Slack, Notion).

Same content as the HTML page: headings, checklists as ``✅ / ❌`` lines with
their figures, tables as pipe tables (``|`` escaped in cells), charts as a
compact table of their data (Markdown has no SVG), notes as blockquotes.
Text from the report is escaped so that it shows literally (``*``, ``<``,
``[`` ...). Deterministic: the same report gives the same text.
"""

from __future__ import annotations

import re

from revops_cli.report.document import (
    BarChart, Block, BulletList, Checklist, Histogram, LineChart, Metrics, Note, Report, TableBlock, chart_as_table,
)
from revops_cli.report.formatting import format_timestamp, format_value

STATUS_ICON = {"pass": "✅", "fail": "❌", "warn": "⚠️", "n/a": "➖"}
STATUS_WORD = {"pass": "Pass", "fail": "Fail", "warn": "Warning", "n/a": "N/A"}
NOTE_ICON = {"info": "ℹ️", "success": "✅", "warning": "⚠️", "danger": "❗"}

_SPECIAL = re.compile(r"([\\`*\[\]<])")
_LONE_UNDERSCORE = re.compile(r"(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")


def md_escape(text: object, *, line_start: bool = False) -> str:
    """Inline text that Markdown shows literally: one line, formatting characters backslash-escaped.

    ``line_start``: the text begins a line (a paragraph), so a leading ``#``,
    ``>``, ``-``, ``+``, ``=`` or ``1.`` must not turn it into a heading, quote or list.
    """
    value = " ".join(str(text).split())
    value = _SPECIAL.sub(r"\\\1", value)
    value = _LONE_UNDERSCORE.sub(r"\\_", value)
    if line_start and (value[:1] in ("#", ">", "+", "-", "=") or re.match(r"^\d+[.)]( |$)", value)):
        value = "\\" + value
    return value


def md_cell(text: object) -> str:
    """Text for a pipe-table cell: escaped, with ``|`` as ``\\|``."""
    return md_escape(text).replace("|", "\\|")


def render_markdown(report: Report) -> str:
    """The report as GitHub-flavoured Markdown text (ends with a newline)."""
    out = [f"# {md_escape(report.title)}", ""]
    meta = []
    if report.subtitle:
        meta.append(f"**{md_escape(report.subtitle)}**")
    generated = format_timestamp(report.generated_at)
    if generated:
        meta.append(f"Generated {md_escape(generated)}")
    if meta:
        out += ["  \n".join(meta), ""]
    if len(report.sections) > 1:
        out += ["**Contents:** " + " · ".join(md_escape(s.title) for s in report.sections), ""]
    for section in report.sections:
        out += [f"## {md_escape(section.title)}", ""]
        if section.intro:
            out += [md_escape(section.intro, line_start=True), ""]
        for block in section.blocks:
            out += _block(block)
            out.append("")
    if report.footer:
        out += ["---", "", *(md_escape(p, line_start=True) + "\n" for p in report.footer.split("\n\n") if p.strip())]
    text = "\n".join(out)
    text = re.sub(r"\n{3,}", "\n\n", text).rstrip("\n") + "\n"
    return text


def _block(block: Block) -> list[str]:
    if isinstance(block, Checklist):
        lines = [f"**{md_escape(block.title)}**", ""] if block.title else []
        if not block.items:
            return lines + ["_No checks._"]
        for item in block.items:
            line = f"- {STATUS_ICON[item.status]} **{md_escape(item.label)}**: {md_escape(item.value_text)}"
            if item.target_text:
                line += f" (target {md_escape(item.target_text)})"
            line += f" — {STATUS_WORD[item.status]}"
            if item.note:
                line += f". {md_escape(item.note)}"
            lines.append(line)
        return lines
    if isinstance(block, Metrics):
        lines = [f"**{md_escape(block.title)}**", ""] if block.title else []
        if not block.cards:
            return lines + ["_No metrics._"]
        rows = [["Metric", "Value", "Target", "Status"]]
        for card in block.cards:
            status = "" if card.status == "n/a" else f"{STATUS_ICON[card.status]} {STATUS_WORD[card.status]}"
            value = card.value_text + (f" ({card.note})" if card.note else "")
            rows.append([md_cell(card.label), md_cell(value), md_cell(card.target_text or "—"), status])
        return lines + _pipe_table(rows, [False, True, True, False])
    if isinstance(block, TableBlock):
        return table(block)
    if isinstance(block, (BarChart, LineChart, Histogram)):
        lines = [f"**{md_escape(block.title)}**", ""] if block.title else []
        if block.description:
            lines += [f"_{md_escape(block.description)}_", ""]
        data = chart_as_table(block)
        has_values = any(v is not None for s in block.series for v in s.values)
        if not data.rows or not has_values:
            return lines + ["_No data for this period._"]
        lines += table(data)
        target = getattr(block, "target", None)
        if target is not None:
            label = getattr(block, "target_label", "Target")
            lines += ["", f"{md_escape(label)}: {format_value(target, block.value_kind, block.decimals)}"]
        return lines
    if isinstance(block, Note):
        paragraphs = [p for p in str(block.text).replace("\r\n", "\n").split("\n\n") if p.strip()] or [""]
        lines = [f"> {NOTE_ICON[block.tone]} {md_escape(paragraphs[0])}"]
        for paragraph in paragraphs[1:]:
            lines += [">", f"> {md_escape(paragraph, line_start=True)}"]
        return lines
    if isinstance(block, BulletList):
        lines = [f"**{md_escape(block.title)}**", ""] if block.title else []
        if not block.items:
            return lines + [f"_{md_escape(block.empty_text)}_"]
        return lines + [f"- {STATUS_ICON[i.status] + ' ' if i.status else ''}{md_escape(i.text)}" for i in block.items]
    raise TypeError(f"not a report block: {type(block).__name__}")


def table(block: TableBlock) -> list[str]:
    """A table block as pipe-table lines (numeric columns right-aligned)."""
    lines = [f"**{md_escape(block.caption)}**", ""] if block.caption else []
    if not block.rows:
        return lines + [f"_{md_escape(block.empty_text)}_"]
    rows = [[md_cell(c.label) for c in block.columns]]
    for row in block.rows:
        cells = []
        for column in block.columns:
            value = row.get(column.key)
            text = format_value(value, column.kind, column.decimals, currency=column.currency)
            if column.kind == "status" and str(value) in STATUS_ICON:
                text = f"{STATUS_ICON[str(value)]} {STATUS_WORD[str(value)]}"
            cells.append(md_cell(text))
        rows.append(cells)
    return lines + _pipe_table(rows, [c.numeric for c in block.columns])


def _pipe_table(rows: list[list[str]], right: list[bool]) -> list[str]:
    header, *body = rows
    lines = ["| " + " | ".join(h or " " for h in header) + " |",
             "|" + "|".join("---:" if r else "---" for r in right) + "|"]
    lines += ["| " + " | ".join(cells) + " |" for cells in body]
    return lines

"""Render a :class:`~revops_cli.report.document.Report` as a Slack Block Kit message.

The result is the JSON body of a Slack incoming webhook (or of ``chat.postMessage`` once a ``channel`` is added):
``{"text": fallback, "blocks": [...]}``, so a team posts it with one command and revops itself never touches the
network::

    curl -X POST -H 'Content-type: application/json' --data @changes.slack.json "$SLACK_WEBHOOK_URL"

Block Kit's limits are kept, so Slack accepts the message whatever the report holds: at most
:data:`MAX_BLOCKS` blocks (the rest is summed up in a last line pointing at the full report), a header of
150 characters, section text of 3,000, at most 10 fields per section of 2,000 each. Slack has no tables: a table
becomes a monospaced block of its first rows (``… and N more``); charts are left to the HTML page. Text from the
report is escaped the way Slack asks (``&``, ``<``, ``>``), so a value cannot ping a channel or forge a link.
"""

from __future__ import annotations

from typing import Any

from revops_cli.report.document import (
    BarChart, Block, BulletList, Checklist, Histogram, LineChart, Metrics, Note, Report, TableBlock,
)
from revops_cli.report.formatting import format_timestamp, format_value

MAX_BLOCKS = 50
MAX_HEADER = 150
MAX_TEXT = 3000
MAX_FIELDS = 10
MAX_FIELD = 2000
TABLE_ROWS = 12
CELL_WIDTH = 28

STATUS_EMOJI = {"pass": ":white_check_mark:", "fail": ":x:", "warn": ":warning:", "n/a": ":heavy_minus_sign:"}
NOTE_EMOJI = {"info": ":information_source:", "success": ":white_check_mark:", "warning": ":warning:",
              "danger": ":exclamation:"}


def slack_escape(text: object) -> str:
    """Text Slack shows literally: ``&``, ``<`` and ``>`` as entities (no mentions, no links)."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _section(text: str) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": _clip(text, MAX_TEXT)}}


def _context(text: str) -> dict:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": _clip(text, MAX_TEXT)}]}


def render_slack(report: Report, *, rows: int = TABLE_ROWS) -> dict[str, Any]:
    """The report as a Block Kit message (a dict; ``json.dumps`` it). ``rows``: table rows shown per table."""
    blocks: list[dict] = [{"type": "header", "text": {"type": "plain_text", "text": _clip(report.title, MAX_HEADER),
                                                      "emoji": True}}]
    meta = [slack_escape(t) for t in (report.subtitle, _generated(report)) if t]
    if meta:
        blocks.append(_context(" · ".join(meta)))
    charts = 0
    for section in report.sections:
        blocks.append({"type": "divider"})
        text = f"*{slack_escape(section.title)}*"
        if section.intro:
            text += f"\n{slack_escape(section.intro)}"
        blocks.append(_section(text))
        for block in section.blocks:
            if isinstance(block, (BarChart, LineChart, Histogram)):
                charts += 1
                continue
            blocks += _block(block, rows)
    if charts:
        blocks.append(_context(f"{charts} chart{'s' if charts != 1 else ''} in the HTML report."))
    if len(blocks) > MAX_BLOCKS:
        dropped = len(blocks) - (MAX_BLOCKS - 1)
        blocks = blocks[: MAX_BLOCKS - 1] + [_context(f"… {dropped} more blocks: the full report is in the HTML "
                                                      "or Markdown file.")]
    fallback = report.title + (f" — {report.subtitle}" if report.subtitle else "")
    return {"text": _clip(fallback, MAX_TEXT), "blocks": blocks}


def _generated(report: Report) -> str:
    stamp = format_timestamp(report.generated_at)
    return f"Generated {stamp}" if stamp else ""


def _block(block: Block, rows: int) -> list[dict]:
    if isinstance(block, Metrics):
        fields = []
        for card in block.cards:
            line = f"*{slack_escape(card.label)}*\n{slack_escape(card.value_text)}"
            if card.target_text:
                line += f" ({slack_escape(card.target_text)})"
            if card.status != "n/a":
                line += f" {STATUS_EMOJI[card.status]}"
            if card.note:
                line += f"\n_{slack_escape(card.note)}_"
            fields.append({"type": "mrkdwn", "text": _clip(line, MAX_FIELD)})
        out = []
        if block.title:
            out.append(_context(f"*{slack_escape(block.title)}*"))
        for start in range(0, len(fields), MAX_FIELDS):
            out.append({"type": "section", "fields": fields[start:start + MAX_FIELDS]})
        return out
    if isinstance(block, Checklist):
        lines = [f"*{slack_escape(block.title)}*"] if block.title else []
        for item in block.items:
            line = f"{STATUS_EMOJI[item.status]} *{slack_escape(item.label)}*: {slack_escape(item.value_text)}"
            if item.target_text:
                line += f" (target {slack_escape(item.target_text)})"
            if item.note:
                line += f" — {slack_escape(item.note)}"
            lines.append(line)
        return [_section("\n".join(lines))] if lines else []
    if isinstance(block, BulletList):
        lines = [f"*{slack_escape(block.title)}*"] if block.title else []
        lines += [f"• {STATUS_EMOJI[i.status] + ' ' if i.status else ''}{slack_escape(i.text)}" for i in block.items]
        if not block.items:
            lines.append(f"_{slack_escape(block.empty_text)}_")
        return [_section("\n".join(lines))]
    if isinstance(block, Note):
        return [_context(f"{NOTE_EMOJI[block.tone]} {slack_escape(block.text)}")]
    if isinstance(block, TableBlock):
        return _table(block, rows)
    raise TypeError(f"not a report block: {type(block).__name__}")


def _table(block: TableBlock, rows: int) -> list[dict]:
    title = f"*{slack_escape(block.caption)}*\n" if block.caption else ""
    if not block.rows:
        return [_section(f"{title}_{slack_escape(block.empty_text)}_")]
    header = [c.label for c in block.columns]
    body = [[_clip(format_value(row.get(c.key), c.kind, c.decimals, currency=c.currency), CELL_WIDTH)
             for c in block.columns] for row in block.rows]
    shown = body[:rows]
    while shown:
        text = _monospace(header, shown, [c.numeric for c in block.columns])
        message = f"{title}```{slack_escape(text)}```"
        if len(message) <= MAX_TEXT:
            break
        shown = shown[:-1]
    else:
        message = f"{title}_table too wide for Slack: see the HTML report_"
    out = [_section(message)]
    if len(body) > len(shown):
        out.append(_context(f"… and {len(body) - len(shown):,} more rows in the HTML report."))
    return out


def _monospace(header: list[str], rows: list[list[str]], right: list[bool]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]

    def line(cells: list[str]) -> str:
        return "  ".join(c.rjust(w) if r else c.ljust(w) for c, w, r in zip(cells, widths, right)).rstrip()
    return "\n".join([line(header), line(["-" * w for w in widths]), *(line(r) for r in rows)])

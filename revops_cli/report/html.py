"""Render a :class:`~revops_cli.report.document.Report` as ONE self-contained HTML page.

No network at all: CSS and the table sorter are inline, charts are inline SVG,
there is no web font, no external URL, and a Content-Security-Policy
``<meta>`` makes the browser itself refuse any request (the page still works
when emailed or opened offline). Every piece of text from the report is
HTML-escaped. The same report always gives the same bytes (ids derive from
section ids and block positions).

Sorting: a header of a sortable table holds a ``<button>`` (keyboard
accessible); clicking it sorts the rows -- numbers by the raw value in the
cell's ``data-sort`` attribute (so "1,234" and "12.5%" sort right), text
case-insensitively -- and sets ``aria-sort``. The first click sorts numbers
largest first and text A to Z; the next click reverses. Empty cells stay last.
"""

from __future__ import annotations

from typing import Any

from revops_cli.report.document import (
    BarChart, Block, BulletList, Checklist, Column, Histogram, LineChart, Metrics, Note, Report, Section, TableBlock,
    chart_as_table,
)
from revops_cli.report.formatting import as_number, format_timestamp, format_value, is_missing
from revops_cli.report.svg import esc, render_chart

CSP = ("default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:")

STATUS_BADGE = {
    "pass": ("✓", "Pass"),
    "fail": ("✗", "Fail"),
    "warn": ("!", "Warning"),
    "n/a": ("–", "N/A"),
}
STATUS_CLASS = {"pass": "pass", "fail": "fail", "warn": "warn", "n/a": "na"}
NOTE_ICON = {"info": ("i", "Note"), "success": ("✓", "Good"), "warning": ("!", "Warning"),
             "danger": ("✗", "Problem")}

# Inline styles: the page must read the same as an email body, where clients drop <head> styles, CSS
# variables and scripts (Gmail, Outlook). Every element that carries the look gets it inline too; the
# stylesheet above stays for the browser (hover, sort arrows, print, small screens).
_FONT = 'system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif'
INLINE: dict[str, str] = {
    "body": f"margin:0;background:#f5f6f8;color:#1f2937;font:15px/1.5 {_FONT}",
    "page": "max-width:1080px;margin:0 auto;padding:32px 24px 48px",
    "h1": "font-size:28px;line-height:1.2;margin:0 0 4px",
    "subtitle": "margin:0;color:#6b7280;font-size:16px",
    "generated": "margin:6px 0 0;color:#6b7280;font-size:13px",
    "section": "background:#ffffff;border:1px solid #e5e7eb;border-radius:10px;padding:20px 24px 24px;margin:0 0 20px",
    "h2": "font-size:20px;margin:0 0 4px",
    "toc": "background:#ffffff;border:1px solid #e5e7eb;border-radius:10px;padding:14px 20px;margin:0 0 20px",
    "toc.h2": "font-size:13px;text-transform:uppercase;letter-spacing:.06em;color:#6b7280;margin:0 0 6px",
    "intro": "color:#6b7280;margin:0 0 14px",
    "block": "margin:16px 0 0",
    "h3": "font-size:15px;margin:0 0 8px",
    "table": "border-collapse:collapse;width:100%;font-size:14px",
    "wrap": "overflow-x:auto;border:1px solid #e5e7eb;border-radius:8px",
    "caption": "caption-side:top;text-align:left;font-weight:600;padding:9px 12px;font-size:15px",
    "th": "padding:7px 12px;text-align:left;border-bottom:1px solid #e5e7eb;background:#f9fafb;font-weight:600;"
          "font-size:13px;color:#374151;white-space:nowrap",
    "th.num": "padding:7px 12px;text-align:right;border-bottom:1px solid #e5e7eb;background:#f9fafb;font-weight:600;"
              "font-size:13px;color:#374151;white-space:nowrap",
    "td": "padding:7px 12px;text-align:left;border-bottom:1px solid #e5e7eb;vertical-align:top",
    "td.num": "padding:7px 12px;text-align:right;border-bottom:1px solid #e5e7eb;vertical-align:top;"
              "font-variant-numeric:tabular-nums;white-space:nowrap",
    "cards": "display:block",
    "card": "display:inline-block;vertical-align:top;min-width:150px;margin:0 12px 12px 0;border:1px solid #e5e7eb;"
            "border-radius:10px;padding:12px 14px;border-top:4px solid {top}",
    "card.label": "font-size:13px;color:#6b7280;margin:0",
    "card.value": "font-size:26px;font-weight:700;margin:2px 0;line-height:1.25",
    "card.target": "font-size:13px;color:#6b7280;margin:0 0 6px",
    "card.note": "font-size:12.5px;color:#6b7280;margin:6px 0 0",
    "badge": "display:inline-block;padding:1px 9px 1px 7px;border-radius:999px;font-size:12.5px;font-weight:600;"
             "white-space:nowrap;line-height:1.6;color:{fg};background:{bg};border:1px solid {line}",
    "callout": "border-radius:8px;padding:10px 14px;border-left:4px solid {line};background:{bg}",
    "empty": "color:#6b7280;font-style:italic;margin:0",
    "muted": "color:#6b7280",
    "figcaption": "font-weight:600;font-size:15px;margin:0 0 6px",
    "chart-desc": "color:#6b7280;font-size:13px;margin:4px 0 0",
    "footer": "color:#6b7280;font-size:12.5px;margin-top:8px",
    "list": "margin:0;padding-left:22px",
}
_BADGE_COLOURS = {"pass": ("#166534", "#dcfce7", "#bbf7d0"), "fail": ("#b91c1c", "#fee2e2", "#fecaca"),
                  "warn": ("#92400e", "#fef3c7", "#fde68a"), "n/a": ("#4b5563", "#f3f4f6", "#e5e7eb")}
_CARD_TOP = {"pass": "#16a34a", "fail": "#dc2626", "warn": "#d97706", "n/a": "#f3f4f6"}
_CALLOUT_COLOURS = {"info": ("#3b82f6", "#eff6ff"), "success": ("#22c55e", "#f0fdf4"),
                    "warning": ("#f59e0b", "#fffbeb"), "danger": ("#ef4444", "#fef2f2")}


def _style(key: str, **values: str) -> str:
    """`` style="..."`` for one element kind (the INLINE table, colours filled in)."""
    return f' style="{INLINE[key].format(**values) if values else INLINE[key]}"'

CSS = """
:root{--fg:#1f2937;--muted:#6b7280;--line:#e5e7eb;--bg:#f5f6f8;--card:#fff;--accent:#0072B2;
--pass:#166534;--pass-bg:#dcfce7;--fail:#b91c1c;--fail-bg:#fee2e2;--warn:#92400e;--warn-bg:#fef3c7;
--na:#4b5563;--na-bg:#f3f4f6}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,
"Helvetica Neue",Arial,sans-serif}
.page{max-width:1080px;margin:0 auto;padding:32px 24px 48px}
header.report-header{margin-bottom:20px}
header.report-header h1{font-size:28px;line-height:1.2;margin:0 0 4px;letter-spacing:-.01em}
.subtitle{margin:0;color:var(--muted);font-size:16px}
.generated{margin:6px 0 0;color:var(--muted);font-size:13px}
.summary{display:flex;flex-wrap:wrap;gap:8px;margin:14px 0 0;padding:0;list-style:none}
nav.toc{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:14px 20px;margin:0 0 20px}
nav.toc h2{font-size:13px;text-transform:uppercase;letter-spacing:.06em;color:var(--muted);margin:0 0 6px}
nav.toc ol{margin:0;padding-left:22px;columns:2;column-gap:32px}
nav.toc li{margin:0;padding:2px 0;break-inside:avoid}
a{color:var(--accent)}
a:focus-visible,button:focus-visible,summary:focus-visible{outline:2px solid var(--accent);outline-offset:2px}
section.report-section{background:var(--card);border:1px solid var(--line);border-radius:10px;
padding:20px 24px 24px;margin:0 0 20px}
section.report-section>h2{font-size:20px;margin:0 0 4px}
.intro{color:var(--muted);margin:0 0 14px}
.block{margin:16px 0 0}
.block:first-of-type{margin-top:8px}
h3.block-title{font-size:15px;margin:0 0 8px}
.badge{display:inline-flex;align-items:center;gap:4px;padding:1px 9px 1px 7px;border-radius:999px;
font-size:12.5px;font-weight:600;white-space:nowrap;border:1px solid transparent;line-height:1.6}
.badge .icon{font-weight:700}
.badge.pass{color:var(--pass);background:var(--pass-bg);border-color:#bbf7d0}
.badge.fail{color:var(--fail);background:var(--fail-bg);border-color:#fecaca}
.badge.warn{color:var(--warn);background:var(--warn-bg);border-color:#fde68a}
.badge.na{color:var(--na);background:var(--na-bg);border-color:var(--line)}
table{border-collapse:collapse;width:100%;font-size:14px}
.table-wrap{overflow-x:auto;border:1px solid var(--line);border-radius:8px}
caption{caption-side:top;text-align:left;font-weight:600;padding:9px 12px;font-size:15px;border-bottom:1px solid var(--line)}
th,td{padding:7px 12px;text-align:left;border-bottom:1px solid var(--line);vertical-align:top}
thead th{background:#f9fafb;font-weight:600;font-size:13px;color:#374151;white-space:nowrap}
tbody tr:last-child td{border-bottom:0}
tbody tr:nth-child(even) td{background:#fcfcfd}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
th.num button{flex-direction:row-reverse}
th button.sort{all:unset;cursor:pointer;display:inline-flex;align-items:center;gap:4px;font:inherit;color:inherit}
th button.sort:hover{color:var(--accent)}
th button.sort .arrow{display:inline-block;width:.8em;color:var(--muted);font-size:11px}
th[aria-sort=ascending] .arrow::after{content:"▲"}
th[aria-sort=descending] .arrow::after{content:"▼"}
th[aria-sort=none] .arrow::after,th:not([aria-sort]) .arrow::after{content:"↕";opacity:.45}
table.checklist td.status{width:1%;white-space:nowrap}
table.checklist td.figure{font-weight:600;font-variant-numeric:tabular-nums;white-space:nowrap}
table.checklist td.target{color:var(--muted);white-space:nowrap}
table.checklist td.note,.muted{color:var(--muted)}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(180px,1fr));gap:12px}
.card{border:1px solid var(--line);border-radius:10px;padding:12px 14px;border-top:4px solid var(--na-bg)}
.card.pass{border-top-color:#16a34a}.card.fail{border-top-color:#dc2626}.card.warn{border-top-color:#d97706}
.card .label{font-size:13px;color:var(--muted);margin:0}
.card .value{font-size:26px;font-weight:700;margin:2px 0;font-variant-numeric:tabular-nums;line-height:1.25}
.card .target{font-size:13px;color:var(--muted);margin:0 0 6px}
.card .note{font-size:12.5px;color:var(--muted);margin:6px 0 0}
figure.chart{margin:0}
figure.chart figcaption{font-weight:600;font-size:15px;margin:0 0 6px}
figure.chart .chart-desc{color:var(--muted);font-size:13px;margin:4px 0 0}
figure.chart svg{overflow:visible}
details.chart-data{margin:6px 0 0;font-size:13px}
details.chart-data summary{cursor:pointer;color:var(--accent)}
details.chart-data .table-wrap{margin-top:6px}
.callout{display:flex;gap:10px;align-items:flex-start;border-radius:8px;padding:10px 14px;border-left:4px solid}
.callout p{margin:0}.callout p+p{margin-top:6px}
.callout .icon{flex:none;display:inline-flex;align-items:center;justify-content:center;width:20px;height:20px;
border-radius:50%;font-size:12px;font-weight:700;color:#fff;margin-top:1px}
.callout.info{background:#eff6ff;border-color:#3b82f6}.callout.info .icon{background:#2563eb}
.callout.success{background:#f0fdf4;border-color:#22c55e}.callout.success .icon{background:#16a34a}
.callout.warning{background:#fffbeb;border-color:#f59e0b}.callout.warning .icon{background:#b45309}
.callout.danger{background:#fef2f2;border-color:#ef4444}.callout.danger .icon{background:#dc2626}
.empty{color:var(--muted);font-style:italic;margin:0}
footer.report-footer{color:var(--muted);font-size:12.5px;margin-top:8px}
.sr-only{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);border:0}
@media (max-width:640px){.page{padding:16px 10px}nav.toc ol{columns:1}section.report-section{padding:16px}}
@media print{
body{background:#fff;font-size:12px}
.page{max-width:none;padding:0}
nav.toc,details.chart-data,th button.sort .arrow{display:none}
section.report-section{border:0;border-radius:0;padding:0;margin:0 0 18px}
section.report-section>h2{border-bottom:2px solid #111;padding-bottom:2px}
.card,.callout,figure.chart,tr,.table-wrap{break-inside:avoid}
h2,h3,caption{break-after:avoid}
.table-wrap{overflow:visible;border:0}
thead{display:table-header-group}
.badge,.card,.callout,thead th{-webkit-print-color-adjust:exact;print-color-adjust:exact}
a{color:inherit;text-decoration:none}
}
"""

SORTER_JS = """
(function(){
"use strict";
function key(cell,numeric){
  if(!cell){return null;}
  var raw=cell.hasAttribute("data-sort")?cell.getAttribute("data-sort"):cell.textContent.trim();
  if(raw===""){return null;}
  if(numeric){var n=parseFloat(raw);return isNaN(n)?null:n;}
  return raw.toLowerCase();
}
function sortBy(table,th){
  var numeric=th.getAttribute("data-type")==="num";
  var current=th.getAttribute("aria-sort");
  var ascending=current==="none"||!current?!numeric:current!=="ascending";
  var index=th.cellIndex;
  var body=table.tBodies[0];
  var rows=Array.prototype.map.call(body.rows,function(row){
    return {row:row,key:key(row.cells[index],numeric),i:+row.getAttribute("data-index")};
  });
  rows.sort(function(a,b){
    if(a.key===null||b.key===null){return a.key===b.key?a.i-b.i:(a.key===null?1:-1);}
    var c=numeric?a.key-b.key:a.key.localeCompare(b.key,undefined,{numeric:true});
    if(!ascending){c=-c;}
    return c||a.i-b.i;
  });
  rows.forEach(function(r){body.appendChild(r.row);});
  Array.prototype.forEach.call(table.tHead.rows[0].cells,function(other){
    if(other!==th&&other.hasAttribute("aria-sort")){other.setAttribute("aria-sort","none");}
  });
  th.setAttribute("aria-sort",ascending?"ascending":"descending");
}
Array.prototype.forEach.call(document.querySelectorAll("table.sortable"),function(table){
  Array.prototype.forEach.call(table.tBodies[0].rows,function(row,i){row.setAttribute("data-index",i);});
  Array.prototype.forEach.call(table.querySelectorAll("thead th button.sort"),function(button){
    button.addEventListener("click",function(){sortBy(table,button.parentNode);});
  });
});
})();
"""


def render_html(report: Report) -> str:
    """The report as one self-contained, offline HTML page (UTF-8 text)."""
    out: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="revops">',
        '<meta name="referrer" content="no-referrer">',
        '<link rel="icon" href="data:,">',
        f"<title>{esc(report.title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        f"<body{_style('body')}>",
        f'<div class="page"{_style("page")}>',
        '<header class="report-header">',
        f"<h1{_style('h1')}>{esc(report.title)}</h1>",
    ]
    if report.subtitle:
        out.append(f'<p class="subtitle"{_style("subtitle")}>{esc(report.subtitle)}</p>')
    generated = format_timestamp(report.generated_at)
    if generated:
        out.append(f'<p class="generated"{_style("generated")}>Generated {esc(generated)}</p>')
    out.append(_summary(report))
    out.append("</header>")
    if len(report.sections) > 1:
        out.append(f'<nav class="toc" aria-label="Contents"{_style("toc")}><h2{_style("toc.h2")}>Contents</h2><ol>')
        out += [f'<li><a href="#{esc(s.id)}">{esc(s.title)}</a></li>' for s in report.sections]
        out.append("</ol></nav>")
    out.append("<main>")
    for section in report.sections:
        out.append(_section(section))
    out.append("</main>")
    if report.footer:
        out.append(f'<footer class="report-footer"{_style("footer")}>{_paragraphs(report.footer)}</footer>')
    out += ["</div>", f"<script>{SORTER_JS}</script>", "</body>", "</html>", ""]
    return "\n".join(out)


def _summary(report: Report) -> str:
    """Counts of checks passed/failed across every checklist, as badges under the title."""
    counts = {"pass": 0, "fail": 0, "warn": 0}
    for section in report.sections:
        for block in section.blocks:
            if isinstance(block, Checklist):
                for item in block.items:
                    if item.status in counts:
                        counts[item.status] += 1
    if not any(counts.values()):
        return ""
    words = {"pass": "passed", "fail": "failed", "warn": "warning"}
    items = [f'<li><span class="badge {STATUS_CLASS[s]}"{_badge_style(s)}><span class="icon" aria-hidden="true">'
             f'{STATUS_BADGE[s][0]}</span>{n} check{"" if n == 1 else "s"} {words[s]}</span></li>'
             for s, n in counts.items() if n]
    return '<ul class="summary" aria-label="QA summary">' + "".join(items) + "</ul>"


def badge(status: str) -> str:
    """A status badge: icon and word, not colour alone."""
    icon, word = STATUS_BADGE.get(status, STATUS_BADGE["n/a"])
    return (f'<span class="badge {STATUS_CLASS.get(status, "na")}"{_badge_style(status)}><span class="icon" '
            f'aria-hidden="true">{icon}</span>{word}</span>')


def _badge_style(status: str) -> str:
    fg, bg, line = _BADGE_COLOURS.get(status, _BADGE_COLOURS["n/a"])
    return _style("badge", fg=fg, bg=bg, line=line)


def _paragraphs(text: str) -> str:
    chunks = [c.strip() for c in str(text).replace("\r\n", "\n").split("\n\n") if c.strip()]
    return "".join(f"<p>{esc(c)}</p>" for c in chunks) or "<p></p>"


def _section(section: Section) -> str:
    parts = [f'<section class="report-section" id="{esc(section.id)}"{_style("section")}>',
             f"<h2{_style('h2')}>{esc(section.title)}</h2>"]
    if section.intro:
        parts.append(f'<p class="intro"{_style("intro")}>{esc(section.intro)}</p>')
    for index, block in enumerate(section.blocks):
        parts.append(f'<div class="block"{_style("block")}>{_block(block, f"{section.id}--{index + 1}")}</div>')
    parts.append("</section>")
    return "\n".join(parts)


def _block(block: Block, prefix: str) -> str:
    if isinstance(block, Checklist):
        return _checklist(block)
    if isinstance(block, Metrics):
        return _metrics(block)
    if isinstance(block, TableBlock):
        return table(block)
    if isinstance(block, (BarChart, LineChart, Histogram)):
        return _chart(block, prefix)
    if isinstance(block, Note):
        icon, word = NOTE_ICON[block.tone]
        line, background = _CALLOUT_COLOURS[block.tone]
        return (f'<div class="callout {block.tone}" role="note"{_style("callout", line=line, bg=background)}>'
                f'<span class="icon" aria-hidden="true">{icon}</span>'
                f'<span class="sr-only">{word}: </span><div>{_paragraphs(block.text)}</div></div>')
    if isinstance(block, BulletList):
        return _bullets(block)
    raise TypeError(f"not a report block: {type(block).__name__}")


def _checklist(block: Checklist) -> str:
    parts = []
    if block.title:
        parts.append(f'<h3 class="block-title"{_style("h3")}>{esc(block.title)}</h3>')
    if not block.items:
        return "".join(parts) + f'<p class="empty"{_style("empty")}>No checks.</p>'
    has_note = any(i.note for i in block.items)
    th, td = _style("th"), _style("td")
    parts.append(f'<div class="table-wrap"{_style("wrap")}><table class="checklist"{_style("table")}><thead><tr>'
                 f'<th scope="col"{th}>Status</th><th scope="col"{th}>Check</th><th scope="col"{th}>Result</th>'
                 f'<th scope="col"{th}>Target</th>' + (f'<th scope="col"{th}>Note</th>' if has_note else "")
                 + "</tr></thead><tbody>")
    for item in block.items:
        parts.append(f'<tr class="check {STATUS_CLASS[item.status]}"><td class="status"{td}>{badge(item.status)}</td>'
                     f"<td{td}>{esc(item.label)}</td><td class=\"figure\"{_style('td.num')}>{esc(item.value_text)}"
                     f'</td><td class="target"{td}>{esc(item.target_text) or "—"}</td>'
                     + (f'<td class="note"{td}>{esc(item.note)}</td>' if has_note else "") + "</tr>")
    parts.append("</tbody></table></div>")
    return "".join(parts)


def _metrics(block: Metrics) -> str:
    parts = []
    if block.title:
        parts.append(f'<h3 class="block-title"{_style("h3")}>{esc(block.title)}</h3>')
    if not block.cards:
        return "".join(parts) + f'<p class="empty"{_style("empty")}>No metrics.</p>'
    parts.append(f'<div class="cards"{_style("cards")}>')
    for card in block.cards:
        parts.append(f'<div class="card {STATUS_CLASS[card.status]}"{_style("card", top=_CARD_TOP[card.status])}>'
                     f'<p class="label"{_style("card.label")}>{esc(card.label)}</p>'
                     f'<p class="value"{_style("card.value")}>{esc(card.value_text)}</p>'
                     + (f'<p class="target"{_style("card.target")}>{esc(card.target_text)}</p>'
                        if card.target_text else "")
                     + (badge(card.status) if card.status != "n/a" else "")
                     + (f'<p class="note"{_style("card.note")}>{esc(card.note)}</p>' if card.note else "") + "</div>")
    parts.append("</div>")
    return "".join(parts)


def _sort_key(value: Any, column: Column) -> str | None:
    """The raw value a cell sorts by, as attribute text; None when the cell's text sorts fine."""
    if is_missing(value):
        return ""
    if column.numeric:
        number = as_number(value)
        return "" if number is None else repr(float(number))
    if column.kind == "date":
        return format_value(value, "date")
    if column.kind == "status":
        return {"fail": "0", "warn": "1", "pass": "2"}.get(str(value), "3")
    return None


def table(block: TableBlock) -> str:
    """A table block as an HTML table (sortable unless ``block.sortable`` is False)."""
    caption = f"<caption{_style('caption')}>{esc(block.caption)}</caption>" if block.caption else ""
    if not block.rows:
        title = f'<h3 class="block-title"{_style("h3")}>{esc(block.caption)}</h3>' if block.caption else ""
        return f'{title}<p class="empty"{_style("empty")}>{esc(block.empty_text)}</p>'
    sortable = block.sortable and len(block.rows) > 1
    head = []
    for column in block.columns:
        cls = ' class="num"' if column.numeric else ""
        look = _style("th.num" if column.numeric else "th")
        if sortable:
            dtype = "num" if column.numeric or column.kind == "status" else "text"
            head.append(f'<th scope="col"{cls} data-type="{dtype}" aria-sort="none"{look}><button type="button" '
                        f'class="sort">{esc(column.label)}<span class="arrow" aria-hidden="true"></span>'
                        f"</button></th>")
        else:
            head.append(f'<th scope="col"{cls}{look}>{esc(column.label)}</th>')
    body = []
    for row in block.rows:
        cells = []
        for column in block.columns:
            value = row.get(column.key)
            key = _sort_key(value, column)
            attrs = ' class="num"' if column.numeric else ""
            if key is not None and sortable:
                attrs += f' data-sort="{esc(key)}"'
            if column.kind == "status" and not is_missing(value):
                content = badge(str(value))
            else:
                content = esc(format_value(value, column.kind, column.decimals, currency=column.currency))
            attrs += _style("td.num" if column.numeric else "td")
            cells.append(f"<td{attrs}>{content}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    cls = "data sortable" if sortable else "data"
    return (f'<div class="table-wrap"{_style("wrap")}><table class="{cls}"{_style("table")}>{caption}<thead><tr>'
            f'{"".join(head)}</tr></thead>'
            f'<tbody>\n{chr(10).join(body)}\n</tbody></table></div>')


def _chart(chart: BarChart | LineChart | Histogram, prefix: str) -> str:
    parts = ['<figure class="chart">']
    if chart.title:
        parts.append(f"<figcaption{_style('figcaption')}>{esc(chart.title)}</figcaption>")
    parts.append(render_chart(chart, prefix))
    if chart.description:
        parts.append(f'<p class="chart-desc"{_style("chart-desc")}>{esc(chart.description)}</p>')
    data = chart_as_table(chart)
    if data.rows and any(s.values for s in chart.series):
        data.sortable = False
        parts.append(f'<details class="chart-data"><summary>Show data</summary>{table(data)}</details>')
    parts.append("</figure>")
    return "".join(parts)


def _bullets(block: BulletList) -> str:
    parts = []
    if block.title:
        parts.append(f'<h3 class="block-title"{_style("h3")}>{esc(block.title)}</h3>')
    if not block.items:
        return "".join(parts) + f'<p class="empty"{_style("empty")}>{esc(block.empty_text)}</p>'
    items = []
    for item in block.items:
        mark = f"{badge(item.status)} " if item.status is not None else ""
        items.append(f"<li>{mark}{esc(item.text)}</li>")
    parts.append(f'<ul class="bullets"{_style("list")}>' + "".join(items) + "</ul>")
    return "".join(parts)

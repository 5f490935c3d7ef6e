"""Report rendering: a small document model and its HTML (self-contained, offline) and Markdown renderers.

Build a :class:`Report` of :class:`Section` s holding blocks (:class:`Checklist`,
:class:`Metrics`, :class:`TableBlock`, :class:`BarChart`, :class:`LineChart`,
:class:`Histogram`, :class:`Note`, :class:`BulletList`), then::

    html_text = render_html(report)        # one page, inline CSS/JS/SVG, no network
    md_text = render_markdown(report)      # GitHub-flavoured Markdown
    slack = render_slack(report)           # Slack Block Kit message (a dict; json.dumps it)
    figures = report.to_dict()             # JSON-safe figures, no markup

See docs/report-rendering.md.
"""

from revops_cli.report.document import (
    BarChart, Block, BulletItem, BulletList, Chart, CheckItem, Checklist, Column, Histogram, LineChart, MetricCard,
    Metrics, Note, Report, Section, Series, TableBlock, chart_as_table,
)
from revops_cli.report.formatting import format_value
from revops_cli.report.html import render_html
from revops_cli.report.markdown import render_markdown
from revops_cli.report.slack import render_slack
from revops_cli.report.svg import render_chart, standalone_svg

__all__ = [
    "BarChart", "Block", "BulletItem", "BulletList", "Chart", "CheckItem", "Checklist", "Column", "Histogram", "LineChart", "MetricCard",
    "Metrics", "Note", "Report", "Section", "Series", "TableBlock", "chart_as_table", "format_value",
    "render_chart", "render_html", "render_markdown", "render_slack", "standalone_svg",
]

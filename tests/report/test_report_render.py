"""The report rendering layer: document model, SVG charts, HTML and Markdown renderers (no browser)."""

from __future__ import annotations

import datetime as dt
import json
import math
import re

import pytest

from revops_cli.report import (
    BarChart, BulletItem, BulletList, CheckItem, Checklist, Column, Histogram, LineChart, MetricCard, Metrics, Note, Report, Section,
    Series, TableBlock, format_value, render_chart, render_html, render_markdown, standalone_svg,
)
from revops_cli.report.sample import HOSTILE, sample_report
from revops_cli.report.svg import nice_ticks, text_width, truncate

SCRIPT = "<script>alert(1)</script>"


# --------------------------------------------------------------------------- ticks


@pytest.mark.parametrize(("lo", "hi", "expected"), [
    (0, 0, [0, 0.2, 0.4, 0.6, 0.8, 1]),
    (0, 7, [0, 2, 4, 6, 8]),
    (0, 95, [0, 20, 40, 60, 80, 100]),
    (0, 1234, [0, 500, 1000, 1500]),
    (0, 1, [0, 0.2, 0.4, 0.6, 0.8, 1]),
    (-100, 312.5, [-100, 0, 100, 200, 300, 400]),
    (-42, 0, [-50, -40, -30, -20, -10, 0]),
    (-7, -3, [-7, -6, -5, -4, -3]),
    (-7.5, 2, [-8, -6, -4, -2, 0, 2]),
    (5, 5, [0, 1, 2, 3, 4, 5]),
])
def test_nice_ticks(lo, hi, expected):
    assert nice_ticks(lo, hi) == expected


def test_nice_ticks_are_1_2_5_steps_covering_the_range():
    for lo, hi in [(0, 3), (0, 17), (0, 999), (-5, 61), (0.001, 0.0075), (12, 1_000_000), (-3e6, 2e6)]:
        ticks = nice_ticks(lo, hi)
        step = ticks[1] - ticks[0]
        mantissa = step / 10 ** math.floor(math.log10(step))
        assert round(mantissa, 6) in (1, 2, 5), (lo, hi, ticks)
        assert ticks[0] <= lo and ticks[-1] >= hi
        assert 2 <= len(ticks) <= 7


def test_integer_ticks_never_fractional():
    assert nice_ticks(0, 2, integer=True) == [0, 1, 2]
    assert nice_ticks(0, 0, integer=True) == [0, 1]


def test_truncate_adds_ellipsis_and_fits():
    short, cut = truncate("Priya", 200)
    assert (short, cut) == ("Priya", False)
    long_label, cut = truncate("Maximilian Oberhauser-Wittgenstein of Company GmbH", 100)
    assert cut and long_label.endswith("…") and text_width(long_label) <= 100


# --------------------------------------------------------------------------- formatting


@pytest.mark.parametrize(("value", "kind", "decimals", "expected"), [
    (1234, "int", None, "1,234"),
    (1234.56, "float", None, "1,234.6"),
    (12.5, "pct", None, "12.5%"),
    (-1200, "money", None, "-$1,200"),
    (1_240_000, "money", None, "$1,240,000"),
    (None, "int", None, "—"),
    (float("nan"), "pct", None, "—"),
    (dt.date(2026, 11, 30), "date", None, "2026-11-30"),
    ("n/a", "int", None, "n/a"),
    (0.4, "float", 2, "0.40"),
])
def test_format_value(value, kind, decimals, expected):
    assert format_value(value, kind, decimals) == expected


def test_pandas_and_numpy_values():
    np = pytest.importorskip("numpy")
    pd = pytest.importorskip("pandas")
    from decimal import Decimal

    from revops_cli.report.formatting import json_value

    assert format_value(np.int64(1234), "int") == "1,234" and json_value(np.int64(1234)) == 1234
    assert format_value(Decimal("1234.50"), "money") == "$1,234" and json_value(Decimal("1234.50")) == 1234.5
    for missing in (np.float64("nan"), pd.NA, pd.NaT, None, ""):
        assert format_value(missing, "int") == "—"
    for missing in (np.float64("nan"), pd.NA, pd.NaT, None):
        assert json_value(missing) is None
    assert format_value(pd.Timestamp("2026-01-02 10:00"), "date") == "2026-01-02"
    assert json.dumps(json_value(pd.Timestamp("2026-01-02"))) == '"2026-01-02T00:00:00"'


def test_format_value_compact():
    assert format_value(1_240_000, "money", compact=True) == "$1.24M"
    assert format_value(25_000, "int", compact=True) == "25K"
    assert format_value(12_500, "int", compact=True) == "12.5K"
    assert format_value(1_500_000, "money", compact=True) == "$1.5M"


# --------------------------------------------------------------------------- svg


def _bar(**kw):
    return BarChart("Breaches", ["Ann", "Bob"], [Series("n", [3, 5])], **kw)


def test_svg_is_accessible_and_responsive():
    svg = render_chart(_bar(), "c1")
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert 'role="img"' in svg and 'aria-labelledby="c1-title c1-desc"' in svg
    assert '<title id="c1-title">Breaches</title>' in svg and '<desc id="c1-desc">' in svg
    assert re.search(r'viewBox="0 0 \d+ \d+"', svg) and 'width="100%"' in svg


@pytest.mark.parametrize("chart", [
    BarChart("Empty", [], []),
    BarChart("No series", ["a", "b"], []),
    BarChart("All missing", ["a", "b"], [Series("s", [None, float("nan")])]),
    LineChart("Empty", [], [Series("s", [])]),
    Histogram("Empty", [], []),
])
def test_svg_empty_data_says_no_data(chart):
    svg = render_chart(chart, "e")
    assert "No data" in svg and "<rect" in svg  # a framed message, not an empty box


def test_svg_zero_only_negative_single_point_and_nan():
    zero = render_chart(BarChart("Z", ["a", "b"], [Series("s", [0, 0])]), "z")
    assert "No data" not in zero and ">0<" in zero
    negative = render_chart(BarChart("ROI", ["a", "b"], [Series("ROI", [-42.0, 85.0])], value_kind="pct"), "n")
    assert "-42.0%" in negative and "-50%" in negative
    vertical_negative = render_chart(BarChart("ROI", ["a", "b"], [Series("ROI", [-42.0, 85.0])],
                                              value_kind="pct", orientation="vertical"), "v")
    assert "-42.0%" in vertical_negative
    single = render_chart(LineChart("One", ["W48"], [Series("x", [42])], value_kind="int"), "s")
    assert single.count("<circle") == 1 and "<path" in single
    gaps = render_chart(LineChart("Gaps", ["a", "b", "c", "d"], [Series("x", [1, None, float("nan"), 4])]), "g")
    assert "nan" not in gaps.lower().replace("nan and", "")
    assert gaps.count("<circle") == 2
    assert gaps.count("M") >= 2  # the line breaks at the gap


def test_svg_multi_series_has_legend_and_okabe_ito_palette():
    svg = render_chart(BarChart("By rep", ["a", "b"], [Series("First touch", [1, 2]), Series("Follow-up", [3, 4])],
                                stacked=True), "m")
    assert 'class="legend"' in svg and "First touch" in svg and "Follow-up" in svg
    assert "#0072B2" in svg and "#E69F00" in svg
    single = render_chart(_bar(), "one")
    assert 'class="legend"' not in single


def test_svg_target_line():
    svg = render_chart(_bar(target=4, target_label="SLA"), "t")
    assert 'class="target"' in svg and "SLA: 4" in svg
    line = render_chart(LineChart("Trend", ["W1", "W2"], [Series("x", [90.0, 96.0])], value_kind="pct",
                                  target=95), "lt")
    assert 'class="target"' in line and "Target: 95.0%" in line


def test_svg_thousands_separators_on_ticks_and_labels():
    svg = render_chart(BarChart("Leads", ["a", "b"], [Series("n", [1234, 5678])]), "k")
    assert "1,234" in svg and "5,678" in svg and "2,000" in svg


def test_svg_long_labels_truncated_with_full_text_tooltip():
    name = "Maximilian Oberhauser-Wittgenstein, Enterprise Accounts EMEA North"
    svg = render_chart(BarChart("By rep", [name, "Bo"], [Series("n", [1, 2])]), "l")
    assert f"<title>{name}</title>" in svg
    assert "…" in svg


@pytest.mark.parametrize("chart", [
    BarChart(SCRIPT, [SCRIPT, "A & B"], [Series(SCRIPT, [1, 2]), Series("x", [1, 1])], target=1,
             target_label=SCRIPT, axis_label=SCRIPT, description=SCRIPT),
    BarChart(SCRIPT, [SCRIPT, "A & B"], [Series(SCRIPT, [1, 2])], orientation="vertical", axis_label=SCRIPT),
    LineChart(SCRIPT, [SCRIPT, "A & B"], [Series(SCRIPT, [1, 2]), Series("y", [2, 1])], target=1,
              target_label=SCRIPT),
    Histogram(SCRIPT, [SCRIPT, "A & B"], [Series(SCRIPT, [1, 2])]),
    BarChart(SCRIPT, [], []),
])
def test_svg_escapes_all_text(chart):
    svg = render_chart(chart, "x")
    assert "<script" not in svg
    assert "&lt;script&gt;" in svg
    assert re.search(r"&(?!amp;|lt;|gt;|quot;|#x27;)", svg) is None  # every & is an entity


def test_standalone_svg_has_namespace():
    assert standalone_svg(_bar()).startswith('<svg xmlns="http://www.w3.org/2000/svg" ')


# --------------------------------------------------------------------------- model


def test_model_validates():
    with pytest.raises(ValueError, match="status"):
        CheckItem("x", "1", status="ok")
    with pytest.raises(ValueError, match="section id"):
        Section("has space", "x")
    with pytest.raises(ValueError, match="duplicate"):
        Report("r", [Section("a", "A"), Section("a", "B")])
    with pytest.raises(ValueError, match="kind"):
        Column("x", "X", kind="currency")
    with pytest.raises(ValueError, match="tone"):
        Note("x", "loud")


def test_to_dict_is_json_figures_only():
    data = sample_report(hostile=True).to_dict()
    text = json.dumps(data, allow_nan=False)  # no NaN, dates as text
    assert "<svg" not in text and "class=" not in text
    assert [s["id"] for s in data["sections"]][:2] == ["qa-checklist", "funnel"]
    qa = data["sections"][0]["blocks"][0]
    assert qa["type"] == "checklist" and qa["items"][1] == {
        "label": "SLA compliance", "value": 96.2, "value_text": "96.2%", "target_text": "> 95%",
        "status": "pass", "note": ""}
    types = {b["type"] for s in data["sections"] for b in s["blocks"]}
    assert types == {"checklist", "metrics", "table", "bar_chart", "line_chart", "histogram", "note"}
    edge = data["sections"][-1]["blocks"]
    nan_chart = next(b for b in edge if b.get("title") == "NaN and None")
    assert nan_chart["series"][0]["values"] == [None, None, 3]
    roi_table = data["sections"][5]["blocks"][1]
    assert roi_table["rows"][0]["end"] == "2026-11-20" and roi_table["rows"][4]["end"] is None
    assert data["generated_at"] == "2026-11-30T07:00:00+00:00"


# --------------------------------------------------------------------------- html


@pytest.fixture(scope="module")
def hostile_html() -> str:
    return render_html(sample_report(hostile=True))


def test_html_is_self_contained(hostile_html):
    lowered = hostile_html.lower()
    assert "http://" not in lowered and "https://" not in lowered and "//cdn" not in lowered
    assert "@import" not in lowered and "url(" not in lowered and "src=" not in lowered
    assert "<link rel=\"stylesheet\"" not in lowered
    assert ('<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
            "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">") in hostile_html
    assert hostile_html.count("<script>") == 1  # only the sorter


def test_html_escapes_user_text(hostile_html):
    assert SCRIPT not in hostile_html
    assert "alert(1)" in hostile_html  # present, but only as text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Co&quot; | &#x27;x&#x27;" in hostile_html
    # <title> of the page too
    page = render_html(Report(SCRIPT, [Section("a", SCRIPT, SCRIPT, [Note(SCRIPT)])], subtitle=SCRIPT,
                              footer=SCRIPT))
    assert SCRIPT not in page and "<title>&lt;script&gt;" in page


def unstyled(page: str) -> str:
    """The page without its inline styles (they are checked on their own below)."""
    return re.sub(r' style="[^"]*"', "", page)


def test_html_sections_toc_and_badges(hostile_html):
    report = sample_report(hostile=True)
    hostile_html = unstyled(hostile_html)
    for section in report.sections:
        assert f'<section class="report-section" id="{section.id}">' in hostile_html
        assert f'<a href="#{section.id}">' in hostile_html
    assert hostile_html.count('<section class="report-section"') == len(report.sections)
    # status shown as icon + word, not colour only
    assert '<span class="badge fail"><span class="icon" aria-hidden="true">✗</span>Fail</span>' in hostile_html
    assert '<span class="badge pass"><span class="icon" aria-hidden="true">✓</span>Pass</span>' in hostile_html
    assert "@media print" in hostile_html


def test_html_deterministic():
    assert render_html(sample_report(hostile=True)) == render_html(sample_report(hostile=True))
    assert render_markdown(sample_report(hostile=True)) == render_markdown(sample_report(hostile=True))
    ids = re.findall(r'\bid="([^"]+)"', render_html(sample_report(hostile=True)))
    assert len(ids) == len(set(ids))  # ids unique on the page


def test_html_sorter_data_sort_holds_raw_numbers():
    block = TableBlock([Column("rep", "Rep"), Column("leads", "Leads", "int"), Column("rate", "Rate", "pct"),
                        Column("cost", "Cost", "money"), Column("day", "Day", "date")], [
        {"rep": "Ann", "leads": 1234, "rate": 12.5, "cost": -1200.5, "day": dt.date(2026, 1, 2)},
        {"rep": "Bob", "leads": None, "rate": float("nan"), "cost": 3, "day": None},
    ])
    page = unstyled(render_html(Report("t", [Section("s", "S", blocks=[block])])))
    assert '<td class="num" data-sort="1234.0">1,234</td>' in page
    assert '<td class="num" data-sort="12.5">12.5%</td>' in page
    assert '<td class="num" data-sort="-1200.5">-$1,200</td>' in page
    assert '<td data-sort="2026-01-02">2026-01-02</td>' in page
    assert '<td class="num" data-sort="">—</td>' in page  # missing sorts last
    assert '<th scope="col" class="num" data-type="num" aria-sort="none"><button type="button" class="sort">' \
           'Leads' in page
    assert 'table class="data sortable"' in page


def test_html_empty_table_and_checklist():
    page = render_html(Report("t", [Section("s", "S", blocks=[
        TableBlock([Column("a", "A")], [], caption="Stalled deals", empty_text="No stalled deals."),
        Checklist([]), Metrics([])])]))
    assert "No stalled deals." in page and "<table" not in page.split("<main>")[1]


def test_html_metric_cards():
    page = unstyled(render_html(Report("t", [Section("s", "S", blocks=[Metrics([
        MetricCard("Win rate", "21.0%", "target 20%", "pass", "+1 pt")])])])))
    assert '<div class="card pass">' in page and "21.0%" in page and "target 20%" in page and "+1 pt" in page


def test_html_reads_as_an_email_body_with_inline_styles(hostile_html):
    """Mail clients drop <head> styles, CSS variables and scripts: the look is inline on each element."""
    body = hostile_html.split("<body", 1)[1].split("<script>", 1)[0]
    assert body.startswith(' style="margin:0;background:#f5f6f8')
    for tag in ("section", "h2", "table", "th", "td", "caption"):
        opened = re.findall(rf"<{tag}\b[^>]*>", body)
        assert opened and all(' style="' in t for t in opened), tag
    assert 'class="badge fail" style="display:inline-block;' in body and "color:#b91c1c;background:#fee2e2" in body
    assert 'class="card pass" style="display:inline-block;' in body and "border-top:4px solid #16a34a" in body
    assert "var(--" not in "".join(re.findall(r'style="([^"]*)"', body))  # no CSS variables inline
    # the page needs no script to read: every table and figure is in the markup, the script only sorts
    assert body.count("<table") >= 5


def test_bullet_list_block_in_html_markdown_and_json():
    block = BulletList([BulletItem("Bookings up 35.0% ($120,000 → $162,000)", "pass"),
                        BulletItem("Win rate down 4 pts <b>", "fail"), BulletItem("plain")], title="Changes")
    report = Report("t", [Section("s", "S", blocks=[block, BulletList([], empty_text="No change.")])])
    page = unstyled(render_html(report))
    assert '<ul class="bullets"><li><span class="badge pass">' in page and "&lt;b&gt;" in page
    assert "<li>plain</li>" in page and "No change." in page
    md = render_markdown(report)
    assert "- ✅ Bookings up 35.0% ($120,000 → $162,000)" in md and "- ❌ Win rate down 4 pts \\<b>" in md
    assert "- plain" in md and "_No change._" in md
    data = report.to_dict()["sections"][0]["blocks"][0]
    assert data == {"type": "list", "title": "Changes", "items": [
        {"text": "Bookings up 35.0% ($120,000 → $162,000)", "status": "pass"},
        {"text": "Win rate down 4 pts <b>", "status": "fail"}, {"text": "plain", "status": None}]}


# --------------------------------------------------------------------------- markdown


def test_markdown_structure():
    md = render_markdown(sample_report())
    assert md.startswith("# Weekly pipeline review\n")
    assert "## Weekly QA checklist" in md and "## Data-quality scorecard" in md
    assert "- ✅ **SLA compliance**: 96.2% (target > 95%) — Pass" in md
    assert "- ❌ **Data completeness**: 87.5% (target > 90%) — Fail. Phone missing on 9% of leads" in md
    assert "| Rep | Leads | Breaches | Compliance | Median response (h) | Status |" in md
    assert "|---|---:|---:|---:|---:|---|" in md
    assert "| Priya Natarajan | 1,204 | 6 | 99.5% | 0.40 | ✅ Pass |" in md
    assert "> ⚠️ Initech pilot" in md
    # charts become data tables
    assert "| Period | MQL rate | MQL → SQL | Win rate |" in md
    assert "| W43 | 30.2% | — | 20.4% |" in md
    assert "<svg" not in md and md.endswith("\n") and "\n\n\n" not in md


def test_markdown_escapes_pipes_and_markup():
    md = render_markdown(sample_report(hostile=True))
    assert SCRIPT not in md
    table_lines = [line for line in md.splitlines() if line.startswith("| ")]
    row = next(line for line in table_lines if line.startswith("| b \\|"))
    assert row == "| b \\| c | — |"
    assert len(re.split(r"(?<!\\)\|", row)) == 4  # 2 cells: the escaped pipe does not split
    # every row of every table has as many cells as its header
    for table in re.findall(r"(?:^\|.*\n)+", md, flags=re.M):
        counts = {len(re.split(r"(?<!\\)\|", line)) for line in table.splitlines()}
        assert len(counts) == 1, table


def test_markdown_empty_chart_and_line_start_escape():
    md = render_markdown(Report("t", [Section("s", "S", "# not a heading", [
        BarChart("Nothing", [], []), Note("- not a list")])]))
    assert "_No data for this period._" in md
    assert "\\# not a heading" in md
    assert "> ℹ️ - not a list" in md


def test_hostile_constant_is_hostile():
    assert "<script>" in HOSTILE and "&" in HOSTILE and "|" in HOSTILE

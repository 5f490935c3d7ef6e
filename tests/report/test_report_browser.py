"""The rendered report in a real browser: headless Chromium (Debian's package) driven by Playwright.

Skipped with the reason when /usr/bin/chromium or playwright is missing, unless
REVOPS_REQUIRE_BROWSER=1 (set by .ci/run), in which case they fail.
One browser launch for the whole module.
"""

from __future__ import annotations

import pytest

from tests.report.browser import Browser, PageInfo, require_browser
from revops_cli.report import render_html
from revops_cli.report.sample import sample_report

pytestmark = pytest.mark.slow  # a real browser: deselect with -m "not slow"

@pytest.fixture(scope="module")
def browser():
    require_browser()
    with Browser() as running:
        yield running


@pytest.fixture(scope="module")
def report():
    return sample_report(hostile=True)


@pytest.fixture(scope="module")
def seen(browser, report, tmp_path_factory) -> PageInfo:
    folder = tmp_path_factory.mktemp("report")
    path = folder / "weekly.html"
    path.write_text(render_html(report), encoding="utf-8")
    return browser.open(path, screenshot=folder / "weekly.png")


def test_no_console_errors_page_errors_or_network(seen):
    assert seen.console_errors == []
    assert seen.page_errors == []
    assert seen.network_requests == []
    assert seen.failed_requests == {}


def test_every_section_present(seen, report):
    assert seen.section_ids == [s.id for s in report.sections]
    assert seen.title == report.title


def test_hostile_labels_are_text_not_markup(seen):
    # an injected <script> would have run alert() or added a second script element
    assert seen.page.evaluate("() => document.scripts.length") == 1
    texts = seen.page.evaluate("() => document.querySelector('#edge-cases h2').textContent")
    assert "<script>alert(1)</script>" in texts


def test_every_chart_is_an_inline_svg(seen, report):
    charts = seen.page.evaluate(
        "() => Array.from(document.querySelectorAll('figure.chart svg[role=img]')).map(s => s.getBBox().width > 0)")
    expected = sum(1 for s in report.sections for b in s.blocks if type(b).__name__ in
                   ("BarChart", "LineChart", "Histogram"))
    assert len(charts) == expected and all(charts)
    empty = seen.page.locator("#edge-cases svg.chart-empty")
    assert "No data" in empty.text_content()


def test_clicking_a_numeric_header_sorts_numerically(seen):
    # the first sortable table: breaches per rep; column 1 is "Leads" (88, 1,204, 97, 64, 9)
    first = seen.sort_table(0, 1)
    assert first["aria_sort"] == "descending"  # numbers: largest first
    assert first["texts"] == ["1,204", "97", "88", "64", "9"]  # numeric, not "97" > "9" > "88" text order
    second = seen.sort_table(0, 1)
    assert second["aria_sort"] == "ascending"
    assert second["texts"][0] == "9"
    # percent column with a missing value: sorted by the raw number, missing last either way
    median = seen.sort_table(0, 4)
    assert median["texts"] == ["2.10", "1.25", "0.75", "0.40", "—"]
    median = seen.sort_table(0, 4)
    assert median["texts"] == ["0.40", "0.75", "1.25", "2.10", "—"]
    # only the sorted column carries aria-sort other than none
    states = seen.page.evaluate(
        "() => Array.from(document.querySelectorAll('table.sortable')[0].tHead.rows[0].cells)"
        ".map(th => th.getAttribute('aria-sort'))")
    assert states == ["none", "none", "none", "none", "ascending", "none"]


def test_text_sort_and_keyboard(seen):
    table = seen.page.locator("table.sortable").nth(0)
    button = table.locator("thead th").nth(0).locator("button")
    button.focus()
    seen.page.keyboard.press("Enter")
    names = seen.column_texts(0, 0)
    assert names[1:] == ["Alex Kim", "Dana Cruz", "Priya Natarajan", "Sam O'Connor"]  # A to Z
    assert table.locator("thead th").nth(0).get_attribute("aria-sort") == "ascending"


def test_money_and_date_columns_sort(seen):
    # the campaign table: column 2 is Cost (money), column 5 Ended (date, one missing)
    cost = seen.sort_table(1, 2)
    assert cost["texts"] == ["$45,000", "$12,000", "$8,000", "$5,000", "$3,500"]
    roi = seen.sort_table(1, 4)
    assert roi["texts"] == ["312.5%", "85.0%", "18.4%", "-42.0%", "-100.0%"]
    ended = seen.sort_table(1, 5)
    assert ended["texts"] == ["2026-10-09", "2026-11-14", "2026-11-20", "2026-11-27", "—"]


def test_screenshot_taken(seen):
    assert seen.screenshot is not None and seen.screenshot.stat().st_size > 10_000
    assert seen.screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_csp_blocks_network(browser, tmp_path):
    """The page's own CSP refuses a request even if markup with a URL slipped in."""
    html = render_html(sample_report()).replace(
        "</main>", '<img alt="" src="http://192.0.2.1/pixel.png"></main>')
    path = tmp_path / "leak.html"
    path.write_text(html, encoding="utf-8")
    leak = browser.open(path)
    # the harness sees the attempt, and Chromium refused it before it left the page
    assert leak.network_requests == ["http://192.0.2.1/pixel.png"]
    assert leak.failed_requests == {"http://192.0.2.1/pixel.png": "csp"}
    assert any("Content Security Policy" in e for e in leak.console_errors)


def test_missing_browser_skips_or_fails_as_ci_asks(monkeypatch):
    """No browser: a skip with the reason; with REVOPS_REQUIRE_BROWSER=1 (CI) a failure instead."""
    import tests.report.browser as harness

    monkeypatch.setattr(harness, "CHROMIUM", "/nonexistent/chromium")
    monkeypatch.delenv("REVOPS_REQUIRE_BROWSER", raising=False)
    with pytest.raises(pytest.skip.Exception, match="/nonexistent/chromium is missing"):
        harness.require_browser()
    monkeypatch.setenv("REVOPS_REQUIRE_BROWSER", "1")
    with pytest.raises(pytest.fail.Exception, match="REVOPS_REQUIRE_BROWSER=1 but /nonexistent/chromium"):
        harness.require_browser()

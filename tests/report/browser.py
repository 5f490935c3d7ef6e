"""Open an HTML file in headless Chromium (Debian's ``chromium``, driven by Playwright) and report what it saw.

Playwright's own browser download is unreachable here, so Playwright drives the
system browser through its executable path. Tests that need the browser use
:data:`requires_browser`: skipped with the reason when ``/usr/bin/chromium``
or the ``playwright`` package is missing, unless ``REVOPS_REQUIRE_BROWSER=1``
(CI sets it), in which case they fail instead.

Usage::

    with Browser() as browser:
        seen = browser.open(path, screenshot=tmp_path / "page.png")
        assert not seen.console_errors and not seen.network_requests
        first = seen.sort_table(0, column=2)   # click a header, read the column back
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("REVOPS_CHROMIUM", "/usr/bin/chromium")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync"]
LOCAL_SCHEMES = ("file:", "data:", "about:")


def browser_missing() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install -e '.[test]')"
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        return f"{CHROMIUM} is missing (apt-get install chromium; .ci/run does this)"
    return None


def browser_required() -> bool:
    return os.environ.get("REVOPS_REQUIRE_BROWSER", "") == "1"


def require_browser() -> None:
    """Skip (or, with REVOPS_REQUIRE_BROWSER=1, fail) the calling test when the browser cannot run."""
    reason = browser_missing()
    if reason is None:
        return
    if browser_required():
        pytest.fail(f"REVOPS_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    pytest.skip(f"browser test: {reason}; set REVOPS_REQUIRE_BROWSER=1 to make this a failure")


@dataclass
class PageInfo:
    """What the browser saw while loading one page."""

    url: str
    title: str
    section_ids: list[str]                     #: ids of every <section id=...>, in order
    console_errors: list[str] = field(default_factory=list)  #: console messages of type "error"
    page_errors: list[str] = field(default_factory=list)     #: uncaught exceptions
    network_requests: list[str] = field(default_factory=list)  #: URLs not file:/data:/about:, even if blocked
    failed_requests: dict[str, str] = field(default_factory=dict)  #: URL -> failure ("csp" = refused by the CSP)
    screenshot: Path | None = None
    page: Any = None                           #: the live Playwright page (until the browser closes)

    def column_texts(self, table_index: int, column: int) -> list[str]:
        """The text of one column of the ``table_index``-th sortable table, top to bottom."""
        return self.page.evaluate(
            """([t, c]) => Array.from(document.querySelectorAll('table.sortable')[t].tBodies[0].rows)
                   .map(r => r.cells[c].textContent.trim())""", [table_index, column])

    def sort_table(self, table_index: int, column: int) -> dict[str, Any]:
        """Click the header button of a column of the ``table_index``-th sortable table.

        Returns ``{"aria_sort": ..., "texts": [...], "keys": [...]}``: the header's
        aria-sort after the click, and the column's cell texts and data-sort values in row order.
        """
        table = self.page.locator("table.sortable").nth(table_index)
        table.locator("thead th").nth(column).locator("button").click()
        return self.page.evaluate(
            """([t, c]) => {
                const table = document.querySelectorAll('table.sortable')[t];
                const rows = Array.from(table.tBodies[0].rows);
                return {aria_sort: table.tHead.rows[0].cells[c].getAttribute('aria-sort'),
                        texts: rows.map(r => r.cells[c].textContent.trim()),
                        keys: rows.map(r => r.cells[c].getAttribute('data-sort'))};
            }""", [table_index, column])


class Browser:
    """One headless Chromium for many pages (launching takes about a second)."""

    def __init__(self, executable: str = CHROMIUM, viewport: tuple[int, int] = (1200, 900),
                 scale: float = 1.0) -> None:
        self.executable = executable
        self.viewport = {"width": viewport[0], "height": viewport[1]}
        self.scale = scale  # device scale factor: 0.75 makes smaller screenshots (docs/img)
        self._pw = None
        self._browser = None
        self._contexts: list[Any] = []

    def __enter__(self) -> Browser:
        from playwright.sync_api import sync_playwright

        self._pw = sync_playwright().start()
        try:
            self._browser = self._pw.chromium.launch(executable_path=self.executable, headless=True,
                                                     args=LAUNCH_ARGS)
        except Exception:
            self._pw.stop()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        for context in self._contexts:
            context.close()
        if self._browser is not None:
            self._browser.close()
        if self._pw is not None:
            self._pw.stop()

    def open(self, html_path: Path | str, screenshot: Path | str | None = None,
             javascript: bool = True) -> PageInfo:
        """Load a local HTML file; record errors and network requests; optionally screenshot the full page.
        ``javascript=False`` opens it as a mail client shows it: no script runs."""
        path = Path(html_path).resolve()
        context = self._browser.new_context(viewport=self.viewport, device_scale_factor=self.scale,
                                            java_script_enabled=javascript, offline=False)
        self._contexts.append(context)
        page = context.new_page()
        console_errors: list[str] = []
        page_errors: list[str] = []
        requests: list[str] = []
        page.on("console", lambda msg: console_errors.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda err: page_errors.append(str(err)))
        failed: dict[str, str] = {}
        page.on("request", lambda req: requests.append(req.url)
                if not req.url.startswith(LOCAL_SCHEMES) else None)
        page.on("requestfailed", lambda req: failed.__setitem__(req.url, req.failure or "")
                if not req.url.startswith(LOCAL_SCHEMES) else None)
        page.goto(path.as_uri(), wait_until="load")
        page.wait_for_timeout(100)  # let late console messages and requests arrive
        info = PageInfo(
            url=page.url,
            title=page.title(),
            section_ids=page.evaluate("() => Array.from(document.querySelectorAll('section[id]')).map(s => s.id)"),
            console_errors=console_errors,
            page_errors=page_errors,
            network_requests=requests,
            failed_requests=failed,
            page=page,
        )
        if screenshot is not None:
            info.screenshot = Path(screenshot)
            page.screenshot(path=str(info.screenshot), full_page=True)
        return info


def open_in_chromium(html_path: Path | str, screenshot: Path | str | None = None) -> PageInfo:
    """One-shot: launch Chromium, open ``html_path``, return what it saw (the page is closed afterwards)."""
    with Browser() as browser:
        info = browser.open(html_path, screenshot=screenshot)
        info.page = None
        return info


def main(argv: list[str] | None = None) -> int:
    """``python tests/browser.py PAGE.html [--screenshot OUT.png] [--scale 0.75]``: what Chromium saw, as JSON."""
    import argparse
    import json

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("html")
    parser.add_argument("--screenshot")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--width", type=int, default=1200)
    args = parser.parse_args(argv)
    reason = browser_missing()
    if reason:
        print(reason)
        return 2
    with Browser(viewport=(args.width, 900), scale=args.scale) as browser:
        info = browser.open(args.html, screenshot=args.screenshot)
        print(json.dumps({"title": info.title, "section_ids": info.section_ids,
                          "console_errors": info.console_errors, "page_errors": info.page_errors,
                          "network_requests": info.network_requests}, indent=2))
    clean = not (info.console_errors or info.page_errors or info.network_requests)
    return 0 if clean else 1


if __name__ == "__main__":
    raise SystemExit(main())

"""Output conventions (SPEC contract 5): Rich tables for people, ``--json`` for machines.

The summary goes to stdout, or to stderr when the data itself goes to stdout
(``-o -``). ``--json`` prints one JSON document instead of tables; ``--quiet``
prints nothing but errors. Rich turns colour off when the stream is not a
terminal or ``NO_COLOR`` is set.

Tables never cut a number, an id or a date: those columns never wrap or shrink, text
columns wrap between words, and a table too wide for the width it has is printed
stacked, one block of ``field: value`` lines per row. The width is the terminal's, or
``COLUMNS``; with neither (cron mail, ``| less``, CI logs) a table takes the width it needs.

Progress (:meth:`Reporter.live`): one display per command on stderr that names the step
under way (``reading leads.csv``, ``cleaning · phones``, ``writing big.xlsx
120,000/300,000 rows``); only on a terminal, never under ``--json`` or ``--quiet``.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import re
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable

import pandas as pd
from rich.console import Console
from rich.measure import Measurement
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

#: What the core functions' ``progress`` callbacks receive: the step starting ("phones") and
#: how far the function is, as done and total units (steps or rows).
ProgressCallback = Callable[[str, float, float], None]


class Reporter:
    """Where and how a command reports: tables, JSON, or nothing."""

    def __init__(self, *, json_mode: bool = False, quiet: bool = False, data_on_stdout: bool = False,
                 file: Any = None) -> None:
        self.json_mode = json_mode
        self.quiet = quiet
        self.data_on_stdout = data_on_stdout
        human_stream = file if file is not None else (sys.stderr if data_on_stdout else sys.stdout)
        self.console = Console(file=human_stream, highlight=False, soft_wrap=False)
        self._json_stream = file if file is not None else (sys.stderr if data_on_stdout else sys.stdout)
        self.notes: list[str] = []  # what the reader assumed or dropped; also in --json as "read_notes"
        self.json_extra: dict[str, Any] = {}  # keys added to the --json summary (e.g. "no_data_rows")
        self.muted = False
        self._bar: Progress | None = None
        self._task: Any = None

    @property
    def shows_tables(self) -> bool:
        return not (self.json_mode or self.quiet or self.muted)

    def note(self, text: str) -> None:
        """A line about how an input was read (an assumed encoding, NULs dropped, a time zone): shown in
        yellow, and listed under "read_notes" in --json."""
        self.notes.append(text)
        self.line(text, style="yellow")

    def mute(self) -> None:
        """Show no more tables or lines (the notes so far stay); --json still prints its summary."""
        self.muted = True

    def table(self, table: Table) -> None:
        """Print a table whole: wrapped to the width there is, or stacked when it cannot fit."""
        if not self.shows_tables:
            return
        width = self._table_width()
        if isinstance(table, FitTable) and not table.fit(width):
            self._stacked(table, width)
            return
        if width is None:
            natural = Measurement.get(self.console, self.console.options.update(width=10**6), table).maximum
            width = max(natural, self.console.width)
        with _console_width(self.console, width):
            self.console.print(table)

    def _table_width(self) -> int | None:
        """The terminal's width, else ``COLUMNS``, else None (no limit: a log file or a pipe)."""
        if self.console.is_terminal:
            return self.console.width
        columns = os.environ.get("COLUMNS", "")
        return int(columns) if columns.isdigit() and int(columns) > 0 else None

    def _stacked(self, table: FitTable, width: int) -> None:
        """One block per row, a ``field: value`` line per cell, for a table wider than the screen."""
        with _console_width(self.console, width):
            if table.title:
                self.console.print(Text(str(table.title)))
            for index, row in enumerate(table.cells):
                if index:
                    self.console.print()
                for header, value in zip(table.headers, row):
                    self.console.print(Text.assemble("  ", (f"{header}: ", "bold"), value), overflow="fold")
            self.console.print()

    def line(self, text: str, style: str | None = None) -> None:
        if self.shows_tables:
            self.console.print(text, style=style)

    def json(self, payload: Mapping[str, Any]) -> None:
        """Print the machine-readable summary (only in ``--json`` mode)."""
        if self.json_mode:
            if self.notes and "read_notes" not in payload:
                payload = {**payload, "read_notes": list(self.notes)}
            payload = {**payload, **{k: v for k, v in self.json_extra.items() if k not in payload}}
            self._json_stream.write(to_json(payload) + "\n")
            self._json_stream.flush()

    @contextmanager
    def live(self) -> Iterator[Reporter]:
        """One progress display for the whole command, on stderr; a no-op off a terminal or in --json/--quiet.

        Inside it, :meth:`step` names a step, :meth:`steps` is the callback core functions take, and
        :meth:`rows` the one writers take. Nested calls reuse the display that is already up.
        """
        if self._bar is not None or not self.shows_tables:
            yield self
            return
        console = Console(stderr=True, highlight=False)
        if not console.is_terminal:
            yield self
            return
        bar = Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.fields[count]}"),
                       TimeElapsedColumn(), console=console, transient=True, auto_refresh=True)
        with bar:
            self._bar, self._task = bar, bar.add_task("", total=None, count="")
            try:
                yield self
            finally:
                self._bar = self._task = None

    def step(self, name: str) -> None:
        """Show ``name`` as the step under way (no measure of how far it is)."""
        if self._bar is not None:
            self._bar.update(self._task, description=name, total=None, completed=0, count="", refresh=True)

    def steps(self, prefix: str | None = None) -> ProgressCallback:
        """The callback a core function takes: ``(step, done, total)``, shown as "prefix · step" and a bar."""
        def report(step: str, done: float, total: float) -> None:
            if self._bar is not None:
                name = f"{prefix} · {step}" if prefix and step else (prefix or step)
                self._bar.update(self._task, description=name, total=total or None, completed=done, count="",
                                 refresh=True)
        return report

    def rows(self, name: str) -> Callable[[int, int], None]:
        """The callback a reader or writer takes: ``(rows_done, rows)``, shown as "name 120,000/300,000 rows"."""
        def report(done: int, total: int) -> None:
            if self._bar is not None:
                self._bar.update(self._task, description=name, total=total or None, completed=done,
                                 count=f"{done:,}/{total:,} rows", refresh=True)
        self.step(name)
        return report

    @contextmanager
    def progress(self, description: str, total: int | None) -> Iterator[Callable[[int], None]]:
        """Yield ``advance(n)`` for a counted step (kept for callers that count ticks); shown by :meth:`live`."""
        with self.live():
            done = [0]
            self.steps()(description, 0, total or 0)

            def advance(n: int = 1) -> None:
                done[0] += n
                self.steps()(description, done[0], total or 0)
            yield advance


@contextmanager
def _console_width(console: Console, width: int) -> Iterator[None]:
    before = console._width  # noqa: SLF001 - Rich keeps an explicit width here; None means "ask the terminal"
    console.width = width
    try:
        yield
    finally:
        console._width = before  # noqa: SLF001


def error_console() -> Console:
    return Console(stderr=True, highlight=False, soft_wrap=True)


def _json_default(value: Any) -> Any:
    if value is pd.NaT or value is pd.NA:  # NaT is a datetime whose isoformat() is "NaT"
        return None
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, Path):
        return str(value)
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    return str(value)


def _clean_floats(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _clean_floats(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean_floats(v) for v in value]
    return value


def to_json(payload: Any) -> str:
    """JSON text for a summary; NaN/inf become null so every parser accepts it."""
    return json.dumps(_clean_floats(payload), default=_json_default, indent=2, ensure_ascii=False)


class FitTable(Table):
    """A Rich table that keeps its plain cells, so it can be printed stacked when it cannot fit."""

    headers: list[str]
    cells: list[list[str]]
    full: list[int | None]  # per column of figures: its width with the header on one line (None: a text column)
    tight: list[int | None]  # ... with the header wrapped between its words
    floors: list[int]  # per text column: the narrowest it may get

    def needed(self, widths: Sequence[int | None]) -> int:
        """The width the table takes with these fixed column widths and its text columns at their floor."""
        return sum(w or 0 for w in widths) + sum(self.floors) + 3 * len(self.columns) + 1

    def fit(self, width: int | None) -> bool:
        """Give the columns of figures the widths that fit in ``width`` (None: no limit); False if none does."""
        for widths in (self.full, self.tight):
            if width is None or self.needed(widths) <= width:
                for column, fixed in zip(self.columns, widths):
                    if fixed is not None:
                        column.width = fixed
                return True
        return False


# A cell that must never be broken: one word (an id, a number, a code), or figures with
# separators ("1 234,5", "2026-11-20 08:00", "60.5 %").
_ATOM = re.compile(r"\S*|[\d\s,.:%+\-/]*\d[\d\s,.:%+\-/]*")


def simple_table(title: str | None, headers: Sequence[str], rows: Sequence[Sequence[Any]],
                 *, justify: Sequence[str] | None = None) -> FitTable:
    """A Rich table from plain rows; ``justify`` per column ('left'/'right').

    A column of single words and figures (numbers, ids, dates) has the width of its widest cell
    and never shrinks; a column of text wraps between words (and folds a word longer than the
    column, never dropping a letter); its header may wrap too.
    """
    cells = [[fmt_cell(v) for v in row] for row in rows]
    table = FitTable(title=title, title_justify="left", header_style="bold")
    table.headers, table.cells = [str(h) for h in headers], cells
    table.full, table.tight, table.floors = [], [], []
    for index, header in enumerate(headers):
        column = [row[index] for row in cells if index < len(row)]
        words = max((len(w) for w in str(header).split()), default=0)
        widest = max((len(c) for c in column), default=0)
        align = justify[index] if justify else "left"
        if all(_ATOM.fullmatch(c) for c in column):  # fixed: Rich never shrinks a column with a width
            table.full.append(max(len(str(header)), widest, 1))
            table.tight.append(max(words, widest, 1))  # the header wrapped between its words
            table.floors.append(0)
            table.add_column(header, justify=align, width=table.full[-1], overflow="fold")  # type: ignore[arg-type]
        else:  # text: at least ten characters (or its widest cell) before the table is stacked instead
            table.full.append(None)
            table.tight.append(None)
            table.floors.append(min(max(widest, words), _TEXT_FLOOR))
            table.add_column(header, justify=align, overflow="fold")  # type: ignore[arg-type]
    for row in cells:
        table.add_row(*[Text(c) for c in row])
    return table


_TEXT_FLOOR = 10


def fmt_cell(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.1f}"
    return str(value)


"""Output conventions (SPEC contract 5): Rich tables for people, ``--json`` for machines.

The summary goes to stdout, or to stderr when the data itself goes to stdout
(``-o -``). ``--json`` prints one JSON document instead of tables; ``--quiet``
prints nothing but errors. Rich turns colour off when the stream is not a
terminal or ``NO_COLOR`` is set. A progress bar appears only on a terminal.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable

import pandas as pd
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table


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
        if self.shows_tables:
            self.console.print(table)

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
    def progress(self, description: str, total: int | None) -> Iterator[Callable[[int], None]]:
        """Yield ``advance(n)``; draws a bar only on a terminal, never in --json/--quiet."""
        if not (self.shows_tables and self.console.is_terminal):
            yield lambda n=1: None
            return
        bar = Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed:,}/{task.total:,}"),
                       TimeElapsedColumn(), console=self.console, transient=True)
        with bar:
            task = bar.add_task(description, total=total)
            yield lambda n=1: bar.advance(task, n)


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


def simple_table(title: str | None, headers: Sequence[str], rows: Sequence[Sequence[Any]],
                 *, justify: Sequence[str] | None = None) -> Table:
    """A Rich table from plain rows; ``justify`` per column ('left'/'right')."""
    table = Table(title=title, title_justify="left", header_style="bold")
    for index, header in enumerate(headers):
        table.add_column(header, justify=(justify[index] if justify else "left"))  # type: ignore[arg-type]
    for row in rows:
        table.add_row(*[fmt_cell(v) for v in row])
    return table


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


"""The main input of a row-local command read and processed a batch of rows at a time.

``leads clean``, ``enrich-flag``, ``score`` and ``route`` decide each row on its own (route carries
its round robin from row to row), so a file of any length runs in the memory of one batch: a first
pass (:meth:`~revops_cli.io.stream.BatchSource.scan`) counts the rows and gathers what must be known
of the whole file first, and the command then processes and writes batch after batch. The output is
byte for byte what the same command writes when it reads the file whole:

* column detection reads the same sample of every column (:class:`~revops_cli.columns.confirm.ColumnSampler`);
* a date column's whole-column choices (Excel serial days or not, day/month order) are taken in the
  first pass (:func:`~revops_cli.normalize.timestamps.date_column_evidence`) and handed to every batch
  through ``mapping.date_evidence``;
* the output is written by :class:`~revops_cli.io.write.DelimitedBatchWriter` into one temp file
  renamed into place at the end.

A file streams when it is a delimited text file of at least ``STREAM_MIN_BYTES`` (or ``--batch-rows``
asks for it) and the output is CSV or TSV; otherwise the command reads it whole, as before.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd
import pyarrow as pa

from revops_cli.cli.common import Run, find_columns, settle_read
from revops_cli.columns import ColumnMapping, detect_columns, parse_map_options
from revops_cli.columns.confirm import ColumnSampler
from revops_cli.io.read import Table
from revops_cli.io.stream import (
    BATCH_ROWS,
    STREAM_MIN_BYTES,
    BackgroundWriter,
    BatchSource,
    open_batches,
    text_frame,
)
from revops_cli.io.write import DelimitedBatchWriter, atomic_file, output_format, output_headers
from revops_cli.normalize.distinct import in_this_process
from revops_cli.normalize.timestamps import DateColumnEvidence, date_column_evidence

STREAMED_FORMATS = {"csv", "tsv"}
R = TypeVar("R")  # what a command's core function returns for a batch (it has a ``frame``)


@dataclass
class StreamedInput:
    """The main input opened for batches: its table (no rows; the info and detection's sample), its
    columns, and the batches themselves."""

    table: Table
    mapping: ColumnMapping
    source: BatchSource
    batch_rows: int

    @property
    def rows(self) -> int:
        return self.table.info.rows

    def batches(self) -> Iterator[tuple[int, pd.DataFrame]]:
        """(offset of the batch's first row in the file's data rows, the batch's frame, index from 0)."""
        yield from self.source.batches(self.batch_rows)

    def summary(self) -> dict:
        """For ``--json``: how the file was read in batches, and what the first pass decided for every batch."""
        headers = self.table.header_map
        return {
            "rows_per_batch": self.batch_rows,
            "batches": -(-self.rows // self.batch_rows),
            "date_columns": {headers.get(column, column): _evidence_text(evidence)
                             for column, evidence in self.mapping.date_evidence.items()},
        }


def write_streamed(run: Run, streamed: StreamedInput, output: str, process: Callable[[int, pd.DataFrame], R], *,
                   step: str, combine: Callable[[R, R], None] | None = None,
                   log: StreamedLog | None = None) -> R | None:
    """Run ``process(offset, frame)`` on every batch and write each result's ``frame`` to ``output`` as it
    comes (and ``log``'s frame of it to ``log.dest``); return the first batch's result with every later one
    folded in by ``combine(first, later)``, or None without ``combine`` (the caller keeps its own totals).

    With no data rows, ``process`` runs once on the empty frame, and each file gets its header alone.
    """
    table = streamed.table
    progress = run.reporter.rows(f"{step} · {Path(table.info.source).name}")
    # (where, the header of it for a batch's result, the rows of it in a batch's result)
    files: list[tuple[str, Callable[[R], list[str]], Callable[[R], pd.DataFrame]]] = [
        (output, lambda result: output_headers(table.info.headers, result.frame), lambda result: result.frame)]
    if log is not None:
        files.append((log.dest, lambda result: log.headers, log.frame))
    total: R | None = None
    done = 0
    with contextlib.ExitStack() as stack:
        handles = [stack.enter_context(open(stack.enter_context(atomic_file(Path(dest))), "wb")) for dest, _, _ in files]
        stack.enter_context(in_this_process())  # the reader and writer threads are busy: no forked workers
        writers: list[BackgroundWriter] = []
        for offset, frame in streamed.batches():
            result = process(offset, frame)
            del frame
            if not writers:
                writers = [stack.enter_context(BackgroundWriter(
                    DelimitedBatchWriter(handle, output_format(dest), headers_of(result)).write))
                    for handle, (dest, headers_of, _) in zip(handles, files)]
            for writer, (_, _, rows_of) in zip(writers, files):
                writer.put(rows_of(result))
            done += len(result.frame)
            result.frame = result.frame.iloc[:0]  # the writer holds the rows until they are written; no one after
            if combine is not None:
                if total is None:
                    total = result
                else:
                    combine(total, result)
            del result
            gc.collect()  # a batch's frames sit in reference cycles: let them go before the next batch
            progress(done, streamed.rows)
        if not writers:  # no data rows: each file gets its header alone, as the whole-file run writes it
            empty = process(0, table.frame)
            for handle, (dest, headers_of, _) in zip(handles, files):
                DelimitedBatchWriter(handle, output_format(dest), headers_of(empty))
            total = empty if combine is not None else None
    return total


@dataclass
class StreamedLog:
    """A second file a streamed command writes batch by batch (``leads clean --changes``): where, its header,
    and the rows of it a batch's result holds."""

    dest: str
    headers: list[str]
    frame: Callable[[Any], pd.DataFrame]


def stream_summary(streamed: StreamedInput | None) -> dict:
    """``{"streamed": ...}`` for a command's ``--json``: None when the file was read whole."""
    return {"streamed": None if streamed is None else streamed.summary()}


def _evidence_text(evidence: DateColumnEvidence) -> str:
    """What the first pass found in a date column, as the sentence the summary records."""
    if evidence.all_serial:
        return "Excel serial days"
    if evidence.day_first and evidence.month_first:
        return "both day-first and month-first dates: each 03/04/2026 cell decides for itself, ambiguous ones flagged"
    if evidence.day_first:
        return "day-first (a date such as 13/04 is in the file)"
    if evidence.month_first:
        return "month-first (a date such as 04/13 is in the file)"
    return "no day/month evidence: 03/04/2026 read month-first with slashes, day-first with dots or dashes"


def wants_stream(source: str, output: str | None, batch_rows: int | None) -> bool:
    """Whether to try streaming: ``--batch-rows N`` says so (0 says never), else a file of at least
    ``STREAM_MIN_BYTES``; only when the output is a CSV or TSV file."""
    if batch_rows == 0 or not output or output == "-" or output_format(output) not in STREAMED_FORMATS:
        return False
    if batch_rows is not None:
        return True
    try:
        return Path(source).stat().st_size >= STREAM_MIN_BYTES
    except OSError:
        return False


def open_streamed(run: Run, source: str, *, output: str | None, batch_rows: int | None,
                  map_options: list[str] | None, sheet: str | None = None,
                  schema: str = "leads") -> StreamedInput | None:
    """Open the main input for streaming when it should and can stream; None: read it whole.

    Does what :func:`~revops_cli.cli.common.read_input` does (the notes, the columns, "no data rows"),
    from the first pass instead of a frame.
    """
    if sheet is not None or not wants_stream(source, output, batch_rows):
        return None
    batches = open_batches(source, encoding=run.read_options.encoding)
    if batches is None:
        return None
    rows = batch_rows or BATCH_ROWS
    overrides = parse_map_options(map_options)
    names = batches.names
    # Date columns by their names (and --map/[columns]); a column detection then moves to a date field
    # by its values gets its evidence in a pass of its own (see below).
    by_name = detect_columns(names, schema=schema, overrides=overrides,
                             config_columns=run.config.columns if schema == "leads" else None,
                             headers=dict(zip(names, batches.info.headers)), source=source)
    evidence = _EvidencePass(_date_columns(by_name))
    sampler = ColumnSampler(names, _text)

    def visit(offset: int, table: pa.Table) -> None:
        sampler.add(offset, table)
        evidence.add(offset, table)

    if run.main_source is None:
        run.main_source = source
    run.reporter.step(f"reading {Path(source).name} (first pass)")
    if not batches.scan(rows, visit):
        return None
    info = batches.info
    table = Table(frame=pd.DataFrame({name: pd.Series([], dtype="str") for name in names}), info=info,
                  sample=sampler.frame(info.rows))
    mapping = find_columns(run, table, source, schema=schema, overrides=overrides)
    settle_read(run, source, table, mapping)
    found = evidence.result(info.rows)
    missing = [c for c in _date_columns(mapping) if c not in found]
    if missing:  # a date column found by its values, not its name: one more pass, over it alone
        late = _EvidencePass(missing)
        for offset, frame in batches.batches(rows):
            late.add(offset, pa.Table.from_pandas(frame[missing], preserve_index=False))
        found.update(late.result(info.rows))
    mapping.date_evidence = {column: found[column] for column in _date_columns(mapping)}
    return StreamedInput(table=table, mapping=mapping, source=batches, batch_rows=rows)


def _text(table: pa.Table) -> pd.DataFrame:
    return text_frame(table, list(table.column_names))


def _date_columns(mapping: ColumnMapping) -> list[str]:
    """The columns of the fields read as dates (``*_at``, ``*_date``)."""
    return sorted({column for canonical, column in mapping.fields.items() if canonical.endswith(("_at", "_date"))})


class _EvidencePass:
    """Each date column's :class:`DateColumnEvidence` over the data rows, gathered batch by batch.

    The last batch is held until the end, because rows after the data (a report footer) are only known
    then and must not count."""

    def __init__(self, columns: list[str]) -> None:
        self.columns = columns
        self.merged = {column: DateColumnEvidence.empty() for column in columns}
        self.held: tuple[int, pd.DataFrame] | None = None

    def add(self, offset: int, table: pa.Table) -> None:
        if not self.columns:
            return
        self._fold()
        self.held = (offset, _text(table.select(self.columns)))

    def _fold(self, stop: int | None = None) -> None:
        if self.held is None:
            return
        offset, frame = self.held
        if stop is not None:
            frame = frame.iloc[:max(0, stop - offset)]
        for column in self.columns:
            self.merged[column] = self.merged[column].merge(date_column_evidence(frame[column]))
        self.held = None

    def result(self, rows: int) -> dict[str, DateColumnEvidence]:
        self._fold(stop=rows)
        return dict(self.merged)

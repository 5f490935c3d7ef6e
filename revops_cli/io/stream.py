"""Read a delimited export a batch of rows at a time, for the commands whose every row stands alone.

A 10-million-row export does not fit in memory as one frame; ``leads clean``, ``enrich-flag``,
``score`` and ``route`` do not need it to. :func:`open_batches` opens a file the way
:func:`~revops_cli.io.read.read_table` would read it (same sniffing, same header row, same text
cells, same footer rows left out) and :meth:`BatchSource.batches` gives its rows in frames of at
most ``rows`` rows, each equal to the slice of the frame ``read_table`` returns (index from 0 in
every batch). A first pass (:meth:`BatchSource.scan`) counts the rows and finds the footer, and
hands each batch to the caller to take what it must know of the whole file before the first row
is processed (a sample of every column, a date column's day/month order).

Only what Arrow's CSV reader reads as ``read_table``'s fast path does streams: a UTF-8 file on
disk, no NUL in its first 256 KB, every row as wide as the header but for a report footer at the
end. Anything else is ``None`` from :func:`open_batches` or ``False`` from :meth:`BatchSource.scan`,
and the command reads the whole file as before (a short last line that is no footer, which may be
a line cut off while the file was written, included: read_table says so).
"""

from __future__ import annotations

import csv
import queue
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from revops_cli.io.read import (
    ARROW_ENCODINGS,
    SNIFF_BYTES,
    TEXT_EXTENSIONS,
    ReadInfo,
    _as_text,
    _sniff_text,
    _strip_footer,
    _tail_bytes,
    arrow_csv_options,
)

#: Rows per batch: large enough that the per-call costs of the normalisers vanish, small enough that
#: a batch's frames (the input, the cleaned columns, the change log) stay a few hundred MB.
BATCH_ROWS = 200_000
#: Files from this size on stream by default; below it the whole file is read at once (it fits).
STREAM_MIN_BYTES = 64 * 1024 * 1024
#: The rows at the end of a file that may be a report footer ("Grand Totals", a copyright line).
_FOOTER_ROWS = 12
T = TypeVar("T")
_ARROW_BLOCK = 1 << 22  # Arrow's streaming reader: 4 MB blocks read a 328 MB export twice as fast as 16 MB


@dataclass
class BatchSource:
    """A delimited file read batch by batch; ``info`` is what ``read_table`` would say of it once
    :meth:`scan` has run (rows and footer filled in)."""

    path: Path
    info: ReadInfo
    names: list[str]  # the frame's column names (unique), as read_table gives them
    scanned: bool = False
    has_nul: bool = True  # the file holds a NUL byte somewhere (False: no cell needs counting or cleaning)
    short_rows: list[tuple[int, str]] = field(default_factory=list)  # (fields, text) of rows narrower than the header

    def _short_row(self, row: pacsv.InvalidRow) -> str:
        """Arrow's reader cannot pad a short row; it is set aside, and :meth:`scan` accepts it only as one of the
        file's last lines, where read_table reads it as a report footer ("Grand Totals (60 records)")."""
        self.short_rows.append((row.actual_columns, row.text))
        return "skip"

    def _arrow_batches(self) -> Iterator[pa.RecordBatch]:
        yield from pacsv.open_csv(self.path, **arrow_csv_options(
            self.info.delimiter, self.info.header_row, len(self.names), block_size=_ARROW_BLOCK,
            invalid_row_handler=self._short_row))

    def _tables(self, rows: int, stop: int | None = None) -> Iterator[tuple[int, pa.Table]]:
        """(offset, Arrow table) for batches of at most ``rows`` rows, up to row ``stop``."""
        pending: list[pa.RecordBatch] = []
        pending_rows = offset = 0
        for batch in self._arrow_batches():
            pending.append(batch)
            pending_rows += batch.num_rows
            while pending_rows >= rows or (stop is not None and offset + pending_rows >= stop):
                table = pa.Table.from_batches(pending)
                take = min(rows, pending_rows if stop is None else stop - offset)
                if take <= 0:
                    return
                yield offset, table.slice(0, take)
                offset += take
                rest = table.slice(take)
                pending, pending_rows = rest.to_batches(), rest.num_rows
                if stop is not None and offset >= stop:
                    return
        if pending_rows:
            yield offset, pa.Table.from_batches(pending)

    def scan(self, rows: int = BATCH_ROWS, visit: Callable[[int, pa.Table], None] | None = None) -> bool:
        """The first pass: count the rows, find the footer, count NULs, hand each batch to ``visit``.

        ``visit(offset, table)`` gets the batch as Arrow text columns named as the frame's (cells still
        with their NULs: :func:`text_frame` makes one of read_table's frames of it); it also sees footer
        rows (the last batch holds them) and must keep only what it learns of rows before
        ``info.rows``. False when Arrow cannot read the whole file (a ragged row, bytes that are not
        UTF-8): the caller reads it the careful way instead.
        """
        total = nuls = 0
        self.short_rows = []
        tail: pa.Table | None = None  # the last rows read: the footer, if any, is among them
        try:
            for offset, table in self._tables(rows):
                if self.has_nul:
                    nuls += sum(pc.sum(pc.count_substring(column, "\x00")).as_py() or 0 for column in table.columns)
                total = offset + table.num_rows
                if visit is not None:
                    visit(offset, table.rename_columns(self.names))
                last = table.slice(max(0, table.num_rows - _FOOTER_ROWS))
                tail = last if tail is None or last.num_rows == _FOOTER_ROWS else \
                    pa.concat_tables([tail, last]).slice(max(0, tail.num_rows + last.num_rows - _FOOTER_ROWS))
        except (pa.ArrowException, UnicodeDecodeError):
            return False
        cut, footer = 0, []
        ending = text_frame(tail, self.names) if tail is not None else pd.DataFrame(columns=self.names, dtype="str")
        last_lines = self._last_short_rows()
        if last_lines is None:
            return False
        ending = pd.concat([ending, last_lines], ignore_index=True) if len(last_lines) else ending
        kept, footer = _strip_footer(ending)
        cut = len(ending) - len(kept)
        if cut < len(last_lines):  # a short row that is not a footer: read_table pads it, Arrow cannot
            return False
        cut -= len(last_lines)
        self.info = replace(self.info, rows=total - cut, footer_rows=footer, nul_bytes_dropped=nuls)
        self.scanned = True
        return True

    def _last_short_rows(self) -> pd.DataFrame | None:
        """The rows narrower than the header as read_table reads them (padded with missing cells), when they
        are the file's last lines and no more than a footer can be; None otherwise (or one wider)."""
        if not self.short_rows:
            return pd.DataFrame(columns=self.names, dtype="str")
        width = len(self.names)
        if len(self.short_rows) > _FOOTER_ROWS or any(fields > width for fields, _ in self.short_rows):
            return None
        lines = [line for line in _tail_bytes(self.path).decode("utf-8", "replace").splitlines() if line.strip()]
        texts = [text for _, text in self.short_rows]
        if sorted(lines[-len(texts):]) != sorted(texts):
            return None
        records = [next(csv.reader([line], delimiter=self.info.delimiter)) for line in lines[-len(texts):]]
        padded = [[cell if cell != "" else None for cell in record] + [None] * (width - len(record))
                  for record in records]
        return _as_text(pd.DataFrame(padded, columns=self.names))

    def batches(self, rows: int = BATCH_ROWS) -> Iterator[tuple[int, pd.DataFrame]]:
        """(offset of the first row, frame) for every batch of the data rows, footer left out."""
        if not self.scanned:
            raise RuntimeError("scan() the source before reading its batches")
        tables = self._tables(rows, stop=self.info.rows)
        yield from prefetched((offset, text_frame(table, self.names, nul=self.has_nul)) for offset, table in tables)


def text_frame(table: pa.Table, names: list[str], *, nul: bool = True) -> pd.DataFrame:
    """Arrow text columns as read_table's frame of text: NUL characters dropped (``nul=False``: the file has
    none), only empty cells missing."""
    arrays = [pc.replace_substring(column, "\x00", "") if nul else column for column in table.columns]
    frame = pa.table(arrays, names=[f"f{i}" for i in range(len(arrays))]).to_pandas()
    frame.columns = names
    return _as_text(frame)


def open_batches(source: str, *, encoding: str | None = None) -> BatchSource | None:
    """A :class:`BatchSource` for ``source`` when Arrow reads it as ``read_table`` would, else None.

    Call :meth:`BatchSource.scan` next; it can still say no (a row Arrow refuses further down).
    """
    if source == "-":
        return None
    path = Path(source)
    if path.suffix.lower() not in TEXT_EXTENSIONS or not path.is_file():
        return None
    try:
        with path.open("rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except OSError:
        return None
    if not head.strip() or head.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        return None
    try:
        sniffed = _sniff_text(source, sample=head, complete=len(head) < SNIFF_BYTES,
                              force_tab=path.suffix.lower() in {".tsv", ".tab"}, encoding=encoding)
    except Exception:  # noqa: BLE001 - whatever the sniffers refuse, read_table says it properly
        return None
    if sniffed.guess.encoding not in ARROW_ENCODINGS or sniffed.sample_nuls:
        return None
    info = ReadInfo(
        source=source, format="tsv" if sniffed.delimiter == "\t" else "csv", encoding=sniffed.guess.encoding,
        delimiter=sniffed.delimiter, header_row=sniffed.header_line, title_rows=sniffed.header_index,
        columns=len(sniffed.names), headers=sniffed.headers, encoding_confidence=sniffed.guess.confidence,
        encoding_note=sniffed.guess.note(source),
    )
    return BatchSource(path=path, info=info, names=sniffed.names, has_nul=_has_nul(path))


def _has_nul(path: Path) -> bool:
    """Whether any byte of the file is NUL (a byte search, far cheaper than looking in every cell)."""
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 24):
            if b"\x00" in chunk:
                return True
    return False


def prefetched(items: Iterable[T], depth: int = 1) -> Iterator[T]:
    """``items`` produced in a background thread, up to ``depth`` ahead of the consumer.

    Arrow parses the next batch (and a writer writes the last) while the command works on this one;
    both release the GIL for most of their work, so on two cores the reading and writing of a streamed
    file mostly hide behind its processing. An exception in the producer is raised in the consumer.
    """
    done = object()
    slots: queue.Queue = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def produce() -> None:
        try:
            for item in items:
                if stop.is_set():
                    return
                slots.put((item, None))
            slots.put((done, None))
        except BaseException as exc:  # noqa: BLE001 - handed to the consumer, raised there
            slots.put((done, exc))

    worker = threading.Thread(target=produce, name="revops-prefetch", daemon=True)
    worker.start()
    try:
        while True:
            item, error = slots.get()
            if error is not None:
                raise error
            if item is done:
                return
            yield item
    finally:
        stop.set()
        while worker.is_alive():  # unblock a producer waiting on a full queue, then let it end
            try:
                slots.get_nowait()
            except queue.Empty:
                worker.join(timeout=0.05)


class BackgroundWriter:
    """Calls ``write(frame)`` for each frame given to :meth:`put` in a thread of its own, one frame behind
    the caller; :meth:`close` waits for the last and raises the writer's error, if any, in the caller."""

    def __init__(self, write: Callable[[pd.DataFrame], None]) -> None:
        self._write = write
        self._frames: queue.Queue = queue.Queue(maxsize=1)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="revops-writer", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while True:
            frame = self._frames.get()
            if frame is None:
                return
            if self._error is None:
                try:
                    self._write(frame)
                except BaseException as exc:  # noqa: BLE001 - raised in the caller by put/close
                    self._error = exc

    def put(self, frame: pd.DataFrame) -> None:
        if self._error is not None:
            self.close()
        self._frames.put(frame)

    def close(self) -> None:
        if self._thread.is_alive():
            self._frames.put(None)
            self._thread.join()
        if self._error is not None:
            error, self._error = self._error, None
            raise error

    def __enter__(self) -> BackgroundWriter:
        return self

    def __exit__(self, kind, value, traceback) -> None:  # noqa: ANN001 - the context manager protocol
        if kind is None:
            self.close()
            return
        self._error = self._error or value  # failing already: write nothing more, and wait for the thread
        if self._thread.is_alive():
            self._frames.put(None)
            self._thread.join()

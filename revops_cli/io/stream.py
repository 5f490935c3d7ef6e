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
disk, no NUL in its first 256 KB, every row as wide as the header, ending with a line break (a file
that does not may have its last line cut off, which only the whole file can tell). Anything else
is ``None`` from :func:`open_batches`, and the command reads the whole file as before.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

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
)

#: Rows per batch: large enough that the per-call costs of the normalisers vanish, small enough that
#: a batch's frames (the input, the cleaned columns, the change log) stay a few hundred MB.
BATCH_ROWS = 200_000
#: Files from this size on stream by default; below it the whole file is read at once (it fits).
STREAM_MIN_BYTES = 64 * 1024 * 1024
#: The rows at the end of a file that may be a report footer ("Grand Totals", a copyright line).
_FOOTER_ROWS = 12
_ARROW_BLOCK = 1 << 22  # Arrow's streaming reader: 4 MB blocks read a 328 MB export twice as fast as 16 MB


@dataclass
class BatchSource:
    """A delimited file read batch by batch; ``info`` is what ``read_table`` would say of it once
    :meth:`scan` has run (rows and footer filled in)."""

    path: Path
    info: ReadInfo
    names: list[str]  # the frame's column names (unique), as read_table gives them
    scanned: bool = False

    def _arrow_batches(self) -> Iterator[pa.RecordBatch]:
        field_names = [f"f{i}" for i in range(len(self.names))]
        reader = pacsv.open_csv(
            self.path,
            read_options=pacsv.ReadOptions(skip_rows=self.info.header_row, column_names=field_names,
                                           block_size=_ARROW_BLOCK),
            parse_options=pacsv.ParseOptions(delimiter=self.info.delimiter, newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(
                column_types={name: pa.string() for name in field_names},
                null_values=[""], strings_can_be_null=True, quoted_strings_can_be_null=True,
            ),
        )
        yield from reader

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
        tail: pa.Table | None = None  # the last rows read: the footer, if any, is among them
        try:
            for offset, table in self._tables(rows):
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
        if tail is not None:
            ending = text_frame(tail, self.names)
            kept, footer = _strip_footer(ending)
            cut = len(ending) - len(kept)
        self.info = replace(self.info, rows=total - cut, footer_rows=footer, nul_bytes_dropped=nuls)
        self.scanned = True
        return True

    def batches(self, rows: int = BATCH_ROWS) -> Iterator[tuple[int, pd.DataFrame]]:
        """(offset of the first row, frame) for every batch of the data rows, footer left out."""
        if not self.scanned:
            raise RuntimeError("scan() the source before reading its batches")
        for offset, table in self._tables(rows, stop=self.info.rows):
            yield offset, text_frame(table, self.names)


def text_frame(table: pa.Table, names: list[str]) -> pd.DataFrame:
    """Arrow text columns as read_table's frame of text: NUL characters dropped, only empty cells missing."""
    arrays = [pc.replace_substring(column, "\x00", "") for column in table.columns]
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
        ends_with_newline = _tail_bytes(path).endswith((b"\n", b"\r"))
    except OSError:
        return None
    if not head.strip() or not ends_with_newline or head.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
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
    return BatchSource(path=path, info=info, names=sniffed.names)

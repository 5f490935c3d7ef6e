"""Write a DataFrame in the format its path names, atomically and safely.

SPEC contract 1 and 7: the output is written to a temporary file in the same
folder and renamed into place, so a crash leaves the old file or the new one,
never half of one; the input file is never the output; and cells a
spreadsheet would execute as a formula are neutralised in CSV/TSV/XLSX.
"""

from __future__ import annotations

import contextlib
import errno
import datetime as dt
import os
import re
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import TextIO

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from revops_cli.errors import RevopsInputError
from revops_cli.io import signals
from revops_cli.io.cells import ColumnCells, map_distinct_objects, number_text
from revops_cli.io.formula_guard import neutralise_formulas
from revops_cli.io.xlsx import write_xlsx

WRITE_FORMATS = {
    ".csv": "csv", ".txt": "tsv", ".tsv": "tsv", ".tab": "tsv", ".xlsx": "xlsx", ".xlsm": "xlsx",
    ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet", ".pq": "parquet",
}
SPREADSHEET_FORMATS = {"csv", "tsv", "xlsx"}
EXCEL_MAX_ROWS = 1_048_575  # one row is the header


def output_format(dest: str | Path) -> str:
    """The format a destination path asks for; ``-`` is CSV on stdout."""
    if str(dest) == "-":
        return "csv"
    ext = Path(dest).suffix.lower()
    if ext not in WRITE_FORMATS:
        raise RevopsInputError(
            f"{dest}: cannot tell the output format from the extension {ext or '(none)'!r}. "
            f"Use one of {', '.join(sorted(WRITE_FORMATS))}, or - for CSV on stdout."
        )
    return WRITE_FORMATS[ext]


def check_output_path(dest: str | Path, inputs: Iterable[str | Path] = (),
                      extensions: Iterable[str] | None = None) -> None:
    """Refuse, before any work, an output that cannot be written (exit 2): one of the inputs, a folder,
    a folder that does not exist or cannot be written to, a path that is too long.

    ``extensions`` (e.g. ``(".html", ".md")``) replaces the table formats for a document output.
    """
    if str(dest) == "-":
        return
    path = Path(dest)
    try:
        if path.is_dir():
            raise RevopsInputError(f"{dest}: is a folder. Give a file name such as {path / 'out.csv'}.")
    except OSError:
        pass  # a name too long: said below
    if extensions is None:
        output_format(path)
    elif path.suffix.lower() not in set(extensions):
        raise RevopsInputError(f"{dest}: cannot tell the output format from the extension "
                               f"{path.suffix or '(none)'!r}. Use one of {', '.join(extensions)}.")
    folder = path.parent if str(path.parent) else Path(".")
    try:
        folder_exists, is_dir, exists = folder.is_dir(), path.is_dir(), path.exists()
    except OSError as exc:  # a name too long, a loop of links
        raise write_error(path, exc, existed=False) from None
    if not folder_exists:
        raise RevopsInputError(f"{dest}: the folder {str(folder)!r} does not exist. Create it first or pick another output path.")
    if is_dir:  # pragma: no cover - refused above; kept for a folder created meanwhile
        raise RevopsInputError(f"{dest}: is a folder. Give a file name such as {path / 'out.csv'}.")
    if not os.access(folder, os.W_OK):
        code = errno.EROFS if _read_only(folder) else errno.EACCES
        raise write_error(path, OSError(code, os.strerror(code), str(folder)), existed=exists)
    for source in inputs:
        if str(source) == "-" or not exists:
            continue
        try:
            same = Path(source).exists() and path.samefile(source)
        except OSError:
            same = False
        if same:
            raise RevopsInputError(
                f"{dest}: is also the input file. revops never overwrites its input; write to a new file instead."
            )


def _read_only(folder: Path) -> bool:
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):
        return False


#: What an OSError while writing means for the analyst, and what to do about it.
_WRITE_PROBLEMS = {
    errno.ENOSPC: ("there is no space left on the disk that holds {folder}",
                   "Free some space there, or write the output to another disk with -o."),
    errno.EDQUOT: ("your disk quota on {folder} is used up", "Free some space, or write the output elsewhere with -o."),
    errno.EACCES: ("permission denied: you cannot write to {folder}",
                   "Check the folder's permissions, or write the output elsewhere with -o."),
    errno.EPERM: ("permission denied: you cannot write to {folder}",
                  "Check the folder's permissions, or write the output elsewhere with -o."),
    errno.EROFS: ("{folder} is on a read-only file system", "Write the output to a writable folder with -o."),
    errno.ENAMETOOLONG: ("the path is too long for the file system", "Use a shorter file or folder name."),
    errno.EISDIR: ("it is a folder", "Give a file name inside it, such as {path}/out.csv."),
    errno.ENOENT: ("the folder {folder} does not exist (any more)", "Create it again, or pick another output path."),
    errno.ENOTDIR: ("a part of the path is a file, not a folder", "Check the path."),
    errno.EFBIG: ("the file is too large for this file system", "Write Parquet, or write to another disk."),
    errno.EIO: ("the disk reported an input/output error", "Check the disk, or write the output elsewhere."),
}


def write_error(path: Path, exc: OSError, *, existed: bool) -> RevopsInputError:
    """The one-line message for an output that could not be written: the file, why, what to do, and
    that an earlier version of it is untouched."""
    folder = path.parent if str(path.parent) else Path(".")
    reason, todo = _WRITE_PROBLEMS.get(exc.errno or 0, (f"{exc.strerror or exc}", "Check the path and the disk."))
    if exc.errno == errno.ENOENT and folder.is_dir():  # /proc, /sys: folders where no file can be made
        reason, todo = ("files cannot be created in {folder} (a system folder, not a place for data)",
                        "Write the output to a folder of your own with -o.")
    reason, todo = reason.format(folder=folder, path=path), todo.format(folder=folder, path=path)
    kept = f"The old {path.name} was left as it was." if existed else "Nothing was written."
    return RevopsInputError(f"{path}: could not be written: {reason}. {todo} {kept}")


def write_table(
    frame: pd.DataFrame,
    dest: str | Path,
    *,
    headers: list[str] | None = None,
    inputs: Iterable[str | Path] = (),
    stdout: TextIO | None = None,
    cells: Mapping[str, ColumnCells] | None = None,
    timezone: str | None = None,
    sheet_name: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> str:
    """Write ``frame`` to ``dest`` in the format its extension names; return that format.

    ``headers`` are the header texts to write (the original spellings from
    :class:`~revops_cli.io.read.ReadInfo`, followed by any added columns); by
    default the frame's column names. ``-`` writes CSV to ``stdout``.

    For a workbook: ``cells`` names the input's columns (frame column -> the kinds of cell its
    texts go back to, :mod:`revops_cli.io.cells`); a column not named there is one revops
    computed, whose ISO dates become date cells. ``timezone`` is the zone date-times are shown
    in; ``sheet_name`` defaults to the output's file name. ``progress(rows_written, rows)`` is
    called as the rows go out.
    """
    fmt = output_format(dest)
    check_output_path(dest, inputs)
    out = frame.copy(deep=False)
    names = [str(c) for c in frame.columns]
    out.columns = list(headers) if headers is not None else names
    if fmt in SPREADSHEET_FORMATS:
        out = out.apply(neutralise_formulas)
        out.columns = [neutralise_formulas(pd.Series([c], dtype="str")).iloc[0] for c in out.columns]
    if fmt == "xlsx" and len(out) > EXCEL_MAX_ROWS:
        raise RevopsInputError(
            f"{dest}: {len(out):,} rows do not fit in an Excel sheet (max {EXCEL_MAX_ROWS:,}). Write .csv or .parquet instead."
        )
    if str(dest) == "-":
        write_delimited(out, stdout if stdout is not None else sys.stdout, ",", progress=progress)
        return fmt
    options: dict = {"progress": progress} if progress is not None else {}
    if fmt == "xlsx":
        options.update(
            cells=[cells.get(name) for name in names] if cells is not None else None, timezone=timezone,
            sheet_name=sheet_name or Path(dest).stem, macro_enabled=Path(dest).suffix.lower() == ".xlsm")
    _atomic_write(Path(dest), lambda tmp: _write_format(out, tmp, fmt, **options))
    return fmt


def _write_format(frame: pd.DataFrame, tmp: Path, fmt: str, *, progress: Callable[[int, int], None] | None = None,
                  **xlsx_options) -> None:  # noqa: ANN003 - write_xlsx's options
    if fmt == "csv":
        write_delimited(frame, tmp, ",", progress=progress)
    elif fmt == "tsv":
        write_delimited(frame, tmp, "\t", progress=progress)
    elif fmt == "xlsx":
        write_xlsx(frame, tmp, progress=progress, **xlsx_options)
    elif fmt == "json":
        frame.to_json(tmp, orient="records", force_ascii=False, indent=1, date_format="iso")
    elif fmt == "jsonl":
        frame.to_json(tmp, orient="records", lines=True, force_ascii=False, date_format="iso")
    elif fmt == "parquet":
        # Parquet needs unique string column names; duplicates get a suffix there only.
        from revops_cli.io.read import unique_names

        renamed = frame.copy(deep=False)
        renamed.columns = unique_names([str(c) for c in frame.columns])
        renamed.to_parquet(tmp, index=False)


def write_delimited(frame: pd.DataFrame, dest: Path | TextIO, sep: str,
                    progress: Callable[[int, int], None] | None = None) -> None:
    """Write ``frame`` as CSV/TSV with minimal quoting, blank for missing, ``\\n`` line ends.

    Text is written exactly as it is (what ``to_csv`` writes for it), and a field holding a bare
    carriage return is quoted too (readers take it for a line end otherwise). Values revops
    computed are written as what they are: a whole number without ``.0`` (``220``,
    ``84000000``), other numbers in their shortest exact form, a date as ``2026-10-29``, a
    date-time in ISO 8601 with its time and offset (``2026-11-20T08:00:00-05:00``).
    Built a column at a time with Arrow compute: pandas' row-by-row writer needs ~40 s for a
    million 40-column rows, this a few seconds. ``progress(rows_written, rows)`` after each batch.
    """
    header = _header_line([str(c) for c in frame.columns], sep)
    if isinstance(dest, (str, Path)):
        with open(dest, "wb") as handle:
            _write_rows(handle, frame, header, sep, progress)
        return
    buffer = getattr(dest, "buffer", None)  # stdout: write the bytes under the text layer
    if buffer is not None:
        dest.flush()
        _write_rows(buffer, frame, header, sep, progress)
        buffer.flush()
    else:
        import io

        raw = io.BytesIO()
        _write_rows(raw, frame, header, sep, progress)
        dest.write(raw.getvalue().decode("utf-8"))


_CSV_BATCH_ROWS = 200_000  # bounds the memory of the text being built


def _header_line(headers: list[str], sep: str) -> str:
    return sep.join(_quote_text(h, sep, len(headers)) for h in headers) + "\n"


def _write_rows(handle, frame: pd.DataFrame, header: str | None, sep: str,  # noqa: ANN001 - binary file
                progress: Callable[[int, int], None] | None = None) -> None:
    if header is not None:
        handle.write(header.encode("utf-8"))
    ncols = frame.shape[1]
    rows = len(frame)
    if ncols == 0:
        handle.write(b"\n" * rows)
        return
    for start in range(0, rows, _CSV_BATCH_ROWS):
        batch = frame.iloc[start:start + _CSV_BATCH_ROWS]
        fields = [_csv_field(batch.iloc[:, i], sep, ncols) for i in range(ncols)]
        lines = pc.binary_join_element_wise(*fields, pa.scalar(sep, pa.large_string()))
        newline = pa.scalar("\n", pa.large_string())
        lines = pc.binary_join_element_wise(lines, pa.scalar("", pa.large_string()), newline)  # line + "\n" + ""
        for chunk in (lines.chunks if isinstance(lines, pa.ChunkedArray) else [lines]):
            offsets = np.frombuffer(chunk.buffers()[1], dtype=np.int64)
            first, last = offsets[chunk.offset], offsets[chunk.offset + len(chunk)]
            handle.write(memoryview(chunk.buffers()[2])[first:last])
        if progress is not None:
            progress(min(start + _CSV_BATCH_ROWS, rows), rows)


def _csv_field(values: pd.Series, sep: str, ncols: int) -> pa.Array:
    """One column as CSV text, quoted where needed, '' for missing."""
    if isinstance(values.dtype, pd.StringDtype) and values.dtype.storage == "pyarrow":
        text = pc.cast(pa.chunked_array(pa.array(values.array)).combine_chunks(), pa.large_string())  # no copy out
    elif values.dtype == object and (distinct := _distinct_object_text(values)) is not None:
        text = distinct  # a typed cell as what it is (str() for the rest, as the csv module does)
    elif isinstance(values.dtype, pd.StringDtype) or values.dtype == object:
        if values.dtype == object:  # a typed cell as what it is (str() for the rest, as the csv module does)
            values = map_distinct_objects(values, _object_text)
        text = pa.array(values.to_numpy(dtype=object, na_value=None), type=pa.large_string(), from_pandas=True)
    elif isinstance(values.dtype, pd.DatetimeTZDtype) or pd.api.types.is_datetime64_dtype(values.dtype):
        missing = values.isna().to_numpy(dtype=bool)
        formatted = _datetime_text(values)
        formatted[missing] = None
        text = pa.array(formatted, type=pa.large_string(), from_pandas=True)
    elif pd.api.types.is_float_dtype(values.dtype):
        text = number_text(values)
    else:  # integers, booleans: pandas' own vectorised formatting, which is what to_csv writes
        missing = values.isna().to_numpy(dtype=bool)
        formatted = values.astype(str).to_numpy(dtype=object)
        formatted[missing] = None
        text = pa.array(formatted, type=pa.large_string(), from_pandas=True)
    special = pc.fill_null(pc.match_substring_regex(text, f"[{re.escape(sep)}\"\n\r]"), False)
    if pc.any(special).as_py():  # most columns need no quotes: no second pass over them
        quoted = pc.binary_join_element_wise(
            pa.scalar('"', pa.large_string()), pc.replace_substring(text, '"', '""'), pa.scalar('"', pa.large_string()),
            pa.scalar("", pa.large_string()))
        text = pc.if_else(special, quoted, text)
    if ncols == 1:  # the csv module writes a lone empty field as "" so the line is not blank
        return pc.fill_null(pc.if_else(pc.equal(text, ""), pa.scalar('""', pa.large_string()), text), '""')
    return pc.fill_null(text, "")


def _distinct_object_text(values: pd.Series) -> pa.Array | None:
    """An object column as text, each distinct cell formatted once and spread with an Arrow ``take``
    (no Python object per row); None for unhashable cells, which take the general path."""
    try:
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
    except TypeError:
        return None
    texts = pa.array([_object_text(v) for v in uniques], type=pa.large_string())
    return texts.take(pa.array(codes, mask=codes < 0))


def _object_text(value: object) -> object:
    """One cell of an object column as CSV text: dates in ISO 8601, whole floats without ``.0``."""
    if isinstance(value, str):
        return value
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (float, np.floating)) and not isinstance(value, bool):
        return number_text(pd.Series([value], dtype="float64"))[0].as_py()
    return str(value)


def _datetime_text(values: pd.Series) -> np.ndarray:
    """Date-times in ISO 8601 ("2026-11-20T08:00:00-05:00"), without pandas' slow per-cell path.

    pandas formats a time-zone-aware column at ~40 s per million cells; this builds the text
    with numpy: the column's finest non-zero unit (seconds, micro- or nanoseconds), dates
    alone for a naive column of midnights (a date stays a date), and the UTC offset of each cell.
    """
    aware = isinstance(values.dtype, pd.DatetimeTZDtype)
    wall = (values.dt.tz_localize(None) if aware else values).to_numpy(dtype="datetime64[ns]")
    ns = wall.view(np.int64)
    valid = ~np.isnat(wall)
    if not valid.any():
        return np.full(len(values), None, dtype=object)
    if not aware and not (ns[valid] % 86_400_000_000_000).any():
        unit = "D"
    elif not (ns[valid] % 1_000_000_000).any():
        unit = "s"
    elif not (ns[valid] % 1_000).any():
        unit = "us"
    else:
        unit = "ns"
    text = np.datetime_as_string(wall, unit=unit).astype(object)
    if aware:
        utc = values.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy(dtype="datetime64[ns]")
        minutes = np.where(valid, (wall - utc).astype("timedelta64[m]").astype(np.int64), 0)
        codes, offsets = pd.factorize(minutes)
        suffix = np.array([f"{'-' if m < 0 else '+'}{abs(m) // 60:02d}:{abs(m) % 60:02d}" for m in offsets],
                          dtype=object)[codes]
        text = text + suffix
    return text


def _quote_text(text: str, sep: str, ncols: int) -> str:
    if any(c in text for c in (sep, '"', "\n", "\r")):
        return '"' + text.replace('"', '""') + '"'
    return '""' if (ncols == 1 and text == "") else text


def write_text(dest: str | Path, text: str) -> None:
    """Write a text document (HTML, Markdown, JSON) atomically, UTF-8 with LF line ends."""
    _atomic_write(Path(dest), lambda tmp: Path(tmp).write_text(text, encoding="utf-8", newline="\n"))


def _file_mode(dest: Path) -> int:
    """The mode the output gets: the replaced file's, else what a plain open() would give (0666 less the umask).

    mkstemp makes its file 0600; without this every output would be private to its writer.
    """
    try:
        return dest.stat().st_mode & 0o7777
    except OSError:
        return new_file_mode()


def new_file_mode() -> int:
    """0666 less the process umask: the mode ``open(path, "w")`` gives a new file."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


# Our temp files: ".<name>.<pid>.<8 random>.tmp" (and ".<name>.<8 random>.tmp" from revops before 2026-12).
def _temp_pattern(name: str) -> re.Pattern[str]:
    return re.compile(rf"^\.{re.escape(name)}\.(?:(\d+)\.)?[a-z0-9_]{{8}}\.tmp$")


def remove_stale_temps(dest: Path) -> list[Path]:
    """Remove temp files of ``dest``'s naming that an earlier, killed run (SIGKILL, a power cut) left
    beside it: older than this run, and not held by a process that is still running."""
    folder = dest.parent if str(dest.parent) else Path(".")
    pattern = _temp_pattern(dest.name)
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        match = pattern.match(entry.name)
        if not match:
            continue
        pid = int(match.group(1)) if match.group(1) else None
        if pid == os.getpid() or (pid is not None and signals.process_alive(pid)):
            continue  # ours, or a run still going
        try:
            if entry.stat(follow_symlinks=False).st_mtime >= signals.ledger.started or not entry.is_file(
                    follow_symlinks=False):
                continue
            os.unlink(entry.path)
        except OSError:
            continue
        removed.append(Path(entry.path))
    signals.ledger.stale_removed.extend(removed)
    return removed


@contextlib.contextmanager
def atomic_file(dest: Path) -> Iterator[Path]:
    """A temp file beside ``dest`` to write; on leaving the block it is fsynced, given the right mode and
    renamed into place. Any failure or signal removes the temp file and leaves ``dest`` as it was; an
    OSError becomes a message that names the file and the reason (disk full, permission denied, ...)."""
    folder = dest.parent if str(dest.parent) else Path(".")
    existed = os.path.lexists(dest)
    remove_stale_temps(dest)
    tmp: Path | None = None
    signals.ledger.writing[dest] = existed
    try:
        with signals.deferred():  # a signal between mkstemp and the assignment would leak the file
            handle, tmp_name = tempfile.mkstemp(prefix=f".{dest.name}.{os.getpid()}.", suffix=".tmp", dir=folder)
            tmp = Path(tmp_name)
        os.close(handle)
        yield tmp
        with open(tmp, "rb+") as synced:
            os.fsync(synced.fileno())
        os.chmod(tmp, _file_mode(dest))
        with signals.deferred():  # the rename and its record are one step
            os.replace(tmp, dest)
            tmp = None
            del signals.ledger.writing[dest]
            signals.ledger.written.append(dest)
    except OSError as exc:
        _unlink_quietly(tmp)
        signals.ledger.writing.pop(dest, None)
        raise write_error(dest, exc, existed=existed) from None
    except KeyboardInterrupt:  # SIGINT/SIGTERM: the ledger keeps dest, to say it was left as it was
        _unlink_quietly(tmp)
        raise
    except BaseException:
        _unlink_quietly(tmp)
        signals.ledger.writing.pop(dest, None)
        raise


def _atomic_write(dest: Path, write) -> None:  # noqa: ANN001 - a callable taking the temp path
    """Run ``write(tmp)`` on a temp file beside ``dest`` and rename it into place (:func:`atomic_file`)."""
    with atomic_file(dest) as tmp:
        write(tmp)


class DelimitedBatchWriter:
    """CSV/TSV written a batch of rows at a time, byte for byte what :func:`write_table` writes for the
    frame of all the batches: the header once, then each batch's rows (formula guard included).

    ``handle`` is a binary file (a temp file of :func:`atomic_file`); ``headers`` the header texts.
    """

    def __init__(self, handle, fmt: str, headers: list[str]) -> None:  # noqa: ANN001 - binary file
        self.handle = handle
        self.sep = "\t" if fmt == "tsv" else ","
        self.headers = [neutralise_formulas(pd.Series([h], dtype="str")).iloc[0] for h in headers]
        self.handle.write(_header_line(self.headers, self.sep).encode("utf-8"))
        self.rows = 0

    def write(self, frame: pd.DataFrame) -> None:
        if frame.shape[1] != len(self.headers):
            raise ValueError(f"a batch has {frame.shape[1]} columns, the output {len(self.headers)}")
        out = frame.copy(deep=False)
        out.columns = list(range(frame.shape[1]))
        _write_rows(self.handle, out.apply(neutralise_formulas), None, self.sep)
        self.rows += len(frame)


def _unlink_quietly(path: Path | None) -> None:
    if path is None:
        return
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass


def output_headers(table_headers: list[str], frame: pd.DataFrame) -> list[str]:
    """Original headers for the input columns, then the names of the columns the tool added."""
    added = [str(c) for c in frame.columns[len(table_headers):]]
    return list(table_headers) + added


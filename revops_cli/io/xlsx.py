"""Write a DataFrame as an .xlsx workbook that opens ready to work, fast and in bounded memory.

What an analyst gets: one sheet named after the output, a bold header row that stays put
when scrolling (frozen) with a filter on every column, widths fitted to a sample of the
values, the columns revops adds (``revops_*``) set apart by a tinted header, and cells of
the right type: numbers and booleans as numbers and booleans, dates and date-times as real
dates with a display format (date-times in the config's time zone), everything else as
text with the Text format (ids, phones and zip codes keep their leading zeros; a value a
spreadsheet would run as a formula has already been neutralised by the caller).

How: the sheet's XML is built a column at a time with Arrow string kernels for a batch of
rows, then streamed into the zip, as :func:`revops_cli.io.write.write_delimited` builds a
CSV. No per-cell Python call, no whole-sheet object in memory (openpyxl needed 6 GB and
three minutes for 300,000 rows × 30 columns; a per-cell streaming writer such as xlsxwriter
still spends a few microseconds on each of the 9 million cells).

Which cells are numbers or dates: a typed column (numbers, booleans, date-times) by its
dtype; a text column by its :class:`~revops_cli.io.cells.ColumnCells` (the kinds its source
workbook held, or the kinds its field has, such as dates for a created date), each cell
whose text is in that kind's plain form; a column without one (a column revops computed)
has its dates found by form (every value an ISO date or date-time). Strings inline, no
shared-strings table: one pass, nothing to hold.
"""

from __future__ import annotations

import datetime as dt
import decimal
import io
import re
import zipfile
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from revops_cli.errors import RevopsInputError
from revops_cli.io.cells import (
    BOOL,
    BOOL_TEXT,
    DATE,
    DATE_TEXT,
    DATETIME,
    DATETIME_TEXT,
    MAX_DIGITS,
    NUMBER,
    NUMBER_TEXT,
    READER_DATETIME_TEXT,
    TIME,
    TIME_TEXT,
    ColumnCells,
    map_distinct_objects,
    number_text,
)

EXCEL_MAX_COLUMNS = 16_384
EXCEL_MAX_CELL_CHARS = 32_767
SHEET_NAME_MAX = 31
BATCH_ROWS = 25_000
WIDTH_SAMPLE_ROWS = 1_000
WIDTH_MIN, WIDTH_MAX = 6.0, 60.0
ADDED_PREFIX = "revops_"

_SERIAL_EPOCH_NS = pd.Timestamp("1899-12-30").value  # Excel's day 0 in the 1900 date system
_FIRST_SERIAL_NS = pd.Timestamp("1900-03-01").value  # earlier days need the 1900 leap-year bug: kept as text
_DAY_NS = 86_400 * 10**9

# Cell styles (the <cellXfs> order in _STYLES).
S_DEFAULT, S_HEADER, S_HEADER_ADDED, S_TEXT, S_DATE, S_DATETIME, S_DATETIME_S, S_TIME = range(8)

# Kind codes of a cell in a batch.
_MISSING, _TEXT, _TEXT_KEEP_SPACE, _NUMBER, _BOOL, _DATE, _DATETIME, _DATETIME_S, _TIME = range(9)
_OPEN = ['', '<c r="', '<c r="', '<c r="', '<c r="', '<c r="', '<c r="', '<c r="', '<c r="']
_MIDDLE = [
    '',
    f'" s="{S_TEXT}" t="inlineStr"><is><t>',
    f'" s="{S_TEXT}" t="inlineStr"><is><t xml:space="preserve">',
    '"><v>',
    '" t="b"><v>',
    f'" s="{S_DATE}"><v>',
    f'" s="{S_DATETIME}"><v>',
    f'" s="{S_DATETIME_S}"><v>',
    f'" s="{S_TIME}"><v>',
]
_CLOSE = ['', '</t></is></c>', '</t></is></c>', '</v></c>', '</v></c>', '</v></c>', '</v></c>', '</v></c>', '</v></c>']
_OPEN_A, _MIDDLE_A, _CLOSE_A = (pa.array(x, pa.large_string()) for x in (_OPEN, _MIDDLE, _CLOSE))
_EMPTY = pa.scalar("", pa.large_string())

# Characters XML 1.0 cannot carry, written the way Excel writes them (_xHHHH_), and a literal
# "_xHHHH_" escaped so a reader does not decode it; a carriage return as a character reference
# (an XML parser turns a raw one into a line feed).
_NEEDS_PYTHON_ESCAPE = "[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|_x[0-9A-Fa-f]{4}_"
_PYTHON_ESCAPE = re.compile(_NEEDS_PYTHON_ESCAPE)


@dataclass
class _Column:
    """How one column's cells are written."""

    header: str
    cells: ColumnCells | None  # None: a computed column (dates found by form)
    date_style: int = _DATETIME
    inferred: frozenset[str] = frozenset()  # a computed text column's kinds, decided on the whole column


def sheet_name_for(stem: str) -> str:
    """A valid sheet name from an output file's name: no ``[]:*?/\\``, no edge apostrophes, ≤ 31 characters."""
    name = re.sub(r"[\[\]:*?/\\]", " ", stem)
    name = re.sub(r"\s+", " ", name).strip().strip("'").strip()[:SHEET_NAME_MAX].strip()
    if not name:
        return "revops"
    return "History data" if name.lower() == "history" else name  # "History" is reserved by Excel


def column_letters(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def write_xlsx(
    frame: pd.DataFrame,
    path: Path,
    *,
    cells: Sequence[ColumnCells | None] | None = None,
    timezone: str | None = None,
    sheet_name: str = "revops",
    macro_enabled: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> None:
    """Write ``frame`` to ``path`` as a one-sheet workbook; its column names are the header texts.

    ``cells`` says, per column position, which kinds a text column's cells may go back to (None
    for a column revops computed). ``timezone`` is the zone date-times are shown in (a value with
    an offset is converted to it; naive values are shown as they are). ``progress(rows_done,
    rows)`` is called after each batch of rows.
    """
    n_rows, n_cols = frame.shape
    if n_cols > EXCEL_MAX_COLUMNS:
        raise RevopsInputError(f"{path.name}: {n_cols:,} columns do not fit in an Excel sheet "
                               f"(max {EXCEL_MAX_COLUMNS:,}). Write .csv or .parquet instead.")
    spec = [_Column(str(frame.columns[i]), (cells[i] if cells is not None else None)) for i in range(n_cols)]
    letters = [column_letters(i) for i in range(n_cols)]
    sample = _sample(frame)
    for i, column in enumerate(spec):
        column.date_style = _date_style(frame.iloc[:, i], timezone)
        if column.cells is None:
            column.inferred = _dates_by_form(frame.iloc[:, i])
    widths = [_width(column.header, sample.iloc[:, i]) for i, column in enumerate(spec)]
    last_ref = f"{letters[-1] if letters else 'A'}{n_rows + 1}"
    name = sheet_name_for(sheet_name)

    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as book:
        book.writestr("[Content_Types].xml", _content_types(macro_enabled))
        book.writestr("_rels/.rels", _ROOT_RELS)
        book.writestr("xl/workbook.xml", _workbook(name, last_ref if n_cols else None))
        book.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        book.writestr("xl/styles.xml", _STYLES)
        with book.open("xl/worksheets/sheet1.xml", "w", force_zip64=_needs_zip64(sample, spec, letters, timezone,
                                                                                  path, n_rows)) as sheet:
            sheet.write(_sheet_head(spec, widths, last_ref).encode("utf-8"))
            sheet.write(_header_row(spec, letters).encode("utf-8"))
            # Compressing a batch (zlib, which releases the GIL) overlaps building the next one.
            with ThreadPoolExecutor(max_workers=1) as compressor:
                pending = None
                for start in range(0, n_rows, BATCH_ROWS):
                    lines = _batch_xml(frame.iloc[start:start + BATCH_ROWS], spec, letters, start + 2, timezone, path)
                    if pending is not None:
                        pending.result()
                    pending = compressor.submit(_write_lines, sheet, lines)
                    if progress is not None:
                        progress(min(start + BATCH_ROWS, n_rows), n_rows)
                if pending is not None:
                    pending.result()
            sheet.write(_sheet_tail(last_ref if n_cols else None).encode("utf-8"))
    if progress is not None and n_rows == 0:
        progress(0, 0)


def _needs_zip64(sample: pd.DataFrame, spec: list[_Column], letters: list[str], timezone: str | None, path: Path,
                 n_rows: int) -> bool:
    """Whether the sheet's XML may pass 2 GB, which needs zip64 (Excel asks to repair some zip64 files,
    so it is used only then): the sampled rows' XML, scaled to the whole sheet, with a margin."""
    if len(sample) == 0:
        return False
    measured = io.BytesIO()
    _write_batch(measured, sample, spec, letters, 2, timezone, path)
    return measured.tell() / len(sample) * n_rows * 1.5 > zipfile.ZIP64_LIMIT


# --------------------------------------------------------------------------- cells


def _write_batch(sheet, batch: pd.DataFrame, spec: list[_Column], letters: list[str], first_row: int,  # noqa: ANN001
                 timezone: str | None, path: Path) -> None:
    _write_lines(sheet, _batch_xml(batch, spec, letters, first_row, timezone, path))


def _batch_xml(batch: pd.DataFrame, spec: list[_Column], letters: list[str], first_row: int,
               timezone: str | None, path: Path) -> pa.Array:
    """The <row> elements of a batch, one string per row."""
    numbers = pa.array(np.arange(first_row, first_row + len(batch)).astype(str), pa.large_string())
    pieces = []
    for i, column in enumerate(spec):
        codes, payload = _cells(batch.iloc[:, i], column, timezone, path, first_row)
        refs = pc.binary_join_element_wise(pa.scalar(letters[i], pa.large_string()), numbers, _EMPTY)
        xml = pc.binary_join_element_wise(pc.take(_OPEN_A, codes), refs, pc.take(_MIDDLE_A, codes),
                                          payload, pc.take(_CLOSE_A, codes), _EMPTY)
        pieces.append(pc.if_else(pc.equal(codes, _MISSING), _EMPTY, pc.fill_null(xml, "")))
    opens = pc.binary_join_element_wise(pa.scalar('<row r="', pa.large_string()), numbers,
                                        pa.scalar('">', pa.large_string()), _EMPTY)
    return pc.binary_join_element_wise(opens, *pieces, pa.scalar("</row>", pa.large_string()), _EMPTY)


def _write_lines(sheet, lines: pa.Array) -> None:  # noqa: ANN001 - a binary file
    for chunk in (lines.chunks if isinstance(lines, pa.ChunkedArray) else [lines]):
        offsets = np.frombuffer(chunk.buffers()[1], dtype=np.int64)
        first, last = offsets[chunk.offset], offsets[chunk.offset + len(chunk)]
        sheet.write(memoryview(chunk.buffers()[2])[first:last])


def _cells(values: pd.Series, column: _Column, timezone: str | None, path: Path,
           first_row: int) -> tuple[pa.Array, pa.Array]:
    """(kind code per cell, the cell's <v>/<t> content) for one column of a batch."""
    dtype = values.dtype
    missing = values.isna().to_numpy(dtype=bool)
    if pd.api.types.is_bool_dtype(dtype):
        codes = np.where(missing, _MISSING, _BOOL).astype(np.int8)
        payload = np.where(values.fillna(False).to_numpy(dtype=bool), "1", "0").astype(object)
        return pa.array(codes), pa.array(payload, pa.large_string())
    if pd.api.types.is_numeric_dtype(dtype):
        return _number_cells(values, missing)
    if pd.api.types.is_datetime64_any_dtype(dtype):
        wall = _wall_ns(values, timezone)
        return _date_cells(wall, missing | (wall < _FIRST_SERIAL_NS), column.date_style,
                           pa.array(values.astype("str").to_numpy(dtype=object), pa.large_string(), from_pandas=True))
    if dtype == object and _has_typed_values(values):
        return _object_cells(values, column, timezone, path, first_row)
    return _text_cells(_as_text(values), column, timezone, path, first_row)


def _number_cells(values: pd.Series, missing: np.ndarray) -> tuple[pa.Array, pa.Array]:
    if pd.api.types.is_float_dtype(values.dtype):
        text = number_text(values)
        floats = values.to_numpy(dtype=np.float64, na_value=np.nan)
        codes = np.where(np.isnan(floats), _MISSING, np.where(np.isinf(floats), _TEXT, _NUMBER)).astype(np.int8)
        return pa.array(codes), text  # inf cannot be a number cell: the text it is
    ints = values.to_numpy(dtype=object, na_value=None) if missing.any() else values.to_numpy()
    text = pc.cast(pa.array(ints, from_pandas=True), pa.large_string())
    return pa.array(np.where(missing, _MISSING, _NUMBER).astype(np.int8)), text


def _wall_ns(values: pd.Series, timezone: str | None) -> np.ndarray:
    """Local wall-clock nanoseconds of a datetime column (NaT as int64 min), in ``timezone`` when aware."""
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        if timezone:
            values = values.dt.tz_convert(timezone)
        values = values.dt.tz_localize(None)
    return values.to_numpy(dtype="datetime64[ns]").view(np.int64)


def _date_cells(wall: np.ndarray, not_serial: np.ndarray, style: int, text: pa.Array) -> tuple[pa.Array, pa.Array]:
    """Excel serial days for wall-clock nanoseconds; cells that cannot be a serial stay as ``text``."""
    offset = wall - _SERIAL_EPOCH_NS
    days, rest = np.divmod(offset, _DAY_NS)
    serial_text = pc.cast(pa.array(days), pa.large_string())
    fraction = rest != 0
    if fraction.any():
        serials = days + rest / _DAY_NS
        serial_text = pc.if_else(pa.array(fraction), pc.cast(pa.array(serials), pa.large_string()), serial_text)
    nat = wall == np.iinfo(np.int64).min
    codes = np.full(len(wall), style, dtype=np.int8)
    codes[not_serial] = _TEXT
    codes[nat] = _MISSING
    payload = pc.if_else(pa.array(not_serial & ~nat), _escaped(text), serial_text)
    return pa.array(codes), payload


def _as_text(values: pd.Series) -> pa.Array:
    if isinstance(values.dtype, pd.StringDtype) and values.dtype.storage == "pyarrow":
        return pc.cast(pa.chunked_array(pa.array(values.array)).combine_chunks(), pa.large_string())
    if values.dtype == object:
        values = map_distinct_objects(values, lambda v: v if isinstance(v, str) else str(v))
    return pa.array(values.to_numpy(dtype=object, na_value=None), type=pa.large_string(), from_pandas=True)


def _text_cells(text: pa.Array, column: _Column, timezone: str | None, path: Path,
                first_row: int) -> tuple[pa.Array, pa.Array]:
    """Cells of a text column: each in the plain form of one of the column's kinds becomes that kind."""
    _check_cell_length(text, column, path, first_row)
    missing = pc.is_null(text).to_numpy(zero_copy_only=False)
    codes = np.where(missing, _MISSING, _TEXT).astype(np.int8)
    spaced = pc.fill_null(pc.match_substring_regex(text, r"^\s|\s$"), False).to_numpy(zero_copy_only=False)
    codes[spaced & ~missing] = _TEXT_KEEP_SPACE
    payload = _escaped(text)
    kinds = _kinds_of(text, column)
    if not kinds:
        return pa.array(codes), payload
    free = ~missing
    if column.cells is not None and column.cells.keep_text:
        free &= ~pc.is_in(text, pa.array(sorted(column.cells.keep_text), pa.large_string())).to_numpy(zero_copy_only=False)
    if NUMBER in kinds:
        digits = pc.utf8_length(pc.replace_substring_regex(text, r"^[-0.]+|[-.]", "")).to_numpy(zero_copy_only=False)
        is_number = (_matches(text, NUMBER_TEXT) & ~_matches(text, r"-0|-?0\.0000.*") & free
                     & (np.nan_to_num(digits.astype(float), nan=99) <= MAX_DIGITS))
        codes[is_number] = _NUMBER
        payload = pc.if_else(pa.array(is_number), text, payload)
        free &= ~is_number
    if BOOL in kinds:
        is_bool = _matches(text, BOOL_TEXT) & free
        codes[is_bool] = _BOOL
        payload = pc.if_else(pa.array(is_bool), pc.if_else(pc.equal(text, "TRUE"), "1", "0"), payload)
        free &= ~is_bool
    if DATE in kinds or DATETIME in kinds:
        is_date = _matches(text, DATE_TEXT) & free
        exact = column.cells is not None and not column.cells.iso  # the reader's own form only
        is_datetime = _matches(text, READER_DATETIME_TEXT if exact else DATETIME_TEXT) & free & ~is_date
        stamps = is_date | is_datetime
        if stamps.any():
            wall = _parse_wall_ns(text, is_date, is_datetime, timezone)
            ok = stamps & (wall != np.iinfo(np.int64).min) & (wall >= _FIRST_SERIAL_NS)
            _, serials = _date_cells(wall, ~ok, column.date_style, text)
            codes[ok & is_date] = _DATE
            codes[ok & is_datetime] = column.date_style
            payload = pc.if_else(pa.array(ok), serials, payload)
            free &= ~ok
    if TIME in kinds:
        is_time = _matches(text, TIME_TEXT) & free
        if is_time.any():
            parts = pc.split_pattern(pc.if_else(pa.array(is_time), text, pa.scalar("00:00:00", pa.large_string())), ":")
            hours = pc.cast(pc.list_element(parts, 0), pa.float64()).to_numpy(zero_copy_only=False)
            minutes = pc.cast(pc.list_element(parts, 1), pa.float64()).to_numpy(zero_copy_only=False)
            seconds = pc.cast(pc.list_element(parts, 2), pa.float64()).to_numpy(zero_copy_only=False)
            valid = is_time & (hours < 24) & (minutes < 60) & (seconds < 60)
            fraction = (hours * 3600 + minutes * 60 + seconds) / 86_400
            codes[valid] = _TIME
            payload = pc.if_else(pa.array(valid), pc.cast(pa.array(fraction), pa.large_string()), payload)
    return pa.array(codes), payload


def _kinds_of(text: pa.Array, column: _Column) -> frozenset[str]:
    return column.cells.kinds if column.cells is not None else column.inferred


def _dates_by_form(values: pd.Series) -> frozenset[str]:
    """A computed text column holds dates and date-times when every value is one (revops writes them as ISO)."""
    if isinstance(values.dtype, pd.StringDtype):
        text = _as_text(values)
    elif values.dtype == object and not _has_typed_values(values):
        text = _as_text(values)
    else:
        return frozenset()
    filled = pc.drop_null(text)
    if len(filled) and pc.all(pc.match_substring_regex(filled, f"^(?:{DATE_TEXT}|{DATETIME_TEXT})$")).as_py():
        return frozenset({DATE, DATETIME})
    return frozenset()


def _matches(text: pa.Array, pattern: str) -> np.ndarray:
    return pc.fill_null(pc.match_substring_regex(text, f"^(?:{pattern})$"), False).to_numpy(zero_copy_only=False)


def _parse_wall_ns(text: pa.Array, is_date: np.ndarray, is_datetime: np.ndarray, timezone: str | None) -> np.ndarray:
    """Wall-clock nanoseconds of ISO dates and date-times (int64 min where not parsed).

    A value with an offset is shown in ``timezone`` (or at its own offset without one).
    """
    wall = np.full(len(text), np.iinfo(np.int64).min, dtype=np.int64)

    def parse(mask: np.ndarray, values: pa.Array | None = None, **options) -> pd.Series:  # noqa: ANN003
        chosen = (values if values is not None else text).filter(pa.array(mask))
        return pd.to_datetime(pd.Series(chosen, dtype=pd.ArrowDtype(pa.large_string())), errors="coerce",
                              **options)

    if is_date.any():
        wall[is_date] = parse(is_date, format="%Y-%m-%d").to_numpy(dtype="datetime64[ns]").view(np.int64)
    if is_datetime.any():
        aware = is_datetime & pc.fill_null(pc.match_substring_regex(text, r"(?:Z|[+-]\d{2}:?\d{2})$"),
                                           False).to_numpy(zero_copy_only=False)
        naive = is_datetime & ~aware
        if naive.any():
            wall[naive] = parse(naive, format="ISO8601").to_numpy(dtype="datetime64[ns]").view(np.int64)
        if aware.any():
            if timezone:
                moments = parse(aware, format="ISO8601", utc=True)
                local = moments.dt.tz_convert(timezone).dt.tz_localize(None)
            else:  # each value's own wall time: drop its offset
                local = parse(aware, pc.replace_substring_regex(text, r"(?:Z|[+-]\d{2}:?\d{2})$", ""),
                              format="ISO8601")
            wall[aware] = local.to_numpy(dtype="datetime64[ns]").view(np.int64)
    return wall


def _has_typed_values(values: pd.Series) -> bool:
    """An object column holding something other than text (booleans, numbers, dates)."""
    filled = values.dropna()
    try:
        filled = pd.unique(filled)
    except TypeError:  # unhashable cells (lists): look at each
        pass
    return not all(isinstance(v, str) for v in filled)


def _object_cells(values: pd.Series, column: _Column, timezone: str | None, path: Path,
                  first_row: int) -> tuple[pa.Array, pa.Array]:
    """A column of Python objects (booleans with blanks, Decimals, dates): each cell by its own type."""
    def kind(v: object) -> str:
        if isinstance(v, (bool, np.bool_)):
            return BOOL
        if isinstance(v, (int, float, decimal.Decimal, np.integer, np.floating)):
            return NUMBER
        if isinstance(v, (dt.datetime, pd.Timestamp)):
            return DATETIME
        if isinstance(v, dt.date):
            return DATE
        return "text"

    filled = values.notna().to_numpy(dtype=bool)
    kinds = map_distinct_objects(values, kind).to_numpy(dtype=object)
    text = _as_text(values)
    codes, payload = _text_cells(text, _Column(column.header, ColumnCells(), column.date_style), timezone, path,
                                 first_row)
    codes = codes.to_numpy(zero_copy_only=False).copy()
    for name, code, render in (
        (BOOL, _BOOL, lambda v: "1" if v else "0"),
        (NUMBER, _NUMBER, _number_text),
        (DATETIME, column.date_style, lambda v: _serial(pd.Timestamp(v), timezone)),
        (DATE, _DATE, lambda v: _serial(pd.Timestamp(v), timezone)),
    ):
        rows = filled & (kinds == name)
        if not rows.any():
            continue
        rendered = np.array([render(v) for v in values[rows]], dtype=object)
        ok = np.array([r is not None for r in rendered], dtype=bool)
        which = np.flatnonzero(rows)[ok]
        codes[which] = code
        full = np.full(len(values), None, dtype=object)
        full[which] = rendered[ok]
        mask = np.zeros(len(values), dtype=bool)
        mask[which] = True
        payload = pc.if_else(pa.array(mask), pa.array(full, pa.large_string()), payload)
    return pa.array(codes), payload


def _number_text(value: object) -> str | None:
    number = float(value)
    if not np.isfinite(number):
        return None
    if isinstance(value, (int, np.integer)) and abs(number) < 2**53:
        return str(int(value))
    if number.is_integer() and abs(number) < 1e15:
        return str(int(number))
    return repr(number)


def _serial(moment: pd.Timestamp, timezone: str | None) -> str | None:
    if moment.tzinfo is not None:
        if timezone:
            moment = moment.tz_convert(timezone)
        moment = moment.tz_localize(None)
    if moment.value < _FIRST_SERIAL_NS:
        return None
    days, rest = divmod(moment.value - _SERIAL_EPOCH_NS, _DAY_NS)
    return str(days) if not rest else repr(days + rest / _DAY_NS)


def _escaped(text: pa.Array) -> pa.Array:
    """XML text content: & < > escaped; control characters as _xHHHH_, CR as &#13;."""
    out = pc.replace_substring(text, "&", "&amp;")
    out = pc.replace_substring(out, "<", "&lt;")
    out = pc.replace_substring(out, ">", "&gt;")
    out = pc.replace_substring(out, "\r", "&#13;")  # street addresses with CR LF line breaks are common
    odd = pc.fill_null(pc.match_substring_regex(out, _NEEDS_PYTHON_ESCAPE), False)
    if pc.any(odd).as_py():
        rows = np.flatnonzero(odd.to_numpy(zero_copy_only=False))
        values = out.to_pylist()
        for i in rows:
            values[i] = _PYTHON_ESCAPE.sub(_escape_one, values[i])
        out = pa.array(values, pa.large_string())
    return out


def _escape_one(match: re.Match) -> str:
    found = match.group(0)
    if found == "\r":
        return "&#13;"  # a header (the cells had theirs replaced in bulk)
    if found.startswith("_x"):
        return "_x005F" + found
    return f"_x{ord(found):04X}_"


def _check_cell_length(text: pa.Array, column: _Column, path: Path, first_row: int) -> None:
    lengths = pc.utf8_length(text)
    longest = pc.max(lengths).as_py()
    if longest is not None and longest > EXCEL_MAX_CELL_CHARS:
        row = int(np.argmax(lengths.to_numpy(zero_copy_only=False) > EXCEL_MAX_CELL_CHARS)) + first_row
        raise RevopsInputError(
            f"{path.name}: row {row:,} of column {column.header!r} holds {longest:,} characters, more than an "
            f"Excel cell holds ({EXCEL_MAX_CELL_CHARS:,}). Write .csv or .parquet instead, which keep it whole.")


# --------------------------------------------------------------------------- layout


def _sample(frame: pd.DataFrame) -> pd.DataFrame:
    """Up to WIDTH_SAMPLE_ROWS rows spread evenly over the frame (first and last included)."""
    if len(frame) <= WIDTH_SAMPLE_ROWS:
        return frame
    return frame.iloc[np.unique(np.linspace(0, len(frame) - 1, WIDTH_SAMPLE_ROWS).astype(np.int64))]


def _date_style(values: pd.Series, timezone: str | None) -> int:
    """Date-times shown with seconds when a sampled value has seconds, else to the minute; dates as dates."""
    sample = _sample(values.to_frame()).iloc[:, 0].dropna()
    if pd.api.types.is_datetime64_dtype(values.dtype):  # naive: a column of midnights is a column of dates
        wall = values.dropna().to_numpy(dtype="datetime64[ns]").view(np.int64)
        if not (wall % _DAY_NS).any():
            return _DATE
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        return _DATETIME_S if (_wall_ns(sample, timezone) % (60 * 10**9)).any() else _DATETIME
    if isinstance(values.dtype, pd.StringDtype) or values.dtype == object:
        text = sample.map(str) if values.dtype == object else sample
        seconds = text.str.match(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:(?!00(?![.\d]))", na=False)
        return _DATETIME_S if seconds.any() else _DATETIME
    return _DATETIME


def _width(header: str, sample: pd.Series) -> float:
    """Characters of the widest sampled value (dates and numbers as shown), header with room for its filter button."""
    widest = len(header) * 1.1 + 3
    values = sample.dropna()
    if len(values):
        if pd.api.types.is_datetime64_any_dtype(values.dtype):
            longest = 19
        elif pd.api.types.is_bool_dtype(values.dtype):
            longest = 5
        else:
            text = values.astype("str")
            if text.str.fullmatch(DATETIME_TEXT).all():
                longest = 19
            else:
                longest = int(text.str.len().max())
        widest = max(widest, longest + 1.5)
    return round(min(max(widest, WIDTH_MIN), WIDTH_MAX), 1)


def _header_row(spec: list[_Column], letters: list[str]) -> str:
    cells = "".join(
        f'<c r="{letters[i]}1" s="{S_HEADER_ADDED if c.header.startswith(ADDED_PREFIX) else S_HEADER}" t="inlineStr">'
        f'<is><t xml:space="preserve">{_escape_header(c.header)}</t></is></c>'
        for i, c in enumerate(spec))
    return f'<row r="1">{cells}</row>'


def _escape_header(text: str) -> str:
    return _PYTHON_ESCAPE.sub(_escape_one, escape(text)).replace("\r", "&#13;")


_NS = ('xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
       'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def _sheet_head(spec: list[_Column], widths: list[float], last_ref: str) -> str:
    cols = "".join(
        f'<col min="{i + 1}" max="{i + 1}" width="{w}" customWidth="1"'
        + (f' style="{S_TEXT}"' if c.cells is not None and not c.cells.kinds else "") + "/>"
        for i, (c, w) in enumerate(zip(spec, widths)))
    return (
        f"{_XML}<worksheet {_NS}>"
        f'<dimension ref="A1:{last_ref}"/>'
        '<sheetViews><sheetView tabSelected="1" workbookViewId="0">'
        '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
        '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
        '<sheetFormatPr defaultRowHeight="15"/>'
        + (f"<cols>{cols}</cols>" if cols else "")
        + "<sheetData>"
    )


def _sheet_tail(last_ref: str | None) -> str:
    auto_filter = f'<autoFilter ref="A1:{last_ref}"/>' if last_ref else ""
    return ("</sheetData>" + auto_filter
            + '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>')


def _absolute(ref: str) -> str:
    letters, digits = re.match(r"([A-Z]+)(\d+)", ref).groups()  # type: ignore[union-attr]
    return f"${letters}${digits}"


def _workbook(name: str, last_ref: str | None) -> str:
    quoted = "'" + name.replace("'", "''") + "'"
    defined = (f'<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'
               f"{escape(quoted)}!$A$1:{_absolute(last_ref)}</definedName></definedNames>") if last_ref else ""
    return (f"{_XML}<workbook {_NS}>"
            '<bookViews><workbookView xWindow="0" yWindow="0" windowWidth="28800" windowHeight="16000"/></bookViews>'
            f'<sheets><sheet name={quoteattr(name)} sheetId="1" r:id="rId1"/></sheets>{defined}'
            '<calcPr calcId="191029"/></workbook>')


def _content_types(macro_enabled: bool) -> str:
    main = ("application/vnd.ms-excel.sheet.macroEnabled.main+xml" if macro_enabled
            else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml")
    return (f'{_XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{main}"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/styles.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            "</Types>")


_ROOT_RELS = (
    f'{_XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>')

_WORKBOOK_RELS = (
    f'{_XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
    'Target="styles.xml"/></Relationships>')

# Display formats: dates as 2026-10-29, date-times as 2026-10-29 08:23 (with :ss when a value has
# seconds), times as 08:23:00; text cells use the built-in Text format (49), so a value typed later
# into an id or zip column keeps its zeros too.
_STYLES = (
    f"{_XML}<styleSheet {_NS.split(' xmlns:r')[0]}>"
    '<numFmts count="4">'
    '<numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/>'
    '<numFmt numFmtId="165" formatCode="yyyy\\-mm\\-dd\\ hh:mm"/>'
    '<numFmt numFmtId="166" formatCode="yyyy\\-mm\\-dd\\ hh:mm:ss"/>'
    '<numFmt numFmtId="167" formatCode="hh:mm:ss"/>'
    "</numFmts>"
    '<fonts count="2">'
    '<font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    "</fonts>"
    '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FFDDEBF7"/><bgColor indexed="64"/></patternFill></fill>'
    "</fills>"
    '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>'
    '<border><left/><right/><top/><bottom style="thin"><color auto="1"/></bottom><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="8">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="49" fontId="1" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyFont="1" applyBorder="1"/>'
    '<xf numFmtId="49" fontId="1" fillId="2" borderId="1" xfId="0" applyNumberFormat="1" applyFont="1" applyFill="1" '
    'applyBorder="1"/>'
    '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="167" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    '<dxfs count="0"/><tableStyles count="0" defaultTableStyle="TableStyleMedium2" defaultPivotStyle="PivotStyleLight16"/>'
    "</styleSheet>"
)

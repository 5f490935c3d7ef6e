"""Read any export an analyst brings into a DataFrame of text.

SPEC contract 2 ("files as they come"): CSV/TSV/TXT with sniffed delimiter and
encoding, Excel workbooks, JSON/JSONL, Parquet and stdin. Every cell is read
as text (``00123`` keeps its zeros, ``n/a`` stays ``n/a``); only truly empty
cells are missing. Report exports with title rows above the header and
"Grand Totals"/copyright lines below the data are read too, and what was
skipped is recorded in :class:`ReadInfo` so ``revops inspect`` can show it.
"""

from __future__ import annotations

import codecs
import csv
import functools
import io
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import pandas as pd

from revops_cli.errors import RevopsInputError
from revops_cli.io.cells import ColumnCells, column_cells

TEXT_EXTENSIONS = {".csv", ".tsv", ".txt", ".tab"}
EXCEL_EXTENSIONS = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
JSON_EXTENSIONS = {".json", ".jsonl", ".ndjson"}
PARQUET_EXTENSIONS = {".parquet", ".pq"}
SUPPORTED = sorted(TEXT_EXTENSIONS | EXCEL_EXTENSIONS | JSON_EXTENSIONS | PARQUET_EXTENSIONS)

SNIFF_BYTES = 256 * 1024
SNIFF_RECORDS = 60
DELIMITERS = (",", ";", "\t", "|")

# Lines that report exports (Salesforce, HubSpot, Excel pivots) write under the
# data. Only trailing rows whose cells are all empty but the first are checked.
FOOTER_PATTERN = re.compile(
    r"^\s*(grand totals?\b|totals?\b|subtotal|copyright|\(c\)|©|confidential|"
    r"generated (by|on|at)|report (generated|run)|total records|\d+ records?$)",
    re.IGNORECASE,
)

_MAGIC = (
    (b"PK\x03\x04", "xlsx"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "xls"),
    (b"PAR1", "parquet"),
)


@dataclass
class ReadInfo:
    """How a file was read; shown by ``revops inspect`` and in ``--json``."""

    source: str
    format: str
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    sheets: list[str] = field(default_factory=list)
    header_row: int = 1
    title_rows: int = 0
    footer_rows: list[str] = field(default_factory=list)
    rows: int = 0
    columns: int = 0
    headers: list[str] = field(default_factory=list)
    # Workbooks only: frame column -> the kinds of cell it held besides text (numbers, dates, ...),
    # so an .xlsx output gives each cell its type back (revops_cli.io.cells).
    cell_kinds: dict[str, ColumnCells] = field(default_factory=dict)

    @property
    def first_data_row(self) -> int:
        """Spreadsheet-style number of the first data row (header row + 1)."""
        return self.header_row + 1

    def to_dict(self) -> dict:
        delimiter = {"\t": "tab"}.get(self.delimiter or "", self.delimiter)
        return {
            "source": self.source,
            "format": self.format,
            "encoding": self.encoding,
            "delimiter": delimiter,
            "sheet": self.sheet,
            "sheets": self.sheets,
            "header_row": self.header_row,
            "title_rows_skipped": self.title_rows,
            "footer_rows_skipped": self.footer_rows,
            "rows": self.rows,
            "columns": self.columns,
        }


@dataclass
class Table:
    """A DataFrame of text plus how it was read.

    ``frame`` columns are unique names; ``info.headers`` keeps the original
    header spelling (blank or repeated headers included) for writing back.
    """

    frame: pd.DataFrame
    info: ReadInfo

    @property
    def header_map(self) -> dict[str, str]:
        """Frame column name -> original header text."""
        return dict(zip(self.frame.columns[: len(self.info.headers)], self.info.headers))


def read_table(source: str | Path, *, sheet: str | None = None, stdin: BinaryIO | None = None) -> Table:
    """Read ``source`` (a path, or ``-`` for stdin) into a :class:`Table`.

    Raises :class:`RevopsInputError` for anything the user can fix: a missing
    path, a directory, an empty or binary file, an unknown sheet, ragged rows.
    """
    name = str(source)
    if name == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        data = stream.read()
        if not data:
            raise RevopsInputError("stdin is empty: pipe a CSV, TSV, JSON or Excel file into revops, or give a path.")
        kind = _kind_from_magic(data[:8]) or _kind_from_content(data)
        return _dispatch(kind, name, data=data, sheet=sheet)

    path = Path(source)
    if not path.exists():
        raise RevopsInputError(f"{name}: no such file. Check the path (the current folder is {Path.cwd()}).")
    if path.is_dir():
        raise RevopsInputError(f"{name}: is a folder, not a file. Give the export file inside it.")
    try:
        with path.open("rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except OSError as exc:
        raise RevopsInputError(f"{name}: cannot be read ({exc.strerror}).") from exc
    if not head.strip():
        raise RevopsInputError(f"{name}: the file is empty. Export it again from the CRM.")

    ext = path.suffix.lower()
    kind = _kind_from_magic(head[:8])
    if kind is None:
        if ext in EXCEL_EXTENSIONS:
            raise RevopsInputError(
                f"{name}: is not a readable workbook (it does not start like an Excel file). "
                "If it is a CSV saved with an .xlsx name, rename it to .csv."
            )
        if ext in PARQUET_EXTENSIONS:
            raise RevopsInputError(f"{name}: is not a Parquet file (missing the PAR1 marker).")
        if ext in JSON_EXTENSIONS:
            kind = "jsonl" if ext in {".jsonl", ".ndjson"} else "json"
        elif ext in TEXT_EXTENSIONS or ext == "":
            kind = "text"
        else:
            kind = _kind_from_content(head)
    return _dispatch(kind, name, path=path, head=head, sheet=sheet, ext=ext)


def _dispatch(kind: str, name: str, *, path: Path | None = None, data: bytes | None = None,
              head: bytes | None = None, sheet: str | None = None, ext: str = "") -> Table:
    if kind in {"xlsx", "xls"}:
        return _read_excel(name, path=path, data=data, sheet=sheet, kind=kind)
    if sheet is not None:
        raise RevopsInputError(f"{name}: --sheet only applies to Excel workbooks, and this is a {kind} file.")
    if kind == "parquet":
        return _read_parquet(name, path=path, data=data)
    if kind in {"json", "jsonl"}:
        raw = data if data is not None else path.read_bytes()  # type: ignore[union-attr]
        return _read_json(name, raw, lines=kind == "jsonl")
    return _read_text(name, path=path, data=data, head=head, force_tab=ext in {".tsv", ".tab"})


def _kind_from_magic(head: bytes) -> str | None:
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    return None


def _kind_from_content(data: bytes) -> str:
    stripped = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped[:1] == b"[":
        return "json"
    if stripped[:1] == b"{":
        first_line = stripped.split(b"\n", 1)[0].strip()
        return "jsonl" if first_line.endswith(b"}") and b"\n{" in stripped else "json"
    return "text"


# --------------------------------------------------------------------------- text


def detect_encoding(sample: bytes) -> str:
    """Name the encoding of a byte sample: UTF-8 (with/without BOM), UTF-16, cp1252 or Latin-1."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith(codecs.BOM_UTF16_LE) or sample.startswith(codecs.BOM_UTF16_BE):
        return "utf-16"
    pairs = sample[: min(len(sample), 4000) // 2 * 2]
    if len(pairs) >= 4:
        odd_zero = pairs[1::2].count(0) / (len(pairs) / 2)
        even_zero = pairs[0::2].count(0) / (len(pairs) / 2)
        if odd_zero > 0.4 and even_zero < 0.05:
            return "utf-16-le"
        if even_zero > 0.4 and odd_zero < 0.05:
            return "utf-16-be"
    try:
        # a sample cut at SNIFF_BYTES may end inside a multi-byte character
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=len(sample) < SNIFF_BYTES)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        sample.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        return "latin-1"


def _decode_all(name: str, data: bytes, encoding: str) -> tuple[str, str]:
    """Decode the whole file; fall back from UTF-8 to cp1252 to Latin-1."""
    for enc in dict.fromkeys([encoding, "cp1252", "latin-1"]):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        return text, enc
    raise RevopsInputError(f"{name}: cannot decode the file as UTF-8, UTF-16, cp1252 or Latin-1.")


def _looks_binary(text: str) -> bool:
    if "\x00" in text:
        return True
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\r\n\x0c")
    return controls > max(3, len(text) // 100)


def sniff_delimiter(sample_text: str) -> str:
    """Pick the delimiter (``, ; tab |``) that splits the sample's records most consistently."""
    best, best_score = ",", (0.0, 0)
    for delimiter in DELIMITERS:
        counts = [len(r) for r in _records(sample_text, delimiter) if any(c.strip() for c in r)]
        if not counts:
            continue
        modal = max(set(counts), key=lambda n: (counts.count(n), n))
        if modal < 2:
            continue
        score = (counts.count(modal) / len(counts), modal)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _records(sample_text: str, delimiter: str, limit: int = SNIFF_RECORDS) -> list[list[str]]:
    reader = csv.reader(io.StringIO(sample_text), delimiter=delimiter)
    out: list[list[str]] = []
    try:
        for record in reader:
            out.append(record)
            if len(out) >= limit:
                break
    except csv.Error:
        pass
    return out


def detect_header_row(records: list[list[str]]) -> int:
    """Index of the header among the first records: the first row at least half
    as wide (in non-empty cells) as the widest row, so report titles above it are skipped."""
    widths = [sum(1 for c in r if str(c).strip()) for r in records]
    if not widths or max(widths) == 0:
        return 0
    widest = max(widths)
    needed = max(2, -(-widest // 2)) if widest > 1 else 1
    for index, width in enumerate(widths):
        if width >= needed:
            return index
    return 0


def unique_names(headers: list[str]) -> list[str]:
    """Unique column names for the frame: blank headers become ``column_N``,
    repeats get `` (2)``; the original spelling is kept in ReadInfo.headers."""
    seen: dict[str, int] = {}
    names = []
    for position, header in enumerate(headers, start=1):
        base = header if header.strip() else f"column_{position}"
        name = base
        while name in seen:
            seen[base] = seen.get(base, 1) + 1
            name = f"{base} ({seen[base]})"
        seen[name] = 1
        names.append(name)
    return names


def _read_text(name: str, *, path: Path | None, data: bytes | None, head: bytes | None, force_tab: bool) -> Table:
    sample = head if head is not None else (data or b"")[:SNIFF_BYTES]
    encoding = detect_encoding(sample)
    sample_text = codecs.getincrementaldecoder(encoding)(errors="replace").decode(sample, final=False)
    if encoding.startswith("utf-16"):
        sample_text = sample_text.lstrip("\ufeff")
    if _looks_binary(sample_text):
        raise RevopsInputError(
            f"{name}: looks like a binary file, not a table. "
            "Give a CSV/TSV, Excel, JSON or Parquet export (an Excel file needs its .xlsx/.xls name)."
        )
    # A truncated last line in the sample would confuse the sniffers.
    if len(sample) >= SNIFF_BYTES and "\n" in sample_text:
        sample_text = sample_text[: sample_text.rindex("\n") + 1]
    delimiter = "\t" if force_tab else sniff_delimiter(sample_text)

    reader = csv.reader(io.StringIO(sample_text), delimiter=delimiter)
    records, line_after = [], []
    try:
        for record in reader:
            records.append(record)
            line_after.append(reader.line_num)
            if len(records) >= SNIFF_RECORDS:
                break
    except csv.Error as exc:
        raise RevopsInputError(f"{name}: line {reader.line_num}: {exc}. Check the quoting in that line.") from exc
    if not records:
        raise RevopsInputError(f"{name}: the file has no rows. Export it again from the CRM.")
    header_index = detect_header_row(records)
    header_line = line_after[header_index]  # physical lines up to and including the header
    headers = [h.strip("\ufeff") for h in records[header_index]]
    if not any(h.strip() for h in headers):
        raise RevopsInputError(f"{name}: no header row found. The first row of the export must name the columns.")
    names = unique_names(headers)

    # No `names=`: given names, pandas silently truncates rows longer than the
    # header. Reading positionally lets us see extra fields and refuse them.
    options = dict(sep=delimiter, header=None, skiprows=header_line, dtype=str, keep_default_na=False, na_values=[""])
    frame = None
    text = None

    def decoded() -> tuple[str, str]:
        raw = data if data is not None else path.read_bytes()  # type: ignore[union-attr]
        whole, used = _decode_all(name, raw, encoding)
        return whole.lstrip("\ufeff"), used

    if path is not None and encoding in {"utf-8", "utf-8-sig"}:
        try:  # fast path: Arrow's multithreaded reader straight from the file
            frame = _read_csv_arrow(path, delimiter, header_line, len(names))
        except Exception:  # noqa: BLE001 - any Arrow complaint means: take the careful path
            frame = None
    if frame is None:
        text, encoding = decoded()
        try:
            frame = pd.read_csv(io.StringIO(text), engine="c", **options)
        except pd.errors.ParserError as exc:
            raise _ragged_error(name, text, delimiter, header_line, len(names)) from exc
        except pd.errors.EmptyDataError:
            frame = pd.DataFrame(columns=range(len(names)))
    frame = _fit_width(frame, len(names))
    if frame is None:
        if text is None:
            text, encoding = decoded()
        raise _ragged_error(name, text, delimiter, header_line, len(names))
    frame.columns = names
    frame, footer = _strip_footer(frame)
    info = ReadInfo(
        source=name, format="tsv" if delimiter == "\t" else "csv", encoding=encoding, delimiter=delimiter,
        header_row=header_line, title_rows=header_index, footer_rows=footer,
        rows=len(frame), columns=len(names), headers=headers,
    )
    return Table(_as_text(frame), info)


def _read_csv_arrow(path: Path, delimiter: str, skip_lines: int, width: int) -> pd.DataFrame:
    """Read a UTF-8 CSV with pyarrow.csv: every column as text, only empty cells missing.

    Called directly rather than through ``pd.read_csv(engine="pyarrow")`` because
    CRM exports put line breaks inside quoted cells (street addresses, notes),
    which Arrow only accepts with ``newlines_in_values``. Raises on ragged rows
    or invalid UTF-8, and the caller falls back to the careful path.
    """
    import pyarrow as pa
    import pyarrow.csv as pacsv

    # Column count from the header; a wider first data row fails here and takes the careful path.
    column_names = [f"f{i}" for i in range(width)]
    table = pacsv.read_csv(
        path,
        read_options=pacsv.ReadOptions(skip_rows=skip_lines, column_names=column_names, block_size=1 << 24),
        parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=True),
        convert_options=pacsv.ConvertOptions(
            column_types={name: pa.string() for name in column_names},
            null_values=[""], strings_can_be_null=True, quoted_strings_can_be_null=True,
        ),
    )
    frame = table.to_pandas()
    frame.columns = range(width)
    return frame


def _fit_width(frame: pd.DataFrame, width: int) -> pd.DataFrame | None:
    """Give a positionally read frame the header's width; None when rows carry extra data.

    Extra columns that are entirely empty are trailing delimiters ("a,b,c,") and
    are dropped; rows shorter than the header are padded with missing values.
    """
    if frame.shape[1] > width:
        extra = frame.iloc[:, width:]
        if extra.notna().any().any():
            return None
        frame = frame.iloc[:, :width]
    for position in range(frame.shape[1], width):
        frame[position] = pd.Series(pd.NA, index=frame.index, dtype="str")
    return frame


def _ragged_error(name: str, text: str, delimiter: str, header_line: int, width: int) -> RevopsInputError:
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    bad: list[str] = []
    for record in reader:
        if reader.line_num <= header_line:
            continue
        if len(record) > width:
            bad.append(f"line {reader.line_num} has {len(record)} fields")
            if len(bad) >= 5:
                break
    where = "; ".join(bad) if bad else "some lines have more fields than the header"
    return RevopsInputError(
        f"{name}: the header has {width} columns but {where}. "
        f"A value probably contains the delimiter {delimiter!r} without quotes: quote it or remove it, then run again."
    )


def _strip_footer(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Drop trailing report footer rows (blank, 'Grand Totals', copyright) and return their text."""
    if frame.empty:
        return frame, []
    tail = frame.tail(12)
    rest_empty = tail.iloc[:, 1:].isna().all(axis=1) if frame.shape[1] > 1 else pd.Series(True, index=tail.index)
    first = tail.iloc[:, 0]
    cut = len(frame)
    footer: list[str] = []
    for position in range(len(tail) - 1, -1, -1):
        value = first.iloc[position]
        blank = pd.isna(value) or not str(value).strip()
        if not rest_empty.iloc[position] or not (blank or FOOTER_PATTERN.match(str(value))):
            break
        cut = len(frame) - (len(tail) - position)
        if not blank:
            footer.insert(0, str(value).strip())
    if cut == len(frame):
        return frame, []
    return frame.iloc[:cut], footer


def _as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Every column as pandas' string dtype; only empty cells are missing."""
    frame = frame.reset_index(drop=True)
    for column in frame.columns:
        if frame[column].dtype != "str":
            frame[column] = frame[column].astype("str")
    return frame


# --------------------------------------------------------------------------- excel


def _cell_text(value: object) -> str | None:
    """One workbook/JSON cell as the text a person sees."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value != value:  # NaN
            return None
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if hasattr(value, "isoformat"):
        text = value.isoformat(sep=" ") if hasattr(value, "hour") and hasattr(value, "day") else value.isoformat()
        return text[:-9] if text.endswith(" 00:00:00") else text
    return str(value)


def _read_excel(name: str, *, path: Path | None, data: bytes | None, sheet: str | None, kind: str) -> Table:
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path)) if path is not None else CalamineWorkbook.from_filelike(io.BytesIO(data))  # type: ignore[arg-type]
    except Exception as exc:  # noqa: BLE001 - calamine raises several types for broken files
        raise RevopsInputError(
            f"{name}: cannot open the workbook ({exc}). Is it password-protected or damaged? "
            "Open it in Excel and save a copy as .xlsx or .csv."
        ) from exc
    sheet_names = list(workbook.sheet_names)
    if not sheet_names:
        raise RevopsInputError(f"{name}: the workbook has no sheets.")

    def rows_of(sheet_name: str) -> list[list[object]]:
        return workbook.get_sheet_by_name(sheet_name).to_python(skip_empty_area=False)

    if sheet is not None:
        chosen = _choose_sheet(name, sheet, sheet_names)
        rows = rows_of(chosen)
    else:
        chosen, rows, fallback = None, [], None
        for sheet_name in sheet_names:
            candidate = rows_of(sheet_name)
            filled = [r for r in candidate if any(c not in (None, "") for c in r)]
            if fallback is None and filled:
                fallback = (sheet_name, candidate)
            # "has data": a header plus at least one row, two columns wide
            if len(filled) >= 2 and max(sum(c not in (None, "") for c in r) for r in filled) >= 2:
                chosen, rows = sheet_name, candidate
                break
        if chosen is None:
            if fallback is None:
                raise RevopsInputError(f"{name}: every sheet is empty ({', '.join(sheet_names)}).")
            chosen, rows = fallback
    text_rows = [[_cell_text(c) for c in r] for r in rows]
    if not any(any(c is not None for c in r) for r in text_rows):
        raise RevopsInputError(f"{name}: sheet {chosen!r} is empty. Sheets in this workbook: {', '.join(sheet_names)}.")
    # drop fully empty columns at the right edge (formatting leftovers)
    width = max((max((i + 1 for i, c in enumerate(r) if c is not None), default=0) for r in text_rows), default=0)
    text_rows = [(r + [None] * width)[:width] for r in text_rows]
    header_index = detect_header_row([[c or "" for c in r] for r in text_rows[:SNIFF_RECORDS]])
    headers = [c or "" for c in text_rows[header_index]]
    body = [r for r in text_rows[header_index + 1:]]
    names = unique_names(headers)
    cell_kinds = _workbook_cell_kinds(rows[header_index + 1:], names)
    frame = pd.DataFrame(body, columns=names, dtype=object)
    # Empty spreadsheet rows between data are formatting, not records.
    frame = frame[frame.notna().any(axis=1)] if len(frame) else frame
    frame, footer = _strip_footer(frame.reset_index(drop=True))
    info = ReadInfo(
        source=name, format=kind, sheet=chosen, sheets=sheet_names, header_row=header_index + 1,
        title_rows=header_index, footer_rows=footer, rows=len(frame), columns=len(names), headers=headers,
        cell_kinds=cell_kinds,
    )
    return Table(_as_text(frame), info)


def _workbook_cell_kinds(body: list[list[object]], names: list[str]) -> dict[str, ColumnCells]:
    """Per column, the kinds of cell besides text (only columns that have some).

    The types are gathered per distinct row signature (the tuple of a row's cell types, built
    at C speed), not per cell: a sheet has few signatures, and a column is only read cell by
    cell when it mixes text with numbers or dates.
    """
    width = len(names)
    signatures = set(map(tuple, map(functools.partial(map, type), body)))
    types: list[set[type]] = [set() for _ in range(width)]
    for signature in signatures:
        for position, kind in enumerate(signature[:width]):
            types[position].add(kind)
    kinds = {}
    for position, name in enumerate(names):
        if not types[position] - {str, type(None)}:
            continue  # text only: nothing to give back
        values = [r[position] for r in body if len(r) > position] if str in types[position] else []
        cells = column_cells(values, types[position])
        if cells.kinds:
            kinds[name] = cells
    return kinds


def _choose_sheet(name: str, wanted: str, sheet_names: list[str]) -> str:
    if wanted in sheet_names:
        return wanted
    lowered = {s.lower(): s for s in sheet_names}
    if wanted.lower() in lowered:
        return lowered[wanted.lower()]
    if wanted.isdigit() and 1 <= int(wanted) <= len(sheet_names):
        return sheet_names[int(wanted) - 1]
    raise RevopsInputError(
        f"{name}: no sheet {wanted!r}. Sheets: {', '.join(repr(s) for s in sheet_names)} "
        "(give a name, or a number counting from 1)."
    )


# --------------------------------------------------------------------------- json / parquet


def _read_json(name: str, raw: bytes, *, lines: bool) -> Table:
    encoding = detect_encoding(raw[:SNIFF_BYTES])
    text, encoding = _decode_all(name, raw, encoding)
    text = text.lstrip("\ufeff")
    try:
        if lines:
            records = [json.loads(line) for line in text.splitlines() if line.strip()]
        else:
            loaded = json.loads(text)
            records = _records_from_json(name, loaded)
    except json.JSONDecodeError as exc:
        raise RevopsInputError(f"{name}: invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}.") from exc
    bad = next((i for i, r in enumerate(records) if not isinstance(r, dict)), None)
    if bad is not None:
        raise RevopsInputError(f"{name}: record {bad + 1} is not an object; expected a list of records like "
                               '[{"Email": "a@b.com", ...}, ...].')
    if not records:
        raise RevopsInputError(f"{name}: the JSON holds no records.")
    headers = list(dict.fromkeys(k for r in records for k in r))
    body = [[_json_cell(r.get(h)) for h in headers] for r in records]
    frame = pd.DataFrame(body, columns=unique_names([str(h) for h in headers]), dtype=object)
    info = ReadInfo(source=name, format="jsonl" if lines else "json", encoding=encoding,
                    rows=len(frame), columns=len(headers), headers=[str(h) for h in headers])
    return Table(_as_text(frame), info)


def _records_from_json(name: str, loaded: object) -> list:
    if isinstance(loaded, list):
        return loaded
    if isinstance(loaded, dict):
        for key in ("records", "data", "results", "rows", "items", "contacts", "leads"):
            if isinstance(loaded.get(key), list):
                return loaded[key]
        lists = [v for v in loaded.values() if isinstance(v, list)]
        if len(lists) == 1:
            return lists[0]
        return [loaded]
    raise RevopsInputError(f"{name}: expected a JSON list of records, found a {type(loaded).__name__}.")


def _json_cell(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return _cell_text(value)


def _read_parquet(name: str, *, path: Path | None, data: bytes | None) -> Table:
    try:
        frame = pd.read_parquet(path if path is not None else io.BytesIO(data))  # type: ignore[arg-type]
    except Exception as exc:  # noqa: BLE001 - pyarrow raises many types for broken files
        raise RevopsInputError(f"{name}: cannot read the Parquet file ({exc}).") from exc
    headers = [str(c) for c in frame.columns]
    frame.columns = unique_names(headers)
    for column in frame.columns:
        frame[column] = _column_text(frame[column])
    info = ReadInfo(source=name, format="parquet", rows=len(frame), columns=len(headers), headers=headers)
    return Table(_as_text(frame), info)


def _column_text(values: pd.Series) -> pd.Series:
    """A typed column as text, vectorised (a million rows of numbers should not loop in Python)."""
    dtype = values.dtype
    if pd.api.types.is_bool_dtype(dtype):
        return values.map({True: "TRUE", False: "FALSE"})
    if pd.api.types.is_integer_dtype(dtype):
        return values.astype("Int64").astype("str").where(values.notna())
    if pd.api.types.is_float_dtype(dtype):
        finite = values.dropna()
        if len(finite) and (finite == finite.round()).all() and finite.abs().max() < 1e15:
            return values.astype("Int64").astype("str").where(values.notna())
        return values.astype("str").where(values.notna())
    if pd.api.types.is_datetime64_any_dtype(dtype):
        text = values.dt.strftime("%Y-%m-%d %H:%M:%S").str.replace(" 00:00:00", "", regex=False)
        return text.where(values.notna())
    if pd.api.types.is_string_dtype(dtype) and dtype != object:
        return values
    return values.map(_json_cell)

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
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import pandas as pd

from revops_cli.errors import RevopsInputError
from revops_cli.io.encoding import EncodingGuess, check_encoding_name, guess_encoding
from revops_cli.io.cells import ColumnCells, column_cells

TEXT_EXTENSIONS = {".csv", ".tsv", ".txt", ".tab"}
EXCEL_EXTENSIONS = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
JSON_EXTENSIONS = {".json", ".jsonl", ".ndjson"}
PARQUET_EXTENSIONS = {".parquet", ".pq"}
SUPPORTED = sorted(TEXT_EXTENSIONS | EXCEL_EXTENSIONS | JSON_EXTENSIONS | PARQUET_EXTENSIONS)

SNIFF_BYTES = 256 * 1024
ARROW_ENCODINGS = {"utf-8", "utf-8-sig"}  # what Arrow's CSV reader decodes itself
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
    (b"PK\x03\x04", "xlsx"),  # any ZIP: workbooks, Word, iWork and plain archives; _zip_kind tells them apart
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "xls"),
    (b"PAR1", "parquet"),
    (b"%PDF-", "pdf"),
    (b"\x89PNG", "image"), (b"\xff\xd8\xff", "image"), (b"GIF8", "image"),
    (b"\x1f\x8b", "gzip"),
    (b"SQLite format 3\x00", "sqlite"),
    (b"{\\rtf", "rtf"),
)

#: What to do with files that are documents or archives, not tables (kind -> what it is, what to do).
NOT_A_TABLE = {
    "pdf": ("a PDF document", "export the report from the CRM as CSV or Excel instead (a table in a PDF can be "
                              "copied into Excel and saved as .xlsx)"),
    "image": ("an image", "export the data from the CRM as CSV or Excel"),
    "gzip": ("a gzip-compressed file", "decompress it first (gunzip FILE) and run revops on the file inside"),
    "sqlite": ("an SQLite database", "export the table you need as CSV (sqlite3 -csv -header DB 'select ...')"),
    "rtf": ("a rich-text (RTF) document", "export the data from the CRM as CSV or Excel"),
    "docx": ("a Word document", "if it holds a table, copy the table into Excel and save it as .xlsx or .csv; "
                                "better, export the data from the CRM as CSV"),
    "doc": ("a Word 97-2003 document", "if it holds a table, copy the table into Excel and save it as .xlsx or .csv"),
    "pptx": ("a PowerPoint presentation", "copy the table into Excel and save it as .xlsx or .csv"),
    "odt": ("an OpenDocument text document", "copy the table into a spreadsheet and save it as .xlsx or .csv"),
    "numbers": ("an Apple Numbers spreadsheet", "in Numbers: File → Export To → CSV or Excel, then run revops on "
                                                "the exported file"),
    "pages": ("an Apple Pages document", "copy the table into Numbers or Excel, then export it as CSV or Excel "
                                         "(Numbers: File → Export To → CSV)"),
    "key": ("an Apple Keynote presentation", "copy the table into Numbers or Excel, then export it as CSV or "
                                             "Excel (Numbers: File → Export To → CSV)"),
    "iwork": ("an Apple iWork document (Numbers, Pages or Keynote)", "open it and export it as CSV or Excel "
                                                                     "(Numbers: File → Export To → CSV)"),
}
IWORK_EXTENSIONS = {".numbers": "numbers", ".pages": "pages", ".key": "key"}


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
    encoding_confidence: str | None = None  # certain | likely | assumed | given (--encoding)
    encoding_note: str | None = None  # what was assumed and how to override it, when the evidence is thin
    nul_bytes_dropped: int = 0  # NUL characters removed from otherwise valid text
    source_timezone: str | None = None  # the zone of timestamps written without an offset (set by the caller)
    source_timezone_reason: str | None = None

    @property
    def notes(self) -> list[str]:
        """What a user should know about how the file was read, one line each (empty when nothing)."""
        notes = [self.encoding_note] if self.encoding_note else []
        if self.nul_bytes_dropped:
            notes.append(f"{self.source}: dropped {self.nul_bytes_dropped:,} NUL byte"
                         f"{'' if self.nul_bytes_dropped == 1 else 's'} inside the text (left by the exporting "
                         "system; they are invisible in a spreadsheet).")
        looks_like_data = data_like_headers(self.headers)
        if looks_like_data:
            shown = ", ".join(repr(h) for h in looks_like_data[:3])
            notes.append(f"{self.source}: the header row {self.header_row} holds values ({shown}), not column names: "
                         "if the file has no header row, add one, since revops reads the first row as the headers "
                         "and no column can be recognised by its name.")
        return notes
    column_notes: list[str] = field(default_factory=list)  # why a column was not read as its name says (columns/)
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
            "encoding_confidence": self.encoding_confidence,
            "encoding_note": self.encoding_note,
            "nul_bytes_dropped": self.nul_bytes_dropped,
            "source_timezone": self.source_timezone,
            "source_timezone_reason": self.source_timezone_reason,
            "column_notes": self.column_notes,
        }


@dataclass
class Table:
    """A DataFrame of text plus how it was read.

    ``frame`` columns are unique names; ``info.headers`` keeps the original
    header spelling (blank or repeated headers included) for writing back.
    """

    frame: pd.DataFrame
    info: ReadInfo
    #: A file read in batches (:mod:`revops_cli.io.stream`) has no rows in ``frame``; this holds the cells
    #: column detection samples (``columns.confirm.ColumnSampler``). None: detection reads ``frame``.
    sample: pd.DataFrame | None = None

    @property
    def detection_frame(self) -> pd.DataFrame:
        """The frame whose columns detection samples: the rows, or the sample of a streamed file."""
        return self.frame if self.sample is None else self.sample

    @property
    def header_map(self) -> dict[str, str]:
        """Frame column name -> original header text."""
        return dict(zip(self.frame.columns[: len(self.info.headers)], self.info.headers))


def read_table(source: str | Path, *, sheet: str | None = None, stdin: BinaryIO | None = None,
               encoding: str | None = None) -> Table:
    """Read ``source`` (a path, or ``-`` for stdin) into a :class:`Table`.

    ``encoding`` (``--encoding``) replaces detection for text files. Raises
    :class:`RevopsInputError` for anything the user can fix: a missing path, a
    directory, an empty or binary file, a document that is not a table, an unknown
    sheet, ragged rows, a file cut off while it was being written.
    """
    name = str(source)
    if encoding is not None:
        try:
            encoding = check_encoding_name(encoding)
        except ValueError as exc:
            raise RevopsInputError(f"--encoding: {exc}.") from None
    if name == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        data = stream.read()
        if not data:
            raise RevopsInputError("stdin is empty: pipe a CSV, TSV, JSON or Excel file into revops, or give a path.")
        kind = _kind_from_magic(data[:16]) or _kind_from_content(data)
        if kind == "xlsx":
            kind = _zip_kind(io.BytesIO(data), "")
        _refuse_documents(name, kind)
        return _dispatch(kind, name, data=data, sheet=sheet, encoding=encoding)

    path = Path(source)
    if not path.exists():
        raise RevopsInputError(f"{name}: no such file. Check the path (the current folder is {Path.cwd()}).")
    if path.is_dir():
        iwork = IWORK_EXTENSIONS.get(path.suffix.lower())
        if iwork:  # older iWork files are folders (packages)
            _refuse_documents(name, iwork)
        raise RevopsInputError(f"{name}: is a folder, not a file. Give the export file inside it.")
    try:
        with path.open("rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except OSError as exc:
        raise RevopsInputError(f"{name}: cannot be read ({exc.strerror}).") from exc
    if not head.strip():
        raise RevopsInputError(f"{name}: the file is empty. Export it again from the CRM.")

    ext = path.suffix.lower()
    kind = _kind_from_magic(head[:16])
    if kind == "xlsx":
        kind = _zip_kind(path, ext)
    elif kind == "xls" and ext in {".doc", ".ppt"}:
        kind = "doc" if ext == ".doc" else "pptx"
    elif kind is None and ext in {".docx", ".pptx", ".pdf", ".numbers", ".pages", ".key", ".zip", ".doc", ".odt"}:
        kind = {".numbers": "numbers", ".pages": "pages", ".key": "key", ".docx": "docx", ".doc": "doc",
                ".pptx": "pptx", ".pdf": "pdf", ".zip": "zip", ".odt": "odt"}[ext]
    _refuse_documents(name, kind, path=path)
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
    return _dispatch(kind, name, path=path, head=head, sheet=sheet, ext=ext, encoding=encoding)


def _zip_kind(source: Path | BinaryIO, ext: str) -> str:
    """What a ZIP file is: a workbook (xlsx/ods, read as such), a Word/PowerPoint/OpenDocument text
    file, an Apple iWork document, or a plain archive ("zip")."""
    import zipfile

    try:
        with zipfile.ZipFile(source) as archive:
            names = archive.namelist()
            mimetype = archive.read("mimetype").decode("ascii", "replace") if "mimetype" in names else ""
    except (zipfile.BadZipFile, OSError, KeyError):
        return "xlsx"  # damaged: let the workbook reader say so
    if any(n.startswith("xl/") for n in names) or "spreadsheet" in mimetype:
        return "xlsx"
    if any(n.startswith("word/") for n in names):
        return "docx"
    if any(n.startswith("ppt/") for n in names):
        return "pptx"
    if mimetype.startswith("application/vnd.oasis.opendocument"):
        return "odt"
    if any(n.startswith("Index/") and n.endswith(".iwa") for n in names) or "Index.zip" in names:
        return IWORK_EXTENSIONS.get(ext, "iwork")
    return "zip"


def _refuse_documents(name: str, kind: str | None, *, path: Path | None = None) -> None:
    """Exit 2 with what the file is and what to do, for documents, images and archives."""
    if kind == "zip":
        import zipfile

        try:
            with zipfile.ZipFile(path if path is not None else name) as archive:
                members = [n for n in archive.namelist() if not n.endswith("/")]
        except (zipfile.BadZipFile, OSError):
            members = []
        listed = ", ".join(members[:5]) + (f" and {len(members) - 5} more" if len(members) > 5 else "")
        holds = f" holding {listed}" if members else ""
        raise RevopsInputError(f"{name}: is a ZIP archive{holds}, not a table. Unzip it and run revops on the "
                               "export inside (CRM data exports often arrive zipped).")
    if kind in NOT_A_TABLE:
        what, todo = NOT_A_TABLE[kind]
        raise RevopsInputError(f"{name}: is {what}, not a table revops can read. {todo[:1].upper()}{todo[1:]}.")


def _dispatch(kind: str, name: str, *, path: Path | None = None, data: bytes | None = None,
              head: bytes | None = None, sheet: str | None = None, ext: str = "",
              encoding: str | None = None) -> Table:
    if kind in {"xlsx", "xls"}:
        return _read_excel(name, path=path, data=data, sheet=sheet, kind=kind)
    if sheet is not None:
        raise RevopsInputError(f"{name}: --sheet only applies to Excel workbooks, and this is a {kind} file.")
    if kind == "parquet":
        return _read_parquet(name, path=path, data=data)
    if kind in {"json", "jsonl"}:
        raw = data if data is not None else path.read_bytes()  # type: ignore[union-attr]
        return _read_json(name, raw, lines=kind == "jsonl", encoding=encoding)
    return _read_text(name, path=path, data=data, head=head, force_tab=ext in {".tsv", ".tab"}, encoding=encoding)


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
    """Name the encoding of a byte sample (see :mod:`revops_cli.io.encoding` for how it is judged)."""
    return guess_encoding(sample, complete=len(sample) < SNIFF_BYTES).encoding


#: A text file may hold a few NUL bytes (a CRM's rich-text field); more than this share of the
#: first 256 KB and it is a binary file.
BINARY_NUL_SHARE = 0.05
#: UnicodeDecodeError reasons for a file that ends inside a character.
_CUT_CHARACTER = ("unexpected end of data", "incomplete multibyte sequence", "truncated data")


def _decode_all(name: str, data: bytes, guess: EncodingGuess, *, given: bool = False) -> tuple[str, EncodingGuess]:
    """Decode the whole file with the guessed (or ``--encoding``) encoding.

    A file that ends inside a multi-byte character is still being written (exit 2, "is the export
    finished?"). When the guess came from the first 256 KB and a later byte does not fit it, the
    whole file is judged again; an encoding given with ``--encoding`` that does not fit is an error
    naming the line.
    """
    for attempt in range(2):
        try:
            return data.decode(guess.encoding), guess
        except UnicodeDecodeError as exc:
            if exc.reason in _CUT_CHARACTER and exc.end >= len(data) - 1 and exc.start >= len(data) - 4:
                raise RevopsInputError(
                    f"{name}: the file ends in the middle of a character (its last {len(data) - exc.start} "
                    f"byte(s) are half of a {guess.label} character): the last line looks cut off; is the export "
                    "finished? Wait for it to finish, or export the file again."
                ) from None
            line = data.count(b"\n", 0, exc.start) + 1
            if given:
                raise RevopsInputError(
                    f"{name}: line {line} is not {guess.label} text (byte 0x{data[exc.start]:02x} does not fit it). "
                    "Check --encoding, or leave it out and revops detects the encoding."
                ) from None
            if attempt == 0:
                guess = guess_encoding(data, complete=True)
    # Nothing fits: keep every byte (Latin-1 maps each byte to one character) and say so.
    return data.decode("latin-1"), EncodingGuess("latin-1", "assumed")


def _binary_reason(text: str) -> str | None:
    """Why a decoded sample is not text, or None. A few NULs inside text do not make it binary."""
    if not text:
        return None
    if text.count("\x00") > BINARY_NUL_SHARE * len(text):
        return "many NUL bytes"
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\r\n\x0c\x00")
    if controls > max(3, len(text) // 100):
        return "control characters"
    return None


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


# A header cell that is a date or time, an email address or a number with decimals or separators is a value:
# the file most likely has no header row. A bare year (2024) is a fine header (a pivot's column).
_DATA_LIKE_HEADER = re.compile(
    r"^\s*(?:[-+]?\d{1,3}(?:[,.\s]\d{3})+(?:[.,]\d+)?|[-+]?\d+[.,]\d+|\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}"
    r"(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?|\d{1,2}:\d{2}(?::\d{2})?|[^@\s]+@[^@\s]+\.[A-Za-z]{2,})\s*$")


def data_like_headers(headers: list[str]) -> list[str]:
    """Header cells that look like values (dates, times, emails, decimal numbers); at least two, or a third
    of the headers, so one odd header (a ``2024.1`` version column) is not taken for a missing header row."""
    found = [h for h in headers if h and _DATA_LIKE_HEADER.match(str(h))]
    return found if len(found) >= 2 or (found and len(found) * 3 >= len(headers)) else []


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


@dataclass
class _Sniffed:
    """What the first :data:`SNIFF_BYTES` of a delimited file say: encoding, delimiter and header row."""

    guess: EncodingGuess
    delimiter: str
    header_index: int  # records above the header (report title rows)
    header_line: int  # physical lines up to and including the header
    headers: list[str]
    names: list[str]
    sample_nuls: int


def _sniff_text(name: str, *, sample: bytes, complete: bool, force_tab: bool, encoding: str | None) -> _Sniffed:
    guess = EncodingGuess(encoding, "given") if encoding else guess_encoding(sample, complete=complete)
    sample_text = codecs.getincrementaldecoder(guess.encoding)(errors="replace").decode(sample, final=complete)
    if guess.encoding.startswith("utf-16"):
        sample_text = sample_text.lstrip("\ufeff")
    if _binary_reason(sample_text):
        raise RevopsInputError(
            f"{name}: looks like a binary file, not a table ({_binary_reason(sample_text)}). "
            "Give a CSV/TSV, Excel, JSON or Parquet export (an Excel file needs its .xlsx/.xls name)."
        )
    sample_nuls = sample_text.count("\x00")
    sample_text = sample_text.replace("\x00", "")
    # A truncated last line in the sample would confuse the sniffers.
    if not complete and "\n" in sample_text:
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
    headers = [h.strip("\ufeff") for h in records[header_index]]
    if not any(h.strip() for h in headers):
        raise RevopsInputError(f"{name}: no header row found. The first row of the export must name the columns.")
    return _Sniffed(guess=guess, delimiter=delimiter, header_index=header_index,
                    header_line=line_after[header_index], headers=headers, names=unique_names(headers),
                    sample_nuls=sample_nuls)


def _read_text(name: str, *, path: Path | None, data: bytes | None, head: bytes | None, force_tab: bool,
               encoding: str | None = None) -> Table:
    sample = head if head is not None else (data or b"")[:SNIFF_BYTES]
    sniffed = _sniff_text(name, sample=sample, complete=len(sample) < SNIFF_BYTES, force_tab=force_tab,
                          encoding=encoding)
    guess, delimiter, header_line, names = sniffed.guess, sniffed.delimiter, sniffed.header_line, sniffed.names

    # No `names=`: given names, pandas silently truncates rows longer than the
    # header. Reading positionally lets us see extra fields and refuse them.
    options = dict(sep=delimiter, header=None, skiprows=header_line, dtype=str, keep_default_na=False, na_values=[""])
    frame = None
    text = None
    nuls = 0

    def decoded() -> str:
        nonlocal guess, nuls
        raw = data if data is not None else path.read_bytes()  # type: ignore[union-attr]
        whole, guess = _decode_all(name, raw, guess, given=encoding is not None)
        nuls = whole.count("\x00")
        return whole.lstrip("\ufeff").replace("\x00", "")

    if path is not None and guess.encoding in ARROW_ENCODINGS and not sniffed.sample_nuls:
        try:  # fast path: Arrow's multithreaded reader straight from the file
            frame, nuls = _read_csv_arrow(path, delimiter, header_line, len(names))
        except Exception:  # noqa: BLE001 - any Arrow complaint means: take the careful path
            frame = None
    if frame is None:
        text = decoded()
        try:
            frame = pd.read_csv(io.StringIO(text), engine="c", **options)
        except pd.errors.ParserError as exc:
            if "EOF inside string" in str(exc):
                raise _unclosed_quote_error(name, text, delimiter) from None
            if _wider_lines(text, delimiter, header_line, len(names)):
                raise _ragged_error(name, text, delimiter, header_line, len(names)) from exc
            # pandas takes its width from the first data line; when that one is short and none is
            # wider than the header, the header's width is safe to give
            frame = pd.read_csv(io.StringIO(text), engine="c", names=list(range(len(names))), **options)
        except pd.errors.EmptyDataError:
            frame = pd.DataFrame(columns=range(len(names)))
    frame = _fit_width(frame, len(names))
    if frame is None:
        if text is None:
            text = decoded()
        raise _ragged_error(name, text, delimiter, header_line, len(names))
    frame.columns = names
    frame, footer = _strip_footer(frame)
    if not footer:  # a report footer is a short last line by design
        _check_last_line(name, frame, path=path, data=data, text=text, delimiter=delimiter, width=len(names),
                         header_line=header_line)
    info = ReadInfo(
        source=name, format="tsv" if delimiter == "\t" else "csv", encoding=guess.encoding, delimiter=delimiter,
        header_row=header_line, title_rows=sniffed.header_index, footer_rows=footer,
        rows=len(frame), columns=len(names), headers=sniffed.headers,
        encoding_confidence=guess.confidence, encoding_note=guess.note(name), nul_bytes_dropped=nuls,
    )
    return Table(_as_text(frame), info)


def _unclosed_quote_error(name: str, text: str, delimiter: str) -> RevopsInputError:
    """A quoted value still open at the end of the file: a file cut off mid-value, or a stray quote."""
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=True)
    start = 1
    try:
        for _record in reader:
            start = reader.line_num + 1
    except csv.Error:
        pass
    return RevopsInputError(
        f"{name}: a quoted value that starts on line {start} is still open at the end of the file: the last line "
        f"looks cut off; is the export finished? If the file is complete, the quote on line {start} is stray: "
        "remove it or close it, then run again."
    )


TAIL_BYTES = 64 * 1024


def _check_last_line(name: str, frame: pd.DataFrame, *, path: Path | None, data: bytes | None, text: str | None,
                     delimiter: str, width: int, header_line: int) -> None:
    """Refuse a file whose last line was cut off while it was being written.

    The evidence: the file does not end with a line break, its last line has fewer fields than the
    header, and no other row is that short (so short rows are not this exporter's habit). A file
    that ends with a line break is taken as finished.
    """
    if len(frame) < 2 or width < 2:
        return
    if text is not None:
        tail = text[-TAIL_BYTES:]
    else:
        raw = data[-TAIL_BYTES:] if data is not None else _tail_bytes(path)  # type: ignore[arg-type]
        tail = raw.decode("utf-8", errors="replace")
    if not tail or tail.endswith(("\n", "\r")):
        return
    last_line = tail.rsplit("\n", 1)[-1]
    if last_line.count('"') % 2:  # the last record spans lines: not a simple short line
        return
    fields = next(csv.reader([last_line], delimiter=delimiter), [])
    if not fields or len(fields) >= width:
        return
    rest = frame.iloc[:-1, len(fields):]
    if rest.isna().all(axis=1).any():
        return
    line = header_line + len(frame)
    raise RevopsInputError(
        f"{name}: the last line (line {line}) has {len(fields)} of the header's {width} fields and the file does "
        "not end with a line break: the last line looks cut off; is the export finished? Export the file again, "
        "or, if it is complete, add the missing fields (or a line break at its end) and run again."
    )


def _tail_bytes(path: Path) -> bytes:
    with path.open("rb") as handle:
        handle.seek(0, io.SEEK_END)
        size = handle.tell()
        handle.seek(max(0, size - TAIL_BYTES))
        return handle.read()


def arrow_csv_options(delimiter: str, skip_lines: int, width: int, *, block_size: int,
                      invalid_row_handler: Callable | None = None) -> dict:
    """pyarrow.csv's options for reading a delimited export as :func:`read_table` does: after ``skip_lines``
    physical lines, ``width`` text columns named ``f0``, ``f1``, ...; only empty cells missing; quoted line
    breaks inside values. One definition for the whole-file read and the batches of
    :mod:`revops_cli.io.stream`, which must read every cell alike."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    names = [f"f{i}" for i in range(width)]
    return {
        "read_options": pacsv.ReadOptions(skip_rows=skip_lines, column_names=names, block_size=block_size),
        "parse_options": pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=True,
                                            invalid_row_handler=invalid_row_handler),
        "convert_options": pacsv.ConvertOptions(column_types=dict.fromkeys(names, pa.string()), null_values=[""],
                                                strings_can_be_null=True, quoted_strings_can_be_null=True),
    }


def _read_csv_arrow(path: Path, delimiter: str, skip_lines: int, width: int) -> tuple[pd.DataFrame, int]:
    """Read a UTF-8 CSV with pyarrow.csv: every column as text, only empty cells missing; NUL
    characters inside values are dropped and counted (the second value returned).

    Called directly rather than through ``pd.read_csv(engine="pyarrow")`` because
    CRM exports put line breaks inside quoted cells (street addresses, notes),
    which Arrow only accepts with ``newlines_in_values``. Raises on ragged rows
    or invalid UTF-8, and the caller falls back to the careful path.
    """
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pacsv

    # Column count from the header; a wider first data row fails here and takes the careful path.
    column_names = [f"f{i}" for i in range(width)]
    table = pacsv.read_csv(path, **arrow_csv_options(delimiter, skip_lines, width, block_size=1 << 24))

    nuls = 0
    columns = []
    for column in table.columns:
        found = pc.sum(pc.count_substring(column, "\x00")).as_py() or 0
        nuls += found
        columns.append(pc.replace_substring(column, "\x00", "") if found else column)
    if nuls:
        table = pa.table(columns, names=column_names)
    frame = table.to_pandas()
    frame.columns = range(width)
    return frame, nuls


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


def _wider_lines(text: str, delimiter: str, header_line: int, width: int, limit: int = 5) -> list[str]:
    """The first lines with more fields than the header ("line 7 has 12 fields")."""
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    bad: list[str] = []
    for record in reader:
        if reader.line_num <= header_line:
            continue
        if len(record) > width:
            bad.append(f"line {reader.line_num} has {len(record)} fields")
            if len(bad) >= limit:
                break
    return bad


def _ragged_error(name: str, text: str, delimiter: str, header_line: int, width: int) -> RevopsInputError:
    bad = _wider_lines(text, delimiter, header_line, width)
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


def _read_json(name: str, raw: bytes, *, lines: bool, encoding: str | None = None) -> Table:
    guess = EncodingGuess(encoding, "given") if encoding else guess_encoding(raw[:SNIFF_BYTES], complete=len(raw) <= SNIFF_BYTES)
    text, guess = _decode_all(name, raw, guess, given=encoding is not None)
    encoding = guess.encoding
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
                    rows=len(frame), columns=len(headers), headers=[str(h) for h in headers],
                    encoding_confidence=guess.confidence, encoding_note=guess.note(name))
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

"""Write a DataFrame in the format its path names, atomically and safely.

SPEC contract 1 and 7: the output is written to a temporary file in the same
folder and renamed into place, so a crash leaves the old file or the new one,
never half of one; the input file is never the output; and cells a
spreadsheet would execute as a formula are neutralised in CSV/TSV/XLSX.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

import pandas as pd

from revops_cli.errors import RevopsInputError

WRITE_FORMATS = {
    ".csv": "csv", ".txt": "tsv", ".tsv": "tsv", ".tab": "tsv", ".xlsx": "xlsx", ".xlsm": "xlsx",
    ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet", ".pq": "parquet",
}
SPREADSHEET_FORMATS = {"csv", "tsv", "xlsx"}
EXCEL_MAX_ROWS = 1_048_575  # one row is the header

# OWASP's list of characters that make a spreadsheet cell a formula.
_FORMULA_START = r"^[=+\-@\t\r]"
# ... but a plain number (-5, +3.2) or a phone written with digits, spaces and
# ( ) - . / only (+14155551234, +44 20 7946 0958) is data: without letters, = or
# @ a cell cannot call a function, reach another cell or start DDE, and a CRM
# re-import must not receive those phones with an apostrophe in front.
_SAFE_VALUE = r"^(?:[+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|[+-]?[0-9 ().\-/]*\d[0-9 ().\-/]*|-+)$"


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


def neutralise_formulas(values: pd.Series) -> pd.Series:
    """Prefix ``'`` to cells a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``, tab, CR first).

    Plain numbers and E.164 phone numbers are left alone. Vectorised: one regex pass per column.
    """
    if not (pd.api.types.is_string_dtype(values.dtype) or values.dtype == object):
        return values
    text = values.astype("str")
    risky = text.str.match(_FORMULA_START, na=False) & ~text.str.match(_SAFE_VALUE, na=False)
    if not risky.any():
        return values
    return text.mask(risky, "'" + text)


def check_output_path(dest: str | Path, inputs: Iterable[str | Path] = ()) -> None:
    """Refuse an output that is one of the inputs or whose folder does not exist (exit 2)."""
    if str(dest) == "-":
        return
    path = Path(dest)
    output_format(path)
    if not path.parent.exists():
        raise RevopsInputError(f"{dest}: the folder {str(path.parent)!r} does not exist. Create it first or pick another output path.")
    if path.is_dir():
        raise RevopsInputError(f"{dest}: is a folder. Give a file name such as {path / 'out.csv'}.")
    for source in inputs:
        if str(source) == "-" or not path.exists():
            continue
        try:
            same = Path(source).exists() and path.samefile(source)
        except OSError:
            same = False
        if same:
            raise RevopsInputError(
                f"{dest}: is also the input file. revops never overwrites its input; write to a new file instead."
            )


def write_table(
    frame: pd.DataFrame,
    dest: str | Path,
    *,
    headers: list[str] | None = None,
    inputs: Iterable[str | Path] = (),
    stdout: TextIO | None = None,
) -> str:
    """Write ``frame`` to ``dest`` in the format its extension names; return that format.

    ``headers`` are the header texts to write (the original spellings from
    :class:`~revops_cli.io.read.ReadInfo`, followed by any added columns); by
    default the frame's column names. ``-`` writes CSV to ``stdout``.
    """
    fmt = output_format(dest)
    check_output_path(dest, inputs)
    out = frame.copy(deep=False)
    out.columns = list(headers) if headers is not None else [str(c) for c in frame.columns]
    if fmt in SPREADSHEET_FORMATS:
        out = out.apply(neutralise_formulas)
        out.columns = [neutralise_formulas(pd.Series([c], dtype="str")).iloc[0] for c in out.columns]
    if fmt == "xlsx" and len(out) > EXCEL_MAX_ROWS:
        raise RevopsInputError(
            f"{dest}: {len(out):,} rows do not fit in an Excel sheet (max {EXCEL_MAX_ROWS:,}). Write .csv or .parquet instead."
        )
    if str(dest) == "-":
        out.to_csv(stdout if stdout is not None else sys.stdout, index=False, lineterminator="\n")
        return fmt
    _atomic_write(Path(dest), lambda tmp: _write_format(out, tmp, fmt))
    return fmt


def _write_format(frame: pd.DataFrame, tmp: Path, fmt: str) -> None:
    if fmt == "csv":
        frame.to_csv(tmp, index=False, encoding="utf-8", lineterminator="\n")
    elif fmt == "tsv":
        frame.to_csv(tmp, index=False, sep="\t", encoding="utf-8", lineterminator="\n")
    elif fmt == "xlsx":
        frame.to_excel(tmp, index=False, engine="openpyxl")
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


def _atomic_write(dest: Path, write) -> None:  # noqa: ANN001 - a callable taking the temp path
    folder = dest.parent if str(dest.parent) else Path(".")
    handle, tmp_name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".tmp", dir=folder)
    os.close(handle)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        with open(tmp, "rb+") as synced:
            os.fsync(synced.fileno())
        os.replace(tmp, dest)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def output_headers(table_headers: list[str], frame: pd.DataFrame) -> list[str]:
    """Original headers for the input columns, then the names of the columns the tool added."""
    added = [str(c) for c in frame.columns[len(table_headers):]]
    return list(table_headers) + added


"""Writing: format by extension, atomic replace, never the input, formula guard."""

from __future__ import annotations

import errno

import io
import re

import openpyxl
import pandas as pd
import pytest

from revops_cli.errors import RevopsInputError
from revops_cli.io import read_table, write_table
from revops_cli.io import write as write_module
from revops_cli.io.write import neutralise_formulas


def _frame():
    return pd.DataFrame({"Lead ID": ["00Q1", "00Q2"], "Zip": ["00123", None], "Company": ["Acme", "Beta"]}, dtype="str")


@pytest.mark.parametrize("ext", [".csv", ".tsv", ".txt", ".xlsx", ".json", ".jsonl", ".parquet"])
def test_round_trip_every_format_keeps_text_and_zeros(tmp_path, ext):
    dest = tmp_path / f"out{ext}"
    write_table(_frame(), dest)
    back = read_table(dest).frame
    assert back["Lead ID"].tolist() == ["00Q1", "00Q2"]
    assert back["Zip"].iloc[0] == "00123" and pd.isna(back["Zip"].iloc[1])


def test_original_headers_written(tmp_path):
    dest = tmp_path / "out.csv"
    write_table(_frame(), dest, headers=["Lead ID", "Zip", "Company Name"])
    assert dest.read_text().splitlines()[0] == "Lead ID,Zip,Company Name"


def test_stdout_is_csv():
    buffer = io.StringIO()
    write_table(_frame(), "-", stdout=buffer)
    assert buffer.getvalue().splitlines() == ["Lead ID,Zip,Company", "00Q1,00123,Acme", "00Q2,,Beta"]


@pytest.mark.parametrize(
    "value,expected",
    [
        ('=HYPERLINK("http://x","click")', '\'=HYPERLINK("http://x","click")'),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("@SUM(1+1)", "'@SUM(1+1)"),
        ("- Sales", "'- Sales"),
        ("\tTab", "'\tTab"),
        ("\rCR", "'\rCR"),
        ("-5", "-5"),
        ("+3.25", "+3.25"),
        ("-1.5e3", "-1.5e3"),
        ("+14155551234", "+14155551234"),
        ("+44 20 7946 0958", "+44 20 7946 0958"),
        ("+1 (415) 555-0100", "+1 (415) 555-0100"),
        ("-", "-"),
        ("+1 415 555 0100 ext 5", "+1 415 555 0100 ext 5"),
        ("+1-247-266-0963x4995", "+1-247-266-0963x4995"),
        ("+1 (415) 555-0100 ext. 22", "+1 (415) 555-0100 ext. 22"),
        ("-1.415.555.0100 X12", "-1.415.555.0100 X12"),
        ("+1 415 555 0100 extension 5", "'+1 415 555 0100 extension 5"),
        ("+1 415 555 0100 x", "'+1 415 555 0100 x"),
        ("+1x2x3", "'+1x2x3"),
        ("+A1x2", "'+A1x2"),
        ("-x5", "'-x5"),
        ("=1-247-266-0963x4995", "'=1-247-266-0963x4995"),
        ("@1-247-266-0963", "'@1-247-266-0963"),
        ("+1-2+3", "'+1-2+3"),
        ("+1\t2", "'+1\t2"),
        ("-2+3*A1", "'-2+3*A1"),
        ("Acme = good", "Acme = good"),
        ("a@b.com", "a@b.com"),
    ],
)
def test_formula_neutralisation(value, expected):
    assert neutralise_formulas(pd.Series([value, None], dtype="str")).iloc[0] == expected


def test_csv_and_xlsx_outputs_are_neutralised_but_parquet_is_not(tmp_path):
    frame = pd.DataFrame({"Company": ['=HYPERLINK("http://x","y")'], "Phone": ["+14155551234"]}, dtype="str")
    write_table(frame, tmp_path / "o.csv")
    assert "'=HYPERLINK" in (tmp_path / "o.csv").read_text()
    write_table(frame, tmp_path / "o.xlsx")
    cell = openpyxl.load_workbook(tmp_path / "o.xlsx").active["A2"]
    assert cell.data_type == "s" and cell.value.startswith("'=")
    assert openpyxl.load_workbook(tmp_path / "o.xlsx").active["B2"].value == "+14155551234"
    write_table(frame, tmp_path / "o.parquet")
    assert pd.read_parquet(tmp_path / "o.parquet")["Company"].iloc[0].startswith("=")


def test_never_writes_to_the_input(tmp_path, leads_csv):
    before = leads_csv.read_bytes()
    with pytest.raises(RevopsInputError, match="is also the input file"):
        write_table(_frame(), leads_csv, inputs=[leads_csv])
    assert leads_csv.read_bytes() == before


def test_missing_output_folder(tmp_path):
    with pytest.raises(RevopsInputError, match="does not exist"):
        write_table(_frame(), tmp_path / "nope" / "out.csv")


def test_unknown_extension(tmp_path):
    with pytest.raises(RevopsInputError, match="cannot tell the output format"):
        write_table(_frame(), tmp_path / "out.docx")


def test_atomic_write_leaves_old_file_when_the_writer_fails(tmp_path, monkeypatch):
    dest = tmp_path / "out.csv"
    dest.write_text("old content\n")

    def exploding_writer(frame, tmp, fmt):
        tmp.write_text("half a fi")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(write_module, "_write_format", exploding_writer)
    with pytest.raises(RevopsInputError, match="out.csv: could not be written: there is no space left on the disk"):
        write_table(_frame(), dest)
    assert dest.read_text() == "old content\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]  # no temp file left behind


def test_atomic_write_creates_nothing_when_the_writer_fails(tmp_path, monkeypatch):
    monkeypatch.setattr(write_module, "_write_format", lambda *a: (_ for _ in ()).throw(RuntimeError("boom")))
    with pytest.raises(RuntimeError):
        write_table(_frame(), tmp_path / "new.csv")
    assert list(tmp_path.iterdir()) == []


def test_too_many_rows_for_excel(tmp_path, monkeypatch):
    monkeypatch.setattr(write_module, "EXCEL_MAX_ROWS", 1)
    with pytest.raises(RevopsInputError, match="do not fit in an Excel sheet"):
        write_table(_frame(), tmp_path / "big.xlsx")
    assert not (tmp_path / "big.xlsx").exists()


# --------------------------------------------------------------------------- the fast CSV writer

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from revops_cli.io.write import write_delimited  # noqa: E402

_CELL_TEXT = st.one_of(st.none(), st.text(alphabet=st.characters(blacklist_characters="\r",
                                                                   blacklist_categories=("Cs",)), max_size=12),
                       st.sampled_from(["a,b", 'say "hi"', "two\nlines", "tab\there", "", " ", "€ü"]))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(_CELL_TEXT, _CELL_TEXT, st.one_of(st.none(), st.floats(allow_nan=False, width=32))),
                min_size=0, max_size=12),
       st.sampled_from([",", "\t"]))
def test_fast_writer_writes_text_as_pandas_does_and_numbers_as_what_they_are(tmp_path_factory, rows, sep):
    import csv

    frame = pd.DataFrame(rows, columns=["Name", "Notes, long", "Amount"])
    frame[["Name", "Notes, long"]] = frame[["Name", "Notes, long"]].astype("str")
    path = tmp_path_factory.mktemp("w") / "out.csv"
    write_delimited(frame, path, sep)
    written = path.read_bytes()
    text_only = frame[["Name", "Notes, long"]]
    back = list(csv.reader(io.StringIO(written.decode("utf-8"), newline=""), delimiter=sep))
    # the text columns are byte for byte what to_csv writes
    expected_text = list(csv.reader(io.StringIO(text_only.to_csv(index=False, sep=sep, lineterminator="\n"),
                                                newline=""), delimiter=sep))
    assert [r[:2] for r in back] == expected_text
    for (_, _, amount), (*_, cell) in zip(rows, back[1:]):
        if amount is None:
            assert cell == ""
        elif abs(amount) == float("inf"):
            assert cell == ("inf" if amount > 0 else "-inf")
        elif amount == int(amount) and abs(amount) < 2**53:
            assert cell == str(int(amount))  # a whole number has no ".0"
        else:
            assert float(cell) == float(amount) and re.fullmatch(r"-?[0-9.]+(e[+-][0-9]+)?", cell)


def test_whole_numbers_revops_computed_have_no_trailing_zero(tmp_path):
    frame = pd.DataFrame({"revops_employees": [220.0, None, 0.5], "revops_annual_revenue": [84_000_000.0, 1e9, -3.0],
                          "rate": [0.15, 12345.5, float("inf")]})
    write_delimited(frame, tmp_path / "out.csv", ",")
    assert (tmp_path / "out.csv").read_text().splitlines() == [
        "revops_employees,revops_annual_revenue,rate", "220,84000000,0.15", ",1000000000,12345.5", "0.5,-3,inf"]


def test_fast_writer_writes_every_dtype_as_what_it_is(tmp_path):
    import datetime as dt
    from decimal import Decimal

    frame = pd.DataFrame({
        "text": pd.Series(["x", None, "a,b"], dtype="str"),
        "float": [1.0, None, 1e20], "int": pd.array([1, None, 3], dtype="Int64"), "bool": [True, False, None],
        "when": pd.to_datetime(["2026-11-20T13:00Z", None, "2026-01-01T00:00Z"]),
        "object": [1, [1, 2], None],
        "typed": pd.Series([dt.date(2026, 10, 29), dt.datetime(2026, 10, 29, 8, 23), 84000000.0], dtype=object),
        "money": pd.Series([Decimal("12.50"), None, True], dtype=object),
    })
    write_delimited(frame, tmp_path / "out.csv", ",")
    assert (tmp_path / "out.csv").read_text().splitlines() == [
        "text,float,int,bool,when,object,typed,money",
        "x,1,1,True,2026-11-20T13:00:00+00:00,1,2026-10-29,12.50",
        ',,,False,,"[1, 2]",2026-10-29T08:23:00,',
        '"a,b",1e+20,3,,2026-01-01T00:00:00+00:00,,84000000,True',
    ]


def test_fast_writer_quotes_a_bare_carriage_return_and_a_lone_empty_field(tmp_path):
    write_delimited(pd.DataFrame({"a": ["cr\rhere", "", None]}, dtype="str"), tmp_path / "out.csv", ",")
    assert (tmp_path / "out.csv").read_bytes() == b'a\n"cr\rhere"\n""\n""\n'


def test_fast_writer_writes_big_frames_in_batches_and_reports_each(tmp_path, monkeypatch):
    import revops_cli.io.write as write_module

    monkeypatch.setattr(write_module, "_CSV_BATCH_ROWS", 3)
    frame = pd.DataFrame({"n": range(10), "t": [f"row {i}" for i in range(10)]})
    seen = []
    write_delimited(frame, tmp_path / "out.csv", ",", progress=lambda done, total: seen.append((done, total)))
    assert (tmp_path / "out.csv").read_bytes() == frame.to_csv(index=False, lineterminator="\n").encode()
    assert seen == [(3, 10), (6, 10), (9, 10), (10, 10)]


@pytest.mark.parametrize("values,expected", [
    (pd.to_datetime(["2026-11-20T13:00Z", None, "2026-03-08T07:30Z"]).tz_convert("America/New_York"),
     ["2026-11-20T08:00:00-05:00", "", "2026-03-08T03:30:00-04:00"]),
    (pd.to_datetime(["2026-11-20T13:00:00.123456Z", "2026-01-01T00:00:00.000000Z"]).tz_convert("Asia/Kolkata"),
     ["2026-11-20T18:30:00.123456+05:30", "2026-01-01T05:30:00.000000+05:30"]),
    (pd.to_datetime(["2026-11-20", "2026-01-01", None]), ["2026-11-20", "2026-01-01", ""]),  # a date stays a date
    (pd.to_datetime(["2026-11-20 08:15", "2026-01-01 00:00", None]),
     ["2026-11-20T08:15:00", "2026-01-01T00:00:00", ""]),
    (pd.to_datetime(["2026-11-20T08:15:00.000000001"]), ["2026-11-20T08:15:00.000000001"]),
    (pd.to_datetime([None, None]).tz_localize("UTC"), ["", ""]),
])
def test_dates_are_written_in_the_iso_form_of_what_they_are(tmp_path, values, expected):
    frame = pd.DataFrame({"when": values, "n": range(len(values))})
    write_delimited(frame, tmp_path / "out.csv", ",")
    lines = (tmp_path / "out.csv").read_text().splitlines()
    assert lines == ["when,n", *[f"{text},{i}" for i, text in enumerate(expected)]]


def test_outputs_get_the_usual_file_mode_not_mkstemps_private_one(tmp_path):
    import os

    from revops_cli.io.write import write_table

    frame = pd.DataFrame({"a": ["1"]})
    old = os.umask(0o022)
    try:
        write_table(frame, tmp_path / "new.csv")
        assert (tmp_path / "new.csv").stat().st_mode & 0o777 == 0o644
        (tmp_path / "kept.csv").write_text("x\n")
        os.chmod(tmp_path / "kept.csv", 0o640)
        write_table(frame, tmp_path / "kept.csv")
        assert (tmp_path / "kept.csv").stat().st_mode & 0o777 == 0o640  # an overwritten file keeps its mode
    finally:
        os.umask(old)

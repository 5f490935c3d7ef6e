"""Excel output that opens ready to work: styles, types, widths, frozen header, filter, sheet name,
and a workbook that goes through revops and comes back with every cell's value and type."""

from __future__ import annotations

import datetime as dt
import zipfile
from decimal import Decimal

import numpy as np
import openpyxl
import pandas as pd
import pytest

from revops_cli.errors import RevopsInputError
from revops_cli.io import read_table, write_table
from revops_cli.io.cells import DATE, DATETIME, NUMBER, TEXT_ONLY, ColumnCells, column_cells
from revops_cli.io.xlsx import column_letters, sheet_name_for
from tests.conftest import SAMPLE, invoke

NY = "America/New_York"


def _sheet(path):
    return openpyxl.load_workbook(path).active


def _cell(ws, ref):
    c = ws[ref]
    return c.value, c.data_type, c.number_format


def test_the_header_is_bold_frozen_filtered_and_revops_columns_are_tinted(tmp_path):
    frame = pd.DataFrame({"Lead ID": ["00Q1", "00Q2"], "Company": ["Acme", "Beta"],
                          "revops_score": [80, 20]})
    write_table(frame, tmp_path / "scored.xlsx")
    ws = _sheet(tmp_path / "scored.xlsx")
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:C3"
    assert [c.value for c in ws[1]] == ["Lead ID", "Company", "revops_score"]
    assert all(c.font.b for c in ws[1]) and not ws["A2"].font.b
    assert ws["A1"].fill.fill_type is None and ws["B1"].fill.fill_type is None
    assert ws["C1"].fill.fill_type == "solid" and ws["C1"].fill.fgColor.rgb == "FFDDEBF7"
    assert ws.title == "scored"


@pytest.mark.parametrize("stem,expected", [
    ("clean", "clean"),
    ("leads [2026]: Q4/EMEA*?", "leads 2026 Q4 EMEA"),
    ("'quoted'", "quoted"),
    ("a" * 40, "a" * 31),
    ("History", "History data"),
    ("???", "revops"),
])
def test_the_sheet_is_named_after_the_output_within_excels_rules(stem, expected):
    assert sheet_name_for(stem) == expected


def test_columns_are_as_wide_as_their_sampled_values_within_bounds(tmp_path):
    frame = pd.DataFrame({"id": ["x"] * 3, "Company": ["Acme", "Van der Berg Logistiek B.V.", None],
                          "Notes": ["n" * 200, "short", "x"], "when": pd.to_datetime(["2026-01-01"] * 3)})
    write_table(frame, tmp_path / "o.xlsx")
    widths = {k: v.width for k, v in _sheet(tmp_path / "o.xlsx").column_dimensions.items()}
    assert widths["A"] == 6.0  # the minimum: "id" and "x" are narrower
    assert widths["B"] == len("Van der Berg Logistiek B.V.") + 1.5
    assert widths["C"] == 60.0  # capped: a 200-character note does not make a 200-wide column
    assert widths["D"] == 20.5  # a date-time is shown as 2026-01-01 00:00


def test_computed_values_are_real_numbers_booleans_dates_and_datetimes(tmp_path):
    frame = pd.DataFrame({
        "revops_score": pd.array([80, None], dtype="Int64"),
        "revops_employees": [220.0, np.nan],
        "revops_rate": [0.15, 1e20],
        "revops_email_valid": pd.Series([True, None], dtype=object),
        "revops_flag": [True, False],
        "revops_next_touch_at": pd.Series(["2026-11-22", None], dtype="str"),
        "revops_due_at": pd.Series(["2026-09-11T20:00:00-04:00", "2026-09-12T01:00:00Z"], dtype="str"),
        "revops_created": pd.to_datetime(["2026-11-20T13:00Z", None], utc=True),
        "revops_day": pd.to_datetime(["2026-11-20", "2026-11-21"]),
        "revops_money": pd.Series([Decimal("12.50"), dt.date(2026, 1, 2)], dtype=object),
    })
    write_table(frame, tmp_path / "o.xlsx", timezone=NY)
    ws = _sheet(tmp_path / "o.xlsx")
    assert _cell(ws, "A2") == (80, "n", "General") and ws["A3"].value is None
    assert _cell(ws, "B2") == (220, "n", "General") and ws["B3"].value is None
    assert ws["C2"].value == 0.15 and ws["C3"].value == 1e20
    assert _cell(ws, "D2") == (True, "b", "General") and ws["D3"].value is None
    assert ws["E2"].value is True and ws["E3"].value is False
    assert ws["F2"].value == dt.datetime(2026, 11, 22) and ws["F2"].number_format == "yyyy\\-mm\\-dd"
    # shown in the config's zone: 01:00 UTC is 21:00 the evening before in New York
    assert ws["G2"].value == dt.datetime(2026, 9, 11, 20, 0) and ws["G3"].value == dt.datetime(2026, 9, 11, 21, 0)
    assert ws["G2"].number_format == "yyyy\\-mm\\-dd\\ hh:mm"
    assert ws["H2"].value == dt.datetime(2026, 11, 20, 8, 0) and ws["H3"].value is None
    assert ws["I2"].value == dt.datetime(2026, 11, 20) and ws["I2"].number_format == "yyyy\\-mm\\-dd"
    assert ws["J2"].value == 12.5 and ws["J3"].value == dt.datetime(2026, 1, 2)


def test_text_cells_keep_their_exact_text_zeros_spaces_and_markup(tmp_path):
    frame = pd.DataFrame({"Zip": ["00123", " 02139 "], "Phone": ["+14155551234", "0049 30 1234567"],
                          "Notes": ["a < b & c > d", "two\nlines\r\nand a CR"], "Id": ["1e5", "0.50"]},
                         dtype="str")
    write_table(frame, tmp_path / "o.xlsx", cells={c: TEXT_ONLY for c in frame.columns})
    ws = _sheet(tmp_path / "o.xlsx")
    assert _cell(ws, "A2") == ("00123", "s", "@")
    assert ws["A3"].value == " 02139 "
    assert ws["B2"].value == "+14155551234" and ws["B3"].value == "0049 30 1234567"
    assert ws["C2"].value == "a < b & c > d" and ws["C3"].value == "two\nlines\r\nand a CR"
    assert _cell(ws, "D2") == ("1e5", "s", "@")  # a text column: a number-looking id stays text
    back = read_table(tmp_path / "o.xlsx").frame
    assert back.to_dict("list") == frame.to_dict("list")


def test_control_characters_are_escaped_as_excel_does_and_read_back(tmp_path):
    frame = pd.DataFrame({"Notes": ["bell\x07here", "_x0041_ literal", "tab\tok"]}, dtype="str")
    write_table(frame, tmp_path / "o.xlsx", cells={"Notes": TEXT_ONLY})
    sheet_xml = zipfile.ZipFile(tmp_path / "o.xlsx").read("xl/worksheets/sheet1.xml").decode()
    assert "bell_x0007_here" in sheet_xml and "_x005F_x0041_ literal" in sheet_xml
    assert read_table(tmp_path / "o.xlsx").frame["Notes"].tolist() == frame["Notes"].tolist()


def test_formulas_are_neutralised_and_phones_written_as_they_came(tmp_path):
    frame = pd.DataFrame({"Company": ['=HYPERLINK("http://x","y")', "@SUM(1)"], "Phone": ["+14155551234", "-5"]},
                         dtype="str")
    write_table(frame, tmp_path / "o.xlsx")
    ws = _sheet(tmp_path / "o.xlsx")
    assert _cell(ws, "A2") == ('\'=HYPERLINK("http://x","y")', "s", "@")
    assert ws["A3"].value == "'@SUM(1)"
    assert ws["B2"].value == "+14155551234" and ws["B3"].value == "-5"
    assert "<f>" not in zipfile.ZipFile(tmp_path / "o.xlsx").read("xl/worksheets/sheet1.xml").decode()


def test_field_kinds_turn_plain_numbers_and_iso_dates_into_cells_and_leave_the_rest_as_text(tmp_path):
    frame = pd.DataFrame({
        "No. of Employees": ["220", "1,000-5,000", "0042", "12345678901234567"],
        "Create Date": ["2026-09-11T08:23:00-04:00", "2026-10-29", "9/11/2026 8:23 AM", None],
    }, dtype="str")
    cells = {"No. of Employees": ColumnCells(frozenset({NUMBER})),
             "Create Date": ColumnCells(frozenset({DATE, DATETIME}), iso=True)}
    write_table(frame, tmp_path / "o.xlsx", cells=cells, timezone=NY)
    ws = _sheet(tmp_path / "o.xlsx")
    assert [c.value for c in ws["A"][1:]] == [220, "1,000-5,000", "0042", "12345678901234567"]
    assert [c.data_type for c in ws["A"][1:]] == ["n", "s", "s", "s"]  # no leading zero lost, no digit rounded
    assert [c.value for c in ws["B"][1:]] == [dt.datetime(2026, 9, 11, 8, 23), dt.datetime(2026, 10, 29),
                                              "9/11/2026 8:23 AM", None]
    assert ws["B3"].number_format == "yyyy\\-mm\\-dd"


def test_without_iso_only_forms_that_read_back_as_the_same_text_become_dates(tmp_path):
    frame = pd.DataFrame({"Create Date": ["2026-09-11T08:23:00-04:00", "2026-09-11 08:23:00"]}, dtype="str")
    write_table(frame, tmp_path / "o.xlsx", cells={"Create Date": ColumnCells(frozenset({DATETIME}))})
    ws = _sheet(tmp_path / "o.xlsx")
    assert ws["A2"].value == "2026-09-11T08:23:00-04:00" and ws["A3"].value == dt.datetime(2026, 9, 11, 8, 23)
    assert read_table(tmp_path / "o.xlsx").frame["Create Date"].tolist() == frame["Create Date"].tolist()


def _typed_workbook(path):
    """A hand-kept sheet as an analyst has it: typed cells, a zip column mixing numbers and text."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Leads"
    ws.append(["Lead ID", "First Name", "Last Name", "Email", "Phone", "Company", "Zip", "Country",
               "No. of Employees", "Annual Revenue", "Create Date", "Last Activity", "Opted Out", "Score",
               "Call Time", "Notes"])
    rows = [
        ["00Q1", "John", "Smith", "john@acme.com", 4155550134, "Acme", 2139, "USA", 220, 84000000,
         dt.datetime(2026, 9, 11, 8, 23), dt.datetime(2026, 10, 29), False, 0.15, dt.time(9, 30), "12345"],
        ["00Q2", "Mary", "Jones", "mary@beta.io", "(415) 555-0199", "Beta", "02139", "United States", 1500, 2.5,
         dt.datetime(2026, 9, 12, 14, 0, 30), dt.datetime(2026, 11, 2), True, 7, dt.time(14, 0), 42],
        ["00Q3", "Zoë", "Müller", "z@beispiel.de", None, "Beispiel GmbH", "80331", "Germany", None, None,
         None, "n/a", None, None, None, None],
    ]
    for row in rows:
        ws.append(row)
    wb.save(path)
    return rows


def _values_and_types(path):
    ws = openpyxl.load_workbook(path).active
    header = [c.value for c in ws[1]]
    out = {}
    for row in ws.iter_rows(min_row=2):
        for name, cell in zip(header, row):
            if name is None or name.startswith("revops_"):
                continue
            out.setdefault(name, []).append((cell.value, "d" if cell.is_date else cell.data_type))
    return out


def test_a_workbook_through_revops_comes_back_with_every_cells_value_and_type(tmp_path):
    source = tmp_path / "leads.xlsx"
    _typed_workbook(source)
    out = tmp_path / "scored.xlsx"
    done = invoke("leads", "score", source, "-o", out, "--as-of", "2026-11-20T08:00", "-q")
    assert done.exit_code == 0, done.stderr
    before, after = _values_and_types(source), _values_and_types(out)
    assert after == before
    ws = openpyxl.load_workbook(out).active
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == f"A1:{column_letters(ws.max_column - 1)}4"
    assert ws["K2"].number_format == "yyyy\\-mm\\-dd\\ hh:mm:ss"  # a sampled value has seconds


def test_a_cleaned_workbook_keeps_its_types_and_a_date_stays_a_date(tmp_path):
    source = tmp_path / "leads.xlsx"
    _typed_workbook(source)
    out = tmp_path / "clean.xlsx"
    done = invoke("leads", "clean", source, "-o", out, "-q")
    assert done.exit_code == 0, done.stderr
    after = _values_and_types(out)
    before = _values_and_types(source)
    for column in ("Lead ID", "Email", "No. of Employees", "Annual Revenue", "Create Date", "Last Activity",
                   "Opted Out", "Score", "Call Time", "Notes"):
        assert after[column] == before[column], column
    assert after["Zip"] == before["Zip"]  # 2139 stays the number it was, "02139" the text
    assert after["Phone"][0] == ("+14155550134", "s")  # cleaned to E.164: text now
    assert after["Country"] == [("US", "s"), ("US", "s"), ("DE", "s")]


def test_a_csv_cleaned_to_xlsx_gets_dates_and_numbers_where_the_fields_have_them(tmp_path):
    out = tmp_path / "clean.xlsx"
    done = invoke("leads", "clean", SAMPLE / "salesforce_leads.csv", "-o", out, "-q")
    assert done.exit_code == 0, done.stderr
    ws = openpyxl.load_workbook(out).active
    header = {c.value: c.column_letter for c in ws[1]}
    first = {name: ws[f"{letter}2"] for name, letter in header.items()}
    assert first["Create Date"].value == dt.datetime(2026, 9, 11, 8, 23)  # 9/11/2026 8:23 AM, New York
    assert first["Last Activity"].value == dt.datetime(2026, 10, 29)  # 10/29/2026: a date
    assert first["Last Activity"].number_format == "yyyy\\-mm\\-dd"
    assert first["No. of Employees"].value == 220 and first["Annual Revenue"].value == 84000000
    assert first["Lead ID"].value == "00Q5e00000PiROQEA3" and first["Zip/Postal Code"].number_format == "@"
    assert first["revops_email_valid"].value is True and first["revops_employees"].value == 220
    assert first["Email Opt Out"].value == "0"  # an input column with no number field stays the text it was
    assert ws.title == "clean"


def test_workbook_cell_kinds_are_read_per_column():
    assert column_cells(["a", None, "b"]) == TEXT_ONLY
    assert column_cells([1.0, None, 2.5]) == ColumnCells(frozenset({NUMBER}))
    mixed = column_cells([2139.0, "02139", "12345", "n/a", dt.date(2026, 1, 1), "2026-01-02"])
    assert mixed.kinds == {NUMBER, DATE} and mixed.keep_text == {"12345", "2026-01-02"}
    assert column_cells([True, False]).kinds == {"bool"}
    assert column_cells([dt.timedelta(hours=1)]) == TEXT_ONLY  # a duration is kept as its text


def test_xlsm_gets_the_macro_enabled_content_type(tmp_path):
    write_table(pd.DataFrame({"a": ["1"]}), tmp_path / "o.xlsm")
    types = zipfile.ZipFile(tmp_path / "o.xlsm").read("[Content_Types].xml").decode()
    assert "macroEnabled.main+xml" in types
    assert read_table(tmp_path / "o.xlsm").frame["a"].tolist() == ["1"]


def test_an_empty_frame_gives_a_header_row_with_its_filter(tmp_path):
    write_table(pd.DataFrame({"Lead ID": pd.Series([], dtype="str"), "revops_score": []}), tmp_path / "o.xlsx")
    ws = _sheet(tmp_path / "o.xlsx")
    assert [c.value for c in ws[1]] == ["Lead ID", "revops_score"] and ws.max_row == 1
    assert ws.auto_filter.ref == "A1:B1"


def test_a_cell_longer_than_excel_holds_is_an_error_that_names_it_and_writes_nothing(tmp_path):
    frame = pd.DataFrame({"Notes": ["short", "x" * 40_000]}, dtype="str")
    with pytest.raises(RevopsInputError, match=r"row 3 of column 'Notes' holds 40,000 characters.*\.csv"):
        write_table(frame, tmp_path / "o.xlsx")
    assert list(tmp_path.iterdir()) == []


def test_rows_are_written_in_batches_with_progress_and_read_back_in_order(tmp_path, monkeypatch):
    import revops_cli.io.xlsx as xlsx

    monkeypatch.setattr(xlsx, "BATCH_ROWS", 4)
    frame = pd.DataFrame({"n": range(10), "t": [f"row {i}" for i in range(10)]})
    seen = []
    write_table(frame, tmp_path / "o.xlsx", progress=lambda done, total: seen.append((done, total)))
    assert seen == [(4, 10), (8, 10), (10, 10)]
    back = read_table(tmp_path / "o.xlsx").frame
    assert back["n"].tolist() == [str(i) for i in range(10)] and back["t"].tolist() == frame["t"].tolist()


def test_column_letters():
    assert [column_letters(i) for i in (0, 25, 26, 51, 52, 701, 702, 16383)] == [
        "A", "Z", "AA", "AZ", "BA", "ZZ", "AAA", "XFD"]


def test_a_computed_column_is_dates_only_when_every_value_is_one_across_all_batches(tmp_path, monkeypatch):
    import revops_cli.io.xlsx as xlsx

    monkeypatch.setattr(xlsx, "BATCH_ROWS", 2)
    frame = pd.DataFrame({"revops_due": pd.Series(["2026-01-01", "2026-01-02", "soon"], dtype="str"),
                          "revops_next": pd.Series(["2026-01-01", None, "2026-01-03T09:30:00-05:00"], dtype="str")})
    write_table(frame, tmp_path / "o.xlsx", timezone=NY)
    ws = _sheet(tmp_path / "o.xlsx")
    assert [c.value for c in ws["A"][1:]] == ["2026-01-01", "2026-01-02", "soon"]  # one value is not a date
    assert [c.value for c in ws["B"][1:]] == [dt.datetime(2026, 1, 1), None, dt.datetime(2026, 1, 3, 9, 30)]


THIRD_PARTY = SAMPLE.parent / "tests" / "fixtures" / "third_party"


@pytest.mark.parametrize("name,typed", [
    ("mautic__fake_leads", set()), ("orocrm__lead_export", set()), ("odoo__customers_contacts_import", set()),
    ("fivetran_hubspot__contacts", {"d", "n"}), ("leadforge__lead_scoring_intro", set()),
    ("posit_marketing__salesforce_leads", {"d", "n"}), ("duckflow__contacts", {"d", "n"}),
])
def test_third_party_exports_scored_to_xlsx_read_back_cell_for_cell(tmp_path, name, typed):
    source = THIRD_PARTY / f"{name}.csv"
    out = tmp_path / "scored.xlsx"
    done = invoke("leads", "score", source, "-o", out, "--as-of", "2026-11-20T08:00", "-q")
    assert done.exit_code == 0, done.stderr
    original, back = read_table(source), read_table(out)
    width = len(original.info.headers)
    assert back.info.headers[:width] == original.info.headers
    assert back.frame.iloc[:, :width].fillna("\0").values.tolist() == original.frame.fillna("\0").values.tolist()
    ws = openpyxl.load_workbook(out).active
    kinds = {("d" if c.is_date else c.data_type) for row in ws.iter_rows(min_row=2, max_col=width) for c in row
             if c.value is not None}
    assert kinds == {"s"} | typed  # dates and numbers where the export's fields have them, text elsewhere


def test_a_sheet_bigger_than_zips_limit_is_written_with_zip64_and_reads_back(tmp_path, monkeypatch):
    monkeypatch.setattr(zipfile, "ZIP64_LIMIT", 20_000)  # stands for 2 GB: the sheet below is ~60 KB
    frame = pd.DataFrame({"n": range(2_000), "t": [f"row {i}" for i in range(2_000)]})
    write_table(frame, tmp_path / "big.xlsx")
    back = read_table(tmp_path / "big.xlsx").frame
    assert back["t"].tolist() == frame["t"].tolist() and back["n"].tolist() == [str(i) for i in range(2_000)]
    monkeypatch.undo()
    write_table(frame, tmp_path / "small.xlsx")  # under the limit: no zip64 extra fields, which Excel may query
    with zipfile.ZipFile(tmp_path / "small.xlsx") as book:
        assert all(info.extra == b"" for info in book.infolist())

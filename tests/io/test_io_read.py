"""Reading exports as they come: every format, encoding, delimiter, title and footer rows."""

from __future__ import annotations

import codecs
import io
import json

import openpyxl
import pandas as pd
import pytest

from revops_cli.errors import RevopsInputError
from revops_cli.io import read_table
from revops_cli.io.read import detect_encoding, detect_header_row, sniff_delimiter, unique_names
from tests.conftest import LEADS_CSV

EXPECTED_HEADERS = LEADS_CSV.splitlines()[0].split(",")


def _check_leads(table):
    frame = table.frame
    assert table.info.headers == EXPECTED_HEADERS
    assert len(frame) == 3
    assert frame["Zip/Postal Code"].tolist() == ["02139", "00501", "80331"]  # leading zeros kept
    assert frame["Company"].tolist() == ["Acme, Inc.", "ACME CORPORATION", "Beispiel GmbH"]
    assert frame["First Name"].tolist()[2] == "Zoë"
    assert frame["Phone"].tolist()[1] == "n/a"  # not turned into a missing value
    assert pd.isna(frame["State/Province"].iloc[1])  # truly empty cell is missing


def test_utf8_csv(leads_csv):
    table = read_table(leads_csv)
    _check_leads(table)
    assert (table.info.format, table.info.encoding, table.info.delimiter) == ("csv", "utf-8", ",")


@pytest.mark.parametrize(
    "encoding,expected",
    [("utf-8-sig", "utf-8-sig"), ("utf-16", "utf-16"), ("utf-16-le", "utf-16-le"), ("utf-16-be", "utf-16-be"),
     ("cp1252", "cp1252")],
)
def test_encodings(tmp_path, encoding, expected):
    path = tmp_path / "leads.csv"
    path.write_bytes(LEADS_CSV.encode(encoding))
    table = read_table(path)
    _check_leads(table)
    assert table.info.encoding == expected


def test_cp1252_euro_and_smart_quotes(tmp_path):
    text = "Name;Revenue;Note\nJosé;€2,5 Mio;“quoted” – dash\n"
    path = tmp_path / "hubspot.csv"
    path.write_bytes(text.encode("cp1252"))
    table = read_table(path)
    assert table.info.encoding == "cp1252"
    assert table.info.delimiter == ";"
    assert table.frame.iloc[0].tolist() == ["José", "€2,5 Mio", "“quoted” – dash"]


def test_utf8_file_with_a_stray_cp1252_byte_late_in_the_file_falls_back(tmp_path):
    body = "".join(f"{i},Name {i}\n" for i in range(20000))
    path = tmp_path / "late.csv"
    path.write_bytes(("id,name\n" + body).encode() + "99999,Ren\xe9\n".encode("cp1252"))
    table = read_table(path)
    assert table.info.encoding == "cp1252"
    assert table.frame["name"].iloc[-1] == "René"
    assert len(table.frame) == 20001


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiter_sniffing(tmp_path, delimiter):
    text = LEADS_CSV.replace('"Acme, Inc."', "Acme Inc").replace(",", delimiter)
    path = tmp_path / "leads.txt"
    path.write_text(text, encoding="utf-8")
    table = read_table(path)
    assert table.info.delimiter == delimiter
    assert table.frame["Company"].iloc[0] == "Acme Inc"
    assert len(table.frame.columns) == 9


def test_tsv_extension_forces_tab(tmp_path):
    path = tmp_path / "leads.tsv"
    path.write_text("a\tb,c\n1\t2,3\n", encoding="utf-8")
    table = read_table(path)
    assert table.info.headers == ["a", "b,c"]


def test_salesforce_report_title_and_footer_rows(tmp_path):
    text = (
        '"Lead Report"\n"Leads by Owner"\n"As of 11/20/2026 08:00 AM"\n\n'
        + LEADS_CSV
        + '\n"Grand Totals (3 records)"\n\n"Confidential Information - Do Not Distribute"\n'
        '"Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved."\n'
    )
    path = tmp_path / "report.csv"
    path.write_text(text, encoding="utf-8")
    table = read_table(path)
    _check_leads(table)
    assert table.info.header_row == 5
    assert table.info.title_rows == 4
    assert table.info.footer_rows == [
        "Grand Totals (3 records)",
        "Confidential Information - Do Not Distribute",
        "Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved.",
    ]


def test_a_last_lead_named_total_is_not_a_footer(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("Company,Email\nTotal Wine,a@totalwine.com\n", encoding="utf-8")
    assert len(read_table(path).frame) == 1


def test_duplicate_and_blank_headers_are_kept_for_output(tmp_path):
    path = tmp_path / "dup.csv"
    path.write_text("Email,Email,,Phone\na@x.com,b@x.com,z,1\n", encoding="utf-8")
    table = read_table(path)
    assert table.info.headers == ["Email", "Email", "", "Phone"]
    assert list(table.frame.columns) == ["Email", "Email (2)", "column_3", "Phone"]
    assert table.frame.iloc[0].tolist() == ["a@x.com", "b@x.com", "z", "1"]


def test_short_rows_are_padded_not_dropped(tmp_path):
    path = tmp_path / "short.csv"
    path.write_text("a,b,c\n1,2,3\n4,5\n6\n", encoding="utf-8")
    frame = read_table(path).frame
    assert len(frame) == 3
    assert frame["a"].tolist() == ["4", "6"][:0] + ["1", "4", "6"]
    assert frame["c"].isna().tolist() == [False, True, True]


def test_ragged_long_row_is_a_clear_error_naming_the_line(tmp_path):
    path = tmp_path / "ragged.csv"
    path.write_text("Company,Email\nAcme, Inc,a@acme.com\nBeta,b@beta.com\n", encoding="utf-8")
    with pytest.raises(RevopsInputError) as err:
        read_table(path)
    assert "line 2 has 3 fields" in str(err.value)
    assert "ragged.csv" in str(err.value)


def test_quoted_newlines_inside_cells(tmp_path):
    path = tmp_path / "notes.csv"
    path.write_text('id,notes\n1,"line one\nline two"\n2,plain\n', encoding="utf-8")
    frame = read_table(path).frame
    assert frame["notes"].tolist() == ["line one\nline two", "plain"]


def _xlsx(path, sheets):
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


def test_xlsx_first_sheet_with_data_and_title_rows(tmp_path):
    path = _xlsx(tmp_path / "c.xlsx", {
        "Cover": [["Campaign export"]],
        "Campaigns": [["Campaign report"], [], ["Campaign ID", "Budget", "Zip", "Start"],
                      ["701A", 5000, "00123", pd.Timestamp("2026-03-04").to_pydatetime()],
                      ["701B", 2500.5, "02139", None]],
    })
    table = read_table(path)
    assert table.info.sheet == "Campaigns"
    assert table.info.sheets == ["Cover", "Campaigns"]
    assert table.info.header_row == 3
    assert table.frame.fillna("<blank>").to_dict("list") == {
        "Campaign ID": ["701A", "701B"], "Budget": ["5000", "2500.5"], "Zip": ["00123", "02139"],
        "Start": ["2026-03-04", "<blank>"],
    }


@pytest.mark.parametrize("sheet,expected", [("Second", "b"), ("second", "b"), ("2", "b"), ("1", "a")])
def test_xlsx_sheet_option(tmp_path, sheet, expected):
    path = _xlsx(tmp_path / "two.xlsx", {"First": [["k", "v"], ["x", "a"]], "Second": [["k", "v"], ["x", "b"]]})
    assert read_table(path, sheet=sheet).frame["v"].tolist() == [expected]


def test_xlsx_unknown_sheet_lists_the_sheets(tmp_path):
    path = _xlsx(tmp_path / "two.xlsx", {"First": [["k", "v"], ["x", "a"]]})
    with pytest.raises(RevopsInputError, match=r"no sheet 'Nope'. Sheets: 'First'"):
        read_table(path, sheet="Nope")


def test_xls_workbook(tmp_path):
    xlwt = pytest.importorskip("xlwt")
    workbook = xlwt.Workbook()
    sheet = workbook.add_sheet("Leads")
    for col, value in enumerate(["Lead ID", "Zip", "Employees"]):
        sheet.write(0, col, value)
    for col, value in enumerate(["00Q1", "00123", 250.0]):
        sheet.write(1, col, value)
    path = tmp_path / "old.xls"
    workbook.save(str(path))
    table = read_table(path)
    assert table.info.format == "xls"
    assert table.frame.iloc[0].tolist() == ["00Q1", "00123", "250"]


def test_xlsm_extension(tmp_path):
    path = _xlsx(tmp_path / "macro.xlsx", {"S": [["a", "b"], ["1", "2"]]})
    renamed = path.with_suffix(".xlsm")
    path.rename(renamed)
    assert read_table(renamed).frame["a"].tolist() == ["1"]


def test_json_list_of_records(tmp_path):
    path = tmp_path / "leads.json"
    path.write_text(json.dumps([{"Email": "a@x.com", "Zip": "00123", "Score": 85, "Tags": ["a"]},
                                {"Email": "b@x.com", "Extra": True}]), encoding="utf-8")
    table = read_table(path)
    assert table.info.headers == ["Email", "Zip", "Score", "Tags", "Extra"]
    assert table.frame.iloc[0].tolist()[:4] == ["a@x.com", "00123", "85", '["a"]']
    assert table.frame["Extra"].tolist()[1] == "true"


def test_json_wrapped_records(tmp_path):
    path = tmp_path / "leads.json"
    path.write_text(json.dumps({"total": 1, "results": [{"email": "a@x.com"}]}), encoding="utf-8")
    assert read_table(path).frame["email"].tolist() == ["a@x.com"]


def test_jsonl(tmp_path):
    path = tmp_path / "leads.jsonl"
    path.write_text('{"email": "a@x.com"}\n\n{"email": "b@x.com", "zip": "00501"}\n', encoding="utf-8")
    frame = read_table(path).frame
    assert frame["email"].tolist() == ["a@x.com", "b@x.com"]
    assert frame["zip"].tolist()[1] == "00501"


def test_invalid_json_names_line(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('[{"a": 1},\n{"a": }]', encoding="utf-8")
    with pytest.raises(RevopsInputError, match=r"bad.json: invalid JSON at line 2"):
        read_table(path)


def test_parquet_typed_columns_become_text(tmp_path):
    path = tmp_path / "leads.parquet"
    pd.DataFrame({"id": [1, 2], "score": [85.0, None], "ratio": [0.5, 1.25], "zip": ["00123", None],
                  "ok": [True, False]}).to_parquet(path)
    frame = read_table(path).frame
    assert frame["id"].tolist() == ["1", "2"]
    assert frame["score"].tolist()[0] == "85" and pd.isna(frame["score"].iloc[1])
    assert frame["ratio"].tolist() == ["0.5", "1.25"]
    assert frame["zip"].tolist()[0] == "00123"
    assert frame["ok"].tolist() == ["TRUE", "FALSE"]


def test_stdin_csv():
    table = read_table("-", stdin=io.BytesIO(LEADS_CSV.encode("utf-8")))
    _check_leads(table)
    assert table.info.source == "-"


def test_stdin_xlsx_by_magic(tmp_path):
    path = _xlsx(tmp_path / "s.xlsx", {"S": [["a", "b"], ["1", "2"]]})
    assert read_table("-", stdin=io.BytesIO(path.read_bytes())).info.format == "xlsx"


def test_every_column_is_text_dtype(leads_csv):
    frame = read_table(leads_csv).frame
    assert all(str(dtype) == "str" for dtype in frame.dtypes)


@pytest.mark.parametrize(
    "setup,message",
    [
        (lambda p: None, "no such file"),
        (lambda p: p.mkdir(), "is a folder"),
        (lambda p: p.write_bytes(b""), "the file is empty"),
        (lambda p: p.write_bytes(b"  \n\n"), "the file is empty"),
        (lambda p: p.write_bytes(bytes(range(256)) * 50), "looks like a binary file"),
    ],
)
def test_bad_inputs_are_clear_errors(tmp_path, setup, message):
    path = tmp_path / "input.csv"
    setup(path)
    with pytest.raises(RevopsInputError) as err:
        read_table(path)
    assert message in str(err.value)
    assert "input.csv" in str(err.value)


def test_csv_renamed_as_xlsx_is_a_clear_error(tmp_path):
    path = tmp_path / "leads.xlsx"
    path.write_text(LEADS_CSV, encoding="utf-8")
    with pytest.raises(RevopsInputError, match="rename it to .csv"):
        read_table(path)


def test_damaged_workbook_is_a_clear_error(tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x00garbage" * 100)
    with pytest.raises(RevopsInputError, match="broken.xlsx: cannot open the workbook"):
        read_table(path)


def test_xlsx_named_csv_is_read_as_workbook(tmp_path):
    path = _xlsx(tmp_path / "s.xlsx", {"S": [["a", "b"], ["1", "2"]]})
    renamed = path.with_suffix(".csv")
    path.rename(renamed)
    assert read_table(renamed).info.format == "xlsx"


def test_sheet_on_a_csv_is_an_error(leads_csv):
    with pytest.raises(RevopsInputError, match="--sheet only applies to Excel"):
        read_table(leads_csv, sheet="1")


def test_detectors_directly():
    assert detect_encoding(codecs.BOM_UTF8 + b"a,b") == "utf-8-sig"
    assert detect_encoding("é".encode("latin-1")) == "cp1252"
    assert sniff_delimiter("a;b;c\n1;2;3\n") == ";"
    assert sniff_delimiter("single\ncolumn\n") == ","
    assert detect_header_row([["Report"], [], ["a", "b", "c"], ["1", "2", "3"]]) == 2
    assert unique_names(["a", "a", "", "a"]) == ["a", "a (2)", "column_3", "a (3)"]

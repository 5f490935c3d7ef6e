"""What a file is, said plainly: NUL bytes inside a real Salesforce export are dropped and counted
(issue 17, item 10); only really binary files are refused; Word, PDF, Numbers, Pages, Keynote and ZIP
files are named with what to do (issue 19); a CSV with headers and no rows says "no data rows in
FILE" and never claims a target was met or missed (issue 19)."""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

import pytest

from revops_cli.io import read_table
from revops_cli.io.read import SNIFF_BYTES
from tests.conftest import invoke, read

# A Salesforce opportunity export (every field quoted, CRLF) whose rich-text Description carries 48 NULs,
# as the one that was refused as binary did.
SF_HEADER = ('"Opportunity ID","Opportunity Name","Account Name","Stage","Amount","Close Date",'
             '"Opportunity Owner","Description"\r\n')


def salesforce_export(rows: int = 12, nul_row: int = 4) -> bytes:
    lines = [SF_HEADER]
    for i in range(rows):
        description = "Standard renewal."
        if i == nul_row:
            description = "<p>Renewal terms attached" + "\x00" * 48 + "</p><p>See the signed order form.</p>"
        lines.append(f'"0065e00000A{i:04d}","Renewal {i}","Account {i}","Negotiation","{1000 * (i + 1)}",'
                     f'"2026-12-{i + 1:02d}","Ana Reyes","{description}"\r\n')
    return "".join(lines).encode("utf-8")


def test_nuls_inside_a_quoted_rich_text_field_are_dropped_and_counted(tmp_path):
    path = tmp_path / "opportunities.csv"
    data = salesforce_export()
    path.write_bytes(data)
    table = read_table(path)
    assert len(table.frame) == 12
    assert table.info.nul_bytes_dropped == 48
    assert table.frame["Description"].iloc[4] == "<p>Renewal terms attached</p><p>See the signed order form.</p>"
    assert table.frame["Amount"].tolist() == [str(1000 * (i + 1)) for i in range(12)]  # the row did not shift
    assert path.read_bytes() == data


def test_inspect_and_deals_audit_read_the_salesforce_export_with_nuls(tmp_path):
    path = tmp_path / "opportunities.csv"
    path.write_bytes(salesforce_export())
    shown = invoke("inspect", path, "--json")
    assert shown.exit_code == 0, shown.stderr
    summary = json.loads(shown.stdout)
    assert summary["read"]["nul_bytes_dropped"] == 48 and summary["read"]["rows"] == 12
    assert summary["read_notes"] == [f"{path}: dropped 48 NUL bytes inside the text (left by the exporting system; "
                                     "they are invisible in a spreadsheet)."]
    audit = invoke("deals", "audit", path, "--as-of", "2026-11-20", "--json")
    assert audit.exit_code == 0, audit.stderr
    assert "binary" not in audit.stderr


def test_nuls_after_the_first_256_kb_are_dropped_on_the_fast_path_too(tmp_path):
    path = tmp_path / "big.csv"
    filler = "".join(f'"{i}","Plain","x@y.com"\n' for i in range(SNIFF_BYTES // 20))
    path.write_bytes(('"Id","Name","Email"\n' + filler + '"last","Rich\x00\x00 text","z@y.com"\n').encode())
    table = read_table(path)
    assert table.info.nul_bytes_dropped == 2
    assert table.frame.iloc[-1].tolist() == ["last", "Rich text", "z@y.com"]


@pytest.mark.parametrize("content, why", [
    (bytes(range(256)) * 40, "control characters"),
    (b"\x00" * 2000 + b"Email\na@b.com\n", "many NUL bytes"),
])
def test_a_really_binary_file_is_still_refused(tmp_path, content, why):
    path = tmp_path / "export.csv"
    path.write_bytes(content)
    result = invoke("inspect", path)
    assert result.exit_code == 2
    assert result.stderr.strip() == (f"Error: {path}: looks like a binary file, not a table ({why}). Give a CSV/TSV, "
                                     "Excel, JSON or Parquet export (an Excel file needs its .xlsx/.xls name).")


# --------------------------------------------------------------------------- documents that are not tables


def _zip(path: Path, members: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return path


DOCUMENTS = {
    "proposal.docx": ({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"},
                      "is a Word document, not a table revops can read. If it holds a table, copy the table into "
                      "Excel and save it as .xlsx or .csv; better, export the data from the CRM as CSV."),
    "pipeline.numbers": ({"Index/Document.iwa": "x", "Metadata/Properties.plist": "x"},
                         "is an Apple Numbers spreadsheet, not a table revops can read. In Numbers: File → Export "
                         "To → CSV or Excel, then run revops on the exported file."),
    "notes.pages": ({"Index/Document.iwa": "x"},
                    "is an Apple Pages document, not a table revops can read. Copy the table into Numbers or "
                    "Excel, then export it as CSV or Excel (Numbers: File → Export To → CSV)."),
    "qbr.key": ({"Index/Document.iwa": "x"},
                "is an Apple Keynote presentation, not a table revops can read. Copy the table into Numbers or "
                "Excel, then export it as CSV or Excel (Numbers: File → Export To → CSV)."),
    "deck.pptx": ({"ppt/presentation.xml": "<p/>"},
                  "is a PowerPoint presentation, not a table revops can read. Copy the table into Excel and save "
                  "it as .xlsx or .csv."),
    "export.zip": ({"Lead.csv": "Email\na@b.com\n", "Contact.csv": "Email\nc@d.com\n"},
                   "is a ZIP archive holding Lead.csv, Contact.csv, not a table. Unzip it and run revops on the "
                   "export inside (CRM data exports often arrive zipped)."),
}


@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_documents_and_archives_say_what_they_are_and_what_to_do(tmp_path, name):
    members, message = DOCUMENTS[name]
    path = _zip(tmp_path / name, members)
    before = path.read_bytes()
    result = invoke("leads", "clean", path, "-o", "out.csv")
    assert result.exit_code == 2
    assert result.stderr.strip() == f"Error: {path}: {message}"
    assert path.read_bytes() == before and not (tmp_path / "out.csv").exists()


def test_a_word_document_renamed_xlsx_is_still_called_a_word_document(tmp_path):
    path = _zip(tmp_path / "leads.xlsx", DOCUMENTS["proposal.docx"][0])
    result = invoke("inspect", path)
    assert result.exit_code == 2 and "is a Word document" in result.stderr
    assert "password-protected" not in result.stderr


def test_a_pdf_says_export_a_csv_instead(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    result = invoke("inspect", path)
    assert result.exit_code == 2
    assert result.stderr.strip() == (f"Error: {path}: is a PDF document, not a table revops can read. Export the "
                                     "report from the CRM as CSV or Excel instead (a table in a PDF can be copied "
                                     "into Excel and saved as .xlsx).")


def test_an_old_numbers_package_folder_is_named_too(tmp_path):
    package = tmp_path / "pipeline.numbers"
    (package / "Index").mkdir(parents=True)
    result = invoke("inspect", package)
    assert result.exit_code == 2 and "is an Apple Numbers spreadsheet" in result.stderr
    assert "File → Export To → CSV or Excel" in result.stderr


# --------------------------------------------------------------------------- headers and no rows


HEADERS_ONLY = "First Name,Last Name,Email,Company,Phone\r\n"


@pytest.fixture
def empty(tmp_path: Path) -> Path:
    path = tmp_path / "empty.csv"
    path.write_text(HEADERS_ONLY, encoding="utf-8", newline="")
    return path


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("command", [["leads", "clean"], ["leads", "dedupe"]])
def test_no_data_rows_writes_an_empty_output_with_the_headers_and_says_so(tmp_path, empty, command):
    result = invoke(*command, empty, "-o", "out.csv")
    assert result.exit_code == 0, result.stderr
    assert _flat(result.stdout) == (f"no data rows in {empty}: it has a header row (5 columns) and nothing under "
                                    "it; out.csv gets the header row and no data rows.")
    out = read(tmp_path / "out.csv")
    assert len(out) == 0
    assert list(out.columns[:5]) == ["First Name", "Last Name", "Email", "Company", "Phone"]
    assert empty.read_bytes() == HEADERS_ONLY.encode()


def test_no_data_rows_in_json_is_flagged_and_claims_no_target(tmp_path, empty):
    result = invoke("leads", "dedupe", empty, "-o", "out.csv", "--json")
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["no_data_rows"] is True
    assert summary["read_notes"][0].startswith(f"no data rows in {empty}")


def test_data_audit_of_no_rows_says_no_data_rows_never_met_or_missed(empty):
    result = invoke("data", "audit", empty, "--as-of", "2026-11-20")
    assert result.exit_code == 0, result.stderr
    assert _flat(result.stdout) == (f"no data rows in {empty}: it has a header row (5 columns) and nothing under "
                                    "it; nothing to measure, so no figure and no target is reported.")
    as_json = json.loads(invoke("data", "audit", empty, "--as-of", "2026-11-20", "--json").stdout)
    assert as_json["no_data_rows"] is True and as_json["read"]["rows"] == 0
    assert "met" not in json.dumps(as_json).replace("measure", "")


def test_an_audit_with_strict_and_no_rows_still_exits_0(tmp_path):
    path = tmp_path / "deals.csv"
    path.write_text("Opportunity Name,Stage,Amount,Close Date,Opportunity Owner\n", encoding="utf-8")
    result = invoke("deals", "audit", path, "--strict")
    assert result.exit_code == 0, result.stderr
    assert "no data rows in" in _flat(result.stdout) and "past due" not in result.stdout


def test_an_empty_file_and_a_headers_only_file_differ(tmp_path):
    blank = tmp_path / "blank.csv"
    blank.write_bytes(b"")
    assert invoke("leads", "clean", blank, "-o", "out.csv").exit_code == 2  # nothing at all: export again
    assert not os.path.exists(tmp_path / "out.csv")

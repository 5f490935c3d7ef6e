"""`revops data forget` / `revops data export` through the CLI: no trace left, nothing else touched."""

from __future__ import annotations

import hashlib
import hmac
import json
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from revops_cli.io import read_table
from tests.conftest import SAMPLE, assert_input_error, invoke

PERSON = "griselda.featherstone@acme.com"
LEADS_CSV = (
    "Lead ID,First Name,Last Name,Title,Email,Phone,Mobile,Street,City,Zip/Postal Code,Company,Lead Status\n"
    "L1,Bob,Stone,CFO,bob@beta.io,+1 212 555 0199,,1 Main St,New York,10001,Beta,Open\n"
    "L2,Griselda,Featherstone,VP Ops,Griselda.Featherstone@Acme.com,+1 415 555 0101,(415) 555-0102,"
    "12 Elm St,Springfield,02139,Acme,Working\n"
    "L3,Carla,Diaz,,carla@gamma.com,,,\"9 Oak Rd\nUnit 4\",Austin,00501,Gamma,Open\n"
    "L4,Dan,Okafor,CTO,dan.okafor@gmail.com,,,,,,Delta,Qualified\n"
)
# Griselda's activities: by Lead ID only, and by an email spelt differently (case, spaces).
ACTIVITIES_CSV = (
    "Activity ID,Lead ID,Email,Activity Type,Subject,Activity Date\n"
    "A1,L2,,Call,Intro call,2026-11-02 09:00\n"
    "A2,L1,,Call,Follow-up,2026-11-02 10:00\n"
    "A3,,  GRISELDA.FEATHERSTONE@ACME.COM ,Email,Pricing for Griselda Featherstone,2026-11-03 11:00\n"
    "A4,L3,,Meeting,Demo,2026-11-04 15:00\n"
    "A5,L2,,Email,Case study,2026-11-05 08:00\n"
    "A6,,danokafor@googlemail.com,Email,Hi,2026-11-06 08:00\n"
)


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    leads, acts = tmp_path / "leads.csv", tmp_path / "activities.csv"
    leads.write_text(LEADS_CSV, encoding="utf-8")
    acts.write_text(ACTIVITIES_CSV, encoding="utf-8")
    return leads, acts


def frame(path: Path) -> pd.DataFrame:
    return read_table(path).frame


def file_bytes(path: Path) -> bytes:
    """The bytes of a file, plus, for a workbook, every decompressed part of it, and for Parquet its
    decoded values (both compress their text, so the raw bytes alone would prove nothing)."""
    raw = path.read_bytes()
    if raw.startswith(b"PK"):
        with zipfile.ZipFile(path) as book:
            raw += b"".join(book.read(name) for name in book.namelist())
    if raw.startswith(b"PAR1"):
        raw += pd.read_parquet(path).to_csv(index=False).encode()
    return raw


def assert_no_trace(result, *paths: Path, words=(PERSON, "Griselda", "Featherstone")) -> None:
    """No byte of any output, the receipt, stdout or stderr names the person (any case)."""
    blobs = [file_bytes(p) for p in paths] + [result.stdout.encode(), result.stderr.encode()]
    for blob in blobs:
        lowered = blob.lower()
        for word in words:
            assert word.lower().encode() not in lowered, word


def test_forget_leaves_no_trace_of_the_person_and_keeps_every_other_row(files):
    leads, acts = files
    result = invoke("data", "forget", leads, "--email", PERSON, "-o", "out.csv",
                    "--also", f"{acts}=acts_out.csv")
    assert result.exit_code == 0, result.stderr
    assert_no_trace(result, Path("out.csv"), Path("acts_out.csv"), Path("out.csv.receipt.json"))
    pd.testing.assert_frame_equal(frame(Path("out.csv")), frame(leads).drop(index=[1]).reset_index(drop=True))
    pd.testing.assert_frame_equal(frame(Path("acts_out.csv")),
                                  frame(acts).drop(index=[0, 2, 4]).reset_index(drop=True))
    # same headers, spelling and order; the multi-line street and the leading-zero ZIP survive
    assert Path("out.csv").read_text().splitlines()[0] == LEADS_CSV.splitlines()[0]
    assert '"9 Oak Rd\nUnit 4"' in Path("out.csv").read_text() and ",00501," in Path("out.csv").read_text()
    assert "removed" in result.stdout and "Deletion receipt" in result.stdout


@pytest.mark.parametrize("ext", [".xlsx", ".parquet"])
def test_forget_leaves_no_trace_in_xlsx_and_parquet(files, ext):
    leads_csv, acts_csv = files
    leads, acts = Path("leads" + ext), Path("acts" + ext)
    for source, dest in ((leads_csv, leads), (acts_csv, acts)):
        data = frame(source)
        data.to_excel(dest, index=False) if ext == ".xlsx" else data.to_parquet(dest, index=False)
    result = invoke("data", "forget", leads, "-e", "GRISELDA.featherstone@acme.com", "-o", "out" + ext,
                    "--also", f"{acts}=acts_out{ext}")
    assert result.exit_code == 0, result.stderr
    assert_no_trace(result, Path("out" + ext), Path("acts_out" + ext), Path(f"out{ext}.receipt.json"))
    pd.testing.assert_frame_equal(frame(Path("out" + ext)), frame(leads).drop(index=[1]).reset_index(drop=True))
    assert frame(Path("acts_out" + ext))["Activity ID"].tolist() == ["A2", "A4", "A6"]
    assert b"featherstone" in file_bytes(leads).lower()  # the check above can see a name in this format


def test_the_receipt_records_what_was_done_with_hashes_and_no_personal_data(files):
    leads, acts = files
    result = invoke("data", "forget", leads, "--email", PERSON, "--email", "nobody@example.org", "-o", "out.csv",
                    "--also", f"{acts}=acts_out.csv", "--receipt", "proof.json")
    assert result.exit_code == 0, result.stderr
    receipt = json.loads(Path("proof.json").read_text())
    assert not Path("out.csv.receipt.json").exists()
    assert receipt["mode"] == "remove" and receipt["revops_version"]
    assert receipt["created_at"].endswith("Z")
    assert receipt["requests"]["emails"] == 2
    assert receipt["requests"]["matched"] == 1 and receipt["requests"]["unmatched"] == 1
    main, also = receipt["files"]
    assert (main["rows_in"], main["rows_removed"], main["rows_out"]) == (4, 1, 3)
    assert main["matched_by"] == {"Email": 1} and main["output"] == "out.csv"
    assert (also["rows_in"], also["rows_removed"], also["rows_out"]) == (6, 3, 3)
    assert also["matched_by"] == {"Lead ID": 2, "Email": 1}
    salt = receipt["requests"]["salt"]
    mine = hmac.new(bytes.fromhex(salt), PERSON.encode(), hashlib.sha256).hexdigest()
    assert mine in receipt["requests"]["email_hashes"]
    assert "nobody" not in Path("proof.json").read_text()
    assert "1 matched nothing" in result.stdout


def test_a_secret_key_makes_the_receipt_checkable_only_by_its_holder(files, monkeypatch):
    leads, _ = files
    monkeypatch.setenv("REVOPS_RECEIPT_KEY", "controller-secret")
    result = invoke("data", "forget", leads, "--email", PERSON, "-o", "out.csv", "--receipt", "proof.json")
    assert result.exit_code == 0, result.stderr
    text = Path("proof.json").read_text()
    receipt = json.loads(text)["requests"]
    salt = bytes.fromhex(receipt["salt"])
    assert receipt["keyed_with_secret"] is True and "controller-secret" not in text
    guessed = hmac.new(salt, PERSON.encode(), hashlib.sha256).hexdigest()
    assert guessed not in receipt["email_hashes"]  # the salt alone no longer confirms a guess
    held = hmac.new(salt + b"controller-secret", PERSON.encode(), hashlib.sha256).hexdigest()
    assert receipt["email_hashes"] == [held]


def test_anonymise_keeps_the_rows_for_reporting_and_leaves_no_trace(files):
    leads, acts = files
    result = invoke("data", "forget", leads, "--email", PERSON, "--mode", "anonymise", "-o", "out.csv",
                    "--also", f"{acts}=acts_out.csv")
    assert result.exit_code == 0, result.stderr
    assert_no_trace(result, Path("out.csv"), Path("acts_out.csv"), Path("out.csv.receipt.json"))
    out = frame(Path("out.csv"))
    assert len(out) == 4
    row = out.iloc[1]
    for column in ("First Name", "Last Name", "Title", "Email", "Phone", "Mobile", "Street", "City",
                   "Zip/Postal Code"):
        assert row[column] == "[forgotten]", column
    assert (row["Lead ID"], row["Company"], row["Lead Status"]) == ("L2", "Acme", "Working")
    pd.testing.assert_frame_equal(out.drop(index=[1]), frame(leads).drop(index=[1]))
    activities = frame(Path("acts_out.csv"))
    assert activities["Subject"].tolist() == ["Intro call", "Follow-up", "[forgotten]", "Demo", "Case study", "Hi"]
    assert activities["Email"].iloc[2] == "[forgotten]"
    receipt = json.loads(Path("out.csv.receipt.json").read_text())
    assert receipt["files"][0]["rows_anonymised"] == 1 and receipt["files"][0]["rows_out"] == 4
    assert receipt["files"][1]["columns_replaced"] == ["Email", "Subject"]


def test_a_person_found_in_activities_only_by_lead_id(files):
    leads, _ = files
    acts = Path("ids_only.csv")
    acts.write_text("Who ID,Activity Type,Activity Date\nL2,Call,2026-11-02\nL1,Call,2026-11-02\nL2,Email,2026-11-03\n")
    result = invoke("data", "forget", leads, "--email", PERSON, "-o", "out.csv", "--also", f"{acts}=acts_out.csv",
                    "--json")
    assert result.exit_code == 0, result.stderr
    assert frame(Path("acts_out.csv"))["Who ID"].tolist() == ["L1"]
    summary = json.loads(result.stdout)
    assert summary["files"][1]["matched_by"] == {"Who ID": 2}
    assert summary["dry_run"] is False


def test_two_people_in_one_request_and_gmail_spellings(files):
    leads, acts = files
    result = invoke("data", "forget", leads, "--email", PERSON, "--email", "Dan.Okafor+crm@gmail.com",
                    "-o", "out.csv", "--also", f"{acts}=acts_out.csv")
    assert result.exit_code == 0, result.stderr
    assert frame(Path("out.csv"))["Lead ID"].tolist() == ["L1", "L3"]
    assert frame(Path("acts_out.csv"))["Activity ID"].tolist() == ["A2", "A4"]
    assert_no_trace(result, Path("out.csv"), Path("acts_out.csv"), Path("out.csv.receipt.json"),
                    words=("griselda", "featherstone", "okafor"))
    receipt = json.loads(Path("out.csv.receipt.json").read_text())
    assert receipt["requests"]["emails"] == 2 and receipt["requests"]["unmatched"] == 0


def test_emails_file_with_comments_and_blank_lines(files):
    leads, _ = files
    Path("requests.txt").write_text("# week 48 erasure requests\n\n  GRISELDA.Featherstone@acme.com \n"
                                    "# handled by legal\nnobody@example.org\n")
    result = invoke("data", "forget", leads, "--emails-file", "requests.txt", "-o", "out.csv", "--json")
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["requests"]["emails"] == 2 and summary["requests"]["unmatched"] == 1
    assert summary["totals"]["rows_removed"] == 1


def test_emails_file_may_be_a_csv_with_an_email_column(files):
    leads, _ = files
    Path("requests.csv").write_text("Ticket,Email Address\nT-1,dan.okafor@gmail.com\nT-2,\n")
    result = invoke("data", "forget", leads, "--emails-file", "requests.csv", "-o", "out.csv")
    assert result.exit_code == 0, result.stderr
    assert frame(Path("out.csv"))["Lead ID"].tolist() == ["L1", "L2", "L3"]


def test_an_invalid_email_is_an_input_error_and_nothing_is_written(files):
    leads, acts = files
    result = invoke("data", "forget", leads, "--email", PERSON, "--email", "jane.doe@", "-o", "out.csv",
                    "--also", f"{acts}=acts_out.csv")
    assert_input_error(result, "'jane.doe@' is not a valid email address", "nothing was written")
    assert PERSON not in result.stderr
    assert not Path("out.csv").exists() and not Path("acts_out.csv").exists()
    assert not Path("out.csv.receipt.json").exists()


def test_an_invalid_line_of_the_emails_file_is_named(files):
    leads, _ = files
    Path("requests.txt").write_text("bob@beta.io\njohn@acme,com\n")
    result = invoke("data", "forget", leads, "--emails-file", "requests.txt", "-o", "out.csv")
    assert_input_error(result, "requests.txt line 2: 'john@acme,com'")
    assert not Path("out.csv").exists()


def test_no_email_at_all_is_an_input_error(files):
    leads, _ = files
    assert_input_error(invoke("data", "forget", leads, "-o", "out.csv"), "No email given", "--email")
    Path("empty.txt").write_text("# nothing yet\n\n")
    assert_input_error(invoke("data", "forget", leads, "--emails-file", "empty.txt", "-o", "out.csv"),
                       "No email given")
    assert not Path("out.csv").exists()


def test_writing_over_an_input_is_refused(files):
    leads, acts = files
    before = leads.read_bytes(), acts.read_bytes()
    assert_input_error(invoke("data", "forget", leads, "--email", PERSON, "-o", leads), "is also the input file")
    assert_input_error(invoke("data", "forget", leads, "--email", PERSON, "-o", "out.csv",
                              "--also", f"{acts}={acts}"), "is also the input file")
    assert_input_error(invoke("data", "forget", leads, "--email", PERSON, "-o", "out.csv",
                              "--also", f"{acts}=out.csv"), "two outputs")
    assert (leads.read_bytes(), acts.read_bytes()) == before
    assert not Path("out.csv").exists()


def test_also_needs_an_output(files):
    leads, acts = files
    assert_input_error(invoke("data", "forget", leads, "--email", PERSON, "-o", "out.csv", "--also", acts),
                       "=OUT", "activities.forgotten.csv")


def test_dry_run_counts_and_writes_nothing(files, tmp_path):
    leads, acts = files
    before = sorted(p.name for p in tmp_path.iterdir())
    result = invoke("data", "forget", leads, "--email", PERSON, "--also", acts, "--dry-run", "--json")
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["dry_run"] is True and summary["receipt_file"] is None
    assert [f["rows_removed"] for f in summary["files"]] == [1, 3]
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    result = invoke("data", "forget", leads, "--email", PERSON, "-o", "out.csv", "--dry-run")
    assert result.exit_code == 0 and "dry run" in result.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_output_to_stdout_needs_a_receipt_path(files):
    leads, _ = files
    assert_input_error(invoke("data", "forget", leads, "--email", PERSON, "-o", "-"), "--receipt")
    result = invoke("data", "forget", leads, "--email", PERSON, "-o", "-", "--receipt", "r.json")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0].startswith("Lead ID,First Name")
    assert "featherstone" not in result.stdout.lower()
    assert len(result.stdout.splitlines()) == 5  # the header and 3 rows, one of them spanning 2 lines


def test_quiet_prints_nothing(files):
    leads, _ = files
    result = invoke("data", "forget", leads, "--email", PERSON, "-o", "out.csv", "--quiet")
    assert result.exit_code == 0 and result.stdout == "" and result.stderr == ""


def test_export_gives_the_persons_rows_from_both_files(files):
    leads, acts = files
    result = invoke("data", "export", leads, "--email", " griselda.FEATHERSTONE@acme.com", "--also", acts,
                    "-o", "person.json")
    assert result.exit_code == 0, result.stderr
    document = json.loads(Path("person.json").read_text())
    main, activities = document["files"]
    assert main["file"] == str(leads) and main["rows_matched"] == 1
    assert main["rows"] == [{"row": 3, "matched_by": "Email", "values": {
        "Lead ID": "L2", "First Name": "Griselda", "Last Name": "Featherstone", "Title": "VP Ops",
        "Email": "Griselda.Featherstone@Acme.com", "Phone": "+1 415 555 0101", "Mobile": "(415) 555-0102",
        "Street": "12 Elm St", "City": "Springfield", "Zip/Postal Code": "02139", "Company": "Acme",
        "Lead Status": "Working"}}]
    assert [(r["row"], r["matched_by"], r["values"]["Activity ID"]) for r in activities["rows"]] == [
        (2, "Lead ID", "A1"), (4, "Email", "A3"), (6, "Lead ID", "A5")]
    assert activities["rows"][0]["values"] == {"Activity ID": "A1", "Lead ID": "L2", "Email": None,
                                               "Activity Type": "Call", "Subject": "Intro call",
                                               "Activity Date": "2026-11-02 09:00"}
    assert document["rows_found"] == 4 and document["note"] is None
    assert "person's rows" in result.stdout


def test_export_to_stdout_and_of_nobody(files):
    leads, acts = files
    result = invoke("data", "export", leads, "--email", "nobody@example.org", "--also", acts)
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["rows_found"] == 0 and "No row" in document["note"]
    assert "The export is empty" in result.stderr


def test_export_refuses_a_non_json_output(files):
    leads, _ = files
    assert_input_error(invoke("data", "export", leads, "--email", PERSON, "-o", "person.csv"), ".json")


def test_forget_on_the_sample_data(tmp_path):
    result = invoke("data", "forget", SAMPLE / "salesforce_leads.csv", "--email", "jonathan.rivera@gmail.com",
                    "-o", "leads.csv", "--also", f"{SAMPLE / 'activities.csv'}=activities.csv", "--json")
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    main, also = summary["files"]
    assert (main["rows_in"], main["rows_removed"], main["rows_out"]) == (500, 2, 498)  # Gmail dots: 2 leads
    assert (also["rows_in"], also["rows_removed"], also["rows_out"]) == (2896, 2, 2894)
    assert "jonathan.rivera" not in (Path("leads.csv").read_text() + Path("activities.csv").read_text()).lower()

"""`revops leads lifecycle` through the CLI: update file per CRM, --dry-run, --json, -o -, error exits."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import SAMPLE, assert_input_error, invoke, read

AS_OF = "2026-11-20T08:00"
SF_ARGS = ("--leads", SAMPLE / "salesforce_leads.csv", "--activities", SAMPLE / "activities.csv", "--as-of", AS_OF)

LEADS_CSV = ("Prospect ID,Status,Status Reason,Owner,Created,Status Date,Score\n"
             "L1,Unqualified,No Response,Sam Rivera,2026-05-01,2026-08-22,25\n"
             "L2,Unqualified,No Response,Sam Rivera,2026-05-01,23/08/2026,25\n"
             "L3,Working,Bad Timing,Sam Rivera,2026-05-01,,65\n"
             ",Working,Competitor,Sam Rivera,2026-05-01,,\n"
             "L5,Open,,Sam Rivera,11/19/2026 7:00 AM,,\n")


@pytest.fixture
def leads_file(tmp_path: Path) -> Path:
    path = tmp_path / "leads.csv"
    path.write_text(LEADS_CSV, encoding="utf-8")
    return path


def test_salesforce_sample_writes_a_data_loader_update_file():
    result = invoke("leads", "lifecycle", *SF_ARGS, "-o", "updates.csv")
    assert result.exit_code == 0, result.stderr
    assert "Format salesforce" in result.stdout
    updates = read(Path("updates.csv"))
    assert list(updates.columns) == ["Id", "Status", "Substatus__c", "OwnerId", "Nurture_Track__c",
                                     "Next_Action_Date__c", "action", "reason"]
    counts = updates["action"].value_counts().to_dict()
    assert counts == {"update_disposition": 42, "suppress": 22, "return_to_nurture": 4}
    assert updates["Id"].str.startswith("00Q").all()
    assert set(updates.loc[updates["action"] == "return_to_nurture", "OwnerId"]) == {"Marketing Nurture"}
    assert set(updates["Status"]) <= {"Working - Contacted", "Closed - Not Converted", "Open - Not Contacted"}


def test_hubspot_export_writes_hubspot_import_headers_and_internal_status_values():
    result = invoke("leads", "lifecycle", "--leads", SAMPLE / "hubspot_contacts.csv", "--as-of", AS_OF,
                    "-o", "updates.csv", "--json")
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["format"] == "hubspot"
    assert summary["actions"]["suppress"] == 36 and summary["actions"]["return_to_nurture"] == 10
    assert summary["recycle_pending"] == 21  # ATTEMPTED_TO_CONTACT = No Response, under 90 days since created
    updates = read(Path("updates.csv"))
    assert list(updates.columns)[:4] == ["Record ID", "Lead Status", "Lead Substatus", "Contact owner"]
    assert set(updates["Lead Status"]) == {"UNQUALIFIED", "BAD_TIMING"}
    assert len(updates) == summary["updates"] == 46


def test_format_option_overrides_the_input(leads_file):
    result = invoke("leads", "lifecycle", "--leads", leads_file, "--as-of", AS_OF, "-o", "u.csv",
                    "--format", "hubspot")
    assert result.exit_code == 0, result.stderr
    updates = read(Path("u.csv"))
    assert updates.columns[0] == "Record ID"
    assert dict(zip(updates["Record ID"], updates["Lead Status"])) == {"L1": "OPEN", "L3": "BAD_TIMING"}


def test_generic_file_keeps_the_input_headers_and_leaves_out_blank_ids(leads_file):
    result = invoke("leads", "lifecycle", "--leads", leads_file, "--as-of", AS_OF, "-o", "u.csv", "--json")
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["format"] == "generic" and summary["no_id"] == 1
    assert summary["actions"] == {"suppress": 0, "disqualify": 1, "create_opportunity": 0, "recycle": 1,
                                  "return_to_nurture": 1, "update_disposition": 0, "none": 2}
    updates = read(Path("u.csv"))
    assert list(updates.columns) == ["Prospect ID", "Status", "Status Reason", "Owner", "Nurture Track",
                                     "Next Action Date", "action", "reason"]
    # L1: 90 days since 2026-08-22 -> recycle; L2: 89 days since 23/08/2026 -> waits
    assert list(updates["Prospect ID"]) == ["L1", "L3"]
    assert updates.loc[0, "reason"].startswith("No Response since 2026-08-22 (90 days ≥ 90")


def test_stdout_gets_the_csv_and_stderr_the_summary(leads_file):
    result = invoke("leads", "lifecycle", "--leads", leads_file, "--as-of", AS_OF, "-o", "-")
    assert result.exit_code == 0, result.stderr
    updates = pd.read_csv(io.StringIO(result.stdout), dtype=str, keep_default_na=False)
    assert list(updates["Prospect ID"]) == ["L1", "L3"]
    assert "leads lifecycle" in result.stderr and "leads lifecycle" not in result.stdout


def test_dry_run_writes_nothing_and_previews_the_rows(leads_file, tmp_path):
    result = invoke("leads", "lifecycle", "--leads", leads_file, "--as-of", AS_OF, "-o", "u.csv", "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert not (tmp_path / "u.csv").exists()
    assert "Dry run: nothing written. 2 of 5 leads would update." in result.stdout
    assert "First 2 of 2 update rows" in result.stdout


def test_dry_run_json_carries_the_preview(leads_file, tmp_path):
    result = invoke("leads", "lifecycle", "--leads", leads_file, "--as-of", AS_OF, "--dry-run", "--json")
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["output"] is None and summary["dry_run"] is True
    assert [r["Prospect ID"] for r in summary["preview"]] == ["L1", "L3"]
    assert list(tmp_path.iterdir()) == [tmp_path / "leads.csv"]


def test_opportunities_link_qualified_leads(tmp_path):
    (tmp_path / "leads.csv").write_text("Lead ID,Lead Status\nL1,Qualified\nL2,Qualified\n", encoding="utf-8")
    (tmp_path / "opps.csv").write_text("Opportunity ID,Converted Lead ID\n006A,L2\n", encoding="utf-8")
    result = invoke("leads", "lifecycle", "--leads", "leads.csv", "--opportunities", "opps.csv", "--as-of", AS_OF,
                    "-o", "u.csv")
    assert result.exit_code == 0, result.stderr
    updates = read(Path("u.csv"))
    assert list(zip(updates["Id"], updates["action"])) == [("L1", "create_opportunity")]  # "Lead ID": Salesforce


def test_quiet_prints_nothing(leads_file):
    result = invoke("leads", "lifecycle", "--leads", leads_file, "--as-of", AS_OF, "-o", "u.csv", "--quiet")
    assert result.exit_code == 0 and result.stdout == ""
    assert len(read(Path("u.csv"))) == 2


# ------------------------------------------------------------------ errors: exit 2, one message


def test_never_writes_to_the_input(leads_file):
    before = leads_file.read_text(encoding="utf-8")
    result = invoke("leads", "lifecycle", "--leads", leads_file, "--as-of", AS_OF, "-o", leads_file)
    assert_input_error(result, "is also the input file")
    assert leads_file.read_text(encoding="utf-8") == before


def test_no_id_column_exits_2(tmp_path):
    (tmp_path / "noid.csv").write_text("Lead Status,Lead Owner\nCompetitor,Sam\n", encoding="utf-8")
    result = invoke("leads", "lifecycle", "--leads", "noid.csv", "--as-of", AS_OF, "-o", "u.csv")
    assert_input_error(result, "noid.csv", "no record id column", "--map lead_id=")


def test_unknown_format_exits_2(leads_file):
    result = invoke("leads", "lifecycle", "--leads", leads_file, "-o", "u.csv", "--format", "pipedrive")
    assert_input_error(result, "--format 'pipedrive'", "salesforce, hubspot, generic")


def test_unreadable_as_of_exits_2(leads_file):
    result = invoke("leads", "lifecycle", "--leads", leads_file, "-o", "u.csv", "--as-of", "next tuesday")
    assert_input_error(result, "--as-of 'next tuesday'", "2026-11-20T08:00")


def test_missing_output_exits_2(leads_file):
    result = invoke("leads", "lifecycle", "--leads", leads_file, "--as-of", AS_OF)
    assert_input_error(result, "Give -o OUT", "--dry-run")


def test_help_has_an_example():
    result = invoke("leads", "lifecycle", "--help")
    assert result.exit_code == 0
    assert "revops leads lifecycle --leads" in result.stdout

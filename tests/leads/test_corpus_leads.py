"""What `leads clean` and `leads dedupe` give on third-party exports nobody here wrote (issue 17 items 6, 7).

tests/fixtures/third_party/README.md lists each file, its source and licence.
"""

from __future__ import annotations

import json

import pytest

from tests.conftest import REPO, invoke, read

CORPUS = REPO / "tests" / "fixtures" / "third_party"


def test_duckflow_placeholder_addresses_are_flagged_and_give_no_account(tmp_path):
    # 100 HubSpot-style contacts at user0@company.com ... user99@company.com: before, one ACCT-000001 for all
    source = CORPUS / "duckflow__contacts.csv"
    cleaned = invoke("leads", "clean", source, "-o", tmp_path / "clean.csv", "--json")
    assert cleaned.exit_code == 0, cleaned.stderr
    email = next(f for f in json.loads(cleaned.stdout)["fields"] if f["field"] == "email")
    assert (email["flagged"], email["clean"]) == (100, 0)
    out = read(tmp_path / "clean.csv")
    assert out["revops_issues"].str.contains(r"email: placeholder email \(placeholder domain\)").all()  # the header
    deduped = invoke("leads", "dedupe", source, "-o", tmp_path / "dedupe.csv", "--flag-only", "--json")
    summary = json.loads(deduped.stdout)
    assert summary["merged"] == 0
    assert summary["accounts"]["accounts"] == 0 and summary["accounts"]["by_tier"]["none"] == 100


@pytest.mark.parametrize(("name", "rows", "accounts"), [
    ("mautic__fake_leads.csv", 54, 49),  # Fake Name Generator rows: one account per company, 4 name-less rows none
    ("posit_marketing__salesforce_leads.csv", 60, 60),
])
def test_real_looking_exports_keep_one_account_per_company_and_no_placeholder(tmp_path, name, rows, accounts):
    source = CORPUS / name
    summary = json.loads(invoke("leads", "dedupe", source, "-o", tmp_path / "out.csv", "--flag-only",
                                "--json").stdout)
    assert (summary["rows_in"], summary["merged"]) == (rows, 0)
    assert summary["accounts"]["accounts"] == accounts and summary["accounts"]["split_groups"] == []
    cleaned = json.loads(invoke("leads", "clean", source, "-o", tmp_path / "clean.csv", "--json").stdout)
    email = next(f for f in cleaned["fields"] if f["field"] == "email")
    assert email["flagged"] == 0  # disposable-looking domains (Fake Name Generator's) are not placeholders

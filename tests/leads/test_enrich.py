"""leads enrich-flag: the SOP's enrichment triage and the 95% field-completion standard."""

from __future__ import annotations

import json

import pandas as pd
from typer.testing import CliRunner

from revops_cli.cli.app import app
from revops_cli.columns import detect_columns
from revops_cli.config import RevopsConfig
from revops_cli.core.leads.enrich import flag_enrichment

runner = CliRunner()


def _frame(rows, columns=("First Name", "Last Name", "Email", "Company", "Title", "Phone")):
    return pd.DataFrame(rows, columns=list(columns), dtype="str")


def _flag(frame, config=None):
    return flag_enrichment(frame, detect_columns(list(frame.columns)), config or RevopsConfig())


ROWS = [
    ["Ann", "Lee", "ann@acme.com", "Acme", "VP Sales", "+14155550134"],       # enrich
    ["Bob", "Ray", "bob@gmail.com", "Beta", "CTO", None],                     # manual: webmail
    ["Cy", "Dee", "info@acme.com", "Acme", None, "+14155550135"],             # suppress: role
    ["Di", "Eve", "x@mailinator.com", None, "Analyst", None],                 # suppress: disposable
    ["Ed", None, None, "Gamma", "CEO", "+14155550136"],                       # manual: no email
    ["Flo", "Gu", "flo@acme,com", "Acme", "CFO", "+14155550137"],             # manual: invalid
]


def test_buckets_and_reasons():
    result = _flag(_frame(ROWS))
    frame = result.frame
    assert frame["revops_enrich"].tolist() == [
        "enrich", "manual_research", "suppress", "suppress", "manual_research", "manual_research"]
    assert frame["revops_enrich_reason"].tolist() == [
        "corporate domain", "free/webmail domain", "role mailbox", "disposable email domain", "no email",
        "invalid email"]
    assert result.buckets == {"enrich": 1, "manual_research": 3, "suppress": 2}


def test_missing_and_completeness_per_row():
    frame = _flag(_frame(ROWS)).frame
    assert frame["revops_missing"].fillna("").tolist() == ["", "phone", "title", "company; phone", "last name", ""]
    # 4 counted fields (phone is "if available"): Cy lacks title -> 75, Di lacks company -> 75, Ed lacks last name -> 75
    assert frame["revops_completeness"].tolist() == [100.0, 100.0, 75.0, 75.0, 75.0, 100.0]


def test_field_completion_against_the_95_percent_standard():
    result = _flag(_frame(ROWS))
    by_field = {f.field: f for f in result.fields}
    assert (by_field["company"].filled, by_field["company"].percent) == (5, 83.3)
    assert by_field["phone"].counts_toward_completion is False
    # 24 counted cells, 21 filled
    assert result.completion == 87.5 and result.meets_target is False


def test_phone_counts_when_configured_and_switches_change_buckets():
    config = RevopsConfig.model_validate({"enrich": {"phone_if_available": False, "suppress_role": False,
                                                     "manual_research_generic_domains": False}})
    result = _flag(_frame(ROWS), config)
    assert result.frame["revops_enrich"].tolist()[:3] == ["enrich", "enrich", "enrich"]
    assert result.completion == round(100 * 25 / 30, 1)  # phone now counts: 4 of 6 rows have one


def test_full_name_only_file_counts_first_and_last_from_the_split():
    frame = _frame([["Jane Smith", "j@acme.com"], ["Madonna", "m@acme.com"]], columns=("Name", "Email"))
    result = _flag(frame)
    assert result.frame["revops_missing"].tolist()[1].startswith("last name")
    assert {f.field: f.filled for f in result.fields}["first_name"] == 2


def test_mobile_counts_as_a_phone():
    frame = _frame([["a@acme.com", None, "+447700900123"]], columns=("Email", "Phone", "Mobile"))
    assert "phone" not in (_flag(frame).frame["revops_missing"].iloc[0] or "")


def test_required_field_missing_from_the_file_is_missing_on_every_row():
    frame = _frame([["a@acme.com"], ["b@acme.com"]], columns=("Email",))
    result = _flag(frame)
    assert {f.field: f.filled for f in result.fields}["company"] == 0
    assert result.completion == 0.0


def test_cli_enrich_flag(tmp_path):
    source = tmp_path / "leads.csv"
    _frame(ROWS).to_csv(source, index=False)
    out = tmp_path / "triaged.csv"
    result = runner.invoke(app, ["leads", "enrich-flag", str(source), "-o", str(out), "--json"])
    assert result.exit_code == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["buckets"] == {"enrich": 1, "manual_research": 3, "suppress": 2}
    assert payload["completion_percent"] == 87.5 and payload["meets_target"] is False
    written = pd.read_csv(out, dtype=str)
    assert list(written.columns[:6]) == ["First Name", "Last Name", "Email", "Company", "Title", "Phone"]
    assert len(written) == 6


def test_cli_enrich_flag_bad_input_exit_2(tmp_path):
    result = runner.invoke(app, ["leads", "enrich-flag", str(tmp_path / "nope.csv"), "-o", str(tmp_path / "o.csv")])
    assert result.exit_code == 2 and "nope.csv: no such file" in result.stderr
    assert not (tmp_path / "o.csv").exists()

"""The blank rule is used by every check: a #N/A next step is as missing as a #N/A amount (issue 23 item 6)."""

from __future__ import annotations

import pandas as pd
from typer.testing import CliRunner

from revops_cli.cli.app import app
from revops_cli.columns import detect_columns
from revops_cli.config import RevopsConfig
from revops_cli.core.leads.clean import clean_leads
from revops_cli.core.leads.match import fold_names
from revops_cli.core.sales.deals import audit_deals
from revops_cli.core.sales.handoff import audit_handoffs
from revops_cli.normalize.company import company_key_column

runner = CliRunner()
NOW = "2026-03-02T09:00:00+00:00"


def test_a_na_next_step_counts_as_missing_like_a_na_amount():
    deals = pd.DataFrame({
        "Opportunity Name": ["A", "B", "C", "D", "E"],
        "Stage": ["Proposal"] * 5,
        "Amount": ["1000", "#N/A", "2000", "3000", "4000"],
        "Close Date": ["2026-06-30"] * 5,
        "Next Step": ["Send contract", "Call CFO", "#N/A", "--None--", "-"],
    }, dtype="str")
    mapping = detect_columns(list(deals.columns), schema="opportunities", frame=deals)
    audit = audit_deals(deals, mapping, RevopsConfig(), now=NOW)
    assert audit.totals["missing_amount"] == 1
    assert audit.totals["missing_next_step"] == 3
    assert audit.deals["missing_next_step"].tolist() == [False, False, True, True, True]


def test_a_handoff_field_holding_an_error_value_is_not_complete():
    handoffs = pd.DataFrame({
        "Account": ["Acme", "Beta", "Gamma"], "CSM": ["Dana", "#REF!", "n/a"],
        "Close Date": ["2026-02-01"] * 3, "Kickoff Date": ["2026-02-03"] * 3,
    }, dtype="str")
    mapping = detect_columns(list(handoffs.columns), schema="handoffs", frame=handoffs)
    audit = audit_handoffs(handoffs, mapping, RevopsConfig(), now=NOW, required=["Account", "CSM"])
    assert audit.handoffs["form_complete"].tolist() == [True, False, False]


def test_cleaning_treats_placeholders_as_blank_and_leaves_them_as_they_came():
    # "Select" is not a city, industry or country (issue 17 item 13); the input cells are not rewritten
    frame = pd.DataFrame({
        "Email": ["ann@acme.com", "bob@beta.io", "cy@gamma.de"],
        "City": ["Select", "Boston", "#N/A"],
        "Industry": ["Select", "Software", "-- Select --"],
        "Country": ["Select", "USA", "#N/A"],
        "Phone": ["n/a", "617 555 0134", "#VALUE!"],
    }, dtype="str")
    mapping = detect_columns(list(frame.columns), frame=frame)
    result = clean_leads(frame, mapping, RevopsConfig())
    out = result.frame
    assert out["City"].tolist() == ["Select", "Boston", "#N/A"]
    assert out["Industry"].tolist() == ["Select", "Software", "-- Select --"]
    assert out["Country"].tolist() == ["Select", "US", "#N/A"]
    assert out["Phone"].tolist() == ["n/a", "+16175550134", "#VALUE!"]
    assert out["revops_issues"].isna().all()
    reports = {r.field: (r.changed, r.clean, r.flagged, r.blank) for r in result.fields}
    assert reports["industry"] == (0, 1, 0, 2) and reports["country"] == (1, 0, 0, 2)
    assert reports["phone"] == (1, 0, 0, 2) and reports["city"] == (0, 1, 0, 2)
    assert set(result.changes["column"]) == {"Country", "Phone"}


def test_placeholder_companies_and_names_are_no_match_key():
    # many "#N/A" companies must not become one account, nor "n/a" last names one person
    keys = company_key_column(pd.Series(["#N/A", "n/a", "Select", "(blank)", "#REF!", "Acme Inc."]))
    assert keys.tolist() == [None, None, None, None, None, "acme"]
    assert fold_names(pd.Series(["#N/A", "n/a", "-", "Müller"])).tolist() == ["", "", "", "muller"]


def test_inspect_fill_rate_does_not_count_error_values(tmp_path):
    path = tmp_path / "leads.csv"
    path.write_text("Email,Industry\na@b.com,#N/A\nc@d.com,Select\ne@f.com,Software\nn/a,Retail\n", encoding="utf-8")
    import json

    payload = json.loads(runner.invoke(app, ["inspect", str(path), "--json"]).stdout)
    filled = {c["header"]: (c["filled"], c["fill_rate"]) for c in payload["columns"]}
    assert filled == {"Email": (3, 75.0), "Industry": (2, 50.0)}

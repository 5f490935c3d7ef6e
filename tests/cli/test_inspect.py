"""`revops inspect` knows every export kind: detected from the headers or given with --kind (issue 17 item 5)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from revops_cli.cli.app import app
from revops_cli.columns.kinds import KIND_SCHEMAS, detect_kind

runner = CliRunner()
CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "third_party"

KIND_HEADERS = {
    "leads": ["Lead ID", "First Name", "Last Name", "Email", "Company", "Title", "Lead Source", "Lead Status"],
    "contacts": ["Contact ID", "First Name", "Last Name", "Email", "Contact owner", "Associated Company"],
    "accounts": ["Account ID", "Account Name", "Website", "Industry", "Employees", "Annual Revenue", "Parent Account"],
    "opportunities": ["Opportunity Name", "Account Name", "Stage", "Amount", "Close Date", "Opportunity Owner"],
    "stage_history": ["Opportunity ID", "To Stage", "Changed At"],
    "activities": ["Activity ID", "Who ID", "Activity Type", "Subject", "Activity Date", "Assigned", "Call Result"],
    "campaigns": ["Campaign Name", "Type", "Start Date", "Budgeted Cost", "Actual Cost", "Emails Sent", "Opens"],
    "events": ["Event Name", "Start Date", "Leads Captured", "Meetings Scheduled", "Pipeline Generated"],
    "reps": ["Rep ID", "Name", "Email", "Role", "Territory", "Weight", "Capacity", "Time Zone", "Working Hours"],
    "territories": ["Territory", "Priority", "Countries", "States", "Industries", "Size Tier", "Named Accounts"],
    "handoffs": ["Handoff ID", "Account", "CSM", "Close Date", "Kickoff Date", "CSAT 30d", "NPS"],
}


@pytest.mark.parametrize("kind", sorted(KIND_HEADERS))
def test_every_kind_of_export_is_told_from_its_headers(kind):
    guess = detect_kind(KIND_HEADERS[kind])
    assert (guess.kind, guess.schema) == (kind, KIND_SCHEMAS[kind])
    assert guess.confidence in ("high", "medium")


def test_a_lead_file_with_countries_and_industries_is_not_a_territory_table():
    guess = detect_kind(["First Name", "Last Name", "Email", "Country", "State", "Industry", "Employees"])
    assert guess.kind == "leads" and guess.scores["territories"] < 0


def test_headers_that_name_nothing_are_read_as_leads_with_low_confidence():
    guess = detect_kind(["age", "job", "marital", "y"])
    assert (guess.kind, guess.confidence) == ("leads", "low")


def test_inspect_shows_an_opportunity_files_stage_amount_close_date_and_owner_as_mapped(tmp_path):
    path = tmp_path / "opportunities.csv"
    path.write_text("Opportunity Name,Account Name,Stage,Amount,Close Date,Owner\n"
                    "Acme renewal,Acme,Negotiation,\"12,000\",2026-03-31,Dana Diaz\n"
                    "Beta pilot,Beta,Closed Won,4500,2026-01-15,Eli Ng\n", encoding="utf-8")
    result = runner.invoke(app, ["inspect", str(path), "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["kind"]["kind"] == "opportunities" and payload["kind"]["confidence"] == "high"
    fields = {f: v["column"] for f, v in payload["fields"].items()}
    assert {f: fields.get(f) for f in ("stage", "amount", "close_date", "owner", "name", "account_name")} == {
        "stage": "Stage", "amount": "Amount", "close_date": "Close Date", "owner": "Owner",
        "name": "Opportunity Name", "account_name": "Account Name"}
    assert payload["unmapped"] == []
    assert payload["values_checked"]["close_date"] == "2 of 2 sampled values are dates"
    text = runner.invoke(app, ["inspect", str(path)]).output
    assert "opportunities (high confidence" in text and "Not recognised" not in text


def test_kind_option_reads_the_file_with_that_schema(tmp_path):
    path = tmp_path / "history.csv"
    path.write_text("Opportunity ID,Stage,Date\n006A,Proposal,2026-01-02\n", encoding="utf-8")
    payload = json.loads(runner.invoke(app, ["inspect", str(path), "--kind", "stage_history", "--json"]).stdout)
    assert payload["kind"]["kind"] == "stage_history" and payload["kind"]["confidence"] == "given"
    assert {f: v["column"] for f, v in payload["fields"].items()} == {
        "opportunity_id": "Opportunity ID", "stage": "Stage", "changed_at": "Date"}


def test_an_unknown_kind_is_a_usage_error_naming_the_kinds(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("Email\na@b.com\n", encoding="utf-8")
    result = runner.invoke(app, ["inspect", str(path), "--kind", "deals"])
    assert result.exit_code == 2
    assert "--kind 'deals': choose one of leads, contacts, accounts" in " ".join(result.output.split())


def test_inspect_shows_the_note_of_a_column_its_values_moved(tmp_path):
    path = tmp_path / "scoring.csv"
    path.write_text("Prospect ID,Lead Origin,Last Activity\n1,API,Email Opened\n2,Landing Page,SMS Sent\n",
                    encoding="utf-8")
    result = runner.invoke(app, ["inspect", str(path), "--json"])
    payload = json.loads(result.stdout)
    row = next(c for c in payload["columns"] if c["header"] == "Last Activity")
    assert row["field"] == "last_activity_type" and row["how"] == "content"
    assert row["note"].endswith("read as last_activity_type instead.")
    assert payload["read"]["column_notes"] == [row["note"]]
    text = " ".join(runner.invoke(app, ["inspect", str(path)]).output.split())
    assert "Note: 'Last Activity' looks like last_activity_at by its name" in text


CORPUS_KINDS = {
    "duckflow__contacts.csv": "contacts",
    "duckflow__deals.csv": "opportunities",
    "fivetran_hubspot__contacts.csv": "leads",
    "fivetran_hubspot__engagement_tasks.csv": "activities",
    "fivetran_linkedin__ad_analytics_by_creative.csv": "campaigns",
    "fivetran_pardot__opportunities.csv": "opportunities",
    "fivetran_salesforce__task_history.csv": "activities",
    "mautic__fake_leads.csv": "leads",
    "orocrm__lead_export.csv": "leads",
    "posit_marketing__salesforce_leads.csv": "leads",
}


@pytest.mark.parametrize("name", sorted(CORPUS_KINDS))
def test_inspect_tells_the_kind_of_corpus_exports(name):
    payload = json.loads(runner.invoke(app, ["inspect", str(CORPUS / name), "--json"]).stdout)
    assert payload["kind"]["kind"] == CORPUS_KINDS[name]


def test_inspect_maps_a_corpus_deal_export_with_the_opportunity_schema():
    payload = json.loads(runner.invoke(app, ["inspect", str(CORPUS / "duckflow__deals.csv"), "--json"]).stdout)
    fields = {f: v["column"] for f, v in payload["fields"].items()}
    assert fields == {"opportunity_id": "deal_id", "lead_id": "contact_id", "stage": "stage", "amount": "amount",
                      "close_date": "close_date", "lead_source": "source"}
    amount = next(c for c in payload["columns"] if c["header"] == "amount")
    assert (amount["filled"], amount["fill_rate"]) == (133, 88.7)  # 17 of 150 closed deals have no amount


def test_inspect_maps_a_corpus_task_export_with_the_activity_schema():
    payload = json.loads(runner.invoke(app, ["inspect", str(CORPUS / "fivetran_hubspot__engagement_tasks.csv"),
                                             "--json"]).stdout)
    fields = {f: v["column"] for f, v in payload["fields"].items()}
    assert fields == {"activity_id": "engagement_id", "type": "task_type", "subject": "subject",
                      "timestamp": "completion_date", "outcome": "status"}
    assert "priority" in payload["unmapped"]  # no longer read as a lead rating


def test_inspect_on_hashed_hubspot_contacts_says_why_email_is_not_mapped():
    payload = json.loads(runner.invoke(app, ["inspect", str(CORPUS / "fivetran_hubspot__contacts.csv"),
                                             "--json"]).stdout)
    fields = {f: v["column"] for f, v in payload["fields"].items()}
    assert fields["first_name"] == "property_firstname" and fields["created_at"] == "property_createdate"
    assert "email" not in fields
    assert payload["notes"]["property_email"].startswith(
        "'property_email' looks like email by its name, but only 0 of 22 sampled values are email addresses")

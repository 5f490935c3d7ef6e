"""Every file of the third-party corpus (tests/fixtures/third_party/), as a new user would meet it: `inspect`
names the kind of export and reads every row, and the command for that kind runs on it and says what it
could not measure instead of printing a 0. Files other tests look at closely are covered here too, so a file
added to the manifest without a test fails here first."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from tests.conftest import REPO, invoke

CORPUS = REPO / "tests" / "fixtures" / "third_party"
MANIFEST = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))

# file -> the kind `inspect` must name. Contacts are leads read with the leads schema; a labelled lead file is
# a leads file with an outcome column; a file with no header row is read as leads and said so.
KIND = {
    "duckflow__contacts.csv": "contacts", "duckflow__deals.csv": "opportunities",
    "eventlab__eventos.csv": "leads", "fivetran_hubspot__contacts.csv": "leads",
    "fivetran_hubspot__engagement_tasks.csv": "activities",
    "fivetran_linkedin__ad_analytics_by_creative.csv": "campaigns",
    "fivetran_pardot__opportunities.csv": "opportunities", "fivetran_salesforce__task_history.csv": "activities",
    "leadforge__lead_scoring_intro.csv": "leads", "leadforge__lead_scoring_intro_full.csv": "leads",
    "made__bitrix24_ru_deals.csv": "opportunities", "made__cp1250_kontakty.csv": "leads",
    "made__cp1251_amocrm_contacts.csv": "leads", "made__cp932_kintone_leads.csv": "leads",
    "made__event_list_budget_revenue.csv": "events", "made__google_ads_campaign_device_month.csv": "campaigns",
    "made__hubspot_fr_contacts.csv": "leads", "made__olist_shaped_closed_deals.csv": "opportunities",
    "made__olist_shaped_mqls.csv": "leads", "made__salesforce_de_leads.csv": "leads",
    "made__salesforce_ja_leads.csv": "leads", "made__salesforce_placeholder_emails.csv": "leads",
    "mautic__fake_leads.csv": "leads", "mautic__form_results.csv": "leads", "mautic__landing_pages.csv": "content",
    "mautic__page_hits.csv": "page_analytics", "odoo__customers_contacts_import.csv": "leads",
    "orocrm__lead_export.csv": "leads", "posit_marketing__platform_performance.csv": "campaigns",
    "posit_marketing__salesforce_leads.csv": "leads", "ubc_bank_marketing__bank_test_2000.csv": "leads",
    "uci_bank_marketing__bank_additional_full.csv": "leads",
}
FILES = sorted(e["file"] for e in MANIFEST)


def _json(*args) -> dict:
    result = invoke(*args, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_every_corpus_file_is_in_the_manifest_and_has_an_expectation_here():
    on_disk = sorted(p.name for p in CORPUS.iterdir() if p.suffix == ".csv")
    assert on_disk == FILES
    assert sorted(KIND) == FILES


@pytest.mark.parametrize("name", FILES)
def test_inspect_names_the_kind_and_reads_every_row(name):
    payload = _json("inspect", CORPUS / name)
    kind = payload["kind"]["kind"]
    assert kind == KIND[name] or (KIND[name] == "leads" and kind == "contacts"), (name, payload["kind"])
    rows = next(e for e in MANIFEST if e["file"] == name)["rows"]  # counted when the file was added
    if name == "eventlab__eventos.csv":  # no header row: its first record is read as the headers, and said so
        assert any("holds values" in note for note in payload.get("read_notes", [])), payload.get("read_notes")
        rows -= 1
    assert payload["read"]["rows"] == rows, (name, payload["read"]["rows"], rows)


@pytest.mark.parametrize("name", [f for f in FILES if KIND[f] in ("leads", "contacts")])
def test_leads_clean_keeps_every_row_and_column(name, tmp_path):
    out = tmp_path / "clean.csv"
    payload = _json("leads", "clean", CORPUS / name, "-o", out)
    source = invoke("inspect", CORPUS / name, "--json")
    read = json.loads(source.stdout)["read"]
    written = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert len(written) == read["rows"]
    assert len(written.columns) >= read["columns"]  # every input column kept, revops_* columns added
    assert payload["read"]["rows"] == read["rows"]


@pytest.mark.parametrize("name", [f for f in FILES if KIND[f] == "opportunities"])
def test_deals_audit_counts_deals_and_never_prints_an_unmeasured_figure(name):
    payload = _json("deals", "audit", CORPUS / name, "--as-of", "2026-11-20")
    totals = payload["totals"]
    assert totals["deals"] == totals["open_deals"] + totals["closed_deals"] + totals["stage_not_mapped"]
    for check in payload.get("not_measured", {}):
        assert totals.get(check) is None, (name, check, totals.get(check))


@pytest.mark.parametrize("name", [f for f in FILES if KIND[f] == "campaigns"])
def test_campaign_roi_rolls_up_and_says_what_it_cannot_measure(name):
    payload = _json("campaign", "roi", CORPUS / name)
    assert payload["campaigns"] > 0 and payload["rows"], name
    for campaign in payload["rows"]:
        if campaign.get("roi_percent") is None:
            assert campaign.get("roi_note"), (name, campaign)  # an ROI not computed says why


@pytest.mark.parametrize("name", [f for f in FILES if KIND[f] == "events"])
def test_event_roi_never_judges_an_event_without_a_cost(name):
    payload = _json("event", "roi", CORPUS / name, "--as-of", "2026-11-20T08:00")
    for event in payload["events"]:
        if event.get("roi_percent") is None:
            assert event.get("roi_met") is None, (name, event)

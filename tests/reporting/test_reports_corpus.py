"""The reports on opportunity exports written by others (tests/fixtures/third_party/): what a user sees on a file
shaped differently from the sample, with no silent 0 and stages the SOP does not name said out loud."""

from __future__ import annotations

import json

import pandas as pd

from tests.conftest import REPO, invoke

CORPUS = REPO / "tests" / "fixtures" / "third_party"


def _json(*args) -> dict:
    result = invoke("report", *args, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_duckflow_deals_win_loss_counts_its_closed_deals_and_says_what_it_cannot_break_down():
    deals = pd.read_csv(CORPUS / "duckflow__deals.csv", dtype=str, keep_default_na=False)
    closed = deals[deals["stage"].isin(["Closed Won", "Closed Lost"])]
    payload = _json("win-loss", CORPUS / "duckflow__deals.csv", "--from", "2024-01-01", "--to", "2024-12-31",
                    "--as-of", "2025-01-15T09:00")
    overall = payload["overall"]
    assert (overall["closed"], overall["won"]) == (len(closed), int((closed["stage"] == "Closed Won").sum())) == (56, 25)
    assert overall["win_rate"] == 44.6
    # no owner, product, segment, loss reason or created date in this export: said, not zero
    assert payload["breakdowns"]["owner"] is None and payload["breakdowns"]["product"] is None
    assert set(payload["not_measured"]) >= {"owner", "product", "segment", "industry", "loss_reasons", "cycle",
                                            "lost_at_stage"}
    assert payload["not_measured"]["owner"] == "no owner column; try --map owner=HEADER"
    sources = {r["value"] for r in payload["breakdowns"]["source"]}
    assert sources == set(closed["source"].replace("", "(blank)"))
    # closed deals with a blank amount count as deals, not as $0 deals in the size bands
    blank = int((closed["amount"] == "").sum())
    size = {r["value"]: r["closed"] for r in payload["breakdowns"]["size"]}
    assert size.get("(blank)", 0) == blank > 0


def test_duckflow_deals_forecast_rolls_up_without_owners_categories_or_quotas(tmp_path):
    payload = _json("forecast", CORPUS / "duckflow__deals.csv", "--quarter", "2024-Q4", "--as-of", "2024-10-15T09:00")
    total = payload["rows"][-1]
    deals = pd.read_csv(CORPUS / "duckflow__deals.csv", dtype=str, keep_default_na=False)
    q4 = deals[deals["close_date"].between("2024-10-01", "2024-12-31")
               & ~deals["stage"].isin(["Closed Won", "Closed Lost"])]
    assert total["open_deals"] == len(q4)
    assert total["open_pipeline"] == float(pd.to_numeric(q4["amount"], errors="coerce").sum())
    assert [r["name"] for r in payload["rows"] if r["level"] == "rep"] == ["(no owner)"]
    assert total["attainment"] is None and "no quota file" in total["quota_note"]
    assert {"categories", "manager", "quota", "owner"} <= set(payload["not_measured"])


def test_pardot_won_and_lost_spellings_are_read_as_deals_audit_reads_them():
    # Won, Lost and "6 - Won" in one column: the reports read a deal's stage the way `deals audit` does
    forecast = _json("forecast", CORPUS / "fivetran_pardot__opportunities.csv", "--from", "2016-01-01", "--to",
                     "2019-12-31", "--as-of", "2019-01-15T09:00")
    assert not any(n.startswith("Stages revops cannot place") for n in forecast["notes"])
    # its close date is `closed_at` (the snake_case of "Closed At"), found without a --map
    payload = _json("win-loss", CORPUS / "fivetran_pardot__opportunities.csv",
                    "--from", "2016-01-01", "--to", "2019-12-31", "--as-of", "2019-01-15T09:00")
    assert "period" not in payload["not_measured"]
    frame = pd.read_csv(CORPUS / "fivetran_pardot__opportunities.csv", dtype=str, keep_default_na=False)
    in_range = frame[frame["closed_at"].str[:4].between("2016", "2019")]
    assert payload["overall"]["closed"] == len(in_range) > 0
    assert payload["overall"]["won"] == int(in_range["stage"].isin(["6 - Won", "Won"]).sum())


def test_a_stage_no_rule_places_is_named_and_left_out_of_the_pipeline(tmp_path):
    deals = tmp_path / "deals.csv"
    deals.write_text("Opportunity ID,Stage,Amount,Close Date,Owner\n"
                     "D1,Engaging,1000,2026-12-01,Ana\nD2,Proposal,2000,2026-12-01,Ana\n", encoding="utf-8")
    forecast = _json("forecast", deals, "--quarter", "2026-Q4", "--as-of", "2026-11-20T09:00")
    note = next(n for n in forecast["notes"] if n.startswith("Stages revops cannot place"))
    assert "Engaging (1)" in note and "left out of the pipeline" in note and "[deals.stage_map]" in note
    assert forecast["rows"][-1]["open_deals"] == 1 and forecast["rows"][-1]["open_pipeline"] == 2000.0


def test_a_deal_export_without_a_close_date_cannot_place_deals_in_the_period(tmp_path):
    deals = tmp_path / "deals.csv"
    deals.write_text("Opportunity ID,Stage,Amount\nD1,Closed Won,1000\nD2,Closed Lost,500\n", encoding="utf-8")
    payload = _json("win-loss", deals, "--from", "2026-01-01", "--to", "2026-12-31", "--as-of", "2026-11-20T09:00")
    assert payload["overall"]["closed"] == 0 and payload["overall"]["win_rate"] is None
    assert payload["not_measured"]["period"] == ("no close date column: no deal can be placed in the period; try "
                                                 "--map close_date=HEADER")

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


def test_pardot_stages_the_sop_does_not_name_are_flagged_not_silently_counted():
    payload = _json("forecast", CORPUS / "fivetran_pardot__opportunities.csv", "--from", "2016-01-01", "--to",
                    "2019-12-31", "--as-of", "2019-01-15T09:00")
    note = next(n for n in payload["notes"] if n.startswith("Stages that"))
    assert "6 - Won (28)" in note and "Won (1)" in note and "Lost (1)" in note
    assert "counted as open pipeline" in note and "[deals]" in note
    win_loss = _json("win-loss", CORPUS / "fivetran_pardot__opportunities.csv", "--from", "2016-01-01", "--to",
                     "2019-12-31", "--as-of", "2019-01-15T09:00")
    assert win_loss["overall"]["closed"] == 0 and win_loss["overall"]["win_rate"] is None
    assert any("not counted as closed" in n for n in win_loss["notes"])


def test_pardot_with_its_stages_named_in_the_config_reads_won_and_lost(tmp_path):
    config = tmp_path / "revops.toml"
    config.write_text('[deals]\nclosed_stages = ["6 - Won", "Won", "Lost"]\nwon_stage = "6 - Won"\n',
                      encoding="utf-8")
    unmapped = _json("win-loss", CORPUS / "fivetran_pardot__opportunities.csv", "--from", "2016-01-01", "--to",
                     "2019-12-31", "--as-of", "2019-01-15T09:00", "--config", config)
    # its close date is `closed_at`, a header no CRM export spells: said, with the --map that names it
    assert unmapped["overall"]["closed"] == 0
    assert unmapped["not_measured"]["period"] == ("no close date column: no deal can be placed in the period; try "
                                                  "--map close_date=HEADER")
    payload = _json("win-loss", CORPUS / "fivetran_pardot__opportunities.csv", "--map", "close_date=closed_at",
                    "--from", "2016-01-01", "--to", "2019-12-31", "--as-of", "2019-01-15T09:00", "--config", config)
    frame = pd.read_csv(CORPUS / "fivetran_pardot__opportunities.csv", dtype=str, keep_default_na=False)
    in_range = frame[frame["closed_at"].str[:4].between("2016", "2019")]
    assert payload["overall"]["closed"] == len(in_range) > 0
    assert payload["overall"]["won"] == int((in_range["stage"] == "6 - Won").sum())
    assert not any(n.startswith("Stages that") for n in payload["notes"])

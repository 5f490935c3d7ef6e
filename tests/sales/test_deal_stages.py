"""Sales Process SOP stages whatever the CRM calls them: open vs closed, won vs lost, and the SOP stage
(issue 17 item 1, issue 23 item 3)."""

from __future__ import annotations

import json
import random

import pandas as pd
import pytest

from revops_cli.columns import detect_columns
from revops_cli.config import ConfigError, RevopsConfig
from revops_cli.config.sales import stage_key
from revops_cli.core.sales.deals import audit_deals
from revops_cli.core.sales.stages import classify_deals
from revops_cli.io.read import read_table
from tests.conftest import REPO, assert_input_error, invoke

CONFIG = RevopsConfig()
NOW = "2026-11-20 08:00"
CORPUS = REPO / "tests" / "fixtures" / "third_party"


def _classify(columns: dict[str, list], config: RevopsConfig = CONFIG):
    frame = pd.DataFrame(columns, dtype="str")
    return classify_deals(frame, detect_columns(list(frame.columns), schema="opportunities"), config.deals)


@pytest.mark.parametrize(("stage", "sop", "outcome"), [
    ("Won", "Closed Won", "won"), ("Lost", "Closed Lost", "lost"),
    ("closedwon", "Closed Won", "won"), ("closedlost", "Closed Lost", "lost"),        # HubSpot ids
    ("Closed - Won", "Closed Won", "won"), ("Closed/Lost", "Closed Lost", "lost"),
    ("Won - Signed", "Closed Won", "won"), ("6 - Won", "Closed Won", "won"),          # numbered Salesforce stages
    ("Closed Won", "Closed Won", "won"), ("CLOSED LOST", "Closed Lost", "lost"),       # Zoho / the SOP
    ("Closed-Lost to Competition", "Closed Lost", "lost"),
    ("WON", "Closed Won", "won"), ("LOSE", "Closed Lost", "lost"), ("APOLOGY", "Closed Lost", "lost"),  # Bitrix24
    ("C2:WON", "Closed Won", "won"), ("Lost - No Budget", "Closed Lost", "lost"),     # a stage word
])
def test_closed_and_won_from_the_common_crm_spellings(stage, sop, outcome):
    r = _classify({"Stage": [stage]})
    assert (r.sop_stage[0], r.state[0], r.outcome[0]) == (sop, "closed", outcome)


@pytest.mark.parametrize(("stage", "sop"), [
    # stock Salesforce stages (Zoho uses the same)
    ("Prospecting", "Prospecting"), ("Qualification", "Discovery"), ("Needs Analysis", "Discovery"),
    ("Value Proposition", "Solution Design"), ("Id. Decision Makers", "Solution Design"),
    ("Perception Analysis", "Solution Design"), ("Proposal/Price Quote", "Proposal"),
    ("Negotiation/Review", "Negotiation"), ("Identify Decision Makers", "Solution Design"),
    # HubSpot's default pipeline, ids and labels
    ("appointmentscheduled", "Prospecting"), ("qualifiedtobuy", "Discovery"), ("Qualified To Buy", "Discovery"),
    ("presentationscheduled", "Solution Design"), ("decisionmakerboughtin", "Proposal"),
    ("contractsent", "Negotiation"),
    # Pipedrive's default pipelines
    ("Lead In", "Prospecting"), ("Qualified", "Prospecting"), ("Contact Made", "Discovery"),
    ("Demo Scheduled", "Solution Design"), ("Proposal Made", "Proposal"), ("Negotiations Started", "Negotiation"),
    # Bitrix24 stage ids, with and without a pipeline prefix
    ("NEW", "Prospecting"), ("PREPARATION", "Proposal"), ("PREPAYMENT_INVOICE", "Negotiation"),
    ("EXECUTING", "Negotiation"), ("C3:FINAL_INVOICE", "Negotiation"),
    # numbered stages
    ("2 - Discovery", "Discovery"), ("4. Proposal", "Proposal"),
])
def test_stage_vocabularies_map_to_the_sop_stages_and_their_time_limits(stage, sop):
    r = _classify({"Stage": [stage]})
    assert (r.sop_stage[0], r.state[0]) == (sop, "open")
    audit = audit_deals(pd.DataFrame({"Stage": [stage], "Stage Entered Date": ["11/01/2026"]}, dtype="str"),
                        detect_columns(["Stage", "Stage Entered Date"], schema="opportunities"), CONFIG, now=NOW)
    assert audit.deals.iloc[0]["stage_limit"] == CONFIG.deals.stage_limits_days[sop]


def test_a_stage_that_maps_to_nothing_is_reported_not_mapped_never_open_with_no_limit():
    r = _classify({"Stage": ["Engaging", "Engaging", "Prospecting", "", "Won"]})
    assert list(r.state) == [None, None, "open", None, "closed"]
    assert r.not_mapped == {"Engaging": 2} and r.blank_stage == 1
    summary = r.not_mapped_summary()
    assert summary["deals"] == 3 and summary["values"] == {"Engaging": 2}
    assert '[deals.stage_map] in revops.toml, e.g. "Engaging" = "Discovery"' in summary["fix"]


def test_stage_map_in_revops_toml_extends_the_defaults():
    config = RevopsConfig.model_validate({"deals": {"stage_map": {"Engaging": "Discovery"}}})
    assert config.deals.stage_map["Engaging"] == "Discovery"
    assert config.deals.stage_map["qualifiedtobuy"] == "Discovery"  # the defaults are still there
    r = _classify({"Stage": ["Engaging", "closedwon"]}, config)
    assert list(r.sop_stage) == ["Discovery", "Closed Won"]
    override = RevopsConfig.model_validate({"deals": {"stage_map": {"Qualified": "Discovery"}}})
    assert _classify({"Stage": ["Qualified"]}, override).sop_stage[0] == "Discovery"  # replaces its default


@pytest.mark.parametrize(("toml", "key", "message"), [
    ('[deals.stage_map]\nEngaging = "Discovry"', "deals.stage_map.Engaging", "did you mean 'Discovery'"),
    ('[deals.stage_map]\n"Closed Won" = "Closed Lost"', 'deals.stage_map."Closed Won"', "is the SOP stage"),
    ('[deals.stage_words]\n"won it" = "Closed Won"', 'deals.stage_words."won it"', "one word"),
    ('[deals.exit_criteria.Discovery.owner]\nlabel = "x"\ncolumns = ["X"]', "deals.exit_criteria.Discovery.owner",
     "opportunity field"),
    ('[deals.exit_criteria.Proposal.champion_identified]\nlabel = "x"\ncolumns = ["X"]',
     "deals.exit_criteria.Proposal.champion_identified", 'also a criterion of "Discovery"'),
    ('[deals.exit_criteria.Discovry.x_y]\nlabel = "x"\ncolumns = ["X"]', "deals.exit_criteria.Discovry",
     "not an SOP stage"),
    ('[deals.exit_criteria.Discovery.demo_recording]\nlabel = "x"\ncolumns = ["X"]\nwithin_business_hours = 2.0',
     "deals.exit_criteria.Discovery.demo_recording.start_columns", "needs start_columns or start_activity"),
])
def test_config_check_names_the_key_of_a_bad_vocabulary_entry(tmp_path, toml, key, message):
    from revops_cli.config import load_config

    path = tmp_path / "revops.toml"
    path.write_text(toml + "\n", encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_config(path)
    assert key in str(error.value) and message in str(error.value), str(error.value)


def test_stage_keys_ignore_case_punctuation_numbers_and_pipeline_prefixes():
    assert stage_key("Closed - Won") == stage_key("closedwon") == stage_key("Closed/Won") == "closedwon"
    assert stage_key("6 - Won") == stage_key("Won") == stage_key("C12:WON")
    assert stage_key("Négociation") == "negociation" and stage_key("Сделка успешна") == "сделкауспешна"
    assert stage_key("1:1 call") == "11call"  # a number that is part of the name stays


def test_flags_status_and_forecast_decide_before_or_after_the_stage():
    r = _classify({
        "Stage": ["Negotiations Started", "Proposal Made", "Custom Stage", "Custom Stage", "Discovery", "Stage 9",
                  "Stage 9", "Stage 9"],
        "Status": ["won", "open", "", "", "lost", "", "", ""],                # Pipedrive: status decides
        "IsClosed": ["", "", "true", "false", "", "", "", ""],
        "IsWon": ["", "", "false", "", "", "", "", ""],
        "Forecast Category": ["", "", "", "", "", "Closed", "Omitted", "Pipeline"],
    })
    assert list(r.state) == ["closed", "open", "closed", "open", "closed", "closed", "closed", None]
    assert list(r.outcome) == ["won", None, "lost", None, "lost", "won", "lost", None]
    assert list(r.sop_stage) == ["Closed Won", "Proposal", "Closed Lost", None, "Closed Lost", "Closed Won",
                                 "Closed Lost", None]
    # an open deal in a custom stage has no SOP stage: reported, like the unknown one
    assert r.not_mapped == {"Custom Stage": 1, "Stage 9": 1}


def test_hubspot_closed_flags():
    r = _classify({"Deal Stage": ["presentationscheduled", "123456789", "123456789"],
                   "hs_is_closed": ["false", "true", "true"], "hs_is_closed_won": ["false", "true", "false"]})
    assert list(r.outcome) == [None, "won", "lost"] and list(r.state) == ["open", "closed", "closed"]
    assert r.sop_stage[0] == "Solution Design"


def test_a_won_date_makes_a_deal_won_when_nothing_else_says_so():
    # Olist's closed-deals table has no stage column: each row is a deal won on its won_date
    r = _classify({"deal_id": ["a", "b", "c"], "won_date": ["2018-02-26 19:58:54", "", "2018-03-21"]})
    assert list(r.outcome) == ["won", None, "won"] and list(r.state) == ["closed", None, "closed"]


def test_the_olist_shaped_closed_deals_file_is_audited_as_four_won_deals():
    result = invoke("deals", "audit", REPO / "tests/fixtures/third_party/made__olist_shaped_closed_deals.csv",
                    "--as-of", "2026-11-20", "--json")
    assert result.exit_code == 0, result.stderr
    totals = json.loads(result.stdout)["totals"]
    assert (totals["deals"], totals["closed_deals"], totals["open_deals"]) == (4, 4, 0)


def _maven_export(path, n_won=4238, n_lost=2473, n_engaging=1589, n_prospecting=500):
    """Made for this test, shaped like the Maven Analytics CRM sample (sales_pipeline.csv): 8,800 deals."""
    rng = random.Random(17)
    stages = ["Won"] * n_won + ["Lost"] * n_lost + ["Engaging"] * n_engaging + ["Prospecting"] * n_prospecting
    rng.shuffle(stages)
    lines = ["opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value"]
    for i, stage in enumerate(stages):
        engaged = "" if stage == "Prospecting" else f"2017-{rng.randint(1, 9):02d}-{rng.randint(1, 28):02d}"
        closed = stage in ("Won", "Lost")
        close = f"2017-{rng.randint(3, 12):02d}-{rng.randint(1, 28):02d}" if closed else ""
        value = str(rng.randint(40, 30000)) if stage == "Won" else "0" if closed else ""
        lines.append(f"{i:08X},Agent {i % 35},GTX Pro,Acme,{stage},{engaged},{close},{value}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_won_lost_export_is_not_all_open_and_closed_deals_are_never_past_due(tmp_path):
    path = _maven_export(tmp_path / "sales_pipeline.csv")
    table = read_table(path)
    mapping = detect_columns(list(table.frame.columns), schema="opportunities",
                             overrides={"stage": "deal_stage", "owner": "sales_agent", "amount": "close_value",
                                        "close_date": "close_date"})
    r = audit_deals(table.frame, mapping, CONFIG, now=NOW)
    t = r.totals
    assert (t["deals"], t["open_deals"], t["closed_deals"], t["won_deals"], t["lost_deals"]) == (8800, 500, 6711,
                                                                                                 4238, 2473)
    assert t["stage_not_mapped"] == 1589 and r.stage_not_mapped["values"] == {"Engaging": 1589}
    # the 500 open Prospecting deals have no close date: nothing to judge, said so; never 6,711 past due
    assert t["past_due"] is None and "close date" in str(r.not_measured["past_due"])
    assert not r.deals.loc[r.deals["state"] == "closed", "past_due"].any()
    assert set(r.problems["check"]) == {"stage_not_mapped", "missing_amount"}
    config = RevopsConfig.model_validate({"deals": {"stage_map": {"Engaging": "Discovery"}}})
    mapped = audit_deals(table.frame, mapping, config, now=NOW).totals
    assert (mapped["open_deals"], mapped["stage_not_mapped"]) == (2089, 0)


def test_won_lost_export_through_the_cli_says_what_it_could_not_judge(tmp_path):
    path = _maven_export(tmp_path / "sales_pipeline.csv")
    result = invoke("deals", "audit", path, "--map", "stage=deal_stage", "--map", "owner=sales_agent",
                    "--map", "close_date=close_date", "--as-of", NOW, "--json")
    assert result.exit_code == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["totals"]["open_deals"] == 500 and payload["totals"]["closed_deals"] == 6711
    assert payload["not_measured"]["past_due"] == ("close date column 'close_date' is blank on every open deal; "
                                                   "try --map close_date=HEADER")
    assert payload["stage_not_mapped"]["values"] == {"Engaging": 1589}
    table = invoke("deals", "audit", path, "--map", "stage=deal_stage", "--as-of", NOW)
    assert "8,800 deals: 500 open, 6,711 closed (4,238 won, 2,473 lost), 1,589 in a stage not mapped" in table.stdout
    assert "Stage not mapped: 1,589 deal(s) ('Engaging' 1,589)" in table.stdout
    assert "[deals.stage_map]" in table.stdout


def test_pardot_corpus_won_lost_and_6_won_are_all_closed():
    table = read_table(CORPUS / "fivetran_pardot__opportunities.csv")
    mapping = detect_columns(list(table.frame.columns), schema="opportunities", headers=table.header_map)
    r = audit_deals(table.frame, mapping, CONFIG, now=NOW)
    t = r.totals
    assert (t["deals"], t["open_deals"], t["won_deals"], t["lost_deals"], t["stage_not_mapped"]) == (30, 0, 29, 1, 0)
    # closed_at is read as the close date (snake_case of "Closed At"): no open deal, so none is past due
    assert t["past_due"] == 0 and t["hygiene_pct"] is None
    assert str(r.not_measured["hygiene"]) == "not measured (no deal is known to be open)"
    # the stage alone says the same as Pardot's status column
    stages = classify_deals(table.frame.drop(columns=["status"]),
                            detect_columns([c for c in table.frame.columns if c != "status"],
                                           schema="opportunities"), CONFIG.deals)
    assert dict(zip(*pd.Series(stages.outcome).value_counts().reset_index().to_numpy().T)) == {"won": 29, "lost": 1}


def test_duckflow_corpus_sop_stage_names():
    table = read_table(CORPUS / "duckflow__deals.csv")
    mapping = detect_columns(list(table.frame.columns), schema="opportunities", headers=table.header_map)
    t = audit_deals(table.frame, mapping, CONFIG, now=NOW).totals
    # counted with the csv module: 25 Closed Won, 31 Closed Lost, 94 open; every open close date is in 2024
    assert (t["open_deals"], t["won_deals"], t["lost_deals"], t["past_due"]) == (94, 25, 31, 94)


def test_no_stage_and_no_closed_flag_or_status_is_an_input_error(tmp_path):
    path = tmp_path / "no_stage.csv"
    path.write_text("Opportunity ID,Amount\nO1,5\n", encoding="utf-8")
    assert_input_error(invoke("deals", "audit", path), "no_stage.csv", "no stage column", "IsClosed")
    flags = tmp_path / "flags.csv"
    flags.write_text("Opportunity ID,Amount,IsClosed,IsWon\nO1,5,false,false\nO2,7,true,true\n", encoding="utf-8")
    result = invoke("deals", "audit", flags, "--as-of", NOW, "--json")
    assert result.exit_code == 0, result.stderr
    totals = json.loads(result.stdout)["totals"]
    assert (totals["open_deals"], totals["won_deals"], totals["stage_not_mapped"]) == (1, 1, 1)


OPPS_NO_CLOSE = """Opportunity ID,Stage,Amount,Opportunity Owner,Stage Entered Date,Next Step
O1,Prospecting,1000,Ann,11/15/2026,Call
O2,Discovery,,Bob,11/18/2026,
O3,Closed Won,5000,Ann,10/01/2026,
"""


def test_deals_audit_table_and_json_say_not_measured_and_fail_under_judges_only_what_ran(tmp_path):
    path = tmp_path / "opps.csv"
    path.write_text(OPPS_NO_CLOSE, encoding="utf-8")
    table = invoke("deals", "audit", path, "--as-of", NOW)
    assert table.exit_code == 0, table.stderr
    line = next(line for line in table.stdout.splitlines() if "close date in the past" in line)
    assert "not measured" in line and "no close date column" in line
    assert "1 of 2 open deals (50.0%) have no problem of the checks that ran" in table.stdout.replace("\n", " ")
    payload = json.loads(invoke("deals", "audit", path, "--as-of", NOW, "--json").stdout)
    assert payload["not_measured"]["past_due"] == "no close date column; try --map close_date=HEADER"
    assert payload["totals"]["past_due"] is None and payload["totals"]["hygiene_pct"] == 50.0
    # O1 is day 5 of 7 in Prospecting, clean; O2 has no amount and no next step: 1 of 2 clean
    assert invoke("deals", "audit", path, "--as-of", NOW, "--fail-under", "50").exit_code == 0
    assert invoke("deals", "audit", path, "--as-of", NOW, "--fail-under", "51").exit_code == 1


def test_fail_under_and_strict_neither_pass_nor_fail_on_nothing(tmp_path):
    path = tmp_path / "bare.csv"
    path.write_text("Opportunity ID,Stage\nO1,Discovery\nO2,Won\n", encoding="utf-8")
    before = path.read_bytes()
    result = invoke("deals", "audit", path, "--as-of", NOW, "--fail-under", "80", "--json")
    assert_input_error(result, "--fail-under 80: nothing to judge", "none of its checks could run")
    assert json.loads(result.stdout)["failed"] is None
    assert_input_error(invoke("deals", "audit", path, "--as-of", NOW, "--strict"), "--strict: nothing to judge")
    unmapped = tmp_path / "unmapped.csv"
    unmapped.write_text("Opportunity ID,Stage,Close Date\nO1,Engaging,2026-01-01\n", encoding="utf-8")
    assert_input_error(invoke("deals", "audit", unmapped, "--as-of", NOW, "--fail-under", "80"),
                       "no deal is known to be open: 1 deal(s) in a stage not mapped")
    assert path.read_bytes() == before


def test_strict_fails_on_a_problem_even_when_no_deal_is_open(tmp_path):
    path = tmp_path / "closed.csv"
    path.write_text("Opportunity ID,Stage,Discount (%),Discount Approved By\nO1,Won,25,\nO2,Lost,0,\n",
                    encoding="utf-8")
    result = invoke("deals", "audit", path, "--as-of", NOW, "--strict", "--json")
    assert result.exit_code == 1, result.stderr  # O1's 25% discount has no approver: a problem, open or not
    payload = json.loads(result.stdout)
    assert payload["failed"] is True and payload["totals"]["discount_missing"] == 1
    assert payload["totals"]["hygiene_pct"] is None
    assert_input_error(invoke("deals", "audit", path, "--as-of", NOW, "--fail-under", "90"),
                       "--fail-under 90: nothing to judge", "no deal is known to be open")


def test_the_weekly_pack_says_which_deal_checks_were_not_measured(tmp_path):
    opps = tmp_path / "opps.csv"
    opps.write_text("Opportunity ID,Stage,Amount,Opportunity Owner,Stage Entered Date\n"
                    "O1,Proposal,1000,Ann,11/01/2026\nO2,Won,5000,Bob,10/01/2026\n", encoding="utf-8")
    out = tmp_path / "weekly.md"
    result = invoke("report", "weekly", "--leads", REPO / "sample_data" / "salesforce_leads.csv",
                    "--opportunities", opps, "--as-of", "2026-11-20T08:00", "-o", out)
    assert result.exit_code == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert "| Past close date | not measured |" in text and "| Over stage time limit | 1 |" in text
    assert "past due: not measured (no close date column; try --map close_date=HEADER)" in text

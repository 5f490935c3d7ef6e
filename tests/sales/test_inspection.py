"""Sales Process SOP exit criteria, stage by stage (issue 24): what a deal owes, what its export shows."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import pytest

from revops_cli.columns import MappedFrame, detect_columns
from revops_cli.config import RevopsConfig
from revops_cli.core.sales.inspection import inspect_deals
from tests.conftest import SAMPLE, assert_input_error, invoke, read

CONFIG = RevopsConfig()
NOW = "2026-11-20T08:00-05:00"  # a Friday, before the working day starts in New York


def _frame(rows: list[dict]) -> pd.DataFrame:
    columns = list(dict.fromkeys(k for r in rows for k in r))
    return pd.DataFrame([[r.get(c, "") for c in columns] for r in rows], columns=columns, dtype="str")


def _deal(i: int, stage: str, **fields) -> dict:
    return {"Opportunity ID": f"O{i}", "Opportunity Name": f"Deal {i}", "Stage": stage, "Amount": "1000",
            "Opportunity Owner": "Ann", **fields}


def _inspect(rows, *, history=None, activities=None, config=CONFIG, **kwargs):
    frame = _frame(rows)
    hist = hist_map = None
    if history is not None:
        hist = _frame([{"Opportunity ID": d, "Stage": s, "Changed At": t} for d, s, t in history])
        hist_map = detect_columns(list(hist.columns), schema="stage_history")
    exports = None
    if activities is not None:
        acts = _frame([{"Opportunity ID": d, "Activity Type": k, "Subject": s, "Activity Date": t}
                       for d, k, s, t in activities])
        exports = [MappedFrame(acts, detect_columns(list(acts.columns), schema="activities"), "acts.csv")]
    return inspect_deals(frame, detect_columns(list(frame.columns), schema="opportunities"), config, now=NOW,
                         history=hist, history_mapping=hist_map, activities=exports, **kwargs)


def _status(result, deal: str, criterion: str) -> str:
    """met / missing / pending / unreadable / not owed, as the findings and counts say."""
    row = result.deals.set_index("opportunity_id").loc[deal]
    found = result.findings[(result.findings["opportunity_id"] == deal) & (result.findings["criterion"] == criterion)]
    if len(found):
        return "missing"
    c = result.criteria.set_index("criterion").loc[criterion]
    assert isinstance(c["columns"], str), c
    return row["verdict"]


# Each open stage's boundary: at the stage its criteria are still to do; one stage on they are owed.
BOUNDARIES = [
    ("Prospecting", "Discovery", "decision_maker_identified", "Decision Maker Identified", "true"),
    ("Discovery", "Solution Design", "champion_identified", "Champion", "Dana Whitaker"),
    ("Solution Design", "Proposal", "solution_fit_confirmed", "Solution Fit Confirmed", "1"),
    ("Proposal", "Negotiation", "proposal_delivered", "Proposal Sent Date", "11/02/2026"),
    ("Negotiation", "Closed Won", None, "Contract Sent Date", "11/10/2026"),
]


@pytest.mark.parametrize(("stage", "next_stage", "key", "column", "value"), BOUNDARIES)
def test_a_stage_s_criteria_are_to_do_at_the_stage_and_owed_once_past_it(stage, next_stage, key, column, value):
    r = _inspect([_deal(1, stage, **{column: ""}), _deal(2, next_stage, **{column: ""}),
                  _deal(3, next_stage, **{column: value})])
    crit = r.criteria[r.criteria["columns"] == column].iloc[0]
    d = r.deals.set_index("opportunity_id")
    # O1 owes only the earlier stages' criteria, which have no column here: not measured (none in Prospecting)
    at_stage = "pass" if stage == "Prospecting" else "not measured"
    if next_stage == "Closed Won":  # a won deal owes its close-out criteria, not the open stages' ones
        assert (crit["owed"], crit["met"], crit["missing"], crit["pending"]) == (0, 0, 0, 1)
        assert (d.loc["O1", "pending"], d.loc["O1", "verdict"]) == (1, at_stage)
        return
    assert (crit["owed"], crit["met"], crit["missing"], crit["pending"]) == (2, 1, 1, 1)
    assert (d.loc["O1", "owed"], d.loc["O1", "pending"], d.loc["O1", "verdict"]) == (0, 1, at_stage)
    assert (d.loc["O2", "missing"], d.loc["O2", "verdict"]) == (1, "fail")
    assert (d.loc["O3", "met"], d.loc["O3", "verdict"]) == (1, "pass")
    finding = r.findings[r.findings["opportunity_id"] == "O2"].iloc[0]
    assert (finding["check"], finding["criterion"], finding["criterion_stage"]) == ("missing_criterion", key, stage)


@pytest.mark.parametrize(("stage", "column", "value", "owed_by"), [
    ("Closed Won", "Kickoff Date", "11/22/2026", "Closed Won"),
    ("Closed Lost", "Loss Reason", "Price", "Closed Lost"),
])
def test_closed_deals_owe_their_close_out_criteria_and_open_deals_do_not(stage, column, value, owed_by):
    r = _inspect([_deal(1, stage, **{column: value}), _deal(2, stage, **{column: ""}),
                  _deal(3, stage, **{column: "n/a"}), _deal(4, "Negotiation", **{column: ""})])
    crit = r.criteria[r.criteria["columns"] == column].iloc[0]
    assert crit["stage"] == owed_by and (crit["owed"], crit["met"], crit["missing"], crit["pending"]) == (3, 1, 2, 0)
    assert list(r.deals["verdict"]) == ["pass", "fail", "fail", "not measured"]  # O4 owes no close-out criterion
    assert r.totals["closed_failing"] == 2


@pytest.mark.parametrize(("cell", "met"), [
    ("true", True), ("TRUE", True), ("1", True), ("yes", True), ("Yes", True), ("x", True), ("X", True),
    ("✓", True), ("✔", True), ("checked", True), ("1.0", True),
    ("false", False), ("0", False), ("no", False), ("", False), ("n/a", False), ("TBD", False), ("-", False),
])
def test_checkboxes_as_true_1_yes_x_check_mark(cell, met):
    r = _inspect([_deal(1, "Discovery", **{"Decision Maker Identified": cell})])
    assert r.deals.iloc[0]["verdict"] == ("pass" if met else "fail")
    assert r.totals["met" if met else "missing"] == 1


def test_any_column_showing_a_criterion_is_enough():
    r = _inspect([_deal(1, "Discovery", **{"Decision Maker Identified": "false", "Economic Buyer": "Jo Park"}),
                  _deal(2, "Discovery", **{"Decision Maker Identified": "false", "Economic Buyer": ""})])
    crit = r.criteria.set_index("criterion").loc["decision_maker_identified"]
    assert crit["columns"] == "Decision Maker Identified, Economic Buyer"
    assert list(r.deals["verdict"]) == ["pass", "fail"]


@pytest.mark.parametrize(("cell", "met"), [
    ("Slow response; Manual routing", False), ("Slow response; Manual routing; Duplicates", True),
    ("Slow response, Manual routing, Duplicates", True), ("Slow response\nManual routing\nDuplicates", True),
    ("3", True), ("2", False), ("yes", True), ("n/a; n/a; n/a", False),
])
def test_discovery_documents_at_least_three_pain_points(cell, met):
    r = _inspect([_deal(1, "Solution Design", **{"Pain Points": cell})])
    assert _status(r, "O1", "pain_points_documented") == ("pass" if met else "missing")
    # one pain point is enough for Prospecting's "initial pain point uncovered"; placeholders are none
    assert r.criteria.set_index("criterion").loc["pain_point_identified", "met"] == (0 if cell == "n/a; n/a; n/a"
                                                                                     else 1)


@pytest.mark.parametrize(("cell", "status"), [
    ("11/19/2026", "met"), ("11/20/2026", "met"),  # the as-of day counts as delivered
    ("11/21/2026", "missing"),                     # still ahead: not delivered yet
    ("yes", "met"), ("sent", "unreadable"), ("", "missing"),
])
def test_a_delivered_date_counts_once_it_is_past(cell, status):
    r = _inspect([_deal(1, "Negotiation", **{"Proposal Sent Date": cell})])
    crit = r.criteria.set_index("criterion").loc["proposal_delivered"]
    assert {"met": crit["met"], "missing": crit["missing"], "unreadable": crit["unreadable"]}[status] == 1
    assert crit["owed"] == 1


def test_a_scheduled_date_counts_whenever_it_is():
    r = _inspect([_deal(1, "Solution Design", **{"Demo Date": "12/03/2026"})])  # the demo is ahead: scheduled
    assert r.criteria.set_index("criterion").loc["demo_scheduled", "met"] == 1


# Demo recording within 2 business hours (New York, 9-17, Mon-Fri, US holidays); as of Fri 2026-11-20 08:00.
@pytest.mark.parametrize(("demo", "sent", "status"), [
    ("11/16/2026 10:00 AM", "11/16/2026 12:00 PM", "met"),        # exactly 2 business hours
    ("11/16/2026 10:00 AM", "11/16/2026 12:01 PM", "missing"),    # one minute late
    ("11/13/2026 4:00 PM", "11/16/2026 9:59 AM", "met"),          # Fri 16:00 -> Mon 9:59 is 1 h 59
    ("11/13/2026 4:00 PM", "11/16/2026 10:01 AM", "missing"),
    ("11/16/2026 10:00 AM", None, "missing"),                     # never sent, window long gone
    ("11/19/2026 4:30 PM", None, "pending"),                      # 30 business minutes so far
    ("11/19/2026 4:30 PM", "11/19/2026 4:45 PM", "met"),
])
def test_demo_recording_within_two_business_hours(demo, sent, status):
    acts = [("O1", "Demo", "Product demo", demo), ("O1", "Call", "Follow-up call", "11/19/2026 5:00 PM")]
    if sent:
        acts.append(("O1", "Email", "Demo recording + slides", sent))
    r = _inspect([_deal(1, "Solution Design")], activities=acts)
    crit = r.criteria.set_index("criterion").loc["demo_recording_sent"]
    counts = {"met": crit["met"], "missing": crit["missing"], "pending": crit["pending"]}
    assert counts[status] == 1 and sum(counts.values()) == 1
    if status == "missing":  # a late recording is a miss even while the deal is still in Solution Design
        assert r.deals.iloc[0]["verdict"] == "fail"
        detail = r.findings.iloc[0]["detail"]
        assert ("not sent" in detail) if sent is None else ("business hours after the demo" in detail)


def test_demo_recording_from_columns_needs_a_time_of_day():
    r = _inspect([_deal(1, "Proposal", **{"Demo Completed At": "11/16/2026 10:00", "Demo Recording Sent At":
                                          "11/16/2026 11:30"}),
                  _deal(2, "Proposal", **{"Demo Completed At": "11/16/2026", "Demo Recording Sent At": "11/16/2026"}),
                  _deal(3, "Proposal", **{"Demo Completed At": "", "Demo Recording Sent At": ""})])
    crit = r.criteria.set_index("criterion").loc["demo_recording_sent"]
    assert (crit["met"], crit["unreadable"], crit["missing"]) == (1, 2, 0)  # O3: no demo on record
    # nothing else these deals owe has a column: O2 and O3 cannot be judged either way
    assert list(r.deals["verdict"]) == ["pass", "not measured", "not measured"]
    assert r.findings.empty


def test_a_recording_ticked_sent_without_a_time_cannot_be_timed():
    r = _inspect([_deal(1, "Solution Design", **{"Demo Recording Sent": "true"}),
                  _deal(2, "Solution Design", **{"Demo Recording Sent": "false"})],
                 activities=[("O1", "Demo", "Product demo", "11/16/2026 10:00 AM"),
                             ("O2", "Demo", "Product demo", "11/16/2026 10:00 AM")])
    crit = r.criteria.set_index("criterion").loc["demo_recording_sent"]
    assert (crit["unreadable"], crit["missing"]) == (1, 1)
    assert r.deals["verdict"].tolist() == ["not measured", "fail"]  # O1 owes nothing else measurable


@pytest.mark.parametrize("header", ["Champion__c", "MEDDPICC_Champion__c", "MEDDIC Champion", "meddicc_champion",
                                    "champion_identified"])
def test_salesforce_and_methodology_field_names_are_recognised(header):
    r = _inspect([_deal(1, "Solution Design", **{header: "Dana Whitaker"})])
    assert r.criteria.set_index("criterion").loc["champion_identified", "columns"] == header


def test_a_criterion_without_a_column_is_not_measured_never_missing_for_everyone():
    r = _inspect([_deal(1, "Proposal", **{"Decision Maker Identified": "1"}), _deal(2, "Negotiation")])
    why = r.not_measured["champion_identified"]
    assert why.fix == "--map champion_identified=HEADER or deals.exit_criteria.Discovery.champion_identified.columns"
    assert "no column for 'champion identified' (looked for 'Champion identified', 'Champion'" in why.reason
    crit = r.criteria.set_index("criterion").loc["champion_identified"]
    assert pd.isna(crit["owed"]) and pd.isna(crit["missing"]) and crit["not_measured"].startswith("no column")
    assert "champion_identified" not in set(r.findings["criterion"])
    assert r.not_measured["solution_fit_confirmed"].fix.endswith('deals.exit_criteria."Solution Design".'
                                                                  'solution_fit_confirmed.columns')
    # O2 owes Prospecting's criteria too: its blank decision-maker cell is missing; the rest is not measured
    assert list(r.deals["verdict"]) == ["pass", "fail"]


def test_a_deal_that_owes_only_unmeasured_criteria_is_not_measured_and_left_out_of_the_share():
    r = _inspect([_deal(1, "Negotiation", Amount="5000", **{"Champion": "Jo"}),  # owes Discovery's champion: met
                  _deal(2, "Discovery", Amount="1000", **{"Champion": ""}),     # owes Prospecting's: no column
                  _deal(3, "Prospecting", Amount="2000", **{"Champion": ""})])  # owes nothing yet
    d = r.deals.set_index("opportunity_id")
    assert list(d["verdict"]) == ["pass", "not measured", "pass"]
    assert (d.loc["O2", "owed"], d.loc["O2", "not_measured"], d.loc["O3", "not_measured"]) == (0, 3, 0)
    assert (r.totals["open_inspected"], r.totals["open_value"], r.totals["passing_value_pct"]) == (2, 7000.0, 100.0)
    assert r.totals["open_not_measured"] == 1


def test_no_criterion_with_a_column_means_the_inspection_is_not_measured():
    r = _inspect([_deal(1, "Proposal"), _deal(2, "Closed Won")])
    assert r.totals["criteria_measured"] == 0 and r.totals["passing_value_pct"] is None
    assert str(r.not_measured["inspection"]) == ("not measured (no exit criterion has a column in this export; "
                                                 "try --map KEY=HEADER or [deals.exit_criteria] in revops.toml)")


def test_skipped_stage_is_reported_with_the_criteria_it_never_met():
    history = [("O1", "Prospecting", "10/01/2026"), ("O1", "Discovery", "10/05/2026"),
               ("O1", "Proposal", "10/20/2026"),                                        # skipped Solution Design
               ("O2", "Prospecting", "10/01/2026"), ("O2", "Solution Design", "10/03/2026 10:00"),
               ("O2", "Discovery", "10/03/2026 09:00"), ("O2", "Proposal", "10/10/2026"),  # same-day order: no skip
               ("O3", "Discovery", "10/01/2026"), ("O3", "Solution Design", "10/09/2026"),  # created in Discovery
               ("O4", "Prospecting", "09/01/2026"), ("O4", "Discovery", "09/05/2026"),
               ("O4", "Closed Won", "09/30/2026")]                        # won straight from Discovery
    r = _inspect([_deal(1, "Proposal", **{"Solution Fit Confirmed": "0", "ROI Validated": "1"}),
                  _deal(2, "Proposal", **{"Solution Fit Confirmed": "1", "ROI Validated": "1"}),
                  _deal(3, "Solution Design"),
                  _deal(4, "Closed Won", **{"Solution Fit Confirmed": "", "ROI Validated": "",
                                            "Proposal Sent Date": "09/20/2026", "Kickoff Date": "10/02/2026"})],
                 history=history)
    d = r.deals.set_index("opportunity_id")
    assert d.loc["O1", "skipped_stages"] == "Solution Design" and pd.isna(d.loc["O2", "skipped_stages"])
    assert pd.isna(d.loc["O3", "skipped_stages"])
    assert d.loc["O4", "skipped_stages"] == "Solution Design, Proposal, Negotiation"
    skips = r.findings[r.findings["check"] == "skipped_stage"].set_index("opportunity_id")["detail"]
    assert skips["O1"].startswith("Prospecting → Discovery → Proposal: skipped Solution Design; never met: "
                                  "Solution fit confirmed")
    assert "ROI validated" not in skips["O1"].split("never met:")[1]
    assert "never met: Solution fit confirmed, ROI validated" in skips["O4"]
    missed = r.findings[(r.findings["opportunity_id"] == "O1") & (r.findings["check"] == "missing_criterion")]
    assert list(missed["detail"]) == ["stage skipped (Solution Design); not shown"]
    # the won deal owes what it skipped: the fit and ROI are missing, the proposal was delivered
    assert d.loc["O4", "verdict"] == "fail" and d.loc["O4", "missing"] == 2
    assert r.totals["skipped_stage_deals"] == 2


def test_without_history_skips_are_not_measured():
    r = _inspect([_deal(1, "Proposal", **{"Solution Fit Confirmed": "1"})])
    assert r.totals["skipped_stage_deals"] is None
    assert r.not_measured["skipped_stages"].text == "no stage history; try --history FILE"


def test_pipeline_value_passing_and_owner_completeness_hand_computed():
    r = _inspect([
        _deal(1, "Discovery", Amount="1000", **{"Decision Maker Identified": "1", "Pain Points": "a"}),  # pass
        _deal(2, "Proposal", Amount="3000", **{"Decision Maker Identified": "0", "Pain Points": "a; b; c",
                                               "Champion": "Jo"}),  # fail: decision maker
        _deal(3, "Proposal", Amount="6000", **{"Decision Maker Identified": "1", "Pain Points": "a; b; c",
                                               "Champion": "Jo", "Opportunity Owner": "Bob"}),  # pass
        _deal(4, "Prospecting", Amount="9000", **{"Opportunity Owner": "Bob"}),  # owes nothing yet: pass
        _deal(5, "Closed Lost", Amount="500", **{"Loss Reason": "", "Opportunity Owner": "Bob"}),  # closed: not value
    ])
    t = r.totals
    assert (t["open_inspected"], t["open_passing"], t["open_value"], t["passing_value"]) == (4, 3, 19000.0, 16000.0)
    assert t["passing_value_pct"] == 84.2 and t["open_passing_pct"] == 75.0
    # owed checks: O1 2 met (decision maker, pain point); O2 3 met (pain point, champion, 3 pain points) and
    # 1 missing (decision maker); O3 4 met; O4 none; O5 1 missing (loss reason): 9 of 11
    assert (t["met"], t["missing"], t["completeness_pct"]) == (9, 2, 81.8)
    o = r.owners.set_index("owner")
    assert o.loc["Ann"][["open_deals", "passing", "failing", "completeness_pct", "open_value", "passing_value_pct"]] \
        .tolist() == [2, 1, 1, 83.3, 4000.0, 25.0]
    assert o.loc["Bob"][["open_deals", "passing", "completeness_pct", "open_value", "passing_value_pct"]] \
        .tolist() == [2, 2, 80.0, 15000.0, 100.0]


def test_config_switches_a_criterion_off_and_adds_one():
    config = RevopsConfig.model_validate({"deals": {"exit_criteria": {
        "Discovery": {"champion_identified": {"label": "Champion identified", "columns": []},
                      "security_review": {"label": "Security review done", "columns": ["Security Review"]}}}}})
    r = _inspect([_deal(1, "Solution Design", **{"Champion": "", "Security Review": "yes"})], config=config)
    c = r.criteria.set_index("criterion")
    assert c.loc["champion_identified", "not_measured"] == "off (columns = [])"
    assert c.loc["security_review", "met"] == 1 and "champion_identified" not in r.not_measured
    assert "bant_qualified" in c.index  # the SOP's other criteria are still there


def test_stage_vocabularies_are_inspected_as_their_sop_stage():
    r = _inspect([_deal(1, "presentationscheduled", **{"Decision Maker Identified": ""}),  # HubSpot: Solution Design
                  _deal(2, "Engaging")])
    assert r.deals.iloc[0]["sop_stage"] == "Solution Design" and r.deals.iloc[0]["verdict"] == "fail"
    assert r.deals.iloc[1]["verdict"] == "not inspected" and r.stage_not_mapped["values"] == {"Engaging": 1}


# --------------------------------------------------------------------------
# The command
# --------------------------------------------------------------------------

OPPS = """Opportunity ID,Opportunity Name,Stage,Amount,Opportunity Owner,Decision Maker Identified,Champ,Loss Reason
O1,Acme,Discovery,1000,Ann,1,,
O2,Beta,Proposal,3000,Ann,0,Jo,
O3,Gamma,Proposal,6000,Bob,1,Jo,
O4,Delta,Closed Lost,500,Bob,,,
"""


@pytest.fixture
def opps(tmp_path: Path) -> Path:
    path = tmp_path / "opps.csv"
    path.write_text(OPPS, encoding="utf-8")
    return path


def test_deals_inspect_problems_file_json_and_fail_under(opps):
    result = invoke("deals", "inspect", opps, "--map", "champion_identified=Champ", "--as-of", NOW, "--json",
                    "--problems", "findings.csv")
    assert result.exit_code == 0, result.stderr
    payload = json.loads(result.stdout)
    t = payload["totals"]
    # O2 fails (decision maker), O1 and O3 pass: 7,000 of 10,000
    assert (t["open_inspected"], t["open_passing"], t["passing_value_pct"]) == (3, 2, 70.0)
    assert "champion_identified" not in payload["not_measured"]
    assert payload["not_measured"]["bant_qualified"].endswith("try --map bant_qualified=HEADER or "
                                                              "deals.exit_criteria.Discovery.bant_qualified.columns")
    findings = read(Path("findings.csv"))
    assert findings[["opportunity_id", "criterion"]].values.tolist() == [["O2", "decision_maker_identified"],
                                                                         ["O4", "loss_reason_documented"]]
    base = ("deals", "inspect", opps, "--map", "champion_identified=Champ", "--as-of", NOW)
    assert invoke(*base, "--fail-under", "70").exit_code == 0
    assert invoke(*base, "--fail-under", "70.1").exit_code == 1
    assert invoke(*base, "--strict").exit_code == 1
    table = invoke(*base)
    assert "7,000.00 of 10,000.00 open pipeline value (70.0%) passes inspection" in table.stdout.replace("\n", " ")
    assert "not measured: bant_qualified" in table.stdout and "--map KEY=HEADER (KEY as shown" in table.stdout


def test_deals_inspect_on_nothing_measurable_exits_2_after_saying_why(tmp_path):
    path = tmp_path / "bare.csv"
    path.write_text("Opportunity ID,Stage,Amount\nO1,Proposal,100\n", encoding="utf-8")
    assert_input_error(invoke("deals", "inspect", path, "--as-of", NOW, "--fail-under", "50"),
                       "--fail-under 50: nothing to judge", "no exit criterion has a column")
    no_amount = tmp_path / "no_amount.csv"
    no_amount.write_text("Opportunity ID,Stage,Champion\nO1,Proposal,Jo\n", encoding="utf-8")
    result = invoke("deals", "inspect", no_amount, "--as-of", NOW, "--fail-under", "50", "--json")
    assert_input_error(result, "no amount column")
    assert json.loads(result.stdout)["totals"]["open_passing"] == 1


def test_deals_inspect_input_errors(opps, tmp_path):
    before = opps.read_bytes()
    assert_input_error(invoke("deals", "inspect", opps, "--map", "champion_identified=Champion Name"),
                       "--map champion_identified=Champion Name", "no column 'Champion Name'", "'Champ'")
    assert_input_error(invoke("deals", "inspect", opps, "--map", "champ=Champ"), "unknown field 'champ'")
    assert_input_error(invoke("deals", "inspect", opps, "--problems", opps), "input")
    bad = tmp_path / "acts.csv"
    bad.write_text("Foo,Bar\n1,2\n", encoding="utf-8")
    result = invoke("deals", "inspect", opps, "--activities", bad, "--as-of", NOW, "--json")
    assert result.exit_code == 0, result.stderr
    assert "acts.csv has no opportunity id or activity date column" in json.dumps(json.loads(result.stdout)
                                                                                    ["not_measured"])
    assert opps.read_bytes() == before


def test_deals_inspect_of_the_sample():
    result = invoke("deals", "inspect", SAMPLE / "opportunities.csv", "--history", SAMPLE / "stage_history.csv",
                    "--activities", SAMPLE / "deal_activities.csv", "--as-of", "2026-11-20T08:00", "--json",
                    "--problems", "findings.csv")
    assert result.exit_code == 0, result.stderr
    payload = json.loads(result.stdout)
    t = payload["totals"]
    assert (t["deals"], t["open_deals"], t["criteria"], t["criteria_measured"]) == (120, 74, 34, 19)
    # recounted with the csv module: Closed Lost deals whose Loss Reason is blank or 'n/a', Closed Won deals
    # without a Kickoff Date
    with open(SAMPLE / "opportunities.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    lost = [r for r in rows if r["Stage"] == "Closed Lost"]
    won = [r for r in rows if r["Stage"] == "Closed Won"]
    criteria = {c["criterion"]: c for c in payload["criteria"]}
    assert criteria["loss_reason_documented"]["owed"] == len(lost) == 20
    assert criteria["loss_reason_documented"]["missing"] == sum(r["Loss Reason"] in ("", "n/a") for r in lost)
    assert criteria["kickoff_scheduled"]["missing"] == sum(r["Kickoff Date"] == "" for r in won)
    assert criteria["demo_recording_sent"]["columns"] == "Demo Date, --activities"
    findings = read(Path("findings.csv"))
    assert len(findings) == t["findings"] and set(findings["check"]) == {"missing_criterion", "skipped_stage"}
    assert t["skipped_stage_deals"] == (findings["check"] == "skipped_stage").sum() > 0
    assert 0 < t["passing_value_pct"] < 100

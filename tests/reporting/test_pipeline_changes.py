"""Pipeline Changes (Reporting SOP, daily 10 AM): two opportunity snapshots, every kind of change, pushes counted
across snapshots, the open-pipeline bridge, per-owner totals, and the errors."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest

from revops_cli.columns import detect_columns
from revops_cli.config import RevopsConfig
from revops_cli.core.reporting.changes import Snapshot, pipeline_changes
from revops_cli.core.reporting.opportunities import read_opportunities
from revops_cli.errors import RevopsInputError
from revops_cli.report import render_slack
from revops_cli.report.changes_pack import SECTION_IDS
from tests.conftest import SAMPLE, assert_input_error, invoke

CONFIG = RevopsConfig()
HEADER = "Opportunity ID,Opportunity Name,Stage,Amount,Close Date,Opportunity Owner\n"
YESTERDAY = HEADER + """O1,Pushed,Proposal,10000,2026-11-30,Ann
O2,Slipped,Negotiation,20000,2026-12-15,Ann
O3,Reopened,Closed Lost,5000,2026-11-01,Bob
O4,Bigger,Discovery,8000,2026-12-01,Bob
O5,Gone,Prospecting,3000,2026-12-31,Ann
O7,Winner,Negotiation,40000,2026-11-25,Bob
O8,Loser,Proposal,15000,2026-11-28,Ann
O9,Steady,Discovery,12000,2026-12-20,Cy
O10,Smaller,Proposal,9000,2026-12-10,Cy
O11,Pulled in,Discovery,4000,2027-01-31,Cy
O12,Forward,Prospecting,6000,2027-01-15,Ann
O13,Handed over,Discovery,7000,2026-12-12,Ann
"""
TODAY = HEADER + """O1,Pushed,Proposal,10000,2027-01-15,Ann
O2,Slipped,Proposal,20000,2026-12-15,Ann
O3,Reopened,Discovery,5000,2026-12-20,Bob
O4,Bigger,Discovery,9500,2026-12-01,Bob
O6,Fresh,Prospecting,7000,2027-02-01,Bob
O7,Winner,Closed Won,42000,2026-11-19,Bob
O8,Loser,Closed Lost,15000,2026-11-19,Ann
O9,Steady,Discovery,12000,2026-12-20,Cy
O10,Smaller,Proposal,7500,2026-12-10,Cy
O11,Pulled in,Discovery,4000,2026-12-31,Cy
O12,Forward,Discovery,6000,2027-01-15,Ann
O13,Handed over,Discovery,7000,2026-12-12,Bob
"""


def snapshot(text: str, label: str, config: RevopsConfig = CONFIG) -> Snapshot:
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    return Snapshot(read_opportunities(frame, detect_columns(list(frame.columns), schema="opportunities"), config),
                    label)


@pytest.fixture(scope="module")
def changes():
    return pipeline_changes(snapshot(TODAY, "today.csv"), [snapshot(YESTERDAY, "yesterday.csv")], CONFIG)


def kinds_of(result, deal: str) -> list[str]:
    return list(result.changes.loc[result.changes["opportunity_id"] == deal, "kind"])


def test_each_deal_gets_exactly_the_changes_that_happened_to_it(changes):
    expected = {"O1": ["close_pushed"], "O2": ["moved_back"], "O3": ["reopened"], "O4": ["amount_up"],
                "O5": ["vanished"], "O6": ["new"], "O7": ["won"], "O8": ["lost"], "O9": [],
                "O10": ["amount_down"], "O11": ["close_pulled_in"], "O12": ["moved_forward"],
                "O13": ["owner_changed"]}
    assert {deal: kinds_of(changes, deal) for deal in expected} == expected
    assert changes.totals["deals_changed"] == 12 and changes.totals["changes"] == 12


def test_a_push_records_the_dates_and_the_days_it_moved(changes):
    row = changes.changes[changes.changes["opportunity_id"] == "O1"].iloc[0]
    assert (row["before"], row["after"], row["delta"], row["pushes"]) == ("2026-11-30", "2027-01-15", 46.0, 1)
    pulled = changes.changes[changes.changes["opportunity_id"] == "O11"].iloc[0]
    assert pulled["delta"] == -31.0 and pulled["pushes"] == 0


def test_a_reopened_deal_is_not_a_push_though_its_close_date_moved(changes):
    # closed lost on 11-01, open again closing 12-20: a reopening, not a forecast pushed out
    assert kinds_of(changes, "O3") == ["reopened"]
    assert int(changes.deals.loc[changes.deals["opportunity_id"] == "O3", "pushes"].iloc[0]) == 0


def test_stage_moves_follow_the_sales_process_order(changes):
    back = changes.changes[changes.changes["kind"] == "moved_back"].iloc[0]
    assert (back["before"], back["after"]) == ("Negotiation", "Proposal")
    forward = changes.changes[changes.changes["kind"] == "moved_forward"].iloc[0]
    assert (forward["before"], forward["after"]) == ("Prospecting", "Discovery")


def test_amount_changes_carry_the_difference(changes):
    up = changes.changes[changes.changes["kind"] == "amount_up"].iloc[0]
    down = changes.changes[changes.changes["kind"] == "amount_down"].iloc[0]
    assert (up["before"], up["after"], up["delta"]) == (8000.0, 9500.0, 1500.0)
    assert (down["delta"], down["amount"]) == (-1500.0, 7500.0)


def test_a_vanished_deal_is_reported_with_its_last_known_figures(changes):
    gone = changes.changes[changes.changes["kind"] == "vanished"].iloc[0]
    assert (gone["name"], gone["owner"], gone["before"], gone["after"], gone["amount"]) == (
        "Gone", "Ann", "Prospecting", None, 3000.0)


def test_the_bridge_walks_from_the_open_pipeline_then_to_the_one_now(changes):
    bridge = {b["step"]: b["amount"] for b in changes.bridge}
    # then: O1 10000 + O2 20000 + O4 8000 + O5 3000 + O7 40000 + O8 15000 + O9 12000 + O10 9000 + O11 4000
    #       + O12 6000 + O13 7000 = 134000 (O3 was closed)
    assert bridge == {"open pipeline then": 134000.0, "new": 7000.0, "reopened": 5000.0, "amount changes": 0.0,
                      "won": -40000.0, "lost": -15000.0, "vanished": -3000.0, "open pipeline now": 88000.0}
    assert sum(v for k, v in bridge.items() if k != "open pipeline now") == bridge["open pipeline now"]
    assert changes.totals["net_change"] == -46000.0
    assert changes.totals["won_amount"] == 42000.0  # the amount it was won at


def test_totals_per_owner_count_each_owner_once_by_the_current_owner(changes):
    owners = {row["owner"]: row for row in changes.owners.to_dict("records")}
    assert set(owners) == {"Ann", "Bob", "Cy"}
    assert (owners["Bob"]["won"], owners["Bob"]["won_amount"], owners["Bob"]["new"], owners["Bob"]["reopened"]) == (
        1, 42000.0, 1, 1)
    assert owners["Bob"]["changes"] == 5  # O3, O4, O6, O7 and O13 (now his)
    assert (owners["Ann"]["lost"], owners["Ann"]["vanished"], owners["Ann"]["moved_back"]) == (1, 1, 1)
    # O13 (7,000) is Bob's now: its open amount of yesterday counts for him, not for Ann
    assert owners["Ann"]["open_before"] == 54000.0 and owners["Ann"]["open_now"] == 36000.0
    assert owners["Bob"]["open_before"] == 55000.0 and owners["Bob"]["open_now"] == 28500.0
    assert owners["Cy"]["net_change"] == -1500.0


def test_pushes_are_counted_across_every_snapshot_given_oldest_first():
    week_ago = HEADER + "O1,Pushed,Proposal,10000,2026-11-15,Ann\nO9,Steady,Discovery,12000,2026-12-01,Cy\n"
    result = pipeline_changes(snapshot(TODAY, "today"), [snapshot(week_ago, "week ago"),
                                                         snapshot(YESTERDAY, "yesterday")], CONFIG)
    deals = result.deals.set_index("opportunity_id")
    assert deals.loc["O1", "pushes"] == 2  # 11-15 -> 11-30 -> 2027-01-15
    assert result.totals["pushed_more_than_once"] == 1
    # O9 was pushed last week and not since: counted, but no change today
    assert kinds_of(result, "O9") == []
    assert result.snapshots == 3 and result.previous == "yesterday"


def test_the_crm_push_count_is_shown_where_the_export_has_one():
    today = TODAY.replace("Opportunity Owner\n", "Opportunity Owner,Push Count\n", 1)
    today = "\n".join(line + (",3" if line.startswith("O1,") else ",0" if line.startswith("O") else "")
                      for line in today.splitlines()) + "\n"
    result = pipeline_changes(snapshot(today, "today"), [snapshot(YESTERDAY, "yesterday")], CONFIG)
    assert result.deals.set_index("opportunity_id").loc["O1", "crm_push_count"] == 3.0


def test_forecast_category_changes_need_the_column_in_both_snapshots(changes):
    assert "category_changed" in changes.not_measured
    assert "forecast_category" in str(changes.not_measured["category_changed"])
    yesterday = YESTERDAY.replace("Opportunity Owner\n", "Opportunity Owner,Forecast Category\n", 1)
    today = TODAY.replace("Opportunity Owner\n", "Opportunity Owner,Forecast Category\n", 1)
    yesterday = "\n".join(line + (",Best Case" if line.startswith("O9,") else ",Pipeline")
                          for line in yesterday.splitlines()[1:])
    today = "\n".join(line + ",Pipeline" for line in today.splitlines()[1:])
    header = HEADER.strip() + ",Forecast Category\n"
    result = pipeline_changes(snapshot(header + today + "\n", "t"), [snapshot(header + yesterday + "\n", "y")],
                              CONFIG)
    assert kinds_of(result, "O9") == ["category_changed"] and "category_changed" not in result.not_measured


def test_snapshots_without_an_id_or_with_a_repeated_id_are_input_errors():
    no_id = "Opportunity Name,Stage,Amount\nA,Proposal,100\n"
    with pytest.raises(RevopsInputError, match="no opportunity id column"):
        pipeline_changes(snapshot(no_id, "today.csv"), [snapshot(YESTERDAY, "y")], CONFIG)
    twice = TODAY + "O1,Pushed again,Proposal,1,2027-01-15,Ann\n"
    with pytest.raises(RevopsInputError, match="today.csv: opportunity id 'O1' is on 2 rows"):
        pipeline_changes(snapshot(twice, "today.csv"), [snapshot(YESTERDAY, "y")], CONFIG)
    with pytest.raises(RevopsInputError, match="--previous"):
        pipeline_changes(snapshot(TODAY, "t"), [], CONFIG)


def test_the_slack_message_is_block_kit_within_slack_limits(changes):
    from revops_cli.report import Report
    from revops_cli.report.changes_pack import changes_sections

    message = render_slack(Report("Pipeline Changes", changes_sections(changes), subtitle="yesterday → today"))
    assert json.loads(json.dumps(message)) == message
    assert message["text"].startswith("Pipeline Changes") and len(message["blocks"]) <= 50
    assert message["blocks"][0] == {"type": "header", "text": {"type": "plain_text", "text": "Pipeline Changes",
                                                               "emoji": True}}
    for block in message["blocks"]:
        assert block["type"] in {"header", "section", "context", "divider"}
        if block["type"] == "section":
            assert len(block.get("text", {}).get("text", "")) <= 3000 and len(block.get("fields", [])) <= 10
    headlines = next(b["text"]["text"] for b in message["blocks"] if "*Headlines*" in b.get("text", {}).get("text", ""))
    assert "Won: Winner — $42,000, Bob" in headlines and "Slipped back: Slipped — $20,000, Ann (Negotiation → " \
                                                        "Proposal)" in headlines


# --------------------------------------------------------------------------- the command


def test_the_command_on_the_sample_snapshots_writes_html_markdown_json_and_slack(tmp_path):
    args = ("report", "pipeline-changes", "--opportunities", SAMPLE / "opportunities.csv", "--previous",
            SAMPLE / "opportunities_2026-11-19.csv", "--as-of", "2026-11-20T10:00")
    result = invoke(*args, "-o", tmp_path / "changes.json", "--quiet")
    assert result.exit_code == 0, result.stderr
    figures = json.loads((tmp_path / "changes.json").read_text(encoding="utf-8"))
    totals = figures["totals"]
    # yesterday's export had 120 rows, 2 of them gone today (a merged duplicate, a test record); 2 deals are new
    assert (totals["deals_before"], totals["deals_now"], totals["new"], totals["vanished"]) == (120, 120, 2, 2)
    assert totals["reopened"] == 1 and totals["moved_back"] == 2 and totals["close_pushed"] == 8
    assert [s["id"] for s in figures["report"]["sections"]] == list(SECTION_IDS)
    bridge = [b["amount"] for b in figures["bridge"]]
    assert round(sum(bridge[:-1]), 2) == bridge[-1]
    slack = invoke(*args, "-o", tmp_path / "changes.slack.json", "--quiet")
    assert slack.exit_code == 0, slack.stderr
    message = json.loads((tmp_path / "changes.slack.json").read_text(encoding="utf-8"))
    assert set(message) == {"text", "blocks"} and len(message["blocks"]) <= 50
    md = invoke(*args, "-o", tmp_path / "changes.md", "--quiet")
    assert md.exit_code == 0 and "## What changed" in (tmp_path / "changes.md").read_text(encoding="utf-8")


def test_command_errors_exit_2_and_write_nothing(tmp_path):
    out = tmp_path / "changes.html"
    assert_input_error(invoke("report", "pipeline-changes", "--opportunities", SAMPLE / "opportunities.csv",
                              "-o", out), "--previous")
    assert_input_error(invoke("report", "pipeline-changes", "--opportunities", SAMPLE / "opportunities.csv",
                              "--previous", SAMPLE / "opportunities_2026-11-19.csv"), "-o changes.html")
    assert_input_error(invoke("report", "pipeline-changes", "--opportunities", SAMPLE / "opportunities.csv",
                              "--previous", SAMPLE / "opportunities_2026-11-19.csv", "-o", tmp_path / "c.txt"),
                       ".html")
    no_id = tmp_path / "no_id.csv"
    no_id.write_text("Opportunity Name,Stage,Amount\nA,Proposal,100\n", encoding="utf-8")
    assert_input_error(invoke("report", "pipeline-changes", "--opportunities", no_id, "--previous",
                              SAMPLE / "opportunities_2026-11-19.csv", "-o", out), "no_id.csv: no opportunity id")
    assert not out.exists() and no_id.read_text(encoding="utf-8") == "Opportunity Name,Stage,Amount\nA,Proposal,100\n"

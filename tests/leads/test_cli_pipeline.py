"""`revops leads score`, `leads route` and `leads process` through the CLI: outputs, state, errors."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import SAMPLE, assert_input_error, invoke, read

NOW = "2026-11-20T08:00"

ROSTER_CSV = (
    "Rep ID,Name,Email,Role,Territory,Weight,Capacity,Active,Out Of Office Until,Time Zone\n"
    "R1,Ana Reyes,ana@us.example,Sales Rep,North America,1,,TRUE,,America/New_York\n"
    "R2,Ben Cole,ben@us.example,Sales Rep,North America,1,,TRUE,,America/New_York\n"
    "R3,Cara Diaz,cara@us.example,Senior Sales Rep,North America,1,,TRUE,,America/New_York\n"
    "R4,Dev Shah,dev@us.example,SDR,North America,1,,TRUE,,America/New_York\n"
    "R5,Mo Lee,mo@us.example,Sales Manager,All,1,,TRUE,,America/New_York\n"
)
# Already scored (as `leads score` writes them): four Warm leads, one owned by an active rep.
SCORED_CSV = (
    "Lead ID,First Name,Last Name,Country,State,Lead Owner,Create Date,revops_score,revops_band\n"
    "L1,Amy,Ng,US,NY,,2026-11-20 07:00,65,Warm\n"
    "L2,Bo,Li,US,CA,,2026-11-20 07:10,70,Warm\n"
    "L3,Cy,Oh,US,TX,Ben Cole,2026-11-20 07:20,61,Warm\n"
    "L4,Di,Ma,US,FL,,2026-11-20 07:30,79,Warm\n"
    "L5,Ed,Yu,DE,,,2026-11-20 07:40,85,Hot\n"
    "L6,Fa,Ko,US,WA,,2026-11-20 07:50,12,Cold\n"
)


@pytest.fixture
def roster(tmp_path: Path) -> Path:
    path = tmp_path / "reps.csv"
    path.write_text(ROSTER_CSV, encoding="utf-8")
    return path


@pytest.fixture
def scored(tmp_path: Path) -> Path:
    path = tmp_path / "scored.csv"
    path.write_text(SCORED_CSV, encoding="utf-8")
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --------------------------------------------------------------------------- score


def test_score_adds_the_three_dimensions_their_sum_and_the_band():
    source = SAMPLE / "salesforce_leads.csv"
    before = digest(source)
    result = invoke("leads", "score", source, "-o", "scored.csv", "--now", NOW, "--explain", "--json")
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    out = read(Path("scored.csv"))
    original = read(source)
    assert len(out) == summary["rows"] == len(original) == 500
    assert list(out.columns[:len(original.columns)]) == list(original.columns)  # originals first, untouched
    # untouched, except that the writer guards cells a spreadsheet would run as a formula
    guarded = out[original.columns].where(~out[original.columns].eq("'" + original), original)
    assert guarded.equals(original)
    parts = out[["revops_score_demographic", "revops_score_firmographic", "revops_score_behavioral"]].astype(int)
    assert (parts.sum(axis=1) == out["revops_score"].astype(int)).all()
    assert parts["revops_score_demographic"].max() <= 30 and parts["revops_score_behavioral"].max() <= 40
    assert sum(summary["bands"].values()) == 500
    assert out["revops_band"].value_counts().to_dict() == {k: v for k, v in summary["bands"].items() if v}
    hot = out[out["revops_band"] == "Hot"]["revops_score"].astype(int)
    assert hot.empty or hot.min() >= 80
    assert out["revops_score_reasons"].str.match(r"^Score \d+: ").all()
    assert digest(source) == before  # the input is never written to


def test_score_with_engagement_links_every_event_and_raises_behaviour():
    engagement = SAMPLE / "engagement.csv"
    events = len(read(engagement))
    plain = invoke("leads", "score", SAMPLE / "salesforce_leads.csv", "-o", "plain.csv", "--now", NOW, "--json")
    with_events = invoke("leads", "score", SAMPLE / "salesforce_leads.csv", "-o", "events.csv", "--now", NOW,
                         "--activities", engagement, "--json")
    assert plain.exit_code == with_events.exit_code == 0, with_events.stderr
    summary = json.loads(with_events.stdout)
    assert summary["activities_linked"] + summary["activities_unlinked"] == events
    assert summary["activities_linked"] == events  # by id, or by email for the ~10% that only give one
    before = read(Path("plain.csv"))["revops_score_behavioral"].astype(int)
    after = read(Path("events.csv"))["revops_score_behavioral"].astype(int)
    assert (after >= before).all() and after.sum() > before.sum()


def test_score_calibrates_bands_against_opportunities():
    result = invoke("leads", "score", SAMPLE / "salesforce_leads.csv", "-o", "scored.csv", "--now", NOW,
                    "--activities", SAMPLE / "engagement.csv", "--calibrate", SAMPLE / "opportunities.csv", "--json")
    assert result.exit_code == 0, result.stderr
    calibration = json.loads(result.stdout)["calibration"]
    assert [b["band"] for b in calibration["bands"]] == ["Hot", "Warm", "Qualified", "Early", "Cold"]
    assert sum(b["leads"] for b in calibration["bands"]) == 500
    assert calibration["matched_outcomes"] == 58  # opportunities with a Converted Lead ID
    assert sum(b["converted"] for b in calibration["bands"]) <= 58


def test_score_target_accounts_file_gives_the_target_account_points(tmp_path):
    targets = tmp_path / "targets.csv"
    targets.write_text("Account Name\nACME Corp.\n", encoding="utf-8")
    leads = tmp_path / "leads.csv"
    leads.write_text("Lead ID,Company\nL1,\"Acme, Inc.\"\nL2,Globex\n", encoding="utf-8")
    result = invoke("leads", "score", leads, "-o", "out.csv", "--target-accounts", targets, "--now", NOW)
    assert result.exit_code == 0, result.stderr
    assert read(Path("out.csv"))["revops_score_firmographic"].tolist() == ["10", "0"]


def test_score_prints_bands_and_a_histogram():
    result = invoke("leads", "score", SAMPLE / "salesforce_leads.csv", "-o", "scored.csv", "--now", NOW)
    assert result.exit_code == 0, result.stderr
    for text in ("Hot", "80+", "60-79", "Score histogram", "90-100", "500 rows scored"):
        assert text in result.stdout


@pytest.mark.parametrize("option", ["--as-of", "--now"])
@pytest.mark.parametrize("now", ["yesterday-ish", "2026-13-45"])
def test_score_refuses_a_bad_as_of_under_either_name(leads_csv, now, option):
    assert_input_error(invoke("leads", "score", leads_csv, "-o", "out.csv", option, now), "--as-of", "ISO")
    assert not Path("out.csv").exists()


def test_now_and_as_of_are_one_option_for_every_command(leads_csv):
    """--now (the old name of score/route/process) is --as-of everywhere, also written --now=..."""
    first = invoke("leads", "score", leads_csv, "-o", "a.csv", "--now", "2026-11-20T08:00", "--json")
    second = invoke("leads", "score", leads_csv, "-o", "b.csv", "--as-of=2026-11-20T08:00", "--json")
    third = invoke("data", "audit", leads_csv, "--now=2026-11-20T08:00", "--json")
    assert first.exit_code == second.exit_code == third.exit_code == 0, (first.stderr, third.stderr)
    assert Path("a.csv").read_bytes() == Path("b.csv").read_bytes()
    assert '"now": "2026-11-20T13:00:00+00:00"' in first.stdout


def test_score_refuses_activities_without_a_date(leads_csv, tmp_path):
    activities = tmp_path / "acts.csv"
    activities.write_text("Lead ID,Activity Type\n00Q1,Call\n", encoding="utf-8")
    assert_input_error(invoke("leads", "score", leads_csv, "-o", "out.csv", "--activities", activities),
                       "acts.csv", "no activity date column")
    assert not Path("out.csv").exists()


def test_score_refuses_activities_it_cannot_join(leads_csv, tmp_path):
    activities = tmp_path / "acts.csv"
    activities.write_text("Activity Type,Activity Date\nCall,2026-11-01\n", encoding="utf-8")
    assert_input_error(invoke("leads", "score", leads_csv, "-o", "out.csv", "--activities", activities),
                       "acts.csv", "no lead id or email column")


def test_score_refuses_a_target_list_without_names(leads_csv, tmp_path):
    targets = tmp_path / "targets.csv"
    targets.write_text("Region,Tier\nEMEA,1\n", encoding="utf-8")
    assert_input_error(invoke("leads", "score", leads_csv, "-o", "out.csv", "--target-accounts", targets),
                       "targets.csv", "no account name column")


def test_score_names_a_missing_input(tmp_path):
    assert_input_error(invoke("leads", "score", tmp_path / "nope.csv", "-o", "out.csv"), "nope.csv")


# --------------------------------------------------------------------------- route


def test_route_assigns_by_tier_round_robin_and_keeps_active_owners(scored, roster):
    result = invoke("leads", "route", scored, "-o", "routed.csv", "--reps", roster, "--now", NOW, "--json")
    assert result.exit_code == 0, result.stderr
    out = read(Path("routed.csv"))
    assert len(out) == 6
    assert out["revops_queue"].tolist() == ["sales", "sales", "sales", "sales", "senior_sales", "nurture"]
    # L3 keeps Ben; the three unowned Warm leads alternate between the two Sales Reps.
    assert out["revops_owner"].tolist()[:4] == ["Ana Reyes", "Ben Cole", "Ben Cole", "Ana Reyes"]
    assert "kept owner Ben Cole" in out["revops_route_reason"][2]
    # L5 (DE): no territory covers Germany, so the Hot lead goes to the sales manager, with the reason.
    assert out["revops_owner"][4] == "Mo Lee" and "escalated" in out["revops_route_reason"][4]
    assert out["revops_owner"][5] == "Marketing Nurture" and out["revops_sla_minutes"][5] == ""
    assert out["revops_alert"].tolist()[:2] == ["Email", "Email"] and out["revops_alert"][4] == "SMS + Email"
    summary = json.loads(result.stdout)
    assert summary["escalations"] == 1 and summary["kept_owner"] == 1


def test_route_state_carries_the_rotation_and_reruns_are_identical(scored, roster, tmp_path):
    first = invoke("leads", "route", scored, "-o", "a.csv", "--reps", roster, "--state", "state.json", "--now", NOW)
    assert first.exit_code == 0, first.stderr
    saved = Path("state.json").read_text(encoding="utf-8")
    assert json.loads(saved)["pools"]  # the rotation was written down
    Path("copy.json").write_text(saved, encoding="utf-8")
    second = invoke("leads", "route", scored, "-o", "b.csv", "--reps", roster, "--state", "state.json", "--now", NOW)
    third = invoke("leads", "route", scored, "-o", "c.csv", "--reps", roster, "--state", "copy.json", "--now", NOW)
    assert second.exit_code == third.exit_code == 0
    a, b, c = (read(Path(name)) for name in ("a.csv", "b.csv", "c.csv"))
    # run 1 hands the three unowned Warm leads Ana, Ben, Ana (L3 stays Ben's); run 2 carries on
    # where it stopped (Ana 2, Ben 1), so Ben is next, then the two are level again.
    assert a["revops_owner"].tolist()[:4] == ["Ana Reyes", "Ben Cole", "Ben Cole", "Ana Reyes"]
    assert b["revops_owner"].tolist()[:4] == ["Ben Cole", "Ana Reyes", "Ben Cole", "Ben Cole"]
    assert b.equals(c)  # same input + same state -> same assignment


def test_route_dry_run_writes_nothing_and_leaves_the_state_alone(scored, roster):
    result = invoke("leads", "route", scored, "--reps", roster, "--state", "state.json", "--now", NOW, "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert "Would assign" in result.stdout and "dry run" in result.stdout
    assert not Path("state.json").exists()


def test_route_reassign_routes_owned_leads_too(scored, roster):
    result = invoke("leads", "route", scored, "-o", "out.csv", "--reps", roster, "--now", NOW, "--reassign")
    assert result.exit_code == 0, result.stderr
    assert "kept owner" not in " ".join(read(Path("out.csv"))["revops_route_reason"])


def test_route_needs_an_output_or_dry_run(scored, roster):
    assert_input_error(invoke("leads", "route", scored, "--reps", roster), "-o OUT", "--dry-run")


def test_route_needs_a_roster(scored):
    assert_input_error(invoke("leads", "route", scored, "-o", "out.csv"), "--reps")


def test_route_refuses_unscored_leads(leads_csv, roster):
    assert_input_error(invoke("leads", "route", leads_csv, "-o", "out.csv", "--reps", roster), "revops leads score")
    assert not Path("out.csv").exists()


def test_route_refuses_a_corrupt_state_file(scored, roster):
    Path("state.json").write_text("{not json", encoding="utf-8")
    assert_input_error(invoke("leads", "route", scored, "-o", "out.csv", "--reps", roster, "--state", "state.json"),
                       "state.json")
    assert not Path("out.csv").exists()
    assert Path("state.json").read_text(encoding="utf-8") == "{not json"  # left for the user to look at


def test_route_names_the_roster_row_with_a_bad_weight(scored, tmp_path):
    roster = tmp_path / "bad_reps.csv"
    roster.write_text(ROSTER_CSV.replace("R2,Ben Cole,ben@us.example,Sales Rep,North America,1",
                                         "R2,Ben Cole,ben@us.example,Sales Rep,North America,heavy"), encoding="utf-8")
    result = invoke("leads", "route", scored, "-o", "out.csv", "--reps", roster)
    assert_input_error(result, "bad_reps.csv", "heavy")


def test_route_finds_the_roster_beside_the_config(scored, roster, tmp_path):
    Path("revops.toml").write_text('[routing]\nreps_file = "reps.csv"\n', encoding="utf-8")
    result = invoke("leads", "route", scored, "-o", "out.csv", "--now", NOW)
    assert result.exit_code == 0, result.stderr
    assert read(Path("out.csv"))["revops_owner"][0] == "Ana Reyes"


# --------------------------------------------------------------------------- process


def test_process_runs_the_whole_sop_on_the_sample_export():
    source = SAMPLE / "salesforce_leads.csv"
    before = digest(source)
    result = invoke("leads", "process", source, "-o", "processed.csv", "--reps", SAMPLE / "reps.csv",
                    "--territories", SAMPLE / "territories.csv", "--activities", SAMPLE / "engagement.csv",
                    "--state", "state.json", "--changes", "changes.csv", "--now", NOW, "--json")
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    out = read(Path("processed.csv"))
    log = read(Path("processed_merges.csv"))
    assert (summary["rows_in"], summary["rows_out"], len(out)) == (500, 475, 475)
    # nothing lost: every input row is a survivor in the output or a merged record in the log
    merged = log[log["revops_role"] == "merged"]
    assert len(out) + len(merged) == 500
    assert set(out["Lead ID"]) | set(merged["Lead ID"]) == set(read(source)["Lead ID"])
    for column in ("revops_issues", "revops_cluster_id", "revops_account_id", "revops_enrich", "revops_score",
                   "revops_band", "revops_queue", "revops_owner", "revops_route_reason"):
        assert column in out.columns
    assert sum(summary["score"]["bands"].values()) == 475
    assert sum(summary["route"]["by_queue"].values()) == 475
    assert Path("state.json").exists() and len(read(Path("changes.csv"))) == summary["clean"]["cells_changed"]
    assert digest(source) == before


def test_process_reads_another_crm_export():
    result = invoke("leads", "process", SAMPLE / "hubspot_contacts.csv", "-o", "out.xlsx", "--reps",
                    SAMPLE / "reps.csv", "--now", NOW, "--json")
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    out = pd.read_excel("out.xlsx", dtype=str, engine="calamine")
    assert len(out) == summary["rows_out"] and summary["rows_in"] == 200
    assert out["revops_queue"].notna().all()


def test_process_with_stdout_needs_a_log(leads_csv):
    assert_input_error(invoke("leads", "process", leads_csv, "-o", "-", "--reps", SAMPLE / "reps.csv"), "--log")


def test_process_credits_a_merged_records_activities_to_its_survivor(tmp_path, roster):
    leads = tmp_path / "leads.csv"
    leads.write_text("Lead ID,First Name,Last Name,Email,Company,Create Date,Last Activity\n"
                     "L1,John,Smith,john.smith@acme.com,Acme,2026-11-01,2026-11-18\n"
                     "L2,Mary,Jones,mary@globex.com,Globex,2026-11-02,\n"
                     "L3,JOHN,SMITH,John.Smith@ACME.COM,Acme,2026-11-03,\n", encoding="utf-8")
    activities = tmp_path / "engagement.csv"
    activities.write_text("Lead ID,Activity Type,Activity Date\nL3,Request Demo,2026-11-19 10:00\n", encoding="utf-8")
    result = invoke("leads", "process", leads, "-o", "out.csv", "--reps", roster, "--activities", activities,
                    "--now", NOW, "--explain", "--json")
    assert result.exit_code == 0, result.stderr
    out = read(Path("out.csv")).set_index("Lead ID")
    assert list(out.index) == ["L1", "L2"]  # L3 merged into L1 (most complete, oldest)
    assert out.loc["L1", "revops_score_reasons"].endswith("+20 demo request today")
    assert json.loads(result.stdout)["score"]["activities_linked"] == 1


REVIEW_CSV = ("Lead ID,First Name,Last Name,Email,Company,Create Date\n"
              "L1,Eric,Chan,eric@gmail.com,Initech,2026-11-01\n"
              "L2,Erik,Chan,erik.c@yahoo.com,Initech,2026-11-02\n"
              "L3,Mary,Jones,mary@globex.com,Globex,2026-11-03\n")


def test_process_writes_the_pairs_for_review_it_reports(tmp_path, roster):
    leads = tmp_path / "leads.csv"
    leads.write_text(REVIEW_CSV, encoding="utf-8")
    result = invoke("leads", "process", leads, "-o", tmp_path / "out.csv", "--reps", roster, "--now", NOW,
                    "--review", tmp_path / "pairs.csv")
    assert result.exit_code == 0, result.stderr
    assert f"1 pairs for review (in {tmp_path / 'pairs.csv'})" in " ".join(result.stdout.split())
    pairs = read(tmp_path / "pairs.csv")
    assert pairs[["id_a", "id_b", "rule", "name_a", "name_b"]].values.tolist() == [
        ["L1", "L2", "fuzzy_name", "Eric Chan", "Erik Chan"]]
    # the same pairs `leads dedupe --review` writes
    assert invoke("leads", "dedupe", leads, "-o", tmp_path / "d.csv", "--review", tmp_path / "d_pairs.csv").exit_code == 0
    assert read(tmp_path / "d_pairs.csv").equals(pairs)
    without = invoke("leads", "process", leads, "-o", tmp_path / "out2.csv", "--reps", roster, "--now", NOW)
    assert "1 pairs for review (--review PAIRS writes them)" in " ".join(without.stdout.split())


def test_process_review_file_may_not_overwrite_an_input(tmp_path, roster):
    leads = tmp_path / "leads.csv"
    leads.write_text(REVIEW_CSV, encoding="utf-8")
    before = leads.read_bytes()
    assert_input_error(invoke("leads", "process", leads, "-o", tmp_path / "out.csv", "--reps", roster,
                              "--review", leads), "input")
    assert leads.read_bytes() == before

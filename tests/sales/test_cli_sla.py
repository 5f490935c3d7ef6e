"""`revops sla audit` through the CLI: tables, --json, --breaches, --fail-under exit codes, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import SAMPLE, assert_input_error, invoke, read

AS_OF = "2026-11-20T08:00"
SAMPLE_ARGS = ("--leads", SAMPLE / "salesforce_leads.csv", "--activities", SAMPLE / "activities.csv",
               "--reps", SAMPLE / "reps.csv", "--as-of", AS_OF)

LEADS_CSV = ("Lead ID,First Name,Last Name,Rating,Lead Owner,Create Date,Lead Status\n"
             "L1,Amy,Ng,Warm,Sam Rivera,2026-11-20 17:55,Working\n"
             "L2,Bo,Li,Warm,Sam Rivera,2026-11-20 17:55,Working\n")
ACTIVITIES_CSV = ("Lead ID,Activity Type,Activity Date,Assigned\n"
                  "L1,Call,2026-11-23 09:30,Sam Rivera\n"
                  "L2,Call,2026-11-23 10:05,Sam Rivera\n")
REPS_CSV = "Name,Role,Active,Time Zone\nSam Rivera,Sales Rep,TRUE,America/New_York\n"


@pytest.fixture
def timeline(tmp_path: Path) -> tuple[Path, Path, Path]:
    paths = []
    for name, text in (("leads.csv", LEADS_CSV), ("acts.csv", ACTIVITIES_CSV), ("reps.csv", REPS_CSV)):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return tuple(paths)


def test_audit_of_the_sample_prints_every_check_and_writes_the_breaches():
    result = invoke("sla", "audit", *SAMPLE_ARGS, "--breaches", "breaches.csv", "--unresponsive", "unresponsive.csv")
    assert result.exit_code == 0, result.stderr  # no --fail-under: an audit that ran is exit 0
    for text in ("response SLA by band", "By rep", "By week", "phone and email", "3 calls and 4 emails",
                 "within 24 hours", "assigned", "Daily activity minimums", "compliance 65.6%"):
        assert text in result.stdout, text
    breaches = read(Path("breaches.csv"))
    assert len(breaches) == 789
    assert set(breaches["check"]) == {"response", "agreement", "cadence", "disposition"}
    assert len(read(Path("unresponsive.csv"))) == 2


def test_json_gives_the_same_figures(timeline):
    leads, acts, reps = timeline
    result = invoke("sla", "audit", "--leads", leads, "--activities", acts, "--reps", reps,
                    "--as-of", "2026-11-24T12:00", "--json")
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["compliance_percent"] == 50.0  # L1 met after 30 business minutes, L2 breached after 65
    assert summary["breaches_by_check"]["response"] == 1
    assert summary["failed"] is False


@pytest.mark.parametrize(("threshold", "code"), [("95", 1), ("50", 0), ("40", 0)])
def test_fail_under_exits_1_only_when_compliance_is_below_it(timeline, threshold, code):
    leads, acts, reps = timeline
    result = invoke("sla", "audit", "--leads", leads, "--activities", acts, "--reps", reps,
                    "--as-of", "2026-11-24T12:00", "--fail-under", threshold)
    assert result.exit_code == code, result.stderr
    assert "Error" not in result.stderr


def test_from_and_to_limit_the_leads_audited(timeline):
    leads, acts, reps = timeline
    result = invoke("sla", "audit", "--leads", leads, "--activities", acts, "--reps", reps,
                    "--as-of", "2026-11-24T12:00", "--from", "2026-11-21", "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["audited"] == 0


@pytest.mark.parametrize(("option", "value", "message"), [
    ("--from", "last week", "YYYY-MM-DD"), ("--to", "2026-02-30", "YYYY-MM-DD"), ("--as-of", "soon", "ISO"),
])
def test_bad_dates_are_input_errors(timeline, option, value, message):
    leads, acts, reps = timeline
    assert_input_error(invoke("sla", "audit", "--leads", leads, "--activities", acts, option, value), message)


def test_to_before_from_is_an_input_error(timeline):
    leads, acts, _ = timeline
    assert_input_error(invoke("sla", "audit", "--leads", leads, "--activities", acts, "--from", "2026-11-20",
                              "--to", "2026-11-01"), "--to 2026-11-01 is before --from")


def test_activities_without_a_date_column_are_an_input_error(timeline, tmp_path):
    leads, _, _ = timeline
    bad = tmp_path / "bad.csv"
    bad.write_text("Lead ID,Activity Type\nL1,Call\n", encoding="utf-8")
    assert_input_error(invoke("sla", "audit", "--leads", leads, "--activities", bad, "--breaches", "b.csv"),
                       "bad.csv", "no activity date column")
    assert not Path("b.csv").exists()


def test_leads_file_is_required_and_a_missing_one_is_named(tmp_path):
    result = invoke("sla", "audit")
    assert result.exit_code == 2 and "--leads" in result.stderr
    assert_input_error(invoke("sla", "audit", "--leads", tmp_path / "nope.csv"), "nope.csv")


def test_breaches_file_may_not_overwrite_an_input(timeline):
    leads, acts, _ = timeline
    assert_input_error(invoke("sla", "audit", "--leads", leads, "--activities", acts, "--breaches", acts))
    assert acts.read_text(encoding="utf-8") == ACTIVITIES_CSV


def test_a_check_that_cannot_run_says_not_measured_in_the_table_and_json(timeline):
    leads, _, reps = timeline
    result = invoke("sla", "audit", "--leads", leads, "--reps", reps, "--as-of", "2026-11-24T12:00")
    assert result.exit_code == 0, result.stderr
    text = " ".join(result.stdout.split())
    assert ("response: not measured (no activities export: nobody's calls and emails are known; "
            "try --activities FILE)") in text
    assert "Response-SLA compliance not measured (see above): neither met nor missed the 95% target." in text
    assert "BELOW" not in text and " 0.0%" not in text
    summary = json.loads(invoke("sla", "audit", "--leads", leads, "--reps", reps, "--as-of", "2026-11-24T12:00",
                                "--json").stdout)
    assert summary["compliance_percent"] is None and summary["meets_target"] is None
    assert set(summary["not_measured"]) == {"response", "agreement", "cadence", "disposition", "daily_minimums"}


def test_fail_under_never_passes_or_fails_on_nothing(timeline):
    leads, _, reps = timeline
    result = invoke("sla", "audit", "--leads", leads, "--reps", reps, "--as-of", "2026-11-24T12:00",
                    "--fail-under", "95")
    assert result.exit_code == 2
    assert "--fail-under 95 cannot be judged: response-SLA compliance not measured (no activities export" in \
        " ".join(result.stderr.split())

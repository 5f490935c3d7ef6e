"""A command's one main input can be given as FILE or as its option, never both, never neither."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import SAMPLE, assert_input_error, invoke


def test_leads_clean_takes_its_file_as_an_option_too(leads_csv):
    by_position = invoke("leads", "clean", leads_csv, "-o", "a.csv", "-q")
    by_option = invoke("leads", "clean", "--leads", leads_csv, "-o", "b.csv", "-q")
    assert by_position.exit_code == by_option.exit_code == 0
    assert Path("a.csv").read_bytes() == Path("b.csv").read_bytes()


def test_an_audit_takes_its_file_without_the_option_name():
    by_option = invoke("sla", "audit", "--leads", SAMPLE / "salesforce_leads.csv", "--as-of", "2026-11-20T08:00",
                       "--json")
    by_position = invoke("sla", "audit", SAMPLE / "salesforce_leads.csv", "--as-of", "2026-11-20T08:00", "--json")
    assert by_option.exit_code == by_position.exit_code == 0
    assert by_option.stdout == by_position.stdout
    campaigns = invoke("campaign", "lint", SAMPLE / "campaigns.xlsx", "--json")
    assert campaigns.exit_code == 0, campaigns.stderr


def test_two_different_main_inputs_are_refused(leads_csv):
    result = invoke("leads", "score", leads_csv, "--leads", SAMPLE / "salesforce_leads.csv", "-o", "out.csv")
    assert_input_error(result, "Give the input once", "--leads")
    assert not Path("out.csv").exists()


def test_no_main_input_says_how_to_give_it():
    assert_input_error(invoke("deals", "audit"), "Give the file to read", "--opportunities")
    assert_input_error(invoke("leads", "clean", "-o", "out.csv"), "Give the file to read", "--leads")
    assert not Path("out.csv").exists()

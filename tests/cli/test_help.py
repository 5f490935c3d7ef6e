"""Every command's --help says what it must, at any width: no swallowed [section] names, an example,
option labels an analyst can read (no <bool>/<str>), every command in its group's summary."""

from __future__ import annotations

import re

import pytest

from tests.conftest import invoke

COMMANDS = [
    "inspect", "init", "leads clean", "leads enrich-flag", "leads dedupe", "leads unmerge", "leads score",
    "leads route", "leads process", "leads lifecycle", "sla audit", "funnel report", "campaign roi",
    "campaign audit", "campaign lint", "event roi", "data audit", "data forget", "data export", "deals audit",
    "handoff audit", "report weekly", "report daily", "report pipeline-changes", "report campaigns",
    "report forecast", "report win-loss", "report monthly", "report due", "config check", "config show",
]
# Config sections a command's help names; Rich markup used to swallow "[scoring]" and leave "of  in".
SECTIONS = {"leads score": "[scoring]", "leads enrich-flag": "[enrich]", "leads dedupe": "[dedupe].rules"}


def _help(command: str, width: int, monkeypatch) -> str:
    monkeypatch.setenv("COLUMNS", str(width))
    result = invoke(*command.split(), "--help")
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_help_has_an_example_and_readable_option_labels(command, monkeypatch):
    text = _help(command, 200, monkeypatch)
    assert "Example: revops " in text
    assert "<bool>" not in text and "<str>" not in text and "<path>" not in text
    assert "{" not in text.split("\n", 3)[1]  # the usage line shows FILE, not {FILE}
    assert "**" not in text and "[bold]" not in text
    if command in SECTIONS:
        assert SECTIONS[command] in text
        assert " of  in " not in text


@pytest.mark.parametrize("width", [80, 120, 200])
def test_help_words_survive_standard_and_wide_terminals(width, monkeypatch):
    text = _help("data audit", width, monkeypatch)
    flat = re.sub(r"[│\s]+", " ", text)
    assert "retention class and action" in flat and "…" not in text


@pytest.mark.parametrize("command", COMMANDS)
def test_no_word_of_any_help_is_cut_at_80_columns(command, monkeypatch):
    assert "…" not in _help(command, 80, monkeypatch)


def test_the_leads_group_summary_names_every_step(monkeypatch):
    text = re.sub(r"[│\s]+", " ", _help("leads", 200, monkeypatch))
    for step in ("clean", "dedupe", "enrich-flag", "score", "route", "process", "lifecycle"):
        assert step in text.split("Commands")[0], step


def test_shell_completion_is_offered(monkeypatch):
    text = invoke("--help").stdout
    assert "--install-completion" in text and "--show-completion" in text


NO_CONFIG = {"init"}  # writes a config; reads none
NO_EXPORT = {"init", "leads unmerge", "config check", "config show"}  # read no CRM export to map


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_takes_the_shared_options_the_readme_promises(command, monkeypatch):
    text = _help(command, 200, monkeypatch)
    assert "--json " in text and "--quiet " in text
    assert ("--config " in text) is (command not in NO_CONFIG)
    assert ("--map " in text) is (command not in NO_EXPORT)

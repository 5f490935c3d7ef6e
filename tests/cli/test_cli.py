"""The installed CLI: help, version, inspect, config commands, and every error path (exit 2)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from revops_cli import __version__
from revops_cli.cli.app import app

runner = CliRunner()


def invoke(*args: str, **kwargs):
    return runner.invoke(app, [str(a) for a in args], **kwargs)


def assert_input_error(result, *fragments: str) -> None:
    """Exit 2, one clear line on stderr naming what is wrong, no traceback."""
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    for fragment in fragments:
        assert fragment in result.stderr, (fragment, result.stderr)


def test_version():
    result = invoke("--version")
    assert result.exit_code == 0 and result.stdout.strip() == f"revops {__version__}"


def test_python_dash_m_runs_the_same_cli():
    out = subprocess.run([sys.executable, "-m", "revops_cli", "--version"], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.strip() == f"revops {__version__}"


def test_help_lists_every_group():
    result = invoke("--help")
    assert result.exit_code == 0
    for built in ("inspect", "leads", "init", "config", "sla", "funnel", "campaign", "event", "data", "deals",
                  "handoff", "report"):
        assert built in result.stdout


def test_every_command_help_has_an_example():
    for command in (["inspect"], ["init"], ["config", "check"], ["config", "show"], ["leads", "clean"],
                    ["leads", "enrich-flag"], ["leads", "dedupe"], ["leads", "unmerge"],
                    ["leads", "score"], ["leads", "route"], ["leads", "process"], ["leads", "lifecycle"],
                    ["sla", "audit"],
                    ["funnel", "report"], ["campaign", "roi"], ["campaign", "audit"], ["campaign", "lint"],
                    ["event", "roi"], ["data", "audit"], ["data", "forget"], ["data", "export"], ["deals", "audit"],
                    ["handoff", "audit"], ["report", "weekly"]):
        result = invoke(*command, "--help")
        assert result.exit_code == 0
        assert "Example" in result.stdout, command


def test_inspect_table(leads_csv):
    result = invoke("inspect", leads_csv)
    assert result.exit_code == 0, result.stderr
    for expected in ("utf-8", "Zip/Postal Code", "postal_code", "alias", "Fields not found"):
        assert expected in result.stdout


def test_inspect_json(leads_csv):
    result = invoke("inspect", leads_csv, "--json")
    assert result.exit_code == 0
    payload = json.loads(result.stdout)
    assert payload["read"]["rows"] == 3 and payload["read"]["delimiter"] == ","
    assert payload["fields"]["email"] == {"column": "Email", "how": "alias"}
    assert payload["fields"]["state"]["column"] == "State/Province"
    columns = {c["header"]: c for c in payload["columns"]}
    assert columns["State/Province"]["filled"] == 2 and columns["State/Province"]["fill_rate"] == 66.7
    assert "lead_source" in payload["fields_not_found"]


def test_inspect_map_option(leads_csv):
    result = invoke("inspect", leads_csv, "--json", "--map", "company=Last Name")
    assert json.loads(result.stdout)["fields"]["company"] == {"column": "Last Name", "how": "--map"}


def test_inspect_quiet_prints_nothing(leads_csv):
    result = invoke("inspect", leads_csv, "--quiet")
    assert result.exit_code == 0 and result.stdout == "" and result.stderr == ""


def test_inspect_stdin(leads_csv):
    result = invoke("inspect", "-", "--json", input=leads_csv.read_bytes())
    assert result.exit_code == 0 and json.loads(result.stdout)["read"]["source"] == "-"


def test_inspect_uses_config_columns(tmp_path, leads_csv):
    (tmp_path / "revops.toml").write_text('[columns]\nowner = "Company"\n')
    result = invoke("inspect", leads_csv, "--json")
    assert json.loads(result.stdout)["fields"]["owner"] == {"column": "Company", "how": "config"}


@pytest.mark.parametrize(
    "make,fragments",
    [
        (lambda d: d / "missing.csv", ["missing.csv: no such file"]),
        (lambda d: d, ["is a folder"]),
        (lambda d: _write(d / "empty.csv", b""), ["empty.csv: the file is empty"]),
        (lambda d: _write(d / "junk.csv", bytes(range(256)) * 40), ["junk.csv: looks like a binary file"]),
        (lambda d: _write(d / "broken.xlsx", b"PK\x03\x04" + b"\x00" * 200), ["broken.xlsx: cannot open the workbook"]),
        (lambda d: _write(d / "ragged.csv", b"a,b\n1,2,3\n"), ["ragged.csv: the header has 2 columns", "line 2 has 3 fields"]),
    ],
)
def test_inspect_bad_inputs_exit_2(tmp_path, make, fragments):
    assert_input_error(invoke("inspect", make(tmp_path)), *fragments)


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_bad_map_option_exit_2(leads_csv):
    assert_input_error(invoke("inspect", leads_csv, "--map", "email"), "expected field=Header")
    assert_input_error(invoke("inspect", leads_csv, "--map", "email=Emial"), "has no column 'Emial' (did you mean 'Email'?)")
    assert_input_error(invoke("inspect", leads_csv, "--map", "emial=Email"), "unknown field 'emial'")


def test_unknown_sheet_exit_2(tmp_path):
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.title = "Leads"
    workbook.active.append(["a", "b"])
    workbook.active.append(["1", "2"])
    workbook.save(tmp_path / "w.xlsx")
    assert_input_error(invoke("inspect", tmp_path / "w.xlsx", "--sheet", "Deals"), "no sheet 'Deals'", "'Leads'")


def test_bad_config_exit_2_names_the_key(tmp_path, leads_csv):
    bad = tmp_path / "bad.toml"
    bad.write_text("[sla]\ncompliance_target = 150\n")
    assert_input_error(invoke("inspect", leads_csv, "--config", bad), "sla.compliance_target")
    assert_input_error(invoke("inspect", leads_csv, "--config", tmp_path / "nope.toml"), "nope.toml")


def test_debug_shows_the_exception(tmp_path):
    result = invoke("--debug", "inspect", tmp_path / "missing.csv")
    assert result.exit_code != 0 and type(result.exception).__name__ == "RevopsInputError"


def test_unexpected_error_is_one_line_without_debug(monkeypatch, leads_csv):
    import revops_cli.cli.inspect as inspect_file

    monkeypatch.setattr(inspect_file, "profile_columns", lambda *a, **k: 1 / 0)
    result = invoke("inspect", leads_csv)
    assert_input_error(result, "unexpected ZeroDivisionError", "--debug")


def test_init_then_check_then_show(tmp_path):
    result = invoke("init", tmp_path / "team")
    assert result.exit_code == 0
    assert sorted(p.name for p in (tmp_path / "team").iterdir()) == ["reps.csv", "revops.toml", "territories.csv"]
    assert invoke("config", "check", tmp_path / "team" / "revops.toml").exit_code == 0
    shown = invoke("config", "show", "--config", tmp_path / "team" / "revops.toml")
    assert shown.exit_code == 0 and "[general]" in shown.stdout and 'timezone = "America/New_York"' in shown.stdout


def test_init_refuses_to_overwrite(tmp_path):
    (tmp_path / "revops.toml").write_text("# mine\n")
    assert_input_error(invoke("init", tmp_path), "revops.toml")
    assert (tmp_path / "revops.toml").read_text() == "# mine\n"
    assert invoke("init", tmp_path, "--force").exit_code == 0


def test_config_check_lists_every_problem(tmp_path):
    bad = tmp_path / "revops.toml"
    bad.write_text("[sla]\ncomplance_target = 95\n[general]\ntimezone = \"Mars/Olympus\"\n")
    result = invoke("config", "check", bad)
    assert_input_error(result, "sla.complance_target: unknown key (did you mean 'compliance_target'?)", "general.timezone")
    as_json = invoke("config", "check", bad, "--json")
    assert as_json.exit_code == 2 and len(json.loads(as_json.stdout)["problems"]) == 2


def test_config_show_json_defaults():
    result = invoke("config", "show", "--json")
    payload = json.loads(result.stdout)
    assert payload["sla"]["compliance_target"] == 95.0 and payload["general"]["default_region"] == "US"

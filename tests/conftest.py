"""Shared fixtures: small exports written the way real CRMs and Excel write them."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "sample_data"

LEADS_CSV = (
    "Lead ID,First Name,Last Name,Email,Phone,Company,Country,State/Province,Zip/Postal Code\n"
    "00Q1,JOHN,SMITH,John.Smith@ACME.com,(415) 555-0134,\"Acme, Inc.\",USA,California,02139\n"
    "00Q2,mary,o'brien,mary@gmail.com,n/a,ACME CORPORATION,United Kingdom,,00501\n"
    "00Q3,Zoë,Müller,z.mueller@beispiel.de,030 1234567,Beispiel GmbH,Deutschland,Bayern,80331\n"
)


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch, tmp_path):
    """No test sees the developer's own revops.toml or $REVOPS_CONFIG, or colour codes."""
    monkeypatch.delenv("REVOPS_CONFIG", raising=False)
    monkeypatch.delenv("REVOPS_DEBUG", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def leads_csv(tmp_path: Path) -> Path:
    path = tmp_path / "leads.csv"
    path.write_text(LEADS_CSV, encoding="utf-8")
    return path


def write_bytes(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


os.environ.setdefault("COLUMNS", "200")


_runner = CliRunner()


def invoke(*args, **kwargs):
    """Run the revops CLI in-process; every argument is passed as text."""
    from revops_cli.cli.app import app

    return _runner.invoke(app, [str(a) for a in args], **kwargs)


def read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def assert_input_error(result, *fragments: str) -> None:
    """Exit 2, one message on stderr holding each fragment, no traceback."""
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    for fragment in fragments:
        assert fragment in result.stderr, (fragment, result.stderr)

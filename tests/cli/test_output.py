"""What a person sees: tables that never cut a figure at any width, and progress that names the step,
on a terminal only (issue 19)."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pandas as pd
import pytest

from revops_cli.render import Reporter, simple_table
from tests.conftest import REPO, SAMPLE, invoke

AS_OF = "2026-11-20T08:00"
FIGURE = re.compile(r"(?<![\w.,:-])-?\d[\d,.:%-]*\d%?|(?<![\w.,:-])\d(?![\w.,:-])")

COMMANDS = {
    "funnel report": ["funnel", "report", "--leads", SAMPLE / "salesforce_leads.csv", "--as-of", AS_OF],
    "event roi": ["event", "roi", "--events", SAMPLE / "events.xlsx", "--leads", SAMPLE / "event_leads.csv",
                  "--opportunities", SAMPLE / "opportunities.csv"],
}


def _shown(monkeypatch, columns: int | None, args) -> str:
    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", str(columns))
    done = invoke(*args)
    assert done.exit_code == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_figure_id_and_date_appears_whole_at_60_80_and_200_columns(monkeypatch, command):
    wide = _shown(monkeypatch, 200, COMMANDS[command])
    figures = sorted(set(FIGURE.findall(wide)))
    assert len(figures) > 20  # the test looks at real tables
    for columns in (60, 80, 200):
        text = _shown(monkeypatch, columns, COMMANDS[command])
        assert "…" not in text
        assert max(len(line.rstrip()) for line in text.splitlines()) <= columns
        tokens = set(FIGURE.findall(text))
        missing = [f for f in figures if f not in tokens]
        assert not missing, (columns, missing[:10])


def test_the_cohort_table_is_a_table_at_200_columns_and_stacked_where_it_cannot_fit(monkeypatch):
    wide = _shown(monkeypatch, 200, COMMANDS["funnel report"])
    narrow = _shown(monkeypatch, 60, COMMANDS["funnel report"])
    cohorts_wide = wide[wide.index("Cohorts by creation month"):]
    assert "┃ cohort" in cohorts_wide and "│ 2026-10 │" in cohorts_wide
    cohorts_narrow = narrow[narrow.index("Cohorts by creation month"):]
    block = cohorts_narrow[cohorts_narrow.index("  cohort: 2026-10"):].split("\n\n")[0]
    assert block.splitlines()[:4] == ["  cohort: 2026-10", "  partial: no", "  Lead: 208", "  MQL: 31"]
    assert "  lead to opportunity: 14.40" in block


def test_event_names_wrap_between_words_and_never_lose_a_letter(monkeypatch):
    text = _shown(monkeypatch, 200, COMMANDS["event roi"])
    assert "Customer Success Connect Austin" in text
    narrow = _shown(monkeypatch, 80, COMMANDS["event roi"])
    assert "event: Customer Success Connect Austin" in narrow  # stacked: the whole name on its line


def test_off_a_terminal_without_columns_a_wide_table_takes_the_width_it_needs(monkeypatch):
    text = _shown(monkeypatch, None, COMMANDS["event roi"])
    assert "┃ event " in text and "│ RevOps Live London 2026 " in text
    assert max(len(line) for line in text.splitlines()) > 80  # wider than Rich's 80-column fallback


def test_a_text_column_wraps_inside_the_table_when_the_figures_fit(tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "40")
    out = tmp_path / "out.txt"
    with out.open("w") as handle:
        reporter = Reporter(file=handle)
        reporter.table(simple_table("t", ["note", "amount"], [["a rather long note that must wrap", 1234567]],
                                    justify=["left", "right"]))
    text = out.read_text()
    assert "1,234,567" in text and "┃ note" in text
    assert "rather" in text and "wrap" in text and max(len(line) for line in text.splitlines()) <= 40


# --------------------------------------------------------------------------- progress in a terminal

def _in_terminal(args: list, cwd: Path) -> str:
    """Run revops with stdin, stdout and stderr on a pseudo-terminal 120 columns wide; return what it drew."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    env.update(PYTHONPATH=str(REPO), TERM="xterm-256color")
    proc = subprocess.Popen([sys.executable, "-m", "revops_cli", *map(str, args)], stdin=slave, stdout=slave,
                            stderr=slave, cwd=cwd, env=env, close_fds=True)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    assert proc.wait(timeout=300) == 0, b"".join(chunks).decode(errors="replace")[-2000:]
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", b"".join(chunks).decode(errors="replace"))


def test_clean_to_xlsx_names_each_step_while_it_runs(tmp_path):
    shown = _in_terminal(["leads", "clean", SAMPLE / "salesforce_leads.csv", "-o", "big.xlsx"], tmp_path)
    for step in ("reading salesforce_leads.csv", "cleaning · countries", "cleaning · phones", "cleaning · emails",
                 "cleaning · dates", "writing big.xlsx", "500/500 rows"):
        assert step in shown, step
    assert shown.index("reading") < shown.index("cleaning · phones") < shown.index("writing big.xlsx")
    assert (tmp_path / "big.xlsx").exists()


def test_process_names_the_step_inside_each_step(tmp_path):
    shown = _in_terminal(["leads", "process", SAMPLE / "salesforce_leads.csv", "-o", "p.csv",
                          "--reps", SAMPLE / "reps.csv", "--territories", SAMPLE / "territories.csv",
                          "--activities", SAMPLE / "engagement.csv", "--as-of", AS_OF], tmp_path)
    order = ["reading salesforce_leads.csv", "reading reps.csv", "clean · phones", "dedupe · matching pairs",
             "enrich-flag", "score", "route", "writing p.csv", "writing p_merges.csv"]
    positions = [shown.find(step) for step in order]
    assert -1 not in positions, [s for s, p in zip(order, positions) if p == -1]
    assert positions == sorted(positions)


@pytest.mark.parametrize("flag", ["-q", "--json"])
def test_no_progress_under_quiet_or_json(tmp_path, flag):
    shown = _in_terminal(["leads", "clean", SAMPLE / "salesforce_leads.csv", "-o", "x.csv", flag], tmp_path)
    assert "reading" not in shown and "cleaning ·" not in shown and "writing" not in shown
    if flag == "--json":
        assert json.loads(shown[shown.index("{"):])["rows"] == 500


def test_no_progress_when_not_a_terminal(tmp_path):
    done = subprocess.run([sys.executable, "-m", "revops_cli", "leads", "clean", str(SAMPLE / "salesforce_leads.csv"),
                           "-o", "x.csv"], cwd=tmp_path, capture_output=True, text=True,
                          env=dict(os.environ, PYTHONPATH=str(REPO)))
    assert done.returncode == 0, done.stderr
    assert "reading" not in done.stderr + done.stdout and "cleaning ·" not in done.stderr
    assert len(pd.read_csv(tmp_path / "x.csv", dtype=str)) == 500


def test_a_report_names_its_reading_building_and_writing_steps(tmp_path):
    shown = _in_terminal(["report", "weekly", "--leads", SAMPLE / "salesforce_leads.csv", "--activities",
                          SAMPLE / "activities.csv", "-o", "week.html", "--as-of", AS_OF], tmp_path)
    order = ["building the report", "reading salesforce_leads.csv", "reading activities.csv", "writing week.html"]
    positions = [shown.find(step) for step in order]
    assert -1 not in positions, [s for s, p in zip(order, positions) if p == -1]
    assert positions == sorted(positions)
    assert (tmp_path / "week.html").exists()

"""`process_leads` runs the whole Lead Management SOP from Python, with the same result as `revops leads process`."""

from __future__ import annotations

import pandas as pd

from revops_cli.columns import MappedFrame, detect_columns
from revops_cli.config import RevopsConfig
from revops_cli.core.leads.pipeline import PROCESS_STEPS, process_leads
from revops_cli.core.leads.routing import RouteState
from revops_cli.io import read_table
from tests.conftest import SAMPLE, invoke, read

NOW = pd.Timestamp("2026-11-20T13:00:00Z")


def _export(name: str, schema: str) -> MappedFrame:
    table = read_table(SAMPLE / name)
    return MappedFrame(table.frame, detect_columns(list(table.frame.columns), schema=schema), name)


def test_a_notebook_gets_the_same_leads_as_the_command(tmp_path):
    leads = read_table(SAMPLE / "salesforce_leads.csv")
    mapping = detect_columns(list(leads.frame.columns), headers=leads.header_map)
    told = []
    result = process_leads(leads.frame, mapping, RevopsConfig(), reps=_export("reps.csv", "reps"),
                           territories=_export("territories.csv", "territories"),
                           activities=[_export("engagement.csv", "activities")], now=NOW,
                           progress=lambda step, done, total: told.append((step, done, total)))
    # each step is named as it starts, the clean and dedupe steps' own inside theirs, and the bar only moves on
    assert list(dict.fromkeys(step.split(" · ")[0] for step, _, _ in told)) == list(PROCESS_STEPS)
    assert ("clean · phones", 2 / 11, 5) in told and ("dedupe · matching pairs", 1 + 1 / 5, 5) in told
    assert [done for _, done, _ in told] == sorted(done for _, done, _ in told) and {t for *_, t in told} == {5}
    assert result.summary()["rows_in"] == 500 and len(result.frame) == 500 - result.deduped.merged
    assert result.deduped.merged == 25  # the sample's planted duplicates

    out = tmp_path / "processed.csv"
    done = invoke("leads", "process", SAMPLE / "salesforce_leads.csv", "-o", out, "--reps", SAMPLE / "reps.csv",
                  "--territories", SAMPLE / "territories.csv", "--activities", SAMPLE / "engagement.csv",
                  "--now", "2026-11-20T08:00", "-q")
    assert done.exit_code == 0, done.stderr
    written = read(out)
    assert len(written) == len(result.frame)
    for column in ("revops_score", "revops_band", "revops_queue", "revops_owner", "revops_route_reason"):
        assert written[column].tolist() == result.frame[column].fillna("").astype(str).tolist(), column


def test_the_round_robin_state_advances_and_the_given_one_is_untouched():
    leads = read_table(SAMPLE / "salesforce_leads.csv")
    mapping = detect_columns(list(leads.frame.columns), headers=leads.header_map)
    before = RouteState()
    result = process_leads(leads.frame, mapping, RevopsConfig(), reps=_export("reps.csv", "reps"), now=NOW,
                           state=before)
    assert before.pools == {}
    assert sum(sum(reps.values()) for reps in result.routed.state.pools.values()) > 0

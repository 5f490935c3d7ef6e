"""`revops leads route` on a file read in batches (``--batch-rows N``, or a CSV of 64 MB and more): each batch is
a routing block, the load from the input is counted in a pass before the first, and the output, the state
file and the figures are those of the same file read whole and routed in blocks of N (read from stdin, which
never streams, with the same ``--batch-rows``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from revops_cli.columns import MappedFrame, detect_columns
from revops_cli.config import RevopsConfig
from revops_cli.core.leads.routing import RouteState, route_with_roster
from revops_cli.io.read import read_table
from tests.conftest import SAMPLE, invoke

AS_OF = "2026-11-20T08:00"
# SDRs sharing pools, with room for few leads: capacity runs out batch after batch
TIGHT_REPS = """Rep ID,Name,Email,Role,Territory,Weight,Capacity,Active,Time Zone
R1,Priya Raman,priya.raman@lumencloud.io,Sales Manager,All,1,,TRUE,America/Chicago
R8,Tyler Brooks,tyler.brooks@lumencloud.io,SDR,North America,2,50,TRUE,America/New_York
R9,Chloé Dubois,chloe.dubois@lumencloud.io,SDR,EMEA,1,12,TRUE,Europe/Paris
R10,Nina Shared,nina.shared@lumencloud.io,SDR,North America;EMEA;APAC,1,6,TRUE,America/New_York
R11,Kenji Watanabe,kenji.watanabe@lumencloud.io,SDR,APAC,1,11,TRUE,Asia/Tokyo
"""


@pytest.fixture
def scored() -> Path:
    result = invoke("leads", "score", SAMPLE / "salesforce_leads.csv", "-o", "scored.csv", "--as-of", AS_OF, "-q")
    assert result.exit_code == 0, result.stderr
    return Path("scored.csv")


def reps_file(kind: str) -> Path:
    if kind == "sample":
        return SAMPLE / "reps.csv"
    path = Path("tight_reps.csv")
    path.write_text(TIGHT_REPS, encoding="utf-8")
    return path


def route(source: Path | str, out: str, reps: Path, state: str, *extra, stdin: bytes | None = None) -> dict:
    result = invoke("leads", "route", source, "-o", out, "--reps", reps, "--territories", SAMPLE / "territories.csv",
                    "--state", state, "--as-of", AS_OF, "--json", *extra, input=stdin)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def figures(document: dict) -> dict:
    """The figures of a --json document, without the file names and how the input was read."""
    return {k: v for k, v in document.items() if k not in ("input", "output", "state", "read", "streamed")}


@pytest.mark.parametrize("kind", ["sample", "tight"])
def test_streamed_route_is_the_whole_file_routed_in_the_same_blocks(scored, kind):
    reps = reps_file(kind)
    streamed = route(scored, "streamed.csv", reps, "streamed.json", "--batch-rows", 37)
    whole = route("-", "whole.csv", reps, "whole.json", "--batch-rows", 37, stdin=scored.read_bytes())
    assert Path("streamed.csv").read_bytes() == Path("whole.csv").read_bytes()
    assert Path("streamed.json").read_bytes() == Path("whole.json").read_bytes()
    assert streamed["streamed"]["rows_per_batch"] == 37 and streamed["streamed"]["batches"] == 14
    assert whole["streamed"] is None
    assert figures(streamed) == figures(whole)
    assert streamed["rows"] == 500 and sum(streamed["by_queue"].values()) == 500

    # the same figures as the core run over the whole frame in blocks of 37
    table = read_table(scored)
    leads_mapping = detect_columns(list(table.frame.columns), frame=table.detection_frame)
    roster = read_table(reps).frame
    rules = read_table(SAMPLE / "territories.csv").frame
    core = route_with_roster(
        table.frame, leads_mapping, RevopsConfig(), MappedFrame(roster, detect_columns(list(roster.columns),
                                                                                       schema="reps")),
        MappedFrame(rules, detect_columns(list(rules.columns), schema="territories")),
        state=RouteState(), now=pd.Timestamp(AS_OF, tz="America/New_York"), block_rows=37)
    assert (streamed["by_queue"], streamed["by_rep"]) == (core.by_queue, core.by_rep)
    written = pd.read_csv("streamed.csv", dtype=str, keep_default_na=False)
    assert list(written["revops_owner"]) == list(core.frame["revops_owner"])
    assert Path("streamed.json").read_text(encoding="utf-8") == core.state.to_json()

    # a second run goes on from the saved state, batch by batch as whole
    route(scored, "streamed.csv", reps, "streamed.json", "--batch-rows", 37)
    route("-", "whole.csv", reps, "whole.json", "--batch-rows", 37, stdin=scored.read_bytes())
    assert Path("streamed.csv").read_bytes() == Path("whole.csv").read_bytes()
    assert Path("streamed.json").read_bytes() == Path("whole.json").read_bytes()


def test_capacity_binds_across_batches(scored):
    reps = reps_file("tight")
    batches = route(scored, "batches.csv", reps, "batches.json", "--batch-rows", 37)
    one = route(scored, "one.csv", reps, "one.json", "--batch-rows", 500)  # one batch: one block
    default = route(scored, "default.csv", reps, "default.json")  # a small file: read whole, one block
    assert one["streamed"]["batches"] == 1 and default["streamed"] is None
    assert Path("one.csv").read_bytes() == Path("default.csv").read_bytes()
    assert figures(one) == figures(default)
    # Tyler and Nina fill up in the pools of the first batches instead of North America's alone
    in_batches = pd.read_csv("batches.csv", dtype=str, keep_default_na=False)
    at_once = pd.read_csv("one.csv", dtype=str, keep_default_na=False)
    changed = in_batches["revops_owner"] != at_once["revops_owner"]
    assert changed.any()
    assert in_batches.loc[changed, "revops_route_reason"].str.contains("at capacity").any() or \
        at_once.loc[changed, "revops_route_reason"].str.contains("at capacity").any()
    for document in (batches, one):
        loads = {r["rep"]: (r["load"], r["capacity"]) for r in document["by_rep"]}
        assert loads["Tyler Brooks"] == (50, 50) and loads["Nina Shared"] == (6, 6)
    assert batches["by_queue"] == one["by_queue"] and batches["kept_owner"] == one["kept_owner"]


def test_dry_run_reads_the_file_whole(scored):
    result = invoke("leads", "route", scored, "--dry-run", "--reps", reps_file("tight"), "--territories",
                    SAMPLE / "territories.csv", "--as-of", AS_OF, "--batch-rows", 37, "--json")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["streamed"] is None and document["rows"] == 500
    streamed = route(scored, "streamed.csv", reps_file("tight"), "st.json", "--batch-rows", 37)
    assert figures(document) == {**figures(streamed), "dry_run": True}


def test_a_bad_score_in_a_later_batch_stops_the_run_before_anything_is_written(scored):
    leads = pd.read_csv(scored, dtype=str, keep_default_na=False)
    leads.loc[300, "revops_score"] = "hot"
    leads.to_csv("bad.csv", index=False)
    messages = []
    for args in (("bad.csv", "--batch-rows", 37), ("-", "--batch-rows", 37)):
        result = invoke("leads", "route", args[0], "-o", "out.csv", "--reps", SAMPLE / "reps.csv", "--state", "st.json",
                        "--as-of", AS_OF, *args[1:], input=Path("bad.csv").read_bytes())
        assert result.exit_code == 2, result.stderr
        messages.append(result.stderr)
        assert not Path("out.csv").exists() and not Path("st.json").exists()
    assert "row 302: score 'hot' in column 'revops_score' is not a number" in messages[0]
    assert messages[0] == messages[1]

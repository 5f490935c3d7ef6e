"""Routing decides leads in blocks of consecutive rows (revops_cli.core.leads.routing.RouteRun): within a block
pool by pool, then escalations; the round robin, each rep's load and the figures carry over to the next block;
the load counted from the input covers every row before the first block. A run fed batch after batch
(``revops leads route`` on a big file) gives what the in-memory run with the same block size gives.
"""

from __future__ import annotations

import io
from collections import Counter

import numpy as np
import pandas as pd
import pytest

from revops_cli.columns import MappedFrame, detect_columns
from revops_cli.config import RevopsConfig
from revops_cli.core.leads.routing import (ROUTE_BLOCK_ROWS, RouteRun, RouteState, load_roster, load_territories,
                                           route_leads, route_with_roster)
from revops_cli.errors import RevopsInputError
from revops_cli.io.stream import BATCH_ROWS

CONFIG = RevopsConfig()
NOW = pd.Timestamp("2026-11-18T10:00", tz="America/New_York")  # a Wednesday morning
TERRITORIES = "Territory,Countries,States\nWest,US,CA;WA;OR\nEast,US,NY;MA;NJ\n"
REP_COLUMNS = ["Rep ID", "Name", "Role", "Territory", "Weight", "Capacity", "Out Of Office Until", "Time Zone"]


def reps_export(*rows: tuple[str, ...]) -> MappedFrame:
    """Roster rows (rep id, name, role, territory, weight, capacity[, out of office until]); no load column."""
    frame = pd.DataFrame([[*row, *[""] * (7 - len(row)), "America/New_York"] for row in rows], columns=REP_COLUMNS,
                         dtype="str")
    return MappedFrame(frame, detect_columns(REP_COLUMNS, schema="reps"), "reps.csv")


def leads_of(rows: list[tuple[int, str, str]]) -> pd.DataFrame:
    """Leads as (score, state, owner), in file order."""
    return pd.DataFrame({
        "Lead ID": [f"00Q{i:03d}" for i in range(len(rows))],
        "Company": [f"Company {i}" for i in range(len(rows))],
        "Country": ["US"] * len(rows),
        "State/Province": [state for _, state, _ in rows],
        "Lead Owner": [owner for _, _, owner in rows],
        "revops_score": [str(score) for score, _, _ in rows],
    }, dtype="str")


def territory_export() -> MappedFrame:
    frame = pd.read_csv(io.StringIO(TERRITORIES), dtype=str, keep_default_na=False)
    return MappedFrame(frame, detect_columns(list(frame.columns), schema="territories"), "territories.csv")


def route(leads: pd.DataFrame, reps: MappedFrame, block_rows: int = ROUTE_BLOCK_ROWS, state: RouteState | None = None):
    return route_with_roster(leads, detect_columns(list(leads.columns)), CONFIG, reps, territory_export(),
                             state=state or RouteState(), now=NOW, block_rows=block_rows)


def owners(result) -> list[str]:
    return list(result.frame["revops_owner"])


def assigned(result) -> dict[str, int]:
    return {r["rep"]: r["assigned"] for r in result.by_rep}


def load(result) -> dict[str, int]:
    return {r["rep"]: r["load"] for r in result.by_rep}


SHARED = reps_export(
    ("R1", "Ann Both", "Sales Rep", "West;East", "", "2"),  # in both pools, room for 2
    ("R2", "Ben West", "Sales Rep", "West", "", ""),
    ("R3", "Cal East", "Sales Rep", "East", "", ""),
    ("R9", "Meg Boss", "Sales Manager", "All", "", ""),
)
WEST_EAST = leads_of([(70, "CA", ""), (70, "NY", ""), (70, "CA", ""), (70, "CA", ""), (70, "NY", ""), (70, "CA", "")])


def test_one_block_routes_pool_by_pool_over_the_whole_input():
    # West's leads (rows 0, 2, 3, 5) first: Ann, Ben, Ann, Ben; Ann is then full, so East's both go to Cal
    result = route(WEST_EAST, SHARED)
    assert owners(result) == ["Ann Both", "Cal East", "Ben West", "Ann Both", "Cal East", "Ben West"]
    assert result.state.pools == {"West|sales": {"R1": 2.0, "R2": 2.0}, "East|sales": {"R3": 2.0}}


def test_capacity_and_rotation_carry_from_block_to_block():
    # block 1 (rows 0-2): West rows 0, 2 -> Ann, Ben; East row 1 -> Ann (first in a new pool): Ann is full.
    # block 2 (rows 3-5): Ann at capacity 2/2 from block 1, so West rows 3, 5 -> Ben and East row 4 -> Cal.
    result = route(WEST_EAST, SHARED, block_rows=3)
    assert owners(result) == ["Ann Both", "Ann Both", "Ben West", "Ben West", "Cal East", "Ben West"]
    assert result.frame["revops_route_reason"].iloc[3] == (
        "Warm 70 → Sales Rep; territory West by state CA; round robin Ben West (1 of 1; skipped Ann Both at "
        "capacity 2/2)")
    assert assigned(result) == {"Ann Both": 2, "Ben West": 3, "Cal East": 1, "Meg Boss": 0}
    assert load(result) == assigned(result)  # nobody owned a lead before
    assert result.state.pools == {"West|sales": {"R1": 1.0, "R2": 3.0}, "East|sales": {"R1": 1.0, "R3": 1.0}}
    assert result.escalations == 0 and result.by_queue["sales"] == 6


def test_rotation_goes_on_where_the_last_block_left_it():
    weighted = reps_export(("R1", "Ann Both", "Sales Rep", "West", "3", ""), ("R2", "Ben West", "Sales Rep", "West"))
    leads = leads_of([(70, "CA", "")] * 8)
    whole = route(leads, weighted)
    assert owners(whole) == ["Ann Both"] * 3 + ["Ben West"] + ["Ann Both"] * 3 + ["Ben West"]  # 3:1
    for block_rows in (1, 3, 5):
        blocked = route(leads, weighted, block_rows=block_rows)
        assert owners(blocked) == owners(whole)
        assert blocked.state.pools == whole.state.pools == {"West|sales": {"R1": 6.0, "R2": 2.0}}
    # and a second run goes on from the saved state as a third block would
    first = route(leads.iloc[:3], weighted)
    second = route(leads.iloc[3:], weighted, state=first.state)
    assert owners(first) + owners(second) == owners(whole)


def test_load_from_the_input_counts_leads_owned_in_the_last_block_from_the_first_block_on():
    # Ann owns the last two leads (Warm: she keeps them): with room for 2 she is full from the first block on
    leads = leads_of([(70, "CA", "")] * 4 + [(70, "CA", "Ann Both"), (75, "WA", "R1")])
    for block_rows in (2, 4, ROUTE_BLOCK_ROWS):
        result = route(leads, SHARED, block_rows=block_rows)
        assert owners(result) == ["Ben West"] * 4 + ["Ann Both"] * 2
        assert load(result)["Ann Both"] == 2 and assigned(result)["Ann Both"] == 0
        assert result.kept_owner == 2
        assert "skipped Ann Both at capacity 2/2" in result.frame["revops_route_reason"].iloc[0]


def test_leads_leaving_their_owner_in_the_last_block_free_the_owner_from_the_first_block_on():
    # Ann's two leads at the end score 20 (nurture): they go to marketing, so she has room for 2 from the start
    leads = leads_of([(70, "CA", "")] * 4 + [(20, "CA", "Ann Both"), (15, "CA", "ann both")])
    result = route(leads, SHARED, block_rows=2)
    assert owners(result) == ["Ann Both", "Ben West", "Ann Both", "Ben West", "Marketing Nurture", "Marketing Nurture"]
    assert load(result)["Ann Both"] == 2 and result.kept_owner == 0


def test_a_roster_counted_by_load_roster_gets_the_same_blocks():
    # route_leads with a roster whose load load_roster counted from the same leads: only the leaving leads
    # are counted by the run, over every row before the first block
    leads = leads_of([(70, "CA", "")] * 4 + [(70, "CA", "Ann Both"), (20, "NY", "Ann Both"), (20, "NY", "Ann Both")])
    mapping = detect_columns(list(leads.columns))
    roster = load_roster(SHARED.frame, SHARED.mapping, CONFIG, now=NOW, leads=leads, lead_mapping=mapping)
    assert roster.load_from == "input" and list(roster.reps["load"]) == [3.0, 0.0, 0.0, 0.0]
    territories = load_territories(territory_export().frame, None)
    result = route_leads(leads, mapping, CONFIG, roster, territories, state=RouteState(), now=NOW, block_rows=2)
    # Ann: 3 owned, 2 of them leave (nurture) -> load 1, room for 1: the first lead, then Ben
    assert owners(result)[:5] == ["Ann Both", "Ben West", "Ben West", "Ben West", "Ann Both"]
    assert owners(result) == owners(route(leads, SHARED, block_rows=2))
    assert load(result)["Ann Both"] == 2


# ---------------------------------------------------------------- a bigger input, in blocks and in batches

TEAM = reps_export(
    ("R1", "Sam Senior", "Senior Sales Rep", "West;East", "", "3"),
    ("R2", "Ann Both", "Sales Rep", "West;East", "", "6"),
    ("R3", "Ben West", "Sales Rep", "West", "2", "6"),
    ("R4", "Cal East", "Sales Rep", "East", "", "5"),
    ("R5", "Sue Dev", "SDR", "West;East", "", "6"),
    ("R6", "Otto Away", "Sales Rep", "West", "", "", "2026-12-01"),
    ("R9", "Meg Boss", "Sales Manager", "All", "", ""),
)
SCORES = [86, 70, 45, 20, 72, 64, 50, 90, 15, 61, 44, 79]
STATES = ["CA", "NY", "WA", "MA", "TX", "NJ", "OR", "CA", "NY"]


def big_leads(n: int = 60) -> pd.DataFrame:
    """Every tier, two territories and one state in none, leads owned by active reps (kept when a sales
    tier, leaving when nurture), by an away rep (leaving), and by Cal only at the end."""
    def owner(i: int) -> str:
        if i >= n - 4:
            return "Cal East"
        return "Ann Both" if i % 16 == 3 else "otto away" if i % 9 == 4 else ""
    return leads_of([(SCORES[i % len(SCORES)], STATES[i % len(STATES)], owner(i)) for i in range(n)])


def batched(leads: pd.DataFrame, reps: MappedFrame, rows: int) -> tuple[RouteRun, list]:
    """Route ``leads`` as a streamed file is routed: a counting pass over the batches, then a routing pass."""
    run = RouteRun.from_exports(detect_columns(list(leads.columns)), CONFIG, reps, territory_export(),
                                state=RouteState(), now=NOW, block_rows=rows)
    batches = [leads.iloc[start:start + rows].reset_index(drop=True) for start in range(0, len(leads), rows)]
    assert run.needs_count
    for batch in batches:
        run.count_input(batch)
    return run, [run.route_rows(batch) for batch in batches]


@pytest.mark.parametrize("rows", [7, 13])
def test_blocks_change_who_gets_leads_only_once_capacity_binds(rows):
    leads = big_leads()
    whole, blocked = route(leads, TEAM, block_rows=10**9), route(leads, TEAM, block_rows=rows)
    differs = np.flatnonzero(np.array(owners(whole)) != np.array(owners(blocked)))
    assert len(differs)  # capacities bind: the blocks matter
    reasons = blocked.frame["revops_route_reason"]
    assert any("at capacity" in reasons.iloc[i] or "no eligible rep" in reasons.iloc[i] for i in differs)
    # what does not depend on who gets the lead is the same
    for column in ("revops_queue", "revops_territory", "revops_alert", "revops_nurture_track"):
        assert list(whole.frame[column]) == list(blocked.frame[column])
    assert (whole.kept_owner, whole.by_queue, whole.by_territory, whole.nurture) == \
        (blocked.kept_owner, blocked.by_queue, blocked.by_territory, blocked.nurture)
    # nobody goes over capacity, in blocks or not
    for result in (whole, blocked):
        assert all(r["capacity"] is None or r["load"] <= r["capacity"] for r in result.by_rep
                   if r["rep"] != "Meg Boss")


@pytest.mark.parametrize("rows", [7, 13])
def test_batches_add_up_to_the_run_and_equal_the_in_memory_run(rows):
    leads = big_leads()
    run, parts = batched(leads, TEAM, rows)
    total = run.result()
    expected = route(leads, TEAM, block_rows=rows)
    pd.testing.assert_frame_equal(pd.concat([p.frame for p in parts], ignore_index=True), expected.frame)
    assert total.summary() == expected.summary()
    assert total.state.pools == expected.state.pools and total.rows == len(leads)
    assert len(total.frame) == 0 and total.kept is None
    # the figures of the batches sum to the run's
    for key in ("by_queue", "by_territory", "nurture", "escalation_reasons"):
        assert sum((Counter(getattr(p, key)) for p in parts), Counter()) == Counter(getattr(total, key))
    assert sum(p.escalations for p in parts) == total.escalations
    assert sum(p.kept_owner for p in parts) == total.kept_owner
    assert sum(p.rows for p in parts) == total.rows
    per_rep = [sum(p.by_rep[i]["assigned"] for p in parts) for i in range(len(total.by_rep))]
    assert per_rep == [r["assigned"] for r in total.by_rep]
    # each batch's load is the load after it: the base load (from the whole input) plus what was assigned
    base = [r["load"] - r["assigned"] for r in total.by_rep]
    so_far = np.zeros(len(base))
    for part in parts:
        so_far += [r["assigned"] for r in part.by_rep]
        assert [r["load"] for r in part.by_rep] == list(base + so_far)
    # from every row before the first block: Ann owns 4 leads, 2 of them nurture (they leave her); Cal owns
    # the last 4 and keeps 3 (one is nurture), so has room for 2 of his capacity 5 from the first block on
    assert (base[1], base[3]) == (2, 3)
    assert per_rep[3] == 2 and total.by_rep[3]["load"] == 5
    assert parts[-1].state.pools == total.state.pools and parts[0].state.pools != total.state.pools
    assert total.warnings == [] and all(p.warnings == [] for p in parts)


def test_an_input_of_at_most_one_block_routes_as_one():
    leads = big_leads()
    one = route(leads, TEAM, block_rows=len(leads))
    for result in (route(leads, TEAM), route(leads, TEAM, block_rows=10**9)):
        pd.testing.assert_frame_equal(result.frame, one.frame)
        assert result.summary() == one.summary() and result.state.pools == one.state.pools
        assert list(result.kept) == list(one.kept)


def test_a_batch_may_end_inside_a_block_only_at_the_end():
    leads = big_leads(20)
    run = RouteRun.from_exports(detect_columns(list(leads.columns)), CONFIG, TEAM, territory_export(),
                                state=RouteState(), now=NOW, block_rows=7)
    run.count_input(leads.iloc[:10])
    run.count_input(leads.iloc[10:])
    run.route_rows(leads.iloc[:10])
    with pytest.raises(ValueError, match="end inside a block of 7"):
        run.route_rows(leads.iloc[10:])
    with pytest.raises(RuntimeError, match="count every row of the input first"):
        run.count_input(leads.iloc[:1])


def test_every_lead_must_be_counted_before_the_blocks():
    leads = big_leads(20)
    run = RouteRun.from_exports(detect_columns(list(leads.columns)), CONFIG, TEAM, territory_export(),
                                state=RouteState(), now=NOW, block_rows=10)
    run.count_input(leads.iloc[:10])
    run.route_rows(leads.iloc[:10])
    run.route_rows(leads.iloc[10:].reset_index(drop=True))
    with pytest.raises(RuntimeError, match="saw 10 leads and route_rows"):
        run.result()


def test_a_score_that_is_not_a_number_names_its_row_in_the_file():
    leads = big_leads(20)
    leads.loc[15, "revops_score"] = "hot"
    with pytest.raises(RevopsInputError, match="^row 17: score 'hot'"):
        batched(leads, TEAM, 7)
    with pytest.raises(RevopsInputError, match="^row 17: score 'hot'"):
        route(leads, TEAM, block_rows=7)


def test_a_block_is_a_streamed_batch():
    assert ROUTE_BLOCK_ROWS == BATCH_ROWS

"""Shared figures: percent, and how a check that could not run is said (SPEC contract 9)."""

from __future__ import annotations

from revops_cli.core.metrics import NotMeasured, missing_column, not_measured_json, percent


def test_percent_of_nothing_is_not_a_number():
    assert percent(1, 3) == 33.3
    assert percent(0, 0) is None


def test_a_missing_column_says_why_and_the_map_that_fixes_it():
    check = missing_column("close_date")
    assert str(check) == "not measured (no close date column; try --map close_date=HEADER)"
    assert not_measured_json({"past_due": check}) == {"past_due": "no close date column; try --map close_date=HEADER"}
    assert str(NotMeasured("no event has a cost")) == "not measured (no event has a cost)"

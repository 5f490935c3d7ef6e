"""Yes/no cells as CRMs and spreadsheets export them: one vocabulary (normalize/booleans.py)."""

from __future__ import annotations

import pandas as pd
import pytest

from revops_cli.normalize.booleans import FALSE_WORDS, TRUE_WORDS, truth_value, truth_values


@pytest.mark.parametrize("cell", ["true", "TRUE", " Yes ", "y", "1", "1.0", "x", "X", "checked", "on", "✓", "✔"])
def test_salesforce_excel_and_hand_kept_yes_cells_are_true(cell):
    assert truth_value(cell) is True


@pytest.mark.parametrize("cell", ["false", "FALSE", "No", "n", "0", "0.0", "unchecked", "off"])
def test_no_cells_are_false(cell):
    assert truth_value(cell) is False


@pytest.mark.parametrize("cell", [None, float("nan"), "", "  ", "maybe", "2", "n/a"])
def test_blank_or_unknown_cells_are_neither(cell):
    assert truth_value(cell) is None


def test_a_column_keeps_its_own_words_on_top_of_the_shared_ones():
    roster_true, roster_false = TRUE_WORDS | {"active"}, FALSE_WORDS | {"inactive"}
    values = pd.Series(["Active", "inactive", "yes", "", None, "on leave"], index=[10, 11, 12, 13, 14, 15])
    got = truth_values(values, roster_true, roster_false)
    assert got.index.tolist() == [10, 11, 12, 13, 14, 15]
    assert got.tolist() == [True, False, True, pd.NA, pd.NA, pd.NA]
    assert str(got.dtype) == "boolean"

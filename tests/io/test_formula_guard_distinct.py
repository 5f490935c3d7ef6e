"""SPEC contract 7 (the CSV-injection guard) on long object columns: tested once per distinct value, same cells."""

from __future__ import annotations

import numpy as np
import pandas as pd

from revops_cli.io.formula_guard import formula_cells, neutralise_formulas


def _cell_by_cell(values: pd.Series) -> list[bool]:
    return [bool(m.iloc[0]) if (m := formula_cells(pd.Series([v], dtype=object))) is not None else False
            for v in values]


def test_a_long_object_column_of_few_values_is_guarded_exactly_where_each_cell_would_be():
    rng = np.random.default_rng(3)
    kinds = np.array(['=HYPERLINK("x")', "+14155550134", "-5", "@SUM(A1)", "mobile", None, True, False, "-",
                      "+1 (415) 555-0100 ext. 22", "\tx", "+cmd"], dtype=object)
    values = pd.Series(kinds[rng.integers(0, len(kinds), 5_000)], index=range(10, 5_010), dtype=object)
    mask = formula_cells(values)
    assert mask is not None and mask.index.equals(values.index)
    assert mask.tolist() == _cell_by_cell(values)
    guarded = set(values[mask.to_numpy()].unique())
    assert guarded == {'=HYPERLINK("x")', "@SUM(A1)", "\tx", "+cmd"}
    out = neutralise_formulas(values)
    assert out[values == "+cmd"].eq("'+cmd").all()
    assert out[values == "+14155550134"].eq("+14155550134").all()


def test_a_long_object_column_with_nothing_to_guard_gives_none():
    values = pd.Series(([True, False, None, "fixed_line", "+447400123456"] * 400), dtype=object)
    assert formula_cells(values) is None


def test_arrow_text_is_screened_by_its_first_byte_exactly_as_the_regular_expression_would():
    import pyarrow as pa

    cells = ["=1+1", "+cmd", "-x", "@A1", "\tx", "\rx", "", None, "é=", "Ä", "x=1", " =1", "+14155550134", "-5",
             "日本", "=", "+", "-", "plain", "\u200b=1"] * 50
    arrow = pd.Series(cells, dtype="str")
    sliced = arrow.iloc[7:]  # a slice: the Arrow array starts at an offset
    for values in (arrow, sliced, pd.Series(pd.arrays.ArrowStringArray(pa.chunked_array(
            [pa.array(cells[:10], type=pa.string()), pa.array(cells[10:], type=pa.string())])))):
        mask = formula_cells(values)
        plain = formula_cells(values.astype(object).iloc[:999])  # the object path (short: no distinct shortcut)
        expected = _cell_by_cell(values)
        assert (mask.tolist() if mask is not None else [False] * len(values)) == expected
        assert (plain.tolist() if plain is not None else [False] * min(999, len(values))) == expected[:999]
    assert formula_cells(pd.Series(["a", "", None], dtype="str")) is None

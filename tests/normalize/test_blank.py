"""The one blank rule: spreadsheet error values and placeholders are blank, everywhere."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from revops_cli.normalize.blank import is_blank, is_blank_value
from revops_cli.normalize.distinct import is_blank as distinct_is_blank

SPREADSHEET_ERRORS = ["#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NULL!", "#NUM!", "#SPILL!", "#CALC!",
                      "#GETTING_DATA", "#N/A N/A", "Err:502", "#n/a"]
PLACEHOLDERS = ["N/A", "n/a", "N.A.", "-", "--", "---", "—", "null", "NULL", "None", "none", "(blank)", "[blank]",
                "[not provided]", "(not set)", "--None--", "nan", "<NA>"]
FORM_PROMPTS = ["Select", "select", "-- Select --", "- Select One -", "Select...", "Please select", "Please Select",
                "Choose an option", "Select country", "[Select]", "Bitte wählen", "Auswählen", "Sélectionner",
                "Seleccione", "Selecione", "Seleziona", "Selecteer", "Выберите", "選択してください"]
NOT_BLANK = ["NA", "Na", "Namibia", "Select Medical", "Selected Works", "Choice Hotels", "0", "0.0", "unknown",
             "Other", "Alice", "n", "x", "-5", "--force", "A-", "N/A Corp", "Nonesuch Ltd", "Null Island Labs"]


@pytest.mark.parametrize("value", SPREADSHEET_ERRORS + PLACEHOLDERS + FORM_PROMPTS + ["", "   ", "\u00a0", "\t"])
def test_error_values_placeholders_and_form_prompts_are_blank(value):
    assert is_blank_value(value)
    assert is_blank(pd.Series([value], dtype=object)).tolist() == [True]
    assert is_blank(pd.Series([value], dtype="str")).tolist() == [True]


@pytest.mark.parametrize("value", NOT_BLANK)
def test_real_values_are_not_blank(value):
    # "NA" in capitals is Namibia's code; "unknown" and "0" are answers; a company may start with "Select"
    assert not is_blank_value(value)
    assert is_blank(pd.Series([value], dtype=object)).tolist() == [False]


def test_padding_does_not_hide_a_placeholder():
    assert is_blank(pd.Series(["  #N/A ", " n/a", "Select  ", "  -- "])).all()


def test_missing_cells_of_every_type_are_blank_and_typed_values_are_not():
    assert is_blank(pd.Series([1.0, np.nan, 0.0])).tolist() == [False, True, False]
    assert is_blank(pd.Series([pd.Timestamp("2026-01-02"), pd.NaT])).tolist() == [False, True]
    mixed = pd.Series(["a", 7, None, "#N/A", 3.5, np.nan, pd.Timestamp("2026-01-02")], dtype=object)
    assert is_blank(mixed).tolist() == [False, False, True, True, False, True, False]
    assert is_blank(pd.Series([], dtype=object)).tolist() == []


def test_the_column_rule_and_the_cell_rule_agree():
    values = SPREADSHEET_ERRORS + PLACEHOLDERS + FORM_PROMPTS + NOT_BLANK + [None]
    column = is_blank(pd.Series(values, dtype=object)).tolist()
    assert column == [is_blank_value(v) for v in values]


def test_normalize_distinct_is_blank_is_the_same_rule():
    assert distinct_is_blank is is_blank


def test_result_keeps_the_index_and_is_a_boolean_series():
    series = pd.Series(["x", "#N/A"], index=[10, 20])
    result = is_blank(series)
    assert result.index.tolist() == [10, 20] and str(result.dtype) == "boolean"
    assert int(result.sum()) == 1

"""Person names: casing, spacing, placeholders, full-name splitting."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nameparser import HumanName

from revops_cli.normalize import names
from revops_cli.normalize.names import (
    normalize_name,
    normalize_name_column,
    split_full_name,
    split_full_name_column,
)


@pytest.mark.parametrize(
    ("raw", "expected", "rule"),
    [
        ("JOHN", "John", "name_case"),
        ("john", "John", "name_case"),
        ("mary-jane", "Mary-Jane", "name_case"),
        ("o'brien", "O'Brien", "name_case"),
        ("O’NEILL", "O’Neill", "name_case"),
        ("MCDONALD", "McDonald", "name_case"),
        ("van der berg", "van der Berg", "name_case"),
        ("VAN DER BERG", "van der Berg", "name_case"),
        ("DE LA CRUZ", "de la Cruz", "name_case"),
        ("DA SILVA", "da Silva", "name_case"),
        ("VAN", "Van", "name_case"),  # a particle alone is a (first) name
        ("JOSÉ", "José", "name_case"),
        ("ÉMILE", "Émile", "name_case"),
        ("d'angelo", "D'Angelo", "name_case"),
        ("JACK'S", "Jack's", "name_case"),
        ("j.r.", "J.R.", "name_case"),
        ("MARY   ANN", "Mary Ann", "name_case"),
        ("  John  ", "John", "name_spacing"),
        ("Mary \t Ann", "Mary Ann", "name_spacing"),
        ("John", "John", None),
    ],
)
def test_real_world_spellings(raw, expected, rule):
    assert normalize_name(raw) == (expected, None, rule)


@pytest.mark.parametrize(
    "raw", ["McDonald", "DeShawn", "O'Brien", "van der Berg", "iRobot", "MacKenzie", "LeBron", "José", "Na"]
)
def test_mixed_case_kept_exactly(raw):
    assert normalize_name(raw) == (raw, None, None)


@pytest.mark.parametrize(
    "raw",
    ["test", "TEST", "n/a", "N/A", "unknown", "asdf", "-", "x", "?", "john3", "a@b.com", "123",
     " test ", "...", "[not provided]"],
)
def test_not_a_name_flagged_value_unchanged(raw):
    assert normalize_name(raw) == (raw, "not a name", None)


@pytest.mark.parametrize("raw", [None, float("nan"), pd.NA, "", "   ", "\t\n"])
def test_blank_is_all_none(raw):
    assert normalize_name(raw) == (None, None, None)


def test_column_keeps_index_and_order_of_columns():
    series = pd.Series(["JOHN", None, "test", " Ann "], index=[10, 3, 7, 99])
    out = normalize_name_column(series)
    assert list(out.columns) == ["value", "flag", "rule"]
    assert list(out.index) == [10, 3, 7, 99]
    assert out.loc[10].tolist() == ["John", None, "name_case"]
    assert out.loc[3].tolist() == [None, None, None]
    assert out.loc[7].tolist() == ["test", "not a name", None]
    assert out.loc[99].tolist() == ["Ann", None, "name_spacing"]


def test_column_calls_once_per_distinct_value(monkeypatch):
    calls: list[object] = []
    real = names.normalize_name

    def counting(raw):
        calls.append(raw)
        return real(raw)

    monkeypatch.setattr(names, "normalize_name", counting)
    series = pd.Series(["JOHN", "mary", None] * 333 + ["JOHN"])
    out = normalize_name_column(series)
    assert len(out) == 1000
    assert len(calls) == 3
    assert out["value"].value_counts().to_dict() == {"John": 334, "Mary": 333}


@pytest.mark.parametrize(
    ("raw", "first", "last"),
    [
        ("Dr. Jane Q. Smith Jr.", "Jane", "Smith"),
        ("Smith, John", "John", "Smith"),
        ("SMITH, JOHN", "John", "Smith"),
        ("Jean-Luc Picard", "Jean-Luc", "Picard"),
        ("JOHN SMITH", "John", "Smith"),
        ("john van der berg", "John", "van der Berg"),
        ("MARIA DE LA CRUZ", "Maria", "de la Cruz"),
        ("mary-jane o'brien", "Mary-Jane", "O'Brien"),
        ("Prof. Dr. Hans Müller", "Hans", "Müller"),
        ("Jane mcdonald", "Jane", "McDonald"),
        ("  Jane   Smith ", "Jane", "Smith"),
        ("Madonna", "Madonna", None),
        ("test", None, None),
        ("jane@example.com", None, None),
        ("", None, None),
        (None, None, None),
    ],
)
def test_split_full_name(raw, first, last):
    assert split_full_name(raw) == (first, last)


def test_split_column_index_and_distinct(monkeypatch):
    calls = []
    real = names.split_full_name
    monkeypatch.setattr(names, "split_full_name", lambda raw: calls.append(raw) or real(raw))
    series = pd.Series(["JOHN SMITH", "Smith, Jane", None] * 4, index=range(100, 112))
    out = split_full_name_column(series)
    assert list(out.columns) == ["first_name", "last_name"]
    assert list(out.index) == list(range(100, 112))
    assert out.loc[101].tolist() == ["Jane", "Smith"]
    assert out.loc[102].tolist() == [None, None]
    assert len(calls) == 3


_WORD = st.sampled_from(["John", "Mary", "Ann", "Lee", "Garcia", "Smith", "Kim", "Nguyen", "Jo",
                         "Li", "Stone", "Major", "Will", "Rose", "Grant", "Carter"])


@given(st.lists(_WORD, min_size=2, max_size=3))
def test_fast_split_agrees_with_nameparser(words):
    full = " ".join(words)
    parsed = HumanName(full)
    assert names._parse(full) == (parsed.first, parsed.last)


_NAMEISH = st.one_of(
    st.none(),
    st.just(math.nan),
    st.text(max_size=30),
    st.text(alphabet="abcdefgABCDEFG '-.’ßŉǅİı@1", max_size=20),
    st.sampled_from(["JOHN", "van der berg", "o'brien", "MCDONALD", "test", "  ", "McDonald"]),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_NAMEISH, max_size=25), st.integers(min_value=-5, max_value=5))
def test_name_column_properties(values, offset):
    series = pd.Series(values, index=[offset + 3 * i for i in range(len(values))], dtype=object)
    out = normalize_name_column(series)
    assert len(out) == len(series)
    assert out.index.equals(series.index)
    again = normalize_name_column(out["value"])
    assert again["value"].tolist() == out["value"].tolist()
    assert again["rule"].isna().all()


@settings(max_examples=200, deadline=None)
@given(st.lists(_NAMEISH, max_size=15))
def test_split_column_never_raises(values):
    series = pd.Series(values, dtype=object)
    out = split_full_name_column(series)
    assert len(out) == len(series)
    assert out.index.equals(series.index)

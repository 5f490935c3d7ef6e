"""Company names: tidy legal name, placeholders, match key."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from revops_cli.normalize import company
from revops_cli.normalize.company import (
    company_key,
    company_key_column,
    normalize_company,
    normalize_company_column,
)


@pytest.mark.parametrize(
    ("raw", "value", "key"),
    [
        ("ACME CORPORATION", "Acme Corporation", "acme"),
        ("acme corp.", "Acme Corp.", "acme"),
        ("acme", "Acme", "acme"),
        ("ACME", "ACME", "acme"),  # short single ALL CAPS word: kept as an acronym
        ("ibm", "IBM", "ibm"),
        ("3m company", "3M Company", "3m"),
        ("hp inc", "HP Inc.", "hp"),
        ("AT&T INC.", "AT&T Inc.", "at and t"),
        ("at&t", "AT&T", "at and t"),
        ("MCKINSEY & COMPANY", "McKinsey & Company", "mckinsey"),
        ("BANK OF AMERICA CORP", "Bank of America Corp.", "bank of america"),
        ("THE HOME DEPOT, INC.", "The Home Depot, Inc.", "home depot"),
        ("O'REILLY MEDIA", "O'Reilly Media", "oreilly media"),
        ("MACY'S", "Macy's", "macys"),
        ("7-ELEVEN", "7-Eleven", "7 eleven"),
        ("COCA-COLA CO", "Coca-Cola Co.", "coca cola"),
        ("ACME GMBH & CO. KG", "Acme GmbH & Co. KG", "acme"),
        ("acme pty ltd", "Acme Pty Ltd", "acme"),
        ("acme s.a.", "Acme S.A.", "acme"),
        ("acme llc", "Acme LLC", "acme"),
        ("ACME PLC", "Acme PLC", "acme"),
        ("J.P. MORGAN CHASE & CO.", "J.P. Morgan Chase & Co.", "jp morgan chase"),
        ("SOCIÉTÉ GÉNÉRALE SA", "Société Générale SA", "societe generale"),
        ("CVS HEALTH", "CVS Health", "cvs health"),
        ("21ST CENTURY FOX", "21st Century Fox", "21st century fox"),
        ("ST. JUDE MEDICAL", "St. Jude Medical", "st jude medical"),
        ("Smith &Jones", "Smith & Jones", "smith and jones"),
        ("Marks&Spencer", "Marks & Spencer", "marks and spencer"),
        ("Acme , Inc.", "Acme, Inc.", "acme"),
        ("Acme,Inc.", "Acme, Inc.", "acme"),
        ("  Acme   Widgets  ", "Acme Widgets", "acme widgets"),
    ],
)
def test_tidied_names_and_keys(raw, value, key):
    rule = None if value == raw else "company_tidy"
    assert normalize_company(raw) == (value, None, rule, key)


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("Acme, Inc.", "acme"),
        ("The Acme Company", "acme"),
        ("Acme Co", "acme"),
        ("ACME GmbH", "acme"),
        ("Acme Co., Ltd.", "acme"),  # cleanco strips one suffix; our fallback the other
        ("Acme Co.,Ltd", "acme"),
        ("Acme Holdings Ltd", "acme holdings"),
        ("AT&T Inc.", "at and t"),
        ("AT & T", "at and t"),
        ("Amazon.com, Inc.", "amazon"),
        ("Procter & Gamble Co.", "procter and gamble"),
        ("Dow Jones & Co.", "dow jones"),
        ("Nestlé S.A.", "nestle"),
        ("Inc.", "inc"),  # nothing left after the suffix: keep the words
        ("The Company, Inc.", "the company inc"),
    ],
)
def test_company_key(raw, key):
    assert company_key(raw) == key


@pytest.mark.parametrize(
    "raw", ["iRobot", "eBay", "McKinsey & Company", "PwC", "ACME GmbH", "Acme, Inc.", "Société Générale S.A."]
)
def test_mixed_case_kept(raw):
    value, flag, rule, _ = normalize_company(raw)
    assert (value, flag, rule) == (raw, None, None)


@pytest.mark.parametrize(
    "raw",
    ["n/a", "N/A", "none", "Unknown", "-", "test", "self", "Self-Employed", "self employed",
     "individual", "personal", "Student", "RETIRED", " n/a ", "???"],
)
def test_placeholders_flagged_value_unchanged_key_none(raw):
    assert normalize_company(raw) == (raw, "placeholder company", None, None)
    assert company_key(raw) is None


@pytest.mark.parametrize("raw", [None, math.nan, pd.NA, "", "   "])
def test_blank(raw):
    assert normalize_company(raw) == (None, None, None, None)
    assert company_key(raw) is None


def test_column_shape_and_index():
    series = pd.Series(["ACME CORP", None, "n/a", "iRobot"], index=["a", "b", "c", "d"])
    out = normalize_company_column(series)
    assert list(out.columns) == ["value", "flag", "rule", "revops_company_key"]
    assert list(out.index) == ["a", "b", "c", "d"]
    assert out.loc["a"].tolist() == ["Acme Corp.", None, "company_tidy", "acme"]
    assert out.loc["b"].tolist() == [None, None, None, None]
    assert out.loc["c"].tolist() == ["n/a", "placeholder company", None, None]
    assert out.loc["d"].tolist() == ["iRobot", None, None, "irobot"]


def test_key_column():
    series = pd.Series(["Acme, Inc.", "ACME CORPORATION", "n/a", None], index=[5, 6, 7, 8])
    keys = company_key_column(series)
    assert keys.index.tolist() == [5, 6, 7, 8]
    assert keys.tolist() == ["acme", "acme", None, None]


def test_column_calls_once_per_distinct_value(monkeypatch):
    calls = []
    real = company.normalize_company
    monkeypatch.setattr(company, "normalize_company", lambda raw: calls.append(raw) or real(raw))
    series = pd.Series(["ACME CORP", "Globex", None] * 333 + ["Globex"])
    out = normalize_company_column(series)
    assert len(out) == 1000 and len(calls) == 3
    assert out["revops_company_key"].value_counts().to_dict() == {"globex": 334, "acme": 333}


def test_key_column_calls_once_per_distinct_value(monkeypatch):
    calls = []
    real = company.company_key
    monkeypatch.setattr(company, "company_key", lambda raw: calls.append(raw) or real(raw))
    company_key_column(pd.Series(["A Inc", "B Ltd", "C"] * 333 + ["C"]))
    assert len(calls) == 3


_COMPANYISH = st.one_of(
    st.none(),
    st.just(math.nan),
    st.text(max_size=30),
    st.text(alphabet="abcACME &,.'-’ßıİ3 ", max_size=25),
    st.sampled_from(["ACME CORP", "acme inc", "AT&T", "n/a", "McKinsey & Company", "3m", "Co., Ltd."]),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_COMPANYISH, max_size=25), st.integers(min_value=-5, max_value=5))
def test_company_column_properties(values, offset):
    series = pd.Series(values, index=[offset - 2 * i for i in range(len(values))], dtype=object)
    out = normalize_company_column(series)
    assert len(out) == len(series)
    assert out.index.equals(series.index)
    again = normalize_company_column(out["value"])
    assert again["value"].tolist() == out["value"].tolist()
    assert again["revops_company_key"].tolist() == out["revops_company_key"].tolist()
    assert again["rule"].isna().all()


def test_company_key_column_keys_every_cell_as_company_key_does_and_again_from_memory():
    import numpy as np
    import pandas as pd

    from revops_cli.normalize.company import company_key, company_key_column
    cells = ["AT&T Inc.", "The Acme Company", None, "acme corp", 1, 2.5, "1", np.nan, "  Globex GmbH ", "n/a",
             "AT&T Inc.", "Ünïcode Ltd"]
    companies = pd.Series(cells, dtype=object, index=range(10, 10 + len(cells)))
    expected = [company_key(None if c is None or (isinstance(c, float) and np.isnan(c)) else c) for c in cells]
    first = company_key_column(companies)
    again = company_key_column(companies)  # every text name now comes from memory
    for result in (first, again):
        assert result.tolist() == expected
        assert list(result.index) == list(companies.index) and result.name == "revops_company_key"
    assert expected[:2] == ["at and t", "acme"] and expected[4] == expected[6] == "1"

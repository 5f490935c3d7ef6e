"""Job titles: tidy value, seniority, function, extra rules."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from revops_cli.normalize import title
from revops_cli.normalize.title import (
    FUNCTIONS,
    SENIORITIES,
    build_title_rules,
    classify_title,
    normalize_title,
    normalize_title_column,
)

IC = "Individual Contributor"


@pytest.mark.parametrize(
    ("raw", "seniority", "function"),
    [
        ("VP of Sales", "VP", "Sales"),
        ("vp, marketing", "VP", "Marketing"),
        ("Sr. Dir. Demand Gen", "Director", "Marketing"),
        ("CTO", "C-Level", "Engineering"),
        ("Founder & CEO", "C-Level", "Executive"),
        ("Head of RevOps", "Director", "Operations"),
        ("mktg mgr", "Manager", "Marketing"),
        ("Software Engineer", IC, "Engineering"),
        ("SDR", IC, "Sales"),
        ("Account Executive", IC, "Sales"),
        ("Chief Revenue Officer", "C-Level", "Sales"),
        ("SVP Engineering", "VP", "Engineering"),
        ("Director of IT", "Director", "IT"),
        ("HR Business Partner", IC, "HR"),
        ("Controller", "Manager", "Finance"),
        ("Customer Success Manager", "Manager", "Customer Success"),
        ("Product Manager", "Manager", "Product"),
        ("Marketing Ops Specialist", IC, "Marketing"),
        ("Assistant to the VP of Sales", IC, "Sales"),
        ("Student", "Other", "Other"),
        ("Owner", "C-Level", "Executive"),
        ("Partner", "C-Level", "Executive"),
        ("Intern", IC, "Other"),
        ("Marketing Intern", IC, "Marketing"),
        ("Geschäftsführer", "C-Level", "Executive"),
        ("GESCHAEFTSFUEHRER", "C-Level", "Executive"),
        ("Directeur Commercial", "Director", "Sales"),
        ("Gerente de Ventas", "Manager", "Sales"),
        ("Vertriebsleiter", "Director", "Sales"),
        ("Responsable Marketing", "Manager", "Marketing"),
        ("CFO", "C-Level", "Finance"),
        ("CMO", "C-Level", "Marketing"),
        ("CIO", "C-Level", "IT"),
        ("Chief Technology Officer", "C-Level", "Engineering"),
        ("co-founder & cto", "C-Level", "Engineering"),
        ("EVP, Global Sales", "VP", "Sales"),
        ("V.P. Sales", "VP", "Sales"),
        ("Vice-President, Finance", "VP", "Finance"),
        ("Vice President", "VP", "Other"),
        ("President", "C-Level", "Executive"),
        ("Deputy CFO", "VP", "Finance"),
        ("Acting CEO", "C-Level", "Executive"),
        ("Interim VP Marketing", "VP", "Marketing"),
        ("Associate Director, Marketing", "Manager", "Marketing"),
        ("Associate Product Manager", IC, "Product"),
        ("Assistant Manager", IC, "Other"),
        ("Executive Assistant to the CEO", IC, "Executive"),
        ("Sales Recruiter", IC, "HR"),
        ("Head of People", "Director", "HR"),
        ("Director, Sales Operations", "Director", "Sales"),
        ("Revenue Operations Manager", "Manager", "Operations"),
        ("Product Owner", IC, "Product"),
        ("Team Lead, Customer Support", "Manager", "Customer Success"),
        ("Managing Director", "C-Level", "Executive"),
        ("Sales Engineer", IC, "Sales"),
        ("IT Support Specialist", IC, "IT"),
        ("Chief of Staff", "Director", "Executive"),
        ("Data Scientist", IC, "Engineering"),
        ("Financial Controller", "Manager", "Finance"),
        ("Purchasing Manager", "Manager", "Operations"),
        ("Teamleiter Vertrieb", "Manager", "Sales"),
        ("Bereichsleiter Personal", "Director", "HR"),
        ("Growth Hacker", "Other", "Marketing"),
        ("Astronaut", "Other", "Other"),
    ],
)
def test_seniority_and_function(raw, seniority, function):
    value, flag, _, got_seniority, got_function = normalize_title(raw)
    assert flag is None
    assert (got_seniority, got_function) == (seniority, function)


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("VP OF SALES", "VP of Sales"),
        ("vp, marketing", "VP, Marketing"),
        ("mktg mgr", "Mktg Mgr"),
        ("ceo", "CEO"),
        ("co-founder & cto", "Co-Founder & CTO"),
        ("director of it", "Director of IT"),
        ("head of revops", "Head of RevOps"),
        ("saas ae", "SaaS AE"),
        ("hr business partner", "HR Business Partner"),
        ("sr. software engineer ii", "Sr. Software Engineer II"),
        ("director of r&d", "Director of R&D"),
        ("fp&a manager", "FP&A Manager"),
        ("GESCHÄFTSFÜHRER", "Geschäftsführer"),
        ("gerente de ventas", "Gerente de Ventas"),
        ("assistant to the vp of sales", "Assistant to the VP of Sales"),
        ("VP,Sales", "VP, Sales"),
        ("VP , Sales", "VP, Sales"),
        ("  Head   of  Sales ", "Head of Sales"),
        ("2ND LINE SUPPORT", "2nd Line Support"),
        ("B2B MARKETING MANAGER", "B2B Marketing Manager"),
    ],
)
def test_tidy_value(raw, value):
    got, flag, rule, _, _ = normalize_title(raw)
    assert (got, flag, rule) == (value, None, "title_tidy")


@pytest.mark.parametrize("raw", ["VP of Sales", "iOS Developer", "DevOps Engineer", "Head of RevOps", "McKinsey Alum"])
def test_mixed_case_kept(raw):
    assert normalize_title(raw)[:3] == (raw, None, None)


@pytest.mark.parametrize("raw", ["n/a", "N/A", "-", "unknown", "Unknown", "test", "TBD", "?", " -- "])
def test_placeholders_flagged(raw):
    assert normalize_title(raw) == (raw, "placeholder title", None, None, None)


@pytest.mark.parametrize("raw", [None, math.nan, pd.NA, "", "   "])
def test_blank(raw):
    assert normalize_title(raw) == (None, None, None, None, None)


def test_column_shape_and_index():
    series = pd.Series(["VP OF SALES", None, "n/a", "Astronaut"], index=[40, 30, 20, 10])
    out = normalize_title_column(series)
    assert list(out.columns) == ["value", "flag", "rule", "revops_seniority", "revops_function"]
    assert list(out.index) == [40, 30, 20, 10]
    assert out.loc[40].tolist() == ["VP of Sales", None, "title_tidy", "VP", "Sales"]
    assert out.loc[30].tolist() == [None] * 5
    assert out.loc[20].tolist() == ["n/a", "placeholder title", None, None, None]
    assert out.loc[10].tolist() == ["Astronaut", None, None, "Other", "Other"]


def test_column_calls_once_per_distinct_value(monkeypatch):
    calls = []
    real = title.normalize_title
    monkeypatch.setattr(title, "normalize_title", lambda raw, rules=None: calls.append(raw) or real(raw, rules))
    series = pd.Series(["CTO", "mktg mgr", None] * 333 + ["CTO"])
    out = normalize_title_column(series, extra_rules=[{"pattern": "zzz", "function": "Sales"}])
    assert len(out) == 1000 and len(calls) == 3
    assert out["revops_seniority"].value_counts().to_dict() == {"C-Level": 334, "Manager": 333}


def test_extra_rules_override_builtins():
    series = pd.Series(["Controller", "Growth Hacker", "Chief Happiness Officer", "Sales Manager"])
    extra = [
        {"pattern": "controller", "seniority": "Director"},
        {"pattern": "growth hacker", "seniority": "Individual Contributor", "function": "Marketing"},
        {"pattern": r"chief happiness officer", "function": "HR"},
        {"pattern": "VP|Manager", "seniority": "VP"},  # case-insensitive, whole words
    ]
    out = normalize_title_column(series, extra_rules=extra)
    assert out["revops_seniority"].tolist() == ["Director", IC, "C-Level", "VP"]
    # a rule that sets only the seniority leaves the function to the built-ins
    assert out["revops_function"].tolist() == ["Finance", "Marketing", "HR", "Sales"]
    # without the extra rules the built-ins apply
    plain = normalize_title_column(series)
    assert plain["revops_seniority"].tolist() == ["Manager", "Other", "C-Level", "Manager"]


def test_extra_rule_pattern_matches_whole_words_with_accents_folded():
    rules = build_title_rules([{"pattern": "jefe de área", "seniority": "Director"}])
    assert classify_title("Jefe de Area Comercial", rules) == ("Director", "Sales")
    rules = build_title_rules([{"pattern": "ops", "function": "Finance"}])
    assert classify_title("Topsoil Specialist", rules) == (IC, "Other")
    rules = build_title_rules([{"pattern": "(?i)growth hacker", "seniority": IC, "function": "Marketing"}])
    assert classify_title("Growth Hacker", rules) == (IC, "Marketing")


@pytest.mark.parametrize(
    "bad",
    [
        {"seniority": "VP"},
        {"pattern": "", "seniority": "VP"},
        {"pattern": "x"},
        {"pattern": "x", "seniority": "Boss"},
        {"pattern": "x", "function": "Legal"},
        {"pattern": "(", "seniority": "VP"},
        {"pattern": "x", "seniority": "VP", "level": 3},
        "growth hacker",
    ],
)
def test_bad_extra_rule_raises_value_error(bad):
    with pytest.raises(ValueError, match="extra title rule 1"):
        build_title_rules([bad])


def test_every_builtin_rule_uses_known_labels():
    for rule in title.DEFAULT_RULES:
        assert rule.seniority in (None, *SENIORITIES)
        assert rule.function in (None, *FUNCTIONS)


_TITLEISH = st.one_of(
    st.none(),
    st.just(math.nan),
    st.text(max_size=40),
    st.text(alphabet="vpceosalrmktg &,./-ßıİ2", max_size=30),
    st.sampled_from(["VP OF SALES", "vp, marketing", "n/a", "Founder & CEO", "fp&a", "2nd line"]),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_TITLEISH, max_size=25), st.integers(min_value=-5, max_value=5))
def test_title_column_properties(values, offset):
    series = pd.Series(values, index=[offset + 7 * i for i in range(len(values))], dtype=object)
    out = normalize_title_column(series)
    assert len(out) == len(series)
    assert out.index.equals(series.index)
    assert set(out["revops_seniority"].dropna()) <= set(SENIORITIES)
    assert set(out["revops_function"].dropna()) <= set(FUNCTIONS)
    again = normalize_title_column(out["value"])
    assert again["value"].tolist() == out["value"].tolist()
    assert again["revops_seniority"].tolist() == out["revops_seniority"].tolist()
    assert again["revops_function"].tolist() == out["revops_function"].tolist()
    assert again["rule"].isna().all()


@pytest.mark.parametrize("raw,function", [
    ("Communications engineer", "Engineering"),  # issue 17 item 13: builds networks, not press releases
    ("Communication Systems Engineer", "Engineering"),
    ("RF Communications Technician", "Engineering"),
    ("Telecommunications Engineer", "Engineering"),
    ("Communications Manager", "Marketing"),
    ("Corporate Communications Specialist", "Marketing"),
    ("Marketing Communications Manager", "Marketing"),
    ("Sales Engineer", "Sales"),
])
def test_communications_engineers_are_engineering_and_communications_people_marketing(raw, function):
    assert normalize_title(raw)[4] == function

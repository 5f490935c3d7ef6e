"""Industry → NAICS sector (Data Management SOP: industry as NAICS)."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from revops_cli.normalize import industry
from revops_cli.normalize.industry import (
    INDUSTRY_KEYWORDS,
    NAICS_SECTORS,
    normalize_industry,
    normalize_industry_column,
)
from revops_cli.errors import RevopsInputError

COLUMNS = ["value", "flag", "rule", "revops_naics_code", "revops_naics_sector"]
INFO = "Information"
PRO = "Professional, Scientific, and Technical Services"
MFG = "Manufacturing"


@pytest.mark.parametrize(
    ("raw", "value", "rule", "code", "sector"),
    [
        # Salesforce standard picklist
        ("Technology", "Technology", None, "51", INFO),
        ("Banking", "Banking", None, "52", "Finance and Insurance"),
        ("Manufacturing", "Manufacturing", None, "31-33", MFG),
        ("Retail", "Retail", None, "44-45", "Retail Trade"),
        ("Shipping", "Shipping", None, "48-49", "Transportation and Warehousing"),
        ("Not For Profit", "Not For Profit", None, "81", "Other Services (except Public Administration)"),
        ("Food & Beverage", "Food & Beverage", None, "72", "Accommodation and Food Services"),
        ("Government", "Government", None, "92", "Public Administration"),
        ("Consulting", "Consulting", None, "54", PRO),
        ("Agriculture", "Agriculture", None, "11", "Agriculture, Forestry, Fishing and Hunting"),
        # HubSpot labels and internal values, LinkedIn names
        ("COMPUTER_SOFTWARE", "COMPUTER_SOFTWARE", None, "51", INFO),
        ("Computer Software", "Computer Software", None, "51", INFO),
        ("Information Technology and Services", "Information Technology and Services", None, "54", PRO),
        ("INFORMATION_TECHNOLOGY_AND_SERVICES", "INFORMATION_TECHNOLOGY_AND_SERVICES", None, "54", PRO),
        ("Financial Services", "Financial Services", None, "52", "Finance and Insurance"),
        ("Hospital & Health Care", "Hospital & Health Care", None, "62", "Health Care and Social Assistance"),
        ("HOSPITAL_HEALTH_CARE", "HOSPITAL_HEALTH_CARE", None, "62", "Health Care and Social Assistance"),
        ("Marketing and Advertising", "Marketing and Advertising", None, "54", PRO),
        ("Marketing & Advertising", "Marketing & Advertising", None, "54", PRO),
        ("Real Estate", "Real Estate", None, "53", "Real Estate and Rental and Leasing"),
        ("Higher Education", "Higher Education", None, "61", "Educational Services"),
        ("Internet", "Internet", None, "51", INFO),
        ("Staffing and Recruiting", "Staffing and Recruiting", None, "56",
         "Administrative and Support and Waste Management and Remediation Services"),
        ("Software Development", "Software Development", None, "51", INFO),
        ("Oil & Energy", "Oil & Energy", None, "21", "Mining, Quarrying, and Oil and Gas Extraction"),
        # Free text
        ("SaaS", "SaaS", None, "51", INFO),
        ("Software", "Software", None, "51", INFO),
        ("Fintech", "Fintech", None, "52", "Finance and Insurance"),
        ("Pharma", "Pharma", None, "31-33", MFG),
        ("Logistics", "Logistics", None, "48-49", "Transportation and Warehousing"),
        ("Oil & Gas", "Oil & Gas", None, "21", "Mining, Quarrying, and Oil and Gas Extraction"),
        ("oil and gas", "oil and gas", None, "21", "Mining, Quarrying, and Oil and Gas Extraction"),
        ("Automotive", "Automotive", None, "31-33", MFG),
        ("E-commerce", "E-commerce", None, "44-45", "Retail Trade"),
        ("ecommerce", "ecommerce", None, "44-45", "Retail Trade"),
        ("Enterprise SaaS platform", "Enterprise SaaS platform", None, "51", INFO),
        # Sector titles themselves
        ("Information", "Information", None, "51", INFO),
        ("Professional, Scientific, and Technical Services",
         "Professional, Scientific, and Technical Services", None, "54", PRO),
        # NAICS codes
        ("511210", "511210", None, "51", INFO),
        ("541511", "541511", None, "54", PRO),
        ("NAICS 54", "NAICS 54", None, "54", PRO),
        ("naics code: 3361", "naics code: 3361", None, "31-33", MFG),
        ("31-33", "31-33", None, "31-33", MFG),
        ("4541", "4541", None, "44-45", "Retail Trade"),
        ("92", "92", None, "92", "Public Administration"),
        ("54 - Professional Services", "54 - Professional Services", None, "54", PRO),
        # Tidy spacing; casing untouched
        ("  Computer   Software ", "Computer Software", "industry_trim", "51", INFO),
        ("\tbanking\n", "banking", "industry_trim", "52", "Finance and Insurance"),
        ("TECHNOLOGY", "TECHNOLOGY", None, "51", INFO),
    ],
)
def test_known_industries_map_to_sector(raw, value, rule, code, sector):
    assert normalize_industry(raw) == (value, None, rule, code, sector)


@pytest.mark.parametrize("raw", ["Other", "Misc", "asdfgh", "  Other ", "99", "123456", "???", "Fruit It Ltd"])
def test_unmappable_is_flagged_and_left_unchanged(raw):
    assert normalize_industry(raw) == (raw, "industry not mapped to NAICS", None, None, None)


def test_short_keywords_match_only_the_whole_value():
    # "IT" is information technology on its own, never a word inside other text
    assert normalize_industry("IT") == ("IT", None, None, "54", PRO)
    assert normalize_industry("Fruit It Ltd")[1] == "industry not mapped to NAICS"


@pytest.mark.parametrize("raw", [None, float("nan"), pd.NA, "", "   ", "\t\n"])
def test_blank_is_none_everywhere(raw):
    assert normalize_industry(raw) == (None, None, None, None, None)


def test_excel_float_code_is_read_as_integer_code():
    assert normalize_industry(541511.0) == ("541511", None, None, "54", PRO)


def test_extra_map_extends_and_overrides():
    extra = {"Widgets": "332", "Software": "54", "Our Special Vertical": "92"}
    assert normalize_industry("widgets", extra)[3:] == ("31-33", MFG)
    assert normalize_industry("Software", extra)[3:] == ("54", PRO)
    assert normalize_industry("OUR SPECIAL VERTICAL", extra)[3:] == ("92", "Public Administration")
    # the built-in table is untouched for calls without the extra map
    assert normalize_industry("Software")[3:] == ("51", INFO)


def test_extra_map_with_bad_code_is_a_config_error():
    with pytest.raises(RevopsInputError, match="Widgets"):
        normalize_industry_column(pd.Series(["x"]), {"Widgets": "ninety"})
    with pytest.raises(RevopsInputError):
        normalize_industry_column(pd.Series([], dtype="str"), {"Widgets": "19"})


def test_column_shape_order_and_index():
    values = pd.Series(["Banking", None, " Other ", "  SaaS"], index=["r7", "r3", "r9", "r1"], dtype="str")
    result = normalize_industry_column(values)
    assert list(result.columns) == COLUMNS
    assert result.index.equals(values.index)
    assert result.loc["r7"].tolist() == ["Banking", None, None, "52", "Finance and Insurance"]
    assert result.loc["r3"].tolist() == [None, None, None, None, None]
    assert result.loc["r9"].tolist() == [" Other ", "industry not mapped to NAICS", None, None, None]
    assert result.loc["r1"].tolist() == ["SaaS", None, "industry_trim", "51", INFO]
    assert all(result[c].dtype == object for c in COLUMNS)


def test_empty_column():
    result = normalize_industry_column(pd.Series([], dtype="str"))
    assert list(result.columns) == COLUMNS
    assert len(result) == 0


def test_work_is_done_once_per_distinct_value(monkeypatch):
    calls: list[object] = []
    real = industry.normalize_industry

    def counting(value, extra_map=None):
        calls.append(value)
        return real(value, extra_map)

    monkeypatch.setattr(industry, "normalize_industry", counting)
    values = pd.Series(["Banking", "SaaS", "Banking", None, "SaaS", None, "Other"] * 1000)
    result = normalize_industry_column(values)
    assert len(result) == 7000
    assert sorted(calls, key=str) == sorted(["Banking", "SaaS", None, "Other"], key=str)
    assert result["revops_naics_code"].iloc[7 * 999] == "52"


def test_tables_are_consistent():
    assert len(NAICS_SECTORS) == 20
    assert set(INDUSTRY_KEYWORDS.values()) <= set(NAICS_SECTORS)
    assert "Other" not in INDUSTRY_KEYWORDS
    # two spellings that normalise to one key must not disagree
    seen: dict[str, tuple[str, str]] = {}
    for keyword, code in INDUSTRY_KEYWORDS.items():
        key = industry._key(keyword)
        assert key, keyword
        if key in seen:
            assert seen[key][1] == code, (keyword, seen[key])
        seen[key] = (keyword, code)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text(max_size=60), st.sampled_from(["SaaS", "Other", " 54 ", "NAICS"]))))
def test_column_never_raises(cells):
    values = pd.Series(cells, index=[f"i{k}" for k in range(len(cells))], dtype=object)
    result = normalize_industry_column(values)
    assert list(result.columns) == COLUMNS
    assert result.index.equals(values.index)
    for raw, (value, flag, rule, code, sector) in zip(cells, result.itertuples(index=False)):
        if flag is not None:
            assert value == raw and code is None and rule is None
        if code is not None:
            assert NAICS_SECTORS[code] == sector


@pytest.mark.parametrize("raw,code", [
    ("IT Services", "54"),  # issue 17 item 13: NAICS 5415, computer systems design and related services
    ("IT Services and IT Consulting", "54"),
    ("Managed Service Provider", "54"),
    ("Service Provider", "51"),  # Zoho's default picklist: telecom and network service providers
    ("MSP (Management Service Provider)", "54"),
    ("ASP (Application Service Provider)", "51"),
    ("Storage Service Provider", "51"),
    ("Systems Integrator", "54"),
    ("Data/Telecom OEM", "31-33"),
    ("Government/Military", "92"),
])
def test_it_services_and_service_providers_have_naics_sectors(raw, code):
    assert normalize_industry(raw)[3] == code and normalize_industry(raw)[1] is None

"""Country to ISO alpha-2 (Lead Management SOP, Data hygiene: standardise country)."""

from __future__ import annotations

import unicodedata

import pandas as pd
import pycountry
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from revops_cli.normalize import country as country_mod
from revops_cli.normalize.country import (
    COUNTRY_ALIASES,
    UNKNOWN_COUNTRY,
    normalize_country,
    normalize_country_column,
)

def alphabetical(text: str) -> str:
    """Sort key for alias tables: accents dropped, case ignored."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()


# Every spelling the SOP alias list names, plus codes and pycountry names.
SPELLINGS = [
    # alpha-2, alpha-3, numeric
    ("us", "US"), ("Gb", "GB"), ("de", "DE"), ("USA", "US"), ("DEU", "DE"), ("gbr", "GB"),
    ("840", "US"), ("276", "DE"), (" 826 ", "GB"),
    # pycountry names, official names, common names
    ("Germany", "DE"), ("Federal Republic of Germany", "DE"), ("Viet Nam", "VN"),
    ("Korea, Republic of", "KR"), ("Republic of Korea", "KR"), ("france", "FR"),
    ("UNITED STATES", "US"), ("Bolivia, Plurinational State of", "BO"),
    ("Holy See", "VA"), ("The Bahamas", "BS"), ("St. Lucia", "LC"),
    ("Trinidad & Tobago", "TT"), ("Bosnia and Herzegovina", "BA"), ("🇩🇪", "DE"),
    # United Kingdom
    ("UK", "GB"), ("U.K.", "GB"), ("uk", "GB"), ("United Kingdom", "GB"),
    ("Great Britain", "GB"), ("Britain", "GB"), ("England", "GB"), ("Scotland", "GB"),
    ("Wales", "GB"), ("Northern Ireland", "GB"),
    # United States
    ("U.S.", "US"), ("U.S.A.", "US"), ("US of A", "US"), ("United States of America", "US"),
    ("America", "US"), ("United States", "US"), ("u.s.a", "US"),
    # Europe
    ("Deutschland", "DE"), ("Holland", "NL"), ("The Netherlands", "NL"), ("Nederland", "NL"),
    ("Russia", "RU"), ("Czech Republic", "CZ"), ("Czechia", "CZ"), ("Moldova", "MD"),
    ("Macedonia", "MK"), ("North Macedonia", "MK"), ("España", "ES"), ("Espana", "ES"),
    ("Österreich", "AT"), ("Osterreich", "AT"), ("Schweiz", "CH"), ("Suisse", "CH"),
    ("Svizzera", "CH"), ("Italia", "IT"), ("Sverige", "SE"), ("Norge", "NO"),
    ("Danmark", "DK"), ("Suomi", "FI"), ("Polska", "PL"), ("Türkiye", "TR"),
    ("Turkiye", "TR"), ("Turkey", "TR"), ("Eire", "IE"), ("Éire", "IE"),
    ("Republic of Ireland", "IE"), ("Vatican", "VA"), ("Kosovo", "XK"), ("België", "BE"),
    # Africa, Middle East
    ("Ivory Coast", "CI"), ("Côte d'Ivoire", "CI"), ("Cote d Ivoire", "CI"),
    ("COTE D'IVOIRE", "CI"), ("UAE", "AE"), ("U.A.E.", "AE"), ("Emirates", "AE"),
    ("Iran", "IR"), ("Syria", "SY"), ("Tanzania", "TZ"), ("KSA", "SA"), ("Saudi", "SA"),
    ("Saudi Arabia", "SA"), ("Swaziland", "SZ"), ("Cape Verde", "CV"), ("Palestine", "PS"),
    # Asia Pacific
    ("South Korea", "KR"), ("Korea", "KR"), ("North Korea", "KP"), ("Vietnam", "VN"),
    ("Laos", "LA"), ("Taiwan", "TW"), ("Hong Kong", "HK"), ("Macau", "MO"), ("Macao", "MO"),
    ("Nippon", "JP"), ("Japan", "JP"), ("日本", "JP"), ("中国", "CN"), ("China", "CN"),
    ("PRC", "CN"), ("India", "IN"), ("Bharat", "IN"), ("Burma", "MM"), ("한국", "KR"),
    # Americas
    ("Bolivia", "BO"), ("Venezuela", "VE"), ("Brasil", "BR"), ("México", "MX"),
    ("Mexico", "MX"), ("Canada", "CA"),
]


@pytest.mark.parametrize(("raw", "expected"), SPELLINGS)
def test_real_world_spellings_become_alpha2(raw, expected):
    value, flag, rule = normalize_country(raw)
    assert (value, flag) == (expected, None)
    assert rule in ("country_iso2", "country_alias")


@pytest.mark.parametrize("code", ["US", "GB", "DE", "NA", "XK"])
def test_correct_alpha2_is_left_unchanged_with_no_rule(code):
    assert normalize_country(code) == (code, None, None)


def test_rule_says_whether_iso_tables_or_alias_table_matched():
    assert normalize_country("Germany") == ("DE", None, "country_iso2")
    assert normalize_country("UK") == ("GB", None, "country_alias")
    assert normalize_country(" US ") == ("US", None, "country_iso2")


@pytest.mark.parametrize(
    "raw", ["Narnia", "Europe", "N/A", "n/a", "na", "EMEA", "APAC", "LATAM", "xx", "EU", "-",
            "North America", "Virgin Islands", "Germny", "U", "0"]
)
def test_unknown_values_and_regions_are_flagged_and_kept_as_typed(raw):
    assert normalize_country(raw) == (raw, "unknown country", None)


def test_upper_case_na_is_namibia_but_lower_case_na_is_not_available():
    assert normalize_country("NA") == ("NA", None, None)
    assert normalize_country("Namibia") == ("NA", None, "country_iso2")
    assert normalize_country("na")[1] == "unknown country"


@pytest.mark.parametrize("raw", [None, float("nan"), pd.NA, "", "   ", "\t\n"])
def test_blank_input_gives_all_none(raw):
    assert normalize_country(raw) == (None, None, None)


def test_spreadsheet_numbers_are_read_as_numeric_codes():
    assert normalize_country(840) == ("US", None, "country_iso2")
    assert normalize_country(840.0) == ("US", None, "country_iso2")


def test_config_aliases_extend_and_override_the_builtin_table():
    extra = {"Blighty": "GB", "Holland": "be", "Deutschlandia": "Germany"}
    assert normalize_country("blighty", extra) == ("GB", None, "country_config_alias")
    assert normalize_country("Holland", extra) == ("BE", None, "country_config_alias")
    assert normalize_country("Deutschlandia", extra) == ("DE", None, "country_config_alias")
    assert normalize_country("Holland") == ("NL", None, "country_alias")


def test_config_alias_to_something_that_is_no_country_is_an_error():
    with pytest.raises(ValueError, match="Wakanda"):
        normalize_country("x", {"Wakanda": "Atlantis"})
    with pytest.raises(ValueError, match="ZZ"):
        normalize_country("x", {"Zedland": "ZZ"})


def test_alias_table_is_alphabetical_and_every_alias_gives_its_code():
    latin = [alphabetical(a) for a in COUNTRY_ALIASES if alphabetical(a).strip()]
    assert latin == sorted(latin)
    for alias, code in COUNTRY_ALIASES.items():
        assert normalize_country(alias)[0] == code, alias


def test_every_iso_country_code_maps_to_itself():
    for country in pycountry.countries:
        assert normalize_country(country.alpha_2) == (country.alpha_2, None, None)
        assert normalize_country(country.alpha_3)[0] == country.alpha_2
        assert normalize_country(country.name)[0] == country.alpha_2


def test_column_keeps_index_and_gives_value_flag_rule():
    raw = pd.Series(["UK", None, "Narnia", "us", "DE", "  "], index=[10, 7, "x", 3, 99, -1])
    out = normalize_country_column(raw)
    assert list(out.columns) == ["value", "flag", "rule"]
    assert out.index.equals(raw.index)
    assert out["value"].tolist() == ["GB", None, "Narnia", "US", "DE", None]
    assert out["flag"].tolist() == [None, None, "unknown country", None, None, None]
    assert out["rule"].tolist() == ["country_alias", None, None, "country_iso2", None, None]


def test_column_uses_config_aliases():
    out = normalize_country_column(pd.Series(["Blighty", "UK"]), {"blighty": "GB"})
    assert out["value"].tolist() == ["GB", "GB"]
    assert out["rule"].tolist() == ["country_config_alias", "country_alias"]


def test_column_of_no_rows():
    out = normalize_country_column(pd.Series([], dtype=object))
    assert len(out) == 0 and list(out.columns) == ["value", "flag", "rule"]


def test_each_distinct_value_is_looked_up_once(monkeypatch):
    calls: list = []
    real = country_mod.normalize_country

    def counting(raw, extra_aliases=None):
        calls.append(raw)
        return real(raw, extra_aliases)

    monkeypatch.setattr(country_mod, "normalize_country", counting)
    raw = pd.Series(["United Kingdom", "usa", None] * 333 + ["usa"])
    out = normalize_country_column(raw)
    assert len(out) == 1000
    assert len(calls) == 3
    assert out["value"].value_counts().to_dict() == {"US": 334, "GB": 333}


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text(max_size=30), st.sampled_from(SPELLINGS).map(lambda p: p[0]))))
def test_never_raises_keeps_rows_and_is_idempotent(values):
    raw = pd.Series(values, index=[f"r{i}" for i in range(len(values))], dtype=object)
    once = normalize_country_column(raw)
    assert once.index.equals(raw.index)
    twice = normalize_country_column(once["value"])
    assert twice["value"].tolist() == once["value"].tolist()
    assert twice["flag"].tolist() == once["flag"].tolist()
    for value, flag in zip(once["value"], once["flag"]):
        if value is not None and flag is None:  # resolved: a code that stays put
            assert len(value) == 2 and value.isupper()
    assert twice["rule"].isna().all()


# --- names from data generators and older ISO lists (issue 17 item 9) -------------------------------------------

@pytest.mark.parametrize("raw,code", [
    ("Libyan Arab Jamahiriya", "LY"),
    ("Palestinian Territory", "PS"),
    ("United States Virgin Islands", "VI"),
    ("Pitcairn Islands", "PN"),
    ("Svalbard & Jan Mayen Islands", "SJ"),
    ("Slovakia (Slovak Republic)", "SK"),
    ("Bouvet Island (Bouvetoya)", "BV"),
    ("British Indian Ocean Territory (Chagos Archipelago)", "IO"),
    ("Antarctica (the territory South of 60 deg S)", "AQ"),
    ("Holy See (Vatican City State)", "VA"),
    ("Heard Island and McDonald Islands", "HM"),
    ("Saint Martin", "MF"),
    ("Micronesia", "FM"),
    ("Reunion", "RE"),
    ("Cocos (Keeling) Islands", "CC"),
    ("Falkland Islands (Malvinas)", "FK"),
    ("United States Minor Outlying Islands", "UM"),
    ("Lao People's Democratic Republic", "LA"),
    ("Syrian Arab Republic", "SY"),
    ("Kyrgyz Republic", "KG"),
    ("Germany (DE)", "DE"),
])
def test_generator_and_old_iso_names_resolve(raw, code):
    value, flag, _ = normalize_country(raw)
    assert (value, flag) == (code, None)


@pytest.mark.parametrize("raw,code", [("Zaire", "CD"), ("Burma", "MM"), ("East Timor", "TL"), ("Upper Volta", "BF"),
                                      ("Dahomey", "BJ"), ("New Hebrides", "VU")])
def test_withdrawn_names_with_one_successor_resolve_to_it(raw, code):
    assert normalize_country(raw)[:2] == (code, None)


@pytest.mark.parametrize("raw", ["Netherlands Antilles", "USSR", "Czechoslovakia", "Yugoslavia", "Virgin Islands",
                                 "Serbia and Montenegro", "Channel Islands"])
def test_names_with_no_single_country_stay_unknown(raw):
    # split into several countries (or two Virgin Islands): flagged, never guessed
    assert normalize_country(raw) == (raw, UNKNOWN_COUNTRY, None)


def test_the_resolver_still_looks_each_distinct_value_up_once(monkeypatch):
    calls: list = []
    real = country_mod._resolve

    def counting(text):
        calls.append(text)
        return real(text)

    monkeypatch.setattr(country_mod, "_resolve", counting)
    out = normalize_country_column(pd.Series(["Pitcairn Islands", "Zaire", "Narnia"] * 500))
    assert sorted(calls) == ["Narnia", "Pitcairn Islands", "Zaire"]
    assert out["value"].value_counts().to_dict() == {"PN": 500, "CD": 500, "Narnia": 500}

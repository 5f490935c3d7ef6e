"""State / province to ISO 3166-2 (Lead Management SOP, Data hygiene: standardise state)."""

from __future__ import annotations

import unicodedata

import pandas as pd
import pycountry
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from revops_cli.normalize import state as state_mod
from revops_cli.normalize.state import (
    STATE_ALIASES,
    normalize_state,
    normalize_state_column,
)

ISO = "state_iso3166_2"
INFERRED = "state_iso3166_2_country_inferred"

SPELLINGS = [
    # United States: names, codes, dotted codes, traditional abbreviations, DC
    ("California", "US", "CA"), ("california", "US", "CA"), ("new york", "US", "NY"),
    ("NEW YORK", "US", "NY"), ("ca", "US", "CA"), ("C.A.", "US", "CA"), ("N.Y.", "US", "NY"),
    ("Calif.", "US", "CA"), ("Cal.", "US", "CA"), ("Mass.", "US", "MA"), ("Penn.", "US", "PA"),
    ("Penna", "US", "PA"), ("Wash.", "US", "WA"), ("Fla.", "US", "FL"), ("Tex.", "US", "TX"),
    ("Ill.", "US", "IL"), ("Ga.", "US", "GA"), ("W. Va.", "US", "WV"), ("Wisc.", "US", "WI"),
    ("US-CA", "US", "CA"), ("us-ny", "US", "NY"), ("Washington", "US", "WA"),
    ("Washington DC", "US", "DC"), ("Washington, D.C.", "US", "DC"), ("D.C.", "US", "DC"),
    ("District of Columbia", "US", "DC"), ("Hawai'i", "US", "HI"), ("Puerto Rico", "US", "PR"),
    ("U.S. Virgin Islands", "US", "VI"), ("N. Carolina", "US", "NC"),
    # Canada
    ("Ontario", "CA", "ON"), ("Ont.", "CA", "ON"), ("Québec", "CA", "QC"), ("Quebec", "CA", "QC"),
    ("PQ", "CA", "QC"), ("Newfoundland", "CA", "NL"), ("Nfld", "CA", "NL"),
    ("Newfoundland and Labrador", "CA", "NL"), ("PEI", "CA", "PE"), ("P.E.I.", "CA", "PE"),
    ("Prince Edward Island", "CA", "PE"), ("British Columbia", "CA", "BC"), ("B.C.", "CA", "BC"),
    ("Alta.", "CA", "AB"), ("NWT", "CA", "NT"), ("Yukon Territory", "CA", "YT"),
    # Australia
    ("New South Wales", "AU", "NSW"), ("N.S.W.", "AU", "NSW"), ("Victoria", "AU", "VIC"),
    ("Vic", "AU", "VIC"), ("Qld", "AU", "QLD"), ("Western Australia", "AU", "WA"),
    ("AU-ACT", "AU", "ACT"),
    # Germany
    ("Bavaria", "DE", "BY"), ("Bayern", "DE", "BY"), ("DE-BY", "DE", "BY"), ("by", "DE", "BY"),
    ("Baden-Württemberg", "DE", "BW"), ("Baden-Wuerttemberg", "DE", "BW"),
    ("Baden Wurttemberg", "DE", "BW"), ("Nordrhein-Westfalen", "DE", "NW"),
    ("North Rhine-Westphalia", "DE", "NW"), ("NRW", "DE", "NW"), ("Thüringen", "DE", "TH"),
    ("Hesse", "DE", "HE"), ("Lower Saxony", "DE", "NI"),
    # United Kingdom: the four nations, councils below them
    ("England", "GB", "ENG"), ("Scotland", "GB", "SCT"), ("Wales", "GB", "WLS"),
    ("Cymru", "GB", "WLS"), ("Northern Ireland", "GB", "NIR"), ("GB-ENG", "GB", "ENG"),
    ("Kent", "GB", "KEN"), ("Bristol", "GB", "BST"), ("City of Edinburgh", "GB", "EDH"),
    # India: diacritics in pycountry, old names and codes in exports
    ("Maharashtra", "IN", "MH"), ("Karnataka", "IN", "KA"), ("Tamil Nadu", "IN", "TN"),
    ("Delhi", "IN", "DL"), ("New Delhi", "IN", "DL"), ("Orissa", "IN", "OD"),
    ("Telangana", "IN", "TS"), ("TG", "IN", "TS"), ("Jammu & Kashmir", "IN", "JK"),
    ("Pondicherry", "IN", "PY"),
    # Mexico
    ("Nuevo León", "MX", "NLE"), ("Nuevo Leon", "MX", "NLE"), ("N.L.", "MX", "NLE"),
    ("Jalisco", "MX", "JAL"), ("CDMX", "MX", "CMX"), ("Ciudad de México", "MX", "CMX"),
    ("Mexico City", "MX", "CMX"), ("Distrito Federal", "MX", "CMX"),
    ("Estado de México", "MX", "MEX"), ("Yucatan", "MX", "YUC"), ("Veracruz", "MX", "VER"),
    # Brazil
    ("São Paulo", "BR", "SP"), ("Sao Paulo", "BR", "SP"), ("sp", "BR", "SP"),
    ("Rio de Janeiro", "BR", "RJ"), ("Minas Gerais", "BR", "MG"), ("Paraná", "BR", "PR"),
    ("Distrito Federal", "BR", "DF"),
    # France: regions, departments (as pycountry has them), overseas
    ("Île-de-France", "FR", "IDF"), ("Ile de France", "FR", "IDF"), ("Bretagne", "FR", "BRE"),
    ("Brittany", "FR", "BRE"), ("Provence-Alpes-Côte d'Azur", "FR", "PAC"), ("PACA", "FR", "PAC"),
    ("Gironde", "FR", "33"), ("33", "FR", "33"), ("Corse-du-Sud", "FR", "2A"),
    ("Paris", "FR", "75C"), ("75", "FR", "75C"), ("Guyane", "FR", "973"),
    ("La Réunion", "FR", "974"),
    # Elsewhere: any country pycountry has subdivisions for
    ("Catalonia", "ES", "CT"), ("Cataluña", "ES", "CT"), ("Madrid", "ES", "MD"),
    ("Beijing", "CN", "BJ"), ("Zürich", "CH", "ZH"), ("Lombardy", "IT", "25"),
]


@pytest.mark.parametrize(("raw", "country", "expected"), SPELLINGS)
def test_real_world_spellings_become_iso_subdivision_codes(raw, country, expected):
    value, flag, rule, inferred = normalize_state(raw, country)
    assert (value, flag, inferred) == (expected, None, None)
    assert rule == (None if raw == expected else ISO)


@pytest.mark.parametrize(("raw", "country"), [("CA", "US"), ("ON", "CA"), ("NSW", "AU"), ("BY", "DE")])
def test_correct_code_is_left_unchanged_with_no_rule(raw, country):
    assert normalize_state(raw, country) == (raw, None, None, None)


def test_name_at_two_levels_means_the_top_level_one():
    # Illes Balears is both the community (ES-IB) and its province (ES-PM).
    assert normalize_state("Illes Balears", "ES")[0] == "IB"
    # "Madrid" is the province's name and the community's short name.
    assert normalize_state("Madrid", "ES")[0] == "MD"


@pytest.mark.parametrize(
    ("raw", "country"),
    [("Narnia", "US"), ("Ontario", "US"), ("XX", "CA"), ("N/A", "US"), ("DE-BY", "US"),
     ("London", "GB"), ("Bayern", "AT")],
)
def test_unknown_state_for_a_known_country_is_flagged_and_kept(raw, country):
    assert normalize_state(raw, country) == (raw, "unknown state", None, None)


@pytest.mark.parametrize("country", ["HK", "XK", "MO"])
def test_state_for_a_country_without_subdivisions_is_left_alone(country):
    assert normalize_state("Kowloon", country) == ("Kowloon", None, None, None)


@pytest.mark.parametrize("raw", [None, float("nan"), pd.NA, "", "   "])
def test_blank_state_gives_all_none(raw):
    assert normalize_state(raw, "US") == (None, None, None, None)
    assert normalize_state(raw, None) == (None, None, None, None)


@pytest.mark.parametrize(
    ("raw", "value", "inferred"),
    [
        ("California", "CA", "US"),
        ("CA", "CA", "US"),  # no Canadian or Australian subdivision is "CA"
        ("Calif.", "CA", "US"),
        ("Washington", "WA", "US"),
        ("Ontario", "ON", "CA"),
        ("Quebec", "QC", "CA"),
        ("NL", "NL", "CA"),  # Newfoundland: the US and Australia have no NL
        ("Nfld", "NL", "CA"),
        ("NSW", "NSW", "AU"),
        ("SA", "SA", "AU"),
        ("Victoria", "VIC", "AU"),
        ("US-TX", "TX", "US"),
        ("DE-BY", "BY", "DE"),  # a full ISO code names its own country
    ],
)
def test_blank_country_is_inferred_when_one_country_has_the_state(raw, value, inferred):
    assert normalize_state(raw, None) == (value, None, INFERRED, inferred)


@pytest.mark.parametrize("raw", ["WA", "wa", "NT", "N.T."])
def test_state_two_countries_share_is_left_alone_without_a_flag(raw):
    # WA: Washington or Western Australia; NT: Northwest or Northern Territory.
    assert normalize_state(raw, None) == (raw, None, None, None)


def test_blank_country_and_another_countrys_state_is_left_alone_without_a_flag():
    assert normalize_state("Bayern", None) == ("Bayern", None, None, None)


def test_blank_country_and_no_subdivision_anywhere_needs_a_country():
    assert normalize_state("Narnia", None) == ("Narnia", "state needs country", None, None)


@pytest.mark.parametrize("country", [float("nan"), "", "garbage", "ZZ", 12])
def test_garbage_country_counts_as_blank(country):
    assert normalize_state("Ontario", country) == ("ON", None, INFERRED, "CA")


def test_inference_list_decides_what_is_ambiguous():
    assert normalize_state("WA", None, ("US",)) == ("WA", None, INFERRED, "US")
    assert normalize_state("Bayern", None, ("US", "DE")) == ("BY", None, INFERRED, "DE")
    assert normalize_state("California", None, ()) == ("California", None, None, None)


def test_alias_tables_are_alphabetical_and_every_alias_gives_its_code():
    for country, aliases in STATE_ALIASES.items():
        keys = [unicodedata.normalize("NFKD", a).casefold() for a in aliases]
        assert keys == sorted(keys), country
        for alias, code in aliases.items():
            assert normalize_state(alias, country)[0] == code, (country, alias)


def test_every_subdivision_code_maps_to_itself():
    for sub in pycountry.subdivisions:
        bare = sub.code.split("-", 1)[1]
        assert normalize_state(bare, sub.country_code) == (bare, None, None, None), sub.code
        assert normalize_state(sub.code, sub.country_code)[0] == bare


def test_column_keeps_index_and_gives_inferred_country():
    states = pd.Series(["California", "Ontario", None, "Narnia", "WA", "ny"], index=list("fedcba"))
    countries = pd.Series([None, "CA", "US", "US", None, "US"], index=list("fedcba"))
    out = normalize_state_column(states, countries)
    assert list(out.columns) == ["value", "flag", "rule", "inferred_country"]
    assert out.index.equals(states.index)
    assert out["value"].tolist() == ["CA", "ON", None, "Narnia", "WA", "NY"]
    assert out["flag"].tolist() == [None, None, None, "unknown state", None, None]
    assert out["rule"].tolist() == [INFERRED, ISO, None, None, None, ISO]
    assert out["inferred_country"].tolist() == ["US", None, None, None, None, None]


def test_column_without_countries_infers_from_the_default_list():
    out = normalize_state_column(pd.Series(["NSW", "Texas", "Bavaria"], index=[5, 6, 7]))
    assert out["value"].tolist() == ["NSW", "TX", "Bavaria"]
    assert out["inferred_country"].tolist() == ["AU", "US", None]
    assert out.index.tolist() == [5, 6, 7]


def test_column_countries_are_taken_row_for_row():
    states = pd.Series(["Bayern", "Ontario"], index=[1, 2])
    countries = pd.Series(["DE", "CA"], index=["a", "b"])  # e.g. a reset index
    assert normalize_state_column(states, countries)["value"].tolist() == ["BY", "ON"]
    with pytest.raises(ValueError):
        normalize_state_column(states, pd.Series(["DE"]))


def test_column_of_no_rows():
    out = normalize_state_column(pd.Series([], dtype=object), pd.Series([], dtype=object))
    assert len(out) == 0 and list(out.columns) == ["value", "flag", "rule", "inferred_country"]


def test_each_distinct_state_country_pair_is_looked_up_once(monkeypatch):
    calls: list = []
    real = state_mod.normalize_state

    def counting(raw, country, infer_country_from=state_mod.DEFAULT_INFER_COUNTRY_FROM):
        calls.append((raw, country))
        return real(raw, country, infer_country_from)

    monkeypatch.setattr(state_mod, "normalize_state", counting)
    states = pd.Series(["California", "Ontario", "California"] * 333 + ["Ontario"])
    countries = pd.Series(["US", "CA", None] * 333 + ["CA"])
    out = normalize_state_column(states, countries)
    assert len(out) == 1000
    assert len(calls) == 3
    assert set(calls) == {("California", "US"), ("Ontario", "CA"), ("California", None)}
    assert out["value"].value_counts().to_dict() == {"CA": 666, "ON": 334}


COUNTRY_CHOICES = st.sampled_from([None, "US", "CA", "AU", "DE", "GB", "FR", "HK", "xx", float("nan")])
STATE_CHOICES = st.one_of(
    st.none(), st.text(max_size=25), st.sampled_from([s for s, _, _ in SPELLINGS] + ["WA", "NT"])
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(STATE_CHOICES, COUNTRY_CHOICES)))
def test_never_raises_keeps_rows_and_is_idempotent(rows):
    index = pd.Index([f"r{i}" for i in range(len(rows))])
    states = pd.Series([s for s, _ in rows], index=index, dtype=object)
    countries = pd.Series([c for _, c in rows], index=index, dtype=object)
    once = normalize_state_column(states, countries)
    assert once.index.equals(index)
    twice = normalize_state_column(once["value"], countries)
    assert twice["value"].tolist() == once["value"].tolist()
    assert twice["flag"].tolist() == once["flag"].tolist()


@pytest.mark.parametrize(
    "raw,country,expected",
    [("Co. Dublin", "IE", "D"), ("County Cork", "IE", "CO"), ("co cork", "IE", "CO"),
     ("South Holland", "NL", "ZH"), ("North Holland", "NL", "NH"), ("Friesland", "NL", "FR")],
)
def test_county_prefix_and_english_province_names(raw, country, expected):
    assert normalize_state(raw, country)[0] == expected

"""State / province to its ISO 3166-2 code without the country prefix (Lead
Management SOP, Data hygiene: standardise country/state; Data Management SOP:
state abbreviation).

``normalize_state`` takes one raw cell plus the row's alpha-2 country and
returns ``(value, flag, rule, inferred_country)``; ``normalize_state_column``
does a whole column, one lookup per distinct (state, country) pair. Any country
pycountry has subdivisions for is covered: codes (``ca``, ``N.Y.``, ``US-CA``),
names (``new york``, ``Québec``), and :data:`STATE_ALIASES` (``Calif.``,
``Bavaria``, ``PEI``), ignoring case, spacing, punctuation and accents.

With no country, the state is normalised only if exactly one of the
``infer_country_from`` countries has it (``Ontario`` -> CA, ``NSW`` -> AU), and
the row says which country that implies. ``WA`` (Washington or Western
Australia) and ``NT`` are left alone: a guessed state routes to the wrong rep.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import Any

import pandas as pd
import pycountry

from revops_cli.normalize.country import (
    ISO_CODE_IN_NAME,
    cell_text,
    match_key,
    name_variants,
    pick_unambiguous,
)
from revops_cli.normalize.distinct import map_distinct

COLUMNS = ("value", "flag", "rule", "inferred_country")
UNKNOWN_STATE = "unknown state"
STATE_NEEDS_COUNTRY = "state needs country"
RULE_ISO = "state_iso3166_2"
RULE_ISO_COUNTRY_INFERRED = "state_iso3166_2_country_inferred"
DEFAULT_INFER_COUNTRY_FROM = ("US", "CA", "AU")

# Spellings pycountry does not have, per country, mapped to the code without
# prefix. Keep alphabetical; case, spacing, punctuation and accents do not
# matter ("Calif." also covers "CALIF").
STATE_ALIASES: dict[str, dict[str, str]] = {
    "CA": {
        "Alta.": "AB",
        "Labrador": "NL",
        "Man.": "MB",
        "Newfoundland": "NL",
        "NF": "NL",  # pre-2002 postal code
        "Nfld.": "NL",
        "NWT": "NT",
        "Ont.": "ON",
        "P.E.I.": "PE",
        "PQ": "QC",  # "Province de Québec", still in old exports
        "Que.": "QC",
        "Sask.": "SK",
        "YK": "YT",
        "Yukon Territory": "YT",
    },
    "CN": {
        "Inner Mongolia": "NM",
        "Tibet": "XZ",
    },
    "DE": {
        "Bavaria": "BY",
        "Hesse": "HE",
        "Lower Saxony": "NI",
        "Mecklenburg-West Pomerania": "MV",
        "Mecklenburg-Western Pomerania": "MV",
        "North Rhine-Westphalia": "NW",
        "NRW": "NW",
        "Rhineland-Palatinate": "RP",
        "Saxony": "SN",
        "Saxony-Anhalt": "ST",
        "Thuringia": "TH",
    },
    "ES": {
        "Andalusia": "AN",
        "Basque Country": "PV",
        "Catalonia": "CT",
        "Valencia": "VC",
    },
    "FR": {
        "75": "75C",
        "Brittany": "BRE",
        "Centre": "CVL",
        "Corsica": "20R",
        "French Guiana": "973",
        "French Polynesia": "PF",
        "New Caledonia": "NC",
        "Normandy": "NOR",
        "PACA": "PAC",
        "Reunion": "974",
    },
    "GB": {
        "Bristol": "BST",
        "Edinburgh": "EDH",
        "Glasgow": "GLG",
        "NI": "NIR",
        "Ulster": "NIR",
    },
    "IN": {
        "CT": "CG",  # ISO code until 2023
        "DD": "DH",  # Daman and Diu, merged 2020
        "DN": "DH",  # Dadra and Nagar Haveli, merged 2020
        "J&K": "JK",
        "National Capital Territory of Delhi": "DL",
        "NCT": "DL",
        "New Delhi": "DL",
        "OR": "OD",  # Orissa, renamed 2011
        "Orissa": "OD",
        "Pondicherry": "PY",
        "TG": "TS",  # ISO code until 2023
        "UT": "UK",  # ISO code until 2020
        "Uttaranchal": "UK",
    },
    "IT": {
        "Apulia": "75",
        "Lombardy": "25",
        "Piedmont": "21",
        "Sardinia": "88",
        "Sicily": "82",
        "Tuscany": "52",
    },
    "NL": {
        "Friesland": "FR",
        "North Brabant": "NB",
        "North Holland": "NH",
        "South Holland": "ZH",
    },
    "MX": {
        "BC": "BCN",
        "CDMX": "CMX",
        "Chis.": "CHP",
        "Coahuila": "COA",
        "D.F.": "CMX",
        "Distrito Federal": "CMX",
        "Edo. Mex.": "MEX",
        "Edomex": "MEX",
        "Estado de México": "MEX",
        "Gto.": "GUA",
        "Mexico City": "CMX",
        "Michoacán": "MIC",
        "N.L.": "NLE",
        "Q. Roo": "ROO",
        "Qro.": "QUE",
        "State of Mexico": "MEX",
        "Veracruz": "VER",
    },
    "US": {
        # Traditional (pre-1963, GPO style) abbreviations still typed by hand;
        # those equal to a postal code (Ga., Pa., Va. ...) need no entry.
        "Ala.": "AL",
        "Ariz.": "AZ",
        "Ark.": "AR",
        "Cal.": "CA",
        "Calif.": "CA",
        "Colo.": "CO",
        "Conn.": "CT",
        "D.C.": "DC",
        "Del.": "DE",
        "Fla.": "FL",
        "Ill.": "IL",
        "Ind.": "IN",
        "Kan.": "KS",
        "Kans.": "KS",
        "Mass.": "MA",
        "Mich.": "MI",
        "Minn.": "MN",
        "Miss.": "MS",
        "Mont.": "MT",
        "N. Carolina": "NC",
        "N. Dak.": "ND",
        "N. Dakota": "ND",
        "N. Mex.": "NM",
        "Neb.": "NE",
        "Nebr.": "NE",
        "Nev.": "NV",
        "Okla.": "OK",
        "Ore.": "OR",
        "Oreg.": "OR",
        "Penn.": "PA",
        "Penna.": "PA",
        "S. Carolina": "SC",
        "S. Dak.": "SD",
        "S. Dakota": "SD",
        "Tenn.": "TN",
        "Tex.": "TX",
        "US Virgin Islands": "VI",
        "USVI": "VI",
        "W. Va.": "WV",
        "W. Virginia": "WV",
        "Wash.": "WA",
        "Wash. D.C.": "DC",
        "Washington D.C.": "DC",
        "Wis.": "WI",
        "Wisc.": "WI",
        "Wyo.": "WY",
    },
}

# Names pycountry gives in a local form with a suffix people drop ("Beijing Shi").
_LOCAL_SUFFIXES = {
    "CN": ("Sheng", "Shi", "Zizhiqu", "Zhuangzu", "Huizu", "Uygur", "SAR"),
    "KR": ("-do", "-gwangyeoksi", "-teukbyeolsi", "-teukbyeoljachido"),
}
_PREFIXED = re.compile(r"([A-Za-z]{2})\s*[-\u2013_]\s*([A-Za-z0-9]{1,3})")

# Ranks for pick_unambiguous: codes, then aliases, then names, top level first.
_RANK_CODE, _RANK_ALIAS = 0, 1
_RANK_NAME = {(True, False): 2, (True, True): 3, (False, False): 4, (False, True): 5}


def _without_suffixes(name: str, suffixes: Sequence[str]) -> str:
    changed = True
    while changed:
        changed = False
        for suffix in suffixes:
            if name.endswith(suffix) and len(name) > len(suffix):
                name = name[: -len(suffix)].rstrip()
                changed = True
    return name


@functools.cache
def _subdivision_tables() -> dict[str, dict[str, str]]:
    """``country -> {match_key: code without prefix}`` for every country, built once."""
    candidates: dict[str, list[tuple[str, int, str]]] = {}
    for sub in pycountry.subdivisions:
        country = sub.country_code
        code = sub.code.split("-", 1)[1]
        top = sub.parent_code is None
        rows = candidates.setdefault(country, [])
        rows.append((match_key(code), _RANK_CODE, code))
        # Old or alternative codes in the name: "Wales [Cymru GB-CYM]".
        for other in ISO_CODE_IN_NAME.findall(sub.name):
            if other.startswith(country + "-"):
                rows.append((match_key(other.split("-", 1)[1]), _RANK_ALIAS, code))
        rows.append((match_key(sub.name), _RANK_NAME[top, False], code))
        variants = name_variants(sub.name)
        suffixes = _LOCAL_SUFFIXES.get(country)
        if suffixes:
            variants += [_without_suffixes(v, suffixes) for v in [sub.name, *variants]]
        rows += [(match_key(v), _RANK_NAME[top, True], code) for v in variants]
    for country, aliases in STATE_ALIASES.items():
        rows = candidates.setdefault(country, [])
        rows += [(match_key(alias), _RANK_ALIAS, code) for alias, code in aliases.items()]
    return {country: pick_unambiguous(rows) for country, rows in candidates.items()}


@functools.cache
def _full_codes() -> frozenset[str]:
    return frozenset(sub.code for sub in pycountry.subdivisions)


@functools.cache
def _keys_anywhere() -> frozenset[str]:
    """Every spelling that is some subdivision somewhere, even if ambiguous there."""
    keys = {match_key(sub.code.split("-", 1)[1]) for sub in pycountry.subdivisions}
    keys |= {match_key(sub.name) for sub in pycountry.subdivisions}
    keys |= {match_key(v) for sub in pycountry.subdivisions for v in name_variants(sub.name)}
    keys |= {match_key(a) for aliases in STATE_ALIASES.values() for a in aliases}
    keys.discard("")
    return frozenset(keys)


@functools.cache
def _known_countries() -> frozenset[str]:
    return frozenset(c.alpha_2 for c in pycountry.countries) | {"XK"}


def _country_code(country: Any) -> str | None:
    """The row's alpha-2, or None when blank or not a country code."""
    text = cell_text(country)
    if text is None:
        return None
    code = text.strip().upper()
    return code if code in _known_countries() else None


_COUNTY_WORD = re.compile(r"^(?:co\.?|county)\s+", re.IGNORECASE)


def normalize_state(
    raw: Any, country: Any, infer_country_from: Sequence[str] = DEFAULT_INFER_COUNTRY_FROM
) -> tuple:
    """One raw state cell and its row's alpha-2 country to
    ``(value, flag, rule, inferred_country)``.

    ``value`` is the subdivision code without prefix (``"CA"``), or ``raw``
    unchanged when it cannot be resolved. Flags: ``"unknown state"`` (not a
    subdivision of the given country), ``"state needs country"`` (no country
    and not a subdivision anywhere). A country pycountry has no subdivisions
    for leaves the state alone, unflagged. With no country, ``inferred_country``
    is the one ``infer_country_from`` country having this state, if exactly one.
    """
    text = cell_text(raw)
    if text is None:
        return (None, None, None, None)
    stripped = text.strip()
    code_country = _country_code(country)

    # A full ISO code names its own country, so it needs no inference list.
    prefixed = _PREFIXED.fullmatch(stripped)
    if prefixed:
        prefix, bare = prefixed.group(1).upper(), prefixed.group(2).upper()
        if f"{prefix}-{bare}" in _full_codes() and code_country in (None, prefix):
            if code_country is None:
                return (bare, None, RULE_ISO_COUNTRY_INFERRED, prefix)
            return (bare, None, RULE_ISO, None)

    key = match_key(stripped)
    tables = _subdivision_tables()
    if code_country is not None:
        table = tables.get(code_country)
        if table is None:
            return (raw, None, None, None)
        code = table.get(key)
        if code is None:
            # "Co. Dublin", "County Cork": the county word is not part of the name
            code = table.get(match_key(_COUNTY_WORD.sub("", stripped)))
        if code is None:
            return (raw, UNKNOWN_STATE, None, None)
        return (code, None, None if code == raw else RULE_ISO, None)

    matches = {}
    for candidate in infer_country_from:
        candidate = str(candidate).strip().upper()
        code = tables.get(candidate, {}).get(key)
        if code is not None:
            matches[candidate] = code
    if len(matches) == 1:
        (inferred, code), = matches.items()
        return (code, None, RULE_ISO_COUNTRY_INFERRED, inferred)
    # Ambiguous (WA) or another country's (Bayern): fine once a country is set.
    flag = None if key in _keys_anywhere() else STATE_NEEDS_COUNTRY
    return (raw, flag, None, None)


def normalize_state_column(
    states: pd.Series,
    countries: pd.Series | None = None,
    infer_country_from: Sequence[str] = DEFAULT_INFER_COUNTRY_FROM,
) -> pd.DataFrame:
    """A column of raw states to a frame of value, flag, rule, inferred_country.

    ``countries`` holds the already normalised alpha-2 code of each row, row for
    row with ``states`` (anything else counts as blank). The result has the index
    of ``states``; each distinct (state, country) pair is looked up once.
    """
    if countries is None:
        country_values = [None] * len(states)
    elif len(countries) != len(states):
        raise ValueError(f"{len(states)} states but {len(countries)} countries")
    else:
        country_values = countries.to_numpy(dtype=object)
    pairs = pd.DataFrame(
        {"state": states.to_numpy(dtype=object), "country": country_values}, index=states.index
    )
    infer = tuple(infer_country_from)
    return map_distinct(pairs, lambda state, country: normalize_state(state, country, infer), COLUMNS)

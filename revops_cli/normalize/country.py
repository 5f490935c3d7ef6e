"""Country to ISO 3166-1 alpha-2 (Lead Management SOP, Data hygiene: standardise
country/state; Data Management SOP: country ISO code).

``normalize_country`` takes one raw cell and returns ``(value, flag, rule)``;
``normalize_country_column`` does a whole column, one lookup per distinct value.
Resolution order: codes (``us``, ``DEU``, ``840``); pycountry's official, common
and historic names (ISO 3166-1 and the withdrawn names of ISO 3166-3 whose code has
one successor: ``Zaire`` -> CD, ``Burma`` -> MM) with their usual rewordings
(``Korea, Republic of``, ``U.S. Virgin Islands`` = ``United States Virgin Islands``);
then the same after taking off what generators and old ISO lists add: a
parenthetical (``Slovakia (Slovak Republic)``, ``Antarctica (the territory South of
60 deg S)``), ``&`` for "and", a trailing "Islands" (``Pitcairn Islands``,
``Svalbard & Jan Mayen Islands``); only then the hand table
:data:`COUNTRY_ALIASES` (native names, ``Libyan Arab Jamahiriya``). Case, spacing,
punctuation and accents never matter. Anything else is kept as typed and
flagged: a wrong country routes a lead to the wrong territory, so we never guess.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd
import pycountry

from revops_cli.normalize.distinct import map_distinct

COLUMNS = ("value", "flag", "rule")
UNKNOWN_COUNTRY = "unknown country"
RULE_ISO = "country_iso2"
RULE_ALIAS = "country_alias"
RULE_CONFIG_ALIAS = "country_config_alias"

# Spellings pycountry does not know (or knows only in another form), mapped to
# alpha-2. Keep alphabetical; case, spacing, punctuation and accents do not
# matter, so "U.S.A." also covers "usa" and "U S A".
COUNTRY_ALIASES: dict[str, str] = {
    "America": "US",
    "België": "BE",
    "Belgien": "BE",
    "Belgique": "BE",
    "Bharat": "IN",
    "Bolivia": "BO",
    "Bosnia": "BA",
    "Brasil": "BR",
    "Britain": "GB",
    "Burma": "MM",
    "Cape Verde": "CV",
    "Česká republika": "CZ",
    "Česko": "CZ",
    "China": "CN",
    "Confoederatio Helvetica": "CH",
    "Congo-Brazzaville": "CG",
    "Congo-Kinshasa": "CD",
    "Cote d Ivoire": "CI",
    "Côte d'Ivoire": "CI",
    "Czech Rep.": "CZ",
    "Czech Republic": "CZ",
    "Czechia": "CZ",
    "Danmark": "DK",
    "Deutschland": "DE",
    "DPRK": "KP",
    "DR Congo": "CD",
    "DRC": "CD",
    "East Timor": "TL",
    "Eesti": "EE",
    "Eire": "IE",
    "Emirates": "AE",
    "England": "GB",
    "España": "ES",
    "Filipinas": "PH",
    "FYROM": "MK",
    "Great Britain": "GB",
    "Hellas": "GR",
    "Helvetia": "CH",
    "Holland": "NL",
    "Hong Kong": "HK",
    "Hrvatska": "HR",
    "India": "IN",
    "Iran": "IR",
    "Italia": "IT",
    "Ivory Coast": "CI",
    "Japan": "JP",
    "Korea": "KR",
    "Korea (South)": "KR",
    # XK is a user-assigned code (ISO 3166-1 leaves XA-XZ to users), not an
    # ISO country: pycountry has no Kosovo, but the EU and most CRMs use XK.
    "Kosova": "XK",
    "Kosovo": "XK",
    "KSA": "SA",
    "Laos": "LA",
    "Latvija": "LV",
    "Lëtzebuerg": "LU",
    "Libyan Arab Jamahiriya": "LY",  # the UN/ISO name until 2011, still in data generators (Faker)
    "Lietuva": "LT",
    "Luxemburg": "LU",
    "Macao": "MO",
    "Macau": "MO",
    "Macedonia": "MK",
    "Magyarország": "HU",
    "México": "MX",
    "Misr": "EG",
    "Moldova": "MD",
    "N. Korea": "KP",
    "Nederland": "NL",
    "Nihon": "JP",
    "Nippon": "JP",
    "Noreg": "NO",
    "Norge": "NO",
    "North Korea": "KP",
    "North Macedonia": "MK",
    "Northern Ireland": "GB",
    "Occupied Palestinian Territory": "PS",
    "Österreich": "AT",
    "Palestine": "PS",
    "Palestinian Territories": "PS",
    "Palestinian Territory": "PS",  # ISO's short name until 2013 ("Palestinian Territory, Occupied")
    "Pilipinas": "PH",
    "Polska": "PL",
    "PRC": "CN",
    "Republic of Ireland": "IE",
    "Rossiya": "RU",
    "Russia": "RU",
    "S. Korea": "KR",
    "Saudi": "SA",
    "Schweiz": "CH",
    "Scotland": "GB",
    "Singapura": "SG",
    "Slovenija": "SI",
    "Slovensko": "SK",
    "South Korea": "KR",
    "Srbija": "RS",
    "Suisse": "CH",
    "Suomi": "FI",
    "Sverige": "SE",
    "Svizra": "CH",
    "Svizzera": "CH",
    "Swaziland": "SZ",
    "Syria": "SY",
    "Taiwan": "TW",
    "Tanzania": "TZ",
    "The Netherlands": "NL",
    "Turkey": "TR",
    "Türkiye": "TR",
    "U.A.E.": "AE",
    "U.K.": "GB",
    "U.S.": "US",
    "U.S.A.": "US",
    "UAE": "AE",
    "UK": "GB",
    "United Kingdom": "GB",
    "United States": "US",
    "United States of America": "US",
    "US of A": "US",
    "Vatican": "VA",
    "Vatican City": "VA",
    "Venezuela": "VE",
    "Vietnam": "VN",
    "Wales": "GB",
    "XK": "XK",
    "Zhongguo": "CN",
    "Ελλάδα": "GR",
    "България": "BG",
    "Россия": "RU",
    "Україна": "UA",
    "भारत": "IN",
    "ประเทศไทย": "TH",
    "中国": "CN",
    "中國": "CN",
    "台湾": "TW",
    "台灣": "TW",
    "日本": "JP",
    "澳門": "MO",
    "澳门": "MO",
    "香港": "HK",
    "대한민국": "KR",
    "한국": "KR",
}

# Sales regions, not countries: flagged, never mapped to one of their members.
REGION_NAMES = frozenset(
    {
        "AMER", "Americas", "ANZ", "APAC", "APJ", "Asia", "Asia Pacific", "Africa",
        "Benelux", "Caribbean", "Central America", "DACH", "EMEA", "EU", "Europe",
        "European Union", "Global", "International", "LATAM", "Latin America", "MENA",
        "Middle East", "NORAM", "Nordics", "North America", "Oceania",
        "Scandinavia", "South America", "Worldwide",
    }
)

# "N/A" would otherwise read as Namibia (NA). Upper-case "NA" is left to mean
# Namibia, since it is the correct code as typed.
_NOT_AVAILABLE = frozenset({"n/a", "n.a.", "n.a", "#n/a", "na", "n / a"})

# Letters NFKD does not decompose, plus "&" so "Trinidad & Tobago" matches.
_TRANSLITERATE = str.maketrans(
    {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "æ": "ae", "Æ": "AE",
     "œ": "oe", "Œ": "OE", "ı": "i", "þ": "th", "Þ": "TH", "ð": "d", "&": " and "}
)
_GERMAN_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})
_BRACKETED = re.compile(r"\s*[\[(]([^\])]*)[\])]\s*")
# pycountry writes other codes inside brackets: "Wales [Cymru GB-CYM]".
ISO_CODE_IN_NAME = re.compile(r"\b[A-Z]{2}-[A-Z0-9]{1,3}\b")


def match_key(text: str) -> str:
    """Fold text to a lookup key: no accents, case, spaces or punctuation.

    ``"Côte d'Ivoire"`` and ``"COTE D IVOIRE"`` both give ``"cotedivoire"``.
    """
    folded = unicodedata.normalize("NFKD", text.translate(_TRANSLITERATE))
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch)).casefold()
    return "".join(ch for ch in folded if ch.isalnum())


def name_variants(name: str) -> list[str]:
    """Other ways people write an official name, e.g. ``"Korea, Republic of"``.

    Gives the name without brackets, the bracketed text, ``"Republic of Korea"``,
    ``"Korea"``, ``"St ..."`` for ``"Saint ..."`` and ``ue`` for ``ü``. These are
    weaker than exact names: callers drop a variant two places share.
    """
    out: list[str] = []
    bare = _BRACKETED.sub(" ", name).strip()
    out.append(bare)
    out.extend(ISO_CODE_IN_NAME.sub("", part).strip() for part in _BRACKETED.findall(name))
    if "," in bare:
        head, _, tail = bare.partition(",")
        out.append(f"{tail.strip()} {head.strip()}")
        # "London, City of" is the square mile, not London: keep the qualifier.
        if tail.strip().casefold() != "city of":
            out.append(head.strip())
    for part in list(out):
        if " / " in part:
            out.extend(p.strip() for p in part.split(" / "))
    for part in list(out):
        if part.startswith("Saint "):
            out.append("St " + part[len("Saint "):])
        if part.translate(_GERMAN_UMLAUTS) != part:
            out.append(part.translate(_GERMAN_UMLAUTS))
    return [v for v in out if v and v != name]


def pick_unambiguous(candidates: Iterable[tuple[str, int, Any]]) -> dict[str, Any]:
    """Build ``key -> target`` from ``(key, rank, target)``, lowest rank winning.

    A key whose best rank points at two different targets is left out: an
    ambiguous spelling is better flagged than guessed.
    """
    best: dict[str, tuple[int, set]] = {}
    for key, rank, target in candidates:
        if not key:
            continue
        seen = best.get(key)
        if seen is None or rank < seen[0]:
            best[key] = (rank, {target})
        elif rank == seen[0]:
            seen[1].add(target)
    return {key: next(iter(ts)) for key, (_, ts) in best.items() if len(ts) == 1}


def cell_text(raw: Any) -> str | None:
    """The cell as text, or None when it is missing or only whitespace."""
    if raw is None or raw is pd.NA or raw is pd.NaT:
        return None
    if isinstance(raw, float):
        if math.isnan(raw):
            return None
        if raw.is_integer():  # 840.0 from a spreadsheet number column
            raw = int(raw)
    text = raw if isinstance(raw, str) else str(raw)
    return text if text.strip() else None


_ISLANDS = re.compile(r"\b(?:islands?|isles?)\b", re.IGNORECASE)
_US = re.compile(r"\bU\.\s?S\.(?=\s|$)")


def _resolver_variants(name: str) -> list[str]:
    """Weaker spellings of a name both sides are compared by: "U.S." written out, "Islands" left off."""
    out = [_US.sub("United States", name)] if _US.search(name) else []
    for text in [name, *out]:
        bare = " ".join(_ISLANDS.sub(" ", text).split())
        if bare and bare != text and match_key(bare):
            out.append(bare)
    return out


@functools.cache
def _iso_lookup() -> dict[str, tuple[str, str]]:
    """``key -> (alpha-2, rule)`` from pycountry (current and historic names) plus COUNTRY_ALIASES, built once."""
    candidates: list[tuple[str, int, str]] = []
    for country in pycountry.countries:
        code = country.alpha_2
        candidates += [(match_key(code), 0, code), (match_key(country.alpha_3), 0, code)]
        candidates.append((country.numeric, 0, code))
        names = [getattr(country, f, None) for f in ("name", "official_name", "common_name")]
        for name in filter(None, names):
            candidates.append((match_key(name), 1, code))
            for variant in [*name_variants(name), f"The {name}"]:
                candidates.append((match_key(variant), 2, code))
                candidates += [(match_key(v), 3, code) for v in _resolver_variants(variant)]
            candidates += [(match_key(v), 3, code) for v in _resolver_variants(name)]
    current = {c.alpha_2 for c in pycountry.countries}
    for old in pycountry.historic_countries:
        # ISO 3166-3: the last two letters of the withdrawn code are its successor's ("ZRCD": Zaire -> CD);
        # HH/XX (no single successor: USSR, Czechoslovakia) stay unknown.
        successor = old.alpha_4[2:]
        if successor not in current:
            continue
        for name in filter(None, (getattr(old, "name", None), getattr(old, "official_name", None))):
            candidates += [(match_key(v), 4, successor) for v in (name, *name_variants(name))]
    lookup = {key: (code, RULE_ISO) for key, code in pick_unambiguous(candidates).items()}
    for alias, code in COUNTRY_ALIASES.items():
        key = match_key(alias)
        if lookup.get(key, (None,))[0] != code:
            lookup[key] = (code, RULE_ALIAS)
    return lookup


def _resolve(text: str) -> tuple[str, str] | None:
    """A country's ``(alpha-2, rule)`` from its name as typed, or None: the whole text, then without what
    generators and old lists add (a parenthetical, "Islands", "the"), each tried against the same table."""
    lookup = _iso_lookup()
    hit = lookup.get(match_key(text))
    if hit is not None:
        return hit
    tries = []
    bracketed = _BRACKETED.findall(text)
    if bracketed:
        bare = _BRACKETED.sub(" ", text).strip()
        tries += [bare, *bracketed]
    tries += _resolver_variants(text)
    if text.casefold().startswith("the "):
        tries.append(text[4:])
    for candidate in tries:
        key = match_key(candidate)
        if key and key not in _region_keys() and (hit := lookup.get(key)) is not None:
            return hit
    return None


@functools.cache
def _flag_lookup() -> dict[str, str]:
    """Flag emoji (🇩🇪) to alpha-2; they have no letters for match_key to keep."""
    return {c.flag: c.alpha_2 for c in pycountry.countries if getattr(c, "flag", None)}


@functools.cache
def _region_keys() -> frozenset[str]:
    return frozenset(match_key(r) for r in REGION_NAMES)


class _KeyedAliases(dict):
    """extra_aliases already folded to ``match_key -> alpha-2`` (done once per column)."""


def _keyed_aliases(extra_aliases: Mapping[str, str] | None) -> _KeyedAliases:
    if isinstance(extra_aliases, _KeyedAliases):
        return extra_aliases
    keyed = _KeyedAliases()
    for alias, target in (extra_aliases or {}).items():
        # The target may be a code or any spelling we know: "DE", "de", "Germany".
        code = _iso_lookup().get(match_key(str(target)), (None,))[0]
        if code is None:
            raise ValueError(f"country alias {alias!r}: {target!r} is not a country code or name")
        keyed[match_key(str(alias))] = code
    return keyed


def normalize_country(raw: Any, extra_aliases: Mapping[str, str] | None = None) -> tuple:
    """One raw country cell to ``(value, flag, rule)``.

    ``value`` is the alpha-2 code, or ``raw`` unchanged when it is not a known
    country (then ``flag`` is ``"unknown country"``). Blank input gives
    ``(None, None, None)``. ``extra_aliases`` (spelling -> code or country name,
    from the config) win over the built-in tables.
    """
    text = cell_text(raw)
    if text is None:
        return (None, None, None)
    stripped = text.strip()
    key = match_key(stripped)
    extra = _keyed_aliases(extra_aliases)
    if key in extra:
        hit = (extra[key], RULE_CONFIG_ALIAS)
    elif key in _region_keys() or (stripped.casefold() in _NOT_AVAILABLE and stripped != "NA"):
        hit = None
    elif stripped in _flag_lookup():
        hit = (_flag_lookup()[stripped], RULE_ISO)
    else:
        hit = _resolve(stripped)
    if hit is None:
        return (raw, UNKNOWN_COUNTRY, None)
    code, rule = hit
    return (code, None, None if code == raw else rule)


def normalize_country_column(
    countries: pd.Series, extra_aliases: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """A column of raw countries to a frame of value, flag, rule (same index).

    Each distinct spelling is looked up once.
    """
    keyed = _keyed_aliases(extra_aliases)
    return map_distinct(countries, lambda raw: normalize_country(raw, keyed), COLUMNS)

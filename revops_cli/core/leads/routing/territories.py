"""Territories: the Lead Management SOP's "4. Lead Routing", Territory Assignment.

"Territory Assignment: geographic territory, industry vertical, company size tier, named account list." A
:class:`Territory` is one rule of the territory file (:func:`load_territories`); without a file the roster's
territory names become territories when they are regions revops knows (:data:`KNOWN_REGIONS`,
:func:`territories_from_roster`). Which territory a lead goes to is decided in ``matching.py``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from revops_cli.columns import ColumnMapping, detect_columns
from revops_cli.errors import RevopsInputError
from revops_cli.normalize.company import company_key
from revops_cli.normalize.country import normalize_country
from revops_cli.normalize.industry import normalize_industry
from revops_cli.normalize.numbers import normalize_employees
from revops_cli.normalize.state import _subdivision_tables, normalize_state
from revops_cli.core.leads.routing.roster import Roster
from revops_cli.core.leads.routing.text import NAMED_IN_REASON, _cell, _fold, _headers_text, _split

#: Rep territory names meaning "anywhere": such reps are the fallback pool of their role.
FALLBACK_TERRITORY_NAMES = frozenset({"", "all", "*", "global", "any"})


# --------------------------------------------------------------------------
# Known regions (territories derived from a roster without a territory file)
# --------------------------------------------------------------------------

# US states by the common three-way sales split (Census West, then Midwest plus
# Texas/Oklahoma/Arkansas/Louisiana as Central, the rest East), territories
# included: AS, GU, MP with the West, PR, VI with the East.
US_WEST_STATES = ("AK", "AS", "AZ", "CA", "CO", "GU", "HI", "ID", "MP", "MT", "NM", "NV", "OR", "UT", "WA", "WY")
US_CENTRAL_STATES = ("AR", "IA", "IL", "IN", "KS", "LA", "MI", "MN", "MO", "ND", "NE", "OH", "OK", "SD", "TX", "WI")
US_EAST_STATES = ("AL", "CT", "DC", "DE", "FL", "GA", "KY", "MA", "MD", "ME", "MS", "NC", "NH", "NJ", "NY", "PA",
                  "PR", "RI", "SC", "TN", "VA", "VI", "VT", "WV")
# The starter territories.csv split (US states and Canadian provinces, east/west).
NA_EAST_STATES = ("AL", "CT", "DC", "DE", "FL", "GA", "IL", "IN", "KY", "MA", "MD", "ME", "MI", "MS", "NC", "NH", "NJ",
                  "NY", "OH", "PA", "RI", "SC", "TN", "VA", "VT", "WI", "WV", "NB", "NL", "NS", "ON", "PE", "QC",
                  "PR", "VI")
NA_WEST_STATES = ("AK", "AR", "AZ", "CA", "CO", "HI", "IA", "ID", "KS", "LA", "MN", "MO", "MT", "ND", "NE", "NM", "NV",
                  "OK", "OR", "SD", "TX", "UT", "WA", "WY", "AB", "BC", "MB", "NT", "NU", "SK", "YT",
                  "AS", "GU", "MP")
EUROPE = ("AD", "AL", "AT", "AX", "BA", "BE", "BG", "BY", "CH", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FO", "FR",
          "GB", "GG", "GI", "GR", "HR", "HU", "IE", "IM", "IS", "IT", "JE", "LI", "LT", "LU", "LV", "MC", "MD", "ME",
          "MK", "MT", "NL", "NO", "PL", "PT", "RO", "RS", "RU", "SE", "SI", "SJ", "SK", "SM", "UA", "VA", "XK",
          "AM", "AZ", "GE")
MIDDLE_EAST = ("AE", "BH", "IL", "IQ", "IR", "JO", "KW", "LB", "OM", "PS", "QA", "SA", "SY", "TR", "YE")
AFRICA = ("AO", "BF", "BI", "BJ", "BW", "CD", "CF", "CG", "CI", "CM", "CV", "DJ", "DZ", "EG", "EH", "ER", "ET", "GA",
          "GH", "GM", "GN", "GQ", "GW", "KE", "KM", "LR", "LS", "LY", "MA", "MG", "ML", "MR", "MU", "MW", "MZ", "NA",
          "NE", "NG", "RE", "RW", "SC", "SD", "SH", "SL", "SN", "SO", "SS", "ST", "SZ", "TD", "TG", "TN", "TZ", "UG",
          "YT", "ZA", "ZM", "ZW")
APAC = ("AF", "AU", "BD", "BN", "BT", "CK", "CN", "FJ", "FM", "HK", "ID", "IN", "JP", "KG", "KH", "KI", "KR", "KZ",
        "LA", "LK", "MH", "MM", "MN", "MO", "MV", "MY", "NC", "NP", "NR", "NU", "NZ", "PF", "PG", "PH", "PK", "PW",
        "SB", "SG", "TH", "TJ", "TL", "TM", "TO", "TV", "TW", "UZ", "VN", "VU", "WS")
LATAM = ("AG", "AI", "AR", "AW", "BB", "BL", "BO", "BQ", "BR", "BS", "BZ", "CL", "CO", "CR", "CU", "CW", "DM", "DO",
         "EC", "FK", "GD", "GF", "GP", "GT", "GY", "HN", "HT", "JM", "KN", "KY", "LC", "MF", "MQ", "MS", "MX", "NI",
         "PA", "PE", "PY", "SR", "SV", "SX", "TC", "TT", "UY", "VC", "VE", "VG")


@dataclass(frozen=True)
class KnownRegion:
    """A territory name revops understands without a territory file."""

    countries: tuple[str, ...] = ()
    states: tuple[str, ...] = ()
    rank: int = 3  # 1 part of a country, 2 a few countries, 3 a continent, 9 everything: narrow ones first


#: Region names (compared ignoring case, spaces and punctuation: "UK&I" = "UKI" = "uk & i").
KNOWN_REGIONS: dict[str, KnownRegion] = {
    "US West": KnownRegion(("US",), US_WEST_STATES, 1),
    "US Central": KnownRegion(("US",), US_CENTRAL_STATES, 1),
    "US East": KnownRegion(("US",), US_EAST_STATES, 1),
    "NA-East": KnownRegion(("US", "CA"), NA_EAST_STATES, 1),
    "NA-West": KnownRegion(("US", "CA"), NA_WEST_STATES, 1),
    "DACH": KnownRegion(("DE", "AT", "CH"), (), 2),
    "UK&I": KnownRegion(("GB", "IE"), (), 2),
    "UKI": KnownRegion(("GB", "IE"), (), 2),
    "UK & Ireland": KnownRegion(("GB", "IE"), (), 2),
    "Nordics": KnownRegion(("DK", "FI", "IS", "NO", "SE"), (), 2),
    "Benelux": KnownRegion(("BE", "LU", "NL"), (), 2),
    "ANZ": KnownRegion(("AU", "NZ"), (), 2),
    "North America": KnownRegion(("US", "CA"), (), 3),
    "NAMER": KnownRegion(("US", "CA"), (), 3),
    "LATAM": KnownRegion(LATAM, (), 3),
    "Latin America": KnownRegion(LATAM, (), 3),
    "Europe": KnownRegion(EUROPE, (), 3),
    "EMEA": KnownRegion(EUROPE + MIDDLE_EAST + AFRICA, (), 3),
    "APAC": KnownRegion(APAC, (), 3),
    "Asia Pacific": KnownRegion(APAC, (), 3),
    "AMER": KnownRegion(("US", "CA") + LATAM, (), 3),
    "Americas": KnownRegion(("US", "CA") + LATAM, (), 3),
    "All": KnownRegion((), (), 9),
    "Global": KnownRegion((), (), 9),
}


_KNOWN_BY_KEY = {_fold(name): (name, region) for name, region in KNOWN_REGIONS.items()}


# --------------------------------------------------------------------------
# Territories
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Territory:
    """One territory rule; a lead matches when every criterion set here matches it.

    ``countries`` are ISO alpha-2 codes, ``states`` ISO 3166-2 codes without
    prefix, ``industries`` NAICS sector codes, ``size_tiers`` employee ranges
    ``(low, high, label)`` (``high`` inclusive, ``inf`` for "1001+"),
    ``named_accounts`` company keys -> the spelling written in the file.
    """

    name: str
    countries: frozenset[str] = frozenset()
    states: frozenset[str] = frozenset()
    industries: frozenset[str] = frozenset()
    size_tiers: tuple[tuple[float, float, str], ...] = ()
    named_accounts: tuple[tuple[str, str], ...] = ()
    priority: float | None = None
    row: int | None = None

    @property
    def key(self) -> str:
        return _fold(self.name)

    @property
    def is_catch_all(self) -> bool:
        """Sets no criterion and no named account: matches every lead."""
        return not (self.countries or self.states or self.industries or self.size_tiers or self.named_accounts)

    def criteria(self, checks: Iterable[str]) -> list[str]:
        """The criteria this territory sets among the enabled checks: 'country', 'state', 'industry', 'size'."""
        checks = set(checks)
        out = []
        if "geography" in checks:
            out += [name for name, values in (("state", self.states), ("country", self.countries)) if values]
        if "industry" in checks and self.industries:
            out.append("industry")
        if "company_size" in checks and self.size_tiers:
            out.append("size")
        return out

    def describe(self) -> dict:
        """Plain dict for summaries."""
        return {
            "name": self.name, "priority": self.priority, "countries": sorted(self.countries),
            "states": sorted(self.states), "industries": sorted(self.industries),
            "size_tiers": [label for *_, label in self.size_tiers],
            "named_accounts": [spelling for _, spelling in self.named_accounts],
        }


def _size_tier(territory: Territory, employees: np.ndarray) -> np.ndarray:
    """Index of the territory's size tier holding each employee count, -1 for none.

    A tier's top is inclusive up to the next whole number, so a range midpoint
    such as 50.5 ("50-51") falls in "1-50" rather than between tiers.
    """
    hit = np.full(len(employees), -1, dtype=np.int64)
    for index in range(len(territory.size_tiers) - 1, -1, -1):
        low, high, _ = territory.size_tiers[index]
        hit[(employees >= low) & (employees < high + 1)] = index
    return hit


def load_territories(frame: pd.DataFrame, mapping: ColumnMapping | None = None, *,
                     source: str = "the territory file") -> list[Territory]:
    """Read a territory table (``territory, priority, countries, states, industries, size_tier, named_accounts``).

    Lists are ``;``-separated. Countries are names or codes (normalised to
    ISO alpha-2); states ISO 3166-2 codes without prefix (or names, resolved
    within the row's countries); industries NAICS codes or sector names;
    size tiers ranges such as ``1-50;51-200;201-1000;1001+``; named accounts
    company names in any legal-suffix spelling. Returned in priority order
    (``priority`` ascending, rows without one after, file order among equals).
    Raises :class:`RevopsInputError` naming the row and the bad value.
    """
    if mapping is None:
        mapping = detect_columns(list(frame.columns), schema="territories", source=source)
    if mapping.get("territory") is None:
        raise RevopsInputError(
            f"{source}: no territory name column (expected a header such as 'Territory' or 'Name'); "
            f"its headers are {_headers_text(frame)}. Rename the column of territory names to 'Territory'."
        )
    territories: list[Territory] = []
    seen: dict[str, int] = {}
    for position in range(len(frame)):
        row = position + 2
        where = f"{source} row {row}"
        values = {key: _cell(frame, mapping, key, position) for key in
                  ("territory", "priority", "countries", "states", "industries", "size_tier", "named_accounts")}
        if all(v is None for v in values.values()):
            continue  # a blank line
        name = values["territory"]
        if name is None:
            raise RevopsInputError(f"{where}: the territory has no name; give every row a name in the "
                                   f"{mapping.get('territory')!r} column.")
        if _fold(name) in seen:
            raise RevopsInputError(f"{where}: territory {name!r} is listed twice (first on row {seen[_fold(name)]}); "
                                   "give each territory one row.")
        seen[_fold(name)] = row
        priority = None
        if values["priority"] is not None:
            try:
                priority = float(values["priority"].replace(",", ""))
            except ValueError:
                priority = math.nan
            if not math.isfinite(priority):
                raise RevopsInputError(f"{where}: priority {values['priority']!r} of territory {name!r} is not a "
                                       "number; use 1 for the rule checked first, 2 next, and so on.")
        countries = _territory_countries(values["countries"], where, name)
        states = _territory_states(values["states"], countries, where, name)
        industries = _territory_industries(values["industries"], where, name)
        sizes = _territory_sizes(values["size_tier"], where, name)
        accounts: dict[str, str] = {}
        for spelling in _split(values["named_accounts"]):
            key = company_key(spelling)
            if key:
                accounts.setdefault(key, spelling)
        territories.append(Territory(
            name=name, countries=frozenset(countries), states=frozenset(states), industries=frozenset(industries),
            size_tiers=tuple(sizes), named_accounts=tuple(accounts.items()), priority=priority, row=row,
        ))
    if not territories:
        raise RevopsInputError(f"{source}: has no territory rows; add one row per territory (name, priority, "
                               "countries, states, industries, size tier, named accounts), or leave --territories "
                               "out to use the region names of the rep roster.")
    order = sorted(range(len(territories)), key=lambda i: (territories[i].priority is None,
                                                            territories[i].priority or 0.0, i))
    return [territories[i] for i in order]


def _country_code(token: str) -> str | None:
    code, flag, _ = normalize_country(token)
    return code if flag is None and isinstance(code, str) and re.fullmatch(r"[A-Z]{2}", code) else None


def _tokens(text: str | None, read: Callable[[str], Any]) -> list[str]:
    """``;``-separated items; an item that does not read but holds commas is split on them too ("US, CA")."""
    out = []
    for token in _split(text):
        if read(token) is None and "," in token:
            out += [part.strip() for part in token.split(",") if part.strip()]
        else:
            out.append(token)
    return out


def _territory_values(text: str | None, read: Callable[[str], str | None], where: str, name: str, what: str,
                      hint: str) -> list[str]:
    """The distinct values ``read`` makes of a ';'-separated territory cell; an unreadable one is an error."""
    values: list[str] = []
    for token in _tokens(text, read):
        value = read(token)
        if value is None:
            raise RevopsInputError(f"{where}: {what} {token!r} of territory {name!r} {hint}")
        if value not in values:
            values.append(value)
    return values


def _territory_countries(text: str | None, where: str, name: str) -> list[str]:
    return _territory_values(text, _country_code, where, name, "country",
                             "is not a country revops knows; write ISO codes or names separated by ';', e.g. US;CA "
                             "(a region such as EMEA must be listed country by country).")


def _all_state_codes() -> dict[str, frozenset[str]]:
    """Country -> its subdivision codes without prefix."""
    return {country: frozenset(table.values()) for country, table in _subdivision_tables().items()}


def _state_code(token: str, countries: Sequence[str]) -> str | None:
    """A territory's state item as a subdivision code: a code or name of one of ``countries`` (any country if none)."""
    prefixed = re.fullmatch(r"([A-Za-z]{2})\s*-\s*([A-Za-z0-9]{1,3})", token)
    if prefixed:
        country, bare = prefixed.group(1).upper(), prefixed.group(2).upper()
        ok = (not countries or country in countries) and bare in _all_state_codes().get(country, ())
        return bare if ok else None
    for country in countries:
        value, flag, _, _ = normalize_state(token, country)
        if flag is None and isinstance(value, str) and value in _all_state_codes().get(country, ()):
            return value
    if not countries:
        value, flag, _, _ = normalize_state(token, None)  # names of US, CA and AU states are inferred
        if flag is None and isinstance(value, str) and any(value.upper() in codes
                                                           for codes in _all_state_codes().values()):
            return value.upper()
    return None


def _territory_states(text: str | None, countries: Sequence[str], where: str, name: str) -> list[str]:
    codes = []
    for token in _tokens(text, lambda t: _state_code(t, countries)):
        code = _state_code(token, countries)
        if code is None:
            within = f" of {';'.join(countries)}" if countries else ""
            raise RevopsInputError(f"{where}: state {token!r} of territory {name!r} is not a state or province"
                                   f"{within}; write ISO 3166-2 codes without the country prefix separated by ';', "
                                   "e.g. CA;OR;WA.")
        if code not in codes:
            codes.append(code)
    return codes


def _territory_industries(text: str | None, where: str, name: str) -> list[str]:
    return _territory_values(text, lambda token: normalize_industry(token)[3], where, name, "industry",
                             "is not a NAICS sector revops knows; write NAICS codes such as 52 or 31-33, or sector "
                             "names such as Finance, separated by ';'.")


def _territory_sizes(text: str | None, where: str, name: str) -> list[tuple[float, float, str]]:
    tiers = []
    for token in _split(text, r"[;|]|,\s+"):
        _, flag, _, number, low, high = normalize_employees(token)
        if flag or number is None or (low is not None and high is not None and low == high):
            raise RevopsInputError(f"{where}: size tier {token!r} of territory {name!r} is not an employee range; "
                                   "write ranges such as 1-50;51-200;201-1000;1001+.")
        low = 0.0 if low is None else float(low)
        high = math.inf if high is None else float(high)
        tiers.append((low, high, token))
    return tiers


def territories_from_roster(roster: Roster) -> list[Territory]:
    """Territories for the roster's territory names, when each is a known region (:data:`KNOWN_REGIONS`).

    Narrow regions come first (US West before North America before All);
    roster order breaks ties. A name that is a country ("Germany", "DE")
    becomes a one-country territory. Blank, ``*`` and ``Any`` are the
    fallback pool, not territories. Any other name raises
    :class:`RevopsInputError` asking for a territory file.
    """
    found: dict[str, tuple[int, int, Territory]] = {}
    unknown: list[tuple[str, int]] = []
    for position, names in enumerate(roster.reps["territories"]):
        for name in names:
            key = _fold(name)
            if key in found or key in ("", "*", "any"):
                continue
            if key in _KNOWN_BY_KEY:
                _, region = _KNOWN_BY_KEY[key]
                territory = Territory(name=name, countries=frozenset(region.countries),
                                      states=frozenset(region.states))
                found[key] = (region.rank, position, territory)
                continue
            code, flag, _ = normalize_country(name)
            if flag is None and isinstance(code, str) and re.fullmatch(r"[A-Z]{2}", code):
                found[key] = (2, position, Territory(name=name, countries=frozenset({code})))
                continue
            unknown.append((name, int(roster.reps["row"].iloc[position])))
    if unknown:
        listed = ", ".join(f"{name!r} (row {row})" for name, row in unknown[:NAMED_IN_REASON])
        more = f" and {len(unknown) - NAMED_IN_REASON} more" if len(unknown) > NAMED_IN_REASON else ""
        known = ", ".join(sorted(KNOWN_REGIONS, key=str.casefold))
        what = f"territory {listed} is not a region" if len(unknown) == 1 else \
            f"territories {listed}{more} are not regions"
        raise RevopsInputError(
            f"{roster.source}: {what} revops knows; pass --territories FILE with one row per territory (countries, "
            f"states, industries, size tier, named accounts). Known without a file: {known}, and country names."
        )
    ordered = sorted(found.values(), key=lambda item: (item[0], item[1]))
    return [territory for _, _, territory in ordered]

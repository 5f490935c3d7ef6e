"""Lead routing and nurture: the Lead Management SOP's "4. Lead Routing" and "5. Lead Nurturing".

"IF score >= 80 THEN Route to Senior Sales Rep, Alert: SMS + Email, SLA: 5
minutes; ELSE IF score >= 60 THEN Route to Sales Rep (round robin), Alert:
Email, SLA: 1 hour; ELSE IF score >= 40 THEN Route to SDR team, Alert: Queue
notification, SLA: 24 hours; ELSE Add to Marketing Nurture, no sales
assignment." "Territory Assignment: geographic territory, industry vertical,
company size tier, named account list; apply round-robin within territory.
Exception Handling: no eligible rep, escalate to Sales Manager." Every number
is a row of ``[routing]``, ``[nurture]``, ``[scoring].bands`` and ``[sla]``.

:func:`route_leads` adds, after the file's own columns, ``revops_queue``,
``revops_territory``, ``revops_owner``, ``revops_owner_id``, ``revops_alert``,
``revops_sla_minutes``, ``revops_due_at``, ``revops_nurture_track``,
``revops_next_touch``, ``revops_next_touch_at`` and ``revops_route_reason``
(one plain sentence per lead: "Hot 86 → Senior Sales Rep; territory US West
by state CA; round robin Marcus Chen (1 of 1)").

How a lead is routed, in order:

1. **Tier** by score (``routing.tiers``, highest ``min_score`` first): the
   queue, the rep roles, the alert and the SLA minutes. A tier without roles
   (``nurture``) makes no sales assignment: the owner is
   ``lifecycle.marketing_queue``.
2. **Kept owner**: with ``routing.keep_active_owner`` (and no ``--reassign``),
   a lead whose owner (name, email or rep id, any case) is an active rep who
   is not out of office keeps that owner.
3. **Territory**, first match wins: territories in ``priority`` order (file
   order without one). A named-account territory listing the lead's company
   (compared by company key: "Acme, Inc." = "ACME Corp") wins outright; then a
   territory matches when every criterion it sets matches (countries, states,
   industries as NAICS sectors, size tiers against employees); one that sets
   nothing is a catch-all. Checks missing from ``routing.territory_order`` are
   ignored (a territory whose only criteria are ignored matches nothing). The
   lead goes to the first matching territory *staffed* for its tier, i.e.
   with at least one active rep of the tier's roles (out of office, at
   capacity or off hours still count: the territory owns the lead and
   escalates it); so an SDR lead from California skips an SDR-less "US West"
   for "North America". Reps whose territory is blank, ``*`` or ``Any``
   (``All``/``Global`` too when no territory has that name) are the fallback
   pool of their role when no matching territory is staffed.
4. **Round robin** among the pool's eligible reps: active, not out of office
   (``out_of_office_until`` is the first day back, in the rep's time zone),
   under capacity (the roster's ``load`` column, else the leads of this input
   they already own and keep, plus this run's assignments), weight above 0
   (``round_robin = "even"`` makes every other weight 1), and, with
   ``routing.skip_outside_working_hours``, inside their working hours now
   (their hours or the config's, on ``business_hours.workdays``; holidays are
   not checked here). Weighted fair queuing with counts persisted per pool
   ``"<territory>|<queue>"`` (``"*|<queue>"`` for the fallback pool; see
   :func:`weighted_fair_order`) gives an exact weighted rotation that carries
   over between runs; a rep new to a pool, or back from leave, joins at the
   pool's current level instead of getting a flood. The reason names the rep's
   place among the eligible reps ("(2 of 3)") and the reps skipped, and why.
5. **Escalation** when no rep is eligible, no territory matches, or capacity
   runs out: the territory's ``routing.escalation_roles`` rep (active, not out
   of office; capacity is not checked), else the first such rep on the roster,
   else the text ``routing.escalation_owner``. The queue and SLA stay the
   tier's. The reason says why (at most 3 reps named, then "and N more").
6. **Due date** (``revops_due_at``, ISO 8601 in ``general.timezone``): SLA
   start + the tier's minutes. A lead routed by this run starts its clock now
   (or at ``created_at`` if that is later); a kept owner's clock starts at
   ``assigned_at``, else ``created_at``, else now. Bands in ``sla.wall_clock_bands`` (Hot) count
   clock minutes; the others business minutes in the assigned rep's own
   calendar (time zone, holiday country, working hours) when
   ``routing.business_hours_deadlines``.
7. **Nurture**: the ``nurture.tracks`` row holding the score (none above the
   top track, i.e. Hot), and the first step of ``nurture.sequence`` whose day
   (counted from ``created_at``'s date, else today) is today or later, with its
   date; once every step is past, the track's own cadence ("newsletter
   (monthly)") every ``frequency`` days from the last step, or "sequence
   complete" when the frequency cannot be read.

Scores: ``revops_score``, else the mapped ``score`` column; a blank score is 0
("Cold (no score)"), text that is not a number is an error naming the row.

Deterministic: the same leads, roster, territories, state and ``now`` give the
same output and the same new state. Nothing here reads or writes files; the
new round-robin state is returned for the caller to save.

Without a territory file, territories come from the roster's territory names
when they are regions revops knows (:data:`KNOWN_REGIONS`, documented below).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from revops_cli.columns import ColumnMapping, MappedFrame, detect_columns
from revops_cli.config import RevopsConfig, RoutingTier
from revops_cli.core.sales.business_time import (WorkCalendar, add_business_minutes, add_wall_minutes, parse_working_hours,
                                          sla_business_minutes)
from revops_cli.normalize.company import company_key
from revops_cli.normalize.country import normalize_country, normalize_country_column
from revops_cli.normalize.industry import normalize_industry, normalize_industry_column
from revops_cli.normalize.numbers import normalize_employees, normalize_employees_column
from revops_cli.normalize.state import _subdivision_tables, normalize_state, normalize_state_column
from revops_cli.normalize.timestamps import detect_dayfirst, normalize_timestamp_column
from revops_cli.errors import RevopsInputError

__all__ = [
    "FALLBACK_TERRITORY_NAMES",
    "KNOWN_REGIONS",
    "ROUTE_COLUMNS",
    "RouteResult",
    "RouteState",
    "STATE_VERSION",
    "Roster",
    "Territory",
    "load_roster",
    "load_territories",
    "route_leads",
    "route_with_roster",
    "territories_from_roster",
    "weighted_fair_order",
]

ROUTE_COLUMNS: tuple[str, ...] = (
    "revops_queue", "revops_territory", "revops_owner", "revops_owner_id", "revops_alert", "revops_sla_minutes",
    "revops_due_at", "revops_nurture_track", "revops_next_touch", "revops_next_touch_at", "revops_route_reason",
)

#: Rep territory names meaning "anywhere": such reps are the fallback pool of their role.
FALLBACK_TERRITORY_NAMES = frozenset({"", "all", "*", "global", "any"})
#: Pool key prefix of the fallback pool in the state file.
FALLBACK_POOL = "*"
#: Escalation-reason keys of :attr:`RouteResult.escalation_reasons`.
NO_TERRITORY = "no territory matches"
UNSTAFFED = "no rep of the tier's roles in the territory"
NO_ELIGIBLE = "no eligible rep"
#: At most this many reps are named in a reason, then "and N more".
NAMED_IN_REASON = 3

_NS = 1_000_000_000
_DAY_NS = 86_400 * _NS
_NAT = np.iinfo(np.int64).min
_FAR_FUTURE = pd.Timestamp("2262-01-01", tz="UTC")  # "out of office: yes" with no date
_TRUE = frozenset({"true", "yes", "y", "1", "t", "active", "x"})
_FALSE = frozenset({"false", "no", "n", "0", "f", "inactive"})
_UNLIMITED = frozenset({"unlimited", "none", "no limit", "∞", "inf", "n/a"})


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


def _fold(text: Any) -> str:
    """Compare key of a name: accents folded, lower case, letters and digits only ("UK & I" -> "uki")."""
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return ""
    folded = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    key = re.sub(r"[^a-z0-9*]", "", folded.lower())
    return key


def _person_key(text: Any) -> str:
    """Compare key of an owner / rep name, email or id: case and spacing ignored."""
    if text is None or (isinstance(text, float) and math.isnan(text)) or text is pd.NA:
        return ""
    return " ".join(str(text).split()).casefold()


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


def _split(text: Any, pattern: str = r"[;|]") -> list[str]:
    if text is None or (isinstance(text, float) and math.isnan(text)) or text is pd.NA:
        return []
    return [part.strip() for part in re.split(pattern, str(text)) if part.strip()]


def _cell(frame: pd.DataFrame, mapping: ColumnMapping, canonical: str, position: int) -> Any:
    column = mapping.get(canonical)
    if column is None:
        return None
    value = frame[column].iloc[position]
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value).strip()
    return text or None


def _headers_text(frame: pd.DataFrame) -> str:
    return ", ".join(repr(str(c)) for c in frame.columns) or "(none)"


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


# --------------------------------------------------------------------------
# Roster
# --------------------------------------------------------------------------


@dataclass
class Roster:
    """The rep roster, validated: one row per rep, in roster order.

    ``reps`` columns: ``rep_id``, ``name``, ``email``, ``role``, ``territory``
    (as written), ``territories`` (tuple of names), ``weight``, ``capacity``
    (NaN = unlimited), ``load``, ``active``, ``out_until`` (UTC; NaT = not
    away), ``out_text``, ``timezone``, ``hours`` ((start, end) or None),
    ``hours_text``, ``country``, ``calendar`` (:class:`WorkCalendar`), ``row``.
    ``load_from`` says where ``load`` came from: ``"column"``, ``"input"``
    (leads of the routed file the rep owns) or ``"none"``.
    """

    reps: pd.DataFrame
    source: str = "the roster"
    load_from: str = "none"
    now: pd.Timestamp | None = None
    warnings: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.reps)

    def owner_positions(self, owners: pd.Series) -> np.ndarray:
        """Roster position of each owner cell (rep id, email or name, any case/spacing), -1 when none."""
        lookup: dict[str, int] = {}
        for column in ("rep_id", "email", "name"):
            for position, value in enumerate(self.reps[column]):
                key = _person_key(value)
                if key:
                    lookup.setdefault(key, position)
        codes, uniques = _distinct(owners)
        table = np.array([lookup.get(_person_key(u), -1) for u in uniques] + [-1], dtype=np.int64)
        return table[codes]  # code -1 (missing) takes the trailing -1


def _bool_cell(text: str | None, where: str, what: str) -> bool | None:
    if text is None:
        return None
    key = text.strip().lower()
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise RevopsInputError(f"{where}: {what} {text!r} is not yes/no; write TRUE or FALSE (blank = active).")


def _number_cell(text: str | None, where: str, what: str, *, unlimited_ok: bool = False) -> float | None:
    if text is None:
        return None
    if unlimited_ok and text.strip().lower() in _UNLIMITED:
        return None
    try:
        value = float(text.replace(",", "").strip())
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value < 0:
        hint = " (blank = unlimited)" if unlimited_ok else " (blank = 1)" if what == "weight" else ""
        raise RevopsInputError(f"{where}: {what} {text!r} is not a number of 0 or more{hint}.")
    return value


def load_roster(
    frame: pd.DataFrame,
    mapping: ColumnMapping | None,
    config: RevopsConfig,
    *,
    now: pd.Timestamp,
    leads: pd.DataFrame | None = None,
    lead_mapping: ColumnMapping | None = None,
    source: str = "the roster",
) -> Roster:
    """Validate a rep roster (``reps.csv``, a CRM user export) into a :class:`Roster`.

    Columns (by :data:`revops_cli.columns.REP_ALIASES`): ``rep_id`` and/or
    ``name`` (one is required; each stands in for the other), ``role``
    (required), ``email``, ``territory`` (``;`` for several), ``weight``
    (blank = 1), ``capacity`` (blank = unlimited), ``load``, ``active`` (blank
    = active), ``out_of_office_until`` (a date = the first day back, midnight
    in the rep's time zone; a date and time; or yes/no), ``timezone`` (IANA),
    ``working_hours`` ("09:00-17:00"), ``country`` (holidays). Without a
    ``load`` column, ``load`` is the number of ``leads`` the rep already owns
    (by ``lead_mapping``'s owner column). Every problem is a
    :class:`RevopsInputError` naming the row and the value.
    """
    if mapping is None:
        mapping = detect_columns(list(frame.columns), schema="reps", source=source)
    if mapping.get("name") is None and mapping.get("rep_id") is None:
        raise RevopsInputError(
            f"{source}: no rep name or rep id column (expected headers such as 'Name' or 'Rep ID'); its headers are "
            f"{_headers_text(frame)}. Rename the column of rep names to 'Name' (or of ids to 'Rep ID')."
        )
    if mapping.get("role") is None:
        raise RevopsInputError(
            f"{source}: no role column (expected a header such as 'Role'); its headers are {_headers_text(frame)}. "
            "Routing needs each rep's role (Senior Sales Rep, Sales Rep, SDR, Sales Manager, ...)."
        )
    records = []
    ids_seen: dict[str, int] = {}
    warnings: list[str] = []
    away_column = mapping.get("out_of_office_until")
    dayfirst = detect_dayfirst(frame[away_column]) if away_column is not None else None  # 03/04 for the column
    for position in range(len(frame)):
        row = position + 2
        where = f"{source} row {row}"
        cell = {key: _cell(frame, mapping, key, position) for key in
                ("rep_id", "name", "email", "role", "territory", "weight", "capacity", "load", "active",
                 "out_of_office_until", "timezone", "working_hours", "country")}
        if all(v is None for v in cell.values()):
            continue
        name = cell["name"] or cell["rep_id"]
        rep_id = cell["rep_id"] or cell["name"]
        if name is None:
            raise RevopsInputError(f"{where}: the rep has neither a name nor a rep id; fill one in or delete the row.")
        id_key = _person_key(rep_id)
        if id_key in ids_seen:
            what = "rep id" if mapping.get("rep_id") is not None else "rep name"
            raise RevopsInputError(f"{where}: {what} {rep_id!r} is also on row {ids_seen[id_key]}; each rep needs "
                                   "their own id (one row per rep).")
        ids_seen[id_key] = row
        if cell["role"] is None:
            raise RevopsInputError(f"{where}: rep {name!r} has no role; give a role such as Sales Rep, SDR or "
                                   "Sales Manager.")
        weight = _number_cell(cell["weight"], where, "weight")
        capacity = _number_cell(cell["capacity"], where, "capacity", unlimited_ok=True)
        load = _number_cell(cell["load"], where, "load")
        active = _bool_cell(cell["active"], where, "active")
        zone = cell["timezone"]
        if zone is not None:
            try:
                ZoneInfo(zone)
            except Exception:  # ZoneInfoNotFoundError, ValueError for odd paths
                raise RevopsInputError(f"{where}: time zone {zone!r} of rep {name!r} is not an IANA time zone; "
                                       "write one such as America/New_York or Europe/Berlin (blank = the "
                                       "config's).") from None
        try:
            hours = parse_working_hours(cell["working_hours"])
        except ValueError as exc:
            raise RevopsInputError(f"{where}: rep {name!r}: {exc}.") from None
        country = None
        if cell["country"] is not None:
            code, flag, _ = normalize_country(cell["country"], config.clean.country_aliases)
            if flag is None and isinstance(code, str) and re.fullmatch(r"[A-Z]{2}", code):
                country = code
            else:
                warnings.append(f"{where}: country {cell['country']!r} of rep {name!r} is not a country; the "
                                "config's holiday calendar is used for their deadlines.")
        try:
            calendar = WorkCalendar.from_config(config, timezone=zone, country=country, hours=hours)
        except ValueError as exc:
            raise RevopsInputError(f"{where}: rep {name!r}: {exc}.") from None
        out_until, out_text = _out_of_office(cell["out_of_office_until"], zone or config.business_timezone,
                                             dayfirst, where, name)
        records.append({
            "rep_id": rep_id, "name": name, "email": cell["email"], "role": cell["role"],
            "territory": cell["territory"] or "", "territories": tuple(_split(cell["territory"])) or ("",),
            "weight": 1.0 if weight is None else weight,
            "capacity": math.nan if capacity is None else capacity,
            "load": 0.0 if load is None else load,
            "active": True if active is None else active,
            "out_until": out_until, "out_text": out_text, "timezone": zone, "hours": hours,
            "hours_text": cell["working_hours"], "country": country, "calendar": calendar, "row": row,
        })
    if not records:
        raise RevopsInputError(f"{source}: has no reps; add one row per rep (name, role, territory, ...).")
    numeric = {"weight", "capacity", "load", "row"}
    reps = pd.DataFrame({
        key: (pd.Series([r[key] for r in records], dtype=float if key in numeric else object)
              if key not in ("active", "out_until") else [r[key] for r in records])
        for key in records[0]
    })
    reps["active"] = reps["active"].astype(bool)
    reps["row"] = reps["row"].astype(np.int64)
    reps["out_until"] = pd.to_datetime(pd.Series([r["out_until"] for r in records], dtype=object), utc=True)
    load_from = "column" if mapping.get("load") is not None else "none"
    roster = Roster(reps=reps, source=source, load_from=load_from, now=now, warnings=warnings)
    if load_from == "none" and leads is not None:
        owner_column = (lead_mapping or detect_columns(list(leads.columns))).get("owner")
        if owner_column is not None:
            positions = roster.owner_positions(leads[owner_column])
            counts = np.bincount(positions[positions >= 0], minlength=len(reps))
            reps["load"] = counts.astype(float)
            roster.load_from = "input"
    return roster


def _out_of_office(text: str | None, zone: str, dayfirst: bool | None, where: str,
                   name: str) -> tuple[pd.Timestamp, str | None]:
    """(first instant back in UTC, as shown in reasons); NaT when not away. A date alone is midnight in ``zone``."""
    if text is None:
        return pd.NaT, None
    key = text.strip().lower()
    if key in _FALSE:
        return pd.NaT, None
    if key in _TRUE:
        return _FAR_FUTURE, "further notice"
    parsed = normalize_timestamp_column(pd.Series([text], dtype=object), timezone=zone, dayfirst=dayfirst)
    stamp = parsed["revops_parsed"].iloc[0]
    if pd.isna(stamp):
        raise RevopsInputError(f"{where}: out of office until {text!r} of rep {name!r} is not a date; write the "
                               "first day back such as 2026-12-02 (blank = not away).")
    local = stamp.tz_convert(zone)
    shown = local.strftime("%Y-%m-%d") if local == local.normalize() else local.strftime("%Y-%m-%d %H:%M")
    return stamp.tz_convert("UTC"), shown


# --------------------------------------------------------------------------
# Weighted fair queuing
# --------------------------------------------------------------------------


def weighted_fair_order(counts: np.ndarray, weights: np.ndarray, slots: np.ndarray, n: int) -> np.ndarray:
    """The rep (index into the arrays) of each of the next ``n`` leads; fewer when capacity runs out.

    Rep ``i`` with running count ``c_i``, weight ``w_i > 0`` and ``slots[i]``
    leads of room has candidate slots with virtual finish times
    ``(c_i + k) / w_i`` for ``k = 1..min(n, slots[i])``; the ``n`` smallest
    over all reps, ties to the lower index (roster order), give the order.
    That is an exact weighted round robin (weights 3:1 over 8 leads: A A A B A
    A A B) that respects capacity, and carries over between runs through the
    counts. A bisection on the finish time bounds the candidates to about
    ``n + reps``, so one sort does a pool of any size.
    """
    counts = np.asarray(counts, dtype=float)
    weights = np.asarray(weights, dtype=float)
    limit = np.minimum(np.asarray(slots, dtype=np.int64), n).clip(min=0)
    limit[weights <= 0] = 0
    if n <= 0 or not limit.any():
        return np.empty(0, dtype=np.int64)
    safe_w = np.where(weights > 0, weights, 1.0)
    if limit.sum() > n:
        def taken(t: float) -> np.ndarray:
            return np.clip(np.floor(t * safe_w - counts + 1e-9), 0, limit)

        low = 0.0
        high = float(np.max(np.where(limit > 0, (counts + limit) / safe_w, 0.0)))
        for _ in range(100):
            mid = (low + high) / 2
            if taken(mid).sum() >= n:
                high = mid
            else:
                low = mid
            if high - low <= 1e-12 * max(1.0, high):
                break
        limit = np.minimum(taken(high).astype(np.int64) + 1, limit)
    reps = np.repeat(np.arange(len(counts)), limit)
    starts = np.cumsum(limit) - limit
    k = np.arange(len(reps)) - np.repeat(starts, limit) + 1
    finish = (counts[reps] + k) / safe_w[reps]
    key = np.round(finish, 9)  # equal finish times (1/3 * 3 and 1/1) tie exactly, whatever the float rounding
    order = np.lexsort((k, reps, key))[:n]
    return reps[order]


# --------------------------------------------------------------------------
# Result
# --------------------------------------------------------------------------


#: Version of the state file's JSON this revops writes and reads.
STATE_VERSION = 1


@dataclass
class RouteState:
    """Round-robin counts per pool: ``pools[pool_key][rep_id] = leads assigned so far``."""

    pools: dict[str, dict[str, float]] = field(default_factory=dict)
    version: int = STATE_VERSION

    def to_json(self) -> str:
        """The state as JSON text, keys sorted (the same state always gives the same bytes)."""
        payload = {"version": self.version,
                   "pools": {pool: {rep: float(count) for rep, count in sorted(reps.items())}
                             for pool, reps in sorted(self.pools.items())}}
        return json.dumps(payload, indent=1, ensure_ascii=False, sort_keys=False) + "\n"

    @classmethod
    def from_json(cls, text: str | bytes) -> RouteState:
        """Parse :meth:`to_json` output; ValueError says what is wrong with anything else."""
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValueError(f"is not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})") from None
        return cls.from_dict(data)

    @classmethod
    def from_dict(cls, data: Any) -> RouteState:
        """Validate a decoded JSON object; ValueError names the first problem."""
        if not isinstance(data, dict):
            raise ValueError("must hold a JSON object with 'version' and 'pools'")
        unknown = sorted(set(data) - {"version", "pools"})
        if unknown:
            raise ValueError(f"has unknown key {unknown[0]!r}; expected only 'version' and 'pools'")
        version = data.get("version", STATE_VERSION)
        if not isinstance(version, int) or isinstance(version, bool):
            raise ValueError(f"'version' must be a whole number (got {version!r})")
        if version > STATE_VERSION:
            raise ValueError(f"was written by a newer revops (state version {version}; this one reads "
                             f"{STATE_VERSION}); upgrade revops")
        pools = data.get("pools", {})
        if not isinstance(pools, dict):
            raise ValueError("'pools' must be a JSON object of pool -> {rep id: count}")
        clean: dict[str, dict[str, float]] = {}
        for pool, reps in pools.items():
            if not isinstance(reps, dict):
                raise ValueError(f"pool {pool!r} must be a JSON object of rep id -> count")
            counts: dict[str, float] = {}
            for rep, count in reps.items():
                if isinstance(count, bool) or not isinstance(count, (int, float)) or not math.isfinite(count) \
                        or count < 0:
                    raise ValueError(f"pool {pool!r}, rep {rep!r}: count must be a number of 0 or more "
                                     f"(got {count!r})")
                counts[str(rep)] = float(count)
            clean[str(pool)] = counts
        return cls(pools=clean, version=version)

    def copy(self) -> RouteState:
        """A deep copy (routing returns a new state; the old one stays as it was)."""
        return RouteState({pool: dict(reps) for pool, reps in self.pools.items()}, self.version)



@dataclass
class RouteResult:
    """What :func:`route_leads` returns: the routed frame, the new state and the figures."""

    frame: pd.DataFrame
    state: RouteState
    by_queue: dict[str, int] = field(default_factory=dict)
    by_rep: list[dict] = field(default_factory=list)
    escalations: int = 0
    escalation_reasons: dict[str, int] = field(default_factory=dict)
    kept_owner: int = 0
    nurture: dict[str, int] = field(default_factory=dict)
    by_territory: dict[str, int] = field(default_factory=dict)
    territories_from: str = "file"
    warnings: list[str] = field(default_factory=list)
    kept: np.ndarray | None = None  # True for rows that kept their owner (the rest were routed by this run)

    def summary(self) -> dict:
        """JSON-able figures for ``--json``."""
        return {
            "rows": len(self.frame),
            "by_queue": self.by_queue,
            "by_territory": self.by_territory,
            "by_rep": self.by_rep,
            "escalations": self.escalations,
            "escalation_reasons": self.escalation_reasons,
            "kept_owner": self.kept_owner,
            "nurture": self.nurture,
            "territories_from": self.territories_from,
            "warnings": self.warnings,
        }


# --------------------------------------------------------------------------
# Routing: everything below works on integer codes of distinct values, so a
# million leads cost a few factorisations, not a million Python calls.
# --------------------------------------------------------------------------

_STR = pd.StringDtype("pyarrow", na_value=np.nan)


def _distinct(values: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """(code per row, -1 where missing; the distinct values as an object Series)."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    return np.asarray(codes, dtype=np.int64), pd.Series(np.asarray(uniques, dtype=object), dtype=object)


def _recode(codes: np.ndarray, per_code: Sequence[Any]) -> tuple[np.ndarray, np.ndarray]:
    """Codes of ``per_code[code]`` for every row (missing stays -1) and its distinct values."""
    values = np.array([None if _missing(v) else v for v in per_code] + [None], dtype=object)
    new_codes, uniques = pd.factorize(values, use_na_sentinel=True)
    return np.asarray(new_codes, dtype=np.int64)[codes], np.asarray(uniques, dtype=object)


def _str_column(codes: np.ndarray, uniques: Sequence[Any]) -> pd.Series:
    """A pandas "str" column of ``uniques[codes]`` (-1 = missing), built by Arrow's take."""
    dictionary = pa.array([None if _missing(u) else str(u) for u in uniques], type=pa.large_string())
    codes = np.asarray(codes, dtype=np.int64)
    taken = dictionary.take(pa.array(np.where(codes < 0, 0, codes), mask=codes < 0)) if len(dictionary) \
        else pa.nulls(len(codes), type=pa.large_string())
    return taken.to_pandas(types_mapper={pa.large_string(): _STR}.get)


@dataclass
class _Leads:
    """Lead features as codes into distinct normalised values (positions 0..n-1)."""

    coded: dict[str, tuple[np.ndarray, np.ndarray]]  # country, state, sector, company, employees -> (codes, uniques)
    employees: np.ndarray  # float per row, NaN unknown

    def member(self, name: str, values: Iterable[str], rows: np.ndarray) -> np.ndarray:
        """For each row position in ``rows``: is its ``name`` value one of ``values``?"""
        codes, uniques = self.coded[name]
        wanted = set(values)
        lut = np.array([u in wanted for u in uniques] + [False], dtype=bool)
        return lut[codes[rows]]


def _fold_for_key(text: str) -> str:
    """The folding :func:`company_key` applies before splitting words (case, accents, '&', apostrophes, dots)."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return re.sub(r"['’.]", "", folded.replace("&", " and "))


def _named_company_keys(names: pd.Series, named_keys: set[str]) -> list[str | None]:
    """The company key of each distinct name that is a named account, else None.

    Every word of a company key is in its name once folded the way
    :func:`company_key` folds, so only names holding the longest word of some
    named key are keyed: cleanco is slow, and a million-row export may have a
    million distinct companies. Arrow folds the names in one pass; its lower
    case equals ``casefold`` for ASCII, so names that are not ASCII after
    folding (ß, ø, CJK...) take the exact path.
    """
    words = sorted({max(key.split(), key=len) for key in named_keys}, key=len, reverse=True)
    pattern = "|".join(re.escape(w) for w in words)
    text = pa.array([name if isinstance(name, str) else None for name in names], type=pa.large_string())
    folded = pc.utf8_lower(pc.replace_substring_regex(pc.utf8_normalize(text, "NFKD"), r"\p{Mn}", ""))
    folded = pc.replace_substring(pc.replace_substring_regex(folded, r"['’.]", ""), "&", " and ")
    maybe = pc.or_(pc.match_substring_regex(folded, pattern), pc.invert(pc.string_is_ascii(folded)))
    candidates = np.flatnonzero(pc.fill_null(maybe, False).to_numpy(zero_copy_only=False))
    exact = re.compile(pattern)
    keys: list[str | None] = [None] * len(names)
    for j in candidates:
        name = names.iloc[j]
        if exact.search(_fold_for_key(name)):
            key = company_key(name)
            keys[j] = key if key in named_keys else None
    return keys


def _lead_features(frame: pd.DataFrame, mapping: ColumnMapping, config: RevopsConfig,
                   named_keys: set[str]) -> _Leads:
    """Country (ISO alpha-2, inferred from the state where blank), state code, NAICS sector, employees, and
    the company key where it is one of ``named_keys`` (the named accounts of the territories).

    Each normaliser runs once per distinct value (per distinct state and
    country pair for states).
    """
    n = len(frame)
    missing = np.full(n, -1, dtype=np.int64)
    empty = np.empty(0, dtype=object)

    def column(canonical: str) -> pd.Series | None:
        name = mapping.get(canonical)
        return frame[name] if name is not None and name in frame.columns else None

    country = (missing, empty)
    if (raw := column("country")) is not None:
        codes, uniques = _distinct(raw)
        result = normalize_country_column(uniques, extra_aliases=config.clean.country_aliases)
        iso = [v if f is None and isinstance(v, str) and re.fullmatch(r"[A-Z]{2}", v) else None
               for v, f in zip(result["value"], result["flag"])]
        country = _recode(codes, iso)
    state = (missing, empty)
    if (raw := column("state")) is not None:
        state_codes, state_uniques = _distinct(raw)
        pair, first = _combine(state_codes, country[0])
        raw_states = [None if state_codes[r] < 0 else state_uniques.iloc[state_codes[r]] for r in first]
        pair_countries = [None if country[0][r] < 0 else country[1][country[0][r]] for r in first]
        result = normalize_state_column(pd.Series(raw_states, dtype=object), pd.Series(pair_countries, dtype=object),
                                        infer_country_from=tuple(config.clean.infer_country_from))
        codes_ok = [v if f is None and not _missing(v) and not _missing(raw) and str(raw).strip() else None
                    for v, f, raw in zip(result["value"], result["flag"], raw_states)]
        state = _recode(pair, codes_ok)
        filled = [c if c is not None else (i if not _missing(i) else None)
                  for c, i in zip(pair_countries, result["inferred_country"])]
        country = _recode(pair, filled)
    sector = (missing, empty)
    if (raw := column("industry")) is not None:
        codes, uniques = _distinct(raw)
        result = normalize_industry_column(uniques, extra_map=config.clean.industry_map)
        sector = _recode(codes, list(result["revops_naics_code"]))
    employees = np.full(n, np.nan)
    employee_codes = (missing, np.empty(0, dtype=float))
    if (raw := column("employees")) is not None:
        codes, uniques = _distinct(raw)
        numbers = normalize_employees_column(uniques)["revops_employees"].to_numpy(dtype=float)
        employees = np.append(numbers, np.nan)[codes]
        employee_codes = _recode(codes, list(numbers))
    company = (missing, empty)
    if named_keys and "revops_company_key" in frame.columns:  # `revops leads clean` wrote it
        codes, uniques = _distinct(frame["revops_company_key"])
        company = _recode(codes, [u if u in named_keys else None for u in uniques])
    elif named_keys and (raw := column("company")) is not None:
        codes, uniques = _distinct(raw)
        company = _recode(codes, _named_company_keys(uniques, named_keys))
    return _Leads({"country": country, "state": state, "sector": sector, "company": company,
                   "employees": employee_codes}, employees)


def _scores(frame: pd.DataFrame, mapping: ColumnMapping) -> tuple[np.ndarray, np.ndarray]:
    """(score as float, True where the score cell was blank); a cell that is not a number is an error."""
    if "revops_score" in frame.columns:
        raw, label = frame["revops_score"], "revops_score"
    elif mapping.get("score") is not None and mapping.get("score") in frame.columns:
        raw = frame[mapping.get("score")]
        label = str(mapping.get("score"))
    else:
        raise RevopsInputError(
            "the leads file has no score: run `revops leads score` first, or map a score column with "
            "--map score=HEADER."
        )
    if pd.api.types.is_numeric_dtype(raw.dtype) and not pd.api.types.is_bool_dtype(raw.dtype):
        values = raw.to_numpy(dtype=float, na_value=np.nan)
        blank = np.isnan(values)
        return np.where(blank, 0.0, values), blank
    codes, uniques = _distinct(raw)
    text = uniques.astype("str").str.strip().str.replace(",", "", regex=False)
    parsed = pd.to_numeric(text.where(text.ne("")), errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    bad_unique = text.ne("").to_numpy(dtype=bool) & np.isnan(parsed)
    bad = np.append(bad_unique, False)[codes]
    if bad.any():
        position = int(np.flatnonzero(bad)[0])
        more = int(bad.sum()) - 1
        raise RevopsInputError(
            f"row {position + 2}: score {raw.iloc[position]!r} in column {label!r} is not a number"
            f"{f' ({more} more rows like it)' if more else ''}; fix it, or run `revops leads score` to score "
            "the leads."
        )
    values = np.append(parsed, np.nan)[codes]
    blank = np.isnan(values)
    return np.where(blank, 0.0, values), blank


def _bands(frame: pd.DataFrame, score: np.ndarray, config: RevopsConfig) -> tuple[np.ndarray, np.ndarray]:
    """(band code per row, band names): ``revops_band`` where given, else from ``scoring.bands``."""
    bands = config.scoring.bands  # highest first, the last starts at 0
    mins = np.array([b.min for b in bands][::-1], dtype=float)
    names = [b.name for b in bands][::-1]
    computed = np.clip(np.searchsorted(mins, score, side="right") - 1, 0, len(mins) - 1).astype(np.int64)
    if "revops_band" not in frame.columns:
        return computed, np.array(names, dtype=object)
    codes, uniques = _distinct(frame["revops_band"])
    given = [" ".join(str(u).split()) or None for u in uniques]
    all_names = list(names)
    for name in given:
        if name is not None and name not in all_names:
            all_names.append(name)
    lut = np.array([all_names.index(g) if g is not None else -1 for g in given] + [-1], dtype=np.int64)
    mapped = lut[codes]
    return np.where(mapped >= 0, mapped, computed), np.array(all_names, dtype=object)


def score_tiers(score: np.ndarray, tiers: Sequence[RoutingTier]) -> np.ndarray:
    """Row of ``routing.tiers`` (highest first) each score falls in."""
    mins = np.array([t.min_score for t in tiers][::-1], dtype=float)
    ascending = np.clip(np.searchsorted(mins, score, side="right") - 1, 0, len(mins) - 1)
    return (len(tiers) - 1 - ascending).astype(np.int64)


def role_key(role: Any) -> str:
    """A role as compared: spacing and case ignored ("Senior  AE" == "senior ae")."""
    return " ".join(str(role).split()).casefold()


def _combine(*codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(code per row of the combination of the given integer arrays, first row of each combination)."""
    combined = np.zeros(len(codes[0]), dtype=np.int64)
    for part in codes:
        part = np.asarray(part, dtype=np.int64)
        if len(part):
            part = part - part.min()
        combined = combined * (int(part.max(initial=0)) + 1) + part
        combined = np.asarray(pd.factorize(combined)[0], dtype=np.int64)
    first = np.full(int(combined.max(initial=-1)) + 1, -1, dtype=np.int64)
    first[combined[::-1]] = np.arange(len(combined) - 1, -1, -1)
    return combined, first


def _names_list(items: Sequence[str]) -> str:
    shown = list(items[:NAMED_IN_REASON])
    more = len(items) - len(shown)
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


def _number_text(value: Any) -> str:
    if _missing(value):
        return "-"
    value = float(value)
    return str(int(value)) if value.is_integer() else f"{value:g}"


def _missing(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _json_number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else float(value)


_FREQUENCIES = {"daily": 1, "weekly": 7, "biweekly": 14, "fortnightly": 14, "monthly": 30, "quarterly": 91}


def frequency_days(text: str) -> int | None:
    """A nurture track's frequency as days between touches: "Daily" 1, "2x week" 3, "Weekly" 7,
    "Monthly" 30, "every 10 days" 10; None when it cannot be read (the track then ends with its sequence)."""
    folded = " ".join(str(text).lower().replace("×", "x").split())
    if folded in _FREQUENCIES:
        return _FREQUENCIES[folded]
    match = re.fullmatch(r"(\d+)\s*(?:x|times)\s*(?:a|per|/)?\s*(day|week|month)", folded)
    if match and int(match.group(1)) > 0:
        span = {"day": 1, "week": 7, "month": 30}[match.group(2)]
        return max(1, span // int(match.group(1)))  # at least as often as asked
    match = re.fullmatch(r"every\s+(\d+)\s+days?", folded)
    return int(match.group(1)) if match and int(match.group(1)) > 0 else None


class _Router:
    """One routing run: lead arrays in, output columns and the new state out."""

    def __init__(self, frame: pd.DataFrame, mapping: ColumnMapping, config: RevopsConfig, roster: Roster,
                 territories: list[Territory] | None, state: RouteState, now: pd.Timestamp, reassign: bool) -> None:
        self.frame = frame
        self.mapping = mapping
        self.config = config
        self.roster = roster
        self.reps = roster.reps
        self.state = state.copy()
        moment = pd.Timestamp(now)
        if moment.tzinfo is None:
            moment = moment.tz_localize(config.general.timezone)
        self.now = moment.tz_convert("UTC")
        self.reassign = reassign
        self.n = len(frame)
        self.tiers = list(config.routing.tiers)
        self.warnings = list(roster.warnings)
        self.territories_from = "file"
        if territories is None:
            territories = territories_from_roster(roster)
            self.territories_from = "roster"
        self.territories = list(territories)
        self.checks_enabled = list(config.routing.territory_order)
        self._outcome_texts: list[str] = []
        self._outcome_ids: dict[str, int] = {}

    def _outcome(self, text: str) -> int:
        """Code of an outcome text ("; round robin ...", " → escalated to ..."), shared by many leads."""
        if text not in self._outcome_ids:
            self._outcome_ids[text] = len(self._outcome_texts)
            self._outcome_texts.append(text)
        return self._outcome_ids[text]

    # ---------------------------------------------------------------- reps

    def _rep_status(self) -> None:
        """Per rep: role, territories, and availability at ``now``."""
        reps, config = self.reps, self.config
        m = len(reps)
        out_ns = reps["out_until"].to_numpy(dtype="datetime64[ns]").astype(np.int64)
        self.away = (out_ns != _NAT) & (out_ns > self.now.value)
        self.active = reps["active"].to_numpy(dtype=bool)
        self.role_keys = [role_key(r) for r in reps["role"]]
        weights = reps["weight"].to_numpy(dtype=float)
        if config.routing.round_robin == "even":
            weights = np.where(weights > 0, 1.0, 0.0)
        self.weights = weights
        self.capacity = reps["capacity"].to_numpy(dtype=float)
        self.off_hours = np.zeros(m, dtype=bool)
        if config.routing.skip_outside_working_hours:
            bh = config.business_hours
            workdays = {("mon", "tue", "wed", "thu", "fri", "sat", "sun").index(d) for d in bh.workdays}
            for i in range(m):
                local = self.now.tz_convert(self._rep_zone(i))
                start, end = self._rep_hours(i)
                clock = local.time().replace(tzinfo=None)
                self.off_hours[i] = not (local.weekday() in workdays and start <= clock < end)
        by_key = {t.key: i for i, t in enumerate(self.territories)}
        self.rep_territories: list[list[int]] = []
        self.fallback = np.zeros(m, dtype=bool)
        unknown = []
        for i, names in enumerate(reps["territories"]):
            members = []
            for name in names:
                key = _fold(name)
                if key in by_key:
                    members.append(by_key[key])
                elif key in FALLBACK_TERRITORY_NAMES:
                    self.fallback[i] = True
                else:
                    unknown.append(f"{reps['name'].iloc[i]} ({name})")
            self.rep_territories.append(members)
        if unknown:
            self.warnings.append(f"{self.roster.source}: the territory of {_names_list(unknown)} is in no territory "
                                 "rule, so they get no round-robin leads; add it to the territory file or fix the "
                                 "name.")
        self.escalation_role_keys = {role_key(r) for r in config.routing.escalation_roles}

    def _rep_zone(self, i: int) -> str:
        zone = self.reps["timezone"].iloc[i]
        return zone if isinstance(zone, str) and zone else self.config.business_timezone

    def _rep_hours(self, i: int) -> tuple[dt.time, dt.time]:
        hours = self.reps["hours"].iloc[i]
        return hours if isinstance(hours, tuple) else (self.config.business_hours.start, self.config.business_hours.end)

    def _tier_members(self, tier: RoutingTier) -> np.ndarray:
        keys = {role_key(r) for r in tier.roles}
        return np.array([k in keys for k in self.role_keys], dtype=bool)

    def _status_text(self, i: int, remaining: float) -> str | None:
        """Why rep ``i`` cannot take a round-robin lead now (short), or None when they can."""
        if not self.active[i]:
            return "inactive"
        if self.away[i]:
            return f"out of office until {self.reps['out_text'].iloc[i]}"
        if self.off_hours[i]:
            start, end = self._rep_hours(i)
            return f"outside working hours {start:%H:%M}-{end:%H:%M} {self._rep_zone(i)}"
        if self.weights[i] <= 0:
            return "weight 0"
        if remaining < 1:
            return f"at capacity {_number_text(self.load[i])}/{_number_text(self.capacity[i])}"
        return None

    # ---------------------------------------------------------------- territory

    def _checks(self) -> list[tuple[int, str]]:
        """Ordered (territory index, 'named' | 'criteria') checks, per ``routing.territory_order``.

        Named accounts go first unless ``named_account`` is listed after every other check.
        """
        enabled = self.checks_enabled
        named = [(i, "named") for i, t in enumerate(self.territories) if t.named_accounts] \
            if "named_account" in enabled else []
        criteria = [(i, "criteria") for i in range(len(self.territories))]
        others = [enabled.index(c) for c in ("geography", "industry", "company_size") if c in enabled]
        named_first = "named_account" in enabled and (not others or enabled.index("named_account") < max(others))
        return named + criteria if named_first else criteria + named

    def _check_mask(self, territory: Territory, kind: str, rows: np.ndarray, leads: _Leads) -> np.ndarray:
        if kind == "named":
            return leads.member("company", [key for key, _ in territory.named_accounts], rows)
        if territory.is_catch_all:
            return np.ones(len(rows), dtype=bool)
        criteria = territory.criteria(self.checks_enabled)
        if not criteria:
            return np.zeros(len(rows), dtype=bool)
        mask = np.ones(len(rows), dtype=bool)
        for criterion in criteria:
            if criterion == "country":
                mask &= leads.member("country", territory.countries, rows)
            elif criterion == "state":
                mask &= leads.member("state", territory.states, rows)
            elif criterion == "industry":
                mask &= leads.member("sector", territory.industries, rows)
            else:
                mask &= _size_tier(territory, leads.employees[rows]) >= 0
        return mask

    def _assign_territories(self, leads: _Leads, needs: np.ndarray, tier_of: np.ndarray,
                            staffed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(first matching check, first matching check staffed for the lead's tier) per lead, -1 for none.

        Only leads still undecided are tested against each next check.
        """
        first_any = np.full(self.n, -1, dtype=np.int64)
        first_staffed = np.full(self.n, -1, dtype=np.int64)
        pending = np.arange(self.n)
        for index, (t, kind) in enumerate(self.checks):
            if not len(pending):
                break
            hit = self._check_mask(self.territories[t], kind, pending, leads)
            rows = pending[hit]
            if not len(rows):
                continue
            first_any[rows[first_any[rows] < 0]] = index
            ok = staffed[t, tier_of[rows]] & needs[rows] & (first_staffed[rows] < 0)
            first_staffed[rows[ok]] = index
            done = (first_any[pending] >= 0) & ((first_staffed[pending] >= 0) | ~needs[pending])
            pending = pending[~done]
        return first_any, first_staffed

    def _by_text(self, check: int, country: Any, state: Any, sector: Any, employees: Any, company: Any) -> str:
        """'territory US West by state CA' (or 'no territory matches (...)') for one distinct combination."""
        if check < 0:
            size = f"{_number_text(employees)} employees" if not _missing(employees) else "employees -"
            return (f"no territory matches (country {country or '-'}, state {state or '-'}, "
                    f"industry {sector or '-'}, {size})")
        t, kind = self.checks[check]
        territory = self.territories[t]
        if kind == "named":
            spelling = dict(territory.named_accounts).get(company, company)
            return f"territory {territory.name} by named account {spelling}"
        if territory.is_catch_all:
            return f"territory {territory.name} (catch-all)"
        criteria = territory.criteria(self.checks_enabled)
        parts = []
        for criterion in criteria:
            if criterion == "state":
                parts.append(f"state {state}")
            elif criterion == "country" and "state" not in criteria:
                parts.append(f"country {country}")
            elif criterion == "industry":
                parts.append(f"industry {sector}")
            elif criterion == "size":
                hit = _size_tier(territory, np.array([employees], dtype=float))[0]
                label = territory.size_tiers[hit][2] if hit >= 0 else "?"
                parts.append(f"size {label} ({_number_text(employees)} employees)")
        return f"territory {territory.name} by " + " and ".join(parts)

    # ---------------------------------------------------------------- run

    def run(self) -> RouteResult:
        n, reps, config = self.n, self.reps, self.config
        m = len(reps)
        self._rep_status()
        self.checks = self._checks()
        score, blank_score = _scores(self.frame, self.mapping)
        band_code, band_names = _bands(self.frame, score, config)
        tier_of = score_tiers(score, self.tiers)
        has_roles = np.array([bool(t.roles) for t in self.tiers], dtype=bool)

        # 2. kept owners
        owner_pos = np.full(n, -1, dtype=np.int64)
        owner_column = self.mapping.get("owner")
        if owner_column is not None and owner_column in self.frame.columns:
            owner_pos = self.roster.owner_positions(self.frame[owner_column])
        rep_ok = np.append(self.active & ~self.away, False)
        kept = np.zeros(n, dtype=bool)
        if config.routing.keep_active_owner and not self.reassign:
            kept = rep_ok[owner_pos]  # position -1 takes the trailing False
        self.load = reps["load"].to_numpy(dtype=float).copy()
        if self.roster.load_from == "input":
            # leads of this input that leave their owner no longer count against them
            leaving = owner_pos[(owner_pos >= 0) & ~kept]
            self.load = np.maximum(self.load - np.bincount(leaving, minlength=m), 0.0)
        base_load = self.load.copy()

        # 3. territories
        named_keys = {key for t, kind in self.checks if kind == "named"
                      for key, _ in self.territories[t].named_accounts}
        leads = _lead_features(self.frame, self.mapping, config, named_keys)
        members = np.array([self._tier_members(t) for t in self.tiers]).reshape(len(self.tiers), m)
        staffed = np.zeros((len(self.territories), len(self.tiers)), dtype=bool)
        for i in np.flatnonzero(self.active):
            for t in self.rep_territories[i]:
                staffed[t] |= members[:, i]
        needs = has_roles[tier_of] & ~kept
        first_any, first_staffed = self._assign_territories(leads, needs, tier_of, staffed)
        check_territory = np.array([t for t, _ in self.checks] + [-1], dtype=np.int64)
        territory_of = np.where(first_staffed >= 0, check_territory[first_staffed], check_territory[first_any])
        reason_check = np.where(first_staffed >= 0, first_staffed, first_any)
        gap = needs & (first_staffed < 0) & (first_any >= 0)

        # 4. round robin, pool by pool (a pool = territory x tier; -2 = the fallback pool)
        marketing, escalation_text = m, m + 1  # owner codes of the two text owners
        owner = np.where(kept, owner_pos, -1)
        owner[~has_roles[tier_of] & ~kept] = marketing
        outcome = np.full(n, -1, dtype=np.int64)
        escalated = np.zeros(n, dtype=bool)
        kind = np.zeros(n, dtype=np.int64)  # escalation kind: 0 none, 1 no match, 2 unstaffed, 3 no eligible rep
        fallback_staffed = (members & (self.fallback & self.active)).any(axis=1)
        in_fallback = needs & (first_staffed < 0) & fallback_staffed[tier_of]
        pooled = needs & ((first_staffed >= 0) | in_fallback)
        pool_territory = np.where(first_staffed >= 0, check_territory[first_staffed], -2)
        assigned = np.zeros(m, dtype=np.int64)
        routed_rows = np.flatnonzero(pooled)
        if len(routed_rows):
            pool_codes, pool_first = _combine(pool_territory[routed_rows], tier_of[routed_rows])
            order = np.argsort(pool_codes, kind="stable")
            bounds = np.searchsorted(pool_codes[order], np.arange(len(pool_first) + 1))
            for pool in np.argsort(pool_first, kind="stable"):  # in order of each pool's first lead
                rows = routed_rows[order[bounds[pool]:bounds[pool + 1]]]
                picks = self._round_robin(rows, int(pool_territory[rows[0]]), int(tier_of[rows[0]]), members,
                                          outcome)
                owner[rows[:len(picks)]] = picks
                assigned += np.bincount(picks, minlength=m)
                left = rows[len(picks):]
                escalated[left] = True
                kind[left] = 3

        # 5. escalations
        unpooled = needs & ~pooled
        escalated |= unpooled
        kind[unpooled] = np.where(first_any[unpooled] < 0, 1, 2)
        escalation_code = np.full(n, -1, dtype=np.int64)
        if escalated.any():
            targets = self._escalation_targets()
            rows = np.flatnonzero(escalated)
            target = targets[territory_of[rows] + 1]
            owner[rows] = np.where(target >= 0, target, escalation_text)
            got = np.bincount(target[target >= 0], minlength=m)
            assigned += got
            self.load += got
            for i in np.unique(target):
                name = config.routing.escalation_owner if i < 0 else f"{reps['name'].iloc[i]} ({reps['role'].iloc[i]})"
                escalation_code[rows[target == i]] = self._outcome(f" → escalated to {name}")

        # 6. SLA clock and due date
        sla = np.array([t.sla_minutes if t.sla_minutes is not None else np.nan for t in self.tiers], dtype=float)
        minutes = sla[tier_of]
        created = self._timestamps("created_at")
        assigned_at = self._timestamps("assigned_at")
        now_ns = self.now.value
        kept_start = np.where(assigned_at != _NAT, assigned_at, np.where(created != _NAT, created, now_ns))
        routed_start = np.maximum(np.where(created != _NAT, created, now_ns), now_ns)
        start = np.where(kept, kept_start, routed_start)
        wall_bands = set(config.sla.wall_clock_bands)
        wall = np.array([name in wall_bands for name in band_names], dtype=bool)[band_code]
        due_codes, due_texts = self._due(start, minutes, wall, owner)

        # 7. nurture
        track_code, step_code, step_names, touch_codes, touch_texts = self._nurture(score, created)

        # the columns
        out = self.frame.copy()
        tracks = config.nurture.tracks
        owner_names = [*reps["name"], config.lifecycle.marketing_queue, config.routing.escalation_owner]
        owner_ids = [*reps["rep_id"], None, None]
        reason_codes, reason_texts = self._reasons(score, blank_score, band_code, band_names, tier_of, kept, owner_pos,
                                                   reason_check, gap, outcome, escalation_code, leads, track_code)
        columns = {
            "revops_queue": _str_column(tier_of, [t.queue for t in self.tiers]),
            "revops_territory": _str_column(territory_of, [t.name for t in self.territories]),
            "revops_owner": _str_column(owner, owner_names),
            "revops_owner_id": _str_column(owner, owner_ids),
            "revops_alert": _str_column(tier_of, [t.alert for t in self.tiers]),
            "revops_sla_minutes": pd.Series(pd.array(pd.Series(minutes).round(), dtype="Int64")),
            "revops_due_at": _str_column(due_codes, due_texts),
            "revops_nurture_track": _str_column(track_code, [t.name for t in tracks]),
            "revops_next_touch": _str_column(step_code, step_names),
            "revops_next_touch_at": _str_column(touch_codes, touch_texts),
            "revops_route_reason": _str_column(reason_codes, reason_texts),
        }
        for name, values in columns.items():
            out[name] = values.set_axis(out.index)

        # the figures
        queue_counts = np.bincount(tier_of, minlength=len(self.tiers))
        by_queue = {t.queue: int(c) for t, c in zip(self.tiers, queue_counts)}
        territory_counts = np.bincount(territory_of + 1, minlength=len(self.territories) + 1)
        by_territory = {t.name: int(c) for t, c in zip(self.territories, territory_counts[1:]) if c}
        if territory_counts[0]:
            by_territory["(none)"] = int(territory_counts[0])
        kind_counts = np.bincount(kind, minlength=4)
        escalation_reasons = {key: int(kind_counts[k]) for k, key in ((1, NO_TERRITORY), (2, UNSTAFFED),
                                                                       (3, NO_ELIGIBLE)) if kind_counts[k]}
        by_rep = [{
            "rep": reps["name"].iloc[i], "rep_id": reps["rep_id"].iloc[i], "role": reps["role"].iloc[i],
            "territory": reps["territory"].iloc[i], "assigned": int(assigned[i]),
            "load": _json_number(base_load[i] + assigned[i]),
            "capacity": None if math.isnan(self.capacity[i]) else _json_number(self.capacity[i]),
            "status": self._status_text(i, math.inf) or "available",
        } for i in range(m)]
        track_counts = np.bincount(track_code[track_code >= 0], minlength=len(tracks))
        nurture = {t.name: int(c) for t, c in zip(tracks, track_counts)}
        return RouteResult(
            frame=out, state=self.state, by_queue=by_queue, by_rep=by_rep, escalations=int(escalated.sum()),
            escalation_reasons=escalation_reasons, kept_owner=int(kept.sum()), kept=np.asarray(kept, dtype=bool), nurture=nurture,
            by_territory=by_territory, territories_from=self.territories_from, warnings=self.warnings,
        )

    def _round_robin(self, rows: np.ndarray, t: int, k: int, members: np.ndarray, outcome: np.ndarray) -> np.ndarray:
        """Assign the pool's leads (``rows``, file order) by weighted fair queuing; return the reps picked.

        The first ``len(picks)`` rows get a rep; the rest (capacity ran out, or
        nobody is eligible) are left for escalation with the reason why.
        """
        reps, m = self.reps, len(self.reps)
        tier = self.tiers[k]
        if t >= 0:
            in_pool = np.array([t in self.rep_territories[i] for i in range(m)], dtype=bool) & members[k]
            key, prefix = f"{self.territories[t].name}|{tier.queue}", "; "
        else:
            in_pool = self.fallback & members[k]
            key, prefix = f"{FALLBACK_POOL}|{tier.queue}", "; fallback pool: "
        candidates = np.flatnonzero(in_pool)
        remaining = np.where(np.isnan(self.capacity), np.inf, self.capacity - self.load)
        why_not = {int(i): self._status_text(int(i), remaining[i]) for i in candidates}
        eligible = np.array([i for i in candidates if why_not[int(i)] is None], dtype=np.int64)
        picks = np.empty(0, dtype=np.int64)
        if len(eligible):
            counts = self._pool_counts(key, eligible, candidates)
            slots = np.where(np.isinf(remaining[eligible]), len(rows),
                             np.floor(remaining[eligible] + 1e-9)).astype(np.int64)
            chosen = weighted_fair_order(counts, self.weights[eligible], slots, len(rows))
            picks = eligible[chosen]
            got = np.bincount(chosen, minlength=len(eligible))
            pool_state = self.state.pools.setdefault(key, {})
            for j, i in enumerate(eligible):
                pool_state[str(reps["rep_id"].iloc[i])] = float(counts[j] + got[j])
            self.load += np.bincount(picks, minlength=m)
            skipped = [f"{reps['name'].iloc[i]} {why}" for i, why in why_not.items() if why]
            extra = f"; skipped {_names_list(skipped)}" if skipped else ""
            head = rows[:len(picks)]
            for j, i in enumerate(eligible):
                if got[j]:
                    outcome[head[chosen == j]] = self._outcome(
                        f"{prefix}round robin {reps['name'].iloc[i]} ({j + 1} of {len(eligible)}{extra})")
        left = rows[len(picks):]
        if len(left):
            remaining = np.where(np.isnan(self.capacity), np.inf, self.capacity - self.load)
            why = [f"{reps['name'].iloc[i]} {self._status_text(int(i), remaining[i]) or 'has no room'}"
                   for i in candidates]
            outcome[left] = self._outcome(f"; no eligible rep ({_names_list(why)})")
        return picks

    def _pool_counts(self, key: str, eligible: np.ndarray, members: np.ndarray) -> np.ndarray:
        """Each eligible rep's running count in the pool, with newcomers and returning reps brought level.

        A rep new to the pool starts at the lowest normalised count among its
        eligible reps (``w_new * min(c_j / w_j)``), so a newcomer does not get
        a flood. A rep back from leave (out of office, at capacity, off hours)
        rejoins at the pool's current virtual time: their next slot is no
        earlier than the latest slot anyone has had, so they do not get every
        lead they missed either. A fair rotation never triggers either rule,
        so one run of 10 leads and two runs of 5 assign the same.
        """
        pool = self.state.pools.get(key, {})
        ids = [str(self.reps["rep_id"].iloc[i]) for i in eligible]
        weights = self.weights[eligible]
        known = np.array([rep in pool for rep in ids], dtype=bool)
        counts = np.array([pool.get(rep, 0.0) for rep in ids], dtype=float)
        member_norms = [pool[str(self.reps["rep_id"].iloc[i])] / self.weights[i] for i in members
                        if str(self.reps["rep_id"].iloc[i]) in pool and self.weights[i] > 0]
        if not known.all():
            norms = counts[known] / weights[known]
            floor = norms.min() if len(norms) else (min(member_norms) if member_norms else 0.0)
            counts[~known] = weights[~known] * floor
        if member_norms:
            virtual = max(member_norms)
            behind = (counts + 1) / weights < virtual - 1e-9
            counts[behind] = weights[behind] * virtual - 1
        return counts

    def _escalation_targets(self) -> np.ndarray:
        """Per territory index + 1 (0 = no territory): the escalation rep's position, -1 = the text owner.

        The territory's escalation-role rep (active, not out of office), else
        the first such rep on the roster.
        """
        managers = np.array([k in self.escalation_role_keys for k in self.role_keys], dtype=bool)
        managers &= self.active & ~self.away
        anyone = int(np.flatnonzero(managers)[0]) if managers.any() else -1
        targets = np.full(len(self.territories) + 1, anyone, dtype=np.int64)
        for i in np.flatnonzero(managers)[::-1]:  # reversed: the first in roster order wins
            for t in self.rep_territories[int(i)]:
                targets[t + 1] = int(i)
        return targets

    def _timestamps(self, canonical: str) -> np.ndarray:
        """UTC ns of a timestamp column (no offset = general.timezone), NaT where blank or unparsable."""
        column = self.mapping.get(canonical)
        if column is None or column not in self.frame.columns:
            return np.full(self.n, _NAT, dtype=np.int64)
        codes, uniques = _distinct(self.frame[column])
        parsed = normalize_timestamp_column(uniques, timezone=self.config.general.timezone)["revops_parsed"]
        values = pd.DatetimeIndex(parsed).tz_convert("UTC").as_unit("ns").asi8
        return np.append(values, _NAT)[codes]

    def _due(self, start: np.ndarray, minutes: np.ndarray, wall: np.ndarray,
             owner: np.ndarray) -> tuple[np.ndarray, list[str | None]]:
        """(code per row, ISO texts) of the due date: wall-clock or the owner's business calendar."""
        config = self.config
        due = np.full(self.n, _NAT, dtype=np.int64)
        has_sla = ~np.isnan(minutes)
        if not config.routing.business_hours_deadlines:
            wall = np.ones(self.n, dtype=bool)
        rows = np.flatnonzero(has_sla & wall)
        if len(rows):
            due[rows] = _ns(add_wall_minutes(_utc_series(start[rows]), minutes[rows]))
        rows = np.flatnonzero(has_sla & ~wall)
        if len(rows):
            default = WorkCalendar.from_config(config)
            calendars = np.array([*self.reps["calendar"], default, default], dtype=object)  # + the two text owners
            starts = _utc_series(start[rows])
            per_row = pd.Series(calendars[np.where(owner[rows] >= 0, owner[rows], len(self.reps))],
                                index=starts.index, dtype=object)
            working = sla_business_minutes(minutes[rows], per_row,
                                           days_are_working_days=config.sla.day_slas_in_working_days)
            due[rows] = _ns(add_business_minutes(starts, working, per_row))
        codes, uniques = pd.factorize(due)
        uniques = np.asarray(uniques, dtype=np.int64)
        texts = list(_iso_strings(uniques, config.general.timezone))
        return np.asarray(codes, dtype=np.int64), texts

    def _nurture(self, score: np.ndarray, created: np.ndarray):
        """Track code per row, next-step code per row (+ names), next-touch date code per row (+ texts)."""
        return nurture_plan(self.config, score, created, self.now.value)

    def _reasons(self, score, blank_score, band_code, band_names, tier_of, kept, owner_pos, reason_check, gap,
                 outcome, escalation_code, leads: _Leads, track_code) -> tuple[np.ndarray, np.ndarray]:
        """(code per row, texts): the route reason, built once per distinct combination of its parts."""
        has_roles = np.array([bool(t.roles) for t in self.tiers], dtype=bool)
        kind = np.where(kept, 0, np.where(has_roles[tier_of], 1, 2))  # kept / routed / nurture
        routed = kind == 1
        score_codes, score_uniques = pd.factorize(np.where(blank_score, np.nan, score), use_na_sentinel=True)
        check = np.where(routed, reason_check, -2)
        uses: dict[str, list[int]] = {name: [] for name in ("country", "state", "sector", "employees", "company")}
        for index, (t, check_kind) in enumerate(self.checks):
            territory = self.territories[t]
            if check_kind == "named":
                uses["company"].append(index)
                continue
            criteria = [] if territory.is_catch_all else territory.criteria(self.checks_enabled)
            for criterion, name in (("country", "country"), ("state", "state"), ("industry", "sector"),
                                    ("size", "employees")):
                if criterion in criteria:
                    uses[name].append(index)
        feature_codes, feature_values = [], []
        for name in ("country", "state", "sector", "employees", "company"):
            codes, uniques = leads.coded[name]
            relevant = np.isin(check, uses[name] + ([-1] if name != "company" else []))
            feature_codes.append(np.where(routed & relevant, codes, -1))
            feature_values.append(uniques)
        kept_owner = np.where(kept, owner_pos, -1)
        combo, first = _combine(kind, score_codes, band_code, tier_of, check, gap.astype(np.int64), outcome,
                                escalation_code, np.where(kind == 2, track_code, -1), kept_owner, *feature_codes)
        names = self.reps["name"].to_numpy(dtype=object)
        tracks = self.config.nurture.tracks
        texts = np.empty(len(first), dtype=object)
        for c, row in enumerate(first):
            score_text = "(no score)" if score_codes[row] < 0 else _number_text(score_uniques[score_codes[row]])
            head = f"{band_names[band_code[row]]} {score_text} → "
            if kind[row] == 0:
                texts[c] = head + f"kept owner {names[kept_owner[row]]} (active rep)"
            elif kind[row] == 2:
                track = tracks[track_code[row]] if track_code[row] >= 0 else None
                texts[c] = head + (f"nurture ({track.name}, {track.frequency.lower()})" if track else "nurture")
            else:
                label = self.tiers[tier_of[row]].roles[0]
                features = [None if codes[row] < 0 else values[codes[row]]
                            for codes, values in zip(feature_codes, feature_values)]
                text = head + f"{label}; " + self._by_text(int(check[row]), *features)
                if gap[row]:
                    text += f"; no {label} in any matching territory"
                if outcome[row] >= 0:
                    text += self._outcome_texts[outcome[row]]
                if escalation_code[row] >= 0:
                    text += self._outcome_texts[escalation_code[row]]
                texts[c] = text
        return combo, texts


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


def _utc_series(ns: np.ndarray) -> pd.Series:
    return pd.Series(ns.view("datetime64[ns]")).dt.tz_localize("UTC")


def _ns(values: pd.Series) -> np.ndarray:
    return pd.DatetimeIndex(values).tz_convert("UTC").as_unit("ns").asi8


def _local_days(utc_ns: np.ndarray, zone: str) -> np.ndarray:
    """Local calendar day (days since 1970-01-01) of each UTC instant in ``zone``."""
    local = pd.DatetimeIndex(utc_ns.view("datetime64[ns]")).tz_localize("UTC").tz_convert(zone).tz_localize(None)
    return local.asi8 // _DAY_NS


def _iso_strings(utc_ns: np.ndarray, zone: str) -> np.ndarray:
    """ISO 8601 with offset in ``zone`` (``2026-11-20T09:05:00-05:00``); None for NaT."""
    out = np.full(len(utc_ns), None, dtype=object)
    ok = utc_ns != _NAT
    if not ok.any():
        return out
    utc = utc_ns[ok]
    wall = pd.DatetimeIndex(utc.view("datetime64[ns]")).tz_localize("UTC").tz_convert(zone).tz_localize(None).asi8
    offset = (wall - utc) // (60 * _NS)
    base = np.datetime_as_string(wall.view("datetime64[ns]").astype("datetime64[s]"), unit="s")
    signs = np.where(offset >= 0, "+", "-")
    hours = np.char.zfill((np.abs(offset) // 60).astype(str), 2)
    mins = np.char.zfill((np.abs(offset) % 60).astype(str), 2)
    out[ok] = np.char.add(np.char.add(np.char.add(np.char.add(base, signs), hours), ":"), mins).astype(object)
    return out


def nurture_plan(config: RevopsConfig, score: np.ndarray, created: np.ndarray, now_ns: int):
    """The nurture step for leads with ``score`` that entered nurture at ``created`` (UTC ns; NaT = now).

    Returns (track code per row (-1 none), next-step code per row, step names, next-touch date code per
    row, date texts): the ``nurture.tracks`` row holding the score, then the first step of
    ``nurture.sequence`` due on or after today, then the track's own cadence once the sequence is done.
    """
    n = len(score)
    track = np.full(n, -1, dtype=np.int64)
    for index in range(len(config.nurture.tracks) - 1, -1, -1):  # earlier rows win where ranges overlap
        t = config.nurture.tracks[index]
        track[(score >= t.min_score) & (score <= t.max_score)] = index
    steps = sorted(config.nurture.sequence, key=lambda s: s.day)
    # After the sequence the track's own cadence goes on ("Awareness, monthly newsletter").
    names = [s.step for s in steps] + [f"{t.content.lower()} ({t.frequency.lower()})"
                                       for t in config.nurture.tracks] + ["sequence complete"]
    period = np.array([frequency_days(t.frequency) or 0 for t in config.nurture.tracks] + [0], dtype=np.int64)
    step = np.full(n, -1, dtype=np.int64)
    touch = np.full(n, -1, dtype=np.int64)
    has = track >= 0
    if not steps or not has.any():
        return track, step, names, touch, []
    zone = config.general.timezone
    now_day = _local_days(np.array([now_ns], dtype=np.int64), zone)[0]
    entry_codes, entry_uniques = pd.factorize(np.where(created != _NAT, created, now_ns))
    entry_day = _local_days(np.asarray(entry_uniques, dtype=np.int64), zone)[entry_codes]
    days = np.array([s.day for s in steps], dtype=np.int64)
    position = np.searchsorted(days, now_day - entry_day, side="left")  # first step with entry + day >= today
    due_day = np.where(position < len(days), entry_day + days[np.minimum(position, len(days) - 1)], -1)
    done = position >= len(days)
    every = period[track]
    cadence = done & (every > 0)
    last = entry_day + days[-1]
    due_day = np.where(cadence, last + -(-(now_day - last) // np.maximum(every, 1)) * every, due_day)
    position = np.where(cadence, len(days) + track, np.where(done, len(names) - 1, position))
    step[has] = position[has]
    day_codes, day_uniques = pd.factorize(due_day)
    day_uniques = np.asarray(day_uniques, dtype=np.int64)
    texts = [None if d < 0 else str(np.datetime64(int(d), "D")) for d in day_uniques]
    touch[has] = np.asarray(day_codes, dtype=np.int64)[has]
    return track, step, names, touch, texts


def route_with_roster(
    frame: pd.DataFrame,
    mapping: ColumnMapping,
    config: RevopsConfig,
    reps: MappedFrame,
    territories: MappedFrame | None,
    *,
    state: RouteState,
    now: pd.Timestamp,
    reassign: bool = False,
) -> RouteResult:
    """:func:`route_leads` from the roster and territory exports as read: the roster's load counts the
    leads of ``frame`` each rep already owns, and without a territory export territories come from the
    roster's region names."""
    roster = load_roster(reps.frame, reps.mapping, config, now=now, leads=frame, lead_mapping=mapping,
                         source=reps.source)
    territory_list = None
    if territories is not None:
        territory_list = load_territories(territories.frame, territories.mapping, source=territories.source)
    return route_leads(frame, mapping, config, roster, territory_list, state=state, now=now, reassign=reassign)


def route_leads(
    frame: pd.DataFrame,
    mapping: ColumnMapping,
    config: RevopsConfig,
    roster: Roster,
    territories: list[Territory] | None,
    *,
    state: RouteState,
    now: pd.Timestamp,
    reassign: bool = False,
) -> RouteResult:
    """Route scored leads to a queue, territory and rep, with alert, SLA deadline, nurture track and reason.

    ``frame`` carries ``revops_score`` (and usually ``revops_band``) from
    ``revops leads score``, else a score column mapped as ``score``.
    ``territories`` None derives them from the roster's region names.
    ``state`` is the round-robin state; the advanced copy is in the result
    (``state`` itself is not changed). ``reassign`` routes leads already
    owned by an active rep too. Adds :data:`ROUTE_COLUMNS` after the
    original columns (in place when an earlier run added them). Never reads
    or writes files.
    """
    index = frame.index
    work = frame.reset_index(drop=True)
    result = _Router(work, mapping, config, roster, territories, state, now, reassign).run()
    result.frame.index = index
    return result

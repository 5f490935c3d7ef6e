"""The rep roster for lead routing: the Lead Management SOP's "4. Lead Routing" (who can be assigned).

:func:`load_roster` validates a rep roster (``reps.csv``, a CRM user export) into a :class:`Roster`: one row per
rep with role, territories, weight, capacity, load, active flag, out-of-office date, time zone, working hours and
holiday country. Every problem is a :class:`RevopsInputError` naming the row and the value.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

from revops_cli.columns import ColumnMapping, detect_columns
from revops_cli.config import RevopsConfig
from revops_cli.core.leads.routing.arrays import _distinct
from revops_cli.core.leads.routing.text import _cell, _headers_text, _person_key, _split
from revops_cli.core.sales.business_time import WorkCalendar, parse_working_hours
from revops_cli.errors import RevopsInputError
from revops_cli.normalize.booleans import FALSE_WORDS, TRUE_WORDS
from revops_cli.normalize.country import normalize_country
from revops_cli.normalize.timestamps import detect_dayfirst, normalize_timestamp_column

_FAR_FUTURE = pd.Timestamp("2262-01-01", tz="UTC")  # "out of office: yes" with no date
# The roster's Active column says active/inactive as often as yes/no.
_TRUE = TRUE_WORDS | {"active"}
_FALSE = FALSE_WORDS | {"inactive"}
_UNLIMITED = frozenset({"unlimited", "none", "no limit", "∞", "inf", "n/a"})
#: The roster columns read, by canonical name (:data:`revops_cli.columns.REP_ALIASES`).
_REP_FIELDS = ("rep_id", "name", "email", "role", "territory", "weight", "capacity", "load", "active",
               "out_of_office_until", "timezone", "working_hours", "country")


@dataclass
class Roster:
    """The rep roster, validated: one row per rep, in roster order.

    ``reps`` columns: ``rep_id``, ``name``, ``email``, ``role``, ``territory``
    (as written), ``territories`` (tuple of names), ``weight``, ``capacity``
    (NaN = unlimited), ``load``, ``active``, ``out_until`` (UTC; NaT = not
    away), ``out_text``, ``timezone``, ``hours`` ((start, end) or None),
    ``hours_text``, ``country``, ``calendar`` (:class:`WorkCalendar`), ``row``.
    ``load_from`` says where ``load`` came from: ``"column"``, ``"input"``
    (leads of the routed file the rep owns) or ``"none"`` (a routing run
    may then count the input's itself, :class:`~.router.RouteRun`).
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


def role_key(role: Any) -> str:
    """A role as compared: spacing and case ignored ("Senior  AE" == "senior ae")."""
    return " ".join(str(role).split()).casefold()


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
    _require_rep_columns(frame, mapping, source)
    records = []
    ids_seen: dict[str, int] = {}
    warnings: list[str] = []
    away_column = mapping.get("out_of_office_until")
    dayfirst = detect_dayfirst(frame[away_column]) if away_column is not None else None  # 03/04 for the column
    for position in range(len(frame)):
        row = position + 2
        where = f"{source} row {row}"
        cell = {key: _cell(frame, mapping, key, position) for key in _REP_FIELDS}
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
        records.append(_rep_record(cell, name, rep_id, row, where, config, dayfirst, warnings))
    if not records:
        raise RevopsInputError(f"{source}: has no reps; add one row per rep (name, role, territory, ...).")
    load_from = "column" if mapping.get("load") is not None else "none"
    roster = Roster(reps=_reps_frame(records), source=source, load_from=load_from, now=now, warnings=warnings)
    if load_from == "none" and leads is not None:
        _count_owned_leads(roster, leads, lead_mapping)
    return roster


def _require_rep_columns(frame: pd.DataFrame, mapping: ColumnMapping, source: str) -> None:
    """A roster needs a rep name or id column and a role column."""
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


def _rep_record(cell: dict[str, str | None], name: str, rep_id: str, row: int, where: str, config: RevopsConfig,
                dayfirst: bool | None, warnings: list[str]) -> dict[str, Any]:
    """One rep's row of :attr:`Roster.reps` from their roster cells, each read and checked in column order."""
    weight = _number_cell(cell["weight"], where, "weight")
    capacity = _number_cell(cell["capacity"], where, "capacity", unlimited_ok=True)
    load = _number_cell(cell["load"], where, "load")
    active = _bool_cell(cell["active"], where, "active")
    zone = _zone_cell(cell["timezone"], where, name)
    try:
        hours = parse_working_hours(cell["working_hours"])
    except ValueError as exc:
        raise RevopsInputError(f"{where}: rep {name!r}: {exc}.") from None
    country = _country_cell(cell["country"], config, where, name, warnings)
    try:
        calendar = WorkCalendar.from_config(config, timezone=zone, country=country, hours=hours)
    except ValueError as exc:
        raise RevopsInputError(f"{where}: rep {name!r}: {exc}.") from None
    out_until, out_text = _out_of_office(cell["out_of_office_until"], zone or config.business_timezone,
                                         dayfirst, where, name)
    return {
        "rep_id": rep_id, "name": name, "email": cell["email"], "role": cell["role"],
        "territory": cell["territory"] or "", "territories": tuple(_split(cell["territory"])) or ("",),
        "weight": 1.0 if weight is None else weight,
        "capacity": math.nan if capacity is None else capacity,
        "load": 0.0 if load is None else load,
        "active": True if active is None else active,
        "out_until": out_until, "out_text": out_text, "timezone": zone, "hours": hours,
        "hours_text": cell["working_hours"], "country": country, "calendar": calendar, "row": row,
    }


def _zone_cell(zone: str | None, where: str, name: str) -> str | None:
    """The rep's IANA time zone as written; None (blank) means the config's."""
    if zone is not None:
        try:
            ZoneInfo(zone)
        except Exception:  # ZoneInfoNotFoundError, ValueError for odd paths
            raise RevopsInputError(f"{where}: time zone {zone!r} of rep {name!r} is not an IANA time zone; "
                                   "write one such as America/New_York or Europe/Berlin (blank = the "
                                   "config's).") from None
    return zone


def _country_cell(text: str | None, config: RevopsConfig, where: str, name: str, warnings: list[str]) -> str | None:
    """The rep's holiday country as ISO alpha-2; one that does not read is a warning (the config's calendar)."""
    if text is None:
        return None
    code, flag, _ = normalize_country(text, config.clean.country_aliases)
    if flag is None and isinstance(code, str) and re.fullmatch(r"[A-Z]{2}", code):
        return code
    warnings.append(f"{where}: country {text!r} of rep {name!r} is not a country; the "
                    "config's holiday calendar is used for their deadlines.")
    return None


def _reps_frame(records: list[dict[str, Any]]) -> pd.DataFrame:
    """:attr:`Roster.reps` from the rep records: numbers as floats, ``active`` bool, ``out_until`` UTC."""
    numeric = {"weight", "capacity", "load", "row"}
    reps = pd.DataFrame({
        key: (pd.Series([r[key] for r in records], dtype=float if key in numeric else object)
              if key not in ("active", "out_until") else [r[key] for r in records])
        for key in records[0]
    })
    reps["active"] = reps["active"].astype(bool)
    reps["row"] = reps["row"].astype(np.int64)
    reps["out_until"] = pd.to_datetime(pd.Series([r["out_until"] for r in records], dtype=object), utc=True)
    return reps


def _count_owned_leads(roster: Roster, leads: pd.DataFrame, lead_mapping: ColumnMapping | None) -> None:
    """Without a load column: each rep's load is the number of ``leads`` they own (by the owner column)."""
    owner_column = (lead_mapping or detect_columns(list(leads.columns))).get("owner")
    if owner_column is not None:
        counts = owned_leads(roster.owner_positions(leads[owner_column]), len(roster.reps))
        roster.reps["load"] = counts.astype(float)
        roster.load_from = "input"


def owned_leads(positions: np.ndarray, reps: int) -> np.ndarray:
    """Leads each of ``reps`` reps owns, from the roster positions of the leads' owners (-1 none, not
    counted). The counts of the batches of a file add up to the whole file's, so a routing run fed batch
    after batch counts the input's load as :func:`load_roster` counts a frame's."""
    return np.bincount(positions[positions >= 0], minlength=reps)


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

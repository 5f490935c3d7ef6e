"""Quotas from a simple file: one row per rep or team and period, with the amount.

Columns (:data:`~revops_cli.columns.QUOTA_ALIASES`): ``Rep`` (blank on a team's own row), ``Team`` (the rep's
team on a rep row: the level the forecast rolls reps up to), ``Period`` (``2026-Q4``, ``Q4 2026``, ``2026-11``,
``Nov 2026``, ``2026``; quarters are fiscal, ``reporting.fiscal_year_start_month``) and ``Amount``. A row whose
rep or team is ``Total``, ``Company`` or ``All`` is the company's quota.

The quota of a rep, team or the company for a period is the row for exactly that period, else the rows of that
entity that tile the period exactly (three months make a quarter), else not measured with the reason: a month's
quota is never guessed from a quarter's. A team without its own quota for the period has the sum of its reps'
quotas when every rep of the team has one; the company likewise from its teams, else its reps. Attainment without a quota is
"not measured (no quota ...)", never 0%.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from revops_cli.columns import ColumnMapping
from revops_cli.config import RevopsConfig
from revops_cli.core.metrics import NotMeasured
from revops_cli.core.reporting.periods import Period, parse_period_label
from revops_cli.errors import RevopsInputError
from revops_cli.normalize.money import parse_money, to_cents

COMPANY_WORDS = frozenset({"total", "company", "all", "company total"})


def name_key(name: object) -> str:
    """Names compare ignoring case and extra spaces."""
    return " ".join(str(name).split()).casefold()


@dataclass
class Quotas:
    """The quota rows as read: ``rows`` has ``rep``, ``team``, ``period``, ``first_day``, ``last_day``, ``amount``
    (``rep`` None on team and company rows; ``team`` "Total" on company rows)."""

    rows: pd.DataFrame
    source: str = "the quota file"
    teams: dict[str, str] = field(default_factory=dict)  # rep key -> team name

    def _amount(self, mask: np.ndarray, period: Period, who: str) -> tuple[float | None, NotMeasured | None]:
        rows = self.rows[mask]
        exact = rows[(rows["first_day"] == period.first_day) & (rows["last_day"] == period.last_day)]
        if len(exact):
            return round(float(exact["amount"].sum()), 2), None
        inside = rows[(rows["first_day"] >= period.first_day) & (rows["last_day"] <= period.last_day)]
        if len(inside):
            covered = sorted(zip(inside["first_day"], inside["last_day"]))
            day, tiled = period.first_day, True
            for first, last in covered:
                if first != day:
                    tiled = False
                    break
                day = last + dt.timedelta(days=1)
            if tiled and day == period.last_day + dt.timedelta(days=1):
                return round(float(inside["amount"].sum()), 2), None
        return None, NotMeasured(f"no quota for {who} covering {period.label} in {self.source}")

    def for_rep(self, rep: str, period: Period) -> tuple[float | None, NotMeasured | None]:
        key = name_key(rep)
        return self._amount((self.rows["rep_key"] == key).to_numpy(), period, rep)

    def for_team(self, team: str, members: list[str], period: Period) -> tuple[float | None, NotMeasured | None]:
        own = (self.rows["rep_key"].isna() & (self.rows["team_key"] == name_key(team))).to_numpy()
        if own.any():  # the team's own quota for the period, where the file has one
            amount, why = self._amount(own, period, f"team {team}")
            if amount is not None:
                return amount, why
        return self._sum([self.for_rep(rep, period) for rep in members], f"team {team}", period)

    def for_company(self, teams: dict[str, list[str]], reps: list[str],
                    period: Period) -> tuple[float | None, NotMeasured | None]:
        own = (self.rows["rep_key"].isna() & self.rows["team_key"].isin(COMPANY_WORDS)).to_numpy()
        if own.any():
            amount, why = self._amount(own, period, "the company")
            if amount is not None:
                return amount, why
        if teams:
            return self._sum([self.for_team(team, members, period) for team, members in teams.items()],
                             "the company", period)
        return self._sum([self.for_rep(rep, period) for rep in reps], "the company", period)

    def _sum(self, parts: list[tuple[float | None, NotMeasured | None]], who: str,
             period: Period) -> tuple[float | None, NotMeasured | None]:
        if not parts:
            return None, NotMeasured(f"no quota for {who} covering {period.label} in {self.source}")
        missing = [reason for amount, reason in parts if amount is None]
        if missing:
            return None, NotMeasured(f"{who}: {missing[0].reason}" + (f" (and {len(missing) - 1} more)"
                                                                     if len(missing) > 1 else ""))
        return round(sum(amount for amount, _ in parts), 2), None


def read_quotas(frame: pd.DataFrame, mapping: ColumnMapping, config: RevopsConfig,
                source: str = "the quota file") -> Quotas:
    """Read a quota file (see the module doc); a row that cannot be read is an input error naming it."""
    columns = {name: mapping.get(name) for name in ("rep", "team", "period", "amount")}
    for name, looked in (("period", "'Period', 'Quarter' or 'Month'"), ("amount", "'Quota' or 'Amount'")):
        if columns[name] is None:
            raise RevopsInputError(f"{source}: no {name} column (looked for {looked}); name it with "
                                   f"--map {name}='Your Header'.")
    if columns["rep"] is None and columns["team"] is None:
        raise RevopsInputError(f"{source}: no rep or team column (looked for 'Rep', 'Owner', 'Team'); name one with "
                               "--map rep='Your Header'.")

    def text(name: str) -> pd.Series:
        if columns[name] is None:
            return pd.Series([None] * len(frame), index=frame.index, dtype=object)
        values = frame[columns[name]].astype("str").str.strip()
        return values.astype(object).where(values.notna() & (values != ""), None)

    reps, teams, periods = text("rep"), text("team"), text("period")
    amounts = parse_money(frame[columns["amount"]])
    fiscal = config.reporting.fiscal_year_start_month
    labels = {p: parse_period_label(p, fiscal) for p in periods.dropna().unique()}
    rows = []
    for position, (rep, team, period, amount) in enumerate(zip(reps, teams, periods, amounts)):
        line = position + 2  # the header is line 1
        if rep is None and team is None:
            raise RevopsInputError(f"{source}, line {line}: names no rep or team; give the rep (or the team, or "
                                   "'Total' for the company) the quota belongs to.")
        parsed = labels.get(period) if period is not None else None
        if parsed is None:
            raise RevopsInputError(f"{source}, line {line}: period {period!r} is not a period; write 2026-Q4, "
                                   "2026-11 or 2026.")
        if amount is None or amount < 0:
            raise RevopsInputError(f"{source}, line {line}: amount {frame[columns['amount']].iloc[position]!r} is "
                                   "not an amount of money.")
        if rep is not None and name_key(rep) in COMPANY_WORDS:
            rep, team = None, "Total"
        rows.append({"rep": rep, "team": team, "period": parsed[0], "first_day": parsed[1], "last_day": parsed[2],
                     "amount": to_cents(amount), "line": line})
    table = pd.DataFrame(rows, columns=["rep", "team", "period", "first_day", "last_day", "amount", "line"],
                         dtype=object)
    table["amount"] = table["amount"].astype(np.float64)
    table["rep_key"] = pd.Series([None if v is None else name_key(v) for v in table["rep"]], dtype=object)
    table["team_key"] = pd.Series([None if v is None else name_key(v) for v in table["team"]], dtype=object)
    who = table["rep_key"].where(table["rep_key"].notna(), "team:" + table["team_key"].fillna(""))
    repeated = pd.DataFrame({"who": who, "period": table["period"]}).duplicated(keep="first")
    if repeated.any():
        row = table[repeated.to_numpy()].iloc[0]
        name = row["rep"] if row["rep"] is not None else row["team"]
        raise RevopsInputError(f"{source}, line {row['line']}: a second quota for {name} in {row['period']}; give "
                               "each rep or team one quota per period.")
    members = {}
    for rep, team in zip(table["rep"], table["team"]):
        if rep is not None and team is not None:
            members.setdefault(name_key(rep), team)
    return Quotas(rows=table, source=source, teams=members)


@dataclass
class Teams:
    """Which team (manager) each rep rolls up to, and where that was read."""

    of: dict[str, str]  # rep key -> team
    source: str | None  # "roster" / "quotas" / None

    def team(self, rep: object) -> str | None:
        return self.of.get(name_key(rep)) if rep is not None else None

    @property
    def not_measured(self) -> NotMeasured | None:
        if self.of:
            return None
        return NotMeasured("no rep -> manager link: the roster has no Manager column and the quota file no Team "
                           "column", "--map manager=HEADER with --reps, or a Team column in --quotas")


def rep_teams(roster: pd.DataFrame | None, roster_mapping: ColumnMapping | None, quotas: Quotas | None) -> Teams:
    """Each rep's team: the roster's Manager column, else the quota file's Team column."""
    column = roster_mapping.get("manager") if roster is not None and roster_mapping is not None else None
    name_column = roster_mapping.get("name") if roster_mapping is not None else None
    if column is not None and name_column is not None:
        pairs = roster[[name_column, column]].astype("str")
        pairs = pairs[pairs[name_column].notna() & pairs[column].notna() & (pairs[column].str.strip() != "")]
        of = {name_key(n): " ".join(str(m).split()) for n, m in zip(pairs[name_column], pairs[column])}
        if of:
            return Teams(of=of, source="roster")
    if quotas is not None and quotas.teams:
        return Teams(of=dict(quotas.teams), source="quotas")
    return Teams(of={}, source=None)

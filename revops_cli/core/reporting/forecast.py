"""Forecast Roll-up (Reporting SOP, weekly on Wednesday, executive), as RevOps teams run it in Salesforce
Collaborative Forecasts or Clari.

For the period (the fiscal quarter holding ``now`` unless named), over the deals whose close date falls in it:

* **By forecast category** (``reporting.forecast_categories``: Commit, Best Case, Pipeline, Omitted), rolled up
  rep -> team (manager) -> total, when the export has a Forecast Category column; the cumulative forecast calls
  (closed won + Commit, + Best Case, + Pipeline). Without the column the categories are not measured (the fix is
  named) and the roll-up carries the weighted numbers below.
* **Weighted**: amount x the deal's win probability (the export's, else ``campaign.stage_probabilities``, the
  same probability campaign ROI weighs pipeline with). **Stage-weighted**: amount x the historical win rate of
  the deal's stage, from closed deals that passed through it (``--history``), where at least
  ``reporting.stage_conversion_min_closed`` closed deals did; else the stage's probability from
  ``campaign.stage_probabilities``; else the deal's own probability. Each stage says which it used.
* **Closed won to date**: won deals (as ``deals audit`` reads the stage) with a close date in the period.
* **Open pipeline**: open deals in the period, less ``reporting.omitted_categories``. Open deals whose close
  date has passed are in it and counted apart (``past_due``); open deals without a close date are in no period.
* **Quota** (``--quotas``): attainment = closed won / quota x 100; coverage = open pipeline / (quota - closed
  won), the ratio RevOps reads against 3x. No quota file: "not measured (no --quotas)", never 0%.
* **The largest deals** by name (``reporting.largest_deals``).
* **Category calibration** (beyond Collaborative Forecasts and Clari): from the oldest earlier snapshot
  (``--previous``) with a forecast category, the deals it had in each category with a close date on or before
  today, and what became of them by now: closed won, lost, still open (slipped), vanished. "A Commit that closes
  at 65% is a broken forecast."
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from revops_cli.columns import ColumnMapping
from revops_cli.config import RevopsConfig
from revops_cli.core.metrics import NotMeasured, missing_column, not_measured_json, percent
from revops_cli.core.reporting.changes import Snapshot
from revops_cli.core.reporting.history import stage_entries, stages_entered
from revops_cli.core.reporting.opportunities import OpportunityTable, money_sum
from revops_cli.core.reporting.periods import NO_DAY, Period, day_number, in_period, local_date
from revops_cli.core.reporting.quotas import Quotas, Teams, name_key

NO_TEAM = "(no team)"
NO_OWNER = "(no owner)"


@dataclass
class Forecast:
    """What :func:`forecast_rollup` returns."""

    period: Period
    categories: list[str] | None  # the categories rolled up (None: the export has no category column)
    category_source: str | None  # "export" or "stage" (reporting.stage_categories)
    rows: list[dict]  # rep rows, then team rows, then the total row (``level``: rep / team / total)
    largest: list[dict]
    stages: list[dict]  # stage conversion: closed deals through the stage, won, rate, what weighted it
    calibration: list[dict] | None
    calibration_snapshot: str | None
    totals: dict
    not_measured: dict[str, NotMeasured] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def total(self) -> dict:
        return self.rows[-1]

    def summary(self) -> dict:
        return {"period": self.period.to_dict(), "categories": self.categories,
                "category_source": self.category_source, "rows": self.rows,
                "largest": self.largest, "stages": self.stages, "calibration": self.calibration,
                "calibration_snapshot": self.calibration_snapshot, "totals": self.totals,
                "not_measured": not_measured_json(self.not_measured), "notes": self.notes}


def stage_win_rates(table: OpportunityTable, entries: pd.DataFrame | None, config: RevopsConfig) -> list[dict]:
    """Per open stage of the Sales Process SOP: closed deals that entered it, how many were won, the historical win
    rate, the stage probability, and which of the two weights the pipeline (``weight_source``)."""
    minimum = config.reporting.stage_conversion_min_closed
    table_probability = {k.casefold(): v for k, v in config.campaign.stage_probabilities.items()}
    deals = table.deals
    closed = deals[(deals["won"] | deals["lost"]) & deals["opportunity_id"].notna()]
    rows = []
    through = None
    if entries is not None:
        paths = stages_entered(entries)
        paths = paths[paths["opportunity_id"].isin(closed["opportunity_id"])]
        won_ids = set(closed.loc[closed["won"], "opportunity_id"])
        paths = paths.assign(won=paths["opportunity_id"].isin(won_ids))
        through = paths.groupby("stage_key")["won"].agg(["size", "sum"])
    for stage in config.deals.stage_limits_days:
        key = stage.casefold()
        n = int(through.loc[key, "size"]) if through is not None and key in through.index else 0
        won = int(through.loc[key, "sum"]) if through is not None and key in through.index else 0
        rate = percent(won, n) if through is not None else None
        probability = table_probability.get(key)
        use_history = through is not None and n >= minimum
        rows.append({"stage": stage, "closed_deals": n if through is not None else None,
                     "won": won if through is not None else None, "win_rate": rate,
                     "stage_probability": probability,
                     "weight": rate if use_history else probability,
                     "weight_source": ("history" if use_history else
                                       "stage probability" if probability is not None else "deal probability")})
    return rows


def _calibration(earlier: Snapshot, table: OpportunityTable, config: RevopsConfig,
                 today: int) -> list[dict]:
    before = earlier.table.deals
    before = before[before["open"] & before["opportunity_id"].notna() & (before["close_day"] != NO_DAY)
                    & (before["close_day"] <= today)]
    now = table.deals[table.deals["opportunity_id"].notna()].drop_duplicates("opportunity_id").set_index(
        "opportunity_id")
    outcome = now.reindex(before["opportunity_id"])
    present = outcome["stage"].notna().to_numpy() | outcome.index.isin(now.index)
    won = outcome["won"].fillna(False).to_numpy(dtype=bool)
    lost = outcome["lost"].fillna(False).to_numpy(dtype=bool)
    still_open = present & ~won & ~lost
    amount = before["amount"].to_numpy(np.float64)
    category = before["category"].to_numpy(object)
    rows = []
    for name in config.reporting.forecast_categories:
        mine = category == name
        n = int(mine.sum())
        rows.append({"category": name, "deals": n, "amount": money_sum(amount[mine]),
                     "won": int((mine & won).sum()), "won_amount": money_sum(amount[mine & won]),
                     "lost": int((mine & lost).sum()), "still_open": int((mine & still_open).sum()),
                     "vanished": int((mine & ~present).sum()),
                     "won_percent": percent(int((mine & won).sum()), n),
                     "won_amount_percent": percent(money_sum(amount[mine & won]), money_sum(amount[mine]))})
    return rows


def forecast_rollup(
    table: OpportunityTable,
    config: RevopsConfig,
    *,
    now: pd.Timestamp,
    period: Period,
    teams: Teams,
    quotas: Quotas | None = None,
    history: pd.DataFrame | None = None,
    history_mapping: ColumnMapping | None = None,
    earlier: list[Snapshot] | None = None,
) -> Forecast:
    """The forecast roll-up for ``period`` (see the module doc). Pure: reads no file, never the clock."""
    settings = config.reporting
    deals = table.deals
    today = day_number(local_date(now, config.general.timezone))
    not_measured: dict[str, NotMeasured] = dict((k, v) for k, v in table.not_measured.items()
                                                if k in ("close_date", "amount", "owner"))
    notes: list[str] = []
    categories = list(settings.forecast_categories) if table.category_source else None
    if categories is None:
        not_measured["categories"] = missing_column("forecast_category")
    elif table.category_source == "stage":
        notes.append("The export has no Forecast Category column: each open deal's category is its stage's default "
                     "(reporting.stage_categories), not the rep's own call.")
    omitted = {c.casefold() for c in settings.omitted_categories}

    entries = stage_entries(history, history_mapping, config) if history is not None else None
    stages = stage_win_rates(table, entries, config)
    if entries is None:
        not_measured["stage_conversion"] = NotMeasured("no stage history: closed deals' stages are unknown",
                                                       "--history stage-history.csv")
    weight_of = {row["stage"].casefold(): row["weight"] for row in stages}

    stage_key = deals["stage"].astype("str").str.casefold()
    in_p = in_period(deals["close_day"].to_numpy(np.int64), period)
    open_p = deals["open"].to_numpy(bool) & in_p
    category = deals["category"].to_numpy(object)
    is_omitted = (deals["category"].str.casefold().isin(omitted).to_numpy(dtype=bool) if categories is not None
                  else np.zeros(len(deals), dtype=bool))
    counted = open_p & ~is_omitted
    won_p = deals["won"].to_numpy(bool) & in_p
    amount = deals["amount"].to_numpy(np.float64)
    stage_weight = stage_key.map(weight_of).astype(np.float64).to_numpy()
    stage_weight = np.where(np.isnan(stage_weight), deals["probability"].to_numpy(np.float64), stage_weight)
    owner = deals["owner"].fillna(NO_OWNER).to_numpy(object)

    frame = pd.DataFrame({
        "owner": owner,
        "won": np.where(won_p, np.nan_to_num(amount), 0.0),
        "won_deals": won_p.astype(np.int64),
        "open_deals": counted.astype(np.int64),
        "open_pipeline": np.where(counted, np.nan_to_num(amount), 0.0),
        "weighted": np.where(counted, np.nan_to_num(deals["weighted"].to_numpy(np.float64)), 0.0),
        "stage_weighted": np.where(counted, np.nan_to_num(amount * stage_weight / 100.0), 0.0),
        "past_due": np.where(counted & (deals["close_day"].to_numpy(np.int64) < today), np.nan_to_num(amount), 0.0),
    })
    if categories is not None:
        for name in categories:
            frame[f"category:{name}"] = np.where(open_p & (category == name), np.nan_to_num(amount), 0.0)
        frame["category:(none)"] = np.where(open_p & pd.isna(category), np.nan_to_num(amount), 0.0)
    per_rep = frame.groupby("owner", sort=True).sum(numeric_only=True)

    team_nm = teams.not_measured
    if team_nm is not None:
        not_measured["manager"] = team_nm
    rep_team = {rep: (teams.team(rep) or NO_TEAM) if team_nm is None else None for rep in per_rep.index}
    if quotas is None:
        not_measured["quota"] = NotMeasured("no quota file", "--quotas quotas.csv")

    def row(level: str, name: str, team: str | None, sums: pd.Series, quota: tuple[float | None,
                                                                                     NotMeasured | None]) -> dict:
        out: dict[str, Any] = {"level": level, "name": name, "team": team}
        for key in ("won", "open_pipeline", "weighted", "stage_weighted", "past_due"):
            out[key] = round(float(sums[key]), 2)
        out["won_deals"], out["open_deals"] = int(sums["won_deals"]), int(sums["open_deals"])
        if categories is not None:
            out["categories"] = {c: round(float(sums[f"category:{c}"]), 2) for c in categories}
            out["uncategorized"] = round(float(sums["category:(none)"]), 2)
            running, calls = out["won"], {}
            for c in categories:
                if c.casefold() in omitted:
                    continue
                running += out["categories"][c]
                calls[c] = round(running, 2)
            out["forecast"] = calls  # closed won + every category down to this one
        amount_q, why = quota if quotas is not None else (None, not_measured["quota"])
        out["quota"] = amount_q
        out["attainment"] = percent(out["won"], amount_q) if amount_q else None
        remaining = None if amount_q is None else round(amount_q - out["won"], 2)
        out["remaining_quota"] = remaining
        out["coverage"] = round(out["open_pipeline"] / remaining, 2) if remaining and remaining > 0 else None
        out["quota_note"] = None if amount_q is not None else str(why)
        if amount_q is not None and remaining is not None and remaining <= 0:
            out["quota_note"] = "quota met: no remaining quota to cover"
        return out

    rows = []
    for rep, sums in per_rep.iterrows():  # one row per rep: a handful, not a hot path
        rows.append(row("rep", rep, rep_team[rep], sums,
                        quotas.for_rep(rep, period) if quotas is not None else (None, None)))
    if team_nm is None:
        members: dict[str, list[str]] = {}
        for rep in per_rep.index:
            members.setdefault(rep_team[rep], []).append(rep)
        for name in sorted(members, key=lambda t: (t == NO_TEAM, t.casefold())):
            sums = per_rep.loc[members[name]].sum()
            quota = (quotas.for_team(name, members[name], period) if quotas is not None and name != NO_TEAM
                     else (None, NotMeasured(f"reps without a team ({', '.join(members[name][:3])}...)"))
                     if name == NO_TEAM else (None, None))
            rows.append(row("team", name, None, sums, quota))
    else:
        members = {}
    total_quota = (quotas.for_company({t: m for t, m in members.items() if t != NO_TEAM},
                                      [r for r in per_rep.index if r != NO_OWNER], period)
                   if quotas is not None else (None, None))
    rows.append(row("total", "Total", None, frame.sum(numeric_only=True), total_quota))

    largest_rows = np.flatnonzero(counted)
    order = largest_rows[np.argsort(-np.nan_to_num(amount[largest_rows]), kind="stable")][:settings.largest_deals]
    largest = [{"opportunity_id": deals["opportunity_id"].iloc[i], "name": deals["name"].iloc[i],
                "owner": owner[i], "stage": deals["stage"].iloc[i], "category": category[i],
                "close_date": str(np.datetime64(int(deals["close_day"].iloc[i]), "D")),
                "amount": _num(amount[i]), "probability": _num(deals["probability"].iloc[i]),
                "weighted": _num(deals["weighted"].iloc[i]),
                "past_due": bool(deals["close_day"].iloc[i] < today)} for i in order]

    calibration = snapshot_label = None
    usable = [s for s in (earlier or []) if s.table.category_source]
    if usable:
        calibration = _calibration(usable[0], table, config, today)
        snapshot_label = usable[0].label
    else:
        not_measured["calibration"] = (NotMeasured("no earlier snapshot with a forecast category to check against "
                                                   "what closed", "--previous an older opportunity export")
                                       if not earlier else missing_column("forecast_category"))

    open_all = deals["open"].to_numpy(bool)
    close_day = deals["close_day"].to_numpy(np.int64)
    totals = {
        "open_deals_in_period": int(open_p.sum()),
        "omitted_deals": int((open_p & is_omitted).sum()),
        "past_due_deals": int((counted & (close_day < today)).sum()),
        "open_without_close_date": int((open_all & (close_day == NO_DAY)).sum()),
        "pipeline_after_period": money_sum(np.where(open_all & (close_day != NO_DAY)
                                                    & (close_day > day_number(period.last_day)), amount, 0.0)),
        "open_without_amount": int((counted & np.isnan(amount)).sum()),
        "unknown_categories": table.unknown_categories,
    }
    strange = table.unknown_stage_note("left out of the pipeline")
    if strange:
        notes.append(strange)
    if totals["open_without_close_date"]:
        notes.append(f"{totals['open_without_close_date']:,} open deals have no close date and are in no period.")
    if totals["past_due_deals"]:
        notes.append(f"{totals['past_due_deals']:,} open deals in the period have a close date that has passed "
                     "(counted in the pipeline; they will be pushed or closed).")
    if table.unknown_categories:
        notes.append("forecast category values that are none of " + ", ".join(settings.forecast_categories)
                     + ": " + ", ".join(f"{k} ({v})" for k, v in table.unknown_categories.items())
                     + " (counted as uncategorized; add them to reporting.category_aliases)")
    return Forecast(period=period, categories=categories, category_source=table.category_source, rows=rows, largest=largest, stages=stages,
                    calibration=calibration, calibration_snapshot=snapshot_label, totals=totals,
                    not_measured=not_measured, notes=notes)


def _num(value: Any) -> float | None:
    return None if value is None or (isinstance(value, float) and np.isnan(value)) else float(value)


__all__ = ["Forecast", "forecast_rollup", "name_key", "stage_win_rates"]

"""One opportunity export read once for the reports: what every deal is, in the units the reports count in.

Each column is read by the rule its audit already uses, so a deal's amount, stage and probability are the same
number everywhere: money by :func:`~revops_cli.normalize.money.parse_money` (as ``revops deals audit`` and
``revops campaign roi`` read it), the SOP stage and open/won/lost by
:func:`~revops_cli.core.sales.stages.classify_deals` (as ``revops deals audit`` reads them: the stage in any CRM's
vocabulary, IsClosed/IsWon flags, a status column, the forecast category), the win probability by
:func:`~revops_cli.core.marketing.campaigns.opportunity_probabilities` (the export's probability, else
``campaign.stage_probabilities``: the number campaign ROI weighs the pipeline with). Dates are read in
``general.timezone`` and kept as local day numbers (days since 1970-01-01), since a close date is a day.

A column the export lacks is a :class:`~revops_cli.core.metrics.NotMeasured` in ``not_measured`` (with the
``--map`` that names it), and its values are blank: a report shows "not measured", never 0.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from revops_cli.columns import ColumnMapping
from revops_cli.config import RevopsConfig
from revops_cli.core.marketing.campaigns import opportunity_probabilities
from revops_cli.core.marketing.cohorts import times_ns
from revops_cli.core.metrics import NotMeasured, missing_column
from revops_cli.core.sales.stages import classify_deals
from revops_cli.core.reporting.periods import NO_DAY
from revops_cli.normalize.money import parse_money, to_cents
from revops_cli.normalize.numbers import normalize_employees_column

_NS_PER_DAY = 86_400 * 1_000_000_000
_NAT = np.iinfo(np.int64).min

#: Text columns copied as they are (trimmed, blank -> None).
TEXT_FIELDS = ("opportunity_id", "name", "owner", "stage", "account_name", "lead_source", "segment", "industry",
               "product", "loss_reason", "forecast_category")


@dataclass
class OpportunityTable:
    """Every deal of one export.

    ``deals`` columns: the :data:`TEXT_FIELDS` (None where blank or the export has no such column),
    ``stage_rank`` (position among ``deals.stage_limits_days``' open stages, -1 closed or unknown), ``open``,
    ``won``, ``lost``, ``amount`` (float, cents; NaN blank), ``probability`` (% , NaN unknown), ``weighted``
    (amount x probability for open deals), ``category`` (one of ``reporting.forecast_categories`` or None),
    ``employees`` (NaN), ``push_count`` (NaN), ``close_day`` / ``created_day`` (local day numbers,
    :data:`~revops_cli.core.reporting.periods.NO_DAY` blank).
    """

    deals: pd.DataFrame
    columns: dict[str, str | None]
    not_measured: dict[str, NotMeasured] = field(default_factory=dict)
    unknown_categories: dict[str, int] = field(default_factory=dict)
    category_source: str | None = None  # "export" (its Forecast Category column), "stage" (reporting.stage_categories)
    unknown_stages: dict[str, int] = field(default_factory=dict)  # stage values no rule places (deals.stage_map)

    def has(self, canonical: str) -> bool:
        return self.columns.get(canonical) is not None

    def unknown_stage_note(self, counted_as: str) -> str | None:
        """The sentence a report shows when deals sit in stages the Sales Process SOP does not name."""
        if not self.unknown_stages:
            return None
        listed = ", ".join(f"{stage} ({n:,})" for stage, n in list(self.unknown_stages.items())[:6])
        more = len(self.unknown_stages) - 6
        return (f"Stages revops cannot place on the Sales Process SOP's stages: {listed}"
                f"{f' and {more} more' if more > 0 else ''}; those deals are {counted_as}. Map them in revops.toml's "
                "[deals.stage_map] (e.g. \"Engaging\" = \"Discovery\").")


def _text(frame: pd.DataFrame, column: str | None) -> pd.Series:
    if column is None:
        return pd.Series([None] * len(frame), index=frame.index, dtype=object)
    values = frame[column].astype("str").str.strip()
    return values.astype(object).where(values.notna() & (values != ""), None)


def _day_numbers(frame: pd.DataFrame, column: str | None, zone: str) -> np.ndarray:
    if column is None:
        return np.full(len(frame), NO_DAY, dtype=np.int64)
    ns = times_ns(frame[column], zone)
    ok = ns != _NAT
    local = pd.DatetimeIndex(np.where(ok, ns, 0).view("M8[ns]")).tz_localize("UTC").tz_convert(zone)
    days = local.tz_localize(None).asi8 // _NS_PER_DAY
    return np.where(ok, days, NO_DAY).astype(np.int64)


def read_opportunities(frame: pd.DataFrame, mapping: ColumnMapping, config: RevopsConfig) -> OpportunityTable:
    """The deals of an opportunity export (see :class:`OpportunityTable`). Pure: the frame is not changed."""
    zone = config.general.timezone
    columns = {name: mapping.get(name) for name in
               (*TEXT_FIELDS, "amount", "probability", "close_date", "created_at", "employees", "push_count")}
    out = pd.DataFrame({name: _text(frame, columns[name]) for name in TEXT_FIELDS}, index=frame.index)

    stage_key = out["stage"].astype("str").str.casefold().astype(object).where(out["stage"].notna(), None)
    stages = classify_deals(frame, mapping, config.deals)
    open_stages = list(config.deals.stage_limits_days)
    out["stage_rank"] = (pd.Series(stages.sop_stage, index=frame.index).map({s: i for i, s in enumerate(open_stages)})
                         .fillna(-1).astype(np.int64))
    out["open"] = stages.state == "open"
    out["won"] = stages.is_won
    out["lost"] = (stages.state == "closed") & (stages.outcome != "won")
    unknown_stages = dict(stages.not_mapped)

    amount_column = columns["amount"]
    amounts = (parse_money(frame[amount_column]) if amount_column is not None
               else pd.Series([None] * len(frame), index=frame.index, dtype=object))
    codes, uniques = pd.factorize(amounts.astype(object), use_na_sentinel=True)
    cents = np.array([to_cents(u) for u in uniques] + [np.nan], dtype=np.float64)
    out["amount"] = cents[codes]
    out["probability"] = opportunity_probabilities(frame, mapping, config)
    out["weighted"] = np.where(out["open"], out["amount"] * out["probability"] / 100.0, np.nan)

    raw = out.pop("forecast_category")
    category_source = "export" if columns["forecast_category"] is not None else None
    if category_source is None and config.reporting.stage_categories:  # the team's stage defaults, said so
        defaults = {k.casefold(): v for k, v in config.reporting.stage_categories.items()}
        raw = stage_key.map(defaults).astype(object).where(out["open"], None)
        category_source = "stage"
    names = {value: config.reporting.category(value) for value in raw.dropna().unique()}
    out["category"] = raw.map(names).astype(object).where(raw.notna(), None)
    unknown = raw[raw.notna() & out["category"].isna() & out["open"]]
    out["category_raw"] = raw

    out["close_day"] = _day_numbers(frame, columns["close_date"], zone)
    out["created_day"] = _day_numbers(frame, columns["created_at"], zone)
    employees_column = columns["employees"]
    out["employees"] = (normalize_employees_column(frame[employees_column])["revops_employees"].astype(np.float64)
                        .to_numpy() if employees_column is not None else np.nan)
    push_column = columns["push_count"]
    out["push_count"] = (pd.to_numeric(frame[push_column], errors="coerce").to_numpy(dtype=np.float64)
                         if push_column is not None else np.nan)

    not_measured = {name: missing_column(name) for name in ("opportunity_id", "stage", "amount", "close_date",
                                                           "owner", "created_at", "forecast_category")
                    if columns.get(name) is None and not (name == "forecast_category" and category_source)}
    return OpportunityTable(deals=out, columns=columns, not_measured=not_measured,
                            unknown_categories={str(k): int(v) for k, v in unknown.value_counts().items()},
                            category_source=category_source, unknown_stages=unknown_stages)


def stage_names(config: RevopsConfig) -> list[str]:
    """The Sales Process SOP's open stages in order, then the closed ones."""
    return [*config.deals.stage_limits_days, *config.deals.closed_stages]


def money_sum(values: pd.Series | np.ndarray) -> float:
    """A sum of cent amounts, rounded to the cent (NaN ignored)."""
    return round(float(np.nansum(np.asarray(values, dtype=np.float64))), 2)


def grouped_sums(frame: pd.DataFrame, key: str, columns: Mapping[str, pd.Series]) -> pd.DataFrame:
    """Per value of ``frame[key]``: the sum of each named series (aligned to ``frame``)."""
    data = pd.DataFrame({key: frame[key].fillna("(none)").to_numpy(object),
                         **{name: np.asarray(values, dtype=np.float64) for name, values in columns.items()}})
    return data.groupby(key, sort=True).sum(min_count=0).reset_index()

"""Campaign Execution SOP, "ROI = (Revenue - Cost) / Cost x 100": revenue attributed from an opportunity export,
cost from the campaign export (or an itemised cost file).

Decisions, so they can be checked:

* ROI = (Revenue - Cost) / Cost x 100 (:func:`revops_cli.normalize.money.roi`). Revenue = closed-won amount +
  open pipeline x win probability. Probability is the export's probability column
  (per row); where it is blank or absent, the stage table
  (``config.campaign.stage_probabilities``, stage names case-folded) decides; an open opportunity with
  neither is counted but adds nothing (``unweighted_opportunities``). A probability column whose values are all
  <= 1 is read as fractions (HubSpot), otherwise as percent.
* Closed won and closed lost are read as ``deals audit`` reads them
  (:func:`~revops_cli.core.sales.stages.classify_deals`: won/closed flags, a won date, status, forecast
  category, then ``deals.stage_map``/``stage_words``); closed lost adds nothing.
* Without an opportunity export, the revenue is the campaign file's own revenue
  column (an ad platform's conversion value, ``Conv. value``, ``Purchases
  conversion value``...: ``revenue_source`` "campaign file"). With neither, the
  revenue and the ROI are **not measured** (never 0 and -100 %): ``not_measured``
  says so, as it does for a file with no cost column (``roi``), no leads column
  (``cost_per_lead``) and no conversions column (``cost_per_conversion``).
* Cost per conversion = cost / the conversions column (an ad or email
  platform's conversions), half-up to cents; None when there are none.
* Cost = the actual-cost column; where blank, the sum of the cost component
  columns (``config.campaign.cost_components``: media, creative, tools, labor).
  When both exist and differ, the row is flagged ``cost_mismatch``. Blank
  components count as 0 when at least one component is filled.
* Money is parsed and summed as :class:`decimal.Decimal`, rounded half-up to
  cents only in the output (per campaign from unrounded parts; the totals row
  from the unrounded sum, so it may differ from the sum of rounded rows by a cent).
  The totals row's ROI uses only campaigns that have a cost (``roi_revenue``);
  revenue of a campaign with no cost recorded is in the revenue total but not the ROI.
  ROI is rounded half-up to 0.01 %. Output frames hold floats of those rounded values.
* Attribution: the opportunity's campaign column matched to the campaign name
  exactly after trimming and case-folding. ``last_touch`` credits the campaign
  column (or, without one, the last entry of a touch list); ``first_touch``
  credits the first entry of a ``;``/``|``-separated touch list column
  (``campaign_touches``), else the campaign column; ``linear`` splits each
  opportunity's revenue equally over its distinct touches (the touch list plus
  the campaign column if it is not in the list). Without a touch list the three
  models give the same answer. ``opportunities`` counts opportunities crediting
  a campaign at all (so under ``linear`` campaign counts add up to more than
  the opportunities).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from revops_cli.columns import CAMPAIGN_TOUCH_HEADERS, ColumnMapping, header_key
from revops_cli.config import RevopsConfig
from revops_cli.core.marketing.campaigns.common import _ZERO, _column, _fold, _names, _parse_count
from revops_cli.core.metrics import NotMeasured, missing_column, not_measured_json
from revops_cli.core.sales.stages import classify_deals
from revops_cli.errors import RevopsInputError
from revops_cli.normalize.money import money_codes, parse_money, roi, to_cents

ROI_MODELS = ("last_touch", "first_touch", "linear")


def _stage_probability(config: RevopsConfig) -> dict[str, float]:
    return {k.casefold(): v for k, v in config.campaign.stage_probabilities.items()}


def _component_columns(frame: pd.DataFrame, mapping: ColumnMapping, config: RevopsConfig) -> dict[str, str]:
    """Cost component -> frame column, by mapping (``<component>_cost``) or header spelling."""
    keys = {header_key(c): c for c in frame.columns}
    found = {}
    for component in config.campaign.cost_components:
        column = mapping.get(f"{component}_cost")
        if column is None:
            for guess in (f"{component} cost", f"{component} costs", component):
                column = keys.get(header_key(guess))
                if column is not None:
                    break
        if column is not None:
            found[component] = column
    return found


def apply_cost_file(campaigns: pd.DataFrame, mapping: ColumnMapping, costs: pd.DataFrame, cost_mapping: ColumnMapping,
                    config: RevopsConfig, *, source: str = "the costs file") -> tuple[pd.DataFrame, ColumnMapping, int]:
    """Cost lines from a separate file (``--costs``) summed onto each campaign as its cost components.

    The file names the campaign and either has one column per component (Media, Creative, Tools,
    Labor: wide) or a component column and an amount column (long: ``Component``/``Category`` and
    ``Amount``/``Cost``). Its totals replace the campaigns' component columns, and the cost becomes
    their sum (an Actual Cost column is then ignored: the file is the itemised truth). Returns the
    campaigns with ``Media Cost`` ... columns, the mapping pointing at them, and how many cost rows
    named no campaign of the file.
    """
    name_column = cost_mapping.get("name")
    if name_column is None:
        raise RevopsInputError(f"{source}: no campaign column (looked for 'Campaign Name', 'Campaign', 'Name').")
    keys = {header_key(c): c for c in costs.columns}
    components = list(config.campaign.cost_components)
    wide = {c: col for c in components for col in [cost_mapping.get(f"{c}_cost") or keys.get(header_key(c))
                                                    or keys.get(header_key(f"{c} cost"))] if col is not None}
    names = costs[name_column].astype("str").str.strip().str.casefold()
    if wide:
        amounts = {c: parse_money(costs[col]) for c, col in wide.items()}
    else:
        kind_column = next((keys[k] for k in ("component", "category", "cost type", "line", "type") if k in keys), None)
        amount_column = next((keys[k] for k in ("amount", "cost", "spend", "value") if k in keys), None)
        if kind_column is None or amount_column is None:
            raise RevopsInputError(f"{source}: give one column per cost component ({', '.join(components)}) or a "
                                   "'Component' and an 'Amount' column.")
        kind = costs[kind_column].astype("str").str.strip().str.casefold().str.replace(r"\s*costs?$", "", regex=True)
        kind = kind.replace({"labour": "labor"})
        money = parse_money(costs[amount_column])
        amounts = {c: money.where(kind.eq(c), None) for c in components}
    totals: dict[str, dict[str, Decimal]] = {c: {} for c in components}
    for component, values in amounts.items():
        for name, value in zip(names, values):
            if value is not None and isinstance(name, str):
                totals[component][name] = totals[component].get(name, Decimal(0)) + value
    campaign_names = _names(campaigns, mapping).str.casefold()
    known = set(campaign_names.dropna())
    unmatched = int(sum(1 for name in names if isinstance(name, str) and name and name not in known))
    out = campaigns.copy()
    new_mapping = ColumnMapping(fields=dict(mapping.fields), how=dict(mapping.how), unmapped=list(mapping.unmapped))
    new_mapping.fields.pop("actual_cost", None)
    for component in components:
        header = f"{component.title()} Cost (from {source})"
        out[header] = [str(totals[component].get(name, Decimal(0))) for name in campaign_names]
        new_mapping.fields[f"{component}_cost"] = header
    return out, new_mapping, unmatched


@dataclass
class RoiResult:
    """What :func:`campaign_roi` returns: one row per campaign and the totals."""

    frame: pd.DataFrame
    totals: dict = field(default_factory=dict)
    model: str = "last_touch"
    cost_mismatches: int = 0
    unattributed_opportunities: int = 0
    unmatched_campaigns: list[str] = field(default_factory=list)
    unweighted_opportunities: int = 0
    revenue_source: str | None = None
    not_measured: dict[str, NotMeasured] = field(default_factory=dict)

    def summary(self) -> dict:
        return {
            "campaigns": len(self.frame),
            "model": self.model,
            "revenue_source": self.revenue_source,
            "not_measured": not_measured_json(self.not_measured),
            "totals": self.totals,
            "cost_mismatches": self.cost_mismatches,
            "roi_not_computed": int(self.frame["roi_percent"].isna().sum()) if len(self.frame) else 0,
            "unattributed_opportunities": self.unattributed_opportunities,
            "unmatched_campaign_names": self.unmatched_campaigns,
            "unweighted_opportunities": self.unweighted_opportunities,
        }


def _campaign_costs(campaigns: pd.DataFrame, mapping: ColumnMapping, config: RevopsConfig):
    """(cost Decimal|None list, source list, mismatch bool list, component sum list)."""
    n = len(campaigns)
    actual_col = _column(campaigns, mapping, "actual_cost")
    actual = parse_money(actual_col) if actual_col is not None else pd.Series([None] * n, dtype=object)
    components = _component_columns(campaigns, mapping, config)
    parsed = [parse_money(campaigns[c]).to_numpy(dtype=object) for c in components.values()]
    costs, sources, mismatch, sums = [], [], [], []
    for i, act in enumerate(actual.to_numpy(dtype=object)):
        parts = [p[i] for p in parsed if p[i] is not None]
        total = sum(parts, _ZERO) if parts else None
        sums.append(total)
        if act is not None:
            costs.append(act)
            sources.append("actual")
            mismatch.append(total is not None and total != act)
        elif total is not None:
            costs.append(total)
            sources.append("components")
            mismatch.append(False)
        else:
            costs.append(None)
            sources.append(None)
            mismatch.append(False)
    return costs, sources, mismatch, sums


def _split_touches(value: object) -> list[str]:
    if _fold(value) is None:
        return []
    return [t.strip() for t in re.split(r"[;|\n]", str(value)) if t.strip()]


def _fold_column(values: pd.Series) -> pd.Series:
    """Trimmed, lower-cased text with inner whitespace collapsed; NA where blank (pyarrow compute)."""
    array = pa.array(values.astype("str").array)
    array = pc.utf8_lower(pc.replace_substring_regex(pc.utf8_trim_whitespace(array), r"\s+", " "))
    array = pc.if_else(pc.equal(array, ""), pa.scalar(None, pa.string()), array)
    return pd.Series(array, index=values.index, dtype=pd.ArrowDtype(pa.string())).astype("str")


def _probabilities(opps: pd.DataFrame, omap: ColumnMapping, config: RevopsConfig, stages: pd.Series) -> np.ndarray:
    """Win probability in % per opportunity (NaN where unknown): the export's probability column (all values
    <= 1: fractions, as HubSpot writes them), else the stage table; ``stages`` folded as :func:`_fold_column`."""
    prob_col = _column(opps, omap, "probability")
    probs = _parse_count(prob_col) if prob_col is not None else pd.Series(np.nan, index=opps.index)
    filled = probs.dropna()
    if len(filled) and bool((filled <= 1).all()):
        probs = probs * 100  # HubSpot-style fractions
    table = _stage_probability(config)
    fallback = pd.to_numeric(stages.astype(object).map(table), errors="coerce").to_numpy(dtype=np.float64)
    return np.where(np.isnan(probs.to_numpy(dtype=np.float64)), fallback, probs.to_numpy(dtype=np.float64))


def opportunity_probabilities(opps: pd.DataFrame, omap: ColumnMapping, config: RevopsConfig) -> np.ndarray:
    """Each opportunity's win probability in % (NaN where neither the export nor ``campaign.stage_probabilities``
    gives one): the one rule campaign ROI's weighted pipeline and the forecast roll-up share."""
    stage_col = _column(opps, omap, "stage")
    stages = _fold_column(stage_col) if stage_col is not None else pd.Series(None, index=opps.index, dtype="str")
    return _probabilities(opps, omap, config, stages)


def _opportunity_values(opps: pd.DataFrame, omap: ColumnMapping,
                        config: RevopsConfig) -> tuple[np.ndarray, np.ndarray, int]:
    """Per opportunity: closed-won value and weighted pipeline (Decimal), and how many open opportunities had no
    probability."""
    n = len(opps)
    index = opps.index
    amount_col = _column(opps, omap, "amount")
    if amount_col is not None:
        amount_codes, decimals = money_codes(amount_col)
    else:
        amount_codes, decimals = np.zeros(n, dtype=np.int64), [None]
    amount_table = np.empty(len(decimals), dtype=object)
    amount_table[:] = [_ZERO if d is None else d for d in decimals]
    amounts = amount_table[amount_codes]
    stage_col = _column(opps, omap, "stage")
    stages = _fold_column(stage_col) if stage_col is not None else pd.Series(None, index=index, dtype="str")
    # won and closed as deals audit reads them (flags, won date, status, forecast category, stage vocabulary);
    # a deal in a stage no rule places stays open here, weighted by its own probability if it has one
    read = classify_deals(opps, omap, config.deals)
    won = read.is_won
    lost = read.is_closed & ~won
    probs = _probabilities(opps, omap, config, stages)
    open_ = ~won & ~lost
    unweighted = int((open_ & np.isnan(probs)).sum())

    weighted = np.full(n, _ZERO, dtype=object)
    weigh_rows = np.flatnonzero(open_ & ~np.isnan(probs))
    if len(weigh_rows):  # once per distinct (amount, probability)
        prob_codes, prob_values = pd.factorize(probs[weigh_rows])
        pair = amount_codes[weigh_rows].astype(np.int64) * len(prob_values) + prob_codes
        codes, uniques = pd.factorize(pair)
        values = np.empty(len(uniques), dtype=object)
        percents = [Decimal(repr(float(p))) / Decimal(100) for p in prob_values]
        values[:] = [amount_table[u // len(prob_values)] * percents[u % len(prob_values)] for u in uniques]
        weighted[weigh_rows] = values[codes]
    return np.where(won, amounts, _ZERO), weighted, unweighted


def _opportunity_credits(opps: pd.DataFrame, omap: ColumnMapping, config: RevopsConfig,
                         model: str) -> tuple[pd.DataFrame, int]:
    """One row per (opportunity, credited campaign): ``opp``, ``key`` (folded name), ``won`` and
    ``weighted`` (Decimal, already multiplied by the model's share); and how many open
    opportunities had no probability."""
    won_value, weighted, unweighted = _opportunity_values(opps, omap, config)
    primary_col = _column(opps, omap, "campaign")
    primary = (_fold_column(primary_col) if primary_col is not None
               else pd.Series(None, index=opps.index, dtype="str"))
    touch_col = _column(opps, omap, "campaign_touches")
    if touch_col is None:  # not an opportunities-schema field: found here by header spelling
        keys = {header_key(c): c for c in opps.columns}
        hit = next((keys[header_key(a)] for a in CAMPAIGN_TOUCH_HEADERS if header_key(a) in keys), None)
        touch_col = opps[hit] if hit is not None else None
    base = pd.DataFrame({"opp": np.arange(len(opps)), "key": primary.to_numpy(dtype=object),
                         "won": won_value, "weighted": weighted})
    if touch_col is None:  # one campaign per opportunity: every model credits it in full
        return base.dropna(subset=["key"]).reset_index(drop=True), unweighted

    rows: list[tuple[int, str, Decimal]] = []
    for i, (first, touches) in enumerate(zip(primary.to_numpy(dtype=object), touch_col.to_numpy(dtype=object))):
        first = None if pd.isna(first) else first
        listed: list[str] = []
        for t in _split_touches(touches):
            folded = " ".join(t.split()).lower()  # as _fold_column (pyarrow utf8_lower)
            if folded not in listed:
                listed.append(folded)
        if model == "last_touch":
            credited = [first] if first else listed[-1:]
        elif model == "first_touch":
            credited = listed[:1] or ([first] if first else [])
        else:
            credited = listed + ([first] if first and first not in listed else [])
        share = Decimal(1) / Decimal(len(credited)) if credited else _ZERO
        rows += [(i, c, share) for c in credited]
    credits = pd.DataFrame(rows, columns=["opp", "key", "share"])
    credits["won"] = [won_value[i] * s for i, s in zip(credits["opp"], credits["share"])]
    credits["weighted"] = [weighted[i] * s for i, s in zip(credits["opp"], credits["share"])]
    return credits.drop(columns="share"), unweighted


def _decimal_sum(values: pd.Series) -> Decimal:
    return sum(values, _ZERO)


@dataclass
class _Attribution:
    """Revenue credited per folded campaign name, and what could not be credited."""

    won: dict[str, Decimal] = field(default_factory=dict)
    weighted: dict[str, Decimal] = field(default_factory=dict)
    opportunities: dict[str, int] = field(default_factory=dict)
    unattributed: int = 0
    unweighted: int = 0
    unmatched: list[str] = field(default_factory=list)


def _attribute(opportunities: pd.DataFrame | None, opportunity_mapping: ColumnMapping | None, config: RevopsConfig,
               model: str, known: set[str]) -> _Attribution:
    """Sum each known campaign's credits over the opportunities; names no campaign of the file has are unmatched."""
    out = _Attribution()
    if opportunities is None or not len(opportunities):
        return out
    if opportunity_mapping is None:
        raise ValueError("opportunity_mapping is required with opportunities")
    credits, out.unweighted = _opportunity_credits(opportunities, opportunity_mapping, config, model)
    matched = credits["key"].isin(known)
    out.unmatched = sorted(set(credits.loc[~matched, "key"]))
    hits = credits[matched]
    out.unattributed = len(opportunities) - hits["opp"].nunique()
    if len(hits):
        grouped = hits.groupby("key", sort=False)
        out.won = grouped["won"].agg(_decimal_sum).to_dict()
        out.weighted = grouped["weighted"].agg(_decimal_sum).to_dict()
        out.opportunities = {k: int(v) for k, v in grouped["opp"].nunique().items()}
    return out


@dataclass
class _CampaignFigures:
    """One campaign's unrounded figures (money as Decimal)."""

    name: object
    cost: Decimal | None
    cost_source: str | None
    components_total: Decimal | None
    cost_mismatch: bool
    won: Decimal | None
    weighted: Decimal | None
    opportunities: int | None
    leads: int | None
    conversions: float | None = None
    revenue_from_file: bool = False

    @property
    def revenue(self) -> Decimal | None:
        return None if self.won is None else self.won + (self.weighted or _ZERO)


def _campaign_figures(campaigns: pd.DataFrame, mapping: ColumnMapping, config: RevopsConfig, names: pd.Series,
                      folded: list[str | None], credit: _Attribution | None) -> list[_CampaignFigures]:
    """Per campaign: cost, revenue (credited opportunities; else the file's revenue column; else None), counts."""
    costs, sources, mismatch, sums = _campaign_costs(campaigns, mapping, config)
    leads_col = _column(campaigns, mapping, "leads")
    leads = _parse_count(leads_col).to_numpy() if leads_col is not None else np.full(len(campaigns), np.nan)
    conv_col = _column(campaigns, mapping, "conversions")
    conversions = _parse_count(conv_col).to_numpy() if conv_col is not None else np.full(len(campaigns), np.nan)
    revenue_col = _column(campaigns, mapping, "revenue") if credit is None else None
    platform = parse_money(revenue_col).to_numpy(dtype=object) if revenue_col is not None else None
    figures = []
    seen: set[str] = set()
    for i, name in enumerate(names.to_numpy(dtype=object)):
        key = folded[i]
        first = key is not None and key not in seen  # a duplicated name gets its credit once
        if key:
            seen.add(key)
        if credit is not None:
            won = credit.won.get(key, _ZERO) if first else _ZERO
            weighted = credit.weighted.get(key, _ZERO) if first else _ZERO
            opportunities: int | None = credit.opportunities.get(key, 0) if first else 0
        else:
            won = platform[i] if platform is not None else None
            weighted, opportunities = (_ZERO if won is not None else None), None
        figures.append(_CampaignFigures(
            name=name, cost=costs[i], cost_source=sources[i], components_total=sums[i],
            cost_mismatch=bool(mismatch[i]), won=won, weighted=weighted, opportunities=opportunities,
            leads=None if np.isnan(leads[i]) else int(leads[i]),
            conversions=None if np.isnan(conversions[i]) else float(conversions[i]),
            revenue_from_file=credit is None,
        ))
    return figures


_ROI_COLUMNS = [
    "campaign", "cost", "cost_source", "cost_components_total", "cost_mismatch", "closed_won",
    "weighted_pipeline", "revenue", "roi_percent", "roi_note", "leads", "cost_per_lead", "opportunities",
    "cost_per_opportunity", "conversions", "cost_per_conversion",
]


def _roi_row(c: _CampaignFigures) -> dict:
    revenue, cost = c.revenue, c.cost
    roi_value = None if revenue is None else roi(revenue, cost)
    note = None
    if roi_value is None:
        note = ("no cost recorded" if cost is None else "no revenue recorded" if revenue is None
                else "cost is zero")
    return {
        "campaign": c.name,
        "cost": to_cents(cost),
        "cost_source": c.cost_source,
        "cost_components_total": to_cents(c.components_total),
        "cost_mismatch": c.cost_mismatch,
        "closed_won": None if c.revenue_from_file else to_cents(c.won),
        "weighted_pipeline": None if c.revenue_from_file else to_cents(c.weighted),
        "revenue": to_cents(revenue),
        "roi_percent": None if roi_value is None else float(roi_value),
        "roi_note": note,
        "leads": c.leads,
        "cost_per_lead": to_cents(cost / c.leads) if cost is not None and c.leads else None,
        "opportunities": c.opportunities,
        "cost_per_opportunity": to_cents(cost / c.opportunities) if cost is not None and c.opportunities else None,
        "conversions": c.conversions,
        "cost_per_conversion": (to_cents(cost / Decimal(repr(c.conversions)))
                                if cost is not None and c.conversions else None),
    }


def _roi_frame(figures: list[_CampaignFigures]) -> pd.DataFrame:
    frame = pd.DataFrame([_roi_row(c) for c in figures], columns=_ROI_COLUMNS)
    for column in ("cost", "cost_components_total", "closed_won", "weighted_pipeline", "revenue", "roi_percent",
                   "cost_per_lead", "cost_per_opportunity", "conversions", "cost_per_conversion"):
        frame[column] = pd.to_numeric(frame[column].astype(object), errors="coerce").astype(np.float64)
    frame["leads"] = pd.array(frame["leads"].astype(object).where(frame["leads"].notna(), None), dtype="Int64")
    frame["opportunities"] = pd.array(frame["opportunities"].astype(object).where(frame["opportunities"].notna(),
                                                                                None), dtype="Int64")
    frame["cost_mismatch"] = frame["cost_mismatch"].astype(bool)
    frame["cost_source"] = frame["cost_source"].astype("str")
    frame["roi_note"] = frame["roi_note"].astype("str")
    return frame


def _dsum(values) -> Decimal | None:
    values = [v for v in values if v is not None]
    return sum(values, _ZERO) if values else None


def _roi_totals(figures: list[_CampaignFigures], has_leads_column: bool) -> dict:
    """The totals row, from the unrounded figures."""
    costed = [c for c in figures if c.cost is not None]
    any_cost = bool(costed)
    total_cost = sum((c.cost for c in costed), _ZERO)
    # over the campaigns that have a cost and a revenue: revenue of a campaign without a cost would inflate it
    both = [c for c in costed if c.revenue is not None]
    roi_cost = sum((c.cost for c in both), _ZERO)
    costed_revenue = _dsum(c.revenue for c in both)
    total_won = _dsum(c.won for c in figures if not c.revenue_from_file)
    total_weighted = _dsum(c.weighted for c in figures if not c.revenue_from_file)
    total_revenue = _dsum(c.revenue for c in figures)
    opps = [c.opportunities for c in figures if c.opportunities is not None]
    total_opps = sum(opps) if opps else None
    total_leads = sum((c.leads for c in figures if c.leads is not None), 0.0)
    conversions = [c.conversions for c in figures if c.conversions is not None]
    total_conversions = sum(conversions) if conversions else None
    total_roi = None if costed_revenue is None else roi(costed_revenue, roi_cost)
    note = None
    if total_roi is None:
        note = ("no cost recorded" if not any_cost else "no revenue recorded" if costed_revenue is None
                else "cost is zero")
    return {
        "cost": to_cents(total_cost) if any_cost else None,
        "closed_won": to_cents(total_won),
        "weighted_pipeline": to_cents(total_weighted),
        "revenue": to_cents(total_revenue),
        "roi_percent": None if total_roi is None else float(total_roi),
        "roi_note": note,
        "roi_cost": to_cents(roi_cost) if both else None,
        "roi_revenue": to_cents(costed_revenue),
        "opportunities": total_opps,
        "leads": int(total_leads) if has_leads_column else None,
        "cost_per_lead": to_cents(total_cost / Decimal(int(total_leads))) if total_leads and any_cost else None,
        "cost_per_opportunity": to_cents(total_cost / total_opps) if total_opps and any_cost else None,
        "conversions": total_conversions,
        "cost_per_conversion": (to_cents(total_cost / Decimal(repr(float(total_conversions))))
                                if total_conversions and any_cost else None),
    }


def campaign_roi(
    campaigns: pd.DataFrame,
    campaign_mapping: ColumnMapping,
    config: RevopsConfig,
    *,
    opportunities: pd.DataFrame | None = None,
    opportunity_mapping: ColumnMapping | None = None,
    model: str = "last_touch",
) -> RoiResult:
    """ROI per campaign (see the module docstring for every rule)."""
    if model not in ROI_MODELS:
        raise ValueError(f"model must be one of {', '.join(ROI_MODELS)} (got {model!r})")
    names = _names(campaigns, campaign_mapping)
    folded = [None if pd.isna(f) else f for f in _fold_column(names).to_numpy(dtype=object)]
    credit = (_attribute(opportunities, opportunity_mapping, config, model, {f for f in folded if f})
              if opportunities is not None else None)
    figures = _campaign_figures(campaigns, campaign_mapping, config, names, folded, credit)
    revenue_source = ("opportunities" if credit is not None
                      else "campaign file" if campaign_mapping.get("revenue") is not None else None)
    return RoiResult(
        frame=_roi_frame(figures), totals=_roi_totals(figures, _column(campaigns, campaign_mapping, "leads") is not None),
        model=model, cost_mismatches=sum(c.cost_mismatch for c in figures),
        unattributed_opportunities=credit.unattributed if credit else 0,
        unmatched_campaigns=sorted(credit.unmatched) if credit else [],
        unweighted_opportunities=credit.unweighted if credit else 0,
        revenue_source=revenue_source,
        not_measured=_roi_not_measured(campaigns, campaign_mapping, config, figures, revenue_source),
    )


def _roi_not_measured(campaigns: pd.DataFrame, mapping: ColumnMapping, config: RevopsConfig,
                      figures: list[_CampaignFigures], revenue_source: str | None) -> dict[str, NotMeasured]:
    """The ROI checks this file cannot feed (SPEC contract 9)."""
    out: dict[str, NotMeasured] = {}
    has_cost = mapping.get("actual_cost") is not None or bool(_component_columns(campaigns, mapping, config))
    if not has_cost:
        out["roi"] = NotMeasured("no cost column (Actual Cost, Total Cost, Cost, Spend, Amount Spent, or media/"
                                 "creative/tools/labor costs)", "--map actual_cost=HEADER")
    elif revenue_source is None:
        out["roi"] = NotMeasured("no revenue: no --opportunities file and no revenue or conversion value column",
                                 "--opportunities FILE or --map revenue=HEADER")
    elif figures and all(f.cost is None for f in figures):
        out["roi"] = NotMeasured("no campaign has a cost value")
    if has_cost and mapping.get("leads") is None:
        out["cost_per_lead"] = missing_column("leads")
    if has_cost and mapping.get("conversions") is None:
        out["cost_per_conversion"] = missing_column("conversions")
    if has_cost and revenue_source != "opportunities":
        out["cost_per_opportunity"] = NotMeasured("no opportunity export", "--opportunities FILE")
    return out

"""Campaign Execution SOP: ROI, optimisation triggers, approvals and naming/UTM lint.

Pure functions over a campaign export (one row per campaign, all cells text as
:func:`revops_cli.io.read.read_table` gives them) and, for ROI, an opportunity
export. Nothing prints or touches files. Every SOP number comes from
``config.campaign`` (:class:`revops_cli.config.CampaignConfig`).

Decisions, so they can be checked:

* ROI = (Revenue - Cost) / Cost x 100. Revenue = closed-won amount + open
  pipeline x win probability. Probability is the export's probability column
  (per row); where it is blank or absent, the stage table
  (``config.campaign.stage_probabilities``, stage names case-folded) decides; an open opportunity with neither is counted but adds nothing
  (``unweighted_opportunities``). A probability column whose values are all
  <= 1 is read as fractions (HubSpot), otherwise as percent.
* Closed won = stage "Closed Won"/"Won" (case-insensitive) or a true ``won``
  column; closed lost adds nothing.
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
* Rates, in %: open = opens / delivered, click = clicks / delivered,
  conversion = conversions / delivered (the SOP's triggers are an email table;
  conversions can exceed clicks in real exports, so clicks are no denominator),
  bounce = bounces / sent, unsubscribe = unsubscribes / delivered. Delivered
  is sent - bounces when the column is missing. Trigger comparisons use
  ``count * 100 / denominator`` unrounded, so a rate exactly at a threshold
  never fires (15.0 % is not < 15 %); the frame shows rates to 0.01.
* In scope: budget > ``scope_budget_over`` or contacts >= ``scope_contacts_at_least``;
  contacts = the contacts column, else emails sent.
* Approval: the first ``approval_matrix`` row whose ``max_budget`` (inclusive)
  is >= the budget names the required approver; the recorded approver is folded
  (case, punctuation, word order, "of", abbreviations such as ``Dir.``/``Mgr``/
  ``Mktg`` and :data:`~revops_cli.core.approvals.APPROVER_ALIASES`) to an ``approver_order`` entry and
  compared by rank: ``ok`` (same or more senior), ``too_junior``, ``missing``
  (blank) or ``unknown`` (not an approver we know, or no budget to check).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from revops_cli.columns import CAMPAIGN_TOUCH_HEADERS, ColumnMapping, header_key
from revops_cli.config import RevopsConfig
from revops_cli.core import approvals
from revops_cli.core.approvals import APPROVER_ALIASES  # noqa: F401 (importable from here, as before)
from revops_cli.core.approvals import APPROVAL_STATUSES, approval_status, fold_approver
from revops_cli.normalize.money import money_codes, parse_money, roi, to_cents
from revops_cli.errors import RevopsInputError


ROI_MODELS = ("last_touch", "first_touch", "linear")
RATE_METRICS = ("open_rate", "click_rate", "conversion_rate", "bounce_rate", "unsubscribe_rate")
# metric -> (numerator field, denominator field)
_RATE_PARTS = {
    "open_rate": ("opens", "delivered"), "click_rate": ("clicks", "delivered"),
    "conversion_rate": ("conversions", "delivered"), "bounce_rate": ("bounces", "sent"),
    "unsubscribe_rate": ("unsubscribes", "delivered"),
}
LINT_COLUMNS = ["campaign", "check", "value", "message"]
_ZERO = Decimal(0)
_TRUE = {"yes", "y", "true", "t", "1", "x", "present", "included"}
_FALSE = {"no", "n", "false", "f", "0", "missing", "none", "absent"}


# ---------------------------------------------------------------- helpers


def _parse_count(values: pd.Series) -> pd.Series:
    """Counts/scores as float64 (NaN where blank or not a number); '1,234' and '12%' are understood."""
    text = pc.replace_substring_regex(pa.array(values.astype("str").array), r"[,\s%]", "")
    return pd.to_numeric(pd.Series(text, index=values.index, dtype=pd.ArrowDtype(pa.string())),
                         errors="coerce").astype(np.float64)


def _column(frame: pd.DataFrame, mapping: ColumnMapping, canonical: str) -> pd.Series | None:
    column = mapping.get(canonical)
    return None if column is None else frame[column]


def _fold(text: object) -> str | None:
    if text is None or (isinstance(text, float) and np.isnan(text)) or text is pd.NA:
        return None
    folded = " ".join(str(text).split()).casefold()
    return folded or None


def _slug(text: str) -> str:
    """The utm_campaign a name implies: lower case, runs of other characters as '_'."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", folded.lower()).strip("_")


def required_approver(budget: float | Decimal | None, config: RevopsConfig) -> str | None:
    """Approver the SOP's budget approval matrix asks for ``budget`` (upper bounds inclusive)."""
    return approvals.required_approver(budget, _budget_matrix(config))


def _budget_matrix(config: RevopsConfig) -> list[tuple[float | None, str]]:
    return [(row.max_budget, row.approver) for row in config.campaign.approval_matrix]


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


def _names(frame: pd.DataFrame, mapping: ColumnMapping) -> pd.Series:
    column = mapping.get("name") or mapping.get("campaign_id")
    if column is None:
        return pd.Series([f"row {i + 1}" for i in range(len(frame))], index=frame.index, dtype="str")
    return frame[column].astype("str").str.strip()


# ---------------------------------------------------------------- ROI


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

    def summary(self) -> dict:
        return {
            "campaigns": len(self.frame),
            "model": self.model,
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


def _opportunity_credits(opps: pd.DataFrame, omap: ColumnMapping, config: RevopsConfig,
                         model: str) -> tuple[pd.DataFrame, int]:
    """One row per (opportunity, credited campaign): ``opp``, ``key`` (folded name), ``won`` and
    ``weighted`` (Decimal, already multiplied by the model's share); and how many open
    opportunities had no probability."""
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
    won_col = _column(opps, omap, "won")
    won = stages.isin(["closed won", "won"]).to_numpy(dtype=bool)
    if won_col is not None:
        won = won | _fold_column(won_col).isin(list(_TRUE)).to_numpy(dtype=bool)
    lost = stages.isin(["closed lost", "lost"]).to_numpy(dtype=bool) & ~won
    prob_col = _column(opps, omap, "probability")
    probs = _parse_count(prob_col) if prob_col is not None else pd.Series(np.nan, index=index)
    filled = probs.dropna()
    if len(filled) and bool((filled <= 1).all()):
        probs = probs * 100  # HubSpot-style fractions
    table = _stage_probability(config)
    fallback = pd.to_numeric(stages.astype(object).map(table), errors="coerce").to_numpy(dtype=np.float64)
    probs = np.where(np.isnan(probs.to_numpy(dtype=np.float64)), fallback, probs.to_numpy(dtype=np.float64))
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
    won_value = np.where(won, amounts, _ZERO)

    primary_col = _column(opps, omap, "campaign")
    primary = _fold_column(primary_col) if primary_col is not None else pd.Series(None, index=index, dtype="str")
    touch_col = _column(opps, omap, "campaign_touches")
    if touch_col is None:  # not an opportunities-schema field: found here by header spelling
        keys = {header_key(c): c for c in opps.columns}
        hit = next((keys[header_key(a)] for a in CAMPAIGN_TOUCH_HEADERS if header_key(a) in keys), None)
        touch_col = opps[hit] if hit is not None else None
    base = pd.DataFrame({"opp": np.arange(n), "key": primary.to_numpy(dtype=object),
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
    folded = _fold_column(names).to_numpy(dtype=object)
    folded = [None if pd.isna(f) else f for f in folded]
    known = {f for f in folded if f}
    costs, sources, mismatch, sums = _campaign_costs(campaigns, campaign_mapping, config)
    leads_col = _column(campaigns, campaign_mapping, "leads")
    leads = _parse_count(leads_col).to_numpy() if leads_col is not None else np.full(len(campaigns), np.nan)

    won: dict[str, Decimal] = {}
    weighted: dict[str, Decimal] = {}
    opp_count: dict[str, int] = {}
    unattributed = unweighted = 0
    unmatched: list[str] = []
    if opportunities is not None and len(opportunities):
        if opportunity_mapping is None:
            raise ValueError("opportunity_mapping is required with opportunities")
        credits, unweighted = _opportunity_credits(opportunities, opportunity_mapping, config, model)
        matched = credits["key"].isin(known)
        unmatched = sorted(set(credits.loc[~matched, "key"]))
        hits = credits[matched]
        unattributed = len(opportunities) - hits["opp"].nunique()
        if len(hits):
            grouped = hits.groupby("key", sort=False)
            won = grouped["won"].agg(_decimal_sum).to_dict()
            weighted = grouped["weighted"].agg(_decimal_sum).to_dict()
            opp_count = {k: int(v) for k, v in grouped["opp"].nunique().items()}

    rows = []
    seen: set[str] = set()
    total_cost = total_won = total_weighted = costed_revenue = _ZERO
    total_opps = 0
    total_leads = 0.0
    any_cost = False
    for i, name in enumerate(names.to_numpy(dtype=object)):
        key = folded[i]
        first = key is not None and key not in seen  # a duplicated name gets its credit once
        if key:
            seen.add(key)
        c_won = won.get(key, _ZERO) if first else _ZERO
        c_weighted = weighted.get(key, _ZERO) if first else _ZERO
        c_opps = opp_count.get(key, 0) if first else 0
        revenue = c_won + c_weighted
        cost = costs[i]
        roi_value = roi(revenue, cost)
        reason = None if roi_value is not None else "no cost recorded" if cost is None else "cost is zero"
        if cost is not None:
            any_cost = True
            total_cost += cost
            costed_revenue += revenue
        total_won += c_won
        total_weighted += c_weighted
        total_opps += c_opps
        n_leads = None if np.isnan(leads[i]) else int(leads[i])
        if n_leads is not None:
            total_leads += n_leads
        rows.append({
            "campaign": name,
            "cost": to_cents(cost),
            "cost_source": sources[i],
            "cost_components_total": to_cents(sums[i]),
            "cost_mismatch": bool(mismatch[i]),
            "closed_won": to_cents(c_won),
            "weighted_pipeline": to_cents(c_weighted),
            "revenue": to_cents(revenue),
            "roi_percent": None if roi_value is None else float(roi_value),
            "roi_note": reason,
            "leads": n_leads,
            "cost_per_lead": to_cents(cost / n_leads) if cost is not None and n_leads else None,
            "opportunities": c_opps,
            "cost_per_opportunity": to_cents(cost / c_opps) if cost is not None and c_opps else None,
        })
    frame = pd.DataFrame(rows, columns=[
        "campaign", "cost", "cost_source", "cost_components_total", "cost_mismatch", "closed_won",
        "weighted_pipeline", "revenue", "roi_percent", "roi_note", "leads", "cost_per_lead", "opportunities",
        "cost_per_opportunity",
    ])
    for column in ("cost", "cost_components_total", "closed_won", "weighted_pipeline", "revenue", "roi_percent",
                   "cost_per_lead", "cost_per_opportunity"):
        frame[column] = pd.to_numeric(frame[column].astype(object), errors="coerce").astype(np.float64)
    frame["leads"] = pd.array(frame["leads"].astype(object).where(frame["leads"].notna(), None), dtype="Int64")
    frame["opportunities"] = frame["opportunities"].astype(np.int64)
    frame["cost_mismatch"] = frame["cost_mismatch"].astype(bool)
    frame["cost_source"] = frame["cost_source"].astype("str")
    frame["roi_note"] = frame["roi_note"].astype("str")
    total_revenue = total_won + total_weighted
    total_roi = roi(costed_revenue, total_cost)
    totals = {
        "cost": to_cents(total_cost) if any_cost else None,
        "closed_won": to_cents(total_won),
        "weighted_pipeline": to_cents(total_weighted),
        "revenue": to_cents(total_revenue),
        # over the campaigns that have a cost: revenue of a campaign without one would inflate it
        "roi_percent": None if total_roi is None else float(total_roi),
        "roi_note": None if total_cost else ("cost is zero" if any_cost else "no cost recorded"),
        "roi_revenue": to_cents(costed_revenue),
        "opportunities": total_opps,
        "leads": int(total_leads) if leads_col is not None else None,
        "cost_per_lead": to_cents(total_cost / Decimal(int(total_leads))) if total_leads and any_cost else None,
        "cost_per_opportunity": to_cents(total_cost / total_opps) if total_opps and any_cost else None,
    }
    return RoiResult(
        frame=frame, totals=totals, model=model, cost_mismatches=int(sum(mismatch)),
        unattributed_opportunities=unattributed, unmatched_campaigns=sorted(unmatched),
        unweighted_opportunities=unweighted,
    )


# ---------------------------------------------------------------- audit


@dataclass
class AuditResult:
    """What :func:`campaign_audit` returns: rates, triggered actions, scope and approval per campaign."""

    frame: pd.DataFrame
    triggers: dict[str, int] = field(default_factory=dict)  # metric -> campaigns it fired for
    approvals: dict[str, int] = field(default_factory=dict)  # status -> campaigns
    in_scope: int = 0

    def summary(self) -> dict:
        return {
            "campaigns": len(self.frame),
            "in_scope": self.in_scope,
            "triggers": self.triggers,
            "approvals": self.approvals,
            "campaigns_with_actions": int((self.frame["actions"].map(len) > 0).sum()) if len(self.frame) else 0,
        }


def _rates(campaigns: pd.DataFrame, mapping: ColumnMapping) -> dict[str, pd.Series]:
    """metric -> exact-as-float percentage (NaN where the denominator is missing or 0)."""
    counts = {f: (_parse_count(campaigns[mapping.get(f)]) if mapping.get(f) else
                  pd.Series(np.nan, index=campaigns.index))
              for f in ("sent", "delivered", "opens", "clicks", "conversions", "bounces", "unsubscribes")}
    counts["delivered"] = counts["delivered"].fillna(counts["sent"] - counts["bounces"])
    rates = {}
    for metric, (num, den) in _RATE_PARTS.items():
        denominator = counts[den].where(counts[den] > 0)
        rates[metric] = counts[num] * 100.0 / denominator
    return rates


def campaign_audit(campaigns: pd.DataFrame, mapping: ColumnMapping, config: RevopsConfig) -> AuditResult:
    """Optimisation triggers, SOP scope and budget approval per campaign."""
    settings = config.campaign
    index = campaigns.index
    out = pd.DataFrame({"campaign": _names(campaigns, mapping)}, index=index)
    rates = _rates(campaigns, mapping)
    for metric in RATE_METRICS:
        out[metric] = rates[metric].round(2)

    actions = pd.Series([[] for _ in range(len(index))], index=index, dtype=object)
    fired_metrics = pd.Series([[] for _ in range(len(index))], index=index, dtype=object)
    counts: dict[str, int] = {}
    for trigger in settings.triggers:
        rate = rates[trigger.metric]
        fired = (rate < trigger.threshold) if trigger.op == "<" else (rate > trigger.threshold)
        fired = fired.fillna(False).astype(bool)
        counts[trigger.metric] = counts.get(trigger.metric, 0) + int(fired.sum())
        actions = actions.where(~fired, actions.map(lambda a, act=trigger.action: [*a, act]))
        fired_metrics = fired_metrics.where(~fired, fired_metrics.map(lambda a, m=trigger.metric: [*a, m]))
    out["triggers"] = fired_metrics
    out["actions"] = actions

    budget_col = _column(campaigns, mapping, "budget")
    budgets = parse_money(budget_col) if budget_col is not None else pd.Series([None] * len(index), index=index,
                                                                                 dtype=object)
    budget_f = pd.Series([np.nan if b is None else float(b) for b in budgets], index=index, dtype=np.float64)
    contacts_col = _column(campaigns, mapping, "contacts")
    if contacts_col is None:
        contacts_col = _column(campaigns, mapping, "sent")
    contacts = _parse_count(contacts_col) if contacts_col is not None else pd.Series(np.nan, index=index)
    out["budget"] = budget_f
    out["contacts"] = contacts
    out["in_scope"] = ((budget_f > settings.scope_budget_over) | (contacts >= settings.scope_contacts_at_least)
                       ).fillna(False).astype(bool)

    order = settings.approver_order
    matrix = _budget_matrix(config)
    approver_col = _column(campaigns, mapping, "approved_by")
    recorded = (approver_col.to_numpy(dtype=object) if approver_col is not None else [None] * len(index))
    required, resolved, status, notes = [], [], [], []
    for budget, raw in zip(budgets.to_numpy(dtype=object), recorded):
        need = approvals.required_approver(budget, matrix)
        got = fold_approver(raw, order)
        required.append(need)
        resolved.append(got)
        verdict = approval_status(need, got, recorded=_fold(raw) is not None, approver_order=order)
        status.append(verdict)
        if verdict == "missing":
            notes.append("no approver recorded" + (f"; needs {need}" if need else ""))
        elif verdict == "unknown":
            notes.append(f"{str(raw).strip()!r} is not an approver in approver_order" if got is None
                         else "no budget to check the approver against")
        elif verdict == "too_junior":
            notes.append(f"budget {budget:,.2f} needs {need}, approved by {got}")
        else:
            notes.append(None)
    out["approver_required"] = pd.Series(required, index=index, dtype="str")
    out["approver_recorded"] = (approver_col.astype("str") if approver_col is not None
                                else pd.Series(None, index=index, dtype="str"))
    out["approver_resolved"] = pd.Series(resolved, index=index, dtype="str")
    out["approval_status"] = pd.Series(status, index=index, dtype="str")
    out["approval_note"] = pd.Series(notes, index=index, dtype="str")
    return AuditResult(
        frame=out.reset_index(drop=True),
        triggers=counts,
        approvals={s: status.count(s) for s in APPROVAL_STATUSES},
        in_scope=int(out["in_scope"].sum()),
    )


# ---------------------------------------------------------------- lint


@dataclass
class LintResult:
    """What :func:`campaign_lint` returns: one row per problem."""

    problems: pd.DataFrame
    campaigns: int = 0

    @property
    def passed(self) -> bool:
        return len(self.problems) == 0

    @property
    def frame(self) -> pd.DataFrame:
        return self.problems

    def summary(self) -> dict:
        by_check = self.problems["check"].value_counts() if len(self.problems) else pd.Series(dtype=int)
        return {
            "campaigns": self.campaigns,
            "passed": self.passed,
            "problems": len(self.problems),
            "campaigns_with_problems": int(self.problems["campaign"].nunique()) if len(self.problems) else 0,
            "by_check": {str(k): int(v) for k, v in by_check.items()},
        }


def campaign_lint(campaigns: pd.DataFrame, mapping: ColumnMapping, config: RevopsConfig) -> LintResult:
    """Naming, UTM, tracking-URL and email pre-send checks; one row per problem.

    Checks (``check`` column): ``name_missing``, ``name_format`` (does not match
    ``naming_pattern``, which also validates the month), ``name_type`` (type not in
    ``campaign_types``), ``utm_missing``, ``utm_case``, ``utm_spaces``,
    ``utm_campaign_mismatch`` (not the name lower-cased with runs of other
    characters as ``_``), ``url_invalid``, ``url_utm_missing``,
    ``url_utm_mismatch``, ``subject_length`` (>= ``subject_max_chars``),
    ``unsubscribe_link`` (not yes), ``spam_score`` (>= ``spam_score_max``).
    Pre-send checks run only on rows with a subject, spam score or link value.
    """
    settings = config.campaign
    pattern = re.compile(settings.naming_pattern)
    types = {t.casefold() for t in settings.campaign_types}
    names = _names(campaigns, mapping)
    problems: list[tuple[str, str, object, str]] = []

    def add(campaign, check, value, message):
        problems.append((campaign, check, None if value is None else str(value), message))

    def cells(canonical: str) -> list:
        column = mapping.get(canonical)
        if column is None:
            return [None] * len(campaigns)
        return [None if _fold(v) is None else str(v).strip() for v in campaigns[column].to_numpy(dtype=object)]

    utm = {p: cells(f"utm_{p}") for p in ("source", "medium", "campaign", "content", "term")}
    urls = cells("tracking_url")
    subjects = cells("subject")
    spam = _parse_count(campaigns[mapping.get("spam_score")]).to_numpy() if mapping.get("spam_score") else None
    links = cells("unsubscribe_link")
    has_name_column = mapping.get("name") is not None
    utm_mapped = {p for p in utm if mapping.get(f"utm_{p}") is not None}

    for i, name in enumerate(names.to_numpy(dtype=object)):
        label = name if _fold(name) else f"row {i + 1}"
        if has_name_column:
            if _fold(name) is None:
                add(label, "name_missing", None, "campaign has no name")
            else:
                match = pattern.match(name)
                if match is None:
                    add(label, "name_format", name, "name does not follow YYYY-MM-Type-Name")
                elif types and "type" in match.groupdict() and match["type"].casefold() not in types:
                    add(label, "name_type", match["type"],
                        f"type {match['type']!r} is not one of {', '.join(settings.campaign_types)}")
        # UTM columns
        for param in settings.utm_required:
            if param in utm_mapped and utm[param][i] is None:
                add(label, "utm_missing", None, f"utm_{param} is blank")
        if settings.utm_required and not utm_mapped and urls[i] is None:
            add(label, "utm_missing", None, "no UTM columns and no tracking URL")
        for param in (*settings.utm_required, *settings.utm_optional):
            value = utm[param][i]
            if value is None:
                continue
            if value != value.lower():
                add(label, "utm_case", value, f"utm_{param} must be lower case")
            if re.search(r"\s", value):
                add(label, "utm_spaces", value, f"utm_{param} must not contain spaces")
        if utm["campaign"][i] is not None and _fold(name) is not None and utm["campaign"][i] != _slug(name):
            add(label, "utm_campaign_mismatch", utm["campaign"][i],
                f"utm_campaign should be {_slug(name)!r} for campaign {name!r}")
        # tracking URL
        if urls[i] is not None:
            parts = urlsplit(urls[i])
            if parts.scheme not in ("http", "https") or not parts.netloc or " " in urls[i]:
                add(label, "url_invalid", urls[i], "tracking URL is not an http(s) URL")
            else:
                query = {k.lower(): v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
                for param in settings.utm_required:
                    if not query.get(f"utm_{param}"):
                        add(label, "url_utm_missing", urls[i], f"tracking URL has no utm_{param}")
                for param in (*settings.utm_required, *settings.utm_optional):
                    in_url, in_column = query.get(f"utm_{param}"), utm[param][i]
                    if in_url and in_column is not None and in_url != in_column:
                        add(label, "url_utm_mismatch", in_url,
                            f"tracking URL utm_{param}={in_url!r} but the column says {in_column!r}")
        # pre-send
        presend = settings.presend
        if subjects[i] is not None and len(subjects[i]) >= presend.subject_max_chars:
            add(label, "subject_length", subjects[i],
                f"subject is {len(subjects[i])} characters; must be under {presend.subject_max_chars}")
        if spam is not None and not np.isnan(spam[i]) and spam[i] >= presend.spam_score_max:
            add(label, "spam_score", f"{spam[i]:g}", f"spam score must be under {presend.spam_score_max:g}")
        if presend.require_unsubscribe_link and links[i] is not None and links[i].casefold() not in _TRUE:
            add(label, "unsubscribe_link", links[i], "no unsubscribe link")
    frame = pd.DataFrame(problems, columns=LINT_COLUMNS).astype("str") if problems else pd.DataFrame(
        {c: pd.Series([], dtype="str") for c in LINT_COLUMNS})
    return LintResult(problems=frame, campaigns=len(campaigns))

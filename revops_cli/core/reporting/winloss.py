"""Win/Loss Analysis (Reporting SOP, weekly on Thursday, for product): the deals closed in the period.

* **Win rate** = deals won / deals closed (won or lost, as ``deals audit`` reads the stage) x 100, and by amount; overall and
  by source, segment, industry, deal size, owner and product. A breakdown whose column the export lacks is not
  measured, with the ``--map`` that names it. Segment is the export's Segment column, else the company size
  (``reporting.segments``); industry and company size come from the export, else from the account export
  (``--accounts``, matched by company name as dedupe matches companies). Deal size bands are
  ``reporting.deal_size_bands``.
* **Loss reasons** of the lost deals (blank: "(no reason recorded)").
* **Sales cycle** (days from created to close) and **deal size**, won vs lost: deals, median, mean.
* **Stage at which deals were lost**: the last open stage a lost deal entered before it closed, from the stage
  history (``--history``); without one, not measured.

Closed in the period: a closed deal whose close date falls in it (the period's local days).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from revops_cli.columns import ColumnMapping
from revops_cli.config import RevopsConfig
from revops_cli.core.marketing.cohorts import group_labels
from revops_cli.core.metrics import NotMeasured, missing_column, not_measured_json, percent
from revops_cli.core.reporting.history import last_open_stage, stage_entries
from revops_cli.core.reporting.opportunities import OpportunityTable, money_sum
from revops_cli.core.reporting.periods import NO_DAY, Period, in_period
from revops_cli.normalize.company import company_key_column
from revops_cli.normalize.numbers import normalize_employees_column

#: Breakdowns, in the order the SOP lists them: (key, what the column is, the canonical field it needs).
BREAKDOWNS: tuple[tuple[str, str, str], ...] = (
    ("source", "Lead source", "lead_source"), ("segment", "Segment", "segment"),
    ("industry", "Industry", "industry"), ("size", "Deal size", "amount"), ("owner", "Owner", "owner"),
    ("product", "Product", "product"),
)
BLANK = "(blank)"
NO_REASON = "(no reason recorded)"


@dataclass
class WinLoss:
    """What :func:`win_loss` returns."""

    period: Period
    overall: dict
    breakdowns: dict[str, list[dict] | None]  # key -> rows (None: not measured)
    loss_reasons: list[dict] | None
    cycle: list[dict]  # won / lost: deals, median and mean days
    size: list[dict]  # won / lost: deals, median and mean amount
    lost_at_stage: list[dict] | None
    deals: pd.DataFrame  # the closed deals of the period
    not_measured: dict[str, NotMeasured] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def summary(self) -> dict:
        return {"period": self.period.to_dict(), "overall": self.overall, "breakdowns": self.breakdowns,
                "loss_reasons": self.loss_reasons, "cycle": self.cycle, "size": self.size,
                "lost_at_stage": self.lost_at_stage, "not_measured": not_measured_json(self.not_measured),
                "notes": self.notes}


def _rates(keys: pd.Series, won: np.ndarray, amount: np.ndarray, order: list[str] | None = None) -> list[dict]:
    """Win rate per value (grouped ignoring case and spacing, as the funnel groups sources)."""
    labels = pd.Series(group_labels(keys), dtype=object).fillna(BLANK)
    frame = pd.DataFrame({"key": labels.to_numpy(object), "won": won.astype(np.int64), "closed": 1,
                          "won_amount": np.where(won, np.nan_to_num(amount), 0.0), "amount": np.nan_to_num(amount)})
    grouped = frame.groupby("key", sort=False).sum()
    names = [*order, BLANK] if order is not None else sorted(grouped.index, key=lambda k: (k == BLANK, -grouped.loc[k, "closed"],
                                                                                  str(k).casefold()))
    rows = []
    for name in names:
        if name not in grouped.index:
            continue
        g = grouped.loc[name]
        closed, wins = int(g["closed"]), int(g["won"])
        rows.append({"value": name, "closed": closed, "won": wins, "lost": closed - wins,
                     "win_rate": percent(wins, closed), "won_amount": round(float(g["won_amount"]), 2),
                     "closed_amount": round(float(g["amount"]), 2),
                     "win_rate_amount": percent(float(g["won_amount"]), float(g["amount"]))})
    return rows


def _size_band(amount: np.ndarray, bounds: list[float], currency: str) -> tuple[pd.Series, list[str]]:
    def money(v: float) -> str:
        return f"{currency}{v / 1000:g}K" if v >= 1000 else f"{currency}{v:g}"
    labels = [f"≤ {money(bounds[0])}"] + [f"{money(bounds[i - 1])}–{money(bounds[i])}" for i in range(1, len(bounds))]
    labels.append(f"> {money(bounds[-1])}")
    position = np.searchsorted(np.array(bounds), np.nan_to_num(amount, nan=-1.0), side="left")
    text = np.array(labels, dtype=object)[position]
    return pd.Series(np.where(np.isnan(amount), None, text), dtype=object), labels


def _segment(employees: np.ndarray, config: RevopsConfig) -> pd.Series:
    segments = config.reporting.segments
    bounds = np.array([s.max_employees for s in segments[:-1]], dtype=np.float64)
    position = np.searchsorted(bounds, np.nan_to_num(employees, nan=-1.0), side="left")
    names = np.array([s.name for s in segments], dtype=object)[position]
    return pd.Series(np.where(np.isnan(employees), None, names), dtype=object)


def _from_accounts(deals: pd.DataFrame, accounts: pd.DataFrame, mapping: ColumnMapping) -> pd.DataFrame:
    """Industry and employees of each deal's account, matched by company key."""
    name_column = mapping.get("account_name")
    out = pd.DataFrame(index=deals.index, data={"industry": None, "employees": np.nan})
    if name_column is None or deals["account_name"].isna().all():
        return out
    keys = company_key_column(accounts[name_column].astype("str"))
    info = pd.DataFrame({"key": keys.to_numpy(object)})
    info["industry"] = (accounts[mapping.get("industry")].astype("str").str.strip().replace("", None).to_numpy(object)
                        if mapping.get("industry") else None)
    info["employees"] = (normalize_employees_column(accounts[mapping.get("employees")])["revops_employees"]
                         .to_numpy(np.float64) if mapping.get("employees") else np.nan)
    info = info[info["key"].notna()].drop_duplicates("key").set_index("key")
    deal_keys = company_key_column(deals["account_name"].astype("str"))
    matched = info.reindex(deal_keys.to_numpy(object))
    out["industry"] = matched["industry"].to_numpy(object)
    out["employees"] = matched["employees"].to_numpy(np.float64)
    return out


def win_loss(
    table: OpportunityTable,
    config: RevopsConfig,
    *,
    period: Period,
    history: pd.DataFrame | None = None,
    history_mapping: ColumnMapping | None = None,
    accounts: pd.DataFrame | None = None,
    account_mapping: ColumnMapping | None = None,
) -> WinLoss:
    """Win/loss of the deals closed in ``period`` (see the module doc). Pure."""
    deals_all = table.deals
    closed_mask = (deals_all["won"] | deals_all["lost"]).to_numpy(bool) & in_period(
        deals_all["close_day"].to_numpy(np.int64), period)
    deals = deals_all[closed_mask].copy()
    not_measured: dict[str, NotMeasured] = {}
    notes: list[str] = []
    won = deals["won"].to_numpy(bool)
    amount = deals["amount"].to_numpy(np.float64)
    n = len(deals)

    industry = deals["industry"]
    employees = deals["employees"].to_numpy(np.float64)
    if accounts is not None and account_mapping is not None:
        looked_up = _from_accounts(deals, accounts, account_mapping)
        industry = industry.where(industry.notna(), looked_up["industry"])
        employees = np.where(np.isnan(employees), looked_up["employees"].to_numpy(np.float64), employees)
        notes.append(f"{int((looked_up['industry'].notna() | looked_up['employees'].notna()).sum()):,} of {n:,} "
                     "closed deals matched an account by company name")
    segment = deals["segment"]
    if not table.has("segment"):
        segment = _segment(employees, config)
        segment.index = deals.index
    size, size_order = _size_band(amount, config.reporting.deal_size_bands, _symbol(config.general.currency))
    size.index = deals.index
    keys = {"source": deals["lead_source"], "segment": segment, "industry": industry, "size": size,
            "owner": deals["owner"], "product": deals["product"]}
    has_accounts = accounts is not None and account_mapping is not None
    available = {
        "source": table.has("lead_source"),
        "segment": table.has("segment") or table.has("employees") or (has_accounts and account_mapping.get(
            "employees") is not None),
        "industry": table.has("industry") or (has_accounts and account_mapping.get("industry") is not None),
        "size": table.has("amount"), "owner": table.has("owner"), "product": table.has("product"),
    }
    breakdowns: dict[str, list[dict] | None] = {}
    for key, _, canonical in BREAKDOWNS:
        if not available[key]:
            fix = missing_column(canonical)
            if key in ("segment", "industry"):
                fix = NotMeasured(f"no {canonical} column and no account export with one",
                                  f"--map {canonical}=HEADER, or --accounts accounts.csv")
            not_measured[key] = fix
            breakdowns[key] = None
        else:
            breakdowns[key] = _rates(keys[key], won, amount, size_order if key == "size" else None)

    if not table.has("close_date"):
        not_measured["period"] = NotMeasured("no close date column: no deal can be placed in the period",
                                             "--map close_date=HEADER")
    strange = table.unknown_stage_note("left out of the win rate")
    if strange:
        notes.append(strange)
    overall = {"closed": n, "won": int(won.sum()), "lost": int((~won).sum()),
               "win_rate": percent(int(won.sum()), n),
               "won_amount": money_sum(amount[won]), "lost_amount": money_sum(amount[~won]),
               "win_rate_amount": percent(money_sum(amount[won]), money_sum(amount))}

    loss_reasons = None
    if table.has("loss_reason"):
        reasons = deals.loc[~won, "loss_reason"].fillna(NO_REASON)
        counts = reasons.value_counts()
        lost_amount = pd.Series(np.nan_to_num(amount[~won]), index=reasons.index).groupby(reasons).sum()
        loss_reasons = [{"reason": r, "deals": int(c), "share": percent(int(c), int((~won).sum())),
                         "amount": round(float(lost_amount[r]), 2)}
                        for r, c in sorted(counts.items(), key=lambda kv: (kv[0] == NO_REASON, -kv[1], kv[0]))]
    else:
        not_measured["loss_reasons"] = missing_column("loss_reason")

    created, close = deals["created_day"].to_numpy(np.int64), deals["close_day"].to_numpy(np.int64)
    days = np.where(created != NO_DAY, (close - created).astype(np.float64), np.nan)
    days = np.where(days < 0, np.nan, days)
    if not table.has("created_at"):
        not_measured["cycle"] = missing_column("created_at", "created date")
    cycle = [_stats(label, days[mask]) for label, mask in (("won", won), ("lost", ~won))]
    size_stats = [_stats(label, amount[mask], money=True) for label, mask in (("won", won), ("lost", ~won))]
    negative = int(((close - created) < 0)[created != NO_DAY].sum())
    if negative:
        notes.append(f"{negative:,} closed deals close before they were created; left out of the sales cycle")

    lost_at = None
    if history is not None:
        entries = stage_entries(history, history_mapping, config)
        last = last_open_stage(entries, config)
        lost_ids = deals.loc[~won, "opportunity_id"]
        stage = lost_ids.map(last).fillna("(not in the history)")
        counts = stage.value_counts()
        order = [*config.deals.stage_limits_days, "(not in the history)"]
        lost_at = [{"stage": s, "deals": int(counts.get(s, 0)), "share": percent(int(counts.get(s, 0)),
                                                                                 int((~won).sum()))}
                   for s in order if counts.get(s, 0)]
    else:
        not_measured["lost_at_stage"] = NotMeasured("no stage history: the stage a lost deal was in before it "
                                                    "closed is unknown", "--history stage-history.csv")
    return WinLoss(period=period, overall=overall, breakdowns=breakdowns, loss_reasons=loss_reasons, cycle=cycle,
                   size=size_stats, lost_at_stage=lost_at, deals=deals, not_measured=not_measured, notes=notes)


def _stats(label: str, values: np.ndarray, money: bool = False) -> dict:
    values = values[~np.isnan(values)]
    if not len(values):
        return {"outcome": label, "deals": 0, "median": None, "mean": None}
    digits = 2 if money else 1
    return {"outcome": label, "deals": int(len(values)), "median": round(float(np.median(values)), digits),
            "mean": round(float(np.mean(values)), digits)}


def _symbol(currency: str) -> str:
    return {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}.get(currency, currency + " ")

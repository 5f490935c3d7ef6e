"""Pipeline Changes (Reporting SOP, daily 10 AM, management, Slack): what changed between two opportunity snapshots.

Two exports of the same opportunity report, taken at two moments, are matched by opportunity id. Each deal gets
every change that applies (one row per change in :attr:`PipelineChanges.changes`):

* ``new``: in the current snapshot only. ``vanished``: in the previous one only (deleted, merged, or no longer in
  the report's filter); never silently dropped.
* Stage, on the Sales Process SOP's order (``deals.stage_limits_days``; a deal's stage and open/won/lost as
  ``deals audit`` reads them): ``moved_forward`` / ``moved_back`` between open stages; ``won``, ``lost`` (to another
  closed stage), ``reopened`` (closed before, open now); ``stage_changed`` between stages outside that order.
* ``amount_up`` / ``amount_down`` (both amounts known, different; deals open now), ``amount_changed`` (one side
  blank).
* ``close_pushed`` / ``close_pulled_in``: the close date of a deal open in both moved later / earlier (``delta`` in
  days). How often each deal has been pushed: the pushes across every snapshot given (``--previous`` more than
  once, oldest first), and the CRM's own push count when the export has one (``Push Count``).
* ``owner_changed``, and ``category_changed`` when both snapshots carry a forecast category.

Totals per owner (the deal's current owner, else its previous one) and the pipeline bridge: open pipeline then +
new + reopened + amount changes on deals open in both − won − lost − vanished = open pipeline now (amounts as
``revops deals audit`` reads them; a blank amount adds nothing and is counted in ``blank_amounts``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from revops_cli.config import RevopsConfig
from revops_cli.core.metrics import NotMeasured, missing_column, not_measured_json
from revops_cli.core.reporting.opportunities import OpportunityTable, money_sum
from revops_cli.core.reporting.periods import NO_DAY
from revops_cli.errors import RevopsInputError

CHANGE_KINDS: tuple[str, ...] = (
    "new", "won", "lost", "reopened", "moved_forward", "moved_back", "stage_changed", "amount_up", "amount_down",
    "amount_changed", "close_pushed", "close_pulled_in", "owner_changed", "category_changed", "vanished",
)
CHANGE_COLUMNS = ["opportunity_id", "name", "owner", "kind", "before", "after", "amount", "delta", "pushes"]
OWNER_COLUMNS = ["owner", "deals", "changes", "new", "new_amount", "won", "won_amount", "lost", "lost_amount",
                 "reopened", "moved_forward", "moved_back", "close_pushed", "pushed_amount", "amount_up",
                 "amount_down", "vanished", "open_before", "open_now", "net_change"]


@dataclass
class Snapshot:
    """One opportunity export and what to call it ("opportunities_2026-11-19.csv")."""

    table: OpportunityTable
    label: str


@dataclass
class PipelineChanges:
    """What :func:`pipeline_changes` returns: the changes, the deals they are on, totals per owner and overall."""

    changes: pd.DataFrame
    deals: pd.DataFrame
    owners: pd.DataFrame
    totals: dict
    bridge: list[dict]
    previous: str
    current: str
    snapshots: int
    not_measured: dict[str, NotMeasured] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def summary(self) -> dict:
        return {"previous": self.previous, "current": self.current, "snapshots": self.snapshots,
                "totals": self.totals, "bridge": self.bridge, "notes": self.notes,
                "owners": _records(self.owners), "changes": _records(self.changes),
                "not_measured": not_measured_json(self.not_measured)}


def _records(frame: pd.DataFrame) -> list[dict]:
    out = []
    for row in frame.to_dict("records"):
        out.append({k: (None if v is None or (isinstance(v, float) and np.isnan(v)) else
                        int(v) if isinstance(v, (np.integer,)) else float(v) if isinstance(v, np.floating) else v)
                    for k, v in row.items()})
    return out


def _keyed(table: OpportunityTable, label: str) -> pd.DataFrame:
    deals = table.deals
    if not table.has("opportunity_id"):
        raise RevopsInputError(f"{label}: no opportunity id column (looked for 'Opportunity ID', 'Deal ID', ...); "
                               "snapshots are matched by id. Name it with --map opportunity_id='Your Header'.")
    keyed = deals[deals["opportunity_id"].notna()]
    duplicated = keyed["opportunity_id"].duplicated(keep="first")
    if duplicated.any():
        first = keyed.loc[duplicated, "opportunity_id"].iloc[0]
        raise RevopsInputError(f"{label}: opportunity id {first!r} is on {int(duplicated.sum()) + 1} rows or more; "
                               "a snapshot holds each deal once (export the opportunity report, not a line-item "
                               "report).")
    return keyed.set_index("opportunity_id")


def _pushes(chain: Sequence[pd.DataFrame]) -> pd.Series:
    """Per opportunity id: how many consecutive snapshot pairs moved its close date later while it was open."""
    counts = pd.Series(dtype=np.int64)
    for older, newer in zip(chain, chain[1:]):
        both = older[["close_day", "open"]].add_suffix("_then").join(newer[["close_day", "open"]], how="inner")
        before, after = both["close_day_then"].to_numpy(np.int64), both["close_day"].to_numpy(np.int64)
        pushed = ((before != NO_DAY) & (after != NO_DAY) & (after > before) & both["open_then"].to_numpy(bool)
                  & both["open"].to_numpy(bool))
        counts = counts.add(pd.Series(pushed.astype(np.int64), index=both.index), fill_value=0)
    return counts.astype(np.int64)


def pipeline_changes(current: Snapshot, previous: Sequence[Snapshot], config: RevopsConfig) -> PipelineChanges:
    """Compare ``current`` with the last of ``previous`` (the others, oldest first, add to push counts)."""
    if not previous:
        raise RevopsInputError("Pipeline changes need a previous snapshot: give --previous FILE.")
    chain = [_keyed(s.table, s.label) for s in (*previous, current)]
    before, after = chain[-2], chain[-1]
    pushes = _pushes(chain)
    ids = before.index.union(after.index, sort=False)
    b = before.reindex(ids)
    a = after.reindex(ids)
    in_b, in_a = ids.isin(before.index), ids.isin(after.index)
    open_b = b["open"].fillna(False).to_numpy(dtype=bool)
    open_a = a["open"].fillna(False).to_numpy(dtype=bool)
    won_a = a["won"].fillna(False).to_numpy(dtype=bool)
    lost_a = a["lost"].fillna(False).to_numpy(dtype=bool)
    closed_b = (b["won"].fillna(False) | b["lost"].fillna(False)).to_numpy(dtype=bool)
    won_b = b["won"].fillna(False).to_numpy(dtype=bool)
    both = in_a & in_b

    owner = a["owner"].where(a["owner"].notna(), b["owner"]).fillna("(no owner)").to_numpy(object)
    name = a["name"].where(a["name"].notna(), b["name"]).to_numpy(object)
    amount_b, amount_a = b["amount"].to_numpy(np.float64), a["amount"].to_numpy(np.float64)
    stage_b, stage_a = b["stage"].to_numpy(object), a["stage"].to_numpy(object)
    rank_b = b["stage_rank"].fillna(-1).to_numpy(np.int64)
    rank_a = a["stage_rank"].fillna(-1).to_numpy(np.int64)
    close_b = b["close_day"].fillna(NO_DAY).to_numpy(np.int64)
    close_a = a["close_day"].fillna(NO_DAY).to_numpy(np.int64)
    deal_pushes = pushes.reindex(ids).fillna(0).astype(np.int64).to_numpy()

    kinds: dict[str, np.ndarray] = {}
    same_stage = (pd.Series(stage_b, dtype=object).fillna("").str.casefold().to_numpy(object)
                  == pd.Series(stage_a, dtype=object).fillna("").str.casefold().to_numpy(object))
    kinds["new"] = in_a & ~in_b
    kinds["vanished"] = in_b & ~in_a
    kinds["won"] = both & won_a & ~won_b
    kinds["lost"] = both & lost_a & (open_b | won_b)
    kinds["reopened"] = both & closed_b & open_a
    stays_open = both & open_b & open_a & ~same_stage
    ranked = stays_open & (rank_a >= 0) & (rank_b >= 0)
    kinds["moved_forward"] = ranked & (rank_a > rank_b)
    kinds["moved_back"] = ranked & (rank_a < rank_b)
    kinds["stage_changed"] = (stays_open & ~ranked) | (both & ~open_b & ~open_a & ~same_stage & ~kinds["won"]
                                                       & ~kinds["lost"])
    known = ~np.isnan(amount_b) & ~np.isnan(amount_a)
    differs = known & (np.round(amount_a - amount_b, 2) != 0)
    kinds["amount_up"] = both & open_a & differs & (amount_a > amount_b)
    kinds["amount_down"] = both & open_a & differs & (amount_a < amount_b)
    kinds["amount_changed"] = both & open_a & (np.isnan(amount_b) != np.isnan(amount_a))
    dated = (close_b != NO_DAY) & (close_a != NO_DAY)
    kinds["close_pushed"] = both & open_b & open_a & dated & (close_a > close_b)
    kinds["close_pulled_in"] = both & open_b & open_a & dated & (close_a < close_b)
    owner_b = b["owner"].fillna("").str.casefold().str.strip().to_numpy(object)
    owner_a = a["owner"].fillna("").str.casefold().str.strip().to_numpy(object)
    kinds["owner_changed"] = both & (owner_a != owner_b)
    not_measured: dict[str, NotMeasured] = {}
    if previous[-1].table.category_source and current.table.category_source:
        cat_b, cat_a = b["category"].to_numpy(object), a["category"].to_numpy(object)
        kinds["category_changed"] = both & open_a & (cat_b != cat_a) & ~(pd.isna(cat_b) & pd.isna(cat_a))
    else:
        kinds["category_changed"] = np.zeros(len(ids), dtype=bool)
        not_measured["category_changed"] = missing_column("forecast_category")
    if not current.table.has("close_date") or not previous[-1].table.has("close_date"):
        not_measured["close_pushed"] = missing_column("close_date")
    if not current.table.has("amount") or not previous[-1].table.has("amount"):
        not_measured["amount"] = missing_column("amount")

    def fmt_day(days: np.ndarray) -> np.ndarray:
        out = np.full(len(days), None, dtype=object)
        ok = days != NO_DAY
        out[ok] = days[ok].astype("datetime64[D]").astype(str)
        return out

    texts = {
        "stage": (stage_b, stage_a), "amount": (amount_b, amount_a), "close": (fmt_day(close_b), fmt_day(close_a)),
        "owner": (b["owner"].to_numpy(object), a["owner"].to_numpy(object)),
        "category": (b["category"].to_numpy(object), a["category"].to_numpy(object)),
    }
    what = {"new": "stage", "won": "stage", "lost": "stage", "reopened": "stage", "moved_forward": "stage",
            "moved_back": "stage", "stage_changed": "stage", "vanished": "stage", "amount_up": "amount",
            "amount_down": "amount", "amount_changed": "amount", "close_pushed": "close", "close_pulled_in": "close",
            "owner_changed": "owner", "category_changed": "category"}
    parts = []
    for kind in CHANGE_KINDS:
        rows = np.flatnonzero(kinds[kind])
        if not len(rows):
            continue
        before_text, after_text = texts[what[kind]]
        if kind == "new":
            before_text = np.full(len(ids), None, dtype=object)
        if kind == "vanished":
            after_text = np.full(len(ids), None, dtype=object)
        money = np.where(in_a, amount_a, amount_b)
        if kind in ("won", "lost", "vanished"):
            money = np.where(kind == "vanished", amount_b, np.where(np.isnan(amount_a), amount_b, amount_a))
        if what[kind] == "amount":
            delta = amount_a - amount_b
        elif what[kind] == "close":
            delta = (close_a - close_b).astype(np.float64)
        else:
            delta = np.full(len(ids), np.nan)
        parts.append(pd.DataFrame({
            "opportunity_id": ids[rows].to_numpy(object), "name": name[rows], "owner": owner[rows], "kind": kind,
            "before": _plain_values(before_text[rows]), "after": _plain_values(after_text[rows]),
            "amount": money[rows], "delta": delta[rows], "pushes": deal_pushes[rows]}))
    changes = (pd.concat(parts, ignore_index=True) if parts
               else pd.DataFrame({c: pd.Series(dtype=object) for c in CHANGE_COLUMNS}))[CHANGE_COLUMNS]

    deals = pd.DataFrame({
        "opportunity_id": ids.to_numpy(object), "name": name, "owner": owner,
        "stage_before": stage_b, "stage_now": stage_a, "amount_before": amount_b, "amount_now": amount_a,
        "close_before": fmt_day(close_b), "close_now": fmt_day(close_a), "open_before": open_b, "open_now": open_a,
        "pushes": deal_pushes,
        "crm_push_count": a["push_count"].to_numpy(np.float64) if current.table.has("push_count") else np.nan,
        "changes": _kind_lists(kinds, len(ids)),
    })
    deals = deals[deals["changes"] != ""].reset_index(drop=True)

    open_amount_b = np.where(open_b, np.nan_to_num(amount_b), 0.0)
    open_amount_a = np.where(open_a, np.nan_to_num(amount_a), 0.0)
    new_open = kinds["new"] & open_a
    delta_open = np.where(both & open_b & open_a, np.nan_to_num(amount_a) - np.nan_to_num(amount_b), 0.0)
    bridge_parts = [
        ("open pipeline then", money_sum(open_amount_b)),
        ("new", money_sum(np.where(new_open, open_amount_a, 0.0))),
        ("reopened", money_sum(np.where(kinds["reopened"], open_amount_a, 0.0))),
        ("amount changes", money_sum(delta_open)),
        ("won", -money_sum(np.where(kinds["won"] & open_b, open_amount_b, 0.0))),
        ("lost", -money_sum(np.where(kinds["lost"] & open_b, open_amount_b, 0.0))),
        ("vanished", -money_sum(np.where(kinds["vanished"], open_amount_b, 0.0))),
        ("open pipeline now", money_sum(open_amount_a)),
    ]
    bridge = [{"step": step, "amount": value} for step, value in bridge_parts]

    closed_amount = np.nan_to_num(np.where(np.isnan(amount_a), amount_b, amount_a))
    per = pd.DataFrame({"owner": owner,
                        **{k: kinds[k].astype(np.int64) for k in CHANGE_KINDS},
                        "new_amount": np.where(kinds["new"], np.nan_to_num(amount_a), 0.0),
                        "won_amount": np.where(kinds["won"], closed_amount, 0.0),
                        "lost_amount": np.where(kinds["lost"], closed_amount, 0.0),
                        "pushed_amount": np.where(kinds["close_pushed"], np.nan_to_num(amount_a), 0.0),
                        "open_before": open_amount_b, "open_now": open_amount_a,
                        "changed": np.any(np.vstack([kinds[k] for k in CHANGE_KINDS]), axis=0).astype(np.int64),
                        "change_count": np.sum(np.vstack([kinds[k] for k in CHANGE_KINDS]), axis=0)})
    grouped = per.groupby("owner", sort=True).sum(numeric_only=True).reset_index()
    grouped = grouped[grouped["changed"] > 0].copy()
    grouped["deals"] = grouped.pop("changed")
    grouped["changes"] = grouped.pop("change_count")
    grouped["net_change"] = (grouped["open_now"] - grouped["open_before"]).round(2)
    for column in ("new_amount", "won_amount", "lost_amount", "pushed_amount", "open_before", "open_now"):
        grouped[column] = grouped[column].round(2)
    owners = grouped.sort_values(["changes", "owner"], ascending=[False, True])[OWNER_COLUMNS].reset_index(drop=True)

    totals = {
        "deals_before": int(in_b.sum()), "deals_now": int(in_a.sum()), "deals_changed": int(len(deals)),
        "changes": int(len(changes)),
        **{kind: int(kinds[kind].sum()) for kind in CHANGE_KINDS},
        "new_amount": money_sum(np.where(kinds["new"], amount_a, 0.0)),
        "won_amount": money_sum(np.where(kinds["won"], closed_amount, 0.0)),
        "lost_amount": money_sum(np.where(kinds["lost"], closed_amount, 0.0)),
        "pushed_amount": money_sum(np.where(kinds["close_pushed"], amount_a, 0.0)),
        "open_before": bridge_parts[0][1], "open_now": bridge_parts[-1][1],
        "net_change": round(bridge_parts[-1][1] - bridge_parts[0][1], 2),
        "pushed_more_than_once": int((deal_pushes > 1).sum()),
        "blank_amounts": int((in_a & np.isnan(amount_a)).sum()),
    }
    strange = current.table.unknown_stage_note("left out of the open pipeline, and a move between them is "
                                               "'stage changed'")
    return PipelineChanges(changes=changes, deals=deals, owners=owners, totals=totals, bridge=bridge,
                           previous=previous[-1].label, current=current.label, snapshots=len(previous) + 1,
                           not_measured=not_measured, notes=[strange] if strange else [])


def _kind_lists(kinds: dict[str, np.ndarray], n: int) -> np.ndarray:
    """Per deal, its change kinds joined by ", " (vectorised over the kinds, not the deals)."""
    text = np.full(n, "", dtype=object)
    for kind in CHANGE_KINDS:
        text = text + np.where(kinds[kind], kind + ", ", "").astype(object)
    return pd.Series(text, dtype=object).str.slice(0, -2).to_numpy(object)


def _plain_values(values: np.ndarray) -> np.ndarray:
    """Texts or amounts as JSON-able objects (NaN -> None), without a Python call per row."""
    out = np.asarray(values).astype(object)
    out[pd.isna(out)] = None
    return out

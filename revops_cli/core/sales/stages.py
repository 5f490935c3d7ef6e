"""Which SOP stage a deal is in, and whether it is open, won or lost, whatever the CRM calls it.

Sales Process SOP, "Sales Stages & Exit Criteria": Prospecting, Discovery, Solution Design,
Proposal, Negotiation, then Closed Won / Closed Lost. CRMs name these differently (Salesforce's
stock stages, HubSpot's ``closedwon``, Pipedrive's Status, Bitrix24's ``C3:EXECUTING``), so
both ``deals audit`` and ``deals inspect`` read a deal through :func:`classify_deals`.

Decisions, in the order they are tried for each deal (the first that says something wins):

1. a won flag (``IsWon``, ``hs_is_closed_won``) that says yes, or a won date (``won_date`` of a
   closed-deals table with no stage column): closed won;
2. a closed flag (``IsClosed``, ``hs_is_closed``): yes is closed (won or lost from the won
   flag, else from the status or the stage), no is open;
3. a status column (Pipedrive, Pardot: open/won/lost; ``deals.status_values``);
4. the stage name: an SOP stage name, else ``deals.stage_map``, else a word of
   ``deals.stage_words`` (``Won - Signed``, ``Closed-Lost to Competition``);
5. the forecast category (``deals.forecast_categories``: Closed is won, Omitted lost), only
   when the stage said nothing.

A deal none of these decide is *unknown*: it is reported as "stage not mapped" (the stage
values and the ``deals.stage_map`` key that fixes them) and left out of the open-deal checks,
never counted open (its close date would be "past due") and never given no time limit silently.
Every lookup is made once per distinct value.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from revops_cli.columns import ColumnMapping
from revops_cli.config import DealsConfig
from revops_cli.config.sales import stage_key, stage_words
from revops_cli.normalize.blank import is_blank
from revops_cli.normalize.booleans import truth_values

#: How a deal's stage or outcome was decided (the ``via`` column).
VIA_SOP = "SOP stage name"
VIA_MAP = "deals.stage_map"
VIA_WORD = "deals.stage_words"
VIA_WON_FLAG = "won flag column"
VIA_WON_DATE = "won date column"
VIA_CLOSED_FLAG = "closed flag column"
VIA_STATUS = "status column"
VIA_FORECAST = "forecast category column"


@dataclass
class DealStages:
    """What :func:`classify_deals` returns, one entry per deal (row order of the frame)."""

    stage: pd.Series  #: the stage as written (trimmed), None where blank
    sop_stage: np.ndarray  #: the SOP stage (object), None where unknown
    state: np.ndarray  #: "open", "closed" or None (unknown)
    outcome: np.ndarray  #: "won", "lost" or None (open, unknown, or closed without a known outcome)
    via: np.ndarray  #: how it was decided (VIA_*), None where unknown
    vocabulary: pd.DataFrame  #: per distinct stage value: stage, sop_stage, state, via, deals
    not_mapped: dict[str, int]  #: stage values (as written) of deals whose SOP stage is unknown -> deals
    blank_stage: int = 0  #: deals of unknown state whose stage is blank

    @property
    def is_open(self) -> np.ndarray:
        return self.state == "open"

    @property
    def is_closed(self) -> np.ndarray:
        return self.state == "closed"

    @property
    def is_won(self) -> np.ndarray:
        return self.outcome == "won"

    @property
    def unknown(self) -> np.ndarray:
        """Deals whose state is unknown, or open in a stage that maps to no SOP stage."""
        return (self.state == None) | ((self.state == "open") & (self.sop_stage == None))  # noqa: E711

    def not_mapped_summary(self) -> dict | None:
        """``{"deals": n, "values": {"Engaging": n, ...}, "fix": "..."}``, or None when every deal is mapped."""
        if not self.not_mapped and not self.blank_stage:
            return None
        example = next(iter(self.not_mapped), "Your Stage")
        return {"deals": int(sum(self.not_mapped.values())) + self.blank_stage, "values": dict(self.not_mapped),
                "blank_stage": self.blank_stage,
                "fix": f"add each stage to [deals.stage_map] in revops.toml, e.g. \"{example}\" = \"Discovery\" "
                       "(the SOP stage it is)"}


def map_stage_names(stages: pd.Series, cfg: DealsConfig) -> tuple[pd.Series, pd.Series]:
    """Stage names -> (SOP stage, via), None where nothing matches; once per distinct value."""
    sop = {stage_key(s): (s, VIA_SOP) for s in cfg.sop_stages}
    table = {**{stage_key(k): (v, VIA_MAP) for k, v in cfg.stage_map.items()}, **sop}
    words = {stage_key(w): v for w, v in cfg.stage_words.items()}

    def one(value: object) -> tuple[str | None, str | None]:
        if value is None or (isinstance(value, float) and value != value) or not str(value).strip():
            return None, None
        hit = table.get(stage_key(value))
        if hit is not None:
            return hit
        for word in stage_words(value):
            if word in words:
                return words[word], f"{VIA_WORD} '{word}'"
        return None, None

    codes, uniques = pd.factorize(stages.astype(object), use_na_sentinel=True)
    found = [one(u) for u in uniques] + [(None, None)]
    picked = np.where(codes < 0, len(uniques), codes)
    targets = np.array([f[0] for f in found], dtype=object)[picked]
    via = np.array([f[1] for f in found], dtype=object)[picked]
    return pd.Series(targets, index=stages.index, dtype=object), pd.Series(via, index=stages.index, dtype=object)


def _column(frame: pd.DataFrame, mapping: ColumnMapping | None, field: str) -> pd.Series | None:
    column = None if mapping is None else mapping.get(field)
    return None if column is None else frame[column]


def _words(values: pd.Series, table: Mapping[str, str]) -> np.ndarray:
    """Cells looked up in a value -> outcome table, case and surrounding space ignored (None elsewhere)."""
    lookup = {" ".join(k.split()).casefold(): v for k, v in table.items()}
    codes, uniques = pd.factorize(values.astype(object), use_na_sentinel=True)
    found = np.array([lookup.get(" ".join(str(u).split()).casefold()) for u in uniques] + [None], dtype=object)
    return found[np.where(codes < 0, len(uniques), codes)]


def _flag(frame: pd.DataFrame, mapping: ColumnMapping | None, *fields: str) -> np.ndarray:
    """The first flag column present, as an object array of True/False/None."""
    for field in fields:
        values = _column(frame, mapping, field)
        if values is not None:
            return _as_objects(truth_values(values))
    return np.full(len(frame), None, dtype=object)


def classify_deals(frame: pd.DataFrame, mapping: ColumnMapping | None, cfg: DealsConfig) -> DealStages:
    """Each deal's SOP stage, open/closed state and won/lost outcome (see the module doc for the order)."""
    n = len(frame)
    stage_values = _column(frame, mapping, "stage")
    if stage_values is None:
        stage = pd.Series([None] * n, index=frame.index, dtype=object)
    else:
        text = stage_values.astype(object).where(stage_values.notna(), None)
        stage = text.map(lambda v: None if v is None or not str(v).strip() else str(v).strip(), na_action="ignore")
        stage = stage.astype(object).where(stage.notna(), None)
    mapped, mapped_via = map_stage_names(stage, cfg)
    mapped_arr, mapped_via_arr = mapped.to_numpy(object), mapped_via.to_numpy(object)
    open_stages = set(cfg.stage_limits_days)
    lost_stages = [s for s in cfg.closed_stages if s != cfg.won_stage]
    outcome_of = {**{s: "open" for s in open_stages}, **{s: "lost" for s in lost_stages}, cfg.won_stage: "won"}
    stage_outcome = _as_objects(mapped.map(outcome_of))

    won_flag = _flag(frame, mapping, "is_closed_won", "won")
    closed_flag = _flag(frame, mapping, "is_closed")
    status = _column(frame, mapping, "deal_status")
    status_outcome = _words(status, cfg.status_values) if status is not None else np.full(n, None, dtype=object)
    forecast = _column(frame, mapping, "forecast_category")
    forecast_outcome = (_words(forecast, cfg.forecast_categories) if forecast is not None
                        else np.full(n, None, dtype=object))

    outcome = np.full(n, None, dtype=object)  # open / won / lost / "closed" (outcome unknown)
    via = np.full(n, None, dtype=object)

    def decide(mask: np.ndarray, value, how) -> None:
        todo = mask & (outcome == None)  # noqa: E711
        outcome[todo] = value[todo] if isinstance(value, np.ndarray) else value
        via[todo] = how[todo] if isinstance(how, np.ndarray) else how

    decide(won_flag == True, "won", VIA_WON_FLAG)  # noqa: E712
    won_date = _column(frame, mapping, "won_at")
    if won_date is not None:
        decide(~is_blank(won_date).to_numpy(dtype=bool), "won", VIA_WON_DATE)
    closed_yes = closed_flag == True  # noqa: E712
    known = np.isin(status_outcome, ["won", "lost"])
    from_stage = np.isin(stage_outcome, ["won", "lost"])
    after_close = np.where(won_flag == False, "lost",  # noqa: E712
                           np.where(known, status_outcome, np.where(from_stage, stage_outcome, "closed")))
    decide(closed_yes, after_close.astype(object), VIA_CLOSED_FLAG)
    decide(closed_flag == False, "open", VIA_CLOSED_FLAG)  # noqa: E712
    decide(status_outcome != None, status_outcome, VIA_STATUS)  # noqa: E711
    decide(stage_outcome != None, stage_outcome, mapped_via_arr)  # noqa: E711
    decide(np.isin(forecast_outcome, ["won", "lost"]), forecast_outcome, VIA_FORECAST)

    state = np.where(outcome == None, None, np.where(outcome == "open", "open", "closed")).astype(object)  # noqa: E711
    final_outcome = np.where(np.isin(outcome, ["won", "lost"]), outcome, None).astype(object)
    sop = np.full(n, None, dtype=object)
    is_open = state == "open"
    sop[is_open] = np.where(stage_outcome[is_open] == "open", mapped_arr[is_open], None)
    won = final_outcome == "won"
    sop[won] = cfg.won_stage
    lost = final_outcome == "lost"
    lost_default = lost_stages[0] if lost_stages else None
    sop[lost] = np.where(stage_outcome[lost] == "lost", mapped_arr[lost], lost_default)
    closed_unknown = (state == "closed") & (final_outcome == None)  # noqa: E711
    sop[closed_unknown] = None

    unknown = (state == None) | (is_open & (sop == None))  # noqa: E711
    shown = stage.fillna("(blank)").to_numpy(object)
    blank = unknown & (stage.isna().to_numpy())
    named = unknown & ~blank
    not_mapped = pd.Series(shown[named]).value_counts(sort=True).to_dict() if named.any() else {}
    vocabulary = (pd.DataFrame({"stage": shown, "sop_stage": sop, "state": np.where(state == None, "unknown", state),  # noqa: E711
                                "outcome": final_outcome, "via": np.where(via == None, "not mapped", via)})  # noqa: E711
                  .fillna({"sop_stage": "", "outcome": ""})
                  .groupby(["stage", "sop_stage", "state", "outcome", "via"], sort=False, dropna=False).size()
                  .rename("deals").reset_index().sort_values("deals", ascending=False, kind="stable")
                  .reset_index(drop=True)) if n else pd.DataFrame(columns=["stage", "sop_stage", "state", "outcome",
                                                                            "via", "deals"])
    return DealStages(stage=stage, sop_stage=sop, state=state, outcome=final_outcome, via=via, vocabulary=vocabulary,
                      not_mapped={str(k): int(v) for k, v in not_mapped.items()}, blank_stage=int(blank.sum()))


def _as_objects(values: pd.Series) -> np.ndarray:
    """A Series as an object array with None (not NaN) where missing."""
    return values.astype(object).where(values.notna(), None).to_numpy(object)

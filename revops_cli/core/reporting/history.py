"""Opportunity stage history (Salesforce *Opportunity Stage History*, HubSpot deal stage changes): the stages each
deal entered, in order, for the forecast's historical conversion by stage and win/loss's "stage at which deals
were lost".

The same columns ``revops deals audit --history`` reads (``stage_history`` schema: opportunity id, stage, changed
at); times without an offset are ``general.timezone``. A row whose id, stage or time is blank is left out.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from revops_cli.columns import ColumnMapping
from revops_cli.config import RevopsConfig
from revops_cli.core.marketing.cohorts import NAT, times_ns
from revops_cli.errors import RevopsInputError


def stage_entries(history: pd.DataFrame, mapping: ColumnMapping, config: RevopsConfig,
                  source: str = "the stage history") -> pd.DataFrame:
    """One row per stage change: ``opportunity_id``, ``stage`` (as written), ``stage_key`` (case-folded), ``at``
    (UTC ns), sorted by deal and time (file order breaks ties)."""
    for name, looked in (("opportunity_id", "'Opportunity ID' or 'Deal ID'"), ("stage", "'Stage' or 'To Stage'"),
                         ("changed_at", "'Changed At' or 'Last Modified'")):
        if mapping.get(name) is None:
            raise RevopsInputError(f"{source}: no {name.replace('_', ' ')} column (looked for {looked}, ...); name "
                                   f"it with --map {name}='Your Header'.")
    ids = history[mapping.get("opportunity_id")].astype("str").str.strip()
    stages = history[mapping.get("stage")].astype("str").str.strip()
    at = times_ns(history[mapping.get("changed_at")], config.general.timezone)
    frame = pd.DataFrame({"opportunity_id": ids.to_numpy(object), "stage": stages.to_numpy(object), "at": at,
                          "order": np.arange(len(history))})
    frame = frame[frame["opportunity_id"].notna() & (frame["opportunity_id"] != "") & frame["stage"].notna()
                  & (frame["stage"] != "") & (frame["at"] != NAT)]
    frame = frame.assign(stage_key=frame["stage"].str.casefold())
    return frame.sort_values(["opportunity_id", "at", "order"], kind="stable").drop(columns="order") \
        .reset_index(drop=True)


def stages_entered(entries: pd.DataFrame) -> pd.DataFrame:
    """Distinct (opportunity_id, stage_key) pairs: which stages each deal ever entered."""
    return entries[["opportunity_id", "stage_key"]].drop_duplicates().reset_index(drop=True)


def last_open_stage(entries: pd.DataFrame, config: RevopsConfig) -> pd.Series:
    """Per opportunity id, the last open stage (``deals.stage_limits_days``) it entered: for a lost deal, the stage
    it was lost at (index: opportunity id; value: the stage as the config spells it)."""
    names = {s.casefold(): s for s in config.deals.stage_limits_days}
    open_rows = entries[entries["stage_key"].isin(names)]
    last = open_rows.groupby("opportunity_id", sort=False)["stage_key"].last()
    return last.map(names)

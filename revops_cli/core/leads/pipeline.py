"""The whole Lead Management SOP in one call: clean → dedupe (+ accounts) → enrich-flag → score → route.

What ``revops leads process`` runs, importable for a notebook::

    from revops_cli.core.leads.pipeline import process_leads
    result = process_leads(frame, mapping, config, reps=MappedFrame(reps, reps_mapping, "reps.csv"),
                           now=pd.Timestamp("2026-11-20T13:00Z"))
    result.frame            # every surviving lead with each step's columns
    result.deduped.log      # the merged records (``revops leads unmerge`` reads it)
    result.routed.state     # the advanced round-robin state, for the caller to save

Each step is the same function the single-step commands call; this module only
chains them: activities of a record merged away count for its survivor, and the
routing roster's load is counted on the deduplicated leads. Nothing here reads or
writes files.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from revops_cli.columns import ColumnMapping, MappedFrame
from revops_cli.config import RevopsConfig
from revops_cli.core.leads.accounts import AccountMatchResult, associate_accounts
from revops_cli.core.leads.clean import CleanResult, clean_leads
from revops_cli.core.leads.dedupe import DedupeResult, dedupe_leads, merged_into
from revops_cli.core.leads.enrich import EnrichResult, flag_enrichment
from revops_cli.core.leads.routing import RouteResult, RouteState, route_with_roster
from revops_cli.core.leads.scoring import ScoreResult, score_leads
from revops_cli.core.progress import ProgressCallback, Steps
from revops_cli.core.sales.activities import link_activity_exports

__all__ = ["PROCESS_STEPS", "ProcessResult", "process_leads"]

#: The steps in order, as the progress display and the summary name them.
PROCESS_STEPS: tuple[str, ...] = ("clean", "dedupe", "enrich-flag", "score", "route")


@dataclass
class ProcessResult:
    """Each step's own result; ``frame`` is the routed leads (the last step's frame)."""

    cleaned: CleanResult
    deduped: DedupeResult
    accounts: AccountMatchResult
    enriched: EnrichResult
    scored: ScoreResult
    routed: RouteResult

    @property
    def frame(self) -> pd.DataFrame:
        return self.routed.frame

    def summary(self) -> dict[str, Any]:
        """Plain dict for ``--json``: rows in and out and each step's own summary."""
        return {
            "rows_in": self.deduped.rows_in, "rows_out": len(self.routed.frame),
            "clean": self.cleaned.summary(), "dedupe": self.deduped.summary(), "accounts": self.accounts.summary(),
            "enrich": self.enriched.summary(), "score": self.scored.summary(), "route": self.routed.summary(),
        }


def process_leads(
    frame: pd.DataFrame,
    mapping: ColumnMapping,
    config: RevopsConfig,
    *,
    reps: MappedFrame,
    now: pd.Timestamp,
    territories: MappedFrame | None = None,
    activities: Sequence[MappedFrame] = (),
    accounts: MappedFrame | None = None,
    state: RouteState | None = None,
    reassign: bool = False,
    explain: bool = False,
    default_region: str | None = None,
    row_numbers: pd.Series | None = None,
    headers: dict[str, str] | None = None,
    progress: ProgressCallback | None = None,
) -> ProcessResult:
    """Run the Lead Management SOP over ``frame``: clean, dedupe, associate accounts, flag for
    enrichment, score and route.

    ``reps`` and ``territories`` are the routing roster and territory exports; ``activities`` the
    engagement exports scoring reads; ``accounts`` an account export to match leads to (else leads
    are grouped among themselves); ``state`` the round-robin state (a fresh rotation when None; the
    advanced copy is ``result.routed.state``). ``row_numbers`` and ``headers`` are passed to the
    clean and dedupe steps for their logs. ``progress(step, done, total)`` is told each step as it
    starts, the clean and dedupe steps' own inside theirs ("clean · phones").
    """
    announce = Steps(progress, len(PROCESS_STEPS))
    cleaned = clean_leads(frame, mapping, config, default_region=default_region, row_numbers=row_numbers,
                          headers=headers, progress=announce.within("clean"))
    deduped = dedupe_leads(cleaned.frame, mapping, config, default_region=default_region, row_numbers=row_numbers,
                           headers=headers, progress=announce.within("dedupe"))
    announce("enrich-flag")
    account_result = associate_accounts(deduped.frame, mapping, config, accounts)
    enriched = flag_enrichment(pd.concat([deduped.frame, account_result.columns], axis=1), mapping, config)
    announce("score")
    link = None
    if activities:
        link = link_activity_exports(activities, enriched.frame, mapping, config,
                                     merged_into=merged_into(deduped, mapping))
    scored = score_leads(enriched.frame, mapping, config, now=now, activities=link, explain=explain)
    announce("route")
    routed = route_with_roster(scored.frame, mapping, config, reps, territories,
                               state=state if state is not None else RouteState(), now=now, reassign=reassign)
    return ProcessResult(cleaned=cleaned, deduped=deduped, accounts=account_result, enriched=enriched,
                         scored=scored, routed=routed)

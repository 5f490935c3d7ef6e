"""Lead scoring's weekly "score accuracy" check (Lead Management SOP, Weekly QA): do higher bands convert more?"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from revops_cli.columns import ColumnMapping
from revops_cli.config import RevopsConfig
from revops_cli.core.metrics import percent
from revops_cli.core.sales.activities import link_to_leads
from revops_cli.errors import RevopsInputError
from revops_cli.normalize.booleans import TRUE_WORDS


@dataclass
class BandOutcome:
    """One band's leads and what became of them. Both percentages are of the band's leads."""

    band: str
    leads: int
    converted: int
    won: int

    @property
    def conversion_percent(self) -> float | None:
        return percent(self.converted, self.leads)

    @property
    def win_percent(self) -> float | None:
        return percent(self.won, self.leads)

    def to_dict(self) -> dict:
        return {"band": self.band, "leads": self.leads, "converted": self.converted, "won": self.won,
                "conversion_percent": self.conversion_percent, "win_percent": self.win_percent}


@dataclass
class CalibrationResult:
    """What :func:`calibrate` returns: outcomes per band (config order) and whether they fall with the band."""

    bands: list[BandOutcome]
    monotonic: bool
    outcomes: int
    matched_outcomes: int
    unmatched_outcomes: int

    def summary(self) -> dict:
        return {
            "bands": [band.to_dict() for band in self.bands],
            "monotonic": self.monotonic,
            "outcomes": self.outcomes,
            "matched_outcomes": self.matched_outcomes,
            "unmatched_outcomes": self.unmatched_outcomes,
        }


def _stage_key(text: object) -> str:
    return re.sub(r"[^a-z0-9]", "", str(text).casefold())


def calibrate(
    scored: pd.DataFrame,
    lead_mapping: ColumnMapping,
    outcomes: pd.DataFrame,
    outcome_mapping: ColumnMapping,
    config: RevopsConfig,
    *,
    won_stages: Sequence[str] = ("closed won", "won"),
) -> CalibrationResult:
    """Do higher bands convert more? Lead Management SOP, Weekly QA: "score accuracy".

    ``scored`` is a frame with ``revops_band`` (from :func:`score_leads`);
    ``outcomes`` an opportunity export linked to it by ``lead_id`` (Converted
    Lead ID; Salesforce 15/18-character ids match) or else by ``email``. A lead
    is converted when it has an opportunity, won when one of them has a stage in
    ``won_stages`` (case, spaces and punctuation ignored: "Closed Won",
    "closedwon") or a true ``won`` column. ``monotonic``: going down the bands,
    the conversion rate never rises (bands without leads are skipped).
    """
    if "revops_band" not in scored.columns:
        raise RevopsInputError("The leads have no revops_band column: score them first (revops leads score).")
    n = len(scored)
    ids = outcomes[outcome_mapping.fields["lead_id"]] if "lead_id" in outcome_mapping else None
    emails = outcomes[outcome_mapping.fields["email"]] if "email" in outcome_mapping else None
    if ids is None and emails is None:
        raise RevopsInputError(
            "The opportunity file has no Converted Lead ID or email column to link it to the leads; "
            "map one with --map lead_id=Header."
        )
    positions, _ = link_to_leads(ids, emails, scored, lead_mapping)
    matched = positions >= 0

    won_row = np.zeros(len(outcomes), dtype=bool)
    wanted = {_stage_key(s) for s in won_stages}
    if "stage" in outcome_mapping:
        stages = outcomes[outcome_mapping.fields["stage"]]
        won_row |= stages.map(_stage_key, na_action="ignore").isin(wanted).to_numpy(dtype=bool)
    if "won" in outcome_mapping:
        flags = outcomes[outcome_mapping.fields["won"]].astype("str").str.strip().str.casefold()
        won_row |= flags.isin(TRUE_WORDS).to_numpy(dtype=bool)

    converted = np.zeros(n, dtype=bool)
    converted[positions[matched]] = True
    won = np.zeros(n, dtype=bool)
    won[positions[matched & won_row]] = True

    band = scored["revops_band"].to_numpy(dtype=object)
    results = []
    for name in config.scoring.band_names:
        in_band = band == name
        results.append(BandOutcome(name, int(in_band.sum()), int((converted & in_band).sum()),
                                   int((won & in_band).sum())))
    rates = [b.converted / b.leads for b in results if b.leads]
    monotonic = all(higher >= lower for higher, lower in zip(rates, rates[1:]))
    return CalibrationResult(
        bands=results, monotonic=monotonic, outcomes=len(outcomes),
        matched_outcomes=int(matched.sum()), unmatched_outcomes=int((~matched).sum()),
    )

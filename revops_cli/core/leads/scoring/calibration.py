"""Lead scoring's weekly "score accuracy" check (Lead Management SOP, Weekly QA): do higher bands convert more?

:func:`score_quality` is the one place a score is measured against outcomes (ROC AUC, lift by decile,
conversion by band): ``leads score --calibrate`` and ``leads fit`` both report it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from revops_cli.columns import ColumnMapping
from revops_cli.config import RevopsConfig
from revops_cli.core.metrics import percent
from revops_cli.core.sales.activities import link_to_leads
from revops_cli.core.sales.stages import classify_deals
from revops_cli.errors import RevopsInputError


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


def roc_auc(scores: np.ndarray, outcome: np.ndarray) -> float | None:
    """ROC AUC of ``scores`` against the boolean ``outcome`` (ties count half): the chance that a converted lead
    outranks one that did not. None when either class is absent (nothing to rank)."""
    outcome = np.asarray(outcome, dtype=bool)
    if outcome.all() or not outcome.any():
        return None
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score(outcome, np.asarray(scores, dtype=float)))


@dataclass
class DecileLift:
    """One tenth of the leads by score (decile 1 = the top 10%): its conversion and lift over the base rate.

    Leads with equal scores share a decile (the one their average rank falls in), so a decile can hold more
    or fewer than a tenth of the leads, or none when the score cannot tell that many leads apart."""

    decile: int
    leads: int
    converted: int
    low: float | None
    high: float | None
    base_rate: float

    @property
    def conversion_percent(self) -> float | None:
        return percent(self.converted, self.leads)

    @property
    def lift(self) -> float | None:
        if not self.leads or not self.base_rate:
            return None
        return round(self.converted / self.leads / self.base_rate, 2)

    def to_dict(self) -> dict:
        return {"decile": self.decile, "leads": self.leads, "converted": self.converted,
                "score_low": self.low, "score_high": self.high,
                "conversion_percent": self.conversion_percent, "lift": self.lift}


@dataclass
class BandConversion:
    """One band's leads and how many converted."""

    band: str
    leads: int
    converted: int

    @property
    def conversion_percent(self) -> float | None:
        return percent(self.converted, self.leads)

    def to_dict(self) -> dict:
        return {"band": self.band, "leads": self.leads, "converted": self.converted,
                "conversion_percent": self.conversion_percent}


@dataclass
class ScoreQuality:
    """How well a score ranks known outcomes: ROC AUC, lift by decile and conversion by band."""

    leads: int
    converted: int
    auc: float | None
    deciles: list[DecileLift]
    bands: list[BandConversion]
    monotonic: bool

    @property
    def conversion_percent(self) -> float | None:
        return percent(self.converted, self.leads)

    def summary(self) -> dict:
        return {"leads": self.leads, "converted": self.converted, "conversion_percent": self.conversion_percent,
                "auc": None if self.auc is None else round(self.auc, 4),
                "deciles": [d.to_dict() for d in self.deciles], "bands": [b.to_dict() for b in self.bands],
                "monotonic": self.monotonic}


def score_quality(scores: np.ndarray, outcome: np.ndarray, bands: np.ndarray, band_names: Sequence[str]
                  ) -> ScoreQuality:
    """Measure ``scores`` (one per lead) against ``outcome`` (True = converted); ``bands`` holds each lead's
    band and ``band_names`` the bands from the highest down. ``monotonic``: going down the bands the
    conversion rate never rises (bands without leads are skipped)."""
    scores = np.asarray(scores, dtype=float)
    outcome = np.asarray(outcome, dtype=bool)
    bands = np.asarray(bands, dtype=object)
    n = len(scores)
    converted = int(outcome.sum())
    base = converted / n if n else 0.0
    deciles: list[DecileLift] = []
    if n:
        from scipy.stats import rankdata

        rank = rankdata(-scores, method="average")  # 1 = the highest score; ties share their average rank
        decile = np.clip(np.ceil(rank / n * 10).astype(np.int64), 1, 10)
    else:
        decile = np.zeros(0, dtype=np.int64)
    for number in range(1, 11):
        inside = decile == number
        count = int(inside.sum())
        deciles.append(DecileLift(number, count, int(outcome[inside].sum()),
                                  float(scores[inside].min()) if count else None,
                                  float(scores[inside].max()) if count else None, base))
    per_band = [BandConversion(name, int((bands == name).sum()), int(outcome[bands == name].sum()))
                for name in band_names]
    rates = [b.converted / b.leads for b in per_band if b.leads]
    return ScoreQuality(n, converted, roc_auc(scores, outcome) if n else None, deciles, per_band,
                        all(higher >= lower for higher, lower in zip(rates, rates[1:])))


def outcome_quality(scored: pd.DataFrame, converted: np.ndarray, known: np.ndarray, config: RevopsConfig
                    ) -> ScoreQuality:
    """:func:`score_quality` of a scored frame (``revops_score``, ``revops_band``) on the leads whose outcome is
    ``known``: the current tables' ROC AUC, lift by decile and conversion by band from an outcome column."""
    if "revops_score" not in scored.columns or "revops_band" not in scored.columns:
        raise RevopsInputError("The leads have no revops_score column: score them first (revops leads score).")
    known = np.asarray(known, dtype=bool)
    score = pd.to_numeric(scored["revops_score"], errors="coerce").fillna(0).to_numpy(dtype=float)
    return score_quality(score[known], np.asarray(converted, dtype=bool)[known],
                         scored["revops_band"].to_numpy(dtype=object)[known], config.scoring.band_names)


@dataclass
class CalibrationResult:
    """What :func:`calibrate` returns: outcomes per band (config order) and whether they fall with the band."""

    bands: list[BandOutcome]
    monotonic: bool
    outcomes: int
    matched_outcomes: int
    unmatched_outcomes: int
    quality: ScoreQuality | None = None
    won_auc: float | None = None

    def summary(self) -> dict:
        quality = self.quality
        return {
            "bands": [band.to_dict() for band in self.bands],
            "monotonic": self.monotonic,
            "auc": None if quality is None or quality.auc is None else round(quality.auc, 4),
            "won_auc": None if self.won_auc is None else round(self.won_auc, 4),
            "deciles": [] if quality is None else [d.to_dict() for d in quality.deciles],
            "outcomes": self.outcomes,
            "matched_outcomes": self.matched_outcomes,
            "unmatched_outcomes": self.unmatched_outcomes,
        }


def calibrate(
    scored: pd.DataFrame,
    lead_mapping: ColumnMapping,
    outcomes: pd.DataFrame,
    outcome_mapping: ColumnMapping,
    config: RevopsConfig,
) -> CalibrationResult:
    """Do higher bands convert more? Lead Management SOP, Weekly QA: "score accuracy".

    ``scored`` is a frame with ``revops_band`` (from :func:`score_leads`);
    ``outcomes`` an opportunity export linked to it by ``lead_id`` (Converted
    Lead ID; Salesforce 15/18-character ids match) or else by ``email``. A lead
    is converted when it has an opportunity, won when one of them is won as
    ``deals audit`` reads it (:func:`~revops_cli.core.sales.stages.classify_deals`:
    flags, a won date, status, forecast category, then the stage vocabulary). ``monotonic``: going down the bands,
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

    won_row = classify_deals(outcomes, outcome_mapping, config.deals).is_won

    converted = np.zeros(n, dtype=bool)
    converted[positions[matched]] = True
    won = np.zeros(n, dtype=bool)
    won[positions[matched & won_row]] = True

    band = scored["revops_band"].to_numpy(dtype=object)
    quality = won_auc = None
    if "revops_score" in scored.columns:
        score = pd.to_numeric(scored["revops_score"], errors="coerce").fillna(0).to_numpy(dtype=float)
        quality = score_quality(score, converted, band, config.scoring.band_names)
        won_auc = roc_auc(score, won)
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
        quality=quality, won_auc=won_auc,
    )

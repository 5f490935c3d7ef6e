"""`revops leads fit`: points tables learned from leads whose outcome is known.

Lead Management SOP: the KPI table answers a Lead-to-MQL rate under 35% with a "Scoring adjustment", and
the monthly review asks for "Conversion rates by score". :func:`fit_scoring` splits the labelled leads
into a training and a held-out part (stratified, seeded), learns a ladder of rules per field on the
training part (see :mod:`revops_cli.core.leads.fit.model`), writes them in the rule language of
``[scoring.*.points]`` with integer points and each dimension within its SOP cap (30/30/40), and measures
the current tables and the fitted ones side by side on the held-out leads, by scoring them with
:func:`~revops_cli.core.leads.scoring.score_leads` itself, so the figures are what `leads score` gives.

Honesty: fewer than ``scoring.fit.min_outcomes`` leads of either class is refused; a field that alone
nearly decides the outcome (a converted date, a post-sale tag) is taken for a leak and left out; the same
data and seed give the same tables.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from revops_cli.columns import ColumnMapping
from revops_cli.config import RevopsConfig, ScoringConfig
from revops_cli.core.leads.fit.features import DIMENSION_NAMES, Feature, build_features
from revops_cli.core.leads.fit.model import (
    encode,
    fit_logistic,
    model_scores,
    plain_logistic_auc,
    single_field_auc,
    table_scores,
    to_points,
)
from revops_cli.core.leads.fit.outcome import Outcome, read_outcome
from revops_cli.core.leads.fit.tables import FittedRule, field_rules, scoring_config, scoring_toml
from revops_cli.core.leads.scoring.calibration import ScoreQuality, roc_auc, score_quality
from revops_cli.core.leads.scoring.score import score_leads
from revops_cli.errors import RevopsInputError


@dataclass
class FittedField:
    """A field the fitted tables use: where it comes from, its dimension and how many rules it got."""

    name: str
    source: str
    dimension: str
    kind: str
    custom: bool
    rules: int
    top_points: int
    alone_auc: float | None

    def to_dict(self) -> dict:
        return {"field": self.name, "column": self.source, "dimension": self.dimension, "kind": self.kind,
                "custom": self.custom, "rules": self.rules, "most_points": self.top_points,
                "alone_auc": None if self.alone_auc is None else round(self.alone_auc, 4)}


@dataclass
class FitResult:
    """What :func:`fit_scoring` returns: the fitted ``[scoring]``, its TOML, and how both tables did."""

    scoring: ScoringConfig
    toml: str
    outcome: Outcome
    rows: int
    train_rows: np.ndarray
    holdout_rows: np.ndarray
    seed: int
    holdout: float
    current: ScoreQuality
    fitted: ScoreQuality
    fitted_train_auc: float | None
    model_auc: float | None
    plain_auc: float | None
    rules: list[FittedRule]
    fields: list[FittedField]
    left_out: dict[str, str]
    leaks: dict[str, str]
    rebalanced: bool
    regularisation: float
    scale: float
    mismatched_rows: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def rounding_cost(self) -> float | None:
        """Held-out ROC AUC the integer points lost against the regression they came from."""
        if self.model_auc is None or self.fitted.auc is None:
            return None
        return round(self.model_auc - self.fitted.auc, 4)

    def summary(self) -> dict:
        def auc(value: float | None) -> float | None:
            return None if value is None else round(value, 4)

        return {
            "rows": self.rows,
            "outcome": self.outcome.summary(),
            "seed": self.seed,
            "holdout_share": self.holdout,
            "train_leads": int(len(self.train_rows)),
            "holdout_leads": int(len(self.holdout_rows)),
            "current": self.current.summary(),
            "fitted": self.fitted.summary(),
            "fitted_train_auc": auc(self.fitted_train_auc),
            "model_auc": auc(self.model_auc),
            "rounding_cost": self.rounding_cost,
            "plain_logistic_auc": auc(self.plain_auc),
            "regularisation_c": self.regularisation,
            "bands": [{"name": b.name, "min": b.min} for b in self.scoring.bands],
            "bands_rebalanced": self.rebalanced,
            "fields": [f.to_dict() for f in self.fields],
            "rules": [r.to_dict() for r in self.rules],
            "left_out": dict(self.left_out),
            "leaks": dict(self.leaks),
            "mismatched_rows": self.mismatched_rows,
            "notes": list(self.notes),
        }


def split_rows(outcome: Outcome, holdout: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Positions (in the frame) of the training and the held-out leads: the labelled leads split once,
    stratified by outcome, seeded, so ``leads fit`` and anyone re-scoring the held-out part agree."""
    from sklearn.model_selection import train_test_split

    labelled = np.flatnonzero(outcome.known)
    train, test = train_test_split(labelled, test_size=holdout, stratify=outcome.converted[labelled],
                                   random_state=seed)
    return np.sort(train), np.sort(test)


def _rebalanced_bands(scores: np.ndarray, scoring: ScoringConfig) -> list[tuple[str, int]]:
    shares = scoring.fit.band_shares
    names = scoring.band_names
    if set(shares) != set(names):
        raise RevopsInputError(
            f"--rebalance-bands: scoring.fit.band_shares names {', '.join(shares) or 'no band'} but the bands are "
            f"{', '.join(names)}; give each band its share (adding up to 100) in [scoring.fit] band_shares.")
    n = len(scores)
    at_least = np.array([(scores >= t).sum() / n * 100 if n else 0 for t in range(0, 102)])
    bands, cumulative, ceiling = [], 0.0, 101
    for position, name in enumerate(names[:-1]):
        cumulative += shares[name]
        lowest_left = len(names) - 1 - position  # each band below needs a threshold of its own, down to 1
        candidates = range(lowest_left, ceiling)
        best = min(candidates, key=lambda t: (abs(at_least[t] - cumulative), -t))
        bands.append((name, int(best)))
        ceiling = best
    bands.append((names[-1], 0))
    return bands


def fit_scoring(
    frame: pd.DataFrame,
    mapping: ColumnMapping,
    config: RevopsConfig,
    *,
    outcome_column: str,
    now: pd.Timestamp,
    positive: Sequence[str] = (),
    holdout: float | None = None,
    seed: int | None = None,
    min_outcomes: int | None = None,
    exclude: Sequence[str] = (),
    dimensions: Mapping[str, str] | None = None,
    caps: Mapping[str, int] | None = None,
    rebalance_bands: bool = False,
    source: str = "the file",
) -> FitResult:
    """Learn points tables from ``frame``'s leads whose ``outcome_column`` is filled (see the module doc).

    ``positive`` names the outcome values that mean converted (else yes/no words); ``holdout``, ``seed`` and
    ``min_outcomes`` override ``scoring.fit``; ``exclude`` leaves fields or headers out; ``dimensions`` moves
    a field to another dimension; ``caps`` changes the dimension maxima (they must add up to 100);
    ``rebalance_bands`` moves the band thresholds to hit ``scoring.fit.band_shares`` on the training leads.
    ``now`` is the moment the current tables' ``within`` rules count from. Raises RevopsInputError when the
    outcomes are too few or no field can be fitted.
    """
    settings = config.scoring.fit
    holdout = settings.holdout if holdout is None else holdout
    seed = settings.seed if seed is None else seed
    needed = settings.min_outcomes if min_outcomes is None else min_outcomes
    if not 0 < holdout < 1:
        raise RevopsInputError(f"--holdout {holdout:g}: give the share of leads to hold out, between 0 and 1 "
                               "(0.2 keeps 20% aside).")
    caps = {name: int((caps or {}).get(name, getattr(config.scoring, name).max)) for name in DIMENSION_NAMES}
    if sum(caps.values()) != 100 or min(caps.values()) < 0:
        raise RevopsInputError("the dimension maxima must add up to 100 (got "
                               + ", ".join(f"{k} {v}" for k, v in caps.items()) + ").")
    for name, dimension in (dimensions or {}).items():
        if dimension not in DIMENSION_NAMES:
            raise RevopsInputError(f"--dimension {name}={dimension}: the dimension is one of "
                                   f"{', '.join(DIMENSION_NAMES)}.")

    outcome = read_outcome(frame, outcome_column, positive, source=source)
    if outcome.positives < needed or outcome.negatives < needed:
        raise RevopsInputError(
            f"too few outcomes to fit: {source} has {outcome.positives:,} converted and {outcome.negatives:,} "
            f"not converted leads ({outcome.column!r}; {int((~outcome.known).sum()):,} with no outcome), and a "
            f"fit needs at least {needed:,} of each (scoring.fit.min_outcomes): points learned from fewer are "
            "noise. Add more history, or lower it with --min-outcomes knowingly.")
    n = len(frame)
    train_pos, test_pos = split_rows(outcome, holdout, seed)
    train = np.zeros(n, dtype=bool)
    train[train_pos] = True
    test = np.zeros(n, dtype=bool)
    test[test_pos] = True
    y = outcome.converted

    features, _ = build_features(frame, mapping, config, outcome_column=outcome.column, exclude=exclude,
                                 dimensions=dimensions)
    left_out = dict(features.left_out)
    leaks: dict[str, str] = {}
    encoded, alone = [], {}
    for feature in features.features:
        enc = encode(feature, train, y, max_rungs=settings.max_rungs, min_share=settings.min_share, seed=seed)
        auc, best_rate, best_share = single_field_auc(enc, train, y)
        alone[feature.name] = auc
        if auc is not None and auc >= settings.leak_auc:
            leaks[feature.name] = (f"alone it ranks the outcome with ROC AUC {auc:.3f} (scoring.fit.leak_auc "
                                   f"{settings.leak_auc:g}): written after the fact?")
        elif best_rate * 100 >= settings.leak_value_rate and best_share * 100 >= settings.leak_value_share:
            leaks[feature.name] = (f"{best_rate:.1%} of the leads with one of its values converted, and they are "
                                   f"{best_share:.0%} of all converted leads: written after the fact?")
        else:
            encoded.append(enc)
    for name, why in leaks.items():
        left_out[name] = f"leaks the outcome: {why}"
    if not encoded:
        raise RevopsInputError(
            f"nothing to fit: {source} has no column the fit can learn from besides the outcome"
            + (f" (left out: {', '.join(left_out)})" if left_out else "")
            + ". `revops inspect` shows which columns were recognised; --map names others.")

    model = fit_logistic(encoded, train, y, seed)
    points = to_points(encoded, model, caps, train, y)
    rules: list[FittedRule] = []
    fitted_fields: list[FittedField] = []
    for enc, field_points in zip(encoded, points.points):
        ladder = field_rules(enc, field_points, train, y)
        feature: Feature = enc.feature
        if not ladder:
            left_out[feature.name] = "no points: the fitted weights of its values round to the same points"
            continue
        rules.extend(ladder)
        fitted_fields.append(FittedField(feature.name, feature.source, feature.dimension, feature.kind,
                                         feature.custom, len(ladder), int(field_points.max()),
                                         alone.get(feature.name)))
    order = {f.name: (-f.top_points, f.name) for f in fitted_fields}
    rules.sort(key=lambda r: (DIMENSION_NAMES.index(r.dimension), order[r.field]))  # stable: ladders stay in order
    fitted_fields.sort(key=lambda f: (DIMENSION_NAMES.index(f.dimension), order[f.name]))
    used_custom = {f.name: f.source for f in fitted_fields if f.custom}

    bands = None
    if rebalance_bands:
        bands = _rebalanced_bands(table_scores(encoded, points, caps, train), config.scoring)
    fitted_scoring = scoring_config(config, rules, caps, used_custom, bands)
    fitted_config = config.model_copy(update={"scoring": fitted_scoring})

    def measured(run_config: RevopsConfig, rows: np.ndarray) -> tuple[np.ndarray, ScoreQuality]:
        scored = score_leads(frame.iloc[rows], mapping, run_config, now=now).frame
        score = scored["revops_score"].to_numpy(dtype=float)
        return score, score_quality(score, y[rows], scored["revops_band"].to_numpy(dtype=object),
                                    run_config.scoring.band_names)

    _, current = measured(config, test_pos)
    fitted_scores, fitted = measured(fitted_config, test_pos)
    train_scores, _ = measured(fitted_config, train_pos)
    mismatched = int((fitted_scores != table_scores(encoded, points, caps, test)).sum()
                     + (train_scores != table_scores(encoded, points, caps, train)).sum())
    model_auc = roc_auc(model_scores(encoded, model, test), y[test])
    plain_auc = plain_logistic_auc(encoded, train, test, y)

    header = [
        f"Points tables fitted by `revops leads fit` on {source}: outcome {outcome.column!r} "
        f"(converted = {', '.join(outcome.positive_values)}).",
        f"{len(train_pos):,} leads to fit ({int(y[train].sum()):,} converted), {len(test_pos):,} held out "
        f"(seed {seed}). Held-out ROC AUC: {_auc_text(fitted.auc)} with these tables, "
        f"{_auc_text(current.auc)} with the tables they replace.",
        "After each rule: the training leads on that rung (the first rule of its field they match) and the share",
        "that converted. Rules on one field form a ladder; each dimension is capped at its max. Edit freely;",
        "merge this [scoring] section into revops.toml, or pass this file with --config.",
    ]
    toml = scoring_toml(fitted_scoring, rules, header, rebalance_bands)
    notes = []
    if mismatched:
        notes.append(f"{mismatched} leads score differently with the written tables than the fit expected")
    return FitResult(
        scoring=fitted_scoring, toml=toml, outcome=outcome, rows=n, train_rows=train_pos, holdout_rows=test_pos,
        seed=seed, holdout=holdout, current=current, fitted=fitted,
        fitted_train_auc=roc_auc(train_scores, y[train_pos]), model_auc=model_auc, plain_auc=plain_auc,
        rules=rules, fields=fitted_fields, left_out=left_out, leaks=leaks, rebalanced=rebalance_bands,
        regularisation=model.c, scale=points.scale, mismatched_rows=mismatched, notes=notes,
    )


def _auc_text(value: float | None) -> str:
    return "not measured" if value is None else f"{value:.3f}"

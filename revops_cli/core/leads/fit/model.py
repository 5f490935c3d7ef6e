"""The model behind `leads fit`: each field cut into levels, a regularised logistic regression on them, and
its weights turned into integer points (the scorecard way: shift each field's weights so its lowest level
is 0, scale, round).

Levels: a number field is cut at the thresholds a small decision tree finds on the training leads (at most
``max_rungs`` rungs, each with at least ``min_share`` percent of them), each threshold moved to the
roundest number between the two values it separates; a value field keeps each value that at least
``min_share`` percent of the training leads hold, and the rarer ones share one level; a yes/no field has
yes, no and blank; blank is a level of every field. Levels no training lead holds get no rule (0 points).
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from revops_cli.core.leads.fit.features import Feature


@dataclass
class Level:
    """One rung of a field's ladder. ``kind``: number ("lt" below ``high``, "ge" from ``low`` up to
    ``high``), "value" (``values``), "other" (any other value), "present", "missing", "true", "false"."""

    kind: str
    values: tuple[str, ...] = ()
    low: float | None = None
    high: float | None = None


@dataclass
class Encoded:
    """A feature cut into levels: ``codes`` per lead (-1: a level no training lead held)."""

    feature: Feature
    levels: list[Level]
    codes: np.ndarray
    thresholds: list[float]


def nice_threshold(low: float, high: float) -> float:
    """The roundest number ``t`` with ``low < t <= high`` (fewest significant digits): 2.5 between 2 and 3
    is 3; between 1,480 and 1,530 it is 1,500."""
    if not high > low:
        return high
    span = max(abs(low), abs(high), 1e-12)
    for power in range(int(math.floor(math.log10(span))) + 1, -7, -1):
        step = 10.0 ** power
        candidate = (math.floor(low / step) + 1) * step
        candidate = round(candidate, max(0, -power))
        if low < candidate <= high:
            return candidate
    return high


def number_text(value: float) -> str:
    """A threshold as a rule writes it: ``3``, ``2.5``, ``1500``, ``-0.25`` (never an exponent)."""
    if float(value).is_integer():
        return str(int(value))
    return np.format_float_positional(value, trim="-")


def _number_levels(feature: Feature, train: np.ndarray, y: np.ndarray, max_rungs: int, min_count: int, seed: int
                   ) -> tuple[list[Level], np.ndarray, list[float]]:
    from sklearn.tree import DecisionTreeClassifier

    number = feature.number
    finite = ~np.isnan(number)
    fit_rows = train & finite
    thresholds: list[float] = []
    if fit_rows.sum() >= 2 * min_count and len(np.unique(number[fit_rows])) > 1:
        tree = DecisionTreeClassifier(max_leaf_nodes=max_rungs, min_samples_leaf=min_count, random_state=seed)
        x = number[fit_rows].reshape(-1, 1)
        tree.fit(x, y[fit_rows])
        splits = sorted(float(t) for t, f in zip(tree.tree_.threshold, tree.tree_.feature) if f >= 0)
        seen = np.unique(number[fit_rows])
        for split in splits:
            below = seen[seen <= split]
            above = seen[seen > split]
            if len(below) and len(above):
                thresholds.append(float(number_text(nice_threshold(float(below.max()), float(above.min())))))
        thresholds = sorted(set(thresholds))
    codes = np.full(len(number), -1, dtype=np.int64)
    levels: list[Level] = []
    if thresholds:
        bins = np.searchsorted(np.array(thresholds), number, side="right")  # bin k: thresholds[k-1] <= x
        edges = [None, *thresholds, None]
        for k in range(len(thresholds) + 1):
            kind = "lt" if k == 0 else "ge"
            levels.append(Level(kind, low=edges[k], high=edges[k + 1]))
            codes[finite & (bins == k)] = k
        other = feature.present & ~finite
        if other.any():
            levels.append(Level("other"))
            codes[other] = len(levels) - 1
    else:
        levels.append(Level("present"))
        codes[feature.present] = 0
    levels.append(Level("missing"))
    codes[~feature.present] = len(levels) - 1
    return levels, codes, thresholds


def _value_levels(feature: Feature, train: np.ndarray, min_count: int) -> tuple[list[Level], np.ndarray]:
    import pandas as pd

    keys = pd.Series(feature.key, dtype=object)
    counts = keys[train].value_counts(sort=False)
    kept = sorted((k for k, c in counts.items() if c >= min_count), key=lambda k: (-counts[k], str(k)))
    levels = [Level("value", values=(str(k),)) for k in kept]
    position = {k: i for i, k in enumerate(kept)}
    codes = keys.map(position).to_numpy(dtype=float)
    codes = np.where(np.isnan(codes), -1, codes).astype(np.int64)
    other = feature.present & (codes < 0)
    if other.any():
        levels.append(Level("other"))
        codes[other] = len(levels) - 1
    levels.append(Level("missing"))
    codes[~feature.present] = len(levels) - 1
    return levels, codes


def encode(feature: Feature, train: np.ndarray, y: np.ndarray, *, max_rungs: int, min_share: float, seed: int
           ) -> Encoded:
    """Cut ``feature`` into levels learned on the ``train`` rows (``y``: converted, per lead)."""
    min_count = max(1, math.ceil(min_share / 100.0 * int(train.sum())))
    thresholds: list[float] = []
    if feature.kind == "number":
        levels, codes, thresholds = _number_levels(feature, train, y, max_rungs, min_count, seed)
    elif feature.kind == "category":
        levels, codes = _value_levels(feature, train, min_count)
    elif feature.kind == "truth":
        levels = [Level("true"), Level("false"), Level("missing")]
        codes = np.select([feature.truth == 1, feature.truth == 0], [0, 1], 2).astype(np.int64)
    else:
        levels = [Level("present"), Level("missing")]
        codes = np.where(feature.present, 0, 1).astype(np.int64)
    # a level no training lead holds gets no rule: its leads score 0 on this field
    held = np.bincount(codes[train & (codes >= 0)], minlength=len(levels)) > 0
    if not held.all():
        new_index = np.cumsum(held) - 1
        codes = np.where(codes >= 0, np.where(held[np.maximum(codes, 0)], new_index[np.maximum(codes, 0)], -1), -1)
        levels = [level for level, keep in zip(levels, held) if keep]
    return Encoded(feature, levels, codes.astype(np.int64), thresholds)


def one_hot(encoded: list[Encoded], rows: np.ndarray) -> sp.csr_matrix:
    """The 0/1 matrix of ``rows``: a column per level of every encoded feature."""
    n = int(rows.sum()) if rows.dtype == bool else len(rows)
    blocks = []
    for enc in encoded:
        codes = enc.codes[rows]
        hit = codes >= 0
        blocks.append(sp.csr_matrix((np.ones(int(hit.sum())), (np.flatnonzero(hit), codes[hit])),
                                    shape=(n, len(enc.levels))))
    return sp.hstack(blocks, format="csr") if blocks else sp.csr_matrix((n, 0))


def single_field_auc(enc: Encoded, train: np.ndarray, y: np.ndarray) -> tuple[float | None, float, float]:
    """How well a field alone ranks the outcome on the training leads: (ROC AUC of each level's conversion
    rate, the highest conversion of a level, that level's share of the converted leads)."""
    from revops_cli.core.leads.scoring.calibration import roc_auc

    codes = enc.codes[train]
    outcome = y[train]
    keep = codes >= 0
    leads = np.bincount(codes[keep], minlength=len(enc.levels)).astype(float)
    wins = np.bincount(codes[keep], weights=outcome[keep].astype(float), minlength=len(enc.levels))
    rate = np.divide(wins, leads, out=np.zeros_like(wins), where=leads > 0)
    auc = roc_auc(rate[codes[keep]], outcome[keep])
    positives = max(float(outcome.sum()), 1.0)
    best = int(np.argmax(np.where(leads > 0, rate, -1)))
    return auc, float(rate[best]), float(wins[best] / positives)


@dataclass
class FittedModel:
    """The regression's weight per level (``weights[i]`` for ``encoded[i]``), its C and intercept."""

    weights: list[np.ndarray]
    intercept: float
    c: float


def fit_logistic(encoded: list[Encoded], train: np.ndarray, y: np.ndarray, seed: int) -> FittedModel:
    """L2-regularised logistic regression on the levels, its strength chosen by 3-fold cross-validated
    ROC AUC on the training leads (scikit-learn's LogisticRegressionCV)."""
    from sklearn.linear_model import LogisticRegressionCV
    from sklearn.model_selection import StratifiedKFold

    x = one_hot(encoded, train)
    folds = StratifiedKFold(n_splits=3, shuffle=True, random_state=seed)
    model = LogisticRegressionCV(Cs=[0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0], cv=folds, scoring="roc_auc",
                                 solver="newton-cholesky", max_iter=1000)
    with warnings.catch_warnings():  # scikit-learn's notices about defaults changing in later versions
        warnings.simplefilter("ignore", FutureWarning)
        model.fit(x, y[train])
    coef = model.coef_.ravel()
    weights, start = [], 0
    for enc in encoded:
        weights.append(coef[start:start + len(enc.levels)].copy())
        start += len(enc.levels)
    return FittedModel(weights, float(model.intercept_[0]), float(np.ravel(model.C_)[0]))


def model_scores(encoded: list[Encoded], model: FittedModel, rows: np.ndarray) -> np.ndarray:
    """The regression's log-odds for ``rows`` (before any rounding)."""
    x = one_hot(encoded, rows)
    return x @ np.concatenate(model.weights) + model.intercept if x.shape[1] else np.zeros(x.shape[0])


def plain_logistic_auc(encoded: list[Encoded], train: np.ndarray, test: np.ndarray, y: np.ndarray) -> float | None:
    """The yardstick: a plain logistic regression (scikit-learn defaults, C = 1) on the same fields and split,
    numbers as they are (standardised, blanks at the training median plus a blank flag) and values one-hot."""
    from sklearn.linear_model import LogisticRegression

    from revops_cli.core.leads.scoring.calibration import roc_auc

    columns = []
    for enc in encoded:
        feature = enc.feature
        if feature.kind == "number":
            number = feature.number
            finite = ~np.isnan(number)
            middle = float(np.median(number[train & finite])) if (train & finite).any() else 0.0
            filled = np.where(finite, number, middle)
            spread = float(filled[train].std()) or 1.0
            columns.append(sp.csr_matrix(((filled - float(filled[train].mean())) / spread).reshape(-1, 1)))
            columns.append(sp.csr_matrix((~finite).astype(float).reshape(-1, 1)))
        else:
            columns.append(one_hot([enc], np.ones(len(enc.codes), dtype=bool)))
    if not columns:
        return None
    x = sp.hstack(columns, format="csr")
    model = LogisticRegression(C=1.0, max_iter=5000)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        model.fit(x[train], y[train])
    return roc_auc(model.decision_function(x[test]), y[test])


#: Training ROC AUC a wider points scale may give up against the best one tried (see :func:`to_points`).
SCALE_TOLERANCE = 0.002


@dataclass
class Points:
    """Integer points per level of each encoded feature, and the scale that made them."""

    points: list[np.ndarray]
    scale: float


def to_points(encoded: list[Encoded], model: FittedModel, caps: dict[str, int], train: np.ndarray,
              y: np.ndarray) -> Points:
    """Shift each field's weights so its lowest level is 0, scale and round to integers. The smallest scale
    keeps every dimension within its cap; larger ones (up to 3x) give finer points and spread the scores over
    more of 0-100, but clip the fullest dimension at its cap. The widest scale whose training ROC AUC is within
    :data:`SCALE_TOLERANCE` of the best one tried wins."""
    from revops_cli.core.leads.scoring.calibration import roc_auc

    shifted = [w - w.min() if len(w) else w for w in model.weights]
    widest: dict[str, float] = {name: 0.0 for name in caps}
    for enc, s in zip(encoded, shifted):
        widest[enc.feature.dimension] += float(s.max()) if len(s) else 0.0
    limits = [caps[d] / widest[d] for d in caps if widest[d] > 0]
    if not limits:
        return Points([np.zeros(len(s), dtype=np.int64) for s in shifted], 0.0)
    base = min(limits)
    tried: list[tuple[float, float]] = []
    for factor in (1.0, 1.1, 1.2, 1.35, 1.5, 1.7, 2.0, 2.5, 3.0):
        scale = base * factor
        total = _capped_total(encoded, [_round(s * scale, caps[e.feature.dimension]) for e, s in zip(encoded, shifted)],
                              caps, train)
        tried.append((roc_auc(total, y[train]) or 0.0, scale))
    best = max(auc for auc, _ in tried)
    # the widest scale that ranks (almost) as well as the best: scores that use more of 0-100 reach the SOP's bands
    chosen = max(scale for auc, scale in tried if auc >= best - SCALE_TOLERANCE)
    return Points([_round(s * chosen, caps[e.feature.dimension]) for e, s in zip(encoded, shifted)], chosen)


def _round(values: np.ndarray, cap: int) -> np.ndarray:
    return np.clip(np.floor(values + 0.5), 0, cap).astype(np.int64)


def _capped_total(encoded: list[Encoded], points: list[np.ndarray], caps: dict[str, int], rows: np.ndarray
                  ) -> np.ndarray:
    n = int(rows.sum()) if rows.dtype == bool else len(rows)
    per_dimension = {name: np.zeros(n) for name in caps}
    for enc, p in zip(encoded, points):
        codes = enc.codes[rows]
        per_dimension[enc.feature.dimension] += np.where(codes >= 0, p[np.maximum(codes, 0)] if len(p) else 0, 0)
    return sum(np.minimum(total, caps[name]) for name, total in per_dimension.items())


def table_scores(encoded: list[Encoded], points: Points, caps: dict[str, int], rows: np.ndarray) -> np.ndarray:
    """What the integer points give ``rows`` (each dimension capped): what the written tables must score."""
    return _capped_total(encoded, points.points, caps, rows)

"""Dedupe's clusters: survivorship order, cluster ids, each record's strongest link, the review pairs.

Lead Management SOP, 1. Lead Capture (duplicate check): records linked by
merge pairs form clusters (transitively); the survivor of each is its
best-ranked member by ``[dedupe].survivorship``, CRM records first.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components


@dataclass
class _Clusters:
    """Per record (CRM records first, then the input): its cluster and survivor."""

    labels: np.ndarray  # connected component of the merge pairs
    order: np.ndarray  # record positions from best to worst survivor
    survivor: np.ndarray  # position of the cluster's survivor
    is_survivor: np.ndarray
    reported: np.ndarray  # in a cluster of two or more that holds an input record
    cluster_id: np.ndarray  # D000001..., '' outside reported clusters


def _clusters(feat: pd.DataFrame, merges: pd.DataFrame, policy: list[str], is_existing: np.ndarray,
              n_existing: int) -> _Clusters:
    """Records linked by merge pairs, transitively, and the survivor of each cluster: its best-ranked member."""
    n = len(feat)
    graph = coo_matrix((np.ones(len(merges)), (merges["a"].to_numpy(), merges["b"].to_numpy())), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    sizes = np.bincount(labels)
    clustered = sizes[labels] > 1
    order = _survivor_order(feat, policy, is_existing)
    first_seen = np.full(len(sizes), -1, dtype=np.int64)
    ranked_labels = labels[order]
    _, first_index = np.unique(ranked_labels, return_index=True)
    first_seen[ranked_labels[first_index]] = order[first_index]
    survivor = first_seen[labels]
    is_survivor = clustered & (survivor == np.arange(n))
    # Clusters holding no input row (only CRM records) are not reported.
    has_input = np.bincount(labels, weights=(~is_existing).astype(float), minlength=len(sizes)) > 0
    reported = clustered & has_input[labels]
    return _Clusters(labels=labels, order=order, survivor=survivor, is_survivor=is_survivor, reported=reported,
                     cluster_id=_cluster_ids(labels, reported, n_existing))


def _survivor_order(feat: pd.DataFrame, policy: list[str], existing: np.ndarray) -> np.ndarray:
    """Row positions from best to worst survivor; existing CRM records always come first."""
    n = len(feat)
    never = np.iinfo(np.int64).max
    created = feat["created"].to_numpy().view(np.int64)
    created_known = ~np.isnat(feat["created"].to_numpy())
    activity = feat["activity"].to_numpy().view(np.int64)
    activity_known = ~np.isnat(feat["activity"].to_numpy())
    keys = {
        "most_complete": -feat["filled"].to_numpy(),
        "most_recent_activity": np.where(activity_known, -activity, never),
        "oldest_created": np.where(created_known, created, never),
        "newest_created": np.where(created_known, -created, never),
        "has_owner": (~feat["owner"].to_numpy()).astype(np.int64),
        "first_in_file": np.arange(n),
    }
    ordered = [(~existing).astype(np.int64), *(keys[p] for p in policy), np.arange(n)]
    return np.lexsort(ordered[::-1])


def _cluster_ids(labels: np.ndarray, reported: np.ndarray, n_existing: int) -> np.ndarray:
    """``D000001``... numbered by the cluster's first input row; '' outside clusters."""
    out = np.full(len(labels), "", dtype=object)
    if not reported.any():
        return out
    positions = np.flatnonzero(reported & (np.arange(len(labels)) >= n_existing))
    first_labels = pd.unique(labels[positions])
    number = {label: i + 1 for i, label in enumerate(first_labels)}
    width = max(6, len(str(len(first_labels))))
    names = {label: f"D{i:0{width}d}" for label, i in number.items()}
    members = np.flatnonzero(reported)
    out[members] = [names[label] for label in labels[members]]
    return out


def _best_links(merges: pd.DataFrame, n: int) -> pd.DataFrame:
    """For each record, the strongest merge pair it is in: rule, confidence, reason, the other record."""
    both = pd.concat([
        merges.rename(columns={"a": "row", "b": "other"}),
        merges.rename(columns={"b": "row", "a": "other"}),
    ], ignore_index=True).sort_values(["row", "rank", "confidence", "other"], ascending=[True, True, False, True])
    best = both.drop_duplicates("row").set_index("row")
    return best.reindex(np.arange(n))[["other", "rule", "confidence", "reason"]]


def _review_pairs(review: pd.DataFrame, labels: np.ndarray, is_existing: np.ndarray) -> pd.DataFrame:
    """Review-band pairs not already merged into one cluster, best first per pair."""
    if review.empty:
        return review
    a, b = review["a"].to_numpy(), review["b"].to_numpy()
    keep = labels[a] != labels[b]
    return (review[keep].sort_values(["confidence"], ascending=False, kind="stable")
            .drop_duplicates(["a", "b"]).sort_values(["a", "b"]))

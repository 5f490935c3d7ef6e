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
    """Clusters of records linked by merge pairs, without chaining, and the survivor of each: its best-ranked member.

    See :func:`_unchained_labels` for how a record joins a cluster.
    """
    n = len(feat)
    order = _survivor_order(feat, policy, is_existing)
    labels = _unchained_labels(feat, merges, order)
    sizes = np.bincount(labels, minlength=n)
    clustered = sizes[labels] > 1
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


def _unchained_labels(feat: pd.DataFrame, merges: pd.DataFrame, order: np.ndarray) -> np.ndarray:
    """A cluster label per record: merge pairs joined without chaining.

    Records with one (non-role) email key are one person ("Email match -> merge records") and
    always one cluster. Every other merge pair, strongest first (rule order, then confidence),
    joins two clusters only if the joining record (or the smaller cluster) matches the other
    cluster's survivor, or more than half of its members: Julian ~ Juliana ~ Julia Harris at one
    switchboard do not become one person because each pair looked alike. Components of one or
    two records need no check, so the loop runs only over the few bigger ones.
    """
    n = len(feat)
    if merges.empty:
        return np.arange(n)
    a, b = merges["a"].to_numpy(), merges["b"].to_numpy()
    graph = coo_matrix((np.ones(len(merges)), (a, b)), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    sizes = np.bincount(labels)
    big = sizes[labels[a]] > 2
    if not big.any():
        return labels
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n)
    email = feat["email_key"].to_numpy()
    same_mailbox = ~feat["email_role"].to_numpy() & (email != "")
    edges = merges[big].sort_values(["rank", "confidence", "a", "b"], ascending=[True, False, True, True])
    linked = {(int(x), int(y)) for x, y in zip(edges["a"], edges["b"])}
    linked |= {(y, x) for x, y in linked}
    nodes = np.unique(np.concatenate([edges["a"].to_numpy(), edges["b"].to_numpy()]))
    parent = {int(x): int(x) for x in nodes}
    members = {int(x): [int(x)] for x in nodes}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(x: int, y: int) -> None:
        rx, ry = find(x), find(y)
        if rx != ry:
            if len(members[rx]) < len(members[ry]):
                rx, ry = ry, rx
            parent[ry] = rx
            members[rx].extend(members.pop(ry))

    def match(x: int, y: int) -> bool:
        return (x, y) in linked or (same_mailbox[x] and same_mailbox[y] and email[x] == email[y])

    # one mailbox, one person: the email rule's records are one cluster before anything else
    by_email = pd.Series(nodes[same_mailbox[nodes]]).groupby(email[nodes[same_mailbox[nodes]]])
    for _, group in by_email:
        for other in group.to_numpy()[1:]:
            union(int(group.iloc[0]), int(other))
    for x, y in zip(edges["a"].to_numpy(), edges["b"].to_numpy()):
        rx, ry = find(int(x)), find(int(y))
        if rx == ry:
            continue
        big_side, small_side = (members[rx], members[ry]) if len(members[rx]) >= len(members[ry]) else (
            members[ry], members[rx])
        head_big = min(big_side, key=rank.__getitem__)
        head_small = min(small_side, key=rank.__getitem__)
        links = sum(match(p, q) for p in small_side for q in big_side)
        if match(head_small, head_big) or 2 * links > len(big_side) * len(small_side):
            union(int(x), int(y))
    out = labels.copy()
    offset = labels.max() + 1
    for node in nodes:
        out[node] = offset + find(int(node))
    return out


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

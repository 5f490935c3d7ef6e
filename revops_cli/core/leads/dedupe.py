"""Duplicate leads: match by the SOP's rules, cluster, pick a survivor, merge with an undo.

Lead Management SOP, 1. Lead Capture: "Email match -> merge records". Data
Management SOP: duplicates < 2%. Rules run in the order ``[dedupe].rules``
gives; each pair of records they link carries its rule, a 0-100 confidence
and a plain reason:

- ``email``: the same address once case, spaces, ``+tags`` and Gmail dots are
  ignored (confidence 100). A role mailbox (info@, sales@) is shared by
  people, so it merges only when the names agree too (or both are blank).
- ``phone_name``: the same E.164 phone or mobile, and names at least
  ``phone_name_threshold`` similar (nicknames and initials understood).
- ``fuzzy_name``: same company key or corporate email domain and one name part
  spelled the same, the other similar: merged at ``fuzzy_merge_threshold``,
  listed for review from ``fuzzy_review_threshold``.

Records linked by merge pairs form clusters (transitively); in each, the
survivor is picked by ``[dedupe].survivorship``; its blank fields are filled
from the other records in survivorship order. The merge log keeps every
clustered record as it was, so :func:`unmerge` restores the input exactly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from revops_cli.columns import ColumnMapping
from revops_cli.config import RevopsConfig
from revops_cli.core.leads.accounts import ACCOUNT_MATCH_COLUMNS
from revops_cli.core.leads.match import (NameVocabulary, block_codes, pairs_within_blocks, person_features,
                                   resolve_phones, unique_pairs)
from revops_cli.core.metrics import percent
from revops_cli.normalize.distinct import is_blank
from revops_cli.errors import RevopsInputError

RULE_EMAIL, RULE_PHONE_NAME, RULE_FUZZY_NAME = "email", "phone_name", "fuzzy_name"

# Columns dedupe adds to its output, and those of the merge log. Re-running
# dedupe on its own output replaces them rather than keeping stale copies.
OUTPUT_COLUMNS = ("revops_row", "revops_cluster_id", "revops_merged_ids", "revops_filled", "revops_review_with")
FLAG_COLUMNS = ("revops_row", "revops_cluster_id", "revops_is_survivor", "revops_survivor_id", "revops_dup_rule",
                "revops_dup_confidence", "revops_dup_reason", "revops_review_with")
LOG_COLUMNS = ("revops_cluster_id", "revops_role", "revops_row", "revops_survivor_id", "revops_survivor_source",
               "revops_matched_id", "revops_rule", "revops_confidence", "revops_reason", "revops_filled",
               "revops_conflicts")
ADDED_COLUMNS = tuple(dict.fromkeys((*OUTPUT_COLUMNS, *FLAG_COLUMNS, *ACCOUNT_MATCH_COLUMNS)))
REVIEW_COLUMNS = ("revops_row_a", "id_a", "name_a", "company_a", "email_a",
                  "revops_row_b", "id_b", "name_b", "company_b", "email_b", "rule", "confidence", "reason")
DEDUPE_TICKS = 5


@dataclass
class DedupeResult:
    """What :func:`dedupe_leads` returns: the output frame, the merge log, the review pairs and the figures."""

    frame: pd.DataFrame
    log: pd.DataFrame
    review: pd.DataFrame
    rows_in: int
    rows_out: int
    clusters: int
    merged: int
    merged_by_rule: dict[str, int]
    matched_existing: int = 0
    existing_rows: int | None = None
    target: float = 2.0
    clusters_preview: list[dict] = field(default_factory=list)
    comparisons: int = 0  # candidate pairs whose names were compared: blocking keeps this ~linear

    @property
    def duplicate_rate(self) -> float | None:
        """Share of input rows that duplicate another input row (merged away), in percent.

        With ``--against``, records already in the CRM are not counted: a
        re-scanned lead is expected in an event upload, not a data-quality fault.
        """
        return percent(self.merged - self.matched_existing, self.rows_in)

    @property
    def meets_target(self) -> bool | None:
        rate = self.duplicate_rate
        return None if rate is None else rate < self.target

    def summary(self) -> dict:
        return {
            "rows_in": self.rows_in,
            "rows_out": self.rows_out,
            "clusters": self.clusters,
            "merged": self.merged,
            "merged_by_rule": self.merged_by_rule,
            "review_pairs": len(self.review),
            "duplicate_rate_percent": self.duplicate_rate,
            "duplicate_rate_target": self.target,
            "meets_target": self.meets_target,
            "existing_rows": self.existing_rows,
            "matched_existing": self.matched_existing if self.existing_rows is not None else None,
            "comparisons": self.comparisons,
            "comparisons_per_row": round(self.comparisons / max(self.rows_in + (self.existing_rows or 0), 1), 2),
        }


# --------------------------------------------------------------------------- rules


def _edges(a: np.ndarray, b: np.ndarray, rule: str, confidence: np.ndarray, reason: np.ndarray,
           merge: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame({"a": a.astype(np.int64), "b": b.astype(np.int64), "rule": rule,
                         "confidence": np.round(confidence.astype(float), 1), "reason": reason, "merge": merge})


def _no_edges() -> pd.DataFrame:
    empty = np.empty(0)
    return _edges(empty, empty, "", empty, np.empty(0, object), np.empty(0, bool))


def _pair_similarity(feat: pd.DataFrame, pairs: np.ndarray) -> np.ndarray:
    names = feat.attrs.get("names")
    if names is None:
        names = feat.attrs["names"] = NameVocabulary(feat["first"].to_numpy(), feat["last"].to_numpy())
    feat.attrs["comparisons"] = feat.attrs.get("comparisons", 0) + len(pairs)
    return names.name_similarity(pairs[:, 0], pairs[:, 1])


def _evidence(feat: pd.DataFrame, pairs: np.ndarray, config: RevopsConfig) -> tuple[np.ndarray, np.ndarray]:
    """Points off a name-based confidence for evidence of two people, and the words saying why.

    Both records have phones and share none; or their emails differ only in
    digits (jsmith@acme.com, jsmith2@acme.com), which is how mail admins tell
    namesakes apart.
    """
    a, b = pairs[:, 0], pairs[:, 1]
    pk, mk = feat["phone_key"].to_numpy(), feat["mobile_key"].to_numpy()
    has_a, has_b = (pk[a] != "") | (mk[a] != ""), (pk[b] != "") | (mk[b] != "")
    share = (((pk[a] == pk[b]) | (pk[a] == mk[b])) & (pk[a] != "")) | (((mk[a] == pk[b]) | (mk[a] == mk[b])) & (mk[a] != ""))
    phone_conflict = has_a & has_b & ~share
    email = feat["email_key"].to_numpy()
    ea, eb = email[a], email[b]
    differ = (ea != "") & (eb != "") & (ea != eb)
    numbered = np.zeros(len(a), dtype=bool)
    if differ.any():
        strip = lambda v: pd.Series(v, dtype=object).str.replace(r"\d", "", regex=True).to_numpy()  # noqa: E731
        numbered[differ] = strip(ea[differ]) == strip(eb[differ])
    penalty = (np.where(phone_conflict, config.dedupe.phone_conflict_penalty, 0.0)
               + np.where(numbered, config.dedupe.numbered_email_penalty, 0.0))
    note = np.where(phone_conflict, f"; different phones -{config.dedupe.phone_conflict_penalty:g}", "").astype(object)
    note = note + np.where(numbered, f"; numbered emails -{config.dedupe.numbered_email_penalty:g}", "")
    return penalty, note


def _email_edges(feat: pd.DataFrame, config: RevopsConfig) -> pd.DataFrame:
    key = feat["email_key"].to_numpy()
    role = feat["email_role"].to_numpy()
    blocks = block_codes(np.where(role, "", key))
    rows = np.flatnonzero(blocks >= 0)
    codes = blocks[rows]
    counts = np.bincount(codes) if len(codes) else np.empty(0, int)
    shared = counts[codes] >= 2 if len(codes) else np.zeros(0, bool)
    rows, codes = rows[shared], codes[shared]
    # Star each group on its first row: one pair per extra record, never all pairs.
    anchor = np.full(len(counts), np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(anchor, codes, rows)
    others = rows != anchor[codes]
    a, b = anchor[codes][others], rows[others]
    parts = [_edges(a, b, RULE_EMAIL, np.full(len(a), 100.0),
                    np.array([f"same email {k}" for k in key[b]], dtype=object), np.ones(len(a), bool))]

    # Role mailboxes: the same info@ address is one person only if the names agree.
    role_blocks = block_codes(np.where(role, key, ""))
    pairs = pairs_within_blocks(role_blocks, _name_order(feat), whole_upto=config.dedupe.compare_whole_block_upto,
                                window=config.dedupe.neighbour_window)
    if len(pairs):
        sim = _pair_similarity(feat, pairs)
        nameless = _nameless(feat)
        both_nameless = nameless[pairs[:, 0]] & nameless[pairs[:, 1]]
        ok = both_nameless | (sim >= config.dedupe.phone_name_threshold)
        conf = np.where(both_nameless, 100.0, sim)
        reason = np.array([f"same role mailbox {key[x]}" + ("" if nl else f", name {s:.0f}")
                           for x, s, nl in zip(pairs[:, 0], sim, both_nameless)], dtype=object)
        parts.append(_edges(pairs[ok, 0], pairs[ok, 1], RULE_EMAIL, conf[ok], reason[ok], np.ones(int(ok.sum()), bool)))
    return pd.concat(parts, ignore_index=True)


def _nameless(feat: pd.DataFrame) -> np.ndarray:
    return (feat["first"].to_numpy() == "") & (feat["last"].to_numpy() == "")


def _name_order(feat: pd.DataFrame) -> np.ndarray:
    return (feat["last"] + " " + feat["first"]).to_numpy(dtype=object)


def _phone_edges(feat: pd.DataFrame, config: RevopsConfig) -> pd.DataFrame:
    n = len(feat)
    # Candidates share the last digits of a phone or mobile; only pairs with
    # similar names are then parsed to E.164 and must share a whole number.
    long = pd.DataFrame({"pos": np.concatenate([np.arange(n), np.arange(n)]),
                         "key": np.concatenate([feat["phone_key"].to_numpy(), feat["mobile_key"].to_numpy()])})
    long = long[long["key"] != ""].drop_duplicates()
    if long.empty:
        return _no_edges()
    pos, key = long["pos"].to_numpy(), long["key"].to_numpy(dtype=object)
    found = pairs_within_blocks(block_codes(key), _name_order(feat)[pos],
                                whole_upto=config.dedupe.compare_whole_block_upto, window=config.dedupe.neighbour_window)
    pairs = unique_pairs([np.column_stack([pos[found[:, 0]], pos[found[:, 1]]])], n) if len(found) else found
    pairs = pairs[pairs[:, 0] != pairs[:, 1]]
    sim = _pair_similarity(feat, pairs)
    close = sim >= config.dedupe.phone_name_threshold  # penalties only lower it
    pairs, sim = pairs[close], sim[close]
    if not len(pairs):
        return _no_edges()
    rows = np.unique(pairs.ravel())
    phone, mobile = resolve_phones(feat, rows, feat.attrs.get("default_region", config.general.default_region))
    a, b = pairs[:, 0], pairs[:, 1]
    shared = np.full(len(a), "", dtype=object)
    for x in (phone, mobile):
        for y in (phone, mobile):
            hit = (shared == "") & (x[a] != "") & (x[a] == y[b])
            shared[hit] = x[a][hit]
    same = shared != ""
    pairs, sim, shared = pairs[same], sim[same], shared[same]
    penalty, note = _evidence(feat, pairs, config)
    sim = sim - penalty
    ok = sim >= config.dedupe.phone_name_threshold
    reason = np.array([f"same phone {p}, name {s + pen:.0f}{w}" for p, s, pen, w in
                       zip(shared[ok], sim[ok], penalty[ok], note[ok])], dtype=object)
    return _edges(pairs[ok, 0], pairs[ok, 1], RULE_PHONE_NAME, sim[ok], reason, np.ones(int(ok.sum()), bool))


def _fuzzy_edges(feat: pd.DataFrame, config: RevopsConfig) -> pd.DataFrame:
    first, last = feat["first"].to_numpy(), feat["last"].to_numpy()
    company, domain = feat["company_key"].to_numpy(), feat["domain"].to_numpy()
    settings = {"whole_upto": config.dedupe.compare_whole_block_upto, "window": config.dedupe.neighbour_window}
    # Same company (or corporate domain) and one name part identical: a typo in
    # the other part is found, and blocks stay small.
    found = [pairs_within_blocks(block_codes(where, same), other, **settings)
             for where in (company, domain) for same, other in ((first, last), (last, first))]
    pairs = unique_pairs(found, len(feat))
    if not len(pairs):
        return _no_edges()
    sim = _pair_similarity(feat, pairs)
    keep = sim >= config.dedupe.fuzzy_review_threshold
    pairs, sim = pairs[keep], sim[keep]
    penalty, note = _evidence(feat, pairs, config)
    a, b = pairs[:, 0], pairs[:, 1]
    same_company = (company[a] == company[b]) & (company[a] != "")
    reason = np.array([(f"name {s:.0f}, same company '{c}'" if sc else f"name {s:.0f}, same email domain {d}") + w
                       for s, sc, c, d, w in zip(sim, same_company, company[a], domain[a], note)], dtype=object)
    sim = sim - penalty
    keep = sim >= config.dedupe.fuzzy_review_threshold
    pairs, sim, reason = pairs[keep], sim[keep], reason[keep]
    a, b = pairs[:, 0], pairs[:, 1]
    return _edges(a, b, RULE_FUZZY_NAME, sim, reason, sim >= config.dedupe.fuzzy_merge_threshold)


_RULES: dict[str, Callable[[pd.DataFrame, RevopsConfig], pd.DataFrame]] = {
    RULE_EMAIL: _email_edges, RULE_PHONE_NAME: _phone_edges, RULE_FUZZY_NAME: _fuzzy_edges,
}


# --------------------------------------------------------------------------- survivorship


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


# --------------------------------------------------------------------------- main


def dedupe_leads(
    frame: pd.DataFrame,
    mapping: ColumnMapping,
    config: RevopsConfig,
    *,
    flag_only: bool = False,
    existing: pd.DataFrame | None = None,
    existing_mapping: ColumnMapping | None = None,
    default_region: str | None = None,
    row_numbers: pd.Series | None = None,
    headers: dict[str, str] | None = None,
    progress: Callable[[int], None] | None = None,
) -> DedupeResult:
    """Find duplicate leads in ``frame`` (or between ``frame`` and ``existing`` CRM records) and merge them.

    Returns the deduplicated frame (``flag_only``: every row, with cluster
    columns), the merge log and the pairs listed for review. ``existing`` rows
    are never output or changed: an input record that matches one is merged
    into it (logged with that record's id as survivor). ``row_numbers`` are
    spreadsheet row numbers for the log (default: index + 2). Never prints or
    reads files.
    """
    tick = progress or (lambda n=1: None)
    frame = frame.drop(columns=[c for c in frame.columns if c in ADDED_COLUMNS])  # an earlier run's: recomputed
    headers = headers or {c: c for c in frame.columns}
    n_in = len(frame)
    rows = (row_numbers if row_numbers is not None else pd.Series(frame.index + 2, index=frame.index)).to_numpy()
    feat = person_features(frame, mapping, config).reset_index(drop=True)
    ids = _record_ids(frame, mapping, rows)
    n_existing = 0
    if existing is not None:
        existing_feat = person_features(existing, existing_mapping or ColumnMapping(), config)
        n_existing = len(existing)
        existing_rows = np.arange(n_existing) + 2
        existing_ids = _record_ids(existing, existing_mapping or ColumnMapping(), existing_rows)
        feat = pd.concat([existing_feat.reset_index(drop=True), feat], ignore_index=True)
        ids = np.concatenate([existing_ids, ids])
    is_existing = np.arange(len(feat)) < n_existing
    feat.attrs["default_region"] = (default_region or config.general.default_region).upper()
    tick(1)

    rank = {rule: i for i, rule in enumerate(config.dedupe.rules)}
    edges = pd.concat([_RULES[rule](feat, config).assign(rank=rank[rule]) for rule in config.dedupe.rules],
                      ignore_index=True)
    if n_existing:  # the CRM's own duplicates are not this upload's business
        edges = edges[~(is_existing[edges["a"].to_numpy()] & is_existing[edges["b"].to_numpy()])]
    tick(1)

    merges = edges[edges["merge"]]
    n = len(feat)
    graph = coo_matrix((np.ones(len(merges)), (merges["a"].to_numpy(), merges["b"].to_numpy())), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    sizes = np.bincount(labels)
    clustered = sizes[labels] > 1
    order = _survivor_order(feat, list(config.dedupe.survivorship), is_existing)
    tick(1)

    # The survivor of each cluster: its best-ranked member.
    first_seen = np.full(len(sizes), -1, dtype=np.int64)
    ranked_labels = labels[order]
    _, first_index = np.unique(ranked_labels, return_index=True)
    first_seen[ranked_labels[first_index]] = order[first_index]
    survivor = first_seen[labels]
    is_survivor = clustered & (survivor == np.arange(n))
    # Clusters holding no input row (only CRM records) are not reported.
    has_input = np.bincount(labels, weights=(~is_existing).astype(float), minlength=len(sizes)) > 0
    reported = clustered & has_input[labels]
    cluster_id = _cluster_ids(labels, reported, n_existing)

    link = _best_links(merges, n)
    review = _review_pairs(edges[~edges["merge"]], labels, is_existing)
    tick(1)

    local = slice(n_existing, n)
    input_merged = reported[local] & ~is_survivor[local]
    merged_by_rule = {rule: int(((link["rule"].to_numpy()[local] == rule) & input_merged).sum())
                      for rule in config.dedupe.rules}
    matched_existing = int((input_merged & is_existing[survivor[local]]).sum()) if n_existing else 0
    context = _Context(frame, mapping, headers, feat, ids, rows, labels, survivor, is_survivor, reported,
                       is_existing, cluster_id, link, order, n_existing)
    filled = _fill_from_merged(context)
    log = _merge_log(context, filled)
    review_frame = _review_frame(context, review)
    if flag_only:
        out = _flagged(context, review)
    else:
        out = _merged(context, filled, review)
    tick(1)
    return DedupeResult(
        frame=out, log=log, review=review_frame, rows_in=n_in, rows_out=len(out),
        clusters=int(len(np.unique(labels[reported & ~is_existing]))), merged=int(input_merged.sum()),
        merged_by_rule=merged_by_rule, matched_existing=matched_existing,
        existing_rows=n_existing if existing is not None else None, target=config.dedupe.duplicate_rate_max,
        clusters_preview=_preview(context), comparisons=int(feat.attrs.get("comparisons", 0)),
    )


def _record_ids(frame: pd.DataFrame, mapping: ColumnMapping, rows: np.ndarray) -> np.ndarray:
    """The record's id from the lead_id column, else ``row N``."""
    fallback = np.array([f"row {r}" for r in rows], dtype=object)
    column = mapping.get("lead_id")
    if not column:
        return fallback
    values = frame[column].astype(object).to_numpy()
    blank = is_blank(frame[column]).to_numpy()
    return np.where(blank, fallback, values)


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


@dataclass
class _Context:
    frame: pd.DataFrame
    mapping: ColumnMapping
    headers: dict[str, str]
    feat: pd.DataFrame
    ids: np.ndarray
    rows: np.ndarray
    labels: np.ndarray
    survivor: np.ndarray
    is_survivor: np.ndarray
    reported: np.ndarray
    is_existing: np.ndarray
    cluster_id: np.ndarray
    link: pd.DataFrame
    order: np.ndarray
    n_existing: int

    def local(self, values: np.ndarray) -> np.ndarray:
        """The input rows' part of a combined (existing + input) array."""
        return values[self.n_existing:]

    @property
    def data_columns(self) -> list[str]:
        return [c for c in self.frame.columns if not str(c).startswith("revops_")]


def _fill_from_merged(ctx: _Context) -> pd.DataFrame:
    """Blank survivor cells filled from the cluster's other input records, best-ranked first.

    Returns the filled values (frame-shaped, NaN where nothing is filled) and
    ``revops_filled`` text per input row: "Phone ← 00Q...; Title ← 00Q...".
    """
    n_ex = ctx.n_existing
    filled = pd.DataFrame(index=ctx.frame.index)
    note = np.full(len(ctx.frame), "", dtype=object)
    # Only clusters whose survivor is an input row are merged here.
    members = ctx.order[ctx.reported[ctx.order] & ~ctx.is_existing[ctx.order]]
    members = members[~ctx.is_existing[ctx.survivor[members]]]
    if not len(members):
        return filled.assign(revops_filled=note)
    local_members = members - n_ex
    member_labels = ctx.labels[members]
    survivors_local = ctx.survivor[members] - n_ex
    for column in ctx.data_columns:
        blank = is_blank(ctx.frame[column]).to_numpy()
        donors = ~blank[local_members]
        if not donors.any():
            continue
        donor_rows, donor_labels = local_members[donors], member_labels[donors]
        _, first = np.unique(donor_labels, return_index=True)  # members are in rank order
        source = donor_rows[first]
        target = survivors_local[donors][first]
        needs = blank[target]
        if not needs.any():
            continue
        source, target = source[needs], target[needs]
        values = np.full(len(ctx.frame), np.nan, dtype=object)
        values[target] = ctx.frame[column].to_numpy(dtype=object)[source]
        filled[column] = values
        header = ctx.headers.get(column, column)
        note[target] = np.where(note[target] == "", "", note[target] + "; ") + np.array(
            [f"{header} ← {ctx.ids[s + n_ex]}" for s in source], dtype=object)
    return filled.assign(revops_filled=note)


# Fields that differ between any two records by nature: not conflicts.
_RECORD_FIELDS = ("lead_id", "created_at", "assigned_at", "status_changed_at", "last_activity_at")


def _conflicts(ctx: _Context, merged_local: np.ndarray) -> np.ndarray:
    """Per merged input record: the headers where it and its survivor hold different values.

    Values compare without case and spacing; email, phones and company by
    their match keys ("(415) 555-0100" = "+1 415 555 0100"). Ids and record
    dates are left out: every two records differ there.
    """
    note = np.full(len(merged_local), "", dtype=object)
    survivor = ctx.survivor[merged_local + ctx.n_existing]
    own = ~ctx.is_existing[survivor]
    if not own.any():
        return note
    a, b = merged_local[own], survivor[own] - ctx.n_existing
    keyed = {ctx.mapping.get("email"): "email_key", ctx.mapping.get("phone"): "phone_key",
             ctx.mapping.get("mobile_phone"): "mobile_key", ctx.mapping.get("company"): "company_key"}
    skip = {ctx.mapping.get(f) for f in _RECORD_FIELDS}
    sub = np.full(len(a), "", dtype=object)
    for column in ctx.data_columns:
        if column in skip:
            continue
        values = ctx.frame[column]
        va, vb = values.iloc[a], values.iloc[b]
        blank = is_blank(va).to_numpy() | is_blank(vb).to_numpy()
        fold = lambda v: v.astype("string").str.casefold().str.split().str.join(" ").fillna("").to_numpy(dtype=object)  # noqa: E731
        differ = ~blank & (fold(va) != fold(vb))
        key = keyed.get(column)
        if key is not None:
            kv = ctx.local(ctx.feat[key].to_numpy())
            differ &= ~((kv[a] == kv[b]) & (kv[a] != ""))
        if differ.any():
            header = ctx.headers.get(column, column)
            sub = np.where(differ, np.where(sub == "", header, sub + "; " + header), sub)
    note[own] = sub
    return note


def _merge_log(ctx: _Context, filled: pd.DataFrame) -> pd.DataFrame:
    """One row per clustered input record (survivors first in each cluster), the record in full after the log columns."""
    in_log = ctx.local(ctx.reported)
    positions = np.flatnonzero(in_log)
    combined = positions + ctx.n_existing
    role = np.where(ctx.is_survivor[combined], "survivor", "merged")
    survivor = ctx.survivor[combined]
    link = ctx.link.iloc[combined]
    merged = role == "merged"
    conflicts = np.full(len(positions), "", dtype=object)
    conflicts[merged] = _conflicts(ctx, positions[merged])
    other = link["other"].to_numpy()
    log = pd.DataFrame({
        "revops_cluster_id": ctx.cluster_id[combined],
        "revops_role": role,
        "revops_row": ctx.rows[positions],
        "revops_survivor_id": ctx.ids[survivor],
        "revops_survivor_source": np.where(ctx.is_existing[survivor], "existing", "input"),
        "revops_matched_id": np.where(merged, [ctx.ids[int(o)] if o == o else "" for o in other], ""),
        "revops_rule": np.where(merged, link["rule"].fillna("").to_numpy(dtype=object), ""),
        "revops_confidence": np.where(merged, link["confidence"].to_numpy(dtype=object), None),
        "revops_reason": np.where(merged, link["reason"].fillna("").to_numpy(dtype=object), ""),
        "revops_filled": filled["revops_filled"].to_numpy()[positions],
        "revops_conflicts": conflicts,
    })
    record = ctx.frame.iloc[positions].reset_index(drop=True)
    log = pd.concat([log, record], axis=1)
    # Clusters together, survivor first, then the order of the file.
    key = pd.DataFrame({"c": log["revops_cluster_id"], "s": role != "survivor", "r": log["revops_row"]})
    return log.iloc[key.sort_values(["c", "s", "r"]).index].reset_index(drop=True)


def _review_with(ctx: _Context, review: pd.DataFrame) -> np.ndarray:
    out = np.full(len(ctx.feat), "", dtype=object)
    if review.empty:
        return ctx.local(out)
    a, b = review["a"].to_numpy(), review["b"].to_numpy()
    pairs = pd.DataFrame({"row": np.concatenate([a, b]), "other": np.concatenate([ctx.ids[b], ctx.ids[a]])})
    joined = pairs.groupby("row", sort=False)["other"].agg("; ".join)
    out[joined.index.to_numpy()] = joined.to_numpy()
    return ctx.local(out)


def _merged(ctx: _Context, filled: pd.DataFrame, review: pd.DataFrame) -> pd.DataFrame:
    """Survivors (blanks filled) and unclustered rows, in file order; merged records are gone (see the log)."""
    reported = ctx.local(ctx.reported)
    keep = ~reported | ctx.local(ctx.is_survivor)
    out = ctx.frame.copy()
    for column in filled.columns.drop("revops_filled"):
        fill = filled[column].notna().to_numpy()
        values = out[column].to_numpy(dtype=object, copy=True)
        values[fill] = filled[column].to_numpy()[fill]
        out[column] = pd.Series(values, index=out.index, dtype=out[column].dtype)
    merged_ids = _merged_ids(ctx)
    out = out.assign(
        revops_row=ctx.rows, revops_cluster_id=ctx.local(ctx.cluster_id), revops_merged_ids=merged_ids,
        revops_filled=filled["revops_filled"].to_numpy(), revops_review_with=_review_with(ctx, review),
    )
    return out[keep]


def _merged_ids(ctx: _Context) -> np.ndarray:
    out = np.full(len(ctx.feat), "", dtype=object)
    gone = np.flatnonzero(ctx.reported & ~ctx.is_survivor & ~ctx.is_existing)
    if len(gone):
        joined = pd.Series(ctx.ids[gone]).groupby(ctx.survivor[gone], sort=False).agg("; ".join)
        out[joined.index.to_numpy()] = joined.to_numpy()
    return ctx.local(out)


def _flagged(ctx: _Context, review: pd.DataFrame) -> pd.DataFrame:
    """Every input row, with its cluster, whether it survives, and the pair that put it there."""
    reported = ctx.local(ctx.reported)
    survives = ctx.local(ctx.is_survivor)
    merged = reported & ~survives
    link = ctx.link.iloc[ctx.n_existing:]
    return ctx.frame.assign(
        revops_row=ctx.rows,
        revops_cluster_id=ctx.local(ctx.cluster_id),
        revops_is_survivor=np.where(reported, np.where(survives, "true", "false"), ""),
        revops_survivor_id=np.where(reported, ctx.ids[ctx.local(ctx.survivor)], ""),
        revops_dup_rule=np.where(merged, link["rule"].fillna("").to_numpy(dtype=object), ""),
        revops_dup_confidence=np.where(merged, link["confidence"].to_numpy(dtype=object), None),
        revops_dup_reason=np.where(merged, link["reason"].fillna("").to_numpy(dtype=object), ""),
        revops_review_with=_review_with(ctx, review),
    )


def _describe(ctx: _Context, positions: np.ndarray) -> dict[str, np.ndarray]:
    """Name, company and email of records (combined positions) as the files spell them."""
    def text(canonical: str) -> np.ndarray:
        out = np.full(len(positions), "", dtype=object)
        column = ctx.mapping.get(canonical)
        inputs = positions >= ctx.n_existing
        if column and inputs.any():
            values = ctx.frame[column].astype(object).to_numpy()[positions[inputs] - ctx.n_existing]
            out[inputs] = [v if isinstance(v, str) else "" for v in values]
        return out

    first, last, full = text("first_name"), text("last_name"), text("full_name")
    name = np.array([(f"{f} {l}".strip() or u) for f, l, u in zip(first, last, full)], dtype=object)
    feat = ctx.feat.iloc[positions]
    from_existing = positions < ctx.n_existing
    # CRM records are described by their folded keys: their columns may be spelled differently.
    name[from_existing] = (feat["first"] + " " + feat["last"]).str.strip().to_numpy()[from_existing]
    company, email = text("company"), text("email")
    company[from_existing] = feat["company_key"].to_numpy()[from_existing]
    email[from_existing] = feat["email_key"].to_numpy()[from_existing]
    return {"name": name, "company": company, "email": email}


def _review_frame(ctx: _Context, review: pd.DataFrame) -> pd.DataFrame:
    if review.empty:
        return pd.DataFrame(columns=list(REVIEW_COLUMNS))
    a, b = review["a"].to_numpy(), review["b"].to_numpy()
    da, db = _describe(ctx, a), _describe(ctx, b)
    rows = np.concatenate([np.full(ctx.n_existing, None, dtype=object), ctx.rows.astype(object)])
    return pd.DataFrame({
        "revops_row_a": rows[a], "id_a": ctx.ids[a], "name_a": da["name"], "company_a": da["company"],
        "email_a": da["email"], "revops_row_b": rows[b], "id_b": ctx.ids[b], "name_b": db["name"],
        "company_b": db["company"], "email_b": db["email"], "rule": review["rule"].to_numpy(),
        "confidence": review["confidence"].to_numpy(), "reason": review["reason"].to_numpy(),
    })


def _preview(ctx: _Context, limit: int = 200) -> list[dict]:
    """The first clusters as plain dicts, for --dry-run and --json."""
    members = np.flatnonzero(ctx.reported & ~ctx.is_survivor & ~ctx.is_existing)
    members = members[np.argsort(ctx.cluster_id[members], kind="stable")][:limit]
    if not len(members):
        return []
    described = _describe(ctx, members)
    survivors = ctx.survivor[members]
    surv = _describe(ctx, survivors)
    link = ctx.link.iloc[members]
    return [
        {"cluster_id": ctx.cluster_id[m], "survivor_id": ctx.ids[s], "survivor_name": sn,
         "survivor_source": "existing" if ctx.is_existing[s] else "input",
         "merged_id": ctx.ids[m], "merged_name": mn, "email": me, "company": mc,
         "rule": rule, "confidence": float(conf), "reason": reason}
        for m, s, sn, mn, me, mc, rule, conf, reason in zip(
            members, survivors, surv["name"], described["name"], described["email"], described["company"],
            link["rule"], link["confidence"], link["reason"])
    ]


# --------------------------------------------------------------------------- unmerge


@dataclass
class UnmergeResult:
    frame: pd.DataFrame
    headers: list[str]
    restored: int
    clusters: int
    kept: int


def unmerge(log: pd.DataFrame, log_headers: list[str], *, into: pd.DataFrame | None = None,
            into_headers: list[str] | None = None, source: str = "the merge log",
            into_source: str = "the deduplicated file") -> UnmergeResult:
    """Rebuild the original rows from a merge log; with ``into`` (the dedupe output), the whole original file.

    Without ``into``: every clustered record as it was before merging, in file
    order. With ``into``: its survivors are replaced by their clusters' original
    records and all rows are put back in file order, so the result equals the
    input of ``leads dedupe`` row for row. Cells are taken as they are: a log
    or ``into`` read back from CSV/TSV/XLSX has the writer's formula guard
    taken off first (:func:`revops_cli.io.formula_guard.unguard_formulas`).
    """
    missing = [c for c in ("revops_cluster_id", "revops_role", "revops_row") if c not in log_headers]
    if missing:
        raise RevopsInputError(f"{source}: not a revops merge log (no {', '.join(missing)} column). "
                               "Give the file written by `revops leads dedupe --log`.")
    original_at = [i for i, h in enumerate(log_headers) if h not in LOG_COLUMNS]
    original_headers = [log_headers[i] for i in original_at]
    by_header = {h: i for i, h in enumerate(log_headers)}
    records = log.iloc[:, original_at].copy()
    records.columns = range(len(original_at))
    log_rows = _row_numbers(log.iloc[:, by_header["revops_row"]], source)
    clusters = log.iloc[:, by_header["revops_cluster_id"]].astype(object)
    parts, row_parts = [records], [log_rows]
    kept = 0
    if into is not None:
        into_headers = into_headers or [str(c) for c in into.columns]
        if "revops_row" not in into_headers or "revops_cluster_id" not in into_headers:
            raise RevopsInputError(f"{into_source}: has no revops_row/revops_cluster_id column; give the file "
                                   "`revops leads dedupe -o` wrote (not --flag-only output).")
        into_original = [i for i, h in enumerate(into_headers) if h not in ADDED_COLUMNS]
        if [into_headers[i] for i in into_original] != original_headers:
            raise RevopsInputError(f"{into_source}: its columns differ from those in {source}; "
                                   "give the output and the log of the same dedupe run.")
        position = {h: i for i, h in enumerate(into_headers)}
        logged = set(clusters[clusters.notna() & (clusters != "")])
        into_clusters = into.iloc[:, position["revops_cluster_id"]].astype(object)
        stay = ~into_clusters.isin(logged).to_numpy()
        kept = int(stay.sum())
        rest = into.iloc[stay, into_original].copy()
        rest.columns = range(len(into_original))
        parts.append(rest)
        row_parts.append(_row_numbers(into.iloc[stay, position["revops_row"]], into_source))
    frame = pd.concat(parts, ignore_index=True)
    row_numbers = np.concatenate([np.asarray(r) for r in row_parts])
    if len(np.unique(row_numbers)) != len(row_numbers):
        twice = pd.Series(row_numbers).value_counts()
        raise RevopsInputError(f"{source}: row {twice.index[0]} appears {twice.iloc[0]} times"
                               + (f" across it and {into_source}" if into is not None else "")
                               + "; were they written by the same dedupe run?")
    frame = frame.iloc[np.argsort(row_numbers, kind="stable")].reset_index(drop=True)
    n_clusters = int(clusters[clusters.notna() & (clusters != "")].nunique())
    return UnmergeResult(frame=frame, headers=original_headers, restored=len(records), clusters=n_clusters, kept=kept)


def _row_numbers(values: pd.Series, source: str) -> np.ndarray:
    numbers = pd.to_numeric(values.astype(object), errors="coerce")
    bad = numbers.isna() | (numbers % 1 != 0)
    if bad.any():
        at = int(np.flatnonzero(bad.to_numpy())[0])
        raise RevopsInputError(f"{source}: revops_row {values.iloc[at]!r} on data row {at + 1} is not a row number; "
                               "was the file edited?")
    return numbers.astype(np.int64).to_numpy()


def without_added_columns(frame: pd.DataFrame, header_map: dict[str, str], headers: list[str]
                          ) -> tuple[pd.DataFrame, list[str]]:
    """An input without the columns an earlier dedupe run added (they are recomputed), and its headers.

    ``header_map`` maps frame columns to their header where the two differ; ``headers``
    are the file's headers in column order.
    """
    names = [header_map.get(c, c) for c in frame.columns]
    keep = [i for i, name in enumerate(names) if name not in ADDED_COLUMNS]
    return frame.iloc[:, keep], [headers[i] for i in keep]


def merged_into(result: DedupeResult, mapping: ColumnMapping) -> dict[str, str]:
    """Lead id of each record the dedupe merged away -> its survivor's id (empty without a lead id column)."""
    id_column = mapping.get("lead_id")
    log = result.log
    if id_column is None or id_column not in log.columns or log.empty:
        return {}
    merged = log[log["revops_role"].eq("merged")]
    pairs = merged[[id_column, "revops_survivor_id"]].dropna()
    return {str(a).strip(): str(b).strip() for a, b in pairs.itertuples(index=False, name=None) if str(a).strip()}

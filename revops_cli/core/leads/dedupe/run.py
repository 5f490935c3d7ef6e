"""One dedupe run: match, cluster, pick survivors, merge and log (Lead Management SOP, 1. Lead Capture).

See :mod:`revops_cli.core.leads.dedupe` for the rules and survivorship.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from revops_cli.columns import ColumnMapping
from revops_cli.config import RevopsConfig
from revops_cli.core.leads.dedupe.clusters import _best_links, _clusters, _review_pairs
from revops_cli.core.leads.dedupe.columns import ADDED_COLUMNS, DEDUPE_PROGRESS
from revops_cli.core.leads.dedupe.merge import (_Context, _fill_from_merged, _flagged, _merge_log, _merged,
                                                _preview, _review_frame)
from revops_cli.core.leads.dedupe.rules import _match_pairs
from revops_cli.core.leads.match import person_features
from revops_cli.core.metrics import percent
from revops_cli.core.progress import ProgressCallback, Steps
from revops_cli.normalize.distinct import is_blank


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
        """"Duplicates < 2%", judged on the exact rate (49 of 2,500 is 1.96%: met, though it shows as 2.0%)."""
        if not self.rows_in:
            return None
        return 100.0 * (self.merged - self.matched_existing) < self.target * self.rows_in

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
    progress: ProgressCallback | None = None,
) -> DedupeResult:
    """Find duplicate leads in ``frame`` (or between ``frame`` and ``existing`` CRM records) and merge them.

    Returns the deduplicated frame (``flag_only``: every row, with cluster
    columns), the merge log and the pairs listed for review. ``existing`` rows
    are never output or changed: an input record that matches one is merged
    into it (logged with that record's id as survivor). ``row_numbers`` are
    spreadsheet row numbers for the log (default: index + 2). Never prints or
    reads files. ``progress(step, done, total)`` is told each step as it starts
    (:mod:`revops_cli.core.progress`).
    """
    announce = Steps(progress, len(DEDUPE_PROGRESS))
    announce("match keys")
    frame = frame.drop(columns=[c for c in frame.columns if c in ADDED_COLUMNS])  # an earlier run's: recomputed
    headers = headers or {c: c for c in frame.columns}
    n_in = len(frame)
    rows = (row_numbers if row_numbers is not None else pd.Series(frame.index + 2, index=frame.index)).to_numpy()
    # each column's blank cells, read once: "most complete", the fill from merged records and the conflicts use them
    blank = {c: is_blank(frame[c]).to_numpy(dtype=bool) for c in frame.columns if not str(c).startswith("revops_")}
    feat = person_features(frame, mapping, config, blank).reset_index(drop=True)
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
    announce("matching pairs")

    edges = _match_pairs(feat, config, is_existing, n_existing)
    announce("clusters")

    merges = edges[edges["merge"]]
    n = len(feat)
    clusters = _clusters(feat, merges, list(config.dedupe.survivorship), is_existing, n_existing)
    labels, survivor = clusters.labels, clusters.survivor
    is_survivor, reported = clusters.is_survivor, clusters.reported
    announce("review pairs")

    # a merge pair whose records ended in two clusters (one matched a cluster's member, not its survivor or most
    # of it) is not merged: it is listed for review with the reason it was held back
    joined = labels[merges["a"].to_numpy()] == labels[merges["b"].to_numpy()]
    held = merges[~joined].assign(reason=lambda f: f["reason"] + "; held back: matches one record of a cluster, "
                                                                 "not its survivor or most of it")
    link = _best_links(merges[joined], n)
    review = _review_pairs(pd.concat([edges[~edges["merge"]], held], ignore_index=True), labels, is_existing)
    announce("merging")

    local = slice(n_existing, n)
    input_merged = reported[local] & ~is_survivor[local]
    merged_by_rule = {rule: int(((link["rule"].to_numpy()[local] == rule) & input_merged).sum())
                      for rule in config.dedupe.rules}
    matched_existing = int((input_merged & is_existing[survivor[local]]).sum()) if n_existing else 0
    context = _Context(frame, mapping, headers, feat, ids, rows, labels, survivor, is_survivor, reported,
                       is_existing, clusters.cluster_id, link, clusters.order, n_existing, blank)
    filled = _fill_from_merged(context)
    log = _merge_log(context, filled)
    review_frame = _review_frame(context, review)
    if flag_only:
        out = _flagged(context, review)
    else:
        out = _merged(context, filled, review)
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


def merged_into(result: DedupeResult, mapping: ColumnMapping) -> dict[str, str]:
    """Lead id of each record the dedupe merged away -> its survivor's id (empty without a lead id column)."""
    id_column = mapping.get("lead_id")
    log = result.log
    if id_column is None or id_column not in log.columns or log.empty:
        return {}
    merged = log[log["revops_role"].eq("merged")]
    pairs = merged[[id_column, "revops_survivor_id"]].dropna()
    return {str(a).strip(): str(b).strip() for a, b in pairs.itertuples(index=False, name=None) if str(a).strip()}

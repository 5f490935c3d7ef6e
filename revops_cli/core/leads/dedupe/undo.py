"""Dedupe's undo: the original records rebuilt from a merge log (``revops leads unmerge``).

Lead Management SOP, 1. Lead Capture: a merge can always be taken back.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from revops_cli.core.leads.dedupe.columns import ADDED_COLUMNS, LOG_COLUMNS
from revops_cli.errors import RevopsInputError


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

"""Dedupe's merge: survivors' blanks filled from their clusters, the merge log, the outputs and the review file.

Lead Management SOP, 1. Lead Capture: "Email match -> merge records". The
merge log keeps every clustered record as it was, so
:func:`~revops_cli.core.leads.dedupe.unmerge` restores the input exactly.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from revops_cli.columns import ColumnMapping
from revops_cli.core.leads.dedupe.columns import REVIEW_COLUMNS


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
    blank: dict[str, np.ndarray]  # per data column: is_blank of each input row

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
        blank = ctx.blank[column]
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
        values[target] = ctx.frame[column].iloc[source].to_numpy(dtype=object)
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
        blank = ctx.blank[column][a] | ctx.blank[column][b]
        differ = np.zeros(len(a), dtype=bool)
        va, vb = values.iloc[a].to_numpy(dtype=object), values.iloc[b].to_numpy(dtype=object)
        # only cells spelled differently are folded: equal ones never differ
        filled_both = np.flatnonzero(~blank)
        check = filled_both[~_same(va[filled_both], vb[filled_both])]
        if len(check):
            fold = lambda v: pd.Series(v, dtype=object).astype("string").str.casefold().str.split().str.join(" ").fillna("").to_numpy(dtype=object)  # noqa: E731
            differ[check] = fold(va[check]) != fold(vb[check])
        key = keyed.get(column)
        if key is not None:
            kv = ctx.local(ctx.feat[key].to_numpy())
            differ &= ~((kv[a] == kv[b]) & (kv[a] != ""))
        if differ.any():
            header = ctx.headers.get(column, column)
            sub = np.where(differ, np.where(sub == "", header, sub + "; " + header), sub)
    note[own] = sub
    return note


def _same(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Per position: the two (non-blank) cells hold equal values of one type (``1`` and ``"1"`` are not the same)."""
    def equal(x: object, y: object) -> bool:
        if type(x) is not type(y):
            return False
        try:
            return bool(x == y)
        except (TypeError, ValueError):
            return False
    return np.fromiter((equal(x, y) for x, y in zip(a, b)), dtype=bool, count=len(a))


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
        fill = np.flatnonzero(filled[column].notna().to_numpy())
        values = out[column].copy()
        values.iloc[fill] = filled[column].to_numpy()[fill]  # only the filled cells are touched
        out[column] = values
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
        survivor = ctx.survivor[gone]
        alone = np.bincount(survivor, minlength=len(out))[survivor] == 1  # one record merged into it: no joining
        out[survivor[alone]] = ctx.ids[gone[alone]]
        if (~alone).any():
            joined = pd.Series(ctx.ids[gone[~alone]]).groupby(survivor[~alone], sort=False).agg("; ".join)
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
            values = ctx.frame[column].iloc[positions[inputs] - ctx.n_existing].astype(object).to_numpy()
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

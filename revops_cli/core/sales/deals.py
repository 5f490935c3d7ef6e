"""Sales Process SOP audit: stage time limits, discount approvals, past-due close dates.

Decisions (documented here so the CLI and docs can quote them):

* Days in stage are whole elapsed days, ``floor((now - entered) / 1 day)``; a deal
  over its stage's limit has ``days_over = days_in_stage - limit`` (> 0). Day 7 in
  Prospecting (limit 7) is fine, day 8 is one day over.
* The stage-entered time comes from ``stage_entered_at``; where that is blank, from
  the latest ``changed_at`` of the deal's *current* stage in the optional stage-history
  export (schema ``stage_history``).
* Closed deals (``config.deals.closed_stages``) are left out of the stage-time,
  past-due and missing next step / amount checks; discount approvals are checked on
  every deal. A stage neither open nor closed has no limit (``stage_limit`` NaN).
* Discounts: ``'15'``, ``'15%'``, ``' 15 % '`` are 15%. Values are read as fractions
  (``0.15`` -> 15%) only when the *whole* column has no ``%``, every value is <= 1 and
  at least one has a decimal point. A blank or 0 discount needs no approval.
* The required approver is the first ``discount_approval`` row whose inclusive
  ``max_pct`` holds the discount (10 -> Sales Rep, 10.01 -> Sales Manager), walked
  by :mod:`revops_cli.core.approvals` as the campaign budget matrix is. The
  recorded approver is resolved to a role by ``people`` (name -> role), then
  ``roster`` (Name/Role columns), then as a role name itself; roles outside the
  matrix fold through ``config.deals.role_levels`` (AE, SDR, Senior Sales Rep ...
  -> Sales Rep).
  Status: ``ok`` (level >= required), ``too_junior``, ``missing`` (no approver
  recorded) or ``unknown`` (approver not resolvable to a matrix level).
* Past due: an open deal whose close date is before ``now``'s calendar day.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from revops_cli.columns import ColumnMapping
from revops_cli.config import DealsConfig, RevopsConfig
from revops_cli.core.approvals import (
    APPROVAL_STATUSES,
    approval_status,
    fold_approver,
    required_approver,
)
from revops_cli.core.metrics import percent
from revops_cli.normalize.blank import is_blank
from revops_cli.normalize.money import parse_money, to_cents
from revops_cli.normalize.timestamps import as_utc, normalize_timestamp_column

# days_over: days over the stage limit (stage_over_limit) or days past the close date (past_due).
PROBLEM_COLUMNS = ["opportunity_id", "name", "owner", "check", "detail", "days_over", "needed", "approved"]
CHECKS = ("stage_over_limit", "discount_too_junior", "discount_missing", "discount_unknown",
          "past_due", "missing_next_step", "missing_amount")
OWNER_COLUMNS = ["owner", "open_deals", "over_limit", "days_over_total", "discount_problems", "past_due"]


@dataclass
class DealsAudit:
    """What :func:`audit_deals` returns."""

    deals: pd.DataFrame
    problems: pd.DataFrame
    owners: pd.DataFrame
    totals: dict = field(default_factory=dict)

    def summary(self) -> str:
        t = self.totals
        lines = [
            f"{t['deals']} deals, {t['open_deals']} open",
            f"over stage limit: {t['over_limit']} ({t['days_over_total']} days over in total)",
            f"discount approvals: {t['discount_too_junior']} too junior, {t['discount_missing']} missing, "
            f"{t['discount_unknown']} unknown",
            f"past-due close date: {t['past_due']}",
            f"missing next step: {t['missing_next_step']}, missing amount: {t['missing_amount']}",
            f"open deals with no problem: {t['open_deals_clean']} ({t['hygiene_pct']}%)",
        ]
        return "\n".join(lines)

    def to_dict(self) -> dict:
        return {"totals": self.totals, "owners": self.owners.to_dict("records"),
                "problems": self.problems.to_dict("records")}


def _text(frame: pd.DataFrame, mapping: ColumnMapping | None, canonical: str) -> pd.Series:
    column = None if mapping is None else mapping.get(canonical)
    if column is None:
        return pd.Series([None] * len(frame), index=frame.index, dtype="str")
    return frame[column].astype("str")


def _blank(values: pd.Series) -> np.ndarray:
    """The one blank rule (normalize.blank): "#N/A", "n/a", "-" and "--None--" are as missing as an empty cell."""
    return is_blank(values).to_numpy(dtype=bool)


def _parse_discount(values: pd.Series) -> pd.Series:
    """Discount text -> percent (float64, NaN blank/not a number); see the module doc for fractions."""
    text = values.astype("str").str.replace(r"[\s,]", "", regex=True)
    has_pct = text.str.contains("%", regex=False).fillna(False)
    number = pd.to_numeric(text.str.replace("%", "", regex=False), errors="coerce").astype(np.float64)
    present = number.notna()
    if present.any() and not has_pct.any() and (number[present] <= 1).all() \
            and text[present].str.contains(".", regex=False).any():
        number = number * 100.0
    return number


def _resolve_roles(approvers: pd.Series, levels: list[str], roster: pd.DataFrame | None,
                   people: Mapping[str, str] | None, role_levels: Mapping[str, str]) -> pd.Series:
    """Approver text -> matrix level (or None), computed once per distinct value."""
    names: dict[str, str] = {}
    if roster is not None and len(roster):
        cols = {c.strip().casefold(): c for c in roster.columns}
        if "name" in cols and "role" in cols:
            for name, role in zip(roster[cols["name"]].astype("str"), roster[cols["role"]].astype("str")):
                if isinstance(name, str) and isinstance(role, str):
                    names.setdefault(" ".join(name.split()).casefold(), role)
    for name, role in (people or {}).items():
        names[" ".join(str(name).split()).casefold()] = role
    level_alias = {k.casefold(): v for k, v in role_levels.items()}

    def level(text: object) -> str | None:
        if not isinstance(text, str) or not text.strip():
            return None
        role = names.get(" ".join(text.split()).casefold(), text)
        return fold_approver(role, levels) or fold_approver(level_alias.get(role.strip().casefold(), ""), levels)

    uniques = approvers.dropna().unique()
    table = {u: level(u) for u in uniques}
    return approvers.map(table).astype(object).where(approvers.notna(), None)


def _timestamps(values: pd.Series) -> pd.Series:
    """Text -> UTC datetime64 (NaT blank/unparsed) via the shared timestamp normaliser."""
    parsed = normalize_timestamp_column(values, "UTC")["revops_parsed"]
    return pd.Series(pd.to_datetime(parsed, utc=True).to_numpy(), index=values.index, dtype="datetime64[ns, UTC]")


def _history_entered(history: pd.DataFrame, mapping: ColumnMapping | None) -> pd.Series:
    """(opportunity id, stage casefolded) -> latest changed_at (UTC)."""
    ids = _text(history, mapping, "opportunity_id").str.strip()
    stages = _text(history, mapping, "stage").str.strip().str.casefold()
    changed = _timestamps(_text(history, mapping, "changed_at"))
    frame = pd.DataFrame({"id": ids.to_numpy(object), "stage": stages.to_numpy(object),
                          "at": changed.to_numpy()}).dropna()
    return frame.groupby(["id", "stage"])["at"].max()


@dataclass
class _StageTime:
    """Per deal: when it entered its stage, days in it and days over the stage's limit (NaN when closed)."""

    entered: pd.Series  # UTC, NaT where unknown
    entered_from: np.ndarray  # "stage_entered_at", "history" or None
    days_in_stage: np.ndarray
    limit: np.ndarray  # NaN for a stage without a limit
    over_limit: np.ndarray
    days_over: np.ndarray


def _stage_time(frame: pd.DataFrame, mapping: ColumnMapping, cfg: DealsConfig, now: pd.Timestamp, ids: pd.Series,
                stage_key: pd.Series, is_open: np.ndarray, history: pd.DataFrame | None,
                history_mapping: ColumnMapping | None) -> _StageTime:
    limits = {k.casefold(): float(v) for k, v in cfg.stage_limits_days.items()}
    limit = stage_key.map(limits).astype(np.float64).to_numpy()
    entered = _timestamps(_text(frame, mapping, "stage_entered_at"))
    source = np.where(entered.notna(), "stage_entered_at", None).astype(object)
    if history is not None and len(history):
        latest = _history_entered(history, history_mapping)
        keys = pd.MultiIndex.from_arrays([ids.to_numpy(object), stage_key.to_numpy(object)])
        from_history = pd.Series(latest.reindex(keys).to_numpy(), index=frame.index)
        fill = entered.isna() & from_history.notna()
        entered = entered.where(~fill, from_history)
        source[fill.to_numpy()] = "history"
    elapsed = (now - entered).dt.total_seconds().to_numpy(np.float64) / 86400.0
    days_in_stage = np.floor(elapsed)
    days_in_stage[~is_open] = np.nan
    over = days_in_stage - limit
    over_limit = is_open & (over > 0)
    return _StageTime(entered=entered, entered_from=source, days_in_stage=days_in_stage, limit=limit,
                      over_limit=over_limit, days_over=np.where(over_limit, over, np.nan))


@dataclass
class _DiscountApprovals:
    """Per deal: the discount, who the matrix asks for, who approved (as written and as a level), the status."""

    discount: np.ndarray
    needed: np.ndarray
    approver: pd.Series  # as recorded, None where blank
    approver_blank: np.ndarray
    approved: np.ndarray  # the matrix level the approver resolves to (None/NaN: unresolved)
    status: np.ndarray  # None where no discount needs approval


def _discount_approvals(frame: pd.DataFrame, mapping: ColumnMapping, cfg: DealsConfig, roster: pd.DataFrame | None,
                        people: Mapping[str, str] | None) -> _DiscountApprovals:
    discount = _parse_discount(_text(frame, mapping, "discount")).to_numpy()
    levels = [row.approver for row in cfg.discount_approval]  # the matrix is also the approver order
    matrix = [(row.max_pct, row.approver) for row in cfg.discount_approval]
    needs = discount > 0
    by_discount = {d: required_approver(d, matrix) for d in np.unique(discount[needs])}
    needed = np.array([by_discount[d] if need else None for d, need in zip(discount, needs)], dtype=object)
    approver_text = _text(frame, mapping, "discount_approved_by")
    approver_blank = _blank(approver_text)
    approver = approver_text.where(~approver_blank, None)
    approved = _resolve_roles(approver, levels, roster, people, cfg.role_levels).to_numpy(object)
    # unresolved approvers come back as None or NaN (pandas' str dtype): neither is a level
    status = np.array([approval_status(need_by, got if isinstance(got, str) else None, recorded=not blank,
                                       approver_order=levels) if need else None
                       for need, need_by, got, blank in zip(needs, needed, approved, approver_blank)], dtype=object)
    return _DiscountApprovals(discount=discount, needed=needed, approver=approver, approver_blank=approver_blank,
                              approved=approved, status=status)


def _problem_rows(deals: pd.DataFrame, approvals: _DiscountApprovals, close: pd.Series, past_due: np.ndarray,
                  days_past_due: np.ndarray, missing_next: np.ndarray, missing_amount: np.ndarray) -> pd.DataFrame:
    """One row per (deal, failed check), in :data:`CHECKS` order."""
    parts = []

    def add(mask: np.ndarray, check: str, detail: pd.Series, **extra) -> None:
        if mask.any():
            part = deals.loc[mask, ["opportunity_id", "name", "owner"]].copy()
            part["check"] = check
            part["detail"] = detail[mask].to_numpy(object)
            for key, value in extra.items():
                part[key] = np.asarray(value, dtype=object)[mask]
            parts.append(part)

    if len(deals):  # the text details below need at least one row
        d = deals
        add(d["over_limit"].to_numpy(), "stage_over_limit",
            d["stage"] + ": day " + d["days_in_stage"].map(lambda v: "" if pd.isna(v) else str(int(v)))
            + " of " + d["stage_limit"].map(lambda v: "" if pd.isna(v) else str(int(v))),
            days_over=d["days_over"].to_numpy())
        pct = d["discount_pct"].map(lambda v: "" if pd.isna(v) else f"{v:g}%")
        for st in ("too_junior", "missing", "unknown"):
            mask = (approvals.status == st)
            who = d["approver"].fillna("nobody")
            by = ("; no approver recorded" if st == "missing"
                  else "; approved by " + who + " (" + d["approver_role"].fillna("role unknown") + ")")
            add(mask, f"discount_{st}", pct + " discount needs " + d["needed_approver"].fillna("") + by,
                needed=approvals.needed, approved=approvals.approved)
        add(past_due, "past_due", "close date " + close.dt.strftime("%Y-%m-%d").fillna("") + " is past, still "
            + d["stage"].fillna(""), days_over=days_past_due)
        add(missing_next, "missing_next_step", pd.Series("no next step", index=d.index))
        add(missing_amount, "missing_amount", pd.Series("no amount", index=d.index))
    problems = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    problems = problems.reindex(columns=PROBLEM_COLUMNS)
    problems["days_over"] = pd.to_numeric(problems["days_over"]).astype("Int64")  # whole days
    return problems


def audit_deals(
    opportunities: pd.DataFrame,
    mapping: ColumnMapping,
    config: RevopsConfig,
    *,
    now: pd.Timestamp | str,
    history: pd.DataFrame | None = None,
    history_mapping: ColumnMapping | None = None,
    roster: pd.DataFrame | None = None,
    people: Mapping[str, str] | None = None,
) -> DealsAudit:
    """Audit opportunities against the Sales Process SOP (see the module doc)."""
    cfg = config.deals
    now = as_utc(now)
    today = now.normalize()
    frame = opportunities
    n = len(frame)

    ids = _text(frame, mapping, "opportunity_id").str.strip()
    stage = _text(frame, mapping, "stage").str.strip()
    stage_key = stage.str.casefold()
    closed = stage_key.isin([s.casefold() for s in cfg.closed_stages]).fillna(False).to_numpy(bool)
    is_open = ~closed
    timing = _stage_time(frame, mapping, cfg, now, ids, stage_key, is_open, history, history_mapping)
    approvals = _discount_approvals(frame, mapping, cfg, roster, people)

    close = _timestamps(_text(frame, mapping, "close_date"))
    past_due = is_open & (close < today).fillna(False).to_numpy(bool)
    days_past_due = np.where(past_due, np.floor((today - close).dt.total_seconds().to_numpy(np.float64) / 86400), np.nan)
    amount = parse_money(_text(frame, mapping, "amount"))
    missing_amount = is_open & amount.isna().to_numpy()
    missing_next = is_open & _blank(_text(frame, mapping, "next_step"))

    owner = _text(frame, mapping, "owner").str.strip()
    deals = pd.DataFrame({
        "opportunity_id": ids.to_numpy(object),
        "name": _text(frame, mapping, "name").to_numpy(object),
        "owner": owner.to_numpy(object),
        "stage": stage.to_numpy(object),
        "open": is_open,
        "stage_entered_at": timing.entered.to_numpy(),
        "stage_entered_from": timing.entered_from,
        "days_in_stage": timing.days_in_stage,
        "stage_limit": np.where(is_open, timing.limit, np.nan),
        "days_over": timing.days_over,
        "over_limit": timing.over_limit,
        "amount": [to_cents(a) for a in amount],
        "discount_pct": approvals.discount,
        "approver": approvals.approver.to_numpy(object),
        "approver_role": approvals.approved,
        "needed_approver": approvals.needed,
        "approval_status": approvals.status,
        "close_date": close.to_numpy(),
        "past_due": past_due,
        "days_past_due": days_past_due,
        "missing_next_step": missing_next,
        "missing_amount": missing_amount,
    }, index=frame.index)
    problems = _problem_rows(deals, approvals, close, past_due, days_past_due, missing_next, missing_amount)

    over_limit, days_over, status = timing.over_limit, timing.days_over, approvals.status
    discount_problem = np.isin(status.astype(str), ["too_junior", "missing", "unknown"])
    per = pd.DataFrame({"owner": owner.fillna("(no owner)").to_numpy(object), "open_deals": is_open.astype(int),
                        "over_limit": over_limit.astype(int), "days_over_total": np.nan_to_num(days_over).astype(int),
                        "discount_problems": discount_problem.astype(int), "past_due": past_due.astype(int)})
    owners = per.groupby("owner", sort=True, as_index=False).sum()[OWNER_COLUMNS]

    totals = {
        "deals": n, "open_deals": int(is_open.sum()), "over_limit": int(over_limit.sum()),
        "days_over_total": int(np.nan_to_num(days_over).sum()),
        **{f"discount_{s}": int((status == s).sum()) for s in APPROVAL_STATUSES},
        "discount_problems": int(discount_problem.sum()), "past_due": int(past_due.sum()),
        "missing_next_step": int(missing_next.sum()), "missing_amount": int(missing_amount.sum()),
        "problems": len(problems),
        "open_deals_undated": int((is_open & timing.entered.isna().to_numpy()).sum()),  # stage time not judged
        # hygiene: open deals with no problem of any kind, the figure --fail-under judges
        "open_deals_clean": int((is_open & ~(over_limit | discount_problem | past_due | missing_next
                                             | missing_amount)).sum()),
    }
    totals["hygiene_pct"] = percent(totals["open_deals_clean"], totals["open_deals"])
    return DealsAudit(deals=deals, problems=problems, owners=owners, totals=totals)

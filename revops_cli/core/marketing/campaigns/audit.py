"""Campaign Execution SOP: optimisation triggers, scope and the budget approval matrix per campaign.

Decisions, so they can be checked:

* Rates, in %: open = opens / delivered, click = clicks / delivered,
  conversion = conversions / delivered (the SOP's triggers are an email table;
  conversions can exceed clicks in email exports, so clicks are no denominator there),
  bounce = bounces / sent, unsubscribe = unsubscribes / delivered. Delivered
  is sent - bounces when the column is missing, and sent when bounces are
  missing too (a note says so). A row with no sends or
  deliveries but impressions is an ad report's: click = clicks / impressions
  (CTR) and conversion = conversions / clicks, as the ad platforms define them.
  Where the counts are missing, a rate column as the platform printed it
  (``Open Rate``, ``CTR``: ``0.23``, ``23%``, ``23 %``;
  :func:`~revops_cli.core.marketing.campaigns.common.parse_rates`) is read instead.
  Trigger comparisons use ``count * 100 / denominator`` unrounded, so a rate exactly at a threshold
  never fires (15.0 % is not < 15 %); the frame shows rates to 0.01.
* **Not measured**: a rate no row can be computed for, because the file lacks
  its count or denominator column (and a rate column), is in
  ``not_measured`` with the ``--map`` that fixes it; its trigger neither
  fires nor passes. Its cells are NaN, never 0.
* In scope: budget > ``scope_budget_over`` or contacts >= ``scope_contacts_at_least``;
  contacts = the contacts column, else emails sent.
* Approval: the first ``approval_matrix`` row whose ``max_budget`` (inclusive)
  is >= the budget names the required approver; the recorded approver is folded
  (case, punctuation, word order, "of", abbreviations such as ``Dir.``/``Mgr``/
  ``Mktg`` and :data:`~revops_cli.core.approvals.APPROVER_ALIASES`) to an ``approver_order`` entry and
  compared by rank: ``ok`` (same or more senior), ``too_junior``, ``missing``
  (blank) or ``unknown`` (not an approver we know, or no budget to check). The ladder is
  :mod:`revops_cli.core.approvals`, shared with the deals' discount matrix.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np
import pandas as pd

from revops_cli.columns import ColumnMapping
from revops_cli.config import RevopsConfig
from revops_cli.core import approvals
from revops_cli.core.approvals import APPROVAL_STATUSES, approval_status, fold_approver
from revops_cli.core.marketing.campaigns.common import _column, _fold, _names, _parse_count, parse_rates
from revops_cli.core.metrics import NotMeasured, missing_column, not_measured_json
from revops_cli.normalize.money import parse_money

RATE_METRICS = ("open_rate", "click_rate", "conversion_rate", "bounce_rate", "unsubscribe_rate")
# metric -> (numerator field, denominator field)
_RATE_PARTS = {
    "open_rate": ("opens", "delivered"), "click_rate": ("clicks", "delivered"),
    "conversion_rate": ("conversions", "delivered"), "bounce_rate": ("bounces", "sent"),
    "unsubscribe_rate": ("unsubscribes", "delivered"),
}


def required_approver(budget: float | Decimal | None, config: RevopsConfig) -> str | None:
    """Approver the SOP's budget approval matrix asks for ``budget`` (upper bounds inclusive)."""
    return approvals.required_approver(budget, _budget_matrix(config))


def _budget_matrix(config: RevopsConfig) -> list[tuple[float | None, str]]:
    return [(row.max_budget, row.approver) for row in config.campaign.approval_matrix]


@dataclass
class AuditResult:
    """What :func:`campaign_audit` returns: rates, triggered actions, scope and approval per campaign."""

    frame: pd.DataFrame
    triggers: dict[str, int] = field(default_factory=dict)  # metric -> campaigns it fired for
    approvals: dict[str, int] = field(default_factory=dict)  # status -> campaigns
    in_scope: int = 0
    not_measured: dict[str, NotMeasured] = field(default_factory=dict)
    rate_notes: list[str] = field(default_factory=list)

    def summary(self) -> dict:
        return {
            "campaigns": len(self.frame),
            "not_measured": not_measured_json(self.not_measured),
            "rate_notes": self.rate_notes,
            "in_scope": self.in_scope,
            "triggers": self.triggers,
            "approvals": self.approvals,
            "campaigns_with_actions": int((self.frame["actions"].map(len) > 0).sum()) if len(self.frame) else 0,
        }


_COUNT_FIELDS = ("sent", "delivered", "impressions", "opens", "clicks", "conversions", "bounces", "unsubscribes")


def _rates(campaigns: pd.DataFrame, mapping: ColumnMapping,
           notes: list[str] | None = None) -> tuple[dict[str, pd.Series], dict[str, NotMeasured]]:
    """metric -> exact-as-float percentage (NaN where it cannot be computed), and the metrics no row could get."""
    index = campaigns.index
    counts = {f: (_parse_count(campaigns[mapping.get(f)]) if mapping.get(f) else pd.Series(np.nan, index=index))
              for f in _COUNT_FIELDS}
    counts["delivered"] = counts["delivered"].fillna(counts["sent"] - counts["bounces"])
    over_sends = counts["delivered"].isna() & counts["sent"].notna()
    if over_sends.any() and notes is not None:
        notes.append(f"{int(over_sends.sum())} row(s) have sends but no deliveries or bounces: their open, click, "
                     "conversion and unsubscribe rates are over sends")
    counts["delivered"] = counts["delivered"].fillna(counts["sent"])
    email = counts["delivered"].notna() | counts["sent"].notna()
    parts = dict(_RATE_PARTS)
    rates: dict[str, pd.Series] = {}
    missing: dict[str, NotMeasured] = {}
    for metric, (num, den) in parts.items():
        denominator = counts[den]
        if metric == "click_rate":
            denominator = denominator.where(email, counts["impressions"])
        elif metric == "conversion_rate":
            denominator = denominator.where(email, counts["clicks"])
        rate = counts[num] * 100.0 / denominator.where(denominator > 0)
        given = mapping.get(metric)
        if given is not None:
            printed, note = parse_rates(campaigns[given])
            if note and notes is not None and rate.isna().any():
                notes.append(f"{given!r}: {note}")
            rate = rate.fillna(printed)
        rates[metric] = rate
        if given is not None:
            continue
        if mapping.get(num) is None:
            missing[metric] = missing_column(num)
            continue
        has = {f for f in ("sent", "delivered", "impressions", "clicks") if mapping.get(f) is not None}
        usable = {"delivered": {"delivered", "sent"}, "sent": {"sent"}}[den]
        if metric == "click_rate":
            usable = usable | {"impressions"}
        elif metric == "conversion_rate":
            usable = usable | {"clicks"}
        if not has & usable:
            missing[metric] = NotMeasured(
                "no " + " or ".join({"delivered": "deliveries", "sent": "sends", "impressions": "impressions",
                                     "clicks": "clicks"}[u] for u in sorted(usable)) + " column to divide by",
                f"--map {den}=HEADER")
    return rates, missing


def campaign_audit(campaigns: pd.DataFrame, mapping: ColumnMapping, config: RevopsConfig) -> AuditResult:
    """Optimisation triggers, SOP scope and budget approval per campaign."""
    settings = config.campaign
    index = campaigns.index
    out = pd.DataFrame({"campaign": _names(campaigns, mapping)}, index=index)
    if mapping.get("period") is not None:
        out["period"] = campaigns[mapping.get("period")].astype("str")
    rate_notes: list[str] = []
    rates, not_measured = _rates(campaigns, mapping, rate_notes)
    for metric in RATE_METRICS:
        out[metric] = rates[metric].round(2)

    actions = pd.Series([[] for _ in range(len(index))], index=index, dtype=object)
    fired_metrics = pd.Series([[] for _ in range(len(index))], index=index, dtype=object)
    counts: dict[str, int] = {}
    for trigger in settings.triggers:
        if trigger.metric in not_measured:
            continue  # neither fired nor passed: said so in not_measured
        rate = rates[trigger.metric]
        fired = (rate < trigger.threshold) if trigger.op == "<" else (rate > trigger.threshold)
        fired = fired.fillna(False).astype(bool)
        counts[trigger.metric] = counts.get(trigger.metric, 0) + int(fired.sum())
        actions = actions.where(~fired, actions.map(lambda a, act=trigger.action: [*a, act]))
        fired_metrics = fired_metrics.where(~fired, fired_metrics.map(lambda a, m=trigger.metric: [*a, m]))
    out["triggers"] = fired_metrics
    out["actions"] = actions

    budget_col = _column(campaigns, mapping, "budget")
    budgets = parse_money(budget_col) if budget_col is not None else pd.Series([None] * len(index), index=index,
                                                                                 dtype=object)
    budget_f = pd.Series([np.nan if b is None else float(b) for b in budgets], index=index, dtype=np.float64)
    contacts_col = _column(campaigns, mapping, "contacts")
    if contacts_col is None:
        contacts_col = _column(campaigns, mapping, "sent")
    contacts = _parse_count(contacts_col) if contacts_col is not None else pd.Series(np.nan, index=index)
    out["budget"] = budget_f
    out["contacts"] = contacts
    out["in_scope"] = ((budget_f > settings.scope_budget_over) | (contacts >= settings.scope_contacts_at_least)
                       ).fillna(False).astype(bool)

    order = settings.approver_order
    matrix = _budget_matrix(config)
    approver_col = _column(campaigns, mapping, "approved_by")
    recorded = (approver_col.to_numpy(dtype=object) if approver_col is not None else [None] * len(index))
    required, resolved, status, notes = [], [], [], []
    for budget, raw in zip(budgets.to_numpy(dtype=object), recorded):
        need = approvals.required_approver(budget, matrix)
        got = fold_approver(raw, order)
        required.append(need)
        resolved.append(got)
        verdict = approval_status(need, got, recorded=_fold(raw) is not None, approver_order=order)
        status.append(verdict)
        if verdict == "missing":
            notes.append("no approver recorded" + (f"; needs {need}" if need else ""))
        elif verdict == "unknown":
            notes.append(f"{str(raw).strip()!r} is not an approver in approver_order" if got is None
                         else "no budget to check the approver against")
        elif verdict == "too_junior":
            notes.append(f"budget {budget:,.2f} needs {need}, approved by {got}")
        else:
            notes.append(None)
    if budget_col is None or approver_col is None:
        # the approval check needs both: a file without them is not "missing approvals", it is not measured
        not_measured["approval"] = (missing_column("budget") if budget_col is None
                                    else missing_column("approved_by", "approver"))
        status = [None] * len(index)
        notes = [None] * len(index)
    if budget_col is None and contacts_col is None:
        not_measured["scope"] = NotMeasured("no budget, contacts or sends column", "--map budget=HEADER")
        out["in_scope"] = pd.Series([None] * len(index), index=index, dtype=object)
    out["approver_required"] = pd.Series(required, index=index, dtype="str")
    out["approver_recorded"] = (approver_col.astype("str") if approver_col is not None
                                else pd.Series(None, index=index, dtype="str"))
    out["approver_resolved"] = pd.Series(resolved, index=index, dtype="str")
    out["approval_status"] = pd.Series(status, index=index, dtype="str")
    out["approval_note"] = pd.Series(notes, index=index, dtype="str")
    return AuditResult(
        frame=out.reset_index(drop=True),
        triggers=counts,
        approvals={s: status.count(s) for s in APPROVAL_STATUSES},
        in_scope=int(out["in_scope"].fillna(False).astype(bool).sum()),
        not_measured=not_measured, rate_notes=rate_notes,
    )

"""Campaign Execution SOP: optimisation triggers, scope and the budget approval matrix per campaign.

Decisions, so they can be checked:

* Rates, in %: open = opens / delivered, click = clicks / delivered,
  conversion = conversions / delivered (the SOP's triggers are an email table;
  conversions can exceed clicks in real exports, so clicks are no denominator),
  bounce = bounces / sent, unsubscribe = unsubscribes / delivered. Delivered
  is sent - bounces when the column is missing. Trigger comparisons use
  ``count * 100 / denominator`` unrounded, so a rate exactly at a threshold
  never fires (15.0 % is not < 15 %); the frame shows rates to 0.01.
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
from revops_cli.core.marketing.campaigns.common import _column, _fold, _names, _parse_count
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

    def summary(self) -> dict:
        return {
            "campaigns": len(self.frame),
            "in_scope": self.in_scope,
            "triggers": self.triggers,
            "approvals": self.approvals,
            "campaigns_with_actions": int((self.frame["actions"].map(len) > 0).sum()) if len(self.frame) else 0,
        }


def _rates(campaigns: pd.DataFrame, mapping: ColumnMapping) -> dict[str, pd.Series]:
    """metric -> exact-as-float percentage (NaN where the denominator is missing or 0)."""
    counts = {f: (_parse_count(campaigns[mapping.get(f)]) if mapping.get(f) else
                  pd.Series(np.nan, index=campaigns.index))
              for f in ("sent", "delivered", "opens", "clicks", "conversions", "bounces", "unsubscribes")}
    counts["delivered"] = counts["delivered"].fillna(counts["sent"] - counts["bounces"])
    rates = {}
    for metric, (num, den) in _RATE_PARTS.items():
        denominator = counts[den].where(counts[den] > 0)
        rates[metric] = counts[num] * 100.0 / denominator
    return rates


def campaign_audit(campaigns: pd.DataFrame, mapping: ColumnMapping, config: RevopsConfig) -> AuditResult:
    """Optimisation triggers, SOP scope and budget approval per campaign."""
    settings = config.campaign
    index = campaigns.index
    out = pd.DataFrame({"campaign": _names(campaigns, mapping)}, index=index)
    rates = _rates(campaigns, mapping)
    for metric in RATE_METRICS:
        out[metric] = rates[metric].round(2)

    actions = pd.Series([[] for _ in range(len(index))], index=index, dtype=object)
    fired_metrics = pd.Series([[] for _ in range(len(index))], index=index, dtype=object)
    counts: dict[str, int] = {}
    for trigger in settings.triggers:
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
        in_scope=int(out["in_scope"].sum()),
    )

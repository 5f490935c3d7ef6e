"""The approval ladder both approval matrices use: budgets (Campaign Execution SOP) and discounts (Sales Process SOP)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from revops_cli.config import RevopsConfig
from revops_cli.core.approvals import approval_status, fold_approver, required_approver, senior_enough

DISCOUNTS = [(row.max_pct, row.approver) for row in RevopsConfig().deals.discount_approval]
LEVELS = [approver for _, approver in DISCOUNTS]


@pytest.mark.parametrize("amount, approver", [
    (0.5, "Sales Rep"), (10, "Sales Rep"), (10.01, "Sales Manager"), (Decimal("20"), "Sales Manager"),
    (30, "VP Sales"), (30.5, "CEO"), (float("inf"), "CEO"), (None, None),
])
def test_first_row_whose_inclusive_bound_holds_the_amount(amount, approver):
    assert required_approver(amount, DISCOUNTS) == approver


def test_folding_seniority_and_status():
    assert fold_approver("vp of sales", LEVELS) == "VP Sales"
    assert fold_approver("Chief Executive Officer", LEVELS) == "CEO"
    assert fold_approver("  ", LEVELS) is None and fold_approver(None, LEVELS) is None
    assert senior_enough("CEO", "VP Sales", LEVELS) and not senior_enough("Sales Rep", "Sales Manager", LEVELS)
    assert approval_status("Sales Manager", "VP Sales", recorded=True, approver_order=LEVELS) == "ok"
    assert approval_status("Sales Manager", "Sales Rep", recorded=True, approver_order=LEVELS) == "too_junior"
    assert approval_status("Sales Manager", None, recorded=True, approver_order=LEVELS) == "unknown"
    assert approval_status(None, "CEO", recorded=True, approver_order=LEVELS) == "unknown"
    assert approval_status("CEO", None, recorded=False, approver_order=LEVELS) == "missing"

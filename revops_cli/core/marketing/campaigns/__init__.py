"""Campaign Execution SOP: ROI, optimisation triggers, approvals and naming/UTM lint.

Pure functions over a campaign export (one row per campaign, all cells text as
:func:`revops_cli.io.read.read_table` gives them) and, for ROI, an opportunity
export. Nothing prints or touches files. Every SOP number comes from
``config.campaign`` (:class:`revops_cli.config.CampaignConfig`). Each module's
docstring lists its decisions:

* :mod:`.roi`: ROI, attribution and costs (``campaign roi``, ``--costs``);
* :mod:`.audit`: optimisation triggers, scope and the budget approval matrix (``campaign audit``);
* :mod:`.lint`: naming, UTM, tracking-URL and pre-send checks (``campaign lint``);
* :mod:`.report`: ad and email platform reports rolled up to the campaign (and period) first.
"""

from revops_cli.core.approvals import APPROVAL_STATUSES, APPROVER_ALIASES, fold_approver
from revops_cli.core.marketing.campaigns.audit import RATE_METRICS, AuditResult, campaign_audit, required_approver
from revops_cli.core.marketing.campaigns.lint import LINT_COLUMNS, LintResult, campaign_lint
from revops_cli.core.marketing.campaigns.report import CampaignReport, campaign_report
from revops_cli.core.marketing.campaigns.roi import (ROI_MODELS, RoiResult, apply_cost_file, campaign_roi,
                                                     opportunity_probabilities)

__all__ = [
    "APPROVAL_STATUSES",
    "APPROVER_ALIASES",
    "LINT_COLUMNS",
    "RATE_METRICS",
    "ROI_MODELS",
    "AuditResult",
    "CampaignReport",
    "LintResult",
    "RoiResult",
    "apply_cost_file",
    "campaign_audit",
    "campaign_lint",
    "campaign_report",
    "campaign_roi",
    "fold_approver",
    "opportunity_probabilities",
    "required_approver",
]

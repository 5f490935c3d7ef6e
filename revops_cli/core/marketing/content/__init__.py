"""Content Creation SOP: `revops content audit` on a content inventory, its page analytics, review workflow and
promotion log. :mod:`.audit` lists every check and decision; :mod:`.performance` the analytics figures;
:mod:`.workflow` review stage time and the promotion timeline; :mod:`.keys` what they share."""

from revops_cli.core.marketing.content.audit import CHECKS, ContentAuditResult, content_audit
from revops_cli.core.marketing.content.performance import PERFORMANCE_CHECKS
from revops_cli.core.marketing.content.workflow import business_days_between

__all__ = ["CHECKS", "PERFORMANCE_CHECKS", "ContentAuditResult", "business_days_between", "content_audit"]

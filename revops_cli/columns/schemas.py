"""Every schema by export kind: the one place header aliases live.

A schema maps canonical fields to header spellings, most specific first: when two
headers match one field, the one matching the earlier alias wins. ``leads`` has two
companion read over the same file: ``funnel``, the stage dates and sales acceptance.
"""

from __future__ import annotations

from revops_cli.columns.accounts import ACCOUNT_ALIASES
from revops_cli.columns.activities import ACTIVITY_ALIASES
from revops_cli.columns.campaigns import CAMPAIGN_ALIASES
from revops_cli.columns.content import (CONTENT_ALIASES, CONTENT_PROMOTION_ALIASES, CONTENT_REVIEW_ALIASES,
                                        PAGE_ANALYTICS_ALIASES)
from revops_cli.columns.events import EVENT_ALIASES
from revops_cli.columns.handoffs import HANDOFF_ALIASES
from revops_cli.columns.leads import FUNNEL_ALIASES, LEAD_ALIASES
from revops_cli.columns.opportunities import OPPORTUNITY_ALIASES, STAGE_HISTORY_ALIASES
from revops_cli.columns.quotas import QUOTA_ALIASES
from revops_cli.columns.routing import REP_ALIASES, TERRITORY_ALIASES

SCHEMAS: dict[str, dict[str, tuple[str, ...]]] = {
    "leads": LEAD_ALIASES, "funnel": FUNNEL_ALIASES, "accounts": ACCOUNT_ALIASES,
    "reps": REP_ALIASES, "territories": TERRITORY_ALIASES, "activities": ACTIVITY_ALIASES,
    "opportunities": OPPORTUNITY_ALIASES, "stage_history": STAGE_HISTORY_ALIASES, "campaigns": CAMPAIGN_ALIASES,
    "events": EVENT_ALIASES, "handoffs": HANDOFF_ALIASES, "quotas": QUOTA_ALIASES,
    "content": CONTENT_ALIASES, "page_analytics": PAGE_ANALYTICS_ALIASES, "content_reviews": CONTENT_REVIEW_ALIASES,
    "content_promotion": CONTENT_PROMOTION_ALIASES,
}

"""Columns by meaning, not by spelling (SPEC contract 3).

Commands work on canonical fields (``email``, ``company``, ``created_at``...).
Headers of Salesforce, HubSpot, Marketo, Pipedrive and Zoho exports (report
labels and API names) are recognised case-, space- and punctuation-
insensitively; ``--map field=Header`` and the config's ``[columns]`` table
override detection. Detection never renames anything: the mapping points at
the file's own columns, so original headers survive to the output.
"""

from __future__ import annotations

from revops_cli.columns.accounts import ACCOUNT_ALIASES
from revops_cli.columns.activities import ACTIVITY_ALIASES
from revops_cli.columns.campaigns import CAMPAIGN_ALIASES
from revops_cli.columns.content import (CONTENT_ALIASES, CONTENT_PROMOTION_ALIASES, CONTENT_REVIEW_ALIASES,
                                        PAGE_ANALYTICS_ALIASES)
from revops_cli.columns.detect import ColumnMapping, MappedFrame, detect_columns, header_key, parse_map_options
from revops_cli.columns.events import BUDGET_LINE_ALIASES, EVENT_ALIASES
from revops_cli.columns.handoffs import HANDOFF_ALIASES
from revops_cli.columns.leads import (CANONICAL_FIELDS, CONVERTED_HEADERS, ENGAGEMENT_FIELDS, FUNNEL_ALIASES,
                                      LEAD_ALIASES, MODIFIED_HEADERS)
from revops_cli.columns.opportunities import CAMPAIGN_TOUCH_HEADERS, OPPORTUNITY_ALIASES, STAGE_HISTORY_ALIASES
from revops_cli.columns.quotas import QUOTA_ALIASES
from revops_cli.columns.routing import REP_ALIASES, TERRITORY_ALIASES
from revops_cli.columns.schemas import SCHEMAS

__all__ = [
    "ACCOUNT_ALIASES", "ACTIVITY_ALIASES", "BUDGET_LINE_ALIASES", "CAMPAIGN_ALIASES", "CAMPAIGN_TOUCH_HEADERS",
    "CANONICAL_FIELDS", "CONTENT_ALIASES", "CONTENT_PROMOTION_ALIASES", "CONTENT_REVIEW_ALIASES", "CONVERTED_HEADERS", "ENGAGEMENT_FIELDS", "EVENT_ALIASES", "FUNNEL_ALIASES",
    "HANDOFF_ALIASES", "LEAD_ALIASES", "MODIFIED_HEADERS", "OPPORTUNITY_ALIASES", "PAGE_ANALYTICS_ALIASES", "QUOTA_ALIASES",
    "REP_ALIASES",
    "SCHEMAS", "STAGE_HISTORY_ALIASES", "TERRITORY_ALIASES", "ColumnMapping", "MappedFrame", "detect_columns", "header_key",
    "parse_map_options",
]

"""Lead-to-account matching: the Lead Management SOP's capture step.

"Company match -> associate with existing account" (Lead Management SOP,
1. Lead Capture, Duplicate check). With an account export, every lead gets the
account it belongs to and the tier that found it, first tier that applies wins:

- ``name``: the lead's company key (legal suffix, case, punctuation and
  accents ignored: ``Acme, Inc.`` == ``ACME CORPORATION``) equals an account's;
- ``fuzzy``: the company names are similar (``dedupe.account_fuzzy_threshold``)
  *and* the lead's corporate email domain or website domain is the account's
  website domain, or the lead's phone is the account's phone;
- ``domain``: the corporate email domain or website domain alone;
- ``none``: no account.

Without an account export, :func:`group_accounts` groups the leads into new
accounts among themselves. Free/webmail and disposable domains never match
or link; blank and placeholder companies (``n/a``, ``unknown``) have no key.
Everything is done once per distinct value (name, domain, phone) and with
integer codes, so a million leads against tens of thousands of accounts takes
seconds, and no lead is ever compared with every account.
"""

from __future__ import annotations

import pandas as pd

from revops_cli.columns import ColumnMapping, MappedFrame
from revops_cli.config import RevopsConfig
from revops_cli.core.leads.accounts.grouping import GROUP_ID_PREFIX, group_accounts
from revops_cli.core.leads.accounts.keys import PROFILE_HOSTS, website_domain_column
from revops_cli.core.leads.accounts.matching import match_accounts
from revops_cli.core.leads.accounts.result import (ACCOUNT_MATCH_COLUMNS, MATCH_DOMAIN, MATCH_FUZZY, MATCH_NAME,
                                                   MATCH_NONE, MATCH_TIERS, AccountMatchResult)

__all__ = [
    "ACCOUNT_MATCH_COLUMNS",
    "GROUP_ID_PREFIX",
    "MATCH_DOMAIN",
    "MATCH_FUZZY",
    "MATCH_NAME",
    "MATCH_NONE",
    "MATCH_TIERS",
    "PROFILE_HOSTS",
    "AccountMatchResult",
    "associate_accounts",
    "group_accounts",
    "match_accounts",
    "website_domain_column",
]


def associate_accounts(leads: pd.DataFrame, lead_mapping: ColumnMapping, config: RevopsConfig,
                       accounts: MappedFrame | None = None) -> AccountMatchResult:
    """The capture step's company match: each lead to an account of the ``accounts`` export
    (:func:`match_accounts`), or, with none, leads grouped into accounts among themselves
    (:func:`group_accounts`)."""
    if accounts is None:
        return group_accounts(leads, lead_mapping, config)
    return match_accounts(leads, lead_mapping, accounts.frame, accounts.mapping, config, source=accounts.source)

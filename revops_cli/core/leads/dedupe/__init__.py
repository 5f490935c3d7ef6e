"""Duplicate leads: match by the SOP's rules, cluster, pick a survivor, merge with an undo.

Lead Management SOP, 1. Lead Capture: "Email match -> merge records". Data
Management SOP: duplicates < 2%. Rules run in the order ``[dedupe].rules``
gives; each pair of records they link carries its rule, a 0-100 confidence
and a plain reason:

- ``email``: the same address once case, spaces, ``+tags`` and Gmail dots are
  ignored (confidence 100). A role mailbox (info@, sales@) is shared by
  people, so it merges only when the names agree too (or both are blank).
- ``phone_name``: the same E.164 phone or mobile, and names at least
  ``phone_name_threshold`` similar (nicknames and initials understood).
- ``fuzzy_name``: same company key or corporate email domain and one name part
  spelled the same, the other similar: merged at ``fuzzy_merge_threshold``,
  listed for review from ``fuzzy_review_threshold``.

Records linked by merge pairs form clusters (transitively); in each, the
survivor is picked by ``[dedupe].survivorship``; its blank fields are filled
from the other records in survivorship order. The merge log keeps every
clustered record as it was, so :func:`unmerge` restores the input exactly.
"""

from revops_cli.core.leads.dedupe.columns import (ADDED_COLUMNS, DEDUPE_TICKS, FLAG_COLUMNS, LOG_COLUMNS,
                                                  OUTPUT_COLUMNS, REVIEW_COLUMNS, without_added_columns)
from revops_cli.core.leads.dedupe.rules import RULE_EMAIL, RULE_FUZZY_NAME, RULE_PHONE_NAME
from revops_cli.core.leads.dedupe.run import DedupeResult, dedupe_leads, merged_into
from revops_cli.core.leads.dedupe.undo import UnmergeResult, unmerge

__all__ = [
    "ADDED_COLUMNS",
    "DEDUPE_TICKS",
    "FLAG_COLUMNS",
    "LOG_COLUMNS",
    "OUTPUT_COLUMNS",
    "REVIEW_COLUMNS",
    "RULE_EMAIL",
    "RULE_FUZZY_NAME",
    "RULE_PHONE_NAME",
    "DedupeResult",
    "UnmergeResult",
    "dedupe_leads",
    "merged_into",
    "unmerge",
    "without_added_columns",
]

"""The columns dedupe adds to its output, its merge log and its review file.

Lead Management SOP, 1. Lead Capture (duplicate check). Re-running dedupe on
its own output replaces these columns rather than keeping stale copies.
"""

from __future__ import annotations

import pandas as pd

from revops_cli.core.leads.accounts import ACCOUNT_MATCH_COLUMNS

# Columns dedupe adds to its output, and those of the merge log. Re-running
# dedupe on its own output replaces them rather than keeping stale copies.
OUTPUT_COLUMNS = ("revops_row", "revops_cluster_id", "revops_merged_ids", "revops_filled", "revops_review_with")
FLAG_COLUMNS = ("revops_row", "revops_cluster_id", "revops_is_survivor", "revops_survivor_id", "revops_dup_rule",
                "revops_dup_confidence", "revops_dup_reason", "revops_review_with")
LOG_COLUMNS = ("revops_cluster_id", "revops_role", "revops_row", "revops_survivor_id", "revops_survivor_source",
               "revops_matched_id", "revops_rule", "revops_confidence", "revops_reason", "revops_filled",
               "revops_conflicts")
ADDED_COLUMNS = tuple(dict.fromkeys((*OUTPUT_COLUMNS, *FLAG_COLUMNS, *ACCOUNT_MATCH_COLUMNS)))
REVIEW_COLUMNS = ("revops_row_a", "id_a", "name_a", "company_a", "email_a",
                  "revops_row_b", "id_b", "name_b", "company_b", "email_b", "rule", "confidence", "reason")
#: The steps dedupe_leads names through ``progress``, in order.
DEDUPE_PROGRESS = ("match keys", "matching pairs", "clusters", "review pairs", "merging")
DEDUPE_TICKS = len(DEDUPE_PROGRESS)


def without_added_columns(frame: pd.DataFrame, header_map: dict[str, str], headers: list[str]
                          ) -> tuple[pd.DataFrame, list[str]]:
    """An input without the columns an earlier dedupe run added (they are recomputed), and its headers.

    ``header_map`` maps frame columns to their header where the two differ; ``headers``
    are the file's headers in column order.
    """
    names = [header_map.get(c, c) for c in frame.columns]
    keep = [i for i, name in enumerate(names) if name not in ADDED_COLUMNS]
    return frame.iloc[:, keep], [headers[i] for i in keep]

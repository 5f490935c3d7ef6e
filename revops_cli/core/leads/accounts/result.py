"""Lead-to-account association's result: the tiers, the columns it adds and the figures of a run.

Lead Management SOP, 1. Lead Capture: "Company match -> associate with existing account".
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from revops_cli.core.metrics import percent

MATCH_DOMAIN, MATCH_NAME, MATCH_FUZZY, MATCH_NONE = "domain", "name", "fuzzy", "none"
MATCH_TIERS = (MATCH_NAME, MATCH_FUZZY, MATCH_DOMAIN, MATCH_NONE)
ACCOUNT_MATCH_COLUMNS = ("revops_account_id", "revops_account_name", "revops_account_match")


@dataclass
class AccountMatchResult:
    """What :func:`match_accounts` and :func:`group_accounts` return.

    ``columns`` has the leads' index and the columns ``revops_account_id``
    (the account's id as given, or a new ``ACCT-000001`` id when grouping;
    blank when no account), ``revops_account_name`` and
    ``revops_account_match`` (``name``, ``fuzzy``, ``domain`` or ``none``).
    ``counts`` is leads per tier (always all four, in tier order);
    ``ambiguous`` is the matched leads whose company key or domain pointed at
    more than one account, or that passed the fuzzy threshold for more than
    one, and were resolved by a tie-break (see :func:`match_accounts`);
    always 0 when grouping. ``accounts`` is how many distinct accounts the
    leads were associated with (or grouped into).
    """

    columns: pd.DataFrame
    counts: dict[str, int]
    ambiguous: int = 0
    accounts: int = 0
    grouped: bool = False
    #: Grouping only: the groups split because shared domains chained more than ``dedupe.account_max_names``
    #: company names together; each ``{"leads", "names", "accounts"}`` (the accounts it was split into), biggest first.
    split: list[dict] = field(default_factory=list)

    def summary(self) -> dict:
        rows = len(self.columns)
        matched = rows - self.counts.get(MATCH_NONE, 0)
        return {
            "rows": rows,
            "mode": "grouped" if self.grouped else "matched",
            "matched": matched,
            "matched_percent": percent(matched, rows),
            "by_tier": dict(self.counts),
            "ambiguous": self.ambiguous,
            "accounts": self.accounts,
            "split_groups": [{"leads": part["leads"], "company_names": part["names"],
                              "split_into": len(part["accounts"])} for part in self.split],
        }


def _result(index: pd.Index, choice: np.ndarray, ids: np.ndarray, names: np.ndarray, tier: np.ndarray,
            matched: np.ndarray, ambiguous: int, *, accounts: int, grouped: bool) -> AccountMatchResult:
    n = len(index)
    id_out = np.full(n, None, dtype=object)
    name_out = np.full(n, None, dtype=object)
    id_out[matched] = ids[choice[matched]]
    name_out[matched] = names[choice[matched]]
    columns = pd.DataFrame({
        name: pd.Series(values, index=index, dtype=object).astype("str")
        for name, values in zip(ACCOUNT_MATCH_COLUMNS, (id_out, name_out, tier))
    }, index=index)
    counts = {t: int((tier == t).sum()) for t in MATCH_TIERS}
    return AccountMatchResult(columns=columns, counts=counts, ambiguous=ambiguous, accounts=accounts, grouped=grouped)

"""Which territory a lead goes to: the Lead Management SOP's "4. Lead Routing", Territory Assignment.

Checks run in ``routing.territory_order``: named accounts first (unless ``named_account`` is listed after
every other check), then each territory's criteria in priority order; the first match wins, and the first
match *staffed* for the lead's tier is where its round robin happens.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from revops_cli.core.leads.routing.features import _Leads
from revops_cli.core.leads.routing.territories import Territory, _size_tier


@dataclass(frozen=True)
class TerritoryMatcher:
    """The ordered checks: ``checks`` are (territory index, 'named' | 'criteria'); ``enabled`` the
    ``routing.territory_order`` checks ('named_account', 'geography', 'industry', 'company_size')."""

    territories: list[Territory]
    enabled: list[str]
    checks: list[tuple[int, str]]

    @classmethod
    def build(cls, territories: Sequence[Territory], territory_order: Iterable[str]) -> TerritoryMatcher:
        """The checks in order, per ``routing.territory_order``.

        Named accounts go first unless ``named_account`` is listed after every other check.
        """
        territories = list(territories)
        enabled = list(territory_order)
        named = [(i, "named") for i, t in enumerate(territories) if t.named_accounts] \
            if "named_account" in enabled else []
        criteria = [(i, "criteria") for i in range(len(territories))]
        others = [enabled.index(c) for c in ("geography", "industry", "company_size") if c in enabled]
        named_first = "named_account" in enabled and (not others or enabled.index("named_account") < max(others))
        return cls(territories, enabled, named + criteria if named_first else criteria + named)

    def named_keys(self) -> set[str]:
        """Company keys of the named accounts that are checked."""
        return {key for t, kind in self.checks if kind == "named" for key, _ in self.territories[t].named_accounts}

    def mask(self, territory: Territory, kind: str, rows: np.ndarray, leads: _Leads) -> np.ndarray:
        """For each row position in ``rows``: does the lead match this check of ``territory``?"""
        if kind == "named":
            return leads.member("company", [key for key, _ in territory.named_accounts], rows)
        if territory.is_catch_all:
            return np.ones(len(rows), dtype=bool)
        criteria = territory.criteria(self.enabled)
        if not criteria:
            return np.zeros(len(rows), dtype=bool)
        mask = np.ones(len(rows), dtype=bool)
        for criterion in criteria:
            if criterion == "country":
                mask &= leads.member("country", territory.countries, rows)
            elif criterion == "state":
                mask &= leads.member("state", territory.states, rows)
            elif criterion == "industry":
                mask &= leads.member("sector", territory.industries, rows)
            else:
                mask &= _size_tier(territory, leads.employees[rows]) >= 0
        return mask

    def first_matches(self, leads: _Leads, needs: np.ndarray, tier_of: np.ndarray,
                      staffed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(first matching check, first matching check staffed for the lead's tier) per lead, -1 for none.

        ``needs`` marks the leads that need a rep, ``staffed[territory, tier]``
        the territories with an active rep of the tier's roles. Only leads
        still undecided are tested against each next check.
        """
        n = len(needs)
        first_any = np.full(n, -1, dtype=np.int64)
        first_staffed = np.full(n, -1, dtype=np.int64)
        pending = np.arange(n)
        for index, (t, kind) in enumerate(self.checks):
            if not len(pending):
                break
            hit = self.mask(self.territories[t], kind, pending, leads)
            rows = pending[hit]
            if not len(rows):
                continue
            first_any[rows[first_any[rows] < 0]] = index
            ok = staffed[t, tier_of[rows]] & needs[rows] & (first_staffed[rows] < 0)
            first_staffed[rows[ok]] = index
            done = (first_any[pending] >= 0) & ((first_staffed[pending] >= 0) | ~needs[pending])
            pending = pending[~done]
        return first_any, first_staffed

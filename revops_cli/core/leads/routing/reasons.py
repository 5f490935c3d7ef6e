"""The route reason: one plain sentence per lead saying how the Lead Management SOP's "4. Lead Routing" routed it.

"Hot 86 → Senior Sales Rep; territory US West by state CA; round robin Marcus Chen (1 of 1)". Sentences are
built once per distinct combination of their parts; the round-robin and escalation parts ("outcomes") are
registered as routing decides them and referred to by code.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from revops_cli.config import RoutingTier
from revops_cli.core.leads.routing.arrays import _combine
from revops_cli.core.leads.routing.features import _Leads
from revops_cli.core.leads.routing.matching import TerritoryMatcher
from revops_cli.core.leads.routing.territories import _size_tier
from revops_cli.core.leads.routing.text import _missing, _number_text


class RouteReasons:
    """The reason sentences of one routing run: ``rep_names`` per roster position, ``tracks`` the nurture tracks."""

    def __init__(self, matcher: TerritoryMatcher, tiers: Sequence[RoutingTier], rep_names: np.ndarray,
                 tracks: Sequence[Any]) -> None:
        self.matcher = matcher
        self.tiers = list(tiers)
        self.rep_names = rep_names
        self.tracks = tracks
        self._outcome_texts: list[str] = []
        self._outcome_ids: dict[str, int] = {}

    def outcome(self, text: str) -> int:
        """Code of an outcome text ("; round robin ...", " → escalated to ..."), shared by many leads."""
        if text not in self._outcome_ids:
            self._outcome_ids[text] = len(self._outcome_texts)
            self._outcome_texts.append(text)
        return self._outcome_ids[text]

    def territory_text(self, check: int, country: Any, state: Any, sector: Any, employees: Any,
                       company: Any) -> str:
        """'territory US West by state CA' (or 'no territory matches (...)') for one distinct combination."""
        if check < 0:
            size = f"{_number_text(employees)} employees" if not _missing(employees) else "employees -"
            return (f"no territory matches (country {country or '-'}, state {state or '-'}, "
                    f"industry {sector or '-'}, {size})")
        t, kind = self.matcher.checks[check]
        territory = self.matcher.territories[t]
        if kind == "named":
            spelling = dict(territory.named_accounts).get(company, company)
            return f"territory {territory.name} by named account {spelling}"
        if territory.is_catch_all:
            return f"territory {territory.name} (catch-all)"
        criteria = territory.criteria(self.matcher.enabled)
        parts = []
        for criterion in criteria:
            if criterion == "state":
                parts.append(f"state {state}")
            elif criterion == "country" and "state" not in criteria:
                parts.append(f"country {country}")
            elif criterion == "industry":
                parts.append(f"industry {sector}")
            elif criterion == "size":
                hit = _size_tier(territory, np.array([employees], dtype=float))[0]
                label = territory.size_tiers[hit][2] if hit >= 0 else "?"
                parts.append(f"size {label} ({_number_text(employees)} employees)")
        return f"territory {territory.name} by " + " and ".join(parts)

    def write(self, score, blank_score, band_code, band_names, tier_of, kept, owner_pos, reason_check, gap,
              outcome, escalation_code, leads: _Leads, track_code) -> tuple[np.ndarray, np.ndarray]:
        """(code per row, texts): the route reason, built once per distinct combination of its parts."""
        has_roles = np.array([bool(t.roles) for t in self.tiers], dtype=bool)
        kind = np.where(kept, 0, np.where(has_roles[tier_of], 1, 2))  # kept / routed / nurture
        routed = kind == 1
        score_codes, score_uniques = pd.factorize(np.where(blank_score, np.nan, score), use_na_sentinel=True)
        check = np.where(routed, reason_check, -2)
        uses: dict[str, list[int]] = {name: [] for name in ("country", "state", "sector", "employees", "company")}
        for index, (t, check_kind) in enumerate(self.matcher.checks):
            territory = self.matcher.territories[t]
            if check_kind == "named":
                uses["company"].append(index)
                continue
            criteria = [] if territory.is_catch_all else territory.criteria(self.matcher.enabled)
            for criterion, name in (("country", "country"), ("state", "state"), ("industry", "sector"),
                                    ("size", "employees")):
                if criterion in criteria:
                    uses[name].append(index)
        feature_codes, feature_values = [], []
        for name in ("country", "state", "sector", "employees", "company"):
            codes, uniques = leads.coded[name]
            relevant = np.isin(check, uses[name] + ([-1] if name != "company" else []))
            feature_codes.append(np.where(routed & relevant, codes, -1))
            feature_values.append(uniques)
        kept_owner = np.where(kept, owner_pos, -1)
        combo, first = _combine(kind, score_codes, band_code, tier_of, check, gap.astype(np.int64), outcome,
                                escalation_code, np.where(kind == 2, track_code, -1), kept_owner, *feature_codes)
        names = self.rep_names
        tracks = self.tracks
        texts = np.empty(len(first), dtype=object)
        for c, row in enumerate(first):
            score_text = "(no score)" if score_codes[row] < 0 else _number_text(score_uniques[score_codes[row]])
            head = f"{band_names[band_code[row]]} {score_text} → "
            if kind[row] == 0:
                texts[c] = head + f"kept owner {names[kept_owner[row]]} (active rep)"
            elif kind[row] == 2:
                track = tracks[track_code[row]] if track_code[row] >= 0 else None
                texts[c] = head + (f"nurture ({track.name}, {track.frequency.lower()})" if track else "nurture")
            else:
                label = self.tiers[tier_of[row]].roles[0]
                features = [None if codes[row] < 0 else values[codes[row]]
                            for codes, values in zip(feature_codes, feature_values)]
                text = head + f"{label}; " + self.territory_text(int(check[row]), *features)
                if gap[row]:
                    text += f"; no {label} in any matching territory"
                if outcome[row] >= 0:
                    text += self._outcome_texts[outcome[row]]
                if escalation_code[row] >= 0:
                    text += self._outcome_texts[escalation_code[row]]
                texts[c] = text
        return combo, texts

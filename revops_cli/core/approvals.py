"""Approval ladders: the Campaign Execution SOP's budget "Approval Matrix" and the Sales Process SOP's discount
"Negotiation Approval Matrix" walked the same way.

A ladder is an ordered matrix of (inclusive upper bound, approver) rows, lowest bound first, the last row
unbounded ("<$5K Marketing Manager, $5K-$25K Director of Marketing, ...", "0-10% Sales Rep, 11-20% Sales
Manager, ..."), and an approver order from least to most senior. Decisions, so they can be checked:

* The required approver is the first row whose bound (inclusive) is >= the amount; a row without a bound
  takes any amount. Amounts and bounds compare as decimals of their shortest text, so 5000 is <= 5000.0.
* A written approver folds to an approver-order entry ignoring case, punctuation, word order, the words
  "of", "the", "and", "for", initials written with dots ("C.M.O."), the abbreviations in
  :data:`_ABBREVIATIONS` ("Dir.", "Mgr", "Mktg") and the other spellings in :data:`APPROVER_ALIASES`.
* An approver is senior enough when it is the required one or after it in the approver order.
* Status: ``missing`` (no approver recorded), ``unknown`` (an approver we cannot place, or nothing to
  check against), ``ok`` or ``too_junior``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from decimal import Decimal

import pandas as pd

APPROVAL_STATUSES = ("ok", "too_junior", "missing", "unknown")

# Other spellings of the approvers in the config's approver orders (canonical -> aliases).
APPROVER_ALIASES: dict[str, tuple[str, ...]] = {
    "Marketing Manager": ("Mktg Manager", "Manager, Marketing", "Marketing Mgr"),
    "Director of Marketing": ("Marketing Director", "Dir. Marketing", "Director, Marketing", "Dir of Mktg"),
    "CMO": ("Chief Marketing Officer",),
    "CEO": ("Chief Executive Officer",),
}
_ABBREVIATIONS = {"dir": "director", "mgr": "manager", "mktg": "marketing", "mkt": "marketing",
                  "mkting": "marketing", "vp": "vp", "exec": "executive", "mngr": "manager"}
_STOPWORDS = {"of", "the", "and", "for"}


def required_approver(amount: float | Decimal | None,
                      matrix: Iterable[tuple[float | Decimal | None, str]]) -> str | None:
    """The approver of the first ``(bound, approver)`` row whose inclusive bound holds ``amount`` (None: no bound)."""
    if amount is None:
        return None
    value = Decimal(str(amount))
    for bound, approver in matrix:
        if bound is None or value <= Decimal(str(bound)):
            return approver
    return None


def approver_key(name: str) -> str:
    """The spelling-insensitive key of an approver's name (see the module docstring)."""
    folded = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode().lower()
    tokens = [t for t in re.split(r"[^a-z0-9]+", folded) if t]
    merged: list[str] = []
    run = ""
    for token in tokens:  # "C.M.O." -> "cmo"
        if len(token) == 1:
            run += token
            continue
        if run:
            merged.append(run)
            run = ""
        merged.append(token)
    if run:
        merged.append(run)
    words = [_ABBREVIATIONS.get(t, t) for t in merged if t not in _STOPWORDS]
    return " ".join(sorted(words))


def _is_blank(name: object) -> bool:
    if name is None or name is pd.NA or (isinstance(name, float) and name != name):
        return True
    return not str(name).split()


def fold_approver(name: object, approver_order: Sequence[str]) -> str | None:
    """The ``approver_order`` entry ``name`` spells (alias-, case- and punctuation-insensitive), else None."""
    if _is_blank(name):
        return None
    table: dict[str, str] = {}
    for canonical in approver_order:
        table.setdefault(approver_key(canonical), canonical)
        for alias in APPROVER_ALIASES.get(canonical, ()):
            table.setdefault(approver_key(alias), canonical)
    return table.get(approver_key(str(name)))


def senior_enough(approver: str, required: str, approver_order: Sequence[str]) -> bool:
    """Whether ``approver`` is ``required`` or more senior (later in ``approver_order``)."""
    return approver_order.index(approver) >= approver_order.index(required)


def approval_status(required: str | None, approver: str | None, *, recorded: bool,
                    approver_order: Sequence[str]) -> str:
    """``missing``, ``unknown``, ``ok`` or ``too_junior`` for a folded ``approver`` against ``required``."""
    if not recorded:
        return "missing"
    if approver is None or required is None:
        return "unknown"
    return "ok" if senior_enough(approver, required, approver_order) else "too_junior"

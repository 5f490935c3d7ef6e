"""Which leads converted: the outcome column of a labelled lead export, read as converted / not / unknown."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from revops_cli.columns import header_key
from revops_cli.errors import RevopsInputError
from revops_cli.normalize.booleans import FALSE_WORDS, TRUE_WORDS
from revops_cli.normalize.distinct import is_blank

#: Outcome words besides yes/no: a stage or status that says the lead converted, or that it did not.
CONVERTED_WORDS = frozenset({"converted", "won", "closed won", "closedwon", "success", "subscribed"})
NOT_CONVERTED_WORDS = frozenset({"not converted", "lost", "closed lost", "closedlost", "failure", "unconverted"})


@dataclass
class Outcome:
    """Per lead: ``converted`` (True/False) where ``known``; blank outcome cells are unknown."""

    column: str
    converted: np.ndarray
    known: np.ndarray
    positive_values: list[str]
    negative_values: list[str]

    @property
    def labelled(self) -> int:
        return int(self.known.sum())

    @property
    def positives(self) -> int:
        return int((self.converted & self.known).sum())

    @property
    def negatives(self) -> int:
        return self.labelled - self.positives

    def summary(self) -> dict:
        return {"column": self.column, "positive_values": self.positive_values,
                "negative_values": self.negative_values, "labelled": self.labelled,
                "converted": self.positives, "not_converted": self.negatives,
                "unknown": int((~self.known).sum())}


def _fold(value: object) -> str:
    return " ".join(str(value).split()).casefold()


def find_outcome_column(frame: pd.DataFrame, column: str, source: str = "the file") -> str:
    """The frame column ``--outcome`` names (exact, else the one with the same header key)."""
    if column in frame.columns:
        return column
    key = header_key(column)
    matches = [c for c in frame.columns if header_key(str(c)) == key]
    if len(matches) == 1:
        return matches[0]
    shown = ", ".join(repr(str(c)) for c in frame.columns[:40])
    raise RevopsInputError(f"--outcome {column!r}: {source} has no such column. Columns: {shown}.")


def read_outcome(frame: pd.DataFrame, column: str, positive: Sequence[str] = (), *,
                 source: str = "the file") -> Outcome:
    """Read the outcome column: with ``positive`` values (``--positive "Closed Won"``) those count as converted
    and every other non-blank value as not; without, the column must hold yes/no words (yes, true, 1,
    converted, won / no, false, 0, lost). Blank cells are unknown. Values are compared without case or extra
    spaces. RevopsInputError names the values when they cannot be read."""
    name = find_outcome_column(frame, column, source)
    values = frame[name]
    blank = is_blank(values).to_numpy(dtype=bool)
    codes, uniques = pd.factorize(values.astype(object), use_na_sentinel=True)
    folded = [_fold(u) for u in uniques]
    shown = {f: str(u).strip() for f, u in zip(reversed(folded), reversed(list(uniques)))}
    present = [f for f in dict.fromkeys(folded) if f]
    if positive:
        wanted = {_fold(p) for p in positive}
        if not wanted & set(present):
            raise RevopsInputError(
                f"--positive {', '.join(positive)}: no lead of {source} has that {name!r} value; its values are "
                f"{_listing(present, shown)}.")
        is_positive = np.array([f in wanted for f in folded], dtype=bool)
    else:
        yes = TRUE_WORDS | CONVERTED_WORDS
        no = FALSE_WORDS | NOT_CONVERTED_WORDS
        unread = [f for f in present if f not in yes and f not in no]
        if unread:
            raise RevopsInputError(
                f"--outcome {name!r}: cannot tell which values mean converted ({_listing(present, shown)}); "
                f"name them with --positive, e.g. --positive {shown[present[0]]!r}.")
        is_positive = np.array([f in yes for f in folded], dtype=bool)
    per_row = np.append(is_positive, False)[codes]  # code -1 (missing) -> the appended False
    known = ~blank
    converted = per_row & known
    positive_values = sorted({shown[f] for f, p in zip(folded, is_positive) if p and f})
    negative_values = sorted({shown[f] for f, p in zip(folded, is_positive) if not p and f})
    return Outcome(name, converted, known, positive_values, negative_values)


def _listing(values: list[str], shown: dict[str, str], limit: int = 12) -> str:
    head = ", ".join(repr(shown[v]) for v in values[:limit])
    return head + (f" and {len(values) - limit} more" if len(values) > limit else "")

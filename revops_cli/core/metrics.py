"""Small figures every report computes the same way, so a number has one definition."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


def percent(part: float, whole: float) -> float | None:
    """``part`` as a percentage of ``whole``, rounded to 0.1; None when ``whole`` is 0 (nothing to measure)."""
    return round(100.0 * part / whole, 1) if whole else None


@dataclass(frozen=True)
class NotMeasured:
    """A check that could not run on this file: why, and what would make it run.

    SPEC contract 9, "measured, or said so": a figure is printed only when it was measured; a
    check whose column is missing is reported as this, never as 0 and never as met or missed.
    ``str()`` is what tables and reports print; findings objects keep them in a
    ``not_measured`` dict (check name -> NotMeasured) that ``--json`` shows via
    :func:`not_measured_json`.
    """

    reason: str  #: e.g. "no close date column"
    fix: str | None = None  #: e.g. "--map close_date=HEADER"

    @property
    def text(self) -> str:
        """The reason and the fix: "no close date column; try --map close_date=HEADER"."""
        return self.reason + (f"; try {self.fix}" if self.fix else "")

    def __str__(self) -> str:
        return f"not measured ({self.text})"


def missing_column(field: str, what: str | None = None) -> NotMeasured:
    """The usual reason: the file has no column for a canonical field (``--map field=HEADER`` names one)."""
    return NotMeasured(f"no {what or field.replace('_', ' ')} column", f"--map {field}=HEADER")


def not_measured_json(checks: Mapping[str, NotMeasured]) -> dict[str, str]:
    """``{"past_due": "no close date column; try --map close_date=HEADER"}`` for ``--json``."""
    return {name: check.text for name, check in checks.items()}

"""Small figures every report computes the same way, so a number has one definition."""

from __future__ import annotations


def percent(part: float, whole: float) -> float | None:
    """``part`` as a percentage of ``whole``, rounded to 0.1; None when ``whole`` is 0 (nothing to measure)."""
    return round(100.0 * part / whole, 1) if whole else None

"""`revops data forget` and `revops data export`: GDPR deletion, access and portability (being built)."""

from __future__ import annotations


def forget() -> None:
    """Not built yet."""
    raise NotImplementedError


def export() -> None:
    """Not built yet."""
    raise NotImplementedError

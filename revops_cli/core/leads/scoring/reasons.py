"""Lead scoring's reasons (``--explain``): short labels per row, joined once per distinct combination."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass
class _Piece:
    """One part of the reasons string: a label code per row (-1: nothing) and the labels."""

    codes: np.ndarray
    labels: list[str]


def _join_pieces(pieces: list[_Piece], n: int) -> np.ndarray:
    """"; "-joined labels per row, built once per distinct combination of codes."""
    pieces = [p for p in pieces if len(p.labels) and (p.codes >= 0).any()]
    out = np.full(n, "", dtype=object)
    if not pieces or n == 0:
        return out
    combined = np.zeros(n, dtype=np.int64)
    for piece in pieces:
        combined = combined * (len(piece.labels) + 1) + (piece.codes + 1)
        combined, _ = pd.factorize(combined)
        combined = combined.astype(np.int64)
    codes, uniques = pd.factorize(combined)
    first = np.full(len(uniques), -1, dtype=np.int64)
    first[codes[::-1]] = np.arange(n - 1, -1, -1)
    texts = []
    for row in first:
        texts.append("; ".join(p.labels[p.codes[row]] for p in pieces if p.codes[row] >= 0))
    return np.array(texts, dtype=object)[codes]

"""Column profile of an export: fill rate, distinct values, an example per column.

Used by ``revops inspect`` so an analyst can check what was detected before
trusting any later command with the file. Blank follows the one blank rule
(:mod:`revops_cli.normalize.blank`): ``#N/A``, ``n/a``, ``-`` and ``Select`` are not filled.
"""

from __future__ import annotations

import pandas as pd

from revops_cli.columns import ColumnMapping
from revops_cli.core.metrics import percent
from revops_cli.normalize.blank import is_blank


def profile_columns(frame: pd.DataFrame, mapping: ColumnMapping, headers: dict[str, str] | None = None) -> pd.DataFrame:
    """One row per column: header, canonical field, how detected, what its values showed, the note on a
    column left out or moved by its values, filled count and %, distinct, example.

    ``headers`` maps frame column names to the original header text.
    """
    field_of = {column: canonical for canonical, column in mapping.fields.items()}
    rows = []
    total = len(frame)
    for position, column in enumerate(frame.columns, start=1):
        values = frame[column]
        filled_mask = ~is_blank(values).to_numpy(dtype=bool)
        filled = int(filled_mask.sum())
        example = values[filled_mask].iloc[0] if filled else None
        canonical = field_of.get(column)
        rows.append({
            "position": position,
            "column": column,
            "header": (headers or {}).get(column, column),
            "field": canonical,
            "how": mapping.how.get(canonical) if canonical else None,
            "values": mapping.checked.get(canonical) if canonical else None,
            "note": mapping.notes.get(column),
            "filled": filled,
            "fill_rate": percent(filled, total),
            "distinct": int(values[filled_mask].nunique()),
            "example": example,
        })
    return pd.DataFrame(rows)

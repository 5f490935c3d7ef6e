"""Yes/no cells: checkboxes, flags and picklists as CRMs and spreadsheets export them.

One vocabulary for every command: Salesforce checkboxes (``true``/``false``, ``1``/``0``),
Excel (``TRUE``, ``1.0``), hand-kept sheets (``x``, ``yes``, ``✓``) and HubSpot (``checked``).
A column with its own words (a roster's ``active``/``inactive``, a checklist's
``present``) adds them to these sets; it does not keep a set of its own.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

#: Cells that mean yes, compared after trimming and lower-casing.
TRUE_WORDS: frozenset[str] = frozenset({"true", "yes", "y", "t", "1", "1.0", "x", "checked", "on", "✓", "✔", "☑"})
#: Cells that mean no.
FALSE_WORDS: frozenset[str] = frozenset({"false", "no", "n", "f", "0", "0.0", "unchecked", "off"})


def truth_value(text: object, true_words: Iterable[str] = TRUE_WORDS,
                false_words: Iterable[str] = FALSE_WORDS) -> bool | None:
    """One cell -> True, False, or None when it is blank or neither word list holds it."""
    if text is None or (isinstance(text, float) and text != text):
        return None
    key = str(text).strip().casefold()
    if key in true_words:
        return True
    if key in false_words:
        return False
    return None


def truth_values(values: pd.Series, true_words: Iterable[str] = TRUE_WORDS,
                 false_words: Iterable[str] = FALSE_WORDS) -> pd.Series:
    """A column -> nullable booleans (``<NA>`` where blank or not a yes/no word), looked up once per distinct cell."""
    true_set, false_set = frozenset(true_words), frozenset(false_words)
    codes, uniques = pd.factorize(values.astype(object), use_na_sentinel=True)
    per_value = pd.array([truth_value(u, true_set, false_set) for u in uniques] + [None], dtype="boolean")
    return pd.Series(per_value.take(np.where(codes < 0, len(uniques), codes)), index=values.index)

"""The one rule for "this cell is blank" (Data Management SOP: completeness; SPEC: measured, or said so).

A cell is blank when it is missing, only whitespace, a spreadsheet error value (``#N/A``,
``#REF!``, ``#VALUE!``, ``#DIV/0!``, ``#NAME?``, ``#NULL!``, ``#NUM!``...), a placeholder people
and tools type for "nothing" (``N/A``, ``n/a``, ``-``, ``--``, ``null``, ``NULL``, ``None``,
``(blank)``, ``[not provided]``...) or a web form's unselected picklist (``Select``,
``-- Select --``, ``Please select``, ``--None--``, ``Bitte wählen``, ``Sélectionner``...).

Every check that asks whether a value is there (completeness, required fields, "has a next
step", fill rates, content sampling for column detection) goes through :func:`is_blank`, so a
``#N/A`` amount and a ``#N/A`` next step are both missing. Cleaning never rewrites those cells
(SPEC contract 1): they are only *treated* as blank.

Deliberately not blank: ``NA`` in capitals (Namibia's ISO code), ``0``, ``unknown`` and
``other`` (answers, not the absence of one).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

#: Placeholders for "no value", compared after trimming and case folding. ``NA`` is Namibia, so only the
#: spellings with a slash or dots are here; "not given" in the languages of the CRM UIs revops reads too.
BLANK_WORDS: frozenset[str] = frozenset({
    "n/a", "n.a.", "n.a", "n / a", "#n/a", "#n/a n/a", "#na", "na/", "null", "nil", "none", "nan", "<na>", "<null>",
    "(null)", "(none)", "(blank)", "[blank]", "(empty)", "[empty]", "<blank>", "[not provided]", "(not provided)",
    "not provided", "[none]", "--none--", "- none -", "-none-", "(not set)", "not set", "undefined", "#undefined",
    "k.a.", "k. a.", "keine angabe", "ohne angabe", "non renseigné", "non communiqué", "no especificado",
    "no disponible", "sin especificar", "não informado", "nao informado", "non specificato", "niet opgegeven",
    "не указано", "нет данных", "未設定", "未入力", "該当なし",
})

#: Spreadsheet error values (Excel, Google Sheets, LibreOffice), in English and as localised Excel writes them:
#: ``#N/A``, ``#REF!``, ``#VALUE!``, ``#DIV/0!``, ``#NAME?``, ``#NULL!``, ``#NUM!``, ``#SPILL!``, ``#CALC!``,
#: German ``#NV``/``#BEZUG!``/``#WERT!``/``#ZAHL!``, French ``#VALEUR!``/``#NOM?``/``#NOMBRE!``, Spanish
#: ``#N/D``/``#¡VALOR!``, Italian ``#RIF!``/``#VALORE!``, Dutch ``#N/B``/``#WAARDE!``, Russian ``#Н/Д``/``#ЗНАЧ!``.
SPREADSHEET_ERROR = (
    r"#(?:n/a|ref!|value!|div/0!|name\?|null!|num!|spill!|calc!|getting_data|error!|field!|blocked!|connect!|busy!"
    r"|unknown!|n/a!"
    r"|nv|bezug!|wert!|zahl!|überlauf!"  # de
    r"|valeur!|nom\?|nul!|nombre!"  # fr
    r"|n/d|¡ref!|¡valor!|¡div/0!|¿nombre\?|¡nulo!|¡num!"  # es
    r"|valor!|nome\?|nulo!|núm!"  # pt
    r"|rif!|valore!|nullo!"  # it
    r"|n/b|verw!|waarde!|deel/0!|naam\?|leeg!|getal!"  # nl
    r"|н/д|ссылка!|знач!|дел/0!|имя\?|пусто!|число!"  # ru
    r")|err:\d{3}"
)

#: A picklist left on its prompt, in the languages of the CRM UIs revops reads: "Select", "-- Select --",
#: "Please select", "Select one...", "Choose an option", "Bitte wählen", "Sélectionner", "Seleccione".
FORM_PLACEHOLDER = (
    r"(?:please\s+)?(?:select|choose)(?:\s+(?:one|an?\s+option|an?\s+value|value|from\s+(?:the\s+)?list|here|"
    r"country|state|province|region|industry|city|title|status|source))?"
    r"|please\s+(?:pick|specify)|pick\s+(?:one|an?\s+option)"
    r"|bitte\s+(?:aus)?w(?:ä|ae)hlen|ausw(?:ä|ae)hlen"
    r"|s(?:é|e)lectionner|s(?:é|e)lectionnez(?:\s+une?\s+option)?|choisir|choisissez"
    r"|seleccion(?:e|ar|a)(?:\s+una?(?:\s+opci(?:ó|o)n)?)?|selecione|escolha(?:\s+uma\s+op(?:ç|c)(?:ã|a)o)?"
    r"|seleziona(?:re)?|selecteer|maak\s+een\s+keuze"
    r"|выберите|выбрать|не\s+выбрано|選択してください"
)

# One pattern for the whole cell, so a column is one regex pass (RE2 in pyarrow, ``re`` for one value): only
# whitespace or punctuation (-, --, ---, –, —, ., ?), a placeholder word, an error value, or a form prompt in
# optional dashes, dots or brackets ("-- Select --", "[Select]", "Select...").
_SPACE = "\\s\u00a0\u2007\u202f\u200b\ufeff"
_WORDS = "|".join(re.escape(w) for w in sorted(BLANK_WORDS, key=len, reverse=True))
_BLANK_PATTERN = (
    rf"^[{_SPACE}]*(?:[\-–—_.?/\\*]*|{_WORDS}|{SPREADSHEET_ERROR}"
    rf"|[\-–—_.\[\](<>){_SPACE}]*(?:{FORM_PLACEHOLDER})[\-–—_.…:\[\](<>){_SPACE}]*)[{_SPACE}]*$"
)
_BLANK_RE = re.compile(_BLANK_PATTERN, re.IGNORECASE)


def is_blank_value(value: object) -> bool:
    """True when one cell counts as blank (see the module docstring)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float) and np.isnan(value):
        return True
    return isinstance(value, str) and _BLANK_RE.match(value) is not None


def is_blank(values: pd.Series) -> pd.Series:
    """True where a cell is blank: missing, only whitespace, a spreadsheet error value or a placeholder.

    One vectorised regex pass (pyarrow); typed columns (numbers, dates, booleans) are blank only where
    missing, and in a mixed column (Excel numbers beside text) only the text cells are read.
    """
    return pd.Series(pd.array(_blank_mask(values), dtype="boolean"), index=values.index)


def _blank_mask(values: pd.Series) -> np.ndarray:
    if len(values) == 0:
        return np.zeros(0, dtype=bool)
    if isinstance(values.array, pd.arrays.ArrowStringArray) or pd.api.types.is_string_dtype(values.dtype):
        try:
            return _text_blank(pa.array(values.array, type=pa.large_string()))
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            pass
    if not pd.api.types.is_object_dtype(values.dtype) and not pd.api.types.is_string_dtype(values.dtype):
        return values.isna().to_numpy()
    raw = values.to_numpy(dtype=object, na_value=None)
    try:
        return _text_blank(pa.array(raw, type=pa.large_string(), from_pandas=True))
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        pass
    text_mask = np.fromiter((isinstance(v, str) for v in raw), dtype=bool, count=len(raw))
    blank = pd.isna(values).to_numpy().copy()
    if text_mask.any():
        blank[text_mask] = _text_blank(pa.array(raw[text_mask], type=pa.large_string()))
    return blank


def _text_blank(text: pa.Array) -> np.ndarray:
    matched = pc.fill_null(pc.match_substring_regex(text, _BLANK_PATTERN, ignore_case=True), True)
    return np.asarray(matched.to_numpy(zero_copy_only=False), dtype=bool)

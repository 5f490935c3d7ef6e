"""Person names: trim, collapse spacing, fix SHOUTED or lower-case names.

Lead Management SOP, Data hygiene: required fields first name and last name are
"trimmed, casing fixed when ALL CAPS or all lower" (SPEC, Canonical fields).
Mixed-case input is the person's own spelling (``McDonald``, ``DeShawn``,
``van der Berg``) and is never re-cased.
"""

from __future__ import annotations

import re

import pandas as pd
from nameparser import HumanName
from nameparser.config import CONSTANTS

from revops_cli.normalize.distinct import map_distinct

NAME_COLUMNS = ("value", "flag", "rule")
SPLIT_COLUMNS = ("first_name", "last_name")

FLAG_NOT_A_NAME = "not a name"
RULE_CASE = "name_case"
RULE_SPACING = "name_spacing"

# Typed into name fields by people and form-fillers when they had no real name.
# "na" is left out on purpose: Na is a real (Korean) surname; "n/a" is flagged.
PLACEHOLDERS = frozenset(
    {
        "test", "testing", "test test", "asdf", "asdfasdf", "qwerty", "n/a", "n.a.",
        "none", "null", "unknown", "tbd", "x", "xx", "xxx", "-", "?",
        "no name", "noname", "name", "first name", "last name", "firstname",
        "lastname", "not provided", "[not provided]",
    }
)

# Surname particles kept lower case when another word follows them
# ("VAN DER BERG" -> "van der Berg", "DE LA CRUZ" -> "de la Cruz"). The last
# word is always capitalised, so a first name "VAN" still becomes "Van".
PARTICLES = frozenset(
    {"van", "von", "der", "den", "de", "del", "della", "des", "di", "da", "dos", "das",
     "du", "la", "le", "ten", "ter", "zu", "vom", "zum", "zur"}
)

_LETTERS = re.compile(r"[^\W\d_]+")
_APOSTROPHES = "'’"
# Tokens nameparser treats specially; only names without them take the fast path.
_SPECIAL_TOKENS = (
    CONSTANTS.titles,
    CONSTANTS.suffix_acronyms,
    CONSTANTS.suffix_not_acronyms,
    CONSTANTS.conjunctions,
    CONSTANTS.prefixes,
)
_PLAIN_TOKEN = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


def normalize_name(raw: object) -> tuple[str | None, str | None, str | None]:
    """Return ``(value, flag, rule)`` for one first or last name."""
    if raw is None or not isinstance(raw, str):
        return (None, None, None) if _is_missing(raw) else (raw, FLAG_NOT_A_NAME, None)
    collapsed = " ".join(raw.split())
    if not collapsed:
        return None, None, None
    if _not_a_name(collapsed):
        return raw, FLAG_NOT_A_NAME, None
    cased = recase_name(collapsed)
    if cased != collapsed:
        return cased, None, RULE_CASE
    if collapsed != raw:
        return collapsed, None, RULE_SPACING
    return raw, None, None


def normalize_name_column(names: pd.Series) -> pd.DataFrame:
    """Normalise a first- or last-name column; columns ``value, flag, rule``."""
    return map_distinct(names, normalize_name, NAME_COLUMNS, memo=True)


def split_full_name(raw: object) -> tuple[str | None, str | None]:
    """Split one full name into ``(first_name, last_name)`` with casing fixed.

    Titles, middle names and suffixes are dropped (``Dr. Jane Q. Smith Jr.`` ->
    ``Jane``, ``Smith``); ``Smith, John`` is understood. Blank or not-a-name
    input gives ``(None, None)``; a single word is a first name.
    """
    if not isinstance(raw, str):
        return None, None
    collapsed = " ".join(raw.split())
    if not collapsed or _not_a_name(collapsed):
        return None, None
    first, last = _parse(collapsed)
    return _fix_part(first), _fix_part(last)


def split_full_name_column(full_names: pd.Series) -> pd.DataFrame:
    """Split a full-name column; columns ``first_name, last_name``."""
    return map_distinct(full_names, split_full_name, SPLIT_COLUMNS)


def recase_name(text: str) -> str:
    """Fix casing of an ALL CAPS or all lower name; anything else is returned as is."""
    if not (text.isupper() or text.islower()):
        return text
    words = text.split(" ")
    last = len(words) - 1
    return " ".join(
        _lower(word) if i < last and _lower(word) in PARTICLES else _cap_word(word)
        for i, word in enumerate(words)
    )


def _cap_word(word: str) -> str:
    """Capitalise each letter run: Mary-Jane, O'Brien, McDonald, J.R. (but Jack's)."""
    word = _lower(word)
    out: list[str] = []
    prev_end = 0
    prev_len = 0
    for match in _LETTERS.finditer(word):
        run = match.group()
        start = match.start()
        after_apostrophe = start > 0 and word[start - 1] in _APOSTROPHES
        out.append(word[prev_end:start])
        if after_apostrophe and prev_len > 1 and start - 1 == prev_end:
            out.append(run)  # possessive or contraction: "jack's", not "Jack'S"
        elif run.startswith("mc") and len(run) > 2:
            out.append("Mc" + _cap(run[2:]))
        else:
            out.append(_cap(run))
        prev_end = match.end()
        prev_len = len(run)
    out.append(word[prev_end:])
    return "".join(out)


def _cap(run: str) -> str:
    # Only the first character changes case; upper() of e.g. "ŉ" is two characters,
    # so take the first one to keep the letter count (and idempotence) stable.
    head = run[0].upper()
    return (head if len(head) == 1 else run[0]) + run[1:]


def _lower(text: str) -> str:
    # "İ".lower() is two characters (i + combining dot); keep such letters as they are
    # so re-casing never changes the length and stays idempotent.
    return "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)


def _not_a_name(collapsed: str) -> bool:
    if "@" in collapsed or any(ch.isdigit() for ch in collapsed):
        return True
    if not any(ch.isalpha() for ch in collapsed):
        return True
    return collapsed.casefold() in PLACEHOLDERS


def _parse(collapsed: str) -> tuple[str, str]:
    words = collapsed.split(" ")
    # nameparser costs ~300 us a call; plain "First [Middle] Last" names (most of
    # an export) split the same way without it.
    if 2 <= len(words) <= 3 and all(_plain(word) for word in words):
        return words[0], words[-1]
    parsed = HumanName(collapsed)
    return parsed.first, parsed.last


def _plain(word: str) -> bool:
    if not _PLAIN_TOKEN.fullmatch(word):
        return False
    key = word.lower()
    return not any(key in special for special in _SPECIAL_TOKENS)


def _fix_part(part: str) -> str | None:
    part = " ".join(part.split())
    return recase_name(part) if part else None


def _is_missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


#: Salutations (courtesy titles) in the languages of the CRM UIs revops reads, compared without dots,
#: spacing or case: "Mr.", "Mrs", "Ms.", "Dr.", "Prof.", "Herr", "Frau", "Mme", "M.", "Sr.", "Sra.",
#: "Sig.ra", "Dhr.", "Mevr.", "г-н"... A column of these is a salutation, not a job title.
SALUTATIONS = frozenset({
    "mr", "mrs", "ms", "miss", "mss", "mx", "master", "dr", "doctor", "prof", "professor", "sir", "madam", "madame",
    "dame", "lord", "lady", "rev", "revd", "reverend", "hon", "father", "sister",
    "herr", "frau", "hr", "fr", "fräulein", "frl",
    "m", "mme", "mmes", "mlle", "mlles", "monsieur", "messieurs", "mademoiselle", "mm", "me", "pr",
    "sr", "sra", "srta", "señor", "senor", "señora", "senora", "señorita", "senorita", "don", "doña", "dona", "dña",
    "d", "dn", "sres", "srs",
    "sig", "sigra", "signor", "signore", "signora", "signorina", "dott", "dottssa", "dottoressa", "ing", "avv",
    "dhr", "mevr", "mw", "mej", "heer", "mevrouw", "juffrouw",
    "гн", "гжа", "господин", "госпожа",
    "様", "さん", "殿", "氏",
})
_SALUTATION_JOINERS = frozenset({"and", "und", "et", "y", "e", "en", "и", "&"})
_SALUTATION_TOKEN = re.compile(r"[^\W_]+|&")


def is_salutation(raw: object) -> bool:
    """True when a cell is a salutation ("Mr.", "Dr. med.", "Mr. & Mrs.", "Herr Dr.", "Sig.ra"), not a job title."""
    if not isinstance(raw, str):
        return False
    text = raw.strip().casefold().replace("-", "")
    if not text or len(text) > 30:
        return False
    tokens = [t for t in _SALUTATION_TOKEN.findall(text.replace(".", " ").replace("sig ra", "sigra"))
              if t not in _SALUTATION_JOINERS]
    if not tokens:
        return False
    # "Dr. med." / "Dr. rer. nat.": a degree after a salutation is still a salutation
    degrees = {"med", "rer", "nat", "phil", "jur", "dent", "vet", "oec", "habil", "h", "c", "mult", "ing"}
    return tokens[0] in SALUTATIONS and all(t in SALUTATIONS or t in degrees for t in tokens)

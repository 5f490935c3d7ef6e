"""Company / account names: tidy legal name plus a match key for account matching.

Lead Management SOP, Data hygiene: clean company names. The value keeps the
legal name (suffix included) with tidy spacing and casing; ``revops_company_key``
drops legal suffixes, punctuation and accents so ``Acme, Inc.``, ``ACME
CORPORATION`` and ``The Acme Company`` all match the account ``acme``
(Capture and dedupe: "Company match: associate the lead with the existing account").
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np
import pandas as pd
from cleanco import basename
from cleanco.clean import normalized, prepare_default_terms, strip_punct, strip_tail

from revops_cli.normalize.blank import is_blank_value
from revops_cli.normalize.distinct import map_distinct

COMPANY_COLUMNS = ("value", "flag", "rule", "revops_company_key")

FLAG_PLACEHOLDER = "placeholder company"
RULE_TIDY = "company_tidy"

# What people type into a required Company field when they have no employer.
PLACEHOLDERS = frozenset(
    {
        "n/a", "na", "n.a.", "none", "null", "nil", "unknown", "-", "test", "testing",
        "tbd", "x", "xx", "xxx", "?", "asdf", "self", "self-employed", "self employed",
        "selfemployed", "individual", "personal", "private", "student", "retired",
        "unemployed", "freelance", "freelancer", "independent", "home", "no company",
        "company", "not provided", "[not provided]", "not applicable",
    }
)

# Legal forms in their usual spelling, used when re-casing ALL CAPS / all lower
# names. Keyed by the lower-cased token as written (with or without dots).
LEGAL_FORMS = {
    "inc": "Inc.", "inc.": "Inc.", "incorporated": "Incorporated",
    "corp": "Corp.", "corp.": "Corp.", "corporation": "Corporation",
    "co": "Co.", "co.": "Co.", "company": "Company",
    "ltd": "Ltd", "ltd.": "Ltd.", "limited": "Limited",
    "llc": "LLC", "l.l.c.": "L.L.C.", "llp": "LLP", "lp": "LP", "plc": "PLC",
    "pty": "Pty", "pty.": "Pty.", "pte": "Pte", "pte.": "Pte.", "pvt": "Pvt", "pvt.": "Pvt.",
    "gmbh": "GmbH", "mbh": "mbH", "ag": "AG", "kg": "KG", "kgaa": "KGaA", "ohg": "OHG",
    "ug": "UG", "se": "SE", "sa": "SA", "s.a.": "S.A.", "sas": "SAS", "s.a.s.": "S.A.S.",
    "sarl": "SARL", "s.a.r.l.": "S.A.R.L.", "srl": "SRL", "s.r.l.": "S.r.l.",
    "spa": "SpA", "s.p.a.": "S.p.A.", "bv": "BV", "b.v.": "B.V.", "nv": "NV", "n.v.": "N.V.",
    "ab": "AB", "oy": "Oy", "oyj": "Oyj", "as": "AS", "a/s": "A/S", "asa": "ASA", "aps": "ApS",
    "kk": "KK", "k.k.": "K.K.", "ltda": "Ltda", "ltda.": "Ltda.", "sl": "SL", "s.l.": "S.L.",
    "bhd": "Bhd", "sdn": "Sdn", "cv": "CV", "de": "de", "&": "&",
}

# Acronyms that look like words, so the no-vowel rule below cannot spot them.
KNOWN_ACRONYMS = frozenset(
    {"ibm", "sap", "aws", "ups", "amd", "adp", "aig", "ge", "ey", "ea", "usa", "uk", "us",
     "eu", "ai", "it", "hsbc", "ubs", "ing", "abb", "bae", "tui", "axa", "ihs", "ieee",
     "nasa", "sas", "nba", "nfl", "ceo", "hr", "ux", "iot", "api", "saas"}
)
# Lower-case after the first word ("Bank of America", "The Home Depot").
SMALL_WORDS = frozenset({"of", "and", "the", "for", "de", "du", "des", "la", "le", "von",
                         "van", "der", "y", "et", "und", "at", "in", "on", "to", "a", "an"})
# Vowel-less abbreviations that are words, not acronyms ("St. Louis", "Dr Pepper").
_NOT_ACRONYMS = frozenset({"st", "dr", "mr", "mrs", "ms", "mt", "ft", "jr", "sr", "hq", "bldg"})

# Trailing legal words removed from the key when cleanco leaves them (it makes a
# single pass, so "Acme Co., Ltd." keeps "Co."), plus "and" / "the" leftovers.
_KEY_SUFFIXES = frozenset(
    {"inc", "incorporated", "corp", "corporation", "co", "company", "cos", "companies",
     "ltd", "limited", "llc", "llp", "lp", "plc", "pty", "pte", "pvt", "private", "gmbh",
     "mbh", "ag", "kg", "kgaa", "sa", "sas", "sarl", "srl", "spa", "bv", "nv", "oy", "oyj",
     "ab", "as", "aps", "kk", "ltda", "sl", "se", "bhd", "sdn", "and", "the"}
)
_WEB_SUFFIX = re.compile(r"(?<=\w)\.(?:com|net|org|io|ai|biz)\b", re.IGNORECASE)
_SPACE_BEFORE_COMMA = re.compile(r"\s+,")
_COMMA_THEN_LETTER = re.compile(r",(?=[^\W\d_])")
# "Smith &Jones" / "Smith& Jones" -> "Smith & Jones"; "AT&T", "P&G" stay joined.
_LOOSE_AMPERSAND = re.compile(r"(?<=\S)&(?=\s)|(?<=\s)&(?=\S)")
_JOINED_WORDS_AMPERSAND = re.compile(r"(?<=[^\W\d_]{3})&(?=[^\W\d_]{3})")
_TOKEN = re.compile(r"[^\W_]+(?:['’.][^\W_]+)*\.?|&")
_ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)", re.IGNORECASE)
_VOWELS = set("aeiouy")
_APOSTROPHES = re.compile(r"['’]")
_NON_WORD = re.compile(r"[\W_]+")

# Last words of every cleanco legal term: a name ending in none of them is
# returned unchanged by cleanco, so the ~80 us call is skipped for it.
_CLEANCO_LAST_WORDS = frozenset(parts[-1] for _, parts in prepare_default_terms())


def normalize_company(raw: object) -> tuple[str | None, str | None, str | None, str | None]:
    """Return ``(value, flag, rule, revops_company_key)`` for one company name."""
    if not isinstance(raw, str):
        if _is_missing(raw):
            return None, None, None, None
        raw = str(raw)
    collapsed = " ".join(raw.split())
    if not collapsed:
        return None, None, None, None
    if _is_placeholder(collapsed):
        return raw, FLAG_PLACEHOLDER, None, None
    value = tidy_company(collapsed)
    key = company_key(value)
    return value, None, (RULE_TIDY if value != raw else None), key


def normalize_company_column(companies: pd.Series) -> pd.DataFrame:
    """Normalise a company column; columns ``value, flag, rule, revops_company_key``."""
    return map_distinct(companies, normalize_company, COMPANY_COLUMNS, memo=True)


def company_key(raw: object) -> str | None:
    """Match key: lower case, accents folded, ``&`` -> ``and``, no punctuation or legal suffix.

    ``AT&T Inc.`` -> ``at and t``; ``The Acme Company`` -> ``acme``. None for
    blank or placeholder names. If removing suffixes would leave nothing
    (``The Company, Inc.``), the key keeps the words instead.
    """
    if not isinstance(raw, str):
        if _is_missing(raw):
            return None
        raw = str(raw)
    text = " ".join(raw.split())
    if not text or _is_placeholder(text) or is_blank_value(text):  # "#N/A", "n/a", "Select": no company
        return None
    words = _key_words(_strip_legal(text))
    while len(words) > 1 and words[-1] in _KEY_SUFFIXES:
        words.pop()
    if len(words) > 1 and words[0] == "the":
        words.pop(0)
    if not words or words == ["and"] or words == ["the"]:
        words = _key_words(text)
    return " ".join(words) or None


# company_key is a pure function of the name, and one command often keys the same column more than once
# (dedupe's match keys, then the account grouping of its output; scoring in `leads process`): a name keyed
# once is remembered for the rest of the process, up to this many names.
_KEYED: dict[str, str | None] = {}
KEYED_NAMES_MAX = 2_000_000


def company_key_column(companies: pd.Series) -> pd.Series:
    """The match key for every row, computed once per distinct name (and once per process for a text name)."""
    codes, uniques = pd.factorize(companies.astype(object), use_na_sentinel=True)
    uniques = np.asarray(uniques, dtype=object)
    keys = np.full(len(uniques) + 1, None, dtype=object)  # the last: a missing cell's key
    todo = []
    for i, name in enumerate(uniques.tolist()):
        if type(name) is str and name in _KEYED:
            keys[i] = _KEYED[name]
        else:
            todo.append(i)
    if todo:
        found = map_distinct(pd.Series(uniques[todo], dtype=object), lambda raw: (company_key(raw),),
                             ("revops_company_key",))["revops_company_key"].to_numpy(dtype=object)
        keys[todo] = found
        if len(_KEYED) + len(todo) <= KEYED_NAMES_MAX:
            _KEYED.update((name, key) for name, key in zip(uniques[todo].tolist(), found.tolist()) if type(name) is str)
    return pd.Series(keys[codes], index=companies.index, dtype=object, name="revops_company_key")


def tidy_company(collapsed: str) -> str:
    """Tidy spacing, then fix casing only when the name is ALL CAPS or all lower."""
    text = _SPACE_BEFORE_COMMA.sub(",", collapsed)
    text = _COMMA_THEN_LETTER.sub(", ", text)
    changed = True
    while changed:  # repeat: spacing one "&" of "&&" can leave its neighbour half-spaced
        text, changed = _LOOSE_AMPERSAND.subn(" & ", text)
    text = _JOINED_WORDS_AMPERSAND.sub(" & ", text)
    text = " ".join(text.split())
    if text.isupper() or text.islower():
        text = _recase(text)
    return text


def _recase(text: str) -> str:
    tokens = list(_TOKEN.finditer(text))
    words = [m for m in tokens if m.group() != "&"]
    if len(words) == 1 and text.isupper() and sum(ch.isalpha() for ch in text) <= 4:
        return text  # short single ALL CAPS word: an acronym (IBM, SAP, 3M, ACME)
    trailing_legal = _trailing_legal(words)
    out: list[str] = []
    prev = 0
    for index, match in enumerate(words):
        token = match.group()
        out.append(text[prev:match.start()])
        if _touches_ampersand(text, match) and sum(ch.isalpha() for ch in token) <= 2:
            out.append(_upper(token))  # AT&T, P&G, H&M
        else:
            out.append(_case_token(token, first=index == 0, legal=index in trailing_legal))
        prev = match.end()
    out.append(text[prev:])
    return "".join(out)


def _touches_ampersand(text: str, match: re.Match[str]) -> bool:
    start, end = match.span()
    return (start > 0 and text[start - 1] == "&") or text[end:end + 1] == "&"


def _trailing_legal(words: list[re.Match[str]]) -> set[int]:
    """Indexes of the run of legal-form words at the end (never the first word)."""
    found: set[int] = set()
    for index in range(len(words) - 1, 0, -1):
        if _lower(words[index].group()) not in LEGAL_FORMS:
            break
        found.add(index)
    return found


def _case_token(token: str, *, first: bool, legal: bool) -> str:
    lower = _lower(token)
    if legal:
        return LEGAL_FORMS[lower]
    # Decide on the upper-then-lower form so "bı" and its output "BI" agree.
    bare = _lower(lower.upper()).rstrip(".")
    if bare in KNOWN_ACRONYMS or _looks_like_acronym(bare):
        return _upper(token)
    if any(ch.isdigit() for ch in token):
        if _ORDINAL.fullmatch(bare):
            return lower
        return _upper(token) if len(bare) <= 4 else _cap_token(lower)
    if not first and bare in SMALL_WORDS:
        return lower
    return _cap_token(lower)


def _looks_like_acronym(bare: str) -> bool:
    letters = bare.replace(".", "")
    if "." in bare and all(len(part) == 1 for part in bare.split(".")):
        return True  # dotted initials: J.P., U.S.
    return (
        2 <= len(letters) <= 5
        and letters.isalpha()
        and not (_VOWELS & set(letters))
        and letters not in _NOT_ACRONYMS
    )


def _cap_token(lower: str) -> str:
    """Capitalise a lower-case word: O'Reilly and McKinsey, but Macy's."""
    parts = re.split(r"(['’.])", lower)
    out: list[str] = []
    for i, part in enumerate(parts):
        if not part or part in "'’.":
            out.append(part)
        elif i >= 2 and parts[i - 1] in "'’" and len(parts[i - 2]) > 1:
            out.append(part)  # possessive: Macy's, not Macy'S
        elif part.startswith("mc") and len(part) > 2:
            out.append("Mc" + _cap(part[2:]))
        else:
            out.append(_cap(part))
    return "".join(out)


def _lower(text: str) -> str:
    # "İ".lower() is two characters (i + combining dot); keep such letters as they are
    # so re-casing never changes the length and stays idempotent.
    return "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)


def _upper(token: str) -> str:
    # "ß".upper() is "SS": a longer result would be re-cased differently next time.
    upper = token.upper()
    return upper if len(upper) == len(token) else token


def _cap(part: str) -> str:
    head = part[0].upper()
    return (head if len(head) == 1 else part[0]) + part[1:]


def _strip_legal(text: str) -> str:
    """cleanco's basename, called only when the last word can be a legal term."""
    tail = strip_tail(text)
    parts = strip_punct(normalized(tail)).split()
    if parts and parts[-1] in _CLEANCO_LAST_WORDS:
        return basename(text)
    return text


def _key_words(text: str) -> list[str]:
    text = _WEB_SUFFIX.sub("", text)
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    folded = folded.replace("&", " and ")
    folded = _APOSTROPHES.sub("", folded)  # Macy's -> macys, O'Reilly -> oreilly
    folded = folded.replace(".", "")  # J.P. -> jp
    return _NON_WORD.sub(" ", folded).split()


def _is_placeholder(collapsed: str) -> bool:
    if not any(ch.isalnum() for ch in collapsed):
        return True
    return collapsed.casefold() in PLACEHOLDERS


def _is_missing(value: object) -> bool:
    return is_blank_value(value)

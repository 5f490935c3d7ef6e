"""Phone numbers to E.164 (Lead Management SOP, Data hygiene: format phone numbers).

Implements "Data Management SOP: phone +1XXXXXXXXXX (E.164)": every phone is
written as ``+<country code><number>`` (``+14155551234``). Parsing and
validation are done by ``phonenumbers`` (Google's libphonenumber metadata);
the only rules of our own decide what is *junk* (a placeholder such as
``n/a``, ``0000000000`` or ``1234567890``) as opposed to a real but *invalid*
number. Extensions (``x123``, ``ext. 45``, ``#12``) are split into their own
column so the E.164 value stays dialable.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat, PhoneNumberType

from revops_cli.normalize.distinct import call_all, factorize_with_first
from revops_cli.normalize.phone_bulk import bulk_parse

RULE_E164 = "phone_e164"
FLAG_JUNK = "junk phone"
FLAG_INVALID = "invalid phone"

PHONE_COLUMNS = ("value", "flag", "rule", "revops_phone_ext", "revops_phone_type")

# phonenumbers' PhoneNumberType constants as lower-case names; UNKNOWN -> None.
_TYPE_NAMES = {
    code: name.lower()
    for name, code in vars(PhoneNumberType).items()
    if name.isupper() and isinstance(code, int) and name != "UNKNOWN"
}
_TYPE_NAME_ARRAY = np.array([_TYPE_NAMES.get(code) for code in range(max(_TYPE_NAMES) + 2)], dtype=object)

# Fewer digits than this cannot be a subscriber number anywhere in practice;
# such cells are placeholders ("000", "123", "0").
_MIN_DIGITS = 5

# Fake numbers typed to get past a required field: 1234567890, 0123456789,
# 2345678901, 9876543210 ... (any run of the counting sequence).
_ASCENDING = "0123456789" * 3
_DESCENDING = "9876543210" * 3

# Excel turns a numeric phone cell into a float: 4155551234 -> "4155551234.0".
_EXCEL_FLOAT = re.compile(r"^(\+?\d+)\.0+$")
# "00" is the international (IDD) prefix in most of the world.
_DOUBLE_ZERO = re.compile(r"^00\s*(?=[1-9])")

_BLANK = (None, None, None, None, None)

#: A row region meaning "the row names a country nobody could resolve": no default region is assumed, so only
#: numbers written with their country code (+970 ..., 00970 ...) parse. libphonenumber's own code for "unknown".
UNKNOWN_REGION = "ZZ"


def normalize_phone(raw: str | None, region: str | None) -> tuple:
    """One raw phone cell and its ISO alpha-2 region -> a tuple of PHONE_COLUMNS.

    Returns ``(value, flag, rule, extension, type)``. ``value`` is E.164 when the
    number is valid, else the raw input unchanged (flagged ``junk phone`` or
    ``invalid phone``); blank input gives all ``None``. ``region`` is used for
    numbers written without a country code; when it is ``None`` or unknown to
    phonenumbers only international numbers (``+44 ...``, ``0049 ...``) parse.
    """
    if raw is None:
        return _BLANK
    text = _clean(str(raw))
    if not text:
        return _BLANK

    number = _parse(text, _known_region(region))
    if number is None:
        # Plenty of digits that phonenumbers cannot read (two numbers in one
        # cell, "4.15555E+09" from Excel) is a phone, just not a usable one.
        digits = "".join(ch for ch in text if ch.isdecimal())
        return (raw, FLAG_JUNK if _is_placeholder(digits) else FLAG_INVALID, None, None, None)
    if _is_placeholder(phonenumbers.national_significant_number(number)):
        return (raw, FLAG_JUNK, None, None, None)
    # is_possible_number is the cheap length check; number_type runs the full
    # per-region pattern match that is_valid_number runs (valid == a known
    # type), so one call gives both validity and the type.
    kind = phonenumbers.number_type(number) if phonenumbers.is_possible_number(number) else PhoneNumberType.UNKNOWN
    if kind == PhoneNumberType.UNKNOWN:
        return (raw, FLAG_INVALID, None, None, None)

    value = phonenumbers.format_number(number, PhoneNumberFormat.E164)
    extension = number.extension or None
    number_type = _TYPE_NAMES.get(kind)
    rule = None if value == raw else RULE_E164
    return (value, None, rule, extension, number_type)


def normalize_phone_column(
    phones: pd.Series,
    regions: pd.Series | None = None,
    default_region: str = "US",
) -> pd.DataFrame:
    """A phone column (and optional per-row country column) -> PHONE_COLUMNS frame.

    Each row's region is its ISO alpha-2 country from ``regions`` when that is a
    region phonenumbers knows, else ``default_region``; a row whose region is
    :data:`UNKNOWN_REGION` (its country was given but could not be read) gets no
    region at all, so a number without a country code is not read as the default
    region's. Each distinct (phone, region) pair is answered once: in bulk from
    phonenumbers' metadata when it is in a common shape (:mod:`~revops_cli.normalize.phone_bulk`),
    else by phonenumbers itself; the answer is the same either way (tested). The
    result has ``phones.index``.
    """
    default = _known_region(default_region)
    if default is None:
        raise ValueError(f"default_region {default_region!r} is not an ISO 3166-1 alpha-2 code phonenumbers knows")
    if regions is None:
        row_regions = pd.Series(default, index=phones.index, dtype=object)
    else:
        if not regions.index.equals(phones.index):
            raise ValueError("regions must have the same index as phones")
        row_regions = _resolve_regions(regions, default)
    # A number written with "+" reads the same in every region; dropping the
    # region from its key saves one library call per extra country it occurs in.
    international = phones.astype("str").str.lstrip().str.startswith("+").fillna(False).astype(bool)
    row_regions = row_regions.where(~international, None)
    return _by_distinct(phones, row_regions)


def _by_distinct(phones: pd.Series, row_regions: pd.Series) -> pd.DataFrame:
    """:func:`normalize_phone` once per distinct (phone, region) pair, broadcast to the rows.

    The pairs :func:`~revops_cli.normalize.phone_bulk.bulk_parse` resolves (valid numbers in the
    common shapes, nearly all of them) are answered in bulk with phonenumbers' own metadata; the
    rest go to :func:`normalize_phone` one by one (``map_distinct``'s worker processes when many).
    """
    index = phones.index
    if len(phones) == 0:
        return pd.DataFrame({c: pd.Series([], dtype=object) for c in PHONE_COLUMNS}, index=index)
    phone_codes, phone_values = pd.factorize(phones, use_na_sentinel=True)
    region_codes, region_values = pd.factorize(row_regions.astype(object), use_na_sentinel=True)
    combined = phone_codes.astype(np.int64) * (len(region_values) + 1) + (region_codes + 1)
    codes, first = factorize_with_first(combined)
    raw = np.asarray(phone_values.astype(object), dtype=object)
    raw_rows = phone_codes[first]
    texts = np.where(raw_rows >= 0, raw[np.maximum(raw_rows, 0)] if len(raw) else None, None)
    region_rows = region_codes[first]
    regions = np.asarray(region_values, dtype=object)
    pair_regions = np.where(region_rows >= 0, regions[np.maximum(region_rows, 0)] if len(regions) else None, None)

    table = np.full((len(first), len(PHONE_COLUMNS)), None, dtype=object)
    solved = np.zeros(len(first), dtype=bool)
    present = np.flatnonzero(raw_rows >= 0)
    if len(present):
        verdict = bulk_parse(pa.array(texts[present], type=pa.large_string()), pair_regions[present])
        # normalize_phone's order: digits that are a placeholder (+1 222-222-2222) are junk, valid number or not;
        # then a number phonenumbers parses but finds impossible or of no type is invalid
        junk = _placeholder_mask(verdict.national)
        ok = verdict.solved & ~junk
        at = present[ok]
        value = verdict.e164[ok]
        table[at, 0] = value
        table[at, 2] = np.where(value == texts[at], None, RULE_E164)
        table[at, 3] = verdict.extension[ok]
        table[at, 4] = _TYPE_NAME_ARRAY[verdict.kind[ok].astype(np.int64)]
        flagged = (verdict.solved | verdict.invalid) & ~ok
        failed = present[flagged]
        table[failed, 0] = texts[failed]
        table[failed, 1] = np.where(junk[flagged], FLAG_JUNK, FLAG_INVALID)
        solved[present[verdict.solved | verdict.invalid]] = True
    rest = np.flatnonzero(~solved)
    if len(rest):
        results = call_all(normalize_phone, list(zip(texts[rest].tolist(), pair_regions[rest].tolist())))
        table[rest] = np.array(results, dtype=object).reshape(len(rest), len(PHONE_COLUMNS))
    taken = table[codes]
    return pd.DataFrame({name: taken[:, i] for i, name in enumerate(PHONE_COLUMNS)}, index=index, dtype=object)


def _placeholder_mask(national: np.ndarray) -> np.ndarray:
    """:func:`_is_placeholder` for many national numbers at once (None counts as not one)."""
    out = np.zeros(len(national), dtype=bool)
    present = np.flatnonzero(np.array([v is not None for v in national], dtype=bool)) if len(national) else []
    if not len(present):
        return out
    digits = np.asarray(national[present].tolist(), dtype="S")
    width = digits.dtype.itemsize
    matrix = np.frombuffer(digits.tobytes(), dtype=np.uint8).reshape(len(digits), width).astype(np.int16)
    lengths = np.char.str_len(digits)
    step = (matrix[:, 1:] - matrix[:, :-1]) % 10  # the next digit minus this one
    inside = np.arange(1, width)[None, :] < lengths[:, None]  # pairs within the number
    same = np.all((step == 0) | ~inside, axis=1)
    up = np.all((step == 1) | ~inside, axis=1)
    down = np.all((step == 9) | ~inside, axis=1)
    out[present] = (lengths < _MIN_DIGITS) | same | up | down
    return out


def _resolve_regions(regions: pd.Series, default: str) -> pd.Series:
    """Per-row region code, falling back to ``default`` for missing/unknown codes."""
    # Few distinct countries in any export: resolve each once, then broadcast.
    codes, uniques = pd.factorize(regions.astype(object), use_na_sentinel=False)
    resolved = np.array([None if u == UNKNOWN_REGION else _known_region(u) or default for u in uniques], dtype=object)
    return pd.Series(resolved[codes], index=regions.index, dtype=object)


def _known_region(region: object) -> str | None:
    """An ISO alpha-2 code phonenumbers has metadata for, upper-cased; else None."""
    if not isinstance(region, str):
        return None
    code = region.strip().upper()
    return code if code in phonenumbers.SUPPORTED_REGIONS else None


def _clean(text: str) -> str:
    """Trim and make Unicode spacing/dashes plain so phonenumbers can read them."""
    if not text.isascii():
        # phonenumbers skips some but not all of these (e.g. U+202F narrow
        # no-break space stops parsing), so fold every kind to ASCII.
        chars = []
        for ch in text:
            category = unicodedata.category(ch)
            if category in ("Zs", "Zl", "Zp"):
                chars.append(" ")
            elif category == "Pd":
                chars.append("-")
            elif category != "Cf":  # zero-width spaces, BOMs: drop
                chars.append(ch)
        text = "".join(chars)
    text = text.strip()
    excel = _EXCEL_FLOAT.match(text)
    return excel.group(1) if excel else text


def _parse(text: str, region: str | None) -> phonenumbers.PhoneNumber | None:
    """Parse with the region; a leading ``00`` is retried as ``+`` (IDD prefix)."""
    number = _try_parse(text, region)
    if _DOUBLE_ZERO.match(text) and (number is None or not phonenumbers.is_valid_number(number)):
        # The region's own IDD (US "011", AU "0011") was tried first above;
        # "00" then means "international" whatever the row's region.
        international = _try_parse(_DOUBLE_ZERO.sub("+", text, count=1), None)
        if international is not None:
            return international
    return number


def _try_parse(text: str, region: str | None) -> phonenumbers.PhoneNumber | None:
    try:
        return phonenumbers.parse(text, region)
    except NumberParseException:
        return None


def _is_placeholder(digits: str) -> bool:
    """True for too few digits (123), one repeated digit (0000000000) or a counting run (1234567890)."""
    if len(digits) < _MIN_DIGITS or len(set(digits)) == 1:
        return True
    return digits in _ASCENDING or digits in _DESCENDING


# Keypad letters, for vanity numbers (1-800-FLOWERS) in the match key.
_KEYPAD = str.maketrans({**{c: d for d, cs in {"2": "abc", "3": "def", "4": "ghi", "5": "jkl", "6": "mno",
                                               "7": "pqrs", "8": "tuv", "9": "wxyz"}.items() for c in cs}})
MATCH_KEY_DIGITS = 7


def phone_match_key_column(phones: pd.Series) -> pd.Series:
    """The last seven digits of each phone, '' when it has none worth comparing. Vectorised, no parsing.

    Two spellings of one number ("+1 (415) 555-0100 x12", "415.555.0100")
    always share this key, so it picks the few rows worth a full E.164 parse
    when matching records; it is not a phone number itself. Extensions, an
    Excel ``.0`` and placeholders (``0000000``, ``1234567``) are left out.
    """
    text = pc.utf8_lower(pa.array(phones.astype(object).to_numpy(), type=pa.large_string(), from_pandas=True))
    text = pc.replace_substring_regex(text, r"\s*(?:ext\.?|extension|x|#|;ext=).*$", "")
    text = pc.replace_substring_regex(text, r"^(\s*\+?\d+)\.0+\s*$", r"\1")
    vanity = np.asarray(pc.fill_null(pc.match_substring_regex(text, "[a-z]"), False))
    digits = np.asarray(pc.fill_null(pc.replace_substring_regex(text, r"\D", ""), ""), dtype=object)
    if vanity.any():  # 1-800-FLOWERS: letters are keypad digits
        digits[vanity] = [re.sub(r"\D", "", t.translate(_KEYPAD)) for t in np.asarray(text, dtype=object)[vanity]]
    codes, uniques = pd.factorize(digits)
    # The key itself is checked too: "+33 1 23 45 67 89" is the junk "01 23 45 67 89"
    # behind a country code (a real number ending in a 7-digit run loses only its key).
    keys = np.array(["" if len(d) < MATCH_KEY_DIGITS or _is_placeholder(d) or _is_placeholder(d[-MATCH_KEY_DIGITS:])
                     else d[-MATCH_KEY_DIGITS:] for d in uniques] + [""], dtype=object)
    return pd.Series(keys[codes], index=phones.index, dtype=object)

"""phonenumbers' verdict for many phone cells at once, in Arrow's regex engine (the fast path of phone.py).

``phonenumbers.parse`` + ``number_type`` cost ~50 µs per value in pure Python;
a million-row export has ~1.4 million distinct phone cells. Nearly all of
them are written in a handful of shapes: digits with spaces, dashes, dots,
slashes or brackets, with or without a leading ``+`` and country code, maybe
an ``x123`` / ``ext. 123`` extension. For those shapes this module repeats
what phonenumbers does, step for step, on whole columns: the same country
code extraction, the same national-prefix stripping, the same length tests
and the same per-region number-type patterns, taken from phonenumbers' own
metadata and run as RE2 full matches by ``pyarrow.compute``.

It answers two things only: a cell it resolves to a valid number gets that
number's E.164 form, type and extension; a cell phonenumbers would parse but
find impossible or of no type is *invalid*, with the national number it parsed
to (phone.py then tells junk from invalid by those digits). Every other cell
(another shape, a leading ``00``, fewer than three digits, the region's
international prefix, a national prefix that a transform rule rewrites, a
non-geographic code) is left for ``phonenumbers`` itself.
``tests/normalize/test_phone_bulk.py`` holds every answer to exactly
phonenumbers' verdict over generated numbers of many regions and shapes.

The functions below mirror ``phonenumbers.phonenumberutil`` (names in the
comments): ``parse`` → ``_maybe_strip_extension``, ``_maybe_extract_country_code``,
``_maybe_strip_national_prefix_carrier_code``, ``_test_number_length``;
``number_type`` → ``region_code_for_number``, ``_number_type_helper``;
``is_possible_number``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
import phonenumbers
import pyarrow as pa
import pyarrow.compute as pc
from phonenumbers import PhoneNumberType
from phonenumbers.phonemetadata import PhoneMetadata

# The shapes taken here: optional spaces, an optional "+" (then an optional "(") or "(", a digit, then digits
# and the separators people type, ending in a digit; optionally an extension " x123" / " ext. 123" (any case).
# Anything else (letters, "#", ";", commas, Unicode, a leading "00", Excel's "4155551234.0") goes to
# phonenumbers.
_MAIN = r"(?:\+\(?|\()?[0-9][0-9 ()./\-]*[0-9]"
_SHAPE = rf"^ *(?P<main>{_MAIN})(?: *(?:[xX]|[eE][xX][tT]\.?) *(?P<ext>[0-9]{{1,9}}))? *$"
_EXCEL_FLOAT = r"^ *\+?[0-9]+\.0+ *$"
_DOUBLE_ZERO = r"^ *00"
_MAX_TEXT = 64  # longer cells are not one phone number in a simple shape

_MIN_LENGTH_FOR_NSN = 2  # phonenumberutil._MIN_LENGTH_FOR_NSN
_MAX_LENGTH_FOR_NSN = 17  # phonenumberutil._MAX_LENGTH_FOR_NSN
_MIN_VIABLE_DIGITS = 3  # phonenumberutil._VALID_PHONE_NUMBER: "(?:[punctuation]*\d){3,}" (or two digits alone)

# _test_number_length results
_POSSIBLE, _LOCAL_ONLY, _TOO_SHORT, _TOO_LONG, _INVALID_LENGTH = range(5)

# _number_type_helper's order of the special types before fixed line and mobile
_SPECIAL_TYPES = (
    ("premium_rate", PhoneNumberType.PREMIUM_RATE), ("toll_free", PhoneNumberType.TOLL_FREE),
    ("shared_cost", PhoneNumberType.SHARED_COST), ("voip", PhoneNumberType.VOIP),
    ("personal_number", PhoneNumberType.PERSONAL_NUMBER), ("pager", PhoneNumberType.PAGER),
    ("uan", PhoneNumberType.UAN), ("voicemail", PhoneNumberType.VOICEMAIL),
)
UNKNOWN = PhoneNumberType.UNKNOWN


@dataclass(frozen=True)
class _Desc:
    """A PhoneNumberDesc as an anchored RE2 pattern and its possible lengths (empty: any)."""

    pattern: str | None
    lengths: tuple[int, ...]

    @classmethod
    def of(cls, desc) -> _Desc | None:  # noqa: ANN001 - phonenumbers' PhoneNumberDesc
        if desc is None:
            return None
        pattern = desc.national_number_pattern
        return cls(f"^(?:{pattern})$" if pattern else None, tuple(desc.possible_length or ()))


@dataclass(frozen=True)
class _Meta:
    """What the fast path needs of one region's PhoneMetadata."""

    region: str
    country_code: int
    general: _Desc
    general_lengths: tuple[int, ...]
    local_lengths: tuple[int, ...]
    special: tuple[tuple[int, _Desc | None], ...]
    fixed_line: _Desc | None
    mobile: _Desc | None
    same_mobile_and_fixed: bool
    idd: str | None  # international_prefix, anchored at the start
    national_prefix: str | None  # national_prefix_for_parsing as one named group, anchored at the start
    # a national_prefix_transform_rule applies only when the prefix pattern's last group takes part in the match:
    # such rows are left to phonenumbers (their "last" group is non-empty); True here leaves the whole region to it
    transform: bool
    has_last_group: bool  # national_prefix has a group named "last" (a transform region's last capturing group)
    leading_digits: str | None


@functools.cache
def _meta(region: str) -> _Meta | None:
    metadata = PhoneMetadata.metadata_for_region(region, None)
    if metadata is None:
        return None
    general = metadata.general_desc
    prefix = metadata.national_prefix_for_parsing
    rule = bool(metadata.national_prefix_transform_rule)
    last = _last_group(prefix) if rule and prefix else None
    # a last group that can match nothing would look the same as one that did not take part: not handled here
    handled = last is not None and re.fullmatch(last, "") is None
    return _Meta(
        region=region,
        country_code=int(metadata.country_code),
        general=_Desc.of(general),
        general_lengths=tuple(general.possible_length or ()),
        local_lengths=tuple(general.possible_length_local_only or ()),
        special=tuple((kind, _Desc.of(getattr(metadata, name))) for name, kind in _SPECIAL_TYPES),
        fixed_line=_Desc.of(metadata.fixed_line),
        mobile=_Desc.of(metadata.mobile),
        same_mobile_and_fixed=bool(metadata.same_mobile_and_fixed_line_pattern),
        idd=f"^(?:{metadata.international_prefix})" if metadata.international_prefix else None,
        national_prefix=f"^(?P<prefix>{_non_capturing(prefix, name_last=handled)})" if prefix else None,
        transform=rule and not handled,
        has_last_group=rule and handled,
        leading_digits=f"^(?:{metadata.leading_digits})" if metadata.leading_digits else None,
    )


def _syntax(pattern: str):  # noqa: ANN202 - a generator of (index, character)
    """The characters of a regular expression that are syntax: not escaped and not inside a ``[...]`` class."""
    escaped = in_class = False
    for i, ch in enumerate(pattern):
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        else:
            yield i, ch


def _group_starts(pattern: str) -> list[int]:
    """Where each capturing ``(`` of a regular expression is, in group-number order."""
    return [i for i, ch in _syntax(pattern) if ch == "(" and pattern[i + 1:i + 2] != "?"]


def _last_group(pattern: str) -> str | None:
    """The text of the last capturing group of ``pattern`` (the one the transform rule depends on), or None."""
    starts = _group_starts(pattern)
    if not starts:
        return None
    depth = 0
    for i, ch in _syntax(pattern):
        if i < starts[-1] or ch not in "()":
            continue
        depth += 1 if ch == "(" else -1
        if depth == 0:
            return pattern[starts[-1] + 1:i]
    return None


def _non_capturing(pattern: str, name_last: bool = False) -> str:
    """Every ``(`` group of a metadata pattern as ``(?:`` (Arrow's extract_regex takes named groups only).

    With ``name_last`` the last capturing group becomes ``(?P<last>`` instead, so a caller can see whether
    it took part in the match.
    """
    starts = _group_starts(pattern)
    last = starts[-1] if (name_last and starts) else -1
    opens = set(starts)
    return "".join(("(?P<last>" if i == last else "(?:") if i in opens else ch for i, ch in enumerate(pattern))


@functools.cache
def _main_region(country_code: int) -> str | None:
    """phonenumbers.region_code_for_country_code, None for an unknown or non-geographic code."""
    region = phonenumbers.region_code_for_country_code(country_code)
    return None if region in ("ZZ", "001") else region


# --------------------------------------------------------------------------- vectorised pieces


def _full(strings: pa.Array, desc: _Desc | None, lengths: np.ndarray) -> np.ndarray:
    """_match_national_number(..., allow_prefix_match=False) without the length test: the pattern matches whole."""
    if desc is None or desc.pattern is None or len(strings) == 0:
        return np.zeros(len(strings), dtype=bool)
    return np.asarray(pc.fill_null(pc.match_substring_regex(strings, desc.pattern), False))


def _matching_desc(strings: pa.Array, desc: _Desc | None, lengths: np.ndarray) -> np.ndarray:
    """_is_number_matching_desc: a possible length of the desc (any when it lists none) and a full match."""
    if desc is None or desc.pattern is None or len(strings) == 0:
        return np.zeros(len(strings), dtype=bool)
    ok = np.isin(lengths, desc.lengths) if desc.lengths else np.ones(len(strings), dtype=bool)
    if not ok.any():
        return ok
    rows = np.flatnonzero(ok)
    if len(rows) == len(strings):
        return _full(strings, desc, lengths)
    ok[rows] = _full(strings.take(pa.array(rows)), desc, lengths[rows])
    return ok


def _test_length(lengths: np.ndarray, meta: _Meta) -> np.ndarray:
    """_test_number_length(number, metadata) for PhoneNumberType.UNKNOWN (the general description)."""
    possible = meta.general_lengths
    out = np.full(len(lengths), _INVALID_LENGTH, dtype=np.int8)
    if not possible:
        return out
    out[np.isin(lengths, possible[1:])] = _POSSIBLE
    out[lengths > possible[-1]] = _TOO_LONG
    out[lengths < possible[0]] = _TOO_SHORT
    out[lengths == possible[0]] = _POSSIBLE
    if meta.local_lengths:
        out[np.isin(lengths, meta.local_lengths)] = _LOCAL_ONLY
    return out


def _strip_national_prefix(numbers: pa.Array, meta: _Meta) -> tuple[pa.Array, np.ndarray]:
    """_maybe_strip_national_prefix_carrier_code(number, metadata)[1], and the rows it cannot repeat.

    The second item is True where the region's transform rule applies (its prefix pattern's last group
    took part in the match): phonenumbers rewrites those numbers, so they are left to it.
    """
    unsure = np.zeros(len(numbers), dtype=bool)
    if meta.national_prefix is None or len(numbers) == 0:
        return numbers, unsure
    found = pc.extract_regex(numbers, meta.national_prefix)
    matched = np.asarray(pc.is_valid(found))
    if meta.has_last_group and matched.any():
        last = np.asarray(pc.fill_null(pc.not_equal(pc.struct_field(found, "last"), ""), False))
        unsure = matched & last
        matched &= ~last
    if not matched.any():
        return numbers, unsure
    rows = np.flatnonzero(matched)
    subset = numbers.take(pa.array(rows))
    prefix_length = pc.utf8_length(pc.struct_field(found.take(pa.array(rows)), "prefix"))
    stripped = pc.utf8_slice_codeunits(subset, pc.max(prefix_length).as_py() or 0) \
        if _all_equal(prefix_length) else _drop_heads(subset, prefix_length)
    lengths = np.asarray(pc.utf8_length(subset))
    stripped_lengths = np.asarray(pc.utf8_length(stripped))
    viable = _full(subset, meta.general, lengths)
    still = _full(stripped, meta.general, stripped_lengths)
    keep = viable & ~still  # the whole number was viable and the stripped one is not: no prefix
    result = np.asarray(numbers.to_numpy(zero_copy_only=False), dtype=object)
    taken = np.asarray(stripped.to_numpy(zero_copy_only=False), dtype=object)
    result[rows[~keep]] = taken[~keep]
    return pa.array(result, type=pa.large_string()), unsure


def _all_equal(values: pa.Array) -> bool:
    bounds = pc.min_max(values)
    return bounds["min"].as_py() == bounds["max"].as_py()


def _drop_heads(strings: pa.Array, heads: pa.Array) -> pa.Array:
    """Each string without its first ``heads[i]`` characters."""
    out = np.asarray(strings.to_numpy(zero_copy_only=False), dtype=object)
    cut = np.asarray(heads)
    for n in np.unique(cut):
        rows = np.flatnonzero(cut == n)
        out[rows] = np.asarray(pc.utf8_slice_codeunits(strings.take(pa.array(rows)), int(n))
                               .to_numpy(zero_copy_only=False), dtype=object)
    return pa.array(out, type=pa.large_string())


def _number_type(nsn: pa.Array, meta: _Meta) -> np.ndarray:
    """_number_type_helper(national_number, metadata) for every row."""
    n = len(nsn)
    lengths = np.asarray(pc.utf8_length(nsn))
    out = np.full(n, UNKNOWN, dtype=np.int8)
    open_ = _matching_desc(nsn, meta.general, lengths)
    if not open_.any():
        return out

    def test(desc: _Desc | None, mask: np.ndarray) -> np.ndarray:
        hit = np.zeros(n, dtype=bool)
        rows = np.flatnonzero(mask)
        if len(rows) and desc is not None and desc.pattern is not None:
            hit[rows] = _matching_desc(nsn.take(pa.array(rows)), desc, lengths[rows])
        return hit

    for kind, desc in meta.special:
        hit = test(desc, open_)
        out[hit] = kind
        open_ &= ~hit
    fixed = test(meta.fixed_line, open_)
    if meta.same_mobile_and_fixed:
        out[fixed] = PhoneNumberType.FIXED_LINE_OR_MOBILE
    else:
        both = test(meta.mobile, fixed)
        out[fixed & both] = PhoneNumberType.FIXED_LINE_OR_MOBILE
        out[fixed & ~both] = PhoneNumberType.FIXED_LINE
    open_ &= ~fixed
    if not meta.same_mobile_and_fixed:
        out[test(meta.mobile, open_)] = PhoneNumberType.MOBILE
    return out


def _type_for_country(nsn: pa.Array, country_code: int) -> np.ndarray:
    """phonenumbers.number_type for numbers of one calling code: region_code_for_number, then the type there."""
    regions = phonenumbers.COUNTRY_CODE_TO_REGION_CODE.get(country_code, ())
    n = len(nsn)
    if len(regions) == 1:
        meta = _meta(regions[0])
        return _number_type(nsn, meta) if meta is not None else np.full(n, UNKNOWN, dtype=np.int8)
    # _region_code_for_number_from_list: the first region whose leading digits match, or (without
    # leading digits) whose patterns give a type; no such region: UNKNOWN.
    out = np.full(n, UNKNOWN, dtype=np.int8)
    open_ = np.ones(n, dtype=bool)
    for region in regions:
        meta = _meta(region)
        rows = np.flatnonzero(open_)
        if meta is None or not len(rows):
            continue
        subset = nsn.take(pa.array(rows))
        if meta.leading_digits is not None:
            claimed = np.asarray(pc.fill_null(pc.match_substring_regex(subset, meta.leading_digits), False))
            if claimed.any():
                out[rows[claimed]] = _number_type(subset.filter(pa.array(claimed)), meta)
        else:
            kinds = _number_type(subset, meta)
            claimed = kinds != UNKNOWN
            out[rows[claimed]] = kinds[claimed]
        open_[rows[claimed]] = False
    return out


# --------------------------------------------------------------------------- the fast path


@dataclass
class BulkVerdict:
    """Per input cell: whether the fast path resolved it, and then its E.164 value, type and extension."""

    solved: np.ndarray  # bool
    e164: np.ndarray  # object: str where solved
    kind: np.ndarray  # int8 PhoneNumberType where solved
    extension: np.ndarray  # object: str or None
    national: np.ndarray  # object: the national significant number where solved or invalid
    # phonenumbers parses the cell (to ``national``) but the number is not possible or has no type: invalid
    invalid: np.ndarray  # bool


def bulk_parse(texts: pa.Array, regions: np.ndarray) -> BulkVerdict:
    """phonenumbers' verdict for the cells it can be repeated for; ``solved`` False for the rest.

    ``texts`` are raw cells (strings, nulls allowed); ``regions`` the region each is parsed with
    (``phonenumbers.parse(text, region)``: an ISO code phonenumbers supports, or None). A solved cell is
    one phonenumbers parses to a number that ``is_possible_number`` and whose ``number_type`` is not
    UNKNOWN (a valid number); its E.164 text, type and extension are exactly phonenumbers'. An
    ``invalid`` cell is one phonenumbers parses (to the national number given) but finds impossible
    or of no known type.
    """
    n = len(texts)
    texts = pc.cast(texts, pa.large_string())
    solved = np.zeros(n, dtype=bool)
    e164 = np.full(n, None, dtype=object)
    kinds = np.full(n, UNKNOWN, dtype=np.int8)
    extension = np.full(n, None, dtype=object)
    nsn_out = np.full(n, None, dtype=object)
    invalid = np.zeros(n, dtype=bool)
    if n == 0:
        return BulkVerdict(solved, e164, kinds, extension, nsn_out, invalid)
    shaped = (_np_bool(pc.less_equal(pc.utf8_length(texts), _MAX_TEXT))
              & _np_bool(pc.match_substring_regex(texts, _SHAPE))
              & ~_np_bool(pc.match_substring_regex(texts, _EXCEL_FLOAT))
              & ~_np_bool(pc.match_substring_regex(texts, _DOUBLE_ZERO)))
    rows = np.flatnonzero(shaped)
    if not len(rows):
        return BulkVerdict(solved, e164, kinds, extension, nsn_out, invalid)
    parts = pc.extract_regex(texts.take(pa.array(rows)), _SHAPE)
    main = pc.struct_field(parts, "main")
    digits = pc.replace_substring_regex(main, r"[^0-9]", "")
    # _is_viable_phone_number: two digits alone, or three and more among the punctuation; a main part
    # with fewer than three digits is left to phonenumbers (which mostly rejects it)
    viable = np.asarray(pc.greater_equal(pc.utf8_length(digits), _MIN_VIABLE_DIGITS), dtype=bool)
    if not viable.all():
        rows, keep = rows[viable], pa.array(viable)
        if not len(rows):
            return BulkVerdict(solved, e164, kinds, extension, nsn_out, invalid)
        parts, main, digits = parts.filter(keep), main.filter(keep), digits.filter(keep)
    ext = np.asarray(pc.struct_field(parts, "ext").to_numpy(zero_copy_only=False), dtype=object)
    ext[ext == ""] = None
    plus = np.asarray(pc.starts_with(main, "+"))
    row_regions = np.asarray(regions, dtype=object)[rows]

    country = np.zeros(len(rows), dtype=np.int64)  # calling code, 0 = not resolved here
    national = np.full(len(rows), None, dtype=object)
    metadata_region = np.full(len(rows), None, dtype=object)  # the metadata parse continues with
    digit_text = np.asarray(digits.to_numpy(zero_copy_only=False), dtype=object)

    # "+<country code>...": _maybe_strip_i18n_prefix_and_normalize, then _extract_country_code
    if plus.any():
        at = np.flatnonzero(plus)
        sub = pa.array(digit_text[at], type=pa.large_string())
        lengths = np.asarray(pc.utf8_length(sub))
        found = np.zeros(len(at), dtype=np.int64)
        used = np.zeros(len(at), dtype=np.int64)
        first_zero = np.asarray(pc.starts_with(sub, "0"))
        for width in (3, 2, 1):  # the shortest known code wins: later (shorter) widths overwrite
            long_enough = lengths >= width
            head = pc.utf8_slice_codeunits(sub, 0, width)
            value = np.asarray(pc.cast(pc.if_else(pa.array(long_enough), head, "0"), pa.int64()))
            # a code of this many digits ("01" is no code: rows starting with 0 are left out below)
            hit = long_enough & np.isin(value, _codes_of_width(width))
            found[hit], used[hit] = value[hit], width
        ok = (lengths > _MIN_LENGTH_FOR_NSN) & ~first_zero & (found > 0)
        distinct_codes, code_index = np.unique(found, return_inverse=True)
        main_regions = np.array([_main_region(int(c)) if c else None for c in distinct_codes],
                                dtype=object)[code_index.reshape(-1)]
        ok &= main_regions != None  # noqa: E711 - non-geographic codes (+800 ...) are left to phonenumbers
        for w in np.unique(used[ok]):
            pick = np.flatnonzero(ok & (used == w))
            rest = pc.utf8_slice_codeunits(pa.array(digit_text[at[pick]], type=pa.large_string()), int(w))
            national[at[pick]] = np.asarray(rest.to_numpy(zero_copy_only=False), dtype=object)
        country[at[ok]] = found[ok]
        metadata_region[at[ok]] = main_regions[ok]

    # no "+": the row's region; an IDD prefix is left to phonenumbers; the region's own country code
    # written without "+" is taken off when the FROM_DEFAULT_COUNTRY rule says so
    local = np.flatnonzero(~plus & (row_regions != None))  # noqa: E711
    for region, positions in _groups(row_regions[local]):
        at = local[positions]
        meta = _meta(region)
        if meta is None or meta.transform:
            continue
        sub = pa.array(digit_text[at], type=pa.large_string())
        lengths = np.asarray(pc.utf8_length(sub))
        idd = (np.array(pc.fill_null(pc.match_substring_regex(sub, meta.idd), False), dtype=bool) if meta.idd
               else np.zeros(len(at), dtype=bool))
        cc = str(meta.country_code)
        code_region = _main_region(meta.country_code)
        number = np.asarray(digit_text[at], dtype=object)
        region_of = np.full(len(at), region, dtype=object)
        with_code = np.flatnonzero(~idd & np.asarray(pc.starts_with(sub, cc)))
        if len(with_code):
            full = sub.take(pa.array(with_code))
            potential, unsure = _strip_national_prefix(pc.utf8_slice_codeunits(full, len(cc)), meta)
            full_lengths = lengths[with_code]
            better = (~_full(full, meta.general, full_lengths)
                      & _full(potential, meta.general, np.asarray(pc.utf8_length(potential))))
            better |= _test_length(full_lengths, meta) == _TOO_LONG
            take = with_code[better]
            number[take] = np.asarray(potential.to_numpy(zero_copy_only=False), dtype=object)[better]
            region_of[take] = code_region
            idd[with_code[unsure]] = True  # the transform rule rewrote it: phonenumbers reads these
        keep = ~idd
        if code_region is None:
            keep &= region_of == region
        country[at[keep]] = meta.country_code
        national[at[keep]] = number[keep]
        metadata_region[at[keep]] = region_of[keep]

    # national prefix, then the length limits of parse()
    resolved = np.flatnonzero(country > 0)
    for region, positions in _groups(metadata_region[resolved]):
        at = resolved[positions]
        meta = _meta(region)
        if meta is None or meta.transform:
            country[at] = 0
            continue
        sub = pa.array(national[at], type=pa.large_string())
        short = np.asarray(pc.utf8_length(sub)) < _MIN_LENGTH_FOR_NSN
        stripped, unsure = _strip_national_prefix(sub, meta)
        verdict = _test_length(np.asarray(pc.utf8_length(stripped)), meta)
        use = ~np.isin(verdict, (_TOO_SHORT, _LOCAL_ONLY, _INVALID_LENGTH))
        values = np.asarray(sub.to_numpy(zero_copy_only=False), dtype=object)
        values[use] = np.asarray(stripped.to_numpy(zero_copy_only=False), dtype=object)[use]
        national[at] = values
        country[at[short | unsure]] = 0
    resolved = np.flatnonzero(country > 0)
    lengths = (np.asarray(pc.utf8_length(pa.array(national[resolved], type=pa.large_string())))
               if len(resolved) else np.zeros(0, dtype=np.int64))
    resolved = resolved[(lengths >= _MIN_LENGTH_FOR_NSN) & (lengths <= _MAX_LENGTH_FOR_NSN)]

    # is_possible_number (the calling code's main region) and number_type (the number's region)
    for code, positions in _groups(country[resolved]):
        at = resolved[positions]
        main_meta = _meta(_main_region(int(code)))
        nsn = pa.array(national[at], type=pa.large_string())
        possible = np.isin(_test_length(np.asarray(pc.utf8_length(nsn)), main_meta), (_POSSIBLE, _LOCAL_ONLY))
        kind = _type_for_country(nsn, int(code))
        good = possible & (kind != UNKNOWN)
        target = rows[at[good]]
        solved[target] = True
        kinds[target] = kind[good]
        e164[target] = np.asarray(pc.binary_join_element_wise(
            pa.scalar(f"+{int(code)}", pa.large_string()), nsn.filter(pa.array(good)),
            pa.scalar("", pa.large_string())).to_numpy(zero_copy_only=False), dtype=object)
        extension[target] = ext[at[good]]
        nsn_out[target] = national[at[good]]
        failed = rows[at[~good]]
        invalid[failed] = True
        nsn_out[failed] = national[at[~good]]
    return BulkVerdict(solved, e164, kinds, extension, nsn_out, invalid)


def _np_bool(mask: pa.Array) -> np.ndarray:
    """A boolean Arrow array as numpy, null as False."""
    return np.asarray(pc.fill_null(mask, False))


def _groups(values: np.ndarray) -> list[tuple[object, np.ndarray]]:
    """Each distinct value (None left out) and the positions holding it, in one sort."""
    if not len(values):
        return []
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    order = np.argsort(codes, kind="stable")
    bounds = np.flatnonzero(np.diff(codes[order])) + 1
    groups = []
    for chunk in np.split(order, bounds):
        code = codes[chunk[0]]
        if code >= 0:
            groups.append((uniques[code], chunk))
    return groups


@functools.cache
def _codes_of_width(width: int) -> np.ndarray:
    """The calling codes phonenumbers knows (geographic or not) that have ``width`` digits."""
    return np.array(sorted(code for code in phonenumbers.COUNTRY_CODE_TO_REGION_CODE if len(str(code)) == width),
                    dtype=np.int64)

"""The phone fast path (normalize/phone_bulk.py) gives exactly phonenumbers' verdict, or leaves the cell alone.

Data Management SOP: phone in E.164. ``bulk_parse`` answers the common shapes with phonenumbers'
own metadata compiled into Arrow regex kernels; every cell it answers must get the E.164 text,
number type and extension that ``phonenumbers.parse`` + ``is_possible_number`` + ``number_type``
+ ``format_number`` give, and ``normalize_phone_column`` must give what ``normalize_phone``
gives cell by cell. Numbers are generated from phonenumbers' example numbers of many regions
and types, mutated (digits changed, added, dropped) and written in the shapes people type.
"""

from __future__ import annotations

import random

import numpy as np
import pandas as pd
import phonenumbers
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from phonenumbers import PhoneNumberFormat, PhoneNumberType

from revops_cli.normalize import phone as phone_module
from revops_cli.normalize.phone import PHONE_COLUMNS, normalize_phone, normalize_phone_column
from revops_cli.normalize.phone_bulk import bulk_parse

REGIONS = (
    "US", "GB", "DE", "FR", "IN", "BR", "JP", "AU", "NL", "IT", "ES", "MX", "CN", "RU",
    # shared calling codes (+1, +44, +7, +39, +61, +262, +590), national prefix quirks, small codes
    "CA", "PR", "AG", "JM", "GG", "JE", "IM", "KZ", "VA", "SM", "CX", "CC", "RE", "YT", "GP", "BL",
    "AR", "CI", "SE", "CH", "BE", "AT", "PL", "NZ", "ZA", "SG", "HK", "KR", "IE", "PT", "DK", "NO",
    "FI", "IL", "AE", "SA", "TR", "LU", "MC", "UZ", "EG", "NG", "KE", "PH", "ID", "VN", "TH", "CO",
)
TYPES = (
    PhoneNumberType.FIXED_LINE, PhoneNumberType.MOBILE, PhoneNumberType.TOLL_FREE, PhoneNumberType.PREMIUM_RATE,
    PhoneNumberType.SHARED_COST, PhoneNumberType.VOIP, PhoneNumberType.PERSONAL_NUMBER, PhoneNumberType.PAGER,
    PhoneNumberType.UAN, PhoneNumberType.VOICEMAIL,
)
EXTENSIONS = (" x", "x", " X ", " ext. ", " ext ", " Ext.", "ext", " EXT. ", " #", ";ext=", " extension ", " x ")
SEPARATORS = ("", " ", "-", ".", "/", " - ")


def _examples() -> list[tuple[str, str]]:
    out = []
    for region in REGIONS:
        for kind in TYPES:
            number = phonenumbers.example_number_for_type(region, kind)
            if number is not None:
                out.append((region, phonenumbers.national_significant_number(number)))
    return out


EXAMPLES = _examples()


def reference(text: str, region: str | None) -> tuple | None:
    """phonenumbers' own verdict: (E.164, type, extension) for a valid number, else None."""
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    kind = phonenumbers.number_type(number)
    if kind == PhoneNumberType.UNKNOWN:
        return None
    return phonenumbers.format_number(number, PhoneNumberFormat.E164), int(kind), number.extension or None


def spell(rng: random.Random | None, draw=None) -> tuple[str, str | None]:
    """One phone cell and the region it is read with, from a seeded RNG or a hypothesis ``draw``."""
    def pick(seq):
        return draw(st.sampled_from(seq)) if draw else rng.choice(seq)

    def chance(p):
        return draw(st.floats(0, 1)) < p if draw else rng.random() < p

    def integer(lo, hi):
        return draw(st.integers(lo, hi)) if draw else rng.randint(lo, hi)

    region, nsn = pick(EXAMPLES)
    digits = list(nsn)
    roll = integer(0, 9)
    if roll <= 4:  # a typo or a different subscriber
        for _ in range(integer(1, 4)):
            digits[integer(0, len(digits) - 1)] = str(integer(0, 9))
    elif roll == 5:  # one digit too many
        digits.insert(integer(0, len(digits)), str(integer(0, 9)))
    elif roll == 6 and len(digits) > 3:  # one too few
        digits.pop(integer(0, len(digits) - 1))
    elif roll == 7:  # much too short or too long
        digits = digits[:integer(1, 4)] if chance(0.5) else digits + [str(integer(0, 9)) for _ in range(integer(3, 12))]
    number = "".join(digits)
    code = str(phonenumbers.country_code_for_region(region))
    prefix = phonenumbers.ndd_prefix_for_region(region, True) or ""
    shape = pick(("+cc", "+cc ", "+(cc)", "00cc", "cc", "0", "trunk", "plain", "plain", "+0", "+", "(0)"))
    text = {"+cc": f"+{code}{number}", "+cc ": f"+{code} {number}", "+(cc)": f"+({code}) {number}",
            "00cc": f"00{code} {number}", "cc": f"{code}{number}", "0": f"0{number}",
            "trunk": f"{prefix}{number}", "plain": number, "+0": f"+0{number}", "+": f"+{number}",
            "(0)": f"+{code} (0){number}"}[shape]
    separator = pick(SEPARATORS)
    if separator and chance(0.8):
        spaced = []
        for i, ch in enumerate(text):
            spaced.append(ch)
            if i < len(text) - 1 and ch.isdigit() and text[i + 1].isdigit() and chance(0.25):
                spaced.append(separator)
        text = "".join(spaced)
    if chance(0.15):  # brackets round an area code
        start = 1 if text.startswith("+") else 0
        cut = integer(1, 4)
        text = f"{text[:start]}({text[start:start + cut]}) {text[start + cut:]}"
    if chance(0.2):
        text += pick(EXTENSIONS) + str(integer(0, 10 ** integer(1, 11)))
    if chance(0.05):
        text = pick((" ", "  ", "\t")) + text + pick(("", " ", "\n"))
    if chance(0.03):
        text = pick(("Tel: ", "tel:", "(", "a", "+1 ", "1-800-FLOWERS ")) + text
    row_region = region if chance(0.75) else pick(REGIONS + (None,))
    return text, row_region


def _check_against_library(cases: list[tuple[str, str | None]]) -> int:
    texts = pa.array([c[0] for c in cases], type=pa.large_string())
    regions = np.array([c[1] for c in cases], dtype=object)
    verdict = bulk_parse(texts, regions)
    for i, (text, region) in enumerate(cases):
        expected = reference(text, region)
        if verdict.solved[i]:
            got = (verdict.e164[i], int(verdict.kind[i]), verdict.extension[i])
            assert got == expected, f"{text!r} read in {region}: fast path {got}, phonenumbers {expected}"
            assert verdict.national[i] == phonenumbers.national_significant_number(phonenumbers.parse(text, region))
        if verdict.invalid[i]:
            # phonenumbers parses it, to the same national number, and does not find it valid
            assert not verdict.solved[i]
            assert expected is None, f"{text!r} read in {region}: fast path says invalid, phonenumbers {expected}"
            national = phonenumbers.national_significant_number(phonenumbers.parse(text, region))
            assert verdict.national[i] == national, f"{text!r} read in {region}: {verdict.national[i]} != {national}"
    return int(verdict.solved.sum())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.data())
def test_every_cell_the_fast_path_answers_gets_exactly_phonenumbers_verdict(data):
    cases = [spell(None, data.draw) for _ in range(data.draw(st.integers(1, 40)))]
    _check_against_library(cases)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_thousands_of_generated_numbers_agree_with_phonenumbers_and_most_valid_ones_take_the_fast_path(seed):
    rng = random.Random(seed)
    cases = [spell(rng) for _ in range(4_000)]
    solved = _check_against_library(cases)
    valid = sum(reference(t, r) is not None for t, r in cases)
    # the fast path must actually carry the load: most valid numbers in these shapes are answered in bulk
    assert solved >= 0.6 * valid


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.text(alphabet="0123456789 +-().xX/#extEXT", max_size=26),
                          st.sampled_from(REGIONS[:14] + (None,))), min_size=1, max_size=30))
def test_arbitrary_phone_like_text_is_answered_right_or_left_to_the_library(cases):
    _check_against_library(cases)


@pytest.mark.parametrize(("text", "region", "e164", "kind", "extension"), [
    ("(415) 555-0134", "US", "+14155550134", PhoneNumberType.FIXED_LINE_OR_MOBILE, None),
    ("415.555.0134 x12", "US", "+14155550134", PhoneNumberType.FIXED_LINE_OR_MOBILE, "12"),
    ("+1 800 555 0199", None, "+18005550199", PhoneNumberType.TOLL_FREE, None),
    ("+44 20 7946 0958", None, "+442079460958", PhoneNumberType.FIXED_LINE, None),
    ("020 7946 0958", "GB", "+442079460958", PhoneNumberType.FIXED_LINE, None),
    ("07400 123456", "GB", "+447400123456", PhoneNumberType.MOBILE, None),
    ("030 1234567", "DE", "+49301234567", PhoneNumberType.FIXED_LINE, None),
    ("+49 (0)30 1234567", None, "+49301234567", PhoneNumberType.FIXED_LINE, None),
    ("01 23 45 67 89", "FR", "+33123456789", PhoneNumberType.FIXED_LINE, None),
    ("06 12 34 56 78", "FR", "+33612345678", PhoneNumberType.MOBILE, None),
    ("98765 43210", "IN", "+919876543210", PhoneNumberType.MOBILE, None),
    ("(11) 91234-5678", "BR", "+5511912345678", PhoneNumberType.MOBILE, None),
    ("03-1234-5678", "JP", "+81312345678", PhoneNumberType.FIXED_LINE, None),
    ("06 1234 5678", "IT", "+390612345678", PhoneNumberType.FIXED_LINE, None),  # Italian leading zero kept
    ("(02) 9876 5432", "AU", "+61298765432", PhoneNumberType.FIXED_LINE, None),
    ("0412 345 678", "AU", "+61412345678", PhoneNumberType.MOBILE, None),
    ("06 12345678", "NL", "+31612345678", PhoneNumberType.MOBILE, None),
    ("91 123 45 67", "ES", "+34911234567", PhoneNumberType.FIXED_LINE, None),
    ("55 1234 5678", "MX", "+525512345678", PhoneNumberType.FIXED_LINE_OR_MOBILE, None),
    ("138 0013 8000", "CN", "+8613800138000", PhoneNumberType.MOBILE, None),
    ("8 (495) 123-45-67", "RU", "+74951234567", PhoneNumberType.FIXED_LINE, None),
    ("+7 912 345-67-89 ext. 7", None, "+79123456789", PhoneNumberType.MOBILE, "7"),
])
def test_common_shapes_take_the_fast_path_with_the_library_answer(text, region, e164, kind, extension):
    assert reference(text, region) == (e164, int(kind), extension)  # the case is right about phonenumbers
    verdict = bulk_parse(pa.array([text], type=pa.large_string()), np.array([region], dtype=object))
    assert verdict.solved.tolist() == [True]
    assert (verdict.e164[0], int(verdict.kind[0]), verdict.extension[0]) == (e164, int(kind), extension)


@pytest.mark.parametrize(("text", "region"), [
    ("0044 20 7946 0958", "US"),  # "00": normalize_phone retries it as "+" when the region's reading fails
    ("4155550134.0", "US"),  # Excel's float: normalize_phone takes the ".0" off first
    ("415\u2013555\u20130134", "US"),  # Unicode dash
    ("1-800-FLOWERS", "US"),  # letters
    ("011 44 20 7946 0958", "US"),  # the region's international prefix
    ("+800 1234 5678", None),  # a non-geographic calling code
    ("415-555-0134 #12", "US"),  # "#" extension
    ("", "US"), (None, "US"), ("n/a", "US"),
])
def test_other_shapes_are_left_to_the_library(text, region):
    verdict = bulk_parse(pa.array([text], type=pa.large_string()), np.array([region], dtype=object))
    assert verdict.solved.tolist() == [False]
    assert verdict.invalid.tolist() == [False]


@pytest.mark.parametrize(("text", "region", "national"), [
    ("415 555 013", "US", "415555013"),  # too short
    ("+1 415 555 01345", None, "41555501345"),  # too long
    ("+44 20 5152 3407", None, "2051523407"),  # a London number in no allocated range
    ("0121 998 6432", "GB", "1219986432"),  # the trunk 0 is taken off before the test
    ("+62 3 699 6468", None, "36996468"),
    ("1234567890", "US", "1234567890"),  # parsed; normalize_phone then calls it junk
])
def test_numbers_phonenumbers_reads_but_finds_invalid_are_answered_in_bulk(text, region, national):
    assert reference(text, region) is None
    verdict = bulk_parse(pa.array([text], type=pa.large_string()), np.array([region], dtype=object))
    assert (verdict.solved.tolist(), verdict.invalid.tolist(), verdict.national[0]) == ([False], [True], national)


def _column_without_fast_path(phones, regions, monkeypatch):
    def nothing_solved(texts, regions_):
        verdict = bulk_parse(texts[:0], regions_[:0])
        n = len(texts)
        verdict.solved = np.zeros(n, dtype=bool)
        verdict.invalid = np.zeros(n, dtype=bool)
        verdict.e164 = verdict.extension = verdict.national = np.full(n, None, dtype=object)
        verdict.kind = np.full(n, PhoneNumberType.UNKNOWN, dtype=np.int8)
        return verdict

    with monkeypatch.context() as patch:
        patch.setattr(phone_module, "bulk_parse", nothing_solved)
        return normalize_phone_column(phones, regions)


@pytest.mark.parametrize("seed", [11, 12])
def test_the_column_gives_the_same_frame_with_and_without_the_fast_path(seed, monkeypatch):
    rng = random.Random(seed)
    cases = [spell(rng) for _ in range(3_000)]
    # placeholders that are valid numbers (+1 222-222-2222, 555-234-5678) are junk, as normalize_phone says
    cases += [("+1 222-222-2222", None), ("(234) 567-8901", "US"), ("+33 1 23 45 67 89", None), ("", "US"),
              (None, "GB"), ("   ", "FR"), ("0000000000", "US"), ("+49 30 1234567", "DE")] * 3
    phones = pd.Series([c[0] for c in cases], index=range(7, 7 + 2 * len(cases), 2), dtype=object)
    regions = pd.Series([c[1] for c in cases], index=phones.index, dtype=object)
    fast = normalize_phone_column(phones, regions)
    slow = _column_without_fast_path(phones, regions, monkeypatch)
    assert fast.index.equals(phones.index)
    assert list(fast.columns) == list(PHONE_COLUMNS)
    pd.testing.assert_frame_equal(fast, slow)
    # and row by row what the per-value function says for the row's region ("+" numbers read without one)
    for (text, region), row in zip(cases[:500], fast.itertuples(index=False)):
        row_region = None if text is not None and text.lstrip().startswith("+") else (region or "US")
        assert tuple(row) == normalize_phone(text, row_region)


def test_junk_that_is_a_valid_number_is_still_flagged_junk():
    out = normalize_phone_column(pd.Series(["+1 222-222-2222", "(234) 567-8901", "+1 415 555 0134"]))
    assert out["flag"].tolist() == ["junk phone", "junk phone", None]
    assert out["value"].tolist() == ["+1 222-222-2222", "(234) 567-8901", "+14155550134"]


def test_an_arrow_backed_column_gives_the_same_as_an_object_column():
    cells = ["(415) 555-0134", None, "+44 20 7946 0958", "n/a", "(415) 555-0134", ""]
    arrow = normalize_phone_column(pd.Series(cells, dtype="str"))
    plain = normalize_phone_column(pd.Series(cells, dtype=object))
    pd.testing.assert_frame_equal(arrow, plain)
    assert arrow["value"].tolist()[:4] == ["+14155550134", None, "+442079460958", "n/a"]

"""Phones to E.164 (Lead Management SOP, Data hygiene: format phone numbers)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import phonenumbers
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from revops_cli.normalize.phone import (
    PHONE_COLUMNS,
    UNKNOWN_REGION,
    normalize_phone,
    normalize_phone_column,
)


# --- US spellings seen in CRM exports -------------------------------------

@pytest.mark.parametrize(
    ("raw", "value", "ext", "kind"),
    [
        ("(415) 555-1234", "+14155551234", None, "fixed_line_or_mobile"),
        ("415.555.1234", "+14155551234", None, "fixed_line_or_mobile"),
        ("415-555-1234", "+14155551234", None, "fixed_line_or_mobile"),
        ("4155551234", "+14155551234", None, "fixed_line_or_mobile"),
        ("1 (415) 555-1234", "+14155551234", None, "fixed_line_or_mobile"),
        ("1-415-555-1234", "+14155551234", None, "fixed_line_or_mobile"),
        ("+1.415.555.1234", "+14155551234", None, "fixed_line_or_mobile"),
        ("+1-800-555-0199", "+18005550199", None, "toll_free"),
        ("1-800-FLOWERS", "+18003569377", None, "toll_free"),
        ("tel:+14155551234", "+14155551234", None, "fixed_line_or_mobile"),
        ("Mobile: +1 415 555 1234", "+14155551234", None, "fixed_line_or_mobile"),
        ("  +14155551234 ", "+14155551234", None, "fixed_line_or_mobile"),
        ("\t(415) 555-1234\n", "+14155551234", None, "fixed_line_or_mobile"),
        # Excel stored the number as a float
        ("4155551234.0", "+14155551234", None, "fixed_line_or_mobile"),
        ("4155551234.00", "+14155551234", None, "fixed_line_or_mobile"),
        # Unicode dashes, no-break and narrow no-break spaces, zero-width space, full-width digits
        ("415\u2013555\u20111234", "+14155551234", None, "fixed_line_or_mobile"),
        ("415\u2014555\u20121234", "+14155551234", None, "fixed_line_or_mobile"),
        ("(415)\u00a0555\u00a01234", "+14155551234", None, "fixed_line_or_mobile"),
        ("415\u202f555\u202f1234", "+14155551234", None, "fixed_line_or_mobile"),
        ("415\u200b555\u200b1234", "+14155551234", None, "fixed_line_or_mobile"),
        ("\ufeff415-555-1234", "+14155551234", None, "fixed_line_or_mobile"),
        ("\uff0b\uff11 \uff14\uff11\uff15 \uff15\uff15\uff15 \uff11\uff12\uff13\uff14", "+14155551234", None, "fixed_line_or_mobile"),
        # extensions leave the value and go to their own column
        ("415-555-1234 x123", "+14155551234", "123", "fixed_line_or_mobile"),
        ("415-555-1234x123", "+14155551234", "123", "fixed_line_or_mobile"),
        ("415 555 1234 ext. 45", "+14155551234", "45", "fixed_line_or_mobile"),
        ("415 555 1234 ext 45", "+14155551234", "45", "fixed_line_or_mobile"),
        ("415-555-1234 extension 99", "+14155551234", "99", "fixed_line_or_mobile"),
        ("415-555-1234 #123", "+14155551234", "123", "fixed_line_or_mobile"),
        ("+1 415 555 1234;ext=77", "+14155551234", "77", "fixed_line_or_mobile"),
        ("(800) 555-0199 ext 9999", "+18005550199", "9999", "toll_free"),
    ],
)
def test_us_spellings_become_e164(raw, value, ext, kind):
    assert normalize_phone(raw, "US") == (value, None, "phone_e164", ext, kind)


def test_valid_e164_is_left_alone_with_no_rule():
    assert normalize_phone("+14155551234", "US") == (
        "+14155551234", None, None, None, "fixed_line_or_mobile"
    )
    # the row's region does not matter for a number with its country code
    assert normalize_phone("+442079460958", "US") == ("+442079460958", None, None, None, "fixed_line")


# --- other countries -------------------------------------------------------

@pytest.mark.parametrize(
    ("raw", "region", "value", "kind"),
    [
        # national spellings need the row's country
        ("020 7946 0958", "GB", "+442079460958", "fixed_line"),
        ("07911 123456", "GB", "+447911123456", "mobile"),
        ("2079460958", "GB", "+442079460958", "fixed_line"),  # Excel dropped the leading 0
        ("030 123456", "DE", "+4930123456", "fixed_line"),
        ("0151 23456789", "DE", "+4915123456789", "mobile"),
        ("01 42 68 53 00", "FR", "+33142685300", "fixed_line"),
        ("06 12 34 56 78", "FR", "+33612345678", "mobile"),
        ("(02) 9876 5432", "AU", "+61298765432", "fixed_line"),
        ("0412 345 678", "AU", "+61412345678", "mobile"),
        ("098450 12345", "IN", "+919845012345", "mobile"),
        ("022 2345 6789", "IN", "+912223456789", "fixed_line"),
        ("(11) 98765-4321", "BR", "+5511987654321", "mobile"),
        ("(11) 3456-7890", "BR", "+551134567890", "fixed_line"),
        ("03-1234-5678", "JP", "+81312345678", "fixed_line"),
        ("080-2345-6781", "JP", "+818023456781", "mobile"),
        # international spellings ignore the (wrong) region
        ("+44 20 7946 0958", "US", "+442079460958", "fixed_line"),
        ("+44 (0)20 7946 0958", "US", "+442079460958", "fixed_line"),
        ("(+44) 20 7946 0958", "DE", "+442079460958", "fixed_line"),
        ("+44 56 1234 5678", "US", "+445612345678", "voip"),
        ("+49 151 23456789", "US", "+4915123456789", "mobile"),
        ("+33 6 12 34 56 78", "JP", "+33612345678", "mobile"),
        ("+61 2 9876 5432", "US", "+61298765432", "fixed_line"),
        ("+91 22 2345 6789", "US", "+912223456789", "fixed_line"),
        ("+55 11 98765-4321", "US", "+5511987654321", "mobile"),
        ("+81 3-1234-5678", "US", "+81312345678", "fixed_line"),
        # "00" international prefix, whatever the region's own IDD is
        ("0049 30 123456", "US", "+4930123456", "fixed_line"),
        ("0049 30 123456", "GB", "+4930123456", "fixed_line"),
        ("0049 30 123456", None, "+4930123456", "fixed_line"),
        ("00 44 20 7946 0958", "US", "+442079460958", "fixed_line"),
        ("011 44 20 7946 0958", "US", "+442079460958", "fixed_line"),  # US IDD
        ("0011 44 20 7946 0958", "AU", "+442079460958", "fixed_line"),  # AU IDD
        # region codes tolerated in any case
        ("03-1234-5678", "jp", "+81312345678", "fixed_line"),
    ],
)
def test_international_numbers(raw, region, value, kind):
    assert normalize_phone(raw, region) == (value, None, "phone_e164", None, kind)


def test_extension_on_an_international_number():
    assert normalize_phone("0049 30 123456 x5", "US") == (
        "+4930123456", None, "phone_e164", "5", "fixed_line"
    )


# --- junk, invalid and blank ------------------------------------------------

@pytest.mark.parametrize(
    "raw",
    [
        "n/a", "N/A", "none", "None", "-", "--", ".", "000", "0", "0000000000",
        "000-000-0000", "123", "12345", "1234567890", "(123) 456-7890",
        "+1 234 567 8901", "9876543210", "1111111111", "999-999-9999",
        "+1 111 111 1111", "+1 555 555 5555", "call me", "unknown", "tbd", "TBD",
        "email only", "?", "+1", "x123", "4" * 30,
    ],
)
def test_junk_is_flagged_and_kept_as_it_was(raw):
    assert normalize_phone(raw, "US") == (raw, "junk phone", None, None, None)


@pytest.mark.parametrize(
    ("raw", "region"),
    [
        ("090-1234-5678", "JP"),  # textbook example: national digits 9012345678 count up
        ("01 23 45 67 89", "FR"),
        ("+33 1 23 45 67 89", "US"),
        ("07777 777777", "GB"),
        ("n/a", "GB"),
        ("000", None),
    ],
)
def test_junk_outside_the_us(raw, region):
    assert normalize_phone(raw, region) == (raw, "junk phone", None, None, None)


@pytest.mark.parametrize(
    ("raw", "region"),
    [
        ("555-1234", "US"),  # no area code
        ("+1 555 555 5556", "US"),  # 555 is not an area code
        ("(415) 555-123", "US"),  # a digit short
        ("+44 20 7946 095", "US"),
        ("+999 1234567", "US"),  # no such country code
        ("020 7946 0958", "US"),  # a GB number in a US row
        ("(415) 555-1234", None),  # national number, no region to read it with
        ("(415) 555-1234", "ZZ"),
        ("415-555-1234, 415-555-9999", "US"),  # two numbers in one cell
        ("4.15555E+09", "US"),  # Excel scientific notation lost digits
        ("4155551234" * 3, "US"),  # too long
        ("+1 415 555 1234 / 415 555 9999", "US"),
    ],
)
def test_invalid_numbers_are_flagged_and_kept_as_they_were(raw, region):
    assert normalize_phone(raw, region) == (raw, "invalid phone", None, None, None)


@pytest.mark.parametrize("raw", [None, "", " ", "\t\n", "\u00a0", "\u200b"])
def test_blank_is_none_and_not_flagged(raw):
    assert normalize_phone(raw, "US") == (None, None, None, None, None)


def test_excel_number_cell_that_is_not_a_string():
    assert normalize_phone(4155551234.0, "US") == (
        "+14155551234", None, "phone_e164", None, "fixed_line_or_mobile"
    )


# --- the column function -----------------------------------------------------

def test_column_result_shape_order_and_index():
    index = pd.Index([501, 7, 42, 9, 3], name="row")
    phones = pd.Series(
        ["(415) 555-1234", np.nan, "n/a", "+44 20 7946 0958 ext 9", "   "],
        index=index, dtype="str",
    )
    out = normalize_phone_column(phones)
    assert list(out.columns) == list(PHONE_COLUMNS)
    assert out.index.equals(index)
    assert out.loc[501].tolist() == ["+14155551234", None, "phone_e164", None, "fixed_line_or_mobile"]
    assert out.loc[7].tolist() == [None, None, None, None, None]
    assert out.loc[42].tolist() == ["n/a", "junk phone", None, None, None]
    assert out.loc[9].tolist() == ["+442079460958", None, "phone_e164", "9", "fixed_line"]
    assert out.loc[3].tolist() == [None, None, None, None, None]


def test_region_comes_from_the_row_and_falls_back_to_the_default():
    index = pd.Index(["a", "b", "c", "d", "e"])
    phones = pd.Series(["020 7946 0958"] * 5, index=index)
    regions = pd.Series(["GB", np.nan, "XX", "gb", ""], index=index)
    out = normalize_phone_column(phones, regions, default_region="US")
    assert out["value"].tolist() == [
        "+442079460958", "020 7946 0958", "020 7946 0958", "+442079460958", "020 7946 0958"
    ]
    assert out["flag"].tolist() == [None, "invalid phone", "invalid phone", None, "invalid phone"]

    # the same rows with GB as the configured default
    out = normalize_phone_column(phones, regions, default_region="GB")
    assert out["value"].tolist() == ["+442079460958"] * 5


def test_default_region_without_a_country_column():
    phones = pd.Series(["020 7946 0958", "(415) 555-1234", "+1 415 555 1234"])
    out = normalize_phone_column(phones, default_region="GB")
    assert out["value"].tolist() == ["+442079460958", "(415) 555-1234", "+14155551234"]
    assert out["flag"].tolist() == [None, "invalid phone", None]


def test_same_phone_in_different_countries_reads_differently():
    phones = pd.Series(["0412 345 678", "0412 345 678"])
    regions = pd.Series(["AU", "US"])
    out = normalize_phone_column(phones, regions)
    assert out["value"].tolist() == ["+61412345678", "0412 345 678"]
    assert out["flag"].tolist() == [None, "invalid phone"]


def test_bad_default_region_is_a_clear_error():
    with pytest.raises(ValueError, match="default_region"):
        normalize_phone_column(pd.Series(["415-555-1234"]), default_region="USA")


def test_regions_must_line_up_with_phones():
    with pytest.raises(ValueError, match="same index"):
        normalize_phone_column(pd.Series(["415-555-1234"], index=[1]), pd.Series(["US"], index=[2]))


def test_empty_column():
    out = normalize_phone_column(pd.Series([], dtype="str"), pd.Series([], dtype="str"))
    assert len(out) == 0
    assert list(out.columns) == list(PHONE_COLUMNS)


def test_phonenumbers_is_called_once_per_distinct_phone_and_region_only_for_what_the_bulk_path_leaves(monkeypatch):
    calls = []
    real_parse = phonenumbers.parse

    def counting_parse(*args, **kwargs):
        calls.append(args)
        return real_parse(*args, **kwargs)

    monkeypatch.setattr(phonenumbers, "parse", counting_parse)
    distinct = ["(415) 555-1234", "+44 20 7946 0958", "n/a"]
    phones = pd.Series([distinct[i % 3] for i in range(1_000)], index=range(5_000, 6_000))
    out = normalize_phone_column(phones)
    # the two valid numbers are answered in bulk from phonenumbers' metadata; "n/a" goes to the library once
    assert calls == [("n/a", "US")]
    assert out.index.equals(phones.index)
    assert out["value"].value_counts().to_dict() == {"+14155551234": 334, "+442079460958": 333, "n/a": 333}

    calls.clear()
    regions = pd.Series(["US", "GB"] * 500, index=phones.index)
    out = normalize_phone_column(phones, regions)
    # "(415) 555-1234" is valid in the US and read but invalid in GB, both in bulk; "n/a" once per region
    assert sorted(calls) == [("n/a", "GB"), ("n/a", "US")]
    assert out["flag"].value_counts().to_dict() == {"junk phone": 333, "invalid phone": 167}


# --- properties ----------------------------------------------------------------

_phoneish = st.text(alphabet="0123456789 +-().x#/", max_size=24)
_cells = st.one_of(st.none(), st.text(max_size=40), _phoneish)
_regions = st.one_of(st.none(), st.sampled_from(["US", "GB", "DE", "FR", "AU", "IN", "BR", "JP", "XX", "", "us"]))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    cells=st.lists(st.tuples(_cells, _regions), max_size=30),
    offset=st.integers(min_value=-1_000, max_value=1_000),
)
def test_column_never_raises_and_keeps_every_row(cells, offset):
    index = pd.Index(range(offset, offset + 3 * len(cells), 3))
    phones = pd.Series([c for c, _ in cells], index=index, dtype=object)
    regions = pd.Series([r for _, r in cells], index=index, dtype=object)
    out = normalize_phone_column(phones, regions)
    assert len(out) == len(cells)
    assert out.index.equals(index)
    assert list(out.columns) == list(PHONE_COLUMNS)
    for (raw, region), row in zip(cells, out.itertuples(index=False)):
        value, flag, rule = row[:3]
        if flag is not None:
            assert value == raw and rule is None  # flagged data is never changed
        if rule is not None:
            assert value.startswith("+") and value[1:].isdigit()
        # the column gives what the per-value function gives for the row's region
        row_region = region.strip().upper() if region and region.strip().upper() in phonenumbers.SUPPORTED_REGIONS else "US"
        assert tuple(row) == normalize_phone(raw, row_region)


@settings(max_examples=300, deadline=None)
@given(raw=_cells, region=_regions)
def test_normalising_twice_changes_nothing_more(raw, region):
    value, flag, _, _, kind = normalize_phone(raw, region)
    again = normalize_phone(value, region)
    assert again[0] == value
    assert again[1] == flag
    assert again[2] is None
    assert again[4] == kind


def test_a_row_whose_country_could_not_be_read_gets_no_default_region():
    # issue 17 item 9: a Palestinian number with the country "Palestinian Territory" (then unknown) became +1...
    phones = pd.Series(["02 298 2345", "415 555 0134", "+970 2 298 2345"])
    regions = pd.Series([UNKNOWN_REGION, None, UNKNOWN_REGION], dtype=object)
    out = normalize_phone_column(phones, regions, default_region="US")
    assert out["value"].tolist() == ["02 298 2345", "+14155550134", "+97022982345"]
    assert out["flag"].tolist() == ["invalid phone", None, None]

"""A column read in slices (batches) with the whole column's evidence reads as the whole column does."""

from __future__ import annotations

from itertools import pairwise

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from revops_cli.normalize.timestamps import (
    DateColumnEvidence,
    date_column_evidence,
    normalize_timestamp_column,
)

ZONES = ["UTC", "America/New_York", "Europe/Berlin"]


def merged(slices: list[list], dtype: str | type = "str") -> DateColumnEvidence:
    """The evidence of the slices one after the other, as a first pass over a file's batches gathers it."""
    evidence = DateColumnEvidence.empty()
    for cells in slices:
        evidence = evidence.merge(date_column_evidence(pd.Series(cells, dtype=dtype)))
    return evidence


# --- cells ---------------------------------------------------------------------

_TIME = st.sampled_from(["", " 9:30", " 09:30:15", " 12:05 AM", " 9:30 PM", "T02:30:00"])
_OFFSET = st.sampled_from(["", "", "Z", "+01:00", "-0500", " UTC", " PST"])
_ISO = st.builds(
    lambda date, sep, time, offset: date.isoformat().replace("-", sep) + (time + offset if time else ""),
    st.dates(min_value=pd.Timestamp("1690-01-01").date(), max_value=pd.Timestamp("2210-12-31").date()),
    st.sampled_from(["-", "-", "/", "."]),
    _TIME,
    _OFFSET,
)
# 03/04/2026 and friends: only day-first, only month-first, either, or most likely no date.
_SMALL, _LARGE = st.integers(1, 12), st.integers(13, 31)
_NUMERIC = st.builds(
    lambda pair, seps, year, pad, time: f"{pair[0]:0{pad}d}{seps[0]}{pair[1]:0{pad}d}{seps[1]}{year}{time}",
    st.one_of(
        st.tuples(_LARGE, _SMALL),
        st.tuples(_SMALL, _LARGE),
        st.tuples(_SMALL, _SMALL),
        st.tuples(st.integers(0, 40), st.integers(0, 40)),
    ),
    st.sampled_from(["//", "..", "--", "/."]),
    st.one_of(st.integers(1990, 2030), st.integers(0, 99).map(lambda y: f"{y:02d}")),
    st.sampled_from([1, 2]),
    st.sampled_from(["", " 9:30 AM", " 14:15"]),
)
_SERIAL = st.one_of(
    st.integers(45000, 46000).map(str),
    st.floats(45000, 46000).map(lambda f: f"{f:.6f}"),
    st.integers(0, 99_999).map(str),  # in Excel's range (18264-73415) or not
)
_BLANK = st.sampled_from([None, "", "  ", "\t"])
_EPOCH = st.one_of(
    st.integers(1_000_000_000, 2_000_000_000).map(str),
    st.integers(1_000_000_000_000, 2_000_000_000_000).map(str),
    st.integers(0, 99_999_999).map(lambda d: f"{d:08d}"),  # 20260304
)
_NAMED = st.builds(
    lambda day, month, year, style: style.format(d=day, m=month, y=year),
    st.integers(1, 32),
    st.sampled_from(["Mar", "March", "Sept", "Dez", "févr", "Foo"]),
    st.integers(1990, 2030),
    st.sampled_from(["{m} {d}, {y}", "{d}-{m}-{y}", "{d} {m} {y}", "Wed, {d} {m} {y} 09:30:00 +0000"]),
)
_GARBAGE = st.one_of(st.sampled_from(["n/a", "yesterday", "TBD", "-"]), st.text(max_size=12))
# Half the cells 03/04/2026-shaped, so that slices often disagree on the order (a nested
# one_of would be flattened into seven equal branches).
_OTHER = st.one_of(_ISO, _SERIAL, _BLANK, _EPOCH, _NAMED, _GARBAGE)
_CELL = st.booleans().flatmap(lambda numeric: _NUMERIC if numeric else _OTHER)
# Serial columns only arise from cells that are all serials or blank.
_COLUMN = st.one_of(st.lists(_CELL, max_size=30), st.lists(st.one_of(_SERIAL, _BLANK), max_size=12))


@st.composite
def sliced_columns(draw: st.DrawFn) -> tuple[list, list[list]]:
    """(a column, the same column cut at 0-5 random points into consecutive slices, some maybe empty)."""
    cells = draw(_COLUMN)
    cuts = sorted(draw(st.lists(st.integers(0, len(cells)), max_size=5)))
    bounds = [0, *cuts, len(cells)]
    return cells, [cells[a:b] for a, b in pairwise(bounds)]


def assert_slices_read_as_the_whole(
    cells: list, slices: list[list], timezone: str, dayfirst: bool | None, dtype: str | type
) -> None:
    evidence = merged(slices, dtype)
    whole = pd.Series(cells, dtype=dtype)
    assert evidence == date_column_evidence(whole)
    batches = pd.concat(
        [normalize_timestamp_column(pd.Series(part, dtype=dtype), timezone, dayfirst, evidence) for part in slices]
    )
    expected = normalize_timestamp_column(whole, timezone, dayfirst)
    pd.testing.assert_frame_equal(batches.reset_index(drop=True), expected.reset_index(drop=True))


@settings(max_examples=300, deadline=None)
@given(column=sliced_columns(), timezone=st.sampled_from(ZONES), dayfirst=st.sampled_from([None, True, False]))
def test_slices_with_the_merged_evidence_read_as_the_whole_column(column, timezone, dayfirst):
    cells, slices = column
    assert_slices_read_as_the_whole(cells, slices, timezone, dayfirst, "str")  # Arrow-backed, as the reader gives


@settings(max_examples=150, deadline=None)
@given(column=sliced_columns(), timezone=st.sampled_from(ZONES), dayfirst=st.sampled_from([None, True, False]))
def test_object_slices_with_the_merged_evidence_read_as_the_whole_column(column, timezone, dayfirst):
    cells, slices = column
    assert_slices_read_as_the_whole(cells, slices, timezone, dayfirst, object)


# --- examples --------------------------------------------------------------------


def test_the_decisive_cell_in_the_last_slice_orders_the_first():
    first, last = ["03/04/2026", "2026-05-01"], ["25/03/2026"]
    evidence = merged([first, last])
    assert (evidence.day_first, evidence.month_first) == (True, False)
    batch = pd.Series(first, dtype="str")
    assert normalize_timestamp_column(batch, "UTC", evidence=evidence)["value"][0] == "2026-04-03"
    assert normalize_timestamp_column(batch, "UTC")["value"][0] == "2026-03-04"  # on its own: slashes are US


def test_both_orders_over_the_slices_flag_the_cells_that_could_be_either():
    first, last = ["03/04/2026", "13/04/2026"], ["04/13/2026"]
    result = normalize_timestamp_column(pd.Series(first, dtype="str"), "UTC", evidence=merged([first, last]))
    assert result["flag"].tolist() == ["ambiguous date", None]


def test_one_text_cell_in_the_last_slice_means_no_serials():
    first, last = ["45720", "45720.5"], ["45721", "n/a"]
    evidence = merged([first, last])
    assert not evidence.all_serial
    batch = pd.Series(first, dtype="str")
    assert normalize_timestamp_column(batch, "UTC", evidence=evidence)["flag"].tolist() == ["unparsable date"] * 2
    assert normalize_timestamp_column(batch, "UTC")["value"].tolist() == ["2025-03-04", "2025-03-04T12:00:00+00:00"]


def test_a_slice_of_blanks_does_not_veto_serials():
    slices = [["45720"], [None, "  ", ""], ["45721.5"]]
    evidence = merged(slices)
    assert evidence.all_serial
    assert not date_column_evidence(pd.Series(slices[1], dtype="str")).filled
    assert evidence == date_column_evidence(pd.Series(["45720", None, "  ", "", "45721.5"], dtype="str"))
    values = [
        normalize_timestamp_column(pd.Series(cells, dtype="str"), "UTC", evidence=evidence)["value"].tolist()
        for cells in slices
    ]
    assert values == [["2025-03-04"], [None, None, None], ["2025-03-05T12:00:00+00:00"]]


def test_empty_evidence_merges_to_the_other():
    for cells in (["45720"], ["13/04/2026", "x"], [None], []):
        evidence = date_column_evidence(pd.Series(cells, dtype="str"))
        assert DateColumnEvidence.empty().merge(evidence) == evidence == evidence.merge(DateColumnEvidence.empty())
    assert date_column_evidence(pd.Series([], dtype="str")) == DateColumnEvidence.empty()

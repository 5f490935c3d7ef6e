"""A file read in batches gives read_table's frame, slice by slice, and the same ReadInfo; column detection
samples the same cells of it (columns.confirm.ColumnSampler)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from revops_cli.columns import confirm
from revops_cli.columns.confirm import ColumnSampler, sample_values, sampled_cells
from revops_cli.io.read import read_table
from revops_cli.io.stream import open_batches, text_frame
from tests.conftest import REPO, SAMPLE

CORPUS = REPO / "tests" / "fixtures" / "third_party"


def streamable(paths):
    """The files Arrow reads as read_table would (the rest: legacy encodings, a trailing delimiter on every line)."""
    return [p for p in paths if (source := open_batches(str(p))) is not None and source.scan(rows=1_000)]


FILES = streamable(sorted(SAMPLE.glob("*.csv")) + sorted(CORPUS.glob("*.csv")))


def test_most_of_the_corpus_streams():
    assert len(FILES) >= 48


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_the_batches_are_read_tables_frame(path):
    whole = read_table(path)
    source = open_batches(str(path))
    assert source.scan(rows=13)
    assert source.info.to_dict() == whole.info.to_dict()
    parts = list(source.batches(rows=13))
    assert [offset for offset, _ in parts] == list(range(0, whole.info.rows, 13))
    assert all(frame.index.equals(pd.RangeIndex(len(frame))) for _, frame in parts)
    pd.testing.assert_frame_equal(pd.concat([frame for _, frame in parts], ignore_index=True), whole.frame)


def report_export(tmp_path: Path) -> Path:
    """Title rows, quoted line breaks, NUL bytes past the first 256 KB (the sniffed part has none), a blank
    line and short footer lines, as a Salesforce report export ends."""
    path = tmp_path / "report.csv"
    nul, filler = "\x00", "x" * 120
    rows = [f'L{i},"two\nlines {i} {filler}",{nul if i >= 2990 else ""}{i}' for i in range(3000)]
    path.write_text("Pipeline report\n\nLead ID,Notes,Code\n" + "\n".join(rows)
                    + '\n\n"Grand Totals (3000 records)"\n"Copyright 2026 Acme, Inc."\n', encoding="utf-8")
    return path


def test_title_rows_a_footer_and_nuls_are_read_as_read_table_reads_them(tmp_path):
    path = report_export(tmp_path)
    whole = read_table(path)
    source = open_batches(str(path))
    assert source.scan(rows=400)
    assert source.info.rows == 3000 and source.info.footer_rows == ["Grand Totals (3000 records)",
                                                                     "Copyright 2026 Acme, Inc."]
    assert source.info.nul_bytes_dropped == 10 and source.info.title_rows == 2
    assert source.info.to_dict() == whole.info.to_dict()
    frame = pd.concat([f for _, f in source.batches(rows=400)], ignore_index=True)
    pd.testing.assert_frame_equal(frame, whole.frame)
    assert frame["Code"].iloc[-1] == "2999" and frame["Notes"].iloc[0].startswith("two\nlines 0 ")


def test_a_short_row_that_is_no_footer_is_read_whole(tmp_path):
    path = tmp_path / "short.csv"
    path.write_text("a,b,c\n" + "1,2,3\n" * 20 + "4,5\n", encoding="utf-8")
    source = open_batches(str(path))
    assert source is not None and source.scan(rows=8) is False
    assert read_table(path).frame["c"].isna().sum() == 1  # read_table pads it


def test_a_file_without_a_last_line_break_streams(tmp_path):
    path = tmp_path / "no_break.csv"
    path.write_text("a,b,c\n1,2,3\n4,5,6", encoding="utf-8")
    source = open_batches(str(path))
    assert source.scan(rows=1)
    pd.testing.assert_frame_equal(pd.concat([f for _, f in source.batches(rows=1)], ignore_index=True),
                                  read_table(path).frame)


def test_a_cut_off_last_line_is_left_to_read_table(tmp_path):
    """A short last line without a line break may be a file still being written: read_table refuses it."""
    path = tmp_path / "cut.csv"
    path.write_text("a,b,c\n1,2,3\n4,5", encoding="utf-8")
    assert open_batches(str(path)).scan(rows=1) is False


def test_a_ragged_row_says_no_in_the_first_pass(tmp_path):
    path = tmp_path / "ragged.csv"
    path.write_text("a,b\n" + "1,2\n" * 100 + "1,2,3\n", encoding="utf-8")
    source = open_batches(str(path))
    assert source is not None and source.scan(rows=10) is False


@pytest.mark.parametrize("content, suffix", [(b"a,b\n1,2\n", ".xlsx"), ("a,b\nü,2\n".encode("cp1252"), ".csv"),
                                             (b"a,b\n1,\x002\n", ".csv")])
def test_what_arrow_does_not_read_is_read_whole(tmp_path, content, suffix):
    path = tmp_path / f"file{suffix}"
    path.write_bytes(content)
    assert open_batches(str(path)) is None


cells = st.one_of(st.none(), st.just(""), st.just("  "), st.just("n/a"), st.sampled_from(["x", "y", "2026-03-01"]),
                  st.integers(0, 50).map(str))


@settings(max_examples=60, deadline=None)
@given(st.lists(cells, min_size=0, max_size=400), st.integers(1, 60), st.integers(0, 5))
def test_the_sampler_reads_what_detection_reads_of_the_whole_column(monkeypatch_values, batch, footer):
    """For any column (sparse ones too), cut in batches of any size and followed by footer rows, the
    sampler's frame gives sample_values exactly what the whole column gives."""
    values, rows = monkeypatch_values, len(monkeypatch_values)
    original = confirm.SAMPLE_ROWS
    confirm.SAMPLE_ROWS = 16  # small, so a few hundred cells take the stride and the sparse-column paths
    try:
        column = pd.Series(values, dtype="str")
        table = pa.table({"c": pa.array(values + ["Grand Totals"] * footer, type=pa.string())})
        sampler = ColumnSampler(["c"], lambda t: text_frame(t, list(t.column_names)))
        for offset in range(0, table.num_rows, batch):
            sampler.add(offset, table.slice(offset, batch))
        sample = sampler.frame(rows)["c"]
        assert sample_values(sample).to_dict() == sample_values(column).to_dict()
        assert sampled_cells(sample).tolist() == sampled_cells(column).tolist()
    finally:
        confirm.SAMPLE_ROWS = original


def test_a_big_column_is_sampled_with_a_stride_that_keeps_what_the_whole_column_keeps():
    n = 50_000
    values = np.where(np.arange(n) % 7 == 0, "2026-01-01", "x").astype(object)
    table = pa.table({"c": pa.array(values, type=pa.string())})
    sampler = ColumnSampler(["c"], lambda t: text_frame(t, list(t.column_names)))
    for offset in range(0, n, 1_234):
        sampler.add(offset, table.slice(offset, 1_234))
    assert sampler.stride <= confirm.sample_stride(n) == 16
    assert sample_values(sampler.frame(n)["c"]).to_dict() == sample_values(pd.Series(values, dtype="str")).to_dict()

"""Row-local commands run a batch of rows at a time (``--batch-rows``, or any CSV of 64 MB and more) and
write exactly what they write when they read the file whole: the output, the change log and the figures.

Each test runs the same command twice, once with ``--batch-rows 0`` (the whole file) and once in tiny
batches, and compares the bytes of everything written.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from revops_cli.cli import stream as cli_stream
from tests.conftest import SAMPLE, assert_input_error, invoke, read

AS_OF = "2026-11-20T08:00"
COMMANDS = {
    "clean": ("leads", "clean"),
    "enrich-flag": ("leads", "enrich-flag"),
    "score": ("leads", "score", "--explain", "--as-of", AS_OF),
}


def run_both(command: tuple[str, ...], source: Path, batch_rows: int, *extra: str) -> tuple[dict, dict]:
    """Run ``command`` on ``source`` whole and in batches; assert every written file is byte-identical;
    return both --json documents."""
    documents = []
    for name, rows in (("whole", 0), ("batched", batch_rows)):
        out = Path(f"{name}.csv")
        args = [*command, source, "-o", out, "--batch-rows", rows, "--json", *extra]
        if command[:2] == ("leads", "clean"):
            args += ["--changes", f"{name}_changes.csv"]
        result = invoke(*args)
        assert result.exit_code == 0, result.stderr
        documents.append(json.loads(result.stdout))
    assert Path("whole.csv").read_bytes() == Path("batched.csv").read_bytes()
    if command[:2] == ("leads", "clean"):
        assert Path("whole_changes.csv").read_bytes() == Path("batched_changes.csv").read_bytes()
    whole, batched = documents
    assert whole["streamed"] is None and batched["streamed"]["rows_per_batch"] == batch_rows
    return whole, batched


def same_figures(whole: dict, batched: dict) -> None:
    """Every figure of the two runs is the same; only the output's name and the streaming record differ."""
    for document in (whole, batched):
        for key in ("output", "changes_file", "streamed"):
            document.pop(key, None)
    assert whole == batched


@pytest.mark.parametrize("name", list(COMMANDS))
@pytest.mark.parametrize("batch_rows", [64, 499])
def test_sample_leads_in_batches_are_the_whole_run(name, batch_rows):
    whole, batched = run_both(COMMANDS[name], SAMPLE / "salesforce_leads.csv", batch_rows)
    assert whole["read"]["rows"] == 500
    same_figures(whole, batched)


def test_the_batches_are_counted_in_the_summary():
    _, batched = run_both(COMMANDS["clean"], SAMPLE / "salesforce_leads.csv", 64)
    assert batched["streamed"]["batches"] == 8  # 500 rows in batches of 64
    assert batched["streamed"]["date_columns"]["Create Date"].startswith("month-first")


def messy_export(path: Path, rows: int = 60) -> Path:
    """A report export as a CRM writes it: title rows, a BOM, quoted line breaks and commas, a cell a
    spreadsheet would run, an Excel-serial date column, a column of dates whose only day-first cell is
    in the last rows, a column with values only near the end (a sparse column), and a footer."""
    lines = ["\ufeffLeads by Owner report", "Generated for RevOps", "",
             "Lead ID,First Name,Last Name,Email,Phone,Company,Country,State,Created Date,Assigned Date,Lead Source,"
             "Notes"]
    for i in range(rows):
        day = 13 + i % 15 if i == rows - 1 else 1 + i % 12
        created = f"{day:02d}/{1 + i % 12:02d}/2026"  # 13/.. only in the last row: the column is day-first
        serial = str(45900 + i)
        source = "Webinar" if i > rows - 5 else ""
        notes = '"line one\nline two, with a comma"' if i % 9 == 0 else ("=HYPERLINK(\"x\")" if i % 11 == 0 else "")
        lines.append(f"L{i:04d},ann{i},LEE,Ann{i}@Example.COM ,+1 (415) 555-{i:04d},\"Acme {i % 5}, Inc.\","
                     f"{'USA' if i % 3 else 'Deutschland'},{'CA' if i % 3 else 'Bayern'},{created},{serial},"
                     f"{source},{notes}")
    lines += ["", "Grand Totals (60 records),,,,,,,,,,,", "Confidential - Acme Corp,,,,,,,,,,,"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("name", list(COMMANDS))
def test_a_messy_report_export_in_batches_is_the_whole_run(tmp_path, name):
    source = messy_export(tmp_path / "report.csv")
    whole, batched = run_both(COMMANDS[name], source, 4)
    assert whole["read"]["rows"] == 60 and whole["read"]["title_rows_skipped"] == 3
    assert whole["read"]["footer_rows_skipped"] == ["Grand Totals (60 records)", "Confidential - Acme Corp"]
    same_figures(whole, batched)


def test_the_first_pass_reads_a_dates_order_from_the_last_rows(tmp_path):
    """The one day-first date is in the last batch: every batch reads 03/04/2026 as 3 April, as the whole
    file does, and the summary says why."""
    source = messy_export(tmp_path / "report.csv")
    whole, batched = run_both(COMMANDS["clean"], source, 4)
    dates = batched["streamed"]["date_columns"]
    assert dates["Created Date"].startswith("day-first") and dates["Assigned Date"] == "Excel serial days"
    created = read(Path("batched.csv"))["Created Date"].tolist()
    # 03/04/2026 in the first batch is 3 April: the 13/.. cell that says so is in the last batch
    assert created[:5] == ["2026-01-01", "2026-02-02", "2026-03-03", "2026-04-04", "2026-05-05"]
    assert created[2] == "2026-03-03" and created[-1] == "2026-12-27"
    assigned = read(Path("batched.csv"))["Assigned Date"].tolist()
    assert assigned[0] == "2025-08-31" and assigned[-1] == "2025-10-29"  # serials 45900 and 45959


def test_day_first_dates_in_batches_read_day_first(tmp_path):
    source = tmp_path / "leads.csv"
    rows = ["Lead ID,Email,Created Date"] + [f"L{i},a{i}@acme.com,{'03/04/2026' if i < 9 else '25/12/2026'}"
                                             for i in range(10)]
    source.write_text("\n".join(rows) + "\n", encoding="utf-8")
    run_both(COMMANDS["clean"], source, 3)
    created = [line.split(",")[2] for line in Path("batched.csv").read_text().splitlines()[1:]]
    assert created[:9] == ["2026-04-03"] * 9 and created[9] == "2026-12-25"


def test_a_sparse_column_is_found_as_the_whole_run_finds_it(tmp_path, monkeypatch):
    """A column blank in every sampled row is judged on its first non-blank cells, wherever they are."""
    monkeypatch.setattr("revops_cli.columns.confirm.SAMPLE_ROWS", 8)
    source = tmp_path / "leads.csv"
    rows = ["Lead ID,Email,Phone"] + [f"L{i},a{i}@acme.com,{'415 555 0100' if i % 37 == 5 else ''}"
                                      for i in range(200)]
    source.write_text("\n".join(rows) + "\n", encoding="utf-8")
    whole, batched = run_both(COMMANDS["clean"], source, 9)
    assert [f["column"] for f in whole["fields"] if f["field"] == "phone"] == ["Phone"]
    same_figures(whole, batched)


def test_an_empty_export_in_batches_writes_the_header_alone(tmp_path):
    source = tmp_path / "empty.csv"
    source.write_text("Lead ID,Email,Phone,Country\n", encoding="utf-8")
    for name, command in COMMANDS.items():
        run_both(command, source, 5)
        assert Path("batched.csv").read_text(encoding="utf-8").startswith("Lead ID,Email,Phone,Country"), name


def test_a_workbook_output_reads_the_file_whole():
    result = invoke("leads", "clean", SAMPLE / "salesforce_leads.csv", "-o", "out.xlsx", "--batch-rows", "50",
                    "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["streamed"] is None


def test_a_file_in_another_encoding_reads_whole(tmp_path):
    source = tmp_path / "legacy.csv"
    source.write_bytes("Lead ID,Email,Company\nL1,a@acme.com,Müller GmbH\nL2,b@acme.com,Société Générale\n"
                       .encode("cp1252"))
    result = invoke("leads", "clean", source, "-o", "out.csv", "--batch-rows", "1", "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["streamed"] is None
    assert "Müller GmbH" in Path("out.csv").read_text(encoding="utf-8")


def test_a_ragged_row_far_down_is_refused_as_the_whole_run_refuses_it(tmp_path):
    """Arrow refuses the row in the first pass; the command reads the file the careful way, which names the
    line; nothing is written."""
    source = tmp_path / "leads.csv"
    rows = ["Lead ID,Email,Company"] + [f"L{i},a{i}@acme.com,Acme" for i in range(50)] + ["L50,x@acme.com,Acme,Inc"]
    source.write_text("\n".join(rows) + "\n", encoding="utf-8")
    for rows_per_batch in ("0", "7"):
        result = invoke("leads", "clean", source, "-o", "out.csv", "--batch-rows", rows_per_batch)
        assert_input_error(result, "line 52 has 4 fields")
        assert not Path("out.csv").exists()


def test_a_failed_batch_leaves_no_output_and_no_temp_file(tmp_path, monkeypatch):
    """A batch that fails half-way (here: the disk fills) leaves the old output as it was, and no temp file."""
    source = messy_export(tmp_path / "report.csv")
    Path("out.csv").write_text("the old output\n", encoding="utf-8")
    from revops_cli.io import write as io_write

    calls = {"n": 0}
    original = io_write._write_rows

    def fill_the_disk(handle, frame, header, sep, progress=None):  # noqa: ANN001, ANN202
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError(28, "No space left on device")
        return original(handle, frame, header, sep, progress)

    monkeypatch.setattr(io_write, "_write_rows", fill_the_disk)
    result = invoke("leads", "clean", source, "-o", "out.csv", "--batch-rows", "10")
    assert_input_error(result, "out.csv: could not be written: there is no space left")
    assert Path("out.csv").read_text(encoding="utf-8") == "the old output\n"
    assert [p.name for p in Path(".").iterdir() if p.name.startswith(".out.csv")] == []


def test_big_files_stream_by_default_and_small_ones_do_not(tmp_path, monkeypatch):
    source = messy_export(tmp_path / "report.csv")
    assert not cli_stream.wants_stream(str(source), "out.csv", None)
    monkeypatch.setattr(cli_stream, "STREAM_MIN_BYTES", 100)
    assert cli_stream.wants_stream(str(source), "out.csv", None)
    assert not cli_stream.wants_stream(str(source), "out.csv", 0)
    assert not cli_stream.wants_stream(str(source), "out.xlsx", None)
    assert not cli_stream.wants_stream(str(source), "-", None)
    result = invoke("leads", "clean", source, "-o", "out.csv", "--json")
    assert json.loads(result.stdout)["streamed"]["rows_per_batch"] == 200_000


def test_batch_rows_must_not_be_negative(leads_csv):
    result = invoke("leads", "clean", leads_csv, "-o", "out.csv", "--batch-rows", "-1")
    assert result.exit_code == 2 and "--batch-rows" in result.stderr
    assert not Path("out.csv").exists()

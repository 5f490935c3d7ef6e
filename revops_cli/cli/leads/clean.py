"""`revops leads clean` and `revops leads enrich-flag`: Lead Management SOP 2, hygiene and enrichment."""

from __future__ import annotations

from typing import Annotated, Optional

import pandas as pd
import typer

from revops_cli.cli.common import Run, check_default_region, main_input, read_input, rows_text, start, write_output
from revops_cli.cli.stream import StreamedInput, StreamedLog, open_streamed, stream_summary, write_streamed
from revops_cli.cli.options import (
    BatchRowsOption,
    LeadsInputOption,
    ConfigOption,
    DefaultRegionOption,
    InputArgument,
    JsonOption,
    MapOption,
    OutputOption,
    QuietOption,
    SheetOption,
)
from revops_cli.core.leads.clean import (
    CHANGE_LOG_COLUMNS,
    CLEAN_STEPS,
    CleanCounts,
    CleanResult,
    clean_leads,
    parse_only,
)
from revops_cli.core.leads.enrich import EnrichResult, flag_enrichment
from revops_cli.core.metrics import percent
from revops_cli.io.formula_guard import guarded_cells
from revops_cli.io.read import Table
from revops_cli.io.write import (
    SPREADSHEET_FORMATS,
    check_output_path,
    output_format,
    output_headers,
)
from revops_cli.render import simple_table


def clean(
    output: OutputOption,
    file: InputArgument = None,
    leads_file: LeadsInputOption = None,
    changes: Annotated[Optional[str], typer.Option(
        "--changes", metavar="CHANGES", help="Also write one row per changed cell: row, id, column, old, new, rule.",
        show_default=False)] = None,
    default_region: DefaultRegionOption = None,
    only: Annotated[Optional[str], typer.Option(
        "--only", metavar="STEPS", help=f"Clean only these, comma-separated: {', '.join(CLEAN_STEPS)}.",
        show_default=False)] = None,
    sheet: SheetOption = None,
    map_: MapOption = None,
    batch_rows: BatchRowsOption = None,
    config: ConfigOption = None,
    json_: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Standardise phones, countries, states, emails, names, companies, titles, industries and dates.

    Phones to E.164, countries to ISO codes, states to ISO 3166-2 codes, industries to NAICS
    sectors, company size and dates to plain numbers and ISO 8601, in place under the
    original headers.

    Values that cannot be fixed are left as they were and listed in **revops_issues**;
    added columns (`revops_*`) go after the originals. The input file is never changed.

    **Example**: revops leads clean sample_data/salesforce_leads.csv -o clean.csv --changes changes.csv
    """
    file = main_input(file, leads_file, "--leads")
    steps = parse_only(only)
    check_default_region(default_region)
    run = start(config=config, json_mode=json_, quiet=quiet, data_on_stdout=output == "-")
    check_output_path(output, [file])
    if changes:
        check_output_path(changes, [file, output])
    with run.reporter.live():
        streamed = open_streamed(run, file, output=output, batch_rows=batch_rows, map_options=map_, sheet=sheet)
        if streamed is not None:
            table = streamed.table
            counts = _clean_streamed(run, streamed, output, changes, steps=steps, default_region=default_region)
        else:
            table, counts = _clean_whole(run, file, output, changes, steps=steps, default_region=default_region,
                                         sheet=sheet, map_=map_)

    summary = {"input": file, "output": output, "changes_file": changes, "read": table.info.to_dict(),
               **stream_summary(streamed), **counts.summary()}
    report = run.reporter
    report.table(simple_table(
        f"leads clean: {file} → {output}",
        ["field", "column", "changed", "already clean", "flagged", "blank"],
        [(f.field, f.column, f.changed, f.clean, f.flagged, f.blank) for f in counts.fields],
        justify=["left", "left", "right", "right", "right", "right"],
    ))
    report.line(
        f"{rows_text(counts.rows)} in, {rows_text(counts.rows)} out; {counts.cells_changed:,} cells changed; "
        f"{rows_text(counts.rows_with_issues)} with issues ({percent(counts.rows_with_issues, counts.rows) or 0}%) "
        f"listed in revops_issues."
        + (f" Country inferred from state for {rows_text(counts.countries_inferred)}." if counts.countries_inferred else "")
    )
    not_cleaned = [s for s in steps if not any(f.step == s for f in counts.fields)]
    if not_cleaned and only is not None:
        report.line(f"No column found for: {', '.join(not_cleaned)} (see `revops inspect`, or use --map).", style="yellow")
    report.json(summary)


def _clean_whole(run: Run, file: str, output: str, changes: str | None, *, steps: tuple[str, ...],
                 default_region: str | None, sheet: str | None, map_: list[str] | None) -> tuple[Table, CleanCounts]:
    """Read the whole file, clean it, write the output (and the change log)."""
    table, mapping = read_input(run, file, sheet=sheet, map_options=map_)
    rows = pd.Series(table.frame.index + table.info.first_data_row, index=table.frame.index)
    result = clean_leads(table.frame, mapping, run.config, steps=steps, default_region=default_region,
                         row_numbers=rows, headers=table.header_map, progress=run.reporter.steps("cleaning"))
    # the input's cells are in the cleaned frame or the change log now: let go of the columns it replaced
    # (only the column names are read from here on) before the output is built
    table.frame = table.frame.iloc[:0]
    headers = output_headers(table.info.headers, result.frame)
    ids = result.frame[mapping.fields["lead_id"]] if mapping.get("lead_id") else None
    result.changes = with_writer_changes(result.changes, result.frame, headers, rows, ids, output)
    write_output(run, result.frame, output, table=table, mapping=mapping, headers=headers, inputs=[file],
                 cleaned=True)
    if changes:
        write_output(run, result.changes, changes, inputs=[file])
    counts = CleanCounts()
    counts.add(result)
    return table, counts


def _clean_streamed(run: Run, streamed: StreamedInput, output: str, changes: str | None, *,
                    steps: tuple[str, ...], default_region: str | None) -> CleanCounts:
    """Clean and write the file a batch at a time (:mod:`revops_cli.cli.stream`): the same output, change
    log and figures as :func:`_clean_whole`, in the memory of one batch."""
    table, mapping = streamed.table, streamed.mapping
    counts = CleanCounts()

    def clean_batch(offset: int, frame: pd.DataFrame) -> CleanResult:
        rows = pd.Series(frame.index + offset + table.info.first_data_row, index=frame.index)
        result = clean_leads(frame, mapping, run.config, steps=steps, default_region=default_region,
                             row_numbers=rows, headers=table.header_map)
        headers = output_headers(table.info.headers, result.frame)
        ids = result.frame[mapping.fields["lead_id"]] if mapping.get("lead_id") else None
        result.changes = with_writer_changes(result.changes, result.frame, headers, rows, ids, output)
        counts.add(result)
        return result

    log = (StreamedLog(changes, list(CHANGE_LOG_COLUMNS), lambda result: result.changes[list(CHANGE_LOG_COLUMNS)])
           if changes else None)
    write_streamed(run, streamed, output, clean_batch, step="cleaning", log=log)
    return counts


def with_writer_changes(changes: pd.DataFrame, frame: pd.DataFrame, headers: list[str], rows: pd.Series,
                        ids: pd.Series | None, dest: str) -> pd.DataFrame:
    """The change log plus one row per cell the writer changes in ``dest`` (rule ``formula_guard``).

    CSV, TSV and XLSX output puts a ``'`` before a cell a spreadsheet would run as a formula
    (:func:`~revops_cli.io.formula_guard.neutralise_formulas`); that is a change to the cell too,
    so ``--changes`` lists it, in the order of the rows and columns of the output.
    """
    if output_format(dest) not in SPREADSHEET_FORMATS:
        return changes
    parts = []
    for position, mask in guarded_cells(frame):
        old = frame.iloc[:, position][mask].astype("str")
        parts.append(pd.DataFrame({
            "row": rows.reindex(old.index).to_numpy(), "id": ids[mask].to_numpy() if ids is not None else pd.NA,
            "column": headers[position], "old": old.to_numpy(), "new": ("'" + old).to_numpy(),
            "rule": "formula_guard", "_col": position}))
    if not parts:
        return changes
    order = {header: i for i, header in enumerate(headers)}
    logged = changes.assign(_col=changes["column"].map(order)) if len(changes) else None
    combined = pd.concat([p for p in (logged, *parts) if p is not None], ignore_index=True)
    return (combined.sort_values(["row", "_col"], kind="stable").drop(columns="_col")
            .reset_index(drop=True)[list(CHANGE_LOG_COLUMNS)])


def enrich_flag(
    output: OutputOption,
    file: InputArgument = None,
    leads_file: LeadsInputOption = None,
    sheet: SheetOption = None,
    map_: MapOption = None,
    batch_rows: BatchRowsOption = None,
    config: ConfigOption = None,
    json_: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Sort leads into enrich / manual research / suppress and measure required-field completion.

    Corporate email domain: **enrich**; free/webmail domain, no or invalid email:
    **manual_research**; disposable domain or role mailbox (info@): **suppress**.
    Adds revops_enrich, revops_enrich_reason, revops_missing and revops_completeness, and
    reports each required field's completion against the SOP's 95% standard ([enrich] in revops.toml).

    **Example**: revops leads enrich-flag clean.csv -o triaged.csv
    """
    file = main_input(file, leads_file, "--leads")
    run = start(config=config, json_mode=json_, quiet=quiet, data_on_stdout=output == "-")
    check_output_path(output, [file])
    with run.reporter.live():
        streamed = open_streamed(run, file, output=output, batch_rows=batch_rows, map_options=map_, sheet=sheet)
        if streamed is not None:
            table = streamed.table
            result = write_streamed(run, streamed, output, lambda _offset, frame: flag_enrichment(
                frame, streamed.mapping, run.config), step="flagging for enrichment", combine=EnrichResult.add)
        else:
            table, mapping = read_input(run, file, sheet=sheet, map_options=map_)
            run.reporter.step("flagging for enrichment")
            result = flag_enrichment(table.frame, mapping, run.config)
            write_output(run, result.frame, output, table=table, mapping=mapping, inputs=[file])

    report = run.reporter
    rows = result.rows
    report.table(simple_table(
        "Enrichment buckets", ["bucket", "rows", "share"],
        [(name, count, f"{percent(count, rows) or 0:.1f}%") for name, count in result.buckets.items()],
        justify=["left", "right", "right"],
    ))
    report.table(simple_table(
        "Required fields (Lead Management SOP, Lead Enrichment)", ["field", "column", "filled", "complete", "counts"],
        [(f.field, f.column or "(not in file)", f.filled, f"{f.percent or 0:.1f}%",
          "yes" if f.counts_toward_completion else "if available") for f in result.fields],
        justify=["left", "left", "right", "right", "left"],
    ))
    if result.completion is not None:
        verdict = "meets" if result.meets_target else "BELOW"
        report.line(f"Field completion {result.completion:.1f}% — {verdict} the {result.target:g}% standard. "
                    f"{rows_text(rows)} in, {rows_text(rows)} out.", style=None if result.meets_target else "bold red")
    report.json({"input": file, "output": output, "read": table.info.to_dict(), **stream_summary(streamed),
                 **result.summary()})

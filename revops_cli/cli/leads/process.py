"""`revops leads process`: the whole Lead Management SOP in one run (clean → dedupe → enrich-flag → score → route)."""

from __future__ import annotations

from typing import Annotated, Optional

import pandas as pd
import typer

from revops_cli.cli.common import (
    main_input,
    Run,
    check_default_region,
    parse_now,
    read_exports,
    read_input,
    rows_text,
    start,
    write_output,
)
from revops_cli.cli.leads.clean import with_writer_changes
from revops_cli.cli.leads.dedupe import sibling_path, split_accounts_text
from revops_cli.cli.leads.route import (
    read_route_state,
    roster_exports,
    roster_files,
    save_route_state,
    state_lock,
)
from revops_cli.cli.options import (
    LeadsInputOption,
    AsOfOption,
    ActivitiesOption,
    ConfigOption,
    DefaultRegionOption,
    InputArgument,
    JsonOption,
    MapOption,
    OutputOption,
    QuietOption,
    ReassignOption,
    RepsOption,
    SheetOption,
    StateOption,
    TerritoriesOption,
)
from revops_cli.core.leads.dedupe import LOG_COLUMNS, without_added_columns
from revops_cli.core.leads.pipeline import ProcessResult, process_leads
from revops_cli.errors import RevopsInputError
from revops_cli.io.write import check_output_path, output_headers
from revops_cli.render import simple_table


def process(
    output: OutputOption,
    file: InputArgument = None,
    leads_file: LeadsInputOption = None,
    reps: RepsOption = None,
    territories: TerritoriesOption = None,
    activities: ActivitiesOption = None,
    accounts: Annotated[Optional[str], typer.Option(
        "--accounts", metavar="ACCOUNTS", show_default=False,
        help="Account export: associate each lead with an account (else leads are grouped among themselves); "
             "its names also count as target accounts only if listed in scoring.target_accounts.")] = None,
    log: Annotated[Optional[str], typer.Option(
        "--log", metavar="MERGES", show_default=False,
        help="Merge log of the dedupe step (default: OUT's name + _merges.csv); `revops leads unmerge` reads it.")] = None,
    changes: Annotated[Optional[str], typer.Option(
        "--changes", metavar="CHANGES", show_default=False,
        help="Also write the clean step's change log: one row per changed cell (row, id, column, old, new, rule).")] = None,
    review: Annotated[Optional[str], typer.Option(
        "--review", metavar="PAIRS", show_default=False,
        help="Also write the dedupe step's pairs for review (similar, but not enough to merge) to this file, "
             "as `leads dedupe --review` does.")] = None,
    state: StateOption = None,
    as_of: AsOfOption = None,
    reassign: ReassignOption = False,
    explain: Annotated[bool, typer.Option("--explain", help="Add revops_score_reasons.")] = False,
    default_region: DefaultRegionOption = None,
    sheet: SheetOption = None,
    map_: MapOption = None,
    config: ConfigOption = None,
    json_: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """The whole Lead Management SOP in one run: clean → dedupe → enrich-flag → score → route.

    One output (every surviving lead with the columns of each step) plus the merge log
    (the merged records as cleaned; --changes keeps each cell's value before cleaning;
    --review lists the pairs that were similar but not merged); one summary. The input
    file is never changed.

    **Example**: revops leads process sample_data/salesforce_leads.csv -o processed.csv --reps sample_data/reps.csv --territories sample_data/territories.csv --activities sample_data/engagement.csv
    """
    file = main_input(file, leads_file, "--leads")
    check_default_region(default_region)
    if output == "-" and log is None:
        raise RevopsInputError("With -o - give --log MERGES too: the merged records go there, and nowhere else.")
    log = log or sibling_path(output, "_merges.csv")
    run = start(config=config, json_mode=json_, quiet=quiet, data_on_stdout=output == "-")
    reps_path, territories_path = roster_files(run, reps, territories)
    inputs = [file, reps_path, *[f for f in (territories_path, accounts) if f], *(activities or [])]
    check_output_path(output, inputs)
    written = [output, log]
    check_output_path(log, inputs + [output])
    for extra in [f for f in (changes, review, state) if f]:
        check_output_path(extra, inputs + written)
        written.append(extra)
    moment = parse_now(as_of, run.config)

    with run.reporter.live():
        table, mapping = read_input(run, file, sheet=sheet, map_options=map_)
        frame, headers = without_added_columns(table.frame, table.header_map, table.info.headers)
        reps_export, territories_export = roster_exports(run, reps_path, territories_path)
        account_export = read_exports(run, [accounts], schema="accounts")[0] if accounts else None
        activity_exports = read_exports(run, activities or [], schema="activities")
        rows = pd.Series(frame.index + table.info.first_data_row, index=frame.index)
        with state_lock(state, False, run.config.general.lock_wait_seconds):
            result = process_leads(frame, mapping, run.config, reps=reps_export, territories=territories_export,
                                   activities=activity_exports, accounts=account_export,
                                   state=read_route_state(state), now=moment, reassign=reassign, explain=explain,
                                   default_region=default_region, row_numbers=rows, headers=table.header_map,
                                   progress=run.reporter.steps())
            out_headers = output_headers(headers, result.frame)
            out_rows = pd.Series(pd.to_numeric(result.frame["revops_row"]).to_numpy(), index=result.frame.index)
            out_ids = result.frame[mapping.fields["lead_id"]] if mapping.get("lead_id") else None
            result.cleaned.changes = with_writer_changes(result.cleaned.changes, result.frame, out_headers, out_rows,
                                                         out_ids, output)
            write_output(run, result.frame, output, table=table, mapping=mapping, headers=out_headers,
                         inputs=inputs, cleaned=True)
            log_records = result.deduped.log.iloc[:, len(LOG_COLUMNS):]  # the merged records, as cleaned
            write_output(run, result.deduped.log, log, table=table,
                         headers=[*LOG_COLUMNS, *output_headers(headers, log_records)], inputs=inputs)
            if changes:
                write_output(run, result.cleaned.changes, changes, inputs=inputs)
            if review:
                write_output(run, result.deduped.review, review, inputs=inputs)
            save_route_state(state, result.routed.state)
    _report_process(run, result, file=file, output=output, log=log, state=state, review=review)
    run.reporter.json({"input": file, "output": output, "log": log, "changes_file": changes, "review_file": review,
                       "now": moment.isoformat(), "read": table.info.to_dict(), **result.summary()})


def _report_process(run: Run, result: ProcessResult, *, file: str, output: str, log: str, state: str | None,
                    review: str | None) -> None:
    cleaned, deduped, enriched, scored, routed = (result.cleaned, result.deduped, result.enriched, result.scored,
                                                  result.routed)
    rows_in, rows_out = deduped.rows_in, len(routed.frame)
    lines = [
        ("clean", f"{len(cleaned.changes):,} cells standardised; {cleaned.rows_with_issues:,} rows with issues"),
        ("dedupe", f"{deduped.merged:,} duplicates merged into {deduped.clusters:,} survivors "
                   + (f"({deduped.duplicate_rate:.1f}% vs the {deduped.target:g}% target); "
                      if deduped.duplicate_rate is not None else "(duplicate rate not measured: no data rows); ")
                   + f"{len(deduped.review):,} pairs for review"
                   + (f" (in {review})" if review else " (--review PAIRS writes them)" if len(deduped.review) else "")),
        ("enrich-flag", ", ".join(f"{name} {count:,}" for name, count in enriched.buckets.items())
         + (f"; field completion {enriched.completion:.1f}% vs {enriched.target:g}%"
            if enriched.completion is not None else "")),
        ("score", ", ".join(f"{name} {count:,}" for name, count in scored.band_counts.items())),
        ("route", ", ".join(f"{queue} {count:,}" for queue, count in routed.by_queue.items())
         + f"; {routed.escalations:,} escalated; {routed.kept_owner:,} kept their owner"),
    ]
    run.reporter.table(simple_table(f"leads process: {file} → {output}", ["step", "result"], lines))
    if result.accounts.split:
        run.reporter.line(split_accounts_text(result.accounts, run.config.dedupe.account_max_names), style="yellow")
    run.reporter.line(f"{rows_text(rows_in)} in, {rows_text(rows_out)} out; merged records are in {log}."
                      + ("" if state else " Round robin not saved: give --state FILE to carry it to the next run."))

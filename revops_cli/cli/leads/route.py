"""`revops leads route`: Lead Management SOP 4. Lead Routing (and 5. Nurturing for the leads it does not assign)."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Annotated, Optional

import typer

from revops_cli.cli.common import (
    main_input,
    Run,
    beside_config,
    parse_now,
    read_exports,
    read_input,
    rows_text,
    start,
    write_output,
)
from revops_cli.cli.options import (
    BatchRowsOption,
    LeadsInputOption,
    AsOfOption,
    ConfigOption,
    InputArgument,
    JsonOption,
    MapOption,
    QuietOption,
    ReassignOption,
    RepsOption,
    SheetOption,
    StateOption,
    TerritoriesOption,
)
from revops_cli.cli.stream import StreamedInput, open_streamed, stream_summary, write_streamed
from revops_cli.columns import ColumnMapping, MappedFrame
from revops_cli.core.leads.routing import ROUTE_BLOCK_ROWS, RouteResult, RouteRun, RouteState
from revops_cli.core.metrics import percent
from revops_cli.errors import RevopsInputError
from revops_cli.io.read import Table
from revops_cli.io.state import LOCK_TIMEOUT_SECONDS, load_state, locked_state, save_state
from revops_cli.io.write import check_output_path
from revops_cli.render import simple_table


def route(
    file: InputArgument = None,
    leads_file: LeadsInputOption = None,
    output: Annotated[Optional[str], typer.Option(
        "--output", "-o", metavar="OUT", show_default=False,
        help="Where to write the routed leads (.csv .tsv .xlsx .json .jsonl .parquet, - for stdout). "
             "Not needed with --dry-run.")] = None,
    reps: RepsOption = None,
    territories: TerritoriesOption = None,
    state: StateOption = None,
    as_of: AsOfOption = None,
    reassign: ReassignOption = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show the assignments; write nothing, advance nothing.")] = False,
    sheet: SheetOption = None,
    map_: MapOption = None,
    batch_rows: BatchRowsOption = None,
    config: ConfigOption = None,
    json_: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Route scored leads: queue, territory, rep (round robin), alert, SLA deadline and nurture track.

    ≥80 senior rep (SMS + Email, 5 minutes); 60-79 sales rep by round robin (Email, 1 hour);
    40-59 SDR queue (24 hours); below 40 marketing nurture. Territory first (named accounts,
    geography, industry, company size), then weighted round robin among the territory's
    active reps under capacity; no eligible rep → the sales manager, with the reason.
    Leads are decided 200,000 at a time (--batch-rows N: N at a time), in file order; capacity
    and the round robin carry over from one block to the next.

    **Example**: revops leads route scored.csv -o routed.csv --reps reps.csv --territories territories.csv --state route-state.json --as-of 2026-11-20T08:00
    """
    file = main_input(file, leads_file, "--leads")
    if output is None and not dry_run:
        raise RevopsInputError("Give -o OUT for the routed leads (or --dry-run to only see the assignments).")
    run = start(config=config, json_mode=json_, quiet=quiet, data_on_stdout=output == "-")
    reps_path, territories_path = roster_files(run, reps, territories)
    inputs = [file, reps_path, *([territories_path] if territories_path else [])]
    if output and not dry_run:
        check_output_path(output, inputs)
    if state and not dry_run:
        check_output_path(state, inputs + ([output] if output else []))
    moment = parse_now(as_of, run.config)
    with run.reporter.live():
        streamed, table, mapping = _read_leads(run, file, output=output, batch_rows=batch_rows, map_=map_,
                                               sheet=sheet, dry_run=dry_run)
        reps_export, territories_export = roster_exports(run, reps_path, territories_path)
        with state_lock(state, dry_run, run.config.general.lock_wait_seconds):
            # the blocks are the batches, so a streamed run decides as the same file read whole
            route_run = RouteRun.from_exports(
                mapping, run.config, reps_export, territories_export, state=read_route_state(state), now=moment,
                reassign=reassign, block_rows=streamed.batch_rows if streamed else batch_rows or ROUTE_BLOCK_ROWS)
            if streamed is not None:
                result = _route_streamed(run, streamed, route_run, output)
            else:
                run.reporter.step("routing")
                result = route_run.route_frame(table.frame)
                if not dry_run:
                    write_output(run, result.frame, output, table=table, mapping=mapping, inputs=inputs)
            if not dry_run:
                save_route_state(state, result.state)
    _report_route(run, result, title=f"leads route: {file}" + (f" → {output}" if output and not dry_run
                                                               else " (dry run: nothing written)"),
                  dry_run=dry_run, state=state)
    run.reporter.json({"input": file, "output": None if dry_run else output, "reps": reps_path,
                       "territories": territories_path, "state": state, "dry_run": dry_run,
                       "now": moment.isoformat(), "read": table.info.to_dict(), **stream_summary(streamed),
                       **result.summary()})


def _read_leads(run: Run, file: str, *, output: str | None, batch_rows: int | None, map_: list[str] | None,
                sheet: str | None, dry_run: bool) -> tuple[StreamedInput | None, Table, ColumnMapping]:
    """The leads, opened for batches when the file streams, else read whole: always on a dry run, which
    shows the first routed leads of ``result.frame``."""
    streamed = None if dry_run else open_streamed(run, file, output=output, batch_rows=batch_rows,
                                                  map_options=map_, sheet=sheet)
    if streamed is not None:
        return streamed, streamed.table, streamed.mapping
    return None, *read_input(run, file, sheet=sheet, map_options=map_)


def _route_streamed(run: Run, streamed: StreamedInput, route_run: RouteRun, output: str) -> RouteResult:
    """Route a file batch by batch: a pass counting what routing needs of every lead first (the load from
    the input), then the routing pass writing each batch as it is routed; the run's result."""
    if route_run.needs_count:
        _count_input(run, streamed, route_run)
    # the run keeps the totals: nothing to fold batch by batch
    write_streamed(run, streamed, output, lambda _offset, frame: route_run.route_rows(frame), step="routing")
    return route_run.result()


def _count_input(run: Run, streamed: StreamedInput, route_run: RouteRun) -> None:
    """The counting pass (its own function, so its last batch is not held through the routing pass)."""
    progress = run.reporter.rows(f"counting owned leads · {Path(streamed.table.info.source).name}")
    for offset, frame in streamed.batches():
        route_run.count_input(frame)
        progress(offset + len(frame), streamed.rows)


def roster_files(run: Run, reps: str | None, territories: str | None) -> tuple[str, str | None]:
    """--reps (required, else routing.reps_file next to revops.toml) and --territories (optional, likewise)."""
    reps_path = beside_config(run, reps, run.config.routing.reps_file)
    if reps_path is None:
        raise RevopsInputError("Give --reps REPS (the rep roster: name, role, territory, ...); "
                               "`revops init` writes an example reps.csv.")
    return reps_path, beside_config(run, territories, run.config.routing.territories_file)


def roster_exports(run: Run, reps_path: str, territories_path: str | None) -> tuple[MappedFrame, MappedFrame | None]:
    """The roster and the territory table as read."""
    reps_export, = read_exports(run, [reps_path], schema="reps")
    territories_export = read_exports(run, [territories_path], schema="territories")[0] if territories_path else None
    return reps_export, territories_export


def state_lock(path: str | None, dry_run: bool, wait_seconds: float = LOCK_TIMEOUT_SECONDS
               ) -> contextlib.AbstractContextManager:
    """The state file's lock, held from reading the state to saving it (none without a file or on a dry run);
    another run holding it longer than ``wait_seconds`` (general.lock_wait_seconds) is an error."""
    return locked_state(path, timeout=wait_seconds) if path and not dry_run else contextlib.nullcontext()


def read_route_state(path: str | None) -> RouteState:
    """The round-robin state in the file (a fresh rotation without one)."""
    return load_state(path, RouteState.from_json, RouteState) if path else RouteState()


def save_route_state(path: str | None, state: RouteState) -> None:
    """Save the advanced state (atomically) when there is a state file."""
    if path:
        save_state(path, state.to_json())


def _report_route(run: Run, result: RouteResult, *, title: str, dry_run: bool, state: str | None) -> None:
    report = run.reporter
    rows = result.rows
    report.table(simple_table(
        title, ["queue", "leads", "share"],
        [(queue, count, f"{percent(count, rows) or 0:.1f}%") for queue, count in result.by_queue.items()],
        justify=["left", "right", "right"]))
    if result.by_rep:
        report.table(simple_table(
            "Assignments by rep", ["rep", "role", "territory", "new leads", "load", "capacity"],
            [(r["rep"], r["role"], r["territory"], r["assigned"], r["load"], r["capacity"]) for r in result.by_rep],
            justify=["left", "left", "left", "right", "right", "right"]))
    if result.nurture:
        report.table(simple_table("Nurture tracks", ["track", "leads"], list(result.nurture.items()),
                                  justify=["left", "right"]))
    if dry_run:
        columns = [c for c in ("revops_queue", "revops_owner", "revops_due_at", "revops_route_reason")
                   if c in result.frame.columns]
        routed = result.frame[columns] if result.kept is None else result.frame.loc[~result.kept, columns]
        report.table(simple_table(f"Would assign (first 20 of {len(routed):,} routed; the rest keep their owner)",
                                  ["queue", "owner", "due", "reason"][:len(columns)],
                                  routed.head(20).itertuples(index=False, name=None)))
    for warning in result.warnings:
        report.line(warning, style="yellow")
    escalated = f"{result.escalations:,} escalated to the sales manager"
    if result.escalation_reasons:
        top = sorted(result.escalation_reasons.items(), key=lambda item: -item[1])[:3]
        escalated += " (" + "; ".join(f"{reason}: {count:,}" for reason, count in top) + ")"
    report.line(f"{rows_text(rows)} routed; {result.kept_owner:,} kept their owner; {escalated}."
                + ("" if state or dry_run else " Round robin not saved: give --state FILE to carry it to the next run."),
                style="bold red" if result.escalations else None)

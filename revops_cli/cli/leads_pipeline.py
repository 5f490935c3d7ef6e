"""`revops leads score | route | process`: Lead Management SOP 3. Scoring, 4. Routing, 5. Nurturing.

``process`` is the whole SOP in one run: clean → dedupe → enrich-flag → score → route.
Each command only parses options, calls the core functions and renders their results.
"""

from __future__ import annotations

import contextlib
from typing import Annotated, Optional

import pandas as pd
import typer

from revops_cli.cli.common import (Run, beside_config, check_default_region, parse_now, read_activities, read_input,
                                   start)
from revops_cli.cli.leads import _rows, _sibling, _without_stale_columns, leads_app
from revops_cli.cli.options import (ConfigOption, DefaultRegionOption, InputArgument, JsonOption, MapOption,
                                    NowOption, OutputOption, QuietOption, SheetOption)
from revops_cli.columns import ColumnMapping
from revops_cli.core.leads.accounts import group_accounts, match_accounts
from revops_cli.core.leads.clean import clean_leads
from revops_cli.core.leads.dedupe import LOG_COLUMNS, dedupe_leads
from revops_cli.core.leads.enrich import flag_enrichment
from revops_cli.core.metrics import percent
from revops_cli.core.leads.routing import RouteResult, load_roster, load_territories, route_leads
from revops_cli.core.leads.scoring import ScoreResult, calibrate, score_leads
from revops_cli.errors import RevopsInputError
from revops_cli.io.state import RouteState, load_state, locked_state, save_state
from revops_cli.io.write import check_output_path, output_headers, write_table
from revops_cli.render import simple_table

ActivitiesOption = Annotated[
    Optional[list[str]],
    typer.Option("--activities", "-a", metavar="ACTIVITIES", show_default=False,
                 help="Activities or engagement export (web visits, form fills, email opens/clicks, demo requests, "
                      "events, downloads), joined to leads by lead id or email. Repeatable."),
]
RepsOption = Annotated[
    Optional[str],
    typer.Option("--reps", metavar="REPS", show_default=False,
                 help="Rep roster: name, role, territory, weight, capacity, active, out of office, time zone "
                      "(default: routing.reps_file next to revops.toml)."),
]
TerritoriesOption = Annotated[
    Optional[str],
    typer.Option("--territories", metavar="TERRITORIES", show_default=False,
                 help="Territory rules: priority, countries, states, industries, size tier, named accounts "
                      "(default: routing.territories_file next to revops.toml; without one, known region names "
                      "in the roster's Territory column are used)."),
]
StateOption = Annotated[
    Optional[str],
    typer.Option("--state", metavar="STATE", show_default=False,
                 help="Round-robin state file (JSON), read and advanced by each run, locked against concurrent "
                      "runs; --dry-run never advances it. Without it every run starts the rotation afresh."),
]
ReassignOption = Annotated[
    bool, typer.Option("--reassign", help="Route leads already owned by an active rep too (default: they keep their owner).")
]


# --------------------------------------------------------------------------- score


@leads_app.command("score")
def score(
    file: InputArgument,
    output: OutputOption,
    activities: ActivitiesOption = None,
    explain: Annotated[bool, typer.Option(
        "--explain", help="Add revops_score_reasons: the points behind each score ('+12 seniority = VP; ...').")] = False,
    calibrate_with: Annotated[Optional[str], typer.Option(
        "--calibrate", metavar="OUTCOMES", show_default=False,
        help="Opportunity export (Converted Lead ID or email, Stage): conversion and win rate by band, the SOP's "
             "'score accuracy' check.")] = None,
    target_accounts: Annotated[Optional[str], typer.Option(
        "--target-accounts", metavar="ACCOUNTS", show_default=False,
        help="Target account list (an account export or one column of names) for the 'target_account' rule, "
             "besides scoring.target_accounts.")] = None,
    now: NowOption = None,
    sheet: SheetOption = None,
    map_: MapOption = None,
    config: ConfigOption = None,
    json_: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Score leads 0-100: demographic (0-30) + firmographic (0-30) + behavioural (0-40), and band them.

    Rules are the points tables of [scoring] in revops.toml (title seniority and function,
    country, industry, company size and revenue tiers, target accounts, lead source, and
    engagement with recency decay). Adds revops_score_demographic, revops_score_firmographic,
    revops_score_behavioral, revops_score and revops_band (80+ Hot, 60-79 Warm, 40-59 Qualified,
    20-39 Early, 0-19 Cold).

    [bold]Example[/bold]: revops leads score clean.csv -o scored.csv --activities engagement.csv --explain
    """
    run = start(config=config, json_mode=json_, quiet=quiet, data_on_stdout=output == "-")
    inputs = [file, *(activities or []), *[f for f in (calibrate_with, target_accounts) if f]]
    check_output_path(output, inputs)
    table, mapping = read_input(run, file, sheet=sheet, map_options=map_)
    moment = parse_now(now, run.config)
    link = read_activities(run, activities, table.frame, mapping)
    targets = _target_account_names(run, target_accounts)
    result = score_leads(table.frame, mapping, run.config, now=moment, activities=link, explain=explain,
                         target_accounts=targets)
    write_table(result.frame, output, headers=output_headers(table.info.headers, result.frame), inputs=inputs)

    calibration = None
    if calibrate_with:
        outcomes, outcome_mapping = read_input(run, calibrate_with, schema="opportunities")
        calibration = calibrate(result.frame, mapping, outcomes.frame, outcome_mapping, run.config)
    _report_score(run, result, calibration, title=f"leads score: {file} → {output}")
    run.reporter.json({"input": file, "output": output, "now": moment.isoformat(), "read": table.info.to_dict(),
                       **result.summary(),
                       "calibration": calibration.summary() if calibration is not None else None})


def _target_account_names(run: Run, source: str | None) -> list[str]:
    if not source:
        return []
    table, account_mapping = read_input(run, source, schema="accounts")
    column = account_mapping.get("account_name")
    if column is None:
        if table.frame.shape[1] != 1:
            raise RevopsInputError(f"{source}: no account name column (looked for 'Account Name', 'Company', "
                                   "'Name', ...); give an account export or a file with one column of names.")
        column = table.frame.columns[0]
    return [name for name in table.frame[column].dropna().astype(str) if name.strip()]


def _report_score(run: Run, result: ScoreResult, calibration, *, title: str) -> None:
    report = run.reporter
    rows = result.rows
    bands = run.config.scoring.bands
    ranges = {}
    for index, band in enumerate(bands):
        top = bands[index - 1].min - 1 if index else 100
        ranges[band.name] = f"{band.min}-{top}" if index else f"{band.min}+"
    widest = max(result.band_counts.values(), default=0) or 1
    report.table(simple_table(
        title, ["band", "score", "leads", "share", ""],
        [(name, ranges.get(name, ""), count, f"{percent(count, rows) or 0:.1f}%", _bar(count, widest))
         for name, count in result.band_counts.items()],
        justify=["left", "right", "right", "right", "left"]))
    tallest = max((count for _, _, count in result.histogram), default=0) or 1
    report.table(simple_table(
        "Score histogram", ["score", "leads", ""],
        [(f"{low:>3}-{high}", count, _bar(count, tallest)) for low, high, count in result.histogram],
        justify=["right", "right", "left"]))
    line = f"{_rows(rows)} scored; mean {result.mean:.1f}, median {result.median:g}." if rows else "No rows."
    if result.activities_linked or result.activities_unlinked:
        line += (f" Activities: {result.activities_linked:,} linked to a lead, "
                 f"{result.activities_unlinked:,} matched no lead.")
    report.line(line)
    if result.rules_without_column:
        shown = ", ".join(f"'{rule}'" for rule in result.rules_without_column[:6])
        more = len(result.rules_without_column) - 6
        report.line(f"Rules with no column in the file (they never score): {shown}"
                    + (f" and {more} more" if more > 0 else "") + ". See `revops inspect` or use --map.",
                    style="yellow")
    if calibration is not None:
        report.table(simple_table(
            "Score accuracy: what each band went on to do", ["band", "leads", "opportunity", "conversion",
                                                             "closed won", "win rate"],
            [(b["band"], b["leads"], b["converted"], _pct(b["conversion_percent"]), b["won"], _pct(b["win_percent"]))
             for b in calibration.summary()["bands"]],
            justify=["left", "right", "right", "right", "right", "right"]))
        verdict = ("higher bands convert at least as well as lower ones" if calibration.monotonic
                   else "a lower band converts better than a higher one: review the scoring rules")
        report.line(f"Calibration: {verdict}. {calibration.unmatched_outcomes:,} opportunities matched no lead.",
                    style=None if calibration.monotonic else "bold red")


def _bar(count: int, widest: int, width: int = 30) -> str:
    return "█" * round(width * count / widest) if count else ""


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%"


# --------------------------------------------------------------------------- route


@leads_app.command("route")
def route(
    file: InputArgument,
    output: Annotated[Optional[str], typer.Option(
        "--output", "-o", metavar="OUT", show_default=False,
        help="Where to write the routed leads (.csv .tsv .xlsx .json .jsonl .parquet, - for stdout). "
             "Not needed with --dry-run.")] = None,
    reps: RepsOption = None,
    territories: TerritoriesOption = None,
    state: StateOption = None,
    now: NowOption = None,
    reassign: ReassignOption = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show the assignments; write nothing, advance nothing.")] = False,
    sheet: SheetOption = None,
    map_: MapOption = None,
    config: ConfigOption = None,
    json_: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Route scored leads: queue, territory, rep (round robin), alert, SLA deadline and nurture track.

    ≥80 senior rep (SMS + Email, 5 minutes); 60-79 sales rep by round robin (Email, 1 hour);
    40-59 SDR queue (24 hours); below 40 marketing nurture. Territory first (named accounts,
    geography, industry, company size), then weighted round robin among the territory's
    active reps under capacity; no eligible rep → the sales manager, with the reason.

    [bold]Example[/bold]: revops leads route scored.csv -o routed.csv --reps reps.csv --territories territories.csv --state route-state.json
    """
    if output is None and not dry_run:
        raise RevopsInputError("Give -o OUT for the routed leads (or --dry-run to only see the assignments).")
    run = start(config=config, json_mode=json_, quiet=quiet, data_on_stdout=output == "-")
    reps_path, territories_path = _roster_files(run, reps, territories)
    inputs = [file, reps_path, *([territories_path] if territories_path else [])]
    if output and not dry_run:
        check_output_path(output, inputs)
    if state and not dry_run:
        check_output_path(state, inputs + ([output] if output else []))
    table, mapping = read_input(run, file, sheet=sheet, map_options=map_)
    moment = parse_now(now, run.config)
    result = _route(run, table.frame, mapping, reps_path, territories_path, state=state, now=moment,
                    reassign=reassign, dry_run=dry_run,
                    write=None if dry_run else (lambda frame: write_table(
                        frame, output, headers=output_headers(table.info.headers, frame), inputs=inputs)))
    _report_route(run, result, title=f"leads route: {file}" + (f" → {output}" if output and not dry_run
                                                               else " (dry run: nothing written)"),
                  dry_run=dry_run, state=state)
    run.reporter.json({"input": file, "output": None if dry_run else output, "reps": reps_path,
                       "territories": territories_path, "state": state, "dry_run": dry_run,
                       "now": moment.isoformat(), "read": table.info.to_dict(), **result.summary()})


def _roster_files(run: Run, reps: str | None, territories: str | None) -> tuple[str, str | None]:
    reps_path = beside_config(run, reps, run.config.routing.reps_file)
    if reps_path is None:
        raise RevopsInputError("Give --reps REPS (the rep roster: name, role, territory, ...); "
                               "`revops init` writes an example reps.csv.")
    return reps_path, beside_config(run, territories, run.config.routing.territories_file)


def _route(run: Run, frame: pd.DataFrame, mapping: ColumnMapping, reps_path: str, territories_path: str | None, *,
           state: str | None, now: pd.Timestamp, reassign: bool, dry_run: bool, write) -> RouteResult:
    """Read the roster and territories, route under the state file's lock, write, then save the state."""
    roster_table, roster_mapping = read_input(run, reps_path, schema="reps")
    roster = load_roster(roster_table.frame, roster_mapping, run.config, now=now, leads=frame, lead_mapping=mapping,
                         source=reps_path)
    territory_list = None
    if territories_path:
        territory_table, territory_mapping = read_input(run, territories_path, schema="territories")
        territory_list = load_territories(territory_table.frame, territory_mapping, source=territories_path)
    lock = locked_state(state) if state and not dry_run else contextlib.nullcontext()
    with lock:
        current = load_state(state) if state else RouteState()
        result = route_leads(frame, mapping, run.config, roster, territory_list, state=current, now=now,
                             reassign=reassign)
        if write is not None:
            write(result.frame)
        if state and not dry_run:
            save_state(state, result.state)
    return result


def _report_route(run: Run, result: RouteResult, *, title: str, dry_run: bool, state: str | None) -> None:
    report = run.reporter
    rows = len(result.frame)
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
    report.line(f"{_rows(rows)} routed; {result.kept_owner:,} kept their owner; {escalated}."
                + ("" if state or dry_run else " Round robin not saved: give --state FILE to carry it to the next run."),
                style="bold red" if result.escalations else None)


# --------------------------------------------------------------------------- process


@leads_app.command("process")
def process(
    file: InputArgument,
    output: OutputOption,
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
    state: StateOption = None,
    now: NowOption = None,
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
    (the merged records as cleaned; --changes keeps each cell's value before cleaning);
    one summary. The input file is never changed.

    [bold]Example[/bold]: revops leads process sample_data/salesforce_leads.csv -o processed.csv --reps sample_data/reps.csv --territories sample_data/territories.csv --activities sample_data/engagement.csv
    """
    check_default_region(default_region)
    if output == "-" and log is None:
        raise RevopsInputError("With -o - give --log MERGES too: the merged records go there, and nowhere else.")
    log = log or _sibling(output, "_merges.csv")
    run = start(config=config, json_mode=json_, quiet=quiet, data_on_stdout=output == "-")
    reps_path, territories_path = _roster_files(run, reps, territories)
    inputs = [file, reps_path, *[f for f in (territories_path, accounts) if f], *(activities or [])]
    check_output_path(output, inputs)
    written = [output, log]
    check_output_path(log, inputs + [output])
    for extra in [f for f in (changes, state) if f]:
        check_output_path(extra, inputs + written)
        written.append(extra)
    moment = parse_now(now, run.config)

    table, mapping = read_input(run, file, sheet=sheet, map_options=map_)
    frame, headers = _without_stale_columns(table)
    rows = pd.Series(frame.index + table.info.first_data_row, index=frame.index)
    with run.reporter.progress("processing", 5) as advance:
        cleaned = clean_leads(frame, mapping, run.config, default_region=default_region, row_numbers=rows,
                              headers=table.header_map)
        advance(1)
        deduped = dedupe_leads(cleaned.frame, mapping, run.config, default_region=default_region, row_numbers=rows,
                               headers=table.header_map)
        advance(1)
        out = deduped.frame
        if accounts:
            account_table, account_mapping = read_input(run, accounts, schema="accounts")
            account_result = match_accounts(out, mapping, account_table.frame, account_mapping, run.config,
                                            source=accounts)
        else:
            account_result = group_accounts(out, mapping, run.config)
        out = pd.concat([out, account_result.columns], axis=1)
        enriched = flag_enrichment(out, mapping, run.config)
        advance(1)
        link = read_activities(run, activities, enriched.frame, mapping, merged_into=_merged_into(deduped, mapping))
        scored = score_leads(enriched.frame, mapping, run.config, now=moment, activities=link, explain=explain)
        advance(1)

        def write_outputs(result_frame: pd.DataFrame) -> None:  # under the state lock, before the state is saved
            write_table(result_frame, output, headers=output_headers(headers, result_frame), inputs=inputs)
            records = deduped.log.iloc[:, len(LOG_COLUMNS):]  # the merged records, as cleaned
            write_table(deduped.log, log, headers=[*LOG_COLUMNS, *output_headers(headers, records)], inputs=inputs)
            if changes:
                write_table(cleaned.changes, changes, inputs=inputs)

        routed = _route(run, scored.frame, mapping, reps_path, territories_path, state=state, now=moment,
                        reassign=reassign, dry_run=False, write=write_outputs)
        advance(1)
    _report_process(run, file=file, output=output, log=log, cleaned=cleaned, deduped=deduped, enriched=enriched,
                    scored=scored, routed=routed, state=state)
    run.reporter.json({
        "input": file, "output": output, "log": log, "changes_file": changes, "now": moment.isoformat(), "read": table.info.to_dict(),
        "rows_in": len(frame), "rows_out": len(routed.frame),
        "clean": cleaned.summary(), "dedupe": deduped.summary(), "accounts": account_result.summary(),
        "enrich": enriched.summary(), "score": scored.summary(), "route": routed.summary(),
    })


def _merged_into(deduped, mapping: ColumnMapping) -> dict[str, str]:
    """Lead id of each record the dedupe merged away -> its survivor's id."""
    id_column = mapping.get("lead_id")
    log = deduped.log
    if id_column is None or id_column not in log.columns or log.empty:
        return {}
    merged = log[log["revops_role"].eq("merged")]
    pairs = merged[[id_column, "revops_survivor_id"]].dropna()
    return {str(a).strip(): str(b).strip() for a, b in pairs.itertuples(index=False, name=None) if str(a).strip()}


def _report_process(run: Run, *, file, output, log, cleaned, deduped, enriched, scored, routed, state) -> None:
    rows_in, rows_out = deduped.rows_in, len(routed.frame)
    lines = [
        ("clean", f"{len(cleaned.changes):,} cells standardised; {cleaned.rows_with_issues:,} rows with issues"),
        ("dedupe", f"{deduped.merged:,} duplicates merged into {deduped.clusters:,} survivors "
                   f"({deduped.duplicate_rate or 0:.1f}% vs the {deduped.target:g}% target); "
                   f"{len(deduped.review):,} pairs for review"),
        ("enrich-flag", ", ".join(f"{name} {count:,}" for name, count in enriched.buckets.items())
         + (f"; field completion {enriched.completion:.1f}% vs {enriched.target:g}%"
            if enriched.completion is not None else "")),
        ("score", ", ".join(f"{name} {count:,}" for name, count in scored.band_counts.items())),
        ("route", ", ".join(f"{queue} {count:,}" for queue, count in routed.by_queue.items())
         + f"; {routed.escalations:,} escalated; {routed.kept_owner:,} kept their owner"),
    ]
    run.reporter.table(simple_table(f"leads process: {file} → {output}", ["step", "result"], lines))
    run.reporter.line(f"{_rows(rows_in)} in, {_rows(rows_out)} out; merged records are in {log}."
                      + ("" if state else " Round robin not saved: give --state FILE to carry it to the next run."))

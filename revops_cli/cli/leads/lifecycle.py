"""`revops leads lifecycle`: the Lead Management SOP's disposition actions and the CRM file that makes them.

Reads a leads export (and optionally activities, opportunities and the roster), decides each
lead's action with :func:`revops_cli.core.leads.lifecycle.plan_lifecycle`, writes the update file for
Salesforce, HubSpot or a generic import and prints the actions with their counts."""

from __future__ import annotations

from typing import Annotated, Optional

import pandas as pd
import typer

from revops_cli.cli.common import (
    main_input,
    Run,
    beside_config,
    parse_now,
    read_activities,
    read_input,
    start,
    write_output,
)
from revops_cli.cli.options import (
    MainFileArgument,
    ActivitiesOption,
    AsOfOption,
    ConfigOption,
    JsonOption,
    MapOption,
    QuietOption,
    RepsOption,
    SheetOption,
)
from revops_cli.core.leads.lifecycle import (
    ACTIONS,
    FORMATS,
    LifecycleResult,
    plan_lifecycle,
)
from revops_cli.core.leads.routing import load_roster
from revops_cli.errors import RevopsInputError
from revops_cli.io.write import check_output_path
from revops_cli.render import simple_table

_ACTION_TEXT = {
    "suppress": "Do Not Contact, unsubscribed or hard bounce: stop all contact",
    "disqualify": "Bad Fit: disqualify",
    "create_opportunity": "Qualified, no opportunity linked: convert / create it",
    "recycle": "No Response for the recycle period: back to marketing, fresh track",
    "return_to_nurture": "Not Ready, or unresponsive after the cadence: to marketing nurture",
    "update_disposition": "status not updated within the disposition hours of the first touch",
    "none": "nothing to change today",
}


_PREVIEW_ROWS = 10


def lifecycle(
    file: MainFileArgument = None,
    leads: Annotated[Optional[str], typer.Option("--leads", metavar="LEADS", show_default=False,
                                       help="Leads export: id, status, substatus/reason, owner, dates, "
                                            "unsubscribe/bounce flags, score.")] = None,
    output: Annotated[Optional[str], typer.Option(
        "--output", "-o", metavar="OUT", show_default=False,
        help="Update file to import into the CRM (.csv .tsv .xlsx .json .jsonl .parquet, - for CSV on stdout): "
             "only the leads that change. Not needed with --dry-run.")] = None,
    activities: ActivitiesOption = None,
    opportunities: Annotated[Optional[str], typer.Option(
        "--opportunities", metavar="OPPS", show_default=False,
        help="Opportunity export whose Converted Lead ID (or contact email) links it to a lead: a Qualified "
             "lead with one needs no new opportunity.")] = None,
    reps: RepsOption = None,
    crm_format: Annotated[Optional[str], typer.Option(
        "--format", metavar="FORMAT", show_default=False,
        help="Headers and status values of the update file: salesforce (Data Loader / Data Import Wizard API "
             "names), hubspot (import labels, internal lead status values) or generic (the input's headers). "
             "Default: the one the input's headers show.")] = None,
    as_of: AsOfOption = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Print the summary and the first update rows; "
                                                            "write nothing.")] = False,
    sheet: SheetOption = None,
    map_: MapOption = None,
    config: ConfigOption = None,
    json_: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Decide each lead's disposition action for today and write the file that makes it in the CRM.

    Actions, first that applies: suppress (Do Not Contact, unsubscribed, hard bounce), disqualify
    (Bad Fit), create_opportunity (Qualified, no opportunity linked), recycle (No Response for
    lifecycle.recycle_days, 90), return_to_nurture (Not Ready, or 3 calls and 4 emails over 14 days
    without contact), update_disposition (status not updated within 24 hours of the first touch).
    The update file holds only the leads that change: id, status, substatus, owner (the marketing
    queue), nurture track, next action date and a reason. Blank cells leave a field as it is.

    **Example**: revops leads lifecycle --leads leads.csv --activities activities.csv --as-of 2026-11-20T08:00 -o updates.csv
    """
    leads = main_input(file, leads, "--leads")
    if crm_format is not None and crm_format.strip().lower() not in FORMATS:
        raise RevopsInputError(f"--format {crm_format!r}: give one of {', '.join(FORMATS)}.")
    if output is None and not dry_run:
        raise RevopsInputError("Give -o OUT for the update file (or --dry-run to only see what would change).")
    run = start(config=config, json_mode=json_, quiet=quiet, data_on_stdout=output == "-" and not dry_run)
    reps_path = beside_config(run, reps, run.config.routing.reps_file)
    inputs = [leads, *(activities or []), *[f for f in (opportunities, reps_path) if f]]
    if output is not None and not dry_run:
        check_output_path(output, inputs)
    now = parse_now(as_of, run.config)

    table, mapping = read_input(run, leads, sheet=sheet, map_options=map_)
    link = read_activities(run, activities, table.frame, mapping)
    opps, opp_mapping = (None, None)
    if opportunities:
        opp_table, opp_mapping = read_input(run, opportunities, schema="opportunities")
        opps = opp_table.frame
    roster = None
    if reps_path:
        roster_table, roster_mapping = read_input(run, reps_path, schema="reps")
        roster = load_roster(roster_table.frame, roster_mapping, run.config, now=now, leads=table.frame,
                             lead_mapping=mapping, source=reps_path)
    try:
        result = plan_lifecycle(table.frame, mapping, run.config, now=now, activities=link, opportunities=opps,
                                opportunity_mapping=opp_mapping, roster=roster,
                                crm_format=crm_format.strip().lower() if crm_format else None,
                                headers=table.header_map)
    except RevopsInputError as exc:
        raise RevopsInputError(f"{leads}: {exc}") from None
    if output is not None and not dry_run:
        write_output(run, result.updates, output, inputs=inputs)

    _report(run, result, leads=leads, output=output, dry_run=dry_run)
    run.reporter.json({"input": leads, "activities": activities or [], "opportunities": opportunities,
                       "reps": reps_path, "output": None if dry_run else output, "dry_run": dry_run,
                       "read": table.info.to_dict(), **result.summary(),
                       **({"preview": result.updates.head(_PREVIEW_ROWS).to_dict(orient="records")}
                          if dry_run else {})})


def _report(run: Run, result: LifecycleResult, *, leads: str, output: str | None, dry_run: bool) -> None:
    report = run.reporter
    target = "dry run, nothing written" if dry_run else output
    report.table(simple_table(
        f"leads lifecycle: {leads} → {target}", ["action", "leads", "what it means"],
        [(name, result.counts[name], _ACTION_TEXT[name]) for name in ACTIONS],
        justify=["left", "right", "left"]))
    figures = result.figures
    notes = [f"Format {result.format} ({result.format_reason}); as of {figures['as_of']}."]
    if figures["already_done"]:
        notes.append(f"{figures['already_done']:,} leads already carry their disposition (nothing to change).")
    if figures["recycle_pending"]:
        notes.append(f"{figures['recycle_pending']:,} No Response leads wait for their {figures['recycle_days']} "
                     "days before recycling.")
    if figures["suppressed_also_unresponsive"]:
        notes.append(f"{figures['suppressed_also_unresponsive']:,} suppressed leads also looked unresponsive: "
                     "suppression wins.")
    if figures["no_id"]:
        notes.append(f"{figures['no_id']:,} leads that need a change have no id and are left out of the file.")
    if figures["scored_by_revops"]:
        notes.append(f"{figures['scored_by_revops']:,} leads had no score and were scored for their nurture track.")
    for note in notes:
        report.line(note)
    if dry_run and len(result.updates):
        preview = result.updates.head(_PREVIEW_ROWS)
        fields = list(preview.columns[1:-2])  # between the id and action, reason
        rows = [(record[preview.columns[0]], record["action"],
                 "; ".join(f"{name} = {record[name]}" for name in fields if pd.notna(record[name])),
                 record["reason"]) for record in preview.to_dict(orient="records")]  # at most 10 rows
        report.table(simple_table(f"First {len(preview)} of {len(result.updates):,} update rows",
                                  [preview.columns[0], "action", "sets", "reason"], rows))
    if dry_run:
        report.line(f"Dry run: nothing written. {len(result.updates):,} of {len(result.actions):,} leads would "
                    "update.")
    else:
        report.line(f"{len(result.updates):,} of {len(result.actions):,} leads to update, written to {output}.")

"""`revops event roi`: the Event Management SOP."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from revops_cli.cli.common import main_input, frame_table, read_input, read_opportunities, start
from revops_cli.cli.options import (
    MapOption,
    MainFileArgument,
    ConfigOption,
    JsonOption,
    OpportunitiesOption,
    QuietOption,
    SheetOption,
    StrictOption,
)
from revops_cli.core.marketing.events import event_roi


def event(
    file: MainFileArgument = None,
    events: Annotated[Optional[str], typer.Option("--events", metavar="EVENTS", show_default=False,
                                        help="Event sheet: budget lines estimated and actual, leads, meetings, pipeline.")] = None,
    leads: Annotated[Optional[str], typer.Option(
        "--leads", metavar="EVENT_LEADS", show_default=False,
        help="Event leads (badge scans) with their event and assigned time: follow-up within 2 days.")] = None,
    opportunities: OpportunitiesOption = None,
    strict: StrictOption = False,
    sheet: SheetOption = None,
    map_: MapOption = None,
    config: ConfigOption = None,
    json_: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Event ROI = (pipeline generated − total cost) / total cost × 100 against the 300% target,
    each budget line estimated vs actual, cost per lead and per meeting, and post-event follow-up.

    **Example**: revops event roi --events events.xlsx --leads event_leads.csv
    """
    events = main_input(file, events, "--events")
    run = start(config=config, json_mode=json_, quiet=quiet)
    table, mapping = read_input(run, events, sheet=sheet, map_options=map_, schema="events")
    lead_frame = lead_mapping = None
    if leads:
        lead_table, lead_mapping = read_input(run, leads)
        lead_frame = lead_table.frame
    opps, opp_mapping = read_opportunities(run, opportunities)
    result = event_roi(table.frame, mapping, run.config, leads=lead_frame, lead_mapping=lead_mapping,
                       opportunities=opps, opportunity_mapping=opp_mapping)
    frame_table(run, f"event roi: {events}", result.events,
                 ["event", "status", "actual_total", "pipeline", "roi_percent", "roi_met", "leads_captured", "meetings",
                  "cost_per_lead", "cost_per_meeting", "assigned_on_time", "assigned_late", "not_assigned"])
    lines = result.lines[result.lines["variance"].notna()] if "variance" in result.lines.columns else result.lines
    frame_table(run, "Budget lines: estimated vs actual", lines,
                 ["event", "line", "estimated", "actual", "variance", "variance_pct", "status"], limit=80)
    run_events = result.events[result.events["status"].ne("not run yet")] if "status" in result.events else result.events
    missed = int(run_events["roi_met"].eq(False).sum()) if "roi_met" in run_events.columns else 0
    run.reporter.line(f"{missed} event(s) below the {result.target}% ROI target."
                      + (f" Follow-up: {result.follow_up_reason}" if result.follow_up_reason else ""),
                      style="bold red" if missed else None)
    run.reporter.json({"events": events, "leads": leads, "opportunities": opportunities, **result.summary()})
    if strict and missed:
        raise typer.Exit(1)

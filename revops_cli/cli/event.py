"""`revops event roi`: the Event Management SOP."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from revops_cli.cli.common import (
    frame_table,
    main_input,
    parse_now,
    read_input,
    read_opportunities,
    report_not_measured,
    start,
)
from revops_cli.cli.options import (
    AsOfOption,
    MapOption,
    MainFileArgument,
    ConfigOption,
    JsonOption,
    OpportunitiesOption,
    QuietOption,
    SheetOption,
    StrictOption,
)
from revops_cli.core.marketing.events import NOT_RUN_YET, event_roi
from revops_cli.core.metrics import NotMeasured


def event(
    file: MainFileArgument = None,
    events: Annotated[Optional[str], typer.Option("--events", metavar="EVENTS", show_default=False,
                                        help="Event sheet: budget lines estimated and actual, leads, meetings, pipeline.")] = None,
    leads: Annotated[Optional[str], typer.Option(
        "--leads", metavar="EVENT_LEADS", show_default=False,
        help="Event leads (badge scans) with their event and assigned time: follow-up within 2 days.")] = None,
    opportunities: OpportunitiesOption = None,
    as_of: AsOfOption = None,
    strict: StrictOption = False,
    sheet: SheetOption = None,
    map_: MapOption = None,
    config: ConfigOption = None,
    json_: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Event ROI = (pipeline generated − total cost) / total cost × 100 against the 300% target,
    each budget line estimated vs actual, cost per lead and per meeting, and post-event follow-up.

    A sheet kept by hand works too: one Total Cost (or Actual Cost, Spend, Budget) and a Pipeline (or
    Revenue) column per event; events dated on or before --as-of have run. An event without a cost or a
    return is "not measured", never met or missed.

    **Example**: revops event roi --events events.xlsx --leads event_leads.csv
    """
    events = main_input(file, events, "--events")
    run = start(config=config, json_mode=json_, quiet=quiet)
    now = parse_now(as_of, run.config)
    table, mapping = read_input(run, events, sheet=sheet, map_options=map_, schema="events")
    lead_frame = lead_mapping = None
    if leads:
        lead_table, lead_mapping = read_input(run, leads)
        lead_frame = lead_table.frame
    opps, opp_mapping = read_opportunities(run, opportunities)
    result = event_roi(table.frame, mapping, run.config, leads=lead_frame, lead_mapping=lead_mapping,
                       opportunities=opps, opportunity_mapping=opp_mapping, now=now)
    shown = result.events.assign(roi=[_roi_cell(r) for r in result.events.to_dict("records")])
    frame_table(run, f"event roi: {events}", shown,
                ["event", "status", "actual_total", "cost_source", "roi_return", "return_source", "roi", "roi_met"])
    frame_table(run, "Success metrics and follow-up", result.events[result.events["status"] != NOT_RUN_YET],
                ["event", "leads_captured", "meetings", "cost_per_lead", "cost_per_meeting", "scans",
                 "assigned_on_time", "assigned_late", "not_assigned"])
    lines = result.lines[result.lines["variance"].notna()] if "variance" in result.lines.columns else result.lines
    frame_table(run, "Budget lines: estimated vs actual", lines,
                 ["event", "line", "estimated", "actual", "variance", "variance_pct", "status"], limit=80)
    totals = result.totals
    missed, met, unmeasured = (totals["events_below_target"], totals["events_meeting_target"],
                               totals["events_not_measured"])
    report_not_measured(run, {k: v for k, v in result.not_measured.items() if k != "roi"})  # roi: the verdict
    for problem in result.problems:
        run.reporter.line(problem, style="yellow")
    if "roi" in result.not_measured or not totals["events_run"]:
        verdict = (f"ROI against the {result.target:g}% target: {result.not_measured['roi']}"
                   if "roi" in result.not_measured else "No event has run yet: no ROI to measure.")
    else:
        verdict = (f"{missed} event(s) below the {result.target:g}% ROI target, {met} meeting it"
                   + (f", {unmeasured} not measured (no cost or return recorded)" if unmeasured else "") + ".")
    run.reporter.line(verdict, style="bold red" if missed else None)
    run.reporter.json({"events_file": events, "leads": leads, "opportunities": opportunities,
                       "as_of": now.isoformat(), **result.summary()})
    if strict and missed:
        raise typer.Exit(1)


def _roi_cell(row: dict) -> str | None:
    """The ROI as the table shows it: a percentage, or why there is none."""
    if row["roi_percent"] is not None:
        return f"{row['roi_percent']:,.2f}%"
    if row["roi_reason"] == NOT_RUN_YET:
        return NOT_RUN_YET
    return str(NotMeasured(row["roi_reason"])) if row["roi_reason"] else None

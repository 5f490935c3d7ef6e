"""`revops report weekly`: the pipeline-review pack in one self-contained HTML file, or Markdown, or JSON.

Reads the same files the individual commands read, calls :func:`~revops_cli.core.reporting.weekly.weekly_figures`
(which runs their cores) and renders the result; it computes nothing itself."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from revops_cli.cli.common import (
    main_input,
    beside_config,
    parse_approvers,
    parse_now,
    read_activities,
    read_input,
    start,
)
from revops_cli.cli.options import (
    MainFileArgument,
    ActivitiesOption,
    ApproverOption,
    AsOfOption,
    CampaignsFileOption,
    ConfigOption,
    EventLeadsOption,
    EventsOption,
    HistoryOption,
    JsonOption,
    MapOption,
    OpportunitiesOption,
    QuietOption,
    RepsOption,
    SheetOption,
)
from revops_cli.core.leads.routing import load_roster
from revops_cli.core.reporting.weekly import week_window, weekly_figures
from revops_cli.errors import RevopsInputError
from revops_cli.io.write import check_output_path, write_text
from revops_cli.render import simple_table, to_json
from revops_cli.report import render_html, render_markdown
from revops_cli.report.weekly_pack import build_weekly_report, weekly_json

_EXTENSIONS = (".html", ".htm", ".md", ".json")


def weekly(
    file: MainFileArgument = None,
    leads: Annotated[Optional[str], typer.Option("--leads", metavar="LEADS", show_default=False,
                                       help="Leads export: created/assigned time, owner, status, source, score/rating.")] = None,
    output: Annotated[Optional[str], typer.Option(
        "--output", "-o", metavar="OUT", show_default=False,
        help="weekly.html (one self-contained page), weekly.md (Markdown for Slack/Notion) or weekly.json.")] = None,
    activities: ActivitiesOption = None,
    reps: RepsOption = None,
    opportunities: OpportunitiesOption = None,
    history: HistoryOption = None,
    campaigns: CampaignsFileOption = None,
    events: EventsOption = None,
    event_leads: EventLeadsOption = None,
    approver: ApproverOption = None,
    week: Annotated[Optional[str], typer.Option(
        "--week", metavar="YYYY-Www", show_default=False,
        help="ISO week to report, e.g. 2026-W47 (Monday to Sunday in general.timezone). Default: the last complete "
             "week before --as-of.")] = None,
    as_of: AsOfOption = None,
    sheet: SheetOption = None,
    map_: MapOption = None,
    config: ConfigOption = None,
    json_: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """The page to bring to the weekly pipeline review: the Lead Management SOP's weekly QA checklist
    (new leads assigned, SLA compliance, score and routing accuracy, data completeness) pass/fail,
    funnel KPIs against targets over 8 weeks, response times by band, SLA breaches by rep, leads by
    source against the marketing SLA, campaign and event ROI, stalled deals and the data-quality
    scorecard. Each figure is the one the matching command prints for the same files.

    **Example**: revops report weekly --leads leads.csv --activities tasks.csv --reps reps.csv --opportunities opps.csv --campaigns campaigns.xlsx --events events.xlsx -o weekly.html
    """
    leads = main_input(file, leads, "--leads")
    run = start(config=config, json_mode=json_, quiet=quiet)
    reps_path = beside_config(run, reps, run.config.routing.reps_file)
    inputs = [p for p in (leads, *(activities or []), reps_path, opportunities, history, campaigns, events,
                          event_leads) if p]
    if output:
        check_output_path(output, inputs, extensions=_EXTENSIONS)
    if output is None and not json_:
        raise RevopsInputError("give -o weekly.html (or .md, .json) for the report, or --json for its figures.")
    if history and not opportunities:
        raise RevopsInputError("--history needs --opportunities: it dates the stages of those deals.")
    now = parse_now(as_of, run.config)
    period = week_window(week, now, run.config.general.timezone)
    people = {**run.config.deals.approvers, **parse_approvers(approver)}

    with run.reporter.live():
        table, mapping = read_input(run, leads, sheet=sheet, map_options=map_)
        link = read_activities(run, activities, table.frame, mapping)
        roster = roster_frame = None
        if reps_path:
            roster_table, roster_mapping = read_input(run, reps_path, schema="reps")
            roster_frame = roster_table.frame
            roster = load_roster(roster_frame, roster_mapping, run.config, now=now, leads=table.frame,
                                 lead_mapping=mapping, source=reps_path)
        extra = {}
        for key, source, schema in (("opportunities", opportunities, "opportunities"), ("history", history, "stage_history"),
                                    ("campaigns", campaigns, "campaigns"), ("events", events, "events"),
                                    ("event_leads", event_leads, "leads")):
            if source:
                frame_table, frame_mapping = read_input(run, source, schema=schema)
                extra[key], extra[f"{key}_mapping"] = frame_table.frame, frame_mapping
        run.reporter.step("computing the week's figures")
        figures = weekly_figures(
            table.frame, mapping, run.config, now=now, week=period, activities=link, roster=roster,
            opportunities=extra.get("opportunities"), opportunity_mapping=extra.get("opportunities_mapping"),
            history=extra.get("history"), history_mapping=extra.get("history_mapping"),
            campaigns=extra.get("campaigns"), campaign_mapping=extra.get("campaigns_mapping"),
            events=extra.get("events"), event_mapping=extra.get("events_mapping"),
            event_leads=extra.get("event_leads"), event_lead_mapping=extra.get("event_leads_mapping"),
            approvers=people, roster_frame=roster_frame,
            row_numbers=None)
        files = {"leads": leads, "activities": ", ".join(activities or []), "reps": reps_path,
                 "opportunities": opportunities, "campaigns": campaigns, "events": events}
        report = build_weekly_report(figures, run.config, sources={k: v for k, v in files.items() if v})
        document = weekly_json(figures, report)
        if output:
            suffix = Path(output).suffix.lower()
            text = (render_markdown(report) if suffix == ".md" else to_json(document) + "\n" if suffix == ".json"
                    else render_html(report))
            run.reporter.step(f"writing {Path(output).name}")
            write_text(output, text)

    rows = [[c.label, "—" if c.value is None else f"{c.value:.1f}%", f"{c.target:g}%",
             {True: "pass", False: "FAIL", None: "n/a"}[c.passed], c.detail or c.note] for c in figures.qa]
    run.reporter.table(simple_table(f"report weekly: {period.label} ({period.first_day} to {period.last_day}) — "
                                    "weekly QA", ["check", "value", "target", "result", "detail"], rows,
                                    justify=["left", "right", "right", "left", "left"]))
    if output:
        run.reporter.line(f"Wrote {output}: sections {', '.join(s.id for s in report.sections)}.")
    run.reporter.json(document)

"""`revops campaign roi|audit|lint`: the Campaign Execution SOP."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from revops_cli.cli.common import (
    Run,
    frame_table,
    json_records,
    main_input,
    money_text,
    read_input,
    read_opportunities,
    report_not_measured,
    start,
)
from revops_cli.cli.options import (
    MapOption,
    MainFileArgument,
    CampaignsOption,
    ConfigOption,
    JsonOption,
    OpportunitiesOption,
    QuietOption,
    SheetOption,
    StrictOption,
)
from revops_cli.core.marketing.campaigns import (
    RATE_METRICS,
    apply_cost_file,
    campaign_audit,
    campaign_lint,
    campaign_report,
    campaign_roi,
)
from revops_cli.core.marketing.campaigns.report import PERIODS, CampaignReport
from revops_cli.core.metrics import NotMeasured, not_measured_json
from revops_cli.errors import RevopsInputError

ByPeriodOption = Annotated[Optional[str], typer.Option(
    "--by", metavar="PERIOD", show_default=False,
    help="Also run the triggers per campaign and day, week or month of a platform report, and list the periods "
         "that crossed a threshold.")]


def _report_lines(run: Run, report: CampaignReport) -> None:
    for note in report.notes:
        run.reporter.line(note, style="dim")


def _roi_cell(value, note) -> str | None:
    if value is not None and value == value:
        return f"{value:,.2f}%"
    return str(NotMeasured(note)) if note else None


def roi(
    file: MainFileArgument = None,
    campaigns: CampaignsOption = None,
    opportunities: OpportunitiesOption = None,
    model: Annotated[str, typer.Option("--model", help="Attribution: last_touch, first_touch or linear.")] = "last_touch",
    costs: Annotated[Optional[str], typer.Option(
        "--costs", metavar="COSTS", show_default=False,
        help="Itemised cost lines per campaign (Media/Creative/Tools/Labor columns, or Component + Amount); "
             "their sum becomes each campaign's cost.")] = None,
    sheet: SheetOption = None,
    map_: MapOption = None,
    config: ConfigOption = None,
    json_: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """ROI = (Revenue − Cost) / Cost × 100 per campaign; Revenue = closed won + open pipeline × stage
    probability; Cost = media + creative + tools + labour (or the actual cost).

    **Example**: revops campaign roi --campaigns campaigns.xlsx --opportunities opportunities.csv
    """
    campaigns = main_input(file, campaigns, "--campaigns")
    if model not in ("last_touch", "first_touch", "linear"):
        raise RevopsInputError(f"--model {model!r}: choose last_touch, first_touch or linear.")
    run = start(config=config, json_mode=json_, quiet=quiet)
    table, mapping = read_input(run, campaigns, sheet=sheet, map_options=map_, schema="campaigns")
    report = campaign_report(table.frame, mapping, zone=run.config.general.timezone)
    mapping = report.mapping
    opps, opp_mapping = read_opportunities(run, opportunities)
    frame, unmatched_costs = report.frame, 0
    if costs:
        cost_table, cost_mapping = read_input(run, costs, schema="campaigns")
        frame, mapping, unmatched_costs = apply_cost_file(frame, mapping, cost_table.frame, cost_mapping, run.config,
                                                          source=costs)
    result = campaign_roi(frame, mapping, run.config, opportunities=opps, opportunity_mapping=opp_mapping,
                          model=model)
    shown = result.frame.assign(roi=[_roi_cell(v, n) for v, n in zip(result.frame["roi_percent"],
                                                                      result.frame["roi_note"])])
    frame_table(run, f"campaign roi: {campaigns} ({model})", shown,
                 ["campaign", "cost", "closed_won", "weighted_pipeline", "revenue", "roi", "cost_per_lead",
                  "opportunities", "cost_per_opportunity", "conversions", "cost_per_conversion"])
    _report_lines(run, report)
    report_not_measured(run, {k: v for k, v in result.not_measured.items() if k != "roi"})
    totals = result.totals
    roi_text = (f"{totals['roi_percent']:,.2f}%" if totals.get("roi_percent") is not None
                else str(result.not_measured.get("roi") or NotMeasured(totals.get("roi_note") or "no ROI")))
    run.reporter.line(f"Total: cost {money_text(totals.get('cost'))}, revenue {money_text(totals.get('revenue'))}, "
                      f"ROI {roi_text}"
                      + (f"; {result.unattributed_opportunities:,} opportunities name no campaign of this file."
                         if opportunities else "."))
    if unmatched_costs:
        run.reporter.line(f"{unmatched_costs} cost line(s) in {costs} name no campaign of {campaigns}.", style="yellow")
    if result.cost_mismatches:
        run.reporter.line(f"{result.cost_mismatches} campaign(s) whose cost lines do not add up to the actual cost.",
                          style="yellow")
    run.reporter.json({"campaigns_file": campaigns, "opportunities_file": opportunities, "costs_file": costs,
                       "report": report.summary(), **result.summary(), "rows": json_records(result.frame)})


def audit(
    file: MainFileArgument = None,
    campaigns: CampaignsOption = None,
    by: ByPeriodOption = None,
    strict: StrictOption = False,
    sheet: SheetOption = None,
    map_: MapOption = None,
    config: ConfigOption = None,
    json_: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Optimisation triggers (open < 15%, click < 2%, conversion < 1%, bounce > 5%, unsubscribe > 1%)
    with the action each calls for, and the budget approval matrix.

    Ad and email platform reports (Google Ads, Meta, LinkedIn, Mailchimp, HubSpot: one row per campaign and
    day, month, device, network, ad group or ad) are rolled up to the campaign first: counts and cost summed,
    rates computed again from the sums, never averaged. With --by day (or week, month) the triggers also run
    per period and the periods that crossed a threshold are listed.

    **Example**: revops campaign audit --campaigns campaigns.xlsx

    **Example**: revops campaign audit google_ads_report.csv --by month
    """
    campaigns = main_input(file, campaigns, "--campaigns")
    if by is not None and by not in PERIODS:
        raise RevopsInputError(f"--by {by!r}: choose day, week or month.")
    run = start(config=config, json_mode=json_, quiet=quiet)
    table, mapping = read_input(run, campaigns, sheet=sheet, map_options=map_, schema="campaigns")
    zone = run.config.general.timezone
    report = campaign_report(table.frame, mapping, zone=zone)
    result = campaign_audit(report.frame, report.mapping, run.config)
    not_measured = {**report.not_measured, **result.not_measured}
    shown = result.frame.copy()
    for metric in RATE_METRICS:
        if metric in not_measured:
            shown[metric] = "not measured"
    frame_table(run, f"campaign audit: {campaigns}", shown,
                 ["campaign", "open_rate", "click_rate", "conversion_rate", "bounce_rate", "unsubscribe_rate",
                  "actions"])
    periods = None
    if by is not None:
        by_period = campaign_report(table.frame, mapping, by=by, zone=zone)
        periods = campaign_audit(by_period.frame, by_period.mapping, run.config)
        crossed = periods.frame[periods.frame["actions"].map(len) > 0]
        frame_table(run, f"Periods that crossed a threshold (by {by})", crossed,
                    ["campaign", "period", *[m for m in RATE_METRICS if m not in not_measured], "actions"], limit=200)
        if crossed.empty:
            run.reporter.line(f"No {by} crossed a threshold.")
    if "approval" not in not_measured:
        frame_table(run, "Budget approvals (Campaign Execution SOP)", result.frame,
                    ["campaign", "budget", "in_scope", "approver_required", "approver_recorded", "approval_status"])
    _report_lines(run, report)
    for note in result.rate_notes:
        run.reporter.line(note, style="dim")
    report_not_measured(run, not_measured)
    actions = int(result.frame["actions"].map(len).gt(0).sum()) if "actions" in result.frame.columns else 0
    bad = {k: v for k, v in result.approvals.items() if k != "ok" and v}
    approvals = ("not measured" if "approval" in not_measured
                 else ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in bad.items()) or "all at the right level")
    run.reporter.line(f"{actions} campaign(s) with actions to take; approvals: {approvals}.",
                      style="bold red" if (actions or bad) else None)
    summary = {"campaigns_file": campaigns, "report": report.summary(), **result.summary(),
               "not_measured": not_measured_json(not_measured), "rows": json_records(result.frame)}
    if periods is not None:
        crossed = periods.frame[periods.frame["actions"].map(len) > 0]
        summary["periods"] = {"by": by, "triggers": periods.triggers, "rows": json_records(crossed)}
    run.reporter.json(summary)
    if strict and (actions or bad):
        raise typer.Exit(1)


def lint(
    file: MainFileArgument = None,
    campaigns: CampaignsOption = None,
    strict: StrictOption = False,
    sheet: SheetOption = None,
    map_: MapOption = None,
    config: ConfigOption = None,
    json_: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Campaign names (YYYY-MM-Type-Name), UTM parameters and tracking URLs, and the email pre-send
    checklist (subject < 50 characters, unsubscribe link, spam score < 5).

    **Example**: revops campaign lint --campaigns campaigns.xlsx --strict
    """
    campaigns = main_input(file, campaigns, "--campaigns")
    run = start(config=config, json_mode=json_, quiet=quiet)
    table, mapping = read_input(run, campaigns, sheet=sheet, map_options=map_, schema="campaigns")
    result = campaign_lint(table.frame, mapping, run.config)
    frame_table(run, f"campaign lint: {campaigns}", result.problems, ["campaign", "check", "value", "message"],
                 limit=200)
    run.reporter.line("No problems." if result.passed else f"{len(result.problems):,} problem(s).",
                      style=None if result.passed else "bold red")
    run.reporter.json({"campaigns_file": campaigns, **result.summary(), "problems": json_records(result.problems)})
    if strict and not result.passed:
        raise typer.Exit(1)

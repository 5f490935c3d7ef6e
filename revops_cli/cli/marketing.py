"""`revops funnel report`, `revops campaign roi|audit|lint`, `revops event roi`: marketing's numbers
against the Lead Management SOP's KPIs, the marketing SLA, the Campaign Execution SOP and the
Event Management SOP. Each command reads, calls one core function and renders its findings.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Optional

import typer

from revops_cli.cli.common import Run, frame_table, json_records, parse_now, parse_period, read_input, start
from revops_cli.cli.options import (AsOfOption, ConfigOption, FromOption, JsonOption, MapOption, QuietOption,
                                    SheetOption, StrictOption, ToOption)
from revops_cli.core.marketing.campaigns import apply_cost_file, campaign_audit, campaign_lint, campaign_roi
from revops_cli.core.marketing.events import event_roi
from revops_cli.core.marketing.funnel import BY_FIELDS, funnel_report
from revops_cli.errors import RevopsInputError

funnel_app = typer.Typer(help="Lead Management SOP KPIs and the marketing SLA: the funnel by cohort.",
                         no_args_is_help=True)
campaign_app = typer.Typer(help="Campaign Execution SOP: ROI, optimisation triggers, approvals, naming and UTM.",
                           no_args_is_help=True)
event_app = typer.Typer(help="Event Management SOP: event ROI against the 300% target, budget lines, follow-up.",
                        no_args_is_help=True)

OpportunitiesOption = Annotated[Optional[str], typer.Option(
    "--opportunities", metavar="OPPORTUNITIES", show_default=False,
    help="Opportunity export (Stage, Amount, Probability, Primary Campaign Source, Converted Lead ID).")]
CampaignsOption = Annotated[str, typer.Option(
    "--campaigns", metavar="CAMPAIGNS", show_default=False,
    help="Campaign export or sheet (name, type, budget, costs, sends, opens, clicks, UTM, approver).")]


def _opportunities(run: Run, source: str | None):
    if not source:
        return None, None
    table, mapping = read_input(run, source, schema="opportunities")
    return table.frame, mapping


def _money(value: Any) -> str:
    return "—" if value is None else f"{Decimal(str(value)):,.2f}"


# --------------------------------------------------------------------------- funnel


@funnel_app.command("report")
def funnel(
    leads: Annotated[str, typer.Option("--leads", metavar="LEADS", show_default=False,
                                       help="Leads or contacts export (lifecycle stage/status, stage dates).")],
    opportunities: OpportunitiesOption = None,
    by: Annotated[Optional[str], typer.Option("--by", metavar="FIELD", show_default=False,
                                              help=f"Also break the funnel down by: {', '.join(BY_FIELDS)}.")] = None,
    from_: FromOption = None,
    to: ToOption = None,
    as_of: AsOfOption = None,
    fail_under: Annotated[Optional[float], typer.Option(
        "--fail-under", metavar="PCT", show_default=False, min=0, max=100,
        help="Exit 1 when lead→opportunity conversion over the period is below PCT (the marketing SLA's 35%).")] = None,
    strict: StrictOption = False,
    sheet: SheetOption = None,
    map_: MapOption = None,
    config: ConfigOption = None,
    json_: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Stages reached (Lead, MQL, SQL, Opportunity, Customer), conversion by monthly cohort against
    the SOP's targets (lead→MQL 35%, MQL→SQL 40%, SQL→opportunity 70%), time in stage, and the
    marketing SLA (50 leads a month, lead→opportunity 35%).

    [bold]Example[/bold]: revops funnel report --leads hubspot_contacts.csv --opportunities opportunities.csv --by source
    """
    if by is not None and by not in BY_FIELDS:
        raise RevopsInputError(f"--by {by!r}: choose one of {', '.join(BY_FIELDS)}.")
    run = start(config=config, json_mode=json_, quiet=quiet)
    now = parse_now(as_of, run.config, option="--as-of")
    start_at, end_at = parse_period(from_, to, run.config.general.timezone)
    table, mapping = read_input(run, leads, sheet=sheet, map_options=map_)
    opps, opp_mapping = _opportunities(run, opportunities)
    result = funnel_report(table.frame, mapping, run.config, opportunities=opps, opportunity_mapping=opp_mapping,
                           by=by, start=start_at, end=end_at, now=now)
    frame_table(run, f"funnel report: {leads}", result.stages, ["stage", "reached", "to_next", "rate", "target", "met"])
    frame_table(run, "Cohorts by creation month", result.cohorts,
                 ["cohort", "partial", "Lead", "MQL", "SQL", "Opportunity", "Customer", "lead_to_mql",
                  "mql_to_sql", "sql_to_opportunity", "lead_to_opportunity"])
    if by is not None and result.groups is not None:
        frame_table(run, f"By {by}", result.groups, list(result.groups.columns)[:12])
    frame_table(run, "Time in stage (median days)", result.time_in_stage, ["stage", "to", "leads", "median_days"])
    frame_table(run, "Marketing SLA: leads a month", result.marketing_sla,
                 ["month", "partial", "leads", "leads_target", "leads_met", "opportunities", "lead_to_opportunity",
                  "lead_to_opportunity_target", "lead_to_opportunity_met"])
    if result.source_sla is not None and not result.source_sla.empty:
        frame_table(run, "Marketing SLA by source (funnel.marketing_sla.source_breakdown)", result.source_sla,
                     list(result.source_sla.columns)[:9])
    if result.acceptance_rate is not None:
        run.reporter.line(f"Lead acceptance {result.acceptance_rate:.1f}% (target {result.acceptance_target:g}%).")
    missed = result.stages["met"].eq(False).sum() if "met" in result.stages.columns else 0
    reached = dict(zip(result.stages["stage"], result.stages["reached"])) if len(result.stages) else {}
    lead_to_opportunity = (100.0 * reached.get("Opportunity", 0) / reached["Lead"]) if reached.get("Lead") else None
    run.reporter.line((f"{int(missed)} stage conversion(s) below the SOP target." if missed
                       else "Every stage conversion meets its SOP target.")
                      + (f" Lead→opportunity {lead_to_opportunity:.1f}%." if lead_to_opportunity is not None else ""),
                      style="bold red" if missed else None)
    failed = fail_under is not None and lead_to_opportunity is not None and lead_to_opportunity < fail_under
    run.reporter.json({"leads": leads, "opportunities": opportunities, "by": by, "as_of": now.isoformat(),
                       "lead_to_opportunity_percent": lead_to_opportunity, "fail_under": fail_under, "failed": failed,
                       **result.summary()})
    if failed or (strict and missed):
        raise typer.Exit(1)


# --------------------------------------------------------------------------- campaigns


@campaign_app.command("roi")
def roi(
    campaigns: CampaignsOption,
    opportunities: OpportunitiesOption = None,
    model: Annotated[str, typer.Option("--model", help="Attribution: last_touch, first_touch or linear.")] = "last_touch",
    costs: Annotated[Optional[str], typer.Option(
        "--costs", metavar="COSTS", show_default=False,
        help="Itemised cost lines per campaign (Media/Creative/Tools/Labor columns, or Component + Amount); "
             "their sum becomes each campaign's cost.")] = None,
    sheet: SheetOption = None,
    config: ConfigOption = None,
    json_: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """ROI = (Revenue − Cost) / Cost × 100 per campaign; Revenue = closed won + open pipeline × stage
    probability; Cost = media + creative + tools + labour (or the actual cost).

    [bold]Example[/bold]: revops campaign roi --campaigns campaigns.xlsx --opportunities opportunities.csv
    """
    if model not in ("last_touch", "first_touch", "linear"):
        raise RevopsInputError(f"--model {model!r}: choose last_touch, first_touch or linear.")
    run = start(config=config, json_mode=json_, quiet=quiet)
    table, mapping = read_input(run, campaigns, sheet=sheet, schema="campaigns")
    opps, opp_mapping = _opportunities(run, opportunities)
    frame, unmatched_costs = table.frame, 0
    if costs:
        cost_table, cost_mapping = read_input(run, costs, schema="campaigns")
        frame, mapping, unmatched_costs = apply_cost_file(frame, mapping, cost_table.frame, cost_mapping, run.config,
                                                          source=costs)
    result = campaign_roi(frame, mapping, run.config, opportunities=opps, opportunity_mapping=opp_mapping,
                          model=model)
    frame_table(run, f"campaign roi: {campaigns} ({model})", result.frame,
                 ["campaign", "cost", "closed_won", "weighted_pipeline", "revenue", "roi_percent", "cost_per_lead",
                  "opportunities", "cost_per_opportunity", "roi_note"])
    totals = result.totals
    run.reporter.line(f"Total: cost {_money(totals.get('cost'))}, revenue {_money(totals.get('revenue'))}, ROI "
                      + (f"{totals['roi_percent']:,.2f}%" if totals.get("roi_percent") is not None else "—")
                      + f"; {result.unattributed_opportunities:,} opportunities name no campaign of this file.")
    if unmatched_costs:
        run.reporter.line(f"{unmatched_costs} cost line(s) in {costs} name no campaign of {campaigns}.", style="yellow")
    if result.cost_mismatches:
        run.reporter.line(f"{result.cost_mismatches} campaign(s) whose cost lines do not add up to the actual cost.",
                          style="yellow")
    run.reporter.json({"campaigns_file": campaigns, "opportunities_file": opportunities, "costs_file": costs,
                       **result.summary(), "rows": json_records(result.frame)})


@campaign_app.command("audit")
def audit(
    campaigns: CampaignsOption,
    strict: StrictOption = False,
    sheet: SheetOption = None,
    config: ConfigOption = None,
    json_: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Optimisation triggers (open < 15%, click < 2%, conversion < 1%, bounce > 5%, unsubscribe > 1%)
    with the action each calls for, and the budget approval matrix.

    [bold]Example[/bold]: revops campaign audit --campaigns campaigns.xlsx
    """
    run = start(config=config, json_mode=json_, quiet=quiet)
    table, mapping = read_input(run, campaigns, sheet=sheet, schema="campaigns")
    result = campaign_audit(table.frame, mapping, run.config)
    frame_table(run, f"campaign audit: {campaigns}", result.frame,
                 ["campaign", "open_rate", "click_rate", "conversion_rate", "bounce_rate", "unsubscribe_rate",
                  "actions"])
    frame_table(run, "Budget approvals (Campaign Execution SOP)", result.frame,
                 ["campaign", "budget", "in_scope", "approver_required", "approver_recorded", "approval_status"])
    actions = int(result.frame["actions"].map(len).gt(0).sum()) if "actions" in result.frame.columns else 0
    bad = {k: v for k, v in result.approvals.items() if k != "ok" and v}
    run.reporter.line(f"{actions} campaign(s) with actions to take; approvals: "
                      + (", ".join(f"{k.replace('_', ' ')} {v}" for k, v in bad.items()) or "all at the right level")
                      + ".", style="bold red" if (actions or bad) else None)
    run.reporter.json({"campaigns_file": campaigns, **result.summary(), "rows": json_records(result.frame)})
    if strict and (actions or bad):
        raise typer.Exit(1)


@campaign_app.command("lint")
def lint(
    campaigns: CampaignsOption,
    strict: StrictOption = False,
    sheet: SheetOption = None,
    config: ConfigOption = None,
    json_: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Campaign names (YYYY-MM-Type-Name), UTM parameters and tracking URLs, and the email pre-send
    checklist (subject < 50 characters, unsubscribe link, spam score < 5).

    [bold]Example[/bold]: revops campaign lint --campaigns campaigns.xlsx --strict
    """
    run = start(config=config, json_mode=json_, quiet=quiet)
    table, mapping = read_input(run, campaigns, sheet=sheet, schema="campaigns")
    result = campaign_lint(table.frame, mapping, run.config)
    frame_table(run, f"campaign lint: {campaigns}", result.problems, ["campaign", "check", "value", "message"],
                 limit=200)
    run.reporter.line("No problems." if result.passed else f"{len(result.problems):,} problem(s).",
                      style=None if result.passed else "bold red")
    run.reporter.json({"campaigns_file": campaigns, **result.summary(), "problems": json_records(result.problems)})
    if strict and not result.passed:
        raise typer.Exit(1)


# --------------------------------------------------------------------------- events


@event_app.command("roi")
def event(
    events: Annotated[str, typer.Option("--events", metavar="EVENTS", show_default=False,
                                        help="Event sheet: budget lines estimated and actual, leads, meetings, pipeline.")],
    leads: Annotated[Optional[str], typer.Option(
        "--leads", metavar="EVENT_LEADS", show_default=False,
        help="Event leads (badge scans) with their event and assigned time: follow-up within 2 days.")] = None,
    opportunities: OpportunitiesOption = None,
    strict: StrictOption = False,
    sheet: SheetOption = None,
    config: ConfigOption = None,
    json_: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Event ROI = (pipeline generated − total cost) / total cost × 100 against the 300% target,
    each budget line estimated vs actual, cost per lead and per meeting, and post-event follow-up.

    [bold]Example[/bold]: revops event roi --events events.xlsx --leads event_leads.csv
    """
    run = start(config=config, json_mode=json_, quiet=quiet)
    table, mapping = read_input(run, events, sheet=sheet, schema="events")
    lead_frame = lead_mapping = None
    if leads:
        lead_table, lead_mapping = read_input(run, leads)
        lead_frame = lead_table.frame
    opps, opp_mapping = _opportunities(run, opportunities)
    result = event_roi(table.frame, mapping, run.config, leads=lead_frame, lead_mapping=lead_mapping,
                       opportunities=opps, opportunity_mapping=opp_mapping)
    frame_table(run, f"event roi: {events}", result.events,
                 ["event", "status", "actual_total", "pipeline", "roi_pct", "roi_met", "leads_captured", "meetings",
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

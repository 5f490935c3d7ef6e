"""`revops campaign roi|audit|lint`: the Campaign Execution SOP."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from revops_cli.cli.common import (
    main_input,
    frame_table,
    json_records,
    money_text,
    read_input,
    read_opportunities,
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
    apply_cost_file,
    campaign_audit,
    campaign_lint,
    campaign_roi,
)
from revops_cli.errors import RevopsInputError


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
    opps, opp_mapping = read_opportunities(run, opportunities)
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
    run.reporter.line(f"Total: cost {money_text(totals.get('cost'))}, revenue {money_text(totals.get('revenue'))}, ROI "
                      + (f"{totals['roi_percent']:,.2f}%" if totals.get("roi_percent") is not None else "—")
                      + f"; {result.unattributed_opportunities:,} opportunities name no campaign of this file.")
    if unmatched_costs:
        run.reporter.line(f"{unmatched_costs} cost line(s) in {costs} name no campaign of {campaigns}.", style="yellow")
    if result.cost_mismatches:
        run.reporter.line(f"{result.cost_mismatches} campaign(s) whose cost lines do not add up to the actual cost.",
                          style="yellow")
    run.reporter.json({"campaigns_file": campaigns, "opportunities_file": opportunities, "costs_file": costs,
                       **result.summary(), "rows": json_records(result.frame)})


def audit(
    file: MainFileArgument = None,
    campaigns: CampaignsOption = None,
    strict: StrictOption = False,
    sheet: SheetOption = None,
    map_: MapOption = None,
    config: ConfigOption = None,
    json_: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Optimisation triggers (open < 15%, click < 2%, conversion < 1%, bounce > 5%, unsubscribe > 1%)
    with the action each calls for, and the budget approval matrix.

    **Example**: revops campaign audit --campaigns campaigns.xlsx
    """
    campaigns = main_input(file, campaigns, "--campaigns")
    run = start(config=config, json_mode=json_, quiet=quiet)
    table, mapping = read_input(run, campaigns, sheet=sheet, map_options=map_, schema="campaigns")
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

"""`revops funnel report`: the funnel by cohort against the Lead Management SOP's KPI targets and the marketing SLA."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from revops_cli.cli.common import (
    main_input,
    frame_table,
    parse_now,
    parse_period,
    read_input,
    read_opportunities,
    report_not_measured,
    start,
)
from revops_cli.cli.options import (
    MainFileArgument,
    AsOfOption,
    ConfigOption,
    FromOption,
    JsonOption,
    MapOption,
    OpportunitiesOption,
    QuietOption,
    SheetOption,
    StrictOption,
    ToOption,
)
from revops_cli.core.marketing.funnel import BY_FIELDS, STAGES, TRANSITIONS, funnel_report
from revops_cli.errors import RevopsInputError


def funnel(
    file: MainFileArgument = None,
    leads: Annotated[Optional[str], typer.Option("--leads", metavar="LEADS", show_default=False,
                                       help="Leads or contacts export (lifecycle stage/status, stage dates).")] = None,
    opportunities: OpportunitiesOption = None,
    by: Annotated[Optional[str], typer.Option("--by", metavar="FIELD", show_default=False,
                                              help=f"Also break the funnel down by: {', '.join(BY_FIELDS)}.")] = None,
    from_: FromOption = None,
    to: ToOption = None,
    as_of: AsOfOption = None,
    rows_are: Annotated[Optional[str], typer.Option(
        "--rows-are", metavar="STAGE", show_default=False,
        help="The stage every row of the leads file has reached, e.g. MQL for a table of marketing-qualified "
             "leads (default: MQL when the file has an mql_id column, else Lead).")] = None,
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

    A table of marketing-qualified leads and a table of closed deals linked by an id column (mql_id,
    lead_id, contact_id, Converted Lead ID) give the funnel its won deals. A conversion the files cannot
    show is "not measured", never 0%.

    **Example**: revops funnel report --leads hubspot_contacts.csv --opportunities opportunities.csv --by source

    **Example**: revops funnel report --leads mqls.csv --opportunities closed_deals.csv
    """
    leads = main_input(file, leads, "--leads")
    if rows_are is not None:
        rows_are = next((s for s in STAGES if s.casefold() == rows_are.strip().casefold()), None) or rows_are
        if rows_are not in STAGES:
            raise RevopsInputError(f"--rows-are {rows_are!r}: choose one of {', '.join(STAGES)}.")
    if by is not None and by not in BY_FIELDS:
        raise RevopsInputError(f"--by {by!r}: choose one of {', '.join(BY_FIELDS)}.")
    run = start(config=config, json_mode=json_, quiet=quiet)
    now = parse_now(as_of, run.config)
    start_at, end_at = parse_period(from_, to, run.config.general.timezone)
    with run.reporter.live():
        table, mapping = read_input(run, leads, sheet=sheet, map_options=map_)
        opps, opp_mapping = read_opportunities(run, opportunities)
        run.reporter.step("counting the funnel")
        result = funnel_report(table.frame, mapping, run.config, opportunities=opps, opportunity_mapping=opp_mapping,
                               by=by, start=start_at, end=end_at, now=now, base_stage=rows_are)
    if fail_under is not None and "lead_to_opportunity" in result.not_measured:
        raise RevopsInputError(f"--fail-under: lead→opportunity is {result.not_measured['lead_to_opportunity']}, "
                               "so there is nothing to compare; give --opportunities or drop --fail-under.")
    stages = result.stages.copy()
    stages["rate"] = [("not measured" if name in result.not_measured else rate)
                      for name, rate in zip(stages["to_next"], stages["rate"])]
    frame_table(run, f"funnel report: {leads}", stages, ["stage", "reached", "to_next", "rate", "target", "met"])
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
    for problem in result.problems:
        run.reporter.line(problem, style="yellow")
    report_not_measured(run, result.not_measured)
    missed = result.stages["met"].eq(False).sum() if "met" in result.stages.columns else 0
    targeted = [name for name, _, _, target in TRANSITIONS if target is not None]
    measured = [name for name in targeted if name not in result.not_measured]
    reached = dict(zip(result.stages["stage"], result.stages["reached"])) if len(result.stages) else {}
    lead_to_opportunity = ((100.0 * reached.get("Opportunity", 0) / reached["Lead"]) if reached.get("Lead")
                           and "lead_to_opportunity" not in result.not_measured else None)
    first = "lead" if result.base_stage == "Lead" else result.base_stage
    if missed:
        verdict = f"{int(missed)} stage conversion(s) below the SOP target."
    elif measured:
        verdict = ("Every stage conversion meets its SOP target." if len(measured) == len(targeted)
                   else f"Every measured stage conversion meets its SOP target ({len(targeted) - len(measured)} "
                        "not measured).")
    else:
        verdict = "No stage conversion with an SOP target could be measured."
    run.reporter.line(verdict + (f" {first.capitalize() if first == 'lead' else first}→opportunity "
                                 f"{lead_to_opportunity:.1f}%." if lead_to_opportunity is not None else ""),
                      style="bold red" if missed else None)
    failed = fail_under is not None and lead_to_opportunity is not None and lead_to_opportunity < fail_under
    run.reporter.json({"leads": leads, "opportunities": opportunities, "by": by, "as_of": now.isoformat(),
                       "lead_to_opportunity_percent": lead_to_opportunity, "fail_under": fail_under, "failed": failed,
                       **result.summary()})
    if failed or (strict and missed):
        raise typer.Exit(1)

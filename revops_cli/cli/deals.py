"""`revops deals audit`: the Sales Process SOP's stage time limits, discount approvals, past-due close dates and next steps."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from revops_cli.cli.common import (
    main_input,
    Run,
    beside_config,
    frame_table,
    json_records,
    parse_approvers,
    parse_now,
    read_input,
    require_field,
    start,
    write_output,
)
from revops_cli.cli.options import (
    MainFileArgument,
    ApproverOption,
    AsOfOption,
    ConfigOption,
    HistoryOption,
    JsonOption,
    MapOption,
    ProblemsOption,
    QuietOption,
    SheetOption,
)
from revops_cli.core.sales.deals import OWNER_COLUMNS, DealsAudit, audit_deals
from revops_cli.io import read_table
from revops_cli.io.write import check_output_path
from revops_cli.render import simple_table


def deals_audit(
    file: MainFileArgument = None,
    opportunities: Annotated[Optional[str], typer.Option(
        "--opportunities", metavar="OPPORTUNITIES", show_default=False,
        help="Opportunity export: id, name, owner, stage, stage-entered date, close date, amount, discount, "
             "discount approved by, next step.")] = None,
    history: HistoryOption = None,
    reps: Annotated[Optional[str], typer.Option(
        "--reps", metavar="REPS", show_default=False,
        help="Roster with Name and Role columns, to know each approver's level (default: routing.reps_file next to "
             "revops.toml).")] = None,
    approver: ApproverOption = None,
    as_of: AsOfOption = None,
    problems: ProblemsOption = None,
    fail_under: Annotated[Optional[float], typer.Option(
        "--fail-under", metavar="PCT", show_default=False, min=0, max=100,
        help="Exit 1 when fewer than PCT % of open deals are free of problems (stage time, discount approval, "
             "past-due close date, next step, amount).")] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Exit 1 on any problem.")] = False,
    sheet: SheetOption = None,
    map_: MapOption = None,
    config: ConfigOption = None,
    json_: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Audit open deals against the Sales Process SOP: days in stage over the limit (Prospecting 7,
    Discovery 14, Solution Design 14, Proposal 7, Negotiation 14), discounts against the approval
    matrix (0-10% rep, 11-20% manager, 21-30% VP Sales, >30% CEO), close dates in the past on open
    deals, and open deals without a next step or amount.

    **Example**: revops deals audit --opportunities opps.csv --history stage-history.csv --approver 'Victoria Hale=VP Sales' --as-of 2026-11-20
    """
    opportunities = main_input(file, opportunities, "--opportunities")
    run = start(config=config, json_mode=json_, quiet=quiet)
    reps_path = beside_config(run, reps, run.config.routing.reps_file)
    inputs = [opportunities, *([history] if history else []), *([reps_path] if reps_path else [])]
    if problems:
        check_output_path(problems, inputs)
    people = {**run.config.deals.approvers, **parse_approvers(approver)}
    now = parse_now(as_of, run.config)

    table, mapping = read_input(run, opportunities, sheet=sheet, map_options=map_, schema="opportunities")
    require_field(mapping, opportunities, "stage", "'Stage' or 'Deal Stage'")
    history_frame = history_mapping = None
    if history:
        history_table, history_mapping = read_input(run, history, schema="stage_history")
        for field, looked in (("opportunity_id", "'Opportunity ID' or 'Deal ID'"), ("stage", "'Stage' or 'To Stage'"),
                              ("changed_at", "'Changed At' or 'Last Modified'")):
            require_field(history_mapping, history, field, looked)
        history_frame = history_table.frame
    roster = read_table(reps_path).frame if reps_path else None
    result = audit_deals(table.frame, mapping, run.config, now=now, history=history_frame,
                         history_mapping=history_mapping, roster=roster, people=people)
    if problems:
        write_output(run, result.problems, problems, inputs=inputs)

    _deals_report(run, result, source=opportunities)
    totals = result.totals
    failed = ((fail_under is not None and totals["hygiene_pct"] is not None and totals["hygiene_pct"] < fail_under)
              or (strict and totals["problems"] > 0))
    run.reporter.json({"opportunities": opportunities, "history": history, "reps": reps_path,
                       "as_of": now.isoformat(), "problems_file": problems, "fail_under": fail_under,
                       "strict": strict, "failed": failed, "read": table.info.to_dict(),
                       "totals": totals, "owners": json_records(result.owners),
                       "problems": json_records(result.problems)})
    if failed:
        raise typer.Exit(1)


def _deals_report(run: Run, result: DealsAudit, *, source: str) -> None:
    totals, deals = result.totals, result.deals
    limits = ", ".join(f"{stage} {days}" for stage, days in run.config.deals.stage_limits_days.items())
    checks = [[label, f"{totals[key]:,}", rule] for key, label, rule in (
        ("over_limit", "over stage time limit", f"days: {limits}"),
        ("discount_too_junior", "discount approved too low", "approval matrix"),
        ("discount_missing", "discount without approval", ""),
        ("discount_unknown", "discount approver unknown", "not on the roster or in deals.approvers"),
        ("past_due", "close date in the past", "open deals"),
        ("missing_next_step", "no next step", "open deals"),
        ("missing_amount", "no amount", "open deals"))]
    run.reporter.line(f"deals audit: {source}")
    run.reporter.table(simple_table(f"{totals['deals']:,} deals, {totals['open_deals']:,} open",
                                    ["check", "deals", "rule"], checks, justify=["left", "right", "left"]))
    frame_table(run, "By owner", result.owners, OWNER_COLUMNS)
    over = deals[deals["over_limit"]].sort_values("days_over", ascending=False)
    over = over.assign(day=over["days_in_stage"].astype("Int64").astype(str) + " of "
                       + over["stage_limit"].astype("Int64").astype(str), days_over=over["days_over"].astype("Int64"))
    frame_table(run, "Over the stage time limit, worst first", over,
                ["opportunity_id", "owner", "stage", "day", "days_over"], limit=15)
    approvals = deals[deals["approval_status"].isin(["too_junior", "missing", "unknown"])]
    approvals = approvals.assign(
        discount=approvals["discount_pct"].map(lambda v: f"{v:g}%"), needs=approvals["needed_approver"],
        approved_by=(approvals["approver"].fillna("nobody") + " ("
                     + approvals["approver_role"].fillna("level unknown") + ")").where(approvals["approver"].notna(),
                                                                                      "nobody"),
        order=approvals["approval_status"].map({"too_junior": 0, "missing": 1, "unknown": 2}))
    approvals = approvals.sort_values(["order", "discount_pct"], ascending=[True, False])
    frame_table(run, "Discounts approved below the matrix, missing or by someone of unknown level", approvals,
                ["opportunity_id", "owner", "discount", "needs", "approved_by"], limit=30)
    late = deals[deals["past_due"]].sort_values("days_past_due", ascending=False)
    late = late.assign(close=late["close_date"].dt.strftime("%Y-%m-%d"),
                       days_past=late["days_past_due"].astype("Int64"))
    frame_table(run, "Open deals with a past close date", late,
                ["opportunity_id", "owner", "stage", "close", "days_past"], limit=15)
    hygiene = totals["hygiene_pct"]
    if hygiene is not None:
        run.reporter.line(f"{totals['open_deals_clean']:,} of {totals['open_deals']:,} open deals ({hygiene:.1f}%) "
                          f"have no problem; {totals['days_over_total']:,} days over stage limits in all. "
                          "--problems FILE lists every finding.", style=None if totals["problems"] == 0 else "bold")
    if totals["open_deals_undated"]:
        run.reporter.line(f"Open deals without a stage-entered date: {totals['open_deals_undated']:,}; their stage "
                          "time was not judged. Add a 'Stage Entered Date' column or --history stage-history.csv.")
    if totals["discount_unknown"]:
        run.reporter.line("Approvers of unknown level: add them with --approver 'NAME=ROLE' or \\[deals.approvers] "
                          "in revops.toml, or give --reps.")

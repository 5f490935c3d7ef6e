"""`revops deals audit` (Sales Process SOP: stage time limits, discount approvals, past-due close
dates, next steps) and `revops handoff audit` (Customer Handoff SOP: form, kickoff, CSAT, time to
value, NPS). Each reads, calls one core function and renders its findings.
"""

from __future__ import annotations

from typing import Annotated, Optional

import pandas as pd
import typer

from revops_cli.cli.common import (Run, beside_config, frame_table, json_records, parse_approvers, parse_now,
                                   read_input, start)
from revops_cli.cli.options import (ApproverOption, AsOfOption, ConfigOption, HistoryOption, JsonOption, MapOption,
                                    QuietOption, SheetOption, StrictOption)
from revops_cli.core.sales.deals import OWNER_COLUMNS, DealsAudit, audit_deals
from revops_cli.core.sales.handoff import HandoffAudit, audit_handoffs, follow_ups
from revops_cli.errors import RevopsInputError
from revops_cli.io import read_table
from revops_cli.io.write import check_output_path, write_table
from revops_cli.render import simple_table

deals_app = typer.Typer(help="Sales Process SOP: deals over their stage's time limit, discount approvals, past-due "
                             "close dates, missing next steps.", no_args_is_help=True)
handoff_app = typer.Typer(help="Customer Handoff SOP: form completeness, kickoff within 3 days, 30-day CSAT, time "
                               "to first value, NPS.", no_args_is_help=True)

ProblemsOption = Annotated[Optional[str], typer.Option(
    "--problems", metavar="FILE", show_default=False, help="Write every finding, one row per problem.")]


@deals_app.command("audit")
def deals_audit(
    opportunities: Annotated[str, typer.Option(
        "--opportunities", metavar="OPPORTUNITIES", show_default=False,
        help="Opportunity export: id, name, owner, stage, stage-entered date, close date, amount, discount, "
             "discount approved by, next step.")],
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

    [bold]Example[/bold]: revops deals audit --opportunities opps.csv --history stage-history.csv --approver 'Victoria Hale=VP Sales' --as-of 2026-11-20
    """
    run = start(config=config, json_mode=json_, quiet=quiet)
    reps_path = beside_config(run, reps, run.config.routing.reps_file)
    inputs = [opportunities, *([history] if history else []), *([reps_path] if reps_path else [])]
    if problems:
        check_output_path(problems, inputs)
    people = {**run.config.deals.approvers, **parse_approvers(approver)}
    now = parse_now(as_of, run.config, option="--as-of")

    table, mapping = read_input(run, opportunities, sheet=sheet, map_options=map_, schema="opportunities")
    _require(mapping, opportunities, "stage", "'Stage' or 'Deal Stage'")
    history_frame = history_mapping = None
    if history:
        history_table, history_mapping = read_input(run, history, schema="stage_history")
        for field, looked in (("opportunity_id", "'Opportunity ID' or 'Deal ID'"), ("stage", "'Stage' or 'To Stage'"),
                              ("changed_at", "'Changed At' or 'Last Modified'")):
            _require(history_mapping, history, field, looked)
        history_frame = history_table.frame
    roster = read_table(reps_path).frame if reps_path else None
    result = audit_deals(table.frame, mapping, run.config, now=now, history=history_frame,
                         history_mapping=history_mapping, roster=roster, people=people)
    if problems:
        write_table(result.problems, problems, inputs=inputs)

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


def _require(mapping, source: str, field: str, looked_for: str) -> None:
    if mapping.get(field) is None:
        raise RevopsInputError(f"{source}: no {field.replace('_', ' ')} column (looked for {looked_for}, ...); "
                               f"name it with --map {field}='Your Header'.")


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


@handoff_app.command("audit")
def handoff_audit(
    handoffs: Annotated[str, typer.Option(
        "--handoffs", metavar="HANDOFFS", show_default=False,
        help="Handoff sheet: account, CSM, close date, kickoff date, form fields, first value date, 30-day CSAT, "
             "NPS.")],
    required: Annotated[Optional[list[str]], typer.Option(
        "--required", metavar="HEADER", show_default=False,
        help="A form field that must be filled (repeatable). Default: every column but ids, dates and survey "
             "scores.")] = None,
    as_of: AsOfOption = None,
    problems: ProblemsOption = None,
    fail_under: Annotated[Optional[float], typer.Option(
        "--fail-under", metavar="PCT", show_default=False, min=0, max=100,
        help="Exit 1 when kickoffs within the SOP's days are below PCT % (SOP target 95).")] = None,
    strict: StrictOption = False,
    sheet: SheetOption = None,
    map_: MapOption = None,
    config: ConfigOption = None,
    json_: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Audit customer handoffs against the Customer Handoff SOP, per CSM and overall: handoff form
    complete (100%), kickoff within 3 days of close (95%), 30-day satisfaction above 8/10, time to
    first value under 14 days, handoff NPS above 50 (% promoters 9-10 minus % detractors 0-6).

    [bold]Example[/bold]: revops handoff audit --handoffs handoffs.csv --as-of 2026-11-20 --problems incomplete.csv
    """
    run = start(config=config, json_mode=json_, quiet=quiet)
    if problems:
        check_output_path(problems, [handoffs])
    now = parse_now(as_of, run.config, option="--as-of")
    table, mapping = read_input(run, handoffs, sheet=sheet, map_options=map_, schema="handoffs")
    _require(mapping, handoffs, "close_date", "'Close Date' or 'Closed Won Date'")
    required_columns = None
    if required:
        by_header = {h.strip().casefold(): c for c, h in (table.header_map or {}).items()}
        by_header.update({str(c).strip().casefold(): c for c in table.frame.columns})
        unknown = [r for r in required if r.strip().casefold() not in by_header]
        if unknown:
            raise RevopsInputError(f"{handoffs}: --required {unknown[0]!r} is not a column; the columns are "
                                   + ", ".join(map(str, table.frame.columns)) + ".")
        required_columns = [by_header[r.strip().casefold()] for r in required]
    result = audit_handoffs(table.frame, mapping, run.config, now=now, required=required_columns)
    findings = follow_ups(result, table.frame, mapping)
    if problems:
        write_table(findings, problems, inputs=[handoffs])

    _handoff_report(run, result, findings, source=handoffs)
    overall = result.overall
    missed = [m for m in ("form_complete", "kickoff", "csat", "ttv", "nps") if overall[f"{m}_met"] is False]
    failed = ((fail_under is not None and overall["kickoff_pct"] is not None and overall["kickoff_pct"] < fail_under)
              or (strict and bool(missed)))
    run.reporter.json({"handoffs": handoffs, "as_of": now.isoformat(), "problems_file": problems,
                       "fail_under": fail_under, "strict": strict, "failed": failed, "missed": missed,
                       "read": table.info.to_dict(), **result.to_dict()})
    if failed:
        raise typer.Exit(1)


def _handoff_report(run: Run, result: HandoffAudit, findings: pd.DataFrame, *, source: str) -> None:
    targets = result.targets

    def show(value, unit="", digits=1):
        return "—" if value is None or value != value else f"{value:.{digits}f}{unit}"

    def mark(met):
        return {True: "pass", False: "FAIL", None: "not measured"}[met]

    def figures(o):
        return [show(o["form_complete_pct"], "%"), show(o["kickoff_pct"], "%"), show(o["csat_avg"], digits=2),
                show(o["ttv_avg_days"], " d"), show(o["nps"], digits=1)]

    o = result.overall
    rows = [["handoff form complete", show(o["form_complete_pct"], "%"), f"{targets['form_complete']:g}%",
             f"{o['form_complete']:,} of {o['handoffs']:,}", mark(o["form_complete_met"])],
            [f"kickoff ≤ {targets['kickoff_days']} days after close", show(o["kickoff_pct"], "%"),
             f"≥ {targets['kickoff_target']:g}%", f"{o['kickoff_within']:,} of {o['kickoff_n']:,}"
             + (f" ({o['kickoff_pending']:,} pending)" if o["kickoff_pending"] else ""), mark(o["kickoff_met"])],
            ["CSAT at 30 days (mean)", show(o["csat_avg"], digits=2), f"> {targets['csat_30d']:g}",
             f"{o['csat_n']:,} surveys", mark(o["csat_met"])],
            ["time to first value (mean)", show(o["ttv_avg_days"], " days"),
             f"< {targets['time_to_value_days']} days", f"{o['ttv_n']:,} reached", mark(o["ttv_met"])],
            ["handoff NPS", show(o["nps"]), f"> {targets['nps']}",
             f"promoters {o['promoters']}, passives {o['passives']}, detractors {o['detractors']}",
             mark(o["nps_met"])]]
    run.reporter.table(simple_table(f"handoff audit: {source} — {o['handoffs']:,} handoffs",
                                    ["metric", "value", "target", "of", "result"], rows,
                                    justify=["left", "right", "right", "left", "left"]))
    by_csm = [[r["csm"], f"{r['handoffs']:,}", *figures(r)] for r in result.by_csm.to_dict("records")]
    run.reporter.table(simple_table("By CSM", ["CSM", "handoffs", "form complete", "kickoff on time", "CSAT",
                                               "time to value", "NPS"], by_csm,
                                    justify=["left"] + ["right"] * 6))
    if len(findings):  # one line per handoff; the details say what each finding is
        grouped = findings.groupby(["handoff", "account", "csm"], sort=False)["detail"].agg("; ".join).reset_index()
        frame_table(run, "To follow up (--problems FILE has one row per finding)", grouped,
                    ["handoff", "account", "csm", "detail"], limit=30)


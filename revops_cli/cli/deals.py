"""`revops deals audit` (the Sales Process SOP's stage time limits, discount approvals, past-due close dates and
next steps) and `revops deals inspect` (its exit criteria, stage by stage)."""

from __future__ import annotations

from typing import Annotated, Optional

import pandas as pd
import typer
from rich.markup import escape

from revops_cli.cli.common import (
    main_input,
    Run,
    beside_config,
    frame_table,
    json_records,
    money_text,
    read_exports,
    parse_approvers,
    parse_now,
    read_input,
    report_not_measured,
    require_field,
    start,
    write_output,
)
from revops_cli.columns import ColumnMapping, parse_map_options
from revops_cli.columns.detect import header_key
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
from revops_cli.core.metrics import NotMeasured, not_measured_json
from revops_cli.core.sales.deals import HYGIENE_CHECKS, OWNER_COLUMNS, DealsAudit, audit_deals
from revops_cli.core.sales.inspection import DealInspection, inspect_deals
from revops_cli.core.sales.stages import VIA_SOP
from revops_cli.errors import RevopsInputError
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
    require_deal_state(mapping, opportunities)
    history_frame, history_mapping = read_history(run, history)
    roster = read_table(reps_path).frame if reps_path else None
    result = audit_deals(table.frame, mapping, run.config, now=now, history=history_frame,
                         history_mapping=history_mapping, roster=roster, people=people)
    if problems:
        write_output(run, result.problems, problems, inputs=inputs)

    _deals_report(run, result, source=opportunities)
    totals = result.totals
    failed, unjudged = judge(
        figure=totals["hygiene_pct"], fail_under=fail_under, figure_why=result.not_measured.get("hygiene"),
        strict=strict, problems=totals["problems"],
        strict_why=None if totals["hygiene_checks"] else NotMeasured("none of its checks could run"))
    run.reporter.json({"opportunities": opportunities, "history": history, "reps": reps_path,
                       "as_of": now.isoformat(), "problems_file": problems, "fail_under": fail_under,
                       "strict": strict, "failed": failed, "read": table.info.to_dict(),
                       "totals": totals, "not_measured": not_measured_json(result.not_measured),
                       "stage_not_mapped": result.stage_not_mapped, "stages": json_records(result.stages),
                       "owners": json_records(result.owners), "problems": json_records(result.problems)})
    finish(failed, unjudged)


def require_deal_state(mapping: ColumnMapping, source: str) -> None:
    """Exit 2 when nothing in the export can say a deal's stage or whether it is open: no stage, closed flag or
    status column."""
    if not any(mapping.get(f) for f in ("stage", "is_closed", "is_closed_won", "won", "won_at", "deal_status")):
        require_field(mapping, source, "stage", "'Stage', 'Deal Stage', 'IsClosed' or 'Status'")


def read_history(run: Run, history: str | None) -> tuple[pd.DataFrame | None, ColumnMapping | None]:
    """The --history export and its columns (exit 2 naming a column it lacks), or (None, None)."""
    if not history:
        return None, None
    history_table, history_mapping = read_input(run, history, schema="stage_history")
    for field, looked in (("opportunity_id", "'Opportunity ID' or 'Deal ID'"), ("stage", "'Stage' or 'To Stage'"),
                          ("changed_at", "'Changed At' or 'Last Modified'")):
        require_field(history_mapping, history, field, looked)
    return history_table.frame, history_mapping


def judge(*, figure: float | None, fail_under: float | None, figure_why: NotMeasured | None, strict: bool = False,
          problems: int = 0, strict_why: NotMeasured | None = None) -> tuple[bool | None, str | None]:
    """--fail-under / --strict as (failed, why nothing was judged): a missed threshold or, with --strict, any
    problem fails; a threshold whose figure was not measured neither passes nor fails (None: exit 2, never 0)."""
    failed, unjudged = False, None
    if fail_under is not None:
        if figure is None:
            unjudged = f"--fail-under {fail_under:g}: nothing to judge, the figure was {figure_why}"
        elif figure < fail_under:
            failed = True
    if strict:
        if problems:
            failed = True
        elif strict_why is not None and unjudged is None:
            unjudged = f"--strict: nothing to judge, {strict_why}"
    return (True, None) if failed else (None, unjudged) if unjudged else (False, None)


def finish(failed: bool | None, unjudged: str | None) -> None:
    """Exit 1 on a missed threshold; exit 2 (after the report and --json) when a threshold had nothing to judge."""
    if unjudged is not None:
        raise RevopsInputError(unjudged + ".")
    if failed:
        raise typer.Exit(1)


def _count(totals: dict, key: str) -> str:
    value = totals[key]
    return "—" if value is None else f"{value:,}"


def _deals_report(run: Run, result: DealsAudit, *, source: str) -> None:
    totals, deals, skipped = result.totals, result.deals, result.not_measured
    limits = ", ".join(f"{stage} {days}" for stage, days in run.config.deals.stage_limits_days.items())
    rows = []
    for key, check, label, rule in (
            ("over_limit", "stage_over_limit", "over stage time limit", f"days: {limits}"),
            ("discount_too_junior", "discount_approval", "discount approved too low", "approval matrix"),
            ("discount_missing", "discount_approval", "discount without approval", ""),
            ("discount_unknown", "discount_approval", "discount approver unknown",
             "not on the roster or in deals.approvers"),
            ("past_due", "past_due", "close date in the past", "open deals"),
            ("missing_next_step", "missing_next_step", "no next step", "open deals"),
            ("missing_amount", "missing_amount", "no amount", "open deals"),
            ("stage_not_mapped", None, "stage not mapped", "no SOP stage, open or closed: add to [deals.stage_map]")):
        if check in skipped:
            rows.append([label, "not measured", escape(skipped[check].text)])
        else:
            rows.append([label, _count(totals, key), escape(rule)])
    run.reporter.line(f"deals audit: {source}")
    title = (f"{totals['deals']:,} deals: {totals['open_deals']:,} open, {totals['closed_deals']:,} closed "
             f"({totals['won_deals']:,} won, {totals['lost_deals']:,} lost)")
    if totals["stage_not_mapped"]:
        title += f", {totals['stage_not_mapped']:,} in a stage not mapped"
    run.reporter.table(simple_table(title, ["check", "deals", "rule"], rows, justify=["left", "right", "left"]))
    _stage_vocabulary(run, result)
    if "owner" in skipped:
        report_not_measured(run, {"by owner": skipped["owner"]})
    else:
        frame_table(run, "By owner", result.owners, OWNER_COLUMNS)
    over = deals[deals["over_limit"]].sort_values("days_over", ascending=False)
    over = over.assign(day=over["days_in_stage"].astype("Int64").astype(str) + " of "
                       + over["stage_limit"].astype("Int64").astype(str), days_over=over["days_over"].astype("Int64"))
    shown_stage = ["stage"] if (over["stage"] == over["sop_stage"]).all() else ["stage", "sop_stage"]
    frame_table(run, "Over the stage time limit, worst first", over,
                ["opportunity_id", "owner", *shown_stage, "day", "days_over"], limit=15)
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
    if "hygiene" in skipped:
        report_not_measured(run, {"open deals with no problem": skipped["hygiene"]})
    else:
        counted = [c.replace("_", " ") for c in totals["hygiene_checks"]]
        left_out = [c.replace("_", " ") for c in HYGIENE_CHECKS if c not in totals["hygiene_checks"]]
        run.reporter.line(f"{totals['open_deals_clean']:,} of {totals['open_deals']:,} open deals "
                          f"({totals['hygiene_pct']:.1f}%) have no problem"
                          + (f" of the checks that ran ({', '.join(counted)}; not measured: {', '.join(left_out)})"
                             if left_out else "")
                          + (f"; {totals['days_over_total']:,} days over stage limits in all"
                             if totals["days_over_total"] is not None else "")
                          + ". --problems FILE lists every finding.", style=None if totals["problems"] == 0 else "bold")
    if totals["open_deals_undated"]:
        run.reporter.line(f"Open deals without a stage-entered date: {totals['open_deals_undated']:,}; their stage "
                          "time was not judged. Add a 'Stage Entered Date' column or --history stage-history.csv.")
    if totals["open_deals_no_close_date"]:
        run.reporter.line(f"Open deals without a readable close date: {totals['open_deals_no_close_date']:,}; "
                          "they cannot be past due.")
    if totals["discount_unknown"]:
        run.reporter.line("Approvers of unknown level: add them with --approver 'NAME=ROLE' or \\[deals.approvers] "
                          "in revops.toml, or give --reps.")


def _stage_vocabulary(run: Run, result: DealsAudit) -> None:
    """How each stage value was read (only when some value is not an SOP stage name), and the unmapped ones."""
    vocabulary = result.stages
    if len(vocabulary) and not (vocabulary["via"] == VIA_SOP).all():
        shown = vocabulary.assign(sop_stage=vocabulary["sop_stage"].replace("", "—"),
                                  state=vocabulary["state"] + vocabulary["outcome"].map(
                                      lambda o: f" ({o})" if o else ""), how=vocabulary["via"])
        frame_table(run, "Stages as read (CRM stage -> SOP stage)", shown, ["stage", "deals", "sop_stage", "state",
                                                                            "how"], limit=25)
    summary = result.stage_not_mapped
    if summary:
        values = ", ".join(f"{value!r} {count:,}" for value, count in list(summary["values"].items())[:8])
        more = len(summary["values"]) - 8
        blank = f"{summary['blank_stage']:,} with a blank stage" if summary["blank_stage"] else ""
        run.reporter.line(escape(f"Stage not mapped: {summary['deals']:,} deal(s) ("
                                 f"{', '.join(p for p in (values, blank) if p)}"
                                 + (f" and {more} more values" if more > 0 else "")
                                 + f"): not judged as open or closed; {summary['fix']}."), style="yellow")


DealActivitiesOption = Annotated[
    Optional[list[str]],
    typer.Option("--activities", "-a", metavar="ACTIVITIES", show_default=False,
                 help="Activities export linked to deals by opportunity id ('Opportunity ID', 'What ID', 'Deal ID'): "
                      "demos and the emails that send their recording, for the timed criteria (recording within 2 "
                      "business hours). Repeatable."),
]


def deals_inspect(
    file: MainFileArgument = None,
    opportunities: Annotated[Optional[str], typer.Option(
        "--opportunities", metavar="OPPORTUNITIES", show_default=False,
        help="Opportunity export: id, name, owner, stage, amount, and the fields that show each exit criterion "
             "(checkboxes, dates, text).")] = None,
    history: Annotated[Optional[str], typer.Option(
        "--history", metavar="HISTORY", show_default=False,
        help="Stage-history export (opportunity id, stage, changed at): deals that skipped a stage owe its "
             "criteria too.")] = None,
    activities: DealActivitiesOption = None,
    as_of: AsOfOption = None,
    problems: ProblemsOption = None,
    fail_under: Annotated[Optional[float], typer.Option(
        "--fail-under", metavar="PCT", show_default=False, min=0, max=100,
        help="Exit 1 when less than PCT % of the inspected open pipeline value passes inspection.")] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Exit 1 on any missing criterion or skipped stage.")] = False,
    sheet: SheetOption = None,
    map_: MapOption = None,
    config: ConfigOption = None,
    json_: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Inspect deals against the Sales Process SOP's exit criteria, stage by stage: for every deal at or
    past a stage, which of that stage's criteria its export shows met, missing, or not measurable. A deal
    owes the criteria of every stage it has left (and of a stage its history shows it skipped); its current
    stage's criteria are still to do. Criteria map to CRM fields through \\[deals.exit_criteria]; `--map
    KEY=HEADER` names a column for one (`--map champion_identified='Champ'`).

    **Example**: revops deals inspect --opportunities opps.csv --history stage-history.csv --activities deal-activities.csv --as-of 2026-11-20 --problems inspection.csv
    """
    opportunities = main_input(file, opportunities, "--opportunities")
    run = start(config=config, json_mode=json_, quiet=quiet)
    inputs = [opportunities, *([history] if history else []), *(activities or [])]
    if problems:
        check_output_path(problems, inputs)
    now = parse_now(as_of, run.config)
    field_maps, criterion_maps = _split_map_options(map_, run.config)

    table, mapping = read_input(run, opportunities, sheet=sheet, map_options=field_maps, schema="opportunities")
    require_deal_state(mapping, opportunities)
    overrides = _criterion_columns(criterion_maps, table, opportunities)
    history_frame, history_mapping = read_history(run, history)
    exports = read_exports(run, activities or [], schema="activities")
    result = inspect_deals(table.frame, mapping, run.config, now=now, history=history_frame,
                           history_mapping=history_mapping, activities=exports, criteria_columns=overrides)
    if problems:
        write_output(run, result.findings, problems, inputs=inputs)

    _inspect_report(run, result, source=opportunities)
    totals = result.totals
    failed, unjudged = judge(
        figure=totals["passing_value_pct"], fail_under=fail_under,
        figure_why=result.not_measured.get("inspection") or result.not_measured.get("pipeline_value"),
        strict=strict, problems=totals["findings"], strict_why=result.not_measured.get("inspection"))
    run.reporter.json({"opportunities": opportunities, "history": history, "activities": activities or [],
                       "as_of": now.isoformat(), "problems_file": problems, "fail_under": fail_under,
                       "strict": strict, "failed": failed, "read": table.info.to_dict(),
                       **{k: (json_records(v) if isinstance(v, pd.DataFrame) else v)
                          for k, v in (("totals", totals),
                                       ("not_measured", not_measured_json(result.not_measured)),
                                       ("stage_not_mapped", result.stage_not_mapped), ("criteria", result.criteria),
                                       ("stages", result.stages), ("owners", result.owners),
                                       ("findings", result.findings))}})
    finish(failed, unjudged)


def _split_map_options(values: list[str] | None, config) -> tuple[list[str], dict[str, str | None]]:
    """--map options for the opportunity fields (detection) and for exit criteria (KEY=HEADER)."""
    keys = {key for criteria in config.deals.exit_criteria.values() for key in criteria}
    fields, criteria = [], {}
    for key, header in parse_map_options(values).items():
        if key in keys:
            criteria[key] = header
        else:
            fields.append(f"{key}={header or ''}")
    return fields, criteria


def _criterion_columns(maps: dict[str, str | None], table, source: str) -> dict[str, str | None]:
    """--map KEY=HEADER for criteria: the export's column named HEADER (exit 2 naming the columns when none is)."""
    found = {}
    names = {table.header_map.get(c, c) if table.header_map else c: c for c in table.frame.columns}
    for key, header in maps.items():
        if header is None:
            found[key] = None
            continue
        column = names.get(header) or next((c for h, c in names.items() if header_key(h) == header_key(header)), None)
        if column is None:
            raise RevopsInputError(f"--map {key}={header}: {source} has no column {header!r}. Columns: "
                                   f"{', '.join(repr(h) for h in names)}.")
        found[key] = column
    return found


def _inspect_report(run: Run, result: DealInspection, *, source: str) -> None:
    totals, skipped = result.totals, result.not_measured
    run.reporter.line(f"deals inspect: {source}")
    title = (f"{totals['deals']:,} deals: {totals['open_deals']:,} open, {totals['closed_deals']:,} closed"
             + (f", {totals['stage_not_mapped']:,} in a stage not mapped" if totals["stage_not_mapped"] else "")
             + f"; exit criteria with a column: {totals['criteria_measured']} of {totals['criteria']}")
    rows = []
    for c in result.criteria.itertuples(index=False):
        if isinstance(c.not_measured, str):
            why = "off" if c.not_measured.startswith("off") else f"not measured: {c.criterion}"
            rows.append([c.stage, c.label, escape(why), None, None, None, None, None])
        else:
            rows.append([c.stage, c.label, escape(c.columns if isinstance(c.columns, str) else ""), _int(c.owed), _int(c.met), _int(c.missing),
                         _int(c.pending), _pct(c.completeness_pct)])
    run.reporter.table(simple_table(title, ["stage", "criterion", "column(s)", "owed", "met", "missing", "to do",
                                            "complete"], rows,
                                    justify=["left", "left", "left", "right", "right", "right", "right", "right"]))
    if (result.criteria["not_measured"].fillna("").str.contains("--map")).any():
        run.reporter.line(escape("Not measured: the export has no column spelt as [deals.exit_criteria] lists for "
                                 "the criterion (--json shows the spellings looked for). Name yours with --map "
                                 "KEY=HEADER (KEY as shown, e.g. --map success_criteria='Success Metrics'), or add "
                                 "it to deals.exit_criteria.STAGE.KEY.columns in revops.toml."), style="yellow")
    stages = result.stages.assign(completeness=result.stages["completeness_pct"].map(_pct),
                                  measured=result.stages["criteria_measured"].astype(str) + " of "
                                  + result.stages["criteria"].astype(str))
    frame_table(run, "By stage (owed: checks of deals past the stage, or in the closed stage)", stages,
                ["stage", "deals_at", "deals_past", "measured", "owed", "met", "missing", "completeness"])
    if "owner" in skipped:
        report_not_measured(run, {"by owner": skipped["owner"]})
    else:
        owners = result.owners.assign(completeness=result.owners["completeness_pct"].map(_pct),
                                      value_passing=result.owners["passing_value_pct"].map(_pct))
        frame_table(run, "By owner (open deals; completeness over every owed check)", owners,
                    ["owner", "open_deals", "passing", "failing", "not_measured", "completeness", "open_value",
                     "value_passing"])
    deals = result.deals
    skips = deals[deals["skipped_stages"].notna()]
    if len(skips):
        found = result.findings[result.findings["check"] == "skipped_stage"].set_index("opportunity_id")["detail"]
        frame_table(run, "Deals that skipped a stage", skips.assign(
            detail=skips["opportunity_id"].map(found).str.split(": ", n=1).str[1]),
            ["opportunity_id", "owner", "stage_path", "detail"], limit=10)
    failing = deals[(deals["state"] == "open") & (deals["verdict"] == "fail")]
    failing = failing.sort_values("amount", ascending=False, na_position="last")
    frame_table(run, "Open deals failing inspection, largest first", failing,
                ["opportunity_id", "owner", "stage", "amount", "missing_criteria"], limit=15)
    closed = deals[(deals["state"] == "closed") & (deals["verdict"] == "fail")]
    frame_table(run, "Closed deals missing what they owe", closed,
                ["opportunity_id", "owner", "stage", "missing_criteria"], limit=10)
    report_not_measured(run, {k: v for k, v in skipped.items()
                              if k in ("skipped_stages", "pipeline_value", "inspection") or "(" in k})
    if result.stage_not_mapped:
        summary = result.stage_not_mapped
        run.reporter.line(escape(f"Stage not mapped: {summary['deals']:,} deal(s) not inspected; {summary['fix']}."),
                          style="yellow")
    if "inspection" not in skipped:
        value = (f"{money_text(totals['passing_value'])} of {money_text(totals['open_value'])} open pipeline value "
                 f"({totals['passing_value_pct']:.1f}%) passes inspection; "
                 if totals["passing_value_pct"] is not None else "")
        run.reporter.line(value + f"{totals['open_passing']:,} of {totals['open_inspected']:,} inspected open deals "
                          f"pass ({_pct(totals['open_passing_pct'])})"
                          + (f"; {totals['open_not_measured']:,} open deal(s) owe only criteria without a column"
                             if totals["open_not_measured"] else "")
                          + f". Owed checks complete: {_pct(totals['completeness_pct'])}. --problems FILE lists every "
                          "finding.", style=None if totals["findings"] == 0 else "bold")


def _int(value) -> int | None:
    return None if value is None or value is pd.NA or (isinstance(value, float) and value != value) else int(value)


def _pct(value) -> str:
    return "—" if value is None or (isinstance(value, float) and value != value) else f"{value:.1f}%"

"""`revops handoff audit`: the Customer Handoff SOP (form, kickoff within 3 days, 30-day CSAT, time to value, NPS)."""

from __future__ import annotations

from typing import Annotated, Optional

import pandas as pd
import typer

from revops_cli.cli.common import (
    main_input,
    Run,
    frame_table,
    parse_now,
    read_input,
    require_field,
    start,
    write_output,
)
from revops_cli.cli.options import (
    MainFileArgument,
    AsOfOption,
    ConfigOption,
    JsonOption,
    MapOption,
    ProblemsOption,
    QuietOption,
    SheetOption,
    StrictOption,
)
from revops_cli.core.sales.handoff import HandoffAudit, audit_handoffs, follow_ups
from revops_cli.errors import RevopsInputError
from revops_cli.io.write import check_output_path
from revops_cli.render import simple_table


def handoff_audit(
    file: MainFileArgument = None,
    handoffs: Annotated[Optional[str], typer.Option(
        "--handoffs", metavar="HANDOFFS", show_default=False,
        help="Handoff sheet: account, CSM, close date, kickoff date, form fields, first value date, 30-day CSAT, "
             "NPS.")] = None,
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

    **Example**: revops handoff audit --handoffs handoffs.csv --as-of 2026-11-20 --problems incomplete.csv
    """
    handoffs = main_input(file, handoffs, "--handoffs")
    run = start(config=config, json_mode=json_, quiet=quiet)
    if problems:
        check_output_path(problems, [handoffs])
    now = parse_now(as_of, run.config)
    table, mapping = read_input(run, handoffs, sheet=sheet, map_options=map_, schema="handoffs")
    require_field(mapping, handoffs, "close_date", "'Close Date' or 'Closed Won Date'")
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
        write_output(run, findings, problems, inputs=[handoffs])

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

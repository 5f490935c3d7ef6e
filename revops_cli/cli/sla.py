"""`revops sla audit`: the Sales Process SOP's response SLAs, the sales–marketing agreement,
disposition and daily activity minimums, audited from a leads and an activities export.

Cron-ready: `--fail-under PCT` exits 1 when compliance is below it, `--json` prints the same
figures the tables show, `--breaches` writes every breach to act on."""

from __future__ import annotations

from typing import Annotated, Any, Optional

import typer

from revops_cli.cli.common import (
    main_input,
    Run,
    beside_config,
    parse_now,
    parse_period,
    read_activities,
    read_input,
    report_not_measured,
    start,
    write_output,
)
from revops_cli.cli.options import (
    MainFileArgument,
    ActivitiesOption,
    AsOfOption,
    ConfigOption,
    FromOption,
    JsonOption,
    MapOption,
    QuietOption,
    RepsOption,
    SheetOption,
    ToOption,
)
from revops_cli.core.leads.routing import load_roster
from revops_cli.core.sales.sla import SlaAudit, audit_sla
from revops_cli.errors import RevopsInputError
from revops_cli.io.write import check_output_path
from revops_cli.render import simple_table


def audit(
    file: MainFileArgument = None,
    leads: Annotated[Optional[str], typer.Option("--leads", metavar="LEADS", show_default=False,
                                       help="Leads export: created/assigned time, owner, score/band/rating, status.")] = None,
    activities: ActivitiesOption = None,
    reps: RepsOption = None,
    from_: FromOption = None,
    to: ToOption = None,
    as_of: AsOfOption = None,
    breaches: Annotated[Optional[str], typer.Option(
        "--breaches", metavar="FILE", show_default=False,
        help="Write every breach: check, lead, rep, due time, actual time, minutes late.")] = None,
    unresponsive: Annotated[Optional[str], typer.Option(
        "--unresponsive", metavar="FILE", show_default=False,
        help="Write the leads now eligible to mark unresponsive and return to nurture (3 calls and 4 emails "
             "over 14 days, no contact).")] = None,
    fail_under: Annotated[Optional[float], typer.Option(
        "--fail-under", metavar="PCT", show_default=False, min=0, max=100,
        help="Exit 1 when response-SLA compliance is below PCT (e.g. 95); for cron alerts.")] = None,
    sheet: SheetOption = None,
    map_: MapOption = None,
    config: ConfigOption = None,
    json_: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Audit response SLAs (Hot 5 minutes ... Cold 48 hours), the 2-business-hour phone-and-email
    agreement, the 3-calls-4-emails cadence, disposition within 24 hours, assignment and daily
    activity minimums.

    Response times count business hours in each rep's own calendar (time zone, working hours,
    public holidays); Hot runs on the wall clock. Compliance is met / (met + breached + overdue);
    leads not yet due are left out.

    **Example**: revops sla audit --leads leads.csv --activities activities.csv --reps reps.csv --breaches breaches.csv --fail-under 95
    """
    leads = main_input(file, leads, "--leads")
    run = start(config=config, json_mode=json_, quiet=quiet)
    reps_path = beside_config(run, reps, run.config.routing.reps_file)
    inputs = [leads, *(activities or []), *([reps_path] if reps_path else [])]
    written: list[str] = []
    for path in [p for p in (breaches, unresponsive) if p]:
        check_output_path(path, inputs + written)
        written.append(path)
    now = parse_now(as_of, run.config)
    start_at, end_at = parse_period(from_, to, run.config.general.timezone)

    with run.reporter.live():
        table, mapping = read_input(run, leads, sheet=sheet, map_options=map_)
        link = read_activities(run, activities, table.frame, mapping)
        roster = None
        if reps_path:
            roster_table, roster_mapping = read_input(run, reps_path, schema="reps")
            roster = load_roster(roster_table.frame, roster_mapping, run.config, now=now, leads=table.frame,
                                 lead_mapping=mapping, source=reps_path)
        run.reporter.step("auditing SLAs")
        result = audit_sla(table.frame, mapping, link, run.config, now=now,
                           roster=roster, start=start_at, end=end_at)
        if breaches:
            write_output(run, result.breaches, breaches, inputs=inputs)
        if unresponsive:
            write_output(run, result.unresponsive, unresponsive, inputs=inputs)

    _report(run, result, leads=leads)
    failed = fail_under is not None and result.compliance is not None and result.compliance < fail_under
    run.reporter.json({"leads": leads, "activities": activities or [], "reps": reps_path, "as_of": now.isoformat(),
                       "from": from_, "to": to, "breaches_file": breaches, "unresponsive_file": unresponsive,
                       "fail_under": fail_under, "failed": failed, "read": table.info.to_dict(), **result.summary()})
    if fail_under is not None and "response" in result.not_measured:
        # never pass or fail on nothing: a cron job learns the audit could not judge, and why
        raise RevopsInputError(f"{leads}: --fail-under {fail_under:g} cannot be judged: response-SLA compliance "
                               f"{result.not_measured['response']}.")
    if failed:
        raise typer.Exit(1)


_REP_COLUMNS = {"rep": "rep", "leads": "leads", "met": "met", "breached": "breached", "open_overdue": "overdue",
                "compliance": "compliance %", "median_business_minutes": "median (business min)",
                "p90_business_minutes": "p90 (business min)", "breaches": "all breaches"}


def _report(run: Run, result: SlaAudit, *, leads: str) -> None:
    report = run.reporter
    _dict_table(report, f"sla audit: {leads} — response SLA by band", result.by_band)
    _dict_table(report, "By rep", [{label: row.get(key) for key, label in _REP_COLUMNS.items()} for row in result.by_rep])
    _dict_table(report, "By week", result.by_week)
    agreement, cadence, disposition, assignment = result.agreement, result.cadence, result.disposition, result.assignment
    checks = []
    if agreement:
        missing = ", ".join(f"{what} {count:,}" for what, count in (agreement.get("missing") or {}).items())
        checks.append((f"first response by phone and email within {agreement.get('business_hours', 2):g} business "
                       "hours (sales-marketing SLA)",
                       _counts(agreement, ("met", "breached", "open_overdue", "open_not_due"), agreement.get("percent"))
                       + (f"; missing: {missing}" if missing else "")))
    if cadence:
        checks.append((f"no contact: {cadence.get('calls')} calls and {cadence.get('emails')} emails over "
                       f"{cadence.get('days')} days",
                       _counts(cadence, ("contacted", "in_progress", "complete", "short"), None)))
    if disposition:
        checks.append(("status updated within 24 hours of first contact",
                       _counts(disposition, ("on_time", "late", "stuck_open", "not_due", "no_touch"),
                               disposition.get("percent"))))
    if assignment:
        checks.append(("new leads assigned (weekly QA)",
                       _counts(assignment, ("assigned", "unassigned", "blank", "queue", "not_on_roster", "inactive"),
                               assignment.get("percent"))))
    if checks:
        report.table(simple_table("Other checks", ["check", "result"], checks))
    if result.activity:
        _dict_table(report, "Daily activity minimums (per rep, working days in the period)", result.activity)
    report_not_measured(run, result.not_measured)
    if "response" in result.not_measured:
        report.line(f"Response-SLA compliance not measured (see above): neither met nor missed the {result.target:g}% "
                    "target.", style="yellow")
        return
    if result.compliance is None:
        report.line("No lead was due yet: nothing to judge.")
        return
    meets = result.meets_target
    report.line(f"Response-SLA compliance {result.compliance:.1f}% — {'meets' if meets else 'BELOW'} the "
                f"{result.target:g}% target. {len(result.breaches):,} breaches; {len(result.unresponsive):,} leads "
                "ready to mark unresponsive.", style=None if meets else "bold red")


def _dict_table(report, title: str, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    headers = list(rows[0])
    numeric = [isinstance(rows[0][key], (int, float)) for key in headers]
    report.table(simple_table(title, [h.replace("_", " ") for h in headers],
                              [[_cell(row.get(key)) for key in headers] for row in rows],
                              justify=["right" if n else "left" for n in numeric]))


def _cell(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 1)
    return value


def _counts(values: dict[str, Any], keys: tuple[str, ...], percent: float | None) -> str:
    parts = [f"{key.replace('_', ' ')} {values[key]:,}" for key in keys if isinstance(values.get(key), int)]
    return ("" if percent is None else f"{percent:.1f}%: ") + ", ".join(parts)

"""`revops report due`: which reports of the Reporting SOP's inventory are due now, and with `--run` build exactly
those into a folder, so a team needs one cron line. Its JSON lists what was built, what was already there, and what
could not be built (with the missing inputs named)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from revops_cli.cli.common import parse_approvers, parse_now, start
from revops_cli.cli.options import (
    AccountsOption,
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
    PreviousOption,
    QuietOption,
    QuotasOption,
    RepsOption,
)
from revops_cli.cli.report.build import (Built, build_campaign_performance, build_daily, build_forecast, build_monthly,
                                         build_pipeline_changes, build_pipeline_review, build_win_loss)
from revops_cli.cli.report.commands import LeadsOption, render_document
from revops_cli.cli.report.inputs import OPTIONS, ReportFiles, ReportInputs
from revops_cli.core.reporting.due import NEEDS, DueReport, due_reports, next_due
from revops_cli.core.reporting.weekly import Week
from revops_cli.errors import RevopsInputError
from revops_cli.io.write import write_text
from revops_cli.render import simple_table


def _build(report: DueReport, inputs: ReportInputs) -> Built:
    period = report.period
    monthly = {"marketing_review": "marketing", "sales_review": "sales", "business_review": "business",
               "board_deck": "board", "lead_management_review": "lead-management"}
    if report.id in ("sales_activity", "lead_flow"):
        return build_daily(inputs, period, report.id.replace("_", "-"))
    if report.id == "pipeline_changes":
        return build_pipeline_changes(inputs)
    if report.id == "pipeline_review":
        return build_pipeline_review(inputs, Week(label=period.label, first_day=period.first_day,
                                                  last_day=period.last_day, start=period.start, end=period.end,
                                                  partial=period.partial))
    if report.id == "campaign_performance":
        return build_campaign_performance(inputs, period)
    if report.id == "forecast_rollup":
        return build_forecast(inputs, period)
    if report.id == "win_loss":
        return build_win_loss(inputs, period)
    return build_monthly(inputs, monthly[report.id], period)


def due(
    leads: LeadsOption = None,
    activities: ActivitiesOption = None,
    reps: RepsOption = None,
    opportunities: OpportunitiesOption = None,
    previous: PreviousOption = None,
    history: HistoryOption = None,
    campaigns: CampaignsFileOption = None,
    events: EventsOption = None,
    event_leads: EventLeadsOption = None,
    quotas: QuotasOption = None,
    accounts: AccountsOption = None,
    approver: ApproverOption = None,
    run_reports: Annotated[bool, typer.Option(
        "--run", help="Build the due reports into --out-dir (each in the formats reporting.inventory names).")] = False,
    out_dir: Annotated[Optional[Path], typer.Option(
        "--out-dir", metavar="DIR", show_default=False, file_okay=False,
        help="Folder for the reports (created if missing); files are named by report and period, e.g. "
             "sales-activity-2026-11-19.html.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Build reports whose files are already in --out-dir "
                                                        "(default: leave them, so nothing is sent twice).")] = False,
    strict: Annotated[bool, typer.Option("--strict", help="Exit 1 when a due report could not be built for want "
                                                          "of an input.")] = False,
    as_of: AsOfOption = None,
    map_: MapOption = None,
    config: ConfigOption = None,
    json_: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Which reports the inventory ([reporting.inventory]: the Reporting SOP's daily, weekly and
    monthly reports, their days and times) says are due at --as-of, and with --run build exactly
    those into --out-dir, so one cron line runs the whole inventory. The JSON lists what was built,
    what was already there, and what could not be built, naming the missing inputs. --map applies
    to --leads.

    **Example**: revops report due --run --out-dir reports/ --leads leads.csv --activities tasks.csv --reps reps.csv --opportunities opps.csv --previous opps-yesterday.csv --quotas quotas.csv
    """
    run = start(config=config, json_mode=json_, quiet=quiet)
    if run_reports and out_dir is None:
        raise RevopsInputError("--run needs --out-dir DIR: the folder the reports are written to.")
    now = parse_now(as_of, run.config)
    files = ReportFiles(**{k: v for k, v in dict(
        leads=leads, activities=list(activities or []), reps=reps, opportunities=opportunities,
        previous=list(previous or []), history=history, campaigns=campaigns, events=events, event_leads=event_leads,
        quotas=quotas, accounts=accounts).items() if v is not None})
    inputs = ReportInputs(run, files, now=now, main="leads", map_options=map_,
                          people={**run.config.deals.approvers, **parse_approvers(approver)},
                          beside=("reps", "quotas"))
    reports = due_reports(run.config, now)
    zone = run.config.general.timezone
    listing = []
    for report in reports:
        missing = [OPTIONS[k] for k in NEEDS[report.id] if not files.given(k)]
        listing.append({**report.to_dict(), "missing": missing})
    payload = {"as_of": now.isoformat(), "timezone": zone, "due": listing}
    if not reports:
        payload["next"] = next_due(run.config, now)
    if not run_reports:
        _show(run, listing, payload, now, zone)
        run.reporter.json(payload)
        return

    out_dir.mkdir(parents=True, exist_ok=True)
    built, skipped, not_built, failed = [], [], [], []
    for report, item in zip(reports, listing):
        paths = [out_dir / name for name in report.file_names()]
        if item["missing"]:
            not_built.append({"report": report.id, "title": report.schedule.title, "missing": item["missing"]})
            continue
        if not force and all(p.exists() for p in paths):
            skipped.append({"report": report.id, "files": [str(p) for p in paths]})
            continue
        try:
            result = _build(report, inputs)
        except RevopsInputError as exc:  # one bad file must not stop the other reports of the run
            failed.append({"report": report.id, "title": report.schedule.title, "error": str(exc)})
            continue
        for path in paths:
            write_text(path, render_document(result, str(path)))
        nm = result.figures.get("not_measured") or {}
        built.append({"report": report.id, "title": report.schedule.title, "covers": report.period.to_dict(),
                      "files": [str(p) for p in paths], "not_measured": nm})
    payload.update({"out_dir": str(out_dir), "built": built, "already_built": skipped, "not_built": not_built,
                    "failed": failed})
    _show(run, listing, payload, now, zone)
    for item in built:
        run.reporter.line(f"Built {item['title']}: {', '.join(item['files'])}")
    for item in skipped:
        run.reporter.line(f"Already built: {', '.join(item['files'])} (--force builds it again)")
    for item in not_built:
        run.reporter.line(f"Not built: {item['title']} needs {' and '.join(item['missing'])}", style="yellow")
    for item in failed:
        run.reporter.line(f"Failed: {item['title']}: {item['error']}", style="bold red")
    run.reporter.json(payload)
    if failed:
        raise SystemExit(2)
    if strict and not_built:
        raise typer.Exit(1)


def _show(run, listing: list[dict], payload: dict, now, zone: str) -> None:
    local = now.tz_convert(zone)
    if not listing:
        upcoming = payload.get("next", [])[:3]
        run.reporter.line(f"Nothing is due at {local:%Y-%m-%d %H:%M} {zone}."
                          + (" Next: " + "; ".join(f"{n['title']} {n['due_at'][:16].replace('T', ' ')}"
                                                   for n in upcoming) if upcoming else ""))
        return
    rows = [[r["title"], r["due_at"][11:16], r["audience"], r["covers"]["label"], ", ".join(r["formats"]),
             "needs " + " ".join(r["missing"]) if r["missing"] else "ready"] for r in listing]
    run.reporter.table(simple_table(f"report due: {local:%a %Y-%m-%d %H:%M} {zone}",
                                    ["report", "due", "audience", "covers", "formats", "inputs"], rows))



"""`revops report daily|weekly|monthly|forecast|win-loss|pipeline-changes|campaigns|due`: the Reporting SOP's
inventory, each report one self-contained HTML page (that also reads as an email body), Markdown, JSON or a Slack
Block Kit message.

Each command reads the files the individual audit commands read, calls one builder (:mod:`.build`, which calls the
``core/reporting`` function that runs the audit cores) and writes the document; it computes nothing itself."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Callable, Optional

import pandas as pd
import typer

from revops_cli.cli.common import Run, main_input, parse_approvers, parse_now, parse_period, start
from revops_cli.cli.options import (
    AccountsOption,
    ActivitiesOption,
    ApproverOption,
    AsOfOption,
    CampaignsFileOption,
    ConfigOption,
    EventLeadsOption,
    EventsOption,
    FromOption,
    HistoryOption,
    JsonOption,
    MainFileArgument,
    MapOption,
    OpportunitiesOption,
    PreviousOption,
    QuietOption,
    QuotasOption,
    ReportOutputOption,
    RepsOption,
    SheetOption,
    ToOption,
)
from revops_cli.cli.report.build import (MONTHLY_KINDS, Built, build_campaign_performance, build_daily, build_forecast,
                                         build_monthly, build_pipeline_changes, build_pipeline_review, build_win_loss)
from revops_cli.cli.report.inputs import ReportFiles, ReportInputs
from revops_cli.core.reporting.periods import (Period, days_period, last_business_day, local_date, month_period,
                                               quarter_period)
from revops_cli.core.reporting.weekly import Week, week_window
from revops_cli.core.sales.business_time import WorkCalendar
from revops_cli.errors import RevopsInputError
from revops_cli.io.write import check_output_path, write_text
from revops_cli.render import simple_table, to_json
from revops_cli.report import render_html, render_markdown, render_slack

EXTENSIONS = (".html", ".htm", ".md", ".json")

LeadsOption = Annotated[Optional[str], typer.Option(
    "--leads", metavar="LEADS", show_default=False,
    help="Leads export: created/assigned time, owner, status, source, score/rating.")]
WeekOption = Annotated[Optional[str], typer.Option(
    "--week", metavar="YYYY-Www", show_default=False,
    help="ISO week to report, e.g. 2026-W47 (Monday to Sunday in general.timezone). Default: the last complete "
         "week before --as-of.")]


def render_document(built: Built, output: str) -> str:
    """The text of ``output``'s format: .html, .md, .slack.json (Block Kit) or .json (every figure)."""
    name = output.lower()
    if name.endswith(".slack.json"):
        return to_json(render_slack(built.report)) + "\n"
    suffix = Path(name).suffix
    if suffix == ".md":
        return render_markdown(built.report)
    if suffix == ".json":
        return to_json(built.document()) + "\n"
    return render_html(built.report)


def _begin(output: str | None, json_: bool, quiet: bool, config, inputs: list[str], name: str) -> Run:
    run = start(config=config, json_mode=json_, quiet=quiet)
    if output:
        check_output_path(output, inputs, extensions=EXTENSIONS)
    elif not json_:
        raise RevopsInputError(f"give -o {name}.html (or .md, .json, .slack.json) for the report, or --json for its "
                               "figures.")
    return run


def _built(run: Run, output: str | None, build: Callable[[], Built]) -> Built:
    """Build a report (its files are read as it needs them) and write it to ``output``, under one progress
    display naming the step."""
    with run.reporter.live():
        run.reporter.step("building the report")
        built = build()
        if output:
            run.reporter.step(f"writing {Path(output).name}")
            write_text(output, render_document(built, output))
    return built


def _finish(run: Run, built: Built, output: str | None, title: str) -> None:
    if built.lines:
        run.reporter.table(simple_table(title, ["figure", "value"], [list(line) for line in built.lines],
                                        justify=["left", "right"]))
    if output:
        run.reporter.line(f"Wrote {output}: sections {', '.join(s.id for s in built.report.sections)}.")
    run.reporter.json(built.document())


def _days(run: Run, from_: str | None, to: str | None, now: pd.Timestamp) -> Period | None:
    """--from/--to as a period of whole local days (--from alone runs to the --as-of day); None when neither."""
    if from_ is None and to is None:
        return None
    if from_ is None:
        raise RevopsInputError(f"--to {to} needs --from: give the period's first day too.")
    zone = run.config.general.timezone
    start_at, end_at = parse_period(from_, to, zone)
    first = start_at.tz_convert(zone).date()
    last = (end_at.tz_convert(zone) - pd.Timedelta(hours=1)).date() if end_at is not None else local_date(now, zone)
    if last < first:
        raise RevopsInputError(f"--from {from_} is after the --as-of day {last}; give an earlier --from or --to.")
    return days_period(first, last, zone, now)


def _files(**given) -> ReportFiles:
    return ReportFiles(**{k: (list(v) if isinstance(v, (list, tuple)) else v) for k, v in given.items()
                          if v is not None})


# --------------------------------------------------------------------------- daily


def daily(
    file: MainFileArgument = None,
    leads: LeadsOption = None,
    output: ReportOutputOption = None,
    activities: ActivitiesOption = None,
    reps: RepsOption = None,
    only: Annotated[Optional[str], typer.Option(
        "--report", metavar="NAME", show_default=False,
        help="sales-activity (the sales team's, 9 AM) or lead-flow (marketing's, 9 AM); default: both on one "
             "page.")] = None,
    from_: FromOption = None,
    to: ToOption = None,
    as_of: AsOfOption = None,
    sheet: SheetOption = None,
    map_: MapOption = None,
    config: ConfigOption = None,
    json_: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """The daily 9 AM reports of the Reporting SOP. Sales Activity: calls, emails, meetings and demos
    per rep against the daily minimums of their role (SDR 50/100/3/-, AE 30/50/2/1, Senior AE
    20/30/3/2). Lead Flow: new leads by source, band and owner; unassigned leads; response times
    against the band SLAs; the leads waiting past their SLA now. Covers the last business day
    before --as-of (Friday, on a Monday) unless --from/--to name the days; the figures are
    revops sla audit's for the same days.

    **Example**: revops report daily --leads leads.csv --activities tasks.csv --reps reps.csv --as-of 2026-11-20T09:00 -o daily.html
    """
    leads = main_input(file, leads, "--leads")
    if only is not None and only not in ("sales-activity", "lead-flow"):
        raise RevopsInputError(f"--report {only!r}: choose sales-activity or lead-flow.")
    files = _files(leads=leads, activities=activities, reps=reps)
    run = _begin(output, json_, quiet, config, files.paths(), "daily")
    now = parse_now(as_of, run.config)
    period = _days(run, from_, to, now) or last_business_day(now, run.config.general.timezone,
                                                             WorkCalendar.from_config(run.config))
    inputs = ReportInputs(run, files, now=now, main="leads", sheet=sheet, map_options=map_, beside=("reps",))
    built = _built(run, output, lambda: build_daily(inputs, period, only))
    _finish(run, built, output, f"report daily: {period.label}")


# --------------------------------------------------------------------------- weekly


def weekly(
    file: MainFileArgument = None,
    leads: LeadsOption = None,
    output: ReportOutputOption = None,
    activities: ActivitiesOption = None,
    reps: RepsOption = None,
    opportunities: OpportunitiesOption = None,
    history: HistoryOption = None,
    campaigns: CampaignsFileOption = None,
    events: EventsOption = None,
    event_leads: EventLeadsOption = None,
    approver: ApproverOption = None,
    week: WeekOption = None,
    from_: FromOption = None,
    to: ToOption = None,
    as_of: AsOfOption = None,
    sheet: SheetOption = None,
    map_: MapOption = None,
    config: ConfigOption = None,
    json_: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """The page to bring to the weekly pipeline review: the Lead Management SOP's weekly QA checklist
    (new leads assigned, SLA compliance, score and routing accuracy, data completeness) pass/fail,
    funnel KPIs against targets over 8 weeks, response times by band, SLA breaches by rep, leads by
    source against the marketing SLA, campaign and event ROI, stalled deals and the data-quality
    scorecard. Each figure is the one the matching command prints for the same files.

    **Example**: revops report weekly --leads leads.csv --activities tasks.csv --reps reps.csv --opportunities opps.csv --campaigns campaigns.xlsx --events events.xlsx -o weekly.html
    """
    leads = main_input(file, leads, "--leads")
    files = _files(leads=leads, activities=activities, reps=reps, opportunities=opportunities, history=history,
                   campaigns=campaigns, events=events, event_leads=event_leads)
    run = start(config=config, json_mode=json_, quiet=quiet)
    inputs = ReportInputs(run, files, now=parse_now(as_of, run.config), main="leads", sheet=sheet, map_options=map_,
                          people={**run.config.deals.approvers, **parse_approvers(approver)}, beside=("reps",))
    if output:
        check_output_path(output, files.paths(), extensions=EXTENSIONS)
    if output is None and not json_:
        raise RevopsInputError("give -o weekly.html (or .md, .json, .slack.json) for the report, or --json for its "
                               "figures.")
    if history and not opportunities:
        raise RevopsInputError("--history needs --opportunities: it dates the stages of those deals.")
    if week is not None and (from_ or to):
        raise RevopsInputError("Give --week or --from/--to, not both.")
    zone = run.config.general.timezone
    days = _days(run, from_, to, inputs.now)
    period = (week_window(week, inputs.now, zone) if days is None else
              Week(label=days.label, first_day=days.first_day, last_day=days.last_day, start=days.start, end=days.end,
                   partial=days.partial))
    built = _built(run, output, lambda: build_pipeline_review(inputs, period))
    qa = built.figures["qa"]
    rows = [[c["label"], "not measured" if c["value"] is None else f"{c['value']:.1f}%", f"{c['target']:g}%",
             {True: "pass", False: "FAIL", None: "—"}[c["passed"]], c["detail"] or c["note"]] for c in qa]
    run.reporter.table(simple_table(f"report weekly: {period.label} ({period.first_day} to {period.last_day}) — "
                                    "weekly QA", ["check", "value", "target", "result", "detail"], rows,
                                    justify=["left", "right", "right", "left", "left"]))
    if output:
        run.reporter.line(f"Wrote {output}: sections {', '.join(s.id for s in built.report.sections)}.")
    run.reporter.json({**built.figures, "report": built.report.to_dict()})


def campaigns(
    file: MainFileArgument = None,
    campaigns_file: Annotated[Optional[str], typer.Option(
        "--campaigns", metavar="CAMPAIGNS", show_default=False,
        help="Campaign sheet: name, start and end dates, costs, sends, opens, clicks, UTM, approver.")] = None,
    output: ReportOutputOption = None,
    opportunities: OpportunitiesOption = None,
    week: WeekOption = None,
    from_: FromOption = None,
    to: ToOption = None,
    as_of: AsOfOption = None,
    sheet: SheetOption = None,
    map_: MapOption = None,
    config: ConfigOption = None,
    json_: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Campaign Performance (weekly, Tuesday, marketing ops): for the campaigns that ran in the week,
    ROI = (closed won + pipeline × probability − cost) / cost, the five optimisation triggers and
    their actions, budget approvals, and naming/UTM/pre-send lint. The last complete week before
    --as-of unless --week or --from/--to; the figures are revops campaign roi, audit and lint's.

    **Example**: revops report campaigns --campaigns campaigns.xlsx --opportunities opps.csv --as-of 2026-11-17T08:00 -o campaigns.html
    """
    source = main_input(file, campaigns_file, "--campaigns")
    files = _files(campaigns=source, opportunities=opportunities)
    run = _begin(output, json_, quiet, config, files.paths(), "campaigns")
    now = parse_now(as_of, run.config)
    period = _week_or_days(run, week, from_, to, now)
    inputs = ReportInputs(run, files, now=now, main="campaigns", sheet=sheet, map_options=map_)
    built = _built(run, output, lambda: build_campaign_performance(inputs, period))
    _finish(run, built, output, f"report campaigns: {period.label}")


def _week_or_days(run: Run, week: str | None, from_: str | None, to: str | None, now: pd.Timestamp) -> Period:
    if week is not None and (from_ or to):
        raise RevopsInputError("Give --week or --from/--to, not both.")
    zone = run.config.general.timezone
    days = _days(run, from_, to, now)
    if days is not None:
        return days
    w = week_window(week, now, zone)
    return days_period(w.first_day, w.last_day, zone, now, label=w.label)


# --------------------------------------------------------------------------- forecast, win/loss


QuarterOption = Annotated[Optional[str], typer.Option(
    "--quarter", metavar="YYYY-Qn", show_default=False,
    help="Fiscal quarter, e.g. 2026-Q4 (reporting.fiscal_year_start_month). Default: the quarter holding "
         "--as-of.")]


def _quarter_or_days(run: Run, quarter: str | None, from_: str | None, to: str | None, now: pd.Timestamp) -> Period:
    if quarter is not None and (from_ or to):
        raise RevopsInputError("Give --quarter or --from/--to, not both.")
    days = _days(run, from_, to, now)
    if days is not None:
        return days
    return quarter_period(quarter, now, run.config.general.timezone, run.config.reporting.fiscal_year_start_month)


def forecast(
    file: MainFileArgument = None,
    opportunities: Annotated[Optional[str], typer.Option(
        "--opportunities", metavar="OPPORTUNITIES", show_default=False,
        help="Opportunity export: owner, stage, amount, probability, close date, forecast category.")] = None,
    output: ReportOutputOption = None,
    quotas: QuotasOption = None,
    reps: RepsOption = None,
    history: HistoryOption = None,
    previous: PreviousOption = None,
    quarter: QuarterOption = None,
    from_: FromOption = None,
    to: ToOption = None,
    as_of: AsOfOption = None,
    sheet: SheetOption = None,
    map_: MapOption = None,
    config: ConfigOption = None,
    json_: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Forecast Roll-up (weekly, Wednesday, executive), as Collaborative Forecasts and Clari run it:
    the quarter's open pipeline by forecast category (Commit, Best Case, Pipeline, Omitted) rolled
    up rep → manager → total; weighted by deal probability and by historical conversion per stage
    (--history); closed won to date; attainment and coverage against --quotas; the largest deals
    by name; and how each category of an earlier snapshot (--previous) actually closed.

    **Example**: revops report forecast --opportunities opps.csv --quotas quotas.csv --history stage-history.csv --previous opps-2026-10-01.csv -o forecast.html
    """
    source = main_input(file, opportunities, "--opportunities")
    files = _files(opportunities=source, quotas=quotas, reps=reps, history=history, previous=previous)
    run = _begin(output, json_, quiet, config, files.paths(), "forecast")
    now = parse_now(as_of, run.config)
    period = _quarter_or_days(run, quarter, from_, to, now)
    inputs = ReportInputs(run, files, now=now, main="opportunities", sheet=sheet, map_options=map_,
                          beside=("reps", "quotas"))
    built = _built(run, output, lambda: build_forecast(inputs, period))
    _finish(run, built, output, f"report forecast: {period.label}")


def win_loss(
    file: MainFileArgument = None,
    opportunities: Annotated[Optional[str], typer.Option(
        "--opportunities", metavar="OPPORTUNITIES", show_default=False,
        help="Opportunity export: stage, amount, close and created dates, owner, source, segment, industry, "
             "product, loss reason.")] = None,
    output: ReportOutputOption = None,
    history: HistoryOption = None,
    accounts: AccountsOption = None,
    quarter: QuarterOption = None,
    from_: FromOption = None,
    to: ToOption = None,
    as_of: AsOfOption = None,
    sheet: SheetOption = None,
    map_: MapOption = None,
    config: ConfigOption = None,
    json_: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Win/Loss Analysis (weekly, Thursday, product): the deals closed in the period, win rate
    overall and by source, segment, industry, deal size, owner and product; loss reasons; sales
    cycle and deal size won vs lost; the stage lost deals were lost at (--history). The quarter to
    date unless --quarter or --from/--to.

    **Example**: revops report win-loss --opportunities opps.csv --history stage-history.csv --accounts accounts.csv -o win-loss.html
    """
    source = main_input(file, opportunities, "--opportunities")
    files = _files(opportunities=source, history=history, accounts=accounts)
    run = _begin(output, json_, quiet, config, files.paths(), "win-loss")
    now = parse_now(as_of, run.config)
    period = _quarter_or_days(run, quarter, from_, to, now)
    inputs = ReportInputs(run, files, now=now, main="opportunities", sheet=sheet, map_options=map_)
    built = _built(run, output, lambda: build_win_loss(inputs, period))
    _finish(run, built, output, f"report win-loss: {period.label}")


def pipeline_changes(
    file: MainFileArgument = None,
    opportunities: Annotated[Optional[str], typer.Option(
        "--opportunities", metavar="OPPORTUNITIES", show_default=False,
        help="Today's export of the opportunity report (id, name, owner, stage, amount, close date).")] = None,
    previous: PreviousOption = None,
    output: ReportOutputOption = None,
    as_of: AsOfOption = None,
    sheet: SheetOption = None,
    map_: MapOption = None,
    config: ConfigOption = None,
    json_: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Pipeline Changes (daily, 10 AM, management, Slack): what changed between the last --previous
    snapshot and --opportunities: new deals, stage moves forward and back, won, lost, reopened,
    amounts up and down, close dates pushed (and how often each deal has been pushed), owners
    changed, deals that vanished; totals per owner and the open-pipeline bridge. -o
    changes.slack.json writes a Slack Block Kit message to post with curl.

    **Example**: revops report pipeline-changes --opportunities opps-today.csv --previous opps-yesterday.csv -o changes.slack.json
    """
    source = main_input(file, opportunities, "--opportunities")
    if not previous:
        raise RevopsInputError("give --previous FILE: the earlier snapshot to compare with.")
    files = _files(opportunities=source, previous=previous)
    run = _begin(output, json_, quiet, config, files.paths(), "changes")
    now = parse_now(as_of, run.config)
    inputs = ReportInputs(run, files, now=now, main="opportunities", sheet=sheet, map_options=map_)
    built = _built(run, output, lambda: build_pipeline_changes(inputs))
    _finish(run, built, output, "report pipeline-changes")


# --------------------------------------------------------------------------- monthly


def monthly(
    file: MainFileArgument = None,
    leads: LeadsOption = None,
    output: ReportOutputOption = None,
    kind: Annotated[str, typer.Option(
        "--report", metavar="NAME",
        help="business (Business Review, 5th), marketing (Marketing Review, 3rd), sales (Sales Review, 3rd), "
             "board (Board Deck, 10th) or lead-management (the Lead Management monthly review).")] = "business",
    activities: ActivitiesOption = None,
    reps: RepsOption = None,
    opportunities: OpportunitiesOption = None,
    history: HistoryOption = None,
    quotas: QuotasOption = None,
    previous: PreviousOption = None,
    campaigns: CampaignsFileOption = None,
    events: EventsOption = None,
    event_leads: EventLeadsOption = None,
    approver: ApproverOption = None,
    month: Annotated[Optional[str], typer.Option(
        "--month", metavar="YYYY-MM", show_default=False,
        help="Month to report, e.g. 2026-10. Default: the last complete month before --as-of.")] = None,
    from_: FromOption = None,
    to: ToOption = None,
    as_of: AsOfOption = None,
    sheet: SheetOption = None,
    map_: MapOption = None,
    config: ConfigOption = None,
    json_: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """The monthly reports, month over month. Marketing Review: campaign and event ROI, funnel by
    source and cohort against the KPI targets, the marketing SLA, cost per lead and opportunity.
    Sales Review: attainment against --quotas per rep and team, win rate, cycle, pipeline created,
    SLA compliance. Business Review: all of it with the quarter's forecast and data quality. Board
    Deck: one page of highlights, the biggest changes and the trend. Lead Management review: source
    performance, conversion by score band, routing effectiveness, nurture engagement by track.

    **Example**: revops report monthly --report business --leads leads.csv --activities tasks.csv --opportunities opps.csv --quotas quotas.csv --month 2026-10 -o business-review.html
    """
    if kind not in MONTHLY_KINDS:
        raise RevopsInputError(f"--report {kind!r}: choose one of {', '.join(MONTHLY_KINDS)}.")
    leads_path = leads if file is None and leads is None else main_input(file, leads, "--leads")
    files = _files(leads=leads_path, activities=activities, reps=reps, opportunities=opportunities, history=history,
                   quotas=quotas, previous=previous, campaigns=campaigns, events=events, event_leads=event_leads)
    run = _begin(output, json_, quiet, config, files.paths(), f"{kind}-review")
    now = parse_now(as_of, run.config)
    if month is not None and (from_ or to):
        raise RevopsInputError("Give --month or --from/--to, not both.")
    period = _days(run, from_, to, now) or month_period(month, now, run.config.general.timezone)
    main = "leads" if leads_path else "opportunities"
    inputs = ReportInputs(run, files, now=now, main=main, sheet=sheet, map_options=map_,
                          people={**run.config.deals.approvers, **parse_approvers(approver)},
                          beside=("reps", "quotas"))
    built = _built(run, output, lambda: build_monthly(inputs, kind, period))
    _finish(run, built, output, f"report monthly --report {kind}: {period.label}")


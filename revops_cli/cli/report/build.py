"""One builder per report of the Reporting SOP's inventory: read what it needs from :class:`ReportInputs`, call its
``core/reporting`` function (which runs the audit cores), lay the result out with its pack. The report commands
and `report due --run` both call these, so a report is built one way whichever way it is asked for.

A builder returns a :class:`Built`: the document, the figures (the cores' ``summary()``; ``--json`` and the
``.json`` file), and the few lines the terminal shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from revops_cli.cli.report.inputs import OPTIONS, ReportInputs
from revops_cli.core.data.quality import FUZZY_AUTO_ROWS, audit_data
from revops_cli.core.reporting.campaigns import campaign_performance
from revops_cli.core.reporting.changes import pipeline_changes
from revops_cli.core.reporting.daily import lead_flow, sales_activity
from revops_cli.core.reporting.forecast import forecast_rollup
from revops_cli.core.reporting.leadreview import lead_management_review
from revops_cli.core.reporting.monthly import headline_metrics, marketing_review, sales_review
from revops_cli.core.reporting.periods import Period, quarter_period
from revops_cli.core.reporting.weekly import Week, weekly_figures
from revops_cli.core.reporting.winloss import win_loss
from revops_cli.core.sales.deals import audit_deals
from revops_cli.errors import RevopsInputError
from revops_cli.report.campaigns_pack import campaign_sections
from revops_cli.report.changes_pack import changes_sections
from revops_cli.report.daily_pack import lead_flow_sections, sales_activity_sections
from revops_cli.report.document import Report
from revops_cli.report.formatting import format_value
from revops_cli.report.forecast_pack import forecast_sections
from revops_cli.report.leadreview_pack import lead_review_sections
from revops_cli.report.monthly_pack import board_sections, business_sections, marketing_sections, sales_sections
from revops_cli.report.pack import finish, money, pct
from revops_cli.report.weekly_pack import build_weekly_report, weekly_json
from revops_cli.report.winloss_pack import winloss_sections

MONTHLY_KINDS = ("business", "marketing", "sales", "board", "lead-management")


@dataclass
class Built:
    """A report, its figures and what the terminal shows of it."""

    report_id: str
    report: Report
    figures: dict[str, Any]
    lines: list[tuple[str, str]] = field(default_factory=list)  # (figure, value) for the terminal

    def document(self) -> dict[str, Any]:
        """Everything the .json file and --json hold."""
        return {"report_id": self.report_id, **self.figures, "report": self.report.to_dict()}


def _period_text(period: Period) -> str:
    if period.first_day == period.last_day:
        return f"{period.first_day:%a %d %b %Y}"
    return f"{period.first_day:%d %b} to {period.last_day:%d %b %Y}"


def _finish(inp: ReportInputs, title: str, subtitle: str, sections, command: str) -> Report:
    return finish(title, subtitle, sections, command=command, now=inp.now, zone=inp.config.general.timezone,
                  sources=inp.files.shown())


def _need(inp: ReportInputs, *kinds: str, report: str) -> None:
    missing = [OPTIONS[k] for k in kinds if not inp.files.given(k)]
    if missing:
        raise RevopsInputError(f"{report} needs {' and '.join(missing)}.")


# --------------------------------------------------------------------------- daily


def build_daily(inp: ReportInputs, period: Period, only: str | None = None) -> Built:
    """Sales Activity and/or Lead Flow for ``period``."""
    _need(inp, "leads", report="report daily")
    leads, mapping = inp.leads()
    config = inp.config
    sections, figures, lines = [], {"as_of": inp.now.isoformat(), "period": period.to_dict()}, []
    titles = []
    if only in (None, "sales-activity"):
        activity = sales_activity(leads, mapping, inp.link(), config, now=inp.now, period=period, roster=inp.roster())
        sections += sales_activity_sections(activity, config)
        figures["sales_activity"] = activity.summary()
        summary = activity.summary()
        lines += [("rep-days under a minimum", f"{summary['rep_days_under_minimum']:,} of {summary['rep_days']:,}")]
        titles.append("Sales Activity")
    if only in (None, "lead-flow"):
        flow = lead_flow(leads, mapping, inp.link(), config, now=inp.now, period=period, roster=inp.roster())
        sections += lead_flow_sections(flow, config)
        figures["lead_flow"] = flow.summary()
        lines += [("new leads", f"{flow.new_leads:,}"), ("response-SLA compliance", pct(flow.sla.compliance)),
                  ("unassigned", f"{len(flow.sla.unassigned):,}"),
                  ("waiting past their SLA now", f"{len(flow.waiting):,}")]
        titles.append("Lead Flow")
    report_id = {"sales-activity": "sales_activity", "lead-flow": "lead_flow"}.get(only or "", "daily")
    report = _finish(inp, " and ".join(titles), f"{_period_text(period)} · daily, 9 AM", sections,
                     "revops report daily")
    return Built(report_id, report, figures, lines)


# --------------------------------------------------------------------------- pipeline changes


def build_pipeline_changes(inp: ReportInputs) -> Built:
    _need(inp, "opportunities", "previous", report="report pipeline-changes")
    result = pipeline_changes(inp.snapshot(), inp.previous(), inp.config)
    t = result.totals
    report = _finish(inp, "Pipeline Changes", f"{result.previous} → {result.current}", changes_sections(result),
                     "revops report pipeline-changes")
    lines = [("deals changed", f"{t['deals_changed']:,} of {t['deals_now']:,}"),
             ("new", f"{t['new']:,} ({money(t['new_amount'])})"), ("won", f"{t['won']:,} ({money(t['won_amount'])})"),
             ("lost", f"{t['lost']:,} ({money(t['lost_amount'])})"), ("close dates pushed", f"{t['close_pushed']:,}"),
             ("open pipeline", f"{money(t['open_before'])} → {money(t['open_now'])}")]
    return Built("pipeline_changes", report, {"as_of": inp.now.isoformat(), **result.summary()}, lines)


# --------------------------------------------------------------------------- weekly


def build_pipeline_review(inp: ReportInputs, week: Week) -> Built:
    _need(inp, "leads", report="report weekly")
    if inp.files.history and not inp.files.opportunities:
        raise RevopsInputError("--history needs --opportunities: it dates the stages of those deals.")
    leads, mapping = inp.leads()
    roster_read = inp.roster_frame()
    extra: dict[str, Any] = {}
    for key, schema in (("opportunities", "opportunities"), ("history", "stage_history"),
                        ("campaigns", "campaigns"), ("events", "events"), ("event_leads", "leads")):
        frame, frame_mapping = inp.optional(key, schema)
        extra[key], extra[f"{key}_mapping"] = frame, frame_mapping
    figures = weekly_figures(
        leads, mapping, inp.config, now=inp.now, week=week, activities=inp.link(), roster=inp.roster(),
        opportunities=extra["opportunities"], opportunity_mapping=extra["opportunities_mapping"],
        history=extra["history"], history_mapping=extra["history_mapping"],
        campaigns=extra["campaigns"], campaign_mapping=extra["campaigns_mapping"],
        events=extra["events"], event_mapping=extra["events_mapping"],
        event_leads=extra["event_leads"], event_lead_mapping=extra["event_leads_mapping"],
        approvers=inp.people, roster_frame=roster_read[0] if roster_read else None, row_numbers=None)
    files = {"leads": inp.files.leads, "activities": ", ".join(inp.files.activities), "reps": inp.files.reps,
             "opportunities": inp.files.opportunities, "campaigns": inp.files.campaigns, "events": inp.files.events}
    report = build_weekly_report(figures, inp.config, sources={k: v for k, v in files.items() if v})
    document = weekly_json(figures, report)
    document.pop("report")
    return Built("pipeline_review", report, document, [])


def build_campaign_performance(inp: ReportInputs, period: Period) -> Built:
    _need(inp, "campaigns", report="report campaigns")
    frame, mapping = inp.optional("campaigns", "campaigns")
    opps, opp_mapping = inp.optional("opportunities", "opportunities")
    result = campaign_performance(frame, mapping, inp.config, period=period, opportunities=opps,
                                  opportunity_mapping=opp_mapping)
    report = _finish(inp, "Campaign Performance", f"{period.label} · {_period_text(period)}",
                     campaign_sections(result, inp.config), "revops report campaigns")
    totals = result.roi.totals
    lines = [("campaigns that ran", f"{len(result.campaigns):,}"), ("ROI", pct(totals.get("roi_percent"))
                                                                    if "revenue" not in result.not_measured
                                                                    else "not measured"),
             ("campaigns with actions", f"{result.audit.summary()['campaigns_with_actions']:,}"),
             ("lint problems", f"{len(result.lint.problems):,}")]
    return Built("campaign_performance", report, {"as_of": inp.now.isoformat(), **result.summary()}, lines)


def build_forecast(inp: ReportInputs, period: Period) -> Built:
    _need(inp, "opportunities", report="report forecast")
    history, history_mapping = inp.history()
    result = forecast_rollup(inp.opportunities(), inp.config, now=inp.now, period=period, teams=inp.teams(),
                             quotas=inp.quotas(), history=history, history_mapping=history_mapping,
                             earlier=inp.previous())
    total = result.total
    report = _finish(inp, "Forecast Roll-up", f"{period.label} · {_period_text(period)}"
                     + (" · quarter to date" if period.partial else ""), forecast_sections(result, inp.config),
                     "revops report forecast")
    lines = [("closed won", money(total["won"])), ("open pipeline", money(total["open_pipeline"])),
             ("weighted", money(total["weighted"])), ("stage-weighted", money(total["stage_weighted"])),
             ("attainment", pct(total["attainment"]) if total["quota"] is not None else str(total["quota_note"])),
             ("coverage", "—" if total["coverage"] is None else f"{total['coverage']:.2f}x")]
    return Built("forecast_rollup", report, {"as_of": inp.now.isoformat(), **result.summary()}, lines)


def build_win_loss(inp: ReportInputs, period: Period) -> Built:
    _need(inp, "opportunities", report="report win-loss")
    history, history_mapping = inp.history()
    accounts, account_mapping = inp.optional("accounts", "accounts")
    result = win_loss(inp.opportunities(), inp.config, period=period, history=history, history_mapping=history_mapping,
                      accounts=accounts, account_mapping=account_mapping)
    report = _finish(inp, "Win/Loss Analysis", f"{period.label} · {_period_text(period)}",
                     winloss_sections(result, inp.config), "revops report win-loss")
    o = result.overall
    lines = [("deals closed", f"{o['closed']:,}"), ("won", f"{o['won']:,} ({money(o['won_amount'])})"),
             ("win rate", pct(o["win_rate"]))]
    return Built("win_loss", report, {"as_of": inp.now.isoformat(), **result.summary()}, lines)


# --------------------------------------------------------------------------- monthly


def _marketing(inp: ReportInputs, period: Period):
    leads, mapping = inp.leads()
    opps, opp_mapping = inp.optional("opportunities", "opportunities")
    campaigns, campaign_mapping = inp.optional("campaigns", "campaigns")
    events, event_mapping = inp.optional("events", "events")
    event_leads, event_lead_mapping = inp.optional("event_leads", "leads")
    return marketing_review(leads, mapping, inp.config, now=inp.now, period=period, opportunities=opps,
                            opportunity_mapping=opp_mapping, campaigns=campaigns, campaign_mapping=campaign_mapping,
                            events=events, event_mapping=event_mapping, event_leads=event_leads,
                            event_lead_mapping=event_lead_mapping)


def _sales(inp: ReportInputs, period: Period):
    frame, mapping = inp.opportunities_frame()
    history, history_mapping = inp.history()
    roster_read = inp.roster_frame()
    hygiene = audit_deals(frame, mapping, inp.config, now=inp.now, history=history, history_mapping=history_mapping,
                          roster=roster_read[0] if roster_read else None, people=inp.people)
    leads, lead_mapping = inp.leads() if inp.files.leads else (None, None)
    return sales_review(inp.opportunities(), inp.config, now=inp.now, period=period, teams=inp.teams(),
                        quotas=inp.quotas(), leads=leads, lead_mapping=lead_mapping,
                        activities=inp.link() if inp.files.leads else None, roster=inp.roster(), hygiene=hygiene)


def build_monthly(inp: ReportInputs, kind: str, period: Period) -> Built:
    config = inp.config
    subtitle = f"{period.label} · {_period_text(period)}" + (" · month to date" if period.partial else "")
    command = f"revops report monthly --report {kind}"
    if kind == "lead-management":
        _need(inp, "leads", report="The Lead Management review")
        leads, mapping = inp.leads()
        opps, opp_mapping = inp.optional("opportunities", "opportunities")
        result = lead_management_review(leads, mapping, config, now=inp.now, period=period, activities=inp.link(),
                                        roster=inp.roster(), opportunities=opps, opportunity_mapping=opp_mapping)
        report = _finish(inp, "Lead Management monthly review", subtitle, lead_review_sections(result, config), command)
        lines = [("new leads", f"{result.sources.summary()['leads']:,}"),
                 ("conversion by score band", "not measured" if result.calibration is None else
                  "ordered" if result.calibration.monotonic else "a lower band converts better"),
                 ("response-SLA compliance", "not measured" if result.sla is None else pct(result.sla.compliance))]
        lines += [(f"engagement, {t['track']}", pct(t["engagement"])) for t in result.nurture or []]
        return Built("lead_management_review", report, {"as_of": inp.now.isoformat(), **result.summary()}, lines)
    if kind == "marketing":
        _need(inp, "leads", report="The Marketing Review")
        result = _marketing(inp, period)
        metrics = headline_metrics(result, None)
        report = _finish(inp, "Marketing Review", subtitle, marketing_sections(result, config, metrics), command)
        return Built("marketing_review", report, {"as_of": inp.now.isoformat(), "metrics": metrics,
                                                  **result.summary()}, _metric_lines(metrics))
    if kind == "sales":
        _need(inp, "opportunities", report="The Sales Review")
        result = _sales(inp, period)
        metrics = headline_metrics(None, result)
        report = _finish(inp, "Sales Review", subtitle, sales_sections(result, config, metrics), command)
        return Built("sales_review", report, {"as_of": inp.now.isoformat(), "metrics": metrics, **result.summary()},
                     _metric_lines(metrics))
    _need(inp, "leads", "opportunities", report=f"The {'Board Deck' if kind == 'board' else 'Business Review'}")
    marketing, sales = _marketing(inp, period), _sales(inp, period)
    metrics = headline_metrics(marketing, sales)
    quarter = quarter_period(None, inp.now, config.general.timezone, config.reporting.fiscal_year_start_month)
    history, history_mapping = inp.history()
    forecast = forecast_rollup(inp.opportunities(), config, now=inp.now, period=quarter, teams=inp.teams(),
                               quotas=inp.quotas(), history=history, history_mapping=history_mapping,
                               earlier=inp.previous())
    figures = {"as_of": inp.now.isoformat(), "period": period.to_dict(), "metrics": metrics,
               "marketing": marketing.summary(), "sales": sales.summary(), "forecast": forecast.summary()}
    if kind == "board":
        report = _finish(inp, "Board Deck", subtitle, board_sections(marketing, sales, forecast, config, metrics),
                         command)
        return Built("board_deck", report, figures, _metric_lines(metrics))
    leads, mapping = inp.leads()
    data = audit_data(leads, mapping, config, now=inp.now, fuzzy=len(leads) <= FUZZY_AUTO_ROWS)
    figures["data"] = data.summary()
    report = _finish(inp, "Business Review", subtitle,
                     business_sections(marketing, sales, forecast, data, config, metrics), command)
    return Built("business_review", report, figures, _metric_lines(metrics))


def _metric_lines(metrics: list[dict]) -> list[tuple[str, str]]:
    return [(m["label"], f"{format_value(m['current'], m['kind'])} (before: {format_value(m['previous'], m['kind'])})")
            for m in metrics]

"""The daily 9 AM reports as documents: Sales Activity (sales team) and Lead Flow (marketing).

Presentation only: every number is in :class:`~revops_cli.core.reporting.daily.SalesActivity` /
:class:`~revops_cli.core.reporting.daily.LeadFlow`, i.e. the SLA audit's. Section ids (stable, the browser test
looks for them): :data:`SALES_ACTIVITY_SECTIONS`, :data:`LEAD_FLOW_SECTIONS`.
"""

from __future__ import annotations

from typing import Any

from revops_cli.config import RevopsConfig
from revops_cli.core.reporting.daily import LeadFlow, SalesActivity
from revops_cli.report.document import BarChart, MetricCard, Metrics, Section, Series
from revops_cli.report.pack import count, not_measured, pct, plain, rows, status, table, unmeasured_section

SALES_ACTIVITY_SECTIONS = ("activity", "minimums")
LEAD_FLOW_SECTIONS = ("new-leads", "response", "waiting")
_KINDS = ("calls", "emails", "meetings", "demos")


def _days_text(period) -> str:
    return (f"{period.first_day:%A %d %B %Y}" if period.first_day == period.last_day
            else f"{period.first_day:%d %b} to {period.last_day:%d %b %Y}")


def sales_activity_sections(f: SalesActivity, config: RevopsConfig) -> list[Section]:
    days = f.days
    one_day = f.period.first_day == f.period.last_day
    if "minimums" in f.not_measured or "activities" in f.not_measured:
        first = unmeasured_section("activity", "Activity against the daily minimums",
                                   next(iter(f.not_measured.values())))
        first.blocks += not_measured(f.not_measured)[1:]
    else:
        under = int(days["under_minimum"].sum()) if len(days) else 0
        cards = [MetricCard("Reps audited", count(len(f.sla.activity)), value=len(f.sla.activity)),
                 MetricCard("Rep-days at every minimum", count(len(days) - under), value=len(days) - under,
                            status="pass" if len(days) and not under else "n/a"),
                 MetricCard("Rep-days under a minimum", count(under), value=under,
                            status="fail" if under else ("pass" if len(days) else "n/a"))]
        data = []
        for row in rows(days):
            item = {"rep": row["rep"], "role": row["role"], "day": (row["day"] or "")[:10],
                    "missed": row["missed"] or "", "status": status(not row["under_minimum"])}
            for kind in _KINDS:
                item[kind] = row[kind]
                item[f"minimum_{kind}"] = row[f"minimum_{kind}"]
            data.append(item)
        columns = [("rep", "Rep", "text"), ("role", "Role", "text")] + ([] if one_day else [("day", "Day", "date")])
        for kind in _KINDS:
            columns += [(kind, kind.capitalize(), "int"), (f"minimum_{kind}", "min", "int")]
        columns += [("missed", "Short of", "text"), ("status", "", "status")]
        blocks: list[Any] = [Metrics(cards=cards)]
        per_rep = f.sla.activity
        if per_rep:
            blocks.append(BarChart(title="Calls and emails per rep", categories=[r["rep"] for r in per_rep],
                                   series=[Series("Calls", [r["calls"] for r in per_rep]),
                                           Series("Emails", [r["emails"] for r in per_rep])], axis_label="Activities"))
        blocks.append(table(columns, data, caption="Each rep's working day against the minimums of their role",
                            empty="No active rep with a role that has minimums worked on these days."))
        blocks += not_measured(f.not_measured)
        first = Section("activity", "Activity against the daily minimums",
                        f"Calls, emails, meetings and demos logged on {_days_text(f.period)}, each rep on their own "
                        "calendar (days off and holidays have no row), as revops sla audit counts them.", blocks)
    minimums = [{"role": role, **m.model_dump()} for role, m in config.sla.activity_minimums.items()]
    second = Section("minimums", "The daily minimums", "Sales Process SOP, Sales Activity Standards "
                     "(sla.activity_minimums); roster roles map onto these (Senior Sales Rep is a Senior AE, BDR an "
                     "SDR).", [table([("role", "Role", "text"), ("calls", "Calls", "int"), ("emails", "Emails", "int"),
                                      ("meetings", "Meetings", "int"), ("demos", "Demos", "int")], minimums)])
    return [first, second]


def lead_flow_sections(f: LeadFlow, config: RevopsConfig) -> list[Section]:
    sla = f.sla
    unassigned = len(sla.unassigned)
    cards = [MetricCard("New leads", count(f.new_leads), value=f.new_leads),
             MetricCard("Unassigned", count(unassigned), value=unassigned,
                        status="fail" if unassigned else "pass", target_text="target 0"),
             MetricCard("Response-SLA compliance", pct(sla.compliance), value=sla.compliance,
                        target_text=f"target {sla.target:g}%",
                        status=status(sla.meets_target) if "response" not in f.not_measured else "n/a"),
             MetricCard("Waiting past their SLA now", count(len(f.waiting)) if "waiting" not in f.not_measured
                        else "—", value=len(f.waiting), status="fail" if len(f.waiting) else "pass")]
    by = [("value", "Source", "text"), ("leads", "Leads", "int")]
    blocks: list[Any] = [Metrics(cards=cards)]
    if "new_leads" in f.not_measured:
        blocks += not_measured(f.not_measured, ("new_leads",))
    else:
        blocks.append(table(by, f.by_source, caption="New leads by source", empty="No new leads.")
                      if "by_source" not in f.not_measured else not_measured(f.not_measured, ("by_source",))[0])
        blocks.append(table([("value", "Band", "text"), ("leads", "Leads", "int")], f.by_band,
                            caption="New leads by band (the CRM's score, band or rating)", empty="No new leads."))
        blocks.append(table([("value", "Owner", "text"), ("leads", "Leads", "int")], f.by_owner,
                            caption="New leads by owner", empty="No new leads.")
                      if "by_owner" not in f.not_measured else not_measured(f.not_measured, ("by_owner",))[0])
    new = Section("new-leads", "New leads", f"Leads created on {_days_text(f.period)}.", blocks)

    if "response" in f.not_measured:
        response = unmeasured_section("response", "Response times against the band SLAs", f.not_measured["response"])
    else:
        band_rows = [{k: plain(v) for k, v in r.items()} for r in sla.by_band if r["leads"]]
        unassigned_rows = rows(sla.unassigned, ["lead_id", "lead_name", "band", "owner", "reason", "created"])
        response = Section("response", "Response times against the band SLAs",
                           "Leads whose SLA clock (assignment, else creation) started on these days, as revops sla "
                           "audit --from --to judges them: Hot on the wall clock, the others in the owner's business "
                           "hours.", [
                               table([("band", "Band", "text"), ("sla_minutes", "SLA (min)", "int"),
                                      ("leads", "Leads", "int"), ("met", "Met", "int"), ("breached", "Breached", "int"),
                                      ("open_overdue", "Overdue", "int"), ("open_not_due", "Not due yet", "int"),
                                      ("compliance", "Compliance", "pct")], band_rows,
                                     caption="Response SLA by band", empty="No lead's clock started on these days."),
                               table([("lead_id", "Lead", "text"), ("lead_name", "Name", "text"),
                                      ("band", "Band", "text"), ("owner", "Owner", "text"),
                                      ("reason", "Why unassigned", "text"), ("created", "Created", "date")],
                                     unassigned_rows, caption="Unassigned leads", empty="Every lead is assigned.")])
    if "waiting" in f.not_measured:
        waiting = unmeasured_section("waiting", "Waiting past their SLA now", f.not_measured["waiting"])
    else:
        data = [{**r, "started_at": (r.get("started_at") or "")[:16].replace("T", " "),
                 "due_at": (r.get("due_at") or "")[:16].replace("T", " ")}
                for r in rows(f.waiting, ["lead_id", "lead_name", "band", "rep", "started_at", "due_at",
                                          "minutes_late"])]
        waiting = Section("waiting", "Waiting past their SLA now",
                          f"No touch yet and past due, among leads whose clock started in the last "
                          f"{config.sla.cadence_days} days (after that the Sales SLA sends them back to nurture). "
                          "Longest wait first.",
                          [table([("lead_id", "Lead", "text"), ("lead_name", "Name", "text"), ("band", "Band", "text"),
                                  ("rep", "Owner", "text"), ("started_at", "Clock started", "text"),
                                  ("due_at", "Was due", "text"), ("minutes_late", "Minutes late", "int")], data,
                                 empty="No lead is waiting past its SLA.")])
    return [new, response, waiting]

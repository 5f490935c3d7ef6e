"""Win/Loss Analysis as a document. Presentation only: every number is in
:class:`~revops_cli.core.reporting.winloss.WinLoss`. Section ids: :data:`SECTION_IDS`."""

from __future__ import annotations

from typing import Any

from revops_cli.config import RevopsConfig
from revops_cli.core.reporting.winloss import BREAKDOWNS, WinLoss
from revops_cli.report.document import BarChart, MetricCard, Metrics, Note, Section, Series
from revops_cli.report.pack import count, money, not_measured, pct, table, unmeasured_section

SECTION_IDS = ("overview", "breakdowns", "reasons", "cycle", "lost-at")


def winloss_sections(f: WinLoss, config: RevopsConfig) -> list[Section]:
    o = f.overall
    cards = [MetricCard("Deals closed", count(o["closed"]), value=o["closed"]),
             MetricCard("Won", count(o["won"]), note=money(o["won_amount"]), value=o["won"]),
             MetricCard("Lost", count(o["lost"]), note=money(o["lost_amount"]), value=o["lost"]),
             MetricCard("Win rate (deals)", pct(o["win_rate"]), value=o["win_rate"]),
             MetricCard("Win rate (amount)", pct(o["win_rate_amount"]), value=o["win_rate_amount"])]
    period = f.period
    overview = Section("overview", "Win rate", f"Deals closed (won or lost) {period.first_day:%d %b} to "
                       f"{period.last_day:%d %b %Y}{' (to date)' if period.partial else ''}: win rate = won / closed.",
                       [Metrics(cards=cards)] + [Note(n, "warning" if n.startswith("Stages that") else "info") for n in f.notes])
    if not o["closed"]:
        overview.blocks.append(Note("No deal closed in the period: nothing to measure.", "info"))

    blocks: list[Any] = []
    columns = [("value", "", "text"), ("closed", "Closed", "int"), ("won", "Won", "int"), ("lost", "Lost", "int"),
               ("win_rate", "Win rate", "pct"), ("won_amount", "Won $", "money"),
               ("win_rate_amount", "Win rate ($)", "pct")]
    for key, label, _ in BREAKDOWNS:
        data = f.breakdowns.get(key)
        if data is None:
            blocks += not_measured(f.not_measured, (key,))
            continue
        named = [(k, label if k == "value" else text, kind) for k, text, kind in columns]
        blocks.append(table(named, data, caption=f"By {label.lower()}", empty="No closed deal."))
    by_size = f.breakdowns.get("size")
    if by_size:
        blocks.insert(0, BarChart(title="Win rate by deal size", categories=[r["value"] for r in by_size],
                                  series=[Series("Win rate", [r["win_rate"] for r in by_size])], value_kind="pct",
                                  orientation="vertical", axis_label="Win rate %",
                                  description="Deal-size bands: reporting.deal_size_bands."))
    breakdowns = Section("breakdowns", "Win rate by source, segment, industry, size, owner and product",
                         "Values are grouped ignoring case and spacing; (blank) is deals without the value.", blocks)

    if f.loss_reasons is None:
        reasons = unmeasured_section("reasons", "Loss reasons", f.not_measured["loss_reasons"])
    else:
        reasons = Section("reasons", "Loss reasons", "Why the lost deals were lost, most frequent first.",
                          [table([("reason", "Reason", "text"), ("deals", "Deals", "int"), ("share", "Share", "pct"),
                                  ("amount", "Amount", "money")], f.loss_reasons, empty="No deal was lost.")])
    cycle_blocks: list[Any] = [
        table([("outcome", "Outcome", "text"), ("deals", "Deals", "int"), ("median", "Median days", "float"),
               ("mean", "Mean days", "float")], f.cycle, caption="Sales cycle: created to close"),
        table([("outcome", "Outcome", "text"), ("deals", "Deals", "int"), ("median", "Median amount", "money"),
               ("mean", "Mean amount", "money")], f.size, caption="Deal size")]
    cycle_blocks += not_measured(f.not_measured, ("cycle",))
    cycle = Section("cycle", "Sales cycle and deal size, won vs lost", "", cycle_blocks)
    if f.lost_at_stage is None:
        lost_at = unmeasured_section("lost-at", "Stage at which deals were lost", f.not_measured["lost_at_stage"])
    else:
        lost_at = Section("lost-at", "Stage at which deals were lost",
                          "The last open stage each lost deal entered before it closed (stage history).",
                          [BarChart(title="Lost deals by stage", categories=[r["stage"] for r in f.lost_at_stage],
                                    series=[Series("Lost deals", [r["deals"] for r in f.lost_at_stage])],
                                    axis_label="Deals"),
                           table([("stage", "Stage", "text"), ("deals", "Deals", "int"), ("share", "Share", "pct")],
                                 f.lost_at_stage, empty="No deal was lost.")])
    return [overview, breakdowns, reasons, cycle, lost_at]

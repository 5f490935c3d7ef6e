"""Forecast Roll-up as a document. Presentation only: every number is in
:class:`~revops_cli.core.reporting.forecast.Forecast`. Section ids: :data:`SECTION_IDS`."""

from __future__ import annotations

from typing import Any

from revops_cli.config import RevopsConfig
from revops_cli.core.reporting.forecast import Forecast
from revops_cli.report.document import BarChart, Column, MetricCard, Metrics, Note, Section, Series, TableBlock
from revops_cli.report.pack import money, not_measured, pct, plain, table, unmeasured_section

SECTION_IDS = ("rollup", "categories", "largest", "stages", "calibration")


def _coverage(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}x"


def _ordered(rows: list[dict]) -> list[dict]:
    """Reps under their team, each team after its reps, the total last."""
    reps = [r for r in rows if r["level"] == "rep"]
    teams = [r for r in rows if r["level"] == "team"]
    out = []
    for team in teams:
        out += [r for r in reps if r["team"] == team["name"]] + [team]
    out += [r for r in reps if r not in out]
    return out + [r for r in rows if r["level"] == "total"]


def forecast_sections(f: Forecast, config: RevopsConfig) -> list[Section]:
    total = f.total
    currency = "$" if config.general.currency == "USD" else ""
    cards = [MetricCard("Closed won to date", money(total["won"], currency), value=total["won"],
                        note=f"{total['won_deals']:,} deals")]
    if f.categories is not None:
        first = next(c for c in f.categories if c not in config.reporting.omitted_categories)
        cards.append(MetricCard(f"Closed + {first}", money(total["forecast"][first], currency),
                                value=total["forecast"][first]))
    cards += [MetricCard("Open pipeline", money(total["open_pipeline"], currency), value=total["open_pipeline"],
                         note=f"{total['open_deals']:,} deals"),
              MetricCard("Weighted (deal probability)", money(total["weighted"], currency), value=total["weighted"]),
              MetricCard("Stage-weighted", money(total["stage_weighted"], currency), value=total["stage_weighted"])]
    if total["quota"] is not None:
        cards += [MetricCard("Quota", money(total["quota"], currency), value=total["quota"]),
                  MetricCard("Attainment", pct(total["attainment"]), value=total["attainment"]),
                  MetricCard("Coverage of the remaining quota", _coverage(total["coverage"]), value=total["coverage"],
                             note=total["quota_note"] or "")]
    else:
        cards.append(MetricCard("Attainment", "not measured", note=total["quota_note"] or ""))
    columns = [Column("name", "Rep / team"), Column("level", "Level"), Column("won", "Closed won", "money")]
    data = []
    for row in _ordered(f.rows):
        item: dict[str, Any] = {k: plain(v) for k, v in row.items() if not isinstance(v, dict)}
        if f.categories is not None:
            for c in f.categories:
                item[f"cat:{c}"] = row["categories"][c]
        item["attainment"] = row["attainment"]
        data.append(item)
    if f.categories is not None:
        columns += [Column(f"cat:{c}", c, "money") for c in f.categories]
    columns += [Column("open_pipeline", "Open pipeline", "money"), Column("weighted", "Weighted", "money"),
                Column("stage_weighted", "Stage-weighted", "money"), Column("quota", "Quota", "money"),
                Column("attainment", "Attainment", "pct"), Column("coverage", "Coverage (x)", "float", decimals=2)]
    blocks: list[Any] = [Metrics(cards=cards), TableBlock(columns=columns, rows=data,
                                                          caption="Rep → team → total", sortable=False)]
    quota_notes = [f"{row['name']}: {row['quota_note']}" for row in _ordered(f.rows) if row["quota_note"]]
    if quota_notes and "quota" not in f.not_measured:
        blocks.append(Note("Quota: " + "; ".join(quota_notes) + ".", "info"))
    blocks += not_measured(f.not_measured, ("categories", "manager", "quota"))
    blocks += [Note(n, "warning" if n.startswith("Stages that") else "info") for n in f.notes]
    period = f.period
    rollup = Section("rollup", "Forecast roll-up",
                     f"Deals closing {period.first_day:%d %b} to {period.last_day:%d %b %Y} ({period.label}"
                     f"{', to date' if period.partial else ''}); open pipeline leaves out "
                     f"{', '.join(config.reporting.omitted_categories) or 'nothing'}; coverage = open pipeline / "
                     "(quota − closed won).", blocks)

    if f.categories is None:
        categories = unmeasured_section("categories", "By forecast category", f.not_measured["categories"],
                                        "Commit, Best Case, Pipeline and Omitted are the reps' own calls: without the "
                                        "export's Forecast Category column the roll-up is weighted by probability "
                                        "instead (above).")
    else:
        reps = [r for r in f.rows if r["level"] == "rep"]
        chart = BarChart(title="Open pipeline by category and rep", categories=[r["name"] for r in reps],
                         series=[Series(c, [r["categories"][c] for r in reps]) for c in f.categories],
                         stacked=True, value_kind="money", axis_label="Amount")
        calls = [{"name": r["name"], "level": r["level"], **{f"f:{c}": v for c, v in r["forecast"].items()}}
                 for r in _ordered(f.rows)]
        keys = list(f.rows[-1]["forecast"])
        running = ["Closed + " + " + ".join(keys[:i + 1]) for i in range(len(keys))]
        categories = Section("categories", "By forecast category",
                             "The forecast calls: closed won plus each category, most certain first.",
                             [chart, table([("name", "Rep / team", "text"), ("level", "Level", "text")]
                                           + [(f"f:{k}", label, "money") for k, label in zip(keys, running)], calls)])

    category_column = [("category", "Category", "text")] if f.categories is not None else []
    largest = Section("largest", "The largest deals", f"The {config.reporting.largest_deals} largest open deals "
                      "closing in the period, by name.",
                      [table([("name", "Opportunity", "text"), ("owner", "Owner", "text"), ("stage", "Stage", "text"),
                              *category_column, ("close_date", "Close date", "date"),
                              ("amount", "Amount", "money"), ("probability", "Probability", "pct"),
                              ("weighted", "Weighted", "money")], f.largest, empty="No open deal closes in the period.")])

    stages = Section("stages", "Historical conversion by stage",
                     f"Of the closed deals that passed through each stage, the share won; used to weight the pipeline "
                     f"where at least {config.reporting.stage_conversion_min_closed} closed deals did "
                     "(reporting.stage_conversion_min_closed), else the stage probability "
                     "(campaign.stage_probabilities).",
                     [table([("stage", "Stage", "text"), ("closed_deals", "Closed deals through it", "int"),
                             ("won", "Won", "int"), ("win_rate", "Historical win rate", "pct"),
                             ("stage_probability", "Stage probability", "pct"), ("weight", "Weight used", "pct"),
                             ("weight_source", "From", "text")], f.stages)]
                     + not_measured(f.not_measured, ("stage_conversion",)))
    if f.calibration is None:
        calibration = unmeasured_section("calibration", "Category calibration", f.not_measured["calibration"],
                                         "What share of each category actually closed: a Commit that closes at 65% "
                                         "is a broken forecast.")
    else:
        calibration = Section("calibration", "Category calibration",
                              f"Deals {f.calibration_snapshot} had in each category with a close date on or before "
                              "today, and what became of them: a Commit that closes at 65% is a broken forecast.",
                              [table([("category", "Category then", "text"), ("deals", "Deals", "int"),
                                      ("amount", "Amount", "money"), ("won", "Won", "int"),
                                      ("won_percent", "Won (deals)", "pct"),
                                      ("won_amount_percent", "Won (amount)", "pct"), ("lost", "Lost", "int"),
                                      ("still_open", "Still open", "int"), ("vanished", "Vanished", "int")],
                                     f.calibration)])
    return [rollup, categories, largest, stages, calibration]

"""`revops data ...`: the Data Management SOP — quality scorecard and retention (`data audit`),
and the GDPR rights of deletion, access and portability (`data forget`, `data export`)."""

from __future__ import annotations

from typing import Annotated, Optional

import pandas as pd
import typer

from revops_cli.cli.common import Run, check_default_region, parse_now, read_input, start
from revops_cli.cli.options import (AsOfOption, ConfigOption, DefaultRegionOption, InputArgument, JsonOption,
                                    MapOption, QuietOption, SheetOption)
from revops_cli.core.data.quality import FUZZY_AUTO_ROWS, DataAudit, audit_data, problem_rows
from revops_cli.io.write import check_output_path, output_headers, write_table
from revops_cli.render import simple_table

_MIN_METRICS = ("completeness", "accuracy", "compliance")

data_app = typer.Typer(help="Data Management SOP: quality scorecard, retention, and GDPR deletion, access and "
                            "portability.", no_args_is_help=True)



@data_app.command("audit")
def audit(
    source: InputArgument,
    as_of: AsOfOption = None,
    rows: Annotated[Optional[str], typer.Option(
        "--rows", metavar="FILE", show_default=False,
        help="Write every row with a problem: its original columns, then revops_row, revops_problems, "
             "revops_retention_class and revops_retention_action.")] = None,
    fuzzy: Annotated[Optional[bool], typer.Option(
        "--fuzzy/--no-fuzzy", show_default=False,
        help="Estimate duplicates with the dedupe engine's rules (email, phone + name, fuzzy name at one company) "
             f"rather than exact email only. Default: on up to {FUZZY_AUTO_ROWS:,} rows.")] = None,
    fail_under: Annotated[Optional[float], typer.Option(
        "--fail-under", metavar="PCT", show_default=False, min=0, max=100,
        help="Exit 1 when completeness, accuracy or compliance is below PCT.")] = None,
    strict: Annotated[bool, typer.Option(
        "--strict", help="Exit 1 when any scorecard metric misses its SOP target or any record is past "
                         "retention.")] = False,
    default_region: DefaultRegionOption = None,
    sheet: SheetOption = None,
    map_: MapOption = None,
    config: ConfigOption = None,
    json_: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Score a leads or contacts export against the Data Management SOP: completeness of the required
    fields, accuracy of formatted fields (email, E.164 phone, ISO country, state code, campaign name,
    NAICS industry), duplicates, bounces and consent compliance, each against its target; and the
    records past their retention period (customers 7 years, prospects 2, unsubscribed 5) with the action
    due. Nothing in the file is changed.

    [bold]Example[/bold]: revops data audit leads.csv --as-of 2026-11-20 --rows problems.csv --strict
    """
    run = start(config=config, json_mode=json_, quiet=quiet)
    check_default_region(default_region)
    if rows:
        check_output_path(rows, [source])
    now = parse_now(as_of, run.config, option="--as-of")
    table, mapping = read_input(run, source, sheet=sheet, map_options=map_)
    frame = table.frame
    row_numbers = pd.Series(frame.index + table.info.first_data_row, index=frame.index)
    use_fuzzy = fuzzy if fuzzy is not None else len(frame) <= FUZZY_AUTO_ROWS
    result = audit_data(frame, mapping, run.config, now=now, row_numbers=row_numbers,
                        default_region=default_region, fuzzy=use_fuzzy)
    if fuzzy is None and not use_fuzzy:
        result.notes.append(f"duplicates counted by exact email only ({len(frame):,} rows > {FUZZY_AUTO_ROWS:,}); "
                            "add --fuzzy for the dedupe engine's estimate")
    if rows:
        flagged = problem_rows(frame, result)
        write_table(flagged, rows, headers=output_headers(table.info.headers, flagged), inputs=[source])

    _report(run, result, source=source, as_of=now)
    failed = _failed(result, fail_under, strict)
    run.reporter.json({"file": source, "as_of": now.isoformat(), "fuzzy_duplicates": use_fuzzy,
                       "rows_file": rows, "fail_under": fail_under, "strict": strict, "failed": failed,
                       "retention": _retention_rows(result, run), "read": table.info.to_dict(), **result.summary()})
    if failed:
        raise typer.Exit(1)


def _failed(result: DataAudit, fail_under: float | None, strict: bool) -> bool:
    if fail_under is not None and any(m["value"] is not None and m["value"] < fail_under
                                      for m in result.scorecard if m["metric"] in _MIN_METRICS):
        return True
    past = sum(result.counts["past_retention"].values())
    return strict and (any(m["met"] is False for m in result.scorecard) or past > 0)


def _retention_rows(result: DataAudit, run: Run) -> list[dict]:
    rules = run.config.data_quality.retention
    counts = result.counts
    return [{"class": name, "records": counts["retention_classes"].get(name, 0), "kept_years": rule.years,
             "past_retention": counts["past_retention"].get(name, 0), "action": rule.action}
            for name, rule in rules.items()]


_METRIC_LABELS = {"completeness": "Completeness (required fields)", "accuracy": "Accuracy (fields in SOP format)",
                  "duplicates": "Duplicates", "bounces": "Bounces (of rows with an email)",
                  "compliance": "Compliance (marketable with a consent basis)"}


def _report(run: Run, result: DataAudit, *, source: str, as_of: pd.Timestamp) -> None:
    report = run.reporter
    counts = result.counts
    scorecard = []
    for metric in result.scorecard:
        value = metric["value"]
        sign = "≤" if metric["kind"] == "max" else "≥"
        status = {True: "pass", False: "FAIL", None: "not measured"}[metric["met"]]
        scorecard.append([_METRIC_LABELS.get(metric["metric"], metric["metric"]),
                          "—" if value is None else f"{value:.1f}%", f"{sign} {metric['target']:g}%", status])
    report.table(simple_table(f"data audit: {source} — {counts['rows']:,} rows, Data Management SOP scorecard",
                              ["metric", "value", "target", "result"], scorecard,
                              justify=["left", "right", "right", "left"]))
    field_rows = []
    for quality in result.fields:
        field_rows.append([quality.field + (" *" if quality.required else ""), quality.column or "(none)",
                           _pct(quality.completeness), _pct(quality.validity),
                           "" if quality.valid is None else f"{quality.filled - quality.valid:,}",
                           "" if quality.fixable is None else
                           ("~" if quality.fixable_estimated else "") + f"{quality.fixable - quality.valid:,}"])
    report.table(simple_table("By field (* required; 'clean fixes': invalid cells `revops leads clean` repairs, ~ estimated)",
                              ["field", "column", "filled %", "valid %", "invalid", "clean fixes"], field_rows,
                              justify=["left", "left", "right", "right", "right", "right"]))
    retention = [[r["class"], f"{r['records']:,}", f"{r['kept_years']} years", f"{r['past_retention']:,}",
                  r["action"]] for r in _retention_rows(result, run)]
    report.table(simple_table(f"Retention as of {as_of.tz_convert(run.config.general.timezone).date()}",
                              ["class", "records", "kept", "past retention", "action due"], retention,
                              justify=["left", "right", "right", "right", "left"]))
    extra = [f"exact email duplicates {counts['duplicate_rows']:,}"]
    if counts.get("fuzzy_duplicate_rows") is not None:
        extra.append(f"dedupe-engine duplicates {counts['fuzzy_duplicate_rows']:,}")
    extra.append(f"bounced {counts['bounced_rows']:,} of {counts['rows_with_email']:,} with an email")
    extra.append(f"marketable without consent {counts['marketable_without_consent']:,}")
    if counts["undated"]:
        extra.append(f"{counts['undated']:,} rows with no created or activity date (retention not judged)")
    report.line("; ".join(extra) + ".")
    for note in result.notes:
        report.line(f"Note: {note}.")
    missed = [m["metric"] for m in result.scorecard if m["met"] is False]
    report.line(f"{counts['rows_with_problems']:,} of {counts['rows']:,} rows have at least one problem. "
                + (f"Below target: {', '.join(missed)}." if missed else "Every measured metric meets its target."),
                style="bold red" if missed else None)


def _pct(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


# GDPR commands live in privacy_cmd.py; registered here so `revops data --help` lists them together.
from revops_cli.cli import privacy_cmd  # noqa: E402

data_app.command("forget")(privacy_cmd.forget)
data_app.command("export")(privacy_cmd.export)

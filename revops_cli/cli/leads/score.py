"""`revops leads score`: Lead Management SOP 3. Lead Scoring."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from revops_cli.cli.common import (
    main_input,
    Run,
    parse_now,
    read_activities,
    read_input,
    rows_text,
    start,
    write_output,
)
from revops_cli.cli.options import (
    BatchRowsOption,
    LeadsInputOption,
    AsOfOption,
    ActivitiesOption,
    ConfigOption,
    InputArgument,
    JsonOption,
    MapOption,
    OutcomeColumnOption,
    OutputOption,
    PositiveOption,
    QuietOption,
    SheetOption,
)
from revops_cli.cli.stream import open_streamed, stream_summary, write_streamed
from revops_cli.core.leads.fit import read_outcome
from revops_cli.core.leads.scoring import ScoreQuality, ScoreResult, calibrate, outcome_quality, score_leads
from revops_cli.core.metrics import percent
from revops_cli.errors import RevopsInputError
from revops_cli.io.write import check_output_path
from revops_cli.render import simple_table


def score(
    output: OutputOption,
    file: InputArgument = None,
    leads_file: LeadsInputOption = None,
    activities: ActivitiesOption = None,
    explain: Annotated[bool, typer.Option(
        "--explain", help="Add revops_score_reasons: the points behind each score ('+12 seniority = VP; ...').")] = False,
    calibrate_with: Annotated[Optional[str], typer.Option(
        "--calibrate", metavar="OUTCOMES", show_default=False,
        help="Opportunity export (Converted Lead ID or email, Stage): conversion and win rate by band, the SOP's "
             "'score accuracy' check.")] = None,
    outcome: OutcomeColumnOption = None,
    positive: PositiveOption = None,
    target_accounts: Annotated[Optional[str], typer.Option(
        "--target-accounts", metavar="ACCOUNTS", show_default=False,
        help="Target account list (an account export or one column of names) for the 'target_account' rule, "
             "besides scoring.target_accounts.")] = None,
    as_of: AsOfOption = None,
    sheet: SheetOption = None,
    map_: MapOption = None,
    batch_rows: BatchRowsOption = None,
    config: ConfigOption = None,
    json_: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Score leads 0-100: demographic (0-30) + firmographic (0-30) + behavioural (0-40), and band them.

    Rules are the points tables of [scoring] in revops.toml (title seniority and function,
    country, industry, company size and revenue tiers, target accounts, lead source, and
    engagement with recency decay). Adds revops_score_demographic, revops_score_firmographic,
    revops_score_behavioral, revops_score and revops_band (80+ Hot, 60-79 Warm, 40-59 Qualified,
    20-39 Early, 0-19 Cold). With --calibrate (an opportunity export) or --outcome (a column of the leads
    file), also how well the scores rank what happened: ROC AUC, lift by decile and conversion by band,
    measured the same way as `revops leads fit`.

    **Example**: revops leads score clean.csv -o scored.csv --activities engagement.csv --explain
    """
    file = main_input(file, leads_file, "--leads")
    if positive and not outcome:
        raise RevopsInputError("--positive needs --outcome COLUMN: the column whose values it names.")
    run = start(config=config, json_mode=json_, quiet=quiet, data_on_stdout=output == "-")
    inputs = [file, *(activities or []), *[f for f in (calibrate_with, target_accounts) if f]]
    check_output_path(output, inputs)
    moment = parse_now(as_of, run.config)
    with run.reporter.live():
        # activities, an outcome and calibration read every lead at once; without them each lead stands alone
        streamed = None if activities or outcome or calibrate_with else open_streamed(
            run, file, output=output, batch_rows=batch_rows, map_options=map_, sheet=sheet)
        if streamed is not None:
            table = streamed.table
            targets = _target_account_names(run, target_accounts)
            result = write_streamed(run, streamed, output, lambda _offset, frame: score_leads(
                frame, streamed.mapping, run.config, now=moment, explain=explain, target_accounts=targets),
                step="scoring", combine=ScoreResult.add)
        else:
            table, mapping = read_input(run, file, sheet=sheet, map_options=map_)
            link = read_activities(run, activities, table.frame, mapping)
            targets = _target_account_names(run, target_accounts)
            run.reporter.step("scoring")
            result = score_leads(table.frame, mapping, run.config, now=moment, activities=link, explain=explain,
                                 target_accounts=targets)
            write_output(run, result.frame, output, table=table, mapping=mapping, inputs=inputs)

        calibration = None
        if calibrate_with:
            outcomes, outcome_mapping = read_input(run, calibrate_with, schema="opportunities")
            run.reporter.step("calibrating")
            calibration = calibrate(result.frame, mapping, outcomes.frame, outcome_mapping, run.config)
        known_outcome = quality = None
        if outcome:
            known_outcome = read_outcome(table.frame, outcome, positive or (), source=file)
            quality = outcome_quality(result.frame, known_outcome.converted, known_outcome.known, run.config)
    _report_score(run, result, calibration, title=f"leads score: {file} → {output}")
    if quality is not None:
        _report_quality(run, quality, f"Score accuracy against {known_outcome.column!r} "
                                      f"({quality.leads:,} leads with an outcome)")
    run.reporter.json({"input": file, "output": output, "now": moment.isoformat(), "read": table.info.to_dict(),
                       **stream_summary(streamed), **result.summary(),
                       "calibration": calibration.summary() if calibration is not None else None,
                       "outcome": None if quality is None else {**known_outcome.summary(), **quality.summary()}})


def _target_account_names(run: Run, source: str | None) -> list[str]:
    if not source:
        return []
    table, account_mapping = read_input(run, source, schema="accounts")
    column = account_mapping.get("account_name")
    if column is None:
        if table.frame.shape[1] != 1:
            raise RevopsInputError(f"{source}: no account name column (looked for 'Account Name', 'Company', "
                                   "'Name', ...); give an account export or a file with one column of names.")
        column = table.frame.columns[0]
    return [name for name in table.frame[column].dropna().astype(str) if name.strip()]


def _report_score(run: Run, result: ScoreResult, calibration, *, title: str) -> None:
    report = run.reporter
    rows = result.rows
    bands = run.config.scoring.bands
    ranges = {}
    for index, band in enumerate(bands):
        top = bands[index - 1].min - 1 if index else 100
        ranges[band.name] = f"{band.min}-{top}" if index else f"{band.min}+"
    widest = max(result.band_counts.values(), default=0) or 1
    report.table(simple_table(
        title, ["band", "score", "leads", "share", ""],
        [(name, ranges.get(name, ""), count, f"{percent(count, rows) or 0:.1f}%", _bar(count, widest))
         for name, count in result.band_counts.items()],
        justify=["left", "right", "right", "right", "left"]))
    tallest = max((count for _, _, count in result.histogram), default=0) or 1
    report.table(simple_table(
        "Score histogram", ["score", "leads", ""],
        [(f"{low:>3}-{high}", count, _bar(count, tallest)) for low, high, count in result.histogram],
        justify=["right", "right", "left"]))
    line = f"{rows_text(rows)} scored; mean {result.mean:.1f}, median {result.median:g}." if rows else "No rows."
    if result.activities_linked or result.activities_unlinked:
        line += (f" Activities: {result.activities_linked:,} linked to a lead, "
                 f"{result.activities_unlinked:,} matched no lead.")
    report.line(line)
    if result.rules_without_column:
        shown = ", ".join(f"'{rule}'" for rule in result.rules_without_column[:6])
        more = len(result.rules_without_column) - 6
        report.line(f"Rules with no column in the file (they never score): {shown}"
                    + (f" and {more} more" if more > 0 else "") + ". See `revops inspect` or use --map.",
                    style="yellow")
    behavioral = run.config.scoring.behavioral
    if result.events_without_data:
        events = ", ".join(f"{kind.replace('_', ' ')} (+{behavioral.events[kind].points})"
                           for kind in result.events_without_data)
        report.line(f"Engagement events with no activities export and no count column (they never score): "
                    f"{events}. Give --activities FILE, or --map page_views=HEADER (form_fills, email_opens, "
                    "email_clicks, content_downloads, events_attended, demo_requested) for count columns.",
                    style="yellow")
    if result.behavioral_all_zero:
        why = (f"not measured ({result.not_measured['behavioral'].text})" if "behavioral" in result.not_measured
               else "no lead matched a behavioural rule or engagement event")
        report.line(f"Behavioural points (up to {behavioral.max}) are 0 for every lead: {why}. Bands reflect "
                    "demographic and firmographic points only.", style="yellow")
    if calibration is not None:
        report.table(simple_table(
            "Score accuracy: what each band went on to do", ["band", "leads", "opportunity", "conversion",
                                                             "closed won", "win rate"],
            [(b["band"], b["leads"], b["converted"], _pct(b["conversion_percent"]), b["won"], _pct(b["win_percent"]))
             for b in calibration.summary()["bands"]],
            justify=["left", "right", "right", "right", "right", "right"]))
        verdict = ("higher bands convert at least as well as lower ones" if calibration.monotonic
                   else "a lower band converts better than a higher one: review the scoring rules")
        report.line(f"Calibration: {verdict}. {calibration.unmatched_outcomes:,} opportunities matched no lead.",
                    style=None if calibration.monotonic else "bold red")
        if calibration.quality is not None:
            report.line(f"ROC AUC: {_auc(calibration.quality.auc)} for an opportunity, {_auc(calibration.won_auc)} "
                        "for a won deal (0.5 = no better than chance, 1 = every converted lead outranks the rest).")
            _decile_table(run, calibration.quality)


def _auc(value: float | None) -> str:
    return "not measured (one class only)" if value is None else f"{value:.3f}"


def _decile_table(run: Run, quality: ScoreQuality) -> None:
    run.reporter.table(simple_table(
        "Lift by decile (decile 1 = the top-scored 10%)", ["decile", "scores", "leads", "conversion", "lift"],
        [(d.decile, "" if d.low is None else f"{d.low:g}-{d.high:g}", d.leads, _pct(d.conversion_percent),
          "—" if d.lift is None else f"{d.lift:.2f}×") for d in quality.deciles],
        justify=["right"] * 5))


def _report_quality(run: Run, quality: ScoreQuality, title: str) -> None:
    report = run.reporter
    report.table(simple_table(
        title, ["band", "leads", "converted", "conversion"],
        [(b.band, b.leads, b.converted, _pct(b.conversion_percent)) for b in quality.bands],
        justify=["left", "right", "right", "right"]))
    _decile_table(run, quality)
    verdict = ("higher bands convert at least as well as lower ones" if quality.monotonic
               else "a lower band converts better than a higher one: review the scoring rules (revops leads fit)")
    report.line(f"ROC AUC {_auc(quality.auc)}; {verdict}.", style=None if quality.monotonic else "bold red")


def _bar(count: int, widest: int, width: int = 30) -> str:
    return "█" * round(width * count / widest) if count else ""


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%"

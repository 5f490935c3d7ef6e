"""`revops leads fit`: points tables learned from leads whose outcome is known (Lead Management SOP,
"Scoring adjustment" and "Conversion rates by score")."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from revops_cli.cli.common import main_input, parse_now, read_input, start, write_output
from revops_cli.cli.options import (
    AsOfOption,
    ConfigOption,
    InputArgument,
    JsonOption,
    LeadsInputOption,
    MapOption,
    OutcomeColumnOption,
    PositiveOption,
    QuietOption,
    SheetOption,
)
from revops_cli.core.leads.fit import FitResult, fit_scoring
from revops_cli.core.leads.scoring.calibration import ScoreQuality
from revops_cli.errors import RevopsInputError
from revops_cli.io.write import check_output_path, write_text
from revops_cli.render import simple_table


def _pairs(values: list[str] | None, option: str) -> dict[str, str]:
    pairs = {}
    for item in values or ():
        if "=" not in item:
            raise RevopsInputError(f"{option} {item!r}: write NAME=VALUE, e.g. {option} job=demographic.")
        name, value = item.split("=", 1)
        pairs[name.strip()] = value.strip()
    return pairs


def fit(
    output: Annotated[str, typer.Option("--output", "-o", metavar="TOML",
                                        help="Where to write the fitted [scoring] section (a .toml file; - for "
                                             "stdout).")],
    file: InputArgument = None,
    leads_file: LeadsInputOption = None,
    outcome: OutcomeColumnOption = None,
    positive: PositiveOption = None,
    holdout: Annotated[Optional[float], typer.Option(
        "--holdout", metavar="SHARE", show_default=False,
        help="Share of the labelled leads kept aside to measure the tables (default scoring.fit.holdout, "
             "0.2).")] = None,
    seed: Annotated[Optional[int], typer.Option(
        "--seed", metavar="N", show_default=False,
        help="Seed of the split (default scoring.fit.seed): the same data and seed give the same tables.")] = None,
    min_outcomes: Annotated[Optional[int], typer.Option(
        "--min-outcomes", metavar="N", show_default=False,
        help="Fewest converted and fewest not-converted leads to fit on (default scoring.fit.min_outcomes, "
             "200).")] = None,
    exclude: Annotated[Optional[list[str]], typer.Option(
        "--exclude", metavar="FIELD", show_default=False,
        help="Leave a field or column out (one known only after the outcome, say). Repeatable.")] = None,
    dimension: Annotated[Optional[list[str]], typer.Option(
        "--dimension", metavar="FIELD=DIMENSION", show_default=False,
        help="Put a field's rules in another dimension, e.g. --dimension job=demographic. Repeatable.")] = None,
    maximum: Annotated[Optional[list[str]], typer.Option(
        "--max", metavar="DIMENSION=POINTS", show_default=False,
        help="Another cap for a dimension than the SOP's 30/30/40 (they must still add up to 100), e.g. "
             "--max demographic=20 --max behavioral=50. Repeatable.")] = None,
    rebalance_bands: Annotated[bool, typer.Option(
        "--rebalance-bands", help="Move the band thresholds so the bands hold scoring.fit.band_shares of the "
                                  "leads (default: the SOP's 80/60/40/20 stay).")] = False,
    holdout_out: Annotated[Optional[str], typer.Option(
        "--holdout-out", metavar="FILE", show_default=False,
        help="Also write the held-out leads (every column, as read) so `leads score --outcome` can check the "
             "figures.")] = None,
    as_of: AsOfOption = None,
    sheet: SheetOption = None,
    map_: MapOption = None,
    config: ConfigOption = None,
    json_: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Learn points tables from leads whose outcome is known, and compare them with the current ones.

    Fits a regularised logistic regression (scikit-learn) on a training split of the labelled leads,
    turns it into ladders of rules per field in the language of revops.toml, with integer points and each
    dimension capped at its SOP maximum (30/30/40), and measures the current and the fitted tables side
    by side on the held-out leads: ROC AUC, lift by decile and conversion by band. Writes the fitted
    [scoring] section with each rule's evidence (leads, conversion) as a comment. Refuses too few outcomes
    (scoring.fit.min_outcomes of each class) and leaves out a field that leaks the outcome.

    **Example**: revops leads fit leads.csv --outcome Converted -o scoring.toml --as-of 2026-11-20T08:00
    """
    file = main_input(file, leads_file, "--leads")
    if not outcome:
        raise RevopsInputError("Name the column that says whether each lead converted: --outcome COLUMN "
                               "(e.g. --outcome Converted, or --outcome Stage --positive 'Closed Won').")
    run = start(config=config, json_mode=json_, quiet=quiet, data_on_stdout=output == "-")
    inputs = [file]
    # never over the config in use: the fitted file holds only [scoring]
    check_output_path(output, inputs + ([str(run.config_path)] if run.config_path else []), extensions=(".toml",))
    if holdout_out:
        check_output_path(holdout_out, inputs + [output])
    table, mapping = read_input(run, file, sheet=sheet, map_options=map_)
    moment = parse_now(as_of, run.config)
    caps = {name: _points(value, name) for name, value in _pairs(maximum, "--max").items()}
    result = fit_scoring(
        table.frame, mapping, run.config, outcome_column=outcome, positive=positive or (), now=moment,
        holdout=holdout, seed=seed, min_outcomes=min_outcomes, exclude=exclude or (),
        dimensions=_pairs(dimension, "--dimension"), caps=caps, rebalance_bands=rebalance_bands, source=file)
    if output == "-":
        typer.echo(result.toml, nl=False)
    else:
        write_text(output, result.toml)
    if holdout_out:
        held = table.frame.iloc[result.holdout_rows]
        write_output(run, held, holdout_out, table=table, mapping=mapping, inputs=inputs)
    _report(run, result, title=f"leads fit: {file} → {output}", output=output, holdout_out=holdout_out)
    run.reporter.json({"input": file, "output": output, "holdout_output": holdout_out, "now": moment.isoformat(),
                       "read": table.info.to_dict(), **result.summary()})


def _points(value: str, name: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise RevopsInputError(f"--max {name}={value}: give whole points, e.g. --max {name}=30.") from None


def _auc(value: float | None) -> str:
    return "not measured" if value is None else f"{value:.3f}"


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%"


def _lift(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}×"


def _report(run, result: FitResult, *, title: str, output: str, holdout_out: str | None) -> None:  # noqa: ANN001
    report = run.reporter
    o = result.outcome
    report.table(simple_table(title, ["leads", "count"], [
        ("in the file", result.rows),
        (f"with an outcome ({o.column})", o.labelled),
        (f"converted ({', '.join(o.positive_values)})", o.positives),
        ("to fit on", len(result.train_rows)),
        (f"held out ({result.holdout:.0%}, seed {result.seed})", len(result.holdout_rows)),
    ], justify=["left", "right"]))
    current, fitted = result.current, result.fitted
    report.table(simple_table(
        "Held-out leads: the current tables and the fitted ones", ["", "current", "fitted"], [
            ("ROC AUC", _auc(current.auc), _auc(fitted.auc)),
            ("top 10% lift", _lift(current.deciles[0].lift), _lift(fitted.deciles[0].lift)),
            ("bands in order of conversion", "yes" if current.monotonic else "no",
             "yes" if fitted.monotonic else "no"),
        ], justify=["left", "right", "right"]))
    report.table(simple_table(
        "Lift by decile (held-out; decile 1 = the top-scored 10%)",
        ["decile", "current: leads", "conversion", "lift", "fitted: leads", "conversion", "lift"],
        [(a.decile, a.leads, _pct(a.conversion_percent), _lift(a.lift), b.leads, _pct(b.conversion_percent),
          _lift(b.lift)) for a, b in zip(current.deciles, fitted.deciles)],
        justify=["right"] * 7))
    report.table(simple_table(
        "Conversion by band (held-out)", ["band", "current: leads", "conversion", "fitted: leads", "conversion"],
        [(a.band, a.leads, _pct(a.conversion_percent), b.leads, _pct(b.conversion_percent))
         for a, b in zip(current.bands, _bands_by_name(fitted, [b.band for b in current.bands]))],
        justify=["left", "right", "right", "right", "right"]))
    report.line(f"Before rounding to whole points the model's held-out ROC AUC is {_auc(result.model_auc)}; "
                f"rounding cost {_auc(result.rounding_cost)}. A plain logistic regression on the same fields and "
                f"split: {_auc(result.plain_auc)}.")
    if result.rebalanced:
        report.line("Bands moved by --rebalance-bands: " + ", ".join(
            f"{b.name} {b.min}+" for b in result.scoring.bands) + ".")
    report.table(simple_table(
        "Fields in the fitted tables", ["field", "column", "dimension", "rules", "most points", "alone: AUC"],
        [(f.name + (" *" if f.custom else ""), f.source, f.dimension, f.rules, f.top_points, _auc(f.alone_auc))
         for f in result.fields],
        justify=["left", "left", "left", "right", "right", "right"]))
    if any(f.custom for f in result.fields):
        report.line("* a column that is no standard lead field: the tables name it in \\[scoring.fields].")
    for name, why in result.leaks.items():
        report.line(f"Left out {name}: it leaks the outcome: {why}", style="yellow")
    others = {n: w for n, w in result.left_out.items() if n not in result.leaks}
    if others:
        report.line("Also left out: " + "; ".join(f"{n} ({w})" for n, w in others.items()) + ".")
    for note in result.notes:
        report.line(note, style="bold red")
    where = "stdout" if output == "-" else output
    line = f"Wrote the fitted \\[scoring] section to {where}"
    if holdout_out:
        line += f" and the {len(result.holdout_rows):,} held-out leads to {holdout_out}"
    report.line(line + f". Check it with `revops config check {output if output != '-' else 'FILE'}`.")


def _bands_by_name(quality: ScoreQuality, names: list[str]):  # noqa: ANN202
    by_name = {b.band: b for b in quality.bands}
    from revops_cli.core.leads.scoring.calibration import BandConversion

    return [by_name.get(name, BandConversion(name, 0, 0)) for name in names]

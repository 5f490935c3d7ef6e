"""`revops data ...`: the Data Management SOP — quality scorecard and retention (`data audit`),
and the GDPR rights of deletion, access and portability (`data forget`, `data export`)."""

from __future__ import annotations

import datetime as dt
import os
import secrets
from pathlib import Path
from typing import Annotated, Optional

import pandas as pd
import typer

from revops_cli import __version__
from revops_cli.cli.common import (
    main_input,
    Run,
    check_default_region,
    parse_now,
    read_input,
    report_not_measured,
    start,
    write_output,
)
from revops_cli.cli.options import (
    LeadsInputOption,
    AsOfOption,
    ConfigOption,
    DefaultRegionOption,
    EmailOption,
    EmailsFileOption,
    InputArgument,
    JsonOption,
    MapOption,
    QuietOption,
    SheetOption,
    SubjectEmailOption,
)
from revops_cli.columns import detect_columns, header_key
from revops_cli.core.data import privacy
from revops_cli.core.data.quality import FUZZY_AUTO_ROWS, DataAudit, audit_data, problem_rows
from revops_cli.errors import RevopsInputError
from revops_cli.io import read_table
from revops_cli.io.read import EXCEL_EXTENSIONS, JSON_EXTENSIONS, PARQUET_EXTENSIONS
from revops_cli.io.cells import TEXT_ONLY
from revops_cli.io.write import (
    check_output_path,
    write_table,
    write_text,
)
from revops_cli.render import simple_table, to_json

_MIN_METRICS = ("completeness", "accuracy", "compliance")


def audit(
    source: InputArgument = None,
    leads_file: LeadsInputOption = None,
    as_of: AsOfOption = None,
    rows: Annotated[Optional[str], typer.Option(
        "--rows", metavar="FILE", show_default=False,
        help="Write every row with a problem: its original columns, then its row number, its problems and its "
             "retention class and action (the revops_* columns; docs/audits.md names them).")] = None,
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

    **Example**: revops data audit leads.csv --as-of 2026-11-20 --rows problems.csv --strict
    """
    source = main_input(source, leads_file, "--leads")
    run = start(config=config, json_mode=json_, quiet=quiet)
    check_default_region(default_region)
    if rows:
        check_output_path(rows, [source])
    now = parse_now(as_of, run.config)
    with run.reporter.live():
        table, mapping = read_input(run, source, sheet=sheet, map_options=map_)
        frame = table.frame
        row_numbers = pd.Series(frame.index + table.info.first_data_row, index=frame.index)
        use_fuzzy = fuzzy if fuzzy is not None else len(frame) <= FUZZY_AUTO_ROWS
        run.reporter.step("auditing")
        result = audit_data(frame, mapping, run.config, now=now, row_numbers=row_numbers,
                            default_region=default_region, fuzzy=use_fuzzy)
        if fuzzy is None and not use_fuzzy:
            result.notes.append(f"duplicates counted by exact email only ({len(frame):,} rows > {FUZZY_AUTO_ROWS:,}); "
                                "add --fuzzy for the dedupe engine's estimate")
        if rows:
            flagged = problem_rows(frame, result)
            write_output(run, flagged, rows, table=table, mapping=mapping, inputs=[source])

    _report(run, result, source=source, as_of=now)
    failed = _failed(result, fail_under, strict, source)
    run.reporter.json({"file": source, "as_of": now.isoformat(), "fuzzy_duplicates": use_fuzzy,
                       "rows_file": rows, "fail_under": fail_under, "strict": strict, "failed": failed,
                       "retention": _retention_rows(result, run), "read": table.info.to_dict(), **result.summary()})
    if failed:
        raise typer.Exit(1)


def _failed(result: DataAudit, fail_under: float | None, strict: bool, source: str) -> bool:
    """--fail-under and --strict judge what was measured; on nothing measured they neither pass nor fail (exit 2)."""
    judged = [m for m in result.measured if m["metric"] in _MIN_METRICS]
    if fail_under is not None and not judged:
        raise RevopsInputError(f"{source}: --fail-under {fail_under:g} cannot be judged: completeness, accuracy and "
                               f"compliance were not measured ({_why(result, _MIN_METRICS)}).")
    if strict and not result.measured:
        raise RevopsInputError(f"{source}: --strict cannot be judged: no metric was measured "
                               f"({_why(result, tuple(m['metric'] for m in result.scorecard))}).")
    if fail_under is not None and any(m["value"] < fail_under for m in judged):
        return True
    past = sum(v for v in result.counts["past_retention"].values() if v is not None)
    return strict and (any(m["met"] is False for m in result.scorecard) or past > 0)


def _why(result: DataAudit, metrics: tuple[str, ...]) -> str:
    return "; ".join(f"{name}: {check.text}" for name, check in result.not_measured.items() if name in metrics)


def _retention_rows(result: DataAudit, run: Run) -> list[dict]:
    rules = run.config.data_quality.retention
    counts = result.counts
    return [{"class": name, "records": counts["retention_classes"].get(name, 0), "kept_years": rule.years,
             "past_retention": counts["past_retention"].get(name), "action": rule.action}
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
        status = {True: "pass", False: "FAIL", None: "—"}[metric["met"]]
        scorecard.append([_METRIC_LABELS.get(metric["metric"], metric["metric"]),
                          "not measured" if value is None else f"{value:.1f}%", f"{sign} {metric['target']:g}%",
                          status])
    report.table(simple_table(f"data audit: {source} — {counts['rows']:,} rows, Data Management SOP scorecard",
                              ["metric", "value", "target", "result"], scorecard,
                              justify=["left", "right", "right", "left"]))
    field_rows = []
    for quality in result.fields:
        unmeasured = quality.required and quality.column is None
        field_rows.append([quality.field + (" *" if quality.required else ""), quality.column or "(none)",
                           "not measured" if unmeasured else _pct(quality.completeness), _pct(quality.validity),
                           "" if quality.valid is None else f"{quality.filled - quality.valid:,}",
                           "" if quality.fixable is None else
                           ("~" if quality.fixable_estimated else "") + f"{quality.fixable - quality.valid:,}"])
    report.table(simple_table("By field (* required; 'clean fixes': invalid cells `revops leads clean` repairs, ~ estimated)",
                              ["field", "column", "filled %", "valid %", "invalid", "clean fixes"], field_rows,
                              justify=["left", "left", "right", "right", "right", "right"]))
    retention = [[r["class"], f"{r['records']:,}", f"{r['kept_years']} years",
                  "not measured" if r["past_retention"] is None else f"{r['past_retention']:,}",
                  r["action"]] for r in _retention_rows(result, run)]
    report.table(simple_table(f"Retention as of {as_of.tz_convert(run.config.general.timezone).date()}",
                              ["class", "records", "kept", "past retention", "action due"], retention,
                              justify=["left", "right", "right", "right", "left"]))
    extra = ([f"exact email duplicates {counts['duplicate_rows']:,}"] if "email" in _columns(result) and counts["rows"]
             else [])
    if counts.get("placeholder_emails"):
        extra.append(f"placeholder emails (a@a.com, none@none.com...: invalid, never duplicates) "
                     f"{counts['placeholder_emails']:,}")
    if counts.get("fuzzy_duplicate_rows") is not None:
        extra.append(f"dedupe-engine duplicates {counts['fuzzy_duplicate_rows']:,}")
    if "bounces" not in result.not_measured:
        extra.append(f"bounced {counts['bounced_rows']:,} of {counts['rows_with_email']:,} with an email")
    if "compliance" not in result.not_measured:
        extra.append(f"marketable without consent {counts['marketable_without_consent']:,}")
    if counts["undated"]:
        extra.append(f"{counts['undated']:,} rows with no created or activity date (retention not judged)")
    if extra:
        report.line("; ".join(extra) + ".")
    for note in result.notes:
        report.line(f"Note: {note}.")
    report_not_measured(run, result.not_measured)
    missed = [m["metric"] for m in result.scorecard if m["met"] is False]
    measured = [m["metric"] for m in result.measured]
    if not counts["rows"]:
        verdict = f"No data rows in {source}: nothing was measured, no target met or missed."
    elif not measured:
        verdict = "No metric could be measured (see above): no target met or missed."
    elif missed:
        verdict = f"Below target: {', '.join(missed)}."
    elif len(measured) < len(result.scorecard):
        verdict = f"Every measured metric ({', '.join(measured)}) meets its target; the others were not measured."
    else:
        verdict = "Every metric meets its target."
    report.line(f"{counts['rows_with_problems']:,} of {counts['rows']:,} rows have at least one problem. " + verdict,
                style="bold red" if missed else None)


def _columns(result: DataAudit) -> set[str]:
    """Canonical fields the audited file has a column for."""
    return {f.field for f in result.fields if f.column is not None}


def _pct(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def forget(
    file: InputArgument,
    output: Annotated[Optional[str], typer.Option(
        "--output", "-o", metavar="OUT", show_default=False,
        help="Where to write FILE without the person (.csv .tsv .xlsx .json .jsonl .parquet, - for stdout). "
             "Not needed with --dry-run.")] = None,
    email: EmailOption = None,
    emails_file: EmailsFileOption = None,
    also: Annotated[Optional[list[str]], typer.Option(
        "--also", metavar="IN=OUT", show_default=False,
        help="Another export to clean the same way (activities, opportunities, a contact list) and where to "
             "write it, e.g. --also acts.csv=acts.out.csv. Rows match by email and by the "
             "lead ids of the person's rows. Repeatable.")] = None,
    mode: Annotated[str, typer.Option(
        "--mode", metavar="remove|anonymise",
        help="remove: drop the person's rows; anonymise: keep them for aggregate reports with names, email, "
             "phones, title, street, city and postal code replaced by \\[forgotten].")] = "remove",
    receipt: Annotated[Optional[str], typer.Option(
        "--receipt", metavar="RECEIPT", show_default=False,
        help="Where to write the deletion receipt (JSON; no personal data). Default: OUT.receipt.json.")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Count what would be removed; write nothing.")] = False,
    sheet: SheetOption = None,
    map_: MapOption = None,
    config: ConfigOption = None,
    json_: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Right to deletion: remove (or anonymise) every row of a person from an export and its related files.

    Rows are the person's when an email column holds their address (case, spaces, mailto:,
    <...>, +tags and Gmail dots ignored, as dedupe compares emails), or when its lead id
    (Lead ID, Who ID...) is that of a row found by their email. A cell of someone else's
    row that mentions the address is replaced by \\[forgotten]. Every other row is written
    exactly as read, in order. The receipt records when, what and how many, with hashes
    that prove it and no personal data. Inputs are never changed.

    **Example**: revops data forget sample_data/salesforce_leads.csv --email jmcallister@acme.com -o leads.csv --also sample_data/activities.csv=activities.csv
    """
    if mode not in privacy.MODES:
        raise RevopsInputError(f"--mode {mode!r}: choose remove or anonymise.")
    requests = privacy.parse_requests(_request_values(email, emails_file))
    if output is None and not dry_run:
        raise RevopsInputError("Give -o OUT for the file without the person (or --dry-run to only count).")
    pairs = [_also_pair(item, dry_run) for item in also or []]
    if output == "-" and receipt is None and not dry_run:
        raise RevopsInputError("With -o - give --receipt RECEIPT too: the deletion receipt needs a file.")
    if receipt is None and output and output != "-":
        receipt = f"{output}.receipt.json"
    run = start(config=config, json_mode=json_, quiet=quiet, data_on_stdout=output == "-" and not dry_run)

    inputs = [file] + [source for source, _ in pairs]
    if not dry_run:
        _check_outputs([output] + [dest for _, dest in pairs] + [receipt], inputs, json_last=True)

    main, others = _read_files(run, file, [source for source, _ in pairs], sheet=sheet, map_options=map_)
    person = privacy.find_person(main, others, requests)
    names = privacy.person_names(person) if mode == "anonymise" else []
    results = [privacy.forget_file(match, mode, names) for match in person.files]
    reports = [privacy.FileReport(role="main" if i == 0 else "also", input=match.file.name,
                                  output=None if dry_run else ([output] + [d for _, d in pairs])[i], result=result)
               for i, (match, result) in enumerate(zip(person.files, results))]
    document = privacy.build_receipt(files=reports, person=person, mode=mode, salt=secrets.token_hex(16),
                                     created_at=dt.datetime.now(dt.timezone.utc), version=__version__,
                                     secret=os.environ.get(RECEIPT_KEY_ENV) or None)
    if not dry_run:
        for report, match in zip(reports, person.files):
            write_table(report.result.frame, report.output, headers=match.file.headers, inputs=inputs,
                        cells={c: TEXT_ONLY for c in report.result.frame.columns},  # the rest, exactly as it was
                        progress=run.reporter.rows(f"writing {Path(report.output).name}"))
        _write_json(document, receipt)

    _report_forget(run, document, receipt=None if dry_run else receipt, dry_run=dry_run)


def export(
    file: InputArgument,
    email: SubjectEmailOption = None,
    emails_file: EmailsFileOption = None,
    also: Annotated[Optional[list[str]], typer.Option(
        "--also", metavar="FILE", show_default=False,
        help="Another export to search (activities, opportunities...): rows match by email and by the lead "
             "ids of the person's rows. Repeatable.")] = None,
    output: Annotated[Optional[str], typer.Option(
        "--output", "-o", metavar="PERSON.json", show_default=False,
        help="Write the JSON here (default: stdout).")] = None,
    sheet: SheetOption = None,
    map_: MapOption = None,
    config: ConfigOption = None,
    json_: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Right of access and portability: everything the exports hold about a person, as JSON.

    Per file, each of the person's rows (matched as `revops data forget` matches them)
    with its row number, the column that matched and every value as read under its
    original header; from other people's rows only the cells that mention the address.
    Give all of one person's addresses with repeated --email.

    **Example**: revops data export sample_data/salesforce_leads.csv --email jmcallister@acme.com --also sample_data/activities.csv -o person.json
    """
    requests = privacy.parse_requests(_request_values(email, emails_file))
    sources = list(also or [])
    if output is not None:
        if output == "-":
            output = None
        elif Path(output).suffix.lower() != ".json":
            raise RevopsInputError(f"{output}: the export is a JSON document; give a path ending in .json "
                                   "(or no -o for stdout).")
    run = start(config=config, json_mode=json_, quiet=quiet, data_on_stdout=output is None)
    if output is not None:
        check_output_path(output, [file, *sources])
    main, others = _read_files(run, file, sources, sheet=sheet, map_options=map_)
    person = privacy.find_person(main, others, requests)
    document = privacy.build_export(person, created_at=dt.datetime.now(dt.timezone.utc), version=__version__)
    if output is None:
        typer.echo(to_json(document))
    else:
        _write_json(document, output)

    report = run.reporter
    report.table(simple_table(
        f"data export → {output or 'stdout'}", ["file", "rows in", "person's rows", "rows mentioning"],
        [(f.file.name, len(f.file.frame), f.rows_owned, int(f.mentions.to_numpy().any(axis=1).sum()))
         for f in person.files],
        justify=["left", "right", "right", "right"],
    ))
    if document["note"]:
        report.line(document["note"] + " The export is empty.", style="yellow")
    report.json({"output": output, "rows_found": document["rows_found"], "note": document["note"],
                 "files": [{"file": f["file"], "rows_matched": f["rows_matched"],
                            "rows_mentioning": f["rows_mentioning"]} for f in document["files"]]})


def _request_values(emails: list[str] | None, emails_file: Path | None) -> list[tuple[str, str]]:
    """The requested addresses with where each was given, from --email and --emails-file."""
    values = [(text, "--email") for text in emails or []]
    if emails_file is not None:
        values += _emails_from_file(emails_file)
    return values


def _emails_from_file(path: Path) -> list[tuple[str, str]]:
    """One address a line, or a table (CSV, Excel...) with an email column."""
    name = str(path)
    if not path.is_file():
        raise RevopsInputError(f"{name}: no such file. Give the list of addresses, one a line.")
    tabular = path.suffix.lower() in EXCEL_EXTENSIONS | JSON_EXTENSIONS | PARQUET_EXTENSIONS
    if not tabular:
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError:
            text = path.read_bytes().decode("cp1252", errors="replace")
        lines = privacy.request_lines(text.splitlines())
        # a first line that names a column ("Email", "email,name") makes it a table
        tabular = bool(lines) and "@" not in lines[0][0] and bool(header_key(lines[0][0]))
        if not tabular:
            return [(address, f"{name} line {number}") for address, number in lines]
    table = read_table(path)
    mapping = detect_columns(list(table.frame.columns), schema="leads", headers=table.header_map, source=name)
    column = mapping.get("email")
    if column is None:
        raise RevopsInputError(f"{name}: no email column found (looked for 'Email', 'Email Address', ...). "
                               "Give one address a line, or a CSV with an 'Email' column.")
    values = table.frame[column]
    return [(str(v), f"{name} row {i + table.info.first_data_row}") for i, v in enumerate(values)
            if isinstance(v, str) and v.strip()]


def _also_pair(item: str, dry_run: bool) -> tuple[str, str | None]:
    """``IN=OUT`` -> (IN, OUT). The split is at the ``=`` whose left side is an existing file, else the last one."""
    if "=" not in item:
        if dry_run:
            return item, None
        raise RevopsInputError(f"--also {item}: say where to write it too, as --also {item}=OUT "
                               f"(e.g. --also {item}={_forgotten_name(item)}).")
    positions = [i for i, ch in enumerate(item) if ch == "="]
    for position in positions:
        if Path(item[:position]).is_file() and item[position + 1:] != "-":
            return item[:position], item[position + 1:] or None
    source, dest = item[:positions[-1]], item[positions[-1] + 1:]
    if dest == "-":
        raise RevopsInputError(f"--also {item}: only the main output can go to stdout; give a file name.")
    if not dest and not dry_run:
        raise RevopsInputError(f"--also {item}: the output after '=' is empty; give e.g. "
                               f"--also {source}={_forgotten_name(source)}.")
    return source, dest or None


def _forgotten_name(source: str) -> str:
    path = Path(source)
    return path.with_name(f"{path.stem}.forgotten{path.suffix or '.csv'}").name


def _check_outputs(outputs: list[str | None], inputs: list[str], *, json_last: bool) -> None:
    """Every output: a writable path, not an input, not named twice; the receipt (last) must be .json."""
    given = [o for o in outputs if o]
    seen: set[str] = set()
    for dest in given:
        if dest != "-":
            resolved = str(Path(dest).resolve())
            if resolved in seen:
                raise RevopsInputError(f"{dest}: named as two outputs; give each output its own file.")
            seen.add(resolved)
        check_output_path(dest, inputs)
    if json_last and given and Path(given[-1]).suffix.lower() != ".json":
        raise RevopsInputError(f"--receipt {given[-1]}: the receipt is a JSON document; give a path ending in .json.")


def _read_files(run: Run, file: str, sources: list[str], *, sheet: str | None,
                map_options: list[str] | None) -> tuple[privacy.PersonFile, list[privacy.PersonFile]]:
    table, mapping = read_input(run, file, sheet=sheet, map_options=map_options)
    columns = privacy.main_file_columns(list(table.frame.columns), mapping, table.header_map)
    if not columns.email:
        raise RevopsInputError(f"{file}: no email column found (looked for 'Email', 'Email Address', "
                               "'Work Email', ...). Point at it with --map email='Header'.")
    main = privacy.PersonFile(file, table.frame, table.info.headers, columns, table.info.first_data_row)
    others = []
    for source in sources:
        other = read_table(source)
        other_columns = privacy.other_file_columns(list(other.frame.columns), other.header_map)
        if not other_columns.email and other_columns.lead_id is None:
            raise RevopsInputError(f"{source}: no email or lead id column to find the person by (looked for "
                                   "'Email', 'Lead ID', 'Who ID', 'Contact ID', ...); rename the header.")
        others.append(privacy.PersonFile(source, other.frame, other.info.headers, other_columns,
                                         other.info.first_data_row))
    return main, others


RECEIPT_KEY_ENV = "REVOPS_RECEIPT_KEY"  # a secret only the controller holds: then only they can check a receipt


def _write_json(document: dict, dest: str) -> None:
    write_text(dest, to_json(document) + "\n")


def _report_forget(run: Run, document: dict, *, receipt: str | None, dry_run: bool) -> None:
    report = run.reporter
    verb = "anonymised" if document["mode"] == "anonymise" else "removed"
    rows_key = "rows_anonymised" if document["mode"] == "anonymise" else "rows_removed"
    title = "data forget (dry run: nothing written)" if dry_run else "data forget"
    report.table(simple_table(
        title, ["file", "output", "rows in", verb, "cells redacted", "rows out", "matched by"],
        [(f["input"], f["output"] or "—", f["rows_in"], f[rows_key], f["cells_redacted_in_other_rows"],
          f["rows_out"], ", ".join(f"{h} {n:,}" for h, n in f["matched_by"].items()) or "—")
         for f in document["files"]],
        justify=["left", "left", "right", "right", "right", "right", "left"],
    ))
    requests = document["requests"]
    line = (f"{requests['matched']:,} of {requests['emails']:,} requested email"
            f"{'' if requests['emails'] == 1 else 's'} found; {requests['unmatched']:,} matched nothing.")
    report.line(line, style="yellow" if requests["unmatched"] else None)
    if receipt:
        report.line(f"Deletion receipt (no personal data): {receipt}")
    report.json({**document, "dry_run": dry_run, "receipt_file": receipt})

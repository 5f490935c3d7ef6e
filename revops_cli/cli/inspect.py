"""`revops inspect FILE`: how a file was read, what kind of export it is, and which column is which field."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from revops_cli.cli.common import read_source, settle_read, find_columns, start
from revops_cli.cli.options import (
    ConfigOption,
    InputArgument,
    JsonOption,
    MapOption,
    QuietOption,
    SheetOption,
)
from revops_cli.columns import SCHEMAS, parse_map_options
from revops_cli.columns.kinds import KIND_SCHEMAS, detect_kind, given_kind
from revops_cli.core.data.profile import profile_columns
from revops_cli.errors import RevopsInputError
from revops_cli.render import simple_table

KindOption = Annotated[
    Optional[str],
    typer.Option("--kind", metavar="KIND", show_default=False,
                 help=f"Read the file as this kind of export: {', '.join(KIND_SCHEMAS)} (default: detected from "
                      "the headers)."),
]


def inspect(
    file: InputArgument,
    kind: KindOption = None,
    sheet: SheetOption = None,
    map_: MapOption = None,
    config: ConfigOption = None,
    json_: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Show how a file is read, what kind of export it is, and which column holds which field.

    Format, encoding (and whether it was only assumed), delimiter, sheet, header row, skipped
    title/footer rows, NUL bytes dropped, the time zone of date-times written without an offset
    (UTC for an API export); the kind of export (leads, contacts, accounts, activities,
    opportunities, stage history, campaigns, events, reps, territories, handoffs) guessed from the
    headers and how sure that is, or the one given with `--kind`; then each column's canonical field
    in that kind's schema, how it was detected (alias, style, loose, content, --map; ✓ when a sample
    of its values confirmed it), fill rate and an example.
    A column whose name says one field but whose values do not fit it is shown with a note.

    Run it first on any new export, to check the detection before trusting other commands.

    **Example**: revops inspect sample_data/salesforce_leads.csv --map owner='Lead Owner'
    """
    if kind is not None and kind not in KIND_SCHEMAS:
        raise RevopsInputError(f"--kind {kind!r}: choose one of {', '.join(KIND_SCHEMAS)}.")
    run = start(config=config, json_mode=json_, quiet=quiet)
    overrides = parse_map_options(map_)
    table = read_source(run, file, sheet=sheet)
    guess = given_kind(kind) if kind else detect_kind(list(table.frame.columns), table.header_map)
    mapping = find_columns(run, table, file, schema=guess.schema, overrides=overrides, announce=False)
    settle_read(run, file, table, mapping)
    info = table.info
    profile = profile_columns(table.frame, mapping, table.header_map)
    schema_fields = SCHEMAS[guess.schema]
    missing = [f for f in schema_fields if f not in mapping and f != "full_name"]

    report = run.reporter
    encoding = info.encoding and (f"{info.encoding} (assumed)" if info.encoding_confidence == "assumed"
                                  else f"{info.encoding} (--encoding)" if info.encoding_confidence == "given"
                                  else info.encoding)
    runner = guess.runner_up
    sure = ("as given with --kind" if guess.confidence == "given" else
            f"{guess.confidence} confidence" + (f"; next best: {runner[0]}" if runner and runner[1] > 0 else ""))
    read_rows = [
        ("format", info.format), ("encoding", encoding), ("delimiter", info.to_dict()["delimiter"]),
        ("sheet", f"{info.sheet} (of {', '.join(info.sheets)})" if info.sheet else None),
        ("header row", info.header_row), ("title rows skipped", info.title_rows),
        ("footer rows skipped", "; ".join(info.footer_rows) if info.footer_rows else 0),
        ("rows", info.rows), ("columns", info.columns),
        ("NUL bytes dropped", info.nul_bytes_dropped or None),
        ("date-times without offset", info.source_timezone and f"{info.source_timezone}: {info.source_timezone_reason}"),
        ("kind of export", f"{guess.kind} ({sure})"),
    ]
    report.table(simple_table(f"How {file} was read", ["", ""], [r for r in read_rows if r[1] is not None]))
    report.table(simple_table(
        f"Columns ({guess.kind})", ["#", "header", "field", "detected by", "filled", "distinct", "example"],
        [(r.position, r.header, r.field, _detected_by(r.how, r.values), f"{r.fill_rate:.1f}%" if r.fill_rate is not None
          else None, r.distinct, _short(r.example)) for r in profile.itertuples()],
        justify=["right", "left", "left", "left", "right", "right", "left"],
    ))
    for note in mapping.notes.values():
        report.line(f"Note: {note}", style="yellow")
    unmapped = [table.header_map.get(c, c) for c in mapping.unmapped]
    if unmapped:
        report.line(f"Not recognised ({len(unmapped)}): {', '.join(unmapped)} — kept as they are; use --map FIELD=HEADER to assign one.")
    for canonical, others in mapping.also.items():
        report.line(f"Also looks like {canonical}: {', '.join(others)} (using {mapping.fields.get(canonical)}).")
    report.line(f"Fields not found: {', '.join(missing) if missing else 'none'}.", style="dim")
    if guess.confidence != "given":
        report.line(f"Read as {guess.kind}; if it is another kind of export, say so with --kind "
                    f"({', '.join(k for k in KIND_SCHEMAS if k != guess.kind)}).", style="dim")
    report.json({
        "read": info.to_dict(),
        "kind": guess.to_dict(),
        "columns": profile.to_dict(orient="records"),
        "fields": mapping.to_dict()["fields"],
        "unmapped": unmapped,
        "also_looks_like": mapping.also,
        "values_checked": mapping.checked,
        "notes": mapping.notes,
        "fields_not_found": missing,
    })


def _detected_by(how: object, values: object) -> object:
    """How a column was found, with ✓ when a sample of its values confirmed it."""
    if not isinstance(how, str):
        return None
    return f"{how} ✓" if isinstance(values, str) and not values.startswith("no values") else how


def _short(value: object, width: int = 28) -> object:
    text = "" if value is None else str(value)
    return text if len(text) <= width else text[: width - 1] + "…"

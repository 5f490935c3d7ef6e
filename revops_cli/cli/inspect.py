"""`revops inspect FILE`: how a file was read and which column is which field."""

from __future__ import annotations

from revops_cli.cli.common import read_input, start
from revops_cli.cli.options import (
    ConfigOption,
    InputArgument,
    JsonOption,
    MapOption,
    QuietOption,
    SheetOption,
)
from revops_cli.columns import CANONICAL_FIELDS
from revops_cli.core.data.profile import profile_columns
from revops_cli.render import simple_table


def inspect(
    file: InputArgument,
    sheet: SheetOption = None,
    map_: MapOption = None,
    config: ConfigOption = None,
    json_: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Show how a file is read and which column holds which field.

    Format, encoding (and whether it was only assumed), delimiter, sheet, header row, skipped
    title/footer rows, NUL bytes dropped, the time zone of date-times written without an offset
    (UTC for an API export); then each column's canonical field (and how it was detected), fill
    rate and an example value.

    Run it first on any new export, to check the detection before trusting other commands.

    **Example**: revops inspect sample_data/salesforce_leads.csv --map owner='Lead Owner'
    """
    run = start(config=config, json_mode=json_, quiet=quiet)
    table, mapping = read_input(run, file, sheet=sheet, map_options=map_)
    info = table.info
    profile = profile_columns(table.frame, mapping, table.header_map)
    missing = [f for f in CANONICAL_FIELDS if f not in mapping and f != "full_name"]

    report = run.reporter
    encoding = info.encoding and (f"{info.encoding} (assumed)" if info.encoding_confidence == "assumed"
                                  else f"{info.encoding} (--encoding)" if info.encoding_confidence == "given"
                                  else info.encoding)
    read_rows = [
        ("format", info.format), ("encoding", encoding), ("delimiter", info.to_dict()["delimiter"]),
        ("sheet", f"{info.sheet} (of {', '.join(info.sheets)})" if info.sheet else None),
        ("header row", info.header_row), ("title rows skipped", info.title_rows),
        ("footer rows skipped", "; ".join(info.footer_rows) if info.footer_rows else 0),
        ("rows", info.rows), ("columns", info.columns),
        ("NUL bytes dropped", info.nul_bytes_dropped or None),
        ("date-times without offset", info.source_timezone and f"{info.source_timezone}: {info.source_timezone_reason}"),
    ]
    report.table(simple_table(f"How {file} was read", ["", ""], [r for r in read_rows if r[1] is not None]))
    report.table(simple_table(
        "Columns", ["#", "header", "field", "detected by", "filled", "distinct", "example"],
        [(r.position, r.header, r.field, r.how, f"{r.fill_rate:.1f}%" if r.fill_rate is not None else None,
          r.distinct, _short(r.example)) for r in profile.itertuples()],
        justify=["right", "left", "left", "left", "right", "right", "left"],
    ))
    unmapped = [table.header_map.get(c, c) for c in mapping.unmapped]
    if unmapped:
        report.line(f"Not recognised ({len(unmapped)}): {', '.join(unmapped)} — kept as they are; use --map FIELD=HEADER to assign one.")
    for canonical, others in mapping.also.items():
        report.line(f"Also looks like {canonical}: {', '.join(others)} (using {mapping.fields.get(canonical)}).")
    report.line(f"Fields not found: {', '.join(missing) if missing else 'none'}.", style="dim")
    report.json({
        "read": info.to_dict(),
        "columns": profile.to_dict(orient="records"),
        "fields": mapping.to_dict()["fields"],
        "unmapped": unmapped,
        "also_looks_like": mapping.also,
        "fields_not_found": missing,
    })


def _short(value: object, width: int = 28) -> object:
    text = "" if value is None else str(value)
    return text if len(text) <= width else text[: width - 1] + "…"

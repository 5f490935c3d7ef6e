"""What every command does the same way: config, reading input, columns, reporting.

Written once so each command module holds only its own job (the csvkit habit).
"""

from __future__ import annotations

import contextvars
import datetime as dt
import functools
import zoneinfo
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from collections.abc import Mapping
from typing import Any, Sequence

import pandas as pd
from rich.markup import escape

from revops_cli.columns import ColumnMapping, MappedFrame, detect_columns, parse_map_options
from revops_cli.columns.confirm import sampled_cells
from revops_cli.core.sales.activities import ActivityLink, link_activity_exports
from revops_cli.core.metrics import NotMeasured
from revops_cli.config import RevopsConfig, find_config_path, load_config
from revops_cli.errors import RevopsInputError
from revops_cli.io import Table, read_table
from revops_cli.io.cells import DATE, DATETIME, NUMBER, TEXT_ONLY, ColumnCells
from revops_cli.io.origin import has_time_of_day, timestamp_origin
from revops_cli.io.write import output_headers, write_table
from revops_cli.render import Reporter, simple_table


@dataclass(frozen=True)
class ReadOptions:
    """``--encoding`` and ``--source-timezone`` of the running command (they apply to its main input)."""

    encoding: str | None = None
    source_timezone: str | None = None
    output: str | None = None  # where the command writes the rows it read (-o), None for an audit or a report


_READ_OPTIONS: contextvars.ContextVar[ReadOptions] = contextvars.ContextVar("read_options", default=ReadOptions())


def add_read_options(command) -> None:  # noqa: ANN001 - a click.Command built by Typer
    """Give a command that reads an export (it has ``--map``) ``--encoding`` and ``--source-timezone``.

    Added once here, for every such command, instead of in each command's signature: the values are
    taken off before the command function runs and reach :func:`read_input` through :func:`start`.
    """
    from revops_cli.cli.options import read_option_params

    names = {p.name for p in command.params}
    if "map_" not in names or "encoding" in names:
        return
    command.params.extend(read_option_params())
    callback = command.callback
    writes_documents = command.name in DOCUMENT_COMMANDS

    @functools.wraps(callback)
    def with_read_options(*args: Any, encoding: str | None = None, source_timezone: str | None = None,
                          **kwargs: Any) -> Any:
        output = None if writes_documents else kwargs.get("output")
        token = _READ_OPTIONS.set(ReadOptions(encoding, source_timezone, output or None))
        try:
            return callback(*args, **kwargs)
        finally:
            _READ_OPTIONS.reset(token)

    command.callback = with_read_options


#: Commands whose --output is a document about the data (the weekly report, a GDPR access export), not
#: the rows themselves: with no data rows they stop like an audit.
DOCUMENT_COMMANDS = {"weekly", "export"}


class NoDataRows(Exception):
    """The main input has a header and no data rows: said once, and the command stops with exit 0."""


@dataclass
class Run:
    """One command invocation: its config, where it came from, its reporter, and its read options."""

    config: RevopsConfig
    config_path: Path | None
    reporter: Reporter
    read_options: ReadOptions = field(default_factory=ReadOptions)
    main_source: str | None = None  # the first file read: the command's main input


def start(*, config: Path | None, json_mode: bool = False, quiet: bool = False, data_on_stdout: bool = False) -> Run:
    """Load the config (explicit path, $REVOPS_CONFIG, ./revops.toml, or SOP defaults) and set up reporting."""
    path = find_config_path(config)
    return Run(config=load_config(path), config_path=path,
               reporter=Reporter(json_mode=json_mode, quiet=quiet, data_on_stdout=data_on_stdout),
               read_options=_READ_OPTIONS.get())


def read_input(run: Run, source: str, *, sheet: str | None = None, map_options: Sequence[str] | None = None,
               schema: str = "leads") -> tuple[Table, ColumnMapping]:
    """Read a file and find its canonical columns (config [columns], then --map, override detection).

    The first file a command reads is its main input: ``--encoding`` and ``--source-timezone`` apply to
    it. Every file gets the time zone of its naive date-times (UTC for an API export, else
    general.timezone), and what the reader assumed (encoding, NULs dropped, zone) is said in one line
    each. A main input with a header and no rows is said too ("no data rows in FILE"); a command that
    writes no data file then stops there (exit 0), one that does writes its empty output. Every name
    match is confirmed by the column's values; a column that fails is left unmapped (or goes to the
    field its values fit) and the note is printed and kept in ``--json`` under ``read.column_notes``.
    """
    table = read_source(run, source, sheet=sheet)
    mapping = find_columns(run, table, source, schema=schema, overrides=parse_map_options(map_options))
    settle_read(run, source, table, mapping)
    return table, mapping


def _is_main(run: Run, source: str) -> bool:
    return run.main_source is None or run.main_source == source


def read_source(run: Run, source: str, *, sheet: str | None = None) -> Table:
    """Read a file, with ``--encoding`` when it is the command's main input (the first file it reads)."""
    main = _is_main(run, source)
    if run.main_source is None:
        run.main_source = source
    run.reporter.step(f"reading {'stdin' if source == '-' else Path(source).name}")
    return read_table(source, sheet=sheet, encoding=(run.read_options if main else ReadOptions()).encoding)


def settle_read(run: Run, source: str, table: Table, mapping: ColumnMapping) -> None:
    """After the columns are found: the file's time zone of naive date-times (``--source-timezone`` for the
    main input), one line per thing the reader assumed, and "no data rows" for an empty main input."""
    main = run.main_source == source
    _set_source_timezone(run, table, mapping, (run.read_options if main else ReadOptions()).source_timezone)
    for note in table.info.notes:
        run.reporter.note(note)
    if main and table.info.rows == 0:
        _no_data_rows(run, source, table)


def find_columns(run: Run, table: Table, source: str, *, schema: str = "leads",
                 overrides: Mapping[str, str | None] | None = None, announce: bool = True) -> ColumnMapping:
    """The columns of a table read from ``source``, by name and confirmed by content, with their notes."""
    mapping = detect_columns(
        list(table.frame.columns), schema=schema, overrides=overrides,
        config_columns=run.config.columns if schema == "leads" else None,
        headers=table.header_map, source=source, frame=table.detection_frame,
    )
    table.info.column_notes = list(mapping.notes.values())
    if announce:
        for note in table.info.column_notes:
            run.reporter.line(f"{source}: {note}", style="yellow")
    return mapping


def _set_source_timezone(run: Run, table: Table, mapping: ColumnMapping, given: str | None) -> None:
    """The zone of this file's date-times without an offset: --source-timezone, else UTC for an API export,
    else general.timezone. Date-only columns keep general.timezone (a date is the team's calendar day)."""
    info, local = table.info, run.config.general.timezone
    origin = timestamp_origin(info.headers)
    if given is not None:
        try:
            zoneinfo.ZoneInfo(given.strip())
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise RevopsInputError(f"--source-timezone {given!r}: unknown time zone; give an IANA name such as UTC, "
                                   "Europe/Berlin or America/Los_Angeles.") from None
        zone, reason = given.strip(), "given with --source-timezone"
    else:
        zone, reason = ("UTC" if origin.kind == "api" else local), origin.reason
    info.source_timezone, info.source_timezone_reason = zone, reason
    if zone == local:
        return
    sample = table.detection_frame
    timed = sorted(canonical for canonical, column in mapping.fields.items()
                   if column in sample.columns and has_time_of_day(sampled_cells(sample[column])))
    mapping.timezones.update(dict.fromkeys(timed, zone))
    if not timed:
        return
    fields = ", ".join(timed)
    if given is not None:
        run.reporter.note(f"{info.source}: date-times without an offset in {fields} read as {zone} "
                          "(--source-timezone).")
    else:
        run.reporter.note(f"{info.source}: date-times without an offset in {fields} read as UTC: the headers "
                          f"({', '.join(origin.evidence[:3])}) are an API export's, which writes UTC; "
                          "--source-timezone ZONE overrides.")


def _no_data_rows(run: Run, source: str, table: Table) -> None:
    """Say that the main input has no data rows. A command that writes the rows goes on and writes its
    output with the headers and no rows, showing nothing more (no table of zeros, no target met or
    missed); any other command stops here (exit 0)."""
    output = run.read_options.output
    then = (f"{output} gets the header row and no data rows" if output
            else "nothing to measure, so no figure and no target is reported")
    run.reporter.note(f"no data rows in {source}: it has a header row ({table.info.columns} columns) and nothing "
                      f"under it; {then}.")
    if output:
        run.reporter.json_extra["no_data_rows"] = True
        run.reporter.mute()
        return
    run.reporter.json({"no_data_rows": True, "source": source, "read": table.info.to_dict()})
    raise NoDataRows(source)


# Canonical fields whose values revops reads as numbers or dates: in a workbook output, a value of
# theirs in its plain form (220, 2026-10-29, 2026-09-11T08:23:00-04:00) is a number or date cell.
NUMBER_FIELDS = frozenset({
    "employees", "annual_revenue", "score", "page_views", "form_fills", "email_opens", "email_clicks",
    "content_downloads", "events_attended", "amount", "probability", "budget", "spam_score",
})


def field_cells(field: str, *, cleaned: bool = False) -> ColumnCells:
    """The cell kinds a canonical field's values go back to in a workbook (dates for *_at/*_date fields).

    ``cleaned``: the values are revops' own ISO 8601 (``leads clean`` wrote them), so a date-time
    with its offset is a date-time too; otherwise only forms that read back as the same text are."""
    if field.endswith(("_at", "_date")):
        return ColumnCells(frozenset({DATE, DATETIME}), iso=cleaned)
    if field in NUMBER_FIELDS or field.endswith("_cost"):
        return ColumnCells(frozenset({NUMBER}))
    return TEXT_ONLY


def input_cells(table: Table, mapping: ColumnMapping | None = None, *, cleaned: bool = False) -> dict[str, ColumnCells]:
    """How each of the input's columns goes into a workbook: as the source workbook held its cells,
    plus (with ``mapping``) the kinds its canonical field gives (see :func:`field_cells`)."""
    cells = {column: table.info.cell_kinds.get(column, TEXT_ONLY)
             for column in table.frame.columns[:len(table.info.headers)]
             if not str(column).startswith("revops_")}  # an earlier run's own columns: computed, like the new ones
    for canonical, column in (mapping.fields.items() if mapping is not None else ()):
        if column in cells:
            cells[column] = cells[column] | field_cells(canonical, cleaned=cleaned)
    return cells


def write_output(run: Run, frame: pd.DataFrame, dest: str, *, inputs: Sequence[str | Path], table: Table | None = None,
                 mapping: ColumnMapping | None = None, headers: list[str] | None = None, cleaned: bool = False) -> str:
    """Write a command's output: the input's header spellings then the added columns, each input column's
    cells typed as they were (a workbook), date-times in the config's zone, and progress while it writes.

    ``table`` is the input the rows came from (None: a findings file, every column computed by revops);
    ``mapping`` its columns, whose numbers and dates become number and date cells in a workbook (only in
    forms that read back as the same text, unless ``cleaned``: revops normalised them); without it (a
    merge log, which must read back exactly) only the kinds the source workbook had.
    """
    if headers is None and table is not None:
        headers = output_headers(table.info.headers, frame)
    cells = None
    if table is not None:
        cells = {c: kinds for c, kinds in input_cells(table, mapping, cleaned=cleaned).items() if c in frame.columns}
    name = "stdout" if str(dest) == "-" else Path(dest).name
    return write_table(frame, dest, headers=headers, inputs=inputs, cells=cells,
                       timezone=run.config.general.timezone, progress=run.reporter.rows(f"writing {name}"))


def main_input(positional: str | None, option: str | None, option_name: str) -> str:
    """A command's one main input, given as its positional FILE or as its option (``--leads``), not both."""
    if positional is not None and option is not None and positional != option:
        raise RevopsInputError(f"Give the input once: FILE {positional!r} or {option_name} {option!r}, not both.")
    given = option if option is not None else positional
    if given is None:
        raise RevopsInputError(f"Give the file to read, as FILE or {option_name} FILE.")
    return given


def check_default_region(region: str | None) -> None:
    """``--default-region`` must be a two-letter country code (exit 2 otherwise)."""
    if region is not None and not (len(region) == 2 and region.isalpha()):
        raise RevopsInputError(f"--default-region {region!r}: give a two-letter country code such as US, GB or DE.")


def parse_now(text: str | None, config: RevopsConfig, option: str = "--as-of") -> pd.Timestamp:
    """``--as-of``: an ISO date/time (no offset = general.timezone) as UTC; the clock when not given."""
    if text is None:
        return pd.Timestamp.now(tz="UTC").floor("s")
    try:
        moment = pd.Timestamp(text.strip())
    except (ValueError, TypeError):
        moment = pd.NaT
    if moment is pd.NaT or pd.isna(moment):
        raise RevopsInputError(f"{option} {text!r}: give an ISO date and time such as 2026-11-20T08:00 "
                               "or 2026-11-20T08:00-05:00.")
    if moment.tzinfo is None:
        moment = moment.tz_localize(config.general.timezone, nonexistent="shift_forward", ambiguous=False)
    return moment.tz_convert("UTC")


def beside_config(run: Run, given: str | None, configured: str) -> str | None:
    """A file named on the command line, else the config's file of that kind next to revops.toml (if it exists)."""
    if given:
        return given
    if run.config_path is not None:
        candidate = run.config_path.parent / configured
        if candidate.is_file():
            return str(candidate)
    return None


def read_activities(run: Run, sources: list[str] | None, leads: pd.DataFrame, mapping: ColumnMapping,
                    merged_into: dict[str, str] | None = None) -> ActivityLink | None:
    """Read each activities file and link its rows to the leads (by id, else email)."""
    if not sources:
        return None
    return link_activity_exports(read_exports(run, sources, schema="activities"), leads, mapping, run.config,
                                 merged_into=merged_into)


def read_exports(run: Run, sources: Sequence[str], *, schema: str) -> list[MappedFrame]:
    """Read each file and find its columns by ``schema``."""
    exports = []
    for source in sources:
        table, export_mapping = read_input(run, source, schema=schema)
        exports.append(MappedFrame(table.frame, export_mapping, source))
    return exports


def parse_period(start: str | None, end: str | None, zone: str) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
    """--from/--to dates (inclusive, in the config's time zone) as a UTC [start, end) range."""
    def day(text: str | None, option: str) -> pd.Timestamp | None:
        if text is None:
            return None
        try:
            return pd.Timestamp(dt.date.fromisoformat(text.strip())).tz_localize(zone).tz_convert("UTC")
        except ValueError:
            raise RevopsInputError(f"{option} {text!r}: give a date as YYYY-MM-DD, e.g. 2026-11-02.") from None

    first, last = day(start, "--from"), day(end, "--to")
    if last is not None:
        last = (last.tz_convert(zone) + pd.Timedelta(days=1)).normalize().tz_convert("UTC")
    if first is not None and last is not None and last <= first:
        raise RevopsInputError(f"--to {end} is before --from {start}; give the period's first day to --from.")
    return first, last


def frame_table(run: Run, title: str, frame: pd.DataFrame, columns: Sequence[str], *, limit: int = 60) -> None:
    """A Rich table of the given columns of a findings frame (those present), numbers right-aligned."""
    shown = [c for c in columns if c in frame.columns and not frame[c].isna().all()]  # no all-blank columns
    if frame.empty or not shown:
        return
    rows = [[table_cell(v) for v in row] for row in frame[shown].head(limit).itertuples(index=False, name=None)]
    numeric = [pd.api.types.is_numeric_dtype(frame[c]) or frame[c].map(lambda v: isinstance(v, Decimal)).any()
               for c in shown]
    run.reporter.table(simple_table(title, [c.replace("_", " ") for c in shown], rows,
                                    justify=["right" if n else "left" for n in numeric]))
    if len(frame) > limit:
        run.reporter.line(f"... and {len(frame) - limit:,} more rows (see --json).")


def table_cell(value: Any) -> Any:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value == value:
        return f"{value:,.2f}"  # money and rates to the cent / hundredth (simple_table would show one decimal)
    return value


def json_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """A findings frame as JSON-able rows (NaN and NA as null)."""
    return [{k: (None if v is pd.NA or v is pd.NaT or (isinstance(v, float) and v != v) else v)
             for k, v in row.items()} for row in frame.to_dict(orient="records")]


def parse_approvers(pairs: list[str] | None) -> dict[str, str]:
    """``--approver NAME=ROLE`` options as a name -> role map (exit 2 on a malformed one)."""
    people = {}
    for pair in pairs or []:
        name, sep, role = pair.partition("=")
        if not sep or not name.strip() or not role.strip():
            raise RevopsInputError(f"--approver {pair!r}: give NAME=ROLE, e.g. --approver 'Victoria Hale=VP Sales'.")
        people[name.strip()] = role.strip()
    return people


def read_opportunities(run: Run, source: str | None):
    """The opportunity export named by --opportunities (frame and mapping), or (None, None)."""
    if not source:
        return None, None
    table, mapping = read_input(run, source, schema="opportunities")
    return table.frame, mapping


def money_text(value: Any) -> str:
    """Money to the cent with thousands separators; a dash when unknown."""
    return "—" if value is None else f"{Decimal(str(value)):,.2f}"


def rows_text(count: int) -> str:
    """"1 row", "1,234 rows"."""
    return f"{count:,} row{'' if count == 1 else 's'}"


def require_field(mapping: ColumnMapping, source: str, field: str, looked_for: str) -> None:
    """Exit 2 naming the file, the field and the --map that fixes it when a column the command needs is missing."""
    if mapping.get(field) is None:
        raise RevopsInputError(f"{source}: no {field.replace('_', ' ')} column (looked for {looked_for}, ...); "
                               f"name it with --map {field}='Your Header'.")


def report_not_measured(run: Run, checks: Mapping[str, NotMeasured]) -> None:
    """One line per check that could not run, with why and the --map that would make it run."""
    for name, check in checks.items():
        run.reporter.line(escape(f"{name.replace('_', ' ')}: {check}"), style="yellow")  # "[deals.x]" is no markup

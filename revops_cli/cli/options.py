"""Options every command shares, declared once (the csvkit habit).

Commands take them as ``Annotated`` parameters so ``--help`` shows the same
wording everywhere.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

ConfigOption = Annotated[
    Optional[Path],
    typer.Option("--config", "-c", help="revops.toml to use (default: ./revops.toml, or $REVOPS_CONFIG).",
                 show_default=False, dir_okay=False),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print a machine-readable JSON summary instead of tables.")]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors.")]
BatchRowsOption = Annotated[
    Optional[int],
    typer.Option("--batch-rows", metavar="N", min=0, show_default=False,
                 help="Read and write a CSV/TSV input N rows at a time, in the memory of N rows (default: files "
                      "of 64 MB and more, 200,000 at a time; 0 reads the whole file at once). The output is the "
                      "same either way; `leads route` also decides leads N at a time (200,000 by default), which "
                      "changes who gets a lead only once a rep reaches capacity."),
]
SheetOption = Annotated[
    Optional[str],
    typer.Option("--sheet", help="Workbook sheet: a name, or a number counting from 1 (default: first sheet with data).",
                 show_default=False),
]
MapOption = Annotated[
    Optional[list[str]],
    typer.Option("--map", "-m", metavar="FIELD=HEADER",
                 help="Use this column for a canonical field, e.g. --map email='Work Email'; "
                      "--map phone= ignores a column. Repeatable.", show_default=False),
]
InputArgument = Annotated[
    Optional[str], typer.Argument(metavar="FILE", show_default=False,
                                  help="Export to read: .csv .tsv .txt .xlsx .xls .json .jsonl .parquet, or - for stdin.")
]
LeadsInputOption = Annotated[
    Optional[str], typer.Option("--leads", metavar="LEADS", show_default=False, help="The same as FILE.")
]
#: The main input of a command that names it with an option (--leads, --campaigns, ...), given without one.
MainFileArgument = Annotated[
    Optional[str], typer.Argument(metavar="FILE", show_default=False,
                                  help="The main input, without its option name (the same as the option below).")
]
OutputOption = Annotated[
    str, typer.Option("--output", "-o", metavar="OUT",
                      help="Where to write; the extension picks the format (.csv .tsv .xlsx .json .jsonl .parquet); - for CSV on stdout.")
]
DefaultRegionOption = Annotated[
    Optional[str],
    typer.Option("--default-region", metavar="CC",
                 help="Country for phones without one (default: general.default_region, US).", show_default=False),
]
FromOption = Annotated[
    Optional[str],
    typer.Option("--from", metavar="DATE", help="Start of the period, a date (YYYY-MM-DD, general.timezone).",
                 show_default=False),
]
ToOption = Annotated[
    Optional[str],
    typer.Option("--to", metavar="DATE", help="End of the period, a date, included.", show_default=False),
]
AsOfOption = Annotated[
    Optional[str],
    typer.Option("--as-of", metavar="ISO", help="Treat this moment as now, e.g. 2026-11-20T08:00 (no offset = "
                 "general.timezone); default: the clock. Makes reruns reproducible. --now is the same option.",
                 show_default=False),
]
StrictOption = Annotated[bool, typer.Option("--strict", help="Exit 1 when any check misses its SOP target.")]
HistoryOption = Annotated[
    Optional[str],
    typer.Option("--history", metavar="HISTORY", show_default=False,
                 help="Stage-history export (opportunity id, stage, changed at): when a deal entered its stage, for "
                      "deals whose export has no stage-entered date."),
]
ApproverOption = Annotated[
    Optional[list[str]],
    typer.Option("--approver", metavar="NAME=ROLE", show_default=False,
                 help="A discount approver who is not on the roster, e.g. --approver 'Victoria Hale=VP Sales'. "
                      "Repeatable; adds to deals.approvers."),
]

ActivitiesOption = Annotated[
    Optional[list[str]],
    typer.Option("--activities", "-a", metavar="ACTIVITIES", show_default=False,
                 help="Activities or engagement export (web visits, form fills, email opens/clicks, demo requests, "
                      "events, downloads), joined to leads by lead id or email. Repeatable."),
]

RepsOption = Annotated[
    Optional[str],
    typer.Option("--reps", metavar="REPS", show_default=False,
                 help="Rep roster: name, role, territory, weight, capacity, active, out of office, time zone "
                      "(default: routing.reps_file next to revops.toml)."),
]

TerritoriesOption = Annotated[
    Optional[str],
    typer.Option("--territories", metavar="TERRITORIES", show_default=False,
                 help="Territory rules: priority, countries, states, industries, size tier, named accounts "
                      "(default: routing.territories_file next to revops.toml; without one, known region names "
                      "in the roster's Territory column are used)."),
]

StateOption = Annotated[
    Optional[str],
    typer.Option("--state", metavar="STATE", show_default=False,
                 help="Round-robin state file (JSON), read and advanced by each run, locked against concurrent "
                      "runs; --dry-run never advances it. Without it every run starts the rotation afresh."),
]

ReassignOption = Annotated[
    bool, typer.Option("--reassign", help="Route leads already owned by an active rep too (default: they keep their owner).")
]

OpportunitiesOption = Annotated[Optional[str], typer.Option(
    "--opportunities", metavar="OPPORTUNITIES", show_default=False,
    help="Opportunity export (Stage, Amount, Probability, Primary Campaign Source, Converted Lead ID).")]

CampaignsOption = Annotated[Optional[str], typer.Option(
    "--campaigns", metavar="CAMPAIGNS", show_default=False,
    help="Campaign export or sheet (name, type, budget, costs, sends, opens, clicks, UTM, approver).")]

ProblemsOption = Annotated[Optional[str], typer.Option(
    "--problems", metavar="FILE", show_default=False, help="Write every finding, one row per problem.")]

CampaignsFileOption = Annotated[Optional[str], typer.Option(
    "--campaigns", metavar="CAMPAIGNS", show_default=False, help="Campaign sheet: campaign ROI.")]

EventsOption = Annotated[Optional[str], typer.Option(
    "--events", metavar="EVENTS", show_default=False, help="Event sheet: event ROI.")]

EventLeadsOption = Annotated[Optional[str], typer.Option(
    "--event-leads", metavar="EVENT_LEADS", show_default=False,
    help="Event badge scans with their assigned time: follow-up within 2 days.")]

EmailOption = Annotated[
    Optional[list[str]],
    typer.Option("--email", "-e", metavar="ADDRESS", show_default=False,
                 help="Email address of a person to forget; repeatable (one request may name several people)."),
]

SubjectEmailOption = Annotated[
    Optional[list[str]],
    typer.Option("--email", "-e", metavar="ADDRESS", show_default=False,
                 help="The person's email address; repeat to give each address the person uses."),
]

EmailsFileOption = Annotated[
    Optional[Path],
    typer.Option("--emails-file", metavar="FILE", show_default=False, dir_okay=False,
                 help="Addresses to act on: one a line (blank lines and # comments ignored), or a CSV/Excel "
                      "file with an email column."),
]
OutcomeColumnOption = Annotated[
    Optional[str],
    typer.Option("--outcome", metavar="COLUMN", show_default=False,
                 help="The leads file's column that says whether each lead converted (Converted, Is Won, Stage...); "
                      "blank = not known yet."),
]
PositiveOption = Annotated[
    Optional[list[str]],
    typer.Option("--positive", metavar="VALUE", show_default=False,
                 help="A value of the --outcome column that means converted, e.g. --positive 'Closed Won'. "
                      "Repeatable; every other value means not converted. Default: yes/true/1/converted/won."),
]

# --encoding and --source-timezone: every command that reads an export (every command with --map) gets
# them from cli.common.add_read_options, so they are declared here once and added in one place.
ENCODING_HELP = ("Encoding of FILE (the command's main input) when detection guesses wrong: utf-8, utf-16, "
                 "cp1252, latin-1, cp1251, koi8_r, cp1250, iso8859_2, cp932 (Shift-JIS), euc_jp, gb18030, "
                 "cp950 (Big5), cp949 (EUC-KR). Default: detected; `revops inspect` shows what was assumed.")
SOURCE_TIMEZONE_HELP = ("Time zone of FILE's date-times written without an offset, e.g. UTC or Europe/Berlin. "
                        "Default: UTC for API exports (headers such as CreatedDate, hs_createdate), else "
                        "general.timezone (report exports show the user's zone). Date-only columns stay dates.")

READING_PANEL = "Reading the file"
EncodingOption = Annotated[
    Optional[str], typer.Option("--encoding", metavar="ENCODING", show_default=False, help=ENCODING_HELP,
                                rich_help_panel=READING_PANEL)
]
SourceTimezoneOption = Annotated[
    Optional[str], typer.Option("--source-timezone", metavar="ZONE", show_default=False, help=SOURCE_TIMEZONE_HELP,
                                rich_help_panel=READING_PANEL)
]


def read_option_params() -> list:
    """``--encoding`` and ``--source-timezone`` as the click parameters Typer builds from the declarations
    above (added to each command that reads an export after Typer built it)."""
    template = typer.Typer()

    @template.command()
    def reads(encoding: EncodingOption = None, source_timezone: SourceTimezoneOption = None) -> None:
        """Template."""

    return [p for p in typer.main.get_command(template).params if p.name in ("encoding", "source_timezone")]

# --------------------------------------------------------------------------- the Reporting SOP's reports

ReportOutputOption = Annotated[Optional[str], typer.Option(
    "--output", "-o", metavar="OUT", show_default=False,
    help="report.html (one self-contained page that also reads as an email body), report.md (Markdown), "
         "report.json (every figure) or report.slack.json (a Slack Block Kit message to post with curl).")]

PreviousOption = Annotated[Optional[list[str]], typer.Option(
    "--previous", metavar="SNAPSHOT", show_default=False,
    help="An earlier export of the same opportunity report. Pipeline changes compare the last one with "
         "--opportunities; more than one (oldest first) also counts how often each deal was pushed, and the "
         "forecast checks its categories against what closed. Repeatable.")]

QuotasOption = Annotated[Optional[str], typer.Option(
    "--quotas", metavar="QUOTAS", show_default=False,
    help="Quota file: rep or team, period (2026-Q4, 2026-11, 2026), amount (default: reporting.quotas_file next "
         "to revops.toml). Without one, attainment is not measured.")]

AccountsOption = Annotated[Optional[str], typer.Option(
    "--accounts", metavar="ACCOUNTS", show_default=False,
    help="Account export (name, industry, employees): the industry and segment of deals whose export has none.")]

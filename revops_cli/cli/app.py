"""The ``revops`` command: groups, global options and the one error policy.

Exit codes (SPEC contract 6): 0 done; 1 an audit missed a ``--fail-under`` /
``--strict`` threshold; 2 a usage, config or input error, printed as one line
that says what to do. A traceback appears only with ``--debug``. SIGINT and
SIGTERM stop a run cleanly (temp files removed, the state lock released) with
one line saying which outputs were left as they were, and exit 130 / 143.
"""

from __future__ import annotations

import errno
import os
import sys
from typing import Annotated, Any

import typer
import typer.core
from typer.core import TyperGroup

from revops_cli import __version__
from revops_cli.config import ConfigError
from revops_cli.errors import RevopsInputError
from revops_cli.cli import campaign, content, data, deals, event, funnel, handoff, inspect, report, sla
from revops_cli.cli import config as config_cmd
from revops_cli.cli.common import NoDataRows, add_read_options
from revops_cli.io import signals
from revops_cli.cli.leads import clean as leads_clean
from revops_cli.cli.leads import dedupe as leads_dedupe
from revops_cli.cli.leads import fit as leads_fit
from revops_cli.cli.leads import lifecycle as leads_lifecycle
from revops_cli.cli.leads import process as leads_process
from revops_cli.cli.leads import route as leads_route
from revops_cli.cli.leads import score as leads_score
from revops_cli.render import error_console


# Older spellings of options that every command now shares under one name.
OPTION_ALIASES = {"--now": "--as-of"}


class ReadingGroup(TyperGroup):
    """A command group whose commands that read an export (those with --map) also take --encoding and
    --source-timezone (added once, in :func:`revops_cli.cli.common.add_read_options`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for command in self.commands.values():
            add_read_options(command)


class RevopsGroup(ReadingGroup):
    """Turns every error into one line on stderr and exit 2 (a traceback only with --debug)."""

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:
        # --now (score, route and process before --as-of was every command's name for it) still works
        # everywhere without a second, hidden option on each command.
        rewritten = []
        for arg in args:
            name, sep, value = arg.partition("=")
            rewritten.append(OPTION_ALIASES.get(name, name) + sep + value if name in OPTION_ALIASES else arg)
        return super().parse_args(ctx, rewritten)

    def invoke(self, ctx: typer.Context) -> Any:
        with signals.handled():  # SIGINT/SIGTERM raise signals.Interrupted while the command runs
            try:
                return super().invoke(ctx)
            except (typer.TyperException, typer.Exit, typer.Abort):  # usage errors and --help: typer reports them
                raise
            except BrokenPipeError:  # `revops ... -o - | head` closed the pipe: not an error
                sys.stderr.close()
                raise SystemExit(0)
            except KeyboardInterrupt as exc:  # Ctrl-C, or SIGTERM from cron, CI, `timeout`, a stopped container
                stopped = exc if isinstance(exc, signals.Interrupted) else signals.Interrupted(2)
                error_console().print(f"revops: stopped by {stopped.name}; {signals.outcome()}.", markup=False)
                raise SystemExit(stopped.exit_code) from None
            except NoDataRows:  # said already ("no data rows in FILE"): nothing to measure is not an error
                raise SystemExit(0) from None
            except Exception as exc:  # noqa: BLE001 - the single place errors become messages
                if _debug_enabled(ctx):
                    raise
                if isinstance(exc, (RevopsInputError, ConfigError)):
                    message = str(exc)
                elif isinstance(exc, MemoryError):
                    message = "not enough memory for this file. Split it, or write Parquet instead of Excel."
                elif isinstance(exc, OSError):
                    message = _os_error_message(exc)
                else:
                    message = (f"unexpected {type(exc).__name__}: {exc}. "
                               "Run again with `revops --debug ...` for the traceback and report it.")
                error_console().print(f"Error: {message}", markup=False)
                raise SystemExit(2) from None


def _os_error_message(exc: OSError) -> str:
    """A file-system error the commands did not catch themselves: the file, the reason, what to check."""
    reasons = {errno.ENOSPC: "no space left on the disk", errno.EACCES: "permission denied",
               errno.EPERM: "permission denied", errno.EROFS: "the file system is read-only",
               errno.ENAMETOOLONG: "the path is too long", errno.EISDIR: "it is a folder",
               errno.ENOENT: "no such file or folder", errno.ENOTDIR: "a part of the path is not a folder",
               errno.EDQUOT: "the disk quota is used up", errno.EIO: "input/output error on the disk"}
    reason = reasons.get(exc.errno or 0, exc.strerror or str(exc))
    where = exc.filename if exc.filename is not None else "a file"
    return f"{where}: {reason}. Check the path, the folder's permissions and the free space, then run again."


def _option_label(param: typer.core.TyperOption, ctx: typer.Context) -> str | None:
    """What --help shows after an option: its metavar (FILE, ISO, PCT...) or its name in capitals, nothing
    for a flag. Typer's default shows the Python type (``<bool>``, ``<str>``), which tells an analyst nothing."""
    if param.is_flag:
        return None
    return param.metavar or (param.name or "value").upper()


# Every option and argument of every command, so one place decides how --help labels them (an argument's
# name is already its label).
typer.core.TyperOption.display_type_rich = _option_label
typer.core.TyperArgument.display_type_rich = lambda param, ctx: None
# The usage line: "revops leads unmerge [OPTIONS] MERGES", not Typer's "{MERGES}" for a required argument.
typer.core.TyperArgument._usage_display_name = lambda param: (
    param.display_name_raw if param.required else f"[{param.display_name_raw}]") + ("..." if param.nargs != 1 else "")


def _debug_enabled(ctx: typer.Context) -> bool:
    root = ctx.find_root()
    return bool(root.params.get("debug")) or os.environ.get("REVOPS_DEBUG", "") not in ("", "0")


app = typer.Typer(
    cls=RevopsGroup,
    name="revops",
    help="Clean, dedupe, score, route and audit CRM exports against your team's SOPs. "
         "Rules and thresholds live in revops.toml (`revops init` writes one).",
    rich_markup_mode="markdown",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"revops {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show a traceback on errors (also REVOPS_DEBUG=1).")] = False,
) -> None:
    """revops: the RevOps analyst's toolkit for CRM exports."""


def _group(name: str, help_text: str) -> typer.Typer:
    group = typer.Typer(cls=ReadingGroup, help=help_text, no_args_is_help=True)
    app.add_typer(group, name=name)
    return group


# Every command, group by group, in the order `revops --help` lists them.
app.command("inspect")(inspect.inspect)

leads_app = _group("leads", "Lead Management SOP: clean, dedupe (and unmerge), enrich-flag, score (and fit its "
                                "tables to outcomes), route, process (all of these in one run) and lifecycle "
                                "(disposition).")
leads_app.command("clean")(leads_clean.clean)
leads_app.command("enrich-flag")(leads_clean.enrich_flag)
leads_app.command("dedupe")(leads_dedupe.dedupe)
leads_app.command("unmerge")(leads_dedupe.unmerge_cmd)
leads_app.command("score")(leads_score.score)
leads_app.command("fit")(leads_fit.fit)
leads_app.command("route")(leads_route.route)
leads_app.command("process")(leads_process.process)
leads_app.command("lifecycle")(leads_lifecycle.lifecycle)

sla_app = _group("sla", "Sales Process SOP and the sales–marketing SLA: response times, follow-up cadence, "
                        "disposition and daily activity minimums.")
sla_app.command("audit")(sla.audit)

funnel_app = _group("funnel", "Lead Management SOP KPIs and the marketing SLA: the funnel by cohort.")
funnel_app.command("report")(funnel.funnel)

campaign_app = _group("campaign", "Campaign Execution SOP: ROI, optimisation triggers, approvals, naming and UTM.")
campaign_app.command("roi")(campaign.roi)
campaign_app.command("audit")(campaign.audit)
campaign_app.command("lint")(campaign.lint)

event_app = _group("event", "Event Management SOP: event ROI against the 300% target, budget lines, follow-up.")
event_app.command("roi")(event.event)

content_app = _group("content", "Content Creation SOP: page performance, quality standards, review stage time, "
                                "refresh and audit, pre-publish checklist, promotion timeline.")
content_app.command("audit")(content.audit)

data_app = _group("data", "Data Management SOP: quality scorecard, retention, and GDPR deletion, access and "
                          "portability.")
data_app.command("audit")(data.audit)
data_app.command("forget")(data.forget)
data_app.command("export")(data.export)

deals_app = _group("deals", "Sales Process SOP: deals over their stage's time limit, discount approvals, past-due "
                            "close dates, missing next steps; exit criteria stage by stage.")
deals_app.command("audit")(deals.deals_audit)
deals_app.command("inspect")(deals.deals_inspect)

handoff_app = _group("handoff", "Customer Handoff SOP: form completeness, kickoff within 3 days, 30-day CSAT, time "
                                "to first value, NPS.")
handoff_app.command("audit")(handoff.handoff_audit)

report_app = _group("report", "Reporting SOP: the daily, weekly and monthly reports (daily, weekly, campaigns, "
                              "forecast, win-loss, pipeline-changes, monthly) as one HTML page, Markdown, JSON or a "
                              "Slack message, and `due` to build the ones due now from one cron line.")
report_app.command("daily")(report.daily)
report_app.command("pipeline-changes")(report.pipeline_changes)
report_app.command("weekly")(report.weekly)
report_app.command("campaigns")(report.campaigns)
report_app.command("forecast")(report.forecast)
report_app.command("win-loss")(report.win_loss)
report_app.command("monthly")(report.monthly)
report_app.command("due")(report.due)

app.command("init")(config_cmd.init)
config_app = _group("config", "Check and show the revops.toml config.")
config_app.command("check")(config_cmd.check)
config_app.command("show")(config_cmd.show)


def main() -> None:
    """Console-script entry point."""
    app()

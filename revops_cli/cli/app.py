"""The ``revops`` command: groups, global options and the one error policy.

Exit codes (SPEC contract 6): 0 done; 1 an audit missed a ``--fail-under`` /
``--strict`` threshold; 2 a usage, config or input error, printed as one line
that says what to do. A traceback appears only with ``--debug``.
"""

from __future__ import annotations

import os
import sys
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from revops_cli import __version__
from revops_cli.config import ConfigError
from revops_cli.errors import RevopsInputError
from revops_cli.render import error_console


class RevopsGroup(TyperGroup):
    """Turns every error into one line on stderr and exit 2 (a traceback only with --debug)."""

    def invoke(self, ctx: typer.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (typer.TyperException, typer.Exit, typer.Abort):  # usage errors and --help: typer reports them
            raise
        except BrokenPipeError:  # `revops ... -o - | head` closed the pipe: not an error
            sys.stderr.close()
            raise SystemExit(0)
        except KeyboardInterrupt:
            error_console().print("revops: interrupted")
            raise SystemExit(130)
        except Exception as exc:  # noqa: BLE001 - the single place errors become messages
            if _debug_enabled(ctx):
                raise
            if isinstance(exc, (RevopsInputError, ConfigError)):
                message = str(exc)
            elif isinstance(exc, MemoryError):
                message = "not enough memory for this file. Split it, or write Parquet instead of Excel."
            else:
                message = (f"unexpected {type(exc).__name__}: {exc}. "
                           "Run again with `revops --debug ...` for the traceback and report it.")
            error_console().print(f"Error: {message}", markup=False)
            raise SystemExit(2) from None


def _debug_enabled(ctx: typer.Context) -> bool:
    root = ctx.find_root()
    return bool(root.params.get("debug")) or os.environ.get("REVOPS_DEBUG", "") not in ("", "0")


app = typer.Typer(
    cls=RevopsGroup,
    name="revops",
    help="Clean, dedupe, score, route and audit CRM exports against your team's SOPs. "
         "Rules and thresholds live in revops.toml (`revops init` writes one).",
    rich_markup_mode="rich",
    no_args_is_help=True,
    add_completion=False,
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


def _register() -> None:
    # importing leads_pipeline and lifecycle_cmd adds their commands to the leads group
    from revops_cli.cli import (config_cmd, data_cmd, deals_cmd, inspect_file, leads, leads_pipeline,  # noqa: F401
                                lifecycle_cmd, marketing, report_cmd, sla_cmd)

    app.command("inspect")(inspect_file.inspect)
    app.add_typer(leads.leads_app, name="leads")
    app.add_typer(sla_cmd.sla_app, name="sla")
    app.add_typer(marketing.funnel_app, name="funnel")
    app.add_typer(marketing.campaign_app, name="campaign")
    app.add_typer(marketing.event_app, name="event")
    app.add_typer(data_cmd.data_app, name="data")
    app.add_typer(deals_cmd.deals_app, name="deals")
    app.add_typer(deals_cmd.handoff_app, name="handoff")
    app.add_typer(report_cmd.report_app, name="report")
    app.command("init")(config_cmd.init)
    app.add_typer(config_cmd.config_app, name="config")


_register()


def main() -> None:
    """Console-script entry point."""
    app()

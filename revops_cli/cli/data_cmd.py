"""`revops data ...`: the Data Management SOP — quality scorecard and retention (`data audit`),
and the GDPR rights of deletion, access and portability (`data forget`, `data export`)."""

from __future__ import annotations

import typer

data_app = typer.Typer(help="Data Management SOP: quality scorecard, retention, and GDPR deletion, access and "
                            "portability.", no_args_is_help=True)

# GDPR commands live in privacy_cmd.py; registered here so `revops data --help` lists them together.
from revops_cli.cli import privacy_cmd  # noqa: E402

data_app.command("forget")(privacy_cmd.forget)
data_app.command("export")(privacy_cmd.export)

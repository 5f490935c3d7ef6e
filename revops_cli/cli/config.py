"""`revops init`, `revops config check`, `revops config show`: the SOP as a config file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from revops_cli.cli.options import ConfigOption, JsonOption, QuietOption
from revops_cli.config import (
    check_config,
    config_to_toml,
    find_config_path,
    load_config,
    write_starter_files,
)
from revops_cli.errors import RevopsInputError
from revops_cli.render import Reporter, error_console


def init(
    folder: Annotated[Path, typer.Argument(help="Folder to write revops.toml, reps.csv and territories.csv into.",
                                           file_okay=False)] = Path("."),
    force: Annotated[bool, typer.Option("--force", help="Overwrite files that already exist.")] = False,
    json_: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Write a starter revops.toml plus example reps.csv and territories.csv.

    The config is commented: every SOP default, each key explained.

    **Example**: revops init && revops config check
    """
    folder.mkdir(parents=True, exist_ok=True)
    written = write_starter_files(folder, force=force)
    report = Reporter(json_mode=json_, quiet=quiet)
    for path in written:
        report.line(f"wrote {path}")
    report.line("Edit revops.toml to match your SOP, then run `revops config check`.")
    report.json({"written": [str(path) for path in written]})


def check(
    path: Annotated[Optional[Path], typer.Argument(help="Config to check (default: ./revops.toml or $REVOPS_CONFIG).",
                                                   dir_okay=False, show_default=False)] = None,
    config: ConfigOption = None,
    json_: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Validate a config and name every bad key, with what is expected. Exit 2 when anything is wrong.

    **Example**: revops config check revops.toml (or --config revops.toml)
    """
    if path is not None and config is not None and path != config:
        raise RevopsInputError(f"Give the config once: {path} or --config {config}, not both.")
    given = path if path is not None else config
    target = given if given is not None else find_config_path(None)
    report = Reporter(json_mode=json_, quiet=quiet)
    if target is None:
        report.line("No revops.toml here and no $REVOPS_CONFIG: the SOP defaults apply. `revops init` writes a starter file.")
        report.json({"path": None, "valid": True, "problems": []})
        return
    problems = check_config(target)
    report.json({"path": str(target), "valid": not problems, "problems": [p.to_dict() for p in problems]})
    if problems:
        if not json_:
            console = error_console()
            for problem in problems:
                console.print(f"Error: {problem}", markup=False)
        raise typer.Exit(2)
    report.line(f"{target}: OK")


def show(config: ConfigOption = None, json_: JsonOption = False, quiet: QuietOption = False) -> None:
    """Print the effective config: your file merged over the SOP defaults.

    **Example**: revops config show > effective.toml
    """
    path = find_config_path(config)
    cfg = load_config(path)
    if json_:
        Reporter(json_mode=True).json(cfg.model_dump(mode="json"))
        return
    if quiet:  # the config is valid (loading it raised nothing): nothing else to say
        return
    source = str(path) if path else "SOP defaults (no revops.toml found)"
    typer.echo(f"# effective config from {source}\n" + config_to_toml(cfg), nl=False)

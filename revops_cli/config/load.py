"""Finding, reading, checking and writing config files; the starter files of `revops init`."""

from __future__ import annotations

import os
import re
import tempfile
import tomllib
from collections.abc import Mapping
from importlib.resources import files
from pathlib import Path
from typing import Any

import tomli_w
from pydantic import ValidationError

from revops_cli.config.errors import ConfigError, ConfigProblem
from revops_cli.config.explain import _problems_from
from revops_cli.config.model import RevopsConfig

CONFIG_FILENAME = "revops.toml"
CONFIG_ENV_VAR = "REVOPS_CONFIG"
STARTER_FILENAMES = ("revops.toml", "reps.csv", "territories.csv")



# --------------------------------------------------------------------------
# Finding, reading, checking and writing config files
# --------------------------------------------------------------------------


def find_config_path(
    explicit: Path | None = None,
    cwd: Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> Path | None:
    """The config file to use: ``--config PATH``, else ``$REVOPS_CONFIG``, else ``./revops.toml``.

    An explicit or environment path that does not exist raises :class:`ConfigError`;
    no ``revops.toml`` in ``cwd`` returns None (the SOP defaults apply). Relative
    paths are taken relative to ``cwd`` when it is given.
    """
    environ = os.environ if environ is None else environ
    base = Path.cwd() if cwd is None else Path(cwd)
    for raw, source in ((explicit, "given with --config"), (environ.get(CONFIG_ENV_VAR), f"set in {CONFIG_ENV_VAR}")):
        if raw is None or str(raw).strip() == "":
            continue
        path = Path(str(raw).strip()).expanduser()
        if cwd is not None and not path.is_absolute():
            path = base / path
        if path.is_dir():
            raise ConfigError(f"is a folder, not a config file ({source}); point it at a .toml file", path=path)
        if not path.is_file():
            raise ConfigError(
                f"config file not found ({source}); check the path, or run 'revops init' to write a starter "
                f"{CONFIG_FILENAME}",
                path=path,
            )
        return path
    candidate = base / CONFIG_FILENAME
    return candidate if candidate.is_file() else None


_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise ConfigError("config file not found", path=path) from None
    except IsADirectoryError:
        raise ConfigError("is a folder, not a config file", path=path) from None
    except OSError as exc:
        raise ConfigError(f"cannot read the file ({exc.strerror or exc})", path=path) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"is not UTF-8 text (bad byte at offset {exc.start}); save it as UTF-8", path=path) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = _TOML_POSITION.search(message)
        line = column = None
        if match:
            line, column = int(match.group(1)), int(match.group(2))
            message = message[: match.start()]
        message = re.sub(r"\s*\(at end of document\)\s*$", " at the end of the file", message)
        message = message[:1].lower() + message[1:]
        raise ConfigError(f"invalid TOML: {message}", path=path, line=line, column=column) from None


def parse_config(data: Mapping[str, Any], path: Path | None = None) -> RevopsConfig:
    """Validate a config dict (as read from TOML); every problem is in the ConfigError raised."""
    try:
        return RevopsConfig.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(problems=_problems_from(exc, path)) from None


def load_config(path: Path | None) -> RevopsConfig:
    """Read and validate ``path``; None gives the SOP defaults. Raises :class:`ConfigError`."""
    if path is None:
        return RevopsConfig()
    return parse_config(_read_toml(Path(path)), Path(path))


def resolve_config(
    explicit: Path | None = None,
    cwd: Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> tuple[RevopsConfig, Path | None]:
    """:func:`find_config_path` then :func:`load_config`: the config and the file it came from."""
    path = find_config_path(explicit, cwd=cwd, environ=environ)
    return load_config(path), path


def check_config(path: Path | None) -> list[ConfigProblem]:
    """Every problem with the config file at ``path`` (empty when it is valid).

    ``str(problem)`` is the one-line message; ``problem.to_dict()`` is for ``--json``.
    """
    try:
        load_config(path)
    except ConfigError as exc:
        return list(exc.problems)
    return []


def _without_none(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_none(v) for v in value]
    return value


def config_to_toml(config: RevopsConfig) -> str:
    """The full effective config as TOML (unset optional keys are left out); loads back equal."""
    return tomli_w.dumps(_without_none(config.model_dump(mode="python")))


def starter_files() -> dict[str, str]:
    """File name -> text of the files ``revops init`` writes."""
    folder = files("revops_cli") / "starter"
    return {name: (folder / name).read_text(encoding="utf-8") for name in STARTER_FILENAMES}


def write_starter_files(dest: Path, force: bool = False) -> list[Path]:
    """Write the starter config, rep roster and territory table into ``dest``.

    Refuses (ConfigError, nothing written) when any of them exists, unless
    ``force``. Each file is written atomically. Returns the paths written.
    """
    dest = Path(dest)
    if dest.exists() and not dest.is_dir():
        raise ConfigError("is a file, not a folder; choose a folder to write the starter files into", path=dest)
    texts = starter_files()
    targets = [dest / name for name in texts]
    existing = [path for path in targets if path.exists()]
    if existing and not force:
        others = [p.name for p in existing[1:]]
        also = f" (so do {', '.join(others)})" if others else ""
        raise ConfigError(f"already exists{also}; nothing was written. Use --force to overwrite", path=existing[0])
    try:
        dest.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"cannot create the folder ({exc.strerror or exc}); choose a folder you can write to",
                          path=dest) from None
    for path, text in zip(targets, texts.values()):
        mode = _file_mode(path)
        try:
            handle = tempfile.NamedTemporaryFile("w", encoding="utf-8", newline="", dir=dest,
                                                 prefix=f".{path.name}.", suffix=".tmp", delete=False)
        except OSError as exc:
            raise ConfigError(f"cannot be written ({exc.strerror or exc}); choose a folder you can write to",
                              path=path) from None
        try:
            with handle:
                handle.write(text)
            os.chmod(handle.name, mode)  # a temp file is 0600; a team's config folder needs the usual mode
            os.replace(handle.name, path)
        except OSError as exc:
            Path(handle.name).unlink(missing_ok=True)
            raise ConfigError(f"cannot be written ({exc.strerror or exc}); nothing of it was changed",
                              path=path) from None
        except BaseException:
            Path(handle.name).unlink(missing_ok=True)
            raise
    return targets


def _file_mode(path: Path) -> int:
    """The mode a starter file gets: the replaced file's (--force), else 0666 less the umask, as outputs get."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask

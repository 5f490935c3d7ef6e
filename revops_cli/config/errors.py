"""Config problems and the one error type: each names the file, the dotted key, what is wrong and what is expected."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# --------------------------------------------------------------------------
# Problems and errors
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class ConfigProblem:
    """One thing wrong with a config file.

    ``str(problem)`` is the one-line message shown to users, e.g.
    ``revops.toml: sla.compliance_target: must be between 0 and 100 (got 150)``.
    """

    path: Path | None
    key: str | None
    message: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        parts = [_display_path(self.path)]
        if self.line is not None:
            parts.append(f"line {self.line}" + (f", column {self.column}" if self.column else ""))
        if self.key:
            parts.append(self.key)
        parts.append(self.message)
        return ": ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        """Plain dict for ``--json`` output."""
        return {
            "file": None if self.path is None else str(self.path),
            "key": self.key,
            "line": self.line,
            "column": self.column,
            "message": self.message,
            "text": str(self),
        }


class ConfigError(Exception):
    """A config file that cannot be found, read, parsed or validated.

    ``path``, ``key`` (dotted, or None), ``message``, ``line`` and ``column``
    describe the first problem; ``problems`` holds all of them. ``str(error)``
    is one line naming the file, the key, what is wrong and what is expected.
    """

    def __init__(
        self,
        message: str = "",
        *,
        path: Path | None = None,
        key: str | None = None,
        line: int | None = None,
        column: int | None = None,
        problems: Sequence[ConfigProblem] | None = None,
    ) -> None:
        if problems:
            self.problems = list(problems)
        else:
            self.problems = [ConfigProblem(path, key, message, line, column)]
        first = self.problems[0]
        self.path = first.path
        self.key = first.key
        self.message = first.message
        self.line = first.line
        self.column = first.column
        super().__init__(str(self))

    def __str__(self) -> str:
        text = str(self.problems[0])
        more = len(self.problems) - 1
        if more:
            text += f" (and {more} more problem{'s' if more > 1 else ''}: run 'revops config check' to list all)"
        return text


class _InvalidKeys(ValueError):
    """Raised by validators: problems as (location relative to the model, message)."""

    def __init__(self, problems: Sequence[tuple[tuple[str | int, ...], str]]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(message for _, message in self.problems))




def _display_path(path: Path | None) -> str:
    if path is None:
        return "config"
    path = Path(path)
    if path.is_absolute():
        try:
            return str(path.relative_to(Path.cwd()))
        except ValueError:
            return str(path)
    return str(path)


_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def _dotted(loc: Iterable[str | int]) -> str:
    """('scoring', 'bands', 2, 'min') -> 'scoring.bands[2].min' (TOML quoting for odd keys)."""
    text = ""
    for part in loc:
        if part == "[key]":
            continue
        if isinstance(part, int):
            text += f"[{part}]"
            continue
        piece = part if _BARE_KEY.match(part) else json.dumps(part, ensure_ascii=False)
        text += ("." if text else "") + piece
    return text



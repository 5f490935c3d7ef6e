"""Helpers the section models share to report problems: one-line messages with the value as written in TOML."""

from __future__ import annotations

import datetime as dt
import difflib
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from revops_cli.config.errors import _InvalidKeys


def _raise_if(problems: list[tuple[tuple[str | int, ...], str]]) -> None:
    if problems:
        raise _InvalidKeys(problems)



def _show(value: Any) -> str:
    """A value as the user would have written it in TOML, shortened."""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, str):
        text = json.dumps(value, ensure_ascii=False)
    elif isinstance(value, (dt.time, dt.date)):
        text = value.isoformat()
    elif isinstance(value, Mapping):
        text = "a table"
    elif isinstance(value, list):
        text = "[" + ", ".join(_show(v) for v in value) + "]"
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value)) if abs(value) < 1e15 else repr(value)
    else:
        text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _suggest(word: Any, options: Iterable[str]) -> str:
    matches = difflib.get_close_matches(str(word), list(options), n=1, cutoff=0.6)
    return f" (did you mean '{matches[0]}'?)" if matches else ""


def _one_of(options: Sequence[str]) -> str:
    return ", ".join(f"'{o}'" for o in options)




def _duplicates(
    values: Sequence[Any], loc: tuple[str | int, ...], *, fold: bool = False
) -> list[tuple[tuple[str | int, ...], str]]:
    """Problems for repeated items in a list (each repeat named at its index)."""
    seen: dict[Any, int] = {}
    problems = []
    for index, value in enumerate(values):
        key = value.casefold() if fold and isinstance(value, str) else value
        if key in seen:
            message = f"repeats {_show(value)}, already listed at [{seen[key]}]; list each item once"
            problems.append((loc + (index,), message))
        else:
            seen[key] = index
    return problems


def _number(value: float | int | None) -> str:
    if value is None:
        return "none"
    return _show(value)



def _approval_problems(
    rows: Sequence[Any], section: str, field: str, bound: str, order: Sequence[str] | None, order_key: str
) -> list[tuple[tuple[str | int, ...], str]]:
    """Problems with an approval table: limits ascending, only the last row unbounded, known approvers."""
    problems: list[tuple[tuple[str | int, ...], str]] = []
    for index, row in enumerate(rows):
        limit = getattr(row, bound)
        last = index == len(rows) - 1
        if limit is None and not last:
            problems.append(((field, index, bound), "only the last row may leave out the limit"))
        if last and limit is not None:
            problems.append(((field, index, bound), f"the last row must have no {bound} so every amount has an "
                             f"approver (got {_number(limit)})"))
        if index and limit is not None:
            previous = getattr(rows[index - 1], bound)
            if previous is not None and limit <= previous:
                problems.append(((field, index, bound), f"must be greater than {section}.{field}[{index - 1}].{bound} "
                                 f"({_number(previous)}): list rows from the lowest limit up (got {_number(limit)})"))
        if order is not None and row.approver not in order:
            problems.append(((field, index, "approver"), f"{_show(row.approver)} is not in {order_key}"
                             f"{_suggest(row.approver, order)}"))
    return problems



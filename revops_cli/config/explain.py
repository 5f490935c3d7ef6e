"""Turning pydantic's validation errors into one-line problems that name the dotted key and what is expected."""

from __future__ import annotations

import datetime as dt
import re
import types
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from revops_cli.config.checks import _InvalidKeys, _number, _one_of, _show, _suggest
from revops_cli.config.errors import ConfigProblem, _dotted
from revops_cli.config.model import RevopsConfig

# --------------------------------------------------------------------------
# Turning pydantic errors into one-line problems
# --------------------------------------------------------------------------


def _unwrap(tp: Any) -> tuple[Any, list[Any]]:
    """Strip Annotated[...] and Optional[...]; return the bare type and its constraints."""
    metadata: list[Any] = []
    while True:
        origin = get_origin(tp)
        if origin is Annotated:
            base, *extra = get_args(tp)
            for item in extra:
                metadata.extend(item.metadata if isinstance(item, FieldInfo) else [item])
            tp = base
        elif origin in (Union, types.UnionType):
            members = [a for a in get_args(tp) if a is not type(None)]
            if len(members) != 1:
                return tp, metadata
            tp = members[0]
        else:
            return tp, metadata


def _resolve(loc: Sequence[str | int]) -> tuple[Any, list[Any]] | None:
    """The type (and its constraints) that a location in the config must have."""
    if loc and loc[-1] == "[key]":
        container = _resolve(loc[:-2])
        if container is None or get_origin(container[0]) is not dict:
            return None
        return _unwrap(get_args(container[0])[0])
    tp: Any = RevopsConfig
    metadata: list[Any] = []
    for part in loc:
        tp, _ = _unwrap(tp)
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            field = tp.model_fields.get(part) if isinstance(part, str) else None
            if field is None:
                return None
            tp, metadata = field.annotation, list(field.metadata)
            continue
        args = get_args(tp)
        if get_origin(tp) is list and args:
            tp, metadata = args[0], []
        elif get_origin(tp) is dict and len(args) == 2:
            tp, metadata = args[1], []
        else:
            return None
    tp, extra = _unwrap(tp)
    return tp, metadata + extra


def _bounds_text(metadata: Sequence[Any], ctx: Mapping[str, Any]) -> str:
    bounds: dict[str, Any] = {}
    for item in metadata:
        for name in ("ge", "gt", "le", "lt"):
            value = getattr(item, name, None)
            if value is not None:
                bounds[name] = value
    if not bounds:
        bounds = {k: ctx[k] for k in ("ge", "gt", "le", "lt") if k in ctx}
    ge, gt, le, lt = (bounds.get(k) for k in ("ge", "gt", "le", "lt"))
    if ge is not None and le is not None:
        return f"must be between {_number(ge)} and {_number(le)}"
    low = f"at least {_number(ge)}" if ge is not None else f"more than {_number(gt)}" if gt is not None else None
    high = f"at most {_number(le)}" if le is not None else f"less than {_number(lt)}" if lt is not None else None
    return "must be " + " and ".join(part for part in (low, high) if part)


def _explain(error: Mapping[str, Any]) -> str:
    """What is wrong and what is expected, for one pydantic error."""
    kind = error["type"]
    loc = tuple(error["loc"])
    value = error.get("input")
    ctx = error.get("ctx") or {}
    got = f" (got {_show(value)})"
    if kind == "extra_forbidden":
        parent = _resolve(loc[:-1])
        allowed = list(parent[0].model_fields) if parent and isinstance(parent[0], type) else []
        what = "unknown section" if len(loc) == 1 else "unknown key"
        hint = _suggest(loc[-1], allowed)
        if not hint and allowed:
            hint = (f" (expected one of {_one_of(allowed)})" if len(allowed) <= 12
                    else " (run 'revops config show' to see the valid keys)")
        return what + hint
    if kind == "missing":
        return "is required but missing"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        hint = "; remove the quotes" if isinstance(value, str) and value.strip().lstrip("-").isdigit() else ""
        return f"must be a whole number{got}{hint}"
    if kind in ("float_type", "float_parsing"):
        hint = "; remove the quotes" if isinstance(value, str) and _looks_numeric(value) else ""
        return f"must be a number{got}{hint}"
    if kind == "finite_number":
        return f"must be a finite number{got}"
    if kind in ("bool_type", "bool_parsing"):
        return f"must be true or false, without quotes{got}"
    if kind in ("string_type", "str_type"):
        return f"must be text in double quotes{got}"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "too_short":
        return f"must list at least {ctx.get('min_length', 1)} item{'s' if ctx.get('min_length', 1) != 1 else ''}"
    if kind == "list_type":
        return f'must be a list, e.g. ["a", "b"]{got}'
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"must be a table ([section] or {{ key = value }}){got}"
    if kind in ("time_type", "time_parsing"):
        return f'must be a time of day written as "HH:MM", e.g. "09:00"{got}'
    if kind == "literal_error":
        resolved = _resolve(loc)
        options = [str(o) for o in get_args(resolved[0])] if resolved and get_origin(resolved[0]) is Literal else []
        if options:
            return f"must be one of {_one_of(options)}{got}{_suggest(value, options)}"
        return f"must be one of {ctx.get('expected', '')}{got}"
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        resolved = _resolve(loc)
        return _bounds_text(resolved[1] if resolved else [], ctx) + got
    if kind in ("value_error", "assertion_error"):
        cause = ctx.get("error")
        message = str(cause) if cause is not None else re.sub(r"^(Value|Assertion) error, ", "", error["msg"])
        scalar = isinstance(value, (str, int, float, dt.time)) and "(got " not in message and loc[-1:] != ("[key]",)
        return message + (got if scalar else "")
    message = str(error.get("msg", "is not valid"))
    return message[:1].lower() + message[1:] + got


def _looks_numeric(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _problems_from(exc: ValidationError, path: Path | None) -> list[ConfigProblem]:
    problems: list[ConfigProblem] = []
    for error in exc.errors():
        loc = tuple(error["loc"])
        cause = (error.get("ctx") or {}).get("error")
        if isinstance(cause, _InvalidKeys):
            for sub_loc, message in cause.problems:
                problems.append(ConfigProblem(path, _dotted(loc + tuple(sub_loc)) or None, message))
            continue
        problems.append(ConfigProblem(path, _dotted(loc) or None, _explain(error)))
    unique: list[ConfigProblem] = []
    for problem in problems:
        if problem not in unique:
            unique.append(problem)
    return unique



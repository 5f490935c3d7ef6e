"""The detection engine: header keys, loose matching, ``--map``/``[columns]`` overrides.

Detection never renames anything: the mapping points at the file's own columns, so
original headers survive to the output.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from revops_cli.errors import RevopsInputError

# Words that decorate a header without changing its meaning ("Person - Email - Work",
# "Mailing Country", "Industry__c"). Tried only when no alias matches exactly.
_NOISE_TOKENS = {
    "person", "lead", "contact", "work", "primary", "main", "business", "mailing", "billing", "c", "the",
    "of", "hs", "custom", "field", "value", "current", "default",
}


def header_key(header: str) -> str:
    """Compare key of a header: accents folded, lower case, letters and digits only."""
    folded = unicodedata.normalize("NFKD", str(header)).encode("ascii", "ignore").decode()
    folded = re.sub(r"__c$", "", folded.strip())
    return re.sub(r"[^a-z0-9]", "", folded.lower())


def _tokens(header: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", str(header)).encode("ascii", "ignore").decode()
    spaced = re.sub(r"([a-z])([A-Z])", r"\1 \2", folded)
    return [t for t in re.split(r"[^A-Za-z0-9]+", spaced.lower()) if t]


def _loose_key(header: str) -> str:
    return "".join(t for t in _tokens(header) if t not in _NOISE_TOKENS)


@dataclass
class ColumnMapping:
    """Which column of a file holds which canonical field, and how we know."""

    fields: dict[str, str] = field(default_factory=dict)  # canonical field -> frame column
    how: dict[str, str] = field(default_factory=dict)  # canonical field -> alias | loose | --map | config
    unmapped: list[str] = field(default_factory=list)  # frame columns holding no canonical field
    also: dict[str, list[str]] = field(default_factory=dict)  # field -> other columns that look like it
    # field -> time zone of its timestamps written without an offset, where it is not general.timezone
    # (an API export's UTC, or --source-timezone); set by the reader, used by every timestamp parse.
    timezones: dict[str, str] = field(default_factory=dict)

    def get(self, canonical: str) -> str | None:
        return self.fields.get(canonical)

    def naive_timezone(self, canonical: str, default: str) -> str:
        """The zone to read ``canonical``'s timestamps without an offset in: its file's, else ``default``."""
        return self.timezones.get(canonical, default)

    def __contains__(self, canonical: str) -> bool:
        return canonical in self.fields

    def to_dict(self) -> dict:
        return {
            "fields": {f: {"column": c, "how": self.how.get(f)} for f, c in self.fields.items()},
            "unmapped": self.unmapped,
            "also_looks_like": self.also,
        }


@dataclass
class MappedFrame:
    """An export as read: its frame, which column holds which canonical field, and its name for messages."""

    frame: pd.DataFrame
    mapping: ColumnMapping
    source: str = "the file"


def _alias_index(schema: Mapping[str, Sequence[str]]) -> tuple[dict[str, tuple[str, int]], dict[str, tuple[str, int]]]:
    """Exact and loose keys of a schema's aliases. A loose key two fields share ("Lead ID" and "ID" are both
    "id" once the decorating words go) is ambiguous and left out: such a header maps by its exact spelling or
    not at all, never to whichever field happens to be listed first."""
    exact: dict[str, tuple[str, int]] = {}
    loose: dict[str, tuple[str, int]] = {}
    ambiguous: set[str] = set()
    for canonical, aliases in schema.items():
        for rank, alias in enumerate((canonical, *aliases)):
            exact.setdefault(header_key(alias), (canonical, rank))
            key = _loose_key(alias)
            if not key:
                continue
            owner = loose.setdefault(key, (canonical, rank))
            if owner[0] != canonical:
                ambiguous.add(key)
    return exact, {key: hit for key, hit in loose.items() if key not in ambiguous}


def detect_columns(
    columns: Sequence[str],
    *,
    schema: str = "leads",
    overrides: Mapping[str, str | None] | None = None,
    config_columns: Mapping[str, str] | None = None,
    headers: Mapping[str, str] | None = None,
    source: str = "the file",
) -> ColumnMapping:
    """Map canonical fields to the columns of a file.

    ``columns`` are the frame's column names; ``headers`` maps them to the
    original header text when they differ. ``config_columns`` (the config's
    ``[columns]`` table) and then ``overrides`` (``--map``) take precedence over
    detection; an override to ``None``/empty unmaps the field.
    """
    from revops_cli.columns.schemas import SCHEMAS  # the schemas import this module's header_key

    aliases = SCHEMAS[schema]
    exact, loose = _alias_index(aliases)
    original = {c: (headers or {}).get(c, c) for c in columns}
    mapping = ColumnMapping()

    forced: dict[str, tuple[str | None, str]] = {}
    for how, table in (("config", config_columns or {}), ("--map", overrides or {})):
        for canonical, header in table.items():
            if canonical not in aliases:
                raise RevopsInputError(
                    f"{how} {canonical}={header}: unknown field {canonical!r}"
                    f"{_suggest(canonical, aliases)}. Fields: {', '.join(aliases)}."
                )
            forced[canonical] = (_find_column(header, columns, original, source, how, canonical) if header else None, how)

    taken = {col for col, _ in forced.values() if col}
    candidates: dict[str, list[tuple[int, int, str, str]]] = {}
    for position, column in enumerate(columns):
        if column in taken:
            continue
        hit = exact.get(header_key(original[column]))
        how = "alias"
        if hit is None:
            hit = loose.get(_loose_key(original[column]))
            how = "loose"
        if hit is None:
            continue
        canonical, rank = hit
        penalty = 0 if how == "alias" else 1000
        candidates.setdefault(canonical, []).append((penalty + rank, position, column, how))

    for canonical in aliases:
        if canonical in forced:
            column, how = forced[canonical]
            if column:
                mapping.fields[canonical] = column
                mapping.how[canonical] = how
            others = [c for *_, c, _h in candidates.get(canonical, [])]
            if others:
                mapping.also[canonical] = others
            continue
        found = sorted(candidates.get(canonical, []))
        if found:
            _, _, column, how = found[0]
            mapping.fields[canonical] = column
            mapping.how[canonical] = how
            if len(found) > 1:
                mapping.also[canonical] = [c for _, _, c, _ in found[1:]]
    used = set(mapping.fields.values())
    mapping.unmapped = [c for c in columns if c not in used]
    return mapping


def _find_column(header: str, columns: Sequence[str], original: Mapping[str, str], source: str, how: str, canonical: str) -> str:
    for column in columns:
        if original[column] == header or column == header:
            return column
    key = header_key(header)
    matches = [c for c in columns if header_key(original[c]) == key]
    if len(matches) == 1:
        return matches[0]
    names = [original[c] for c in columns]
    close = difflib.get_close_matches(header, names, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    raise RevopsInputError(
        f"{how} {canonical}={header}: {source} has no column {header!r}{hint}. Columns: {', '.join(repr(n) for n in names)}."
    )


def _suggest(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def parse_map_options(values: Sequence[str] | None) -> dict[str, str | None]:
    """Turn repeated ``--map field=Header`` options into a dict; ``field=`` unmaps the field."""
    result: dict[str, str | None] = {}
    for item in values or ():
        if "=" not in item:
            raise RevopsInputError(
                f"--map {item!r}: expected field=Header, for example --map email='Work Email' (or --map phone= to ignore a column)."
            )
        canonical, header = item.split("=", 1)
        result[canonical.strip()] = header.strip() or None
    return result

"""The detection engine: header keys, header styles, loose matching, content confirmation, overrides.

A header matches a canonical field in one of four ways, strongest first:

1. **alias**: its key (case, accents, spacing and punctuation ignored; Cyrillic, Japanese and other
   scripts kept, case-folded) equals the key of one of the field's aliases, so ``FIRST_NAME``,
   ``firstName``, ``first-name`` and ``First Name`` are one spelling;
2. **style**: the same after taking off what CRM tools wrap around a field name: HubSpot's
   ``property_`` / ``properties.`` and ``hs_`` prefixes, Salesforce's ``__c`` / ``_c`` / ``__pc`` suffixes
   and managed-package namespaces (``bizible2__Touchpoint_Date__c``), Odoo's ``x_studio_``, Bitrix24's
   ``UF_CRM_``, Dynamics' ``address1_``, Pipedrive's ``Person - `` / ``Deal - `` / ``Organization - ``
   entity prefix (per export kind), and an ``_id`` suffix on a reference (``country_id``, ``STAGE_ID``);
3. **loose**: its words without decorating ones (``Primary Work Email``, ``Mailing Country Name``);
4. **content**: a column whose name claimed one field but whose values fit another (``Last Activity``
   holding "Email Opened" is the last activity *type*, not its date).

When the frame is given, a name match is confirmed by the values (:mod:`revops_cli.columns.confirm`)
before the column is trusted; one that fails is left unmapped with a note (or goes to the field its
values fit). ``--map field=Header`` and the config's ``[columns]`` table override detection.

Detection never renames anything: the mapping points at the file's own columns, so original headers
survive to the output.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from revops_cli.errors import RevopsInputError
from revops_cli.normalize.timestamps import DateColumnEvidence

# Words that decorate a header without changing its meaning ("Person - Email - Work",
# "Mailing Country", "Industry__c", "Primary Address City"). Tried only when no alias matches exactly.
_NOISE_TOKENS = {
    "person", "lead", "contact", "work", "primary", "main", "business", "mailing", "billing", "c", "the",
    "of", "hs", "custom", "field", "value", "current", "default", "address", "property",
}

# Letters NFD does not take apart, folded like their accented cousins.
_TRANSLITERATE = str.maketrans({"ß": "ss", "ẞ": "ss", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe",
                                "Œ": "OE", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "þ": "th", "Þ": "Th",
                                "ð": "d", "ı": "i"})
_SALESFORCE_SUFFIX = re.compile(r"__c$", re.IGNORECASE)

# What tools wrap around a field's name (tried after the exact spelling fails).
_STYLE_PREFIX = re.compile(
    r"^(?:propert(?:y|ies)[_.]|prop_|hs_|x_studio_|x_|uf_crm_|address\d?_|[a-z][a-z0-9]*__(?=\w+__c$))",
    re.IGNORECASE,
)
_STYLE_SUFFIX = re.compile(r"(?:__c|_c|__pc|_pc|__r)$", re.IGNORECASE)
_ID_SUFFIX = re.compile(r"(?:(?<=\w)[\s_.\-]+(?:id|Id|ID)|(?<=[a-z])Id)$")

#: Pipedrive-style entity prefixes ("Deal - Value", "Person - Email") taken off per export kind.
ENTITY_PREFIXES: dict[str, tuple[str, ...]] = {
    "leads": ("person", "contact", "kontakt", "personne", "persona", "pessoa"),
    "funnel": ("person", "contact"),
    "accounts": ("organization", "organisation", "company", "account", "organización", "organização", "organisatie"),
    "opportunities": ("deal", "opportunity", "potential", "affaire", "negocio", "negócio"),
    "stage_history": ("deal", "opportunity"),
    "activities": ("activity", "task", "event", "call", "aktivität", "activité", "actividad", "atividade"),
    "campaigns": ("campaign",),
    "events": ("event",),
    "reps": ("user", "rep"),
    "territories": ("territory",),
    "handoffs": ("handoff", "deal"),
}

#: Fields an ``_id`` header still names (Odoo's ``country_id``, Bitrix24's ``STAGE_ID``/``SOURCE_ID``): a
#: reference to a picklist or a user, read like the name. Other ``X_id`` headers are identifiers.
REFERENCE_FIELDS = frozenset({"country", "state", "stage", "status", "substatus", "lifecycle_stage", "rating", "lead_source",
                              "owner", "campaign", "industry", "rep", "type", "territory", "role", "salutation"})

# How much weaker each way of matching is than an exact alias (added to the alias's rank).
_PENALTY = {"alias": 0, "style": 500, "loose": 1000, "content": 2000}


@functools.lru_cache(maxsize=65_536)
def _header_key(header: str) -> str:
    text = unicodedata.normalize("NFKC", str(header)).strip()
    text = _SALESFORCE_SUFFIX.sub("", text).translate(_TRANSLITERATE)
    folded = []
    for char in text:
        if char.isascii():
            folded.append(char)
            continue
        base = unicodedata.normalize("NFD", char)
        # a Latin letter with marks (é, ñ, ç, ő) folds to its ASCII letter; other scripts stay as they are
        folded.append(base[0] if base[0].isascii() else char)
    return "".join(c for c in "".join(folded).casefold() if c.isalnum())


def header_key(header: str) -> str:
    """Compare key of a header: Latin accents folded, case folded, letters and digits only.

    ``"Prénom"`` and ``"PRENOM"`` give ``"prenom"``; ``"E-Mail-Adresse"`` gives ``"emailadresse"``;
    Cyrillic, Greek, Japanese and other scripts keep their letters (``"Имя"`` gives ``"имя"``,
    ``"会社名"`` stays ``"会社名"``), so their headers can match too. ``__c`` (Salesforce custom) is ignored.
    """
    return _header_key(str(header))


def _tokens(header: str) -> list[str]:
    spaced = re.sub(r"([a-z])([A-Z])", r"\1 \2", unicodedata.normalize("NFKC", str(header)))
    return [key for part in re.split(r"[\W_]+", spaced) if (key := header_key(part))]


@functools.lru_cache(maxsize=65_536)
def _loose_key(header: str) -> str:
    return "".join(t for t in _tokens(header) if t not in _NOISE_TOKENS)


def _style_variants(header: str, schema: str) -> list[tuple[str, bool]]:
    """Spellings of a header without the wrapping a tool adds: ``(text, is_id_stripped)``, most likely first."""
    text = unicodedata.normalize("NFKC", str(header)).strip()
    out: list[str] = []
    prefixes = ENTITY_PREFIXES.get(schema, ())
    if prefixes:
        entity = re.compile(rf"^(?:{'|'.join(map(re.escape, prefixes))})\s*[-–:]\s*(?=\S)", re.IGNORECASE)
        bare = entity.sub("", text)
        if bare != text:
            out.append(bare)
    for candidate in [text, *out]:
        stripped = candidate
        for _ in range(2):  # "property_hs_lead_status", "ns__Field__c"
            stripped = _STYLE_SUFFIX.sub("", _STYLE_PREFIX.sub("", stripped))
        if stripped and stripped != candidate:
            out.append(stripped)
    variants = [(v, False) for v in dict.fromkeys(out)]
    for candidate in [text, *out]:
        stem = _ID_SUFFIX.sub("", candidate)
        if stem != candidate and len(header_key(stem)) >= 3:
            variants.append((stem, True))
    return variants


@dataclass
class ColumnMapping:
    """Which column of a file holds which canonical field, and how we know."""

    fields: dict[str, str] = field(default_factory=dict)  # canonical field -> frame column
    how: dict[str, str] = field(default_factory=dict)  # canonical field -> alias | style | loose | content | --map | config
    unmapped: list[str] = field(default_factory=list)  # frame columns holding no canonical field
    also: dict[str, list[str]] = field(default_factory=dict)  # field -> other columns that look like it
    # field -> time zone of its timestamps written without an offset, where it is not general.timezone
    # (an API export's UTC, or --source-timezone); set by the reader, used by every timestamp parse.
    timezones: dict[str, str] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)  # frame column -> why it was left out or moved
    checked: dict[str, str] = field(default_factory=dict)  # canonical field -> what its values showed
    # frame column -> what its whole column says of its dates (serial days or not, day/month order), for a
    # file read in batches (cli/stream.py), so each batch reads its dates as the whole file would. Empty
    # when the file is read whole: each column then decides for itself.
    date_evidence: dict[str, DateColumnEvidence] = field(default_factory=dict)

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
            "values_checked": self.checked,
            "notes": self.notes,
        }


@dataclass
class MappedFrame:
    """An export as read: its frame, which column holds which canonical field, and its name for messages."""

    frame: pd.DataFrame
    mapping: ColumnMapping
    source: str = "the file"


_INDEXES: dict[int, tuple[Mapping, tuple]] = {}


def _alias_index(schema: Mapping[str, Sequence[str]]) -> tuple[dict[str, tuple[str, int]], dict[str, tuple[str, int]]]:
    """:func:`_build_alias_index`, built once per schema object."""
    cached = _INDEXES.get(id(schema))
    if cached is None or cached[0] is not schema:
        cached = (schema, _build_alias_index(schema))
        _INDEXES[id(schema)] = cached
    return cached[1]


def _build_alias_index(schema: Mapping[str, Sequence[str]]) -> tuple[dict[str, tuple[str, int]], dict[str, tuple[str, int]]]:
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


def match_header(header: str, schema: str, exact: Mapping[str, tuple[str, int]],
                 loose: Mapping[str, tuple[str, int]]) -> tuple[str, int, str] | None:
    """The field one header names in ``schema``: ``(field, rank, how)``, or None."""
    hit = exact.get(header_key(header))
    if hit is not None:
        return (*hit, "alias")
    variants = _style_variants(header, schema)
    for text, id_stripped in variants:
        hit = exact.get(header_key(text))
        if hit is not None and (not id_stripped or hit[0] in REFERENCE_FIELDS):
            return (*hit, "style")
    for text, id_stripped in [(header, False), *variants]:
        hit = loose.get(_loose_key(text))
        if hit is not None and (not id_stripped or hit[0] in REFERENCE_FIELDS):
            return (*hit, "loose")
    return None


def detect_columns(
    columns: Sequence[str],
    *,
    schema: str = "leads",
    overrides: Mapping[str, str | None] | None = None,
    config_columns: Mapping[str, str] | None = None,
    headers: Mapping[str, str] | None = None,
    source: str = "the file",
    frame: pd.DataFrame | None = None,
) -> ColumnMapping:
    """Map canonical fields to the columns of a file.

    ``columns`` are the frame's column names; ``headers`` maps them to the
    original header text when they differ. ``config_columns`` (the config's
    ``[columns]`` table) and then ``overrides`` (``--map``) take precedence over
    detection; an override to ``None``/empty unmaps the field. With ``frame``, each
    name match is confirmed by a sample of the column's values (dates parse, emails
    look like emails...): one that fails is left unmapped with a note in
    ``mapping.notes``, or goes to the field its values fit.
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
        hit = match_header(original[column], schema, exact, loose)
        if hit is None:
            continue
        canonical, rank, how = hit
        candidates.setdefault(canonical, []).append((_PENALTY[how] + rank, position, column, how))

    rejected: dict = {}
    if frame is not None:
        from revops_cli.columns.confirm import confirm_by_content  # reads values with normalize/

        candidates, rejected, checked, forced_notes = confirm_by_content(frame, schema, candidates, forced, original)
        mapping.notes.update(forced_notes)

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
    if frame is not None:
        mapping.checked = {f: checked[c].text() for f, c in mapping.fields.items() if c in checked}
        for column, rejection in rejected.items():
            mapping.notes[column] = _rejection_note(column, original[column], rejection, mapping)
    return mapping


def _rejection_note(column: str, header: str, rejection, mapping: ColumnMapping) -> str:
    """Why a column named for one field is not read as it: what its values showed, and where it went."""
    said = f"{header!r} looks like {rejection.field} by its name, but only {rejection.verdict.text()}"
    target = rejection.moved_to
    if target is not None and mapping.fields.get(target) == column:
        return f"{said}: read as {target} instead."
    if target is not None and mapping.fields.get(target) is not None:
        return f"{said}: left unmapped ({target}, which its values fit, is {mapping.fields[target]!r})."
    return f"{said}: left unmapped; use --map {rejection.field}={header!r} if it is one."


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

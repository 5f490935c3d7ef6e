"""What `leads fit` can learn rules on: each field's value per lead, read the way scoring reads it.

A field is a lead field the file has (through the column mapping), a derived one (seniority and function
from the title, email_generic / email_valid), or any other column of the file (a custom field that the
written tables name in ``[scoring.fields]``). Each is read through scoring's own field machinery
(:class:`~revops_cli.core.leads.scoring.fields._Fields`), so a rule the fit writes matches at scoring time
exactly the leads it was fitted on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from revops_cli.columns import ColumnMapping, header_key
from revops_cli.config import RevopsConfig
from revops_cli.config.scoring import RULE_FIELDS
from revops_cli.core.leads.scoring.fields import _Fields
from revops_cli.core.leads.scoring.score import SCORE_COLUMNS
from revops_cli.normalize.distinct import is_blank
from revops_cli.normalize.timestamps import normalize_timestamp_column

DIMENSION_NAMES = ("demographic", "firmographic", "behavioral")

#: Lead fields fitted as values (a rule per value or group of values).
CATEGORY_FIELDS = ("seniority", "function", "country", "state", "industry", "lead_source", "campaign",
                   "last_activity_type", "lead_origin")
#: Lead fields fitted as numbers (a ladder of thresholds).
NUMBER_FIELDS = ("employees", "annual_revenue", "visits", "time_on_site", "pages_per_visit", "page_views",
                 "form_fills", "email_opens", "email_clicks", "email_replies", "emails_delivered",
                 "content_downloads", "events_attended")
#: Lead fields fitted as yes / no / blank.
TRUTH_FIELDS = ("email_generic", "email_valid", "consent", "unsubscribed", "bounced", "demo_requested")
#: Lead fields fitted as present / missing.
PRESENCE_FIELDS = ("phone", "website")
#: The SOP dimension of each lead field the fit uses ("demographic": the person, "firmographic": the company).
FIELD_DIMENSION = {
    "seniority": "demographic", "function": "demographic", "country": "demographic", "state": "demographic",
    "phone": "demographic", "email_generic": "demographic", "email_valid": "demographic",
    "industry": "firmographic", "employees": "firmographic", "annual_revenue": "firmographic",
    "website": "firmographic",
}
#: Lead fields the fit never learns rules on, and why.
NOT_FITTED = {
    **dict.fromkeys(("lead_id", "first_name", "last_name", "full_name", "account_id"),
                    "an identifier or a name: it says who, not how likely"),
    "email": "read as email_generic and email_valid",
    "title": "read as seniority and function",
    "mobile_phone": "counted as phone",
    "company": "one value per company: read as target_account from scoring.target_accounts",
    **dict.fromkeys(("city", "postal_code"), "too many values for a rule each"),
    **dict.fromkeys(("created_at", "assigned_at", "status_changed_at", "last_activity_at"),
                    "a date: its rules count days back from the day you score, which old outcomes cannot fit"),
}

_DATE_SHARE = 0.9      # a column whose values are nearly all dates is fitted as present/missing
_NUMBER_SHARE = 0.98   # ... nearly all numbers, as a number ladder
_MAX_VALUES = 100      # a text column with more distinct values is an identifier or free text


@dataclass
class Feature:
    """One field as the fit sees it. ``kind``: number, category, truth or presence. Row arrays cover every
    lead of the frame: ``present`` (not blank), ``number`` (NaN where not a number), ``key`` (the folded
    value rules compare, None where blank), ``truth`` (1 yes, 0 no, -1 blank)."""

    name: str
    kind: str
    dimension: str
    source: str
    custom: bool
    present: np.ndarray
    number: np.ndarray | None = None
    key: np.ndarray | None = None
    truth: np.ndarray | None = None
    display: dict[str, str] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)


@dataclass
class FeatureSet:
    """The fields a fit can use, the custom ones' headers, and every column or field left out with why."""

    features: list[Feature]
    custom_fields: dict[str, str]
    left_out: dict[str, str]


def rule_field_name(header: str, taken: Iterable[str]) -> str:
    """A rule field name for a column header: lower case, ``_`` for anything else ("nr.employed" ->
    ``nr_employed``); a name a lead field already has gets ``_column`` ("Seniority" -> ``seniority_column``)."""
    name = re.sub(r"[^a-z0-9]+", "_", header_key_spaced(header)).strip("_") or "column"
    if not name[0].isalpha():
        name = "f_" + name
    taken = set(taken) | RULE_FIELDS
    if name in taken:
        name += "_column"
    base, number = name, 2
    while name in taken:
        name, number = f"{base}_{number}", number + 1
    return name


def header_key_spaced(header: str) -> str:
    """A header folded for a field name: accents dropped, camelCase split, lower case."""
    import unicodedata

    text = unicodedata.normalize("NFKD", str(header)).encode("ascii", "ignore").decode()
    return re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", text).lower()


def _custom_dimension(header: str, words: Mapping[str, Sequence[str]]) -> str:
    tokens = set(re.split(r"[^a-z0-9]+", header_key_spaced(header)))
    for dimension in ("demographic", "firmographic"):
        if tokens & {w.casefold() for w in words.get(dimension, ())}:
            return dimension
    return "behavioral"


def _most_common_spelling(keys: np.ndarray, raw: pd.Series) -> dict[str, str]:
    """Per folded key, the spelling most leads wrote (trimmed, spaces collapsed)."""
    frame = pd.DataFrame({"key": keys, "raw": raw.astype("string").str.strip().str.replace(r"\s+", " ", regex=True)})
    frame = frame[frame["key"].notna()]
    if frame.empty:
        return {}
    counts = frame.groupby(["key", "raw"], sort=True).size().reset_index(name="n")
    counts = counts.sort_values(["key", "n", "raw"], ascending=[True, False, True], kind="mergesort")
    first = counts.drop_duplicates("key")
    return dict(zip(first["key"].astype(str), first["raw"].astype(str)))


def _classify_column(values: pd.Series) -> tuple[str | None, str]:
    """(kind, why) for a column that is no lead field: number, presence (dates), category, or None to skip."""
    blank = is_blank(values)
    filled = values[~blank]
    if filled.empty:
        return None, "empty"
    distinct = pd.Series(pd.unique(filled.astype(str).str.strip()), dtype="str")
    numbers = pd.to_numeric(distinct.str.replace(",", "", regex=False), errors="coerce")
    counts = filled.astype(str).str.strip().value_counts()
    numeric_rows = counts[numbers.notna().to_numpy()[pd.Index(distinct).get_indexer(counts.index)]].sum()
    if numeric_rows >= _NUMBER_SHARE * len(filled):
        whole = numbers.dropna()
        if len(filled) >= 20 and len(whole) == len(filled) and (whole % 1 == 0).all():
            return None, "an identifier (a different whole number on every row)"
        return "number", ""
    parsed = normalize_timestamp_column(distinct)["revops_parsed"]
    dated = counts[parsed.notna().to_numpy()[pd.Index(distinct).get_indexer(counts.index)]].sum()
    if dated >= _DATE_SHARE * len(filled):
        return "presence", ""
    if len(distinct) > _MAX_VALUES or len(distinct) > 0.5 * len(filled):
        return None, f"an identifier or free text ({len(distinct):,} different values)"
    return "category", ""


def build_features(frame: pd.DataFrame, mapping: ColumnMapping, config: RevopsConfig, *,
                   outcome_column: str, exclude: Sequence[str] = (),
                   dimensions: Mapping[str, str] | None = None) -> tuple[FeatureSet, RevopsConfig]:
    """Every field the fit can use on ``frame``, and the config whose ``[scoring.fields]`` names the custom
    columns (scoring reads them through it). ``exclude`` names fields or headers to leave out;
    ``dimensions`` moves a field to another dimension."""
    fit = config.scoring.fit
    dimensions = dict(dimensions or {})
    excluded_names = {e.casefold() for e in exclude} | {e.casefold() for e in fit.exclude_fields}
    excluded_keys = {header_key(e) for e in exclude}
    left_out: dict[str, str] = {}
    outcome_key = header_key(outcome_column)

    used_columns = set(mapping.fields.values())
    custom: dict[str, str] = dict(config.scoring.fields)
    for column in frame.columns:
        name = str(column)
        if column in used_columns or name in SCORE_COLUMNS or name.startswith("revops_"):
            continue
        if header_key(name) == outcome_key or column == outcome_column:
            continue
        if name in custom.values():
            continue
        custom[rule_field_name(name, custom)] = name
    work = config.model_copy(update={"scoring": config.scoring.model_copy(update={"fields": custom})})
    fields = _Fields(frame, mapping, work, frozenset())

    features: list[Feature] = []
    for name, why in NOT_FITTED.items():
        if name in mapping:
            left_out[name] = why
    plan = ([(n, "category") for n in CATEGORY_FIELDS] + [(n, "number") for n in NUMBER_FIELDS]
            + [(n, "truth") for n in TRUTH_FIELDS] + [(n, "presence") for n in PRESENCE_FIELDS])
    for name, kind in plan:
        values = fields.get(name)
        if values is None:
            continue
        source = mapping.get({"seniority": "title", "function": "title", "email_generic": "email",
                              "email_valid": "email"}.get(name, name)) or name
        if name.casefold() in excluded_names or header_key(source) in excluded_keys:
            left_out[name] = "left out as asked"
            continue
        features.append(_feature(name, kind, FIELD_DIMENSION.get(name, "behavioral"), source, False, values,
                                 frame))
    for name in mapping.fields:
        if name in fit.exclude_fields:
            left_out[name] = "written after the lead arrived (by sales or an older score): describes the outcome"
    for name, header in custom.items():
        if name in config.scoring.fields and header not in frame.columns:
            continue
        if name.casefold() in excluded_names or header_key(header) in excluded_keys:
            left_out[name] = "left out as asked"
            continue
        column = fields.column(name)
        if column is None:
            continue
        kind, why = _classify_column(frame[column_name(frame, header)])
        if kind is None:
            left_out[name] = why
            continue
        dimension = _custom_dimension(header, fit.dimension_words)
        features.append(_feature(name, kind, dimension, header, True, fields.get(name), frame))
    for feature in features:
        if feature.name in dimensions:
            feature.dimension = dimensions[feature.name]
    used = {f.name for f in features}
    return FeatureSet(features, {n: h for n, h in custom.items() if n in used}, left_out), work


def column_name(frame: pd.DataFrame, header: str) -> str:
    return header if header in frame.columns else next(c for c in frame.columns if header_key(str(c)) == header_key(header))


def _feature(name: str, kind: str, dimension: str, source: str, custom: bool, values, frame: pd.DataFrame
             ) -> Feature:
    column = values.column
    present = column.rows(np.asarray(values.present, dtype=bool))
    feature = Feature(name, kind, dimension, source, custom, present)
    if kind == "number":
        feature.number = column.rows(np.asarray(values.number, dtype=float))
    elif kind == "truth":
        feature.truth = column.rows(np.asarray(values.truth, dtype=np.int8))
    elif kind == "category":
        slot_keys = np.asarray(values.compare, dtype=object)
        slot_shown = np.asarray(column.slots, dtype=object) if values.shown is None else values.shown
        if name == "country":
            slot_shown = np.array([None if k is None else str(k).upper() for k in slot_keys], dtype=object)
        if name == "industry":  # the NAICS sector code where the industry maps to one; else the text as written
            code = np.asarray(values.code, dtype=object)
            mapped = pd.notna(code)
            slot_keys = np.where(mapped, code, slot_keys)
            slot_shown = np.where(mapped, code, slot_shown)
            feature.notes = {str(c): str(n) for c, n in zip(code[mapped], values.sector_name[mapped])}
        keys = np.where(present, column.rows(slot_keys), None)
        feature.key = keys
        feature.display = _most_common_spelling(keys, pd.Series(column.rows(slot_shown), dtype=object))
    return feature

"""Columns by content, not only by name (SPEC contract 9: a header match is confirmed by the values).

A column whose header names a field is trusted only when its values look like that field: dates
parse, emails look like emails, phones have digits, countries resolve, numbers parse, a job title
is not a salutation. The check reads a cheap, deterministic sample: up to :data:`SAMPLE_ROWS`
evenly spaced rows, blanks dropped (the one blank rule, so ``#N/A`` and ``Select`` do not count),
each distinct value judged once; it passes when at least :data:`FIT_SHARE` of the sampled cells fit.

A column that fails is left unmapped with a note (``mapping.notes``), or goes to the field its
values fit when the schema names one (:data:`ALTERNATIVES`): ``Last Activity`` holding "Email
Opened" becomes ``last_activity_type``; a ``Title`` of Mr./Mrs./Dr. becomes ``salutation``. A
column named with ``--map`` or ``[columns]`` is used as asked, with a note when its values disagree.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa

from revops_cli.normalize.blank import is_blank
from revops_cli.normalize.country import normalize_country
from revops_cli.normalize.names import is_salutation
from revops_cli.normalize.numbers import normalize_revenue
from revops_cli.normalize.timestamps import FLAG_UNPARSABLE, normalize_timestamp_column

#: A name match holds when at least this share of the sampled non-blank cells fit the field.
FIT_SHARE = 0.5
#: At most this many rows (evenly spaced, so a sorted export is read from end to end) are sampled ...
SAMPLE_ROWS = 5_000
#: ... and of their distinct values at most this many (the most frequent) are judged.
SAMPLE_DISTINCT = 300

_DATE_FIELDS = ("created_at", "assigned_at", "status_changed_at", "last_activity_at")
_ENGAGEMENT_COUNTS = ("page_views", "form_fills", "email_opens", "email_clicks", "content_downloads",
                      "events_attended")

#: What the values of a field must look like, per export kind (fields not listed are free text).
KINDS: dict[str, dict[str, str]] = {
    "leads": {
        "email": "email", "phone": "phone", "mobile_phone": "phone", "country": "country",
        **{f: "date" for f in _DATE_FIELDS}, "employees": "number", "annual_revenue": "number", "score": "number",
        **{f: "number" for f in _ENGAGEMENT_COUNTS},
        "title": "job_title", "salutation": "salutation", "last_activity_type": "not_date", "full_name": "full_name",
    },
    "funnel": {f: "date" for f in ("lead_at", "mql_at", "sql_at", "opportunity_at", "customer_at")},
    "accounts": {"phone": "phone", "country": "country", "employees": "number", "annual_revenue": "number"},
    "activities": {"email": "email", "timestamp": "date"},
    "opportunities": {
        "email": "email", "amount": "number", "probability": "number", "discount": "number",
        "close_date": "date", "created_at": "date", "stage_entered_at": "date",
    },
    "stage_history": {"changed_at": "date"},
    "reps": {"email": "email", "weight": "number", "capacity": "number", "load": "number"},
    "campaigns": {
        "start_date": "date", "end_date": "date",
        **{f: "number" for f in ("budget", "actual_cost", "media_cost", "creative_cost", "tools_cost", "labor_cost",
                                 "contacts", "leads", "sent", "delivered", "opens", "clicks", "conversions",
                                 "bounces", "unsubscribes", "spam_score")},
    },
    "events": {"start_date": "date", "end_date": "date", "assigned_at": "date", "leads_captured": "number",
               "meetings": "number", "pipeline": "number"},
    "handoffs": {"close_date": "date", "first_value_date": "date", "csat": "number", "nps": "number"},
}

#: (schema, field) -> the field a column named for it goes to when its values fit that one instead.
ALTERNATIVES: dict[tuple[str, str], str] = {
    ("leads", "last_activity_at"): "last_activity_type",
    ("leads", "last_activity_type"): "last_activity_at",
    ("leads", "title"): "salutation",
    ("leads", "salutation"): "title",
    ("leads", "full_name"): "first_name",
}

#: (schema, field) -> a field that must also have been found by name for the check to run: a one-word
#: "Name" beside a "Last Name" column is the first name (Bitrix24's NAME, Russian "Имя"), but alone it is
#: the whole name of someone known by one.
ONLY_WITH: dict[tuple[str, str], str] = {("leads", "full_name"): "last_name"}

_NOUNS = {
    "date": "dates", "email": "email addresses", "phone": "phone numbers", "country": "countries",
    "number": "numbers", "job_title": "job titles", "salutation": "salutations", "not_date": "labels (not dates)",
    "full_name": "full names (two words or more)",
}

_EMAIL = re.compile(r"[^\s@<>\"',;:]+@[^\s@<>\"',;:]+\.[^\W\d_]{2,}", re.UNICODE)
_PHONE_EXTENSION = re.compile(r"(?i)\s*(?:ext\.?|extension|x|#|;ext=)\s*\d+\s*$")
_PHONE_WORDS = re.compile(r"(?i)\b(?:tel|phone|mobile|cell|fax|work|home|direct|main|office)\b\.?:?")
_PLAIN_NUMBER = re.compile(r"^\s*[+-]?\d+(?:[.,]\d+)?\s*$")


@dataclass(frozen=True)
class Verdict:
    """What a sample of one column showed for one kind of value."""

    kind: str
    fit: int  # sampled non-blank cells whose value fits
    total: int  # sampled non-blank cells
    misfits: tuple[str, ...]  # a few values that do not fit, most frequent first

    @property
    def passed(self) -> bool:
        return self.total == 0 or self.fit >= FIT_SHARE * self.total

    def text(self) -> str:
        if self.total == 0:
            return "no values to check"
        shown = f" (e.g. {', '.join(repr(v) for v in self.misfits)})" if self.misfits and not self.passed else ""
        return f"{self.fit:,} of {self.total:,} sampled values are {_NOUNS[self.kind]}{shown}"


def sample_stride(rows: int) -> int:
    """Every how many rows the sample reads one: the smallest power of two that keeps it to :data:`SAMPLE_ROWS`.

    A power of two so a file read in batches can be sampled without knowing its length: keep every
    row, halve what is kept (every second of them) whenever it doubles, and the rows left are the
    same as a whole-file read picks (:class:`ColumnSampler`).
    """
    stride = 1
    while -(-rows // stride) > SAMPLE_ROWS:
        stride *= 2
    return stride


def sampled_cells(values: pd.Series) -> pd.Series:
    """The non-blank cells of a column that detection reads: evenly spaced rows, or for a column blank
    in all of them, its first :data:`SAMPLE_ROWS` non-blank cells."""
    n = len(values)
    if n > SAMPLE_ROWS:
        sample = _take(values, np.arange(0, n, sample_stride(n)))
    else:
        sample = values
    sample = sample[~is_blank(sample).to_numpy(dtype=bool)]
    if sample.empty and n > SAMPLE_ROWS:  # a sparse column: read the rows that have a value
        sample = values[~is_blank(values).to_numpy(dtype=bool)].head(SAMPLE_ROWS)
    return sample


def sample_values(values: pd.Series) -> pd.Series:
    """Distinct non-blank values of a column with how many sampled rows hold each, most frequent first."""
    counts = sampled_cells(values).astype(object).value_counts(sort=True, dropna=True)
    return counts.head(SAMPLE_DISTINCT)


class ColumnSampler:
    """The cells :func:`sample_values` reads of every column, gathered from a file read batch by batch.

    :meth:`add` takes each batch (Arrow text columns, the file's rows from ``offset`` on) and keeps
    the rows at multiples of the current stride (doubling it as the rows pile up, see
    :func:`sample_stride`) and, per column, the first :data:`SAMPLE_ROWS` non-blank cells (the
    sparse-column fallback). :meth:`frame` then builds a small frame whose columns give
    :func:`sample_values` exactly what it reads of the whole file's columns, so detection decides
    the same on a file streamed and a file read whole. ``to_frame`` turns Arrow text into the
    reader's text frame.
    """

    def __init__(self, names: list[str], to_frame: Callable[[pa.Table], pd.DataFrame]) -> None:
        self.names = names
        self.to_frame = to_frame
        self.stride = 1
        self.positions: list[np.ndarray] = []
        self.rows: list[pa.Table] = []
        self.kept = 0
        self.filled: dict[str, list[tuple[np.ndarray, pd.Series]]] = {name: [] for name in names}
        self.filled_count = dict.fromkeys(names, 0)

    def add(self, offset: int, table: pa.Table) -> None:
        count = table.num_rows
        local = np.arange((-offset) % self.stride, count, self.stride)
        self.positions.append(local + offset)
        self.rows.append(table.take(pa.array(local)))
        self.kept += len(local)
        while self.kept > 2 * SAMPLE_ROWS:
            self.stride *= 2
            keep = [(p % self.stride == 0) for p in self.positions]
            self.rows = [rows.filter(pa.array(mask)) for rows, mask in zip(self.rows, keep)]
            self.positions = [p[mask] for p, mask in zip(self.positions, keep)]
            self.kept = sum(len(p) for p in self.positions)
        for position, name in enumerate(self.names):
            wanted = SAMPLE_ROWS - self.filled_count[name]
            if wanted <= 0:
                continue
            values = self.to_frame(table.select([position]).rename_columns([name]))[name]
            filled = np.flatnonzero(~is_blank(values).to_numpy(dtype=bool))[:wanted]
            if len(filled):
                self.filled[name].append((filled + offset, values.iloc[filled].reset_index(drop=True)))
                self.filled_count[name] += len(filled)

    def frame(self, rows: int) -> pd.DataFrame:
        """What detection reads of a file of ``rows`` data rows (rows after them, a footer, left out)."""
        stride = sample_stride(rows)
        positions = np.concatenate(self.positions) if self.positions else np.array([], dtype=np.int64)
        taken = pa.concat_tables(self.rows) if self.rows else None
        keep = (positions < rows) & (positions % stride == 0)
        sampled = self.to_frame(taken.filter(pa.array(keep))) if taken is not None else pd.DataFrame(columns=self.names)
        sampled.columns = self.names
        columns = {}
        for name in self.names:
            values = sampled[name]
            if rows > SAMPLE_ROWS and is_blank(values).all():  # sample_values' sparse-column fallback
                parts = [cells[where < rows] for where, cells in self.filled[name] if (where < rows).any()]
                values = pd.concat(parts, ignore_index=True).head(SAMPLE_ROWS) if parts else values.iloc[:0]
            columns[name] = values.reset_index(drop=True)
        length = max((len(v) for v in columns.values()), default=0)
        return pd.DataFrame({name: v.reindex(range(length)) for name, v in columns.items()})


def _take(values: pd.Series, positions: np.ndarray) -> pd.Series:
    """``values.iloc[positions]`` (sorted positions), chunk by chunk for an Arrow column: pyarrow's take on a
    many-chunk column joins the chunks first, which costs more than reading the whole file's column."""
    if isinstance(values.array, pd.arrays.ArrowStringArray) or hasattr(values.array, "__arrow_array__"):
        try:
            chunked = values.array.__arrow_array__()
        except (TypeError, AttributeError):
            chunked = None
        if isinstance(chunked, pa.ChunkedArray) and chunked.num_chunks > 1:
            parts, start = [], 0
            for chunk in chunked.chunks:
                stop = start + len(chunk)
                inside = positions[(positions >= start) & (positions < stop)] - start
                if len(inside):
                    parts.append(chunk.take(pa.array(inside)))
                start = stop
            taken = pa.chunked_array(parts, type=chunked.type) if parts else pa.chunked_array([], type=chunked.type)
            return pd.Series(pd.array(taken.to_pylist(), dtype=object), index=values.index[positions], dtype=object)
    return values.iloc[positions]


def judge(values: pd.Series, kind: str) -> Verdict:
    """How well a column's values fit ``kind`` (one of :data:`_NOUNS`)."""
    counts = sample_values(values)
    if counts.empty:
        return Verdict(kind, 0, 0, ())
    distinct = pd.Series(counts.index, dtype=object)
    fits = _CHECKS[kind](distinct)
    weights = counts.to_numpy()
    misfits = tuple(str(v)[:40] for v in distinct[~fits].head(3))
    return Verdict(kind, int(weights[fits].sum()), int(weights.sum()), misfits)


def _is_typed_date(value: object) -> bool:
    return isinstance(value, (dt.date, np.datetime64)) and not pd.isna(value)


def _dates(values: pd.Series) -> np.ndarray:
    typed = values.map(_is_typed_date).to_numpy(dtype=bool)
    numeric = values.map(lambda v: isinstance(v, (int, float, np.number)) and not isinstance(v, bool)).to_numpy(dtype=bool)
    text = values.map(lambda v: v if isinstance(v, str) else str(v))
    plain = text.str.match(_PLAIN_NUMBER).fillna(False).to_numpy(dtype=bool) | numeric
    flags = normalize_timestamp_column(text.where(~plain, None), timezone="UTC")["flag"]
    ok = (flags.to_numpy(dtype=object) != FLAG_UNPARSABLE) & ~plain  # an ambiguous date (3/4/2026) is a date
    # a bare number is a date only as an Excel serial day (1954-2119); a count or a score is not
    serial = pd.to_numeric(text.where(plain).str.replace(",", ".", regex=False), errors="coerce")
    ok |= serial.between(20_000, 80_000).fillna(False).to_numpy(dtype=bool)
    return typed | ok


def _emails(values: pd.Series) -> np.ndarray:
    return values.map(lambda v: isinstance(v, str) and _EMAIL.search(v) is not None).to_numpy(dtype=bool)


def _phone(value: object) -> bool:
    if isinstance(value, (int, float, np.number)) and not isinstance(value, bool):
        return not pd.isna(value) and abs(value) >= 10_000
    if not isinstance(value, str):
        return False
    text = _PHONE_WORDS.sub(" ", _PHONE_EXTENSION.sub("", value))
    digits = sum(c.isdecimal() for c in text)
    letters = sum(c.isalpha() for c in text)
    return digits >= 5 and letters <= 1


def _phones(values: pd.Series) -> np.ndarray:
    return values.map(_phone).to_numpy(dtype=bool)


def _countries(values: pd.Series) -> np.ndarray:
    return values.map(lambda v: normalize_country(v)[1] is None).to_numpy(dtype=bool)


def _number(value: object) -> bool:
    if isinstance(value, (int, float, np.number)) and not isinstance(value, bool):
        return not pd.isna(value)
    if not isinstance(value, str):
        return False
    text = value.strip().rstrip("%").strip()
    flag = normalize_revenue(text)[1]
    return flag is None or not str(flag).endswith("not a number")


def _numbers(values: pd.Series) -> np.ndarray:
    return values.map(_number).to_numpy(dtype=bool)


def _salutations(values: pd.Series) -> np.ndarray:
    return values.map(is_salutation).to_numpy(dtype=bool)


def _full_names(values: pd.Series) -> np.ndarray:
    return values.map(lambda v: isinstance(v, str) and len(re.findall(r"[^\W\d_]+", v)) >= 2).to_numpy(dtype=bool)


_CHECKS: dict[str, Callable[[pd.Series], np.ndarray]] = {
    "date": _dates, "email": _emails, "phone": _phones, "country": _countries, "number": _numbers,
    "salutation": _salutations, "job_title": lambda v: ~_salutations(v), "not_date": lambda v: ~_dates(v),
    "full_name": _full_names,
}


@dataclass(frozen=True)
class Rejection:
    """A column whose name claimed ``field`` but whose values did not fit; ``moved_to`` the field they fit."""

    field: str
    verdict: Verdict
    moved_to: str | None = None


Candidates = dict[str, list[tuple[int, int, str, str]]]


def confirm_by_content(
    frame: pd.DataFrame,
    schema: str,
    candidates: Candidates,
    forced: Mapping[str, tuple[str | None, str]],
    original: Mapping[str, str],
) -> tuple[Candidates, dict[str, Rejection], dict[str, Verdict], dict[str, str]]:
    """Check each name match against its values.

    Returns the candidates that hold (plus columns moved to the field their values fit), the
    rejected columns, the verdict of every checked column (by column), and a note per forced
    column whose values disagree with what ``--map``/``[columns]`` named it.
    """
    kinds = KINDS.get(schema, {})
    cache: dict[tuple[str, str], Verdict] = {}

    def verdict(column: str, kind: str) -> Verdict:
        key = (column, kind)
        if key not in cache:
            cache[key] = judge(frame[column], kind)
        return cache[key]

    named = set(candidates) | {f for f, (c, _) in forced.items() if c}
    kept: Candidates = {}
    moved: Candidates = {}
    rejected: dict[str, Rejection] = {}
    checked: dict[str, Verdict] = {}
    for canonical, found in candidates.items():
        kind = kinds.get(canonical)
        needs = ONLY_WITH.get((schema, canonical))
        if kind is None or (needs is not None and needs not in named) or canonical in forced:
            kept[canonical] = list(found)
            continue
        for entry in found:
            column = entry[2]
            result = verdict(column, kind)
            if result.passed:
                kept.setdefault(canonical, []).append(entry)
                checked[column] = result
                continue
            alternative = ALTERNATIVES.get((schema, canonical))
            if alternative is not None and alternative not in forced and alternative in _schema_fields(schema):
                alt_kind = kinds.get(alternative)
                if alt_kind is None or verdict(column, alt_kind).passed:
                    moved.setdefault(alternative, []).append((2000 + entry[0], entry[1], column, "content"))
                    rejected[column] = Rejection(canonical, result, alternative)
                    if alt_kind is not None:
                        checked[column] = verdict(column, alt_kind)
                    continue
            rejected[column] = Rejection(canonical, result)
    for canonical, entries in moved.items():
        kept.setdefault(canonical, []).extend(entries)

    forced_notes: dict[str, str] = {}
    for canonical, (column, how) in forced.items():
        kind = kinds.get(canonical)
        if column is None or kind is None:
            continue
        result = verdict(column, kind)
        checked[column] = result
        if not result.passed:
            forced_notes[column] = (f"{original.get(column, column)!r} is {canonical} because {how} says so, but only "
                                    f"{result.text()}.")
    return kept, rejected, checked, forced_notes


def _schema_fields(schema: str) -> Mapping[str, object]:
    from revops_cli.columns.schemas import SCHEMAS

    return SCHEMAS[schema]

"""Lead scoring's points rules over field values (Lead Management SOP, 3. Lead Scoring).

Each source column is factorised once (:class:`_Column`); the values rules on
a field compare against (:class:`_FieldValues`: canonical, derived from the
title or email, country as ISO2, industry as NAICS) are built once per
scoring call (:class:`_Fields`); :func:`_slot_mask` evaluates one rule on the
distinct values, and :func:`_ladder_points` one dimension's ladders. See
:mod:`revops_cli.core.leads.scoring` for the rules' meaning.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cached_property

import numpy as np
import pandas as pd

from revops_cli.columns import ColumnMapping, header_key
from revops_cli.config import RevopsConfig, ScoreDimension
from revops_cli.core.leads.clean import classify_emails
from revops_cli.core.leads.scoring.reasons import _Piece
from revops_cli.normalize.booleans import FALSE_WORDS, TRUE_WORDS
from revops_cli.normalize.company import company_key_column
from revops_cli.normalize.country import normalize_country_column
from revops_cli.normalize.distinct import is_blank
from revops_cli.normalize.industry import normalize_industry_column, sector_for_code
from revops_cli.normalize.numbers import (
    normalize_employees_column,
    normalize_revenue_column,
)
from revops_cli.normalize.score_rules import PointsRule, parse_rule
from revops_cli.normalize.state import normalize_state_column
from revops_cli.normalize.timestamps import DateColumnEvidence, normalize_timestamp_column
from revops_cli.normalize.title import normalize_title_column

#: Fields compared as booleans when a rule's values are true/false words.
BOOLEAN_FIELDS = frozenset(
    {"email_generic", "email_valid", "target_account", "consent", "unsubscribed", "bounced", "demo_requested"}
)
# Derived fields and the column each is derived from.
_SOURCE_FIELD = {
    "seniority": "title", "function": "title", "email_generic": "email", "email_valid": "email",
    "target_account": "company",
}

_HOUR_NS = 3_600 * 1_000_000_000
_SPACES = re.compile(r"\s+")


def _fold(text: str) -> str:
    return _SPACES.sub(" ", str(text)).strip().casefold()


def _fold_all(values: Iterable[object]) -> np.ndarray:
    """:func:`_fold` over a column of normaliser output; missing stays None."""
    return np.array([None if v is None or v is pd.NA or v != v else _fold(v) for v in values], dtype=object)


class _Column:
    """One file column, factorised: ``slots`` are its distinct values plus a last slot for blank.

    Per-slot arrays are broadcast to rows with ``array[codes]`` (code -1 is the last slot).
    """

    def __init__(self, values: pd.Series, config: RevopsConfig, date_evidence: DateColumnEvidence | None = None) -> None:
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
        self.codes = np.asarray(codes, dtype=np.intp)
        slots = np.empty(len(uniques) + 1, dtype=object)
        slots[:-1] = np.asarray(uniques, dtype=object)
        slots[-1] = None
        self.slots = pd.Series(slots, dtype=object).astype("str")
        self.config = config
        self.date_evidence = date_evidence  # the whole column's, when this is a batch of it

    def rows(self, per_slot: np.ndarray) -> np.ndarray:
        return per_slot[self.codes]

    @cached_property
    def blank(self) -> np.ndarray:
        return is_blank(self.slots).to_numpy(dtype=bool)

    @cached_property
    def folded(self) -> np.ndarray:
        text = self.slots.str.replace(_SPACES, " ", regex=True).str.strip().str.casefold()
        return text.astype(object).where(~self.blank, None).to_numpy(dtype=object)

    def number(self, kind: str) -> np.ndarray:
        """Per slot: ``employees`` (ranges as midpoints), ``revenue`` (money: $2.5M) or ``plain`` (any
        number, negative ones too: -36.4, 1,532; else read as money)."""
        if kind == "employees":
            return normalize_employees_column(self.slots)["revops_employees"].to_numpy(dtype=float)
        money = normalize_revenue_column(self.slots)["revops_annual_revenue"].to_numpy(dtype=float)
        if kind != "plain":
            return money
        text = self.slots.str.replace(",", "", regex=False).str.strip()
        plain = pd.to_numeric(text.where(~self.blank), errors="coerce").to_numpy(dtype=float)
        return np.where(np.isnan(plain), money, plain)

    @cached_property
    def instant_ns(self) -> np.ndarray:
        """UTC instant in ns as float (NaN when blank or unparsable); no offset = config timezone."""
        parsed = normalize_timestamp_column(self.slots, timezone=self.config.general.timezone,
                                            evidence=self.date_evidence)["revops_parsed"]
        index = pd.DatetimeIndex(parsed).as_unit("ns")
        out = index.asi8.astype(float)
        out[index.isna()] = np.nan
        return out

    @cached_property
    def truth(self) -> np.ndarray:
        """1 true, 0 false, -1 blank; other text (a bounce reason, a date) counts as true."""
        folded = pd.Series(self.folded, dtype=object)
        out = np.where(folded.isin(FALSE_WORDS).to_numpy(), 0, 1).astype(np.int8)
        out[self.blank] = -1
        return out


class _FieldValues:
    """What rules on one field compare against, per slot of its source column."""

    def __init__(self, name: str, column: _Column, *, present: np.ndarray | None = None,
                 compare: np.ndarray | None = None, truth: np.ndarray | None = None,
                 number_kind: str = "revenue", shown: np.ndarray | None = None) -> None:
        self.name = name
        self.column = column
        #: per slot, the value as a rule would name it (the derived seniority "VP"); None: as written
        self.shown = shown
        self.present = ~column.blank if present is None else present
        self._compare = compare
        self._truth = truth
        self.number_kind = number_kind
        self.boolean = name in BOOLEAN_FIELDS

    @property
    def compare(self) -> np.ndarray:
        return self.column.folded if self._compare is None else self._compare

    @property
    def truth(self) -> np.ndarray:
        return self.column.truth if self._truth is None else self._truth

    @cached_property
    def number(self) -> np.ndarray:
        return self.column.number(self.number_kind)

    def matches(self, values: Sequence[str]) -> np.ndarray:
        """Slots equal (case-insensitively) to one of the rule's values."""
        keys = {_fold(v) for v in values}
        return pd.Series(self.compare, dtype=object).isin(keys).to_numpy(dtype=bool) & self.present


class _CountryValues(_FieldValues):
    """Country as ISO2; a rule's values go through the same normaliser ("United States" -> US)."""

    def __init__(self, column: _Column, aliases) -> None:
        self.aliases = aliases
        codes = normalize_country_column(column.slots, extra_aliases=aliases)["value"]
        compare = _fold_all(codes)
        super().__init__("country", column, compare=compare)

    def matches(self, values: Sequence[str]) -> np.ndarray:
        codes = normalize_country_column(pd.Series(list(values), dtype="str"), extra_aliases=self.aliases)["value"]
        return super().matches([v for v in codes if isinstance(v, str)])


class _IndustryValues(_FieldValues):
    """Industry: NAICS sector code, sector name or the text as written."""

    def __init__(self, column: _Column, industry_map) -> None:
        result = normalize_industry_column(column.slots, extra_map=industry_map)
        self.code = result["revops_naics_code"].to_numpy(dtype=object)
        self.sector_name = result["revops_naics_sector"].to_numpy(dtype=object)
        self.sector = _fold_all(result["revops_naics_sector"])
        super().__init__("industry", column)

    def matches(self, values: Sequence[str]) -> np.ndarray:
        keys = {_fold(v).replace("–", "-") for v in values}
        codes = set(keys)
        for key in keys:
            if re.fullmatch(r"\d{2}", key) and sector_for_code(key):
                codes.add(sector_for_code(key))  # "31" is part of "31-33"
        hit = (pd.Series(self.code, dtype=object).isin(codes).to_numpy(dtype=bool)
               | pd.Series(self.sector, dtype=object).isin(keys).to_numpy(dtype=bool)
               | pd.Series(self.column.folded, dtype=object).isin(keys).to_numpy(dtype=bool))
        return hit & self.present


class _Fields:
    """Builds each field's values once per scoring call; source columns are factorised once."""

    def __init__(self, frame: pd.DataFrame, mapping: ColumnMapping, config: RevopsConfig,
                 target_keys: frozenset[str]) -> None:
        self.frame = frame
        self.mapping = mapping
        self.config = config
        self.target_keys = target_keys
        self._columns: dict[str, _Column] = {}
        self._fields: dict[str, _FieldValues | None] = {}
        self._title: pd.DataFrame | None = None

    def column(self, canonical: str) -> _Column | None:
        name = self.mapping.get(canonical)
        if name is None and canonical in self.config.scoring.fields:
            name = _find_header(self.frame.columns, self.config.scoring.fields[canonical])
        if name is None or name not in self.frame.columns:
            return None
        if name not in self._columns:
            self._columns[name] = _Column(self._source(canonical, name), self.config,
                                          self.mapping.date_evidence.get(name))
        return self._columns[name]

    def _source(self, canonical: str, name: str) -> pd.Series:
        """The values rules on ``canonical`` read: a mobile number counts as a phone (as in enrich-flag),
        and states are compared as ISO 3166-2 codes ("California" and "calif." are CA)."""
        values = self.frame[name]
        if canonical == "phone" and self.mapping.get("mobile_phone") in self.frame.columns:
            return values.where(~is_blank(values), self.frame[self.mapping.get("mobile_phone")])
        if canonical == "state":
            country = self.mapping.get("country")
            countries = None
            if country in self.frame.columns:
                countries = normalize_country_column(self.frame[country],
                                                     extra_aliases=self.config.clean.country_aliases)["value"]
            codes = normalize_state_column(values, countries, self.config.clean.infer_country_from)["value"]
            return codes.where(~is_blank(values), values)
        return values

    def get(self, name: str) -> _FieldValues | None:
        if name not in self._fields:
            self._fields[name] = self._build(name)
        return self._fields[name]

    def _build(self, name: str) -> _FieldValues | None:
        column = self.column(_SOURCE_FIELD.get(name, name))
        if column is None:
            return None
        config = self.config
        if name in ("seniority", "function"):
            if self._title is None:
                rules = [r.model_dump() if hasattr(r, "model_dump") else dict(r) for r in config.clean.title_rules]
                self._title = normalize_title_column(column.slots, extra_rules=rules)
            derived = self._title[f"revops_{name}"]
            compare = _fold_all(derived)
            return _FieldValues(name, column, present=derived.notna().to_numpy(dtype=bool), compare=compare,
                                shown=derived.to_numpy(dtype=object))
        if name in ("email_valid", "email_generic"):
            emails = classify_emails(column.slots, config)
            valid = emails["revops_email_valid"]
            if name == "email_valid":
                truth = np.where(valid.eq(True).to_numpy(dtype=bool), 1, 0)
            else:
                truth = np.where(emails["revops_email_generic"].eq(True).to_numpy(dtype=bool), 1, 0)
                truth = np.where(valid.eq(True).to_numpy(dtype=bool), truth, -1)  # unknown for a bad address
            truth = np.where(column.blank, -1, truth).astype(np.int8)
            return _FieldValues(name, column, truth=truth)
        if name == "target_account":
            keys = company_key_column(column.slots)
            truth = np.where(keys.isin(self.target_keys).to_numpy(dtype=bool), 1, 0)
            truth = np.where(keys.isna().to_numpy(dtype=bool), -1, truth).astype(np.int8)
            return _FieldValues(name, column, present=keys.notna().to_numpy(dtype=bool), truth=truth)
        if name == "country":
            return _CountryValues(column, config.clean.country_aliases)
        if name == "industry":
            return _IndustryValues(column, config.clean.industry_map)
        kind = {"employees": "employees", "annual_revenue": "revenue"}.get(name, "plain")
        return _FieldValues(name, column, number_kind=kind)


def _find_header(columns: Iterable[str], header: str) -> str | None:
    """The frame column a ``[scoring.fields]`` header names: its exact name, else the one column whose
    header key (case, spaces and punctuation ignored) is the same."""
    columns = [str(c) for c in columns]
    if header in columns:
        return header
    key = header_key(header)
    matches = [c for c in columns if header_key(c) == key]
    return matches[0] if len(matches) == 1 else None


def _slot_mask(rule: PointsRule, values: _FieldValues, now_ns: float) -> np.ndarray:
    """Per slot: does the rule hold? Blank values match only ``missing``."""
    op = rule.op
    if op == "present":
        return values.present.copy()
    if op == "missing":
        return ~values.present
    if op == "within":
        instant = values.column.instant_ns
        with np.errstate(invalid="ignore"):
            return instant >= now_ns - rule.hours * _HOUR_NS  # future-dated counts as within
    if rule.low is not None or rule.high is not None:
        number = values.number
        hit = ~np.isnan(number)
        with np.errstate(invalid="ignore"):
            if rule.low is not None:
                hit &= (number >= rule.low) if rule.inclusive_low else (number > rule.low)
            if rule.high is not None:
                hit &= (number <= rule.high) if rule.inclusive_high else (number < rule.high)
        return hit
    negate = op in ("!=", "not in")
    folded = [_fold(v) for v in rule.values]
    if values.boolean and all(v in TRUE_WORDS or v in FALSE_WORDS for v in folded):
        wanted = {1 if v in TRUE_WORDS else 0 for v in folded}
        truth = values.truth
        if negate:
            wanted = {0, 1} - wanted
        return np.isin(truth, list(wanted))
    hit = values.matches(rule.values)
    return (values.present & ~hit) if negate else hit


def _parsed_rules(dimension: ScoreDimension) -> dict[str, list[tuple[PointsRule, int]]]:
    """Rules grouped by field (ladders), fields and rules in the order written."""
    ladders: dict[str, list[tuple[PointsRule, int]]] = {}
    for text, points in dimension.points.items():
        rule = parse_rule(text)
        ladders.setdefault(rule.field, []).append((rule, int(points)))
    return ladders


def _ladder_points(fields: _Fields, dimension: ScoreDimension, n: int, now_ns: float, explain: bool
                   ) -> tuple[np.ndarray, list[_Piece], list[str]]:
    """(points per lead, reason pieces, rules without a column) of one dimension's points rules.

    On each field's ladder the first rule a lead matches gives its points; later rules on that field give none.
    """
    raw = np.zeros(n, dtype=float)
    pieces: list[_Piece] = []
    without_column: list[str] = []
    for field_name, ladder in _parsed_rules(dimension).items():
        values = fields.get(field_name)
        if values is None:
            without_column.extend(rule.text for rule, _ in ladder)
            continue
        slots = len(values.present)
        slot_points = np.zeros(slots, dtype=np.int64)
        slot_label = np.full(slots, -1, dtype=np.int64)
        taken = np.zeros(slots, dtype=bool)
        labels: list[str] = []
        for rule, points in ladder:
            hit = _slot_mask(rule, values, now_ns) & ~taken
            taken |= hit
            if points == 0:  # a 0-point rung still stops the ladder, but says nothing
                continue
            slot_points[hit] = points
            slot_label[hit] = len(labels)
            labels.append(f"{points:+d} {rule.text}")
        raw += values.column.rows(slot_points)
        if explain:
            pieces.append(_Piece(values.column.rows(slot_label), labels))
    return raw, pieces, without_column

"""Lead scoring: Lead Management SOP, 3. Lead Scoring, and its "score accuracy" check.

"Calculate demographic score (0-30 points)", "firmographic score (0-30
points)" and "behavioral score (0-40 points)"; total 0-100; bands "80+ = Hot,
60-79 = Warm, 40-59 = Qualified, 20-39 = Early, 0-19 = Cold". Every rule,
cap, event weight and band lives in ``[scoring]`` of the config
(:class:`~revops_cli.config.ScoringConfig`); this module only evaluates them.

How a score is made, so it can be checked:

* Points rules (``"seniority = VP" = 12``; see :mod:`revops_cli.normalize.score_rules`)
  are evaluated per dimension. Rules on one field form a ladder: in the order
  written, the first rule a lead matches gives its points and later rules on
  that field give none. The dimension total is then clipped to 0..max.
* Field values: canonical columns through the column mapping; ``seniority``
  and ``function`` from the title normaliser (with ``clean.title_rules``);
  ``country`` as ISO 3166-1 alpha-2 through the country normaliser (rule
  values too, so ``"country in United States"`` matches ``USA`` and ``US``);
  ``industry`` matches the NAICS sector code (``51``, ``31-33``; ``31`` means
  ``31-33``), the sector name or the industry text as written; ``employees``
  and ``annual_revenue`` are the numbers normaliser's value (a range such as
  ``1,000-5,000`` counts as its midpoint, ``10,000+`` as its lower bound);
  ``email_valid`` / ``email_generic`` from the email classifier (generic is
  only known for a valid address); ``target_account`` compares the company
  match key with ``scoring.target_accounts`` plus the caller's list.
* A blank value matches ``missing`` and nothing else: not ``=``, not ``!=``,
  not a number or time comparison. Boolean fields compare with true/false,
  yes/no, 1/0.
* A rule whose field has no column in the file never fires; it is listed in
  :attr:`ScoreResult.rules_without_column`.
* Behavioural events (``scoring.behavioral.events``): each event gives
  ``points * 0.5 ** (age_days / half_life_days)`` (future-dated events count
  as today), summed per lead and kind, capped at the kind's max. Events come
  from an activities export (:func:`~revops_cli.core.sales.activities.prepare_activities`;
  undated activities are not scored) and from engagement-count columns
  (``Number of Pageviews``...: count x points, decayed by the age of
  ``last_activity_at`` when the file has it). ``demo_requested`` may hold a
  date (one event then), yes/true (one event, decayed by last activity) or a
  count. When both sources give a kind for a lead, the larger counts (they
  describe the same engagement). The behavioural total is rounded once, half
  up, before its cap.

Everything is vectorised: each source column is factorised once, rules are
evaluated on its distinct values and broadcast to the rows.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from revops_cli.columns import ENGAGEMENT_FIELDS, ColumnMapping
from revops_cli.config import RevopsConfig, ScoreDimension
from revops_cli.core.sales.activities import ActivityLink, link_to_leads
from revops_cli.core.leads.clean import classify_emails
from revops_cli.core.metrics import percent
from revops_cli.normalize.company import company_key, company_key_column
from revops_cli.normalize.country import normalize_country_column
from revops_cli.normalize.state import normalize_state_column
from revops_cli.normalize.distinct import is_blank
from revops_cli.normalize.industry import normalize_industry_column, sector_for_code
from revops_cli.normalize.numbers import normalize_employees_column, normalize_revenue_column
from revops_cli.normalize.timestamps import normalize_timestamp_column
from revops_cli.normalize.title import normalize_title_column
from revops_cli.normalize.score_rules import PointsRule, parse_rule
from revops_cli.errors import RevopsInputError

DIMENSIONS: tuple[str, ...] = ("demographic", "firmographic", "behavioral")
SCORE_COLUMNS: tuple[str, ...] = (
    "revops_score_demographic", "revops_score_firmographic", "revops_score_behavioral",
    "revops_score", "revops_band", "revops_score_reasons",
)
HISTOGRAM_BINS: tuple[tuple[int, int], ...] = tuple((low, low + 9) for low in range(0, 90, 10)) + ((90, 100),)

TRUE_WORDS = frozenset({"true", "yes", "y", "t", "1", "1.0", "x", "checked", "on"})
FALSE_WORDS = frozenset({"false", "no", "n", "f", "0", "0.0", "unchecked", "off"})
#: Fields compared as booleans when a rule's values are true/false words.
BOOLEAN_FIELDS = frozenset(
    {"email_generic", "email_valid", "target_account", "consent", "unsubscribed", "bounced", "demo_requested"}
)
# Derived fields and the column each is derived from.
_SOURCE_FIELD = {
    "seniority": "title", "function": "title", "email_generic": "email", "email_valid": "email",
    "target_account": "company",
}
#: How an event kind reads in a reason: (one, many).
EVENT_LABELS: dict[str, tuple[str, str]] = {
    "demo_request": ("demo request", "demo requests"),
    "form_fill": ("form fill", "form fills"),
    "event_attended": ("event attended", "events attended"),
    "content_download": ("content download", "content downloads"),
    "email_click": ("email click", "email clicks"),
    "email_open": ("email open", "email opens"),
    "page_view": ("page view", "page views"),
}

_DAY_NS = 86_400 * 1_000_000_000
_HOUR_NS = 3_600 * 1_000_000_000
_SPACES = re.compile(r"\s+")
# Where an event's points came from (reasons): an activity, a count column, a date column.
_FROM_ACTIVITY, _FROM_COUNT, _FROM_DATE = 0, 1, 2


def _fold(text: str) -> str:
    return _SPACES.sub(" ", str(text)).strip().casefold()


def _fold_all(values: Iterable[object]) -> np.ndarray:
    """:func:`_fold` over a column of normaliser output; missing stays None."""
    return np.array([None if v is None or v is pd.NA or v != v else _fold(v) for v in values], dtype=object)


def _round_half_up(values: np.ndarray) -> np.ndarray:
    # the epsilon keeps 2.5 from becoming 2 when it was computed as 2.4999999999999996
    return np.floor(np.asarray(values, dtype=float) + 0.5 + 1e-9).astype(np.int64)


# --------------------------------------------------------------------------
# Field values, per distinct value of their source column
# --------------------------------------------------------------------------


class _Column:
    """One file column, factorised: ``slots`` are its distinct values plus a last slot for blank.

    Per-slot arrays are broadcast to rows with ``array[codes]`` (code -1 is the last slot).
    """

    def __init__(self, values: pd.Series, config: RevopsConfig) -> None:
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
        self.codes = np.asarray(codes, dtype=np.intp)
        slots = np.empty(len(uniques) + 1, dtype=object)
        slots[:-1] = np.asarray(uniques, dtype=object)
        slots[-1] = None
        self.slots = pd.Series(slots, dtype=object).astype("str")
        self.config = config

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
        if kind == "employees":
            return normalize_employees_column(self.slots)["revops_employees"].to_numpy(dtype=float)
        return normalize_revenue_column(self.slots)["revops_annual_revenue"].to_numpy(dtype=float)

    @cached_property
    def instant_ns(self) -> np.ndarray:
        """UTC instant in ns as float (NaN when blank or unparsable); no offset = config timezone."""
        parsed = normalize_timestamp_column(self.slots, timezone=self.config.general.timezone)["revops_parsed"]
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
                 number_kind: str = "revenue") -> None:
        self.name = name
        self.column = column
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
        if name is None or name not in self.frame.columns:
            return None
        if name not in self._columns:
            self._columns[name] = _Column(self._source(canonical, name), self.config)
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
            return _FieldValues(name, column, present=derived.notna().to_numpy(dtype=bool), compare=compare)
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
        return _FieldValues(name, column, number_kind="employees" if name == "employees" else "revenue")


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


# --------------------------------------------------------------------------
# Reasons: short labels per row, joined once per distinct combination
# --------------------------------------------------------------------------


@dataclass
class _Piece:
    """One part of the reasons string: a label code per row (-1: nothing) and the labels."""

    codes: np.ndarray
    labels: list[str]


def _join_pieces(pieces: list[_Piece], n: int) -> np.ndarray:
    """"; "-joined labels per row, built once per distinct combination of codes."""
    pieces = [p for p in pieces if len(p.labels) and (p.codes >= 0).any()]
    out = np.full(n, "", dtype=object)
    if not pieces or n == 0:
        return out
    combined = np.zeros(n, dtype=np.int64)
    for piece in pieces:
        combined = combined * (len(piece.labels) + 1) + (piece.codes + 1)
        combined, _ = pd.factorize(combined)
        combined = combined.astype(np.int64)
    codes, uniques = pd.factorize(combined)
    first = np.full(len(uniques), -1, dtype=np.int64)
    first[codes[::-1]] = np.arange(n - 1, -1, -1)
    texts = []
    for row in first:
        texts.append("; ".join(p.labels[p.codes[row]] for p in pieces if p.codes[row] >= 0))
    return np.array(texts, dtype=object)[codes]


def _ago(days: float) -> str:
    whole = int(math.floor(days)) if days == days else 0
    return "today" if whole <= 0 else "1 day ago" if whole == 1 else f"{whole} days ago"


def _count_text(count: float) -> str:
    return f"{int(count)}" if float(count).is_integer() else f"{count:g}"


def _event_label(kind: str, points: int, count: float, age: float, source: int) -> str:
    one, many = EVENT_LABELS.get(kind, (kind.replace("_", " "), kind.replace("_", " ")))
    if source == _FROM_ACTIVITY or source == _FROM_DATE:
        if count == 1:
            return f"+{points} {one} {_ago(age)}"
        return f"+{points} {many} ×{_count_text(count)}, last {_ago(age)}"
    text = f"+{points} {one}" if count == 1 else f"+{points} {many} ×{_count_text(count)}"
    if age == age and age >= 1:
        text += f", last activity {_ago(age)}"
    return text


def _event_piece(kind: str, points: np.ndarray, count: np.ndarray, age: np.ndarray, source: np.ndarray) -> _Piece:
    shown = _round_half_up(points)
    rows = np.flatnonzero(shown > 0)
    codes = np.full(len(points), -1, dtype=np.int64)
    if not len(rows):
        return _Piece(codes, [])
    ages = np.where(np.isnan(age[rows]), -1, np.floor(np.maximum(age[rows], 0))).astype(np.int64)
    keys = pd.MultiIndex.from_arrays([shown[rows], count[rows], ages, source[rows]])
    local, uniques = keys.factorize()
    codes[rows] = local
    labels = [_event_label(kind, int(p), float(c), float(a) if a >= 0 else float("nan"), int(s))
              for p, c, a, s in uniques]
    return _Piece(codes, labels)


# --------------------------------------------------------------------------
# Behavioural events
# --------------------------------------------------------------------------


@dataclass
class _KindPoints:
    """Per row, for one event kind: capped points, event count, age of the latest (days), source."""

    points: np.ndarray
    count: np.ndarray
    age: np.ndarray
    source: np.ndarray


def _decay(age_days: np.ndarray, half_life: float) -> np.ndarray:
    return np.power(0.5, np.maximum(age_days, 0.0) / half_life)


def _activity_events(link: ActivityLink, n: int, config: RevopsConfig, now_ns: float) -> dict[str, _KindPoints]:
    settings = config.scoring.behavioral
    kinds = list(settings.events)
    frame = link.frame
    if not kinds or frame.empty:
        return {}
    lead = frame["lead_pos"].to_numpy(dtype=np.int64)
    kind_index = pd.Index(kinds).get_indexer(frame["kind"].to_numpy(dtype=object))
    at = pd.DatetimeIndex(frame["at"]).as_unit("ns")
    keep = (lead >= 0) & (lead < n) & (kind_index >= 0) & ~at.isna()
    if not keep.any():
        return {}
    age = np.maximum((now_ns - at.asi8[keep].astype(float)) / _DAY_NS, 0.0)
    kind_index = kind_index[keep]
    base = np.array([settings.events[k].points for k in kinds], dtype=float)[kind_index]
    events = pd.DataFrame({
        "lead": lead[keep], "kind": kind_index, "points": base * _decay(age, settings.half_life_days), "age": age,
    })
    grouped = events.groupby(["kind", "lead"], sort=False).agg(
        points=("points", "sum"), count=("points", "size"), age=("age", "min"))
    out: dict[str, _KindPoints] = {}
    for position, kind in enumerate(kinds):
        if position not in grouped.index.get_level_values(0):
            continue
        part = grouped.xs(position, level="kind")
        rows = part.index.to_numpy(dtype=np.int64)
        kp = _KindPoints(np.zeros(n), np.zeros(n), np.full(n, np.nan), np.full(n, _FROM_ACTIVITY, dtype=np.int8))
        kp.points[rows] = np.minimum(part["points"].to_numpy(dtype=float), settings.events[kind].max)
        kp.count[rows] = part["count"].to_numpy(dtype=float)
        kp.age[rows] = part["age"].to_numpy(dtype=float)
        out[kind] = kp
    return out


def _column_events(fields: _Fields, n: int, config: RevopsConfig, now_ns: float) -> dict[str, _KindPoints]:
    """Engagement-count columns (and demo_requested as date, yes/no or count)."""
    settings = config.scoring.behavioral
    last = fields.column("last_activity_at")
    if last is not None:
        last_age = (now_ns - last.rows(last.instant_ns)) / _DAY_NS
    else:
        last_age = np.full(n, np.nan)
    last_decay = np.where(np.isnan(last_age), 1.0, _decay(np.nan_to_num(last_age), settings.half_life_days))
    out: dict[str, _KindPoints] = {}
    for canonical, kind in ENGAGEMENT_FIELDS.items():
        event = settings.events.get(kind)
        column = fields.column(canonical)
        if event is None or column is None:
            continue
        count_slots = column.number("revenue")
        count_slots = np.where(np.isnan(count_slots) | (count_slots < 0), 0.0, count_slots)
        source_slots = np.full(len(count_slots), _FROM_COUNT, dtype=np.int8)
        dated_slots = np.zeros(len(count_slots), dtype=bool)
        if canonical == "demo_requested":
            dated_slots = ~np.isnan(column.instant_ns)
            yes = column.truth == 1
            plain_number = pd.Series(column.folded, dtype=object).str.fullmatch(r"\d+(\.\d+)?").fillna(False)
            count_slots = np.where(plain_number.to_numpy(dtype=bool), count_slots, np.where(yes, 1.0, 0.0))
            count_slots = np.where(dated_slots, 1.0, count_slots)
            source_slots = np.where(dated_slots, _FROM_DATE, _FROM_COUNT).astype(np.int8)
        count = column.rows(count_slots)
        dated = column.rows(dated_slots)
        if dated.any():
            event_age = np.maximum((now_ns - column.rows(column.instant_ns)) / _DAY_NS, 0.0)
            age = np.where(dated, event_age, last_age)
            decay = np.where(dated, _decay(np.nan_to_num(event_age), settings.half_life_days), last_decay)
        else:
            age, decay = last_age, last_decay
        points = np.minimum(count * event.points * decay, event.max)
        out[kind] = _KindPoints(points, count, np.where(count > 0, age, np.nan), column.rows(source_slots))
    return out


def _merge_events(
    first: dict[str, _KindPoints], second: dict[str, _KindPoints], kinds: Iterable[str]
) -> dict[str, _KindPoints]:
    """Per kind and lead, the larger of the two sources (the same engagement seen twice)."""
    out: dict[str, _KindPoints] = {}
    for kind in kinds:
        a, b = first.get(kind), second.get(kind)
        if a is None or b is None:
            if a is not None or b is not None:
                out[kind] = a if a is not None else b
            continue
        take_b = b.points > a.points
        out[kind] = _KindPoints(
            np.where(take_b, b.points, a.points), np.where(take_b, b.count, a.count),
            np.where(take_b, b.age, a.age), np.where(take_b, b.source, a.source),
        )
    return out


# --------------------------------------------------------------------------
# score_leads
# --------------------------------------------------------------------------


@dataclass
class ScoreResult:
    """What :func:`score_leads` returns: the scored frame and the figures of the run."""

    frame: pd.DataFrame
    band_counts: dict[str, int]
    histogram: list[tuple[int, int, int]]
    rows: int
    mean: float | None
    median: float | None
    rules_without_column: list[str] = field(default_factory=list)
    activities_linked: int | None = None
    activities_unlinked: int | None = None

    def summary(self) -> dict:
        return {
            "rows": self.rows,
            "mean": self.mean,
            "median": self.median,
            "bands": dict(self.band_counts),
            "histogram": [{"low": low, "high": high, "count": count} for low, high, count in self.histogram],
            "rules_without_column": list(self.rules_without_column),
            "activities_linked": self.activities_linked,
            "activities_unlinked": self.activities_unlinked,
        }


def _parsed_rules(dimension: ScoreDimension) -> dict[str, list[tuple[PointsRule, int]]]:
    """Rules grouped by field (ladders), fields and rules in the order written."""
    ladders: dict[str, list[tuple[PointsRule, int]]] = {}
    for text, points in dimension.points.items():
        rule = parse_rule(text)
        ladders.setdefault(rule.field, []).append((rule, int(points)))
    return ladders


def _now_ns(now: pd.Timestamp | str, config: RevopsConfig) -> float:
    stamp = pd.Timestamp(now)
    if stamp.tzinfo is None:
        stamp = stamp.tz_localize(config.general.timezone)
    return float(stamp.tz_convert("UTC").as_unit("ns").value)


def score_leads(
    frame: pd.DataFrame,
    mapping: ColumnMapping,
    config: RevopsConfig,
    *,
    now: pd.Timestamp,
    activities: ActivityLink | None = None,
    explain: bool = False,
    target_accounts: Iterable[str] = (),
) -> ScoreResult:
    """Score every lead per the SOP (see the module docstring) and band it.

    Adds ``revops_score_demographic``, ``revops_score_firmographic``,
    ``revops_score_behavioral``, ``revops_score`` (0-100) and ``revops_band``
    after the original columns (and ``revops_score_reasons`` with
    ``explain``); columns of an earlier run with these names are replaced.
    ``now`` is the moment ages and ``within`` windows count from (a naive
    timestamp is read in ``config.general.timezone``). ``activities`` comes
    from :func:`~revops_cli.core.sales.activities.prepare_activities` on this same
    frame. ``target_accounts`` adds names to ``scoring.target_accounts``.
    """
    scoring = config.scoring
    n = len(frame)
    now_ns = _now_ns(now, config)
    names = [*scoring.target_accounts, *target_accounts]
    target_keys = frozenset(k for k in (company_key(name) for name in names) if k)
    fields = _Fields(frame, mapping, config, target_keys)

    pieces: list[_Piece] = []
    cap_pieces: list[_Piece] = []
    without_column: list[str] = []
    totals: dict[str, np.ndarray] = {}
    for name in DIMENSIONS:
        dimension: ScoreDimension = getattr(scoring, name)
        raw = np.zeros(n, dtype=float)
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
        if name == "behavioral":
            kinds = list(scoring.behavioral.events)
            events = _merge_events(
                _activity_events(activities, n, config, now_ns) if activities is not None else {},
                _column_events(fields, n, config, now_ns), kinds)
            for kind, points in events.items():
                raw += points.points
                if explain:
                    pieces.append(_event_piece(kind, points.points, points.count, points.age, points.source))
            raw_int = _round_half_up(raw)  # rounded once, after every event is added
        else:
            raw_int = raw.astype(np.int64)
        totals[name] = np.clip(raw_int, 0, dimension.max)
        if explain:
            cap = np.where(raw_int > dimension.max, 0, np.where(raw_int < 0, 1, -1))
            cap_pieces.append(_Piece(cap, [f"capped {name} at {dimension.max}", f"floored {name} at 0"]))

    total = totals["demographic"] + totals["firmographic"] + totals["behavioral"]
    band_names = scoring.band_names
    band_code = np.zeros(n, dtype=np.int64)
    for position in range(len(scoring.bands) - 1, -1, -1):  # lowest band first, higher ones overwrite
        band_code[total >= scoring.bands[position].min] = position
    bands = np.array(band_names, dtype=object)[band_code]

    out = frame.drop(columns=[c for c in SCORE_COLUMNS if c in frame.columns])
    index = frame.index
    out["revops_score_demographic"] = pd.Series(totals["demographic"], index=index, dtype=np.int64)
    out["revops_score_firmographic"] = pd.Series(totals["firmographic"], index=index, dtype=np.int64)
    out["revops_score_behavioral"] = pd.Series(totals["behavioral"], index=index, dtype=np.int64)
    out["revops_score"] = pd.Series(total, index=index, dtype=np.int64)
    out["revops_band"] = pd.Series(bands, index=index, dtype=object)
    if explain:
        # "Score 66: +12 seniority = VP; ..." -- led by the total so it reads on its own, and so a
        # spreadsheet never takes a leading "+12" for a formula (the writer would have to guard it).
        joined = pd.Series(_join_pieces(pieces + cap_pieces, n), index=index, dtype=object)
        head = "Score " + pd.Series(total, index=index).astype(str)
        out["revops_score_reasons"] = (head + ": " + joined.fillna("")).where(joined.fillna("").ne(""),
                                                                            head + ": no rule matched")

    counts = np.bincount(band_code, minlength=len(band_names))
    bins = np.bincount(np.minimum(total // 10, 9), minlength=10) if n else np.zeros(10, dtype=np.int64)
    return ScoreResult(
        frame=out,
        band_counts={name: int(counts[i]) for i, name in enumerate(band_names)},
        histogram=[(low, high, int(bins[i])) for i, (low, high) in enumerate(HISTOGRAM_BINS)],
        rows=n,
        mean=round(float(total.mean()), 1) if n else None,
        median=float(np.median(total)) if n else None,
        rules_without_column=without_column,
        activities_linked=activities.linked if activities is not None else None,
        activities_unlinked=activities.unlinked if activities is not None else None,
    )


# --------------------------------------------------------------------------
# calibrate: the SOP's weekly "score accuracy" check
# --------------------------------------------------------------------------


@dataclass
class BandOutcome:
    """One band's leads and what became of them. Both percentages are of the band's leads."""

    band: str
    leads: int
    converted: int
    won: int

    @property
    def conversion_percent(self) -> float | None:
        return percent(self.converted, self.leads)

    @property
    def win_percent(self) -> float | None:
        return percent(self.won, self.leads)

    def to_dict(self) -> dict:
        return {"band": self.band, "leads": self.leads, "converted": self.converted, "won": self.won,
                "conversion_percent": self.conversion_percent, "win_percent": self.win_percent}


@dataclass
class CalibrationResult:
    """What :func:`calibrate` returns: outcomes per band (config order) and whether they fall with the band."""

    bands: list[BandOutcome]
    monotonic: bool
    outcomes: int
    matched_outcomes: int
    unmatched_outcomes: int

    def summary(self) -> dict:
        return {
            "bands": [band.to_dict() for band in self.bands],
            "monotonic": self.monotonic,
            "outcomes": self.outcomes,
            "matched_outcomes": self.matched_outcomes,
            "unmatched_outcomes": self.unmatched_outcomes,
        }


def _stage_key(text: object) -> str:
    return re.sub(r"[^a-z0-9]", "", str(text).casefold())


def calibrate(
    scored: pd.DataFrame,
    lead_mapping: ColumnMapping,
    outcomes: pd.DataFrame,
    outcome_mapping: ColumnMapping,
    config: RevopsConfig,
    *,
    won_stages: Sequence[str] = ("closed won", "won"),
) -> CalibrationResult:
    """Do higher bands convert more? Lead Management SOP, Weekly QA: "score accuracy".

    ``scored`` is a frame with ``revops_band`` (from :func:`score_leads`);
    ``outcomes`` an opportunity export linked to it by ``lead_id`` (Converted
    Lead ID; Salesforce 15/18-character ids match) or else by ``email``. A lead
    is converted when it has an opportunity, won when one of them has a stage in
    ``won_stages`` (case, spaces and punctuation ignored: "Closed Won",
    "closedwon") or a true ``won`` column. ``monotonic``: going down the bands,
    the conversion rate never rises (bands without leads are skipped).
    """
    if "revops_band" not in scored.columns:
        raise RevopsInputError("The leads have no revops_band column: score them first (revops leads score).")
    n = len(scored)
    ids = outcomes[outcome_mapping.fields["lead_id"]] if "lead_id" in outcome_mapping else None
    emails = outcomes[outcome_mapping.fields["email"]] if "email" in outcome_mapping else None
    if ids is None and emails is None:
        raise RevopsInputError(
            "The opportunity file has no Converted Lead ID or email column to link it to the leads; "
            "map one with --map lead_id=Header."
        )
    positions, _ = link_to_leads(ids, emails, scored, lead_mapping)
    matched = positions >= 0

    won_row = np.zeros(len(outcomes), dtype=bool)
    wanted = {_stage_key(s) for s in won_stages}
    if "stage" in outcome_mapping:
        stages = outcomes[outcome_mapping.fields["stage"]]
        won_row |= stages.map(_stage_key, na_action="ignore").isin(wanted).to_numpy(dtype=bool)
    if "won" in outcome_mapping:
        flags = outcomes[outcome_mapping.fields["won"]].astype("str").str.strip().str.casefold()
        won_row |= flags.isin(TRUE_WORDS).to_numpy(dtype=bool)

    converted = np.zeros(n, dtype=bool)
    converted[positions[matched]] = True
    won = np.zeros(n, dtype=bool)
    won[positions[matched & won_row]] = True

    band = scored["revops_band"].to_numpy(dtype=object)
    results = []
    for name in config.scoring.band_names:
        in_band = band == name
        results.append(BandOutcome(name, int(in_band.sum()), int((converted & in_band).sum()),
                                   int((won & in_band).sum())))
    rates = [b.converted / b.leads for b in results if b.leads]
    monotonic = all(higher >= lower for higher, lower in zip(rates, rates[1:]))
    return CalibrationResult(
        bands=results, monotonic=monotonic, outcomes=len(outcomes),
        matched_outcomes=int(matched.sum()), unmatched_outcomes=int((~matched).sum()),
    )

"""The SOP as a config file: every threshold, rule, table and list revops uses.

:class:`RevopsConfig` holds one section per SOP area (``general``, ``columns``,
``business_hours``, ``clean``, ``dedupe``, ``enrich``, ``scoring``,
``routing``, ``nurture``, ``sla``, ``funnel``, ``campaign``, ``event``,
``deals``, ``data_quality``, ``handoff``, ``content``, ``lifecycle``). Every
default is the number written in the team's SOPs (``/work/shared/seeds``), so
``RevopsConfig()`` *is* the SOP; a ``revops.toml`` only lists what a team
changed.

Conventions used throughout:

* percentages are numbers on 0-100 (``95.0`` means 95%);
* durations carry their unit in the key name (``_minutes``, ``_hours``,
  ``_days``, ``_years``);
* approval tables are ordered rows whose ``max_*`` bound is inclusive, and
  the last row has no bound (it approves everything above);
* every model forbids unknown keys and is strict about types, so a typo or a
  quoted number is reported instead of silently ignored.

Loading is :func:`find_config_path` (``--config``, then ``REVOPS_CONFIG``,
then ``revops.toml`` in the working directory) and :func:`load_config`.
Every problem becomes a :class:`ConfigError` whose message names the file, the
dotted key (``sla.response_minutes.Hot``, ``scoring.bands[2].min``), what is
wrong and what is expected; :func:`check_config` lists all of them at once.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import os
import re
import tempfile
import tomllib
import types
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args, get_origin
from zoneinfo import ZoneInfo, available_timezones

import tomli_w
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)
from pydantic.fields import FieldInfo

# Canonical fields live with their header aliases, NAICS sectors with the
# industry normaliser: one table each, imported here for validation.
from revops_cli.columns import CANONICAL_FIELDS
from revops_cli.normalize.industry import NAICS_SECTORS

__all__ = [
    "CANONICAL_FIELDS",
    "CONFIG_ENV_VAR",
    "CONFIG_FILENAME",
    "DISPOSITIONS",
    "NAICS_SECTORS",
    "STARTER_FILENAMES",
    "WEEKDAYS",
    "BusinessHoursConfig",
    "CampaignConfig",
    "CleanConfig",
    "ConfigError",
    "ConfigProblem",
    "ContentConfig",
    "DataQualityConfig",
    "DealsConfig",
    "DedupeConfig",
    "EnrichConfig",
    "EventConfig",
    "FunnelConfig",
    "GeneralConfig",
    "HandoffConfig",
    "LifecycleConfig",
    "NurtureConfig",
    "RevopsConfig",
    "RoutingConfig",
    "ScoringConfig",
    "SlaConfig",
    "check_config",
    "config_to_toml",
    "find_config_path",
    "load_config",
    "parse_config",
    "resolve_config",
    "starter_files",
    "substatus_key",
    "write_starter_files",
]

CONFIG_FILENAME = "revops.toml"
CONFIG_ENV_VAR = "REVOPS_CONFIG"
STARTER_FILENAMES = ("revops.toml", "reps.csv", "territories.csv")

_NAICS_RANGE_OF = {"31": "31-33", "32": "31-33", "33": "31-33", "44": "44-45", "45": "44-45",
                   "48": "48-49", "49": "48-49"}

WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

#: Lead disposition outcomes (Lead Management SOP, 6. Lead Disposition).
DISPOSITIONS: tuple[str, ...] = ("qualified", "not_ready", "bad_fit", "no_response", "do_not_contact")


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


def _raise_if(problems: list[tuple[tuple[str | int, ...], str]]) -> None:
    if problems:
        raise _InvalidKeys(problems)


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


# --------------------------------------------------------------------------
# Value types
# --------------------------------------------------------------------------


def _canonical_field(value: str) -> str:
    if value not in CANONICAL_FIELDS:
        hint = _suggest(value, CANONICAL_FIELDS) or f"; expected one of {_one_of(CANONICAL_FIELDS)}"
        raise ValueError(f"unknown canonical field{hint}")
    return value


def _country_code(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    code = value.strip().upper()
    if not re.fullmatch(r"[A-Z]{2}", code):
        raise ValueError('must be a two-letter ISO 3166-1 country code such as "US", "GB" or "DE"')
    return code


def _currency_code(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    code = value.strip().upper()
    if not re.fullmatch(r"[A-Z]{3}", code):
        raise ValueError('must be a three-letter ISO 4217 currency code such as "USD", "EUR" or "GBP"')
    return code


def _time_zone(value: str) -> str:
    name = value.strip()
    try:
        ZoneInfo(name)
    except Exception:  # ZoneInfoNotFoundError, ValueError for odd paths, OSError for folders
        hint = _suggest(name, sorted(available_timezones()))
        raise ValueError(
            f"unknown time zone{hint}; expected an IANA name such as \"America/New_York\" or \"Europe/London\""
        ) from None
    return name


_TIME_RE = re.compile(r"^\s*(\d{1,2}):(\d{2})(?::(\d{2}))?\s*$")


def _time_of_day(value: Any) -> dt.time:
    if isinstance(value, dt.time):
        return value.replace(tzinfo=None)
    if isinstance(value, str):
        match = _TIME_RE.match(value)
        if match:
            hour, minute, second = (int(g) if g else 0 for g in match.groups())
            if hour < 24 and minute < 60 and second < 60:
                return dt.time(hour, minute, second)
    raise ValueError('must be a time of day written as "HH:MM" on a 24-hour clock, e.g. "09:00" or "17:30"')


def _weekday(value: Any) -> Any:
    if isinstance(value, str):
        text = value.strip().lower()
        if text in _WEEKDAY_NAMES:
            return WEEKDAYS[_WEEKDAY_NAMES.index(text)]
        return text
    return value


def _weekday_name(value: Any) -> Any:
    if isinstance(value, str):
        text = value.strip().lower()
        if text in WEEKDAYS:
            return _WEEKDAY_NAMES[WEEKDAYS.index(text)]
        return text
    return value


_DOMAIN_RE = re.compile(r"^(?=.{3,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$")


def _domain(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    domain = value.strip().lower().lstrip("@").rstrip(".")
    if not _DOMAIN_RE.match(domain):
        raise ValueError('must be an email domain such as "gmail.com"')
    return domain


def _naics_sector(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return value
    code = value.strip().replace("–", "-")
    code = _NAICS_RANGE_OF.get(code, code)
    if code not in NAICS_SECTORS:
        raise ValueError('must be a NAICS sector code such as "54" (Professional Services) or "31-33" (Manufacturing)')
    return code


def _regex(value: str) -> str:
    try:
        re.compile(value)
    except re.error as exc:
        raise ValueError(f"is not a valid regular expression ({exc})") from None
    return value


def _role_prefix(value: Any) -> Any:
    if isinstance(value, str):
        return value.strip().lower().rstrip("@")
    return value


Text = Annotated[str, Field(min_length=1)]
Percent = Annotated[float, Field(ge=0, le=100)]
Similarity = Annotated[float, Field(ge=0, le=100)]
ScorePoints = Annotated[int, Field(ge=0, le=100)]
PositiveInt = Annotated[int, Field(ge=1)]
NonNegativeInt = Annotated[int, Field(ge=0)]
PositiveFloat = Annotated[float, Field(gt=0)]
NonNegativeFloat = Annotated[float, Field(ge=0)]
CanonicalField = Annotated[str, AfterValidator(_canonical_field)]
CountryCode = Annotated[str, BeforeValidator(_country_code)]
CurrencyCode = Annotated[str, BeforeValidator(_currency_code)]
TimeZoneName = Annotated[str, AfterValidator(_time_zone)]
TimeOfDay = Annotated[dt.time, BeforeValidator(_time_of_day)]
Weekday = Annotated[Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"], BeforeValidator(_weekday)]
WeekdayName = Annotated[
    Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"],
    BeforeValidator(_weekday_name),
]
EmailDomain = Annotated[str, BeforeValidator(_domain)]
NaicsSector = Annotated[str, BeforeValidator(_naics_sector)]
Regex = Annotated[str, Field(min_length=1), AfterValidator(_regex)]
RolePrefix = Annotated[str, BeforeValidator(_role_prefix), Field(min_length=1)]
Disposition = Literal["qualified", "not_ready", "bad_fit", "no_response", "do_not_contact"]
CrmFormat = Literal["salesforce", "hubspot", "generic"]
UpdateField = Literal["id", "status", "substatus", "owner", "nurture_track", "next_action_date"]
UpdateKind = Literal["suppress", "disqualify", "recycle", "not_ready", "unresponsive", "update_disposition"]


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


class ConfigModel(BaseModel):
    """Base of every config section: unknown keys are errors and types are exact."""

    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False, validate_assignment=True)


# --------------------------------------------------------------------------
# general, business_hours
# --------------------------------------------------------------------------


class GeneralConfig(ConfigModel):
    """Settings every command shares."""

    timezone: TimeZoneName = Field(
        "America/New_York",
        description="IANA time zone for timestamps written without one and for SLA clocks.",
    )
    default_region: CountryCode = Field(
        "US",
        description="Data Management SOP, Phone '+1XXXXXXXXXX' (E.164): country assumed for phone "
        "numbers written without a country code.",
    )
    currency: CurrencyCode = Field("USD", description="Currency of budgets, costs and revenue (ISO 4217).")
    week_start: WeekdayName = Field("monday", description="First day of the week in weekly reports and audits.")


class BusinessHoursConfig(ConfigModel):
    """Working hours for business-hour SLA clocks (Sales SLA: '2 business hours')."""

    start: TimeOfDay = Field(dt.time(9, 0), description="Start of the working day, local time.")
    end: TimeOfDay = Field(dt.time(17, 0), description="End of the working day, local time.")
    workdays: list[Weekday] = Field(
        default_factory=lambda: ["mon", "tue", "wed", "thu", "fri"],
        min_length=1,
        description="Days that count as business days.",
    )
    observe_holidays: bool = Field(True, description="Public holidays of holiday_country are not business days.")
    holiday_country: CountryCode = Field("US", description="Country whose public holidays are skipped.")
    holiday_subdivision: Text | None = Field(
        None, description="State/province whose holidays also apply (e.g. 'CA', 'ON'); none by default."
    )
    timezone: TimeZoneName | None = Field(
        None, description="Time zone of the working hours; falls back to general.timezone."
    )

    @model_validator(mode="after")
    def _check(self) -> BusinessHoursConfig:
        problems: list[tuple[tuple[str | int, ...], str]] = []
        if self.end <= self.start:
            problems.append(
                (("end",), f"must be later than business_hours.start ({self.start:%H:%M}) (got {self.end:%H:%M})")
            )
        problems += _duplicates(self.workdays, ("workdays",))
        if {"holiday_country", "holiday_subdivision"} & self.model_fields_set:
            problems += self._holiday_problems()
        _raise_if(problems)
        return self

    def _holiday_problems(self) -> list[tuple[tuple[str | int, ...], str]]:
        import holidays  # only when the user changed the holiday settings

        supported = holidays.list_supported_countries()
        if self.holiday_country not in supported:
            return [(("holiday_country",), f"no public-holiday calendar for {_show(self.holiday_country)}"
                     f"{_suggest(self.holiday_country, supported)}; set observe_holidays = false to skip holidays")]
        subdivisions = supported[self.holiday_country]
        if self.holiday_subdivision is not None and self.holiday_subdivision not in subdivisions:
            listed = ", ".join(subdivisions[:12]) + (", ..." if len(subdivisions) > 12 else "")
            return [(("holiday_subdivision",), f"{_show(self.holiday_subdivision)} is not a subdivision of "
                     f"{self.holiday_country} (expected one of {listed or 'none: remove the key'})")]
        return []


# --------------------------------------------------------------------------
# clean, dedupe, enrich
# --------------------------------------------------------------------------


class TitleRule(ConfigModel):
    """An extra job-title rule: titles matching ``pattern`` get this seniority/function."""

    pattern: Regex = Field(
        description="Regular expression matched as whole words, case-insensitively, against the title with "
        "accents folded and punctuation read as spaces (write 'vp sales', not 'V.P., Sales')."
    )
    seniority: Text | None = Field(None, description="Seniority to assign, e.g. 'VP', 'Director'.")
    function: Text | None = Field(None, description="Job function to assign, e.g. 'Sales', 'Marketing'.")

    @model_validator(mode="after")
    def _check(self) -> TitleRule:
        if self.seniority is None and self.function is None:
            _raise_if([((), "needs seniority, function or both")])
        try:  # the title normaliser owns the vocabulary; check against it when it is there
            from revops_cli.normalize.title import FUNCTIONS, SENIORITIES
        except ImportError:  # pragma: no cover - normaliser not installed
            return self
        problems: list[tuple[tuple[str | int, ...], str]] = []
        for key, value, allowed in (("seniority", self.seniority, SENIORITIES), ("function", self.function, FUNCTIONS)):
            if value is not None and value not in allowed:
                problems.append(((key,), f"must be one of {_one_of(allowed)} (got {_show(value)})"
                                 f"{_suggest(value, allowed)}"))
        _raise_if(problems)
        return self


class CleanConfig(ConfigModel):
    """Lead Management SOP, 2. Lead Enrichment, Data hygiene: standardise country/state,
    format phone numbers, clean company names, normalise job titles. Lists here add to
    the built-in tables."""

    country_aliases: dict[Text, CountryCode] = Field(
        default_factory=dict, description="Extra country spellings -> ISO 3166-1 alpha-2 code."
    )
    title_rules: list[TitleRule] = Field(
        default_factory=list, description="Extra title rules, tried before the built-in ones."
    )
    free_email_domains: list[EmailDomain] = Field(
        default_factory=list, description="Extra free/generic email domains ('IF email domain != generic')."
    )
    disposable_email_domains: list[EmailDomain] = Field(
        default_factory=list, description="Extra disposable (throw-away) email domains."
    )
    role_email_prefixes: list[RolePrefix] | None = Field(
        None, description="Role mailbox prefixes (info, sales, ...); unset = the built-in list."
    )
    industry_map: dict[Text, NaicsSector] = Field(
        default_factory=dict,
        description="Data Management SOP, 'Industry: NAICS classification': industry text -> NAICS sector code.",
    )
    infer_country_from: list[CountryCode] = Field(
        default_factory=lambda: ["US", "CA", "AU"],
        description="Countries whose state/province codes may fill a blank country.",
    )


DedupeRule = Literal["email", "phone_name", "fuzzy_name"]
SurvivorshipRule = Literal[
    "most_complete", "most_recent_activity", "oldest_created", "newest_created", "has_owner", "first_in_file"
]


class DedupeConfig(ConfigModel):
    """Lead Management SOP, 1. Lead Capture, Duplicate check ('Email match -> merge records');
    Data Management SOP, Duplicates < 2%."""

    rules: list[DedupeRule] = Field(
        default_factory=lambda: ["email", "phone_name", "fuzzy_name"],
        min_length=1,
        description="Match rules, tried in this order.",
    )
    fuzzy_merge_threshold: Similarity = Field(
        92.0, description="fuzzy_name: name+company similarity (0-100) at or above which records merge."
    )
    fuzzy_review_threshold: Similarity = Field(
        85.0, description="fuzzy_name: similarity at or above which a pair is listed for review, not merged."
    )
    phone_name_threshold: Similarity = Field(
        88.0, description="phone_name: name similarity needed when two records share a phone number."
    )
    survivorship: list[SurvivorshipRule] = Field(
        default_factory=lambda: ["most_complete", "most_recent_activity", "oldest_created"],
        min_length=1,
        description="How the surviving (master) record is chosen; later rules break ties.",
    )
    duplicate_rate_max: Percent = Field(2.0, description="Data Management SOP, Duplicates '<2%'.")
    phone_conflict_penalty: Similarity = Field(
        10.0, description="Points off a phone_name/fuzzy_name confidence when both records have phones and share none."
    )
    numbered_email_penalty: Similarity = Field(
        15.0, description="Points off when the emails differ only in digits (jsmith@ vs jsmith2@): "
        "mail admins number namesakes, so these are two people."
    )
    compare_whole_block_upto: PositiveInt = Field(
        200, description="Blocks (same company, email domain or phone) up to this size compare every pair; "
        "bigger ones compare each record with its sorted neighbours only, so work grows linearly."
    )
    neighbour_window: PositiveInt = Field(
        10, description="In blocks over compare_whole_block_upto, how many name-sorted neighbours each record meets."
    )
    account_fuzzy_threshold: Similarity = Field(
        90.0, description="Lead-to-account matching: company-name similarity (0-100) for a 'fuzzy' account match."
    )

    @model_validator(mode="after")
    def _check(self) -> DedupeConfig:
        problems = _duplicates(self.rules, ("rules",)) + _duplicates(self.survivorship, ("survivorship",))
        if self.fuzzy_review_threshold > self.fuzzy_merge_threshold:
            problems.append((("fuzzy_review_threshold",), "must not be above dedupe.fuzzy_merge_threshold "
                             f"({_number(self.fuzzy_merge_threshold)}) (got {_number(self.fuzzy_review_threshold)})"))
        _raise_if(problems)
        return self


class EnrichConfig(ConfigModel):
    """Lead Management SOP, 2. Lead Enrichment."""

    required_fields: list[CanonicalField] = Field(
        default_factory=lambda: ["first_name", "last_name", "company", "title", "phone"],
        min_length=1,
        description="'Required fields validation: First Name, Last Name, Company, Title, Phone (if available)'.",
    )
    phone_if_available: bool = Field(
        True, description="'Phone (if available)': a blank phone is flagged but does not count as incomplete."
    )
    completion_target: Percent = Field(95.0, description="'Quality Standard: 95% field completion'.")
    manual_research_generic_domains: bool = Field(
        True, description="'IF email domain != generic ... ELSE Flag for manual research'."
    )
    suppress_disposable: bool = Field(True, description="Disposable email domains are not sent to enrichment.")
    suppress_role: bool = Field(True, description="Role mailboxes (info@, sales@) are not sent to person enrichment.")

    @model_validator(mode="after")
    def _check(self) -> EnrichConfig:
        _raise_if(_duplicates(self.required_fields, ("required_fields",)))
        return self


# --------------------------------------------------------------------------
# scoring, routing, nurture
# --------------------------------------------------------------------------


def _points_rule(text: str) -> str:
    from revops_cli.normalize.score_rules import DERIVED_FIELDS, parse_rule

    parse_rule(text, frozenset(CANONICAL_FIELDS) | frozenset(DERIVED_FIELDS))  # ValueError -> one-line problem
    return text


PointsRuleText = Annotated[str, Field(min_length=1), AfterValidator(_points_rule)]
RulePoints = Annotated[int, Field(ge=-100, le=100)]
BehaviorEventName = Literal[
    "demo_request", "form_fill", "event_attended", "content_download", "email_click", "email_open", "page_view",
]


class ScoreDimension(ConfigModel):
    """One scoring dimension: a cap and a points table (rule text -> points)."""

    max: ScorePoints = Field(description="Most points this dimension can give.")
    points: dict[PointsRuleText, RulePoints] = Field(
        default_factory=dict,
        description="Rule -> points. Rules read '<field> present', '<field> missing', '<field> = value', "
        "'<field> in a,b,c', '<field> >= 200', '<field> 200-999', '<field> 100M+' or '<field> within 30d'. "
        "Rules on one field form a ladder: the first that matches counts. The dimension total is capped at max.",
    )


class BehaviorEvent(ConfigModel):
    """Points for one kind of engagement event, before recency decay, and their cap."""

    points: ScorePoints = Field(description="Points for one event of this kind when it happened today.")
    max: ScorePoints = Field(description="Most points all events of this kind can give together.")


class BehavioralDimension(ScoreDimension):
    """The behavioural dimension: field rules plus engagement events with recency decay."""

    events: dict[BehaviorEventName, BehaviorEvent] = Field(
        default_factory=dict,
        description="Engagement event -> points per event and cap, from an activities export (--activities) "
        "or engagement-count columns (Page Views, Form Submissions, ...).",
    )
    half_life_days: PositiveFloat = Field(
        30.0, description="Recency decay: an event's points halve every this many days."
    )


class ScoreBand(ConfigModel):
    """A score band: scores from ``min`` up to the next band's min belong to it."""

    name: Text = Field(description="Band name, e.g. 'Hot'; sla.response_minutes is keyed by it.")
    min: ScorePoints = Field(description="Lowest score in the band.")


class ScoringConfig(ConfigModel):
    """Lead Management SOP, 3. Lead Scoring."""

    demographic: ScoreDimension = Field(
        default_factory=lambda: ScoreDimension(
            max=30,
            points={
                "seniority = C-Level": 15,
                "seniority = VP": 12,
                "seniority = Director": 10,
                "seniority = Manager": 6,
                "seniority = Individual Contributor": 2,
                "function in Executive,Sales,Marketing,Operations,IT": 8,
                "country in US,CA,GB,IE,DE,FR,NL,BE,CH,AT,SE,DK,NO,FI,AU,NZ": 5,
                "phone present": 2,
            },
        ),
        description="'Calculate demographic score (0-30 points)': title seniority, job function fit, "
        "country/region fit.",
    )
    firmographic: ScoreDimension = Field(
        default_factory=lambda: ScoreDimension(
            max=30,
            points={
                "target_account = true": 10,
                "industry in 51,52,54": 8,
                "industry in 31-33,42,48-49,62": 4,
                "employees >= 1000": 8,
                "employees >= 200": 6,
                "employees >= 50": 3,
                "annual_revenue >= 100M": 6,
                "annual_revenue >= 10M": 4,
                "annual_revenue >= 1M": 2,
            },
        ),
        description="'Calculate firmographic score (0-30 points)': industry, employee count tier, revenue tier, "
        "target-account match.",
    )
    behavioral: BehavioralDimension = Field(
        default_factory=lambda: BehavioralDimension(
            max=40,
            points={
                "lead_source in Demo Request,Contact Us,Free Trial,Trial": 10,
                "lead_source in Webinar,Event,Trade Show,Content,Web,Website,Organic Search": 4,
                "last_activity_at within 7d": 6,
                "last_activity_at within 30d": 3,
            },
            events={
                "demo_request": BehaviorEvent(points=20, max=20),
                "form_fill": BehaviorEvent(points=8, max=16),
                "event_attended": BehaviorEvent(points=8, max=16),
                "content_download": BehaviorEvent(points=5, max=10),
                "email_click": BehaviorEvent(points=3, max=9),
                "page_view": BehaviorEvent(points=1, max=5),
                "email_open": BehaviorEvent(points=1, max=3),
            },
            half_life_days=30.0,
        ),
        description="'Calculate behavioral score (0-40 points)': engagement with recency decay; a demo request "
        "is a strong signal.",
    )
    target_accounts: list[Text] = Field(
        default_factory=list,
        description="Target account names (any legal-suffix spelling) for the 'target_account' rule; the named "
        "accounts of the territory file count too.",
    )
    bands: list[ScoreBand] = Field(
        default_factory=lambda: [
            ScoreBand(name="Hot", min=80),
            ScoreBand(name="Warm", min=60),
            ScoreBand(name="Qualified", min=40),
            ScoreBand(name="Early", min=20),
            ScoreBand(name="Cold", min=0),
        ],
        min_length=1,
        description="'80+ = Hot, 60-79 = Warm, 40-59 = Qualified, 20-39 = Early, 0-19 = Cold', highest first.",
    )

    @property
    def band_names(self) -> list[str]:
        """Band names, highest band first."""
        return [band.name for band in self.bands]

    @model_validator(mode="after")
    def _check(self) -> ScoringConfig:
        problems: list[tuple[tuple[str | int, ...], str]] = []
        total = self.demographic.max + self.firmographic.max + self.behavioral.max
        if total != 100:
            problems.append((("behavioral", "max"), "demographic, firmographic and behavioral max must add up to 100 "
                             f"(got {self.demographic.max} + {self.firmographic.max} + {self.behavioral.max} "
                             f"= {total})"))
        for index in range(1, len(self.bands)):
            previous, band = self.bands[index - 1], self.bands[index]
            if band.min >= previous.min:
                problems.append((("bands", index, "min"), f"must be lower than scoring.bands[{index - 1}].min "
                                 f"({previous.min}): list bands from the highest score down (got {band.min})"))
        if self.bands and self.bands[-1].min != 0:
            problems.append((("bands", len(self.bands) - 1, "min"),
                             f"the last band must start at 0 so every score has a band (got {self.bands[-1].min})"))
        problems += [(loc + ("name",), m) for loc, m in _duplicates(self.band_names, ("bands",), fold=True)]
        _raise_if(problems)
        return self


class RoutingTier(ConfigModel):
    """A row of the routing table: scores at or above ``min_score`` (down to the next row) go here."""

    min_score: ScorePoints = Field(description="Lowest score routed by this row.")
    queue: Text = Field(description="Queue id written to the output, e.g. 'senior_sales'.")
    roles: list[Text] = Field(
        default_factory=list,
        description="Rep roles (reps.csv 'role', any case) that get these leads; empty = no sales assignment.",
    )
    alert: Text | None = Field(None, description="How the rep is alerted.")
    sla_minutes: PositiveInt | None = Field(None, description="First-contact SLA in minutes; none = no SLA.")


TerritoryRule = Literal["named_account", "geography", "industry", "company_size"]


class RoutingConfig(ConfigModel):
    """Lead Management SOP, 4. Lead Routing."""

    tiers: list[RoutingTier] = Field(
        default_factory=lambda: [
            RoutingTier(min_score=80, queue="senior_sales",
                        roles=["Senior Sales Rep", "Senior AE", "Senior Account Executive"],
                        alert="SMS + Email", sla_minutes=5),
            RoutingTier(min_score=60, queue="sales", roles=["Sales Rep", "AE", "Account Executive"],
                        alert="Email", sla_minutes=60),
            RoutingTier(min_score=40, queue="sdr", roles=["SDR", "BDR", "Sales Development Rep"],
                        alert="Queue notification", sla_minutes=1440),
            RoutingTier(min_score=0, queue="nurture"),
        ],
        min_length=1,
        description="'IF score >= 80 THEN Route to Senior Sales Rep ... ELSE Add to Marketing Nurture', highest first.",
    )
    territory_order: list[TerritoryRule] = Field(
        default_factory=lambda: ["named_account", "geography", "industry", "company_size"],
        description="'Territory Assignment: geographic territory, industry vertical, company size tier, "
        "named account list': checks in this order, first match wins.",
    )
    escalation_owner: Text = Field("Sales Manager", description="'Exception Handling: Escalate to Sales Manager'.")
    escalation_roles: list[Text] = Field(
        default_factory=lambda: ["Sales Manager"],
        description="Roster roles that take escalations (the territory's, else any); none on the roster = "
        "escalation_owner as written.",
    )
    keep_active_owner: bool = Field(
        True, description="Leads already owned by an active rep keep their owner (--reassign overrides)."
    )
    skip_outside_working_hours: bool = Field(
        False, description="Skip reps outside their working hours (reps.csv 'working_hours') at routing time."
    )
    round_robin: Literal["weighted", "even"] = Field(
        "weighted", description="'Apply round-robin within territory': weighted by reps.csv 'weight', or even."
    )
    business_hours_deadlines: bool = Field(
        True, description="SLA deadlines count business hours (bands in sla.wall_clock_bands always use the clock)."
    )
    reps_file: Text = Field("reps.csv", description="Rep roster, relative to the config file's folder.")
    territories_file: Text = Field(
        "territories.csv", description="Territory rules, relative to the config file's folder."
    )

    @model_validator(mode="after")
    def _check(self) -> RoutingConfig:
        problems: list[tuple[tuple[str | int, ...], str]] = []
        for index in range(1, len(self.tiers)):
            previous, tier = self.tiers[index - 1], self.tiers[index]
            if tier.min_score >= previous.min_score:
                problems.append((("tiers", index, "min_score"), f"must be lower than routing.tiers[{index - 1}]"
                                 f".min_score ({previous.min_score}): list tiers from the highest score down "
                                 f"(got {tier.min_score})"))
        if self.tiers and self.tiers[-1].min_score != 0:
            problems.append((("tiers", len(self.tiers) - 1, "min_score"), "the last tier must start at 0 so every "
                             f"lead has a route (got {self.tiers[-1].min_score})"))
        problems += [(loc + ("queue",), msg) for loc, msg in _duplicates([t.queue for t in self.tiers], ("tiers",))]
        problems += _duplicates(self.territory_order, ("territory_order",))
        _raise_if(problems)
        return self


class NurtureTrack(ConfigModel):
    """A nurture track for scores from ``min_score`` to ``max_score`` inclusive."""

    name: Text = Field(description="Track name, e.g. 'Sales Ready'.")
    min_score: ScorePoints = Field(description="Lowest score on the track.")
    max_score: ScorePoints = Field(description="Highest score on the track.")
    frequency: Text = Field(description="How often the track sends, e.g. 'Weekly'.")
    content: Text = Field(description="Content type, e.g. 'Educational'.")


class NurtureStep(ConfigModel):
    """A step of the nurture content sequence, sent ``day`` days after entry."""

    step: Text = Field(description="Content step, e.g. 'case_study'.")
    day: NonNegativeInt = Field(description="Days after the lead enters nurture.")


class NurtureConfig(ConfigModel):
    """Lead Management SOP, 5. Lead Nurturing."""

    tracks: list[NurtureTrack] = Field(
        default_factory=lambda: [
            NurtureTrack(name="Sales Ready", min_score=60, max_score=79, frequency="Daily", content="Personalized"),
            NurtureTrack(name="Engaged", min_score=40, max_score=59, frequency="2x week", content="Targeted"),
            NurtureTrack(name="Interested", min_score=20, max_score=39, frequency="Weekly", content="Educational"),
            NurtureTrack(name="Awareness", min_score=0, max_score=19, frequency="Monthly", content="Newsletter"),
        ],
        description="'Nurture Tracks' table (score, track, frequency, content type), highest first.",
    )
    sequence: list[NurtureStep] = Field(
        default_factory=lambda: [
            NurtureStep(step="welcome", day=0),
            NurtureStep(step="educational", day=3),
            NurtureStep(step="case_study", day=7),
            NurtureStep(step="product", day=14),
            NurtureStep(step="offer_demo", day=21),
            NurtureStep(step="re_engagement", day=30),
        ],
        description="'Content Sequence: Welcome (Day 0), Educational (3), Case study (7), Product (14), "
        "Offer/Demo (21), Re-engagement (30)'.",
    )
    engagement_target: Percent = Field(25.0, description="'Performance Metric: 25% email engagement'.")

    @model_validator(mode="after")
    def _check(self) -> NurtureConfig:
        problems: list[tuple[tuple[str | int, ...], str]] = []
        for index, track in enumerate(self.tracks):
            if track.max_score < track.min_score:
                problems.append((("tracks", index, "max_score"), f"must not be below min_score ({track.min_score}) "
                                 f"(got {track.max_score})"))
            elif index and track.max_score != self.tracks[index - 1].min_score - 1:
                above = self.tracks[index - 1].min_score
                problems.append((("tracks", index, "max_score"), f"must be {above - 1}, one below "
                                 f"nurture.tracks[{index - 1}].min_score ({above}), so tracks neither overlap nor "
                                 f"leave a gap; list tracks from the highest score down (got {track.max_score})"))
        if self.tracks and self.tracks[-1].min_score != 0:
            problems.append((("tracks", len(self.tracks) - 1, "min_score"), "the last track must start at 0 "
                             f"(got {self.tracks[-1].min_score})"))
        names = [track.name for track in self.tracks]
        problems += [(loc + ("name",), m) for loc, m in _duplicates(names, ("tracks",), fold=True)]
        problems += [(loc + ("step",), m) for loc, m in _duplicates([s.step for s in self.sequence], ("sequence",))]
        for index in range(1, len(self.sequence)):
            if self.sequence[index].day <= self.sequence[index - 1].day:
                problems.append((("sequence", index, "day"), f"must be later than nurture.sequence[{index - 1}].day "
                                 f"({self.sequence[index - 1].day}) (got {self.sequence[index].day})"))
        _raise_if(problems)
        return self


# --------------------------------------------------------------------------
# sla, funnel
# --------------------------------------------------------------------------


class ActivityMinimums(ConfigModel):
    """Daily activity minimums for one role."""

    calls: NonNegativeInt = Field(description="Calls a day.")
    emails: NonNegativeInt = Field(description="Emails a day.")
    meetings: NonNegativeInt = Field(description="Meetings a day.")
    demos: NonNegativeInt = Field(description="Demos a day ('-' in the SOP is 0).")


class SlaConfig(ConfigModel):
    """Sales Process SOP, Response Time SLAs and Daily Minimums; Sales SLA (Sales Funnel 101);
    Lead Management SOP, 6. Lead Disposition and Quality Assurance."""

    response_minutes: dict[Text, PositiveInt] = Field(
        default_factory=lambda: {"Hot": 5, "Warm": 60, "Qualified": 1440, "Early": 2880, "Cold": 2880},
        description="'Response Time SLAs: Hot (80+) 5 minutes, Warm 1 hour, Qualified 24 hours, "
        "Cold (<40) 48 hours'; keys are scoring band names (Early is below 40, so 48 hours).",
    )
    wall_clock_bands: list[Text] = Field(
        default_factory=lambda: ["Hot"],
        description="Bands whose SLA runs on the wall clock, not business hours ('Contact within 5 minutes').",
    )
    day_slas_in_working_days: bool = Field(
        True, description="An SLA of whole days ('within 24 hours', '48 hours') counts working days: 24 hours = "
        "one working day, not 24 business hours (three 8-hour days). Shorter SLAs count business minutes.",
    )
    first_response_business_hours: PositiveFloat = Field(
        2.0, description="'Sales will respond to leads within two business hours'."
    )
    require_phone_and_email: bool = Field(True, description="'... both by phone and email'.")
    cadence_days: PositiveInt = Field(14, description="'continue to work the lead for a period of two weeks'.")
    cadence_calls: NonNegativeInt = Field(3, description="'call a total of three times'.")
    cadence_emails: NonNegativeInt = Field(4, description="'email a total of four times'.")
    disposition_hours: PositiveInt = Field(24, description="'Compliance: Update within 24 hours of contact'.")
    compliance_target: Percent = Field(95.0, description="'Weekly Audits: SLA compliance >95%'.")
    activity_minimums: dict[Text, ActivityMinimums] = Field(
        default_factory=lambda: {
            "SDR": ActivityMinimums(calls=50, emails=100, meetings=3, demos=0),
            "AE": ActivityMinimums(calls=30, emails=50, meetings=2, demos=1),
            "Senior AE": ActivityMinimums(calls=20, emails=30, meetings=3, demos=2),
        },
        description="'Daily Minimums: SDR 50/100/3/-, AE 30/50/2/1, Senior AE 20/30/3/2' "
        "(calls/emails/meetings/demos).",
    )


class KpiTargets(ConfigModel):
    """Lead Management SOP, Metrics & KPIs."""

    lead_to_mql: Percent = Field(35.0, description="'Lead-to-MQL Rate >35%'.")
    mql_to_sql: Percent = Field(40.0, description="'MQL-to-SQL Rate >40%'.")
    sql_to_opportunity: Percent = Field(70.0, description="'SQL-to-Opp Rate >70%'.")
    acceptance: Percent = Field(80.0, description="'Lead Acceptance Rate >80%'.")
    response_minutes: PositiveInt = Field(60, description="'Lead Response Time <1 hour'.")


class MarketingSla(ConfigModel):
    """Marketing's SLA (Sales Funnel 101)."""

    leads_per_month: PositiveInt = Field(50, description="'Marketing will produce 50 leads / month for sales'.")
    source_breakdown: dict[Text, NonNegativeInt] = Field(
        default_factory=dict, description="Leads a month per source, e.g. {\"Source A\" = 25, \"Source B\" = 15}."
    )
    lead_to_opportunity: Percent = Field(35.0, description="'agreed-upon conversion rate ... let's say 35%'.")
    source_lead_to_opportunity: dict[Text, Percent] = Field(
        default_factory=dict, description="Conversion target per source, e.g. {\"Source A\" = 50}."
    )

    @model_validator(mode="after")
    def _check(self) -> MarketingSla:
        total = sum(self.source_breakdown.values())
        if total > self.leads_per_month:
            _raise_if([(("source_breakdown",), f"adds up to {total} leads, more than leads_per_month "
                        f"({self.leads_per_month})")])
        return self


class FunnelConfig(ConfigModel):
    """Funnel KPI targets and the marketing SLA."""

    kpi_targets: KpiTargets = Field(default_factory=KpiTargets, description="Lead Management SOP, Metrics & KPIs.")
    marketing_sla: MarketingSla = Field(default_factory=MarketingSla, description="Marketing's SLA (Sales Funnel 101).")


# --------------------------------------------------------------------------
# campaign, event, deals
# --------------------------------------------------------------------------


class BudgetApprover(ConfigModel):
    """Budgets up to and including ``max_budget`` are approved by ``approver``."""

    max_budget: PositiveFloat | None = Field(None, description="Inclusive upper bound; none on the last row.")
    approver: Text = Field(description="Who approves budgets in this row.")


class OptimisationTrigger(ConfigModel):
    """When ``metric`` (a percentage) is ``op`` ``threshold``, recommend ``action``."""

    metric: Literal["open_rate", "click_rate", "conversion_rate", "bounce_rate", "unsubscribe_rate"] = Field(
        description="Campaign rate the trigger watches, in %."
    )
    op: Literal["<", ">"] = Field(description="'<' fires below the threshold, '>' above it.")
    threshold: Percent = Field(description="Threshold in %.")
    action: Text = Field(description="Recommended action when the trigger fires.")


class PreSendChecks(ConfigModel):
    """Email Campaign SOP, Pre-Send Checklist."""

    subject_max_chars: PositiveInt = Field(50, description="'Subject line <50 characters': subjects must be shorter.")
    spam_score_max: PositiveFloat = Field(5.0, description="'Spam score <5': scores must be below this.")
    require_unsubscribe_link: bool = Field(True, description="'Unsubscribe link present'.")


UtmParam = Literal["source", "medium", "campaign", "content", "term"]


def _default_triggers() -> list[OptimisationTrigger]:
    rows = [
        ("open_rate", "<", 15.0, "Subject line test"),
        ("click_rate", "<", 2.0, "CTA optimization"),
        ("conversion_rate", "<", 1.0, "Landing page test"),
        ("bounce_rate", ">", 5.0, "List hygiene"),
        ("unsubscribe_rate", ">", 1.0, "Frequency review"),
    ]
    return [OptimisationTrigger(metric=m, op=o, threshold=t, action=a) for m, o, t, a in rows]


class CampaignConfig(ConfigModel):
    """Campaign Execution SOP."""

    scope_budget_over: NonNegativeFloat = Field(
        5000.0, description="'Scope: All marketing campaigns above $5,000 budget ...'."
    )
    scope_contacts_at_least: PositiveInt = Field(1000, description="'... or targeting 1,000+ contacts'.")
    approval_matrix: list[BudgetApprover] = Field(
        default_factory=lambda: [
            BudgetApprover(max_budget=5000.0, approver="Marketing Manager"),
            BudgetApprover(max_budget=25000.0, approver="Director of Marketing"),
            BudgetApprover(max_budget=100000.0, approver="CMO"),
            BudgetApprover(approver="CEO"),
        ],
        min_length=1,
        description="'Approval Matrix: <$5K Marketing Manager, $5K-$25K Director of Marketing, $25K-$100K CMO, "
        ">$100K CEO', lowest budget first.",
    )
    approver_order: list[Text] = Field(
        default_factory=lambda: ["Marketing Manager", "Director of Marketing", "CMO", "CEO"],
        description="Approvers from least to most senior; a more senior approver may approve a smaller budget.",
    )
    naming_pattern: Regex = Field(
        r"^(?P<year>\d{4})-(?P<month>0[1-9]|1[0-2])-(?P<type>[A-Za-z]+)-(?P<name>[A-Za-z0-9][A-Za-z0-9_-]*)$",
        description="Data Management SOP, 'Campaign: YYYY-MM-Type-Name' (named group 'type' is checked "
        "against campaign_types).",
    )
    campaign_types: list[Text] = Field(
        default_factory=lambda: ["Webinar", "Email", "Event", "Digital", "Paid", "Social", "Content", "Partner"],
        description="'Campaign Type: [Webinar/Email/Event/Digital]' plus common additions.",
    )
    utm_required: list[UtmParam] = Field(
        default_factory=lambda: ["source", "medium", "campaign"],
        description="'UTM Structure: source, medium, campaign' must be present.",
    )
    utm_optional: list[UtmParam] = Field(
        default_factory=lambda: ["content", "term"], description="'content = [variant], term = [keyword]'."
    )
    triggers: list[OptimisationTrigger] = Field(
        default_factory=_default_triggers,
        description="'Optimization Triggers: Open Rate <15% subject line test, Click Rate <2% CTA optimization, "
        "Conversion <1% landing page test, Bounce Rate >5% list hygiene, Unsubscribe >1% frequency review'.",
    )
    presend: PreSendChecks = Field(default_factory=PreSendChecks, description="Email Campaign SOP, Pre-Send Checklist.")
    cost_components: list[Text] = Field(
        default_factory=lambda: ["media", "creative", "tools", "labor"],
        description="'Cost = Media + Creative + Tools + Labor'.",
    )
    stage_probabilities: dict[Text, Percent] = Field(
        default_factory=lambda: {
            "Prospecting": 10.0,
            "Discovery": 20.0,
            "Solution Design": 40.0,
            "Proposal": 60.0,
            "Negotiation": 80.0,
            "Closed Won": 100.0,
            "Closed Lost": 0.0,
        },
        description="'Revenue = Closed Won + Pipeline Value x Probability': win probability (%) by stage "
        "when the export has none.",
    )

    @model_validator(mode="after")
    def _check(self) -> CampaignConfig:
        problems = _approval_problems(self.approval_matrix, "campaign", "approval_matrix", "max_budget",
                                      self.approver_order, "campaign.approver_order")
        problems += _duplicates(self.approver_order, ("approver_order",))
        problems += _duplicates(self.campaign_types, ("campaign_types",), fold=True)
        problems += _duplicates(self.utm_required, ("utm_required",))
        problems += _duplicates(self.utm_optional, ("utm_optional",))
        problems += [(("utm_optional", i), f"{_show(p)} is already in campaign.utm_required; list it in one of them")
                     for i, p in enumerate(self.utm_optional) if p in self.utm_required]
        problems += _duplicates(self.cost_components, ("cost_components",))
        if self.campaign_types and "type" not in re.compile(self.naming_pattern).groupindex:
            problems.append((("naming_pattern",), "needs a named group (?P<type>...) so campaign types can be "
                             "checked (or set campaign_types = [])"))
        _raise_if(problems)
        return self


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


class EventConfig(ConfigModel):
    """Event Management SOP."""

    roi_target: NonNegativeFloat = Field(300.0, description="'Event Management ROI >300%'.")
    budget_lines: list[Text] = Field(
        default_factory=lambda: [
            "booth_sponsorship", "travel_hotel", "booth_design", "collateral", "staff_time",
            "shipping", "entertainment", "lead_scanner", "promotion",
        ],
        description="'Budget Template' categories, estimated vs actual.",
    )
    follow_up_days: PositiveInt = Field(2, description="'Day 1-2: Upload and dedupe leads ... Assign leads to reps'.")

    @model_validator(mode="after")
    def _check(self) -> EventConfig:
        _raise_if(_duplicates(self.budget_lines, ("budget_lines",)))
        return self


class DiscountApprover(ConfigModel):
    """Discounts up to and including ``max_pct`` are approved by ``approver``."""

    max_pct: Percent | None = Field(None, description="Inclusive upper bound in %; none on the last row.")
    approver: Text = Field(description="Who approves discounts in this row.")


class DealsConfig(ConfigModel):
    """Sales Process SOP, Sales Stages & Exit Criteria and Negotiation Approval Matrix."""

    stage_limits_days: dict[Text, PositiveInt] = Field(
        default_factory=lambda: {
            "Prospecting": 7, "Discovery": 14, "Solution Design": 14, "Proposal": 7, "Negotiation": 14,
        },
        description="Open stages in order with their time limit: 'Prospecting (0-7 days), Discovery (1-2 weeks), "
        "Solution Design (1-2 weeks), Proposal (1 week), Negotiation (1-2 weeks)'.",
    )
    closed_stages: list[Text] = Field(
        default_factory=lambda: ["Closed Won", "Closed Lost"], min_length=1, description="'Stage 6: Closed Won/Lost'."
    )
    won_stage: Text = Field("Closed Won", description="The closed stage that counts as won.")
    discount_approval: list[DiscountApprover] = Field(
        default_factory=lambda: [
            DiscountApprover(max_pct=10.0, approver="Sales Rep"),
            DiscountApprover(max_pct=20.0, approver="Sales Manager"),
            DiscountApprover(max_pct=30.0, approver="VP Sales"),
            DiscountApprover(approver="CEO"),
        ],
        min_length=1,
        description="'Approval Matrix: 0-10% Sales Rep, 11-20% Sales Manager, 21-30% VP Sales, >30% CEO'.",
    )
    approvers: dict[Text, Text] = Field(
        default_factory=dict,
        description="Approvers who are not on the rep roster, name -> role, e.g. {\"Victoria Hale\" = \"VP Sales\"}; "
        "the roster's Name/Role columns cover everyone else.",
    )

    @model_validator(mode="after")
    def _check(self) -> DealsConfig:
        problems = _approval_problems(self.discount_approval, "deals", "discount_approval", "max_pct", None, "")
        problems += _duplicates(self.closed_stages, ("closed_stages",))
        for index, stage in enumerate(self.closed_stages):
            if stage in self.stage_limits_days:
                problems.append((("closed_stages", index), f"{_show(stage)} is also an open stage in "
                                 "deals.stage_limits_days; a stage is either open or closed"))
        if self.won_stage not in self.closed_stages:
            problems.append((("won_stage",), f"must be one of deals.closed_stages ({_one_of(self.closed_stages)})"
                             f"{_suggest(self.won_stage, self.closed_stages)} (got {_show(self.won_stage)})"))
        _raise_if(problems)
        return self


# --------------------------------------------------------------------------
# data_quality, handoff, content, lifecycle
# --------------------------------------------------------------------------


class DataQualityTargets(ConfigModel):
    """Data Management SOP, Data Quality Metrics."""

    completeness: Percent = Field(95.0, description="'Completeness >95%'.")
    accuracy: Percent = Field(98.0, description="'Accuracy >98%'.")
    duplicates_max: Percent = Field(2.0, description="'Duplicates <2%'.")
    bounces_max: Percent = Field(5.0, description="'Bounces <5%'.")
    compliance: Percent = Field(100.0, description="'Compliance 100%'.")


class RetentionRule(ConfigModel):
    """Keep a kind of record ``years`` years, then take ``action``."""

    years: PositiveInt = Field(description="Years the record is kept.")
    action: Literal["archive", "delete", "suppress"] = Field(description="What happens after that.")


class DataQualityConfig(ConfigModel):
    """Data Management SOP."""

    required_fields: list[CanonicalField] = Field(
        default_factory=lambda: ["first_name", "last_name", "company", "lead_source"],
        description="'Required Fields': First Name, Last Name, Company, Lead Source ('Required').",
    )
    unique_fields: list[CanonicalField] = Field(default_factory=lambda: ["email"], description="'Email ... Unique'.")
    targets: DataQualityTargets = Field(default_factory=DataQualityTargets, description="'Data Quality Metrics'.")
    weekly_lead_completeness: Percent = Field(
        90.0, description="Lead Management SOP, 'Weekly Audits: Data completeness >90%'."
    )
    retention: dict[Text, RetentionRule] = Field(
        default_factory=lambda: {
            "customers": RetentionRule(years=7, action="archive"),
            "prospects": RetentionRule(years=2, action="delete"),
            "unsubscribed": RetentionRule(years=5, action="suppress"),
        },
        description="'Data Retention Policy: Customers 7 years Archive, Prospects 2 years Delete, "
        "Unsubscribed 5 years Suppress'.",
    )

    @model_validator(mode="after")
    def _check(self) -> DataQualityConfig:
        problems = _duplicates(self.required_fields, ("required_fields",))
        problems += _duplicates(self.unique_fields, ("unique_fields",))
        _raise_if(problems)
        return self


class HandoffConfig(ConfigModel):
    """Customer Handoff SOP, Handoff Quality Metrics."""

    form_complete: Percent = Field(100.0, description="'Handoff completeness 100%'.")
    kickoff_days: PositiveInt = Field(3, description="'Kickoff within 3 days'.")
    kickoff_target: Percent = Field(95.0, description="'Kickoff within 3 days: 95%'.")
    csat_30d: Annotated[float, Field(ge=0, le=10)] = Field(8.0, description="'30-day satisfaction >8/10'.")
    time_to_value_days: PositiveInt = Field(14, description="'Time to first value <14 days'.")
    nps: Annotated[int, Field(ge=-100, le=100)] = Field(50, description="'Handoff NPS >50'.")


class ContentConfig(ConfigModel):
    """Content Creation SOP, 6. Content Optimization, monthly targets."""

    page_views: NonNegativeInt = Field(1000, description="'Page Views 1,000/month'.")
    time_on_page_minutes: NonNegativeFloat = Field(3.0, description="'Time on Page 3 minutes'.")
    conversion: Percent = Field(2.0, description="'Conversion 2%'.")
    shares: NonNegativeInt = Field(50, description="'Shares 50'.")
    backlinks: NonNegativeInt = Field(5, description="'Backlinks 5'.")


_SUBSTATUS_SEPARATORS = re.compile(r"[\s_\-\u2013\u2014/]+")


def substatus_key(text: str) -> str:
    """Match key for CRM picklist values: case, spaces, '_', '-' and '/' ignored.

    ``substatus_key("Unqualified - Bad Fit") == substatus_key("UNQUALIFIED_BAD_FIT")``.
    """
    return _SUBSTATUS_SEPARATORS.sub(" ", str(text)).strip().casefold()


def _default_substatus_map() -> dict[str, str]:
    return {
        # Salesforce lead statuses and common disqualification reasons
        "Closed - Converted": "qualified",
        "Closed - Not Converted": "bad_fit",
        "Qualified": "qualified",
        "Sales Qualified": "qualified",
        "Open Deal": "qualified",
        "Unqualified": "bad_fit",
        "Unqualified - Bad Fit": "bad_fit",
        "Bad Fit": "bad_fit",
        "Not a Fit": "bad_fit",
        "Student": "bad_fit",
        "Competitor": "bad_fit",
        "Not Ready": "not_ready",
        "Bad Timing": "not_ready",
        "No Budget": "not_ready",
        "Future Interest": "not_ready",
        "Nurture": "not_ready",
        "Attempted to Contact": "no_response",
        "No Response": "no_response",
        "Unresponsive": "no_response",
        "Do Not Contact": "do_not_contact",
        "Unsubscribed": "do_not_contact",
        "Opted Out": "do_not_contact",
    }


class LifecycleConfig(ConfigModel):
    """Lead Management SOP, 6. Lead Disposition: 'Qualified -> Create Opportunity, Not Ready -> Return to
    Marketing, Bad Fit -> Disqualify, No Response -> Recycle (90 days), Do Not Contact -> Suppress'."""

    recycle_days: PositiveInt = Field(90, description="'No Response -> Recycle (90 days)'.")
    marketing_queue: Text = Field(
        "Marketing Nurture", description="Owner/queue for leads returned to marketing ('Return to Marketing')."
    )
    substatus_map: dict[Text, Disposition] = Field(
        default_factory=_default_substatus_map,
        description="CRM status/substatus value -> disposition; matched ignoring case, spaces, '_', '-' and '/'.",
    )
    update_headers: dict[CrmFormat, dict[UpdateField, Text]] = Field(
        default_factory=dict,
        description="Per --format, headers of the update file to use instead of the built-in ones, e.g. "
        "salesforce.substatus = 'Lead_Substatus__c' for your org's API name.",
    )
    update_status: dict[CrmFormat, dict[UpdateKind, Text]] = Field(
        default_factory=dict,
        description="Per --format, the status value each change writes instead of the built-in one, e.g. "
        "hubspot.not_ready = 'NURTURE' for a custom picklist.",
    )

    @property
    def substatus_lookup(self) -> dict[str, str]:
        """``substatus_map`` keyed by :func:`substatus_key`, for ``series.map(substatus_key).map(lookup)``."""
        return {substatus_key(value): disposition for value, disposition in self.substatus_map.items()}

    @model_validator(mode="after")
    def _check(self) -> LifecycleConfig:
        seen: dict[str, str] = {}
        problems: list[tuple[tuple[str | int, ...], str]] = []
        for value in self.substatus_map:
            key = substatus_key(value)
            if key in seen:
                problems.append((("substatus_map", value), f"is the same value as {_show(seen[key])} once case and "
                                 "punctuation are ignored; keep one of them"))
            else:
                seen[key] = value
        _raise_if(problems)
        return self


class ReportConfig(ConfigModel):
    """`revops report weekly`: targets of the Lead Management SOP's weekly QA that the SOP names without a number."""

    score_accuracy: Percent = Field(
        95.0, description="'Weekly Audits: Score accuracy': share of the week's new leads whose recorded band is the "
        "band the scoring rules give (the SOP sets no number; 95 matches its SLA target).")
    routing_accuracy: Percent = Field(
        95.0, description="'Weekly Audits: Routing accuracy': share of the week's new leads owned by a role their "
        "score tier routes to (no number in the SOP; 95 as above).")


# --------------------------------------------------------------------------
# The whole config
# --------------------------------------------------------------------------


class RevopsConfig(ConfigModel):
    """Every threshold, rule, table and list revops uses, with the SOP numbers as defaults."""

    general: GeneralConfig = Field(default_factory=GeneralConfig, description="Settings every command shares.")
    columns: dict[CanonicalField, Text] = Field(
        default_factory=dict, description="Canonical field -> source header, overriding column auto-detection."
    )
    business_hours: BusinessHoursConfig = Field(
        default_factory=BusinessHoursConfig, description="Working hours for business-hour SLA clocks."
    )
    clean: CleanConfig = Field(default_factory=CleanConfig, description="Lead Management SOP, Data hygiene.")
    dedupe: DedupeConfig = Field(default_factory=DedupeConfig, description="Lead Management SOP, Duplicate check.")
    enrich: EnrichConfig = Field(default_factory=EnrichConfig, description="Lead Management SOP, Lead Enrichment.")
    scoring: ScoringConfig = Field(default_factory=ScoringConfig, description="Lead Management SOP, Lead Scoring.")
    routing: RoutingConfig = Field(default_factory=RoutingConfig, description="Lead Management SOP, Lead Routing.")
    nurture: NurtureConfig = Field(default_factory=NurtureConfig, description="Lead Management SOP, Lead Nurturing.")
    sla: SlaConfig = Field(default_factory=SlaConfig, description="Response SLAs, sales SLA, activity minimums.")
    funnel: FunnelConfig = Field(default_factory=FunnelConfig, description="Funnel KPIs and the marketing SLA.")
    campaign: CampaignConfig = Field(default_factory=CampaignConfig, description="Campaign Execution SOP.")
    event: EventConfig = Field(default_factory=EventConfig, description="Event Management SOP.")
    deals: DealsConfig = Field(default_factory=DealsConfig, description="Sales Process SOP, stages and discounts.")
    data_quality: DataQualityConfig = Field(default_factory=DataQualityConfig, description="Data Management SOP.")
    handoff: HandoffConfig = Field(default_factory=HandoffConfig, description="Customer Handoff SOP.")
    content: ContentConfig = Field(default_factory=ContentConfig, description="Content Creation SOP.")
    lifecycle: LifecycleConfig = Field(default_factory=LifecycleConfig, description="Lead Management SOP, Disposition.")
    report: ReportConfig = Field(default_factory=ReportConfig, description="The weekly pipeline-review pack.")

    @property
    def business_timezone(self) -> str:
        """Time zone of the working hours: business_hours.timezone, else general.timezone."""
        return self.business_hours.timezone or self.general.timezone

    @model_validator(mode="after")
    def _check(self) -> RevopsConfig:
        bands = self.scoring.band_names
        problems: list[tuple[tuple[str | int, ...], str]] = []
        for name in self.sla.response_minutes:
            if name not in bands:
                problems.append((("sla", "response_minutes", name), "is not a scoring band"
                                 f"{_suggest(name, bands)}; expected one of {_one_of(bands)}"))
        missing = [name for name in bands if name not in self.sla.response_minutes]
        if missing:
            plural = "s" if len(missing) > 1 else ""
            problems.append((("sla", "response_minutes"), f"has no response time for band{plural} "
                             f"{_one_of(missing)}; every scoring band needs one (a table you write replaces the "
                             "default table, so list every band)"))
        for index, name in enumerate(self.sla.wall_clock_bands):
            if name not in bands:
                problems.append((("sla", "wall_clock_bands", index), f"{_show(name)} is not a scoring band"
                                 f"{_suggest(name, bands)}; expected one of {_one_of(bands)}"))
        _raise_if(problems)
        return self


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
    dest.mkdir(parents=True, exist_ok=True)
    for path, text in zip(targets, texts.values()):
        handle = tempfile.NamedTemporaryFile("w", encoding="utf-8", newline="", dir=dest,
                                             prefix=f".{path.name}.", suffix=".tmp", delete=False)
        try:
            with handle:
                handle.write(text)
            os.replace(handle.name, path)
        except BaseException:
            Path(handle.name).unlink(missing_ok=True)
            raise
    return targets

"""Value types of the config: percentages, time zones, times of day, country and currency codes, domains...

Each validator's message says what is expected, so a typo in revops.toml is one clear line."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, available_timezones

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

from revops_cli.columns import CANONICAL_FIELDS
from revops_cli.config.checks import _one_of, _suggest
from revops_cli.normalize.industry import NAICS_SECTORS

_NAICS_RANGE_OF = {"31": "31-33", "32": "31-33", "33": "31-33", "44": "44-45", "45": "44-45",
                   "48": "48-49", "49": "48-49"}

WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

#: Lead disposition outcomes (Lead Management SOP, 6. Lead Disposition).
DISPOSITIONS: tuple[str, ...] = ("qualified", "not_ready", "bad_fit", "no_response", "do_not_contact")


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




class ConfigModel(BaseModel):
    """Base of every config section: unknown keys are errors and types are exact."""

    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False, validate_assignment=True)



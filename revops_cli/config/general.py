"""[general] and [business_hours]: settings every command shares."""

from __future__ import annotations

import datetime as dt

from pydantic import Field, model_validator

from revops_cli.config.checks import _duplicates, _raise_if, _show, _suggest
from revops_cli.config.types import (
    ConfigModel,
    CountryCode,
    CurrencyCode,
    Text,
    TimeOfDay,
    TimeZoneName,
    Weekday,
    WeekdayName,
)


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
    lock_wait_seconds: float = Field(
        30.0, ge=0, le=86400,
        description="Seconds a run waits for another run's lock on the round-robin state file before it stops "
        "with 'another revops run holds STATE since HH:MM' (exit 2); a cron job never waits forever.",
    )


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



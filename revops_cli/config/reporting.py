"""[report]: the weekly pipeline-review pack; [reporting]: the Reporting SOP's inventory and the reports' settings."""

from __future__ import annotations

from typing import Annotated, Any, Literal, Optional

from pydantic import Field, model_validator

from revops_cli.config.checks import _duplicates, _raise_if, _show
from revops_cli.config.types import (
    ConfigModel,
    Percent,
    PositiveFloat,
    PositiveInt,
    Text,
    TimeOfDay,
    Weekday,
)


class ReportConfig(ConfigModel):
    """`revops report weekly`: targets of the Lead Management SOP's weekly QA that the SOP names without a number."""

    score_accuracy: Percent = Field(
        95.0, description="'Weekly Audits: Score accuracy': share of the week's new leads whose recorded band is the "
        "band the scoring rules give (the SOP sets no number; 95 matches its SLA target).")
    routing_accuracy: Percent = Field(
        95.0, description="'Weekly Audits: Routing accuracy': share of the week's new leads owned by a role their "
        "score tier routes to (no number in the SOP; 95 as above).")
    trend_weeks: PositiveInt = Field(
        8, description="Weeks of funnel trend the pipeline review shows (the week reviewed and the ones before it).")
    response_buckets_minutes: list[PositiveInt] = Field(
        default_factory=lambda: [5, 60, 240, 1440, 2880], min_length=1,
        description="Upper bounds of the response-time buckets in the pipeline review, in minutes, ascending: the "
        "band SLAs (Hot 5 minutes, Warm 1 hour, Qualified 24 hours, Cold 48 hours) plus 4 hours; a last bucket "
        "holds everything slower.")

    @model_validator(mode="after")
    def _check(self) -> ReportConfig:
        bounds = self.response_buckets_minutes
        problems = [(("response_buckets_minutes", i), f"must be greater than the bound before it ({bounds[i - 1]}); "
                     f"list bounds from the shortest up (got {bounds[i]})")
                    for i in range(1, len(bounds)) if bounds[i] <= bounds[i - 1]]
        _raise_if(problems)
        return self

    @property
    def response_buckets(self) -> list[tuple[str, float]]:
        """(label, upper bound in minutes) per bucket, the last unbounded: ("≤ 5 min", 5) ... ("> 48 h", inf)."""
        def shown(minutes: int) -> str:
            return f"{minutes // 60} h" if minutes >= 60 and minutes % 60 == 0 else f"{minutes} min"
        buckets = [(f"≤ {shown(m)}", float(m)) for m in self.response_buckets_minutes]
        return buckets + [(f"> {shown(self.response_buckets_minutes[-1])}", float("inf"))]


# --------------------------------------------------------------------------- the Reporting SOP's inventory

ReportFormat = Literal["html", "md", "json", "slack.json"]
DayOfMonth = Annotated[int, Field(ge=1, le=28)]

#: Report ids of the inventory, in the SOP's order (daily, weekly, monthly).
REPORT_IDS: tuple[str, ...] = (
    "sales_activity", "lead_flow", "pipeline_changes", "pipeline_review", "campaign_performance", "forecast_rollup",
    "win_loss", "marketing_review", "sales_review", "business_review", "board_deck", "lead_management_review",
)


class ScheduledReport(ConfigModel):
    """One row of the Reporting SOP's report inventory: when it is due, for whom, and which files it becomes."""

    title: Text = Field(description="The report's name as the SOP writes it.")
    cadence: Literal["daily", "weekly", "monthly"] = Field(
        description="'Daily Reports', 'Weekly Reports' or 'Monthly Reports'. Daily reports are due on "
        "business_hours.workdays.")
    weekday: Optional[Weekday] = Field(None, description="Weekly reports: the SOP's 'Day' (mon ... sun).")
    day_of_month: Optional[DayOfMonth] = Field(
        None, description="Monthly reports: the SOP's 'Due Date' (3 for 'the 3rd'); 1-28 so every month has it.")
    time: TimeOfDay = Field(description="Local time (general.timezone) the report is due, 'HH:MM'.")
    audience: Text = Field(description="The SOP's 'Audience' / 'Distribution'.")
    delivery: Text = Field(description="The SOP's 'Delivery' / 'Format' (Dashboard, Email, Slack): how the team "
                           "sends the files revops writes; revops itself never sends anything.")
    formats: list[ReportFormat] = Field(
        min_length=1, description="Files `revops report due --run` writes: html (an email body or a dashboard "
        "page), md, json, slack.json (Slack Block Kit for chat.postMessage or a webhook).")
    enabled: bool = Field(True, description="false: never due (the team does not run it).")

    @model_validator(mode="after")
    def _check(self) -> ScheduledReport:
        problems: list[tuple[tuple[str | int, ...], str]] = []
        if self.cadence == "weekly" and self.weekday is None:
            problems.append((("weekday",), "a weekly report needs its day, e.g. weekday = \"mon\""))
        if self.cadence == "monthly" and self.day_of_month is None:
            problems.append((("day_of_month",), "a monthly report needs its due date, e.g. day_of_month = 3"))
        if self.cadence != "weekly" and self.weekday is not None:
            problems.append((("weekday",), f"only a weekly report has a weekday (this one is {self.cadence}); "
                             "remove the key"))
        if self.cadence != "monthly" and self.day_of_month is not None:
            problems.append((("day_of_month",), f"only a monthly report has a day_of_month (this one is "
                             f"{self.cadence}); remove the key"))
        problems += _duplicates(self.formats, ("formats",))
        _raise_if(problems)
        return self


def _scheduled(title: str, cadence: str, time: str, audience: str, delivery: str, formats: list[str],
               **when: Any) -> ScheduledReport:
    return ScheduledReport(title=title, cadence=cadence, time=time, audience=audience, delivery=delivery,
                           formats=formats, **when)


_INVENTORY_DEFAULTS: dict[str, Any] = {
    "sales_activity": lambda: _scheduled("Sales Activity", "daily", "09:00", "Sales Team", "Dashboard", ["html"]),
    "lead_flow": lambda: _scheduled("Lead Flow", "daily", "09:00", "Marketing", "Email", ["html"]),
    "pipeline_changes": lambda: _scheduled("Pipeline Changes", "daily", "10:00", "Management", "Slack",
                                           ["slack.json", "html"]),
    "pipeline_review": lambda: _scheduled("Pipeline Review", "weekly", "08:00", "Sales Mgmt", "Email", ["html"],
                                          weekday="mon"),
    "campaign_performance": lambda: _scheduled("Campaign Performance", "weekly", "08:00", "Marketing", "Email",
                                               ["html"], weekday="tue"),
    "forecast_rollup": lambda: _scheduled("Forecast Roll-up", "weekly", "08:00", "Executive", "Email", ["html"],
                                          weekday="wed"),
    "win_loss": lambda: _scheduled("Win/Loss Analysis", "weekly", "08:00", "Product", "Email", ["html"],
                                   weekday="thu"),
    "marketing_review": lambda: _scheduled("Marketing Review", "monthly", "08:00", "CMO", "Email", ["html"],
                                           day_of_month=3),
    "sales_review": lambda: _scheduled("Sales Review", "monthly", "08:00", "CRO", "Email", ["html"], day_of_month=3),
    "business_review": lambda: _scheduled("Business Review", "monthly", "08:00", "Executive", "Email", ["html"],
                                          day_of_month=5),
    "board_deck": lambda: _scheduled("Board Deck", "monthly", "08:00", "Board", "Email", ["html"], day_of_month=10),
    "lead_management_review": lambda: _scheduled("Lead Management monthly review", "monthly", "08:00", "RevOps",
                                                 "Email", ["html"], day_of_month=1),
}


class ReportInventory(ConfigModel):
    """Reporting SOP, '1. Report Inventory': every report a RevOps team owes, with audience, timing and format.

    A table you write for one report changes only the keys it names (``[reporting.inventory.board_deck]
    day_of_month = 12`` keeps the Board Deck's title, audience and formats)."""

    sales_activity: ScheduledReport = Field(
        default_factory=_INVENTORY_DEFAULTS["sales_activity"],
        description="'Daily Reports: Sales Activity | Sales Team | 9 AM | Dashboard': yesterday's calls, emails, "
        "meetings and demos per rep against the daily minimums.")
    lead_flow: ScheduledReport = Field(
        default_factory=_INVENTORY_DEFAULTS["lead_flow"],
        description="'Lead Flow | Marketing | 9 AM | Email': yesterday's new leads, response times, leads waiting.")
    pipeline_changes: ScheduledReport = Field(
        default_factory=_INVENTORY_DEFAULTS["pipeline_changes"],
        description="'Pipeline Changes | Management | 10 AM | Slack': what changed between two opportunity "
        "snapshots.")
    pipeline_review: ScheduledReport = Field(
        default_factory=_INVENTORY_DEFAULTS["pipeline_review"],
        description="'Weekly Reports: Pipeline Review | Sales Mgmt | Monday | RevOps' (`revops report weekly`); the "
        "SOP names the day only, 08:00 is before the meeting.")
    campaign_performance: ScheduledReport = Field(
        default_factory=_INVENTORY_DEFAULTS["campaign_performance"],
        description="'Campaign Performance | Marketing | Tuesday | Marketing Ops'.")
    forecast_rollup: ScheduledReport = Field(
        default_factory=_INVENTORY_DEFAULTS["forecast_rollup"],
        description="'Forecast Roll-up | Executive | Wednesday | Sales Ops'.")
    win_loss: ScheduledReport = Field(
        default_factory=_INVENTORY_DEFAULTS["win_loss"],
        description="'Win/Loss Analysis | Product | Thursday | Analytics'.")
    marketing_review: ScheduledReport = Field(
        default_factory=_INVENTORY_DEFAULTS["marketing_review"],
        description="'Monthly Reports: Marketing Review | CMO | 3rd | Campaign ROI'.")
    sales_review: ScheduledReport = Field(
        default_factory=_INVENTORY_DEFAULTS["sales_review"],
        description="'Sales Review | CRO | 3rd | Attainment'.")
    business_review: ScheduledReport = Field(
        default_factory=_INVENTORY_DEFAULTS["business_review"],
        description="'Business Review | Executive | 5th | All metrics'.")
    board_deck: ScheduledReport = Field(
        default_factory=_INVENTORY_DEFAULTS["board_deck"], description="'Board Deck | Board | 10th | Highlights'.")
    lead_management_review: ScheduledReport = Field(
        default_factory=_INVENTORY_DEFAULTS["lead_management_review"],
        description="Lead Management SOP, 'Monthly Reviews: Lead source performance, Conversion rates by score, "
        "Routing effectiveness, Nurture engagement'; the SOP names no day, so the 1st.")

    @model_validator(mode="before")
    @classmethod
    def _merge_onto_defaults(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        merged = dict(data)
        for name, value in data.items():
            if name in _INVENTORY_DEFAULTS and isinstance(value, dict):
                default = _INVENTORY_DEFAULTS[name]().model_dump()
                if value.get("cadence", default["cadence"]) != default["cadence"]:  # its day no longer applies
                    default.pop("weekday")
                    default.pop("day_of_month")
                merged[name] = {**default, **value}
        return merged

    def items(self) -> list[tuple[str, ScheduledReport]]:
        """(report id, schedule) in the SOP's order."""
        return [(name, getattr(self, name)) for name in REPORT_IDS]


class CustomerSegment(ConfigModel):
    """A customer segment by company size: companies with at most ``max_employees`` employees (none: no limit)."""

    name: Text = Field(description="Segment name, e.g. 'SMB'.")
    max_employees: Optional[PositiveInt] = Field(None, description="Inclusive upper bound; none on the last row.")


class ReportingConfig(ConfigModel):
    """Reporting SOP: the report inventory (when each report is due, for whom) and the settings of the reports
    beyond the weekly pipeline review. The SOP gives no number for most of these; each description says so."""

    inventory: ReportInventory = Field(
        default_factory=ReportInventory, description="Reporting SOP, '1. Report Inventory'.")
    fiscal_year_start_month: Annotated[int, Field(ge=1, le=12)] = Field(
        1, description="First month of the fiscal year (1 = January): quarters of the forecast roll-up and of "
        "quota periods such as 2026-Q4 (a fiscal year is named by the calendar year it starts in).")
    forecast_categories: list[Text] = Field(
        default_factory=lambda: ["Commit", "Best Case", "Pipeline", "Omitted"], min_length=1,
        description="Forecast roll-up (Salesforce Collaborative Forecasts, Clari): the forecast categories, most "
        "certain first; an export's Forecast Category values are matched to these ignoring case and spaces.")
    omitted_categories: list[Text] = Field(
        default_factory=lambda: ["Omitted"],
        description="Forecast categories left out of the open pipeline, the forecast and coverage (the rep says "
        "the deal will not close in the period).")
    category_aliases: dict[Text, Text] = Field(
        default_factory=lambda: {"Not Forecasted": "Omitted", "Omit": "Omitted", "Upside": "Best Case",
                                 "Most Likely": "Best Case", "Committed": "Commit", "Forecast": "Commit"},
        description="Other CRMs' forecast-category words -> one of forecast_categories (HubSpot's 'Not "
        "forecasted' is Omitted). Keys match ignoring case and spaces.")
    stage_categories: dict[Text, Text] = Field(
        default_factory=dict,
        description="Only for exports without a Forecast Category column: the category each open stage stands for "
        "(the stage defaults a CRM assigns when a rep makes no call), e.g. {Negotiation = \"Commit\", Proposal = "
        "\"Best Case\"}. Empty (the default): without the column the categories are not measured. Pages say when "
        "categories come from here.")
    stage_conversion_min_closed: PositiveInt = Field(
        10, description="'A stage-weighted number from historical conversion by stage where closed deals allow it, "
        "else stage probability': the closed deals that passed through a stage before its historical win rate is "
        "used (the SOP gives no number).")
    largest_deals: PositiveInt = Field(10, description="'The largest deals listed by name': how many.")
    deal_size_bands: list[PositiveFloat] = Field(
        default_factory=lambda: [10000.0, 25000.0, 50000.0, 100000.0], min_length=1,
        description="Win/Loss Analysis: upper bounds (inclusive) of the deal-size bands win rates are broken down "
        "by, in general.currency, ascending; a last band holds everything larger (the SOP gives no bands).")
    segments: list[CustomerSegment] = Field(
        default_factory=lambda: [CustomerSegment(name="SMB", max_employees=99),
                                 CustomerSegment(name="Mid-Market", max_employees=999),
                                 CustomerSegment(name="Enterprise")],
        min_length=1,
        description="Win/Loss Analysis: customer segments by company size when the export has no Segment column "
        "(the common SMB < 100, Mid-Market < 1,000, Enterprise split; the SOP gives none). Smallest first.")
    trend_months: PositiveInt = Field(
        6, description="Months of bookings and pipeline trend the monthly reviews and the board deck chart.")
    biggest_changes: PositiveInt = Field(3, description="Board Deck: 'the three biggest changes' month over month.")
    quotas_file: Text = Field(
        "quotas.csv", description="Quota file (rep or team, period, amount), relative to the config file's folder; "
        "--quotas overrides it.")

    @model_validator(mode="after")
    def _check(self) -> ReportingConfig:
        problems: list[tuple[tuple[str | int, ...], str]] = []
        problems += _duplicates(self.forecast_categories, ("forecast_categories",), fold=True)
        known = {c.casefold() for c in self.forecast_categories}
        for index, name in enumerate(self.omitted_categories):
            if name.casefold() not in known:
                problems.append((("omitted_categories", index), f"{_show(name)} is not one of "
                                 "reporting.forecast_categories"))
        for stage, name in self.stage_categories.items():
            if name.casefold() not in known:
                problems.append((("stage_categories", stage), f"{_show(name)} is not one of "
                                 "reporting.forecast_categories"))
        for alias, name in self.category_aliases.items():
            if name.casefold() not in known:
                problems.append((("category_aliases", alias), f"{_show(name)} is not one of "
                                 "reporting.forecast_categories"))
        bands = self.deal_size_bands
        problems += [(("deal_size_bands", i), f"must be greater than the bound before it ({bands[i - 1]:g}); list "
                      f"bounds from the smallest up (got {bands[i]:g})") for i in range(1, len(bands))
                     if bands[i] <= bands[i - 1]]
        last = len(self.segments) - 1
        for index, segment in enumerate(self.segments):
            if index < last and segment.max_employees is None:
                problems.append((("segments", index, "max_employees"), "only the last segment may have no upper "
                                 "bound"))
            if index and segment.max_employees is not None and self.segments[index - 1].max_employees is not None \
                    and segment.max_employees <= self.segments[index - 1].max_employees:
                problems.append((("segments", index, "max_employees"), "must be greater than the segment before "
                                 f"it ({self.segments[index - 1].max_employees}); list segments from the smallest up"))
        if self.segments[last].max_employees is not None:
            problems.append((("segments", last, "max_employees"), "the last segment must have no upper bound, so "
                             "every company has a segment (remove the key)"))
        _raise_if(problems)
        return self

    def category(self, value: Any) -> str | None:
        """The forecast category an export's value means, or None (blank or unknown)."""
        if value is None or not isinstance(value, str) or not value.strip():
            return None
        key = "".join(value.split()).casefold()
        for name in self.forecast_categories:
            if "".join(name.split()).casefold() == key:
                return name
        for alias, name in self.category_aliases.items():
            if "".join(alias.split()).casefold() == key:
                return next(c for c in self.forecast_categories if c.casefold() == name.casefold())
        return None

"""[scoring]: Lead Management SOP 3. Lead Scoring (points tables and bands)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, Field, model_validator

from revops_cli.config.checks import _duplicates, _raise_if
from revops_cli.config.types import (
    CANONICAL_FIELDS,
    ConfigModel,
    PositiveFloat,
    ScorePoints,
    Text,
)
from revops_cli.normalize.score_rules import DERIVED_FIELDS, parse_rule


def _points_rule(text: str) -> str:
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



"""[scoring]: Lead Management SOP 3. Lead Scoring (points tables and bands)."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, model_validator

from revops_cli.config.checks import _duplicates, _raise_if
from revops_cli.config.types import (
    CANONICAL_FIELDS,
    ConfigModel,
    NonNegativeInt,
    Percent,
    PositiveFloat,
    PositiveInt,
    ScorePoints,
    Text,
)
from revops_cli.normalize.score_rules import DERIVED_FIELDS, parse_rule

#: Field names every rule may use: the canonical lead fields and the derived ones.
RULE_FIELDS = frozenset(CANONICAL_FIELDS) | frozenset(DERIVED_FIELDS)


def _points_rule(text: str) -> str:
    parse_rule(text)  # ValueError -> one-line problem; the field is checked against [scoring.fields] too, below
    return text


def _custom_field_name(name: str) -> str:
    if not re.fullmatch(r"[a-z][a-z0-9_]*", name):
        raise ValueError("a rule field name is lower-case letters, digits and _, starting with a letter "
                         "(e.g. prior_outcome)")
    if name in RULE_FIELDS:
        raise ValueError(f"{name!r} is already a lead field; rules read it without a [scoring.fields] entry")
    return name


CustomFieldName = Annotated[str, AfterValidator(_custom_field_name)]


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


class FitConfig(ConfigModel):
    """How `revops leads fit` learns points tables from leads whose outcome is known.

    The SOP's KPI table answers a Lead-to-MQL rate under 35% with a 'Scoring adjustment', and its monthly
    review asks for 'Conversion rates by score'; these settings say how far the data must go before a
    fitted table replaces the SOP's defaults."""

    min_outcomes: PositiveInt = Field(
        200, description="Fewest leads of each class (converted and not) a fit needs; with fewer it is refused, "
        "since points learned from a few dozen outcomes are noise.")
    holdout: float = Field(
        0.2, gt=0, lt=1, description="Share of the labelled leads kept out of the fit to measure it (0.2 = 20%).")
    seed: NonNegativeInt = Field(0, description="Seed of the train/held-out split: the same data and seed give "
                                 "the same tables.")
    max_rungs: Annotated[int, Field(ge=2, le=12)] = Field(
        5, description="Most rungs a number field's ladder gets (besides missing).")
    min_share: Percent = Field(
        5.0, description="Smallest share of the training leads (percent) a rung or a value of its own needs; "
        "rarer values share one rule.")
    leak_auc: Annotated[float, Field(gt=0.5, le=1)] = Field(
        0.95, description="A field that alone ranks the outcome this well (ROC AUC) is taken for a leak "
        "(written after the fact: a converted date, a post-sale status) and left out with a note.")
    leak_value_rate: Percent = Field(
        99.5, description="A value (or number range) holding at least leak_value_share of the converted leads "
        "of which at least this percent converted is a leak too (a tag written once the deal closed).")
    leak_value_share: Percent = Field(
        5.0, description="Share of the converted leads (percent) a value must hold for leak_value_rate to apply.")
    exclude_fields: list[Text] = Field(
        default_factory=lambda: ["status", "substatus", "lifecycle_stage", "owner", "rating", "score"],
        description="Fields never fitted: written by sales or by the old score after the lead arrived, so "
        "they describe the outcome rather than predict it.")
    dimension_words: dict[Literal["demographic", "firmographic"], list[Text]] = Field(
        default_factory=lambda: {
            "demographic": ["role", "seniority", "title", "job", "occupation", "function", "department", "age",
                            "education", "marital", "gender", "country", "region", "city", "language",
                            "persona"],
            "firmographic": ["company", "account", "industry", "sector", "vertical", "employees", "headcount",
                             "size", "revenue", "acv", "segment", "tier"],
        },
        description="A column that is no lead field goes to the dimension whose words its header contains "
        "(Lead Management SOP: demographic = the person, firmographic = the company); other columns are "
        "behavioural. `leads fit --dimension FIELD=DIMENSION` overrides.")
    band_shares: dict[Text, Percent] = Field(
        default_factory=lambda: {"Hot": 5.0, "Warm": 10.0, "Qualified": 20.0, "Early": 25.0, "Cold": 40.0},
        description="Target share of leads per band (percent, adding up to 100; name every band) for `leads "
        "fit --rebalance-bands`. Not an SOP number: without that option the SOP's thresholds stay.")


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
                "last_activity_type in Demo Requested,Requested a Demo,Form Submitted,Form Submitted on Website,"
                "Had a Phone Conversation,Email Replied,Meeting Booked,Trial Started": 6,
                "last_activity_type in Email Bounced,Unsubscribed,Unreachable,Email Marked Spam": -6,
                "lead_origin in Demo Request,Contact Us,Free Trial,Trial,Lead Add Form": 6,
                "visits >= 10": 6,
                "visits >= 5": 4,
                "visits >= 2": 2,
                "time_on_site >= 900": 6,
                "time_on_site >= 300": 4,
                "time_on_site >= 60": 1,
                "pages_per_visit >= 4": 3,
                "pages_per_visit >= 2": 1,
                "email_replies >= 1": 5,
                "unsubscribed = true": -5,
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
        "is a strong signal. Web behaviour of marketing-automation exports counts too: visits, time on site "
        "(seconds), pages per visit, the last activity's kind, the lead's origin form, email replies, and an "
        "email opt-out (Do Not Email) takes points away.",
    )
    fields: dict[CustomFieldName, Text] = Field(
        default_factory=dict,
        description="Rule field -> column header, for columns that are no standard lead field (a custom "
        "field such as 'Prior Outcome'); rules then read it like any field: \"prior_outcome = success\" = 6. "
        "`leads fit` writes these for the columns its tables use.")
    fit: FitConfig = Field(default_factory=FitConfig, description="How `revops leads fit` learns points tables.")
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
        known = RULE_FIELDS | frozenset(self.fields)
        for name in ("demographic", "firmographic", "behavioral"):
            for text in getattr(self, name).points:
                try:
                    parse_rule(text, known)
                except ValueError as exc:
                    problems.append(((name, "points", text), f"{exc}; a column that is no lead field needs a "
                                     "[scoring.fields] entry (name = \"Header\")"))
        shares = self.fit.band_shares
        if shares and abs(sum(shares.values()) - 100) > 0.01:  # which bands they name is checked when used
            problems.append((("fit", "band_shares"), "the shares must add up to 100 (got "
                             f"{', '.join(f'{k} {v:g}' for k, v in shares.items())})"))
        _raise_if(problems)
        return self



"""[routing] and [nurture]: Lead Management SOP 4. Lead Routing and 5. Lead Nurturing."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from revops_cli.config.checks import _duplicates, _raise_if
from revops_cli.config.types import (
    ConfigModel,
    NonNegativeInt,
    Percent,
    PositiveInt,
    ScorePoints,
    Text,
)


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
        True, description="Leads of a sales tier already owned by an active rep keep their owner (--reassign "
        "overrides)."
    )
    keep_owner_in_nurture: bool = Field(
        False, description="'ELSE Add to Marketing Nurture, no sales assignment': a lead scored below the sales "
        "tiers leaves its sales owner for the marketing queue; true keeps an active owner there too."
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



"""RevopsConfig: the whole config, one section per SOP area, and the checks that span sections."""

from __future__ import annotations

from pydantic import Field, model_validator

from revops_cli.config.checks import _one_of, _raise_if, _show, _suggest
from revops_cli.config.data import DataQualityConfig
from revops_cli.config.general import BusinessHoursConfig, GeneralConfig
from revops_cli.config.leads import (
    CleanConfig,
    DedupeConfig,
    EnrichConfig,
    LifecycleConfig,
)
from revops_cli.config.marketing import (
    CampaignConfig,
    ContentConfig,
    EventConfig,
    FunnelConfig,
)
from revops_cli.config.reporting import ReportConfig, ReportingConfig
from revops_cli.config.routing import NurtureConfig, RoutingConfig
from revops_cli.config.sales import DealsConfig, HandoffConfig, SlaConfig
from revops_cli.config.scoring import ScoringConfig
from revops_cli.config.types import CanonicalField, ConfigModel, Text

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
    reporting: ReportingConfig = Field(default_factory=ReportingConfig,
                                       description="Reporting SOP: the report inventory and the other reports.")

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
        problems += self._tier_sla_problems()
        for index, name in enumerate(self.sla.wall_clock_bands):
            if name not in bands:
                problems.append((("sla", "wall_clock_bands", index), f"{_show(name)} is not a scoring band"
                                 f"{_suggest(name, bands)}; expected one of {_one_of(bands)}"))
        _raise_if(problems)
        return self

    def _tier_sla_problems(self) -> list[tuple[tuple[str | int, ...], str]]:
        """The first-contact SLA has two homes: routing writes each tier's deadline (routing.tiers[].sla_minutes)
        and the SLA audit judges each band (sla.response_minutes). Where a tier and a band start at the same
        score they are the same leads, so the two numbers must agree, or routing and the audit disagree."""
        band_at = {band.min: band.name for band in self.scoring.bands}
        problems: list[tuple[tuple[str | int, ...], str]] = []
        for index, tier in enumerate(self.routing.tiers):
            band = band_at.get(tier.min_score)
            audited = self.sla.response_minutes.get(band) if band else None
            if tier.sla_minutes is None or audited is None or audited == tier.sla_minutes:
                continue
            problems.append((("routing", "tiers", index, "sla_minutes"),
                             f"is {tier.sla_minutes} minutes but sla.response_minutes.{band} is {audited}: routing's "
                             f"deadlines and the SLA audit must use the same first-contact SLA for {band} leads; "
                             "set both to the same number"))
        return problems



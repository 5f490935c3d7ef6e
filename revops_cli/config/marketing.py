"""[funnel], [campaign], [event] and [content]: funnel KPIs, the Campaign Execution, Event Management and Content Creation SOPs."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, model_validator

from revops_cli.config.checks import _approval_problems, _duplicates, _raise_if, _show
from revops_cli.config.types import (
    ConfigModel,
    NonNegativeFloat,
    NonNegativeInt,
    Percent,
    PositiveFloat,
    PositiveInt,
    Regex,
    Text,
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


FunnelStage = Literal["Lead", "MQL", "SQL", "Opportunity", "Customer"]


def _default_stage_map() -> dict[str, str]:
    return {
        # HubSpot lifecycle stages (internal values; the labels key the same way)
        "subscriber": "Lead", "lead": "Lead", "other": "Lead", "marketingqualifiedlead": "MQL",
        "salesqualifiedlead": "SQL", "opportunity": "Opportunity", "customer": "Customer", "evangelist": "Customer",
        # Salesforce lead statuses (default picklist and the short forms teams use)
        "Open": "Lead", "Open - Not Contacted": "Lead", "New": "Lead", "Working": "Lead",
        "Working - Contacted": "Lead", "Contacted": "Lead", "Attempted to Contact": "Lead", "In Progress": "Lead",
        "Nurture": "Lead", "Recycled": "Lead", "Unqualified": "Lead", "Closed - Not Converted": "Lead",
        "MQL": "MQL", "Marketing Qualified": "MQL", "SAL": "MQL", "SQL": "SQL", "Sales Qualified": "SQL",
        "Qualified": "SQL", "Closed - Converted": "Opportunity", "Converted": "Opportunity",
        # HubSpot lead statuses
        "Connected": "Lead", "Bad Timing": "Lead", "Open Deal": "Opportunity",
        # Opportunity stages that name a customer
        "Closed Won": "Customer",
    }


class FunnelConfig(ConfigModel):
    """Funnel KPI targets, the marketing SLA and how CRM stages map onto the funnel."""

    kpi_targets: KpiTargets = Field(default_factory=KpiTargets, description="Lead Management SOP, Metrics & KPIs.")
    marketing_sla: MarketingSla = Field(default_factory=MarketingSla, description="Marketing's SLA (Sales Funnel 101).")
    stage_map: dict[Text, FunnelStage] = Field(
        default_factory=_default_stage_map,
        description="CRM lifecycle-stage and lead-status values -> the funnel stage they mean (Lead, MQL, SQL, "
        "Opportunity, Customer: 'Lead-to-MQL Rate', 'MQL-to-SQL Rate', 'SQL-to-Opp Rate'; 'Qualified -> Create "
        "Opportunity', so a converted lead is an Opportunity). Keys match ignoring case, accents, spaces and "
        "punctuation; a value not listed leaves the lead at Lead.",
    )




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
            "Qualification": 20.0,
            "Discovery": 20.0,
            "Needs Analysis": 30.0,
            "Solution Design": 40.0,
            "Proposal": 60.0,
            "Negotiation": 80.0,
            "Closed Won": 100.0,
            "Closed Lost": 0.0,
        },
        description="'Revenue = Closed Won + Pipeline Value x Probability': win probability (%) by stage "
        "when the export has none (the Sales Process SOP's stages and Salesforce's stock ones; stage names "
        "match ignoring case).",
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




class ContentConfig(ConfigModel):
    """Content Creation SOP, 6. Content Optimization, monthly targets."""

    page_views: NonNegativeInt = Field(1000, description="'Page Views 1,000/month'.")
    time_on_page_minutes: NonNegativeFloat = Field(3.0, description="'Time on Page 3 minutes'.")
    conversion: Percent = Field(2.0, description="'Conversion 2%'.")
    shares: NonNegativeInt = Field(50, description="'Shares 50'.")
    backlinks: NonNegativeInt = Field(5, description="'Backlinks 5'.")



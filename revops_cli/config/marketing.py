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




class ReviewStage(ConfigModel):
    """One stage of the Content Creation SOP's review table, its time limit and the names exports give it."""

    name: Text = Field(description="The SOP's stage name (Peer, Manager, Legal, Brand).")
    days: NonNegativeInt = Field(description="Business days the stage may take, start to end (weekends and the "
                                 "business_hours holidays do not count).")
    aliases: list[Text] = Field(default_factory=list, description="Stage names in review exports that mean this "
                                "stage (matched ignoring case, spaces and punctuation, also inside a longer name).")


def _default_review_stages() -> list[ReviewStage]:
    rows = [
        ("Peer", 1, ["peer", "peer review", "copy edit", "copyedit", "editor", "editorial"]),
        ("Manager", 2, ["manager", "manager review", "content manager", "strategy"]),
        ("Legal", 3, ["legal", "legal review", "compliance"]),
        ("Brand", 1, ["brand", "brand review", "voice", "style"]),
    ]
    return [ReviewStage(name=n, days=d, aliases=a) for n, d, a in rows]


class PromotionStep(ConfigModel):
    """One step of the Content Creation SOP's promotion timeline: its day after publishing and its log words."""

    name: Text = Field(description="The step (Publish, Email, Social media, LinkedIn post, Newsletter, Repurpose, "
                       "Performance review).")
    day: NonNegativeInt = Field(description="Days after the publish date by which the step is due.")
    keywords: list[Text] = Field(min_length=1, description="Words in a promotion log's channel/step column that mean "
                                 "this step; an entry goes to the step whose matching keyword is longest.")


def _default_promotion_steps() -> list[PromotionStep]:
    rows = [
        ("Publish", 0, ["publish", "published", "go live", "live"]),
        ("Email", 0, ["email", "e-mail", "email blast", "announcement email"]),
        ("Social media", 1, ["social", "social media", "twitter", "tweet", "facebook", "instagram", "threads",
                             "bluesky", "mastodon"]),
        ("LinkedIn post", 3, ["linkedin", "linkedin post"]),
        ("Newsletter", 7, ["newsletter", "newsletter inclusion"]),
        ("Repurpose", 14, ["repurpose", "repurposed", "repurposing", "infographic", "slides", "video cut",
                           "podcast"]),
        ("Performance review", 30, ["performance review", "performance", "review", "results", "report"]),
    ]
    return [PromotionStep(name=n, day=d, keywords=k) for n, d, k in rows]


class ContentConfig(ConfigModel):
    """Content Creation SOP: 6. Content Optimization targets, quality standards, review stages, updates,
    pre-publish checklist and promotion timeline."""

    page_views: NonNegativeInt = Field(1000, description="'Page Views 1,000/month' (action: 'Promote more').")
    time_on_page_minutes: NonNegativeFloat = Field(3.0, description="'Time on Page 3 minutes' (action: "
                                                   "'Improve quality').")
    conversion: Percent = Field(2.0, description="'Conversion 2%' (action: 'Optimize CTA').")
    shares: NonNegativeInt = Field(50, description="'Shares 50' (action: 'Improve value').")
    backlinks: NonNegativeInt = Field(5, description="'Backlinks 5' (action: 'Outreach needed').")
    actions: dict[Text, Text] = Field(
        default_factory=lambda: {"page_views": "Promote more", "time_on_page": "Improve quality",
                                 "conversion": "Optimize CTA", "shares": "Improve value",
                                 "backlinks": "Outreach needed"},
        description="'Action if Below' per performance metric (page_views, time_on_page, conversion, shares, "
        "backlinks).",
    )
    blog_min_words: PositiveInt = Field(1500, description="Quality Standards: 'Minimum 1,500 words (blog)'.")
    blog_types: list[Text] = Field(
        default_factory=lambda: ["Blog", "Blog Post", "Post", "Article"],
        description="Content types the 1,500-word minimum applies to (matched ignoring case).",
    )
    min_sources: NonNegativeInt = Field(3, description="Quality Standards: '3+ credible sources'.")
    source_types: list[Text] = Field(
        default_factory=lambda: ["Blog", "Blog Post", "Post", "Article", "Whitepaper", "White Paper", "Case Study",
                                 "Ebook", "E-book", "Guide", "Report", "Research"],
        description="Written content types the sources standard applies to (videos and social posts cite none).",
    )
    review_stages: list[ReviewStage] = Field(
        default_factory=_default_review_stages, min_length=1,
        description="'Review Stages: 1 Peer 1 day, 2 Manager 2 days, 3 Legal 3 days, 4 Brand 1 day', in business "
        "days from the stage's start to its end.",
    )
    refresh_months: PositiveInt = Field(3, description="Content Updates: 'Quarterly refresh' (months since the last "
                                        "update, else the publish date).")
    audit_months: PositiveInt = Field(12, description="Content Updates: 'Annual audit' (months since the last audit, "
                                      "else the last update, else the publish date).")
    due_soon_days: NonNegativeInt = Field(30, description="A refresh or audit falling due within this many days is "
                                          "listed as due (not an SOP number: how far ahead the list looks).")
    pre_publish: list[Literal["meta_description", "utm", "cta"]] = Field(
        default_factory=lambda: ["meta_description", "utm", "cta"],
        description="Pre-Publish Checklist: 'Meta description written', 'UTM parameters set'; Approval "
        "Checklist: 'CTAs included'.",
    )
    utm_required: list[Text] = Field(
        default_factory=lambda: ["utm_source", "utm_medium", "utm_campaign"],
        description="Query parameters a promotion link needs for 'UTM parameters set' (the Campaign Execution "
        "SOP's UTM Structure).",
    )
    promotion_steps: list[PromotionStep] = Field(
        default_factory=_default_promotion_steps, min_length=1,
        description="'Promotion Timeline: Day 0 Publish and email, Day 1 Social media, Day 3 LinkedIn post, Day 7 "
        "Newsletter inclusion, Day 14 Repurpose, Day 30 Performance review'.",
    )
    draft_statuses: list[Text] = Field(
        default_factory=lambda: ["draft", "in review", "review", "scheduled", "planned", "idea", "unpublished",
                                 "0", "false", "no"],
        description="Status values of items not yet live: they get the quality and pre-publish checks, not the "
        "performance, refresh and promotion ones.",
    )

    @model_validator(mode="after")
    def _check(self) -> ContentConfig:
        problems = _duplicates([s.name for s in self.review_stages], ("review_stages",), fold=True)
        problems += _duplicates([s.name for s in self.promotion_steps], ("promotion_steps",), fold=True)
        problems += _duplicates(self.pre_publish, ("pre_publish",))
        problems += [(("actions", k), f"{_show(k)} is not a performance metric; expected one of page_views, "
                      "time_on_page, conversion, shares, backlinks")
                     for k in self.actions if k not in ("page_views", "time_on_page", "conversion", "shares",
                                                        "backlinks")]
        _raise_if(problems)
        return self

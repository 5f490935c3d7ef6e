"""[sla], [deals] and [handoff]: the Sales Process SOP, the sales SLA and the Customer Handoff SOP."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, model_validator

from revops_cli.config.checks import (
    _approval_problems,
    _duplicates,
    _one_of,
    _raise_if,
    _show,
    _suggest,
)
from revops_cli.config.types import (
    ConfigModel,
    NonNegativeInt,
    Percent,
    PositiveFloat,
    PositiveInt,
    Text,
)


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
    role_levels: dict[Text, Text] = Field(
        default_factory=lambda: {
            "Senior Sales Rep": "Sales Rep", "Senior AE": "Sales Rep", "AE": "Sales Rep",
            "Account Executive": "Sales Rep", "Senior Account Executive": "Sales Rep", "SDR": "Sales Rep",
            "BDR": "Sales Rep", "Rep": "Sales Rep", "VP of Sales": "VP Sales", "Vice President Sales": "VP Sales",
            "Vice President of Sales": "VP Sales", "Chief Executive Officer": "CEO",
        },
        description="Roster roles that are not a level of the 'Approval Matrix: 0-10% Sales Rep, 11-20% Sales "
        "Manager, 21-30% VP Sales, >30% CEO' -> the level they sign discounts off at (an AE or SDR as a Sales "
        "Rep); roles match ignoring case.",
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




class HandoffConfig(ConfigModel):
    """Customer Handoff SOP, Handoff Quality Metrics."""

    form_complete: Percent = Field(100.0, description="'Handoff completeness 100%'.")
    kickoff_days: PositiveInt = Field(3, description="'Kickoff within 3 days'.")
    kickoff_target: Percent = Field(95.0, description="'Kickoff within 3 days: 95%'.")
    csat_30d: Annotated[float, Field(ge=0, le=10)] = Field(8.0, description="'30-day satisfaction >8/10'.")
    time_to_value_days: PositiveInt = Field(14, description="'Time to first value <14 days'.")
    nps: Annotated[int, Field(ge=-100, le=100)] = Field(50, description="'Handoff NPS >50'.")



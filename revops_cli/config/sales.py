"""[sla], [deals] and [handoff]: the Sales Process SOP, the sales SLA and the Customer Handoff SOP."""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

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

#: What a closed/open flag, a status or a forecast category says about a deal.
Outcome = Literal["open", "won", "lost"]


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


# --------------------------------------------------------------------------
# Stage vocabularies: CRM stage names -> the SOP's stages
# --------------------------------------------------------------------------

_PIPELINE_PREFIX = re.compile(r"^c\d+:")  # Bitrix24 pipelines: "C3:EXECUTING"
_ORDINAL_PREFIX = re.compile(r"^\d{1,2}\s*[-.:)]\s*(?=\D)")  # numbered stages: "6 - Won", "2. Discovery"
_NON_WORD = re.compile(r"[\W_]+")


def _stage_text(value: object) -> str:
    folded = unicodedata.normalize("NFKD", str(value).strip().casefold())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return _ORDINAL_PREFIX.sub("", _PIPELINE_PREFIX.sub("", folded))


def stage_key(value: object) -> str:
    """How a stage name is looked up: case, accents, punctuation and spaces ignored, a Bitrix24
    pipeline prefix (``C3:``) and a stage number (``6 - ``) dropped.

    ``"Closed Won"``, ``"closedwon"``, ``"Closed - Won"``, ``"Closed/Won"`` and ``"6 - Won"`` ->
    ``"closedwon"`` / ``"won"``; letters of every script are kept (``"Сделка успешна"``).
    """
    return _NON_WORD.sub("", _stage_text(value))


def stage_words(value: object) -> list[str]:
    """The words of a stage name, for ``deals.stage_words``: ``"Closed-Lost to Competition"`` ->
    ``["closed", "lost", "to", "competition"]``."""
    return [w for w in _NON_WORD.split(_stage_text(value)) if w]


def _default_stage_map() -> dict[str, str]:
    return {
        # Salesforce stock opportunity stages (Zoho CRM uses the same names)
        "Qualification": "Discovery",
        "Needs Analysis": "Discovery",
        "Value Proposition": "Solution Design",
        "Id. Decision Makers": "Solution Design",
        "Identify Decision Makers": "Solution Design",
        "Perception Analysis": "Solution Design",
        "Proposal/Price Quote": "Proposal",
        "Negotiation/Review": "Negotiation",
        "Closed-Lost to Competition": "Closed Lost",
        # HubSpot default sales pipeline (internal ids; the labels fold to the same keys)
        "appointmentscheduled": "Prospecting",
        "qualifiedtobuy": "Discovery",
        "presentationscheduled": "Solution Design",
        "decisionmakerboughtin": "Proposal",
        "contractsent": "Negotiation",
        # Pipedrive default pipelines (won/lost is the deal's Status, read separately)
        "Lead In": "Prospecting",
        "Qualified": "Prospecting",
        "Contact Made": "Discovery",
        "Needs Defined": "Discovery",
        "Demo Scheduled": "Solution Design",
        "Proposal Made": "Proposal",
        "Negotiations Started": "Negotiation",
        # Bitrix24 deal stage ids
        "NEW": "Prospecting",
        "PREPARATION": "Proposal",
        "PREPAYMENT_INVOICE": "Negotiation",
        "EXECUTING": "Negotiation",
        "FINAL_INVOICE": "Negotiation",
        "LOSE": "Closed Lost",
        "APOLOGY": "Closed Lost",
        # Common hand-kept spellings
        "Prospect": "Prospecting",
        "Demo": "Solution Design",
        "Proposal Sent": "Proposal",
        "Negotiating": "Negotiation",
        "Won": "Closed Won",
        "Lost": "Closed Lost",
        "Won - Signed": "Closed Won",
    }


# --------------------------------------------------------------------------
# Exit criteria (Sales Process SOP, "Exit Criteria" of each stage)
# --------------------------------------------------------------------------


class ExitCriterion(ConfigModel):
    """One exit criterion of a stage and the CRM fields that show it."""

    label: Text = Field(description="The SOP's words for the criterion, e.g. 'Decision maker identified'.")
    columns: list[Text] = Field(
        description="Header spellings that show it (case, spaces, punctuation and a Salesforce '__c' ignored), most "
        "specific first. A cell shows it met when it is a yes (true/1/yes/x/✓), a date or other text; no/false, "
        "blank and deals.not_done_values do not.")
    past_dates_only: bool | None = Field(
        None, description="true: a date counts only once it is on or before the as-of day ('Proposal delivered', "
        "'Contract sent'); a later date is still to do. Left out: any date counts ('Demo scheduled').")
    min_items: PositiveInt | None = Field(
        None, description="A list cell (items split by ';', ',', '|' or new lines) or a number must hold at least this "
        "many: 'Pain points (minimum 3)'.")
    within_business_hours: PositiveFloat | None = Field(
        None, description="A timed criterion: done within this many business hours (business_hours) after its clock "
        "starts: 'Send recording within 2 hours' of the demo.")
    start_columns: list[Text] | None = Field(
        None, description="Timed: header spellings of the date and time the clock starts (the demo held).")
    start_activity: Text | None = Field(
        None, description="Timed: the activity kind that starts the clock in --activities (e.g. 'demo').")
    activity_pattern: Text | None = Field(
        None, description="Timed: a regular expression (case ignored) on an activity's type or subject that shows the "
        "criterion done in --activities (e.g. 'recording').")

    @model_validator(mode="after")
    def _check(self) -> ExitCriterion:
        problems = []
        if self.within_business_hours is not None and not (self.start_columns or self.start_activity):
            problems.append((("start_columns",), "a timed criterion (within_business_hours) needs start_columns or "
                             "start_activity: when its clock starts"))
        if self.within_business_hours is None and (self.start_columns or self.start_activity):
            problems.append((("within_business_hours",), "start_columns/start_activity only mean something with "
                             "within_business_hours"))
        if self.activity_pattern is not None:
            try:
                re.compile(self.activity_pattern)
            except re.error as error:
                problems.append((("activity_pattern",), f"is not a regular expression ({error}) "
                                 f"(got {_show(self.activity_pattern)})"))
        _raise_if(problems)
        return self


def _c(label: str, *columns: str, **rule) -> ExitCriterion:
    return ExitCriterion(label=label, columns=[label, *columns], **rule)


def _default_exit_criteria() -> dict[str, dict[str, ExitCriterion]]:
    return {
        "Prospecting": {
            "discovery_call_scheduled": _c("Discovery call scheduled", "Discovery Call Date", "Discovery Call",
                                           "Discovery Meeting Date", "Discovery Call Booked", "First Meeting Date"),
            "decision_maker_identified": _c("Decision maker identified", "Decision Maker", "DM Identified",
                                            "Economic Buyer Identified", "Economic Buyer", "MEDDIC Economic Buyer",
                                            "Key Decision Maker"),
            "pain_point_identified": _c("Initial pain point uncovered", "Pain Point Identified", "Initial Pain Point",
                                        "Pain Point", "Pain Points", "Identify Pain", "Identified Pain",
                                        "MEDDIC Identify Pain", "Business Pain"),
        },
        "Discovery": {
            "bant_qualified": _c("BANT qualified", "BANT", "BANT Complete", "Qualified (BANT)"),
            "champion_identified": _c("Champion identified", "Champion", "Champion Name", "MEDDIC Champion"),
            "demo_scheduled": _c("Demo scheduled", "Demo Date", "Demo Scheduled Date", "Demo Booked", "Demo Date/Time"),
            "mutual_evaluation_plan": _c("Mutual evaluation plan", "Mutual Action Plan", "Mutual Close Plan",
                                         "Evaluation Plan", "MAP"),
            "pain_points_documented": _c("Pain points (minimum 3)", "Pain Points", "Pain Points Documented",
                                         "Identify Pain", "Identified Pain", "MEDDIC Identify Pain", min_items=3),
            "decision_criteria": _c("Decision criteria", "MEDDIC Decision Criteria"),
            "budget_range": _c("Budget range", "Budget", "Budget Confirmed", "Budget Amount"),
            "decision_makers_documented": _c("Decision makers", "Decision Makers Documented", "Buying Committee",
                                             "Key Stakeholders", "Decision Process", "MEDDIC Decision Process"),
            "timeline": _c("Timeline", "Decision Timeline", "Purchase Timeline", "Buying Timeline", "Timeframe"),
            "competition": _c("Competition", "Competitors", "Competitor", "Primary Competitor"),
            "success_criteria": _c("Success criteria", "Success Metrics", "Metrics", "MEDDIC Metrics"),
        },
        "Solution Design": {
            "solution_fit_confirmed": _c("Solution fit confirmed", "Solution Fit", "Technical Fit", "Technical Win"),
            "roi_validated": _c("ROI validated", "ROI Validated Date", "ROI Confirmed", "Business Case Validated"),
            "proposal_requested": _c("Proposal requested", "Proposal Requested Date", "Proposal Request Date"),
            "decision_makers_engaged": _c("Decision makers engaged", "Economic Buyer Engaged", "Economic Buyer Met",
                                          "Executive Sponsor Engaged"),
            "demo_recording_sent": _c("Demo recording sent within 2 hours", "Demo Recording Sent",
                                      "Demo Recording Sent At", "Demo Recording Sent Date", "Recording Sent",
                                      "Recording Sent At", within_business_hours=2.0,
                                      start_columns=["Demo Completed At", "Demo Completed Date", "Demo Held At",
                                                     "Demo Held Date", "Demo Date/Time", "Demo Date"],
                                      start_activity="demo", activity_pattern=r"\brecording\b"),
            "roi_documentation_sent": _c("ROI documentation sent", "ROI Documentation Sent Date", "ROI Sent",
                                         "ROI Sent Date", "Business Case Sent", past_dates_only=True),
            "follow_up_scheduled": _c("Follow-up scheduled", "Follow-up Date", "Follow Up Date", "Demo Follow-up Date",
                                      "Follow-up Meeting Date"),
        },
        "Proposal": {
            "proposal_delivered": _c("Proposal delivered", "Proposal Delivered Date", "Proposal Sent",
                                     "Proposal Sent Date", "Proposal Date", "Quote Sent", "Quote Sent Date",
                                     past_dates_only=True),
            "feedback_received": _c("Feedback received", "Proposal Feedback", "Proposal Feedback Received",
                                    "Customer Feedback"),
            "negotiation_points_identified": _c("Negotiation points identified", "Negotiation Points",
                                                "Negotiation Items"),
            "decision_date_confirmed": _c("Decision date confirmed", "Decision Date", "Expected Decision Date"),
        },
        "Negotiation": {
            "terms_agreed": _c("Terms agreed", "Terms Agreed Date", "Commercial Terms Agreed"),
            "contract_sent": _c("Contract sent", "Contract Sent Date", "Agreement Sent", "Agreement Sent Date",
                                "Order Form Sent", past_dates_only=True),
            "signatures_scheduled": _c("Signatures scheduled", "Signature Date", "Signing Date",
                                       "Expected Signature Date", "Signature Scheduled", "Paper Process"),
            "implementation_planned": _c("Implementation planned", "Implementation Plan", "Implementation Start Date",
                                         "Go-Live Date"),
        },
        "Closed Won": {
            "kickoff_scheduled": _c("Kickoff call scheduled", "Kickoff Scheduled", "Kickoff Date", "Kick-off Date",
                                    "Kickoff Call Date"),
            "handoff_form_complete": _c("Handoff form complete", "Handoff Complete", "Handoff Form Completed",
                                        "CS Handoff Complete", "Handoff Date"),
        },
        "Closed Lost": {
            "loss_reason_documented": _c("Loss reason documented", "Loss Reason", "Lost Reason", "Closed Lost Reason",
                                         "Reason Lost", "Reason for Loss"),
            "follow_up_reminder_set": _c("Follow-up reminder set", "Follow-up Reminder", "Follow-up Reminder Date",
                                         "Recontact Date", "Re-engage Date", "Revisit Date"),
            "added_to_nurture": _c("Added to nurture", "Added to Nurture Campaign", "Nurture Campaign", "Nurture Track",
                                   "In Nurture"),
        },
    }


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
    stage_map: dict[Text, Text] = Field(
        default_factory=_default_stage_map,
        description="CRM stage names -> the SOP stage they are (a key of deals.stage_limits_days or one of "
        "deals.closed_stages), so 'Stage time limits' apply to every vocabulary: Salesforce/Zoho stock stages, "
        "HubSpot's default pipeline, Pipedrive's and Bitrix24's stage ids. Names match with case, accents, spaces, "
        "punctuation, a stage number ('6 - ') and a Bitrix24 pipeline prefix ('C3:') ignored; the SOP's own stage "
        "names always match themselves. Entries in revops.toml add to these (the same name replaces its default).",
    )
    stage_words: dict[Text, Text] = Field(
        default_factory=lambda: {"won": "Closed Won", "lost": "Closed Lost"},
        description="A stage name not in deals.stage_map that contains one of these words is this SOP stage: "
        "'Won - Signed', 'Closed-Lost to Competition', 'Lost - No Budget'.",
    )
    status_values: dict[Text, Outcome] = Field(
        default_factory=lambda: {"open": "open", "won": "won", "lost": "lost"},
        description="Values of a deal status column (Pipedrive and Pardot Status: open/won/lost) -> open, won or "
        "lost. It decides before the stage: a Pipedrive deal keeps its pipeline stage when it is won.",
    )
    forecast_categories: dict[Text, Outcome] = Field(
        default_factory=lambda: {"Closed": "won", "Omitted": "lost", "Omit": "lost"},
        description="Forecast category values (Salesforce ForecastCategoryName, HubSpot forecast category) that say "
        "a deal is closed, read only when its stage maps to no SOP stage: 'Closed' is won, 'Omitted' lost.",
    )
    exit_criteria: dict[Text, dict[Text, ExitCriterion]] = Field(
        default_factory=_default_exit_criteria,
        description="'Exit Criteria' of each stage (SOP stage -> criterion key -> label and the CRM fields that show "
        "it); a deal at or past a stage is inspected against it by `deals inspect`. Keys are what --map names "
        "(--map champion_identified='Champ Name'). Criteria in revops.toml add to these (the same key replaces its "
        "default; columns = [] switches one off).",
    )
    not_done_values: list[Text] = Field(
        default_factory=lambda: ["n/a", "na", "none", "null", "-", "--", "#N/A", "tbd", "tba", "unknown", "pending",
                                 "not yet", "(blank)", "?"],
        description="Cell values that show a criterion not done (placeholders and 'not yet'), compared ignoring case.",
    )
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

    @field_validator("stage_map", "stage_words", "status_values", "forecast_categories", mode="after")
    @classmethod
    def _extend_vocabulary(cls, value: dict, info) -> dict:
        """A vocabulary in revops.toml adds to the defaults (an entry for the same name replaces its default)."""
        fold = stage_key if info.field_name in ("stage_map", "stage_words") else (lambda k: " ".join(k.split()).casefold())
        given = {fold(k) for k in value}
        defaults = cls.model_fields[info.field_name].default_factory()
        return {**{k: v for k, v in defaults.items() if fold(k) not in given}, **value}

    @field_validator("exit_criteria", mode="after")
    @classmethod
    def _extend_criteria(cls, value: dict) -> dict:
        """Stages and criteria in revops.toml add to the SOP's (a criterion with a default's key replaces it)."""
        merged = {stage: dict(criteria) for stage, criteria in _default_exit_criteria().items()}
        for stage, criteria in value.items():
            merged.setdefault(stage, {}).update(criteria)
        return merged

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
        problems += self._vocabulary_problems() + self._criteria_problems()
        _raise_if(problems)
        return self

    @property
    def sop_stages(self) -> list[str]:
        """The SOP's stages in order: the open ones (deals.stage_limits_days), then the closed ones."""
        return [*self.stage_limits_days, *self.closed_stages]

    def _vocabulary_problems(self) -> list[tuple[tuple[str | int, ...], str]]:
        problems = []
        stages = self.sop_stages
        own = {stage_key(s): s for s in stages}
        seen: dict[str, str] = {}
        for name, target in self.stage_map.items():
            if target not in stages:
                problems.append((("stage_map", name), f"{_show(target)} is not an SOP stage{_suggest(target, stages)}; "
                                 f"expected one of {_one_of(stages)}"))
                continue
            key = stage_key(name)
            if not key:
                problems.append((("stage_map", name), "has no letters or digits to match a stage by"))
            elif key in own and own[key] != target:
                problems.append((("stage_map", name), f"is the SOP stage {_show(own[key])} itself; it cannot map to "
                                 f"{_show(target)}"))
            elif key in seen and self.stage_map[seen[key]] != target:
                problems.append((("stage_map", name), f"matches the same stages as {_show(seen[key])} (names match "
                                 f"ignoring case, spaces and punctuation) but maps to {_show(target)}, not "
                                 f"{_show(self.stage_map[seen[key]])}"))
            seen.setdefault(key, name)
        for word, target in self.stage_words.items():
            if target not in stages:
                problems.append((("stage_words", word), f"{_show(target)} is not an SOP stage"
                                 f"{_suggest(target, stages)}; expected one of {_one_of(stages)}"))
            if stage_words(word) != [stage_key(word)] or not stage_key(word):
                problems.append((("stage_words", word), "must be one word (letters or digits)"))
        return problems

    def _criteria_problems(self) -> list[tuple[tuple[str | int, ...], str]]:
        from revops_cli.columns import SCHEMAS  # the opportunity fields --map already names

        problems = []
        stages = self.sop_stages
        fields = SCHEMAS["opportunities"]
        first: dict[str, str] = {}
        for stage, criteria in self.exit_criteria.items():
            if stage not in stages:
                problems.append((("exit_criteria", stage), f"{_show(stage)} is not an SOP stage"
                                 f"{_suggest(stage, stages)}; expected one of {_one_of(stages)}"))
            for key in criteria:
                if not re.fullmatch(r"[a-z][a-z0-9_]*", key):
                    problems.append((("exit_criteria", stage, key), "a criterion key is lower case letters, digits "
                                     "and '_' (it is what --map names), e.g. champion_identified"))
                elif key in fields:
                    problems.append((("exit_criteria", stage, key), f"{_show(key)} is an opportunity field of --map; "
                                     "give the criterion another key"))
                elif key in first:
                    problems.append((("exit_criteria", stage, key), f"is also a criterion of {_show(first[key])}; "
                                     "keys are unique across stages (--map names them)"))
                first.setdefault(key, stage)
        return problems




class HandoffConfig(ConfigModel):
    """Customer Handoff SOP, Handoff Quality Metrics."""

    form_complete: Percent = Field(100.0, description="'Handoff completeness 100%'.")
    kickoff_days: PositiveInt = Field(3, description="'Kickoff within 3 days'.")
    kickoff_target: Percent = Field(95.0, description="'Kickoff within 3 days: 95%'.")
    csat_30d: Annotated[float, Field(ge=0, le=10)] = Field(8.0, description="'30-day satisfaction >8/10'.")
    time_to_value_days: PositiveInt = Field(14, description="'Time to first value <14 days'.")
    nps: Annotated[int, Field(ge=-100, le=100)] = Field(50, description="'Handoff NPS >50'.")



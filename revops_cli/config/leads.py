"""[clean], [dedupe], [enrich] and [lifecycle]: Lead Management SOP 1, 2 and 6."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, model_validator

from revops_cli.config.checks import (
    _duplicates,
    _number,
    _one_of,
    _raise_if,
    _show,
    _suggest,
)
from revops_cli.config.types import (
    CanonicalField,
    ConfigModel,
    CountryCode,
    CrmFormat,
    Disposition,
    EmailDomain,
    NaicsSector,
    Percent,
    PositiveInt,
    Regex,
    RolePrefix,
    Similarity,
    Text,
    UpdateField,
    UpdateKind,
)
from revops_cli.normalize.title import (  # the title normaliser owns the vocabulary
    FUNCTIONS,
    SENIORITIES,
)


class TitleRule(ConfigModel):
    """An extra job-title rule: titles matching ``pattern`` get this seniority/function."""

    pattern: Regex = Field(
        description="Regular expression matched as whole words, case-insensitively, against the title with "
        "accents folded and punctuation read as spaces (write 'vp sales', not 'V.P., Sales')."
    )
    seniority: Text | None = Field(None, description="Seniority to assign, e.g. 'VP', 'Director'.")
    function: Text | None = Field(None, description="Job function to assign, e.g. 'Sales', 'Marketing'.")

    @model_validator(mode="after")
    def _check(self) -> TitleRule:
        if self.seniority is None and self.function is None:
            _raise_if([((), "needs seniority, function or both")])
        problems: list[tuple[tuple[str | int, ...], str]] = []
        for key, value, allowed in (("seniority", self.seniority, SENIORITIES), ("function", self.function, FUNCTIONS)):
            if value is not None and value not in allowed:
                problems.append(((key,), f"must be one of {_one_of(allowed)} (got {_show(value)})"
                                 f"{_suggest(value, allowed)}"))
        _raise_if(problems)
        return self


class CleanConfig(ConfigModel):
    """Lead Management SOP, 2. Lead Enrichment, Data hygiene: standardise country/state,
    format phone numbers, clean company names, normalise job titles. Lists here add to
    the built-in tables."""

    country_aliases: dict[Text, CountryCode] = Field(
        default_factory=dict, description="Extra country spellings -> ISO 3166-1 alpha-2 code."
    )
    title_rules: list[TitleRule] = Field(
        default_factory=list, description="Extra title rules, tried before the built-in ones."
    )
    free_email_domains: list[EmailDomain] = Field(
        default_factory=list, description="Extra free/generic email domains ('IF email domain != generic')."
    )
    disposable_email_domains: list[EmailDomain] = Field(
        default_factory=list, description="Extra disposable (throw-away) email domains."
    )
    role_email_prefixes: list[RolePrefix] | None = Field(
        None, description="Role mailbox prefixes (info, sales, ...); unset = the built-in list."
    )
    placeholder_email_local_parts: list[RolePrefix] = Field(
        default_factory=list,
        description="Extra local parts that mean 'no address' (besides test, none, noemail, na, unknown, "
        "donotreply, fake, dummy, null, ...): flagged revops_email_placeholder, never a dedupe match key "
        "(Data Management SOP, 'Email: unique').",
    )
    placeholder_email_domains: list[EmailDomain] = Field(
        default_factory=list,
        description="Extra domains nobody's mail is at (besides example.com, test.com, domain.com, company.com, "
        "mailinator.com, ...): flagged revops_email_placeholder, never a match key or an account domain.",
    )
    industry_map: dict[Text, NaicsSector] = Field(
        default_factory=dict,
        description="Data Management SOP, 'Industry: NAICS classification': industry text -> NAICS sector code.",
    )
    infer_country_from: list[CountryCode] = Field(
        default_factory=lambda: ["US", "CA", "AU"],
        description="Countries whose state/province codes may fill a blank country.",
    )


DedupeRule = Literal["email", "phone_name", "fuzzy_name"]
SurvivorshipRule = Literal[
    "most_complete", "most_recent_activity", "oldest_created", "newest_created", "has_owner", "first_in_file"
]


class DedupeConfig(ConfigModel):
    """Lead Management SOP, 1. Lead Capture, Duplicate check ('Email match -> merge records');
    Data Management SOP, Duplicates < 2%."""

    rules: list[DedupeRule] = Field(
        default_factory=lambda: ["email", "phone_name", "fuzzy_name"],
        min_length=1,
        description="Match rules, tried in this order.",
    )
    fuzzy_merge_threshold: Similarity = Field(
        92.0, description="fuzzy_name: name+company similarity (0-100) at or above which records merge."
    )
    fuzzy_review_threshold: Similarity = Field(
        85.0, description="fuzzy_name: similarity at or above which a pair is listed for review, not merged."
    )
    phone_name_threshold: Similarity = Field(
        88.0, description="phone_name: name similarity needed when two records share a phone number."
    )
    survivorship: list[SurvivorshipRule] = Field(
        default_factory=lambda: ["most_complete", "most_recent_activity", "oldest_created"],
        min_length=1,
        description="How the surviving (master) record is chosen; later rules break ties.",
    )
    duplicate_rate_max: Percent = Field(2.0, description="Data Management SOP, Duplicates '<2%'.")
    phone_conflict_penalty: Similarity = Field(
        10.0, description="Points off a phone_name/fuzzy_name confidence when both records have phones and share none."
    )
    numbered_email_penalty: Similarity = Field(
        15.0, description="Points off when the emails differ only in digits (jsmith@ vs jsmith2@): "
        "mail admins number namesakes, so these are two people."
    )
    work_email_conflict_penalty: Similarity = Field(
        15.0, description="Points off a phone_name/fuzzy_name confidence when the two records have different "
        "personal (non-role) addresses at the same corporate domain and neither fits the other's name "
        "(julian.harris@ vs juliana.harris@acme.com): a company gives one person one mailbox, so these are "
        "colleagues or relatives sharing a switchboard, not one person twice."
    )
    compare_whole_block_upto: PositiveInt = Field(
        200, description="Blocks (same company, email domain or phone) up to this size compare every pair; "
        "bigger ones compare each record with its sorted neighbours only, so work grows linearly."
    )
    neighbour_window: PositiveInt = Field(
        10, description="In blocks over compare_whole_block_upto, how many name-sorted neighbours each record meets."
    )
    account_fuzzy_threshold: Similarity = Field(
        90.0, description="Lead-to-account matching: company-name similarity (0-100) for a 'fuzzy' account match."
    )
    account_max_names: PositiveInt = Field(
        10, description="Grouping leads into accounts without an account export ('Company match -> associate with "
        "existing account'): a group whose shared domains link more than this many different company names is a "
        "chain, not one company; it is split by company name and reported."
    )

    @model_validator(mode="after")
    def _check(self) -> DedupeConfig:
        problems = _duplicates(self.rules, ("rules",)) + _duplicates(self.survivorship, ("survivorship",))
        if self.fuzzy_review_threshold > self.fuzzy_merge_threshold:
            problems.append((("fuzzy_review_threshold",), "must not be above dedupe.fuzzy_merge_threshold "
                             f"({_number(self.fuzzy_merge_threshold)}) (got {_number(self.fuzzy_review_threshold)})"))
        _raise_if(problems)
        return self


class EnrichConfig(ConfigModel):
    """Lead Management SOP, 2. Lead Enrichment."""

    required_fields: list[CanonicalField] = Field(
        default_factory=lambda: ["first_name", "last_name", "company", "title", "phone"],
        min_length=1,
        description="'Required fields validation: First Name, Last Name, Company, Title, Phone (if available)'.",
    )
    phone_if_available: bool = Field(
        True, description="'Phone (if available)': a blank phone is flagged but does not count as incomplete."
    )
    completion_target: Percent = Field(95.0, description="'Quality Standard: 95% field completion'.")
    manual_research_generic_domains: bool = Field(
        True, description="'IF email domain != generic ... ELSE Flag for manual research'."
    )
    suppress_disposable: bool = Field(True, description="Disposable email domains are not sent to enrichment.")
    suppress_role: bool = Field(True, description="Role mailboxes (info@, sales@) are not sent to person enrichment.")

    @model_validator(mode="after")
    def _check(self) -> EnrichConfig:
        _raise_if(_duplicates(self.required_fields, ("required_fields",)))
        return self




_SUBSTATUS_SEPARATORS = re.compile(r"[\s_\-\u2013\u2014/]+")


def substatus_key(text: str) -> str:
    """Match key for CRM picklist values: case, spaces, '_', '-' and '/' ignored.

    ``substatus_key("Unqualified - Bad Fit") == substatus_key("UNQUALIFIED_BAD_FIT")``.
    """
    return _SUBSTATUS_SEPARATORS.sub(" ", str(text)).strip().casefold()


def _default_substatus_map() -> dict[str, str]:
    return {
        # Salesforce lead statuses and common disqualification reasons
        "Closed - Converted": "qualified",
        "Closed - Not Converted": "bad_fit",
        "Qualified": "qualified",
        "Sales Qualified": "qualified",
        "Open Deal": "qualified",
        "Unqualified": "bad_fit",
        "Unqualified - Bad Fit": "bad_fit",
        "Bad Fit": "bad_fit",
        "Not a Fit": "bad_fit",
        "Student": "bad_fit",
        "Competitor": "bad_fit",
        "Not Ready": "not_ready",
        "Bad Timing": "not_ready",
        "No Budget": "not_ready",
        "Future Interest": "not_ready",
        "Nurture": "not_ready",
        "Attempted to Contact": "no_response",
        "No Response": "no_response",
        "Unresponsive": "no_response",
        "Do Not Contact": "do_not_contact",
        "Unsubscribed": "do_not_contact",
        "Opted Out": "do_not_contact",
    }


class LifecycleConfig(ConfigModel):
    """Lead Management SOP, 6. Lead Disposition: 'Qualified -> Create Opportunity, Not Ready -> Return to
    Marketing, Bad Fit -> Disqualify, No Response -> Recycle (90 days), Do Not Contact -> Suppress'."""

    recycle_days: PositiveInt = Field(90, description="'No Response -> Recycle (90 days)'.")
    marketing_queue: Text = Field(
        "Marketing Nurture", description="Owner/queue for leads returned to marketing ('Return to Marketing')."
    )
    substatus_map: dict[Text, Disposition] = Field(
        default_factory=_default_substatus_map,
        description="CRM status/substatus value -> disposition; matched ignoring case, spaces, '_', '-' and '/'.",
    )
    update_headers: dict[CrmFormat, dict[UpdateField, Text]] = Field(
        default_factory=dict,
        description="Per --format, headers of the update file to use instead of the built-in ones, e.g. "
        "salesforce.substatus = 'Lead_Substatus__c' for your org's API name.",
    )
    update_status: dict[CrmFormat, dict[UpdateKind, Text]] = Field(
        default_factory=dict,
        description="Per --format, the status value each change writes instead of the built-in one, e.g. "
        "hubspot.not_ready = 'NURTURE' for a custom picklist.",
    )

    @property
    def substatus_lookup(self) -> dict[str, str]:
        """``substatus_map`` keyed by :func:`substatus_key`, for ``series.map(substatus_key).map(lookup)``."""
        return {substatus_key(value): disposition for value, disposition in self.substatus_map.items()}

    @model_validator(mode="after")
    def _check(self) -> LifecycleConfig:
        seen: dict[str, str] = {}
        problems: list[tuple[tuple[str | int, ...], str]] = []
        for value in self.substatus_map:
            key = substatus_key(value)
            if key in seen:
                problems.append((("substatus_map", value), f"is the same value as {_show(seen[key])} once case and "
                                 "punctuation are ignored; keep one of them"))
            else:
                seen[key] = value
        _raise_if(problems)
        return self



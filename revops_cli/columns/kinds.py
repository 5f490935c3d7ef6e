"""What kind of export a file is, from its headers: leads, contacts, accounts, opportunities, ...

``revops inspect`` shows a file's columns against the schema of its kind, so an opportunity export
shows Stage, Amount, Close Date and Owner as mapped instead of as unrecognised lead columns. Each
kind is scored from the fields its headers name (by :func:`detect_columns`, names only): the
fields that only that kind has count for it (an amount and a close date make a deal export), the
fields of a person count against kinds that have none (an account or territory table has no first
name). The best score wins; how far it is ahead of the runner-up says how sure the guess is.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from revops_cli.columns.detect import detect_columns, header_key

#: Export kind -> the schema its columns are read with.
KIND_SCHEMAS: dict[str, str] = {
    "leads": "leads", "contacts": "leads", "accounts": "accounts", "activities": "activities",
    "opportunities": "opportunities", "stage_history": "stage_history", "campaigns": "campaigns",
    "events": "events", "reps": "reps", "territories": "territories", "handoffs": "handoffs", "quotas": "quotas",
    "content": "content", "page_analytics": "page_analytics", "content_reviews": "content_reviews",
    "content_promotion": "content_promotion",
}

_PERSON = (("leads", "first_name", -3.0), ("leads", "last_name", -3.0), ("leads", "email", -2.0),
           ("leads", "title", -2.0))

#: Export kind -> (schema, field, weight): a header naming that field counts that much for the kind.
EVIDENCE: dict[str, tuple[tuple[str, str, float], ...]] = {
    "leads": (
        ("leads", "first_name", 2), ("leads", "last_name", 2), ("leads", "email", 2), ("leads", "full_name", 1),
        ("leads", "title", 1), ("leads", "company", 1), ("leads", "phone", 1), ("leads", "mobile_phone", 1),
        ("leads", "lead_source", 1), ("leads", "status", 1), ("leads", "salutation", 1), ("leads", "lead_id", 0.5),
        ("leads", "created_at", 0.5), ("leads", "owner", 0.5), ("leads", "country", 0.5), ("leads", "score", 1),
        # a marketing-qualified-lead table (Olist-style): its id and first contact, no person columns
        ("funnel", "mql_id", 2), ("funnel", "first_contact_at", 1), ("funnel", "mql_at", 1),
    ),
    "accounts": (
        ("accounts", "account_name", 1), ("accounts", "parent_account_id", 3), ("accounts", "industry", 1),
        ("accounts", "employees", 1), ("accounts", "annual_revenue", 1), ("accounts", "website", 1),
        ("accounts", "account_id", 1), ("leads", "lead_source", -1), ("leads", "status", -1), *_PERSON,
    ),
    "opportunities": (
        ("opportunities", "stage", 2), ("opportunities", "amount", 3), ("opportunities", "close_date", 3),
        ("opportunities", "probability", 2), ("opportunities", "name", 1), ("opportunities", "opportunity_id", 1),
        ("opportunities", "next_step", 1), ("opportunities", "won", 2), ("opportunities", "discount", 1),
        ("opportunities", "won_at", 3), ("opportunities", "forecast_category", 2), ("opportunities", "loss_reason", 2),
    ),
    "stage_history": (
        ("stage_history", "opportunity_id", 2), ("stage_history", "stage", 1), ("stage_history", "changed_at", 3),
        ("opportunities", "amount", -3), ("opportunities", "close_date", -3), *_PERSON,
    ),
    "activities": (
        ("activities", "type", 2), ("activities", "subject", 2), ("activities", "timestamp", 1),
        ("activities", "outcome", 2), ("activities", "activity_id", 2), ("activities", "rep", 0.5),
        ("leads", "first_name", -2), ("leads", "last_name", -2), ("opportunities", "amount", -2),
    ),
    "campaigns": (
        ("campaigns", "budget", 2), ("campaigns", "actual_cost", 2), ("campaigns", "sent", 2),
        ("campaigns", "delivered", 2), ("campaigns", "opens", 2), ("campaigns", "clicks", 1),
        ("campaigns", "conversions", 1), ("campaigns", "bounces", 2), ("campaigns", "unsubscribes", 2),
        ("campaigns", "media_cost", 2), ("campaigns", "utm_source", 1), ("campaigns", "utm_campaign", 1),
        ("campaigns", "campaign_id", 1), ("campaigns", "spam_score", 2), ("campaigns", "leads", 1),
        ("campaigns", "impressions", 2), *_PERSON,
    ),
    "events": (
        ("events", "event_name", 1.5), ("events", "leads_captured", 3), ("events", "meetings", 2),
        ("events", "pipeline", 2), ("events", "start_date", 0.5), ("events", "end_date", 0.5), *_PERSON,
    ),
    "reps": (
        ("reps", "capacity", 3), ("reps", "weight", 3), ("reps", "load", 2), ("reps", "out_of_office_until", 3),
        ("reps", "working_hours", 3), ("reps", "timezone", 2), ("reps", "role", 1), ("reps", "territory", 1),
        ("reps", "rep_id", 1), ("reps", "active", 1),
    ),
    "territories": (
        # countries, states, industries and sizes are in every lead file: only with a territory and its order
        # (or named accounts) do they make a rules table
        ("territories", "territory", 1), ("territories", "priority", 2), ("territories", "countries", 0.5),
        ("territories", "states", 0.5), ("territories", "industries", 0.5), ("territories", "size_tier", 0.5),
        ("territories", "named_accounts", 3), ("leads", "lead_source", -1), ("leads", "status", -1),
        ("leads", "created_at", -1), *_PERSON,
    ),
    "handoffs": (
        ("handoffs", "kickoff_date", 3), ("handoffs", "csat", 3), ("handoffs", "first_value_date", 3),
        ("handoffs", "nps", 3), ("handoffs", "handoff_id", 2), *_PERSON,
    ),
    "quotas": (
        ("quotas", "rep", 1), ("quotas", "team", 1), ("quotas", "period", 2), ("quotas", "amount", 1),
        ("opportunities", "stage", -3), ("opportunities", "close_date", -3), *_PERSON,
    ),
    # the Content Creation SOP's exports: an inventory, page analytics, review workflow, promotion log
    "content": (
        ("content", "content_id", 1), ("content", "title", 0.5), ("content", "url", 1), ("content", "content_type", 2),
        ("content", "author", 1), ("content", "published_at", 2), ("content", "word_count", 3),
        ("content", "meta_description", 3), ("content", "cta", 2), ("content", "sources", 2), *_PERSON,
    ),
    "page_analytics": (
        ("page_analytics", "page_views", 3), ("page_analytics", "sessions", 1), ("page_analytics", "time_on_page", 3),
        ("page_analytics", "backlinks", 3), ("page_analytics", "shares", 2), ("page_analytics", "hit_at", 2),
        ("page_analytics", "url", 1), *_PERSON,
    ),
    "content_reviews": (
        ("content_reviews", "stage", 1), ("content_reviews", "reviewer", 3), ("content_reviews", "started_at", 1),
        ("content_reviews", "completed_at", 1), ("content_reviews", "content_id", 1),
        ("opportunities", "amount", -3), *_PERSON,
    ),
    "content_promotion": (
        ("content_promotion", "channel", 2), ("content_promotion", "promoted_at", 3),
        ("content_promotion", "content_id", 1), *_PERSON,
    ),
}

#: Below this score no kind is named: the file is read as leads and the guess is "low".
MIN_SCORE = 3.0


@dataclass(frozen=True)
class ExportKind:
    """The kind of export a file looks like, how sure that is, and every kind's score."""

    kind: str
    schema: str
    confidence: str  # high | medium | low | given (--kind)
    scores: dict[str, float]

    @property
    def runner_up(self) -> tuple[str, float] | None:
        others = [(k, s) for k, s in self.scores.items() if k != self.kind and k != "contacts"]
        return max(others, key=lambda item: item[1]) if others else None

    def to_dict(self) -> dict:
        runner = self.runner_up
        return {"kind": self.kind, "schema": self.schema, "confidence": self.confidence,
                "score": self.scores.get(self.kind), "runner_up": runner[0] if runner else None,
                "scores": self.scores}


def detect_kind(columns: Sequence[str], headers: Mapping[str, str] | None = None) -> ExportKind:
    """Guess the kind of export from its headers (names only, no values read)."""
    schemas = {schema for evidence in EVIDENCE.values() for schema, _, _ in evidence}
    mappings = {schema: detect_columns(columns, schema=schema, headers=headers) for schema in schemas}
    found = {schema: set(mapping.fields) for schema, mapping in mappings.items()}
    scores = {kind: round(float(sum(weight for schema, name, weight in evidence if name in found[schema])), 1)
              for kind, evidence in EVIDENCE.items()}
    ranked = sorted(scores.items(), key=lambda item: -item[1])
    best, top = ranked[0]
    second = max(ranked[1][1], 0.0) if len(ranked) > 1 else 0.0
    if top < MIN_SCORE:
        return ExportKind("leads", "leads", "low", scores)
    margin = (top - second) / top
    confidence = "high" if margin >= 0.5 else "medium" if margin >= 0.25 else "low"
    if best == "leads" and _says_contact(list(mappings["leads"].fields.values()), headers):
        best = "contacts"
        scores = {**scores, "contacts": scores["leads"]}
    return ExportKind(best, KIND_SCHEMAS[best], confidence, scores)


def given_kind(kind: str) -> ExportKind:
    """The kind a user named with ``--kind``."""
    return ExportKind(kind, KIND_SCHEMAS[kind], "given", {})


def _says_contact(columns: Sequence[str], headers: Mapping[str, str] | None) -> bool:
    """A person export whose person columns speak of contacts ("Contact ID", "Contact owner") rather than leads."""
    keys = [header_key((headers or {}).get(c, c)) for c in columns]
    contact = sum("contact" in k or "kontakt" in k for k in keys)
    lead = sum("lead" in k for k in keys)
    return contact > lead

"""Enrichment triage: the Lead Management SOP's "2. Lead Enrichment" step.

"IF email domain != generic THEN append company/contact/technographic data
ELSE flag for manual research" and "Required fields validation: First Name,
Last Name, Company, Title, Phone (if available). Quality Standard: 95% field
completion". Each row gets a bucket (``enrich``, ``manual_research``,
``suppress``) with its reason, the required fields it lacks and its
completeness; the result says how complete each required field is against
the standard.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from revops_cli.columns import ColumnMapping
from revops_cli.config import RevopsConfig
from revops_cli.core.leads.clean import classify_emails
from revops_cli.core.metrics import percent
from revops_cli.normalize.distinct import is_blank
from revops_cli.normalize.names import split_full_name_column

ENRICH = "enrich"
MANUAL_RESEARCH = "manual_research"
SUPPRESS = "suppress"
BUCKETS = (ENRICH, MANUAL_RESEARCH, SUPPRESS)


@dataclass
class FieldCompletion:
    """How many rows have one required field, against the completion standard."""

    field: str
    column: str | None
    filled: int
    rows: int
    counts_toward_completion: bool

    @property
    def percent(self) -> float | None:
        return percent(self.filled, self.rows)

    def to_dict(self) -> dict:
        return {**self.__dict__, "percent": self.percent}


@dataclass
class EnrichResult:
    """What :func:`flag_enrichment` returns: the frame with added columns and the figures."""

    frame: pd.DataFrame
    fields: list[FieldCompletion] = field(default_factory=list)
    buckets: dict[str, int] = field(default_factory=dict)
    reasons: dict[str, int] = field(default_factory=dict)
    completion: float | None = None
    target: float = 95.0
    rows: int = 0

    @property
    def meets_target(self) -> bool | None:
        return None if self.completion is None else self.completion >= self.target

    def add(self, other: EnrichResult) -> None:
        """Fold the figures of the next batch of the same file into these (``frame`` stays this batch's):
        the same figures as flagging the whole file at once."""
        self.rows += other.rows
        for name, count in other.buckets.items():
            self.buckets[name] = self.buckets.get(name, 0) + count
        for name, count in other.reasons.items():
            self.reasons[name] = self.reasons.get(name, 0) + count
        self.reasons = dict(sorted(self.reasons.items(), key=lambda item: -item[1]))
        for total, part in zip(self.fields, other.fields, strict=True):
            total.filled += part.filled
            total.rows += part.rows
        counted = [f for f in self.fields if f.counts_toward_completion]
        self.completion = percent(sum(f.filled for f in counted), len(counted) * self.rows) if counted else None

    def summary(self) -> dict:
        return {
            "rows": self.rows,
            "buckets": self.buckets,
            "reasons": self.reasons,
            "completion_percent": self.completion,
            "completion_target": self.target,
            "meets_target": self.meets_target,
            "fields": [f.to_dict() for f in self.fields],
        }


def flag_enrichment(frame: pd.DataFrame, mapping: ColumnMapping, config: RevopsConfig) -> EnrichResult:
    """Add ``revops_enrich``, ``revops_enrich_reason``, ``revops_missing`` and ``revops_completeness``.

    Bucket rules, first match wins (each switchable in ``[enrich]``): a
    disposable domain or a role mailbox (info@, sales@) -> ``suppress``; no
    valid email, a placeholder (``a@a.com``, ``test@acme.com``) or a free/webmail
    domain -> ``manual_research``; a corporate
    domain -> ``enrich``. Completeness counts the required fields
    (``enrich.required_fields``); with ``phone_if_available`` a blank phone is
    listed as missing but does not lower the completeness. A file with only a
    full-name column counts first and last name from its split.
    """
    settings = config.enrich
    out = frame.copy()
    index = frame.index

    email_column = mapping.get("email")
    if email_column is not None:
        emails = classify_emails(frame[email_column], config)
        valid = emails["revops_email_valid"].eq(True)
        generic = emails["revops_email_generic"].eq(True) & valid
        disposable = emails["revops_email_disposable"].eq(True) & valid
        role = emails["revops_email_role"].eq(True) & valid
        placeholder = emails["revops_email_placeholder"].eq(True) & valid
        blank_email = is_blank(frame[email_column])
    else:
        valid = generic = disposable = role = placeholder = pd.Series(False, index=index)
        blank_email = pd.Series(True, index=index)

    # Ordered (mask, bucket, reason): the first rule a row meets decides it.
    rules = [
        (disposable if settings.suppress_disposable else None, SUPPRESS, "disposable email domain"),
        (role if settings.suppress_role else None, SUPPRESS, "role mailbox"),
        (blank_email, MANUAL_RESEARCH, "no email"),
        (~valid, MANUAL_RESEARCH, "invalid email"),
        (placeholder, MANUAL_RESEARCH, "placeholder email"),
        (generic if settings.manual_research_generic_domains else None, MANUAL_RESEARCH, "free/webmail domain"),
    ]
    bucket = pd.Series(ENRICH, index=index, dtype="str")
    reason = pd.Series("corporate domain", index=index, dtype="str")
    decided = pd.Series(False, index=index)
    for mask, name, why in rules:
        if mask is None:
            continue
        hit = mask & ~decided
        bucket = bucket.mask(hit, name)
        reason = reason.mask(hit, why)
        decided |= hit

    present, completions = _required_presence(frame, mapping, config)
    counted = [c.field for c in completions if c.counts_toward_completion]
    missing_lists = pd.Series([[] for _ in range(len(index))], index=index, dtype=object)
    for completion in completions:
        absent = ~present[completion.field]
        label = completion.field.replace("_", " ")
        missing_lists = missing_lists.where(~absent, missing_lists.map(lambda items, lab=label: [*items, lab]))
    out["revops_enrich"] = bucket
    out["revops_enrich_reason"] = reason
    out["revops_missing"] = missing_lists.map(lambda items: "; ".join(items) if items else None).astype("str")
    if counted:
        out["revops_completeness"] = (present[counted].sum(axis=1) * 100.0 / len(counted)).round(1)
        completion = percent(present[counted].to_numpy().sum(), len(counted) * len(index))
    else:
        out["revops_completeness"] = pd.Series(float("nan"), index=index)
        completion = None
    return EnrichResult(
        frame=out, fields=completions,
        buckets={name: int((bucket == name).sum()) for name in BUCKETS},
        reasons={k: int(v) for k, v in reason.value_counts().items()},
        completion=completion, target=settings.completion_target, rows=len(index),
    )


def _required_presence(frame: pd.DataFrame, mapping: ColumnMapping,
                       config: RevopsConfig) -> tuple[pd.DataFrame, list[FieldCompletion]]:
    """Per required field: a True/False column "row has it", and its completion figure."""
    settings = config.enrich
    index = frame.index
    split = None
    if "full_name" in mapping and not ("first_name" in mapping or "last_name" in mapping):
        split = split_full_name_column(frame[mapping.fields["full_name"]])
    present = {}
    completions = []
    for canonical in settings.required_fields:
        column = mapping.get(canonical)
        if column is not None:
            has = ~is_blank(frame[column])
        elif split is not None and canonical in ("first_name", "last_name"):
            has = ~is_blank(split[canonical].astype("str"))
            column = mapping.fields["full_name"]
        elif canonical == "phone" and "mobile_phone" in mapping:
            column = mapping.fields["mobile_phone"]
            has = ~is_blank(frame[column])
        else:
            has = pd.Series(False, index=index)  # a required field the file lacks: every row misses it
        if canonical == "phone" and "mobile_phone" in mapping and column != mapping.fields["mobile_phone"]:
            has = has | ~is_blank(frame[mapping.fields["mobile_phone"]])  # a mobile number is a phone
        present[canonical] = has
        counts = not (canonical == "phone" and settings.phone_if_available)
        completions.append(FieldCompletion(canonical, column, int(has.sum()), len(index), counts))
    return pd.DataFrame(present, index=index), completions

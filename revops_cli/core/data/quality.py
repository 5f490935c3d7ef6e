"""Data quality audit: the Data Management SOP's "Data Quality Metrics" and "Data Retention Policy".

:func:`audit_data` measures a leads/contacts frame *as stored* (nothing is
changed) against ``[data_quality]``:

* **Completeness** — share of rows with each required field non-blank
  (``data_quality.required_fields``; first/last name may come from a full
  name column), and overall = filled cells / (required fields x rows).
* **Accuracy** (validity proxy) — for each formatted field the file has, the
  share of *filled* cells already in the SOP format:

  - ``email``: syntax valid (the email normaliser's ``revops_email_valid``;
    it tolerates surrounding whitespace, ``mailto:`` and ``<...>`` wrapping) and
    not a placeholder (``a@a.com``, ``none@none.com``, ``x@example.com``: see
    :func:`~revops_cli.normalize.email.placeholder_reasons`; counted in
    ``counts["placeholder_emails"]`` and listed as "placeholder email").
  - ``phone`` / ``mobile_phone``: trimmed text matches ``^\\+[1-9]\\d{6,14}$``
    (E.164 as stored, no spaces, no extension).
  - ``country``: trimmed text is an upper-case ISO 3166-1 alpha-2 code the
    country normaliser returns unchanged (``US`` yes, ``us``/``USA`` no).
  - ``state``: trimmed text is a bare subdivision code (1-3 upper-case
    letters/digits) that the state normaliser returns unchanged and
    unflagged for the row's (normalised) country (``CA`` yes, ``US-CA``,
    ``Calif.``, ``California`` no). A code for a country without
    subdivision data, or an ambiguous code with no country, passes if
    code-shaped.
  - ``campaign``: trimmed text full-matches ``campaign.naming_pattern`` and,
    when the pattern has a ``type`` group and ``campaign.campaign_types`` is
    non-empty, the type is one of them (case-insensitive).
  - ``industry``: the industry normaliser maps the value to a NAICS 2022
    sector, i.e. it *is* a 2-6 digit NAICS code / sector range / sector title
    or a picklist value (or ``clean.industry_map`` entry) that maps to one.
    ``Other`` or ``Misc`` do not.

  Each field also reports ``fixable``: filled cells that would be valid after
  ``revops leads clean`` (phone via the phone normaliser with the row's
  country as region; country, state, email, industry via their normalisers;
  campaign names are never rewritten so ``fixable == valid``). For phones in big files
  (more than :data:`REPAIR_SAMPLE` distinct invalid values) it is a sample estimate,
  flagged ``fixable_estimated``.
  Overall accuracy = valid cells / filled cells over all these fields.
* **Duplicates** — rows whose exact email match key
  (:func:`match_keys_from_normalized`; placeholders have none) repeats an earlier row's, / rows; with
  ``fuzzy=True`` the dedupe engine's estimate instead: rows it would merge away
  (its email, phone + name and fuzzy-name rules), / rows. Both counts are kept.
* **Bounces** — rows with an email whose ``bounced`` cell is truthy (any
  non-blank text except false-like words; a bounce *reason* counts), / rows
  with an email.
* **Compliance** — marketable rows (not unsubscribed and, when a marketing
  status column exists, marked as a marketing contact) need a consent basis
  (a truthy or other non-blank, non-negative ``consent`` cell); an
  unsubscribed row marked as a marketing contact is never compliant.
  Compliance = compliant / (marketable + unsubscribed-but-marketing). With no
  consent column the metric is not measurable (value None).
* **Retention** — each row is a ``customers`` (lifecycle stage or status
  says customer / evangelist / closed won; wins over unsubscribed),
  ``unsubscribed`` (truthy ``unsubscribed``) or ``prospects`` record. Its
  reference date is last activity, else created date. It is *past*
  retention when ``reference date + N years < now`` at day granularity
  (calendar years; exactly N years is not yet past).

Targets: a minimum (completeness, accuracy, compliance) is met when
``value >= target``; a maximum (duplicates, bounces) when ``value <= target``.
A metric that cannot be measured has value/met None and a
:class:`~revops_cli.core.metrics.NotMeasured` in ``not_measured`` saying why
(no consent column, no email column, no data rows...): never 0, never met or
missed. A required field with no column is not measured either, and the
overall completeness covers the required fields that were.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from revops_cli.columns import ColumnMapping
from revops_cli.config import RevopsConfig
from revops_cli.core.leads.clean import classify_emails
from revops_cli.core.leads.dedupe import dedupe_leads
from revops_cli.core.metrics import NotMeasured, missing_column, not_measured_json, percent
from revops_cli.normalize.booleans import FALSE_WORDS
from revops_cli.normalize.country import normalize_country_column
from revops_cli.normalize.distinct import is_blank
from revops_cli.normalize.email import match_keys_from_normalized
from revops_cli.normalize.industry import normalize_industry_column
from revops_cli.normalize.names import split_full_name_column
from revops_cli.normalize.phone import normalize_phone_column
from revops_cli.normalize.state import normalize_state_column
from revops_cli.normalize.timestamps import normalize_timestamp_column

E164 = r"^\+[1-9]\d{6,14}$"
# Cells that mean "no" in a boolean-ish compliance column (the shared no-words plus a compliance column's own).
# Anything else non-blank is "yes".
NO_FLAG_WORDS = FALSE_WORDS | frozenset({
    "none", "null", "nan", "n/a", "na", "-",
    "not bounced", "not unsubscribed", "subscribed", "opted in", "no consent", "not granted", "denied",
    "declined", "withdrawn", "revoked", "opted out", "unknown",
})
# Consent cells that deny a basis even though they are not a plain "no".
_CONSENT_DENIED = frozenset({"no consent", "not granted", "denied", "declined", "withdrawn", "revoked",
                             "opted out", "unknown"})
# Lifecycle stage / status text that makes a record a customer (searched, case-insensitive).
CUSTOMER_PATTERN = r"(?i)\bcustomers?\b|\bevangelists?\b|closed[\s_-]*won"
# Marketing status headers (HubSpot); should move to columns.LEAD_ALIASES as "marketing_status".
MARKETING_STATUS_HEADERS = ("Marketing contact status", "hs_marketable_status", "Marketing Status")
VALIDITY_FIELDS = ("email", "phone", "mobile_phone", "country", "state", "campaign", "industry")
_STATE_CODE = r"^[A-Z0-9]{1,3}$"
RETENTION_CLASSES = ("customers", "prospects", "unsubscribed")
# Above this many rows the dedupe engine's duplicate estimate runs only when asked: it costs about as much as
# `leads dedupe --flag-only` (~80 s per million rows), the rest of the audit ~15 s. `data audit` and
# `report weekly` both use it, so their figures agree.
FUZZY_AUTO_ROWS = 250_000
REPAIR_SAMPLE = 20_000  # distinct invalid phones checked exactly; above, a seeded sample of this many


@dataclass
class FieldQuality:
    """Completeness and/or validity of one canonical field."""

    field: str
    column: str | None
    rows: int
    filled: int
    required: bool = False
    valid: int | None = None  # None: the field has no format rule
    fixable: int | None = None
    fixable_estimated: bool = False  # from a sample of the distinct invalid values (phones in big files)

    @property
    def completeness(self) -> float | None:
        return percent(self.filled, self.rows)

    @property
    def validity(self) -> float | None:
        return None if self.valid is None else percent(self.valid, self.filled)

    def to_dict(self) -> dict:
        return {**self.__dict__, "completeness": self.completeness, "validity": self.validity}


@dataclass
class DataAudit:
    """What :func:`audit_data` returns."""

    scorecard: list[dict] = field(default_factory=list)
    fields: list[FieldQuality] = field(default_factory=list)
    problems: pd.DataFrame = field(default_factory=pd.DataFrame)
    retention: pd.DataFrame = field(default_factory=pd.DataFrame)
    counts: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    #: What could not be measured on this file, and why: a metric (``completeness``, ``accuracy``,
    #: ``duplicates``, ``bounces``, ``compliance``), ``retention``, or a required field's completeness
    #: (``lead_source_completeness``). Their figures are None, never 0, and never met or missed.
    not_measured: dict[str, NotMeasured] = field(default_factory=dict)

    def metric(self, name: str) -> dict:
        return next(m for m in self.scorecard if m["metric"] == name)

    @property
    def measured(self) -> list[dict]:
        """The scorecard metrics that were measured."""
        return [m for m in self.scorecard if m["value"] is not None]

    def summary(self) -> dict:
        return {
            "scorecard": self.scorecard,
            "fields": [f.to_dict() for f in self.fields],
            "counts": self.counts,
            "rows_with_problems": int(len(self.problems)),
            "notes": self.notes,
            "not_measured": not_measured_json(self.not_measured),
        }


def per_distinct(values: pd.Series, test) -> pd.Series:
    """``test`` (Series of distinct cells -> bool Series) evaluated once per distinct cell; blank/NA -> False."""
    codes, uniques = pd.factorize(values.astype(object), use_na_sentinel=True)
    result = test(pd.Series(uniques, dtype="string")).fillna(False).to_numpy(dtype=bool)
    out = np.zeros(len(values), dtype=bool)
    known = codes >= 0
    out[known] = result[codes[known]]
    return pd.Series(out, index=values.index)


def _truthy_distinct(text: pd.Series) -> pd.Series:
    blank = is_blank(text).to_numpy(dtype=bool)  # "#N/A" or "Select" is not a yes
    text = text.str.strip().str.lower()
    return text.ne("") & ~text.isin(NO_FLAG_WORDS) & ~blank


def truthy(values: pd.Series) -> pd.Series:
    """True where a cell is non-blank and not a false-like word (``0``, ``false``, ``no``...)."""
    return per_distinct(values, _truthy_distinct)


def _has_consent(values: pd.Series) -> pd.Series:
    return per_distinct(values, lambda t: _truthy_distinct(t) & ~t.str.strip().str.lower().isin(_CONSENT_DENIED))


def _text(values: pd.Series) -> pd.Series:
    return values.astype("string").str.strip()


def _marketing_column(frame: pd.DataFrame) -> str | None:
    wanted = {h.lower() for h in MARKETING_STATUS_HEADERS}
    return next((c for c in frame.columns if str(c).strip().lower() in wanted), None)


def _metric(name: str, value: float | None, target: float, maximum: bool = False) -> dict:
    met = None if value is None else (value <= target if maximum else value >= target)
    return {"metric": name, "value": value, "target": target, "kind": "max" if maximum else "min", "met": met}


@dataclass
class _Work:
    """The audit in progress: the frame, and the fields measured, problems ((mask, label), in report order) and
    notes found so far."""

    frame: pd.DataFrame
    mapping: ColumnMapping
    fields: dict[str, FieldQuality] = field(default_factory=dict)
    problems: list[tuple[pd.Series, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    not_measured: dict[str, NotMeasured] = field(default_factory=dict)

    @property
    def index(self) -> pd.Index:
        return self.frame.index

    def column(self, canonical: str) -> pd.Series | None:
        name = self.mapping.get(canonical)
        return None if name is None else self.frame[name]


def _completeness(work: _Work, required_fields: list[str]) -> float | None:
    """Required fields filled; first/last name may come from a full-name column.

    A required field with no column is not measured (the export may hold it under a header the
    detector missed: ``--map``), and the overall figure covers the required fields that were.
    """
    frame, mapping, n = work.frame, work.mapping, len(work.index)
    split = None
    if "full_name" in mapping and not ("first_name" in mapping or "last_name" in mapping):
        split = split_full_name_column(frame[mapping.fields["full_name"]])
    filled_required, measured = 0, 0
    for canonical in required_fields:
        values = work.column(canonical)
        name = mapping.get(canonical)
        if values is not None:
            has = ~is_blank(values)
        elif split is not None and canonical in ("first_name", "last_name"):
            has = ~is_blank(split[canonical].astype("string"))
            name = mapping.fields["full_name"]
        else:
            work.fields[canonical] = FieldQuality(canonical, None, n, 0, required=True)
            work.not_measured[f"{canonical}_completeness"] = missing_column(canonical)
            continue
        filled = int(has.sum())
        filled_required += filled
        measured += 1
        work.fields[canonical] = FieldQuality(canonical, name, n, filled, required=True)
        work.problems.append((~has, f"missing {canonical.replace('_', ' ')}"))
    if not measured and n:
        work.not_measured["completeness"] = NotMeasured(
            "no column for any required field (" + ", ".join(f.replace("_", " ") for f in required_fields) + ")",
            f"--map {required_fields[0]}=HEADER" if required_fields else None)
    return percent(filled_required, measured * n)


def _valid_and_fixable(canonical: str, values: pd.Series, config: RevopsConfig,
                       country_codes: pd.Series | None) -> tuple[pd.Series, pd.Series]:
    """Country, state, campaign and industry cells: in the SOP format now, and after ``revops leads clean``."""
    index = values.index
    text = _text(values)
    if canonical == "country":
        fixable = pd.Series(country_codes, index=index).notna()
        valid = fixable & text.eq(pd.Series(country_codes, index=index).astype("string")).fillna(False)
    elif canonical == "state":
        result = normalize_state_column(values, country_codes, infer_country_from=tuple(config.clean.infer_country_from))
        value = result["value"].astype("string").str.strip()
        fixable = (result["flag"].isna() & value.str.fullmatch(_STATE_CODE)).fillna(False).astype(bool)
        valid = fixable & text.eq(value).fillna(False)
    elif canonical == "campaign":
        pattern = config.campaign.naming_pattern
        parts = text.str.extract(f"^(?P<_whole>{pattern})$")
        valid = parts["_whole"].notna()
        if "type" in parts.columns and config.campaign.campaign_types:
            types = {t.lower() for t in config.campaign.campaign_types}
            valid = valid & parts["type"].astype("string").str.lower().isin(types).fillna(False)
        valid = valid.fillna(False).astype(bool)
        fixable = valid  # campaign names are never rewritten
    else:  # industry
        result = normalize_industry_column(values, extra_map=config.clean.industry_map)
        fixable = pd.Series(result["revops_naics_code"], index=index).notna()
        valid = fixable
    return valid, fixable


def _accuracy(work: _Work, config: RevopsConfig, default_region: str | None) -> tuple[float | None, pd.DataFrame | None]:
    """Each formatted field's valid and fixable cells; overall accuracy, and the email classification (or None)."""
    frame, mapping, n = work.frame, work.mapping, len(work.index)
    region = (default_region or config.general.default_region).upper()
    country_codes = None
    if "country" in mapping:
        result = normalize_country_column(frame[mapping.fields["country"]], extra_aliases=config.clean.country_aliases)
        value = result["value"].astype("string")
        ok = result["flag"].isna() & value.str.fullmatch(r"[A-Z]{2}").fillna(False)
        country_codes = result["value"].astype(object).where(ok, None)
    email_classified = None
    for canonical in VALIDITY_FIELDS:
        values = work.column(canonical)
        if values is None:
            continue
        filled = ~is_blank(values)
        if canonical == "email":
            email_classified = classify_emails(values, config)
            syntax = email_classified["revops_email_valid"].eq(True).fillna(False).astype(bool)
            placeholder = email_classified["revops_email_placeholder"].eq(True).fillna(False).astype(bool)
            valid = syntax & ~placeholder  # a@a.com is well-formed but names nobody: not accurate
            fixable = valid
            work.problems.append((placeholder & filled, "placeholder email"))
        elif canonical in ("phone", "mobile_phone"):
            valid = _text(values).str.fullmatch(E164).fillna(False).astype(bool)
            fixable = valid  # plus the repairable ones, counted (or estimated) below
            repairable, estimated = _phone_repairable(values, country_codes, region, filled & ~valid)
        else:
            valid, fixable = _valid_and_fixable(canonical, values, config, country_codes)
        valid = (valid & filled).astype(bool)
        fixable = (fixable & filled).astype(bool)
        quality = work.fields.get(canonical)
        if quality is None:
            quality = work.fields[canonical] = FieldQuality(canonical, mapping.get(canonical), n, int(filled.sum()))
        quality.valid, quality.fixable = int(valid.sum()), int(fixable.sum())
        if canonical in ("phone", "mobile_phone"):
            quality.fixable += repairable
            quality.fixable_estimated = estimated
        if canonical == "email":
            valid_or_placeholder = valid | placeholder
            work.problems.append((filled & ~valid_or_placeholder, "email not in SOP format"))
        else:
            work.problems.append((filled & ~valid, f"{canonical.replace('_', ' ')} not in SOP format"))
    checked = [f for f in work.fields.values() if f.valid is not None]
    accuracy = percent(sum(f.valid for f in checked), sum(f.filled for f in checked)) if checked else None
    if not checked and n:
        work.not_measured["accuracy"] = NotMeasured(
            "no email, phone, country, state, campaign or industry column", "--map email=HEADER")
    return accuracy, email_classified


@dataclass
class _Duplicates:
    rate: float | None = None
    rows: int = 0  # exact email repeats
    fuzzy_rows: int | None = None  # rows the dedupe engine would merge away (with fuzzy=True)


def _duplicates(work: _Work, config: RevopsConfig, email_classified: pd.DataFrame | None, fuzzy: bool,
                default_region: str | None, rows: pd.Series) -> _Duplicates:
    index, n = work.index, len(work.index)
    out = _Duplicates()
    dup = pd.Series(False, index=index)
    if email_classified is not None:
        keys = _email_keys(email_classified)
        dup = keys.notna() & keys.duplicated(keep="first")
        out.rows = int(dup.sum())
        out.rate = percent(out.rows, n)
        work.problems.append((dup, "duplicate email"))
    elif not fuzzy and n:
        work.not_measured["duplicates"] = missing_column("email")
    has = work.mapping.fields.__contains__
    named = has("first_name") or has("last_name") or has("full_name")
    comparable = has("email") or (named and (has("phone") or has("mobile_phone") or has("company")))
    if fuzzy and n and not comparable:
        work.not_measured["duplicates"] = NotMeasured("no email column, nor a name with a phone or company column "
                                                      "to compare records by", "--map email=HEADER")
    elif fuzzy and n:
        flagged = dedupe_leads(work.frame, work.mapping, config, flag_only=True, default_region=default_region,
                               row_numbers=rows).frame
        merged_away = pd.Series(flagged["revops_is_survivor"].to_numpy() == "false", index=index)
        out.fuzzy_rows = int(merged_away.sum())
        # the engine's rate is the estimate: it includes the exact-email repeats and more
        out.rate = percent(out.fuzzy_rows, n)
        work.problems.append((merged_away & ~dup, "possible duplicate"))
    return out


def _bounces(work: _Work, email_classified: pd.DataFrame | None) -> tuple[float | None, int, int]:
    """(bounce rate, bounced rows, rows with an email)."""
    if email_classified is None:
        if len(work.index):
            work.not_measured["bounces"] = missing_column("email")
        return None, 0, 0
    has_email = ~is_blank(work.column("email"))
    with_email = int(has_email.sum())
    bounced_values = work.column("bounced")
    if bounced_values is None:
        if len(work.index):
            work.not_measured["bounces"] = missing_column("bounced", "bounced (hard bounce) flag")
        return None, 0, with_email
    bounced = truthy(bounced_values) & has_email
    bounced_rows = int(bounced.sum())
    work.problems.append((bounced, "email bounced"))
    return percent(bounced_rows, with_email), bounced_rows, with_email


@dataclass
class _Compliance:
    rate: float | None
    unsubscribed: pd.Series
    marketable: pd.Series
    unsubscribed_marketing: pd.Series
    without_consent: int


def _compliance(work: _Work) -> _Compliance:
    frame, index = work.frame, work.index
    unsub_values = work.column("unsubscribed")
    unsubscribed = truthy(unsub_values) if unsub_values is not None else pd.Series(False, index=index)
    marketing_name = _marketing_column(frame)
    if marketing_name is not None:
        marked = per_distinct(frame[marketing_name], lambda t: t.str.lower().str.contains("marketing")
                              & ~t.str.lower().str.contains(r"non[\s_-]*marketing"))
    else:
        marked = pd.Series(True, index=index)
    marketable = ~unsubscribed & marked
    unsub_marketing = unsubscribed & marked if marketing_name is not None else pd.Series(False, index=index)
    work.problems.append((unsub_marketing, "unsubscribed but marketing contact"))
    consent_values = work.column("consent")
    compliance = None
    no_consent = 0
    if consent_values is not None:
        missing_consent = marketable & ~_has_consent(consent_values)
        no_consent = int(missing_consent.sum())
        in_scope = int(marketable.sum()) + int(unsub_marketing.sum())
        compliant = int(marketable.sum()) - no_consent
        compliance = percent(compliant, in_scope)
        work.problems.append((missing_consent, "marketable without consent"))
    elif len(index):
        work.not_measured["compliance"] = missing_column("consent", "consent (legal basis)")
    return _Compliance(rate=compliance, unsubscribed=unsubscribed, marketable=marketable,
                       unsubscribed_marketing=unsub_marketing, without_consent=no_consent)


def _problem_frame(problems: list[tuple[pd.Series, str]], frame: pd.DataFrame, rows: pd.Series,
                   id_column: str | None) -> pd.DataFrame:
    """One row per input row with a problem: row number, id and its problems' labels joined by '; '."""
    # Each row's set of problems as a bit pattern; the text is built once per distinct pattern.
    index, n = frame.index, len(frame.index)
    labels = [label for _, label in problems]
    bits = np.zeros(n, dtype=object if len(problems) > 62 else np.int64)
    for position, (mask, _) in enumerate(problems):
        bits = bits + mask.to_numpy(dtype=bool).astype(np.int64) * (1 << position)
    codes, patterns = pd.factorize(bits)
    pattern_text = np.array(["; ".join(labels[i] for i in range(len(labels)) if int(p) >> i & 1) for p in patterns],
                            dtype=object)
    text = pd.Series(pattern_text[codes] if n else [], index=index, dtype=object)
    has_problem = pd.Series(bits != 0, index=index)
    return pd.DataFrame({
        "row": rows[has_problem].to_numpy(),
        "id": (frame[id_column][has_problem].to_numpy() if id_column else [None] * int(has_problem.sum())),
        "problems": text[has_problem].to_numpy(),
    })


def audit_data(frame: pd.DataFrame, mapping: ColumnMapping, config: RevopsConfig, *,
               now: pd.Timestamp | str, row_numbers: pd.Series | None = None,
               default_region: str | None = None, fuzzy: bool = False) -> DataAudit:
    """Audit ``frame`` against the Data Management SOP; pure (no IO, ``frame`` unchanged).

    ``fuzzy`` also runs the dedupe engine (flag only) so the duplicates metric counts
    records its rules merge (email, phone + name, fuzzy name at one company), not only
    exact repeats of an email; it costs about as much as ``leads dedupe --flag-only``.
    """
    settings = config.data_quality
    targets = settings.targets
    n = len(frame.index)
    rows = row_numbers if row_numbers is not None else pd.Series(frame.index + 2, index=frame.index)
    id_column = mapping.get("lead_id")
    work = _Work(frame, mapping)

    completeness = _completeness(work, settings.required_fields)
    accuracy, email_classified = _accuracy(work, config, default_region)
    duplicates = _duplicates(work, config, email_classified, fuzzy, default_region, rows)
    bounces, bounced_rows, with_email = _bounces(work, email_classified)
    compliance = _compliance(work)
    retention = _retention(frame, mapping, config, compliance.unsubscribed, now, rows, id_column)
    work.problems.append((retention["past"].astype(bool), "past retention"))
    if n and "created_at" not in mapping and "last_activity_at" not in mapping:
        work.not_measured["retention"] = NotMeasured("no created or last activity date column",
                                                     "--map created_at=HEADER")
    if not n:
        work.not_measured = {name: NotMeasured("no data rows in the file")
                             for name in ("completeness", "accuracy", "duplicates", "bounces", "compliance",
                                          "retention")}
    problem_frame = _problem_frame(work.problems, frame, rows, id_column)

    past = retention["past"]
    counts = {
        "rows": n,
        "rows_with_problems": len(problem_frame),
        "rows_with_email": with_email,
        "placeholder_emails": (int(email_classified["revops_email_placeholder"].eq(True).sum())
                               if email_classified is not None else None),
        "duplicate_rows": duplicates.rows,
        "fuzzy_duplicate_rows": duplicates.fuzzy_rows,
        "bounced_rows": bounced_rows,
        "unsubscribed": int(compliance.unsubscribed.sum()),
        "marketable": int(compliance.marketable.sum()),
        "marketable_without_consent": compliance.without_consent,
        "unsubscribed_marketing": int(compliance.unsubscribed_marketing.sum()),
        "retention_classes": {c: int((retention["class"] == c).sum()) for c in RETENTION_CLASSES},
        "past_retention": ({c: int((past & (retention["class"] == c)).sum()) for c in RETENTION_CLASSES}
                           if "retention" not in work.not_measured else {c: None for c in RETENTION_CLASSES}),
        "undated": int(retention["reference_date"].isna().sum()),
    }
    scorecard = [
        _metric("completeness", completeness, targets.completeness),
        _metric("accuracy", accuracy, targets.accuracy),
        _metric("duplicates", duplicates.rate, targets.duplicates_max, maximum=True),
        _metric("bounces", bounces, targets.bounces_max, maximum=True),
        _metric("compliance", compliance.rate, targets.compliance),
    ]
    return DataAudit(scorecard=scorecard, fields=list(work.fields.values()), problems=problem_frame,
                     retention=retention, counts=counts, notes=work.notes, not_measured=work.not_measured)


def problem_rows(frame: pd.DataFrame, audit: DataAudit) -> pd.DataFrame:
    """The rows of ``frame`` that have a problem, every column as read, then ``revops_row``,
    ``revops_problems``, ``revops_retention_class`` and ``revops_retention_action``."""
    retention = audit.retention
    has_problem = retention["row"].isin(audit.problems["row"]).to_numpy()
    picked = frame.loc[has_problem].copy()
    # audit.problems lists the same rows in the same (input) order
    picked["revops_row"] = audit.problems["row"].to_numpy()
    picked["revops_problems"] = audit.problems["problems"].to_numpy(object)
    picked["revops_retention_class"] = retention.loc[has_problem, "class"].to_numpy(object)
    picked["revops_retention_action"] = retention.loc[has_problem, "action"].to_numpy(object)
    return picked


def _phone_repairable(values: pd.Series, country_codes: pd.Series | None, region: str,
                      invalid: pd.Series) -> tuple[int, bool]:
    """How many ``invalid`` phone cells the phone normaliser would repair: (count, estimated).

    The normaliser costs ~0.2 ms per distinct (phone, country) pair and real phone columns are nearly all
    distinct, so above :data:`REPAIR_SAMPLE` distinct invalid pairs the count is a ratio estimate from a
    seeded random sample of them (each weighted by its number of rows), not an exact figure.
    """
    if not invalid.any():
        return 0, False
    cells = values[invalid].astype("string").str.strip()
    regions = (pd.Series(country_codes, index=values.index)[invalid].astype("string").fillna("")
               if country_codes is not None else pd.Series("", index=cells.index, dtype="string"))
    pairs = pd.DataFrame({"value": cells.to_numpy(object), "region": regions.to_numpy(object)})
    counted = pairs.value_counts(sort=False).rename("rows").reset_index()
    estimated = len(counted) > REPAIR_SAMPLE
    if estimated:
        pick = np.random.default_rng(0).choice(len(counted), size=REPAIR_SAMPLE, replace=False)
        counted = counted.iloc[np.sort(pick)].reset_index(drop=True)
    result = normalize_phone_column(counted["value"].astype(object),
                                    counted["region"].replace("", None).astype(object), default_region=region)
    ok = (result["value"].notna() & result["flag"].isna()).to_numpy(bool)
    rows = counted["rows"].to_numpy(np.int64)
    if not estimated:
        return int(rows[ok].sum()), False
    return int(round(int(invalid.sum()) * rows[ok].sum() / rows.sum())), True


def _email_keys(classified: pd.DataFrame) -> pd.Series:
    """:func:`match_keys_from_normalized`, computed once per distinct normalised address; None for a
    placeholder (seven people typing ``a@a.com`` are not six duplicates)."""
    values = classified["value"].astype(object)
    first = ~values.duplicated()
    distinct = classified.loc[first]
    keys = match_keys_from_normalized(distinct).to_numpy(dtype=object)
    codes = pd.Index(values[first]).get_indexer(values)
    out = keys[codes]
    out[(codes < 0) | classified["revops_email_placeholder"].eq(True).to_numpy()] = None
    return pd.Series(out, index=classified.index, dtype=object)


def _retention(frame: pd.DataFrame, mapping: ColumnMapping, config: RevopsConfig, unsubscribed: pd.Series,
               now: pd.Timestamp | str, rows: pd.Series, id_column: str | None) -> pd.DataFrame:
    """One row per input row: class, reference date, age in years, whether past retention and the action."""
    index = frame.index
    customer = pd.Series(False, index=index)
    for canonical in ("lifecycle_stage", "status"):
        if canonical in mapping:
            customer = customer | per_distinct(frame[mapping.fields[canonical]],
                                               lambda t: t.str.contains(CUSTOMER_PATTERN, regex=True))
    unsub = unsubscribed.to_numpy(dtype=bool)
    is_customer = customer.to_numpy(dtype=bool)
    cls = pd.Series(np.where(is_customer, "customers", np.where(unsub, "unsubscribed", "prospects")).astype(object),
                    index=index)

    zone = config.general.timezone
    stamp = pd.Timestamp(now)
    stamp = stamp.tz_localize(zone) if stamp.tzinfo is None else stamp.tz_convert(zone)
    today = stamp.tz_localize(None).normalize()
    reference = pd.Series(pd.NaT, index=index, dtype="datetime64[ns]")
    for canonical in ("created_at", "last_activity_at"):  # later wins: activity over created
        if canonical in mapping:
            parsed = normalize_timestamp_column(frame[mapping.fields[canonical]],
                                                timezone=mapping.naive_timezone(canonical, zone))["revops_parsed"]
            parsed = pd.to_datetime(parsed, errors="coerce")
            if getattr(parsed.dt, "tz", None) is not None:
                parsed = parsed.dt.tz_convert(zone).dt.tz_localize(None)
            parsed = parsed.dt.normalize().astype("datetime64[ns]")
            reference = parsed.where(parsed.notna(), reference)

    rules = config.data_quality.retention
    years = np.full(len(index), np.nan)
    actions = np.full(len(index), None, dtype=object)
    past_np = np.zeros(len(index), dtype=bool)
    ref_np = reference.to_numpy()
    for name, rule in rules.items():
        member = (cls == name).to_numpy(dtype=bool)
        cutoff = (today - pd.DateOffset(years=rule.years)).to_datetime64()  # past when reference < today - N years
        years[member] = rule.years
        late = member & ~pd.isna(ref_np) & (ref_np < cutoff)
        past_np |= late
        actions[late] = rule.action
    age = ((today - reference).dt.days / 365.25).round(2)
    return pd.DataFrame({
        "row": rows.to_numpy(),
        "id": frame[id_column].to_numpy() if id_column else None,
        "class": cls.to_numpy(),
        "reference_date": reference.to_numpy(),
        "age_years": age.to_numpy(),
        "years_kept": years,
        "past": past_np,
        "action": actions,
    }, index=index)

"""Funnel report: stages reached, conversion by cohort vs the KPIs, time in stage, the marketing SLA.

The numbers come from the config: ``funnel.kpi_targets`` (Lead Management
SOP, Metrics & KPIs: "Lead-to-MQL Rate >35%, MQL-to-SQL Rate >40%, SQL-to-Opp
Rate >70%", "Lead Acceptance Rate >80%") and ``funnel.marketing_sla`` (Sales
Funnel 101: "Marketing will produce 50 leads / month for sales", per source
where set, and "an agreed-upon conversion rate ... let's say 35%" of leads to
opportunity).

Decisions, so they can be checked:

* **Stages** are :data:`STAGES` (Lead, MQL, SQL, Opportunity, Customer) and
  cumulative: a lead that reached SQL reached MQL too. Every row of the leads
  file reached Lead (a HubSpot ``subscriber`` is counted as a Lead).
* **Stage reached** is the highest of: the lifecycle stage column through
  ``funnel.stage_map`` (keyed ignoring case, spaces and punctuation); where that
  is blank, not mapped or an unknown value, the status column through the
  same map (a HubSpot export's Lead Status is not read when its Lifecycle
  Stage is filled: ``OPEN_DEAL`` on a ``subscriber`` is noise); the latest
  stage with a timestamp (:data:`FUNNEL_ALIASES`: ``Became a Marketing
  Qualified Lead Date``...); an opportunity linked to the lead (Converted Lead
  ID, else email, via :func:`~revops_cli.core.sales.activities.link_to_leads`) ->
  Opportunity, a ``Closed Won`` one -> Customer. Values the map does not know
  are counted in ``unmapped_values`` and leave the lead at Lead.
* Salesforce ``Closed - Converted`` is Opportunity (conversion creates the
  opportunity: "Qualified -> Create Opportunity"); ``Qualified`` is SQL;
  ``Unqualified``/``Closed - Not Converted``/``Nurture`` are Lead.
* **Cohorts** are creation months (``created_at`` in ``general.timezone``).
  Conversion from a stage to the next = leads of the cohort that reached the
  next stage / leads that reached the stage x 100, rounded to 0.1; None when
  none reached the stage. ``met`` is rate >= target (None without a rate or a
  target). Leads without a creation date are in the overall figures and in
  cohort ``unknown``. The cohort of ``now``'s month is marked ``partial``.
* **Time in stage** (median days, 0.1) for each stage = next stage's time -
  this stage's time, over leads with both and not negative. Lead starts at
  ``created_at``; Opportunity at the earliest linked opportunity's created
  date when there is no opportunity date column; Customer at a Closed Won
  opportunity's close date likewise.
* **Marketing SLA**: leads created per month vs ``leads_per_month`` (every
  month from the first to the last, or the ``start``/``end`` range, so an
  empty month shows 0); per month and source vs ``source_breakdown`` when set;
  lead -> opportunity per month (and per source) vs ``lead_to_opportunity``
  (``source_lead_to_opportunity`` per source when set).
* **Acceptance** needs an accepted/rejected column (:data:`FUNNEL_ALIASES`
  ``accepted``: yes/true/accepted/1 vs no/false/rejected/0); rate = accepted /
  (accepted + rejected), else None with a reason.
* ``start``/``end`` (end exclusive) keep leads created in the range.
* **A table of MQLs** (an ``mql_id`` column, :data:`FUNNEL_ALIASES`, or ``base_stage="MQL"``): every row reached
  MQL; the creation date is the ``first contact date`` when there is no created column (``26-02-2018 19:58``
  day-first dates are read as such). Lead -> MQL is not measured (no earlier stage in the file).
* **Linked tables**: opportunities link to leads by the opportunities' lead id (Converted Lead ID, Lead ID,
  Contact ID...) or, failing that, by an id column both files share by header (``mql_id``, ``lead_id``,
  ``contact_id``: a header ending in "id", plain ``id`` excluded), whichever links more rows; else by email.
  A deal is won as ``deals audit`` reads it (:func:`~revops_cli.core.sales.stages.classify_deals`: won and
  closed flags, a won date, a status or forecast category column, then ``deals.stage_map``/``stage_words``), so
  ``Won``, ``closedwon`` or an ``IsWon`` flag count as they do there; with a won date (``won_at``) Customer is
  entered on that date (a closed-deals table needs no stage column).
* **Not measured**: a conversion is measured only when both its stages can be seen in the files: a lifecycle
  stage or status column shows every stage; a stage date column shows its stage; an opportunity export shows
  Opportunity and Customer; a table of MQLs shows MQL (and nothing before it). Any other conversion is in
  ``not_measured`` with why and the ``--map`` or file that fixes it, its rate is None and it is neither met nor
  missed (never 0 % on a file that cannot show it). Likewise the cohorts and the marketing SLA without a
  creation date, and lead -> opportunity without any way to see an opportunity.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from revops_cli.columns import ColumnMapping, detect_columns, header_key
from revops_cli.config import RevopsConfig
from revops_cli.core.marketing.cohorts import (
    NAT,
    group_labels,
    instant_ns,
    iso_weeks,
    month_labels,
    month_range,
    month_range_bounds,
    times_ns,
)
from revops_cli.core.sales.activities import link_to_leads
from revops_cli.core.sales.stages import classify_deals
from revops_cli.core.metrics import NotMeasured, missing_column, not_measured_json, percent

__all__ = [
    "BY_FIELDS",
    "STAGES",
    "TRANSITIONS",
    "FunnelResult",
    "funnel_report",
    "stage_key",
    "stage_lookup",
    "stage_of",
]

STAGES: tuple[str, ...] = ("Lead", "MQL", "SQL", "Opportunity", "Customer")
_RANK = {name: i for i, name in enumerate(STAGES)}

#: (name, from stage, to stage, kpi_targets attribute or None)
TRANSITIONS: tuple[tuple[str, str, str, str | None], ...] = (
    ("lead_to_mql", "Lead", "MQL", "lead_to_mql"),
    ("mql_to_sql", "MQL", "SQL", "mql_to_sql"),
    ("sql_to_opportunity", "SQL", "Opportunity", "sql_to_opportunity"),
    ("opportunity_to_customer", "Opportunity", "Customer", None),
)

_STAGE_TIME_FIELDS = ("lead_at", "mql_at", "sql_at", "opportunity_at", "customer_at")

#: ``by`` names -> canonical lead field ("month" / "week" are the creation month / ISO week).
BY_FIELDS: dict[str, str] = {"source": "lead_source", "owner": "owner", "campaign": "campaign", "month": "month",
                             "week": "week", "lead_source": "lead_source"}

_ACCEPTED = {"yes", "y", "true", "1", "accepted", "accept", "sal", "salesaccepted"}
_REJECTED = {"no", "n", "false", "0", "rejected", "reject", "declined", "returned"}
_NS_PER_DAY = 86_400 * 1_000_000_000


def stage_key(value: Any) -> str:
    """Lookup key of a stage/status value: accents folded, lower case, letters and digits only."""
    folded = unicodedata.normalize("NFKD", str(value)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", folded.lower())


def stage_lookup(stage_map: Mapping[str, str]) -> dict[str, str]:
    """``funnel.stage_map`` keyed by :func:`stage_key` (of two keys that fold alike, the later wins)."""
    return {stage_key(k): v for k, v in stage_map.items()}


def _stage_in(value: Any, lookup: Mapping[str, str]) -> str | None:
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return None
    return lookup.get(stage_key(value))


def stage_of(value: Any, stage_map: Mapping[str, str]) -> str | None:
    """The funnel stage a lifecycle/status value means by ``stage_map`` (``funnel.stage_map``), or None
    (blank or unknown)."""
    return _stage_in(value, stage_lookup(stage_map))


@dataclass
class FunnelResult:
    """What :func:`funnel_report` returns. Rates are % on 0-100 (0.1), None where nothing to measure."""

    leads: pd.DataFrame  # one row per lead in range: stage, cohort, group
    stages: pd.DataFrame  # overall: stage, reached, then per transition rate/target/met
    cohorts: pd.DataFrame  # one row per creation month
    groups: pd.DataFrame | None  # one row per ``by`` value, same columns as cohorts
    time_in_stage: pd.DataFrame  # stage, leads, median_days
    marketing_sla: pd.DataFrame  # one row per month: leads vs target, lead->opportunity vs target
    source_sla: pd.DataFrame | None  # month x source vs source_breakdown / source conversion targets
    acceptance_rate: float | None = None
    acceptance_reason: str | None = None
    acceptance_target: float = 80.0
    unmapped_values: dict[str, int] = field(default_factory=dict)
    sources: dict[str, str | None] = field(default_factory=dict)  # what each signal was read from
    problems: list[str] = field(default_factory=list)
    not_measured: dict[str, NotMeasured] = field(default_factory=dict)
    base_stage: str = "Lead"

    @property
    def acceptance_met(self) -> bool | None:
        return None if self.acceptance_rate is None else self.acceptance_rate >= self.acceptance_target

    def summary(self) -> dict:
        """Plain dict for ``--json``."""
        def records(frame: pd.DataFrame | None) -> list[dict] | None:
            if frame is None:
                return None
            return [{k: _plain(v) for k, v in row.items()} for row in frame.to_dict("records")]

        return {
            "leads": len(self.leads),
            "stages": records(self.stages),
            "cohorts": records(self.cohorts),
            "groups": records(self.groups),
            "time_in_stage": records(self.time_in_stage),
            "marketing_sla": records(self.marketing_sla),
            "source_sla": records(self.source_sla),
            "acceptance_rate": self.acceptance_rate,
            "acceptance_target": self.acceptance_target,
            "acceptance_met": self.acceptance_met,
            "acceptance_reason": self.acceptance_reason,
            "unmapped_values": self.unmapped_values,
            "sources": self.sources,
            "problems": self.problems,
            "rows_are": self.base_stage,
            "not_measured": not_measured_json(self.not_measured),
        }


def _plain(value: Any) -> Any:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return None if np.isnan(value) else float(value)
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    return value


# --------------------------------------------------------------------------- helpers


def _stage_ranks(values: pd.Series, lookup: Mapping[str, str], unmapped: dict[str, int]) -> np.ndarray:
    """Stage rank per cell (-1 blank or unknown), looked up once per distinct value."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    lut = []
    for u in uniques:
        stage = _stage_in(u, lookup)
        lut.append(-1 if stage is None else _RANK[stage])
    lut_array = np.array(lut + [-1], dtype=np.int64)
    ranks = lut_array[codes]
    counts = np.bincount(codes[codes >= 0], minlength=len(uniques)) if len(uniques) else []
    for u, stage, count in zip(uniques, lut, counts):
        if stage < 0 and str(u).strip():
            unmapped[str(u)] = unmapped.get(str(u), 0) + int(count)
    return ranks


def _rate_rows(keys: np.ndarray, rank: np.ndarray, order: Sequence[Any], config: RevopsConfig,
               key_name: str, unmeasured: frozenset[str] = frozenset()) -> pd.DataFrame:
    """One row per key (None: rows without one): leads reaching each stage, each transition's rate, target, met."""
    targets = config.funnel.kpi_targets
    codes, uniques = pd.factorize(pd.Series(keys, dtype=object), use_na_sentinel=True)
    k = len(uniques)
    codes = np.where(codes < 0, k, codes)  # the None key counted last
    table = np.zeros((k + 1, len(STAGES)), dtype=np.int64)
    for i in range(len(STAGES)):
        table[:, i] = np.bincount(codes[rank >= i], minlength=k + 1)
    position = {u: j for j, u in enumerate(uniques)}
    rows = []
    for key in order:
        counts = table[position.get(key, -1) if key is not None else k] if (key is None or key in position) else (
            np.zeros(len(STAGES), dtype=np.int64))
        row: dict[str, Any] = {key_name: key}
        reached = {stage: int(counts[i]) for i, stage in enumerate(STAGES)}
        row.update(reached)
        for name, a, b, target_name in TRANSITIONS:
            rate = None if name in unmeasured else percent(reached[b], reached[a])
            target = None if target_name is None else float(getattr(targets, target_name))
            row[name] = rate
            row[f"{name}_target"] = target
            row[f"{name}_met"] = None if rate is None or target is None else bool(rate >= target)
        row["lead_to_opportunity"] = (None if "lead_to_opportunity" in unmeasured
                                      else percent(reached["Opportunity"], reached["Lead"]))
        rows.append(row)
    columns = [key_name, *STAGES]
    for name, *_ in TRANSITIONS:
        columns += [name, f"{name}_target", f"{name}_met"]
    columns.append("lead_to_opportunity")
    return pd.DataFrame(rows, columns=columns, dtype=object).astype({s: "int64" for s in STAGES})


# --------------------------------------------------------------------------- report


def funnel_report(
    leads: pd.DataFrame,
    mapping: ColumnMapping | None,
    config: RevopsConfig,
    *,
    opportunities: pd.DataFrame | None = None,
    opportunity_mapping: ColumnMapping | None = None,
    by: str | None = None,
    start: Any = None,
    end: Any = None,
    now: Any = None,
    base_stage: str | None = None,
) -> FunnelResult:
    """Stages reached, cohort conversion vs the KPIs, time in stage, marketing SLA (see the module docstring).

    ``mapping`` is the leads file's ``schema="leads"`` mapping (None: detect);
    stage-date and acceptance columns are found by :data:`FUNNEL_ALIASES`.
    ``by`` is one of :data:`BY_FIELDS` (source, owner, campaign, month).
    ``now`` marks the partial cohort (its month); without it no cohort is marked partial.
    ``base_stage`` is the stage every row of ``leads`` has reached (``"MQL"`` for a table of MQLs; None:
    an ``mql_id`` column says MQL, else Lead). Never reads the clock or files; ``leads`` is not changed.
    """
    zone = config.general.timezone
    problems: list[str] = []
    sources: dict[str, str | None] = {}  # in this order in --json: created, stage, dates, link, acceptance
    if mapping is None:
        mapping = detect_columns(list(leads.columns), schema="leads", frame=leads)
    extra = detect_columns([c for c in leads.columns if c not in set(mapping.fields.values())], schema="funnel",
                           frame=leads)
    frame = leads.reset_index(drop=True)

    created_col = mapping.get("created_at") or extra.get("first_contact_at")
    created_zone = (mapping.naive_timezone("created_at", zone) if mapping.get("created_at") else zone)
    created = (times_ns(frame[created_col], created_zone) if created_col
               else np.full(len(frame), NAT, dtype=np.int64))
    sources["created_at"] = created_col
    if created_col is None:
        problems.append("no creation date column: cohorts, months and the marketing SLA per month are unknown")
    if base_stage is None:
        base_stage = "MQL" if extra.get("mql_id") is not None else "Lead"
    if base_stage not in _RANK:
        raise ValueError(f"base_stage must be one of {', '.join(STAGES)} (got {base_stage!r})")
    sources["rows_are"] = base_stage
    sources["rows_are_from"] = (extra.get("mql_id") and f"{extra.get('mql_id')} column") if base_stage == "MQL" \
        and extra.get("mql_id") else ("given" if base_stage != "Lead" else None)
    unmapped: dict[str, int] = {}
    rank, entered = _stage_reached(frame, mapping, extra, config, created, zone, sources, unmapped)
    rank = np.maximum(rank, _RANK[base_stage])
    linked_opportunity = np.zeros(len(frame), dtype=bool)
    if opportunities is not None:
        link_mapping = mapping
        if mapping.get("lead_id") is None and extra.get("mql_id") is not None:
            link_mapping = ColumnMapping(fields={**mapping.fields, "lead_id": extra.get("mql_id")})
        rank, linked_opportunity = _apply_opportunities(
            frame, link_mapping, opportunities, opportunity_mapping, rank, entered, zone, problems, sources,
            config.deals)
    not_measured = _not_measured(mapping, extra, base_stage, opportunities is not None, created_col, sources)
    unmeasured = frozenset(not_measured)

    keep = _created_in_range(created, start, end, zone)
    month = month_labels(created, zone)
    now_month = None if now is None else month_labels(np.array([instant_ns(now, zone)], dtype=np.int64), zone)[0]
    kept_frame = _with_stage_columns(frame, rank, month, linked_opportunity, entered, zone)[keep].reset_index(drop=True)
    rank_k, month_k, entered_k = rank[keep], month[keep], entered[keep]

    # Cohorts by creation month (every month in the range, unknown last).
    known = sorted({m for m in month_k if m is not None})
    first = month_range_bounds(known, start, end, zone)
    order: list[Any] = month_range(*first) if first else []
    if any(m is None for m in month_k):
        order.append(None)
    cohorts = _rate_rows(month_k, rank_k, order, config, "cohort", unmeasured)
    cohorts["cohort"] = cohorts["cohort"].map(lambda m: "unknown" if m is None else m)
    cohorts.insert(1, "partial", [m == now_month for m in cohorts["cohort"]])

    groups = None
    if by is not None:
        groups = _groups(by, mapping, kept_frame, month_k, created[keep], rank_k, config, zone, problems, unmeasured)
    marketing, source_sla = _marketing_sla(kept_frame, mapping, month_k, rank_k, order, config, now_month,
                                           "lead_to_opportunity" in unmeasured)
    rate, reason = _acceptance(kept_frame, extra)
    sources["accepted"] = extra.get("accepted")
    if unmapped:
        problems.append("stage values not in STAGE_MAP (counted as Lead): " + ", ".join(sorted(unmapped)))
    if reason:
        not_measured["acceptance"] = NotMeasured(reason)
    return FunnelResult(
        leads=kept_frame, stages=_overall_stages(rank_k, config, unmeasured), cohorts=cohorts, groups=groups,
        time_in_stage=_time_in_stage(entered_k), marketing_sla=marketing, source_sla=source_sla,
        acceptance_rate=rate, acceptance_reason=reason, acceptance_target=config.funnel.kpi_targets.acceptance,
        unmapped_values=unmapped, sources=sources, problems=problems, not_measured=not_measured,
        base_stage=base_stage,
    )


def _not_measured(mapping: ColumnMapping, extra: ColumnMapping, base_stage: str, has_opportunities: bool,
                  created_col: str | None, sources: dict[str, str | None]) -> dict[str, NotMeasured]:
    """Conversions whose two stages the files cannot show, the cohorts without a creation date (SPEC contract 9)."""
    named = mapping.get("lifecycle_stage") is not None or mapping.get("status") is not None
    base = _RANK[base_stage]

    def seen(stage: str) -> bool:
        i = _RANK[stage]
        return (i <= base or named or extra.get(_STAGE_TIME_FIELDS[i]) is not None
                or (has_opportunities and stage in ("Opportunity", "Customer")))

    out: dict[str, NotMeasured] = {}
    for name, a, b, _ in TRANSITIONS:
        if _RANK[a] < base:
            out[name] = NotMeasured(f"every row of the leads file is already an {base_stage} "
                                    f"({sources.get('rows_are_from')}): no earlier stage to convert from",
                                    "--rows-are Lead" if sources.get("rows_are_from") != "given" else None)
        elif not (seen(a) and seen(b)):
            missing = a if not seen(a) else b
            fix = "--opportunities FILE" if missing in ("Opportunity", "Customer") else "--map lifecycle_stage=HEADER"
            out[name] = NotMeasured(f"no lifecycle stage, status or {missing} date column shows who reached "
                                    f"{missing}", fix)
    if not seen("Opportunity"):
        out["lead_to_opportunity"] = NotMeasured("no opportunity export, lifecycle stage or status column shows who "
                                                 "reached Opportunity", "--opportunities FILE")
    if created_col is None:
        out["cohorts"] = missing_column("created_at", "creation date")
        out["marketing_sla"] = missing_column("created_at", "creation date")
    return out


def _stage_reached(frame: pd.DataFrame, mapping: ColumnMapping, extra: ColumnMapping, config: RevopsConfig,
                   created: np.ndarray, zone: str, sources: dict[str, str | None],
                   unmapped: dict[str, int]) -> tuple[np.ndarray, np.ndarray]:
    """Stage rank per lead (lifecycle, else status; raised by stage dates) and the UTC ns each stage was entered
    (a row per lead, a column per stage; Lead = created unless a lead date says otherwise)."""
    n = len(frame)
    rank = np.zeros(n, dtype=np.int64)
    life_col, status_col = mapping.get("lifecycle_stage"), mapping.get("status")
    sources["lifecycle_stage"], sources["status"] = life_col, status_col
    named = np.full(n, -1, dtype=np.int64)
    lookup = stage_lookup(config.funnel.stage_map)
    if life_col:
        named = _stage_ranks(frame[life_col], lookup, unmapped)
    if status_col:
        from_status = _stage_ranks(frame[status_col], lookup, unmapped)
        named = np.where(named >= 0, named, from_status)
    rank = np.maximum(rank, named)

    entered = np.full((n, len(STAGES)), NAT, dtype=np.int64)
    entered[:, 0] = created
    for i, name in enumerate(_STAGE_TIME_FIELDS):
        column = extra.get(name)
        sources[name] = column
        if column is None:
            continue
        times = times_ns(frame[column], zone)
        if i == 0:
            entered[:, 0] = np.where(times != NAT, times, entered[:, 0])
            continue
        entered[:, i] = times
        rank = np.where(times != NAT, np.maximum(rank, i), rank)
    return rank, entered


def _created_in_range(created: np.ndarray, start: Any, end: Any, zone: str) -> np.ndarray:
    keep = np.ones(len(created), dtype=bool)
    if start is not None:
        keep &= (created != NAT) & (created >= instant_ns(start, zone))
    if end is not None:
        keep &= (created != NAT) & (created < instant_ns(end, zone))
    return keep


def _with_stage_columns(frame: pd.DataFrame, rank: np.ndarray, month: np.ndarray, linked_opportunity: np.ndarray,
                        entered: np.ndarray, zone: str) -> pd.DataFrame:
    """The leads with ``revops_stage``, ``revops_cohort``, ``revops_opportunity_linked`` and a ``revops_<stage>_at``
    per stage."""
    out = pd.DataFrame({
        "revops_stage": pd.Series(np.array(STAGES, dtype=object)[rank], dtype=object),
        "revops_cohort": pd.Series(month, dtype=object),
        "revops_opportunity_linked": linked_opportunity,
    })
    for i, stage in enumerate(STAGES):
        out[f"revops_{stage.lower()}_at"] = pd.Series(
            pd.DatetimeIndex(np.where(entered[:, i] == NAT, NAT, entered[:, i]).view("M8[ns]"))
            .tz_localize("UTC").tz_convert(zone))
    return pd.concat([frame, out], axis=1)


def _overall_stages(rank: np.ndarray, config: RevopsConfig, unmeasured: frozenset[str] = frozenset()) -> pd.DataFrame:
    """One row per stage: leads that reached it, and the conversion to the next stage vs its target."""
    overall = _rate_rows(np.zeros(len(rank), dtype=object), rank, [0], config, "scope", unmeasured)
    stages = pd.DataFrame({
        "stage": pd.Series(list(STAGES), dtype=object),
        "reached": [int(overall.iloc[0][s]) for s in STAGES],
    })
    conv, tgt, met = [], [], []
    for name, *_ in TRANSITIONS:
        conv.append(overall.iloc[0][name])
        tgt.append(overall.iloc[0][f"{name}_target"])
        met.append(overall.iloc[0][f"{name}_met"])
    stages["to_next"] = pd.Series([t[0] for t in TRANSITIONS] + [None], dtype=object)
    stages["rate"] = pd.Series(conv + [None], dtype=object)
    stages["target"] = pd.Series(tgt + [None], dtype=object)
    stages["met"] = pd.Series(met + [None], dtype=object)
    return stages


def _groups(by: str, mapping: ColumnMapping, kept_frame: pd.DataFrame, month: np.ndarray, created: np.ndarray,
            rank: np.ndarray, config: RevopsConfig, zone: str, problems: list[str],
            unmeasured: frozenset[str] = frozenset()) -> pd.DataFrame | None:
    """Conversion per ``by`` value (creation month or ISO week, else a lead column's values), blank last."""
    field_name = BY_FIELDS.get(by, by)
    if field_name == "month":
        group = month
    elif field_name == "week":
        group = iso_weeks(created, zone)
    else:
        column = mapping.get(field_name)
        if column is None:
            problems.append(f"by {by}: the leads have no {field_name} column")
            return None
        group = group_labels(kept_frame[column])
    labels = sorted({g for g in group if g is not None}, key=str)
    if any(g is None for g in group):
        labels.append(None)
    groups = _rate_rows(group, rank, labels, config, by, unmeasured)
    groups[by] = groups[by].map(lambda g: "(blank)" if g is None else g)
    return groups


_GENERIC_IDS = {"id", "recordid", "rowid", "objectid", "uuid", "index"}


def _link(frame: pd.DataFrame, mapping: ColumnMapping, opps: pd.DataFrame,
          opp_mapping: ColumnMapping) -> tuple[np.ndarray, str | None]:
    """Which lead row each opportunity belongs to (-1: none) and how: the opportunities' lead id against the
    leads' id, or an id column both files share by header (``mql_id``, ``lead_id``, ``contact_id``), whichever
    links more; the email where no id links."""
    emails = opps[opp_mapping.get("email")] if opp_mapping.get("email") else None
    pairs: list[tuple[str, str]] = []
    if opp_mapping.get("lead_id") and mapping.get("lead_id"):
        pairs.append((mapping.get("lead_id"), opp_mapping.get("lead_id")))
    lead_keys = {header_key(c): c for c in frame.columns}
    for column in opps.columns:
        key = header_key(column)
        if key.endswith("id") and key not in _GENERIC_IDS and key in lead_keys:
            pair = (lead_keys[key], column)
            if pair not in pairs:
                pairs.append(pair)
    best, how = np.full(len(opps), -1, dtype=np.int64), None
    for lead_col, opp_col in pairs:
        positions, _ = link_to_leads(opps[opp_col], emails, frame, ColumnMapping(
            fields={**mapping.fields, "lead_id": lead_col}))
        if (positions >= 0).sum() > (best >= 0).sum():
            best, how = positions, f"{opp_col} -> {lead_col}" + (f" / {opp_mapping.get('email')}" if emails is not None
                                                                  else "")
    if how is None and emails is not None:
        best, _ = link_to_leads(None, emails, frame, mapping)
        how = opp_mapping.get("email")
    return best, how


def _apply_opportunities(frame, mapping, opportunities, opportunity_mapping, rank, entered, zone, problems, sources,
                         deals_config):
    opp_mapping = opportunity_mapping or detect_columns(list(opportunities.columns), schema="opportunities")
    opps = opportunities.reset_index(drop=True)
    n = len(frame)
    linked = np.zeros(n, dtype=bool)
    positions, how = _link(frame, mapping, opps, opp_mapping)
    sources["opportunity_link"] = how
    if how is None:
        problems.append("opportunities: no lead id, shared id or email column to link them to leads")
        return rank, linked
    ok = positions >= 0
    if not ok.all():
        problems.append(f"opportunities: {int((~ok).sum()):,} of {len(opps):,} link to no lead of the file")
    if not ok.any():
        return rank, linked
    # won as the deals audit reads it: flags, won date, status, forecast category, then the stage vocabulary
    won = classify_deals(opps, opp_mapping, deals_config).is_won
    won_at_col = opp_mapping.get("won_at")
    linked[positions[ok]] = True
    rank = np.where(linked, np.maximum(rank, _RANK["Opportunity"]), rank)
    customer = np.zeros(n, dtype=bool)
    customer[positions[ok & won]] = True
    rank = np.where(customer, _RANK["Customer"], rank)
    # Entry times from the opportunities where the leads file has none: earliest created, earliest won close.
    customer_date = "won_at" if won_at_col else "close_date"
    for stage, column_name, mask in (("Opportunity", "created_at", ok), ("Customer", customer_date, ok & won)):
        column = opp_mapping.get(column_name)
        if column is None or not mask.any():
            continue
        times = times_ns(opps[column], zone)
        use = mask & (times != NAT)
        if not use.any():
            continue
        best = pd.Series(times[use]).groupby(positions[use]).min()
        col = _RANK[stage]
        idx = best.index.to_numpy(dtype=np.int64)
        current = entered[idx, col]
        entered[idx, col] = np.where(current == NAT, best.to_numpy(dtype=np.int64), current)
    return rank, linked


def _time_in_stage(entered: np.ndarray) -> pd.DataFrame:
    rows = []
    for i, stage in enumerate(STAGES[:-1]):
        a, b = entered[:, i], entered[:, i + 1]
        ok = (a != NAT) & (b != NAT) & (b >= a)
        days = (b[ok] - a[ok]) / _NS_PER_DAY
        rows.append({"stage": stage, "to": STAGES[i + 1], "leads": int(ok.sum()),
                     "median_days": round(float(np.median(days)), 1) if ok.any() else None})
    return pd.DataFrame(rows, columns=["stage", "to", "leads", "median_days"], dtype=object).astype({"leads": "int64"})


def _marketing_sla(frame: pd.DataFrame, mapping: ColumnMapping, month: np.ndarray, rank: np.ndarray,
                   order: list[Any], config: RevopsConfig, now_month: str,
                   conversion_unmeasured: bool = False) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    sla = config.funnel.marketing_sla
    months = [m for m in order if m is not None]
    codes, uniques = pd.factorize(pd.Series(month, dtype=object), use_na_sentinel=True)
    position = {u: j for j, u in enumerate(uniques)}
    leads_per = np.bincount(codes[codes >= 0], minlength=len(uniques))
    opps_per = np.bincount(codes[(codes >= 0) & (rank >= _RANK["Opportunity"])], minlength=len(uniques))
    rows = []
    for m in months:
        j = position.get(m)
        count = 0 if j is None else int(leads_per[j])
        opps = 0 if j is None else int(opps_per[j])
        rate = None if conversion_unmeasured else percent(opps, count)
        rows.append({
            "month": m, "partial": m == now_month, "leads": count, "leads_target": sla.leads_per_month,
            "leads_met": count >= sla.leads_per_month, "opportunities": opps, "lead_to_opportunity": rate,
            "lead_to_opportunity_target": sla.lead_to_opportunity,
            "lead_to_opportunity_met": None if rate is None else bool(rate >= sla.lead_to_opportunity),
        })
    columns = ["month", "partial", "leads", "leads_target", "leads_met", "opportunities", "lead_to_opportunity",
               "lead_to_opportunity_target", "lead_to_opportunity_met"]
    marketing = pd.DataFrame(rows, columns=columns, dtype=object).astype({"leads": "int64", "opportunities": "int64"})

    source_col = mapping.get("lead_source")
    if not (sla.source_breakdown or sla.source_lead_to_opportunity) or source_col is None:
        return marketing, None
    labels = group_labels(frame[source_col])
    keys = np.array([None if v is None else v.casefold() for v in labels], dtype=object)
    wanted = list(dict.fromkeys([*sla.source_breakdown, *sla.source_lead_to_opportunity]))
    source_rows = []
    for m in months:
        for source in wanted:
            mine = (month == m) & (keys == " ".join(source.split()).casefold())
            count = int(mine.sum())
            opps = int((mine & (rank >= _RANK["Opportunity"])).sum())
            target = sla.source_breakdown.get(source)
            conv_target = sla.source_lead_to_opportunity.get(source, sla.lead_to_opportunity)
            rate = None if conversion_unmeasured else percent(opps, count)
            source_rows.append({
                "month": m, "source": source, "leads": count, "leads_target": target,
                "leads_met": None if target is None else count >= target, "opportunities": opps,
                "lead_to_opportunity": rate, "lead_to_opportunity_target": conv_target,
                "lead_to_opportunity_met": None if rate is None else bool(rate >= conv_target),
            })
    source_columns = ["month", "source", *columns[2:]]
    source_sla = pd.DataFrame(source_rows, columns=source_columns, dtype=object).astype(
        {"leads": "int64", "opportunities": "int64"})
    return marketing, source_sla


def _acceptance(frame: pd.DataFrame, extra: ColumnMapping) -> tuple[float | None, str | None]:
    column = extra.get("accepted")
    if column is None:
        return None, "no accepted/rejected column in the leads"
    codes, uniques = pd.factorize(frame[column], use_na_sentinel=True)
    counts = np.bincount(codes[codes >= 0], minlength=len(uniques))
    keys = [stage_key(u) for u in uniques]
    accepted = int(sum(c for key, c in zip(keys, counts) if key in _ACCEPTED))
    rejected = int(sum(c for key, c in zip(keys, counts) if key in _REJECTED))
    if accepted + rejected == 0:
        return None, f"no lead in {column!r} is marked accepted or rejected"
    return percent(accepted, accepted + rejected), None

"""Sales Process SOP audit: stage time limits, discount approvals, past-due close dates.

Decisions (documented here so the CLI and docs can quote them):

* Which SOP stage a deal is in, and whether it is open, won or lost, comes from
  :func:`revops_cli.core.sales.stages.classify_deals`: flags (``IsClosed``, ``IsWon``,
  ``hs_is_closed``), a status column (Pipedrive/Pardot open/won/lost), the stage name through
  the SOP names, ``deals.stage_map`` and ``deals.stage_words``, then the forecast category.
  A deal it cannot place is "stage not mapped": a problem row naming the stage and the
  ``deals.stage_map`` key that fixes it, and it is left out of the open-deal checks (never
  counted open with no time limit, never "past due" because it may be closed).
* Days in stage are whole elapsed days, ``floor((now - entered) / 1 day)``; a deal
  over its SOP stage's limit has ``days_over = days_in_stage - limit`` (> 0). Day 7 in
  Prospecting (limit 7) is fine, day 8 is one day over.
* The stage-entered time comes from ``stage_entered_at``; where that is blank, from the
  optional stage-history export (schema ``stage_history``): the start of the deal's latest run
  of rows in its current SOP stage (rows repeating a stage, as Salesforce writes for an amount
  or close-date edit, do not restart the clock; Qualification then Needs Analysis, both
  Discovery, is one run).
* Closed deals are left out of the stage-time, past-due and missing next step / amount
  checks; discount approvals are checked on every deal.
* Discounts: ``'15'``, ``'15%'``, ``' 15 % '`` are 15%. Values are read as fractions
  (``0.15`` -> 15%) only when the *whole* column has no ``%``, every value is <= 1 and
  at least one has a decimal point. A blank or 0 discount needs no approval.
* The required approver is the first ``discount_approval`` row whose inclusive
  ``max_pct`` holds the discount (10 -> Sales Rep, 10.01 -> Sales Manager), walked
  by :mod:`revops_cli.core.approvals` as the campaign budget matrix is. The
  recorded approver is resolved to a role by ``people`` (name -> role), then
  ``roster`` (Name/Role columns), then as a role name itself; roles outside the
  matrix fold through ``config.deals.role_levels`` (AE, SDR, Senior Sales Rep ...
  -> Sales Rep).
  Status: ``ok`` (level >= required), ``too_junior``, ``missing`` (no approver
  recorded) or ``unknown`` (approver not resolvable to a matrix level).
* Past due: an open deal whose close date is before ``now``'s calendar day.
* Measured, or said so: a check whose column is missing (or whose column holds no readable
  value on the deals it judges) is a :class:`~revops_cli.core.metrics.NotMeasured` in
  ``not_measured`` and its totals are None, never 0; the hygiene figure (open deals with no
  problem) counts the checks that ran (``hygiene_checks``). An owner column that is blank on
  every deal is "owner not measured", not a "(no owner)" finding.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from revops_cli.columns import ColumnMapping
from revops_cli.config import DealsConfig, RevopsConfig
from revops_cli.core.approvals import (
    APPROVAL_STATUSES,
    approval_status,
    fold_approver,
    required_approver,
)
from revops_cli.core.metrics import NotMeasured, missing_column, not_measured_json, percent
from revops_cli.core.sales.stages import DealStages, classify_deals, map_stage_names
from revops_cli.normalize.money import money_codes, to_cents
from revops_cli.normalize.blank import is_blank
from revops_cli.normalize.timestamps import as_utc, normalize_timestamp_column

# days_over: days over the stage limit (stage_over_limit) or days past the close date (past_due).
PROBLEM_COLUMNS = ["opportunity_id", "name", "owner", "check", "detail", "days_over", "needed", "approved"]
CHECKS = ("stage_over_limit", "discount_too_junior", "discount_missing", "discount_unknown",
          "past_due", "missing_next_step", "missing_amount", "stage_not_mapped")
OWNER_COLUMNS = ["owner", "open_deals", "over_limit", "days_over_total", "discount_problems", "past_due"]
#: The checks the hygiene figure ("open deals with no problem") can count, keyed as in ``not_measured``.
HYGIENE_CHECKS = ("stage_over_limit", "discount_approval", "past_due", "missing_next_step", "missing_amount")


@dataclass
class DealsAudit:
    """What :func:`audit_deals` returns."""

    deals: pd.DataFrame
    problems: pd.DataFrame
    owners: pd.DataFrame
    totals: dict = field(default_factory=dict)
    not_measured: dict[str, NotMeasured] = field(default_factory=dict)
    stages: pd.DataFrame = field(default_factory=pd.DataFrame)  #: the stage vocabulary: value -> SOP stage, deals
    stage_not_mapped: dict | None = None  #: deals whose stage maps to no SOP stage: count, values, the fix

    def summary(self) -> str:
        t = self.totals

        def figure(key: str, check: str) -> str:
            return str(self.not_measured[check]) if check in self.not_measured else str(t[key])

        lines = [
            f"{t['deals']} deals, {t['open_deals']} open, {t['closed_deals']} closed, "
            f"{t['stage_not_mapped']} in a stage not mapped",
            "over stage limit: " + (figure("over_limit", "stage_over_limit") if "stage_over_limit" in self.not_measured
                                    else f"{t['over_limit']} ({t['days_over_total']} days over in total)"),
            "discount approvals: " + (str(self.not_measured["discount_approval"])
                                      if "discount_approval" in self.not_measured else
                                      f"{t['discount_too_junior']} too junior, {t['discount_missing']} missing, "
                                      f"{t['discount_unknown']} unknown"),
            f"past-due close date: {figure('past_due', 'past_due')}",
            f"missing next step: {figure('missing_next_step', 'missing_next_step')}, "
            f"missing amount: {figure('missing_amount', 'missing_amount')}",
            "open deals with no problem: " + (str(self.not_measured["hygiene"]) if "hygiene" in self.not_measured
                                              else f"{t['open_deals_clean']} ({t['hygiene_pct']}%)"),
        ]
        if "owner" in self.not_measured:
            lines.append(f"by owner: {self.not_measured['owner']}")
        return "\n".join(lines)

    def to_dict(self) -> dict:
        return {"totals": self.totals, "not_measured": not_measured_json(self.not_measured),
                "stage_not_mapped": self.stage_not_mapped, "stages": self.stages.to_dict("records"),
                "owners": self.owners.to_dict("records"), "problems": self.problems.to_dict("records")}


def _text(frame: pd.DataFrame, mapping: ColumnMapping | None, canonical: str) -> pd.Series:
    column = None if mapping is None else mapping.get(canonical)
    if column is None:
        return pd.Series([None] * len(frame), index=frame.index, dtype="str")
    return frame[column].astype("str")


def _blank(values: pd.Series) -> np.ndarray:
    """The one blank rule (normalize.blank): "#N/A", "n/a", "-" and "--None--" are as missing as an empty cell."""
    return is_blank(values).to_numpy(dtype=bool)


def _parse_discount(values: pd.Series) -> pd.Series:
    """Discount text -> percent (float64, NaN blank/not a number); see the module doc for fractions."""
    text = values.astype("str").str.replace(r"[\s,]", "", regex=True)
    has_pct = text.str.contains("%", regex=False).fillna(False)
    number = pd.to_numeric(text.str.replace("%", "", regex=False), errors="coerce").astype(np.float64)
    present = number.notna()
    if present.any() and not has_pct.any() and (number[present] <= 1).all() \
            and text[present].str.contains(".", regex=False).any():
        number = number * 100.0
    return number


def _resolve_roles(approvers: pd.Series, levels: list[str], roster: pd.DataFrame | None,
                   people: Mapping[str, str] | None, role_levels: Mapping[str, str]) -> pd.Series:
    """Approver text -> matrix level (or None), computed once per distinct value."""
    names: dict[str, str] = {}
    if roster is not None and len(roster):
        cols = {c.strip().casefold(): c for c in roster.columns}
        if "name" in cols and "role" in cols:
            for name, role in zip(roster[cols["name"]].astype("str"), roster[cols["role"]].astype("str")):
                if isinstance(name, str) and isinstance(role, str):
                    names.setdefault(" ".join(name.split()).casefold(), role)
    for name, role in (people or {}).items():
        names[" ".join(str(name).split()).casefold()] = role
    level_alias = {k.casefold(): v for k, v in role_levels.items()}

    def level(text: object) -> str | None:
        if not isinstance(text, str) or not text.strip():
            return None
        role = names.get(" ".join(text.split()).casefold(), text)
        return fold_approver(role, levels) or fold_approver(level_alias.get(role.strip().casefold(), ""), levels)

    uniques = approvers.dropna().unique()
    table = {u: level(u) for u in uniques}
    return approvers.map(table).astype(object).where(approvers.notna(), None)


def parse_moments(values: pd.Series, zone: str = "UTC") -> pd.Series:
    """Text -> UTC datetimes (NaT blank/unparsed) via the shared timestamp normaliser, once per distinct value
    (the distinct values carry the same day-first evidence as the column); text without an offset is in ``zone``."""
    codes, uniques = pd.factorize(values.astype(object), use_na_sentinel=True)
    parsed = normalize_timestamp_column(pd.Series(uniques, dtype=object), zone)["revops_parsed"]
    table = pd.DatetimeIndex(parsed).tz_convert("UTC").append(pd.DatetimeIndex([pd.NaT], tz="UTC"))
    return pd.Series(table.take(np.where(codes < 0, len(uniques), codes)), index=values.index)


def _timestamps(values: pd.Series) -> pd.Series:
    """Text -> UTC datetime64 (NaT blank/unparsed)."""
    return parse_moments(values, "UTC")


def _history_entered(history: pd.DataFrame, mapping: ColumnMapping | None, cfg: DealsConfig) -> pd.Series:
    """(opportunity id, stage key) -> when the deal's latest run of rows in that stage began (UTC).

    The stage key is the SOP stage where the history's stage name maps to one, else the name
    itself (casefolded), so a deal in an unmapped stage still gets its entry time.
    """
    ids = _text(history, mapping, "opportunity_id").str.strip()
    names = _text(history, mapping, "stage").str.strip()
    sop, _ = map_stage_names(names.astype(object).where(names.notna(), None), cfg)
    key = sop.where(sop.notna(), "raw:" + names.str.casefold().astype(object))
    changed = _timestamps(_text(history, mapping, "changed_at"))
    frame = pd.DataFrame({"id": ids.to_numpy(object), "stage": key.to_numpy(object),
                          "at": changed.array}).dropna()
    frame = frame.sort_values(["id", "at"], kind="stable")
    starts = (frame["id"] != frame["id"].shift()) | (frame["stage"] != frame["stage"].shift())
    return frame[starts.to_numpy()].groupby(["id", "stage"])["at"].max()


@dataclass
class _StageTime:
    """Per deal: when it entered its stage, days in it and days over the stage's limit (NaN when not judged)."""

    entered: pd.Series  # UTC, NaT where unknown
    entered_from: np.ndarray  # "stage_entered_at", "history" or None
    days_in_stage: np.ndarray
    limit: np.ndarray  # NaN for a deal without an SOP stage limit
    over_limit: np.ndarray
    days_over: np.ndarray


def _stage_time(frame: pd.DataFrame, mapping: ColumnMapping, cfg: DealsConfig, now: pd.Timestamp, ids: pd.Series,
                stages: DealStages, history: pd.DataFrame | None,
                history_mapping: ColumnMapping | None) -> _StageTime:
    is_open = stages.is_open
    sop = pd.Series(stages.sop_stage, index=frame.index, dtype=object)
    limit = sop.map({k: float(v) for k, v in cfg.stage_limits_days.items()}).astype(np.float64).to_numpy()
    entered = _timestamps(_text(frame, mapping, "stage_entered_at"))
    source = np.where(entered.notna(), "stage_entered_at", None).astype(object)
    if history is not None and len(history):
        latest = _history_entered(history, history_mapping, cfg)
        raw = "raw:" + stages.stage.fillna("").str.casefold()
        key = sop.where(sop.notna(), raw)
        keys = pd.MultiIndex.from_arrays([ids.to_numpy(object), key.to_numpy(object)])
        from_history = pd.Series(latest.reindex(keys).array, index=frame.index)
        fill = entered.isna() & from_history.notna()
        entered = entered.where(~fill, from_history)
        source[fill.to_numpy()] = "history"
    elapsed = (now - entered).dt.total_seconds().to_numpy(np.float64) / 86400.0
    days_in_stage = np.floor(elapsed)
    days_in_stage[~is_open] = np.nan
    over = days_in_stage - limit
    over_limit = is_open & (over > 0)
    return _StageTime(entered=entered, entered_from=source, days_in_stage=days_in_stage, limit=limit,
                      over_limit=over_limit, days_over=np.where(over_limit, over, np.nan))


@dataclass
class _DiscountApprovals:
    """Per deal: the discount, who the matrix asks for, who approved (as written and as a level), the status."""

    discount: np.ndarray
    needed: np.ndarray
    approver: pd.Series  # as recorded, None where blank
    approver_blank: np.ndarray
    approved: np.ndarray  # the matrix level the approver resolves to (None: unresolved)
    status: np.ndarray  # None where no discount needs approval


def _discount_approvals(frame: pd.DataFrame, mapping: ColumnMapping, cfg: DealsConfig, roster: pd.DataFrame | None,
                        people: Mapping[str, str] | None) -> _DiscountApprovals:
    discount = _parse_discount(_text(frame, mapping, "discount")).to_numpy()
    levels = [row.approver for row in cfg.discount_approval]  # the matrix is also the approver order
    matrix = [(row.max_pct, row.approver) for row in cfg.discount_approval]
    needs = discount > 0
    by_discount = {d: required_approver(d, matrix) for d in np.unique(discount[needs])}
    needed = pd.Series(discount).map(by_discount).where(needs, None).astype(object).to_numpy(object)
    approver_text = _text(frame, mapping, "discount_approved_by")
    approver_blank = _blank(approver_text)
    approver = approver_text.where(~approver_blank, None)
    approved = _resolve_roles(approver, levels, roster, people, cfg.role_levels)
    approved = approved.astype(object).where(approved.map(lambda v: isinstance(v, str)), None).to_numpy(object)
    # one approval_status call per distinct (needed, approved, blank) combination
    combos = pd.DataFrame({"need": needed, "got": approved, "blank": approver_blank})
    codes, uniques = pd.factorize(pd.MultiIndex.from_frame(combos.astype(object)))
    table = [approval_status(need, got if isinstance(got, str) else None, recorded=not blank,
                             approver_order=levels) if isinstance(need, str) else None
             for need, got, blank in uniques]
    status = np.array(table + [None], dtype=object)[np.where(codes < 0, len(table), codes)]
    return _DiscountApprovals(discount=discount, needed=needed, approver=approver, approver_blank=approver_blank,
                              approved=approved, status=status)


def _problem_rows(deals: pd.DataFrame, approvals: _DiscountApprovals, past_due: np.ndarray,
                  missing_next: np.ndarray, missing_amount: np.ndarray, not_mapped: np.ndarray) -> pd.DataFrame:
    """One row per (deal, failed check), in :data:`CHECKS` order; details are built for those rows only."""
    parts = []

    def add(mask: np.ndarray, check: str, detail, **extra) -> None:
        if mask.any():
            rows = deals.loc[mask]
            part = rows[["opportunity_id", "name", "owner"]].copy()
            part["check"] = check
            part["detail"] = detail(rows).to_numpy(object)
            for key, value in extra.items():
                part[key] = np.asarray(value, dtype=object)[mask]
            parts.append(part)

    add(deals["over_limit"].to_numpy(), "stage_over_limit",
        lambda d: d["stage"].fillna("") + _sop_note(d) + ": day " + _whole(d["days_in_stage"]) + " of "
        + _whole(d["stage_limit"]), days_over=deals["days_over"].to_numpy())
    for st in ("too_junior", "missing", "unknown"):
        def detail(d: pd.DataFrame, st: str = st) -> pd.Series:
            pct = d["discount_pct"].map(lambda v: "" if pd.isna(v) else f"{v:g}%")
            by = (pd.Series("; no approver recorded", index=d.index) if st == "missing"
                  else "; approved by " + d["approver"].fillna("nobody") + " ("
                  + d["approver_role"].fillna("role unknown") + ")")
            return pct + " discount needs " + d["needed_approver"].fillna("") + by
        add(approvals.status == st, f"discount_{st}", detail, needed=approvals.needed, approved=approvals.approved)
    add(past_due, "past_due", lambda d: "close date " + d["close_date"].dt.strftime("%Y-%m-%d").fillna("")
        + " is past, still " + d["stage"].fillna(""), days_over=deals["days_past_due"].to_numpy())
    add(missing_next, "missing_next_step", lambda d: pd.Series("no next step", index=d.index))
    add(missing_amount, "missing_amount", lambda d: pd.Series("no amount", index=d.index))
    add(not_mapped, "stage_not_mapped",
        lambda d: "stage " + d["stage"].map(lambda v: "(blank)" if v is None or pd.isna(v) else repr(str(v)))
        + " maps to no SOP stage and nothing else says the deal is open or closed; add it to [deals.stage_map]")
    problems = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    problems = problems.reindex(columns=PROBLEM_COLUMNS)
    problems["days_over"] = pd.to_numeric(problems["days_over"]).astype("Int64")  # whole days
    return problems


def _whole(values: pd.Series) -> pd.Series:
    return values.map(lambda v: "" if pd.isna(v) else str(int(v)))


def _sop_note(deals: pd.DataFrame) -> pd.Series:
    """" (Discovery)" where the CRM's stage name is not the SOP stage's own."""
    differs = deals["sop_stage"].notna() & (deals["stage"] != deals["sop_stage"])
    return (" (" + deals["sop_stage"].fillna("") + ")").where(differs, "")


def _dates_not_measured(field: str, what: str, column: str | None, values: pd.Series, parsed: pd.Series,
                        judged: np.ndarray, why: str) -> NotMeasured | None:
    """Why a date check could not run on the deals it judges: no column, or no readable date among them."""
    if column is None:
        return missing_column(field, what)
    if not judged.any() or parsed[judged].notna().any():
        return None
    if _blank(values)[judged].all():
        return NotMeasured(f"{what} column {column!r} is blank on every {why}", f"--map {field}=HEADER")
    return NotMeasured(f"{what} column {column!r}: no value read as a date", f"--map {field}=HEADER")


def audit_deals(
    opportunities: pd.DataFrame,
    mapping: ColumnMapping,
    config: RevopsConfig,
    *,
    now: pd.Timestamp | str,
    history: pd.DataFrame | None = None,
    history_mapping: ColumnMapping | None = None,
    roster: pd.DataFrame | None = None,
    people: Mapping[str, str] | None = None,
) -> DealsAudit:
    """Audit opportunities against the Sales Process SOP (see the module doc)."""
    cfg = config.deals
    now = as_utc(now)
    today = now.normalize()
    frame = opportunities
    n = len(frame)
    not_measured: dict[str, NotMeasured] = {}

    ids = _text(frame, mapping, "opportunity_id").str.strip()
    stages = classify_deals(frame, mapping, cfg)
    is_open = stages.is_open
    not_mapped = stages.unknown
    timing = _stage_time(frame, mapping, cfg, now, ids, stages, history, history_mapping)
    judged_time = is_open & ~np.isnan(timing.limit)
    has_history = history is not None and len(history) > 0
    if mapping.get("stage_entered_at") is None and not has_history:
        not_measured["stage_over_limit"] = NotMeasured(
            "no stage entered date column and no stage history", "--map stage_entered_at=HEADER or --history FILE")
    elif judged_time.any() and timing.entered[judged_time].isna().all():
        not_measured["stage_over_limit"] = NotMeasured(
            "no open deal has a stage-entered date" + (" in the stage history" if has_history else ""),
            "--map stage_entered_at=HEADER or --history FILE")

    approvals = _discount_approvals(frame, mapping, cfg, roster, people)
    if mapping.get("discount") is None:
        not_measured["discount_approval"] = missing_column("discount")
    elif mapping.get("discount_approved_by") is None and (approvals.discount > 0).any():
        not_measured["discount_approval"] = missing_column("discount_approved_by", "discount approved by")

    close_text = _text(frame, mapping, "close_date")
    close = _timestamps(close_text)
    why = _dates_not_measured("close_date", "close date", mapping.get("close_date"), close_text, close, is_open,
                              "open deal")
    if why is not None:
        not_measured["past_due"] = why
    past_due = is_open & (close < today).fillna(False).to_numpy(bool)
    days_past_due = np.where(past_due, np.floor((today - close).dt.total_seconds().to_numpy(np.float64) / 86400), np.nan)

    amount_text = _text(frame, mapping, "amount")
    amount_codes, amount_values = money_codes(amount_text)
    cents = np.array([to_cents(v) for v in amount_values], dtype=object)[amount_codes]
    no_amount = amount_codes == len(amount_values) - 1  # the None slot: blank or not money
    if mapping.get("amount") is None:
        not_measured["missing_amount"] = missing_column("amount")
    elif (is_open & ~_blank(amount_text)).any() and no_amount[is_open].all():
        not_measured["missing_amount"] = NotMeasured(f"amount column {mapping.get('amount')!r}: no value read as "
                                                     "an amount", "--map amount=HEADER")
    missing_amount = is_open & no_amount
    if mapping.get("next_step") is None:
        not_measured["missing_next_step"] = missing_column("next_step")
    missing_next = is_open & _blank(_text(frame, mapping, "next_step"))

    owner = _text(frame, mapping, "owner").str.strip()
    if mapping.get("owner") is None:
        not_measured["owner"] = missing_column("owner")
    elif n and _blank(owner).all():
        not_measured["owner"] = NotMeasured(f"owner column {mapping.get('owner')!r} is blank on every deal",
                                            "--map owner=HEADER")

    # checks that did not run find nothing; their totals are None below
    over_limit = timing.over_limit & ("stage_over_limit" not in not_measured)
    days_over = np.where(over_limit, timing.days_over, np.nan)
    if "discount_approval" in not_measured:
        approvals.status = np.full(n, None, dtype=object)
    past_due &= "past_due" not in not_measured
    missing_amount &= "missing_amount" not in not_measured
    missing_next &= "missing_next_step" not in not_measured

    deals = pd.DataFrame({
        "opportunity_id": ids.to_numpy(object),
        "name": _text(frame, mapping, "name").to_numpy(object),
        "owner": owner.to_numpy(object),
        "stage": stages.stage.to_numpy(object),
        "sop_stage": stages.sop_stage,
        "state": stages.state,
        "outcome": stages.outcome,
        "stage_via": stages.via,
        "open": is_open,
        "stage_entered_at": timing.entered.array,
        "stage_entered_from": timing.entered_from,
        "days_in_stage": timing.days_in_stage,
        "stage_limit": np.where(is_open, timing.limit, np.nan),
        "days_over": days_over,
        "over_limit": over_limit,
        "amount": cents,
        "discount_pct": approvals.discount,
        "approver": approvals.approver.to_numpy(object),
        "approver_role": approvals.approved,
        "needed_approver": approvals.needed,
        "approval_status": approvals.status,
        "close_date": close.array,
        "past_due": past_due,
        "days_past_due": np.where(past_due, days_past_due, np.nan),
        "missing_next_step": missing_next,
        "missing_amount": missing_amount,
        "stage_not_mapped": not_mapped,
    }, index=frame.index)
    problems = _problem_rows(deals, approvals, past_due, missing_next, missing_amount, not_mapped)

    status = approvals.status
    discount_problem = np.isin(status.astype(str), ["too_junior", "missing", "unknown"])
    owners = _owner_figures(owner, is_open, over_limit, days_over, discount_problem, past_due, not_measured)

    def measured(check: str, value):
        return None if check in not_measured else value

    totals = {
        "deals": n, "open_deals": int(is_open.sum()), "closed_deals": int(stages.is_closed.sum()),
        "won_deals": int(stages.is_won.sum()), "lost_deals": int((stages.outcome == "lost").sum()),
        "stage_not_mapped": int(not_mapped.sum()),
        "over_limit": measured("stage_over_limit", int(over_limit.sum())),
        "days_over_total": measured("stage_over_limit", int(np.nan_to_num(days_over).sum())),
        **{f"discount_{s}": measured("discount_approval", int((status == s).sum())) for s in APPROVAL_STATUSES},
        "discount_problems": measured("discount_approval", int(discount_problem.sum())),
        "past_due": measured("past_due", int(past_due.sum())),
        "missing_next_step": measured("missing_next_step", int(missing_next.sum())),
        "missing_amount": measured("missing_amount", int(missing_amount.sum())),
        "problems": len(problems),
        # open deals in an SOP stage whose stage time could not be judged (no entered date)
        "open_deals_undated": measured("stage_over_limit", int((judged_time & timing.entered.isna().to_numpy()).sum())),
        "open_deals_no_close_date": measured("past_due", int((is_open & close.isna().to_numpy()).sum())),
    }
    hygiene_checks = [c for c in HYGIENE_CHECKS if c not in not_measured]
    totals["hygiene_checks"] = hygiene_checks
    if not is_open.any():
        not_measured["hygiene"] = NotMeasured(
            "no deal is known to be open" + (f": {totals['stage_not_mapped']:,} deal(s) in a stage not mapped"
                                             if totals["stage_not_mapped"] else ""),
            "[deals.stage_map] in revops.toml" if totals["stage_not_mapped"] else None)
    elif not hygiene_checks and not (is_open & not_mapped).any():
        not_measured["hygiene"] = NotMeasured("none of its checks could run")
    if "hygiene" in not_measured:
        totals["open_deals_clean"] = totals["hygiene_pct"] = None
    else:
        # hygiene: open deals with no problem of the checks that ran, the figure --fail-under judges
        clean = is_open & ~(over_limit | discount_problem | past_due | missing_next | missing_amount | not_mapped)
        totals["open_deals_clean"] = int(clean.sum())
        totals["hygiene_pct"] = percent(totals["open_deals_clean"], totals["open_deals"])
    return DealsAudit(deals=deals, problems=problems, owners=owners, totals=totals, not_measured=not_measured,
                      stages=stages.vocabulary, stage_not_mapped=stages.not_mapped_summary())


def _owner_figures(owner: pd.Series, is_open: np.ndarray, over_limit: np.ndarray, days_over: np.ndarray,
                   discount_problem: np.ndarray, past_due: np.ndarray,
                   not_measured: Mapping[str, NotMeasured]) -> pd.DataFrame:
    """Per owner (blank: "(no owner)"); empty when owners were not measured; columns of checks that did not run
    are NA."""
    if "owner" in not_measured:
        return pd.DataFrame(columns=OWNER_COLUMNS)
    per = pd.DataFrame({"owner": owner.fillna("").replace("", "(no owner)").to_numpy(object),
                        "open_deals": is_open.astype(int), "over_limit": over_limit.astype(int),
                        "days_over_total": np.nan_to_num(days_over).astype(int),
                        "discount_problems": discount_problem.astype(int), "past_due": past_due.astype(int)})
    owners = per.groupby("owner", sort=True, as_index=False).sum()[OWNER_COLUMNS]
    for column, check in (("over_limit", "stage_over_limit"), ("days_over_total", "stage_over_limit"),
                          ("discount_problems", "discount_approval"), ("past_due", "past_due")):
        if check in not_measured:
            owners[column] = pd.array([pd.NA] * len(owners), dtype="Int64")
    return owners

"""Deal inspection: the Sales Process SOP's exit criteria, stage by stage (`revops deals inspect`).

Sales Process SOP, "Sales Stages & Exit Criteria": before a deal leaves a stage, that stage's
exit criteria are met (Prospecting: discovery call scheduled, decision maker identified,
initial pain point uncovered; Discovery: BANT qualified, champion identified, ...; Solution
Design: ..., and after the demo "Send recording within 2 hours"; Proposal; Negotiation;
Closed Won: kickoff call scheduled, handoff form complete; Closed Lost: loss reason, follow-up
reminder, nurture). Criteria and the CRM fields that show them are ``deals.exit_criteria``.

Decisions, so they can be checked:

* **Which criteria a deal owes.** An open deal in SOP stage S (read by
  :func:`~revops_cli.core.sales.stages.classify_deals`) owes the criteria of every open stage
  before S: it has left them. The criteria of S itself are *pending* (to do before it moves on)
  unless met. A closed deal owes its closed stage's criteria (Closed Won or Closed Lost). A deal
  whose stage history shows it skipped a stage (Discovery -> Proposal) owes the skipped stage's
  criteria too, open or closed; a skip is a move forward past one or more open stages (into
  Closed Won, past the stages after the last one it was in); a move into Closed Lost, back, or
  the stage a deal was created in are not skips.
* **What a cell shows.** Per distinct value: blank or one of ``deals.not_done_values`` is not
  met; a yes/no word (``true/1/yes/x/✓``, ``false/0/no``: :mod:`revops_cli.normalize.booleans`)
  is what it says; with ``min_items``, a number or a list (split at ``;``, ``|``, new lines, else
  ``,``) must reach it; a date is met (with ``past_dates_only`` only once it is on or before the
  as-of day in ``general.timezone``); any other text is met, except for ``past_dates_only``
  criteria, where text that is no date and no yes/no word cannot be read (not measured for
  that deal). Several columns for one criterion: met when any shows it, not met when one says
  no and none yes.
* **Timed criteria** (demo recording within 2 business hours): the clock starts at each demo, an
  activity of kind ``start_activity`` in ``--activities`` linked to the deal by opportunity id,
  else a ``start_columns`` date-time; it stops at the first activity at or after the demo whose
  type or subject matches ``activity_pattern`` (not itself a demo), else the criterion's own
  column. Business minutes run on ``business_hours`` (:mod:`revops_cli.core.sales.business_time`):
  within the limit is met, later is missing, nothing yet is pending until the window has passed
  (then missing). A time without a time of day ("11/10/2026") cannot be timed: not measured for
  that deal. A timed miss counts even while the deal is still in the stage.
* **Not measured, never missing for everyone.** A criterion with no column (and, timed, no
  activities) is a :class:`~revops_cli.core.metrics.NotMeasured` with the ``--map`` and config
  key that would measure it; ``columns = []`` switches a criterion off.
* **Verdicts.** A deal fails inspection when a criterion it owes is missing; passes when every
  owed criterion that could be measured is met (a deal in its first stage owes nothing and
  passes); is *not measured* when it owes criteria and none could be measured. The headline is
  the share of open pipeline value (amount) of the inspected open deals (pass + fail) that
  passes; ``--fail-under`` judges it. Completeness is met / (met + missing) over owed checks.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from revops_cli.columns import ColumnMapping, MappedFrame
from revops_cli.columns.detect import header_key
from revops_cli.config import RevopsConfig
from revops_cli.config.sales import ExitCriterion
from revops_cli.core.metrics import NotMeasured, missing_column, not_measured_json, percent
from revops_cli.core.sales.activities import activity_kind_column
from revops_cli.core.sales.business_time import WorkCalendar, business_minutes_between
from revops_cli.core.sales.deals import parse_moments
from revops_cli.core.sales.stages import classify_deals, map_stage_names
from revops_cli.normalize.booleans import truth_value
from revops_cli.normalize.money import money_codes, to_cents
from revops_cli.normalize.timestamps import as_utc

# Status codes of the (deal, criterion) matrix.
NOT_OWED, MET, MISSING, PENDING, UNREADABLE = 0, 1, 2, 3, 4
FINDING_COLUMNS = ["opportunity_id", "name", "owner", "stage", "sop_stage", "amount", "check", "criterion_stage",
                   "criterion", "label", "detail"]
CRITERIA_COLUMNS = ["stage", "criterion", "label", "columns", "owed", "met", "missing", "pending", "unreadable",
                    "completeness_pct", "not_measured"]
STAGE_COLUMNS = ["stage", "deals_at", "deals_past", "criteria", "criteria_measured", "owed", "met", "missing",
                 "completeness_pct"]
OWNER_COLUMNS = ["owner", "open_deals", "passing", "failing", "not_measured", "completeness_pct", "open_value",
                 "passing_value", "passing_value_pct"]
_LIST_SPLIT = re.compile(r"[;|\n•]+")
_METHOD_PREFIX = re.compile(r"^(meddpicc|meddicc|meddpic|meddic)")  # sales-methodology field prefixes
_TIME_OF_DAY = re.compile(r"\d:\d\d")


@dataclass
class Criterion:
    """One exit criterion as inspected: where it is, what shows it, and its column(s) in this export."""

    stage: str
    key: str
    rule: ExitCriterion
    columns: list[str]  #: the export's columns that show it (empty: not measured or off)
    start_columns: list[str] = field(default_factory=list)  #: timed: the export's clock-start columns
    off: bool = False  #: switched off in the config (columns = [])

    @property
    def timed(self) -> bool:
        return self.rule.within_business_hours is not None


@dataclass
class DealInspection:
    """What :func:`inspect_deals` returns."""

    deals: pd.DataFrame  #: one row per deal: stage, SOP stage, owed/met/missing, verdict, skipped stages
    findings: pd.DataFrame  #: one row per missing criterion and per skipped stage (the problems file)
    criteria: pd.DataFrame  #: one row per criterion: its column(s), owed, met, missing, completeness
    stages: pd.DataFrame  #: per SOP stage completeness
    owners: pd.DataFrame  #: per owner: open deals passing, completeness, pipeline value passing
    totals: dict = field(default_factory=dict)
    not_measured: dict[str, NotMeasured] = field(default_factory=dict)
    stage_not_mapped: dict | None = None

    def summary(self) -> dict:
        """The figures ``--json`` prints."""
        return {"totals": self.totals, "not_measured": not_measured_json(self.not_measured),
                "stage_not_mapped": self.stage_not_mapped,
                "criteria": self.criteria.to_dict("records"), "stages": self.stages.to_dict("records"),
                "owners": self.owners.to_dict("records"), "findings": self.findings.to_dict("records")}


# --------------------------------------------------------------------------
# Columns
# --------------------------------------------------------------------------


def find_criteria(frame: pd.DataFrame, config: RevopsConfig,
                  overrides: Mapping[str, str | None] | None = None) -> list[Criterion]:
    """Each criterion of ``deals.exit_criteria`` with the export's columns that show it.

    ``overrides`` (``--map KEY=HEADER``) name a column for a criterion (None: none). Headers
    match a spelling ignoring case, spaces, punctuation and a Salesforce ``__c``.
    """
    by_key: dict[str, list[str]] = {}
    for column in frame.columns:
        by_key.setdefault(header_key(column), []).append(column)
    for column in frame.columns:  # "MEDDPICC_Champion__c" is a champion column too, unless a header says so itself
        bare = _METHOD_PREFIX.sub("", header_key(column))
        if bare and bare != header_key(column) and bare not in by_key:
            by_key[bare] = [column]
    overrides = overrides or {}

    def columns_for(spellings: Sequence[str]) -> list[str]:
        found: list[str] = []
        for spelling in spellings:
            for column in by_key.get(header_key(spelling), []):
                if column not in found:
                    found.append(column)
        return found

    criteria = []
    for stage, rules in config.deals.exit_criteria.items():
        for key, rule in rules.items():
            off = not rule.columns and rule.within_business_hours is None
            if key in overrides:
                columns = [overrides[key]] if overrides[key] else []
            else:
                columns = columns_for(rule.columns)
            starts = columns_for(rule.start_columns or [])
            criteria.append(Criterion(stage, key, rule, columns, starts, off))
    return criteria


def _missing_reason(criterion: Criterion, has_activities: bool) -> NotMeasured:
    rule = criterion.rule
    looked = ", ".join(repr(c) for c in rule.columns[:4]) + (", ..." if len(rule.columns) > 4 else "")
    fix = f"--map {criterion.key}=HEADER or deals.exit_criteria.{_toml_key(criterion.stage)}.{criterion.key}.columns"
    if criterion.timed:
        if has_activities:
            return NotMeasured(f"no {rule.start_activity or 'start'} activity linked to a deal and no "
                               f"{rule.label.lower()} column", fix)
        return NotMeasured(f"no --activities (the {rule.start_activity or 'start'} and what ends the clock) and no "
                           f"{rule.label.lower()} column (looked for {looked})", "--activities FILE or " + fix)
    return NotMeasured(f"no column for {rule.label.lower()!r} (looked for {looked})", fix)


def _toml_key(stage: str) -> str:
    return stage if re.fullmatch(r"[A-Za-z0-9_-]+", stage) else f'"{stage}"'


# --------------------------------------------------------------------------
# What a cell shows
# --------------------------------------------------------------------------


def _local_dates(values: pd.Series, zone: str) -> tuple[pd.Series, np.ndarray]:
    """Parsed moments (tz-aware UTC Series, NaT where none; text without an offset is read in ``zone``) and whether
    the text had a time of day."""
    moments = parse_moments(values, zone)
    timed = values.astype("string").str.contains(_TIME_OF_DAY.pattern, regex=True).fillna(False).to_numpy(bool)
    return moments, timed


def _shows(values: pd.Series, rule: ExitCriterion, not_done: frozenset[str], zone: str,
           as_of_day: pd.Timestamp) -> np.ndarray:
    """Object array per row: True (met), False (not met) or None (cannot be read); once per distinct value."""
    codes, uniques = pd.factorize(values.astype(object), use_na_sentinel=True)
    distinct = pd.Series(list(uniques), dtype=object)
    moments, _ = _local_dates(distinct, zone)
    days = moments.dt.tz_convert(zone).dt.tz_localize(None).dt.normalize()
    results: list[bool | None] = []
    for value, day in zip(distinct, days):
        text = str(value).strip()
        items = [i for i in (_LIST_SPLIT.split(text) if _LIST_SPLIT.search(text) else text.split(","))
                 if i.strip() and i.strip().casefold() not in not_done]
        if not items or text.casefold() in not_done:  # blank, a placeholder, or a list of placeholders
            results.append(False)
            continue
        if rule.min_items is not None:
            number = pd.to_numeric(text.replace(",", ""), errors="coerce") if re.fullmatch(r"[\d.,\s]+", text) else None
            if number is not None and number == number:
                results.append(bool(number >= rule.min_items))
                continue
            word = truth_value(text)
            results.append(word if word is not None and len(items) <= 1 else len(items) >= rule.min_items)
            continue
        word = truth_value(text)
        if word is not None:
            results.append(word)
        elif not pd.isna(day):
            results.append(bool(day <= as_of_day) if rule.past_dates_only else True)
        else:
            results.append(None if rule.past_dates_only else True)
    table = np.array(results + [False], dtype=object)  # blank cells (NaN) are not met
    return table[np.where(codes < 0, len(results), codes)]


def _combine(shown: list[np.ndarray], n: int) -> np.ndarray:
    """Several columns of one criterion: True if any is True, else False if any is False, else None."""
    out = np.full(n, None, dtype=object)
    for values in shown:
        out[(values == False) & (out == None)] = False  # noqa: E711, E712
    for values in shown:
        out[values == True] = True  # noqa: E712
    return out


# --------------------------------------------------------------------------
# Timed criteria: the demo recording within 2 business hours
# --------------------------------------------------------------------------


def _id_key(values: pd.Series) -> pd.Series:
    """Deal ids as matched: trimmed; an 18-character Salesforce id as its 15-character start (object, None blank)."""
    text = values.astype("string").str.strip()
    text = text.where(text != "", None)
    sf18 = text.str.fullmatch(r"[A-Za-z0-9]{18}").fillna(False).astype(bool)
    keys = text.where(~sf18, text.str[:15])
    return keys.astype(object).where(keys.notna(), None)


def _activity_events(exports: Sequence[MappedFrame], rule: ExitCriterion, zone: str) -> tuple[pd.DataFrame, list[str]]:
    """(deal key, at, is_start, is_end) of every activity linked to a deal, and the exports without a deal id."""
    rows, unlinked = [], []
    pattern = re.compile(rule.activity_pattern, re.IGNORECASE) if rule.activity_pattern else None
    for export in exports:
        frame, mapping = export.frame, export.mapping
        id_column, at_column = mapping.get("opportunity_id"), mapping.get("timestamp")
        if id_column is None or at_column is None:
            unlinked.append(export.source)
            continue
        types = frame[mapping.get("type")] if mapping.get("type") else pd.Series([None] * len(frame), index=frame.index)
        subjects = frame[mapping.get("subject")] if mapping.get("subject") else None
        kinds = activity_kind_column(types, subjects)
        words = types.astype(object).fillna("").astype(str) + " " + (
            subjects.astype(object).fillna("").astype(str) if subjects is not None else "")
        ends = (words.str.contains(pattern.pattern, case=False, regex=True).to_numpy(bool) if pattern is not None
                else np.zeros(len(frame), dtype=bool))
        starts = (kinds == rule.start_activity).to_numpy(bool) if rule.start_activity else np.zeros(len(frame), bool)
        moments, _ = _local_dates(frame[at_column], zone)
        rows.append(pd.DataFrame({"deal": _id_key(frame[id_column]).to_numpy(object), "at": moments.array,
                                  "start": starts, "end": ends & ~starts}))
    events = pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(columns=["deal", "at", "start", "end"])
    events = events.dropna(subset=["deal", "at"])
    return events[events["start"] | events["end"]], unlinked


def _timed(criterion: Criterion, frame: pd.DataFrame, deal_keys: pd.Series, events: pd.DataFrame | None,
           calendar: WorkCalendar, now: pd.Timestamp, zone: str) -> tuple[np.ndarray, np.ndarray]:
    """Per deal: 1 met, 0 missing (late, or nothing sent once the window passed), 2 pending (window open),
    3 cannot be timed (no time of day), -1 no clock start on record; and a detail. A deal with several demos
    gets its worst."""
    n = len(frame)
    limit = float(criterion.rule.within_business_hours) * 60.0
    # the clock's starts: activities, else the start column
    starts = pd.DataFrame(columns=["deal", "at", "untimed"])
    if events is not None and len(events):
        starts = events.loc[events["start"], ["deal", "at"]].assign(untimed=False)
    with_activity = set(starts["deal"])
    for column in criterion.start_columns[:1]:
        moments, has_time = _local_dates(frame[column], zone)
        present = moments.notna().to_numpy() & ~deal_keys.isin(with_activity).to_numpy() & deal_keys.notna().to_numpy()
        extra = pd.DataFrame({"deal": deal_keys.to_numpy(object)[present], "at": moments.array[present],
                              "untimed": ~has_time[present]})
        starts = pd.concat([starts, extra], ignore_index=True) if len(starts) else extra
    starts = starts[pd.to_datetime(starts["at"], utc=True) <= now] if len(starts) else starts
    # what stops it: activities matching the pattern, else the criterion's own column (a date-time)
    ends = pd.DataFrame(columns=["deal", "end_at", "end_untimed"])
    if events is not None and len(events):
        ends = events.loc[events["end"], ["deal", "at"]].rename(columns={"at": "end_at"}).assign(end_untimed=False)
    for column in criterion.columns[:1]:
        moments, has_time = _local_dates(frame[column], zone)
        present = moments.notna().to_numpy() & deal_keys.notna().to_numpy()
        extra = pd.DataFrame({"deal": deal_keys.to_numpy(object)[present], "end_at": moments.array[present],
                              "end_untimed": ~has_time[present]})
        ends = pd.concat([ends, extra], ignore_index=True) if len(ends) else extra
    state = np.full(n, -1, dtype=np.int8)
    detail = np.full(n, None, dtype=object)
    # a column that only says "yes, sent" (a checkbox) cannot be timed
    ticked = np.zeros(n, dtype=bool)
    for column in criterion.columns[:1]:
        ticked = (frame[column].astype(object).map(truth_value, na_action="ignore") == True).to_numpy(bool)  # noqa: E712
    if not len(starts):
        return state, detail
    starts = starts.assign(at=pd.to_datetime(starts["at"], utc=True)).sort_values("at", kind="stable")
    if len(ends):
        ends = ends.assign(end_at=pd.to_datetime(ends["end_at"], utc=True)).sort_values("end_at", kind="stable")
        pairs = pd.merge_asof(starts, ends, left_on="at", right_on="end_at", by="deal", direction="forward")
    else:
        pairs = starts.assign(end_at=pd.NaT, end_untimed=False)
        pairs["end_at"] = pd.to_datetime(pairs["end_at"], utc=True)
    pairs = pairs.reset_index(drop=True)
    sent = pairs["end_at"].notna()
    taken = business_minutes_between(pairs["at"], pairs["end_at"].where(sent, now), calendar)
    untimed = pairs["untimed"].astype(bool) | (sent & pairs["end_untimed"].fillna(False).astype(bool))
    # per demo: 1 met, 0 missing, 2 pending, 3 cannot be timed
    per = np.where(untimed, 3, np.where(sent, np.where(taken <= limit, 1, 0), np.where(taken > limit, 0, 2)))
    hours = (taken / 60.0).round(1).astype(str)
    demo_at = pairs["at"].dt.tz_convert(zone).dt.strftime("%Y-%m-%d %H:%M")
    text = np.where(untimed, "no time of day on the demo or the recording",
                    np.where(sent, "sent " + hours + " business hours after the demo of " + demo_at,
                             np.where(per == 0, "not sent; demo on ", "not sent yet; demo on ") + demo_at))
    pairs = pairs.assign(state=per, text=text, rank=pd.Series(per).map({0: 0, 3: 1, 2: 2, 1: 3}).to_numpy())
    worst = pairs.sort_values(["deal", "rank"], kind="stable").drop_duplicates("deal").set_index("deal")
    found = deal_keys.map(worst["state"])
    seen = found.notna().to_numpy()
    state[seen] = found[seen].astype(int).to_numpy()
    detail[seen] = deal_keys.map(worst["text"]).to_numpy(object)[seen]
    marked = ticked & np.isin(state, [0, 2])  # no time on record, but the column says it was sent
    state[marked] = 3
    detail[marked] = "marked sent, but with no time to judge the 2 hours by"
    return state, detail


# --------------------------------------------------------------------------
# Skipped stages
# --------------------------------------------------------------------------


def skipped_stages(history: pd.DataFrame, mapping: ColumnMapping | None, config: RevopsConfig) -> pd.DataFrame:
    """Per deal key whose history skips an open stage: the skipped SOP stages and the path (see the module doc).

    A stage is skipped when the history never enters it, yet the deal went from a stage before it (the first stage
    on record) to one after it (the furthest reached; Closed Won is after every open stage). Rows of the same day
    in any order, and moves back, change nothing; a deal created in Discovery skipped no Prospecting.
    """
    cfg = config.deals
    open_stages = list(cfg.stage_limits_days)
    position = {s: i for i, s in enumerate(open_stages)}
    position[cfg.won_stage] = len(open_stages)

    def column(name: str) -> pd.Series:
        col = None if mapping is None else mapping.get(name)
        return history[col] if col is not None else pd.Series([None] * len(history), index=history.index)

    sop, _ = map_stage_names(column("stage").astype(object), cfg)
    moments = parse_moments(column("changed_at"), config.general.timezone)
    rows = pd.DataFrame({"deal": _id_key(column("opportunity_id")).to_numpy(object), "stage": sop.to_numpy(object),
                         "at": moments.array}).dropna()
    rows = rows.assign(pos=rows["stage"].map(position)).dropna(subset=["pos"])
    if rows.empty:
        return pd.DataFrame(columns=["skipped", "path"])
    rows = rows.sort_values(["deal", "at"], kind="stable")
    rows = rows.assign(pos=rows["pos"].astype(np.int64))
    per = rows.groupby("deal", sort=False).agg(first=("pos", "first"), furthest=("pos", "max"))
    bits = rows.drop_duplicates(["deal", "pos"]).assign(bit=lambda r: np.left_shift(1, r["pos"]))
    per["seen"] = bits.groupby("deal", sort=False)["bit"].sum().reindex(per.index)  # distinct powers of 2: an OR
    skipped = pd.Series("", index=per.index, dtype=object)
    for i, stage in enumerate(open_stages):  # one pass per SOP stage, not per deal
        gap = (per["first"] < i) & (i < per["furthest"]) & ((per["seen"].to_numpy() >> i) & 1 == 0)
        skipped = skipped.where(~gap, skipped + stage + ", ")
    skipped = skipped.str.rstrip(", ")
    skipped = skipped[skipped != ""]
    if skipped.empty:
        return pd.DataFrame(columns=["skipped", "path"])
    chosen = rows[rows["deal"].isin(skipped.index)]
    chosen = chosen[(chosen["deal"] != chosen["deal"].shift()) | (chosen["stage"] != chosen["stage"].shift())]
    paths = (chosen["stage"] + " → ").groupby(chosen["deal"]).sum().str[:-3]  # joined without a per-deal call
    return pd.DataFrame({"skipped": skipped.str.split(", "), "path": paths.reindex(skipped.index)})


# --------------------------------------------------------------------------
# The inspection
# --------------------------------------------------------------------------


def inspect_deals(
    opportunities: pd.DataFrame,
    mapping: ColumnMapping,
    config: RevopsConfig,
    *,
    now: pd.Timestamp | str,
    history: pd.DataFrame | None = None,
    history_mapping: ColumnMapping | None = None,
    activities: Sequence[MappedFrame] | None = None,
    criteria_columns: Mapping[str, str | None] | None = None,
) -> DealInspection:
    """Inspect every deal against the exit criteria of the stages it is at or past (see the module doc)."""
    cfg = config.deals
    zone = config.general.timezone
    now = as_utc(now)
    as_of_day = now.tz_convert(zone).normalize().tz_localize(None)
    frame = opportunities
    n = len(frame)
    not_measured: dict[str, NotMeasured] = {}

    stages = classify_deals(frame, mapping, cfg)
    open_stages = list(cfg.stage_limits_days)
    position = pd.Series(stages.sop_stage, dtype=object).map({s: i for i, s in enumerate(open_stages)})
    position = position.where(stages.is_open).to_numpy(np.float64)  # NaN: closed or unknown
    ids = _text(frame, mapping, "opportunity_id")
    keys = _id_key(ids)

    skipped_by_deal: dict[str, list[str]] = {}
    path_by_deal: dict[str, str] = {}
    if history is not None and len(history):
        skips = skipped_stages(history, history_mapping, config)
        skipped_by_deal, path_by_deal = skips["skipped"].to_dict(), skips["path"].to_dict()
    else:
        not_measured["skipped_stages"] = NotMeasured("no stage history", "--history FILE")
    deal_skips = keys.map(skipped_by_deal)
    skips = _skip_flags(deal_skips, cfg.sop_stages)

    criteria = find_criteria(frame, config, criteria_columns)
    exports = list(activities or [])
    calendar = WorkCalendar.from_config(config)
    not_done = frozenset(v.strip().casefold() for v in cfg.not_done_values)

    codes = np.zeros((n, len(criteria)), dtype=np.int8)
    details = np.full((n, len(criteria)), None, dtype=object)
    measured = np.zeros(len(criteria), dtype=bool)
    owed_unmeasured = np.zeros(n, dtype=np.int64)  # criteria a deal owes that no column shows
    for j, criterion in enumerate(criteria):
        if criterion.off:
            continue
        owed, current = _owed(criterion, stages, position, skips, open_stages, n)
        owed_unmeasured += owed  # taken back below once the criterion is measured
        relevant = owed | current
        if criterion.timed:
            events, unlinked = _activity_events(exports, criterion.rule, zone) if exports else (None, [])
            for source in unlinked:
                not_measured[f"{criterion.key} ({source})"] = NotMeasured(
                    f"{source} has no opportunity id or activity date column, so its activities are not linked to "
                    "deals", "name the columns 'Opportunity ID' and 'Activity Date'")
            if not criterion.columns and not criterion.start_columns and (events is None or events.empty):
                not_measured[criterion.key] = _missing_reason(criterion, bool(exports))
                continue
            state, detail = _timed(criterion, frame, keys, events, calendar, now, zone)
            code = np.full(n, NOT_OWED, dtype=np.int8)
            code[relevant & (state == 1)] = MET
            code[relevant & (state == 0)] = MISSING  # late, or never sent once the window passed: final
            code[relevant & (state == 2)] = PENDING  # the window is still open
            code[relevant & (state == 3)] = UNREADABLE  # no time of day
            code[owed & (state == -1)] = UNREADABLE
            code[current & (state == -1)] = PENDING  # no demo yet: it is still to come
            detail[owed & (state == -1)] = f"no {criterion.rule.start_activity or 'clock start'} on record"
            codes[:, j], details[:, j] = code, detail
            measured[j] = True
            owed_unmeasured -= owed
            continue
        if not criterion.columns:
            not_measured[criterion.key] = _missing_reason(criterion, bool(exports))
            continue
        shown = _combine([_shows(frame[c], criterion.rule, not_done, zone, as_of_day) for c in criterion.columns], n)
        code = np.full(n, NOT_OWED, dtype=np.int8)
        code[relevant & (shown == True)] = MET  # noqa: E712
        code[owed & (shown == False)] = MISSING  # noqa: E712
        code[owed & (shown == None)] = UNREADABLE  # noqa: E711
        code[current & (shown != True)] = PENDING  # noqa: E712
        details[owed & (shown == None), j] = "cannot be read as done or not"  # noqa: E711
        codes[:, j] = code
        measured[j] = True
        owed_unmeasured -= owed

    amount_codes, amount_values = money_codes(_text(frame, mapping, "amount"))
    amounts = np.array([np.nan if v is None else to_cents(v) for v in amount_values], dtype=np.float64)[amount_codes]
    if mapping.get("amount") is None:
        not_measured["pipeline_value"] = missing_column("amount")
    owner = _text(frame, mapping, "owner").str.strip()
    if mapping.get("owner") is None:
        not_measured["owner"] = missing_column("owner")
    elif n and owner.fillna("").eq("").all():
        not_measured["owner"] = NotMeasured(f"owner column {mapping.get('owner')!r} is blank on every deal",
                                            "--map owner=HEADER")

    deals = _deal_rows(frame, mapping, stages, ids, owner, amounts, codes, criteria, deal_skips, keys, path_by_deal,
                       owed_unmeasured)
    findings = _findings(deals, codes, details, criteria, skips)
    criteria_table = _criteria_table(criteria, codes, measured, not_measured, bool(exports))
    stage_table = _stage_table(criteria, codes, measured, stages, position, skips, cfg)
    owners = _owner_table(deals, codes, not_measured)
    totals = _totals(deals, codes, criteria, measured, findings, stages, not_measured)
    return DealInspection(deals=deals, findings=findings, criteria=criteria_table, stages=stage_table, owners=owners,
                          totals=totals, not_measured=not_measured, stage_not_mapped=stages.not_mapped_summary())


def _text(frame: pd.DataFrame, mapping: ColumnMapping | None, canonical: str) -> pd.Series:
    column = None if mapping is None else mapping.get(canonical)
    if column is None:
        return pd.Series([None] * len(frame), index=frame.index, dtype=object)
    return frame[column].astype(object).where(frame[column].notna(), None)


def _skip_flags(deal_skips: pd.Series, sop_stages: Sequence[str]) -> dict[str, np.ndarray]:
    """SOP stage -> per deal: did its history skip that stage."""
    listed = deal_skips.reset_index(drop=True).explode().dropna()
    return {stage: np.isin(np.arange(len(deal_skips)), listed.index[listed == stage]) for stage in sop_stages}


def _owed(criterion: Criterion, stages, position: np.ndarray, skips: Mapping[str, np.ndarray],
          open_stages: list[str], n: int) -> tuple[np.ndarray, np.ndarray]:
    """Per deal: does it owe the criterion (past its stage, in its closed stage, or skipped it), and is it at the
    criterion's stage now (pending)."""
    skipped = skips.get(criterion.stage, np.zeros(n, dtype=bool))
    if criterion.stage in open_stages:
        at = open_stages.index(criterion.stage)
        owed = (position > at) | skipped
        current = (position == at) & ~skipped
    else:
        owed = (stages.sop_stage == criterion.stage) | skipped
        current = np.zeros(n, dtype=bool)
    return np.asarray(owed, bool), np.asarray(current, bool)


def _deal_rows(frame, mapping, stages, ids, owner, amounts, codes, criteria, deal_skips, keys, path_by_deal,
               owed_unmeasured):
    owed = np.isin(codes, [MET, MISSING, UNREADABLE])
    met = (codes == MET) & owed
    missing = codes == MISSING
    unreadable = codes == UNREADABLE
    owed_n, met_n, missing_n, unreadable_n = owed.sum(1), met.sum(1), missing.sum(1), unreadable.sum(1)
    inspected = stages.sop_stage != None  # noqa: E711
    owes_nothing = (owed_n == 0) & (owed_unmeasured == 0)  # e.g. a deal in its first stage
    verdict = np.where(~inspected, "not inspected", np.where(missing_n > 0, "fail",
                       np.where(owes_nothing, "pass", np.where(met_n == 0, "not measured", "pass"))))
    missing_labels = np.full(len(frame), "", dtype=object)
    for j, criterion in enumerate(criteria):  # one pass per criterion, over the deals missing it
        rows = np.flatnonzero(missing[:, j])
        if len(rows):
            missing_labels[rows] = missing_labels[rows] + (criterion.rule.label + "; ")
    missing_labels = pd.Series(missing_labels, dtype=object).str.rstrip("; ").replace("", None).to_numpy(object)
    return pd.DataFrame({
        "opportunity_id": ids.to_numpy(object),
        "name": _text(frame, mapping, "name").to_numpy(object),
        "owner": owner.to_numpy(object),
        "stage": stages.stage.to_numpy(object),
        "sop_stage": stages.sop_stage,
        "state": stages.state,
        "amount": amounts,
        "owed": owed_n.astype(int),
        "met": met_n.astype(int),
        "missing": missing_n.astype(int),
        "unreadable": unreadable_n.astype(int),
        "not_measured": owed_unmeasured.astype(int),
        "pending": (codes == PENDING).sum(1).astype(int),
        "verdict": verdict,
        "missing_criteria": missing_labels,
        "skipped_stages": deal_skips.map(lambda s: ", ".join(s) if isinstance(s, list) else None,
                                         na_action="ignore").to_numpy(object),
        "stage_path": keys.map(path_by_deal).to_numpy(object),
    }, index=frame.index)


def _findings(deals: pd.DataFrame, codes: np.ndarray, details: np.ndarray, criteria: list[Criterion],
              skips: Mapping[str, np.ndarray]) -> pd.DataFrame:
    """One row per missing criterion and one per deal that skipped a stage."""
    parts = []
    base = ["opportunity_id", "name", "owner", "stage", "sop_stage"]
    amount = deals["amount"]
    for j, criterion in enumerate(criteria):
        rows = np.flatnonzero(codes[:, j] == MISSING)
        if not len(rows):
            continue
        part = deals.iloc[rows][base].copy()
        part["amount"] = amount.iloc[rows].to_numpy(object)
        part["check"] = "missing_criterion"
        part["criterion_stage"], part["criterion"], part["label"] = criterion.stage, criterion.key, criterion.rule.label
        skipped = skips.get(criterion.stage, np.zeros(len(deals), dtype=bool))[rows]
        note = np.where(skipped, f"stage skipped ({criterion.stage}); ", "")
        own = pd.Series(details[rows, j], dtype=object).fillna("not shown").to_numpy(object)
        part["detail"] = note + own
        parts.append(part)
    skip_rows = np.flatnonzero(deals["skipped_stages"].notna().to_numpy())
    if len(skip_rows):
        part = deals.iloc[skip_rows][base].copy()
        part["amount"] = amount.iloc[skip_rows].to_numpy(object)
        part["check"] = "skipped_stage"
        part["criterion_stage"] = deals["skipped_stages"].iloc[skip_rows].to_numpy(object)
        part["criterion"] = part["label"] = None
        missed = np.full(len(skip_rows), "", dtype=object)
        unknown = np.zeros(len(skip_rows), dtype=np.int64)
        for j, criterion in enumerate(criteria):  # one pass per criterion over the deals that skipped a stage
            in_skip = skips.get(criterion.stage, np.zeros(len(deals), dtype=bool))[skip_rows]
            code = codes[skip_rows, j]
            hit = np.flatnonzero(in_skip & (code == MISSING))
            missed[hit] = missed[hit] + (criterion.rule.label + ", ")
            unknown += in_skip & np.isin(code, [UNREADABLE, NOT_OWED]) & ~criterion.off
        missed = pd.Series(missed, dtype=object).str.rstrip(", ")
        text = (deals["stage_path"].iloc[skip_rows].fillna("").to_numpy(object) + ": skipped "
                + deals["skipped_stages"].iloc[skip_rows].to_numpy(object))
        never = np.where(missed != "", "; never met: " + missed, "; every criterion shown met or not measured")
        more = np.where((missed != "") & (unknown > 0), " (" + pd.Series(unknown).astype(str) + " more not measured)",
                        "")
        part["detail"] = text + never + more
        parts.append(part)
    findings = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=FINDING_COLUMNS)
    return findings.reindex(columns=FINDING_COLUMNS)


def _criteria_table(criteria: list[Criterion], codes: np.ndarray, measured: np.ndarray,
                    not_measured: Mapping[str, NotMeasured], has_activities: bool) -> pd.DataFrame:
    rows = []
    for j, c in enumerate(criteria):
        met = int((codes[:, j] == MET).sum())
        missing = int((codes[:, j] == MISSING).sum())
        unreadable = int((codes[:, j] == UNREADABLE).sum())
        pending = int((codes[:, j] == PENDING).sum())
        why = not_measured.get(c.key)
        rows.append({"stage": c.stage, "criterion": c.key, "label": c.rule.label,
                     "columns": ", ".join(c.columns + (c.start_columns if c.timed else [])
                                          + (["--activities"] if c.timed and has_activities else [])) or None,
                     "owed": met + missing + unreadable if measured[j] else None,
                     "met": met if measured[j] else None, "missing": missing if measured[j] else None,
                     "pending": pending if measured[j] else None, "unreadable": unreadable if measured[j] else None,
                     "completeness_pct": percent(met, met + missing) if measured[j] else None,
                     "not_measured": "off (columns = [])" if c.off else (why.text if why else None)})
    table = pd.DataFrame(rows, columns=CRITERIA_COLUMNS)
    for column in ("owed", "met", "missing", "pending", "unreadable"):
        table[column] = table[column].astype("Int64")
    return table


def _stage_table(criteria, codes, measured, stages, position, skips, cfg) -> pd.DataFrame:
    rows = []
    open_stages = list(cfg.stage_limits_days)
    for stage in cfg.sop_stages:
        cols = [j for j, c in enumerate(criteria) if c.stage == stage]
        if not cols:
            continue
        sub = codes[:, cols]
        met, missing = int((sub == MET).sum()), int((sub == MISSING).sum())
        skipped = skips[stage]
        if stage in open_stages:
            at = open_stages.index(stage)
            deals_at, deals_past = int((position == at).sum()), int(((position > at) | skipped).sum())
        else:
            deals_at, deals_past = int((stages.sop_stage == stage).sum()), int(skipped.sum())
        rows.append({"stage": stage, "deals_at": deals_at, "deals_past": deals_past, "criteria": len(cols),
                     "criteria_measured": int(measured[cols].sum()), "owed": int(np.isin(sub, [MET, MISSING,
                                                                                              UNREADABLE]).sum()),
                     "met": met, "missing": missing, "completeness_pct": percent(met, met + missing)})
    return pd.DataFrame(rows, columns=STAGE_COLUMNS)


def _owner_table(deals: pd.DataFrame, codes: np.ndarray, not_measured: Mapping[str, NotMeasured]) -> pd.DataFrame:
    if "owner" in not_measured or deals.empty:
        return pd.DataFrame(columns=OWNER_COLUMNS)
    open_ = (deals["state"] == "open").to_numpy() & (deals["verdict"] != "not inspected").to_numpy()
    value = deals["amount"].fillna(0.0).to_numpy(np.float64)
    per = pd.DataFrame({
        "owner": deals["owner"].fillna("").replace("", "(no owner)").to_numpy(object),
        "open_deals": open_.astype(int),
        "passing": (open_ & (deals["verdict"] == "pass").to_numpy()).astype(int),
        "failing": (open_ & (deals["verdict"] == "fail").to_numpy()).astype(int),
        "not_measured": (open_ & (deals["verdict"] == "not measured").to_numpy()).astype(int),
        "met": deals["met"].to_numpy(), "missing": deals["missing"].to_numpy(),
        "open_value": np.where(open_ & deals["verdict"].isin(["pass", "fail"]).to_numpy(), value, 0.0),
        "passing_value": np.where(open_ & (deals["verdict"] == "pass").to_numpy(), value, 0.0),
    })
    owners = per.groupby("owner", sort=True).sum().reset_index()
    owners["completeness_pct"] = [percent(m, m + x) for m, x in zip(owners["met"], owners["missing"])]
    owners["passing_value_pct"] = [percent(p, v) for p, v in zip(owners["passing_value"], owners["open_value"])]
    owners["open_value"] = owners["open_value"].round(2)
    owners["passing_value"] = owners["passing_value"].round(2)
    if "pipeline_value" in not_measured:
        owners[["open_value", "passing_value", "passing_value_pct"]] = None
    return owners[OWNER_COLUMNS]


def _totals(deals, codes, criteria, measured, findings, stages, not_measured) -> dict:
    open_ = (deals["state"] == "open").to_numpy()
    verdict = deals["verdict"].to_numpy(object)
    judged = open_ & np.isin(verdict, ["pass", "fail"])
    passing = open_ & (verdict == "pass")
    value = deals["amount"].fillna(0.0).to_numpy(np.float64)
    inspected_value = round(float(value[judged].sum()), 2)
    passing_value = round(float(value[passing].sum()), 2)
    met, missing = int((codes == MET).sum()), int((codes == MISSING).sum())
    totals = {
        "deals": len(deals), "open_deals": int(open_.sum()),
        "closed_deals": int(stages.is_closed.sum()), "stage_not_mapped": int(stages.unknown.sum()),
        "open_inspected": int(judged.sum()), "open_passing": int(passing.sum()),
        "open_failing": int((open_ & (verdict == "fail")).sum()),
        "open_not_measured": int((open_ & (verdict == "not measured")).sum()),
        "open_passing_pct": percent(int(passing.sum()), int(judged.sum())),
        "closed_failing": int((~open_ & (verdict == "fail")).sum()),
        "open_value": inspected_value, "passing_value": passing_value,
        "passing_value_pct": percent(passing_value, inspected_value),
        "criteria": sum(not c.off for c in criteria), "criteria_measured": int(measured.sum()),
        "owed": int(np.isin(codes, [MET, MISSING, UNREADABLE]).sum()), "met": met, "missing": missing,
        "unreadable": int((codes == UNREADABLE).sum()), "pending": int((codes == PENDING).sum()),
        "completeness_pct": percent(met, met + missing),
        "skipped_stage_deals": None if "skipped_stages" in not_measured else int(deals["skipped_stages"].notna().sum()),
        "findings": len(findings),
    }
    if not measured.any():
        not_measured["inspection"] = NotMeasured("no exit criterion has a column in this export",
                                                 "--map KEY=HEADER or [deals.exit_criteria] in revops.toml")
    elif not judged.any():
        not_measured["inspection"] = NotMeasured(
            "no open deal owes a measured criterion" if open_.any() else "no deal is known to be open")
    if "inspection" in not_measured or "pipeline_value" in not_measured:
        totals["open_value"] = totals["passing_value"] = totals["passing_value_pct"] = None
    if "inspection" in not_measured:
        totals["open_passing_pct"] = None
    return totals

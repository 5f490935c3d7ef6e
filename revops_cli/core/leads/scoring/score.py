"""Lead scoring: each lead's demographic, firmographic and behavioural points, its total and its band.

Lead Management SOP, 3. Lead Scoring; see :mod:`revops_cli.core.leads.scoring` for how a score is made.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from revops_cli.columns import ENGAGEMENT_FIELDS, ColumnMapping
from revops_cli.config import RevopsConfig, ScoreDimension
from revops_cli.core.leads.scoring.events import (_activity_events, _column_events, _event_piece, _merge_events,
                                                  _round_half_up)
from revops_cli.core.leads.scoring.fields import _Fields, _ladder_points
from revops_cli.core.leads.scoring.reasons import _join_pieces, _Piece
from revops_cli.core.metrics import NotMeasured, not_measured_json
from revops_cli.core.sales.activities import ActivityLink
from revops_cli.normalize.company import company_key

DIMENSIONS: tuple[str, ...] = ("demographic", "firmographic", "behavioral")
SCORE_COLUMNS: tuple[str, ...] = (
    "revops_score_demographic", "revops_score_firmographic", "revops_score_behavioral",
    "revops_score", "revops_band", "revops_score_reasons",
)
HISTOGRAM_BINS: tuple[tuple[int, int], ...] = tuple((low, low + 9) for low in range(0, 90, 10)) + ((90, 100),)


@dataclass
class ScoreResult:
    """What :func:`score_leads` returns: the scored frame and the figures of the run."""

    frame: pd.DataFrame
    band_counts: dict[str, int]
    histogram: list[tuple[int, int, int]]
    rows: int
    mean: float | None
    median: float | None
    rules_without_column: list[str] = field(default_factory=list)
    activities_linked: int | None = None
    activities_unlinked: int | None = None
    #: Engagement events (``scoring.behavioral.events``) with no data to score from: no activities export
    #: and no engagement-count column for them. They never fire.
    events_without_data: list[str] = field(default_factory=list)
    #: Every lead's behavioural points are 0 (and there were leads): the rules had nothing to go on, or
    #: nobody engaged. ``not_measured`` says which when it is the first.
    behavioral_all_zero: bool = False
    not_measured: dict[str, NotMeasured] = field(default_factory=dict)
    #: How many leads have each score 0-100 (what the mean and median are computed from).
    score_counts: np.ndarray = field(default_factory=lambda: np.zeros(101, dtype=np.int64))

    def add(self, other: ScoreResult) -> None:
        """Fold the figures of the next batch of the same file into these (``frame`` stays this batch's):
        the same figures as scoring the whole file at once."""
        scored_before = self.rows
        self.rows += other.rows
        for name, count in other.band_counts.items():
            self.band_counts[name] = self.band_counts.get(name, 0) + count
        self.histogram = [(low, high, count + more) for (low, high, count), (_, _, more)
                          in zip(self.histogram, other.histogram, strict=True)]
        self.score_counts = self.score_counts + other.score_counts
        self.mean, self.median = _mean_median(self.score_counts)
        if other.rows:  # all zero over the file: over every batch with leads
            self.behavioral_all_zero = (self.behavioral_all_zero or not scored_before) and other.behavioral_all_zero
            self.not_measured = self.not_measured or other.not_measured

    def summary(self) -> dict:
        return {
            "rows": self.rows,
            "mean": self.mean,
            "median": self.median,
            "bands": dict(self.band_counts),
            "histogram": [{"low": low, "high": high, "count": count} for low, high, count in self.histogram],
            "rules_without_column": list(self.rules_without_column),
            "activities_linked": self.activities_linked,
            "activities_unlinked": self.activities_unlinked,
            "events_without_data": list(self.events_without_data),
            "behavioral_all_zero": self.behavioral_all_zero,
            "not_measured": not_measured_json(self.not_measured),
        }


def _now_ns(now: pd.Timestamp | str, config: RevopsConfig) -> float:
    stamp = pd.Timestamp(now)
    if stamp.tzinfo is None:
        stamp = stamp.tz_localize(config.general.timezone)
    return float(stamp.tz_convert("UTC").as_unit("ns").value)


def score_leads(
    frame: pd.DataFrame,
    mapping: ColumnMapping,
    config: RevopsConfig,
    *,
    now: pd.Timestamp,
    activities: ActivityLink | None = None,
    explain: bool = False,
    target_accounts: Iterable[str] = (),
) -> ScoreResult:
    """Score every lead per the SOP (see :mod:`revops_cli.core.leads.scoring`) and band it.

    Adds ``revops_score_demographic``, ``revops_score_firmographic``,
    ``revops_score_behavioral``, ``revops_score`` (0-100) and ``revops_band``
    after the original columns (and ``revops_score_reasons`` with
    ``explain``); columns of an earlier run with these names are replaced.
    ``now`` is the moment ages and ``within`` windows count from (a naive
    timestamp is read in ``config.general.timezone``). ``activities`` comes
    from :func:`~revops_cli.core.sales.activities.prepare_activities` on this same
    frame. ``target_accounts`` adds names to ``scoring.target_accounts``.
    """
    scoring = config.scoring
    n = len(frame)
    now_ns = _now_ns(now, config)
    names = [*scoring.target_accounts, *target_accounts]
    target_keys = frozenset(k for k in (company_key(name) for name in names) if k)
    fields = _Fields(frame, mapping, config, target_keys)

    pieces: list[_Piece] = []
    cap_pieces: list[_Piece] = []
    without_column: list[str] = []
    totals: dict[str, np.ndarray] = {}
    for name in DIMENSIONS:
        dimension: ScoreDimension = getattr(scoring, name)
        raw, rule_pieces, missing = _ladder_points(fields, dimension, n, now_ns, explain)
        pieces.extend(rule_pieces)
        without_column.extend(missing)
        if name == "behavioral":
            kinds = list(scoring.behavioral.events)
            events = _merge_events(
                _activity_events(activities, n, config, now_ns) if activities is not None else {},
                _column_events(fields, n, config, now_ns), kinds)
            for kind, points in events.items():
                raw += points.points
                if explain:
                    pieces.append(_event_piece(kind, points.points, points.count, points.age, points.source))
            raw_int = _round_half_up(raw)  # rounded once, after every event is added
        else:
            raw_int = raw.astype(np.int64)
        totals[name] = np.clip(raw_int, 0, dimension.max)
        if explain:
            cap = np.where(raw_int > dimension.max, 0, np.where(raw_int < 0, 1, -1))
            cap_pieces.append(_Piece(cap, [f"capped {name} at {dimension.max}", f"floored {name} at 0"]))

    total = totals["demographic"] + totals["firmographic"] + totals["behavioral"]
    band_names = scoring.band_names
    band_code = np.zeros(n, dtype=np.int64)
    for position in range(len(scoring.bands) - 1, -1, -1):  # lowest band first, higher ones overwrite
        band_code[total >= scoring.bands[position].min] = position
    bands = np.array(band_names, dtype=object)[band_code]

    out = frame.drop(columns=[c for c in SCORE_COLUMNS if c in frame.columns])
    index = frame.index
    out["revops_score_demographic"] = pd.Series(totals["demographic"], index=index, dtype=np.int64)
    out["revops_score_firmographic"] = pd.Series(totals["firmographic"], index=index, dtype=np.int64)
    out["revops_score_behavioral"] = pd.Series(totals["behavioral"], index=index, dtype=np.int64)
    out["revops_score"] = pd.Series(total, index=index, dtype=np.int64)
    out["revops_band"] = pd.Series(bands, index=index, dtype=object)
    if explain:
        # "Score 66: +12 seniority = VP; ..." -- led by the total so it reads on its own, and so a
        # spreadsheet never takes a leading "+12" for a formula (the writer would have to guard it).
        joined = pd.Series(_join_pieces(pieces + cap_pieces, n), index=index, dtype=object)
        head = "Score " + pd.Series(total, index=index).astype(str)
        out["revops_score_reasons"] = (head + ": " + joined.fillna("")).where(joined.fillna("").ne(""),
                                                                            head + ": no rule matched")

    events_without_data: list[str] = []
    if activities is None:
        counted = {kind for canonical, kind in ENGAGEMENT_FIELDS.items() if fields.column(canonical) is not None}
        events_without_data = [kind for kind in scoring.behavioral.events if kind not in counted]
    not_measured: dict[str, NotMeasured] = {}
    behavioral_rules = [rule for rule, _ in scoring.behavioral.points.items()]
    if n and events_without_data and len(events_without_data) == len(scoring.behavioral.events) and all(
            rule in without_column for rule in behavioral_rules):
        not_measured["behavioral"] = NotMeasured(
            "no activities export, no engagement column and no column the behavioural rules read "
            "(lead source, last activity)", "--activities FILE")

    counts = np.bincount(band_code, minlength=len(band_names))
    bins = np.bincount(np.minimum(total // 10, 9), minlength=10) if n else np.zeros(10, dtype=np.int64)
    score_counts = np.bincount(total, minlength=101) if n else np.zeros(101, dtype=np.int64)
    mean, median = _mean_median(score_counts)
    return ScoreResult(
        frame=out,
        band_counts={name: int(counts[i]) for i, name in enumerate(band_names)},
        histogram=[(low, high, int(bins[i])) for i, (low, high) in enumerate(HISTOGRAM_BINS)],
        rows=n,
        mean=mean,
        median=median,
        rules_without_column=without_column,
        activities_linked=activities.linked if activities is not None else None,
        activities_unlinked=activities.unlinked if activities is not None else None,
        events_without_data=events_without_data,
        behavioral_all_zero=bool(n) and not totals["behavioral"].any(),
        not_measured=not_measured,
        score_counts=score_counts,
    )


def _mean_median(score_counts: np.ndarray) -> tuple[float | None, float | None]:
    """Mean (to 0.1) and median of the scores counted in ``score_counts`` (leads per score 0-100); from
    the counts, so a file scored a batch at a time gives the same figures as scored whole."""
    n = int(score_counts.sum())
    if not n:
        return None, None
    scores = np.arange(len(score_counts))
    mean = round(int((scores * score_counts).sum()) / n, 1)
    cumulative = np.cumsum(score_counts)
    low = int(np.searchsorted(cumulative, (n - 1) // 2 + 1))  # the scores at positions (n-1)//2 and n//2
    high = int(np.searchsorted(cumulative, n // 2 + 1))
    return mean, (low + high) / 2

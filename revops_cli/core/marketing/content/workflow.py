"""Content Creation SOP, 3. Content Review & Approval and 5. Content Promotion, from a review-workflow export and
a promotion log.

Decisions, so they can be checked:

* **Review stage time** is counted in business days: the working days (``business_hours.workdays`` minus the
  public holidays of ``business_hours.holiday_country``) after the start date up to and including the end date,
  so a stage started Monday and finished Thursday took 3; one started Friday and finished Tuesday took 2 (the
  weekend does not count). A stage within its ``content.review_stages`` days is on time; Legal finished on the
  3rd business day passes, on the 4th it is late. A stage with no end date is open; it is overdue when its
  business days so far (to ``now``) already exceed the limit. Dates are read in ``general.timezone``.
* A stage name is matched to an SOP stage by its aliases (case, spaces and punctuation ignored; an alias inside a
  longer name counts: "Legal / Compliance review" is Legal). A stage no alias matches is "stage not mapped",
  never silently on time.
* **Promotion timeline**: a log entry goes to the step whose keyword (``content.promotion_steps``) is the
  longest one found in its channel text ("Email newsletter" is Newsletter, not Email). A step is on time when
  its first entry is at most ``day`` calendar days after the publish date, late after that; with no entry it is
  missed once ``now`` is past publish date + ``day``, else not due yet. The log covers a period: items published
  before its first entry are not judged (the notes count them), so a log kept since July does not call every
  spring post's promotion missed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from revops_cli.columns import ColumnMapping
from revops_cli.config import RevopsConfig
from revops_cli.core.marketing.content.keys import link_rows, local_days, text_or_none
from revops_cli.core.metrics import NotMeasured, missing_column
from revops_cli.core.sales.business_time import WorkCalendar, working_days

REVIEW_COLUMNS = ["item", "title", "author", "stage", "stage_given", "reviewer", "started", "completed",
                  "business_days", "limit_days", "status"]
PROMOTION_COLUMNS = ["item", "title", "author", "step", "day", "due", "done", "days_after_publish", "status"]


def _key(text: object) -> str:
    folded = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()
    return " " + re.sub(r"[^a-z0-9]+", " ", folded).strip() + " "


def business_days_between(start: pd.Series, end: pd.Series, config: RevopsConfig) -> pd.Series:
    """Working days after ``start`` up to and including ``end`` (NaN where either is missing; negative when the
    end is before the start)."""
    out = pd.Series(np.nan, index=start.index, dtype=np.float64)
    ok = (start.notna() & end.notna()).to_numpy(dtype=bool)
    if not ok.any():
        return out
    a = start.to_numpy()[ok].astype("datetime64[D]")
    b = end.to_numpy()[ok].astype("datetime64[D]")
    first, last = min(a.min(), b.min()), max(a.max(), b.max())
    working = working_days(WorkCalendar.from_config(config), first.astype(object), last.astype(object))
    counts = np.searchsorted(working, b, side="right") - np.searchsorted(working, a, side="right")
    out[ok] = counts.astype(np.float64)
    return out


@dataclass
class ReviewFindings:
    frame: pd.DataFrame  # one row per review stage row
    link: str | None = None
    unmatched_rows: int = 0
    not_measured: dict[str, NotMeasured] = field(default_factory=dict)


def _stage_names(values: pd.Series, config: RevopsConfig) -> pd.Series:
    aliases = [(_key(a), stage.name) for stage in config.content.review_stages for a in (stage.name, *stage.aliases)]
    aliases.sort(key=lambda pair: -len(pair[0]))

    def one(value: object) -> str | None:
        if value is None:
            return None
        key = _key(value)
        return next((name for alias, name in aliases if alias in key), None)
    text = text_or_none(values)
    codes, uniques = pd.factorize(text, use_na_sentinel=True)
    table = np.array([one(u) for u in uniques] + [None], dtype=object)
    return pd.Series(table[np.where(codes < 0, len(uniques), codes)], index=values.index, dtype=object)


def review_times(inventory: pd.DataFrame, imap: ColumnMapping, labels: pd.Series, authors: pd.Series,
                 reviews: pd.DataFrame, rmap: ColumnMapping, config: RevopsConfig, today: pd.Timestamp,
                 zone: str) -> ReviewFindings:
    """One row per review-stage row: business days taken against the stage's limit (see the module docstring)."""
    out = ReviewFindings(frame=pd.DataFrame(columns=REVIEW_COLUMNS))
    if rmap.get("stage") is None:
        out.not_measured["review_time"] = missing_column("stage", "review stage")
        return out
    if rmap.get("started_at") is None:
        out.not_measured["review_time"] = missing_column("started_at", "review start date")
        return out
    positions, out.link = link_rows(inventory, imap, reviews, rmap)
    out.unmatched_rows = int((positions < 0).sum())
    limits = {stage.name: stage.days for stage in config.content.review_stages}
    stage = _stage_names(reviews[rmap.get("stage")], config)
    started = local_days(reviews[rmap.get("started_at")], zone)
    completed = (local_days(reviews[rmap.get("completed_at")], zone) if rmap.get("completed_at")
                 else pd.Series(pd.NaT, index=reviews.index, dtype="datetime64[ns]"))
    taken = business_days_between(started, completed, config)
    so_far = business_days_between(started, pd.Series(today, index=reviews.index), config)
    limit = stage.map(limits).astype(np.float64)
    status = np.select(
        [stage.isna(), started.isna(), completed.notna() & (taken <= limit), completed.notna(),
         so_far > limit],
        ["stage not mapped", "no start date", "on time", "late", "overdue (open)"], default="open")
    linked = positions >= 0
    label_values = labels.to_numpy(dtype=object)
    author_values = authors.to_numpy(dtype=object)
    given_label = text_or_none(reviews[rmap.get("title") or rmap.get("url") or rmap.get("content_id")]) \
        if (rmap.get("title") or rmap.get("url") or rmap.get("content_id")) else pd.Series(None, index=reviews.index)
    frame = pd.DataFrame({
        "item": np.where(linked, positions, -1),
        "title": np.where(linked, label_values[np.clip(positions, 0, None)] if len(label_values) else None,
                          given_label.to_numpy(dtype=object)),
        "author": np.where(linked, author_values[np.clip(positions, 0, None)] if len(author_values) else None, None),
        "stage": stage.to_numpy(dtype=object),
        "stage_given": text_or_none(reviews[rmap.get("stage")]).to_numpy(dtype=object),
        "reviewer": (text_or_none(reviews[rmap.get("reviewer")]).to_numpy(dtype=object) if rmap.get("reviewer")
                     else None),
        "started": started.dt.strftime("%Y-%m-%d").to_numpy(dtype=object),
        "completed": completed.dt.strftime("%Y-%m-%d").to_numpy(dtype=object),
        "business_days": pd.array(np.where(completed.notna(), taken, so_far), dtype="Float64").round().astype(
            "Int64"),
        "limit_days": pd.array(limit.to_numpy(), dtype="Float64").astype("Int64"),
        "status": status,
    }, columns=REVIEW_COLUMNS)
    out.frame = frame
    return out


@dataclass
class PromotionFindings:
    frame: pd.DataFrame  # one row per live item and promotion step
    link: str | None = None
    unmatched_rows: int = 0
    unknown_channels: dict[str, int] = field(default_factory=dict)
    not_measured: dict[str, NotMeasured] = field(default_factory=dict)
    log_start: pd.Timestamp | None = None
    before_log: int = 0


def _steps(values: pd.Series, config: RevopsConfig) -> pd.Series:
    words = [(_key(k), step.name) for step in config.content.promotion_steps for k in (step.name, *step.keywords)]
    words.sort(key=lambda pair: -len(pair[0]))

    def one(value: object) -> str | None:
        if value is None:
            return None
        key = _key(value)
        return next((name for word, name in words if word in key), None)
    text = text_or_none(values)
    codes, uniques = pd.factorize(text, use_na_sentinel=True)
    table = np.array([one(u) for u in uniques] + [None], dtype=object)
    return pd.Series(table[np.where(codes < 0, len(uniques), codes)], index=values.index, dtype=object)


def promotion_timeline(inventory: pd.DataFrame, imap: ColumnMapping, labels: pd.Series, authors: pd.Series,
                       published: pd.Series, live: pd.Series, log: pd.DataFrame, lmap: ColumnMapping,
                       config: RevopsConfig, today: pd.Timestamp, zone: str) -> PromotionFindings:
    """Per live item and promotion step: done on time, late, missed or not due yet."""
    out = PromotionFindings(frame=pd.DataFrame(columns=PROMOTION_COLUMNS))
    if lmap.get("channel") is None:
        out.not_measured["promotion"] = missing_column("channel", "promotion channel or step")
        return out
    if lmap.get("promoted_at") is None:
        out.not_measured["promotion"] = missing_column("promoted_at", "promotion date")
        return out
    positions, out.link = link_rows(inventory, imap, log, lmap)
    out.unmatched_rows = int((positions < 0).sum())
    step = _steps(log[lmap.get("channel")], config)
    unknown = text_or_none(log[lmap.get("channel")])[step.isna()].dropna()
    out.unknown_channels = {str(k): int(v) for k, v in unknown.value_counts().items()}
    done = pd.DataFrame({"item": positions, "step": step.to_numpy(dtype=object),
                         "done": local_days(log[lmap.get("promoted_at")], zone).to_numpy()})
    done = done[(done["item"] >= 0) & done["step"].notna() & done["done"].notna()]
    first = done.groupby(["item", "step"])["done"].min()
    judged = live.to_numpy(dtype=bool) & published.notna().to_numpy(dtype=bool)
    if len(done):
        out.log_start = pd.Timestamp(done["done"].min())
        before = judged & (published < out.log_start).to_numpy(dtype=bool)
        out.before_log = int(before.sum())
        judged &= ~before
    items = np.flatnonzero(judged)
    steps = config.content.promotion_steps
    grid = pd.DataFrame({"item": np.repeat(items, len(steps)),
                         "step": [s.name for s in steps] * len(items),
                         "day": [s.day for s in steps] * len(items)})
    publish = published.to_numpy()[grid["item"].to_numpy()] if len(grid) else np.array([], dtype="datetime64[ns]")
    grid["due"] = pd.to_datetime(publish) + pd.to_timedelta(grid["day"], unit="D")
    grid["done"] = pd.MultiIndex.from_frame(grid[["item", "step"]]).map(first.to_dict()) if len(grid) else []
    grid["done"] = pd.to_datetime(grid["done"])
    grid["days_after_publish"] = (grid["done"] - pd.to_datetime(publish)).dt.days
    grid["status"] = np.select(
        [grid["done"].notna() & (grid["done"] <= grid["due"]), grid["done"].notna(), grid["due"] < today],
        ["on time", "late", "missed"], default="not due yet")
    grid["title"] = labels.to_numpy(dtype=object)[grid["item"].to_numpy()] if len(grid) else []
    grid["author"] = authors.to_numpy(dtype=object)[grid["item"].to_numpy()] if len(grid) else []
    grid["due"] = grid["due"].dt.strftime("%Y-%m-%d")
    grid["done"] = grid["done"].dt.strftime("%Y-%m-%d")
    out.frame = grid[PROMOTION_COLUMNS]
    return out

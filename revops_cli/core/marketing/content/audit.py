"""`revops content audit`: the Content Creation SOP on a content inventory, its analytics, review workflow and
promotion log.

Every number comes from ``config.content`` (:class:`revops_cli.config.ContentConfig`). The checks, each with its
SOP default and the SOP's action when an item falls short:

==================  ==========================================  =============================================
check               passes when                                 action
==================  ==========================================  =============================================
page_views          views per month live >= 1,000               Promote more
time_on_page        average time on page >= 3 minutes           Improve quality
conversion          conversions / sessions (or views) >= 2 %    Optimize CTA
shares              shares >= 50                                Improve value
backlinks           backlinks (referring domains) >= 5          Outreach needed
blog_length         a blog's word count >= 1,500                Quality standard: expand to 1,500 words
sources             a written piece cites >= 3 sources          Quality standard: cite 3+ credible sources
review_time         each review stage within its business days  Stage ran late: follow up with the reviewer
refresh             updated within the last 3 months            Quarterly refresh
annual_audit        audited within the last 12 months           Annual audit
meta_description    a meta description is written               Write the meta description
utm                 promotion links carry utm_source/medium/    Set UTM parameters
                    campaign (or a UTM column says yes)
cta                 a CTA is present                            Add a CTA
promotion           each timeline step done by its day          Promote: <step>
==================  ==========================================  =============================================

Decisions, so they can be checked:

* Every boundary passes: exactly 1,000 views a month, 3.0 minutes, 2.0 %, 50 shares, 5 backlinks, 1,500 words and
  3 sources meet their target (the SOP states them as targets, not as "more than").
* **Live items** are those with a publish date on or before ``now`` and a status not in ``draft_statuses``
  (no status column: the publish date decides; no publish date either: live). Performance, refresh, audit and
  promotion checks apply to live items only; quality and pre-publish checks to every item.
* **Refresh** is overdue when the last update (else the publish date) is more than ``refresh_months`` before
  ``now``, due when it falls due within ``due_soon_days``; **annual audit** likewise from the last audit (else the
  last update, else the publish date) and ``audit_months``.
* **Not measured**: a check whose column (or file) is missing is in ``not_measured`` with the reason and the
  ``--map`` or option that fixes it; an item whose own value is blank or unreadable is not measured for that check
  (its ``<check>_ok`` is None). Neither counts as meeting or missing, and neither is ever read as 0.
* **Meets all performance targets** (``performance_ok``): every performance check measured for the file is
  measured for the item and met; None when one of them is not measured for the item. ``share_meeting_all`` is
  over the live items where it is not None; ``--fail-under`` compares it.
* The ``by_author`` and ``by_type`` breakdowns count, per author or content type: items, live items, items
  meeting all performance targets, the share of them, and the items with a quality, pre-publish, refresh/audit,
  review or promotion finding.

See :mod:`.performance` (the analytics figures) and :mod:`.workflow` (review stage time, promotion timeline).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from revops_cli.columns import ColumnMapping, detect_columns
from revops_cli.config import RevopsConfig
from revops_cli.core.marketing.content.keys import fold, item_counts, local_days, numbers, text_or_none
from revops_cli.core.marketing.content.performance import PERFORMANCE_CHECKS, page_performance
from revops_cli.core.marketing.content.workflow import (
    PROMOTION_COLUMNS,
    REVIEW_COLUMNS,
    promotion_timeline,
    review_times,
)
from revops_cli.core.metrics import NotMeasured, missing_column, not_measured_json, percent
from revops_cli.normalize.booleans import FALSE_WORDS

CHECKS: tuple[str, ...] = (*PERFORMANCE_CHECKS, "blog_length", "sources", "review_time", "refresh", "annual_audit",
                           "meta_description", "utm", "cta", "promotion")
QUALITY_ACTIONS = {
    "blog_length": "Quality standard: expand to {blog_min_words:,} words",
    "sources": "Quality standard: cite {min_sources}+ credible sources",
    "review_time": "Stage ran late: follow up with the reviewer",
    "refresh": "Quarterly refresh",
    "annual_audit": "Annual audit",
    "meta_description": "Write the meta description",
    "utm": "Set UTM parameters",
    "cta": "Add a CTA",
    "promotion": "Promote: the missed steps",
}


@dataclass
class ContentAuditResult:
    """What :func:`content_audit` returns: one row per item, the checks, the breakdowns and the workflow rows."""

    pages: pd.DataFrame
    checks: pd.DataFrame
    by_author: pd.DataFrame | None
    by_type: pd.DataFrame | None
    reviews: pd.DataFrame
    promotion: pd.DataFrame
    share_meeting_all: float | None
    not_measured: dict[str, NotMeasured] = field(default_factory=dict)
    sources: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def summary(self) -> dict:
        """Plain dict for ``--json``."""
        def records(frame: pd.DataFrame | None) -> list[dict] | None:
            if frame is None:
                return None
            return [{k: _plain(v) for k, v in row.items()} for row in frame.to_dict("records")]

        live = int(self.pages["live"].sum()) if len(self.pages) else 0
        return {
            "items": len(self.pages),
            "live": live,
            "share_meeting_all_performance_targets": self.share_meeting_all,
            "checks": records(self.checks),
            "by_author": records(self.by_author),
            "by_type": records(self.by_type),
            "reviews_late": records(self.reviews[self.reviews["status"].isin(["late", "overdue (open)"])]),
            "promotion_missed": records(self.promotion[self.promotion["status"].isin(["missed", "late"])]),
            "not_measured": not_measured_json(self.not_measured),
            "sources": self.sources,
            "notes": self.notes,
        }


def _plain(value: Any) -> Any:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return None if np.isnan(value) else round(float(value), 2)
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, (list, tuple, np.ndarray)):
        return [_plain(v) for v in value]
    return value


def _at_least(values: pd.Series, target: float) -> pd.Series:
    """True / False where measured, None where not (object dtype)."""
    return (values >= target).astype(object).where(values.notna(), None)


def _truthy(values: pd.Series) -> pd.Series:
    """A yes/no column: True, False, or None where blank; any other text counts as present (True)."""
    def one(value: Any) -> bool | None:
        if value is None:
            return None
        folded = str(value).strip().casefold()
        return not (folded in FALSE_WORDS or folded in ("none", "missing"))
    text = text_or_none(values).to_numpy(dtype=object)
    return pd.Series([one(v) for v in text], index=values.index, dtype=object)


def _has_utm(values: pd.Series, required: list[str]) -> pd.Series:
    def one(value: Any) -> bool | None:
        if value is None:
            return None
        links = [p for p in re.split(r"[\s;|,]+", str(value)) if p]
        return bool(links) and all(all(re.search(rf"[?&]{re.escape(k)}=[^&\s]+", link, re.IGNORECASE)
                                       for k in required) for link in links)
    text = text_or_none(values).to_numpy(dtype=object)
    return pd.Series([one(v) for v in text], index=values.index, dtype=object)


def _add_months(dates: pd.Series, months: int) -> pd.Series:
    return dates + pd.DateOffset(months=months)


def content_audit(
    inventory: pd.DataFrame,
    mapping: ColumnMapping,
    config: RevopsConfig,
    *,
    now: Any,
    analytics: pd.DataFrame | None = None,
    analytics_mapping: ColumnMapping | None = None,
    reviews: pd.DataFrame | None = None,
    review_mapping: ColumnMapping | None = None,
    promotion: pd.DataFrame | None = None,
    promotion_mapping: ColumnMapping | None = None,
    window: tuple[Any, Any] | None = None,
) -> ContentAuditResult:
    """Every Content Creation SOP check on one inventory (see the module docstring).

    ``now`` is the moment of the audit (naive: ``general.timezone``); ``window`` ([start, end), naive local dates)
    is the analytics period when the analytics export names none. Never reads files or the clock; the inputs are
    not changed.
    """
    settings = config.content
    zone = config.general.timezone
    stamp = pd.Timestamp(now)
    today = (stamp.tz_convert(zone).tz_localize(None) if stamp.tzinfo is not None else stamp).normalize()
    inv = inventory.reset_index(drop=True)
    n = len(inv)
    not_measured: dict[str, NotMeasured] = {}
    notes: list[str] = []
    sources: dict[str, Any] = {"inventory": {f: c for f, c in mapping.fields.items()}}

    def column(field_name: str) -> pd.Series | None:
        header = mapping.get(field_name)
        return None if header is None else inv[header]

    label_col = column("title") if column("title") is not None else column("url")
    labels = (text_or_none(label_col) if label_col is not None else pd.Series(None, index=inv.index, dtype=object))
    labels = labels.where(labels.notna(), pd.Series([f"row {i + 1}" for i in range(n)], index=inv.index))
    authors = text_or_none(column("author")) if column("author") is not None else pd.Series(None, index=inv.index,
                                                                                              dtype=object)
    types = text_or_none(column("content_type")) if column("content_type") is not None else pd.Series(
        None, index=inv.index, dtype=object)
    published = (local_days(column("published_at"), zone) if column("published_at") is not None
                 else pd.Series(pd.NaT, index=inv.index, dtype="datetime64[ns]"))
    status = fold(column("status")) if column("status") is not None else pd.Series(None, index=inv.index,
                                                                                    dtype=object)
    drafts = {fold(pd.Series([s])).iloc[0] for s in settings.draft_statuses}
    live = ~status.isin(drafts - {None}) & (published.isna() | (published <= today))

    pages = pd.DataFrame({"item": labels, "url": text_or_none(column("url")) if column("url") is not None else None,
                          "type": types, "author": authors,
                          "published": published.dt.strftime("%Y-%m-%d"), "live": live.to_numpy(dtype=bool)})

    # -- performance ---------------------------------------------------------------------------------
    given_window = None
    if window is not None:
        given_window = (pd.Timestamp(window[0]).normalize(), pd.Timestamp(window[1]).normalize())
    if analytics is None:
        own = detect_columns([c for c in inv.columns if c not in set(mapping.fields.values())],
                             schema="page_analytics")
        if any(own.get(f) for f in ("page_views", "time_on_page", "conversions", "conversion_rate", "shares",
                                    "backlinks")):
            analytics, analytics_mapping = inv, own
            notes.append("no analytics export: the inventory's own " + ", ".join(
                own.get(f) for f in ("page_views", "time_on_page", "conversions", "conversion_rate", "shares",
                                     "backlinks") if own.get(f)) + " column(s) are read as its analytics")
    perf = page_performance(inv, mapping, analytics, analytics_mapping, published, live, zone, given_window)
    not_measured.update(perf.not_measured)
    notes += perf.notes
    sources["analytics_link"] = perf.link
    sources["analytics_window"] = (None if perf.window is None else
                                   [perf.window[0].strftime("%Y-%m-%d"),
                                    (perf.window[1] - pd.Timedelta(days=1)).strftime("%Y-%m-%d")])
    sources["analytics_window_from"] = perf.window_source
    fig = perf.figures
    pages["page_views"] = fig["page_views"]
    pages["months_live"] = fig["months_live"].round(2)
    pages["page_views_per_month"] = fig["page_views_per_month"].round(1)
    pages["time_on_page_minutes"] = fig["time_on_page_minutes"].round(2)
    pages["conversion_rate"] = fig["conversion_rate"].round(2)
    pages["shares"] = fig["shares"]
    pages["backlinks"] = fig["backlinks"]
    targets = {"page_views": ("page_views_per_month", settings.page_views),
               "time_on_page": ("time_on_page_minutes", settings.time_on_page_minutes),
               "conversion": ("conversion_rate", settings.conversion),
               "shares": ("shares", settings.shares), "backlinks": ("backlinks", settings.backlinks)}
    for check, (figure, target) in targets.items():
        unrounded = fig[figure if figure != "page_views_per_month" else "page_views_per_month"]
        ok = _at_least(unrounded, target) if check not in not_measured else pd.Series(None, index=inv.index,
                                                                                       dtype=object)
        pages[f"{check}_ok"] = ok.where(live, None)
    measured_checks = [c for c in PERFORMANCE_CHECKS if c not in not_measured]
    if measured_checks:
        oks = pages[[f"{c}_ok" for c in measured_checks]]
        all_known = oks.notna().all(axis=1)
        all_met = oks.eq(True).all(axis=1)
        pages["performance_ok"] = all_met.astype(object).where(all_known & live, None)
    else:
        pages["performance_ok"] = None
    rated = pages["performance_ok"].dropna()
    share = percent(int(rated.eq(True).sum()), len(rated)) if len(rated) else None

    # -- quality standards ---------------------------------------------------------------------------
    type_keys = fold(types) if column("content_type") is not None else pd.Series(None, index=inv.index,
                                                                                  dtype=object)
    blog_keys = {fold(pd.Series([t])).iloc[0] for t in settings.blog_types}
    written_keys = {fold(pd.Series([t])).iloc[0] for t in settings.source_types}
    is_blog = type_keys.isin(blog_keys) if column("content_type") is not None else pd.Series(True, index=inv.index)
    is_written = (type_keys.isin(written_keys) if column("content_type") is not None
                  else pd.Series(True, index=inv.index))
    if column("content_type") is None:
        notes.append("no content type column: every item is held to the blog length and sources standards")
    words = numbers(column("word_count")) if column("word_count") is not None else None
    pages["word_count"] = None if words is None else pd.array(words.round(), dtype="Float64").astype("Int64")
    if words is None:
        not_measured["blog_length"] = missing_column("word_count", "word count")
        pages["blog_length_ok"] = None
    else:
        pages["blog_length_ok"] = _at_least(words, settings.blog_min_words).where(is_blog, None)
    cited = item_counts(column("sources")) if column("sources") is not None else None
    pages["sources"] = cited
    if cited is None:
        not_measured["sources"] = missing_column("sources", "sources or citations")
        pages["sources_ok"] = None
    else:
        pages["sources_ok"] = _at_least(cited, settings.min_sources).where(is_written, None)

    # -- pre-publish ------------------------------------------------------------------------------------
    wanted = set(settings.pre_publish)
    if "meta_description" in wanted:
        if column("meta_description") is None:
            not_measured["meta_description"] = missing_column("meta_description", "meta description")
            pages["meta_description_ok"] = None
        else:
            pages["meta_description_ok"] = text_or_none(column("meta_description")).notna().astype(object)
    if "utm" in wanted:
        if column("promotion_links") is not None:
            pages["utm_ok"] = _has_utm(column("promotion_links"), settings.utm_required)
            if column("utm_set") is not None:
                pages["utm_ok"] = pages["utm_ok"].where(pages["utm_ok"].notna(), _truthy(column("utm_set")))
            pages["utm_ok"] = pages["utm_ok"].where(pages["utm_ok"].notna(), False)  # no link: no UTM set
        elif column("utm_set") is not None:
            pages["utm_ok"] = _truthy(column("utm_set"))
        else:
            not_measured["utm"] = missing_column("promotion_links", "promotion link or UTM")
            pages["utm_ok"] = None
    if "cta" in wanted:
        if column("cta") is None:
            not_measured["cta"] = missing_column("cta", "CTA")
            pages["cta_ok"] = None
        else:
            present = _truthy(column("cta"))
            pages["cta_ok"] = present.where(present.notna(), False)  # a blank CTA cell is a missing CTA
    for item in ("meta_description", "utm", "cta"):
        if item not in wanted:
            pages[f"{item}_ok"] = None
    if "meta_description_ok" in pages and column("meta_description") is not None:
        pages["meta_description_ok"] = pages["meta_description_ok"].astype(object)

    # -- refresh and annual audit ------------------------------------------------------------------------
    updated = local_days(column("updated_at"), zone) if column("updated_at") is not None else None
    audited = local_days(column("audited_at"), zone) if column("audited_at") is not None else None
    refresh_base = updated.fillna(published) if updated is not None else published
    audit_base = audited if audited is not None else pd.Series(pd.NaT, index=inv.index, dtype="datetime64[ns]")
    audit_base = audit_base.fillna(refresh_base)
    soon = today + pd.Timedelta(days=settings.due_soon_days)
    for check, base, months in (("refresh", refresh_base, settings.refresh_months),
                                ("annual_audit", audit_base, settings.audit_months)):
        due = _add_months(base, months)
        state = pd.Series(np.select([due.isna(), due < today, due <= soon], [None, "overdue", "due"], default="ok"),
                          index=inv.index, dtype=object)
        state = state.where(due.notna(), None).where(live, None)
        pages[f"{check}_due"] = due.dt.strftime("%Y-%m-%d")
        pages[f"{check}_status"] = state
        pages[f"{check}_ok"] = state.map(lambda s: None if s is None else s != "overdue").astype(object)
        if column("published_at") is None and (check == "refresh" and updated is None
                                               or check == "annual_audit" and updated is None and audited is None):
            not_measured[check] = missing_column("updated_at" if check == "refresh" else "audited_at",
                                                 "last updated" if check == "refresh" else "last audit")

    # -- review workflow and promotion ---------------------------------------------------------------
    review_frame = pd.DataFrame(columns=REVIEW_COLUMNS)
    if reviews is None or review_mapping is None:
        not_measured["review_time"] = NotMeasured("no review-workflow export", "--workflow FILE")
    else:
        found = review_times(inv, mapping, labels, authors, reviews, review_mapping, config, today, zone)
        not_measured.update(found.not_measured)
        review_frame = found.frame
        sources["workflow_link"] = found.link
        if found.unmatched_rows:
            notes.append(f"{found.unmatched_rows:,} review row(s) name no item of the inventory")
    late_reviews = review_frame[review_frame["status"].isin(["late", "overdue (open)"]) & (review_frame["item"] >= 0)]
    review_text = late_reviews.assign(text=[
        f"{s} {int(d)} business days (limit {int(lim)})" + (f", {r}" if r else "")
        for s, d, lim, r in zip(late_reviews["stage"], late_reviews["business_days"], late_reviews["limit_days"],
                                late_reviews["reviewer"])]).groupby("item")["text"].agg(list)
    pages["reviews_late"] = [review_text.get(i, []) for i in range(n)]
    if "review_time" not in not_measured:
        reviewed = set(review_frame.loc[review_frame["item"] >= 0, "item"])
        pages["review_time_ok"] = pd.Series([None if i not in reviewed else not bool(review_text.get(i))
                                             for i in range(n)], dtype=object)
    else:
        pages["review_time_ok"] = None

    promotion_frame = pd.DataFrame(columns=PROMOTION_COLUMNS)
    if promotion is None or promotion_mapping is None:
        not_measured["promotion"] = NotMeasured("no promotion log", "--promotion FILE")
    else:
        found_p = promotion_timeline(inv, mapping, labels, authors, published, live, promotion, promotion_mapping,
                                     config, today, zone)
        not_measured.update(found_p.not_measured)
        promotion_frame = found_p.frame
        sources["promotion_link"] = found_p.link
        if found_p.before_log:
            notes.append(f"{found_p.before_log} live item(s) published before the promotion log's first entry "
                         f"({found_p.log_start:%Y-%m-%d}) are not judged on the promotion timeline")
        if found_p.unknown_channels:
            notes.append("promotion log entries that match no step: " + ", ".join(
                f"{k} ({v})" for k, v in sorted(found_p.unknown_channels.items())))
        if column("published_at") is None:
            not_measured["promotion"] = missing_column("published_at", "publish date")
    missed = promotion_frame[promotion_frame["status"].isin(["missed", "late"])]
    missed_text = missed.assign(text=[f"{s} ({st})" for s, st in zip(missed["step"], missed["status"])]
                                ).groupby("item")["text"].agg(list)
    pages["promotion_missed"] = [missed_text.get(i, []) for i in range(n)]
    if "promotion" not in not_measured:
        checked = set(promotion_frame.loc[promotion_frame["status"] != "not due yet", "item"])
        pages["promotion_ok"] = pd.Series([None if i not in checked else not bool(missed_text.get(i))
                                           for i in range(n)], dtype=object)
    else:
        pages["promotion_ok"] = None

    for check in CHECKS:
        if check in not_measured:
            pages[f"{check}_ok"] = None
    pages["actions"] = _actions(pages, config)
    checks = _check_table(pages, config, not_measured, live)
    return ContentAuditResult(
        pages=pages, checks=checks,
        by_author=_breakdown(pages, "author") if column("author") is not None else None,
        by_type=_breakdown(pages, "type") if column("content_type") is not None else None,
        reviews=review_frame, promotion=promotion_frame, share_meeting_all=share,
        not_measured={c: not_measured[c] for c in CHECKS if c in not_measured}, sources=sources, notes=notes,
    )


def _action_text(check: str, config: RevopsConfig) -> str:
    settings = config.content
    if check in PERFORMANCE_CHECKS:
        return settings.actions.get(check, check)
    return QUALITY_ACTIONS[check].format(blog_min_words=settings.blog_min_words, min_sources=settings.min_sources)


def _actions(pages: pd.DataFrame, config: RevopsConfig) -> list[list[str]]:
    """Each item's SOP actions, in the order of :data:`CHECKS`."""
    texts = {c: _action_text(c, config) for c in CHECKS}
    failed = {c: pages[f"{c}_ok"].eq(False).to_numpy(dtype=bool) for c in CHECKS}
    out = []
    for i in range(len(pages)):
        actions = []
        for check in CHECKS:
            if failed[check][i]:
                if check == "promotion":
                    actions += [f"Promote: {m}" for m in pages["promotion_missed"].iloc[i]]
                else:
                    actions.append(texts[check])
        out.append(actions)
    return out


_TARGETS = {
    "page_views": lambda s: f">= {s.page_views:,} views/month",
    "time_on_page": lambda s: f">= {s.time_on_page_minutes:g} minutes",
    "conversion": lambda s: f">= {s.conversion:g}%",
    "shares": lambda s: f">= {s.shares:,}",
    "backlinks": lambda s: f">= {s.backlinks:,}",
    "blog_length": lambda s: f">= {s.blog_min_words:,} words (blog)",
    "sources": lambda s: f">= {s.min_sources} sources",
    "review_time": lambda s: ", ".join(f"{st.name} {st.days}d" for st in s.review_stages) + " (business days)",
    "refresh": lambda s: f"every {s.refresh_months} months",
    "annual_audit": lambda s: f"every {s.audit_months} months",
    "meta_description": lambda s: "written",
    "utm": lambda s: "set (" + ", ".join(s.utm_required) + ")",
    "cta": lambda s: "present",
    "promotion": lambda s: ", ".join(f"day {st.day} {st.name}" for st in s.promotion_steps),
}


def _check_table(pages: pd.DataFrame, config: RevopsConfig, not_measured: dict[str, NotMeasured],
                 live: pd.Series) -> pd.DataFrame:
    rows = []
    for check in CHECKS:
        ok = pages.get(f"{check}_ok")
        if check in not_measured or ok is None:
            rows.append({"check": check, "target": _TARGETS[check](config.content), "checked": 0, "meeting": None,
                         "missing": None, "not_measured": str(not_measured.get(check, NotMeasured("not checked"))),
                         "action": _action_text(check, config)})
            continue
        scope = live if check in (*PERFORMANCE_CHECKS, "refresh", "annual_audit", "promotion") else pd.Series(
            True, index=pages.index)
        values = ok[scope.to_numpy(dtype=bool)]
        unknown = int(values.isna().sum())
        rows.append({"check": check, "target": _TARGETS[check](config.content), "checked": int(values.notna().sum()),
                     "meeting": int(values.eq(True).sum()), "missing": int(values.eq(False).sum()),
                     "not_measured": f"{unknown} item(s)" if unknown else None,
                     "action": _action_text(check, config)})
    frame = pd.DataFrame(rows, columns=["check", "target", "checked", "meeting", "missing", "not_measured", "action"])
    for column in ("checked", "meeting", "missing"):
        frame[column] = pd.array(frame[column].astype(object).where(frame[column].notna(), None), dtype="Int64")
    return frame


def _breakdown(pages: pd.DataFrame, by: str) -> pd.DataFrame:
    key = pages[by].where(pages[by].notna(), "(blank)")
    quality = pages[["blog_length_ok", "sources_ok"]].eq(False).any(axis=1)
    prepublish = pages[["meta_description_ok", "utm_ok", "cta_ok"]].eq(False).any(axis=1)
    upkeep = pages[["refresh_ok", "annual_audit_ok"]].eq(False).any(axis=1)
    frame = pd.DataFrame({
        by: key, "items": 1, "live": pages["live"].astype(int),
        "rated": pages["performance_ok"].notna().astype(int),
        "meeting_all": pages["performance_ok"].eq(True).astype(int),
        "quality_findings": quality.astype(int), "pre_publish_findings": prepublish.astype(int),
        "refresh_or_audit_overdue": upkeep.astype(int),
        "reviews_late": pages["reviews_late"].map(len), "promotion_missed": pages["promotion_missed"].map(len),
    })
    grouped = frame.groupby(by, sort=True).sum().reset_index()
    grouped.insert(5, "share_meeting_all", [percent(m, r) for m, r in zip(grouped["meeting_all"], grouped["rated"])])
    return grouped

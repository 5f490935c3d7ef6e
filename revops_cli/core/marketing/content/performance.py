"""Content Creation SOP, 6. Content Optimization: page views, time on page, conversion, shares and backlinks
per page from an analytics export.

Decisions, so they can be checked:

* An analytics export has one row per page, or per page and period (month, week, day), or per view (a hit log:
  a hit time and no page-views column; each row is one view and time on page is left - hit). Its rows are
  linked to inventory items by :func:`~revops_cli.core.marketing.content.keys.link_rows`; rows that link to no
  item are counted (``unmatched_rows``), never added to another page.
* **Page views per month** = the page's views in the window / the months it was live in the window
  (:func:`~revops_cli.core.marketing.content.keys.months_live`). The window is the analytics export's own
  periods (first to last month, week or day it names), else ``window`` (``--from``/``--to``); without either the
  per-month figure is not measured.
* **Time on page** is the page-view-weighted mean of the rows' average time (never a plain mean of averages).
* **Conversion** = conversions / sessions (or entrances/users), else / page views; a conversion-rate column
  (``0.023``, ``2.3%``) is read where there are no conversion counts, weighted the same way.
* **Shares** are summed over the window; **backlinks** (referring domains) are a running count, so the page's
  largest value is taken, not the sum.
* A page that is live but has no analytics row is not measured (``no analytics row``), never 0 views.
* Without an analytics export, an inventory that carries the figures itself (a CMS export with hits, views or
  shares per page: Mautic's ``hits``) is read as its own analytics, row by row.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from revops_cli.columns import ColumnMapping
from revops_cli.core.marketing.campaigns.common import parse_rates
from revops_cli.core.marketing.campaigns.report import period_labels
from revops_cli.core.marketing.content.keys import (
    duration_minutes,
    link_rows,
    local_instants,
    months_live,
    numbers,
)
from revops_cli.core.metrics import NotMeasured, missing_column

PERFORMANCE_CHECKS: tuple[str, ...] = ("page_views", "time_on_page", "conversion", "shares", "backlinks")


@dataclass
class PagePerformance:
    """Per inventory item: the five figures (NaN where not measured) and how they were read."""

    figures: pd.DataFrame  # index = inventory position
    window: tuple[pd.Timestamp, pd.Timestamp] | None = None
    window_source: str | None = None
    link: str | None = None
    rows: int = 0
    unmatched_rows: int = 0
    not_measured: dict[str, NotMeasured] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def _window(analytics: pd.DataFrame, amap: ColumnMapping, given: tuple | None,
            zone: str) -> tuple[tuple[pd.Timestamp, pd.Timestamp] | None, str | None]:
    period = amap.get("period")
    if period is not None:
        labels, grain = period_labels(analytics[period], period, None, zone)
        known = sorted({label for label in labels if label is not None})
        if known:
            first, last = known[0], known[-1]
            if grain == "month":
                start, end = pd.Timestamp(first + "-01"), pd.Timestamp(last + "-01") + pd.offsets.MonthBegin(1)
            elif grain == "week":
                start = pd.Timestamp.fromisocalendar(int(first[:4]), int(first[6:]), 1)
                end = pd.Timestamp.fromisocalendar(int(last[:4]), int(last[6:]), 1) + pd.Timedelta(days=7)
            else:
                start, end = pd.Timestamp(first), pd.Timestamp(last) + pd.Timedelta(days=1)
            return (start, end), f"{period!r} ({first} to {last})"
    if given is not None:
        return given, "--from/--to"
    hit = amap.get("hit_at")
    if hit is not None:
        times = local_instants(analytics[hit], zone).dropna()
        if len(times):
            return (times.min().normalize(), times.max().normalize() + pd.Timedelta(days=1)), f"{hit!r} (hit log)"
    return None, None


def page_performance(inventory: pd.DataFrame, imap: ColumnMapping, analytics: pd.DataFrame | None,
                     amap: ColumnMapping | None, published: pd.Series, live: pd.Series, zone: str,
                     window: tuple[pd.Timestamp, pd.Timestamp] | None = None) -> PagePerformance:
    """The five performance figures per inventory item (see the module docstring)."""
    n = len(inventory)
    figures = pd.DataFrame(index=pd.RangeIndex(n), dtype=np.float64,
                           columns=["page_views", "months_live", "page_views_per_month", "time_on_page_minutes",
                                    "conversion_rate", "shares", "backlinks"])
    figures["analytics_rows"] = 0
    result = PagePerformance(figures=figures)
    if analytics is None or amap is None:
        for check in PERFORMANCE_CHECKS:
            result.not_measured[check] = NotMeasured("no analytics export", "--analytics FILE")
        return result
    if analytics is inventory:
        positions, result.link = np.arange(n, dtype=np.int64), "the inventory's own columns"
    else:
        positions, result.link = link_rows(inventory, imap, analytics, amap)
    result.rows = len(analytics)
    result.unmatched_rows = int((positions < 0).sum())
    if result.link is None:
        for check in PERFORMANCE_CHECKS:
            result.not_measured[check] = NotMeasured("no column links the analytics rows to the inventory (content "
                                                     "id, URL or title)", "--map url=HEADER")
        return result
    hits = amap.get("hit_at") is not None and amap.get("page_views") is None
    views = pd.Series(1.0, index=analytics.index) if hits else (
        numbers(analytics[amap.get("page_views")]) if amap.get("page_views") else None)
    frame = pd.DataFrame({"pos": positions}, index=analytics.index)
    frame = frame[frame["pos"] >= 0]
    keep = frame.index
    group = frame["pos"]
    figures.loc[:, "analytics_rows"] = group.value_counts().reindex(figures.index, fill_value=0).to_numpy()
    has_row = figures["analytics_rows"] > 0

    def total(values: pd.Series, how: str = "sum") -> pd.Series:
        grouped = values.loc[keep].groupby(group)
        out = grouped.sum(min_count=1) if how == "sum" else grouped.max()
        return out.reindex(figures.index)

    if views is None:
        result.not_measured["page_views"] = missing_column("page_views", "page views")
    else:
        figures["page_views"] = total(views)
        result.window, result.window_source = _window(analytics, amap, window, zone)
        if result.window is None:
            result.not_measured["page_views"] = NotMeasured(
                "no analytics window: the analytics export has no month or date column", "--from DATE --to DATE")
        else:
            months = months_live(published, *result.window)
            figures["months_live"] = months.where(live, np.nan)
            per_month = figures["page_views"].fillna(0).where(has_row) / months.where(months > 0)
            figures["page_views_per_month"] = per_month.where(live)
    weight = views if views is not None else pd.Series(1.0, index=analytics.index)
    if amap.get("time_on_page") is not None:
        minutes = duration_minutes(analytics[amap.get("time_on_page")], amap.get("time_on_page"))
        w = weight.where(minutes.notna())
        figures["time_on_page_minutes"] = total(minutes * w) / total(w).where(lambda s: s > 0)
    elif hits and amap.get("left_at") is not None:
        spent = (local_instants(analytics[amap.get("left_at")], zone)
                 - local_instants(analytics[amap.get("hit_at")], zone)).dt.total_seconds() / 60.0
        spent = spent.where(spent >= 0)
        figures["time_on_page_minutes"] = total(spent) / total(spent.notna().astype(float)).where(lambda s: s > 0)
    else:
        result.not_measured["time_on_page"] = missing_column("time_on_page", "time on page")
    denominator_col = amap.get("sessions")
    denominator = numbers(analytics[denominator_col]) if denominator_col else views
    if amap.get("conversions") is not None and denominator is not None:
        conversions = numbers(analytics[amap.get("conversions")])
        figures["conversion_rate"] = total(conversions) * 100.0 / total(denominator.where(conversions.notna())
                                                                           ).where(lambda s: s > 0)
    elif amap.get("conversion_rate") is not None:
        rates, note = parse_rates(analytics[amap.get("conversion_rate")])
        if note:
            result.notes.append(f"{amap.get('conversion_rate')!r}: {note}")
        w = (denominator if denominator is not None else pd.Series(1.0, index=analytics.index)).where(rates.notna())
        figures["conversion_rate"] = total(rates * w) / total(w).where(lambda s: s > 0)
    else:
        result.not_measured["conversion"] = missing_column("conversions", "conversions or conversion rate")
    if amap.get("shares") is not None:
        figures["shares"] = total(numbers(analytics[amap.get("shares")]))
    else:
        result.not_measured["shares"] = missing_column("shares")
    if amap.get("backlinks") is not None:
        figures["backlinks"] = total(numbers(analytics[amap.get("backlinks")]), "max")
    else:
        result.not_measured["backlinks"] = missing_column("backlinks", "backlinks or referring domains")
    if result.unmatched_rows:
        result.notes.append(f"{result.unmatched_rows:,} of {len(analytics):,} analytics rows name no item of the "
                            "inventory")
    return result

"""Campaign Execution SOP on ad and email platform reports: rows rolled up to the campaign (and period).

Google Ads, Meta Ads Manager, LinkedIn Campaign Manager, Mailchimp and HubSpot email reports have one row per
campaign and day/week/month, device, network, ad group, ad or keyword. The SOP's optimisation triggers and ROI are
about the campaign, so :func:`campaign_report` rolls those rows up first; ``by`` (day, week, month) rolls them up
per campaign and period too, so a trigger can name the periods that crossed a threshold.

Decisions, so they can be checked:

* **A report** is a file with a report dimension (``period``, ``device``, ``network``, ``ad_group``,
  ``ad_creative``, ``keyword``: :data:`DIMENSIONS`) beside a campaign key that repeats. The key is the campaign
  name, else the campaign id, else the platform, else the ad/creative (the finest thing the file names); the
  notes say which.
* **Counts and money are summed** per campaign: :data:`COUNT_FIELDS` as numbers, :data:`MONEY_FIELDS` (cost, cost
  components, revenue/conversion value) as exact decimals. A campaign whose cells are all blank stays blank, not 0.
* **Rates are never averaged.** A rate column (CTR, open rate, conversion rate...) beside its denominator becomes
  a count first (rate x denominator, row by row), the counts are summed and the audit computes the rate again from
  the sums. A rate without its denominator is kept for a campaign of one row only; for a campaign of several rows
  that rate is not measured (``not_measured``), since no weighting can be known.
* **Rates as printed**: a cell with ``%`` is a percentage (``23%``, ``23 %``); a column whose bare numbers are all
  <= 1 holds fractions (``0.23`` = 23%), and one bare number above 1 makes the whole column percentages
  (:func:`~revops_cli.core.marketing.campaigns.common.parse_rates`). The notes say which was assumed.
* **Denominators**: an email report (sends or deliveries) uses the email ones of
  :mod:`~revops_cli.core.marketing.campaigns.audit`; an ad report (impressions, no sends) reads click rate as
  clicks / impressions (CTR) and conversion rate as conversions / clicks, as the ad platforms define them.
* **Total rows** a platform writes under its report (``Total: Account``, ``Total: Search campaigns``,
  ``Totals``) are not campaigns: a row whose key starts with "Total" is left out of the roll-up, and the notes
  count them (summing them in would double every figure).
* **Budget** is the campaign's when every row of the campaign carries the same value; different values (a daily
  budget in each row) are no campaign budget: blank, with a note. Other text (type, status, approver, UTM,
  subject) keeps the campaign's first non-blank value.
* **Periods**: ``YYYY-MM``, ``January 2026``/``Jan 2026`` and a header saying Month are months; ``YYYY-Www`` and a
  header saying Week are weeks; any other date is a day (read with the timestamp normaliser, ``general.timezone``
  wall clock). ``by`` may not be finer than the file (a monthly report has no days): that is an input error.
  Labels: ``2026-01-05`` (day), ``2026-W02`` (ISO week), ``2026-01`` (month).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from revops_cli.columns import ColumnMapping
from revops_cli.core.marketing.campaigns.common import _ZERO, _parse_count, parse_rates
from revops_cli.core.metrics import NotMeasured
from revops_cli.errors import RevopsInputError
from revops_cli.normalize.money import parse_money
from revops_cli.normalize.timestamps import normalize_timestamp_column

DIMENSIONS: tuple[str, ...] = ("period", "device", "network", "ad_group", "ad_creative", "keyword")
COUNT_FIELDS: tuple[str, ...] = ("sent", "delivered", "impressions", "opens", "clicks", "conversions", "bounces",
                                 "unsubscribes", "leads", "contacts")
MONEY_FIELDS: tuple[str, ...] = ("actual_cost", "media_cost", "creative_cost", "tools_cost", "labor_cost", "revenue")
RATE_FIELDS: tuple[str, ...] = ("open_rate", "click_rate", "conversion_rate", "bounce_rate", "unsubscribe_rate")
KEY_FIELDS: tuple[str, ...] = ("name", "campaign_id", "platform", "ad_creative")
PERIODS: tuple[str, ...] = ("day", "week", "month")
_GRAIN_RANK = {"day": 0, "week": 1, "month": 2}
_RATE_COUNT = {"open_rate": "opens", "click_rate": "clicks", "conversion_rate": "conversions",
               "bounce_rate": "bounces", "unsubscribe_rate": "unsubscribes"}
_MONTH_TEXT = re.compile(r"^\s*(\d{4})[-/.](\d{1,2})\s*$")
_WEEK_TEXT = re.compile(r"^\s*(\d{4})-?W(\d{1,2})\s*$", re.IGNORECASE)
_TOTAL_ROW = r"(?i)^totals?\b"
_MONTH_FORMATS = ("%B %Y", "%b %Y", "%b-%y", "%B-%y", "%b %y")


@dataclass
class CampaignReport:
    """What :func:`campaign_report` returns: the frame the audit and ROI read, and what was done to get it."""

    frame: pd.DataFrame  #: one row per campaign (and period with ``by``); the input itself when not rolled up
    mapping: ColumnMapping  #: the mapping of ``frame``
    rolled_up: bool = False
    key: str | None = None  #: canonical field the rows were grouped by
    dimensions: list[str] = field(default_factory=list)  #: the input's dimension headers
    rows_in: int = 0
    by: str | None = None
    grain: str | None = None  #: the file's own period (day, week, month)
    notes: list[str] = field(default_factory=list)
    not_measured: dict[str, NotMeasured] = field(default_factory=dict)

    def summary(self) -> dict:
        return {"rolled_up": self.rolled_up, "rows_in": self.rows_in, "rows_out": len(self.frame),
                "key": self.key, "dimensions": self.dimensions, "by": self.by, "grain": self.grain,
                "notes": self.notes}


def _key_field(mapping: ColumnMapping) -> str | None:
    return next((f for f in KEY_FIELDS if mapping.get(f) is not None), None)


def _blank(values: pd.Series) -> pd.Series:
    text = values.astype("str").str.strip()
    return text.isna() | text.eq("")


def period_labels(values: pd.Series, header: str, by: str | None, zone: str) -> tuple[pd.Series, str]:
    """Each cell's period label at ``by`` (default: the file's own grain), and the file's grain.

    Raises :class:`RevopsInputError` when ``by`` is finer than the file."""
    codes, uniques = pd.factorize(values.astype("str").str.strip(), use_na_sentinel=True)
    distinct = pd.Series(uniques, dtype=object)
    words = set(re.findall(r"[a-z]+", header.lower()))
    starts = pd.Series(pd.NaT, index=distinct.index, dtype="datetime64[ns]")
    grain = "month" if "month" in words else "week" if "week" in words else "day"
    month = distinct.str.extract(_MONTH_TEXT)
    is_month = month[0].notna() & month[1].astype(float).between(1, 12)
    if is_month.any():
        starts[is_month] = pd.to_datetime(month[0][is_month] + "-" + month[1][is_month].str.zfill(2) + "-01")
        grain = "month"
    week = distinct.str.extract(_WEEK_TEXT)
    is_week = week[0].notna() & ~is_month
    if is_week.any():
        starts[is_week] = pd.to_datetime(week[0][is_week] + "-W" + week[1][is_week].str.zfill(2) + "-1",
                                         format="%G-W%V-%u", errors="coerce")
        grain = "week"
    rest = starts.isna()
    for fmt in _MONTH_FORMATS:
        if not rest.any():
            break
        named = pd.to_datetime(distinct[rest], format=fmt, errors="coerce")
        if named.notna().any():
            starts[named.dropna().index] = named.dropna()
            grain = "month"
        rest = starts.isna()
    if rest.any():
        parsed = normalize_timestamp_column(pd.Series(distinct[rest].to_numpy(), dtype="str"), timezone=zone)
        local = parsed["revops_parsed"].dt.tz_convert(zone).dt.tz_localize(None).dt.normalize()
        starts[rest] = local.to_numpy()
    if by is not None and _GRAIN_RANK[by] < _GRAIN_RANK[grain]:
        raise RevopsInputError(f"--by {by}: the report has one row per {grain} ({header!r}); "
                               f"use --by {grain}" + (" or --by month" if grain == "week" else "") + ".")
    target = by or grain
    if target == "month":
        labels = starts.dt.strftime("%Y-%m")
    elif target == "week":
        iso = starts.dt.isocalendar()
        labels = pd.Series([None if pd.isna(y) else f"{int(y):04d}-W{int(w):02d}"
                            for y, w in zip(iso["year"], iso["week"])], index=starts.index, dtype=object)
    else:
        labels = starts.dt.strftime("%Y-%m-%d")
    table = np.array([*labels.where(starts.notna(), None).to_numpy(dtype=object), None], dtype=object)
    return pd.Series(table[np.where(codes < 0, len(uniques), codes)], index=values.index, dtype=object), grain


def _money_sum(values: pd.Series, groups: list[pd.Series]) -> pd.Series:
    """Exact Decimal sum per group; None where every cell of the group is blank."""
    parsed = parse_money(values)
    frame = pd.DataFrame({**{f"k{i}": g for i, g in enumerate(groups)}, "v": parsed})
    keys = [f"k{i}" for i in range(len(groups))]
    return frame.groupby(keys, sort=False, dropna=False)["v"].agg(
        lambda s: sum(s.dropna(), _ZERO) if s.notna().any() else None)


def campaign_report(campaigns: pd.DataFrame, mapping: ColumnMapping, *, by: str | None = None,
                    zone: str = "UTC") -> CampaignReport:
    """Roll a report-shaped campaign export up to one row per campaign (and period with ``by``).

    A file with one row per campaign comes back as it is (``rolled_up`` False) unless ``by`` asks for periods.
    Never reads files or the clock; ``campaigns`` is not changed.
    """
    if by is not None and by not in PERIODS:
        raise RevopsInputError(f"--by {by!r}: choose day, week or month.")
    key = _key_field(mapping)
    dims = [f for f in DIMENSIONS if mapping.get(f) is not None and f != key]
    report = CampaignReport(frame=campaigns, mapping=mapping, key=key, rows_in=len(campaigns), by=by,
                            dimensions=[mapping.get(f) for f in dims])
    if by is not None and mapping.get("period") is None:
        raise RevopsInputError(f"--by {by}: the campaign file has no date, day, week or month column; "
                               "name it with --map period='Your Header'.")
    if key is None:
        return report
    keys = campaigns[mapping.get(key)].astype("str").str.strip()
    keys_all = keys
    filled = ~_blank(campaigns[mapping.get(key)])
    repeats = keys[filled].nunique() < int(filled.sum())
    if not (dims and repeats) and by is None:
        return report

    total_rows = keys.str.match(_TOTAL_ROW).fillna(False).to_numpy(dtype=bool)
    if total_rows.any():
        campaigns, keys, filled = campaigns[~total_rows], keys[~total_rows], filled[~total_rows]
    groups = [keys.where(filled, "(no campaign)")]
    if mapping.get("period") is not None:
        labels, report.grain = period_labels(campaigns[mapping.get("period")], mapping.get("period"), by, zone)
        if by is not None:
            groups.append(labels.where(labels.notna(), "(no date)"))
    out, notes, not_measured = _roll_up(campaigns, mapping, groups, key, by is not None)
    if total_rows.any():
        notes.append(f"{int(total_rows.sum())} total row(s) of the platform left out: "
                     + ", ".join(sorted(set(keys_all[total_rows]))))
    report.frame, report.rolled_up, report.notes, report.not_measured = out, True, notes, not_measured
    report.mapping = ColumnMapping(fields={c: c for c in out.columns if c not in ("rows",)},
                                   how={c: "report roll-up" for c in out.columns})
    what = {"name": "campaign", "campaign_id": "campaign id", "platform": "platform (no campaign column)",
            "ad_creative": "ad / creative (no campaign column)"}[key]
    report.notes.insert(0, f"report with one row per {what} and {', '.join(report.dimensions) or 'period'}: "
                           f"{len(campaigns):,} rows rolled up to {len(out):,}, one per {what.split(' (')[0]}"
                           + (f" and {by}" if by else ""))
    return report


def _roll_up(frame: pd.DataFrame, mapping: ColumnMapping, groups: list[pd.Series], key: str,
             with_period: bool) -> tuple[pd.DataFrame, list[str], dict[str, NotMeasured]]:
    notes: list[str] = []
    not_measured: dict[str, NotMeasured] = {}
    index_frame = pd.DataFrame({f"k{i}": g for i, g in enumerate(groups)})
    keys = list(index_frame.columns)
    grouped_rows = index_frame.groupby(keys, sort=False, dropna=False).size()
    out = pd.DataFrame(index=grouped_rows.index)
    out["name"] = [k[0] if isinstance(k, tuple) else k for k in grouped_rows.index]
    if with_period:
        out["period"] = [k[1] for k in grouped_rows.index]
    out["rows"] = grouped_rows.to_numpy(dtype=np.int64)

    counts = {f: _parse_count(frame[mapping.get(f)]) for f in COUNT_FIELDS if mapping.get(f) is not None}
    email = "sent" in counts or "delivered" in counts
    denominators = {
        "open_rate": ("delivered", "sent"), "bounce_rate": ("sent",), "unsubscribe_rate": ("delivered", "sent"),
        "click_rate": ("delivered", "sent") if email else ("impressions",),
        "conversion_rate": ("delivered", "sent") if email else ("clicks",),
    }
    kept_rates: dict[str, pd.Series] = {}
    for rate_field in RATE_FIELDS:
        column = mapping.get(rate_field)
        if column is None:
            continue
        count = _RATE_COUNT[rate_field]
        if count in counts:
            continue  # the counts are there: the rate is computed again from them
        rates, note = parse_rates(frame[column])
        if note:
            notes.append(f"{column!r}: {note}")
        denominator = next((d for d in denominators[rate_field] if d in counts), None)
        if denominator is not None:
            counts[count] = rates * counts[denominator] / 100.0
            notes.append(f"{count} derived from {column!r} x {mapping.get(denominator)!r} before summing")
        else:
            kept_rates[rate_field] = rates

    grouped = index_frame.assign(**{f"c_{f}": v for f, v in counts.items()}).groupby(keys, sort=False, dropna=False)
    for f in counts:
        out[f] = grouped[f"c_{f}"].sum(min_count=1).reindex(out.index).to_numpy(dtype=np.float64)
    single = out["rows"].to_numpy() == 1
    for rate_field, rates in kept_rates.items():
        first = index_frame.assign(r=rates).groupby(keys, sort=False, dropna=False)["r"].first().reindex(out.index)
        out[rate_field] = np.where(single, first.to_numpy(dtype=np.float64), np.nan)
        if (~single).any():
            column = mapping.get(rate_field)
            not_measured[rate_field] = NotMeasured(
                f"{column!r} is a rate per row and the report has no {_RATE_COUNT[rate_field]} or denominator "
                "column to weigh it by (rates are never averaged)", f"--map {_RATE_COUNT[rate_field]}=HEADER")
    group_list = [index_frame[k] for k in keys]
    for f in MONEY_FIELDS:
        if mapping.get(f) is not None:
            sums = _money_sum(frame[mapping.get(f)], group_list).reindex(out.index)
            out[f] = [None if v is None else str(v) for v in sums.to_numpy(dtype=object)]
    if mapping.get("budget") is not None:
        budgets = parse_money(frame[mapping.get("budget")])
        as_text = budgets.map(lambda v: None if v is None else str(v))
        per = index_frame.assign(b=as_text).groupby(keys, sort=False, dropna=False)["b"]
        distinct = per.nunique().reindex(out.index)
        firsts = per.first().reindex(out.index)
        out["budget"] = [f if n == 1 else None for f, n in zip(firsts.to_numpy(dtype=object), distinct)]
        if (distinct > 1).any():
            notes.append(f"{mapping.get('budget')!r} differs between rows of {int((distinct > 1).sum())} "
                         "campaign(s) (a daily budget?): no campaign budget for them")
    text_fields = [f for f in mapping.fields if f not in (*COUNT_FIELDS, *MONEY_FIELDS, *RATE_FIELDS, *DIMENSIONS,
                                                          "budget", "name", key)]
    for f in text_fields:
        values = frame[mapping.get(f)].astype("str").str.strip()
        values = values.where(values.ne(""), None)
        out[f] = index_frame.assign(t=values).groupby(keys, sort=False, dropna=False)["t"].first().reindex(
            out.index).to_numpy(dtype=object)
    return out.reset_index(drop=True), notes, not_measured

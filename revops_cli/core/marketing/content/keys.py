"""What the content audit's checks share: linking rows of the other exports to inventory items, reading
counts, durations and dates, and the months a page was live in an analytics window.

* **Linking** (:func:`link_rows`): by content id when both files have one (and the ids are not URLs); else by URL
  path (scheme, host, query, fragment and a trailing ``/`` dropped, lower case: ``https://x.com/Blog/A/?utm=1``
  is ``/blog/a``), then by the last path segment (a slug) where that is unique in the inventory; else by title
  (case, spacing and punctuation ignored).
* **Durations** (:func:`duration_minutes`): ``00:03:12`` and ``3:12`` are h:m:s and m:s, ``3m 12s``/``1h 2m``
  are spelt out, a bare number is seconds (Google Analytics) unless the header says minutes.
* **Months live** (:func:`months_live`): each calendar month of the window counts the share of its days the page
  was live (from its publish date, or the window's start), so a page live for all of August to October is 3.0
  months and one published 16 September is 1.5.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import numpy as np
import pandas as pd

from revops_cli.columns import ColumnMapping
from revops_cli.normalize.timestamps import normalize_timestamp_column

BLANK_WORDS = frozenset({"", "null", "none", "n/a", "na", "-", "--", "#n/a", "nan", "(blank)", "(none)", "(not set)"})
_SPLIT = re.compile(r"[;\n|]+|,\s+(?=https?://)|\s+(?=https?://)")


def text_or_none(values: pd.Series) -> pd.Series:
    """Trimmed text, None where blank or a placeholder (NULL, N/A, -, (not set))."""
    text = values.astype("str").str.strip()
    blank = text.isna() | text.str.casefold().isin(BLANK_WORDS)
    return text.astype(object).where(~blank.fillna(True), None)


def fold(values: pd.Series) -> pd.Series:
    """Lower case, accents folded, letters and digits only (None where blank)."""
    def one(value: Any) -> str | None:
        if value is None:
            return None
        folded = unicodedata.normalize("NFKD", str(value)).encode("ascii", "ignore").decode().lower()
        folded = re.sub(r"[^a-z0-9]+", " ", folded).strip()
        return folded or None
    text = text_or_none(values)
    codes, uniques = pd.factorize(text, use_na_sentinel=True)
    table = np.array([one(u) for u in uniques] + [None], dtype=object)
    return pd.Series(table[np.where(codes < 0, len(uniques), codes)], index=values.index, dtype=object)


def url_path(value: Any) -> str | None:
    """``https://www.x.com/Blog/A/?utm_source=y#top`` -> ``/blog/a``; a bare slug stays a slug (``a``)."""
    if value is None:
        return None
    text = str(value).strip().lower()
    if not text:
        return None
    text = re.sub(r"^[a-z][a-z0-9+.-]*://[^/]*", "", text)
    if re.match(r"^(www\.)?[a-z0-9-]+(\.[a-z0-9-]+)+(/|$)", text):
        text = text.split("/", 1)[1] if "/" in text else ""
        text = "/" + text
    text = re.split(r"[?#]", text, maxsplit=1)[0].rstrip("/")
    return text or "/"


def _paths(values: pd.Series) -> pd.Series:
    text = text_or_none(values)
    codes, uniques = pd.factorize(text, use_na_sentinel=True)
    table = np.array([url_path(u) for u in uniques] + [None], dtype=object)
    return pd.Series(table[np.where(codes < 0, len(uniques), codes)], index=values.index, dtype=object)


def _slug(path: Any) -> str | None:
    if path is None or (isinstance(path, float) and path != path):
        return None
    return str(path).rstrip("/").rsplit("/", 1)[-1] or None


def _looks_like_urls(values: pd.Series) -> bool:
    text = text_or_none(values).dropna()
    return bool(len(text)) and bool(text.astype(str).str.contains(r"^/|://|^www\.", regex=True).mean() > 0.5)


def link_rows(inventory: pd.DataFrame, imap: ColumnMapping, other: pd.DataFrame,
              omap: ColumnMapping) -> tuple[np.ndarray, str | None]:
    """Position of the inventory item each row of ``other`` is about (-1: none), and what linked them."""
    n = len(other)
    found = np.full(n, -1, dtype=np.int64)
    how: list[str] = []
    inv_id, other_id = imap.get("content_id"), omap.get("content_id")
    other_url = omap.get("url")
    if other_id and other_url is None and _looks_like_urls(other[other_id]):
        other_id, other_url = None, other_id  # a "page" column holding paths
    if inv_id and other_id:
        index = _first_positions(text_or_none(inventory[inv_id]))
        found = _lookup(index, text_or_none(other[other_id]), found)
        if (found >= 0).any():
            how.append(f"{other_id} = {inv_id}")
    inv_url = imap.get("url")
    if inv_url and other_url and (found < 0).any():
        inv_paths = _paths(inventory[inv_url])
        other_paths = _paths(other[other_url])
        before = int((found >= 0).sum())
        found = _lookup(_first_positions(inv_paths), other_paths, found)
        slugs = inv_paths.map(_slug)
        unique = slugs[~slugs.duplicated(keep=False)]
        found = _lookup(_first_positions(unique), other_paths.map(_slug), found)
        if int((found >= 0).sum()) > before:
            how.append(f"{other_url} ~ {inv_url}")
    inv_title, other_title = imap.get("title"), omap.get("title")
    if inv_title and other_title and (found < 0).any():
        before = int((found >= 0).sum())
        found = _lookup(_first_positions(fold(inventory[inv_title])), fold(other[other_title]), found)
        if int((found >= 0).sum()) > before:
            how.append(f"{other_title} ~ {inv_title}")
    return found, " / ".join(how) or None


def _first_positions(keys: pd.Series) -> pd.Series:
    """key -> first row position holding it."""
    frame = pd.DataFrame({"key": keys.to_numpy(dtype=object), "pos": np.arange(len(keys))}).dropna(subset=["key"])
    return frame.drop_duplicates("key").set_index("key")["pos"]


def _lookup(index: pd.Series, keys: pd.Series, found: np.ndarray) -> np.ndarray:
    hits = pd.Series(keys.to_numpy(dtype=object)).map(index).to_numpy(dtype=float)
    fill = (found < 0) & ~np.isnan(hits)
    out = found.copy()
    out[fill] = hits[fill].astype(np.int64)
    return out


def numbers(values: pd.Series) -> pd.Series:
    """Counts as float64 ('1,500', '1 500', '12%' understood; NaN where blank or not a number)."""
    text = text_or_none(values).astype("str").str.replace(r"[,\s%]", "", regex=True)
    return pd.to_numeric(text, errors="coerce").astype(np.float64)


def item_counts(values: pd.Series) -> pd.Series:
    """A count ('4') or a list of sources ('https://a; https://b') as a number of items; NaN where blank."""
    direct = numbers(values)
    text = text_or_none(values).to_numpy(dtype=object)
    listed = pd.Series([np.nan if v is None else float(len([p for p in _SPLIT.split(str(v)) if p.strip()]))
                        for v in text], index=values.index, dtype=np.float64)
    return direct.where(direct.notna(), listed)


_CLOCK = re.compile(r"^\s*(?:(\d+):)?(\d{1,2}):(\d{2}(?:\.\d+)?)\s*$")
_SPELT = re.compile(r"(\d+(?:\.\d+)?)\s*(h|hr|hrs|hours?|m|min|mins|minutes?|s|sec|secs|seconds?)\b", re.IGNORECASE)


def _minutes(value: Any, bare_unit: float) -> float:
    if value is None:
        return np.nan
    text = str(value).strip()
    clock = _CLOCK.match(text)
    if clock:
        hours, minutes, seconds = clock.groups()
        return (int(hours or 0) * 3600 + int(minutes) * 60 + float(seconds)) / 60.0
    parts = _SPELT.findall(text)
    if parts:
        scale = {"h": 60.0, "m": 1.0, "s": 1 / 60.0}
        return sum(float(n) * scale[u[0].lower()] for n, u in parts)
    try:
        return float(text.replace(",", "")) * bare_unit
    except ValueError:
        return np.nan


def duration_minutes(values: pd.Series, header: str) -> pd.Series:
    """Time on page as minutes (float64, NaN where blank or unreadable), each distinct cell read once."""
    bare = 1.0 if re.search(r"\bmin", header, re.IGNORECASE) else 1 / 60.0
    text = text_or_none(values)
    codes, uniques = pd.factorize(text, use_na_sentinel=True)
    table = np.array([_minutes(u, bare) for u in uniques] + [np.nan], dtype=np.float64)
    return pd.Series(table[np.where(codes < 0, len(uniques), codes)], index=values.index, dtype=np.float64)


def local_days(values: pd.Series, zone: str) -> pd.Series:
    """Dates as datetime64[ns] at local midnight (NaT where blank or not a date), each distinct cell parsed once."""
    text = text_or_none(values)
    codes, uniques = pd.factorize(text, use_na_sentinel=True)
    if not len(uniques):
        return pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    parsed = normalize_timestamp_column(pd.Series(np.asarray(uniques, dtype=object), dtype="str"),
                                        timezone=zone)["revops_parsed"]
    local = parsed.dt.tz_convert(zone).dt.tz_localize(None).dt.normalize().astype("datetime64[ns]")
    table = np.append(local.to_numpy(), np.datetime64("NaT", "ns"))
    return pd.Series(table[np.where(codes < 0, len(uniques), codes)], index=values.index)


def local_instants(values: pd.Series, zone: str) -> pd.Series:
    """Timestamps as naive local datetime64[ns] (NaT where blank), each distinct cell parsed once."""
    text = text_or_none(values)
    codes, uniques = pd.factorize(text, use_na_sentinel=True)
    if not len(uniques):
        return pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    parsed = normalize_timestamp_column(pd.Series(np.asarray(uniques, dtype=object), dtype="str"),
                                        timezone=zone)["revops_parsed"]
    local = parsed.dt.tz_convert(zone).dt.tz_localize(None).astype("datetime64[ns]")
    table = np.append(local.to_numpy(), np.datetime64("NaT", "ns"))
    return pd.Series(table[np.where(codes < 0, len(uniques), codes)], index=values.index)


def months_live(published: pd.Series, window_start: pd.Timestamp, window_end: pd.Timestamp) -> pd.Series:
    """Months each page was live in [window_start, window_end): per calendar month, the share of its days live.

    ``published`` is local midnight dates (NaT: live the whole window). 0 for a page published after the window.
    """
    months = pd.period_range(window_start, window_end - pd.Timedelta(days=1), freq="M")
    starts = published.where(published.notna(), window_start).clip(lower=window_start)
    codes, uniques = pd.factorize(starts)
    values = []
    for start in pd.DatetimeIndex(uniques):
        total = 0.0
        for month in months:
            first = max(month.start_time, window_start)
            last = min(month.end_time.normalize() + pd.Timedelta(days=1), window_end)
            live_first = max(first, start)
            if last > live_first:
                total += (last - live_first).days / month.days_in_month
        values.append(total)
    table = np.array(values + [0.0], dtype=np.float64)
    return pd.Series(table[np.where(codes < 0, len(uniques), codes)], index=published.index, dtype=np.float64)

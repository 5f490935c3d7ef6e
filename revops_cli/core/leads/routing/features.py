"""What routing reads of each lead: the Lead Management SOP's "4. Lead Routing" inputs.

The score and its band (:func:`_scores`, :func:`_bands`) pick the routing tier (:func:`score_tiers`); the
country, state, NAICS sector, employees and named-account company key (:func:`_lead_features`) pick the
territory. Each normaliser runs once per distinct value.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from revops_cli.columns import ColumnMapping
from revops_cli.config import RevopsConfig, RoutingTier
from revops_cli.errors import RevopsInputError
from revops_cli.normalize.company import company_key
from revops_cli.normalize.country import normalize_country_column
from revops_cli.normalize.industry import normalize_industry_column
from revops_cli.normalize.numbers import normalize_employees_column
from revops_cli.normalize.state import normalize_state_column
from revops_cli.core.leads.routing.arrays import _combine, _distinct, _recode
from revops_cli.core.leads.routing.text import _missing


@dataclass
class _Leads:
    """Lead features as codes into distinct normalised values (positions 0..n-1)."""

    coded: dict[str, tuple[np.ndarray, np.ndarray]]  # country, state, sector, company, employees -> (codes, uniques)
    employees: np.ndarray  # float per row, NaN unknown

    def member(self, name: str, values: Iterable[str], rows: np.ndarray) -> np.ndarray:
        """For each row position in ``rows``: is its ``name`` value one of ``values``?"""
        codes, uniques = self.coded[name]
        wanted = set(values)
        lut = np.array([u in wanted for u in uniques] + [False], dtype=bool)
        return lut[codes[rows]]


def _fold_for_key(text: str) -> str:
    """The folding :func:`company_key` applies before splitting words (case, accents, '&', apostrophes, dots)."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return re.sub(r"['’.]", "", folded.replace("&", " and "))


def _named_company_keys(names: pd.Series, named_keys: set[str]) -> list[str | None]:
    """The company key of each distinct name that is a named account, else None.

    Every word of a company key is in its name once folded the way
    :func:`company_key` folds, so only names holding the longest word of some
    named key are keyed: cleanco is slow, and a million-row export may have a
    million distinct companies. Arrow folds the names in one pass; its lower
    case equals ``casefold`` for ASCII, so names that are not ASCII after
    folding (ß, ø, CJK...) take the exact path.
    """
    words = sorted({max(key.split(), key=len) for key in named_keys}, key=len, reverse=True)
    pattern = "|".join(re.escape(w) for w in words)
    text = pa.array([name if isinstance(name, str) else None for name in names], type=pa.large_string())
    folded = pc.utf8_lower(pc.replace_substring_regex(pc.utf8_normalize(text, "NFKD"), r"\p{Mn}", ""))
    folded = pc.replace_substring(pc.replace_substring_regex(folded, r"['’.]", ""), "&", " and ")
    maybe = pc.or_(pc.match_substring_regex(folded, pattern), pc.invert(pc.string_is_ascii(folded)))
    candidates = np.flatnonzero(pc.fill_null(maybe, False).to_numpy(zero_copy_only=False))
    exact = re.compile(pattern)
    keys: list[str | None] = [None] * len(names)
    for j in candidates:
        name = names.iloc[j]
        if exact.search(_fold_for_key(name)):
            key = company_key(name)
            keys[j] = key if key in named_keys else None
    return keys


def _lead_features(frame: pd.DataFrame, mapping: ColumnMapping, config: RevopsConfig,
                   named_keys: set[str]) -> _Leads:
    """Country (ISO alpha-2, inferred from the state where blank), state code, NAICS sector, employees, and
    the company key where it is one of ``named_keys`` (the named accounts of the territories).

    Each normaliser runs once per distinct value (per distinct state and
    country pair for states).
    """
    n = len(frame)
    missing = np.full(n, -1, dtype=np.int64)
    empty = np.empty(0, dtype=object)

    def column(canonical: str) -> pd.Series | None:
        name = mapping.get(canonical)
        return frame[name] if name is not None and name in frame.columns else None

    country = (missing, empty)
    if (raw := column("country")) is not None:
        codes, uniques = _distinct(raw)
        result = normalize_country_column(uniques, extra_aliases=config.clean.country_aliases)
        iso = [v if f is None and isinstance(v, str) and re.fullmatch(r"[A-Z]{2}", v) else None
               for v, f in zip(result["value"], result["flag"])]
        country = _recode(codes, iso)
    state = (missing, empty)
    if (raw := column("state")) is not None:
        state_codes, state_uniques = _distinct(raw)
        pair, first = _combine(state_codes, country[0])
        raw_states = [None if state_codes[r] < 0 else state_uniques.iloc[state_codes[r]] for r in first]
        pair_countries = [None if country[0][r] < 0 else country[1][country[0][r]] for r in first]
        result = normalize_state_column(pd.Series(raw_states, dtype=object), pd.Series(pair_countries, dtype=object),
                                        infer_country_from=tuple(config.clean.infer_country_from))
        codes_ok = [v if f is None and not _missing(v) and not _missing(raw) and str(raw).strip() else None
                    for v, f, raw in zip(result["value"], result["flag"], raw_states)]
        state = _recode(pair, codes_ok)
        filled = [c if c is not None else (i if not _missing(i) else None)
                  for c, i in zip(pair_countries, result["inferred_country"])]
        country = _recode(pair, filled)
    sector = (missing, empty)
    if (raw := column("industry")) is not None:
        codes, uniques = _distinct(raw)
        result = normalize_industry_column(uniques, extra_map=config.clean.industry_map)
        sector = _recode(codes, list(result["revops_naics_code"]))
    employees = np.full(n, np.nan)
    employee_codes = (missing, np.empty(0, dtype=float))
    if (raw := column("employees")) is not None:
        codes, uniques = _distinct(raw)
        numbers = normalize_employees_column(uniques)["revops_employees"].to_numpy(dtype=float)
        employees = np.append(numbers, np.nan)[codes]
        employee_codes = _recode(codes, list(numbers))
    company = (missing, empty)
    if named_keys and "revops_company_key" in frame.columns:  # `revops leads clean` wrote it
        codes, uniques = _distinct(frame["revops_company_key"])
        company = _recode(codes, [u if u in named_keys else None for u in uniques])
    elif named_keys and (raw := column("company")) is not None:
        codes, uniques = _distinct(raw)
        company = _recode(codes, _named_company_keys(uniques, named_keys))
    return _Leads({"country": country, "state": state, "sector": sector, "company": company,
                   "employees": employee_codes}, employees)


def _scores(frame: pd.DataFrame, mapping: ColumnMapping, offset: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """(score as float, True where the score cell was blank); a cell that is not a number is an error naming
    its row (``frame``'s first row is lead ``offset`` of the input: a batch of it)."""
    if "revops_score" in frame.columns:
        raw, label = frame["revops_score"], "revops_score"
    elif mapping.get("score") is not None and mapping.get("score") in frame.columns:
        raw = frame[mapping.get("score")]
        label = str(mapping.get("score"))
    else:
        raise RevopsInputError(
            "the leads file has no score: run `revops leads score` first, or map a score column with "
            "--map score=HEADER."
        )
    if pd.api.types.is_numeric_dtype(raw.dtype) and not pd.api.types.is_bool_dtype(raw.dtype):
        values = raw.to_numpy(dtype=float, na_value=np.nan)
        blank = np.isnan(values)
        return np.where(blank, 0.0, values), blank
    codes, uniques = _distinct(raw)
    text = uniques.astype("str").str.strip().str.replace(",", "", regex=False)
    parsed = pd.to_numeric(text.where(text.ne("")), errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    bad_unique = text.ne("").to_numpy(dtype=bool) & np.isnan(parsed)
    bad = np.append(bad_unique, False)[codes]
    if bad.any():
        position = int(np.flatnonzero(bad)[0])
        more = int(bad.sum()) - 1
        raise RevopsInputError(
            f"row {offset + position + 2}: score {raw.iloc[position]!r} in column {label!r} is not a number"
            f"{f' ({more} more rows like it)' if more else ''}; fix it, or run `revops leads score` to score "
            "the leads."
        )
    values = np.append(parsed, np.nan)[codes]
    blank = np.isnan(values)
    return np.where(blank, 0.0, values), blank


def _bands(frame: pd.DataFrame, score: np.ndarray, config: RevopsConfig) -> tuple[np.ndarray, np.ndarray]:
    """(band code per row, band names): ``revops_band`` where given, else from ``scoring.bands``."""
    bands = config.scoring.bands  # highest first, the last starts at 0
    mins = np.array([b.min for b in bands][::-1], dtype=float)
    names = [b.name for b in bands][::-1]
    computed = np.clip(np.searchsorted(mins, score, side="right") - 1, 0, len(mins) - 1).astype(np.int64)
    if "revops_band" not in frame.columns:
        return computed, np.array(names, dtype=object)
    codes, uniques = _distinct(frame["revops_band"])
    given = [" ".join(str(u).split()) or None for u in uniques]
    all_names = list(names)
    for name in given:
        if name is not None and name not in all_names:
            all_names.append(name)
    lut = np.array([all_names.index(g) if g is not None else -1 for g in given] + [-1], dtype=np.int64)
    mapped = lut[codes]
    return np.where(mapped >= 0, mapped, computed), np.array(all_names, dtype=object)


def score_tiers(score: np.ndarray, tiers: Sequence[RoutingTier]) -> np.ndarray:
    """Row of ``routing.tiers`` (highest first) each score falls in."""
    mins = np.array([t.min_score for t in tiers][::-1], dtype=float)
    ascending = np.clip(np.searchsorted(mins, score, side="right") - 1, 0, len(mins) - 1)
    return (len(tiers) - 1 - ascending).astype(np.int64)

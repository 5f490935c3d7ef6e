"""Lead hygiene: the Lead Management SOP's "Data hygiene" step.

"Standardize country/state; format phone numbers; clean company names;
normalize job titles" (Lead Management SOP, 2. Lead Enrichment) in the formats
of the Data Management SOP (phone E.164, country ISO code, state abbreviation,
industry as NAICS). Values are normalised in place under their original
columns; what could not be normalised is left as it was and flagged; added
columns (``revops_*``) go after the originals; every changed cell can be
listed in a change log (row, id, column, old, new, rule).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from revops_cli.columns import ColumnMapping
from revops_cli.config import RevopsConfig
from revops_cli.core.progress import ProgressCallback, Steps
from revops_cli.normalize.company import normalize_company_column
from revops_cli.normalize.country import normalize_country_column
from revops_cli.normalize.distinct import is_blank
from revops_cli.normalize.email import normalize_email_column
from revops_cli.normalize.industry import normalize_industry_column
from revops_cli.normalize.names import normalize_name_column, split_full_name_column
from revops_cli.normalize.numbers import normalize_employees_column, normalize_revenue_column
from revops_cli.normalize.phone import UNKNOWN_REGION, normalize_phone_column
from revops_cli.normalize.state import normalize_state_column
from revops_cli.normalize.timestamps import normalize_timestamp_column
from revops_cli.normalize.title import normalize_title_column
from revops_cli.errors import RevopsInputError

# Steps a user can pick with --only, in the order they run (country before
# state and phone, because both need the row's country).
CLEAN_STEPS: tuple[str, ...] = (
    "country", "state", "phone", "email", "name", "company", "title", "industry", "employees", "revenue",
    "dates", "city", "website",
)
TIMESTAMP_FIELDS = ("created_at", "assigned_at", "status_changed_at", "last_activity_at")
CHANGE_LOG_COLUMNS = ["row", "id", "column", "old", "new", "rule"]


@dataclass
class FieldReport:
    """Per cleaned column: how many cells changed, were already clean, are flagged, or blank."""

    step: str
    field: str
    column: str
    changed: int = 0
    clean: int = 0
    flagged: int = 0
    blank: int = 0

    def to_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass
class CleanResult:
    """What :func:`clean_leads` returns: the cleaned frame, the change log and the per-field report."""

    frame: pd.DataFrame
    changes: pd.DataFrame
    fields: list[FieldReport] = field(default_factory=list)
    rows_with_issues: int = 0
    countries_inferred: int = 0
    added_columns: list[str] = field(default_factory=list)

    def summary(self) -> dict:
        counts = CleanCounts()
        counts.add(self)
        return counts.summary()


@dataclass
class CleanCounts:
    """What a clean counted: one :class:`CleanResult`'s figures, or the sum over the batches of a file
    cleaned a batch at a time (the same figures as cleaning it whole)."""

    rows: int = 0
    cells_changed: int = 0
    rows_with_issues: int = 0
    countries_inferred: int = 0
    fields: list[FieldReport] = field(default_factory=list)
    added_columns: list[str] = field(default_factory=list)

    def add(self, result: CleanResult, cells_changed: int | None = None) -> None:
        """Add a batch's result; ``cells_changed`` when its change log grew after it (the formula guard)."""
        self.rows += len(result.frame)
        self.cells_changed += len(result.changes) if cells_changed is None else cells_changed
        self.rows_with_issues += result.rows_with_issues
        self.countries_inferred += result.countries_inferred
        self.added_columns = list(result.added_columns)
        if not self.fields:
            self.fields = [FieldReport(**report.to_dict()) for report in result.fields]
            return
        for total, report in zip(self.fields, result.fields, strict=True):
            for name in ("changed", "clean", "flagged", "blank"):
                setattr(total, name, getattr(total, name) + getattr(report, name))

    def summary(self) -> dict:
        return {
            "rows": self.rows,
            "cells_changed": self.cells_changed,
            "rows_with_issues": self.rows_with_issues,
            "countries_inferred_from_state": self.countries_inferred,
            "fields": [f.to_dict() for f in self.fields],
            "added_columns": self.added_columns,
        }


def parse_only(value: str | Iterable[str] | None) -> tuple[str, ...]:
    """``--only phone,country`` -> the steps to run, validated (exit 2 on an unknown name)."""
    if value is None:
        return CLEAN_STEPS
    items = [v.strip().lower() for v in (value.split(",") if isinstance(value, str) else value) if v.strip()]
    unknown = [v for v in items if v not in CLEAN_STEPS]
    if unknown or not items:
        raise RevopsInputError(
            f"--only {','.join(unknown) or value!s}: unknown step. Choose from: {', '.join(CLEAN_STEPS)}."
        )
    return tuple(step for step in CLEAN_STEPS if step in items)


class _Cleaner:
    """Accumulates in-place changes, flags, added columns and the change log for one frame."""

    def __init__(self, frame: pd.DataFrame, mapping: ColumnMapping, row_numbers: pd.Series, ids: pd.Series | None,
                 headers: dict[str, str]) -> None:
        self.original = frame
        self.frame = frame.copy()
        self.mapping = mapping
        self.row_numbers = row_numbers
        self.ids = ids
        self.headers = headers
        self.added: dict[str, pd.Series] = {}
        self.flags: list[pd.Series] = []
        self.changes: list[pd.DataFrame] = []
        self.reports: list[FieldReport] = []

    def apply(self, step: str, canonical: str, result: pd.DataFrame, *, extras: Sequence[str] = ()) -> None:
        """Write a normaliser's ``value`` in place, record changes/flags, keep chosen extra columns."""
        column = self.mapping.fields[canonical]
        before = self.frame[column]
        blank = is_blank(before)
        value = result["value"].astype("str")
        flag = result["flag"].where(~blank)
        rule = result["rule"]
        changed = rule.notna() & flag.isna() & ~blank & value.notna() & value.ne(before).fillna(False)
        self.replace(column, changed, value, rule)
        flagged = flag.notna()
        if flagged.any():  # "Phone: junk phone" tells which column when phone and mobile both fail
            self.flags.append(f"{self.headers.get(column, column)}: " + flag[flagged].astype(str))
        for extra in extras:
            # its own copy of the column: a column of the normaliser's frame would keep the whole frame
            # (every result column, one block) alive until the end
            self.added[extra] = result[extra].copy(deep=True)
        self.reports.append(FieldReport(
            step=step, field=canonical, column=self.headers.get(column, column),
            changed=int(changed.sum()), flagged=int(flagged.sum()), blank=int(blank.sum()),
            clean=int((~blank & ~flagged & ~changed).sum()),
        ))

    def replace(self, column: str, mask: pd.Series, new: pd.Series, rule: pd.Series | str) -> None:
        """Write ``new`` into ``column`` where ``mask`` holds and log each changed cell."""
        if not mask.any():
            return
        before = self.frame[column]
        self.frame[column] = before.mask(mask, new)
        # Arrow-backed text throughout (not Python objects): a million-row clean logs millions of cells
        self.changes.append(pd.DataFrame({
            "row": self.row_numbers[mask],
            "id": self.ids[mask] if self.ids is not None else pd.NA,
            "column": self.headers.get(column, column),
            "old": before[mask],
            "new": new[mask].astype("str"),
            "rule": rule[mask].astype("str") if isinstance(rule, pd.Series) else rule,
        }))

    def result(self, countries_inferred: int) -> CleanResult:
        added = list(self.added)
        for name in added:  # each added column is let go of once it is in the frame
            self.frame[name] = self.added.pop(name).values
        issues = _join_issues(self.flags, self.frame.index)
        self.flags.clear()
        self.frame["revops_issues"] = issues
        changes = self._sorted_changes()
        return CleanResult(
            frame=self.frame, changes=changes, fields=self.reports,
            rows_with_issues=int(issues.notna().sum()), countries_inferred=countries_inferred,
            added_columns=[*added, "revops_issues"],
        )

    def _sorted_changes(self) -> pd.DataFrame:
        """The change log in the order of the rows, then of the columns in the file (stable within a cell)."""
        if not self.changes:
            return pd.DataFrame(columns=CHANGE_LOG_COLUMNS)
        order = {name: i for i, name in enumerate(self.headers.values())}
        # each part logs one column: its place in the file, or after them all when it is not a header
        places = np.repeat([order.get(part["column"].iloc[0], len(order)) if len(part) else 0 for part in self.changes],
                           [len(part) for part in self.changes])
        parts, self.changes = self.changes, []
        rows = np.concatenate([part["row"].to_numpy() for part in parts])
        if not len(rows):
            return pd.concat(parts, ignore_index=True)
        sequence = np.lexsort((places, rows))  # stable: the last key sorts first
        # one column at a time, each let go of once taken: the log is millions of cells on a big file,
        # and a whole second copy of it (concatenated, then reordered) would set the command's peak memory
        columns = {}
        for name in list(parts[0].columns):
            joined = pd.concat([part.pop(name) for part in parts], ignore_index=True)
            columns[name] = joined.take(sequence).reset_index(drop=True)
            del joined
        return pd.DataFrame(columns)


def _join_issues(flags: list[pd.Series], index: pd.Index) -> pd.Series:
    """One readable "; "-separated list of problems per row (missing where none).

    Vectorised: each flag Series (a subset of the rows) is spread to the whole column with an
    Arrow ``take`` and joined onto the rows' text so far, in the order the flags were raised.
    """
    if not flags:
        return pd.Series(pd.NA, index=index, dtype="str")
    joined = None
    for flag in flags:
        positions = index.get_indexer(flag.index)
        spread = np.full(len(index), -1, dtype=np.int64)
        spread[positions] = np.arange(len(positions))
        values = pa.array(np.asarray(flag.astype(object), dtype=object), type=pa.large_string(), from_pandas=True)
        column = values.take(pa.array(spread, mask=spread < 0))
        if joined is None:
            joined = column
        else:
            both = pc.binary_join_element_wise(joined, column, pa.scalar("; ", pa.large_string()))
            joined = pc.coalesce(both, joined, column)
    return pd.Series(pd.arrays.ArrowStringArray(joined), index=index).astype("str")


def clean_leads(
    frame: pd.DataFrame,
    mapping: ColumnMapping,
    config: RevopsConfig,
    *,
    steps: Sequence[str] = CLEAN_STEPS,
    default_region: str | None = None,
    row_numbers: pd.Series | None = None,
    headers: dict[str, str] | None = None,
    progress: ProgressCallback | None = None,
) -> CleanResult:
    """Normalise a leads/contacts frame in place per the SOP and flag what is still wrong.

    ``mapping`` says which column holds which canonical field; ``steps`` picks
    what to clean (default: all of :data:`CLEAN_STEPS`); ``row_numbers`` are the
    spreadsheet row numbers used in the change log (default: index + 2, as if
    the header were row 1). ``progress(step, done, total)`` is told each step as it starts
    (:mod:`revops_cli.core.progress`). Returns a :class:`CleanResult`; never prints or reads files.
    """
    headers = headers or {c: c for c in frame.columns}
    rows = row_numbers if row_numbers is not None else pd.Series(frame.index + 2, index=frame.index)
    id_column = mapping.get("lead_id")
    cleaner = _Cleaner(frame, mapping, rows, frame[id_column] if id_column else None, headers)
    region = (default_region or config.general.default_region).upper()
    has = mapping.fields.__contains__
    announce = Steps(progress, len(CLEAN_PROGRESS))
    countries_inferred = 0

    country_codes = None
    unknown_country = None
    announce("countries")
    if has("country"):
        countries = frame[mapping.fields["country"]]
        result = normalize_country_column(countries, extra_aliases=config.clean.country_aliases)
        country_codes = result["value"].where(result["flag"].isna() & result["value"].str.fullmatch(r"[A-Z]{2}", na=False))
        # a country was given but nobody can read it ("Narnia", "EMEA"): its phones get no default region
        unknown_country = result["flag"].notna() & ~is_blank(countries).to_numpy(dtype=bool)
        if "country" in steps:
            cleaner.apply("country", "country", result)
    announce("states")
    if has("state") and "state" in steps:
        result = normalize_state_column(frame[mapping.fields["state"]], country_codes,
                                        infer_country_from=tuple(config.clean.infer_country_from))
        inferred = result["inferred_country"]
        cleaner.apply("state", "state", result)
        countries_inferred = int(inferred.notna().sum())
        if countries_inferred:
            country_codes = inferred if country_codes is None else country_codes.fillna(inferred)
        if has("country") and "country" in steps:
            _fill_inferred_country(cleaner, inferred)
        elif config.clean.infer_country_from:
            # the column even when no row needed it: the columns of the output never depend on its rows
            # (a file cleaned a batch at a time writes the same header for every batch)
            cleaner.added["revops_inferred_country"] = inferred
    announce("phones")
    if "phone" in steps:
        regions = country_codes if country_codes is not None else None
        if regions is not None and unknown_country is not None:
            regions = regions.astype(object).mask(unknown_country & regions.isna(), UNKNOWN_REGION)
        for canonical, prefix in (("phone", "revops_phone"), ("mobile_phone", "revops_mobile_phone")):
            if has(canonical):
                result = normalize_phone_column(frame[mapping.fields[canonical]], regions, default_region=region)
                result = result.rename(columns={"revops_phone_ext": f"{prefix}_ext", "revops_phone_type": f"{prefix}_type"})
                cleaner.apply("phone", canonical, result, extras=(f"{prefix}_ext", f"{prefix}_type"))
    announce("emails")
    if has("email") and "email" in steps:
        result = classify_emails(frame[mapping.fields["email"]], config)
        # A placeholder (a@a.com, none@none.com) is valid syntax but names nobody: flagged, left as it was.
        reason = result["placeholder"]
        result["flag"] = result["flag"].where(reason.isna(), "placeholder email (" + reason.astype("str") + ")")
        cleaner.apply("email", "email", result, extras=(
            "revops_email_valid", "revops_email_domain", "revops_email_generic", "revops_email_disposable",
            "revops_email_role", "revops_email_placeholder"))
    announce("names")
    if "name" in steps:
        for canonical in ("first_name", "last_name", "full_name"):
            if has(canonical):
                cleaner.apply("name", canonical, normalize_name_column(frame[mapping.fields[canonical]]))
        if has("full_name") and not (has("first_name") or has("last_name")):
            split = split_full_name_column(cleaner.frame[mapping.fields["full_name"]])
            cleaner.added["revops_first_name"] = split["first_name"]
            cleaner.added["revops_last_name"] = split["last_name"]
    announce("companies")
    if has("company") and "company" in steps:
        cleaner.apply("company", "company", normalize_company_column(frame[mapping.fields["company"]]),
                      extras=("revops_company_key",))
    announce("titles")
    if has("title") and "title" in steps:
        rules = [r.model_dump() if hasattr(r, "model_dump") else dict(r) for r in config.clean.title_rules]
        cleaner.apply("title", "title", normalize_title_column(frame[mapping.fields["title"]], extra_rules=rules),
                      extras=("revops_seniority", "revops_function"))
    announce("industries and company size")
    if has("industry") and "industry" in steps:
        result = normalize_industry_column(frame[mapping.fields["industry"]], extra_map=config.clean.industry_map)
        cleaner.apply("industry", "industry", result, extras=("revops_naics_code", "revops_naics_sector"))
    if has("employees") and "employees" in steps:
        result = normalize_employees_column(frame[mapping.fields["employees"]])
        cleaner.apply("employees", "employees", result, extras=_extras(result, "revops_employees"))
    if has("annual_revenue") and "revenue" in steps:
        result = normalize_revenue_column(frame[mapping.fields["annual_revenue"]])
        cleaner.apply("revenue", "annual_revenue", result, extras=_extras(result, "revops_annual_revenue", "revops_currency"))
    announce("dates")
    if "dates" in steps:
        for canonical in TIMESTAMP_FIELDS:
            if has(canonical):
                column = mapping.fields[canonical]
                result = normalize_timestamp_column(frame[column],
                                                    timezone=mapping.naive_timezone(canonical, config.general.timezone),
                                                    evidence=mapping.date_evidence.get(column))
                cleaner.apply("dates", canonical, result)
    announce("cities and websites")
    for step, canonical in (("city", "city"), ("website", "website")):
        if has(canonical) and step in steps:
            cleaner.apply(step, canonical, tidy_text_column(frame[mapping.fields[canonical]]))
    announce("required fields")
    _flag_missing_required(cleaner, config.data_quality.required_fields)
    return cleaner.result(countries_inferred)


#: The steps clean_leads names through ``progress``, in order.
CLEAN_PROGRESS = ("countries", "states", "phones", "emails", "names", "companies", "titles",
                  "industries and company size", "dates", "cities and websites", "required fields")
CLEAN_TICKS = len(CLEAN_PROGRESS)  # progress units clean_leads reports through ``progress``


def classify_emails(emails: pd.Series, config: RevopsConfig) -> pd.DataFrame:
    """:func:`normalize_email_column` with the user's extra domain lists and role prefixes from ``[clean]``."""
    return normalize_email_column(
        emails,
        extra_generic_domains=config.clean.free_email_domains,
        extra_disposable_domains=config.clean.disposable_email_domains,
        role_prefixes=config.clean.role_email_prefixes,
        extra_placeholder_local_parts=config.clean.placeholder_email_local_parts,
        extra_placeholder_domains=config.clean.placeholder_email_domains,
    )


def _extras(result: pd.DataFrame, *prefixes: str) -> tuple[str, ...]:
    return tuple(c for c in result.columns if c.startswith(prefixes))


def _fill_inferred_country(cleaner: _Cleaner, inferred: pd.Series) -> None:
    """Write a country inferred from an unambiguous state into blank country cells, logged."""
    column = cleaner.mapping.fields["country"]
    before = cleaner.frame[column]
    fill = is_blank(before) & inferred.notna()
    if not fill.any():
        return
    cleaner.replace(column, fill, inferred, "country_inferred_from_state")
    report = next(r for r in cleaner.reports if r.field == "country")
    report.changed += int(fill.sum())
    report.blank -= int(fill.sum())


def _flag_missing_required(cleaner: _Cleaner, required: Iterable[str]) -> None:
    """Data Management SOP, required fields: flag each row missing one (by canonical field)."""
    frame = cleaner.frame
    for canonical in required:
        column = cleaner.mapping.get(canonical)
        if column is not None:
            missing = is_blank(frame[column])
        elif canonical in ("first_name", "last_name") and f"revops_{canonical}" in cleaner.added:
            missing = is_blank(cleaner.added[f"revops_{canonical}"])
        else:
            continue  # a field the file does not have is reported once by the command, not per row
        if missing.any():
            cleaner.flags.append(pd.Series(f"missing {canonical.replace('_', ' ')}", index=frame.index[missing]))


def tidy_text_column(values: pd.Series) -> pd.DataFrame:
    """Trim and collapse inner whitespace (city, website); nothing is flagged. Vectorised.

    Only cells that can change (any character but printable ASCII and single inner spaces) go
    through Python's ``strip`` and ``\\s+``, whose idea of whitespace is Unicode's; the rest are
    already tidy.
    """
    try:
        text = (pa.array(values.array) if isinstance(values.dtype, pd.StringDtype) and values.dtype.storage == "pyarrow"
                else pa.array(values.to_numpy(dtype=object, na_value=None), type=pa.large_string(), from_pandas=True))
        untidy = np.asarray(pc.fill_null(pc.match_substring_regex(text, r"[^\x21-\x7e ]|^ | $|  "), False), dtype=bool)
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError):  # cells that are not text: all take Python's path
        untidy = np.ones(len(values), dtype=bool)
    if untidy.all():
        tidy = values.str.strip().str.replace(r"\s+", " ", regex=True)
    else:
        tidy = values.copy()
        if untidy.any():
            tidy[untidy] = values[untidy].str.strip().str.replace(r"\s+", " ", regex=True)
    blank = is_blank(values)
    changed = tidy.ne(values).fillna(False) & ~blank
    return pd.DataFrame({
        "value": tidy.where(~blank),
        "flag": pd.Series(None, index=values.index, dtype=object),
        "rule": pd.Series("trim_whitespace", index=values.index).where(changed),
    }, index=values.index)

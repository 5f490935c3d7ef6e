"""Data Management SOP "Campaign: YYYY-MM-Type-Name", the Campaign Execution SOP's "UTM Structure" and the
Email Campaign SOP's "Pre-Send Checklist", checked on a campaign export: one row per problem."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import numpy as np
import pandas as pd

from revops_cli.columns import ColumnMapping
from revops_cli.config import RevopsConfig
from revops_cli.core.marketing.campaigns.common import _TRUE, _fold, _names, _parse_count

LINT_COLUMNS = ["campaign", "check", "value", "message"]


def _slug(text: str) -> str:
    """The utm_campaign a name implies: lower case, runs of other characters as '_'."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", folded.lower()).strip("_")


@dataclass
class LintResult:
    """What :func:`campaign_lint` returns: one row per problem."""

    problems: pd.DataFrame
    campaigns: int = 0

    @property
    def passed(self) -> bool:
        return len(self.problems) == 0

    @property
    def frame(self) -> pd.DataFrame:
        return self.problems

    def summary(self) -> dict:
        by_check = self.problems["check"].value_counts() if len(self.problems) else pd.Series(dtype=int)
        return {
            "campaigns": self.campaigns,
            "passed": self.passed,
            "problems": len(self.problems),
            "campaigns_with_problems": int(self.problems["campaign"].nunique()) if len(self.problems) else 0,
            "by_check": {str(k): int(v) for k, v in by_check.items()},
        }


def campaign_lint(campaigns: pd.DataFrame, mapping: ColumnMapping, config: RevopsConfig) -> LintResult:
    """Naming, UTM, tracking-URL and email pre-send checks; one row per problem.

    Checks (``check`` column): ``name_missing``, ``name_format`` (does not match
    ``naming_pattern``, which also validates the month), ``name_type`` (type not in
    ``campaign_types``), ``utm_missing``, ``utm_case``, ``utm_spaces``,
    ``utm_campaign_mismatch`` (not the name lower-cased with runs of other
    characters as ``_``), ``url_invalid``, ``url_utm_missing``,
    ``url_utm_mismatch``, ``subject_length`` (>= ``subject_max_chars``),
    ``unsubscribe_link`` (not yes), ``spam_score`` (>= ``spam_score_max``).
    Pre-send checks run only on rows with a subject, spam score or link value.
    """
    settings = config.campaign
    pattern = re.compile(settings.naming_pattern)
    types = {t.casefold() for t in settings.campaign_types}
    names = _names(campaigns, mapping)
    problems: list[tuple[str, str, object, str]] = []

    def add(campaign, check, value, message):
        problems.append((campaign, check, None if value is None else str(value), message))

    def cells(canonical: str) -> list:
        column = mapping.get(canonical)
        if column is None:
            return [None] * len(campaigns)
        return [None if _fold(v) is None else str(v).strip() for v in campaigns[column].to_numpy(dtype=object)]

    utm = {p: cells(f"utm_{p}") for p in ("source", "medium", "campaign", "content", "term")}
    urls = cells("tracking_url")
    subjects = cells("subject")
    spam = _parse_count(campaigns[mapping.get("spam_score")]).to_numpy() if mapping.get("spam_score") else None
    links = cells("unsubscribe_link")
    has_name_column = mapping.get("name") is not None
    utm_mapped = {p for p in utm if mapping.get(f"utm_{p}") is not None}

    for i, name in enumerate(names.to_numpy(dtype=object)):
        label = name if _fold(name) else f"row {i + 1}"
        if has_name_column:
            if _fold(name) is None:
                add(label, "name_missing", None, "campaign has no name")
            else:
                match = pattern.match(name)
                if match is None:
                    add(label, "name_format", name, "name does not follow YYYY-MM-Type-Name")
                elif types and "type" in match.groupdict() and match["type"].casefold() not in types:
                    add(label, "name_type", match["type"],
                        f"type {match['type']!r} is not one of {', '.join(settings.campaign_types)}")
        # UTM columns
        for param in settings.utm_required:
            if param in utm_mapped and utm[param][i] is None:
                add(label, "utm_missing", None, f"utm_{param} is blank")
        if settings.utm_required and not utm_mapped and urls[i] is None:
            add(label, "utm_missing", None, "no UTM columns and no tracking URL")
        for param in (*settings.utm_required, *settings.utm_optional):
            value = utm[param][i]
            if value is None:
                continue
            if value != value.lower():
                add(label, "utm_case", value, f"utm_{param} must be lower case")
            if re.search(r"\s", value):
                add(label, "utm_spaces", value, f"utm_{param} must not contain spaces")
        if utm["campaign"][i] is not None and _fold(name) is not None and utm["campaign"][i] != _slug(name):
            add(label, "utm_campaign_mismatch", utm["campaign"][i],
                f"utm_campaign should be {_slug(name)!r} for campaign {name!r}")
        # tracking URL
        if urls[i] is not None:
            parts = urlsplit(urls[i])
            if parts.scheme not in ("http", "https") or not parts.netloc or " " in urls[i]:
                add(label, "url_invalid", urls[i], "tracking URL is not an http(s) URL")
            else:
                query = {k.lower(): v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
                for param in settings.utm_required:
                    if not query.get(f"utm_{param}"):
                        add(label, "url_utm_missing", urls[i], f"tracking URL has no utm_{param}")
                for param in (*settings.utm_required, *settings.utm_optional):
                    in_url, in_column = query.get(f"utm_{param}"), utm[param][i]
                    if in_url and in_column is not None and in_url != in_column:
                        add(label, "url_utm_mismatch", in_url,
                            f"tracking URL utm_{param}={in_url!r} but the column says {in_column!r}")
        # pre-send
        presend = settings.presend
        if subjects[i] is not None and len(subjects[i]) >= presend.subject_max_chars:
            add(label, "subject_length", subjects[i],
                f"subject is {len(subjects[i])} characters; must be under {presend.subject_max_chars}")
        if spam is not None and not np.isnan(spam[i]) and spam[i] >= presend.spam_score_max:
            add(label, "spam_score", f"{spam[i]:g}", f"spam score must be under {presend.spam_score_max:g}")
        if presend.require_unsubscribe_link and links[i] is not None and links[i].casefold() not in _TRUE:
            add(label, "unsubscribe_link", links[i], "no unsubscribe link")
    frame = pd.DataFrame(problems, columns=LINT_COLUMNS).astype("str") if problems else pd.DataFrame(
        {c: pd.Series([], dtype="str") for c in LINT_COLUMNS})
    return LintResult(problems=frame, campaigns=len(campaigns))

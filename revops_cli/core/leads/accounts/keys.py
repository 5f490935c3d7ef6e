"""What leads and accounts are matched on: website and corporate email domains, as integer codes.

Lead Management SOP, 1. Lead Capture (company match). Free/webmail and
disposable domains and profile hosts (linkedin.com/company/...) never match;
every column is factorised once, so matching works on codes, once per
distinct value.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from revops_cli.columns import ColumnMapping
from revops_cli.config import RevopsConfig
from revops_cli.core.leads.clean import classify_emails
from revops_cli.normalize.email import (DOMAIN_PLACEHOLDERS, PLACEHOLDER_SAME_LABEL_MAX, Placeholders,
                                        placeholder_reasons)

# Hosts whose pages are profiles of many companies: a Website cell pointing at
# one ("linkedin.com/company/acme") says nothing about the company's own domain.
# Only website values are checked against this list, never email domains.
PROFILE_HOSTS = frozenset({
    "linkedin.com", "facebook.com", "fb.com", "twitter.com", "x.com", "instagram.com", "youtube.com",
    "crunchbase.com", "google.com", "sites.google.com", "maps.google.com", "goo.gl", "bit.ly",
    "linktr.ee", "angel.co", "wellfound.com", "glassdoor.com", "yelp.com", "github.com",
})

_SCHEME = r"^[a-z][a-z0-9+.\-]*://|^//"
_HOST = r"^[^/?#\\\s]*"
_WWW = r"^www\d*\."
_PORT = r":\d*$"
# Labels of letters/digits/hyphens (accented letters allowed), a dot, an alphabetic TLD.
_VALID_HOST = r"(?:[^\W_](?:[\w\-]*[^\W_])?\.)+(?:[^\W\d_]{2,63}|xn--[a-z0-9\-]+)"
# An address classify_emails would take as it is: RFC 5322 dot-atom local part, plain domain.
_ATEXT = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~\-]"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?"
_PLAIN_EMAIL = rf"{_ATEXT}+(?:\.{_ATEXT}+)*@(?:{_LABEL}\.)+[A-Za-z]{{2,63}}"


def website_domain_column(values: pd.Series) -> pd.Series:
    """Website cells -> bare lower-case host, None when the cell is not a web address.

    Scheme, ``www.``, path, query, port and trailing dot are removed:
    ``https://www.Acme.com/about`` -> ``acme.com``, ``www.acme.co.uk`` ->
    ``acme.co.uk``, ``http://acme.com:8080`` -> ``acme.com``; ``mailto:...``,
    an email address, ``n/a`` and blanks -> None. Vectorised, once per
    distinct cell; the result has the index of ``values``.
    """
    codes, domains = _coded(values, _website_domains)
    return pd.Series(np.append(domains, None)[codes], index=values.index, dtype=object, name="revops_website_domain")


def _website_domains(distinct: pd.Series) -> pd.Series:
    text = distinct.astype("str").str.strip().str.lower()
    not_web = text.str.startswith("mailto:").fillna(True) | text.str.contains("@", regex=False).fillna(True)
    host = (text.str.replace(_SCHEME, "", regex=True)
            .str.extract(f"({_HOST})", expand=False)
            .str.replace(_PORT, "", regex=True)
            .str.rstrip(".")
            .str.replace(_WWW, "", regex=True))
    valid = host.str.fullmatch(_VALID_HOST).fillna(False).astype(bool) & ~not_web
    return host.astype(object).where(valid, None)


def _company_website_domains(distinct: pd.Series) -> pd.Series:
    """Website domains without profile hosts (linkedin.com/company/acme is not Acme's site)."""
    domains = _website_domains(distinct)
    return domains.where(~domains.isin(PROFILE_HOSTS), None)


def _lead_domains(leads: pd.DataFrame, mapping: ColumnMapping, config: RevopsConfig) -> tuple[Coded, Coded]:
    """(email domain, website domain) of the leads, not yet filtered to corporate domains."""
    column = mapping.get("email")
    # Nearly every address is distinct, so the domain is cut out row-wise (Arrow string
    # kernels) and only the domains are factorised.
    emails = _coded(_email_domains(leads[column], config)) if column else _coded_field(leads, mapping, "email", None)
    websites = _coded_field(leads, mapping, "website", _company_website_domains)
    return emails, websites


def _email_domains(emails: pd.Series, config: RevopsConfig) -> pd.Series:
    """The domain :func:`classify_emails` gives each valid address, lower case.

    A plain address (the great majority) is split with one vectorised regex;
    only the odd cells (``mailto:``, display names, quotes, unicode) go through
    :func:`classify_emails` itself, once per distinct cell.
    """
    text = emails.astype("str").str.strip()
    plain = text.str.fullmatch(_PLAIN_EMAIL).fillna(False).astype(bool)
    domain = text.str.replace(r"^[^@]*@", "", regex=True).str.lower().where(plain)
    odd = ~plain & text.notna() & text.ne("")
    if odd.any():
        classified = classify_emails(emails[odd].astype(object), config)
        valid = classified["revops_email_valid"].eq(True) & ~classified["placeholder"].isin(DOMAIN_PLACEHOLDERS)
        domain[odd.to_numpy()] = classified["revops_email_domain"].where(valid, None).to_numpy()
    # a@a.com, xx@xx.com: the domain is as made up as the address. Only short local parts can be that,
    # so only they are checked (placeholder domains themselves are dropped per domain in _corporate_only).
    short = plain & text.str.find("@").le(2 * PLACEHOLDER_SAME_LABEL_MAX).fillna(False).astype(bool)
    if short.any():
        reasons = placeholder_reasons(text[short], _placeholders(config))
        domain[reasons.isin(DOMAIN_PLACEHOLDERS).reindex(domain.index, fill_value=False)] = None
    return domain


def _placeholders(config: RevopsConfig) -> Placeholders:
    return Placeholders.of(config.clean.placeholder_email_local_parts, config.clean.placeholder_email_domains)


def _corporate_only(codes: list[np.ndarray], vocab: np.ndarray, config: RevopsConfig) -> list[np.ndarray]:
    """Set to -1 the codes of domains that are not corporate (free/webmail, disposable, placeholder, invalid)."""
    if len(vocab) == 0:
        return codes
    probe = pd.Series([f"postmaster@{d}" for d in vocab], dtype=object)
    classified = classify_emails(probe, config)
    corporate = (classified["revops_email_valid"].eq(True) & classified["revops_email_generic"].ne(True)
                 & classified["revops_email_disposable"].ne(True)
                 & ~classified["placeholder"].isin(DOMAIN_PLACEHOLDERS)).to_numpy()
    keep = np.append(corporate, False)  # code -1 stays -1
    return [np.where(keep[c], c, -1) for c in codes]


# A column as integer codes (-1 = missing) plus its distinct values (object, None allowed).
Coded = tuple[np.ndarray, np.ndarray]


def _coded(values: pd.Series, transform: Callable[[pd.Series], pd.Series] | None = None) -> Coded:
    """Factorise a column; ``transform`` (distinct values -> same-length Series) runs once per distinct value."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    distinct = pd.Series(np.asarray(uniques, dtype=object), dtype=object)
    if transform is not None and len(distinct):
        distinct = transform(distinct)
    return np.asarray(codes, dtype=np.int64), distinct.to_numpy(dtype=object)


def _coded_field(frame: pd.DataFrame, mapping: ColumnMapping, canonical: str,
                 transform: Callable[[pd.Series], pd.Series] | None) -> Coded:
    """:func:`_coded` of a canonical field's column; all missing when the file lacks the field."""
    column = mapping.get(canonical)
    if column is None:
        return np.full(len(frame), -1, dtype=np.int64), np.zeros(0, dtype=object)
    return _coded(frame[column], transform)


def _shared_codes(*columns: Coded) -> tuple[list[np.ndarray], np.ndarray]:
    """Re-code several coded columns over one vocabulary of their non-missing values."""
    pooled = pd.Series(np.concatenate([d for _, d in columns]), dtype=object)
    vocab = pd.unique(pooled[pooled.notna()].to_numpy(dtype=object)) if len(pooled) else np.zeros(0, dtype=object)
    vocab = np.asarray(vocab, dtype=object)
    index = pd.Index(vocab, dtype=object)
    out = []
    for codes, distinct in columns:
        lookup = np.append(index.get_indexer(distinct), -1) if len(distinct) else np.array([-1])
        out.append(lookup[codes].astype(np.int64))
    return out, vocab


def _first_position(codes: np.ndarray, size: int) -> np.ndarray:
    """Per code: the smallest position holding it (-1 when none)."""
    first = np.full(size, -1, dtype=np.int64)
    positions = np.flatnonzero(codes >= 0)[::-1]
    first[codes[positions]] = positions  # reversed: the smallest position is written last
    return first


def _codes_with_first(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    codes, uniques = pd.factorize(values)
    first = np.full(len(uniques), -1, dtype=np.int64)
    first[codes[::-1]] = np.arange(len(values) - 1, -1, -1)
    return codes, first


def _lookup(table_codes: np.ndarray, table_values: np.ndarray, queries: np.ndarray) -> np.ndarray:
    """Value of the first table entry equal to each query, -1 when absent (sorted search)."""
    if len(table_codes) == 0 or len(queries) == 0:
        return np.full(len(queries), -1, dtype=np.int64)
    order = np.argsort(table_codes, kind="stable")
    sorted_codes, sorted_values = table_codes[order], table_values[order]
    at = np.searchsorted(sorted_codes, queries, side="left")
    at_clipped = np.minimum(at, len(sorted_codes) - 1)
    return np.where(sorted_codes[at_clipped] == queries, sorted_values[at_clipped], -1)

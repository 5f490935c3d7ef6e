"""Emails: trimmed, domain lower-cased, validity flag; free, disposable and role addresses
(Lead Management SOP, Data hygiene and Enrichment; Data Management SOP, email unique)."""

from __future__ import annotations

import socket

import dns.resolver
import email_validator
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from revops_cli.normalize.email import (
    DEFAULT_ROLE_PREFIXES,
    EMAIL_COLUMNS,
    email_match_key,
    email_match_key_column,
    normalize_email,
    normalize_email_column,
)

CORPORATE = (True, "acme.com", False, False, False, False, None)  # valid, domain, generic, disposable, role, placeholder, why


# --- tidying ----------------------------------------------------------------------

@pytest.mark.parametrize(
    ("raw", "value", "rule"),
    [
        ("john@acme.com", "john@acme.com", None),
        ("John.Smith@acme.com", "John.Smith@acme.com", None),  # local part case is kept
        ("John@ACME.COM", "John@acme.com", "email_lowercase_domain"),
        ("JOHN@Acme.Com", "JOHN@acme.com", "email_lowercase_domain"),
        ("  john@acme.com ", "john@acme.com", "email_trim"),
        ("\tjohn@acme.com\r\n", "john@acme.com", "email_trim"),
        ("\u00a0john@acme.com\u00a0", "john@acme.com", "email_trim"),
        ("\ufeffjohn@acme.com", "john@acme.com", "email_trim"),  # BOM on the first cell
        (" John@ACME.com ", "John@acme.com", "email_lowercase_domain"),
        ("<john@acme.com>", "john@acme.com", "email_unwrap"),
        ("mailto:john@acme.com", "john@acme.com", "email_unwrap"),
        ("MAILTO:John@Acme.com", "John@acme.com", "email_unwrap"),
        ("mailto:john@acme.com?subject=Hello", "john@acme.com", "email_unwrap"),
        ('"john@acme.com"', "john@acme.com", "email_unwrap"),
        ("'john@acme.com'", "john@acme.com", "email_unwrap"),
        ("\u201cjohn@acme.com\u201d", "john@acme.com", "email_unwrap"),
        ('"<mailto:john@acme.com>"', "john@acme.com", "email_unwrap"),
        ("John Smith <John@ACME.com>", "John@acme.com", "email_unwrap"),
        ('"Smith, John" <john@acme.com>', "john@acme.com", "email_unwrap"),
        ("john.smith+crm@acme.com", "john.smith+crm@acme.com", None),
        ("o'brien@acme.co.uk", "o'brien@acme.co.uk", None),
        ("john@mail.acme.com", "john@mail.acme.com", None),
        ("j@acme.io", "j@acme.io", None),
        ("jürgen@acme.de", "jürgen@acme.de", None),
        ("user@BÜCHER.de", "user@bücher.de", "email_lowercase_domain"),
        ("user@xn--bcher-kva.de", "user@xn--bcher-kva.de", None),
        ("john@example.com", "john@example.com", None),
    ],
)
def test_valid_addresses_are_tidied(raw, value, rule):
    result = normalize_email(raw)
    assert result[:4] == (value, None, rule, True)
    assert result[4] == value.rpartition("@")[2]


def test_a_corporate_address_has_every_column():
    assert normalize_email("Jane.Doe@ACME.com") == (
        "Jane.Doe@acme.com", None, "email_lowercase_domain", *CORPORATE
    )


# --- invalid and blank ------------------------------------------------------------------

@pytest.mark.parametrize(
    "raw",
    [
        "john@acme,com",  # comma typo: flagged, never "fixed"
        "john@acme .com",
        "john doe@acme.com",
        "john@@acme.com",
        "john.acme.com",
        "john@acme",
        "john@acme.",
        "john@acme..com",
        "jo..hn@acme.com",
        ".john@acme.com",
        "john.@acme.com",
        "@acme.com",
        "john@",
        "john@acme.com;",
        "john@acme.com, jane@acme.com",
        "john@acme.com jane@acme.com",
        "john@localhost",
        "john@test.test",
        "john@[10.0.0.1]",
        "n/a",
        "none",
        "-",
        "unknown",
        "mailto:",
        "<>",
        '""',
        "x" * 300 + "@acme.com",
    ],
)
def test_invalid_addresses_are_flagged_and_kept_as_they_were(raw):
    assert normalize_email(raw) == (raw, "invalid email", None, False, None, False, False, False, False, None)


def test_invalid_address_with_padding_is_kept_with_its_padding():
    assert normalize_email("  john@acme,com ")[:2] == ("  john@acme,com ", "invalid email")


@pytest.mark.parametrize("raw", [None, "", "   ", "\t", "\u00a0", "\ufeff"])
def test_blank_is_none_and_not_flagged(raw):
    assert normalize_email(raw) == (None,) * 10


# --- free, disposable and role addresses ----------------------------------------------------

@pytest.mark.parametrize(
    "domain",
    [
        "gmail.com", "googlemail.com", "yahoo.com", "yahoo.co.uk", "yahoo.fr", "yahoo.com.br",
        "hotmail.com", "hotmail.de", "outlook.com", "live.com", "msn.com", "aol.com",
        "icloud.com", "me.com", "proton.me", "protonmail.com", "gmx.de", "gmx.net", "gmx.at",
        "web.de", "mail.ru", "yandex.ru", "qq.com", "163.com", "comcast.net", "GMAIL.COM",
    ],
)
def test_free_webmail_domains_are_generic(domain):
    result = normalize_email(f"jane@{domain}")
    assert result[3:6] == (True, domain.lower(), True)


@pytest.mark.parametrize(
    "domain", ["acme.com", "salesforce.com", "yahoo-inc.example.com", "gmail.company.io", "hotmail-lovers.org"]
)
def test_corporate_domains_are_not_generic(domain):
    assert normalize_email(f"jane@{domain}")[5] is False


@pytest.mark.parametrize("domain", ["mailinator.com", "guerrillamail.com", "10minutemail.com", "inbox.mailinator.com"])
def test_disposable_domains(domain):
    assert normalize_email(f"x@{domain}")[6] is True


def test_corporate_domain_is_not_disposable():
    assert normalize_email("x@acme.com")[6] is False


@pytest.mark.parametrize(
    "local",
    [
        "info", "INFO", "sales", "support", "admin", "noreply", "no-reply", "marketing", "contact",
        "hello", "office", "billing", "hr", "jobs", "team", "webmaster", "postmaster",
        "sales.emea", "info-uk", "support2", "info+newsletter", "do-not-reply",
    ],
)
def test_role_addresses(local):
    assert normalize_email(f"{local}@acme.com")[7] is True


@pytest.mark.parametrize("local", ["john", "hrishi", "information.desk.jane", "salesforce.admin.bob", "teams", "jobsworth", "ian"])
def test_personal_addresses_are_not_role(local):
    assert normalize_email(f"{local}@acme.com")[7] is False


def test_default_role_prefixes_cover_the_common_mailboxes():
    for prefix in ("info", "sales", "support", "admin", "noreply", "no-reply", "marketing", "contact",
                   "hello", "office", "billing", "hr", "jobs", "team", "webmaster", "postmaster"):
        assert prefix in DEFAULT_ROLE_PREFIXES


# --- the column function -------------------------------------------------------------------------

def test_column_result_shape_order_and_index():
    index = pd.Index(["r9", "r2", "r7", "r1"], name="row")
    emails = pd.Series(["Jane@GMAIL.com", np.nan, "john@acme,com", "  "], index=index, dtype="str")
    out = normalize_email_column(emails)
    assert list(out.columns) == list(EMAIL_COLUMNS)
    assert out.index.equals(index)
    assert out.loc["r9"].tolist() == [
        "Jane@gmail.com", None, "email_lowercase_domain", True, "gmail.com", True, False, False, False, None
    ]
    assert out.loc["r2"].tolist() == [None] * 10
    assert out.loc["r7"].tolist() == ["john@acme,com", "invalid email", None, False, None, False, False, False,
                                      False, None]
    assert out.loc["r1"].tolist() == [None] * 10


def test_column_extra_lists_and_role_prefixes_from_config():
    emails = pd.Series(["jane@acme-mail.net", "bob@burner.example", "bids@acme.com", "info@acme.com"])
    out = normalize_email_column(
        emails,
        extra_generic_domains=["ACME-mail.net "],
        extra_disposable_domains=["@burner.example"],
        role_prefixes=["bids"],
    )
    assert out["revops_email_generic"].tolist() == [True, False, False, False]
    assert out["revops_email_disposable"].tolist() == [False, True, False, False]
    assert out["revops_email_role"].tolist() == [False, False, True, False]  # list replaced, not extended
    # the defaults are untouched by a call with extras
    assert normalize_email("jane@acme-mail.net")[5] is False


def test_empty_column():
    out = normalize_email_column(pd.Series([], dtype="str"))
    assert len(out) == 0
    assert list(out.columns) == list(EMAIL_COLUMNS)


def test_validator_is_called_once_per_distinct_email_the_column_leaves_to_it(monkeypatch):
    import revops_cli.normalize.email as email_module

    calls = []
    real_parse = email_module._parse

    def counting_parse(raw):
        calls.append(raw)
        return real_parse(raw)

    # _parse holds the syntax check (fast path or email-validator) for both functions below
    monkeypatch.setattr(email_module, "_parse", counting_parse)
    distinct = ["Jane@ACME.com", "bob@gmail.com", "bad@acme,com"]
    emails = pd.Series([distinct[i % 3] for i in range(1_000)], index=range(1_000, 0, -1))
    out = normalize_email_column(emails)
    assert calls == ["bad@acme,com"]  # the two plain addresses are answered in bulk
    assert out.index.equals(emails.index)
    assert out["value"].value_counts().to_dict() == {"Jane@acme.com": 334, "bob@gmail.com": 333, "bad@acme,com": 333}

    calls.clear()
    keys = email_match_key_column(emails)
    assert len(calls) == 3
    assert keys.index.equals(emails.index)


def test_no_network_is_used(monkeypatch):
    seen_kwargs = []
    real_validate = email_validator.validate_email

    def spying_validate(email, **kwargs):
        seen_kwargs.append(kwargs)
        return real_validate(email, **kwargs)

    def no_network(*args, **kwargs):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(email_validator, "validate_email", spying_validate)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    monkeypatch.setattr(socket, "gethostbyname", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(dns.resolver, "resolve", no_network)
    monkeypatch.setattr(dns.resolver.Resolver, "resolve", no_network)

    out = normalize_email_column(pd.Series(["jane@acme.com", "bob@gmail.com", "x@no-such-domain-revops.invalid.com",
                                            "josé@bücher.de"]))
    assert out["revops_email_valid"].tolist() == [True, True, True, True]
    assert seen_kwargs and all(kw.get("check_deliverability") is False for kw in seen_kwargs)


# --- match key for dedupe ----------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("email", "key"),
    [
        ("John.Smith@Acme.com", "john.smith@acme.com"),
        ("john.smith+crm@acme.com", "john.smith@acme.com"),
        ("  <John.Smith@ACME.COM> ", "john.smith@acme.com"),
        ("J.O.H.N+news@gmail.com", "john@gmail.com"),
        ("john@googlemail.com", "john@gmail.com"),
        ("Jo.Hn@GoogleMail.com", "john@gmail.com"),
        ("jo.hn@yahoo.com", "jo.hn@yahoo.com"),  # dots only ignored by Gmail
        ("+tagonly@acme.com", "+tagonly@acme.com"),
        ("user@BÜCHER.de", "user@xn--bcher-kva.de"),
        ("user@xn--bcher-kva.de", "user@xn--bcher-kva.de"),
        ("john@acme,com", None),
        ("", None),
        ("   ", None),
        (None, None),
    ],
)
def test_email_match_key(email, key):
    assert email_match_key(email) == key


def test_match_key_column_keeps_index_and_missing_values():
    emails = pd.Series(["John@Acme.com", None, "john+x@acme.com", "bad"], index=[4, 3, 2, 1], dtype="str")
    keys = email_match_key_column(emails)
    assert keys.index.equals(emails.index)
    assert keys.tolist() == ["john@acme.com", None, "john@acme.com", None]


# --- properties -------------------------------------------------------------------------------------

_cells = st.one_of(
    st.none(),
    st.text(max_size=60),
    st.emails(),
    st.builds(lambda e, pad, wrap: wrap.format(pad + e.upper() + pad), st.emails(), st.sampled_from(["", " ", "\t"]),
              st.sampled_from(["{}", "<{}>", "mailto:{}", '"{}"', "Name <{}>"])),
)


@settings(max_examples=300, deadline=None)
@given(cells=st.lists(_cells, max_size=30), offset=st.integers(min_value=-50, max_value=50))
def test_column_never_raises_and_keeps_every_row(cells, offset):
    index = pd.Index([f"row{offset + i}" for i in range(len(cells))])
    emails = pd.Series(cells, index=index, dtype=object)
    out = normalize_email_column(emails)
    assert len(out) == len(cells)
    assert out.index.equals(index)
    for raw, (value, flag, rule, valid) in zip(cells, out[["value", "flag", "rule", "revops_email_valid"]].itertuples(index=False)):
        if flag is not None:
            assert value == raw and rule is None and valid is False
        if valid:
            assert value.count("@") >= 1 and value == value.strip()
    keys = email_match_key_column(emails)
    assert keys.index.equals(index)


@settings(max_examples=300, deadline=None)
@given(raw=_cells)
def test_normalising_twice_changes_nothing_more(raw):
    first = normalize_email(raw)
    again = normalize_email(first[0])
    assert again[0] == first[0]
    assert again[1] == first[1]
    assert again[2] is None
    assert again[3:] == first[3:]
    # the match key of the tidy value is the key of the raw value
    assert email_match_key(first[0]) == email_match_key(raw)


# --- the fast path for plain addresses agrees with email-validator -------------

from hypothesis import given, settings, strategies as st  # noqa: E402

import revops_cli.normalize.email as email_module  # noqa: E402

_local = st.from_regex(r"\A[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,20}\Z")
_label = st.from_regex(r"\A[A-Za-z0-9-]{1,12}\Z")
_tld = st.sampled_from(["com", "de", "io", "co", "test", "local", "x1", "COM", "a", "photography"])


@settings(max_examples=600, deadline=None)
@given(_local, st.lists(_label, min_size=1, max_size=3), _tld)
def test_fast_path_matches_email_validator(local, labels, tld):
    text = f"{local}@{'.'.join(labels)}.{tld}"
    try:
        email_module.email_validator.validate_email(text, check_deliverability=False)
        slow_valid = True
    except email_module.email_validator.EmailNotValidError:
        slow_valid = False
    fast = email_module._PLAIN_ADDRESS.match(text) and not email_module._special_use(text)
    if fast:
        assert slow_valid, text  # the fast path never accepts what the validator rejects
    assert (email_module._parse(text) is not None) == slow_valid, text


# --- placeholders: valid syntax, nobody's address (issue 17, item 6) ----------------------------

from revops_cli.normalize.email import placeholder_reasons  # noqa: E402


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("a@a.com", "same local part and domain"),
        ("xx@xx.com", "same local part and domain"),
        ("XXX@xxx.com", "same local part and domain"),
        ("abc@abc.co.uk", "same local part and domain"),
        ("asdf@gmail.com", "keyboard run"),
        ("asdf12@gmail.com", "keyboard run"),
        ("qwerty@acme.com", "keyboard run"),
        ("abcd@acme.com", "keyboard run"),
        ("1234@acme.com", "keyboard run"),
        ("123@acme.com", "keyboard run"),
        ("xxx@acme.com", "repeated character"),
        ("aaaa@gmail.com", "repeated character"),
        ("test@acme.com", "placeholder local part"),
        ("Test123@gmail.com", "placeholder local part"),
        ("none@acme.com", "placeholder local part"),
        ("noemail@acme.com", "placeholder local part"),
        ("no-email@acme.com", "placeholder local part"),
        ("no_email@acme.com", "placeholder local part"),
        ("na@acme.com", "placeholder local part"),
        ("n.a@acme.com", "placeholder local part"),
        ("unknown@acme.com", "placeholder local part"),
        ("donotreply@acme.com", "placeholder local part"),
        ("do-not-reply@acme.com", "placeholder local part"),
        ("noreply@acme.com", "placeholder local part"),
        ("fake@acme.com", "placeholder local part"),
        ("dummy@acme.com", "placeholder local part"),
        ("sample@acme.com", "placeholder local part"),
        ("null@acme.com", "placeholder local part"),
        ("test+crm@acme.com", "placeholder local part"),
        ("john@example.com", "placeholder domain"),
        ("john@example.org", "placeholder domain"),
        ("john@example.net", "placeholder domain"),
        ("john@example.co.uk", "placeholder domain"),
        ("jane@test.com", "placeholder domain"),
        ("jane@test.de", "placeholder domain"),
        ("x@domain.com", "placeholder domain"),
        ("x@email.com", "placeholder domain"),
        ("user0@company.com", "placeholder domain"),
        ("bob.smith@mailinator.com", "public inbox"),
        ("bob@inbox.mailinator.com", "public inbox"),
        ("bob@yopmail.com", "public inbox"),
    ],
)
def test_placeholder_addresses_are_named_with_the_rule_that_caught_them(address, reason):
    row = normalize_email(address)
    assert row[3] is True  # valid syntax: a placeholder is not an invalid address
    assert row[8:] == (True, reason)


@pytest.mark.parametrize(
    "address",
    ["jane.doe@acme.com", "jo@hp.com", "abc@acme.com", "aa@acme.com", "nadia@acme.com", "info@info.com",
     "jane@jane.com", "tess@acme.com", "testa.jones@acme.com", "j.smith@gmail.com", "20384756@qq.com",
     "x@a.co.uk", "ann.test@acme.com", "john@examples.com", "sam@qwerty-consulting.com"],
)
def test_real_looking_addresses_are_not_placeholders(address):
    assert normalize_email(address)[8:] == (False, None)


def test_config_extends_the_placeholder_vocabulary():
    emails = pd.Series(["tbd@acme.com", "jane@acme-dummy.io", "jane@acme.com", "x@a.com", "broken@", None])
    out = normalize_email_column(emails, extra_placeholder_local_parts=["TBD"],
                                 extra_placeholder_domains=["@acme-dummy.io"])
    assert out["revops_email_placeholder"].tolist() == [True, True, False, False, False, None]
    assert out["placeholder"].tolist() == ["placeholder local part", "placeholder domain", None, None, None, None]
    # without the extras the built-in rules only
    plain = normalize_email_column(emails)
    assert plain["revops_email_placeholder"].tolist() == [False, False, False, False, False, None]


def test_placeholder_rules_run_on_a_column_of_distinct_domains_once():
    many = pd.Series([f"user{i}@company.com" for i in range(500)] + ["a@a.com"] * 7 + ["jane@acme.com"])
    reasons = placeholder_reasons(many)
    assert reasons.value_counts().to_dict() == {"placeholder domain": 500, "same local part and domain": 7}
    assert reasons.iloc[-1] is None


# --- the column answers plain addresses in bulk: the same as cell by cell (issue 18) -------------

_cell_text = st.one_of(
    st.none(),
    st.builds(lambda pre, local, labels, tld, post: f"{pre}{local}@{'.'.join(labels)}.{tld}{post}",
              st.sampled_from(["", " ", "  ", "\t", "<", "mailto:", "\u00a0", '"', "Jane <"]),
              _local, st.lists(_label, min_size=1, max_size=3),
              st.sampled_from(["com", "de", "io", "co", "test", "local", "x1", "COM", "a", "photography", "Org"]),
              st.sampled_from(["", " ", "\t", ">", "\n", '"', ",", "\u200b"])),
    st.text(max_size=30),
    st.sampled_from(["", "   ", "Info+EMEA@Acme.COM", "sales.emea@acme.com", "x@xn--bcher-kva.de", "a@ab--c.com",
                     "jane@mail.localhost", "bob+news@Yahoo.co.uk", "+tag@acme.com", "hr2@acme.com", "x" * 65 + "@a.com"]),
)


@settings(max_examples=250, deadline=None)
@given(st.lists(_cell_text, min_size=1, max_size=25), st.booleans())
def test_the_column_gives_every_cell_what_the_per_cell_function_gives(cells, custom):
    from revops_cli.normalize.distinct import map_distinct

    extras = {"extra_generic_domains": ["acme.com"], "extra_disposable_domains": ["de"],
              "role_prefixes": ["jane", "x-y"]} if custom else {}
    emails = pd.Series(cells, index=range(100, 100 + len(cells)), dtype=object)
    column = normalize_email_column(emails, **extras)
    generic = email_module._with_extras(email_module.generic_domain_set(), extras.get("extra_generic_domains", ()))
    disposable = email_module._with_extras(email_module.disposable_domain_set(),
                                           extras.get("extra_disposable_domains", ()))
    role = (email_module._default_role_pattern() if not custom
            else email_module._role_pattern(tuple(extras["role_prefixes"])))
    cell_by_cell = map_distinct(emails, lambda raw: email_module._normalize_email(raw, generic, disposable, role),
                                email_module.EMAIL_COLUMNS[:-2])
    pd.testing.assert_frame_equal(column[list(email_module.EMAIL_COLUMNS[:-2])], cell_by_cell)


def test_plain_addresses_are_classified_in_bulk_with_the_rules_of_the_per_cell_function():
    emails = pd.Series([" Jane.Doe@Acme.COM ", "info2@acme.com", "bob+news@yahoo.co.uk", "x@mailinator.com",
                        "jane@acme.com", None, ""], dtype="str")
    out = normalize_email_column(emails)
    assert out["value"].tolist() == ["Jane.Doe@acme.com", "info2@acme.com", "bob+news@yahoo.co.uk",
                                     "x@mailinator.com", "jane@acme.com", None, None]
    assert out["rule"].tolist() == [email_module.RULE_LOWERCASE_DOMAIN, None, None, None, None, None, None]
    assert out["revops_email_role"].tolist() == [False, True, False, False, False, None, None]
    assert out["revops_email_generic"].tolist() == [False, False, True, True, False, None, None]  # mailinator: both lists
    assert out["revops_email_disposable"].tolist() == [False, False, False, True, False, None, None]

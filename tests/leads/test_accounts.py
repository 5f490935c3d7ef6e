"""Lead-to-account matching (Lead Management SOP, capture: "company match -> associate with existing account")."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from revops_cli.columns import ACCOUNT_ALIASES, LEAD_ALIASES, SCHEMAS, detect_columns, header_key
from revops_cli.columns.detect import _loose_key
from revops_cli.config import RevopsConfig, parse_config
from revops_cli.core.leads.accounts import (
    MATCH_DOMAIN,
    MATCH_FUZZY,
    MATCH_NAME,
    MATCH_NONE,
    group_accounts,
    match_accounts,
    website_domain_column,
)
from revops_cli.core.leads.accounts.grouping import website_names_company
from revops_cli.errors import RevopsInputError
from revops_cli.io import read_table

from tests.conftest import SAMPLE, invoke, read

CONFIG = RevopsConfig()
ACCOUNT_HEADER = ["Account ID", "Account Name", "Website", "Phone", "Billing Country"]


def leads_frame(rows: list[dict], index=None) -> pd.DataFrame:
    columns = ["Company", "Email", "Website", "Phone", "Country"]
    return pd.DataFrame([{c: row.get(c) for c in columns} for row in rows], columns=columns, index=index)


def accounts_frame(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame([dict(zip(ACCOUNT_HEADER, row)) for row in rows], columns=ACCOUNT_HEADER)


def match(leads: pd.DataFrame, accounts: pd.DataFrame, config: RevopsConfig = CONFIG):
    lead_mapping = detect_columns(list(leads.columns))
    account_mapping = detect_columns(list(accounts.columns), schema="accounts")
    return match_accounts(leads, lead_mapping, accounts, account_mapping, config)


def group(leads: pd.DataFrame):
    return group_accounts(leads, detect_columns(list(leads.columns)), CONFIG)


def pairs(result) -> list[tuple]:
    """(account id or None, tier) per lead, in order."""
    cols = result.columns
    ids = cols["revops_account_id"].astype(object).where(cols["revops_account_id"].notna(), None)
    return list(zip(ids, cols["revops_account_match"]))


ACCOUNTS = accounts_frame([
    ("001A", "Acme, Inc.", "https://www.acme.com/", "", "US"),
    ("001G", "Globex Corporation", "globex.com", "", "US"),
    ("001N", "Northwind Traders", "", "+1 415 555 0134", "US"),
])


# --------------------------------------------------------------------------
# columns: the accounts schema
# --------------------------------------------------------------------------


def test_no_account_alias_claims_two_fields():
    for key_of in (header_key, _loose_key):
        owners: dict[str, str] = {}
        for canonical, aliases in ACCOUNT_ALIASES.items():
            for alias in (canonical, *aliases):
                key = key_of(alias)
                if key:
                    assert owners.setdefault(key, canonical) == canonical, (
                        f"{alias!r} claimed by {owners[key]} and {canonical}")


def test_accounts_schema_is_registered_and_leads_schema_unchanged():
    assert SCHEMAS["accounts"] is ACCOUNT_ALIASES
    assert SCHEMAS["leads"] is LEAD_ALIASES
    assert detect_columns(["Account Name", "Website"]).fields == {"company": "Account Name", "website": "Website"}


@pytest.mark.parametrize(
    "headers,expected",
    [
        (["Account ID", "Account Name", "Website", "Phone", "Billing Country", "Billing State/Province", "Industry",
          "Employees", "Account Owner", "Type", "Parent Account"],
         {"account_id": "Account ID", "account_name": "Account Name", "country": "Billing Country",
          "state": "Billing State/Province", "employees": "Employees", "owner": "Account Owner",
          "parent_account_id": "Parent Account"}),
        (["Id", "Name", "Website", "Phone", "BillingCountry", "BillingState", "BillingCity", "NumberOfEmployees",
          "AnnualRevenue", "OwnerId", "ParentId"],
         {"account_id": "Id", "account_name": "Name", "country": "BillingCountry", "city": "BillingCity",
          "employees": "NumberOfEmployees", "annual_revenue": "AnnualRevenue", "parent_account_id": "ParentId"}),
        (["Record ID", "Company name", "Company Domain Name", "Phone Number", "Country/Region", "Company owner"],
         {"account_id": "Record ID", "account_name": "Company name", "website": "Company Domain Name",
          "phone": "Phone Number", "country": "Country/Region", "owner": "Company owner"}),
        (["Organization - ID", "Organization - Name", "Organization - Website", "Organization - Owner"],
         {"account_id": "Organization - ID", "account_name": "Organization - Name",
          "website": "Organization - Website", "owner": "Organization - Owner"}),
    ],
    ids=["salesforce-report", "salesforce-api", "hubspot-companies", "pipedrive-organizations"],
)
def test_account_exports_are_recognised(headers, expected):
    mapping = detect_columns(headers, schema="accounts", source="accounts.csv")
    for canonical, header in expected.items():
        assert mapping.get(canonical) == header, canonical


# --------------------------------------------------------------------------
# website domains
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("https://www.Acme.com/about", "acme.com"),
        ("acme.com", "acme.com"),
        ("www.acme.co.uk", "acme.co.uk"),
        ("http://acme.com:8080", "acme.com"),
        (" WWW.ACME.COM. ", "acme.com"),
        ("https://acme.com/en-us?ref=x#top", "acme.com"),
        ("mailto:info@acme.com", None),
        ("info@acme.com", None),
        ("n/a", None),
        ("", None),
        (None, None),
    ],
)
def test_website_domain(raw, expected):
    assert website_domain_column(pd.Series([raw], dtype=object)).iloc[0] == expected


def test_website_domain_keeps_the_index():
    values = pd.Series(["acme.com", None, "www.globex.com"], index=["x", "y", "z"], dtype="str")
    result = website_domain_column(values)
    assert result.index.tolist() == ["x", "y", "z"]
    assert result.tolist() == ["acme.com", None, "globex.com"]


# --------------------------------------------------------------------------
# match_accounts: the tiers
# --------------------------------------------------------------------------


def test_company_key_match_ignores_legal_suffix_and_case():
    result = match(leads_frame([{"Company": "ACME CORPORATION", "Email": "jo@gmail.com"}]), ACCOUNTS)
    assert pairs(result) == [("001A", MATCH_NAME)]
    assert result.columns["revops_account_name"].iloc[0] == "Acme, Inc."


def test_name_beats_domain():
    # A Globex employee writing from an Acme address is still associated with Globex by name.
    result = match(leads_frame([{"Company": "Globex", "Email": "jo@acme.com"}]), ACCOUNTS)
    assert pairs(result) == [("001G", MATCH_NAME)]


def test_similar_name_with_the_accounts_email_domain_is_fuzzy():
    result = match(leads_frame([{"Company": "Globx Corp", "Email": "jo@GLOBEX.COM"}]), ACCOUNTS)
    assert pairs(result) == [("001G", MATCH_FUZZY)]


def test_similar_name_with_the_accounts_website_is_fuzzy():
    result = match(leads_frame([{"Company": "Globx", "Website": "http://www.globex.com/contact"}]), ACCOUNTS)
    assert pairs(result) == [("001G", MATCH_FUZZY)]


def test_similar_name_with_the_accounts_phone_is_fuzzy():
    leads = leads_frame([{"Company": "Nortwind Traders", "Phone": "(415) 555-0134 ext. 12", "Country": "USA"}])
    assert pairs(match(leads, ACCOUNTS)) == [("001N", MATCH_FUZZY)]


def test_similar_name_without_corroboration_is_not_fuzzy():
    leads = leads_frame([
        {"Company": "Nortwind Traders", "Email": "jo@gmail.com", "Phone": "(415) 555-0199"},  # nothing agrees
        {"Company": "Globx", "Email": "jo@acme.com"},  # similar to Globex, but the domain is Acme's
    ])
    assert pairs(match(leads, ACCOUNTS)) == [(None, MATCH_NONE), ("001A", MATCH_DOMAIN)]


def test_a_different_company_on_the_accounts_domain_is_domain_not_fuzzy():
    # "acme bank" vs "acme" is 62 with token_sort_ratio: below the threshold, so the domain decides.
    leads = leads_frame([{"Company": "Acme Bank", "Email": "jo@acme.com"}])
    assert pairs(match(leads, ACCOUNTS)) == [("001A", MATCH_DOMAIN)]
    lenient = parse_config({"dedupe": {"account_fuzzy_threshold": 60.0}})
    assert pairs(match(leads, ACCOUNTS, lenient)) == [("001A", MATCH_FUZZY)]


def test_domain_alone_when_the_lead_names_no_company():
    leads = leads_frame([
        {"Company": None, "Email": "jo@acme.com"},
        {"Company": "", "Email": "kim@gmail.com", "Website": "www.globex.com"},
        {"Company": "  ", "Email": "Jo Smith <jo@acme.com>"},
    ])
    assert pairs(match(leads, ACCOUNTS)) == [("001A", MATCH_DOMAIN), ("001G", MATCH_DOMAIN), ("001A", MATCH_DOMAIN)]


def test_email_domain_is_tried_before_website_domain():
    leads = leads_frame([{"Company": None, "Email": "jo@globex.com", "Website": "acme.com"}])
    assert pairs(match(leads, ACCOUNTS)) == [("001G", MATCH_DOMAIN)]


def test_free_and_disposable_domains_never_match():
    accounts = accounts_frame([("001M", "Gmail Fan Club", "gmail.com", "", "US"),
                               ("001T", "Temp Inbox Ltd", "https://mailinator.com", "", "GB")])
    leads = leads_frame([
        {"Company": "Freelance Studio", "Email": "jo@gmail.com"},
        {"Company": None, "Email": "kim@mailinator.com"},
        {"Company": None, "Email": "lee@Gmail.com", "Website": "gmail.com"},
    ])
    assert pairs(match(leads, accounts)) == [(None, MATCH_NONE)] * 3


def test_profile_page_in_website_is_not_the_companys_domain():
    accounts = accounts_frame([("001L", "LinkedIn Corporation", "https://www.linkedin.com", "", "US")])
    leads = leads_frame([{"Company": "Foo Labs", "Website": "https://www.linkedin.com/company/foo-labs"},
                         {"Company": None, "Email": "recruiter@linkedin.com"}])
    assert pairs(match(leads, accounts)) == [(None, MATCH_NONE), (None, MATCH_NONE)]


def test_placeholder_companies_never_match_by_name():
    accounts = accounts_frame([("001U", "Unknown", "", "", "US"), ("001A", "Acme, Inc.", "acme.com", "", "US")])
    leads = leads_frame([
        {"Company": "n/a", "Email": "jo@gmail.com"},
        {"Company": "unknown", "Email": "kim@yahoo.com"},
        {"Company": "-", "Email": "lee@acme.com"},  # the company says nothing, the domain still does
    ])
    assert pairs(match(leads, accounts)) == [(None, MATCH_NONE), (None, MATCH_NONE), ("001A", MATCH_DOMAIN)]


def test_leads_without_company_column_match_by_domain():
    leads = pd.DataFrame({"Email": ["jo@acme.com", "kim@gmail.com"]})
    result = match(leads, ACCOUNTS)
    assert pairs(result) == [("001A", MATCH_DOMAIN), (None, MATCH_NONE)]
    assert result.counts == {MATCH_NAME: 0, MATCH_FUZZY: 0, MATCH_DOMAIN: 1, MATCH_NONE: 1}


def test_leads_with_only_a_company_column_match_by_name():
    leads = pd.DataFrame({"Company": ["The Acme Company", "Initrode"]})
    assert pairs(match(leads, ACCOUNTS)) == [("001A", MATCH_NAME), (None, MATCH_NONE)]


# --------------------------------------------------------------------------
# match_accounts: tie-breaks and counts
# --------------------------------------------------------------------------


def test_two_accounts_with_one_key_prefer_the_leads_domain_then_the_first_in_file():
    accounts = accounts_frame([
        ("001D", "INITECH", "", "", "US"),  # a rep's duplicate, no website, first in the file
        ("001I", "Initech LLC", "www.initech.com", "", "US"),
    ])
    leads = leads_frame([
        {"Company": "Initech", "Email": "peter@initech.com"},
        {"Company": "Initech", "Email": "milton@gmail.com", "Website": "initech.com"},
        {"Company": "Initech", "Email": "bill@gmail.com"},
        {"Company": "Initrode", "Email": "jo@initrode.com"},
    ])
    result = match(leads, accounts)
    assert pairs(result) == [("001I", MATCH_NAME), ("001I", MATCH_NAME), ("001D", MATCH_NAME), (None, MATCH_NONE)]
    assert result.ambiguous == 3


def test_two_accounts_on_one_domain_pick_the_similar_name_then_the_first_in_file():
    accounts = accounts_frame([
        ("001P", "Prime Energy GmbH", "https://www.primeenergy.de/", "", "DE"),
        ("001S", "Prime Energy Trading GmbH", "primeenergy.de/trading", "", "DE"),
    ])
    leads = leads_frame([
        {"Company": None, "Email": "jonas@primeenergy.de"},
        {"Company": "Prime Energy Trading Desk", "Email": "anna@primeenergy.de"},  # 89: domain, not fuzzy
        {"Company": "Prime Energy Trading", "Email": "ben@primeenergy.de"},  # exact key of the subsidiary
    ])
    result = match(leads, accounts)
    assert pairs(result) == [("001P", MATCH_DOMAIN), ("001S", MATCH_DOMAIN), ("001S", MATCH_NAME)]
    assert result.ambiguous == 2


def test_account_rows_without_id_are_skipped():
    accounts = accounts_frame([("", "Acme, Inc.", "acme.com", "", "US"), ("001G", "Globex", "globex.com", "", "US")])
    leads = leads_frame([{"Company": "Acme"}, {"Company": "Globex"}])
    assert pairs(match(leads, accounts)) == [(None, MATCH_NONE), ("001G", MATCH_NAME)]


def test_counts_summary_and_index():
    leads = leads_frame(
        [{"Company": "Acme"}, {"Company": "Globx", "Email": "a@globex.com"}, {"Email": "b@acme.com"},
         {"Company": "Nobody"}],
        index=pd.Index([101, 7, 55, 3], name="row"),
    )
    result = match(leads, ACCOUNTS)
    assert result.columns.index.equals(leads.index)
    assert list(result.columns.columns) == ["revops_account_id", "revops_account_name", "revops_account_match"]
    assert list(result.counts) == [MATCH_NAME, MATCH_FUZZY, MATCH_DOMAIN, MATCH_NONE]
    assert result.counts == {MATCH_NAME: 1, MATCH_FUZZY: 1, MATCH_DOMAIN: 1, MATCH_NONE: 1}
    assert result.columns.loc[55, "revops_account_id"] == "001A"
    summary = json.loads(json.dumps(result.summary()))
    assert summary["matched"] == 3 and summary["by_tier"]["fuzzy"] == 1 and summary["accounts"] == 2
    joined = leads.join(result.columns)  # aligns on the index
    assert joined.loc[7, "revops_account_name"] == "Globex Corporation"


def test_no_match_leaves_id_and_name_blank():
    result = match(leads_frame([{"Company": "Nobody", "Email": "x@nobody.org"}]), ACCOUNTS)
    row = result.columns.iloc[0]
    assert pd.isna(row["revops_account_id"]) and pd.isna(row["revops_account_name"])
    assert row["revops_account_match"] == MATCH_NONE


def test_account_file_without_id_column_says_how_to_map_it():
    accounts = pd.DataFrame({"Account Label": ["Acme"], "Website": ["acme.com"]})
    mapping = detect_columns(list(accounts.columns), schema="accounts")
    leads = leads_frame([{"Company": "Acme"}])
    with pytest.raises(RevopsInputError) as caught:
        match_accounts(leads, detect_columns(list(leads.columns)), accounts, mapping, CONFIG, source="accounts.csv")
    message = str(caught.value)
    assert "accounts.csv" in message and "'Account Label'" in message and "--map account_id=" in message


def test_empty_leads():
    result = match(leads_frame([]), ACCOUNTS)
    assert len(result.columns) == 0 and result.counts[MATCH_NONE] == 0


# --------------------------------------------------------------------------
# group_accounts: no account file
# --------------------------------------------------------------------------


def test_group_links_shared_key_and_shared_domain_into_one_account():
    leads = leads_frame([
        {"Company": "Acme, Inc.", "Email": "a@gmail.com"},  # A
        {"Company": "ACME CORPORATION", "Email": "b@acme.com"},  # B: A's key
        {"Company": "Acme Robotics", "Email": "c@acme.com"},  # C: B's domain
        {"Company": "Acme, Inc.", "Email": "d@yahoo.com"},
    ], index=["w", "x", "y", "z"])
    result = group(leads)
    assert result.columns["revops_account_id"].tolist() == ["ACCT-000001"] * 4
    assert result.columns["revops_account_match"].tolist() == [MATCH_NAME, MATCH_NAME, MATCH_DOMAIN, MATCH_NAME]
    assert result.columns["revops_account_name"].iloc[0] == "Acme, Inc."  # most common spelling
    assert result.columns.index.tolist() == ["w", "x", "y", "z"]
    assert result.accounts == 1 and result.summary()["mode"] == "grouped"


def test_group_webmail_users_at_different_companies_stay_apart():
    leads = leads_frame([
        {"Company": "Foo Labs", "Email": "a@gmail.com"},
        {"Company": "Bar Studio", "Email": "b@gmail.com"},
        {"Company": None, "Email": "c@gmail.com"},
        {"Company": "n/a", "Email": "d@mailinator.com"},
    ])
    result = group(leads)
    assert pairs(result) == [("ACCT-000001", MATCH_NAME), ("ACCT-000002", MATCH_NAME),
                             (None, MATCH_NONE), (None, MATCH_NONE)]
    assert result.counts == {MATCH_NAME: 2, MATCH_FUZZY: 0, MATCH_DOMAIN: 0, MATCH_NONE: 2}


def test_group_ids_follow_the_first_row_and_are_deterministic():
    leads = leads_frame([
        {"Company": "Zeta"},
        {"Company": "Alpha", "Email": "x@alpha.io"},
        {"Company": None, "Email": "y@alpha.io"},
        {"Company": "zeta inc."},
        {"Company": None, "Website": "https://www.solo.dev"},
    ])
    first, second = group(leads), group(leads)
    pd.testing.assert_frame_equal(first.columns, second.columns)
    assert pairs(first) == [("ACCT-000001", MATCH_NAME), ("ACCT-000002", MATCH_DOMAIN), ("ACCT-000002", MATCH_DOMAIN),
                            ("ACCT-000001", MATCH_NAME), ("ACCT-000003", MATCH_DOMAIN)]
    names = first.columns["revops_account_name"]
    assert names.iloc[0] == "Zeta" and names.iloc[1] == "Alpha" and pd.isna(names.iloc[4])


def test_group_without_company_column_groups_by_domain():
    leads = pd.DataFrame({"Email": ["a@acme.com", "b@acme.com", "c@gmail.com"]}, index=[5, 6, 7])
    assert pairs(group(leads)) == [("ACCT-000001", MATCH_DOMAIN), ("ACCT-000001", MATCH_DOMAIN), (None, MATCH_NONE)]


def test_group_empty_leads():
    assert len(group(leads_frame([])).columns) == 0


def test_group_website_of_another_company_never_links_two_companies():
    # issue 17 item 7: a partner's or agency's site in the Website cell chained every company into one account
    leads = leads_frame([
        {"Company": "Foo Labs", "Website": "https://agency.io/"},
        {"Company": "Bar Studio", "Website": "agency.io"},
        {"Company": "Baz GmbH", "Website": "www.agency.io"},
    ])
    result = group(leads)
    assert result.columns["revops_account_id"].tolist() == ["ACCT-000001", "ACCT-000002", "ACCT-000003"]
    assert result.accounts == 3 and result.split == []


def test_group_website_named_after_the_company_links():
    leads = leads_frame([
        {"Company": "Northwind Traders", "Website": "https://www.northwind.com/about"},
        {"Company": None, "Website": "northwind.com"},  # no company, no email: the website is all it has
        {"Company": "International Business Machines", "Website": "ibm.com"},
        {"Company": None, "Website": "http://ibm.com"},
        {"Company": "Acme", "Website": "acmecorp.io"},
        {"Company": None, "Website": "acmecorp.io"},
    ])
    assert group(leads).columns["revops_account_id"].tolist() == [
        "ACCT-000001", "ACCT-000001", "ACCT-000002", "ACCT-000002", "ACCT-000003", "ACCT-000003"]


def test_group_website_links_when_the_company_writes_from_it():
    # "Initech" is not named "initrode.com", but a colleague's address is at initrode.com: it is their own domain
    leads = leads_frame([
        {"Company": "Initech", "Email": "peter@initrode.com"},
        {"Company": "Initech", "Website": "initrode.com"},
        {"Company": "Umbrella", "Website": "initrode.com"},  # another company's cell pointing there: no link
        {"Company": None, "Website": "initrode.com"},
    ])
    assert group(leads).columns["revops_account_id"].tolist() == [
        "ACCT-000001", "ACCT-000001", "ACCT-000002", "ACCT-000001"]


def test_group_placeholder_addresses_and_domains_never_link():
    leads = leads_frame([
        {"Company": "Foo Labs", "Email": "a@a.com"},
        {"Company": "Bar Studio", "Email": "a@a.com"},
        {"Company": "Baz GmbH", "Email": "user1@company.com"},
        {"Company": "Qux Ltd", "Email": "user2@company.com"},
        {"Company": "Quux SA", "Email": "jane@example.com"},
        {"Company": None, "Email": "x@example.com"},
    ])
    assert pairs(group(leads)) == [("ACCT-000001", MATCH_NAME), ("ACCT-000002", MATCH_NAME),
                                   ("ACCT-000003", MATCH_NAME), ("ACCT-000004", MATCH_NAME),
                                   ("ACCT-000005", MATCH_NAME), (None, MATCH_NONE)]


def test_group_that_chains_more_company_names_than_the_limit_is_split_by_company():
    # four companies sharing one corporate domain (b.io) and one more (c.io): a chain once past the limit
    leads = leads_frame([
        {"Company": "Alpha", "Email": "1@b.io"},
        {"Company": "Alpha", "Email": "2@b.io"},
        {"Company": "Beta", "Email": "3@b.io"},
        {"Company": "Beta", "Email": "4@c.io"},
        {"Company": "Gamma", "Email": "5@c.io"},
        {"Company": None, "Email": "6@b.io"},  # no company: follows b.io, which Alpha writes from most
        {"Company": None, "Email": "7@c.io"},  # c.io: Beta and Gamma once each, Beta seen first
    ])
    mapping = detect_columns(list(leads.columns))
    loose = group_accounts(leads, mapping, RevopsConfig.model_validate({"dedupe": {"account_max_names": 3}}))
    assert loose.accounts == 1 and loose.split == []
    strict = group_accounts(leads, mapping, RevopsConfig.model_validate({"dedupe": {"account_max_names": 2}}))
    assert strict.columns["revops_account_id"].tolist() == [
        "ACCT-000001", "ACCT-000001", "ACCT-000002", "ACCT-000002", "ACCT-000003", "ACCT-000001", "ACCT-000002"]
    assert strict.split == [{"leads": 7, "names": 3, "accounts": ["ACCT-000001", "ACCT-000002", "ACCT-000003"]}]
    assert strict.summary()["split_groups"] == [{"leads": 7, "company_names": 3, "split_into": 3}]


@pytest.mark.parametrize(("domain", "key", "named"), [
    ("acme.com", "acme", True), ("www.acme.co.uk", "acme", True), ("acmecorp.com", "acme", True),
    ("northwind.com", "northwind traders", True), ("ibm.com", "international business machines", True),
    ("bofa.com", "bank of america", False), ("ge.com", "ge", True), ("gehealthcare.com", "ge", False),
    ("smith.net", "jones and brown", False), ("agency.io", "foo labs", False), ("3m.com", "3m", True),
])
def test_website_names_company(domain, key, named):
    assert website_names_company(domain, key) is named


def hubspot_style_contacts(n: int = 950, seed: int = 17) -> pd.DataFrame:
    """Made for this test, shaped like a HubSpot contacts export of generated demo data: companies named after
    three surnames ("Smith, Jones and Brown", "Garcia Inc", "Lee-Moore"), corporate emails at surname domains
    (``james12@smith.net``) and a Website URL at another surname domain, so domains repeat across companies."""
    rng = np.random.default_rng(seed)
    last = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
            "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin",
            "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson"]
    first = ["James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael", "Linda", "David", "Elizabeth"]
    tlds = ["com", "net", "org", "biz", "info"]

    def pick(values):
        return np.asarray(values, dtype=object)[rng.integers(0, len(values), n)]

    l1, l2, l3, shape = pick(last), pick(last), pick(last), rng.integers(0, 3, n)
    company = np.where(shape == 0, l1 + ", " + l2 + " and " + l3, np.where(shape == 1, l1 + " Inc", l1 + "-" + l2))
    first_names, last_names = pick(first), pick(last)
    email_domain = pick([x.lower() for x in last]) + "." + pick(tlds)
    free = rng.random(n) < 0.3
    email = [f"{f.lower()}.{l.lower()}{i}@gmail.com" if webmail else f"{f.lower()}{i}@{d}"
             for i, (f, l, d, webmail) in enumerate(zip(first_names, last_names, email_domain, free))]
    return pd.DataFrame({
        "Record ID": [str(5001 + i) for i in range(n)], "First Name": first_names, "Last Name": last_names,
        "Email": email, "Company Name": company,
        "Website URL": "https://www." + pick([x.lower() for x in last]) + "." + pick(tlds) + "/",
        "Lifecycle Stage": pick(["lead", "subscriber", "opportunity"]),
    })


def test_hubspot_style_export_with_chaining_domains_gives_many_accounts_not_one(tmp_path):
    path = tmp_path / "hubspot_contacts_950.csv"
    hubspot_style_contacts().to_csv(path, index=False)
    result = invoke("leads", "dedupe", path, "-o", tmp_path / "out.csv", "--flag-only", "--json")
    assert result.exit_code == 0, result.stderr
    accounts = json.loads(result.stdout)["accounts"]
    # before: one ACCT-000001 for all 950 contacts
    assert accounts["rows"] == 950 and accounts["accounts"] > 300
    out = read(tmp_path / "out.csv")
    names_per_account = out[out["revops_account_id"] != ""].groupby("revops_account_id")["Company Name"].nunique()
    assert names_per_account.max() <= RevopsConfig().dedupe.account_max_names
    assert out["revops_account_id"].value_counts().iloc[0] < 100  # the biggest: 10 "X Inc" sharing surname domains
    [split] = accounts["split_groups"]
    assert split["company_names"] > 10 and split["split_into"] > 100
    table = invoke("leads", "dedupe", path, "-o", tmp_path / "out2.csv", "--flag-only")
    assert f"chained {split['company_names']:,} company names through shared email or web domains" in " ".join(
        table.stdout.split())


# --------------------------------------------------------------------------
# end to end on the sample exports
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_match():
    leads = read_table(SAMPLE / "salesforce_leads.csv").frame
    accounts = read_table(SAMPLE / "accounts.csv").frame
    account_mapping = detect_columns(list(accounts.columns), schema="accounts")
    result = match_accounts(leads, detect_columns(list(leads.columns)), accounts, account_mapping, CONFIG,
                            source="accounts.csv")
    return leads.join(result.columns).set_index("Lead ID"), result


@pytest.mark.parametrize(
    "lead_id,account_id,account_name,tier",
    [
        # "Acme, Inc." lead -> account "Acme, Inc." by company key
        ("00Q5e00000PiRVHEA3", "0015e0000087VUuAAM", "Acme, Inc.", MATCH_NAME),
        # two accounts share the key "initech": the one on the lead's domain, not the first in the file
        ("00Q5e00000PiRayEAF", "0015e0000087VZZAA2", "Initech LLC", MATCH_NAME),
        # account typo "Nortwind Traders, Inc." + the lead's email domain is its website
        ("00Q5e00000PiiSHEAZ", "0015e0000087Vo2AAE", "Nortwind Traders, Inc.", MATCH_FUZZY),
        # account typo "Oynx Aerospace", no website, its phone is the number this lead gave
        ("00Q5e00000PiRheEAF", "0015e0000087WnRAAU", "Oynx Aerospace", MATCH_FUZZY),
        # same company, webmail and a different phone: nothing corroborates the typo'd name
        ("00Q5e00000PicduEAB", None, None, MATCH_NONE),
        # blank company, parent and subsidiary on primeenergy.de: the first in the file
        ("00Q5e00000PiRWyEAN", "0015e0000087Z1KAAU", "Prime Energy GmbH", MATCH_DOMAIN),
        # blank company, gmail, the company's website
        ("00Q5e00000PiZKrEAN", "0015e0000087XMhAAM", "PULSE POWER, INC.", MATCH_DOMAIN),
        # Soylent has no account
        ("00Q5e00000PiodcEAB", None, None, MATCH_NONE),
    ],
)
def test_sample_leads_match_the_sample_accounts(sample_match, lead_id, account_id, account_name, tier):
    joined, _ = sample_match
    row = joined.loc[lead_id]
    assert row["revops_account_match"] == tier
    if account_id is None:
        assert pd.isna(row["revops_account_id"]) and pd.isna(row["revops_account_name"])
    else:
        assert (row["revops_account_id"], row["revops_account_name"]) == (account_id, account_name)


def test_sample_every_tier_occurs(sample_match):
    _, result = sample_match
    assert all(result.counts[tier] > 0 for tier in (MATCH_NAME, MATCH_FUZZY, MATCH_DOMAIN, MATCH_NONE))
    assert sum(result.counts.values()) == 500
    assert result.ambiguous > 0

"""Columns by meaning: CRM header aliases, loose matching, --map and [columns] overrides."""

from __future__ import annotations

import subprocess
import sys

import pytest

from revops_cli.columns import SCHEMAS, detect_columns, header_key, parse_map_options
from revops_cli.errors import RevopsInputError

SALESFORCE = ["Lead ID", "First Name", "Last Name", "Title", "Company", "Email", "Phone", "Mobile", "Street", "City",
              "State/Province", "Zip/Postal Code", "Country", "Website", "Industry", "No. of Employees",
              "Annual Revenue", "Lead Source", "Lead Status", "Rating", "Lead Owner", "Create Date", "Last Activity",
              "Email Opt Out"]
SALESFORCE_API = ["Id", "FirstName", "LastName", "Title", "Company", "Email", "Phone", "MobilePhone", "State",
                  "PostalCode", "Country", "NumberOfEmployees", "AnnualRevenue", "LeadSource", "Status", "OwnerId",
                  "CreatedDate", "HasOptedOutOfEmail", "EmailBouncedReason"]
HUBSPOT = ["Record ID", "First Name", "Last Name", "Email", "Phone Number", "Mobile Phone Number", "Company Name",
           "Job Title", "Country/Region", "State/Region", "City", "Postal Code", "Website URL", "Industry",
           "Number of Employees", "Annual Revenue", "Original Source", "Lifecycle Stage", "Lead Status",
           "Contact owner", "Create Date", "Unsubscribed from all email", "Email hard bounce reason"]
MARKETO = ["Id", "First Name", "Last Name", "Email Address", "Phone Number", "Company Name", "Job Title", "Country",
           "State", "Lead Source", "Lead Score", "Lead Status", "Created At", "Person Source", "Unsubscribed",
           "Email Invalid"]
PIPEDRIVE = ["Person - ID", "Person - Name", "Person - Email - Work", "Person - Phone - Work", "Organization - Name",
             "Person - Owner", "Person - Person created"]
ZOHO = ["Record Id", "Lead Owner", "First Name", "Last Name", "Designation", "Email", "Phone", "Mobile", "Company",
        "Lead Source", "Lead Status", "No. of Employees", "Created Time", "Zip Code", "Email Opt Out"]


@pytest.mark.parametrize(
    "headers,expected",
    [
        (SALESFORCE, {"lead_id": "Lead ID", "first_name": "First Name", "title": "Title", "company": "Company",
                      "email": "Email", "phone": "Phone", "mobile_phone": "Mobile", "state": "State/Province",
                      "postal_code": "Zip/Postal Code", "employees": "No. of Employees", "lead_source": "Lead Source",
                      "status": "Lead Status", "rating": "Rating", "owner": "Lead Owner", "created_at": "Create Date",
                      "last_activity_at": "Last Activity", "unsubscribed": "Email Opt Out"}),
        (SALESFORCE_API, {"lead_id": "Id", "first_name": "FirstName", "mobile_phone": "MobilePhone",
                          "postal_code": "PostalCode", "employees": "NumberOfEmployees", "owner": "OwnerId",
                          "created_at": "CreatedDate", "unsubscribed": "HasOptedOutOfEmail",
                          "bounced": "EmailBouncedReason", "status": "Status", "lead_source": "LeadSource"}),
        (HUBSPOT, {"lead_id": "Record ID", "phone": "Phone Number", "mobile_phone": "Mobile Phone Number",
                   "company": "Company Name", "title": "Job Title", "country": "Country/Region", "state": "State/Region",
                   "website": "Website URL", "lead_source": "Original Source", "lifecycle_stage": "Lifecycle Stage",
                   "owner": "Contact owner", "unsubscribed": "Unsubscribed from all email",
                   "bounced": "Email hard bounce reason"}),
        (MARKETO, {"lead_id": "Id", "email": "Email Address", "score": "Lead Score", "created_at": "Created At",
                   "lead_source": "Lead Source", "bounced": "Email Invalid", "unsubscribed": "Unsubscribed"}),
        (PIPEDRIVE, {"lead_id": "Person - ID", "full_name": "Person - Name", "email": "Person - Email - Work",
                     "phone": "Person - Phone - Work", "company": "Organization - Name", "owner": "Person - Owner",
                     "created_at": "Person - Person created"}),
        (ZOHO, {"lead_id": "Record Id", "title": "Designation", "created_at": "Created Time", "postal_code": "Zip Code",
                "owner": "Lead Owner"}),
    ],
)
def test_crm_exports_are_recognised(headers, expected):
    mapping = detect_columns(headers)
    for canonical, header in expected.items():
        assert mapping.get(canonical) == header, canonical


def test_lead_source_beats_original_source_and_the_other_is_reported():
    mapping = detect_columns(["Original Source", "Lead Source"])
    assert mapping.get("lead_source") == "Lead Source"
    assert mapping.also["lead_source"] == ["Original Source"]


def test_case_spacing_punctuation_insensitive():
    mapping = detect_columns(["FIRST_NAME", "e-mail address", "  Company  Name ", "country / region", "Industry__c"])
    assert mapping.fields == {"first_name": "FIRST_NAME", "email": "e-mail address", "company": "  Company  Name ",
                              "country": "country / region", "industry": "Industry__c"}
    assert mapping.how["industry"] == "alias"


def test_loose_match_strips_decorating_words():
    mapping = detect_columns(["Primary Work Email", "Mailing Country Name", "Notes"])
    assert mapping.get("email") == "Primary Work Email" and mapping.how["email"] == "loose"
    assert mapping.get("country") == "Mailing Country Name"
    assert mapping.unmapped == ["Notes"]


def test_map_override_and_unmap():
    mapping = detect_columns(["Email", "Work Email", "Phone"], overrides={"email": "Work Email", "phone": None})
    assert mapping.get("email") == "Work Email" and mapping.how["email"] == "--map"
    assert "phone" not in mapping
    assert mapping.also["email"] == ["Email"]
    assert set(mapping.unmapped) == {"Email", "Phone"}


def test_map_matches_header_loosely_and_config_is_overridden_by_map():
    mapping = detect_columns(["Biz Mail", "Other Mail"], config_columns={"email": "biz mail"},
                             overrides={"email": "Other Mail"})
    assert mapping.get("email") == "Other Mail"
    mapping = detect_columns(["Biz Mail", "Other Mail"], config_columns={"email": "biz mail"})
    assert mapping.get("email") == "Biz Mail" and mapping.how["email"] == "config"


def test_map_unknown_header_suggests():
    with pytest.raises(RevopsInputError) as err:
        detect_columns(["Email Address", "Phone"], overrides={"email": "Emial Address"}, source="leads.csv")
    assert "leads.csv has no column 'Emial Address' (did you mean 'Email Address'?)" in str(err.value)


def test_map_unknown_field_suggests():
    with pytest.raises(RevopsInputError, match=r"unknown field 'emial' \(did you mean 'email'\?\)"):
        detect_columns(["Email"], overrides={"emial": "Email"})


def test_parse_map_options():
    assert parse_map_options(["email=Work Email", " phone = ", "company=A=B"]) == {
        "email": "Work Email", "phone": None, "company": "A=B"}
    with pytest.raises(RevopsInputError, match="expected field=Header"):
        parse_map_options(["email"])


def test_original_header_used_for_renamed_duplicates():
    mapping = detect_columns(["Email", "Email (2)"], headers={"Email": "Email", "Email (2)": "Email"})
    assert mapping.get("email") == "Email"
    assert mapping.also["email"] == ["Email (2)"]


@pytest.mark.parametrize("schema", sorted(SCHEMAS))
def test_no_alias_claims_two_fields(schema):
    owners: dict[str, str] = {}
    for canonical, aliases in SCHEMAS[schema].items():
        for alias in (canonical, *aliases):
            key = header_key(alias)
            assert owners.setdefault(key, canonical) == canonical, f"{alias!r} claimed by {owners[key]} and {canonical}"


def test_a_loose_key_two_fields_share_maps_to_neither():
    # In an activities export "Lead ID" and "ID" both loosen to "id": "Contact Lead ID" (no exact alias) must not
    # become the activity id just because activity_id is listed first.
    mapping = detect_columns(["Contact Lead ID", "Subject"], schema="activities")
    assert mapping.get("activity_id") is None and mapping.get("lead_id") is None
    assert detect_columns(["Lead ID", "ID"], schema="activities").fields == {"lead_id": "Lead ID", "activity_id": "ID"}


def test_every_schema_is_known_before_any_core_module_is_imported():
    """Detection must not depend on import order: a fresh interpreter that imports only columns knows them all."""
    code = ("import sys; from revops_cli.columns import SCHEMAS; "
            "assert not [m for m in sys.modules if m.startswith('revops_cli.core')]; print(','.join(sorted(SCHEMAS)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out.split(",") == sorted(["leads", "funnel", "accounts", "reps", "territories", "activities",
                                     "opportunities", "stage_history", "campaigns", "events", "handoffs",
                                     "content", "page_analytics", "content_reviews", "content_promotion", "quotas"])

"""GDPR deletion, access and portability (Data Management SOP) as plain functions on frames."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json

import pandas as pd
import pytest

from revops_cli.columns import detect_columns
from revops_cli.core.data import privacy
from revops_cli.errors import RevopsInputError

LEADS = pd.DataFrame({
    "Lead ID": ["00Q5e00000PiRVHEA3", "L2", "L3", "L4"],
    "First Name": ["Griselda", "Bob", "Carla", None],
    "Last Name": ["Featherstone", "Stone", "Diaz", "Okafor"],
    "Email": [" Griselda.Featherstone@ACME.com ", "bob@beta.io", "carla@gamma.com", None],
    "Phone": ["+1 415 555 0101", "+1 212 555 0199", None, "+44 20 7946 0958"],
    "Street": ["12 Elm St", "1 Main St", "9 Oak Rd", None],
    "Company": ["Acme", "Beta", "Gamma", "Delta"],
    "Notes": ["met at expo", None, "referred by griselda.featherstone@acme.com.", None],
}, dtype="str")
ACTIVITIES = pd.DataFrame({
    "Activity ID": ["A1", "A2", "A3", "A4", "A5"],
    "Lead ID": ["00Q5e00000PiRVH", None, "L2", "L4", "L4"],  # A1: the 15-character form of the lead's id
    "Email": [None, "mailto:GRISELDA.featherstone@acme.com", None, None, "d.okafor@gmail.com"],
    "Activity Type": ["Call", "Email", "Call", "Call", "Email"],
    "Subject": ["Call with Griselda", "Pricing", "Follow-up", "Intro", "Hello"],
}, dtype="str")


def person_files(leads: pd.DataFrame = LEADS, activities: pd.DataFrame = ACTIVITIES):
    headers = {c: c for c in leads.columns}
    mapping = detect_columns(list(leads.columns), schema="leads", headers=headers)
    main = privacy.PersonFile("leads.csv", leads, list(leads.columns),
                              privacy.main_file_columns(list(leads.columns), mapping, headers))
    acts = privacy.PersonFile("acts.csv", activities, list(activities.columns),
                              privacy.other_file_columns(list(activities.columns), {c: c for c in activities.columns}))
    return main, acts


def find(*emails: str):
    main, acts = person_files()
    return privacy.find_person(main, [acts], privacy.parse_requests([(e, "--email") for e in emails]))


@pytest.mark.parametrize("spelling", [
    "griselda.featherstone@acme.com", "GRISELDA.FEATHERSTONE@ACME.COM", "  griselda.featherstone@acme.com\t",
    "mailto:griselda.featherstone@acme.com", "<griselda.featherstone@acme.com>",
    "Griselda F <griselda.featherstone@acme.com>", "griselda.featherstone+gdpr@acme.com",
])
def test_every_spelling_of_the_address_finds_the_same_rows(spelling):
    person = find(spelling)
    assert list(person.files[0].owned) == [True, False, False, False]
    assert list(person.files[1].owned) == [True, True, False, False, False]


def test_gmail_dots_and_googlemail_are_one_inbox_as_in_dedupe():
    person = find("dokafor@googlemail.com")
    assert list(person.files[1].owned) == [False, False, False, True, True]  # A5 by email, A4 by the lead id A5 names
    assert list(person.files[0].owned) == [False, False, False, True]  # L4 has no email: found by that id


def test_a_longer_address_holding_the_requested_one_is_someone_else():
    leads = LEADS.copy()
    leads.loc[1, "Email"] = "joann@beta.io"
    leads.loc[2, "Notes"] = "cc ann@beta.io.au and xann@beta.io"
    main, acts = person_files(leads)
    person = privacy.find_person(main, [acts], privacy.parse_requests([("ann@beta.io", "--email")]))
    assert person.rows_matched == 0
    assert person.files[0].cells_mentioning == 0
    assert person.unmatched == 1


def test_the_lead_ids_of_the_persons_rows_find_activities_that_only_carry_the_id():
    person = find("griselda.featherstone@acme.com")
    acts = person.files[1]
    assert acts.matched_by.tolist() == ["Lead ID", "Email", None, None, None]
    assert acts.matched_by_counts() == {"Lead ID": 1, "Email": 1}
    assert person.ids == ["00Q5e00000PiRVHEA3"]


def test_salesforce_15_and_18_character_ids_are_one_record_but_other_ids_must_be_equal():
    ids = pd.Series(["00Q5e00000PiRVH", "00Q5e00000PiRVHEA3", "00Q5e00000PiRVHXYZ", "00q5e00000pirvh", "L2", " L2 "],
                    dtype="str")
    assert privacy.id_matches(ids, ["00Q5e00000PiRVHEA3"]).tolist() == [True, True, False, False, False, False]
    assert privacy.id_matches(ids, ["00Q5e00000PiRVH"]).tolist() == [True, True, True, False, False, False]
    assert privacy.id_matches(ids, ["L2"]).tolist() == [False, False, False, False, True, True]


def test_remove_drops_only_the_persons_rows_and_keeps_the_rest_as_read():
    person = find("griselda.featherstone@acme.com")
    main = privacy.forget_file(person.files[0], "remove")
    assert (main.rows_in, main.rows_removed, main.rows_out) == (4, 1, 3)
    expected = LEADS.iloc[1:].copy()
    expected.loc[2, "Notes"] = privacy.FORGOTTEN  # Carla's row mentions the address: that cell only
    pd.testing.assert_frame_equal(main.frame, expected)
    assert main.cells_redacted == 1
    assert main.columns_replaced == ["Notes"]
    acts = privacy.forget_file(person.files[1], "remove")
    pd.testing.assert_frame_equal(acts.frame, ACTIVITIES.iloc[2:])


def test_anonymise_keeps_the_rows_and_replaces_personal_cells_and_the_name_in_free_text():
    person = find("griselda.featherstone@acme.com")
    names = privacy.person_names(person)
    assert names == ["Featherstone", "Griselda"]
    main = privacy.forget_file(person.files[0], "anonymise", names)
    row = main.frame.iloc[0]
    assert row["Lead ID"] == "00Q5e00000PiRVHEA3" and row["Company"] == "Acme" and row["Notes"] == "met at expo"
    for column in ("First Name", "Last Name", "Email", "Phone", "Street"):
        assert row[column] == privacy.FORGOTTEN, column
    assert main.rows_anonymised == 1 and main.rows_removed == 0 and main.rows_out == 4
    pd.testing.assert_frame_equal(main.frame.iloc[[1, 3]], LEADS.iloc[[1, 3]])
    acts = privacy.forget_file(person.files[1], "anonymise", names)
    assert acts.frame["Subject"].tolist() == [privacy.FORGOTTEN, "Pricing", "Follow-up", "Intro", "Hello"]
    assert pd.isna(acts.frame["Email"].iloc[0])  # blank stays blank
    assert acts.frame["Email"].iloc[1] == privacy.FORGOTTEN
    assert acts.frame["Activity Type"].tolist() == ["Call", "Email", "Call", "Call", "Email"]


def test_a_blank_personal_cell_stays_blank_when_anonymised():
    person = find("dokafor@gmail.com")
    main = privacy.forget_file(person.files[0], "anonymise", privacy.person_names(person))
    assert pd.isna(main.frame.loc[3, "First Name"]) and pd.isna(main.frame.loc[3, "Street"])
    assert main.frame.loc[3, "Last Name"] == privacy.FORGOTTEN


def test_the_removed_data_hash_is_sha256_of_the_documented_lines():
    person = find("griselda.featherstone@acme.com")
    result = privacy.forget_file(person.files[1], "remove")
    text = ('[2,[["Activity ID","A1"],["Lead ID","00Q5e00000PiRVH"],["Email",null],["Activity Type","Call"],'
            '["Subject","Call with Griselda"]]]\n'
            '[3,[["Activity ID","A2"],["Lead ID",null],["Email","mailto:GRISELDA.featherstone@acme.com"],'
            '["Activity Type","Email"],["Subject","Pricing"]]]\n')
    assert result.removed_sha256 == hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_nothing_removed_means_no_hash():
    person = find("nobody@example.org")
    assert privacy.forget_file(person.files[0], "remove").removed_sha256 is None


def test_the_receipt_holds_hashes_and_counts_but_no_personal_data():
    person = find("griselda.featherstone@acme.com", "Nobody@Example.org")
    results = [privacy.forget_file(m, "remove") for m in person.files]
    reports = [privacy.FileReport("main", "leads.csv", "out.csv", results[0]),
               privacy.FileReport("also", "acts.csv", "acts.out.csv", results[1])]
    salt = "00112233445566778899aabbccddeeff"
    receipt = privacy.build_receipt(files=reports, person=person, mode="remove", salt=salt,
                                    created_at=dt.datetime(2026, 12, 1, 9, 30, tzinfo=dt.timezone.utc),
                                    version="9.9.9")
    text = json.dumps(receipt).lower()
    for personal in ("griselda", "featherstone", "acme.com", "nobody", "example.org", "555 0101", "elm st"):
        assert personal not in text, personal
    assert receipt["created_at"] == "2026-12-01T09:30:00Z"
    assert receipt["requests"]["emails"] == 2 and receipt["requests"]["unmatched"] == 1
    expected = hmac.new(bytes.fromhex(salt), b"griselda.featherstone@acme.com", hashlib.sha256).hexdigest()
    assert expected in receipt["requests"]["email_hashes"]
    assert receipt["files"][0]["rows_removed"] == 1 and receipt["files"][1]["rows_removed"] == 2
    assert receipt["totals"] == {"rows_in": 9, "rows_removed": 3, "rows_anonymised": 0, "rows_out": 6,
                                 "cells_redacted_in_other_rows": 1}
    assert receipt["lead_ids_matched"] == 1


def test_export_lists_the_persons_rows_with_headers_and_row_numbers_and_only_mentioning_cells_of_others():
    person = find("griselda.featherstone@acme.com")
    document = privacy.build_export(person, created_at=dt.datetime(2026, 12, 1, tzinfo=dt.timezone.utc),
                                    version="9.9.9")
    leads, acts = document["files"]
    assert leads["rows_matched"] == 1 and leads["rows_mentioning"] == 1
    assert leads["rows"][0] == {"row": 2, "matched_by": "Email", "values": {
        "Lead ID": "00Q5e00000PiRVHEA3", "First Name": "Griselda", "Last Name": "Featherstone",
        "Email": " Griselda.Featherstone@ACME.com ", "Phone": "+1 415 555 0101", "Street": "12 Elm St",
        "Company": "Acme", "Notes": "met at expo"}}
    assert leads["rows"][1] == {"row": 4, "matched_by": "mention",
                                "values": {"Notes": "referred by griselda.featherstone@acme.com."}}
    assert [r["row"] for r in acts["rows"]] == [2, 3]
    assert acts["rows"][0]["values"]["Subject"] == "Call with Griselda"
    assert document["rows_found"] == 4 and document["note"] is None


def test_export_of_nobody_is_empty_with_a_note():
    document = privacy.build_export(find("nobody@example.org"), created_at=dt.datetime.now(dt.timezone.utc),
                                    version="0")
    assert document["rows_found"] == 0
    assert "No row" in document["note"]
    assert [f["rows"] for f in document["files"]] == [[], []]


def test_requests_are_validated_and_one_address_spelt_twice_is_one_request():
    requests = privacy.parse_requests([("A@Example.com", "--email"), (" a+x@example.com", "f line 2")])
    assert [(r.key, r.where) for r in requests] == [("a@example.com", "--email")]
    with pytest.raises(RevopsInputError, match=r"f line 3: 'jane\.doe@' is not a valid email address"):
        privacy.parse_requests([("a@example.com", "--email"), ("jane.doe@", "f line 3")])
    with pytest.raises(RevopsInputError, match="No email given"):
        privacy.parse_requests([])


def test_request_lines_skip_blank_lines_and_comments():
    lines = ["# GDPR requests, week 48", "", "  a@example.com  ", "\ufeffb@example.com", "   # done", "c@example.com"]
    assert privacy.request_lines(lines) == [("a@example.com", 3), ("b@example.com", 4), ("c@example.com", 6)]


def test_anonymise_columns_of_an_activity_export_leave_the_activity_fields_alone():
    columns = privacy.other_file_columns(list(ACTIVITIES.columns), {c: c for c in ACTIVITIES.columns})
    assert columns.email == ["Email"]
    assert columns.lead_id == "Lead ID"
    assert columns.personal == ["Email"]


def test_an_opportunity_export_is_joined_by_its_converted_lead_id():
    columns = privacy.other_file_columns(["Opportunity ID", "Converted Lead ID", "Amount"], {})
    assert columns.lead_id == "Converted Lead ID" and columns.email == []

"""Activity exports: every CRM's spelling of a touch maps to one kind, and each activity finds its lead."""

from __future__ import annotations

import pandas as pd
import pytest

from revops_cli.columns import detect_columns
from revops_cli.config import RevopsConfig
from revops_cli.core.sales.activities import (
    ACTIVITY_KINDS,
    activity_kind,
    activity_kind_column,
    combine_links,
    prepare_activities,
)
from revops_cli.io import read_table

from tests.conftest import SAMPLE

SPELLINGS = [
    # Salesforce tasks and events
    ("Call", "call"), ("Outbound Call", "call"), ("Inbound Call", "call"), ("Logged call", "call"),
    ("Call - Connected", "call"),
    ("Email", "email"), ("Sent email", "email"), ("Email: Sent", "email"), ("Outbound Email", "email"),
    ("Email Sent", "email"),
    ("Meeting", "meeting"), ("Meeting Booked", "meeting"), ("Event", "meeting"), ("Discovery Meeting", "meeting"),
    ("Demo", "demo"), ("Product Demo", "demo"), ("Demo Given", "demo"),
    ("LinkedIn InMail", "social"), ("LinkedIn Message", "social"), ("Social", "social"),
    # HubSpot engagement types
    ("CALL", "call"), ("EMAIL", "email"), ("MEETING", "meeting"), ("INCOMING_EMAIL", "email"),
    ("NOTE", "other"), ("TASK", "other"),
    # Marketo activity log
    ("Visit Webpage", "page_view"), ("Fill Out Form", "form_fill"), ("Open Email", "email_open"),
    ("Click Email", "email_click"), ("Click Link", "email_click"), ("Attend Event", "event_attended"),
    ("Registered for Event", "other"), ("Download", "content_download"),
    # Pardot / HubSpot marketing
    ("Page View", "page_view"), ("Form Submission", "form_fill"), ("Email Open", "email_open"),
    ("Email Click", "email_click"), ("Webinar Attended", "event_attended"), ("Content Download", "content_download"),
    ("Demo Request", "demo_request"), ("Requested Demo", "demo_request"), ("Request a Demo", "demo_request"),
    ("Request Demo", "demo_request"), ("Download Content", "content_download"),
    # the ordering traps: the specific wins over the general
    ("Opened Email", "email_open"), ("Unsubscribed from email", "other"), ("Email bounced", "other"),
    ("Bounced", "other"), ("Webinar registration", "other"), ("Something else entirely", "other"),
]


@pytest.mark.parametrize(("spelling", "kind"), SPELLINGS)
def test_every_crm_spelling_of_an_activity_type_maps_to_its_kind(spelling, kind):
    assert activity_kind(spelling) == kind
    assert activity_kind_column(pd.Series([spelling, spelling.upper()], dtype="str")).tolist() == [kind, kind]


def test_kinds_are_the_sales_touches_the_engagement_events_and_other():
    assert ACTIVITY_KINDS == ("call", "email", "meeting", "demo", "social", "demo_request", "form_fill",
                              "event_attended", "content_download", "email_click", "email_open", "page_view", "other")


def test_a_task_without_a_type_is_read_from_its_subject():
    types = pd.Series(["Task", None, "", "Other", "TASK", "Task", "Call"], dtype="str")
    subjects = pd.Series(["Follow-up call", "Email: intro", "Demo request from website", "Call", "Re: pricing",
                          None, "Email: intro"], dtype="str")
    assert activity_kind_column(types, subjects).tolist() == [
        "call", "email", "demo_request", "call", "email", "other", "call"]  # a real type beats its subject


def test_extra_overrides_are_checked_first_and_ignore_case():
    types = pd.Series(["Discovery", "DISCOVERY ", "Call", "Email"], dtype="str", index=[5, 6, 7, 8])
    kinds = activity_kind_column(types, extra={"discovery": "meeting", "CALL": "other"})
    assert kinds.tolist() == ["meeting", "meeting", "other", "email"]
    assert kinds.index.tolist() == [5, 6, 7, 8]
    with pytest.raises(ValueError, match="expected one of"):
        activity_kind_column(types, extra={"Discovery": "phone call"})


LEADS = pd.DataFrame(
    {
        "Lead ID": ["00Q5e00000PiROQEA3", "00Q5e00000PiRSE", "00Q5e00000PiRVHEA3", None],
        "Email": ["ann@acme.com", "bob@globex.com", "jane.doe@", "cy@initech.com"],
    },
    dtype="str",
)
ACTIVITIES = pd.DataFrame(
    {
        "Lead ID": ["00Q5e00000PiROQEA3", "00Q5e00000PiROQ", "00Q5e00000PiRSEEA3", "00q5e00000PiROQ", None,
                    None, "00QXXXXXXXXXXXX", None, " 00Q5e00000PiRVHEA3 "],
        "Email": [None, None, None, None, "CY@Initech.COM", "JANE.DOE@", "nobody@nowhere.com", None, None],
        "Activity Type": ["Call", "Email", "Outbound Call", "Call", "Form Submission", "Email", "Call", "Call",
                          "Meeting"],
        "Activity Date": ["9/11/2026 8:28 AM", "2026-09-11T12:00:00Z", "9/12/2026", "not a date", "9/13/2026",
                          None, "9/14/2026", "9/15/2026", "9/16/2026 2:00 PM"],
        "Assigned": ["Liam", "Sofia", "Marcus", "Liam", None, "Sofia", "Ryan", "Ryan", "Liam"],
        "Call Result": ["No Answer", None, "Connected", None, None, "Bounced", None, None, None],
    },
    dtype="str",
    index=[100, 101, 102, 103, 104, 105, 106, 107, 108],
)


def _prepare(activities=ACTIVITIES, leads=LEADS, **kwargs):
    return prepare_activities(
        activities, detect_columns(list(activities.columns), schema="activities"),
        leads, detect_columns(list(leads.columns)), RevopsConfig(), **kwargs)


def test_activities_link_by_id_then_salesforce_15_18_then_email():
    link = _prepare()
    assert link.frame["lead_pos"].tolist() == [
        0,   # exact 18-character id
        0,   # its first 15 characters
        1,   # 18-character id of a lead exported with the 15-character one
        -1,  # 15-character ids are case-sensitive: 00q... is another record
        3,   # no id: email, case ignored
        2,   # an invalid address matches the same text
        -1,  # unknown id and unknown email
        -1,  # nothing to link by
        2,   # spaces around the id do not matter
    ]
    assert (link.linked, link.unlinked, link.by_lead_id, link.by_email) == (6, 3, 4, 2)


def test_activity_frame_keeps_the_export_index_and_reads_times_in_the_config_timezone():
    link = _prepare()
    frame = link.frame
    assert frame.index.tolist() == ACTIVITIES.index.tolist()
    assert list(frame.columns) == ["lead_pos", "kind", "at", "rep", "outcome"]
    assert str(frame["at"].dt.tz) == "UTC"
    assert frame.loc[100, "at"] == pd.Timestamp("2026-09-11 12:28", tz="UTC")  # 8:28 AM New York (EDT)
    assert frame.loc[101, "at"] == pd.Timestamp("2026-09-11 12:00", tz="UTC")  # an offset is kept
    assert pd.isna(frame.loc[103, "at"]) and pd.isna(frame.loc[105, "at"])
    assert link.unparsable_times == 1  # "not a date"; a blank cell is not unparsable
    assert frame["kind"].tolist() == ["call", "email", "call", "call", "form_fill", "email", "call", "call", "meeting"]
    assert frame.loc[102, "outcome"] == "Connected" and frame.loc[102, "rep"] == "Marcus"


def test_summary_is_plain_json():
    summary = _prepare().summary()
    assert summary["linked"] == 6 and summary["kinds"]["call"] == 5 and summary["kinds"]["other"] == 0


def test_sample_activities_all_link_to_the_sample_leads():
    activities = read_table(SAMPLE / "activities.csv").frame
    leads = read_table(SAMPLE / "salesforce_leads.csv").frame
    link = prepare_activities(activities, detect_columns(list(activities.columns), schema="activities"),
                              leads, detect_columns(list(leads.columns)), RevopsConfig())
    assert len(link.frame) == 2896
    # ~10% reference the lead by email only (3 of them by an invalid address the lead also has)
    assert (link.linked, link.unlinked, link.by_lead_id, link.by_email) == (2896, 0, 2613, 283)
    assert link.unparsable_times == 0
    assert link.kind_counts == {
        "call": 1228, "email": 1369, "meeting": 126, "demo": 48, "social": 125, "demo_request": 0,
        "form_fill": 0, "event_attended": 0, "content_download": 0, "email_click": 0, "email_open": 0,
        "page_view": 0, "other": 0,
    }
    assert link.frame.index.equals(activities.index)


def test_several_exports_combine_into_one_link_without_clashing_row_labels():
    first = _prepare()
    second = _prepare(ACTIVITIES.iloc[:2])
    both = combine_links([first, second])
    assert len(both.frame) == 11
    assert both.frame.index.names == ["source", "row"]
    assert both.frame.index[:1].tolist() == [(0, 100)] and both.frame.index[-1] == (1, 101)
    assert (both.linked, both.unlinked, both.by_lead_id, both.by_email, both.unparsable_times) == (8, 3, 6, 2, 1)
    assert combine_links([first]) is first and combine_links([]) is None


def test_sample_engagement_export_is_all_marketing_engagement():
    path = SAMPLE / "engagement.csv"
    if not path.exists():
        pytest.skip("sample_data/engagement.csv not generated")
    engagement = read_table(path).frame
    leads = read_table(SAMPLE / "salesforce_leads.csv").frame
    link = prepare_activities(engagement, detect_columns(list(engagement.columns), schema="activities"),
                              leads, detect_columns(list(leads.columns)), RevopsConfig())
    counts = link.kind_counts
    assert sum(counts[k] for k in ("demo_request", "form_fill", "event_attended", "content_download",
                                   "email_click", "email_open", "page_view")) == len(engagement)
    assert link.unlinked == 0 and link.unparsable_times == 0


def test_link_keys_agree_with_the_dedupe_email_key_on_every_valid_sample_address():
    from revops_cli.core.sales.activities import _email_keys
    from revops_cli.normalize.email import email_match_key

    emails = pd.concat([read_table(SAMPLE / name).frame[column] for name, column in
                        (("salesforce_leads.csv", "Email"), ("hubspot_contacts.csv", "Email"),
                         ("event_leads.csv", "Email"))], ignore_index=True)
    emails = pd.concat([emails, pd.Series(["Jo Lee <Jo.Lee+news@GoogleMail.com>", "mailto:X@Acme.com",
                                           '"ann@b.io"'])], ignore_index=True)
    expected = [email_match_key(e) for e in emails]
    keys = _email_keys(emails).tolist()
    valid = [i for i, key in enumerate(expected) if key is not None]
    assert len(valid) > 700
    assert [keys[i] for i in valid] == [expected[i] for i in valid]

"""Lead Management SOP, 6. Lead Disposition, and the sales–marketing hand-back: revops_cli.core.leads.lifecycle."""

from __future__ import annotations

import pandas as pd
import pytest

from revops_cli.columns import detect_columns
from revops_cli.config import RevopsConfig
from revops_cli.core.sales.activities import prepare_activities
from revops_cli.core.leads.lifecycle import ACTIONS, detect_format, plan_lifecycle
from revops_cli.errors import RevopsInputError

CONFIG = RevopsConfig()
NY = "America/New_York"

LEAD_HEADERS = {
    "id": "Lead ID", "email": "Email", "status": "Lead Status", "substatus": "Lead Substatus",
    "owner": "Lead Owner", "created": "Create Date", "changed": "Status Changed Date",
    "last_activity": "Last Activity", "opt_out": "Email Opt Out", "score": "Lead Score",
    "converted": "Converted Opportunity ID", "modified": "Last Modified Date", "bounce": "Email hard bounce reason",
}
ACTIVITY_HEADERS = {"id": "Lead ID", "type": "Activity Type", "at": "Activity Date", "rep": "Assigned",
                    "result": "Call Result"}


def _frame(rows: list[dict], headers: dict[str, str]) -> pd.DataFrame:
    used = [key for key in headers if any(key in row for row in rows)]
    return pd.DataFrame({headers[k]: pd.Series([row.get(k, "") for row in rows], dtype="str") for k in used})


def plan(leads: list[dict], activities: list[dict] | None = None, *, now: str,
         opportunities: pd.DataFrame | None = None, crm_format: str | None = "generic",
         config: RevopsConfig = CONFIG):
    """Plan hand-built leads (times without an offset are New York wall-clock times)."""
    frame = _frame(leads, LEAD_HEADERS)
    mapping = detect_columns(list(frame.columns))
    link = None
    if activities:
        acts = _frame(activities, ACTIVITY_HEADERS)
        link = prepare_activities(acts, detect_columns(list(acts.columns), schema="activities"), frame, mapping,
                                  config)
    opp_mapping = None if opportunities is None else detect_columns(list(opportunities.columns),
                                                                    schema="opportunities")
    return plan_lifecycle(frame, mapping, config, now=pd.Timestamp(now, tz=NY), activities=link,
                          opportunities=opportunities, opportunity_mapping=opp_mapping, crm_format=crm_format)


def row(result, lead_id: str) -> pd.Series:
    frame = result.actions
    return frame[frame["lead_id"] == lead_id].iloc[0]


def update(result, lead_id: str) -> pd.Series:
    frame = result.updates
    return frame[frame.iloc[:, 0] == lead_id].iloc[0]


def cadence(lead_id: str, days: list[str], *, result: str = "No Answer") -> list[dict]:
    """3 calls then 4 emails on the given dates (7 in all), none of them a conversation."""
    kinds = ["Call"] * 3 + ["Email"] * 4
    return [{"id": lead_id, "type": kind, "at": day, "rep": "Sam Rivera", "result": result}
            for kind, day in zip(kinds, days)]


WORKING = {"id": "L1", "status": "Working - Contacted", "owner": "Sam Rivera", "created": "2026-11-01 09:00",
           "score": "30"}
FIRST_WEEK = [f"2026-11-0{d} 10:00" for d in range(1, 8)]  # days 0..6 of the cadence


# ------------------------------------------------------------------ the 14-day, 3-call + 4-email cadence


@pytest.mark.parametrize(("now", "action"), [
    ("2026-11-15 08:59", "none"),               # 13 days 23:59 after the clock start: still being worked
    ("2026-11-15 09:00", "return_to_nurture"),  # 14 days: the window is over, 3 calls + 4 emails done
    ("2026-11-16 12:00", "return_to_nurture"),  # day 15
])
def test_unresponsive_lead_returns_to_nurture_once_the_14_day_window_is_over(now, action):
    result = plan([WORKING], cadence("L1", FIRST_WEEK), now=now)
    assert row(result, "L1")["action"] == action


def test_unresponsive_lead_goes_to_the_marketing_queue_with_the_track_of_its_score():
    result = plan([WORKING], cadence("L1", FIRST_WEEK), now="2026-11-16 12:00")
    lead = row(result, "L1")
    assert lead["nurture_track"] == "Interested"  # score 30: Interested (20-39)
    assert lead["next_action_date"] == "2026-11-16"  # enters nurture today: the day-0 welcome
    assert "no contact after 3 calls and 4 emails over 14 days" in lead["reason"]
    assert "last touch 2026-11-07" in lead["reason"]
    out = update(result, "L1")
    assert out["Lead Status"] == "Unqualified"
    assert out["Substatus"] == "No Response"
    assert out["Lead Owner"] == "Marketing Nurture"
    assert result.figures["return_to_nurture_unresponsive"] == 1


def test_a_seventh_touch_on_day_13_completes_the_cadence():
    days = FIRST_WEEK[:6] + ["2026-11-14 10:00"]  # the 4th email on day 13
    result = plan([WORKING], cadence("L1", days), now="2026-11-15 09:00")
    assert row(result, "L1")["action"] == "return_to_nurture"


def test_a_seventh_touch_on_day_14_is_outside_the_window_so_the_cadence_is_short():
    days = FIRST_WEEK[:6] + ["2026-11-15 10:00"]
    result = plan([WORKING], cadence("L1", days), now="2026-11-16 12:00")
    assert row(result, "L1")["action"] == "none"  # 3 calls, 3 emails in the window: not unresponsive


def test_a_conversation_means_the_lead_is_not_unresponsive():
    acts = cadence("L1", FIRST_WEEK)
    acts[0]["result"] = "Connected"
    result = plan([WORKING], acts, now="2026-11-20 12:00")
    assert row(result, "L1")["action"] == "none"


def test_a_lead_already_owned_by_the_marketing_queue_is_not_handed_back_again():
    lead = {**WORKING, "owner": "marketing   nurture"}
    result = plan([lead], cadence("L1", FIRST_WEEK), now="2026-11-20 12:00")
    assert row(result, "L1")["action"] == "none"
    assert "in marketing nurture" in row(result, "L1")["reason"]


# ------------------------------------------------------------------ suppression wins


def test_do_not_contact_lead_that_also_looks_unresponsive_is_suppressed():
    lead = {**WORKING, "substatus": "Do Not Contact"}
    result = plan([lead], cadence("L1", FIRST_WEEK), now="2026-11-20 12:00")
    out = row(result, "L1")
    assert out["action"] == "suppress"
    assert "suppression wins" in out["reason"]
    assert pd.isna(out["nurture_track"])  # never put into nurture
    assert result.figures["suppressed_also_unresponsive"] == 1
    assert update(result, "L1")["Lead Owner"] is None or pd.isna(update(result, "L1")["Lead Owner"])


@pytest.mark.parametrize("flags", [{"opt_out": "1"}, {"opt_out": "true"}, {"substatus": "Opted Out"}])
def test_unsubscribed_leads_are_suppressed_even_when_qualified_or_not_ready(flags):
    lead = {"id": "L1", "status": "Qualified", "substatus": "Bad Timing", "opt_out": "0", **flags}
    result = plan([lead], now="2026-11-20 12:00")
    assert row(result, "L1")["action"] == "suppress"


def test_a_hard_bounce_reason_suppresses_and_is_quoted_in_the_reason():
    leads = [{"id": "L1", "status": "Open", "bounce": "550 5.1.1 User unknown"},
             {"id": "L2", "status": "Open", "bounce": ""}]
    result = plan(leads, now="2026-11-20 12:00")
    assert row(result, "L1")["reason"] == ("hard bounce (Email hard bounce reason '550 5.1.1 User unknown'): "
                                           "suppress, no sales or marketing contact")
    assert row(result, "L2")["action"] == "none"


def test_a_lead_whose_status_already_says_do_not_contact_is_not_written_again():
    result = plan([{"id": "L1", "status": "Do Not Contact", "opt_out": "1"}], now="2026-11-20 12:00")
    assert row(result, "L1")["action"] == "none"
    assert "already suppressed" in row(result, "L1")["reason"]
    assert result.figures["already_done"] == 1
    assert len(result.updates) == 0


# ------------------------------------------------------------------ recycle after 90 days


@pytest.mark.parametrize(("changed", "action", "days"), [
    ("2026-08-22", "recycle", 90),
    ("2026-08-23", "none", 89),
    ("2026-08-01", "recycle", 111),
])
def test_no_response_recycles_90_days_after_the_disposition(changed, action, days):
    lead = {"id": "L1", "status": "Unqualified", "substatus": "No Response", "owner": "Sam Rivera",
            "created": "2026-05-01", "changed": changed, "score": "45"}
    result = plan([lead], now="2026-11-20 08:00")
    out = row(result, "L1")
    assert out["action"] == action
    assert out["days_since"] == days
    assert out["disposition_date_from"] == "status_changed_at"
    if action == "recycle":
        assert out["reason"] == (f"No Response since {changed} ({days} days ≥ 90; date from status changed): "
                                 "recycle to marketing, track Engaged, score 45")
        written = update(result, "L1")
        assert (written["Lead Status"], written["Lead Substatus"], written["Lead Owner"], written["Nurture Track"],
                written["Next Action Date"]) == ("Open", "Recycled", "Marketing Nurture", "Engaged", "2026-11-20")
    else:
        assert out["reason"].endswith("recycle on 2026-11-21")
        assert result.figures["recycle_pending"] == 1


def test_recycle_days_come_from_the_config():
    config = RevopsConfig.model_validate({"lifecycle": {"recycle_days": 30}})
    lead = {"id": "L1", "status": "No Response", "changed": "2026-10-21"}
    assert row(plan([lead], now="2026-11-20 08:00", config=config), "L1")["action"] == "recycle"


@pytest.mark.parametrize(("lead", "source", "day"), [
    ({"changed": "2026-09-01", "modified": "2026-09-15", "last_activity": "9/30/2026"}, "status_changed_at",
     "2026-09-01"),
    ({"modified": "2026-09-15T14:00:00Z", "last_activity": "9/30/2026"}, "modified_at", "2026-09-15"),
    ({"last_activity": "9/30/2026", "created": "2026-01-05"}, "last_activity_at", "2026-09-30"),
    ({"created": "2026-01-05"}, "created_at", "2026-01-05"),
    ({"changed": "", "last_activity": "", "created": "05/01/2026"}, "created_at", "2026-05-01"),
])
def test_disposition_date_falls_back_from_status_change_to_last_activity_to_created(lead, source, day):
    result = plan([{"id": "L1", "status": "Attempted to Contact", **lead}], now="2026-11-20 08:00")
    out = row(result, "L1")
    assert (out["disposition_date_from"], out["disposition_at"]) == (source, day)


def test_disposition_date_from_the_latest_linked_activity():
    lead = {"id": "L1", "status": "No Response", "created": "2026-01-05"}
    acts = [{"id": "L1", "type": "Call", "at": "2026-08-20 10:00", "rep": "Sam", "result": "No Answer"},
            {"id": "L1", "type": "Email", "at": "2026-08-25 10:00", "rep": "Sam", "result": ""}]
    out = row(plan([lead], acts, now="2026-11-20 08:00"), "L1")
    assert (out["disposition_date_from"], out["disposition_at"], out["action"]) == ("activities", "2026-08-25",
                                                                                     "none")


def test_no_response_without_any_date_is_not_recycled():
    result = plan([{"id": "L1", "status": "No Response"}], now="2026-11-20 08:00")
    assert row(result, "L1")["action"] == "none"
    assert "no date to count the 90 days from" in row(result, "L1")["reason"]


# ------------------------------------------------------------------ the other dispositions


def test_bad_fit_is_disqualified_unless_the_status_already_says_so():
    leads = [{"id": "L1", "status": "Working - Contacted", "substatus": "Competitor"},
             {"id": "L2", "status": "Unqualified", "substatus": "Competitor"}]
    result = plan(leads, now="2026-11-20 08:00")
    assert row(result, "L1")["action"] == "disqualify"
    assert row(result, "L1")["reason"] == ("Bad Fit (substatus 'Competitor'): disqualify, status Unqualified")
    assert row(result, "L2")["action"] == "none"
    assert list(result.updates["Lead ID"]) == ["L1"]


def test_substatus_wins_over_status_unqualified_for_bad_timing_is_not_ready():
    lead = {"id": "L1", "status": "Unqualified", "substatus": "Bad Timing", "owner": "Sam Rivera", "score": "12"}
    out = row(plan([lead], now="2026-11-20 08:00"), "L1")
    assert (out["action"], out["disposition"], out["nurture_track"]) == ("return_to_nurture", "not_ready",
                                                                          "Awareness")


def test_not_ready_already_with_marketing_is_left_alone():
    lead = {"id": "L1", "status": "Nurture", "owner": "Marketing Nurture"}
    result = plan([lead], now="2026-11-20 08:00")
    assert row(result, "L1")["action"] == "none"
    assert len(result.updates) == 0


def test_qualified_without_an_opportunity_needs_one():
    leads = [{"id": "L1", "email": "a@x.com", "status": "Qualified"},
             {"id": "L2", "email": "b@x.com", "status": "Qualified"},
             {"id": "L3", "email": "C@X.com", "status": "Sales Qualified"},
             {"id": "L4", "email": "d@x.com", "status": "Closed - Converted"}]
    opps = pd.DataFrame({"Opportunity ID": ["006A", "006B"], "Converted Lead ID": ["L2", ""],
                         "Contact Email": ["", "c@x.com"]})
    result = plan(leads, now="2026-11-20 08:00", opportunities=opps)
    assert [row(result, i)["action"] for i in ("L1", "L2", "L3", "L4")] == [
        "create_opportunity", "none", "none", "none"]  # linked by id, by email, by the converted status
    written = update(result, "L1")
    assert pd.isna(written["Lead Status"])  # an import cannot convert a lead: status left as is
    assert written["Next Action Date"] == "2026-11-20"
    assert result.figures["opportunities_linked"] == 2


def test_converted_opportunity_id_column_counts_as_linked():
    leads = [{"id": "L1", "status": "Qualified", "converted": "006xx0000001"},
             {"id": "L2", "status": "Qualified", "converted": ""}]
    result = plan(leads, now="2026-11-20 08:00")
    assert (row(result, "L1")["action"], row(result, "L2")["action"]) == ("none", "create_opportunity")


def test_status_not_updated_within_24_hours_of_the_first_touch_needs_a_disposition():
    leads = [{"id": "L1", "status": "Open - Not Contacted", "owner": "Sam Rivera", "created": "2026-11-16 09:00"},
             {"id": "L2", "status": "Open - Not Contacted", "owner": "Sam Rivera", "created": "2026-11-19 09:00"}]
    acts = [{"id": "L1", "type": "Call", "at": "2026-11-16 09:30", "rep": "Sam Rivera", "result": "Connected"},
            {"id": "L2", "type": "Call", "at": "2026-11-19 09:30", "rep": "Sam Rivera", "result": "Connected"}]
    result = plan(leads, acts, now="2026-11-20 08:00")
    assert row(result, "L1")["action"] == "update_disposition"
    assert row(result, "L1")["reason"].startswith("first touch 2026-11-16, status still 'Open - Not Contacted' "
                                                  "more than 24 hours later: set status Contacted")
    assert row(result, "L2")["action"] == "none"  # touched 22.5 hours ago: not due yet


def test_an_unresponsive_lead_stuck_in_open_is_handed_back_not_asked_for_a_disposition():
    lead = {**WORKING, "status": "Open - Not Contacted"}
    result = plan([lead], cadence("L1", FIRST_WEEK), now="2026-11-16 12:00")
    assert row(result, "L1")["action"] == "return_to_nurture"  # precedence: return_to_nurture before update


def test_one_action_per_lead_and_counts_add_up():
    leads = [{"id": f"L{i}", "status": s, "owner": "Sam Rivera"} for i, s in enumerate(
        ["Do Not Contact", "Competitor", "Qualified", "Nurture", "Open", "Working"])]
    result = plan(leads, now="2026-11-20 08:00")
    assert sum(result.counts.values()) == len(leads) == len(result.actions)
    assert result.counts["create_opportunity"] == 1 and result.counts["return_to_nurture"] == 1
    assert result.figures["already_done"] == 2  # Do Not Contact and Competitor statuses already say so
    assert len(result.updates) == 2
    assert set(result.actions["action"]) <= set(ACTIONS)


# ------------------------------------------------------------------ CRM picklists and update formats


@pytest.mark.parametrize(("status", "disposition"), [
    ("Unqualified - Bad Fit", "bad_fit"), ("UNQUALIFIED_BAD_FIT", "bad_fit"),
    ("ATTEMPTED_TO_CONTACT", "no_response"), ("UNQUALIFIED", "bad_fit"), ("BAD_TIMING", "not_ready"),
    ("OPEN_DEAL", "qualified"), ("Closed - Not Converted", "bad_fit"), ("IN_PROGRESS", None),
])
def test_crm_picklist_values_map_to_dispositions(status, disposition):
    out = row(plan([{"id": "L1", "status": status}], now="2026-11-20 08:00"), "L1")
    assert (None if pd.isna(out["disposition"]) else out["disposition"]) == disposition


@pytest.mark.parametrize(("fmt", "headers", "status", "substatus"), [
    ("salesforce", ["Id", "Status", "Substatus__c", "OwnerId", "Nurture_Track__c", "Next_Action_Date__c"],
     "Closed - Not Converted", "Not Ready"),
    ("hubspot", ["Record ID", "Lead Status", "Lead Substatus", "Contact owner", "Nurture Track", "Next Action Date"],
     "BAD_TIMING", "Not Ready"),
    ("generic", ["Lead ID", "Lead Status", "Lead Substatus", "Lead Owner", "Nurture Track", "Next Action Date"],
     "Unqualified", "Not Ready"),
])
def test_update_file_headers_and_values_follow_the_crm(fmt, headers, status, substatus):
    lead = {"id": "L1", "status": "Working", "substatus": "Not Ready", "owner": "Sam Rivera", "score": "50"}
    result = plan([lead], now="2026-11-20 08:00", crm_format=fmt)
    assert list(result.updates.columns) == [*headers, "action", "reason"]
    first = result.updates.iloc[0]
    assert list(first.iloc[:6]) == ["L1", status, substatus, "Marketing Nurture", "Engaged", "2026-11-20"]


def test_config_renames_update_headers_and_status_values_for_custom_orgs():
    config = RevopsConfig.model_validate({"lifecycle": {
        "update_headers": {"salesforce": {"substatus": "Lead_Substatus__c", "nurture_track": "Nurture_Program__c"}},
        "update_status": {"salesforce": {"not_ready": "Nurture"}}}})
    lead = {"id": "L1", "status": "Working", "substatus": "Not Ready", "owner": "Sam Rivera", "score": "50"}
    result = plan([lead], now="2026-11-20 08:00", crm_format="salesforce", config=config)
    assert list(result.updates.columns[:6]) == ["Id", "Status", "Lead_Substatus__c", "OwnerId", "Nurture_Program__c",
                                                "Next_Action_Date__c"]
    assert list(result.updates.iloc[0, :3]) == ["L1", "Nurture", "Not Ready"]
    hubspot = plan([lead], now="2026-11-20 08:00", crm_format="hubspot", config=config)
    assert hubspot.updates.iloc[0]["Lead Status"] == "BAD_TIMING"  # other formats keep the built-in values


def test_config_rejects_an_unknown_update_field():
    from revops_cli.config import ConfigError, parse_config

    with pytest.raises(ConfigError, match="lifecycle.update_headers"):
        parse_config({"lifecycle": {"update_headers": {"salesforce": {"substatuss": "X__c"}}}})


def test_hubspot_suppression_and_update_disposition_values():
    leads = [{"id": "1", "status": "NEW", "opt_out": "true"},
             {"id": "2", "status": "NEW", "owner": "Sam Rivera", "created": "2026-11-16 09:00"}]
    acts = [{"id": "2", "type": "Call", "at": "2026-11-16 09:30", "rep": "Sam Rivera", "result": "No Answer"}]
    result = plan(leads, acts, now="2026-11-20 08:00", crm_format="hubspot")
    assert list(result.updates["Lead Status"]) == ["UNQUALIFIED", "IN_PROGRESS"]
    assert list(result.updates["action"]) == ["suppress", "update_disposition"]


def test_what_the_update_writes_reads_back_to_the_same_disposition():
    """Status and substatus written by each format map back through the default substatus_map."""
    lead = {"id": "L1", "status": "Working", "substatus": "Not Ready", "owner": "Sam Rivera", "score": "50"}
    for fmt in ("salesforce", "hubspot", "generic"):
        written = plan([lead], now="2026-11-20 08:00", crm_format=fmt).updates.iloc[0]
        again = plan([{"id": "L1", "status": written.iloc[1], "substatus": written.iloc[2],
                       "owner": written.iloc[3]}], now="2026-11-21 08:00", crm_format=fmt)
        assert (row(again, "L1")["disposition"], row(again, "L1")["action"]) == ("not_ready", "none"), fmt


@pytest.mark.parametrize(("headers", "fmt"), [
    (["Record ID", "First Name", "Lead Status", "Contact owner"], "hubspot"),
    (["Lead ID", "Lead Status", "Lead Owner"], "salesforce"),
    (["Id", "Status", "OwnerId"], "salesforce"),
    (["Ref", "Status", "Owner"], "generic"),
])
def test_format_follows_the_input_headers(headers, fmt):
    frame = pd.DataFrame({h: pd.Series(["x1"], dtype="str") for h in headers})
    assert detect_format(frame, detect_columns(headers))[0] == fmt


def test_salesforce_ids_alone_say_salesforce():
    frame = pd.DataFrame({"Id": ["00Q5e00000PiROQEA3", "00Q5e00000PiRSEEA3"], "Status": ["Open", "Open"]})
    fmt, why = detect_format(frame, detect_columns(list(frame.columns)))
    assert fmt == "salesforce" and "00Q" in why


# ------------------------------------------------------------------ ids and errors


def test_leads_without_an_id_are_planned_but_left_out_of_the_file():
    leads = [{"id": "", "status": "Working", "substatus": "Competitor"},
             {"id": "L2", "status": "Working", "substatus": "Competitor"}]
    result = plan(leads, now="2026-11-20 08:00")
    assert list(result.actions["action"]) == ["disqualify", "disqualify"]
    assert list(result.updates["Lead ID"]) == ["L2"]
    assert result.figures["no_id"] == 1


def test_no_id_column_is_an_input_error():
    frame = pd.DataFrame({"Lead Status": ["Competitor"]})
    with pytest.raises(RevopsInputError, match="no record id column"):
        plan_lifecycle(frame, detect_columns(["Lead Status"]), CONFIG, now=pd.Timestamp("2026-11-20", tz=NY))


def test_unknown_format_is_an_input_error():
    with pytest.raises(RevopsInputError, match="--format 'pipedrive'"):
        plan([{"id": "L1", "status": "Open"}], now="2026-11-20 08:00", crm_format="pipedrive")


def test_leads_without_a_score_are_scored_for_their_track():
    lead = {"id": "L1", "status": "Nurture", "owner": "Sam Rivera"}
    result = plan([lead], now="2026-11-20 08:00")
    assert "(scored by revops)" in row(result, "L1")["reason"]
    assert result.figures["scored_by_revops"] == 1
    assert row(result, "L1")["nurture_track"] == "Awareness"  # nothing to score on: 0 points

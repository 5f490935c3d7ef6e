"""Response SLAs by band, the sales SLA (2 business hours, 3 calls + 4 emails in 14 days), disposition,
weekly QA and daily minimums: revops_cli.core.sales.sla."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from revops_cli.columns import detect_columns
from revops_cli.config import RevopsConfig, parse_config
from revops_cli.core.sales.activities import prepare_activities
from revops_cli.core.leads.routing import load_roster
from revops_cli.core.sales.sla import (
    BREACH_CHECKS,
    RESPONSE_KINDS,
    SLA_COLUMNS,
    audit_sla,
    is_contact_outcome,
    minimums_role,
)
from revops_cli.io.read import read_table

from tests.conftest import SAMPLE

CONFIG = RevopsConfig()
NY = "America/New_York"

LEAD_HEADERS = {
    "id": "Lead ID", "first": "First Name", "last": "Last Name", "rating": "Rating", "owner": "Lead Owner",
    "created": "Create Date", "assigned": "Assigned Date", "status": "Lead Status",
    "changed": "Status Changed Date", "score": "Lead Score",
}
ACTIVITY_HEADERS = {"id": "Lead ID", "type": "Activity Type", "at": "Activity Date", "rep": "Assigned",
                    "result": "Call Result"}
ROSTER = [
    {"Name": "Sam Rivera", "Email": "sam@ours.io", "Role": "Sales Rep", "Active": "TRUE", "Time Zone": NY},
    {"Name": "Hannah Schmidt", "Email": "hannah@ours.io", "Role": "AE", "Active": "TRUE",
     "Time Zone": "Europe/Berlin"},
    {"Name": "Marcus Chen", "Email": "marcus@ours.io", "Role": "Senior Sales Rep", "Active": "TRUE",
     "Time Zone": "America/Los_Angeles"},
    {"Name": "Tyler Brooks", "Email": "tyler@ours.io", "Role": "SDR", "Active": "TRUE", "Time Zone": NY},
    {"Name": "Priya Raman", "Email": "priya@ours.io", "Role": "Sales Manager", "Active": "TRUE", "Time Zone": NY},
    {"Name": "Ryan Kowalski", "Email": "ryan@ours.io", "Role": "SDR", "Active": "FALSE", "Time Zone": NY},
]


def _frame(rows: list[dict], headers: dict[str, str]) -> pd.DataFrame:
    used = [key for key in headers if any(key in row for row in rows)]
    return pd.DataFrame({headers[k]: pd.Series([row.get(k, "") for row in rows], dtype="str") for k in used})


def roster(rows: list[dict] = ROSTER, config: RevopsConfig = CONFIG):
    frame = pd.DataFrame(rows, dtype="str")
    return load_roster(frame, None, config, now=pd.Timestamp("2026-11-01", tz=NY))


def audit(leads: list[dict], activities: list[dict] | None = (), *, now: str, config: RevopsConfig = CONFIG,
          reps: list[dict] | None = ROSTER, **kwargs):
    """Audit hand-built leads and activities (times without an offset are New York wall-clock times)."""
    lead_frame = _frame(leads, LEAD_HEADERS)
    mapping = detect_columns(list(lead_frame.columns))
    link = None
    if activities is not None:
        activity_frame = _frame(list(activities), ACTIVITY_HEADERS) if activities else pd.DataFrame(
            {h: pd.Series([], dtype="str") for h in ACTIVITY_HEADERS.values()})
        activity_mapping = detect_columns(list(activity_frame.columns), schema="activities")
        link = prepare_activities(activity_frame, activity_mapping, lead_frame, mapping, config)
    team = roster(reps, config) if reps is not None else None
    return audit_sla(lead_frame, mapping, link, config, now=pd.Timestamp(now, tz=NY), roster=team, **kwargs)


def lead(audit_result, lead_id: str) -> pd.Series:
    frame = audit_result.leads
    return frame[frame["Lead ID"] == lead_id].iloc[0]


def touch(lead_id: str, at: str, kind: str = "Call", rep: str = "Sam Rivera", result: str = "") -> dict:
    return {"id": lead_id, "type": kind, "at": at, "rep": rep, "result": result}


# --------------------------------------------------------------------------
# Response SLAs by band
# --------------------------------------------------------------------------


def test_warm_lead_created_friday_evening_answered_monday_0930_is_met_after_30_business_minutes():
    result = audit([{"id": "L1", "rating": "Warm", "owner": "Sam Rivera", "created": "2026-11-20 17:55"}],
                   [touch("L1", "2026-11-23 09:30")], now="2026-11-24 12:00")
    row = lead(result, "L1")
    assert row["revops_sla_band"] == "Warm"
    assert row["revops_response_business_minutes"] == 30.0
    assert row["revops_response_minutes"] == (2 * 24 + 15) * 60 + 35  # Friday 17:55 to Monday 09:30 on the clock
    assert row["revops_sla_status"] == "met"
    assert row["revops_sla_due_at"] == pd.Timestamp("2026-11-23 10:00", tz=NY)
    assert row["revops_first_touch_kind"] == "call"
    assert result.compliance == 100.0
    assert list(result.breaches["check"]).count("response") == 0


def test_warm_lead_created_friday_evening_answered_monday_1005_is_breached_by_5_business_minutes():
    result = audit([{"id": "L1", "rating": "Warm", "owner": "Sam Rivera", "created": "2026-11-20 17:55"}],
                   [touch("L1", "2026-11-23 10:05")], now="2026-11-24 12:00")
    row = lead(result, "L1")
    assert row["revops_response_business_minutes"] == 65.0
    assert row["revops_sla_status"] == "breached"
    breach = result.breaches[result.breaches["check"] == "response"].iloc[0]
    assert breach["lead_id"] == "L1"
    assert breach["rep"] == "Sam Rivera"
    assert breach["band"] == "Warm"
    assert breach["minutes_late"] == 5.0
    assert breach["due_at"] == pd.Timestamp("2026-11-23 10:00", tz=NY)
    assert breach["done_at"] == pd.Timestamp("2026-11-23 10:05", tz=NY)
    assert breach["detail"] == "Warm: first touch (call) after 65 business minutes; SLA 60 business minutes"
    assert result.compliance == 0.0
    assert result.meets_target is False


def test_warm_lead_created_on_thanksgiving_answered_friday_0945_is_met():
    result = audit([{"id": "L1", "rating": "Warm", "owner": "Sam Rivera", "created": "2026-11-26 10:00"}],
                   [touch("L1", "2026-11-27 09:45", "Email")], now="2026-11-30 12:00")
    row = lead(result, "L1")
    assert row["revops_response_business_minutes"] == 45.0
    assert row["revops_sla_status"] == "met"
    assert row["revops_sla_due_at"] == pd.Timestamp("2026-11-27 10:00", tz=NY)


@pytest.mark.parametrize(("called", "status", "late"), [("10:04", "met", None), ("10:06", "breached", 1.0)])
def test_hot_lead_created_saturday_runs_on_the_wall_clock_five_minutes(called, status, late):
    result = audit([{"id": "H1", "rating": "Hot", "owner": "Sam Rivera", "created": "2026-11-21 10:00"}],
                   [touch("H1", f"2026-11-21 {called}")], now="2026-11-23 12:00")
    row = lead(result, "H1")
    assert row["revops_response_business_minutes"] == 0.0  # Saturday: no business time at all
    assert row["revops_sla_status"] == status
    assert row["revops_sla_due_at"] == pd.Timestamp("2026-11-21 10:05", tz=NY)
    response = result.breaches[result.breaches["check"] == "response"]
    assert list(response["minutes_late"]) == ([] if late is None else [late])


@pytest.mark.parametrize(("called", "status"), [("2026-11-20 18:00", "met"), ("2026-11-23 09:01", "breached")])
def test_warm_lead_due_at_friday_closing_is_judged_on_business_minutes_not_the_instant(called, status):
    # Created Friday 16:00: due 17:00. A call at 18:00 still comes after 60 business minutes: no business
    # time passed after closing. Monday 09:01 is 61.
    result = audit([{"id": "L1", "rating": "Warm", "owner": "Sam Rivera", "created": "2026-11-20 16:00"}],
                   [touch("L1", called)], now="2026-11-24 12:00")
    row = lead(result, "L1")
    assert row["revops_sla_due_at"] == pd.Timestamp("2026-11-20 17:00", tz=NY)
    assert row["revops_sla_status"] == status


def test_berlin_reps_lead_counts_business_minutes_in_berlin_hours():
    result = audit([{"id": "B1", "rating": "Warm", "owner": "Hannah Schmidt", "created": "2026-11-17T16:50:00+01:00"}],
                   [touch("B1", "2026-11-18T09:20:00+01:00", rep="Hannah Schmidt")], now="2026-11-19 12:00")
    row = lead(result, "B1")
    assert row["revops_sla_rep"] == "Hannah Schmidt"
    assert row["revops_response_business_minutes"] == 30.0  # 16:50-17:00 and 09:00-09:20 Berlin
    assert row["revops_response_minutes"] == 990.0
    assert row["revops_sla_status"] == "met"
    assert row["revops_sla_due_at"] == pd.Timestamp("2026-11-18T09:50:00+01:00")


def test_the_owner_matches_the_roster_by_email_and_any_case():
    result = audit([{"id": "B1", "rating": "Warm", "owner": "HANNAH@ours.io", "created": "2026-11-17T16:50:00+01:00"}],
                   [touch("B1", "2026-11-18T09:20:00+01:00")], now="2026-11-19 12:00")
    assert lead(result, "B1")["revops_sla_rep"] == "Hannah Schmidt"
    assert lead(result, "B1")["revops_response_business_minutes"] == 30.0


def test_business_minutes_across_the_dst_change_week_in_new_york():
    # Friday 16:30 EDT to Monday 09:30 EST: 30 + 30 business minutes; the clock gains the hour given back.
    result = audit([{"id": "D1", "rating": "Warm", "owner": "Sam Rivera", "created": "2026-10-30 16:30"}],
                   [touch("D1", "2026-11-02 09:30")], now="2026-11-03 12:00")
    row = lead(result, "D1")
    assert row["revops_response_business_minutes"] == 60.0
    assert row["revops_response_minutes"] == 66 * 60.0
    assert row["revops_sla_status"] == "met"
    assert row["revops_sla_due_at"] == pd.Timestamp("2026-11-02 09:30", tz=NY)


def test_leads_nobody_touched_are_overdue_once_the_sla_has_passed_and_not_due_before():
    leads = [
        {"id": "OLD", "rating": "Warm", "owner": "Sam Rivera", "created": "2026-11-18 10:00"},
        {"id": "NEW", "rating": "Warm", "owner": "Sam Rivera", "created": "2026-11-19 11:30"},
        {"id": "COLD", "rating": "Cold", "owner": "Sam Rivera", "created": "2026-11-18 10:00"},
    ]
    result = audit(leads, [], now="2026-11-19 12:00")  # an activities export with no touches in it
    assert lead(result, "OLD")["revops_sla_status"] == "open_overdue"
    assert lead(result, "NEW")["revops_sla_status"] == "open_not_due"
    assert lead(result, "COLD")["revops_sla_status"] == "open_not_due"  # 48 business hours
    assert pd.isna(lead(result, "OLD")["revops_first_touch_at"])
    overdue = result.breaches[result.breaches["check"] == "response"].iloc[0]
    assert overdue["lead_id"] == "OLD"
    assert overdue["minutes_late"] == 7 * 60 + 3 * 60 - 60.0  # 10:00-17:00 and 09:00-12:00, less the hour
    assert pd.isna(overdue["done_at"])
    assert overdue["detail"] == "Warm: no touch yet, 600 business minutes; SLA 60 business minutes"
    assert result.compliance == 0.0  # 0 met of 1 due: the two not yet due are left out
    assert result.by_band[1] == {"band": "Warm", "sla_minutes": 60, "clock": "business", "leads": 2, "met": 0,
                                "breached": 0, "open_overdue": 1, "open_not_due": 1, "compliance": 0.0}


def test_a_touch_before_the_clock_start_or_after_now_does_not_count():
    leads = [{"id": "L1", "rating": "Warm", "owner": "Sam Rivera", "created": "2026-11-16 09:00",
              "assigned": "2026-11-17 09:00"}]
    touches = [touch("L1", "2026-11-16 09:30"), touch("L1", "2026-11-17 09:40", "Email"),
               touch("L1", "2026-11-20 09:00")]
    result = audit(leads, touches, now="2026-11-19 12:00")
    row = lead(result, "L1")
    assert row["revops_sla_started_at"] == pd.Timestamp("2026-11-17 09:00", tz=NY)  # assigned_at wins
    assert row["revops_first_touch_at"] == pd.Timestamp("2026-11-17 09:40", tz=NY)
    assert row["revops_first_touch_kind"] == "email"
    assert row["revops_response_business_minutes"] == 40.0


def test_only_sales_touches_count_as_a_response():
    assert RESPONSE_KINDS == ("call", "email", "meeting", "demo", "social")
    leads = [{"id": "L1", "rating": "Warm", "owner": "Sam Rivera", "created": "2026-11-17 09:00"}]
    touches = [touch("L1", "2026-11-17 09:05", "Email Open"), touch("L1", "2026-11-17 09:10", "Visit Webpage"),
               touch("L1", "2026-11-17 09:20", "LinkedIn InMail")]
    row = lead(audit(leads, touches, now="2026-11-19 12:00"), "L1")
    assert row["revops_first_touch_kind"] == "social"
    assert row["revops_response_business_minutes"] == 20.0


def test_band_comes_from_revops_band_then_score_then_rating_else_unbanded():
    frame = pd.DataFrame({
        "Lead ID": ["A", "B", "C", "D", "E"],
        "Lead Owner": ["Sam Rivera"] * 5,
        "Create Date": ["2026-11-17 09:00"] * 5,
        "Rating": ["Cold", "hot", "Warm", "", "Cold"],
        "revops_score": ["85", "", "45", "", "12"],
        "revops_band": ["Hot", "", "", "", "nonsense"],
    }, dtype="str")
    mapping = detect_columns(list(frame.columns))
    result = audit_sla(frame, mapping, None, CONFIG, now=pd.Timestamp("2026-11-17 09:30", tz=NY))
    assert list(result.leads["revops_sla_band"]) == ["Hot", "Hot", "Qualified", "unbanded", "Cold"]
    assert list(result.leads["revops_sla_status"]) == ["open_overdue", "open_overdue", "open_not_due", "unbanded",
                                                       "open_not_due"]
    assert result.counts["unbanded"] == 1
    assert result.counts["band_from"] == {"revops_band": 1, "score": 2, "rating": 1, "unbanded": 1}


def test_leads_without_a_created_or_assigned_date_are_counted_not_audited():
    leads = [{"id": "L1", "rating": "Warm", "owner": "Sam Rivera", "created": "2026-11-17 09:00"},
             {"id": "L2", "rating": "Warm", "owner": "Sam Rivera", "created": ""},
             {"id": "L3", "rating": "Warm", "owner": "Sam Rivera", "created": "not a date"}]
    result = audit(leads, None, now="2026-11-19 12:00")
    assert list(result.leads["Lead ID"]) == ["L1"]
    assert (result.counts["leads"], result.counts["audited"], result.counts["no_start"]) == (3, 1, 2)


# --------------------------------------------------------------------------
# Sales SLA: 2 business hours by phone and email
# --------------------------------------------------------------------------


def test_email_only_first_touch_fails_the_phone_and_email_agreement():
    leads = [{"id": "E1", "rating": "Warm", "owner": "Sam Rivera", "created": "2026-11-17 10:00"}]
    result = audit(leads, [touch("E1", "2026-11-17 10:10", "Email")], now="2026-11-18 12:00")
    row = lead(result, "E1")
    assert row["revops_sla_status"] == "met"  # the band SLA takes any touch
    assert row["revops_agreement_status"] == "open_overdue"
    assert row["revops_agreement_missing"] == "call"
    breach = result.breaches[result.breaches["check"] == "agreement"].iloc[0]
    assert breach["detail"] == "no call within 2 business hours of the clock start"
    assert breach["due_at"] == pd.Timestamp("2026-11-17 12:00", tz=NY)
    assert breach["minutes_late"] == 7 * 60 + 3 * 60 - 120.0  # 10:00-17:00 and 09:00-12:00, less 2 hours
    assert result.agreement["open_overdue"] == 1
    assert result.agreement["percent"] == 0.0


def test_phone_and_email_within_two_business_hours_meets_the_agreement_and_a_late_call_breaches_it():
    leads = [{"id": "OK", "rating": "Warm", "owner": "Sam Rivera", "created": "2026-11-17 10:00"},
             {"id": "LATE", "rating": "Warm", "owner": "Sam Rivera", "created": "2026-11-17 10:00"},
             {"id": "SOON", "rating": "Warm", "owner": "Sam Rivera", "created": "2026-11-18 11:30"}]
    touches = [touch("OK", "2026-11-17 10:10", "Email"), touch("OK", "2026-11-17 12:00"),
               touch("LATE", "2026-11-17 10:10", "Email"), touch("LATE", "2026-11-17 12:01"),
               touch("SOON", "2026-11-18 11:35")]
    result = audit(leads, touches, now="2026-11-18 12:00")
    assert lead(result, "OK")["revops_agreement_status"] == "met"
    assert lead(result, "OK")["revops_agreement_missing"] == ""
    assert lead(result, "LATE")["revops_agreement_status"] == "breached"
    assert lead(result, "LATE")["revops_agreement_missing"] == "call"
    assert lead(result, "SOON")["revops_agreement_status"] == "open_not_due"
    assert lead(result, "SOON")["revops_agreement_missing"] == "email"
    late = result.breaches[result.breaches["check"] == "agreement"].iloc[0]
    assert (late["lead_id"], late["minutes_late"]) == ("LATE", 1.0)
    assert late["done_at"] == pd.Timestamp("2026-11-17 12:01", tz=NY)
    assert {k: result.agreement[k] for k in ("met", "breached", "open_overdue", "open_not_due", "percent")} == \
        {"met": 1, "breached": 1, "open_overdue": 0, "open_not_due": 1, "percent": 50.0}


def test_without_the_phone_and_email_rule_any_first_touch_within_two_business_hours_meets_the_agreement():
    config = parse_config({"sla": {"require_phone_and_email": False}})
    leads = [{"id": "E1", "rating": "Warm", "owner": "Sam Rivera", "created": "2026-11-17 10:00"}]
    result = audit(leads, [touch("E1", "2026-11-17 10:10", "Email")], now="2026-11-18 12:00", config=config)
    assert lead(result, "E1")["revops_agreement_status"] == "met"
    assert lead(result, "E1")["revops_agreement_missing"] == ""


# --------------------------------------------------------------------------
# Sales SLA: no contact yet -> 3 calls and 4 emails in 14 days, then unresponsive
# --------------------------------------------------------------------------

START = pd.Timestamp("2026-11-02 09:00", tz=NY)


def _at(days: float = 0, hours: float = 0) -> str:
    return (START + pd.Timedelta(days=days, hours=hours)).isoformat()


def _cadence_touches(lead_id: str, *, last_call: bool = True) -> list[dict]:
    touches = [touch(lead_id, _at(0, 1), "Email"), touch(lead_id, _at(1), result="No Answer"),
               touch(lead_id, _at(3), "Email"), touch(lead_id, _at(5), result="Left Voicemail"),
               touch(lead_id, _at(7), "Email"), touch(lead_id, _at(10), "Email", result="Opened"),
               touch(lead_id, _at(14, 1), result="Busy")]  # after the two weeks: does not count
    if last_call:
        touches.append(touch(lead_id, _at(13, 23), result="No Answer"))  # 13 days 23 hours: counts
    return touches


def test_three_calls_and_four_emails_in_14_days_without_contact_may_be_marked_unresponsive():
    leads = [{"id": "C1", "first": "Ada", "last": "Lovelace", "rating": "Cold", "owner": "Sam Rivera",
              "created": _at(), "status": "Working - Contacted"}]
    result = audit(leads, _cadence_touches("C1"), now=_at(15))
    row = lead(result, "C1")
    assert (row["revops_cadence_calls"], row["revops_cadence_emails"]) == (3, 4)
    assert row["revops_cadence_status"] == "complete"
    assert list(result.unresponsive["lead_id"]) == ["C1"]
    listed = result.unresponsive.iloc[0]
    assert listed["lead_name"] == "Ada Lovelace"
    assert (listed["calls"], listed["emails"]) == (3, 4)
    assert listed["last_touch_at"] == pd.Timestamp(_at(14, 1))
    assert "cadence" not in set(result.breaches["check"])


def test_two_calls_in_14_days_is_a_short_cadence_breach():
    leads = [{"id": "C2", "rating": "Cold", "owner": "Sam Rivera", "created": _at()}]
    result = audit(leads, _cadence_touches("C2", last_call=False), now=_at(15))
    row = lead(result, "C2")
    assert (row["revops_cadence_calls"], row["revops_cadence_emails"]) == (2, 4)
    assert row["revops_cadence_status"] == "short"
    assert result.unresponsive.empty
    breach = result.breaches[result.breaches["check"] == "cadence"].iloc[0]
    assert breach["detail"] == "cadence short: 2 calls, 4 emails of 3 and 4 in 14 days, no contact"
    assert breach["due_at"] == pd.Timestamp(_at(14))
    assert np.isnan(breach["minutes_late"])


def test_cadence_is_in_progress_until_the_two_weeks_are_over_and_a_conversation_ends_it():
    leads = [{"id": "RUN", "rating": "Cold", "owner": "Sam Rivera", "created": _at()},
             {"id": "TALK", "rating": "Cold", "owner": "Sam Rivera", "created": _at()},
             {"id": "MEET", "rating": "Cold", "owner": "Sam Rivera", "created": _at()},
             {"id": "NOSHOW", "rating": "Cold", "owner": "Sam Rivera", "created": _at()}]
    touches = [touch("RUN", _at(1)), touch("TALK", _at(2), result="Connected"),
               touch("MEET", _at(3), "Meeting"), touch("NOSHOW", _at(3), "Meeting", result="No Show")]
    during = audit(leads, touches, now=_at(13))
    assert list(during.leads["revops_cadence_status"]) == ["in_progress", "contacted", "contacted", "in_progress"]
    after = audit(leads, touches, now=_at(14))
    assert list(after.leads["revops_cadence_status"]) == ["short", "contacted", "contacted", "short"]
    assert (after.cadence["contacted"], after.cadence["short"]) == (2, 2)


@pytest.mark.parametrize(("kind", "outcome", "contact"), [
    ("call", "Connected", True), ("call", "Spoke with prospect", True), ("call", "Meeting Booked", True),
    ("call", "No Answer", False), ("call", "Left Voicemail", False), ("call", "Busy", False),
    ("call", "Wrong Number", False), ("call", "NOT_CONNECTED", False), ("call", "", False), ("call", None, False),
    ("email", "Replied", True), ("email", "Opened", False), ("email", "Bounced", False),
    ("meeting", "", True), ("meeting", "No Show", False), ("demo", "Rescheduled", False), ("demo", None, True),
])
def test_contact_means_a_conversation(kind, outcome, contact):
    assert is_contact_outcome(outcome, kind) is contact


# --------------------------------------------------------------------------
# Disposition: status updated within 24 hours of contact
# --------------------------------------------------------------------------


def test_status_changed_23_hours_after_the_first_touch_is_on_time_and_25_hours_is_late():
    leads = [{"id": "ON", "rating": "Warm", "owner": "Sam Rivera", "created": "2026-11-16 09:00",
              "status": "Working - Contacted", "changed": "2026-11-17 08:10"},
             {"id": "LATE", "rating": "Warm", "owner": "Sam Rivera", "created": "2026-11-16 09:00",
              "status": "Working - Contacted", "changed": "2026-11-17 10:10"},
             {"id": "NEVER", "rating": "Warm", "owner": "Sam Rivera", "created": "2026-11-16 09:00",
              "status": "Open", "changed": "2026-11-16 09:00"},
             {"id": "NOTYET", "rating": "Warm", "owner": "Sam Rivera", "created": "2026-11-18 09:00",
              "status": "Open", "changed": ""}]
    touches = [touch(i, "2026-11-16 09:10") for i in ("ON", "LATE", "NEVER")] + [touch("NOTYET", "2026-11-18 09:10")]
    result = audit(leads, touches, now="2026-11-18 12:00")
    assert list(result.leads["revops_disposition_status"]) == ["on_time", "late", "stuck_open", "not_due"]
    rows = result.breaches[result.breaches["check"] == "disposition"]
    assert list(rows["lead_id"]) == ["LATE", "NEVER"]
    assert list(rows["minutes_late"]) == [60.0, 26 * 60 + 50.0]
    assert rows.iloc[0]["detail"] == "status changed 25 hours after the first touch (due within 24)"
    assert rows.iloc[0]["done_at"] == pd.Timestamp("2026-11-17 10:10", tz=NY)
    assert list(result.stuck_open["lead_id"]) == ["NEVER"]
    assert result.disposition["source"] == "status_changed_at"


def test_without_a_status_date_a_lead_still_open_two_days_after_a_touch_is_stuck_in_open():
    leads = [{"id": "STUCK", "first": "Jo", "last": "Park", "rating": "Warm", "owner": "Sam Rivera",
              "created": "2026-11-16 09:00", "status": "Open - Not Contacted"},
             {"id": "MOVED", "rating": "Warm", "owner": "Sam Rivera", "created": "2026-11-16 09:00",
              "status": "Working - Contacted"},
             {"id": "DEAL", "rating": "Warm", "owner": "Sam Rivera", "created": "2026-11-16 09:00",
              "status": "OPEN_DEAL"},
             {"id": "FRESH", "rating": "Warm", "owner": "Sam Rivera", "created": "2026-11-18 09:00",
              "status": "New"},
             {"id": "UNTOUCHED", "rating": "Warm", "owner": "Sam Rivera", "created": "2026-11-16 09:00",
              "status": "New"}]
    touches = [touch(i, "2026-11-16 09:10") for i in ("STUCK", "MOVED", "DEAL")] + [touch("FRESH", "2026-11-18 09:10")]
    result = audit(leads, touches, now="2026-11-18 09:10")
    assert list(result.leads["revops_disposition_status"]) == ["stuck_open", "on_time", "on_time", "not_due",
                                                                "no_touch"]
    stuck = result.stuck_open.iloc[0]
    assert (stuck["lead_id"], stuck["lead_name"], stuck["owner"], stuck["status"]) == \
        ("STUCK", "Jo Park", "Sam Rivera", "Open - Not Contacted")
    assert stuck["first_touch_at"] == pd.Timestamp("2026-11-16 09:10", tz=NY)
    assert stuck["due_at"] == pd.Timestamp("2026-11-17 09:10", tz=NY)
    breach = result.breaches[result.breaches["check"] == "disposition"].iloc[0]
    assert breach["detail"] == "status still 'Open - Not Contacted' more than 24 hours after the first touch"
    assert breach["minutes_late"] == 24 * 60.0
    assert {k: result.disposition[k] for k in ("on_time", "late", "stuck_open", "not_due", "no_touch")} == \
        {"on_time": 2, "late": 0, "stuck_open": 1, "not_due": 1, "no_touch": 1}
    assert result.disposition["source"] == "status"


# --------------------------------------------------------------------------
# Weekly QA: all new leads assigned
# --------------------------------------------------------------------------


def test_blank_owner_queue_inactive_rep_and_stranger_are_unassigned():
    leads = [{"id": "OK", "rating": "Warm", "owner": "Sam Rivera", "created": "2026-11-16 09:00"},
             {"id": "BLANK", "rating": "Warm", "owner": "  ", "created": "2026-11-16 09:00"},
             {"id": "QUEUE", "rating": "Warm", "owner": "Inbound Lead Queue", "created": "2026-11-16 09:00"},
             {"id": "GONE", "rating": "Warm", "owner": "Ryan Kowalski", "created": "2026-11-16 09:00"},
             {"id": "WHO", "rating": "Warm", "owner": "Pat Nobody", "created": "2026-11-16 09:00"}]
    result = audit(leads, None, now="2026-11-18 12:00")
    assert list(result.unassigned["lead_id"]) == ["BLANK", "QUEUE", "GONE", "WHO"]
    assert list(result.unassigned["reason"]) == ["blank", "queue", "inactive", "not_on_roster"]
    assert list(result.unassigned["owner"])[1] == "Inbound Lead Queue"
    assert {k: result.assignment[k] for k in ("leads", "assigned", "unassigned", "blank", "queue", "inactive",
                                              "not_on_roster", "percent")} == \
        {"leads": 5, "assigned": 1, "unassigned": 4, "blank": 1, "queue": 1, "inactive": 1, "not_on_roster": 1,
         "percent": 20.0}
    assert lead(result, "QUEUE")["revops_unassigned_reason"] == "queue"
    assert pd.isna(lead(result, "OK")["revops_unassigned_reason"])


def test_without_a_roster_only_blank_owners_and_queues_can_be_told():
    leads = [{"id": "BLANK", "rating": "Warm", "owner": "", "created": "2026-11-16 09:00"},
             {"id": "QUEUE", "rating": "Warm", "owner": "Inbound Lead Queue", "created": "2026-11-16 09:00"},
             {"id": "WHO", "rating": "Warm", "owner": "Pat Nobody", "created": "2026-11-16 09:00"}]
    result = audit(leads, None, now="2026-11-18 12:00", reps=None)
    assert list(result.unassigned["reason"]) == ["blank", "queue"]
    assert result.assignment["roster"] is False
    assert result.activity_days.empty


# --------------------------------------------------------------------------
# Sales Process SOP: daily minimums
# --------------------------------------------------------------------------


def _day_of_work(day: str, rep: str, calls: int, emails: int, meetings: int) -> list[dict]:
    def at(i: int) -> str:
        return (pd.Timestamp(f"{day} 09:00") + pd.Timedelta(minutes=i)).isoformat()
    return ([touch("X", at(i), "Call", rep) for i in range(calls)]
            + [touch("X", at(i), "Email", rep) for i in range(emails)]
            + [touch("X", at(i), "Meeting", rep) for i in range(meetings)])


def test_sdr_daily_minimums_50_calls_100_emails_3_meetings_on_working_days_only():
    work = (_day_of_work("2026-11-16", "Tyler Brooks", 50, 100, 3)  # Monday: meets the minimum
            + _day_of_work("2026-11-17", "tyler@ours.io", 49, 100, 3)  # Tuesday: one call short
            + _day_of_work("2026-11-21", "Tyler Brooks", 5, 5, 0))  # Saturday: not a working day
    leads = [{"id": "X", "rating": "Warm", "owner": "Tyler Brooks", "created": "2026-11-16 08:00"}]
    result = audit(leads, work, now="2026-11-24 08:00", start=pd.Timestamp("2026-11-16", tz=NY),
                   end=pd.Timestamp("2026-11-23", tz=NY))
    tyler = result.activity_days[result.activity_days["rep"] == "Tyler Brooks"]
    assert [str(d.date()) for d in tyler["day"]] == ["2026-11-16", "2026-11-17", "2026-11-18", "2026-11-19",
                                                     "2026-11-20"]
    monday, tuesday = tyler.iloc[0], tyler.iloc[1]
    assert (monday["calls"], monday["emails"], monday["meetings"], monday["demos"]) == (50, 100, 3, 0)
    assert (monday["minimum_calls"], monday["minimum_emails"], monday["minimum_meetings"],
            monday["minimum_demos"]) == (50, 100, 3, 0)
    assert not monday["under_minimum"]
    assert tuesday["under_minimum"]
    assert tuesday["missed"] == "calls 49/50"
    assert list(tyler["under_minimum"]) == [False, True, True, True, True]
    summary = next(r for r in result.activity if r["rep"] == "Tyler Brooks")
    assert summary == {"rep": "Tyler Brooks", "role": "SDR", "working_days": 5, "days_under_minimum": 4,
                       "calls": 99, "emails": 200, "meetings": 6, "demos": 0}
    # Sales Manager (no minimum) and the inactive SDR are not audited; a Sales Rep is an AE.
    assert set(result.activity_days["rep"]) == {"Sam Rivera", "Hannah Schmidt", "Marcus Chen", "Tyler Brooks"}
    assert set(zip(result.activity_days["rep"], result.activity_days["role"])) >= {("Sam Rivera", "AE"),
                                                                                   ("Marcus Chen", "Senior AE")}
    assert result.period["activity_from"] == "2026-11-16"
    assert result.period["activity_to"] == "2026-11-22"


def test_activity_days_default_to_the_last_four_weeks_before_today():
    work = _day_of_work("2026-09-01", "Tyler Brooks", 1, 0, 0) + _day_of_work("2026-11-16", "Tyler Brooks", 1, 0, 0)
    leads = [{"id": "X", "rating": "Warm", "owner": "Tyler Brooks", "created": "2026-09-01 08:00"}]
    result = audit(leads, work, now="2026-11-20 08:00")
    assert (result.period["activity_from"], result.period["activity_to"]) == ("2026-10-23", "2026-11-19")
    tyler = result.activity_days[result.activity_days["rep"] == "Tyler Brooks"]
    assert len(tyler) == 19  # 28 days less 4 weekends and Veterans Day (11 November)
    assert int(tyler["calls"].sum()) == 1


@pytest.mark.parametrize(("role", "key"), [
    ("SDR", "SDR"), ("bdr", "SDR"), ("Sales Development Rep", "SDR"), ("AE", "AE"), ("Sales Rep", "AE"),
    ("Account Executive", "AE"), ("Senior AE", "Senior AE"), ("Senior Sales Rep", "Senior AE"),
    ("senior account executive", "Senior AE"), ("Sales Manager", None), ("", None),
])
def test_roster_roles_map_to_the_sop_minimums(role, key):
    assert minimums_role(role, list(CONFIG.sla.activity_minimums)) == key


# --------------------------------------------------------------------------
# Figures and groupings
# --------------------------------------------------------------------------


def _small_team_week() -> list[dict]:
    return [
        {"id": "H", "rating": "Hot", "owner": "Sam Rivera", "created": "2026-11-10 10:00"},  # met, 2 min
        {"id": "W", "rating": "Warm", "owner": "Sam Rivera", "created": "2026-11-10 10:00"},  # breached, 90
        {"id": "O", "rating": "Warm", "owner": "Marcus Chen", "created": "2026-11-17 13:00"},  # overdue
        {"id": "N", "rating": "Cold", "owner": "Marcus Chen", "created": "2026-11-18 13:00"},  # not due
        {"id": "U", "rating": "", "owner": "Marcus Chen", "created": "2026-11-18 11:00"},  # unbanded
    ]


def test_compliance_leaves_out_leads_not_yet_due_and_groups_by_band_rep_and_week():
    touches = [touch("H", "2026-11-10 10:02"), touch("W", "2026-11-10 11:30"),
               touch("U", "2026-11-18 12:30", rep="Marcus Chen")]
    result = audit(_small_team_week(), touches, now="2026-11-18 14:00")
    assert list(result.leads["revops_sla_status"]) == ["met", "breached", "open_overdue", "open_not_due", "unbanded"]
    assert result.compliance == 33.3  # 1 met of 3 due
    assert result.target == 95.0 and result.meets_target is False
    bands = {row["band"]: row for row in result.by_band}
    assert list(bands) == ["Hot", "Warm", "Qualified", "Early", "Cold", "unbanded"]
    assert bands["Hot"] == {"band": "Hot", "sla_minutes": 5, "clock": "wall", "leads": 1, "met": 1, "breached": 0,
                            "open_overdue": 0, "open_not_due": 0, "compliance": 100.0}
    assert (bands["Warm"]["met"], bands["Warm"]["breached"], bands["Warm"]["open_overdue"],
            bands["Warm"]["compliance"]) == (0, 1, 1, 0.0)
    assert (bands["Cold"]["open_not_due"], bands["Cold"]["compliance"]) == (1, None)
    assert bands["unbanded"]["leads"] == 1
    reps = {row["rep"]: row for row in result.by_rep}
    assert list(reps) == ["Marcus Chen", "Sam Rivera"]
    sam = reps["Sam Rivera"]
    assert (sam["leads"], sam["met"], sam["breached"], sam["compliance"]) == (2, 1, 1, 50.0)
    assert (sam["median_business_minutes"], sam["median_minutes"]) == (46.0, 46.0)
    assert (sam["p90_business_minutes"], sam["p90_minutes"]) == (81.2, 81.2)
    marcus = reps["Marcus Chen"]
    assert (marcus["leads"], marcus["open_overdue"], marcus["open_not_due"], marcus["compliance"]) == (3, 1, 1, 0.0)
    # Marcus works in Los Angeles: a lead from 08:00 his time touched at 09:30 is 30 business minutes, 90 on the clock.
    assert (marcus["median_business_minutes"], marcus["median_minutes"]) == (30.0, 90.0)
    assert [(w["week"], w["leads"], w["met"], w["breached"], w["open_overdue"], w["compliance"])
            for w in result.by_week] == [("2026-11-09", 2, 1, 1, 0, 50.0), ("2026-11-16", 3, 0, 0, 1, 0.0)]
    assert sam["breaches"] == int((result.breaches["rep"] == "Sam Rivera").sum())


def test_weeks_start_on_the_configured_day():
    config = parse_config({"general": {"week_start": "sunday"}})
    result = audit(_small_team_week(), [], now="2026-11-18 14:00", config=config)
    assert [w["week"] for w in result.by_week] == ["2026-11-08", "2026-11-15"]


def test_start_and_end_keep_leads_whose_clock_started_in_the_range():
    result = audit(_small_team_week(), [], now="2026-11-18 14:00", start=pd.Timestamp("2026-11-16", tz=NY),
                   end=pd.Timestamp("2026-11-18 10:00", tz=NY))
    assert list(result.leads["Lead ID"]) == ["O"]
    assert (result.counts["audited"], result.counts["out_of_range"]) == (1, 4)
    assert set(result.breaches["lead_id"]) <= {"O"}
    assert (result.period["activity_from"], result.period["activity_to"]) == ("2026-11-16", "2026-11-17")
    assert set(result.activity_days["day"].dt.strftime("%Y-%m-%d")) == {"2026-11-16", "2026-11-17"}


def test_breaches_come_check_by_check_with_every_column():
    touches = [touch("H", "2026-11-10 10:02"), touch("W", "2026-11-10 11:30")]
    result = audit(_small_team_week(), touches, now="2026-11-18 14:00")
    assert list(result.breaches.columns) == ["check", "lead_id", "lead_name", "band", "rep", "started_at", "due_at",
                                             "done_at", "minutes_late", "detail"]
    order = [BREACH_CHECKS.index(c) for c in result.breaches["check"]]
    assert order == sorted(order)
    assert list(result.leads.columns[-len(SLA_COLUMNS):]) == list(SLA_COLUMNS)
    assert list(result.leads.columns[:-len(SLA_COLUMNS)]) == ["Lead ID", "Rating", "Lead Owner", "Create Date"]
    assert result.breach_counts == {check: int((result.breaches["check"] == check).sum()) for check in BREACH_CHECKS}


def test_summary_is_plain_json_with_the_same_numbers_as_the_tables():
    touches = [touch("H", "2026-11-10 10:02"), touch("W", "2026-11-10 11:30")]
    result = audit(_small_team_week(), touches, now="2026-11-18 14:00")
    summary = json.loads(json.dumps(result.summary()))
    assert summary["compliance_percent"] == result.compliance
    assert summary["breaches"] == len(result.breaches)
    assert summary["breaches_by_check"]["response"] == int((result.breaches["check"] == "response").sum())
    assert summary["unassigned"] == len(result.unassigned)
    assert summary["by_band"] == result.by_band
    assert summary["now"] == "2026-11-18T14:00:00-05:00"
    assert summary["activity_days_under_minimum"] == int(result.activity_days["under_minimum"].sum())


def test_the_leads_frame_is_not_changed():
    frame = _frame(_small_team_week(), LEAD_HEADERS)
    before = frame.copy()
    audit_sla(frame, detect_columns(list(frame.columns)), None, CONFIG, now=pd.Timestamp("2026-11-18 14:00", tz=NY))
    pd.testing.assert_frame_equal(frame, before)


# --------------------------------------------------------------------------
# The sample exports
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_audit():
    now = pd.Timestamp("2026-11-20T08:00", tz=NY)
    leads = read_table(SAMPLE / "salesforce_leads.csv")
    lead_mapping = detect_columns(list(leads.frame.columns), headers=leads.header_map)
    tasks = read_table(SAMPLE / "activities.csv")
    task_mapping = detect_columns(list(tasks.frame.columns), schema="activities", headers=tasks.header_map)
    link = prepare_activities(tasks.frame, task_mapping, leads.frame, lead_mapping, CONFIG)
    reps = read_table(SAMPLE / "reps.csv")
    team = load_roster(reps.frame, detect_columns(list(reps.frame.columns), schema="reps"), CONFIG, now=now)
    return audit_sla(leads.frame, lead_mapping, link, CONFIG, now=now, roster=team)


def test_sample_exports_audit_with_the_figures_checked_by_hand(sample_audit):
    result = sample_audit
    assert result.counts["audited"] == 500
    assert result.counts["band_from"] == {"rating": 321, "unbanded": 179}
    assert result.compliance == 65.6
    assert len(result.breaches) == 789
    assert result.breach_counts == {"response": 110, "agreement": 486, "cadence": 150, "disposition": 43}
    assert len(result.unresponsive) == 2
    assert (result.cadence["complete"], result.cadence["complete_already_dispositioned"]) == (5, 3)
    assert len(result.stuck_open) == 43
    assert (result.assignment["queue"], result.assignment["inactive"]) == (19, 4)


def test_sample_hot_lead_called_39_minutes_later_breached_the_five_minutes(sample_audit):
    # 00Q5e00000PiRVHEA3: Hot, Marcus Chen, created 9/11 9:02 AM; first task an Outbound Call at 9:41 AM.
    row = sample_audit.leads[sample_audit.leads["Lead ID"] == "00Q5e00000PiRVHEA3"].iloc[0]
    assert (row["revops_sla_status"], row["revops_response_minutes"]) == ("breached", 39.0)
    # Calls 9/11 and 9/16, emails 9/15, 9/21, 9/23 in the two weeks (9/25 11:22 is after 09:02), no conversation.
    assert (row["revops_cadence_calls"], row["revops_cadence_emails"], row["revops_cadence_status"]) == (2, 3, "short")


def test_sample_warm_lead_of_a_los_angeles_rep_counts_business_minutes_in_los_angeles(sample_audit):
    # 00Q5e00000PiSNIEA3: Warm, Aiden Park (Los Angeles), created 9/14 11:22 AM New York = 08:22 in LA;
    # first touch an email at 2:19 PM New York = 11:19 in LA: 139 business minutes from his 09:00.
    row = sample_audit.leads[sample_audit.leads["Lead ID"] == "00Q5e00000PiSNIEA3"].iloc[0]
    assert (row["revops_sla_status"], row["revops_response_business_minutes"]) == ("breached", 139.0)
    assert row["revops_sla_due_at"] == pd.Timestamp("2026-09-14 13:00", tz=NY)
    assert (row["revops_agreement_status"], row["revops_agreement_missing"]) == ("breached", "call, email")


@pytest.mark.parametrize(("called", "status"), [("2026-11-17 09:55", "met"), ("2026-11-17 10:05", "breached")])
def test_qualified_lead_has_one_working_day_for_its_24_hours(called, status):
    # created Monday 10:00: 24 hours is the next working day, Tuesday 10:00 (480 business minutes)
    result = audit([{"id": "L1", "rating": "Qualified", "owner": "Sam Rivera", "created": "2026-11-16 10:00"}],
                   [touch("L1", called)], now="2026-11-20 12:00")
    row = lead(result, "L1")
    assert row["revops_sla_status"] == status
    assert row["revops_sla_due_at"] == pd.Timestamp("2026-11-17 10:00", tz=NY)


def test_24_hours_counts_24_business_hours_when_the_config_says_so():
    config = RevopsConfig.model_validate({"sla": {"day_slas_in_working_days": False}})
    result = audit([{"id": "L1", "rating": "Qualified", "owner": "Sam Rivera", "created": "2026-11-16 10:00"}],
                   [touch("L1", "2026-11-17 10:05")], now="2026-11-20 12:00", config=config)
    row = lead(result, "L1")
    assert row["revops_sla_status"] == "met"
    assert row["revops_sla_due_at"] == pd.Timestamp("2026-11-19 10:00", tz=NY)  # three 8-hour days


# --------------------------------------------------------------------------- measured, or said so (issue 17 item 3)

_WARM = [{"id": "L1", "rating": "Warm", "owner": "Sam Rivera", "created": "2026-11-18 10:00", "status": "Open"}]


def test_without_an_activities_export_the_touch_checks_are_not_measured_never_zero():
    result = audit(_WARM, None, now="2026-11-19 12:00")
    reason = "no activities export: nobody's calls and emails are known; try --activities FILE"
    assert result.summary()["not_measured"] == {
        "response": reason, "agreement": reason, "cadence": reason, "disposition": reason,
        "daily_minimums": reason}
    assert result.compliance is None and result.meets_target is None  # was 0.0: "0 of 1 met"
    assert result.breaches.empty and result.by_band == [] and result.by_rep == []
    assert result.agreement == result.cadence == result.disposition == {} and result.activity == []
    assert result.assignment["assigned"] == 1  # the owner column is there: assignment is measured
    # an activities export that has no touch for the lead is a measurement: overdue
    measured = audit(_WARM, [], now="2026-11-19 12:00")
    assert measured.compliance == 0.0 and measured.meets_target is False and measured.not_measured == {}


def test_without_a_score_band_or_rating_column_the_response_sla_is_not_measured():
    leads = [{"id": "L1", "owner": "Sam Rivera", "created": "2026-11-18 10:00", "status": "Open"}]
    result = audit(leads, [{"id": "L1", "type": "Call", "at": "2026-11-18 10:10", "rep": "Sam Rivera"}],
                   now="2026-11-19 12:00")
    assert {k: str(v) for k, v in result.not_measured.items()} == {
        "response": "not measured (no score, band or rating column; try --map score=HEADER)"}
    assert result.compliance is None and result.by_band == []
    assert result.agreement["leads"] == 1  # the sales SLA needs no band: still judged
    unreadable = audit([{**leads[0], "rating": "Hot-ish"}], [], now="2026-11-19 12:00")
    assert str(unreadable.not_measured["response"]) == (
        "not measured (no lead has a score, or a band or rating the scoring bands name; try --map score=HEADER)")


def test_without_dates_owner_status_or_roster_each_check_says_what_it_needs():
    leads = [{"id": "L1", "rating": "Warm"}]
    result = audit(leads, [], now="2026-11-19 12:00", reps=None)
    texts = result.summary()["not_measured"]
    for check in ("response", "agreement", "cadence", "disposition"):
        assert texts[check] == "no created date or assigned date column; try --map created_at=HEADER"
    assert texts["assignment"] == "no owner column; try --map owner=HEADER"
    assert texts["daily_minimums"] == "no rep roster; try --reps FILE"
    assert result.assignment == {} and result.unassigned.empty  # was "100% assigned" with no owner column
    no_status = audit([{"id": "L1", "rating": "Warm", "owner": "Sam Rivera", "created": "2026-11-18 10:00"}], [],
                      now="2026-11-19 12:00")
    assert list(no_status.not_measured) == ["disposition"]
    assert str(no_status.not_measured["disposition"]) == "not measured (no status column; try --map status=HEADER)"

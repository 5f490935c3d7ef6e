"""Lead Management SOP, 4. Lead Routing and 5. Lead Nurturing: revops_cli.core.leads.routing."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest

from revops_cli.columns import detect_columns
from revops_cli.config import RevopsConfig, parse_config
from revops_cli.core.leads.routing import (
    ROUTE_COLUMNS,
    frequency_days,
    load_roster,
    load_territories,
    route_leads,
    territories_from_roster,
    weighted_fair_order,
)
from revops_cli.errors import RevopsInputError
from revops_cli.io.read import read_table
from revops_cli.core.leads.routing import RouteState

from tests.conftest import REPO, SAMPLE

CONFIG = RevopsConfig()
NOW = pd.Timestamp("2026-11-18T10:00", tz="America/New_York")  # a Wednesday morning

REP_HEADERS = {
    "rep_id": "Rep ID", "name": "Name", "email": "Email", "role": "Role", "territory": "Territory",
    "weight": "Weight", "capacity": "Capacity", "active": "Active", "ooo": "Out Of Office Until",
    "tz": "Time Zone", "hours": "Working Hours", "country": "Country", "load": "Open Leads",
}
LEAD_HEADERS = {
    "lead_id": "Lead ID", "company": "Company", "country": "Country", "state": "State/Province",
    "industry": "Industry", "employees": "No. of Employees", "owner": "Lead Owner", "created": "Create Date",
    "assigned": "Assigned Date", "score": "revops_score",
}


def rep(rep_id: str, name: str, role: str, territory: str = "", **fields: str) -> dict:
    row = {"rep_id": rep_id, "name": name, "email": f"{name.lower().replace(' ', '.')}@example.com", "role": role,
           "territory": territory, "weight": "", "capacity": "", "active": "TRUE", "ooo": "",
           "tz": "America/New_York", "hours": "", "country": ""}
    row.update(fields)
    return row


def roster_of(*reps: dict, config: RevopsConfig = CONFIG, now: pd.Timestamp = NOW, leads: pd.DataFrame | None = None):
    keys = list(dict.fromkeys(k for r in reps for k in r))
    frame = pd.DataFrame([{REP_HEADERS[k]: r.get(k, "") for k in keys} for r in reps], dtype="str")
    return load_roster(frame, None, config, now=now, leads=leads, source="reps.csv")


def lead(score: int | str, **fields: str) -> dict:
    row = {"company": "Initech", "country": "US", "state": "CA", "industry": "", "employees": "", "owner": "",
           "created": "", "score": str(score)}
    row.update(fields)
    return row


def leads_of(*rows: dict) -> pd.DataFrame:
    keys = list(dict.fromkeys(k for r in rows for k in r))
    frame = pd.DataFrame([{LEAD_HEADERS[k]: r.get(k, "") for k in keys} for r in rows], dtype="str")
    frame.insert(0, "Lead ID", [f"00Q{i:03d}" for i in range(len(rows))])
    return frame


def route(leads: pd.DataFrame, roster, territories=None, *, state: RouteState | None = None,
          config: RevopsConfig = CONFIG, now: pd.Timestamp = NOW, reassign: bool = False):
    mapping = detect_columns(list(leads.columns))
    return route_leads(leads, mapping, config, roster, territories, state=state or RouteState(), now=now,
                       reassign=reassign)


def territories(text: str):
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    return load_territories(frame, None, source="territories.csv")


def due(result, row: int = 0) -> pd.Timestamp:
    return pd.Timestamp(result.frame["revops_due_at"].iloc[row])


def owners(result) -> list[str]:
    return list(result.frame["revops_owner"])


TEAM = (
    rep("R1", "Marcus Chen", "Senior Sales Rep", "US West", weight="3"),
    rep("R2", "Aiden Park", "Sales Rep", "US West"),
    rep("R3", "Tyler Brooks", "SDR", "North America"),
    rep("R9", "Priya Raman", "Sales Manager", "All"),
)


# --------------------------------------------------------------------------- tiers


def test_hot_lead_goes_to_senior_rep_by_sms_and_email_due_in_five_wall_clock_minutes():
    result = route(leads_of(lead(86)), roster_of(*TEAM))
    row = result.frame.iloc[0]
    assert row["revops_queue"] == "senior_sales"
    assert row["revops_territory"] == "US West"
    assert (row["revops_owner"], row["revops_owner_id"]) == ("Marcus Chen", "R1")
    assert row["revops_alert"] == "SMS + Email"
    assert row["revops_sla_minutes"] == 5
    assert row["revops_due_at"] == "2026-11-18T10:05:00-05:00"
    assert row["revops_route_reason"] == (
        "Hot 86 → Senior Sales Rep; territory US West by state CA; round robin Marcus Chen (1 of 1)")
    assert pd.isna(row["revops_nurture_track"])  # above every nurture track


def test_hot_lead_on_saturday_night_runs_on_the_wall_clock():
    saturday_night = pd.Timestamp("2026-11-21T23:00", tz="America/New_York")
    result = route(leads_of(lead(91)), roster_of(*TEAM), now=saturday_night)
    assert due(result) == saturday_night + pd.Timedelta(minutes=5)


def test_warm_lead_goes_to_sales_rep_by_email_within_one_business_hour():
    result = route(leads_of(lead(65)), roster_of(*TEAM))
    row = result.frame.iloc[0]
    assert (row["revops_queue"], row["revops_owner"], row["revops_alert"]) == ("sales", "Aiden Park", "Email")
    assert row["revops_sla_minutes"] == 60
    assert row["revops_due_at"] == "2026-11-18T11:00:00-05:00"
    assert row["revops_nurture_track"] == "Sales Ready"


def test_qualified_lead_goes_to_sdr_queue_due_in_24_hours_that_is_the_next_working_day():
    result = route(leads_of(lead(45)), roster_of(*TEAM))
    row = result.frame.iloc[0]
    assert (row["revops_queue"], row["revops_owner"], row["revops_alert"]) == ("sdr", "Tyler Brooks",
                                                                               "Queue notification")
    assert row["revops_sla_minutes"] == 1440
    # routed Wednesday 10:00: 24 hours is one working day, so Thursday 10:00
    assert row["revops_due_at"] == "2026-11-19T10:00:00-05:00"


def test_24_hours_as_24_business_hours_when_the_config_says_so():
    config = parse_config({"sla": {"day_slas_in_working_days": False}})
    result = route(leads_of(lead(45)), roster_of(*TEAM, config=config), config=config)
    # Wed 10:00-17:00 (7 h), Thu 8 h, Fri 8 h, then 1 h on Monday
    assert result.frame["revops_due_at"].iloc[0] == "2026-11-23T10:00:00-05:00"


def test_early_lead_goes_to_marketing_nurture_with_no_sales_owner_and_no_deadline():
    result = route(leads_of(lead(27)), roster_of(*TEAM))
    row = result.frame.iloc[0]
    assert row["revops_queue"] == "nurture"
    assert row["revops_owner"] == "Marketing Nurture"
    assert pd.isna(row["revops_owner_id"]) and pd.isna(row["revops_alert"])
    assert pd.isna(row["revops_sla_minutes"]) and pd.isna(row["revops_due_at"])
    assert row["revops_nurture_track"] == "Interested"
    assert row["revops_route_reason"] == "Early 27 → nurture (Interested, weekly)"
    assert result.by_queue == {"senior_sales": 0, "sales": 0, "sdr": 0, "nurture": 1}


@pytest.mark.parametrize(("score", "queue", "band"), [
    (80, "senior_sales", "Hot"), (79, "sales", "Warm"), (60, "sales", "Warm"), (59, "sdr", "Qualified"),
    (40, "sdr", "Qualified"), (39, "nurture", "Early"), (0, "nurture", "Cold"), (100, "senior_sales", "Hot"),
])
def test_score_band_edges_pick_the_tier(score, queue, band):
    result = route(leads_of(lead(score)), roster_of(*TEAM))
    assert result.frame["revops_queue"].iloc[0] == queue
    assert result.frame["revops_route_reason"].iloc[0].startswith(f"{band} {score} → ")


def test_band_from_the_scoring_run_is_used_as_given():
    leads = leads_of(lead(70))
    leads["revops_band"] = "Warm"
    assert route(leads, roster_of(*TEAM)).frame["revops_route_reason"].iloc[0].startswith("Warm 70 → Sales Rep")


def test_crm_score_column_is_read_when_there_is_no_revops_score():
    leads = leads_of(lead(85)).rename(columns={"revops_score": "Lead Score"})
    assert route(leads, roster_of(*TEAM)).frame["revops_queue"].iloc[0] == "senior_sales"


def test_leads_without_any_score_are_a_clear_error():
    leads = leads_of(lead(85)).drop(columns="revops_score")
    with pytest.raises(RevopsInputError, match="has no score: run `revops leads score` first, or map a score column"):
        route(leads, roster_of(*TEAM))


def test_a_score_that_is_not_a_number_names_the_row():
    with pytest.raises(RevopsInputError, match=r"row 3: score 'high' in column 'revops_score' is not a number"):
        route(leads_of(lead(85), lead("high")), roster_of(*TEAM))


# --------------------------------------------------------------------------- territories


def test_named_account_wins_over_a_higher_priority_geography():
    rules = territories(
        "Territory,Priority,Countries,States,Named Accounts\n"
        "US West,1,US,CA;OR;WA,\n"
        "Strategic,2,,,Acme Corporation;Globex\n"
    )
    roster = roster_of(rep("R1", "Marcus Chen", "Senior Sales Rep", "US West"),
                       rep("R5", "Sara Strat", "Senior Sales Rep", "Strategic"))
    result = route(leads_of(lead(90, company="Acme, Inc."), lead(90, company="Hooli")), roster, rules)
    assert owners(result) == ["Sara Strat", "Marcus Chen"]
    assert result.frame["revops_route_reason"].iloc[0] == (
        "Hot 90 → Senior Sales Rep; territory Strategic by named account Acme Corporation; "
        "round robin Sara Strat (1 of 1)")


@pytest.mark.parametrize("company", ["at&t", "AT & T Inc", "jp morgan", "MUELLER GMBH", "Müller", "ACME CORP."])
def test_named_accounts_match_any_spelling_of_the_company(company):
    rules = territories("Territory,Countries,Named Accounts\nUS,US,\n"
                        "Strategic,,AT&T Inc.;J.P. Morgan;Müller GmbH;Acme Corporation\n")
    roster = roster_of(rep("R1", "Uma US", "Senior Sales Rep", "US"), rep("R5", "Sara Strat", "Senior Sales Rep",
                                                                          "Strategic"))
    assert owners(route(leads_of(lead(90, company=company), lead(90, company="Hooli")), roster, rules)) == [
        "Sara Strat" if company != "MUELLER GMBH" else "Uma US", "Uma US"]  # "Mueller" is not "Müller"'s key


def test_company_key_from_the_clean_step_is_used_when_present():
    rules = territories("Territory,Named Accounts\nStrategic,Acme Corporation\n")
    leads = leads_of(lead(90, company="Wile E. Coyote Supplies"))
    leads["revops_company_key"] = "acme"
    roster = roster_of(rep("R5", "Sara Strat", "Senior Sales Rep", "Strategic"))
    assert owners(route(leads, roster, rules)) == ["Sara Strat"]


def test_starter_territories_strategic_finserv_by_industry_and_size_comes_before_na_east_by_state():
    starter = REPO / "revops_cli" / "starter"
    rules = load_territories(read_table(starter / "territories.csv").frame, None)
    roster = load_roster(read_table(starter / "reps.csv").frame, None, CONFIG, now=NOW)
    leads = leads_of(
        lead(88, state="NY", industry="Banking", employees="4,200"),  # a big bank: Strategic FinServ
        lead(88, state="NY", industry="Banking", employees="300"),  # too small: NA-East, which has no senior rep
        lead(70, state="NY", industry="Banking", employees="4,200"),  # Strategic FinServ has no sales rep
    )
    reasons = list(route(leads, roster, rules).frame["revops_route_reason"])
    assert reasons == [
        "Hot 88 → Senior Sales Rep; territory Strategic FinServ by industry 52 and size 1001+ (4200 employees); "
        "round robin Maria Alvarez (1 of 1)",
        "Hot 88 → Senior Sales Rep; territory NA-East by state NY; no Senior Sales Rep in any matching territory "
        "→ escalated to Dan Whitfield (Sales Manager)",
        "Warm 70 → Sales Rep; territory NA-East by state NY; round robin Priya Nair (1 of 1; skipped Tom Becker "
        "out of office until 2026-12-04)",
    ]


def test_first_matching_territory_by_priority_wins_over_file_order():
    text = "Territory,Priority,Countries\nNorth America,2,US;CA\nUSA,1,US\n"
    roster = roster_of(rep("R1", "Nora North", "Sales Rep", "North America"),
                       rep("R2", "Ursula US", "Sales Rep", "USA"))
    assert owners(route(leads_of(lead(70)), roster, territories(text))) == ["Ursula US"]
    without_priority = text.replace(",2,", ",,").replace(",1,", ",,")
    assert owners(route(leads_of(lead(70)), roster, territories(without_priority))) == ["Nora North"]


def test_sdr_lead_in_california_skips_us_west_without_sdrs_for_north_america():
    result = route(leads_of(lead(52)), roster_of(*TEAM))
    assert result.frame["revops_territory"].iloc[0] == "North America"
    assert result.frame["revops_route_reason"].iloc[0] == (
        "Qualified 52 → SDR; territory North America by country US; round robin Tyler Brooks (1 of 1)")


def test_state_is_matched_after_normalising_and_a_blank_country_is_inferred_from_it():
    leads = leads_of(lead(86, country="United States", state="Calif."), lead(86, country="", state="California"))
    assert owners(route(leads, roster_of(*TEAM))) == ["Marcus Chen", "Marcus Chen"]


def test_reps_in_all_or_blank_territory_are_the_fallback_pool_of_their_role():
    rules = territories("Territory,Countries,States\nUS West,US,CA;OR;WA\n")
    roster = roster_of(rep("R1", "Aiden Park", "Sales Rep", "US West"), rep("R7", "Gina Global", "SDR", ""))
    result = route(leads_of(lead(45), lead(45, country="Brazil", state="")), roster, rules)
    assert owners(result) == ["Gina Global", "Gina Global"]
    assert list(result.frame["revops_route_reason"]) == [
        "Qualified 45 → SDR; territory US West by state CA; no SDR in any matching territory; fallback pool: "
        "round robin Gina Global (1 of 1)",
        "Qualified 45 → SDR; no territory matches (country BR, state -, industry -, employees -); fallback pool: "
        "round robin Gina Global (1 of 1)",
    ]
    assert result.state.pools == {"*|sdr": {"R7": 2.0}}


def test_no_territory_match_and_no_fallback_escalates_with_the_lead_described():
    rules = territories("Territory,Countries\nNorth America,US;CA\n")
    roster = roster_of(rep("R2", "Aiden Park", "Sales Rep", "North America"), rep("R9", "Priya Raman", "Sales Manager"))
    leads = leads_of(lead(65, country="Germany", state="", industry="Finance", employees="120"))
    result = route(leads, roster, rules)
    assert result.frame["revops_route_reason"].iloc[0] == (
        "Warm 65 → Sales Rep; no territory matches (country DE, state -, industry 52, 120 employees) "
        "→ escalated to Priya Raman (Sales Manager)")
    assert result.escalations == 1 and result.escalation_reasons == {"no territory matches": 1}
    assert pd.isna(result.frame["revops_territory"].iloc[0])


def test_territory_order_without_named_account_ignores_the_named_list():
    config = parse_config({"routing": {"territory_order": ["geography"]}})
    rules = territories("Territory,Priority,Countries,States,Named Accounts\nUS West,1,US,CA,\n"
                        "Strategic,0,,,Acme Corporation\n")
    roster = roster_of(rep("R1", "Marcus Chen", "Senior Sales Rep", "US West"),
                       rep("R5", "Sara Strat", "Senior Sales Rep", "Strategic"), config=config)
    assert owners(route(leads_of(lead(90, company="Acme")), roster, rules, config=config)) == ["Marcus Chen"]


def test_territories_derived_from_roster_region_names_narrowest_first():
    names = [t.name for t in territories_from_roster(roster_of(*TEAM))]
    assert names == ["US West", "North America", "All"]


def test_unknown_rep_territory_without_a_territory_file_asks_for_one():
    roster = roster_of(rep("R1", "Maria Alvarez", "Senior Sales Rep", "Strategic FinServ"))
    with pytest.raises(RevopsInputError, match=r"reps.csv: territory 'Strategic FinServ' \(row 2\) is not a region "
                                               r"revops knows; pass --territories FILE"):
        route(leads_of(lead(90)), roster)


@pytest.mark.parametrize(("text", "message"), [
    ("Territory,Countries\nEMEA,GB;Narnia\n", r"territories.csv row 2: country 'Narnia' of territory 'EMEA'"),
    ("Territory,Countries,States\nWest,US,CA;ZZ\n", r"row 2: state 'ZZ' of territory 'West' is not a state"),
    ("Territory,Industries\nFin,52;Widgets\n", r"row 2: industry 'Widgets' of territory 'Fin'"),
    ("Territory,Size Tier\nSMB,1-50;lots\n", r"row 2: size tier 'lots' of territory 'SMB'"),
    ("Territory,Priority\nA,first\n", r"row 2: priority 'first' of territory 'A' is not a number"),
    ("Territory,Countries\nA,US\nA,CA\n", r"row 3: territory 'A' is listed twice"),
    ("Region Code,Countries\nA,US\n", r"territories.csv: no territory name column .* 'Region Code', 'Countries'"),
])
def test_territory_file_problems_name_the_row_and_value(text, message):
    with pytest.raises(RevopsInputError, match=message):
        territories(text)


# --------------------------------------------------------------------------- eligibility


def test_rep_out_of_office_until_tomorrow_is_skipped_and_until_yesterday_is_eligible():
    lead_frame = leads_of(lead(70))
    away = roster_of(rep("R2", "Aiden Park", "Sales Rep", "US West", ooo="2026-11-19"),
                     rep("R4", "Bella Cruz", "Sales Rep", "US West"))
    result = route(lead_frame, away)
    assert owners(result) == ["Bella Cruz"]
    assert result.frame["revops_route_reason"].iloc[0].endswith(
        "round robin Bella Cruz (1 of 1; skipped Aiden Park out of office until 2026-11-19)")
    for back_on in ("2026-11-17", "2026-11-18"):  # a past date, or today: back at midnight in their time zone
        back = roster_of(rep("R2", "Aiden Park", "Sales Rep", "US West", ooo=back_on),
                         rep("R4", "Bella Cruz", "Sales Rep", "US West"))
        assert owners(route(lead_frame, back)) == ["Aiden Park"]


def test_out_of_office_date_is_midnight_in_the_reps_own_time_zone():
    # 10:00 New York on the 18th is already the 18th in Tokyo (00:00 JST on the 19th is 10:00 EST on the 18th)
    tokyo = roster_of(rep("R2", "Kenji Watanabe", "Sales Rep", "US West", ooo="2026-11-19", tz="Asia/Tokyo"))
    assert owners(route(leads_of(lead(70)), tokyo)) == ["Kenji Watanabe"]


def test_inactive_rep_is_skipped():
    roster = roster_of(rep("R2", "Aiden Park", "Sales Rep", "US West", active="FALSE"),
                       rep("R4", "Bella Cruz", "Sales Rep", "US West", active=""))  # blank = active
    result = route(leads_of(lead(70)), roster)
    assert owners(result) == ["Bella Cruz"]
    assert "skipped Aiden Park inactive" in result.frame["revops_route_reason"].iloc[0]


def test_rep_at_capacity_by_the_rosters_load_column_is_skipped():
    roster = roster_of(rep("R2", "Aiden Park", "Sales Rep", "US West", capacity="10", load="10"),
                       rep("R4", "Bella Cruz", "Sales Rep", "US West", capacity="", load="55"))
    result = route(leads_of(lead(70), lead(71)), roster)
    assert owners(result) == ["Bella Cruz", "Bella Cruz"]
    assert "skipped Aiden Park at capacity 10/10" in result.frame["revops_route_reason"].iloc[0]
    assert [r["load"] for r in result.by_rep] == [10, 57]


def test_load_counted_from_the_leads_the_rep_already_owns_in_the_input():
    leads = leads_of(lead(45, owner="Aiden Park"), lead(50, owner="aiden.park@example.com"), lead(70), lead(72),
                     lead(74))
    roster = roster_of(rep("R2", "Aiden Park", "Sales Rep", "US West", capacity="2"),
                       rep("R4", "Bella Cruz", "Sales Rep", "US West", capacity="1"),
                       rep("R9", "Priya Raman", "Sales Manager", "All"), leads=leads)
    assert roster.load_from == "input"
    result = route(leads, roster)
    assert owners(result) == ["Aiden Park", "Aiden Park", "Bella Cruz", "Priya Raman", "Priya Raman"]
    assert result.frame["revops_route_reason"].iloc[3] == (
        "Warm 72 → Sales Rep; territory US West by state CA; no eligible rep (Aiden Park at capacity 2/2, "
        "Bella Cruz at capacity 1/1) → escalated to Priya Raman (Sales Manager)")
    assert result.escalation_reasons == {"no eligible rep": 2}


def test_nurture_leads_a_rep_owned_no_longer_count_against_their_capacity():
    leads = leads_of(lead(20, owner="Aiden Park"), lead(15, owner="aiden.park@example.com"), lead(70), lead(72))
    roster = roster_of(rep("R2", "Aiden Park", "Sales Rep", "US West", capacity="2"), leads=leads)
    result = route(leads, roster)
    assert owners(result) == ["Marketing Nurture", "Marketing Nurture", "Aiden Park", "Aiden Park"]
    assert result.by_rep[0]["load"] == 2 and result.escalations == 0


def test_reassigned_leads_no_longer_count_against_their_old_owner():
    leads = leads_of(lead(70, owner="Aiden Park"), lead(70, owner="Aiden Park"))
    roster = roster_of(rep("R2", "Aiden Park", "Sales Rep", "US West", capacity="2"), leads=leads)
    result = route(leads, roster, reassign=True)
    assert owners(result) == ["Aiden Park", "Aiden Park"]
    assert result.by_rep[0]["load"] == 2


def test_rep_in_two_territories_has_one_capacity_for_both():
    roster = roster_of(rep("R2", "Aiden Park", "Sales Rep", "US West;North America", capacity="2"),
                       rep("R9", "Priya Raman", "Sales Manager", "All"))
    result = route(leads_of(lead(70), lead(70, state="NY"), lead(70, state="TX")), roster)
    assert owners(result) == ["Aiden Park", "Aiden Park", "Priya Raman"]
    assert list(result.frame["revops_territory"]) == ["US West", "North America", "North America"]
    assert result.state.pools == {"US West|sales": {"R2": 1.0}, "North America|sales": {"R2": 1.0}}


def test_rep_whose_territory_is_in_no_rule_is_reported():
    rules = territories("Territory,Countries\nNorth America,US;CA\n")
    roster = roster_of(rep("R2", "Aiden Park", "Sales Rep", "North America"),
                       rep("R3", "Tess Typo", "Sales Rep", "Nrth America"))
    result = route(leads_of(lead(70), lead(70)), roster, rules)
    assert owners(result) == ["Aiden Park", "Aiden Park"]
    assert result.warnings == ["reps.csv: the territory of Tess Typo (Nrth America) is in no territory rule, so "
                               "they get no round-robin leads; add it to the territory file or fix the name."]


def test_weighted_round_robin_three_to_one_over_eight_leads():
    roster = roster_of(rep("R1", "Ana Ames", "Sales Rep", "US West", weight="3"),
                       rep("R2", "Ben Bell", "Sales Rep", "US West", weight="1"))
    result = route(leads_of(*[lead(70)] * 8), roster)
    assert owners(result) == ["Ana Ames"] * 3 + ["Ben Bell"] + ["Ana Ames"] * 3 + ["Ben Bell"]
    assert [r["assigned"] for r in result.by_rep] == [6, 2]
    assert result.state.pools == {"US West|sales": {"R1": 6.0, "R2": 2.0}}
    assert result.frame["revops_route_reason"].iloc[3].endswith("round robin Ben Bell (2 of 2)")


def test_even_round_robin_ignores_weights():
    config = parse_config({"routing": {"round_robin": "even"}})
    roster = roster_of(rep("R1", "Ana Ames", "Sales Rep", "US West", weight="3"),
                       rep("R2", "Ben Bell", "Sales Rep", "US West", weight="1"), config=config)
    assert owners(route(leads_of(*[lead(70)] * 4), roster, config=config)) == ["Ana Ames", "Ben Bell"] * 2


def test_weight_zero_rep_never_gets_round_robin_leads():
    roster = roster_of(rep("R1", "Ana Ames", "Sales Rep", "US West", weight="0"),
                       rep("R2", "Ben Bell", "Sales Rep", "US West", weight=""))
    result = route(leads_of(*[lead(70)] * 3), roster)
    assert owners(result) == ["Ben Bell"] * 3
    assert "skipped Ana Ames weight 0" in result.frame["revops_route_reason"].iloc[0]


def test_reps_outside_their_working_hours_are_skipped_when_configured():
    config = parse_config({"routing": {"skip_outside_working_hours": True}})
    roster = roster_of(rep("R1", "Hannah Schmidt", "Sales Rep", "US West", tz="Europe/Berlin", hours="09:00-17:00"),
                       rep("R2", "Ben Bell", "Sales Rep", "US West"), config=config)
    at_ten = owners(route(leads_of(lead(70)), roster, config=config))  # 16:00 in Berlin
    late = route(leads_of(lead(70)), roster, config=config, now=NOW + pd.Timedelta(minutes=90))  # 17:30 in Berlin
    assert at_ten == ["Hannah Schmidt"]
    assert owners(late) == ["Ben Bell"]
    assert "skipped Hannah Schmidt outside working hours 09:00-17:00 Europe/Berlin" in \
        late.frame["revops_route_reason"].iloc[0]


# --------------------------------------------------------------------------- escalation


def test_no_eligible_rep_escalates_to_the_territorys_sales_manager():
    roster = roster_of(rep("R9", "Priya Raman", "Sales Manager", "All"),
                       rep("R2", "Aiden Park", "Sales Rep", "US West", ooo="2026-12-02"),
                       rep("R8", "Wes West", "Sales Manager", "US West"))
    result = route(leads_of(lead(65)), roster)
    row = result.frame.iloc[0]
    assert (row["revops_owner"], row["revops_owner_id"], row["revops_queue"]) == ("Wes West", "R8", "sales")
    assert row["revops_route_reason"] == (
        "Warm 65 → Sales Rep; territory US West by state CA; no eligible rep (Aiden Park out of office until "
        "2026-12-02) → escalated to Wes West (Sales Manager)")
    assert row["revops_due_at"] == "2026-11-18T11:00:00-05:00"  # the SLA still runs, on the manager's calendar


def test_escalation_without_a_territory_manager_goes_to_the_first_manager_on_the_roster():
    roster = roster_of(rep("R2", "Aiden Park", "Sales Rep", "US West", active="no"),
                       rep("R8", "Omar Out", "Sales Manager", "EMEA", ooo="2026-12-01"),
                       rep("R9", "Priya Raman", "Sales Manager", "APAC"),
                       rep("R10", "Quinn Second", "Sales Manager", "APAC"))
    assert owners(route(leads_of(lead(65)), roster)) == ["Priya Raman"]


def test_escalation_with_no_manager_on_the_roster_goes_to_the_configured_owner():
    roster = roster_of(rep("R2", "Aiden Park", "Sales Rep", "US West", ooo="2026-12-01"))
    row = route(leads_of(lead(65)), roster).frame.iloc[0]
    assert row["revops_owner"] == "Sales Manager" and pd.isna(row["revops_owner_id"])
    assert row["revops_route_reason"].endswith(
        "no eligible rep (Aiden Park out of office until 2026-12-01) → escalated to Sales Manager")


def test_territory_whose_only_rep_of_the_role_is_inactive_counts_as_unstaffed():
    roster = roster_of(rep("R2", "Aiden Park", "Sales Rep", "US West", active="no"),
                       rep("R3", "Nora North", "Sales Rep", "North America"))
    result = route(leads_of(lead(65)), roster)
    assert owners(result) == ["Nora North"]
    assert result.frame["revops_territory"].iloc[0] == "North America"


def test_escalation_reason_names_three_skipped_reps_then_counts_the_rest():
    reps = [rep(f"R{i}", f"Rep {name}", "Sales Rep", "US West", active="no") for i, name in enumerate("ABCD")]
    reps.append(rep("R5", "Rep E", "Sales Rep", "US West", weight="0"))
    reason = route(leads_of(lead(65)), roster_of(*reps)).frame["revops_route_reason"].iloc[0]
    assert "no eligible rep (Rep A inactive, Rep B inactive, Rep C inactive and 2 more)" in reason


# --------------------------------------------------------------------------- owners


def test_lead_of_an_active_rep_keeps_its_owner_unless_reassigned():
    leads = leads_of(lead(70, owner="  MARCUS.CHEN@example.com ", created="2026-11-18 09:30"))
    roster = roster_of(*TEAM)
    kept = route(leads, roster)
    row = kept.frame.iloc[0]
    assert (row["revops_owner"], row["revops_owner_id"], row["revops_queue"]) == ("Marcus Chen", "R1", "sales")
    assert row["revops_route_reason"] == "Warm 70 → kept owner Marcus Chen (active rep)"
    assert row["revops_due_at"] == "2026-11-18T10:30:00-05:00"  # a kept lead's clock started when it was created
    assert kept.kept_owner == 1 and kept.state.pools == {}
    reassigned = route(leads, roster, reassign=True)
    assert owners(reassigned) == ["Aiden Park"] and reassigned.kept_owner == 0
    assert reassigned.frame["revops_due_at"].iloc[0] == "2026-11-18T11:00:00-05:00"  # routed now: starts now


@pytest.mark.parametrize(("score", "queue", "owner"), [
    (40, "sdr", "Marcus Chen"),  # the lowest sales tier keeps its active owner
    (39, "nurture", "Marketing Nurture"),  # "< 40: Marketing nurture, no sales assignment"
    (0, "nurture", "Marketing Nurture"),
])
def test_a_lead_under_40_gets_no_sales_owner_even_an_active_one(score, queue, owner):
    result = route(leads_of(lead(score, owner="Marcus Chen")), roster_of(*TEAM))
    row = result.frame.iloc[0]
    assert (row["revops_queue"], row["revops_owner"]) == (queue, owner)
    assert result.kept_owner == (1 if score >= 40 else 0)
    assert pd.isna(row["revops_owner_id"]) if score < 40 else row["revops_owner_id"] == "R1"
    if score < 40:
        assert "kept owner" not in row["revops_route_reason"] and "nurture" in row["revops_route_reason"]


def test_keep_owner_in_nurture_keeps_an_active_owner_below_40_when_configured():
    config = RevopsConfig.model_validate({"routing": {"keep_owner_in_nurture": True}})
    result = route(leads_of(lead(39, owner="Marcus Chen"), lead(39, owner="Gone Rep")), roster_of(*TEAM, config=config),
                   config=config)
    assert owners(result) == ["Marcus Chen", "Marketing Nurture"]
    assert list(result.frame["revops_queue"]) == ["nurture", "nurture"] and result.kept_owner == 1
    assert result.frame["revops_route_reason"].iloc[0] == "Early 39 → kept owner Marcus Chen (active rep)"


@pytest.mark.parametrize("owner", ["Inbound Lead Queue", "Ryan Kowalski", "Olga Away", "R3X"])
def test_leads_owned_by_a_queue_an_inactive_unknown_or_away_rep_are_routed(owner):
    roster = roster_of(*TEAM, rep("R5", "Ryan Kowalski", "SDR", "North America", active="FALSE"),
                       rep("R6", "Olga Away", "Sales Rep", "US West", ooo="2026-12-01"))
    result = route(leads_of(lead(70, owner=owner)), roster)
    assert owners(result) == ["Aiden Park"] and result.kept_owner == 0


def test_owner_matches_by_rep_id_too():
    assert route(leads_of(lead(70, owner="r9")), roster_of(*TEAM)).frame["revops_owner"].iloc[0] == "Priya Raman"


# --------------------------------------------------------------------------- determinism and state


def test_same_input_roster_state_and_now_give_the_same_output_and_state():
    leads = leads_of(*[lead(s, state=st) for s in (45, 65, 85, 25) for st in ("CA", "NY", "TX")])
    roster = roster_of(*TEAM)
    state = RouteState({"US West|sales": {"R2": 4.0}})
    first, second = route(leads, roster, state=state), route(leads, roster, state=state)
    pd.testing.assert_frame_equal(first.frame, second.frame)
    assert first.state == second.state
    assert state.pools == {"US West|sales": {"R2": 4.0}}  # the caller's state is not changed


def test_two_runs_of_five_with_the_saved_state_assign_like_one_run_of_ten():
    roster = roster_of(rep("R1", "Ana Ames", "Sales Rep", "US West", weight="3"),
                       rep("R2", "Ben Bell", "Sales Rep", "US West", weight="2"),
                       rep("R3", "Cal Cole", "Sales Rep", "US West", weight="1"))
    ten = leads_of(*[lead(70)] * 10)
    whole = route(ten, roster)
    first = route(ten.iloc[:5], roster)
    second = route(ten.iloc[5:], roster, state=first.state)
    assert owners(first) + owners(second) == owners(whole)
    assert second.state == whole.state
    # virtual finish times: Ana 1/3, 2/3, 1, 4/3 ...; Ben 1/2, 1, 3/2 ...; Cal 1, 2: ties go to roster order
    assert owners(whole) == ["Ana Ames", "Ben Bell", "Ana Ames", "Ana Ames", "Ben Bell", "Cal Cole",
                             "Ana Ames", "Ben Bell", "Ana Ames", "Ana Ames"]


def test_new_rep_joining_a_pool_does_not_get_a_flood():
    state = RouteState({"US West|sales": {"R1": 30.0, "R2": 30.0}})
    roster = roster_of(rep("R1", "Ana Ames", "Sales Rep", "US West"), rep("R2", "Ben Bell", "Sales Rep", "US West"),
                       rep("R3", "Nina New", "Sales Rep", "US West"))
    result = route(leads_of(*[lead(70)] * 6), roster, state=state)
    assert owners(result) == ["Ana Ames", "Ben Bell", "Nina New"] * 2
    assert result.state.pools["US West|sales"] == {"R1": 32.0, "R2": 32.0, "R3": 32.0}


def test_rep_back_from_leave_rejoins_the_rotation_without_a_flood():
    state = RouteState({"US West|sales": {"R1": 30.0, "R2": 30.0, "R3": 10.0}})  # Cal was out for 40 leads
    roster = roster_of(rep("R1", "Ana Ames", "Sales Rep", "US West"), rep("R2", "Ben Bell", "Sales Rep", "US West"),
                       rep("R3", "Cal Cole", "Sales Rep", "US West"))
    assert owners(route(leads_of(*[lead(70)] * 6), roster, state=state)) == [
        "Cal Cole", "Ana Ames", "Ben Bell", "Cal Cole", "Ana Ames", "Ben Bell"]


@pytest.mark.parametrize("seed", range(25))
def test_weighted_fair_order_equals_the_one_lead_at_a_time_rotation(seed):
    rng = np.random.default_rng(seed)
    m, n = int(rng.integers(1, 6)), int(rng.integers(0, 40))
    weights = rng.choice([0.0, 0.5, 1.0, 2.0, 3.0], m)
    counts = rng.integers(0, 10, m).astype(float)
    slots = rng.integers(0, 15, m)
    got = list(weighted_fair_order(counts, weights, slots, n))
    expected, c, room = [], counts.copy(), slots.copy()
    for _ in range(n):  # the reference: next lead to the smallest next finish time, ties to roster order
        finish = [(c[i] + 1) / weights[i] if weights[i] > 0 and room[i] > 0 else np.inf for i in range(m)]
        best = int(np.argmin(finish))
        if finish[best] == np.inf:
            break
        expected.append(best)
        c[best] += 1
        room[best] -= 1
    assert got == expected


# --------------------------------------------------------------------------- due dates


def test_warm_lead_routed_friday_1630_in_new_york_is_due_monday_0930():
    friday = pd.Timestamp("2026-11-13T16:30", tz="America/New_York")
    result = route(leads_of(lead(65)), roster_of(*TEAM), now=friday)
    assert result.frame["revops_due_at"].iloc[0] == "2026-11-16T09:30:00-05:00"


def test_rep_in_berlin_gets_their_own_calendar_with_german_holidays():
    # Thursday before Easter, 16:30 in Berlin: Good Friday and Easter Monday are German public holidays
    thursday = pd.Timestamp("2026-04-02T16:30", tz="Europe/Berlin")
    roster = roster_of(rep("R6", "Hannah Schmidt", "AE", "EMEA", tz="Europe/Berlin", country="DE"),
                       rep("R2", "Aiden Park", "Sales Rep", "US West"))
    result = route(leads_of(lead(65, country="Germany", state=""), lead(65)), roster, now=thursday)
    assert owners(result) == ["Hannah Schmidt", "Aiden Park"]
    assert due(result, 0) == pd.Timestamp("2026-04-07T09:30", tz="Europe/Berlin")
    assert due(result, 1) == pd.Timestamp("2026-04-02T11:30", tz="America/New_York")


def test_wall_clock_deadlines_everywhere_when_business_hours_are_off():
    config = parse_config({"routing": {"business_hours_deadlines": False}})
    friday = pd.Timestamp("2026-11-13T16:30", tz="America/New_York")
    result = route(leads_of(lead(65)), roster_of(*TEAM, config=config), config=config, now=friday)
    assert due(result) == friday + pd.Timedelta(hours=1)


# --------------------------------------------------------------------------- nurture


@pytest.mark.parametrize(("created", "step", "at"), [
    ("2026-11-08 09:00", "product", "2026-11-22"),  # day 10: case study (day 7) is past, product (14) is next
    ("2026-11-11 09:00", "case_study", "2026-11-18"),  # day 7 is today
    ("2026-11-18 08:00", "welcome", "2026-11-18"),
    ("2026-10-01 09:00", "educational (weekly)", "2026-11-21"),  # sequence done 10-31; weekly since: 11-07, 14, 21
    ("", "welcome", "2026-11-18"),  # no created date: enters nurture now
])
def test_nurture_next_touch_counts_the_sequence_from_the_created_date(created, step, at):
    row = route(leads_of(lead(27, created=created)), roster_of(*TEAM)).frame.iloc[0]
    assert row["revops_nurture_track"] == "Interested"
    assert row["revops_next_touch"] == step
    assert (None if pd.isna(row["revops_next_touch_at"]) else row["revops_next_touch_at"]) == at


def test_nurture_tracks_follow_the_score_and_hot_leads_have_none():
    result = route(leads_of(lead(5), lead(25), lead(45), lead(65), lead(85)), roster_of(*TEAM))
    assert list(result.frame["revops_nurture_track"].fillna("-")) == [
        "Awareness", "Interested", "Engaged", "Sales Ready", "-"]
    assert result.nurture == {"Sales Ready": 1, "Engaged": 1, "Interested": 1, "Awareness": 1}


# --------------------------------------------------------------------------- output


def test_route_columns_come_after_the_input_and_a_rerun_replaces_them():
    leads = leads_of(lead(86), lead(45), lead(25))
    roster = roster_of(*TEAM)
    first = route(leads, roster)
    assert list(first.frame.columns) == [*leads.columns, *ROUTE_COLUMNS]
    again = route(first.frame, roster)
    assert list(again.frame.columns) == list(first.frame.columns)
    pd.testing.assert_frame_equal(again.frame, first.frame)


def test_index_of_the_input_is_kept():
    leads = leads_of(lead(86), lead(45)).set_axis([10, 20])
    assert list(route(leads, roster_of(*TEAM)).frame.index) == [10, 20]


def test_summary_is_json_able():
    import json

    result = route(leads_of(lead(86), lead(65, country="Brazil", state=""), lead(20)), roster_of(*TEAM))
    summary = json.loads(json.dumps(result.summary()))
    assert summary["by_queue"] == {"senior_sales": 1, "sales": 1, "sdr": 0, "nurture": 1}
    assert summary["escalations"] == 1 and summary["territories_from"] == "roster"
    assert summary["by_rep"][0] == {"rep": "Marcus Chen", "rep_id": "R1", "role": "Senior Sales Rep",
                                    "territory": "US West", "assigned": 1, "load": 1, "capacity": None,
                                    "status": "available"}


# --------------------------------------------------------------------------- roster


@pytest.mark.parametrize(("fields", "message"), [
    ({"weight": "heavy"}, r"reps.csv row 2: weight 'heavy' is not a number of 0 or more"),
    ({"capacity": "-5"}, r"reps.csv row 2: capacity '-5' is not a number"),
    ({"tz": "Mars/Olympus"}, r"reps.csv row 2: time zone 'Mars/Olympus' of rep 'Ana Ames' is not an IANA time zone"),
    ({"active": "maybe"}, r"reps.csv row 2: active 'maybe' is not yes/no"),
    ({"ooo": "soon"}, r"reps.csv row 2: out of office until 'soon' of rep 'Ana Ames' is not a date"),
    ({"hours": "all day"}, r"reps.csv row 2: rep 'Ana Ames': working hours 'all day'"),
])
def test_roster_problems_name_the_row_and_value(fields, message):
    with pytest.raises(RevopsInputError, match=message):
        roster_of(rep("R1", "Ana Ames", "Sales Rep", "US West", **fields))


def test_roster_without_name_or_id_column_lists_its_headers():
    frame = pd.DataFrame({"Person": ["Ana"], "Role": ["Sales Rep"]}, dtype="str")
    with pytest.raises(RevopsInputError,
                       match=r"reps.csv: no rep name or rep id column .* headers are 'Person', 'Role'"):
        load_roster(frame, None, CONFIG, now=NOW, source="reps.csv")


def test_duplicate_rep_ids_are_an_error():
    with pytest.raises(RevopsInputError, match=r"reps.csv row 3: rep id 'r1' is also on row 2"):
        roster_of(rep("R1", "Ana Ames", "Sales Rep"), rep("r1", "Ben Bell", "Sales Rep"))


def test_unlimited_capacity_and_yes_no_out_of_office():
    roster = roster_of(rep("R1", "Ana Ames", "Sales Rep", "US West", capacity="unlimited", ooo="yes"),
                       rep("R2", "Ben Bell", "Sales Rep", "US West", capacity="", ooo="no"))
    result = route(leads_of(lead(70)), roster)
    assert owners(result) == ["Ben Bell"]
    assert "Ana Ames out of office until further notice" in result.frame["revops_route_reason"].iloc[0]


# --------------------------------------------------------------------------- sample data


def test_sample_leads_route_with_the_sample_roster_and_no_territory_file():
    leads = read_table(SAMPLE / "salesforce_leads.csv").frame
    leads["revops_score"] = (np.arange(len(leads)) * 37) % 101
    mapping = detect_columns(list(leads.columns))
    as_of = pd.Timestamp("2026-11-20T08:00", tz="America/New_York")
    roster = load_roster(read_table(SAMPLE / "reps.csv").frame, None, CONFIG, now=as_of, leads=leads,
                         lead_mapping=mapping, source="reps.csv")
    result = route_leads(leads, mapping, CONFIG, roster, None, state=RouteState(), now=as_of)
    frame = result.frame
    assert frame["revops_queue"].notna().all() and frame["revops_owner"].notna().all()
    # 62 leads leave their owner: Aiden Park is out of office until 11-24 (39), Inbound Lead Queue (19),
    # Ryan Kowalski is inactive (4); and 177 nurture leads (under 40: "no sales assignment") leave the active
    # rep who owned them. The other 261 keep an active owner (Liam O'Connor is back since 10-02).
    assert result.kept_owner == 261
    # Of the 62: 13 Hot, 16 Warm, 12 SDR-tier, 21 nurture. Every SDR lead finds Tyler Brooks (North America)
    # or Chloé Dubois (EMEA). The Hot ones in US West/US Central find Marcus Chen (46 of 60 once his nurture
    # leads are gone) and Jordan Blake (37 of 50): 10 and 1; one in Australia and one with only "WA" (US or
    # Australia: the catch-all All) have no senior rep (2). Warm: Aiden Park, the only US West sales rep, is
    # away (9); US East, US Central, North America have no sales rep at all (7).
    assert result.escalations == 18
    assert result.escalation_reasons == {"no rep of the tier's roles in the territory": 9, "no eligible rep": 9}
    escalated = frame["revops_route_reason"].str.contains("escalated to")
    assert (frame.loc[escalated, "revops_owner"] == "Priya Raman").all()
    assert result.by_queue == {"senior_sales": 104, "sales": 99, "sdr": 99, "nurture": 198}
    assert result.state.pools == {"US West|senior_sales": {"0055e00000Hax3BAAR": 10.0},
                                  "US Central|senior_sales": {"0055e00000HazOlAAJ": 1.0},
                                  "North America|sdr": {"0055e00000Hb45vAAB": 11.0},
                                  "EMEA|sdr": {"0055e00000Hb5GiAAJ": 1.0}}


@pytest.mark.parametrize(("text", "days"), [
    ("Daily", 1), ("2x week", 3), ("2 times a week", 3), ("Weekly", 7), ("weekly", 7), ("Monthly", 30),
    ("every 10 days", 10), ("Biweekly", 14), ("when we feel like it", None), ("0x week", None),
])
def test_nurture_frequency_reads_as_days_between_touches(text, days):
    assert frequency_days(text) == days


def test_after_the_sequence_an_unreadable_frequency_ends_the_track():
    config = parse_config({"nurture": {"tracks": [
        {"name": "Sales Ready", "min_score": 60, "max_score": 79, "frequency": "Daily", "content": "Personalized"},
        {"name": "Engaged", "min_score": 40, "max_score": 59, "frequency": "2x week", "content": "Targeted"},
        {"name": "Interested", "min_score": 20, "max_score": 39, "frequency": "ad hoc", "content": "Educational"},
        {"name": "Awareness", "min_score": 0, "max_score": 19, "frequency": "Monthly", "content": "Newsletter"}]}})
    result = route(leads_of(lead(27, created="2026-10-01 09:00"), lead(5, created="2026-09-01 09:00")),
                   roster_of(*TEAM, config=config), config=config)
    assert result.frame["revops_next_touch"].tolist() == ["sequence complete", "newsletter (monthly)"]
    # Awareness: sequence done 10-01, then every 30 days: 10-31, 11-30
    assert result.frame["revops_next_touch_at"].tolist()[1] == "2026-11-30"

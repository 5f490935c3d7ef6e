"""The config model: SOP defaults, the starter files, loading and one-line errors."""

from __future__ import annotations

import csv
import datetime as dt
import inspect
import io
import tomllib
import types
from pathlib import Path
from typing import Union, get_args, get_origin

import pytest
from pydantic import BaseModel, ValidationError

from revops_cli import config as config_module
from revops_cli.config import load as config_load, types as config_types
from revops_cli.normalize.score_rules import parse_rule
from revops_cli.config import (
    CANONICAL_FIELDS,
    ConfigError,
    ConfigProblem,
    RevopsConfig,
    check_config,
    config_to_toml,
    find_config_path,
    load_config,
    parse_config,
    resolve_config,
    starter_files,
    substatus_key,
    write_starter_files,
)


def write(tmp_path: Path, text: str, name: str = "revops.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def error_for(tmp_path: Path, text: str) -> ConfigError:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    return caught.value


def leaves(value, prefix=()):
    """Every leaf path of a nested dict (empty tables count as leaves)."""
    if isinstance(value, dict) and value:
        for key, item in value.items():
            yield from leaves(item, prefix + (key,))
    else:
        yield prefix


def config_models():
    return [
        obj
        for obj in vars(config_module).values()
        if inspect.isclass(obj) and issubclass(obj, BaseModel) and obj is not config_module.ConfigModel
    ]


# --------------------------------------------------------------------------
# Defaults are the SOP
# --------------------------------------------------------------------------


def test_general_and_business_hours_defaults():
    cfg = RevopsConfig()
    assert cfg.general.timezone == "America/New_York"
    assert cfg.general.default_region == "US"
    assert cfg.general.currency == "USD"
    assert cfg.general.week_start == "monday"
    assert cfg.columns == {}
    assert cfg.business_hours.start == dt.time(9, 0)
    assert cfg.business_hours.end == dt.time(17, 0)
    assert cfg.business_hours.workdays == ["mon", "tue", "wed", "thu", "fri"]
    assert cfg.business_hours.holiday_country == "US"
    assert cfg.business_hours.holiday_subdivision is None
    assert cfg.business_hours.timezone is None
    assert cfg.business_timezone == "America/New_York"


def test_clean_dedupe_enrich_defaults():
    cfg = RevopsConfig()
    assert cfg.clean.infer_country_from == ["US", "CA", "AU"]
    assert cfg.clean.role_email_prefixes is None
    assert cfg.clean.country_aliases == {} and cfg.clean.industry_map == {}
    assert cfg.dedupe.rules == ["email", "phone_name", "fuzzy_name"]
    assert cfg.dedupe.fuzzy_merge_threshold == 92
    assert cfg.dedupe.fuzzy_review_threshold == 85
    assert cfg.dedupe.survivorship == ["most_complete", "most_recent_activity", "oldest_created"]
    assert cfg.dedupe.duplicate_rate_max == 2.0
    assert cfg.enrich.required_fields == ["first_name", "last_name", "company", "title", "phone"]
    assert cfg.enrich.phone_if_available is True
    assert cfg.enrich.completion_target == 95.0


def test_scoring_dimensions_and_bands_follow_lead_scoring_sop():
    scoring = RevopsConfig().scoring
    assert (scoring.demographic.max, scoring.firmographic.max, scoring.behavioral.max) == (30, 30, 40)
    assert [(b.name, b.min) for b in scoring.bands] == [
        ("Hot", 80), ("Warm", 60), ("Qualified", 40), ("Early", 20), ("Cold", 0),
    ]
    for dimension in (scoring.demographic, scoring.firmographic, scoring.behavioral):
        assert dimension.points, "each dimension has a default points table"
        # Rules on one field are a ladder (the first match counts): the best a lead can
        # reach is the top rung of each field; the defaults can reach the dimension's cap.
        best: dict[str, int] = {}
        for rule, points in dimension.points.items():
            field = parse_rule(rule).field
            best[field] = max(best.get(field, 0), points)
        reachable = sum(best.values()) + sum(e.max for e in getattr(dimension, "events", {}).values())
        assert reachable >= dimension.max
    assert scoring.behavioral.events["demo_request"].points == max(e.points for e in scoring.behavioral.events.values())


def test_routing_table_follows_lead_routing_sop():
    routing = RevopsConfig().routing
    rows = [(t.min_score, t.queue, t.roles[0] if t.roles else None, t.alert, t.sla_minutes) for t in routing.tiers]
    assert rows == [
        (80, "senior_sales", "Senior Sales Rep", "SMS + Email", 5),
        (60, "sales", "Sales Rep", "Email", 60),
        (40, "sdr", "SDR", "Queue notification", 1440),
        (0, "nurture", None, None, None),
    ]
    assert routing.territory_order == ["named_account", "geography", "industry", "company_size"]
    assert routing.escalation_owner == "Sales Manager"
    assert routing.round_robin == "weighted"
    assert routing.business_hours_deadlines is True


def test_nurture_tracks_and_sequence():
    nurture = RevopsConfig().nurture
    assert [(t.name, t.min_score, t.max_score, t.frequency) for t in nurture.tracks] == [
        ("Sales Ready", 60, 79, "Daily"),
        ("Engaged", 40, 59, "2x week"),
        ("Interested", 20, 39, "Weekly"),
        ("Awareness", 0, 19, "Monthly"),
    ]
    assert [(s.step, s.day) for s in nurture.sequence] == [
        ("welcome", 0), ("educational", 3), ("case_study", 7), ("product", 14), ("offer_demo", 21),
        ("re_engagement", 30),
    ]


def test_sla_defaults_follow_sales_sop_and_sales_marketing_agreement():
    sla = RevopsConfig().sla
    assert sla.response_minutes == {"Hot": 5, "Warm": 60, "Qualified": 1440, "Early": 2880, "Cold": 2880}
    assert sla.wall_clock_bands == ["Hot"]
    assert sla.first_response_business_hours == 2
    assert sla.require_phone_and_email is True
    assert (sla.cadence_days, sla.cadence_calls, sla.cadence_emails) == (14, 3, 4)
    assert sla.disposition_hours == 24
    assert sla.compliance_target == 95.0
    minimums = {role: (m.calls, m.emails, m.meetings, m.demos) for role, m in sla.activity_minimums.items()}
    assert minimums == {"SDR": (50, 100, 3, 0), "AE": (30, 50, 2, 1), "Senior AE": (20, 30, 3, 2)}


def test_funnel_campaign_event_deals_defaults():
    cfg = RevopsConfig()
    kpi = cfg.funnel.kpi_targets
    assert (kpi.lead_to_mql, kpi.mql_to_sql, kpi.sql_to_opportunity, kpi.acceptance, kpi.response_minutes) == (
        35, 40, 70, 80, 60,
    )
    assert cfg.funnel.marketing_sla.leads_per_month == 50
    assert cfg.funnel.marketing_sla.lead_to_opportunity == 35
    assert cfg.funnel.marketing_sla.source_breakdown == {}

    campaign = cfg.campaign
    assert (campaign.scope_budget_over, campaign.scope_contacts_at_least) == (5000, 1000)
    assert [(r.max_budget, r.approver) for r in campaign.approval_matrix] == [
        (5000, "Marketing Manager"), (25000, "Director of Marketing"), (100000, "CMO"), (None, "CEO"),
    ]
    assert {(t.metric, t.op, t.threshold) for t in campaign.triggers} == {
        ("open_rate", "<", 15), ("click_rate", "<", 2), ("conversion_rate", "<", 1),
        ("bounce_rate", ">", 5), ("unsubscribe_rate", ">", 1),
    }
    assert (campaign.presend.subject_max_chars, campaign.presend.spam_score_max) == (50, 5)
    assert campaign.utm_required == ["source", "medium", "campaign"] and campaign.utm_optional == ["content", "term"]
    assert campaign.cost_components == ["media", "creative", "tools", "labor"]
    assert campaign.stage_probabilities["Negotiation"] == 80 and campaign.stage_probabilities["Closed Lost"] == 0
    pattern = __import__("re").compile(campaign.naming_pattern)
    assert pattern.match("2024-03-Webinar-Pipeline-Masterclass").group("type") == "Webinar"
    assert not pattern.match("March Webinar 2024")

    assert cfg.event.roi_target == 300 and cfg.event.follow_up_days == 2
    assert len(cfg.event.budget_lines) == 9
    assert cfg.deals.stage_limits_days == {
        "Prospecting": 7, "Discovery": 14, "Solution Design": 14, "Proposal": 7, "Negotiation": 14,
    }
    assert cfg.deals.closed_stages == ["Closed Won", "Closed Lost"]
    assert [(r.max_pct, r.approver) for r in cfg.deals.discount_approval] == [
        (10, "Sales Rep"), (20, "Sales Manager"), (30, "VP Sales"), (None, "CEO"),
    ]


def test_data_quality_handoff_content_lifecycle_defaults():
    cfg = RevopsConfig()
    dq = cfg.data_quality
    assert dq.required_fields == ["first_name", "last_name", "company", "lead_source"]
    targets = dq.targets
    assert (targets.completeness, targets.accuracy, targets.duplicates_max, targets.bounces_max,
            targets.compliance) == (95, 98, 2, 5, 100)
    assert {k: (r.years, r.action) for k, r in dq.retention.items()} == {
        "customers": (7, "archive"), "prospects": (2, "delete"), "unsubscribed": (5, "suppress"),
    }
    h = cfg.handoff
    assert (h.form_complete, h.kickoff_days, h.kickoff_target, h.csat_30d, h.time_to_value_days, h.nps) == (
        100, 3, 95, 8, 14, 50,
    )
    c = cfg.content
    assert (c.page_views, c.time_on_page_minutes, c.conversion, c.shares, c.backlinks) == (1000, 3, 2, 50, 5)
    assert cfg.lifecycle.recycle_days == 90
    assert cfg.lifecycle.marketing_queue == "Marketing Nurture"
    assert cfg.lifecycle.substatus_map["Unqualified - Bad Fit"] == "bad_fit"
    assert cfg.lifecycle.substatus_map["Attempted to Contact"] == "no_response"
    assert cfg.lifecycle.substatus_map["Do Not Contact"] == "do_not_contact"


def test_substatus_lookup_ignores_case_and_punctuation():
    lookup = RevopsConfig().lifecycle.substatus_lookup
    assert lookup[substatus_key("ATTEMPTED_TO_CONTACT")] == "no_response"
    assert lookup[substatus_key("unqualified-bad fit")] == "bad_fit"
    assert lookup[substatus_key("  Bad   timing ")] == "not_ready"


def test_canonical_fields_are_the_contract_other_modules_use():
    for name in ("lead_id", "first_name", "email", "phone", "company", "country", "state", "created_at",
                 "owner", "consent", "unsubscribed", "bounced", "account_id"):
        assert name in CANONICAL_FIELDS
    assert len(set(CANONICAL_FIELDS)) == len(CANONICAL_FIELDS) == 48


def test_every_setting_has_a_description():
    missing = [
        f"{model.__name__}.{name}"
        for model in config_models()
        for name, info in model.model_fields.items()
        if not info.description
    ]
    assert missing == []


def test_optional_settings_default_to_none_so_toml_round_trips():
    # TOML has no null: an optional key is written by leaving it out, so its default must be None.
    for model in config_models():
        for name, info in model.model_fields.items():
            annotation = info.annotation
            if get_origin(annotation) in (Union, types.UnionType) and type(None) in get_args(annotation):
                assert info.default is None, f"{model.__name__}.{name}"


# --------------------------------------------------------------------------
# Starter files
# --------------------------------------------------------------------------


def test_starter_toml_loads_back_to_exactly_the_defaults(tmp_path):
    path = write(tmp_path, starter_files()["revops.toml"])
    assert load_config(path) == RevopsConfig()


def test_starter_toml_spells_out_every_setting():
    written = set(leaves(tomllib.loads(starter_files()["revops.toml"])))
    defaults = config_load._without_none(RevopsConfig().model_dump(mode="python"))
    expected = set(leaves(defaults))
    assert expected - written == set()


def test_starter_toml_names_the_sop_of_every_section():
    text = starter_files()["revops.toml"]
    for section in RevopsConfig.model_fields:
        header = next(i for i, line in enumerate(text.splitlines()) if line.startswith(f"[{section}"))
        comment_block = "\n".join(text.splitlines()[max(0, header - 6):header])
        assert "#" in comment_block, section
    assert text.count("SOP") >= 12


def test_starter_reps_roster_is_a_realistic_example():
    rows = list(csv.DictReader(io.StringIO(starter_files()["reps.csv"])))
    assert 8 <= len(rows) <= 10
    assert list(rows[0]) == ["rep_id", "name", "email", "role", "territory", "weight", "capacity", "active",
                             "out_of_office_until", "timezone", "working_hours"]
    roles = {row["role"] for row in rows}
    assert roles == {"Senior Sales Rep", "Sales Rep", "SDR", "Sales Manager"}
    assert all(set(t.roles) & roles for t in RevopsConfig().routing.tiers if t.roles)
    assert len({row["rep_id"] for row in rows}) == len(rows)
    territories = {row["territory"] for row in csv.DictReader(io.StringIO(starter_files()["territories.csv"]))}
    for row in rows:
        assert row["territory"] in territories | {""}
        assert row["active"] in {"true", "false"}
        config_types._time_zone(row["timezone"])
        start, end = row["working_hours"].split("-")
        assert config_types._time_of_day(start) < config_types._time_of_day(end)


def test_starter_territories_cover_the_regions_and_a_named_account_list():
    rows = list(csv.DictReader(io.StringIO(starter_files()["territories.csv"])))
    assert list(rows[0]) == ["territory", "priority", "countries", "states", "industries", "size_tier",
                             "named_accounts"]
    assert 5 <= len(rows) <= 6
    names = {row["territory"] for row in rows}
    assert {"NA-East", "NA-West", "EMEA-North", "EMEA-South", "APAC"} <= names
    assert any(row["named_accounts"] for row in rows)
    assert sorted(int(row["priority"]) for row in rows) == list(range(1, len(rows) + 1))
    east = next(r for r in rows if r["territory"] == "NA-East")["states"].split(";")
    west = next(r for r in rows if r["territory"] == "NA-West")["states"].split(";")
    assert not set(east) & set(west)


def test_write_starter_files_refuses_to_overwrite_without_force(tmp_path):
    written = write_starter_files(tmp_path)
    assert sorted(p.name for p in written) == ["reps.csv", "revops.toml", "territories.csv"]
    (tmp_path / "revops.toml").write_text("# my edits\n", encoding="utf-8")

    with pytest.raises(ConfigError) as caught:
        write_starter_files(tmp_path)
    assert caught.value.path == tmp_path / "revops.toml"
    assert "already exists" in str(caught.value) and "--force" in str(caught.value)
    assert (tmp_path / "revops.toml").read_text(encoding="utf-8") == "# my edits\n"

    write_starter_files(tmp_path, force=True)
    assert (tmp_path / "revops.toml").read_text(encoding="utf-8") == starter_files()["revops.toml"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reps.csv", "revops.toml", "territories.csv"]


def test_write_starter_files_creates_the_folder(tmp_path):
    paths = write_starter_files(tmp_path / "new" / "project")
    assert all(p.is_file() for p in paths)


# --------------------------------------------------------------------------
# Loading user files
# --------------------------------------------------------------------------


def test_user_file_overriding_a_few_keys_keeps_the_rest_default(tmp_path):
    path = write(tmp_path, """
[sla]
compliance_target = 90
[sla.response_minutes]
Hot = 5
Warm = 60
Qualified = 1440
Early = 2000
Cold = 2880
[business_hours]
start = "08:30"
holiday_subdivision = "NY"
""")
    cfg = load_config(path)
    assert cfg.sla.compliance_target == 90
    assert cfg.sla.response_minutes["Early"] == 2000
    assert cfg.business_hours.start == dt.time(8, 30)
    assert cfg.business_hours.holiday_subdivision == "NY"
    assert cfg.sla.cadence_days == 14
    assert cfg.business_hours.end == dt.time(17, 0)
    assert cfg.scoring == RevopsConfig().scoring
    assert cfg.routing == RevopsConfig().routing


def test_no_file_means_sop_defaults():
    assert load_config(None) == RevopsConfig()
    assert check_config(None) == []


def test_empty_file_is_the_defaults(tmp_path):
    assert load_config(write(tmp_path, "")) == RevopsConfig()


def test_file_with_utf8_bom_loads(tmp_path):
    path = tmp_path / "revops.toml"
    path.write_bytes(b"\xef\xbb\xbf[general]\ncurrency = \"EUR\"\n")
    assert load_config(path).general.currency == "EUR"


def test_lower_case_codes_and_full_day_names_are_normalised(tmp_path):
    cfg = load_config(write(tmp_path, """
[general]
default_region = "gb"
week_start = "Sun"
[business_hours]
workdays = ["Monday", "tue"]
[clean]
free_email_domains = ["@MyMail.Example"]
industry_map = { "Car makers" = "32", "Software" = 51 }
"""))
    assert cfg.general.default_region == "GB"
    assert cfg.general.week_start == "sunday"
    assert cfg.business_hours.workdays == ["mon", "tue"]
    assert cfg.clean.free_email_domains == ["mymail.example"]
    assert cfg.clean.industry_map == {"Car makers": "31-33", "Software": "51"}


# --------------------------------------------------------------------------
# Errors name the file, the exact key, what is wrong and what is expected
# --------------------------------------------------------------------------


def test_percentage_out_of_range_names_key_and_range(tmp_path):
    error = error_for(tmp_path, "[sla]\ncompliance_target = 150\n")
    assert str(error) == "revops.toml: sla.compliance_target: must be between 0 and 100 (got 150)"
    assert error.key == "sla.compliance_target"
    assert error.path == tmp_path / "revops.toml"


def test_unknown_key_suggests_the_closest_one(tmp_path):
    error = error_for(tmp_path, "[sla]\ncomplance_target = 95\n")
    assert str(error) == "revops.toml: sla.complance_target: unknown key (did you mean 'compliance_target'?)"
    assert error.key == "sla.complance_target"


def test_unknown_section_suggests_the_closest_one(tmp_path):
    error = error_for(tmp_path, "[scorng]\n")
    assert error.key == "scorng"
    assert "unknown section (did you mean 'scoring'?)" in str(error)


def test_unknown_nested_key_in_a_list_of_tables(tmp_path):
    error = error_for(tmp_path, """
[[routing.tiers]]
min_score = 0
queue = "nurture"
sla_minutess = 5
""")
    assert error.key == "routing.tiers[0].sla_minutess"
    assert "did you mean 'sla_minutes'?" in error.message


def test_wrong_type_names_key_and_expected_type(tmp_path):
    error = error_for(tmp_path, '[sla]\ncadence_days = "two weeks"\n')
    assert error.key == "sla.cadence_days"
    assert "must be a whole number" in str(error) and '"two weeks"' in str(error)


def test_quoted_number_and_quoted_boolean_are_type_errors_with_a_hint(tmp_path):
    problems = check_config(write(tmp_path, '[sla]\ncadence_days = "14"\nrequire_phone_and_email = "yes"\n'))
    by_key = {p.key: p.message for p in problems}
    assert "remove the quotes" in by_key["sla.cadence_days"]
    assert "true or false" in by_key["sla.require_phone_and_email"]


def test_a_section_that_is_not_a_table(tmp_path):
    error = error_for(tmp_path, "sla = 5\n")
    assert error.key == "sla" and "must be a table" in error.message


def test_bands_not_descending_names_the_band(tmp_path):
    error = error_for(tmp_path, """
[scoring]
bands = [
  { name = "Hot", min = 80 },
  { name = "Warm", min = 60 },
  { name = "Qualified", min = 70 },
  { name = "Cold", min = 0 },
]
""")
    assert error.key == "scoring.bands[2].min"
    assert "must be lower than scoring.bands[1].min (60)" in str(error)


def test_bands_must_start_at_zero(tmp_path):
    error = error_for(tmp_path, '[scoring]\nbands = [{ name = "Hot", min = 80 }, { name = "Warm", min = 60 }]\n')
    assert error.key == "scoring.bands[1].min" and "start at 0" in error.message


def test_score_dimensions_must_add_up_to_100(tmp_path):
    error = error_for(tmp_path, "[scoring.behavioral]\nmax = 50\n")
    assert error.key == "scoring.behavioral.max" and "30 + 30 + 50 = 110" in error.message


def test_bad_timezone_names_key_and_suggests(tmp_path):
    error = error_for(tmp_path, '[general]\ntimezone = "America/New_Yrok"\n')
    assert error.key == "general.timezone"
    assert "did you mean 'America/New_York'?" in error.message


def test_bad_time_of_day(tmp_path):
    error = error_for(tmp_path, '[business_hours]\nstart = "25:00"\n')
    assert error.key == "business_hours.start"
    assert '"HH:MM"' in error.message and '(got "25:00")' in error.message


def test_end_of_day_before_start(tmp_path):
    error = error_for(tmp_path, '[business_hours]\nstart = "18:00"\n')
    assert error.key == "business_hours.end" and "later than business_hours.start (18:00)" in error.message


def test_unknown_holiday_country(tmp_path):
    error = error_for(tmp_path, '[business_hours]\nholiday_country = "XX"\n')
    assert error.key == "business_hours.holiday_country" and "observe_holidays" in error.message


def test_response_sla_for_an_unknown_band_names_the_dict_key(tmp_path):
    error = error_for(tmp_path, """
[sla.response_minutes]
Hott = 5
Hot = 5
Warm = 60
Qualified = 1440
Early = 2880
Cold = 2880
""")
    assert error.key == "sla.response_minutes.Hott"
    assert "did you mean 'Hot'?" in error.message


def test_a_partial_response_table_is_an_error_not_a_silently_missing_sla(tmp_path):
    error = error_for(tmp_path, "[sla.response_minutes]\nHot = 10\n")
    assert error.key == "sla.response_minutes"
    assert "'Warm', 'Qualified', 'Early', 'Cold'" in error.message


def test_hot_sla_changed_in_one_home_only_is_an_error_naming_both(tmp_path):
    # The 5-minute Hot SLA lives in routing.tiers (the deadline routing writes) and sla.response_minutes (what the
    # audit judges): changing one without the other would make routing and the audit disagree.
    error = error_for(tmp_path, """
[sla.response_minutes]
Hot = 10
Warm = 60
Qualified = 1440
Early = 2880
Cold = 2880
""")
    assert error.key == "routing.tiers[0].sla_minutes"
    assert "is 5 minutes but sla.response_minutes.Hot is 10" in error.message


def test_hot_sla_changed_in_both_homes_is_accepted():
    config = parse_config({
        "sla": {"response_minutes": {"Hot": 10, "Warm": 60, "Qualified": 1440, "Early": 2880, "Cold": 2880}},
        "routing": {"tiers": [
            {"min_score": 80, "queue": "senior_sales", "roles": ["Senior AE"], "sla_minutes": 10},
            {"min_score": 60, "queue": "sales", "roles": ["AE"], "sla_minutes": 60},
            {"min_score": 0, "queue": "nurture"}]},
    })
    assert config.routing.tiers[0].sla_minutes == config.sla.response_minutes["Hot"] == 10


def test_keys_with_spaces_are_quoted_in_the_dotted_key(tmp_path):
    error = error_for(tmp_path, '[sla.activity_minimums."Senior AE"]\ncalls = -1\nemails = 1\nmeetings = 1\ndemos = 1')
    assert error.key == 'sla.activity_minimums."Senior AE".calls'
    assert "must be at least 0 (got -1)" in error.message


def test_columns_only_accept_canonical_fields(tmp_path):
    error = error_for(tmp_path, '[columns]\nfrist_name = "First"\n')
    assert error.key == "columns.frist_name"
    assert "did you mean 'first_name'?" in error.message
    fixed = load_config(write(tmp_path, '[columns]\nfirst_name = "Given Name"\n'))
    assert fixed.columns == {"first_name": "Given Name"}


def test_title_rule_uses_the_title_normaliser_vocabulary(tmp_path):
    error = error_for(tmp_path, '[clean]\ntitle_rules = [{ pattern = "growth hacker", function = "Marketng" }]\n')
    assert error.key == "clean.title_rules[0].function"
    assert "did you mean 'Marketing'?" in error.message
    error = error_for(tmp_path, '[clean]\ntitle_rules = [{ pattern = "growth (hacker" , seniority = "Manager" }]\n')
    assert error.key == "clean.title_rules[0].pattern" and "not a valid regular expression" in error.message


def test_literal_choice_suggests(tmp_path):
    error = error_for(tmp_path, '[dedupe]\nrules = ["email", "fuzzy"]\n')
    assert error.key == "dedupe.rules[1]" and "did you mean 'fuzzy_name'?" in error.message


def test_approval_matrix_must_ascend_and_end_unbounded(tmp_path):
    problems = check_config(write(tmp_path, """
[campaign]
approval_matrix = [
  { max_budget = 25000.0, approver = "CMO" },
  { max_budget = 5000.0, approver = "Big Boss" },
]
"""))
    keys = [p.key for p in problems]
    assert "campaign.approval_matrix[1].max_budget" in keys
    assert "campaign.approval_matrix[1].approver" in keys
    assert any("must be greater than campaign.approval_matrix[0].max_budget" in p.message for p in problems)
    assert any("last row must have no max_budget" in p.message for p in problems)


def test_toml_syntax_error_names_line_and_column(tmp_path):
    error = error_for(tmp_path, "[sla]\ncompliance_target = 95\ncadence_days 14\n")
    assert error.line == 3
    assert str(error).startswith("revops.toml: line 3, column ")
    assert "invalid TOML" in str(error)


def test_check_config_reports_every_problem_at_once(tmp_path):
    path = write(tmp_path, """
[general]
timezone = "Mars/Olympus"
[sla]
compliance_target = 150
complance_target = 95
[business_hours]
end = "25:00"
[handoff]
nps = 101
""")
    problems = check_config(path)
    assert {p.key for p in problems} == {
        "general.timezone", "sla.compliance_target", "sla.complance_target", "business_hours.end", "handoff.nps",
    }
    assert all(isinstance(p, ConfigProblem) and str(p).startswith("revops.toml: ") for p in problems)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert len(caught.value.problems) == 5
    assert "4 more problems" in str(caught.value)
    assert "\n" not in str(caught.value)


def test_check_config_of_a_valid_file_is_empty(tmp_path):
    assert check_config(write(tmp_path, "[sla]\ncompliance_target = 97.5\n")) == []


def test_check_config_of_a_missing_file(tmp_path):
    problems = check_config(tmp_path / "nope.toml")
    assert len(problems) == 1 and "not found" in problems[0].message


def test_problem_to_dict_for_json_output(tmp_path):
    (problem,) = check_config(write(tmp_path, "[sla]\ncompliance_target = 150\n"))
    data = problem.to_dict()
    assert data["key"] == "sla.compliance_target"
    assert data["text"] == str(problem)


def test_parse_config_without_a_file_still_names_the_key():
    with pytest.raises(ConfigError) as caught:
        parse_config({"dedupe": {"fuzzy_review_threshold": 95}})
    assert caught.value.key == "dedupe.fuzzy_review_threshold"
    assert str(caught.value).startswith("config: dedupe.fuzzy_review_threshold: must not be above")


def test_models_validate_assignment():
    cfg = RevopsConfig()
    with pytest.raises(ValidationError):
        cfg.sla.compliance_target = 150


# --------------------------------------------------------------------------
# Finding the config file
# --------------------------------------------------------------------------


def test_find_config_path_precedence_explicit_then_env_then_cwd(tmp_path):
    cwd_file = write(tmp_path, "")
    env_file = write(tmp_path, "", "env.toml")
    explicit_file = write(tmp_path, "", "explicit.toml")
    env = {"REVOPS_CONFIG": str(env_file)}
    assert find_config_path(explicit_file, cwd=tmp_path, environ=env) == explicit_file
    assert find_config_path(None, cwd=tmp_path, environ=env) == env_file
    assert find_config_path(None, cwd=tmp_path, environ={}) == cwd_file
    assert find_config_path(None, cwd=tmp_path, environ={"REVOPS_CONFIG": ""}) == cwd_file
    empty = tmp_path / "empty"
    empty.mkdir()
    assert find_config_path(None, cwd=empty, environ={}) is None


def test_missing_explicit_config_is_an_error_naming_it(tmp_path):
    with pytest.raises(ConfigError) as caught:
        find_config_path(tmp_path / "missing.toml", cwd=tmp_path, environ={})
    assert caught.value.path == tmp_path / "missing.toml"
    assert "missing.toml" in str(caught.value) and "--config" in str(caught.value)


def test_missing_env_config_is_an_error_naming_the_variable(tmp_path):
    write(tmp_path, "")  # a cwd file must not hide the broken variable
    with pytest.raises(ConfigError) as caught:
        find_config_path(None, cwd=tmp_path, environ={"REVOPS_CONFIG": str(tmp_path / "gone.toml")})
    assert "REVOPS_CONFIG" in str(caught.value) and "gone.toml" in str(caught.value)


def test_relative_explicit_path_is_relative_to_cwd(tmp_path):
    target = write(tmp_path, "[general]\ncurrency = \"GBP\"\n", "team.toml")
    cfg, path = resolve_config(Path("team.toml"), cwd=tmp_path, environ={})
    assert path == target and cfg.general.currency == "GBP"


# --------------------------------------------------------------------------
# Round trips
# --------------------------------------------------------------------------


def test_model_dump_json_round_trips():
    cfg = RevopsConfig()
    assert RevopsConfig.model_validate(cfg.model_dump(mode="json")) == cfg


def test_config_to_toml_loads_back_equal_for_defaults(tmp_path):
    text = config_to_toml(RevopsConfig())
    assert load_config(write(tmp_path, text)) == RevopsConfig()


def test_config_to_toml_loads_back_equal_for_a_customised_config(tmp_path):
    cfg = load_config(write(tmp_path, """
[columns]
email = "E-mail Address"
[business_hours]
timezone = "Europe/London"
holiday_country = "GB"
holiday_subdivision = "ENG"
start = "08:00"
[clean]
role_email_prefixes = ["info", "sales"]
title_rules = [{ pattern = "head of growth", seniority = "Director" }]
country_aliases = { "Holland" = "NL" }
[funnel.marketing_sla]
source_breakdown = { "Source A" = 25, "Source B" = 15, "Source C" = 10 }
source_lead_to_opportunity = { "Source A" = 50.0 }
"""))
    assert cfg.business_timezone == "Europe/London"
    text = config_to_toml(cfg)
    again = load_config(write(tmp_path, text, "shown.toml"))
    assert again == cfg
    assert again.clean.title_rules[0].function is None

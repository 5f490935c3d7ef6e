"""[reporting]: the Reporting SOP's inventory as config, with the SOP's days and audiences as defaults, and one-line
errors that name the key."""

from __future__ import annotations

import datetime as dt

import pytest

from revops_cli.config import ConfigError, RevopsConfig, parse_config


def test_the_inventory_defaults_are_the_sops():
    inventory = RevopsConfig().reporting.inventory
    rows = {name: (s.cadence, s.weekday, s.day_of_month, s.time, s.audience, s.delivery)
            for name, s in inventory.items()}
    assert rows["sales_activity"] == ("daily", None, None, dt.time(9, 0), "Sales Team", "Dashboard")
    assert rows["lead_flow"] == ("daily", None, None, dt.time(9, 0), "Marketing", "Email")
    assert rows["pipeline_changes"] == ("daily", None, None, dt.time(10, 0), "Management", "Slack")
    assert [rows[r][1] for r in ("pipeline_review", "campaign_performance", "forecast_rollup", "win_loss")] == [
        "mon", "tue", "wed", "thu"]
    assert [rows[r][2] for r in ("marketing_review", "sales_review", "business_review", "board_deck")] == [3, 3, 5, 10]
    assert inventory.pipeline_changes.formats == ["slack.json", "html"]


def test_a_table_for_one_report_changes_only_the_keys_it_names():
    config = parse_config({"reporting": {"inventory": {"win_loss": {"weekday": "fri", "audience": "Product & CS"}}}})
    win_loss = config.reporting.inventory.win_loss
    assert (win_loss.weekday, win_loss.audience, win_loss.title, win_loss.time) == (
        "fri", "Product & CS", "Win/Loss Analysis", dt.time(8, 0))
    assert config.reporting.inventory.board_deck == RevopsConfig().reporting.inventory.board_deck


def test_changing_a_cadence_drops_the_old_day():
    config = parse_config({"reporting": {"inventory": {"forecast_rollup": {"cadence": "monthly", "day_of_month": 2}}}})
    forecast = config.reporting.inventory.forecast_rollup
    assert (forecast.cadence, forecast.weekday, forecast.day_of_month) == ("monthly", None, 2)


@pytest.mark.parametrize("data, message", [
    ({"inventory": {"sales_activity": {"weekday": "mon"}}},
     "reporting.inventory.sales_activity.weekday: only a weekly report has a weekday (this one is daily)"),
    ({"inventory": {"lead_flow": {"cadence": "weekly"}}},
     "reporting.inventory.lead_flow.weekday: a weekly report needs its day"),
    ({"inventory": {"board_deck": {"day_of_month": 31}}}, "reporting.inventory.board_deck.day_of_month"),
    ({"inventory": {"board_deck": {"formats": ["pdf"]}}}, "reporting.inventory.board_deck.formats[0]"),
    ({"inventory": {"board_deck": {"time": "25:00"}}}, "must be a time of day"),
    ({"inventory": {"weekly_digest": {"title": "x"}}}, "reporting.inventory.weekly_digest"),
    ({"omitted_categories": ["Skip"]}, 'reporting.omitted_categories[0]: "Skip" is not one of'),
    ({"stage_categories": {"Negotiation": "Likely"}},
     'reporting.stage_categories.Negotiation: "Likely" is not one of reporting.forecast_categories'),
    ({"deal_size_bands": [5000.0, 5000.0]}, "reporting.deal_size_bands[1]: must be greater than the bound before it"),
    ({"segments": [{"name": "Small", "max_employees": 50}]},
     "reporting.segments[0].max_employees: the last segment must have no upper bound"),
    ({"fiscal_year_start_month": 13}, "reporting.fiscal_year_start_month"),
])
def test_a_wrong_reporting_key_is_one_clear_line(data, message):
    with pytest.raises(ConfigError) as error:
        parse_config({"reporting": data})
    assert message in str(error.value)


def test_forecast_category_words_of_other_crms_are_understood():
    reporting = RevopsConfig().reporting
    assert [reporting.category(v) for v in ("commit", "Best case", "BEST CASE", "Not forecasted", "Upside", "Maybe",
                                            "", None)] == [
        "Commit", "Best Case", "Best Case", "Omitted", "Best Case", None, None, None]

"""`revops content audit` (Content Creation SOP, issue 21): hand-computed figures at every boundary."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from revops_cli.columns import detect_columns
from revops_cli.config import RevopsConfig
from revops_cli.core.marketing.content import business_days_between, content_audit
from tests.conftest import REPO, SAMPLE, assert_input_error, invoke, read

CONFIG = RevopsConfig()
NOW = "2026-11-20T08:00"
CORPUS = REPO / "tests" / "fixtures" / "third_party"


def _frame(rows: list[dict]) -> pd.DataFrame:
    columns = list(dict.fromkeys(k for r in rows for k in r))
    return pd.DataFrame([[r.get(c) for c in columns] for r in rows], columns=columns, dtype="str")


def _audit(items: list[dict], analytics: list[dict] | None = None, reviews: list[dict] | None = None,
           promotion: list[dict] | None = None, config: RevopsConfig = CONFIG, **kwargs):
    inv = _frame(items)
    extra = {}
    for name, rows, schema in (("analytics", analytics, "page_analytics"), ("reviews", reviews, "content_reviews"),
                               ("promotion", promotion, "content_promotion")):
        if rows is not None:
            frame = _frame(rows)
            mapping_name = {"analytics": "analytics_mapping", "reviews": "review_mapping",
                            "promotion": "promotion_mapping"}[name]
            extra[name] = frame
            extra[mapping_name] = detect_columns(list(frame.columns), schema=schema)
    return content_audit(inv, detect_columns(list(inv.columns), schema="content"), config, now=NOW, **extra,
                         **kwargs)


def _page(result, title):
    return result.pages.set_index("item").loc[title]


# ---------------------------------------------------------------- quality standards


def test_a_blog_of_exactly_1500_words_meets_the_standard_1499_does_not():
    result = _audit([{"Title": "A", "Content Type": "Blog", "Word Count": "1,500"},
                     {"Title": "B", "Content Type": "Blog Post", "Word Count": "1499"},
                     {"Title": "C", "Content Type": "Video", "Word Count": "300"}])
    assert _page(result, "A")["blog_length_ok"] is True
    assert _page(result, "B")["blog_length_ok"] is False
    assert _page(result, "C")["blog_length_ok"] is None  # the 1,500-word minimum is for blogs
    assert "Quality standard: expand to 1,500 words" in _page(result, "B")["actions"]


def test_three_credible_sources_counted_from_a_number_or_a_list():
    result = _audit([{"Title": "A", "Type": "Whitepaper", "Sources": "3"},
                     {"Title": "B", "Type": "Blog", "Sources": "https://a.org/x; https://b.org/y"},
                     {"Title": "C", "Type": "Blog", "Sources": "https://a.org https://b.org https://c.org"},
                     {"Title": "D", "Type": "Video", "Sources": ""}])
    assert [_page(result, t)["sources_ok"] for t in "ABCD"] == [True, False, True, None]
    assert _page(result, "B")["sources"] == 2


def test_a_missing_word_count_column_is_not_measured_never_zero_words():
    result = _audit([{"Title": "A", "Type": "Blog"}])
    assert _page(result, "A")["blog_length_ok"] is None
    assert result.summary()["not_measured"]["blog_length"] == "no word count column; try --map word_count=HEADER"
    row = result.checks.set_index("check").loc["blog_length"]
    assert row["checked"] == 0 and pd.isna(row["missing"])


# ---------------------------------------------------------------- performance


def _window_pages(views_b: str):
    return _audit(
        [{"Title": "A", "URL": "https://x.com/blog/a/", "Publish Date": "2026-08-01"},
         {"Title": "B", "URL": "https://x.com/blog/b", "Publish Date": "2026-09-16"}],
        [{"Page path": "/blog/a", "Month": m, "Views": "1000"} for m in ("2026-08", "2026-09", "2026-10")]
        + [{"Page path": "/blog/b/", "Month": "2026-10", "Views": views_b}])


def test_page_views_per_month_are_normalised_to_the_months_live_in_the_window():
    # window Aug-Oct 2026 (the export's months); B went live 16 September: 15/30 + 31/31 = 1.5 months
    result = _window_pages("1,500")
    b = _page(result, "B")
    assert b["months_live"] == 1.5 and b["page_views_per_month"] == 1000.0 and b["page_views_ok"] is True
    a = _page(result, "A")
    assert (a["months_live"], a["page_views_per_month"], a["page_views_ok"]) == (3.0, 1000.0, True)
    assert result.sources["analytics_window"] == ["2026-08-01", "2026-10-31"]
    # 1,499 / 1.5 = 999.3: below 1,000 a month, "Promote more"
    short = _page(_window_pages("1,499"), "B")
    assert short["page_views_ok"] is False and "Promote more" in short["actions"]


def test_a_page_without_an_analytics_row_is_not_measured_never_zero_views():
    result = _audit([{"Title": "A", "URL": "/a", "Publish Date": "2026-01-05"},
                     {"Title": "B", "URL": "/b", "Publish Date": "2026-01-05"}],
                    [{"Page path": "/a", "Month": "2026-10", "Views": "2000"}])
    b = _page(result, "B")
    assert pd.isna(b["page_views"]) and b["page_views_ok"] is None and b["performance_ok"] is None


def test_conversion_of_exactly_2_percent_passes_1_99_does_not():
    result = _audit([{"Title": "A", "URL": "/a"}, {"Title": "B", "URL": "/b"}],
                    [{"Page": "/a", "Sessions": "1000", "Conversions": "20", "Date": "2026-10-01"},
                     {"Page": "/b", "Sessions": "10,000", "Conversions": "199", "Date": "2026-10-01"}])
    assert (_page(result, "A")["conversion_rate"], _page(result, "A")["conversion_ok"]) == (2.0, True)
    assert (_page(result, "B")["conversion_rate"], _page(result, "B")["conversion_ok"]) == (1.99, False)
    assert "Optimize CTA" in _page(result, "B")["actions"]


def test_time_on_page_is_weighted_by_views_and_3_minutes_passes():
    # 900 views at 3:30 and 100 views at 0:30: (900 x 3.5 + 100 x 0.5) / 1,000 = 3.2 minutes (a plain mean: 2.0)
    result = _audit([{"Title": "A", "URL": "/a"}, {"Title": "B", "URL": "/b"}],
                    [{"URL": "/a", "Month": "2026-09", "Views": "900", "Avg. Time on Page": "00:03:30"},
                     {"URL": "/a", "Month": "2026-10", "Views": "100", "Avg. Time on Page": "0:30"},
                     {"URL": "/b", "Month": "2026-10", "Views": "10", "Avg. Time on Page": "3m 0s"}])
    assert _page(result, "A")["time_on_page_minutes"] == 3.2 and _page(result, "A")["time_on_page_ok"] is True
    assert _page(result, "B")["time_on_page_minutes"] == 3.0 and _page(result, "B")["time_on_page_ok"] is True


def test_shares_add_up_and_backlinks_are_the_running_count():
    result = _audit([{"Title": "A", "URL": "/a"}],
                    [{"URL": "/a", "Month": "2026-09", "Shares": "30", "Referring Domains": "4"},
                     {"URL": "/a", "Month": "2026-10", "Shares": "20", "Referring Domains": "5"}])
    a = _page(result, "A")
    assert (a["shares"], a["shares_ok"], a["backlinks"], a["backlinks_ok"]) == (50.0, True, 5.0, True)


def test_without_analytics_every_performance_check_is_not_measured():
    result = _audit([{"Title": "A", "Word Count": "2000"}])
    nm = result.summary()["not_measured"]
    assert nm["page_views"] == "no analytics export; try --analytics FILE"
    assert result.share_meeting_all is None and _page(result, "A")["performance_ok"] is None


def test_a_window_from_the_options_when_the_export_names_no_period():
    inv = [{"Title": "A", "URL": "/a", "Publish Date": "2026-08-01"}]
    no_window = _audit(inv, [{"URL": "/a", "Views": "3000"}])
    assert "no analytics window" in no_window.summary()["not_measured"]["page_views"]
    given = _audit(inv, [{"URL": "/a", "Views": "3000"}],
                   window=(pd.Timestamp("2026-08-01"), pd.Timestamp("2026-11-01")))
    assert _page(given, "A")["page_views_per_month"] == 1000.0


# ---------------------------------------------------------------- review stages in business days


def test_business_days_skip_weekends_and_holidays():
    start = pd.Series(pd.to_datetime(["2026-10-19", "2026-10-23", "2026-11-25", "2026-10-19"]))
    end = pd.Series(pd.to_datetime(["2026-10-22", "2026-10-26", "2026-11-27", "2026-10-19"]))
    # Mon -> Thu 3; Fri -> Mon 1 (the weekend does not count); Wed -> Fri over Thanksgiving 1; same day 0
    assert business_days_between(start, end, CONFIG).tolist() == [3.0, 1.0, 1.0, 0.0]


def test_legal_review_on_business_day_3_passes_on_day_4_it_is_late():
    result = _audit([{"Content ID": "C1", "Title": "A"}, {"Content ID": "C2", "Title": "B"}], reviews=[
        {"Content ID": "C1", "Review Stage": "Legal / Compliance", "Reviewer": "Dana", "Start Date": "2026-10-19",
         "End Date": "2026-10-22"},
        {"Content ID": "C2", "Review Stage": "Legal", "Reviewer": "Dana", "Start Date": "2026-10-19",
         "End Date": "2026-10-23"},
    ])
    reviews = result.reviews.set_index("title")
    assert (reviews.loc["A", "stage"], reviews.loc["A", "business_days"], reviews.loc["A", "status"]) == (
        "Legal", 3, "on time")
    assert (reviews.loc["B", "business_days"], reviews.loc["B", "status"]) == (4, "late")
    assert _page(result, "B")["reviews_late"] == ["Legal 4 business days (limit 3), Dana"]
    assert _page(result, "A")["review_time_ok"] is True and _page(result, "B")["review_time_ok"] is False


def test_peer_review_friday_to_monday_is_one_business_day_and_an_open_review_can_be_overdue():
    result = _audit([{"Title": "A"}, {"Title": "B"}], reviews=[
        {"Title": "A", "Stage": "Peer review", "Start Date": "2026-10-23", "End Date": "2026-10-26"},
        {"Title": "B", "Stage": "Brand", "Start Date": "2026-11-17", "End Date": ""},  # 3 business days so far
        {"Title": "B", "Stage": "SEO", "Start Date": "2026-11-17", "End Date": "2026-11-17"},
    ])
    reviews = result.reviews.set_index("stage_given")
    assert reviews.loc["Peer review", "status"] == "on time"
    assert (reviews.loc["Brand", "status"], reviews.loc["Brand", "business_days"]) == ("overdue (open)", 3)
    assert reviews.loc["SEO", "status"] == "stage not mapped"  # never silently on time


# ---------------------------------------------------------------- refresh, audit, pre-publish, promotion


def test_quarterly_refresh_and_annual_audit_boundaries():
    result = _audit([
        {"Title": "A", "Publish Date": "2026-01-01", "Last Updated": "2026-08-20"},  # due today: not overdue
        {"Title": "B", "Publish Date": "2026-01-01", "Last Updated": "2026-08-19"},  # due yesterday: overdue
        {"Title": "C", "Publish Date": "2025-11-20", "Last Updated": "2025-11-20"},  # audit due today
        {"Title": "D", "Publish Date": "2025-11-19", "Last Updated": ""},  # audit due yesterday
    ])
    pages = result.pages.set_index("item")
    assert list(pages["refresh_status"]) == ["due", "overdue", "overdue", "overdue"]
    assert list(pages["annual_audit_status"]) == ["ok", "ok", "due", "overdue"]
    assert "Annual audit" in pages.loc["D", "actions"] and "Annual audit" not in pages.loc["C", "actions"]


def test_pre_publish_meta_description_utm_and_cta():
    good = "https://x.com/a?utm_source=li&utm_medium=social&utm_campaign=q4"
    result = _audit([
        {"Title": "A", "Meta Description": "About A", "Promotion Links": good, "CTA": "Book a demo"},
        {"Title": "B", "Meta Description": "", "Promotion Links": "https://x.com/b?utm_source=li&utm_medium=social",
         "CTA": ""},
        {"Title": "C", "Meta Description": "N/A", "Promotion Links": "", "CTA": "No"},
    ])
    pages = result.pages.set_index("item")
    assert list(pages["meta_description_ok"]) == [True, False, False]
    assert list(pages["utm_ok"]) == [True, False, False]
    assert list(pages["cta_ok"]) == [True, False, False]
    assert pages.loc["B", "actions"] == ["Write the meta description", "Set UTM parameters", "Add a CTA"]


def test_promotion_timeline_on_time_late_missed_and_not_due():
    items = [{"Content ID": "C1", "Title": "A", "Publish Date": "2026-10-01"},
             {"Content ID": "C2", "Title": "B", "Publish Date": "2026-11-18"}]
    log = [{"Content ID": "C1", "Channel": "Blog publish", "Date": "2026-10-01"},
           {"Content ID": "C1", "Channel": "Email", "Date": "2026-10-01"},
           {"Content ID": "C1", "Channel": "Twitter", "Date": "2026-10-02"},
           {"Content ID": "C1", "Channel": "LinkedIn post", "Date": "2026-10-05"},  # day 4: late
           {"Content ID": "C1", "Channel": "Email newsletter", "Date": "2026-10-08"},  # day 7: newsletter on time
           {"Content ID": "C2", "Channel": "Publish", "Date": "2026-11-18"}]
    result = _audit(items, promotion=log)
    steps = result.promotion.set_index(["title", "step"])["status"]
    assert steps[("A", "Newsletter")] == "on time" and steps[("A", "LinkedIn post")] == "late"
    assert steps[("A", "Repurpose")] == "missed" and steps[("A", "Performance review")] == "missed"  # due 10-31
    assert steps[("B", "Email")] == "missed" and steps[("B", "LinkedIn post")] == "not due yet"
    assert _page(result, "A")["promotion_missed"] == ["LinkedIn post (late)", "Repurpose (missed)",
                                                      "Performance review (missed)"]


def test_drafts_get_quality_and_pre_publish_checks_but_no_performance_or_refresh():
    result = _audit([{"Title": "A", "Status": "Draft", "Type": "Blog", "Word Count": "900", "Meta Description": ""}])
    a = _page(result, "A")
    assert a["live"] is False or a["live"] == False  # noqa: E712
    assert a["blog_length_ok"] is False and a["meta_description_ok"] is False
    assert a["refresh_status"] is None and a["performance_ok"] is None


# ---------------------------------------------------------------- the sample files, through the CLI

SAMPLE_ARGS = ["content", "audit", SAMPLE / "content_inventory.csv", "--analytics", SAMPLE / "content_analytics.csv",
               "--workflow", SAMPLE / "content_reviews.csv", "--promotion", SAMPLE / "content_promotion.csv",
               "--as-of", NOW]


@pytest.fixture(scope="module")
def sample():
    result = invoke(*SAMPLE_ARGS, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_sample_finds_every_planted_problem(sample):
    rows = {r["item"]: r for r in sample["rows"]}
    thin = rows["Five Signs Your Funnel Data Is Lying"]
    assert thin["word_count"] == 1180 and thin["blog_length_ok"] is False
    assert rows["UTM Parameters: A Field Guide"]["blog_length_ok"] is True  # exactly 1,500 words
    assert rows["Closing the Loop on Lost Deals"]["meta_description_ok"] is False
    assert rows["CRM Hygiene Checklist 2025"]["annual_audit_status"] == "overdue"
    cheat = rows["The RevOps Metrics Cheat Sheet"]
    assert cheat["page_views_per_month"] > 4000 and cheat["conversion_rate"] < 0.5 and cheat["conversion_ok"] is False
    legal = [r for r in sample["reviews_late"] if r["stage"] == "Legal"]
    assert [(r["title"], r["business_days"], r["reviewer"]) for r in legal] == [
        ("Security and Compliance for Sales Data", 6, "Dana Whitfield")]
    assert {r["step"] for r in sample["promotion_missed"]} == {"LinkedIn post", "Newsletter"}


def test_sample_breakdowns_and_share(sample):
    assert sample["items"] == 32 and sample["live"] == 30
    assert {r["type"] for r in sample["by_type"]} == {"Blog", "Case Study", "Ebook", "Video", "Whitepaper"}
    assert len(sample["by_author"]) == 6
    rated = sum(r["rated"] for r in sample["by_author"])
    meeting = sum(r["meeting_all"] for r in sample["by_author"])
    assert sample["share_meeting_all_performance_targets"] == round(100 * meeting / rated, 1)
    assert "1 of 78 analytics rows name no item of the inventory" in sample["notes"]


def test_fail_under_exits_1_below_the_share_and_0_at_it(sample):
    share = sample["share_meeting_all_performance_targets"]
    assert invoke(*SAMPLE_ARGS, "--fail-under", str(share + 0.1), "--quiet").exit_code == 1
    assert invoke(*SAMPLE_ARGS, "--fail-under", str(share), "--quiet").exit_code == 0


def test_fail_under_without_analytics_is_an_input_error_not_a_pass():
    result = invoke("content", "audit", SAMPLE / "content_inventory.csv", "--fail-under", "50", "--as-of", NOW)
    assert_input_error(result, "--fail-under: no live item could be rated on every performance target (no analytics export; try --analytics FILE)")
    assert "content audit" not in result.stdout  # one message, no half-printed report


def test_rows_file_keeps_the_inventory_columns_then_the_findings(tmp_path):
    out = tmp_path / "findings.csv"
    result = invoke(*SAMPLE_ARGS, "--rows", out, "--quiet")
    assert result.exit_code == 0, result.stderr
    written = read(out)
    source = read(SAMPLE / "content_inventory.csv")
    assert list(written.columns[:len(source.columns)]) == list(source.columns) and len(written) == len(source)
    assert written.loc[written["Title"] == "Closing the Loop on Lost Deals", "revops_actions"].iloc[0] == (
        "Write the meta description")


def test_the_table_says_not_measured_for_a_missing_file():
    result = invoke("content", "audit", SAMPLE / "content_inventory.csv", "--as-of", NOW)
    assert result.exit_code == 0, result.stderr
    assert "page views: not measured (no analytics export; try --analytics FILE)" in result.stdout
    assert "review time: not measured (no review-workflow export; try --workflow FILE)" in result.stdout


def test_map_reaches_the_analytics_file(tmp_path):
    inventory = tmp_path / "inv.csv"
    inventory.write_text("Title,URL,Publish Date\nA,/a,2026-08-01\n", encoding="utf-8")
    pages = tmp_path / "pages.csv"
    pages.write_text("URL,Month,Aufrufe\n/a,2026-10,999\n", encoding="utf-8")
    plain = json.loads(invoke("content", "audit", inventory, "--analytics", pages, "--as-of", NOW, "--json").stdout)
    assert plain["not_measured"]["page_views"] == "no page views column; try --map page_views=HEADER"
    mapped = json.loads(invoke("content", "audit", inventory, "--analytics", pages, "--map", "page_views=Aufrufe",
                               "--as-of", NOW, "--json").stdout)
    assert mapped["rows"][0]["page_views_per_month"] == 999.0 and mapped["rows"][0]["page_views_ok"] is False
    assert_input_error(invoke("content", "audit", inventory, "--map", "colour=X"), "unknown field 'colour'")


# ---------------------------------------------------------------- corpus


def test_mautic_landing_pages_read_as_an_inventory_with_its_own_hits():
    result = invoke("content", "audit", CORPUS / "mautic__landing_pages.csv", "--as-of", NOW, "--json")
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["sources"]["inventory"]["title"] == "title"
    assert summary["sources"]["inventory"]["meta_description"] == "metaDescription"
    assert [r["item"] for r in summary["rows"]] == ["Kaleidoscope Conference 2014", "Kaleidoscope Conference 2014 v2",
                                                    "Kaleidoscope Conferencia 2014"]
    assert [r["page_views"] for r in summary["rows"]] == [31.0, 95.0, 1.0]  # the hits column
    # hits without a window are no per-month figure
    assert summary["not_measured"]["page_views"].startswith("no analytics window")
    assert all(r["meta_description_ok"] is True for r in summary["rows"])


def test_mautic_page_hits_that_link_to_no_inventory_item_are_not_measured():
    result = invoke("content", "audit", CORPUS / "mautic__landing_pages.csv", "--analytics",
                    CORPUS / "mautic__page_hits.csv", "--as-of", NOW, "--json")
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["not_measured"]["page_views"].startswith("no column links the analytics rows")
    assert all(r["page_views"] is None for r in summary["rows"])


@pytest.mark.parametrize("shares,backlinks,time,ok", [
    ("50", "5", "00:03:00", True),   # every target exactly met
    ("49", "5", "00:03:00", False),  # one share short: Improve value
    ("50", "4", "00:03:00", False),  # one backlink short: Outreach needed
    ("50", "5", "00:02:59", False),  # a second under 3 minutes: Improve quality
])
def test_shares_backlinks_and_time_on_page_on_both_sides_of_the_target(shares, backlinks, time, ok):
    result = _audit([{"Title": "A", "URL": "/a", "Publish Date": "2026-08-01"}],
                    [{"URL": "/a", "Month": "2026-10", "Views": "3000", "Sessions": "100", "Conversions": "2",
                      "Shares": shares, "Backlinks": backlinks, "Avg. Time on Page": time}],
                    window=None)
    a = _page(result, "A")
    assert a["performance_ok"] is ok
    expected = {"Improve value": shares == "49", "Outreach needed": backlinks == "4",
                "Improve quality": time == "00:02:59"}
    assert {k for k, v in expected.items() if v} == {x for x in a["actions"] if x in expected}


def test_a_window_needs_both_ends_and_the_inputs_are_never_written(tmp_path):
    inventory = tmp_path / "inv.csv"
    inventory.write_text("Title,URL\nA,/a\n", encoding="utf-8")
    before = inventory.read_bytes()
    assert_input_error(invoke("content", "audit", inventory, "--from", "2026-08-01"),
                       "Give the analytics window as both --from and --to")
    assert_input_error(invoke("content", "audit", inventory, "--rows", inventory), "is also the input file")
    assert inventory.read_bytes() == before

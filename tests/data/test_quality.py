"""Data Management SOP audit: hand-computed scorecard figures, retention boundaries, the sample files."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from revops_cli.columns import detect_columns
from revops_cli.config import RevopsConfig
from revops_cli.core.data.quality import audit_data, truthy
from revops_cli.io.read import read_table

SAMPLES = Path(__file__).resolve().parents[2] / "sample_data"
NOW = "2026-12-01"


def audit(rows: dict, *, now: str = NOW, config: RevopsConfig | None = None):
    frame = pd.DataFrame(rows, dtype="str")
    return audit_data(frame, detect_columns(list(frame.columns)), config or RevopsConfig(), now=now)


def base(n: int) -> dict:
    return {
        "First Name": ["Ann"] * n,
        "Last Name": ["Lee"] * n,
        "Company": ["Acme"] * n,
        "Lead Source": ["Web"] * n,
    }


def test_completeness_per_field_and_overall():
    rows = base(4)
    rows["Company"] = ["Acme", "", "  ", None]
    rows["Lead Source"] = ["Web", "Web", "Web", ""]
    result = audit(rows)
    fields = {f.field: f for f in result.fields}
    assert fields["company"].filled == 1 and fields["company"].completeness == 25.0
    assert fields["lead_source"].completeness == 75.0
    # (4 + 4 + 1 + 3) / 16 = 75%
    metric = result.metric("completeness")
    assert metric["value"] == 75.0 and metric["target"] == 95.0 and metric["met"] is False
    assert result.problems["problems"].tolist()[0] == "missing company"
    assert result.problems["row"].tolist() == [3, 4, 5]
    assert result.problems["problems"].tolist()[-1] == "missing company; missing lead source"


def test_a_required_field_without_a_column_is_not_measured_and_the_others_still_are():
    rows = base(2)
    del rows["Lead Source"]
    rows["Company"] = ["Acme", ""]
    result = audit(rows)
    # first, last name and company measured: (2 + 2 + 1) / 6; lead source is not a silent 0 of 2
    assert result.metric("completeness")["value"] == 83.3
    assert str(result.not_measured["lead_source_completeness"]) == (
        "not measured (no lead source column; try --map lead_source=HEADER)")
    fields = {f.field: f for f in result.fields}
    assert fields["lead_source"].column is None and not result.problems["problems"].str.contains("lead source").any()


def test_no_required_column_at_all_leaves_completeness_not_measured():
    result = audit({"Email": ["a@acme.com"], "Create Date": ["2026-01-01"]})
    completeness = result.metric("completeness")
    assert (completeness["value"], completeness["met"]) == (None, None)
    assert result.summary()["not_measured"]["completeness"] == (
        "no column for any required field (first name, last name, company, lead source); "
        "try --map first_name=HEADER")


def test_each_metric_that_cannot_run_says_why():
    result = audit(base(2))  # names, company, source: no email, bounced, consent or date column
    assert result.summary()["not_measured"] == {
        "accuracy": "no email, phone, country, state, campaign or industry column; try --map email=HEADER",
        "duplicates": "no email column; try --map email=HEADER",
        "bounces": "no email column; try --map email=HEADER",
        "compliance": "no consent (legal basis) column; try --map consent=HEADER",
        "retention": "no created or last activity date column; try --map created_at=HEADER",
    }
    assert [m["metric"] for m in result.measured] == ["completeness"]
    assert result.counts["past_retention"] == {"customers": None, "prospects": None, "unsubscribed": None}
    with_email = audit({**base(2), "Email": ["a@acme.com", "b@acme.com"]})
    assert str(with_email.not_measured["bounces"]) == (
        "not measured (no bounced (hard bounce) flag column; try --map bounced=HEADER)")
    assert "duplicates" not in with_email.not_measured and with_email.metric("duplicates")["value"] == 0.0


def test_validity_as_stored_and_fixable():
    rows = base(4)
    rows.update({
        "Email": ["a@acme.com", "bad@", "", "b@acme.com"],
        "Phone": ["+14155551234", "(415) 555-1235", " +442079460958 ", "call me"],
        "Country": ["US", "USA", "GB", "us"],
        "State": ["CA", "California", "ENG", "US-NY"],
        "Campaign": ["2026-03-Webinar-Q1Launch", "Q1 webinar", "2026-13-Email-X", "2026-01-Sms-Promo"],
        "Industry": ["541511", "Software", "Other", ""],
    })
    result = audit(rows)
    f = {q.field: q for q in result.fields}
    assert (f["email"].filled, f["email"].valid) == (3, 2)
    # E.164 as stored (trim only): rows 1 and 3; after clean the (415) number is fixable too, "call me" never
    assert (f["phone"].filled, f["phone"].valid, f["phone"].fixable) == (4, 2, 3)
    assert (f["country"].valid, f["country"].fixable) == (2, 4)
    # CA (US) and ENG (GB) are codes as stored; California and US-NY become codes after clean
    assert (f["state"].valid, f["state"].fixable) == (2, 4)
    # month 13 and type "Sms" (not in campaign_types) fail
    assert (f["campaign"].valid, f["campaign"].fixable) == (1, 1)
    assert (f["industry"].filled, f["industry"].valid) == (3, 2)
    # valid 2+2+2+2+1+2 = 11 of filled 3+4+4+4+4+3 = 22
    metric = result.metric("accuracy")
    assert metric["value"] == 50.0 and metric["met"] is False
    assert f["phone"].validity == 50.0


def test_duplicates_rate_uses_email_match_keys():
    rows = base(5)
    rows["Email"] = ["a@x.com", "A@X.com", "a+tag@x.com", "b@x.com", ""]
    result = audit(rows)
    # key a@x.com three times -> 2 rows beyond the first, of 5 rows
    assert result.counts["duplicate_rows"] == 2
    metric = result.metric("duplicates")
    assert metric["value"] == 40.0 and metric["kind"] == "max" and metric["met"] is False
    assert "duplicate email" in result.problems.set_index("row").loc[3, "problems"]


def test_bounces_reason_text_counts_and_blank_email_excluded():
    rows = base(5)
    rows["Email"] = ["a@x.com", "b@x.com", "c@x.com", "d@x.com", ""]
    rows["Email hard bounce reason"] = ["550 5.1.1 User unknown", "false", "", "true", "Mailbox unavailable"]
    result = audit(rows)
    assert result.counts["rows_with_email"] == 4
    assert result.counts["bounced_rows"] == 2  # reason text + "true"; the blank-email row is not counted
    assert result.metric("bounces")["value"] == 50.0


def test_truthy_words():
    values = pd.Series(["1", "0", "true", "FALSE", "no", "", None, "Hard bounce", " yes "])
    assert truthy(values).tolist() == [True, False, True, False, False, False, False, True, True]


def test_compliance_consent_and_marketing_status():
    rows = base(5)
    rows.update({
        "Consent": ["Legitimate interest", "", "true", "no", ""],
        "Unsubscribed": ["false", "false", "false", "false", "true"],
        "Marketing contact status": ["Marketing contact", "Marketing contact", "Non-marketing contact",
                                     "Marketing contact", "Marketing contact"],
    })
    result = audit(rows)
    # marketable: rows 1, 2, 4 (row 3 non-marketing, row 5 unsubscribed); row 1 has consent,
    # rows 2 and 4 do not; row 5 is unsubscribed but marked marketing -> 1 of 4 compliant
    assert result.counts["marketable"] == 3
    assert result.counts["marketable_without_consent"] == 2
    assert result.counts["unsubscribed_marketing"] == 1
    metric = result.metric("compliance")
    assert metric["value"] == 25.0 and metric["target"] == 100.0 and metric["met"] is False
    problems = result.problems.set_index("row")["problems"]
    assert problems[6] == "unsubscribed but marketing contact"
    assert problems[3] == "marketable without consent"


def test_compliance_full_without_marketing_column():
    rows = base(2)
    rows.update({"Consent": ["yes", ""], "Unsubscribed": ["false", "true"]})
    result = audit(rows)
    assert result.metric("compliance")["value"] == 100.0
    assert result.metric("compliance")["met"] is True


def test_compliance_not_measured_without_consent_column():
    result = audit(base(2))
    assert result.metric("compliance")["value"] is None and result.metric("compliance")["met"] is None


@pytest.mark.parametrize("klass, stage, unsub, years", [
    ("prospects", "lead", "false", 2),
    ("customers", "customer", "false", 7),
    ("customers", "Closed Won", "true", 7),  # customer wins over unsubscribed
    ("unsubscribed", "lead", "true", 5),
])
def test_retention_boundaries(klass, stage, unsub, years):
    now = pd.Timestamp("2026-06-15")
    exact = now - pd.DateOffset(years=years)
    dates = [exact - pd.Timedelta(days=1), exact, exact + pd.Timedelta(days=1)]
    rows = base(3)
    rows.update({
        "Lifecycle Stage": [stage] * 3,
        "Unsubscribed": [unsub] * 3,
        "Create Date": ["2000-01-01"] * 3,  # last activity wins over created
        "Last Activity": [d.strftime("%Y-%m-%d") for d in dates],
    })
    result = audit(rows, now="2026-06-15 09:00")
    table = result.retention
    assert table["class"].tolist() == [klass] * 3
    # one day more than N years: past; exactly N years or a day less: not yet
    assert table["past"].tolist() == [True, False, False]
    action = RevopsConfig().data_quality.retention[klass].action
    assert table["action"].tolist()[0] == action and table["action"].isna().tolist()[1:] == [True, True]
    assert table["years_kept"].tolist() == [years] * 3
    assert result.counts["past_retention"][klass] == 1
    assert "past retention" in result.problems.set_index("row").loc[2, "problems"]


def test_retention_falls_back_to_created_and_undated_rows():
    rows = base(3)
    rows.update({"Create Date": ["2020-01-01", "", "2020-01-01"], "Last Activity": ["", "", "2026-01-01"]})
    result = audit(rows)
    table = result.retention
    assert table["past"].tolist() == [True, False, False]
    assert table["reference_date"].isna().tolist() == [False, True, False]
    assert result.counts["undated"] == 1
    assert table["age_years"].iloc[0] == round((pd.Timestamp(NOW) - pd.Timestamp("2020-01-01")).days / 365.25, 2)


def read_sample(name: str):
    table = read_table(SAMPLES / name)
    frame = table.frame
    return frame, detect_columns(list(frame.columns))


def test_salesforce_sample():
    frame, mapping = read_sample("salesforce_leads.csv")
    result = audit_data(frame, mapping, RevopsConfig(), now="2026-12-01")
    assert result.counts["rows"] == 500
    # 6 blank companies, 20 blank lead sources: (500 + 500 + 494 + 480) / 2000
    assert result.metric("completeness")["value"] == 98.7
    fields = {f.field: f for f in result.fields}
    assert fields["phone"].valid == 17  # cells matching ^\+[1-9]\d{6,14}$ after trim (checked with csv + re)
    assert result.counts["unsubscribed"] == 25  # "Email Opt Out" == "1"
    assert result.counts["retention_classes"] == {"customers": 0, "prospects": 475, "unsubscribed": 25}
    # 9 repeats by lower-cased address; +tags and Gmail dots add 5 more
    assert result.counts["duplicate_rows"] == 14
    assert result.metric("duplicates")["value"] == 2.8
    assert result.metric("bounces")["value"] is None  # no bounce column
    assert result.metric("accuracy")["met"] is False
    assert result.counts["past_retention"] == {"customers": 0, "prospects": 0, "unsubscribed": 0}
    later = audit_data(frame, mapping, RevopsConfig(), now="2029-01-01")
    assert later.counts["past_retention"] == {"customers": 0, "prospects": 475, "unsubscribed": 0}


def test_hubspot_sample():
    frame, mapping = read_sample("hubspot_contacts.csv")
    result = audit_data(frame, mapping, RevopsConfig(), now="2026-12-01")
    assert result.counts["rows"] == 200
    # 5 blank company names: 795 / 800
    assert result.metric("completeness")["value"] == 99.4
    # 12 hard bounce reasons, all on rows with an email; 188 rows have an email
    assert (result.counts["bounced_rows"], result.counts["rows_with_email"]) == (12, 188)
    assert result.metric("bounces")["value"] == 6.4 and result.metric("bounces")["met"] is False
    assert result.counts["unsubscribed"] == 28
    # 12 lifecycle "customer" (2 of them unsubscribed, customer wins); 28 - 2 unsubscribed
    assert result.counts["retention_classes"] == {"customers": 12, "prospects": 162, "unsubscribed": 26}
    # not unsubscribed and "Marketing contact": 113 false + 32 blank; no unsubscribed marketing contact
    assert result.counts["marketable"] == 145 and result.counts["unsubscribed_marketing"] == 0
    assert result.metric("compliance")["value"] is None  # no consent column
    fields = {f.field: f for f in result.fields}
    assert fields["email"].validity == 100.0
    assert len(result.problems) == result.counts["rows_with_problems"]


def test_empty_frame_measures_nothing():
    rows = {"First Name": [], "Email": [], "Create Date": []}
    result = audit(rows)
    assert result.problems.empty and len(result.retention) == 0
    assert all(m["value"] is None and m["met"] is None for m in result.scorecard)
    assert set(result.summary()["not_measured"].values()) == {"no data rows in the file"}


def test_phone_repairs_are_estimated_from_a_sample_above_the_limit(monkeypatch):
    import revops_cli.core.data.quality as quality

    n = 3000  # distinct US numbers, one in three junk: 2,000 repairable, 1,000 not, none already E.164
    phones = [f"(415) 555-{i:04d}" if i % 3 else f"call me {i}" for i in range(n)]
    rows = {**base(n), "Phone": phones}
    exact = next(f for f in audit(rows).fields if f.field == "phone")
    assert (exact.valid, exact.fixable, exact.fixable_estimated) == (0, 2000, False)
    monkeypatch.setattr(quality, "REPAIR_SAMPLE", 300)
    estimate = next(f for f in audit(rows).fields if f.field == "phone")
    assert estimate.fixable_estimated is True
    assert abs(estimate.fixable - 2000) <= 150  # a ratio estimate from 300 of the 3,000 distinct values


PLACEHOLDER_EXPORT = Path(__file__).resolve().parents[1] / "fixtures" / "third_party" / \
    "made__salesforce_placeholder_emails.csv"


@pytest.mark.parametrize("fuzzy", [False, True])
def test_placeholder_emails_are_an_accuracy_problem_not_duplicates(fuzzy):
    table = read_table(PLACEHOLDER_EXPORT)
    result = audit_data(table.frame, detect_columns(list(table.frame.columns)), RevopsConfig(), now=NOW, fuzzy=fuzzy)
    # before: 8 of 35 rows (22.9%) counted as duplicates of the first a@a.com / xx@xx.com
    assert result.metric("duplicates")["value"] == 0.0 and result.metric("duplicates")["met"] is True
    assert result.counts["duplicate_rows"] == 0 and result.counts["placeholder_emails"] == 13
    email = next(f for f in result.fields if f.field == "email")
    assert (email.filled, email.valid, email.fixable) == (35, 22, 22)
    assert email.validity == 62.9
    labels = result.problems["problems"]
    assert labels.str.contains("placeholder email").sum() == 13
    assert not labels.str.contains("duplicate").any()
    assert not labels.str.contains("email not in SOP format").any()


def test_a_real_repeat_of_an_address_is_still_a_duplicate_and_a_placeholder_is_not():
    rows = base(5)
    rows["Email"] = ["ann@acme.com", "Ann@ACME.com", "a@a.com", "a@a.com", "none@none.com"]
    result = audit(rows)
    assert result.counts["duplicate_rows"] == 1 and result.metric("duplicates")["value"] == 20.0
    assert result.counts["placeholder_emails"] == 3


# --------------------------------------------------------------------------- `revops data audit`: not measured


def _write(tmp_path, text: str) -> Path:
    path = tmp_path / "leads.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_cli_prints_not_measured_with_the_reason_and_json_has_it(tmp_path):
    from tests.conftest import invoke

    path = _write(tmp_path, "First Name,Last Name,Company,Lead Source,Email\nAnn,Lee,Acme,Web,ann@acme.com\n"
                            "Bo,Li,Initech,Web,bo@initech.com\n")
    result = invoke("data", "audit", path, "--as-of", "2026-11-20")
    assert result.exit_code == 0, result.stderr
    text = " ".join(result.stdout.split())
    assert "│ Bounces (of rows with an email) │ not measured │ ≤ 5% │ — │" in text
    assert "bounces: not measured (no bounced (hard bounce) flag column; try --map bounced=HEADER)" in text
    assert "compliance: not measured (no consent (legal basis) column; try --map consent=HEADER)" in text
    assert ("Every measured metric (completeness, accuracy, duplicates) meets its target; the others were not "
            "measured.") in text
    summary = json.loads(invoke("data", "audit", path, "--as-of", "2026-11-20", "--json").stdout)
    assert summary["not_measured"]["retention"] == (
        "no created or last activity date column; try --map created_at=HEADER")
    assert [r["past_retention"] for r in summary["retention"]] == [None, None, None]


def test_cli_headers_without_rows_claim_no_target(tmp_path):
    from tests.conftest import invoke

    path = _write(tmp_path, "First Name,Last Name,Company,Lead Source,Email\n")
    result = invoke("data", "audit", path, "--as-of", "2026-11-20")
    assert result.exit_code == 0, result.stderr
    text = " ".join(result.stdout.split())
    assert "no data rows in" in text.lower() and "nothing to measure, so no figure and no target is reported." in text
    assert "meets its target" not in text


@pytest.mark.parametrize(("args", "code"), [(("--fail-under", "90"), 2), (("--strict",), 2)])
def test_cli_fail_under_and_strict_never_pass_or_fail_on_nothing(tmp_path, args, code):
    from tests.conftest import invoke

    path = _write(tmp_path, "Notes\nhello\n")  # no column any metric needs
    result = invoke("data", "audit", path, "--as-of", "2026-11-20", *args)
    assert result.exit_code == code
    message = " ".join(result.stderr.split())
    assert "cannot be judged" in message and "completeness: no column for any required field" in message


def test_cli_fail_under_judges_the_measured_metrics_only(tmp_path):
    from tests.conftest import invoke

    path = _write(tmp_path, "First Name,Last Name,Company,Lead Source\nAnn,Lee,Acme,Web\nBo,Li,,Web\n")
    # completeness 7 / 8 = 87.5 measured; accuracy and compliance not measured: judged on completeness alone
    assert invoke("data", "audit", path, "--as-of", "2026-11-20", "--fail-under", "85").exit_code == 0
    assert invoke("data", "audit", path, "--as-of", "2026-11-20", "--fail-under", "90").exit_code == 1

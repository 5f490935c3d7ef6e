"""Columns by content: a header match is confirmed by the column's values before it is trusted (issue 17 item 4)."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from revops_cli.cli.app import app
from revops_cli.columns import detect_columns
from revops_cli.columns.confirm import FIT_SHARE, SAMPLE_ROWS, judge, sample_stride, sample_values

runner = CliRunner()


def _frame(**columns):
    return pd.DataFrame(columns, dtype="str")


def test_last_activity_holding_activity_names_is_the_last_activity_type():
    # the lead-scoring export that flagged 9,137 of 9,240 rows "unparsable date"
    frame = _frame(**{"Last Activity": ["Email Opened", "Page Visited on Website", "Email Opened",
                                         "Olark Chat Conversation", "Converted to Lead"]})
    mapping = detect_columns(list(frame.columns), frame=frame)
    assert mapping.get("last_activity_at") is None
    assert mapping.get("last_activity_type") == "Last Activity" and mapping.how["last_activity_type"] == "content"
    assert mapping.notes["Last Activity"] == (
        "'Last Activity' looks like last_activity_at by its name, but only 0 of 5 sampled values are dates "
        "(e.g. 'Email Opened', 'Page Visited on Website', 'Olark Chat Conversation'): read as last_activity_type "
        "instead.")


def test_salesforce_last_activity_holding_dates_stays_the_last_activity_date():
    frame = _frame(**{"Last Activity": ["3/4/2026", "13/4/2026", "", "2026-05-01"]})
    mapping = detect_columns(list(frame.columns), frame=frame)
    assert mapping.get("last_activity_at") == "Last Activity" and mapping.how["last_activity_at"] == "alias"
    assert mapping.checked["last_activity_at"] == "3 of 3 sampled values are dates" and not mapping.notes


def test_last_activity_labels_and_last_activity_date_each_find_their_field():
    frame = _frame(**{"Last Activity": ["Email Opened", "Form Submitted"],
                      "Last Activity Date": ["2026-01-02", "2026-01-05"]})
    mapping = detect_columns(list(frame.columns), frame=frame)
    assert mapping.get("last_activity_at") == "Last Activity Date"
    assert mapping.get("last_activity_type") == "Last Activity"


def test_a_title_column_of_salutations_is_the_salutation_and_position_is_the_job_title():
    # Mautic: "title" holds Mr./Mrs., "position" holds the job (issue 23 item 9)
    frame = _frame(title=["Mr.", "Mrs.", "Dr.", "Ms.", "Herr", "Frau", "Mme", "M.", "Sr.", "Sra."],
                   position=["CEO", "VP Sales", "", "Engineer", "CTO", "", "Directrice", "", "", "Gerente"])
    mapping = detect_columns(list(frame.columns), frame=frame)
    assert mapping.get("salutation") == "title" and mapping.get("title") == "position"
    assert "read as salutation instead" in mapping.notes["title"]


def test_a_title_column_of_job_titles_with_a_few_salutations_stays_the_title():
    titles = ["VP Sales", "CEO", "Dr.", "Engineer", "Marketing Manager", "CTO", "Analyst", "Mr.", "Director", "COO"]
    frame = _frame(Title=titles)
    mapping = detect_columns(["Title"], frame=frame)
    assert mapping.get("title") == "Title" and mapping.get("salutation") is None
    assert mapping.checked["title"] == "8 of 10 sampled values are job titles"


def test_hashed_emails_are_not_emails_and_the_column_is_left_unmapped_with_a_note():
    frame = _frame(property_email=["fcb67ef339b691956cc85fa12be6490c", "6528bb7211b1dc066fc5c292561150c2"],
                   property_firstname=["a", "b"])
    mapping = detect_columns(list(frame.columns), frame=frame)
    assert mapping.get("email") is None and "property_email" in mapping.unmapped
    assert mapping.notes["property_email"].endswith(
        "left unmapped; use --map email='property_email' if it is one.")
    assert "0 of 2 sampled values are email addresses" in mapping.notes["property_email"]


def test_when_the_first_candidate_fails_the_next_one_named_for_the_field_is_used():
    frame = _frame(Email=["n/a", "call me", "no email", "ask"], **{"Email Address": ["a@b.com", "c@d.de", "", "e@f.io"]})
    mapping = detect_columns(list(frame.columns), frame=frame)
    assert mapping.get("email") == "Email Address" and "Email" in mapping.notes


@pytest.mark.parametrize("kind,values,fit", [
    ("phone", ["+1 (415) 555-0134", "020 7946 0958", "415.555.0199 x204", "Tel: 030 1234567", "call me"], 4),
    ("phone", ["fcb67ef339b691956cc85fa12be6490c", "abc", "12"], 0),
    ("email", ["Ann <ann@acme.com>", "mailto:bob@x.org", "bob@example", "carol.dee@beispiel.de"], 3),
    ("country", ["Germany", "DE", "Deutschland", "Palestinian Territory", "Narnia", "EMEA"], 4),
    ("number", ["$1,200.00", "1.200,50 €", "12.5%", "5k", "1,000-5,000", "ten"], 5),
    ("date", ["2026-01-02", "3/4/2026", "45000", "12", "Q1", "tomorrow"], 3),
    ("salutation", ["Mr.", "Dr. med.", "Mr. & Mrs.", "Sig.ra", "г-н", "様", "VP Sales"], 6),
])
def test_each_kind_of_value_is_judged_by_its_own_rule(kind, values, fit):
    verdict = judge(pd.Series(values, dtype=object), kind)
    assert (verdict.fit, verdict.total) == (fit, len(values))


def test_blank_cells_and_placeholders_are_not_sampled():
    verdict = judge(pd.Series(["#N/A", "Select", "", None, "-", "2026-01-02"], dtype=object), "date")
    assert (verdict.fit, verdict.total) == (1, 1)


def test_a_column_with_no_values_keeps_its_name_match():
    frame = _frame(Email=["", "#N/A", None])
    mapping = detect_columns(["Email"], frame=frame)
    assert mapping.get("email") == "Email" and not mapping.notes


@pytest.mark.parametrize("dates,passes", [(5, True), (4, False)])
def test_half_the_sampled_cells_must_fit(dates, passes):
    assert FIT_SHARE == 0.5
    values = ["2026-01-0%d" % (i + 1) for i in range(dates)] + ["Email Opened"] * (10 - dates)
    frame = _frame(**{"Created Date": values})
    mapping = detect_columns(["Created Date"], frame=frame)
    assert (mapping.get("created_at") == "Created Date") is passes


def test_the_share_is_counted_over_rows_not_distinct_values():
    # one frequent good value and many rare typos: 90 of 100 rows are a country
    values = ["United States"] * 90 + [f"typo{i}" for i in range(10)]
    frame = _frame(Country=values)
    mapping = detect_columns(["Country"], frame=frame)
    assert mapping.get("country") == "Country"
    assert mapping.checked["country"] == "90 of 100 sampled values are countries"


def test_a_big_sorted_export_is_sampled_from_end_to_end():
    n = 3 * SAMPLE_ROWS
    values = np.array([""] * n, dtype=object)
    values[n // 2:] = "2026-03-01"  # the first half of the file has no date yet
    counts = sample_values(pd.Series(values))
    sampled = len(range(0, n, sample_stride(n)))  # every 4th row: 3,750
    assert sampled == 3_750
    assert counts.index.tolist() == ["2026-03-01"] and counts.iloc[0] == sampled // 2


def test_the_sample_stride_is_the_smallest_power_of_two_that_keeps_the_sample_small():
    assert [sample_stride(n) for n in (1, SAMPLE_ROWS, SAMPLE_ROWS + 1, 2 * SAMPLE_ROWS, 2 * SAMPLE_ROWS + 1,
                                       10_000_000)] == [1, 1, 2, 2, 4, 2048]


def test_a_sparse_column_is_read_where_it_has_values():
    n = 4 * SAMPLE_ROWS
    values = pd.Series([""] * n, dtype=object)
    values.iloc[[7, 11, 13]] = "2026-01-02"  # not on the evenly spaced rows
    assert sample_values(values).to_dict() == {"2026-01-02": 3}


def test_a_one_word_name_beside_a_last_name_is_the_first_name():
    # Bitrix24 NAME / LAST_NAME; Russian "Имя" already is the first name
    frame = _frame(NAME=["Anna", "Ivan", "Olga"], LAST_NAME=["Ivanova", "Petrov", "Sidorova"])
    mapping = detect_columns(list(frame.columns), frame=frame)
    assert mapping.get("first_name") == "NAME" and mapping.get("full_name") is None


def test_a_one_word_name_alone_stays_the_full_name():
    frame = _frame(name=["Penny", "Henry", "Jane"], email=["p@x.com", "h@x.com", "j@x.com"])
    assert detect_columns(list(frame.columns), frame=frame).get("full_name") == "name"


def test_a_column_named_with_map_is_used_as_asked_with_a_note_when_its_values_disagree():
    frame = _frame(Notes=["call back", "left voicemail"], Phone=["+14155550134", "+14155550135"])
    mapping = detect_columns(list(frame.columns), frame=frame, overrides={"phone": "Notes"})
    assert mapping.get("phone") == "Notes" and mapping.how["phone"] == "--map"
    assert mapping.notes["Notes"] == ("'Notes' is phone because --map says so, but only 0 of 2 sampled values are "
                                      "phone numbers (e.g. 'call back', 'left voicemail').")


def test_opportunity_amount_and_close_date_are_confirmed_by_their_values():
    frame = _frame(Amount=["12,000", "#N/A", "$3.5k", "TBD", "9000"], **{"Close Date": ["2026-03-31", "", "Q2",
                                                                                          "2026-06-30", "31/12/2026"]})
    mapping = detect_columns(list(frame.columns), schema="opportunities", frame=frame)
    assert mapping.get("amount") == "Amount" and mapping.get("close_date") == "Close Date"
    assert mapping.checked == {"amount": "3 of 4 sampled values are numbers",
                               "close_date": "3 of 4 sampled values are dates"}


def test_typed_excel_values_count_as_what_they_are():
    frame = pd.DataFrame({"Created Date": [pd.Timestamp("2026-01-02"), pd.NaT], "Amount": [1200.0, np.nan]})
    leads = detect_columns(["Created Date"], frame=frame)
    assert leads.get("created_at") == "Created Date"
    opportunities = detect_columns(["Amount"], schema="opportunities", frame=frame)
    assert opportunities.checked["amount"] == "1 of 1 sampled values are numbers"


def test_every_command_reports_the_notes_in_its_summary_and_json(tmp_path):
    path = tmp_path / "scoring.csv"
    path.write_text("Lead Number,First Name,Last Name,Email,Last Activity\n"
                    "1,Ann,Lee,ann@acme.com,Email Opened\n2,Bob,Ray,bob@beta.io,Page Visited on Website\n",
                    encoding="utf-8")
    out = tmp_path / "out.csv"
    result = runner.invoke(app, ["leads", "clean", str(path), "-o", str(out), "--json"])
    assert result.exit_code == 0, result.output
    notes = json.loads(result.stdout)["read"]["column_notes"]
    assert notes == ["'Last Activity' looks like last_activity_at by its name, but only 0 of 2 sampled values are "
                     "dates (e.g. 'Email Opened', 'Page Visited on Website'): read as last_activity_type instead."]
    result = runner.invoke(app, ["leads", "clean", str(path), "-o", str(out)])
    assert result.exit_code == 0
    assert "read as last_activity_type instead" in " ".join(result.output.split())
    # nothing was flagged as an unparsable date: the column is not read as a date at all
    assert "unparsable date" not in pd.read_csv(out, dtype=str)["revops_issues"].fillna("").str.cat()

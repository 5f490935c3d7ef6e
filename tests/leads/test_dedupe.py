"""leads dedupe as a library: the SOP's match rules, survivorship, fill from merged, the merge log and its undo."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from revops_cli.columns import detect_columns
from revops_cli.config import RevopsConfig
from revops_cli.core.leads.dedupe import FLAG_COLUMNS, LOG_COLUMNS, OUTPUT_COLUMNS, dedupe_leads, unmerge
from revops_cli.errors import RevopsInputError
from revops_cli.io import read_table
from revops_cli.io.formula_guard import unguard_formulas
from revops_cli.io.write import output_headers, write_table
from tests.conftest import SAMPLE

COLUMNS = ("Lead ID", "First Name", "Last Name", "Email", "Phone", "Company", "Title", "Create Date", "Last Activity")


def _lead(lead_id, first=None, last=None, email=None, phone=None, company=None, title=None, created=None,
          activity=None) -> list:
    return [lead_id, first, last, email, phone, company, title, created, activity]


def _frame(rows, columns=COLUMNS) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=list(columns), dtype="str")


def _dedupe(frame, config=None, **kwargs):
    return dedupe_leads(frame, detect_columns(list(frame.columns)), config or RevopsConfig(), **kwargs)


def _config(**dedupe) -> RevopsConfig:
    return RevopsConfig.model_validate({"dedupe": dedupe})


def _clusters(result) -> set[frozenset[str]]:
    """The clusters of the merge log as sets of Lead IDs."""
    log = result.log
    return {frozenset(group["Lead ID"]) for _, group in log.groupby("revops_cluster_id")}


def _merged_row(result, lead_id) -> pd.Series:
    log = result.log
    rows = log[(log["Lead ID"] == lead_id) & (log["revops_role"] == "merged")]
    assert len(rows) == 1, (lead_id, log)
    return rows.iloc[0]


def _cells(frame: pd.DataFrame) -> list[list]:
    """Cells as plain Python values, blanks as None, so frames read or built differently compare by content."""
    return frame.astype(object).where(frame.notna(), None).to_numpy().tolist()


# --------------------------------------------------------------------------- rule: email


def test_email_rule_ignores_case_spaces_plus_tags_and_gmail_dots():
    frame = _frame([
        _lead("L1", "Ann", "Lee", " Ann.Lee@ACME.com"),
        _lead("L2", "Annie", "Leigh", "ann.lee+webinar@acme.com"),  # names differ: the email alone decides
        _lead("L3", "Bo", "Kim", "bo.kim@gmail.com"),
        _lead("L4", "Bo", "Kim", "BoKim+x@googlemail.com"),
        _lead("L5", "Cy", "Dee", "ann.lee@acme.co"),  # another domain: another person
    ])
    result = _dedupe(frame)
    assert _clusters(result) == {frozenset({"L1", "L2"}), frozenset({"L3", "L4"})}
    for merged, key in (("L2", "ann.lee@acme.com"), ("L4", "bokim@gmail.com")):
        row = _merged_row(result, merged)
        assert (row["revops_rule"], row["revops_confidence"]) == ("email", 100.0)
        assert key in row["revops_reason"]
    assert result.merged_by_rule == {"email": 2, "phone_name": 0, "fuzzy_name": 0}


def test_role_mailbox_merges_only_when_the_names_agree():
    frame = _frame([
        _lead("L1", "Cy", "Dee", "info@acme.com"),
        _lead("L2", "Di", "Eve", "INFO@acme.com"),  # two people answering one inbox
        _lead("L3", "Fay", "Gold", "sales@globex.com"),
        _lead("L4", "fay", "GOLD", "sales@globex.com"),  # the same person twice
        _lead("L5", None, None, "hello@initech.com"),
        _lead("L6", None, None, "hello@initech.com"),  # nothing says two people: one record twice
        _lead("L7", "Hal", "Ives", "hello@initech.com"),  # a name against none: not the same record
    ])
    result = _dedupe(frame)
    assert _clusters(result) == {frozenset({"L3", "L4"}), frozenset({"L5", "L6"})}
    assert _merged_row(result, "L4")["revops_rule"] == "email"
    assert "role mailbox sales@globex.com" in _merged_row(result, "L4")["revops_reason"]


# --------------------------------------------------------------------------- rule: phone_name


def test_same_phone_written_two_ways_and_a_nickname_merge_by_phone_name():
    frame = _frame([
        _lead("L1", "William", "Jackson", "wj@northwind.com", "+1 (415) 555-0100", "Northwind"),
        _lead("L2", "Bill", "Jackson", "billj@gmail.com", "415.555.0100 x12", "Contoso"),
    ])
    result = _dedupe(frame)
    assert _clusters(result) == {frozenset({"L1", "L2"})}
    row = _merged_row(result, "L2")
    assert row["revops_rule"] == "phone_name"
    # nickname 95 for the first name, 100 for the surname: 95 * 3/4 + 100 / 4
    assert row["revops_confidence"] == pytest.approx(96.2)
    assert "+14155550100" in row["revops_reason"]


def test_same_phone_with_another_first_name_is_a_colleague_not_a_duplicate():
    frame = _frame([
        _lead("L1", "Priya", "Reddy", "priya@acme.com", "+1 212 555 0199", "Acme"),
        _lead("L2", "Divya", "Reddy", "divya@globex.com", "(212) 555-0199", "Globex"),
    ])
    # Priya/Divya 73, Reddy 100: weighted to the weaker part 80 < 88; an average (87) would be close to merging.
    result = _dedupe(frame)
    assert result.merged == 0 and result.log.empty
    assert result.frame["revops_cluster_id"].tolist() == ["", ""]


def test_phones_sharing_only_their_last_digits_do_not_merge():
    frame = _frame([
        _lead("L1", "Wei", "Zhang", "wei@initech.com", "+1 415 555 0100"),
        _lead("L2", "Wei", "Zhang", "wzhang@gmail.com", "+1 212 555 0100"),  # last seven digits equal, area differs
    ])
    assert _dedupe(frame).merged == 0


# --------------------------------------------------------------------------- rule: fuzzy_name


def test_typo_in_the_surname_at_the_same_company_merges_by_fuzzy_name():
    frame = _frame([
        _lead("L1", "Jonathan", "McAllister", "jmcallister@gmail.com", None, "Acme, Inc."),
        _lead("L2", "Jonathan", "Mcalister", "jon.mca@yahoo.com", None, "ACME Inc"),
    ])
    result = _dedupe(frame)
    assert _clusters(result) == {frozenset({"L1", "L2"})}
    row = _merged_row(result, "L2")
    assert row["revops_rule"] == "fuzzy_name"
    assert row["revops_confidence"] >= RevopsConfig().dedupe.fuzzy_merge_threshold
    assert "same company 'acme'" in row["revops_reason"]


def test_same_name_at_different_companies_with_free_mail_does_not_merge():
    frame = _frame([
        _lead("L1", "John", "Smith", "jsmith1970@gmail.com", None, "Acme"),
        _lead("L2", "John", "Smith", "john.smith@yahoo.com", None, "Globex"),
    ])
    result = _dedupe(frame)
    assert result.merged == 0 and result.review.empty


def test_same_corporate_email_domain_stands_in_for_the_company():
    frame = _frame([
        _lead("L1", "Sarah", "Lopez", "slopez@umbrella.com", None, None),
        _lead("L2", "Sara", "Lopez", "sara.lopez@umbrella.com", None, "Umbrella Corporation"),
    ])
    row = _merged_row(_dedupe(frame), "L1")  # L2, with a company, is more complete: it survives
    assert row["revops_rule"] == "fuzzy_name" and "same email domain umbrella.com" in row["revops_reason"]


def test_a_bare_surname_never_merges_by_fuzzy_name():
    frame = _frame([
        _lead("L1", None, "Smith", "smith@acme.com", None, "Acme"),
        _lead("L2", "Mary", "Smith", "mary.smith@acme.com", None, "Acme Inc"),
    ])
    # The surname alone is capped at 85: listed for review at most, never merged.
    result = _dedupe(frame)
    assert result.merged == 0
    assert result.review["confidence"].tolist() == [85.0]


def _review_band_pair():
    # Eric/Erik: Jaro-Winkler 88.3; with the surname 100 -> 91.25, between review (85) and merge (92).
    return _frame([
        _lead("L1", "Eric", "Chan", "eric.chan@acme.com", None, "Acme"),
        _lead("L2", "Erik", "Chan", "e.chan@acme.com", None, "Acme Corp"),
        _lead("L3", "Zoe", "Park", "zoe@globex.com", None, "Globex"),
    ])


def test_a_pair_in_the_review_band_is_listed_not_merged():
    result = _dedupe(_review_band_pair())
    assert result.merged == 0 and result.rows_out == 3
    assert len(result.review) == 1
    review = result.review.iloc[0]
    assert (review["id_a"], review["id_b"], review["rule"]) == ("L1", "L2", "fuzzy_name")
    assert 85 <= review["confidence"] < 92
    assert (review["name_a"], review["name_b"]) == ("Eric Chan", "Erik Chan")
    assert result.frame["revops_review_with"].tolist() == ["L2", "L1", ""]
    assert result.summary()["review_pairs"] == 1


def test_review_band_follows_the_configured_thresholds():
    assert _dedupe(_review_band_pair(), _config(fuzzy_merge_threshold=91.0)).merged == 1
    lowered = _dedupe(_review_band_pair(), _config(fuzzy_review_threshold=91.5, fuzzy_merge_threshold=95.0))
    assert lowered.merged == 0 and lowered.review.empty


def test_namesakes_at_one_company_with_different_phones_are_not_merged():
    frame = _frame([
        _lead("L1", "John", "Smith", "john.smith@acme.com", "+1 415 555 0100", "Acme"),
        _lead("L2", "John", "Smith", "smithj@acme.com", "+1 415 555 0177", "Acme"),
    ])
    result = _dedupe(frame)
    assert result.merged == 0
    # name 100 minus the 10-point phone penalty: 90, in the review band
    assert result.review["confidence"].tolist() == [90.0]
    assert "different phones -10" in result.review["reason"].iloc[0]


def test_emails_differing_only_in_digits_are_two_people():
    frame = _frame([
        _lead("L1", "John", "Smith", "jsmith@acme.com", None, "Acme"),
        _lead("L2", "John", "Smith", "jsmith2@acme.com", None, "Acme"),
    ])
    result = _dedupe(frame)
    assert result.merged == 0
    assert result.review["confidence"].tolist() == [85.0]  # 100 - 15
    both = _frame([_lead("L1", "John", "Smith", "jsmith@acme.com", "+1 415 555 0100", "Acme"),
                   _lead("L2", "John", "Smith", "jsmith2@acme.com", "+1 415 555 0177", "Acme")])
    assert _dedupe(both).review.empty  # 100 - 15 - 10 = 75: not even for review


# --------------------------------------------------------------------------- rules: order and subset


def _phone_only_duplicate():
    return _frame([
        _lead("L1", "William", "Jackson", "wj@northwind.com", "+1 (415) 555-0100"),
        _lead("L2", "Bill", "Jackson", "billj@gmail.com", "415.555.0100"),
    ])


def test_rules_subset_switches_rules_off():
    assert _dedupe(_phone_only_duplicate()).merged == 1
    result = _dedupe(_phone_only_duplicate(), _config(rules=["email"]))
    assert result.merged == 0 and result.merged_by_rule == {"email": 0}


def test_rules_order_decides_which_rule_a_merge_is_credited_to():
    frame = _frame([
        _lead("L1", "Wei", "Zhang", "wei@initech.com", "+1 415 555 0100"),
        _lead("L2", "Wei", "Zhang", "WEI@initech.com", "(415) 555-0100"),
    ])
    assert _merged_row(_dedupe(frame), "L2")["revops_rule"] == "email"
    result = _dedupe(frame, _config(rules=["phone_name", "email"]))
    assert _merged_row(result, "L2")["revops_rule"] == "phone_name"
    assert result.merged_by_rule == {"phone_name": 1, "email": 0}


def test_a_file_without_valid_emails_still_dedupes():
    # no address to key on (blank, 'n/a'): the email rule finds nothing, the other rules still run
    frame = _frame([
        _lead("L1", "William", "Jackson", None, "+1 (415) 555-0100"),
        _lead("L2", "Bill", "Jackson", "n/a", "415.555.0100"),
    ])
    assert _clusters(_dedupe(frame)) == {frozenset({"L1", "L2"})}


# --------------------------------------------------------------------------- survivorship


def _same_person_twice(first: list, second: list):
    """Two records of ann@acme.com: ``first`` and ``second`` are (Title, Create Date, Last Activity)."""
    return _frame([
        _lead("L0", "Zed", "Ray", "zed@ray.io"),
        _lead("L1", "Ann", "Lee", "ann@acme.com", None, "Acme", *first),
        _lead("L2", "Ann", "Lee", "ANN@acme.com", None, "Acme", *second),
        _lead("L3", "Yan", "Ng", "yan@ng.io"),
    ])


def _survivor(result) -> str:
    log = result.log
    return log.loc[log["revops_role"] == "survivor", "Lead ID"].item()


def test_most_complete_record_survives():
    frame = _same_person_twice([None, "1/5/2026", "3/1/2026"], ["CTO", "1/9/2026", "2/1/2026"])
    assert _survivor(_dedupe(frame)) == "L2"  # one more field filled, though created later and less recently active


def test_tie_on_completeness_goes_to_the_most_recent_activity():
    frame = _same_person_twice(["CTO", "1/5/2026", "2/1/2026"], ["CTO", "1/9/2026", "3/1/2026"])
    assert _survivor(_dedupe(frame)) == "L2"
    frame = _same_person_twice(["CTO", "1/9/2026", "3/1/2026"], ["CTO", "1/5/2026", "2/1/2026"])
    assert _survivor(_dedupe(frame)) == "L1"


def test_tie_on_activity_goes_to_the_oldest_created():
    frame = _same_person_twice(["CTO", "1/9/2026", "3/1/2026"], ["CTO", "1/5/2026", "3/1/2026"])
    assert _survivor(_dedupe(frame)) == "L2"
    # an unknown activity date loses to a known one, whatever the creation dates say
    frame = _same_person_twice(["CTO", "1/5/2026", "bad date"], ["CTO", "1/9/2026", "2/1/2026"])
    assert _survivor(_dedupe(frame)) == "L2"


@pytest.mark.parametrize(("policy", "survivor"), [
    (["oldest_created"], "L2"),
    (["newest_created"], "L1"),
    (["first_in_file"], "L1"),
    (["most_recent_activity"], "L1"),
    (["most_complete"], "L2"),
])
def test_custom_survivorship_policy(policy, survivor):
    # L1: less complete, newer, active more recently; L2: more complete, older, less recent activity
    frame = _same_person_twice([None, "1/9/2026", "3/1/2026"], ["CTO", "1/5/2026", "2/1/2026"])
    assert _survivor(_dedupe(frame, _config(survivorship=policy))) == survivor


def test_output_keeps_the_survivor_in_its_place_and_drops_the_merged_records():
    frame = _same_person_twice(["CTO", "1/9/2026", "3/1/2026"], ["CTO", "1/5/2026", "2/1/2026"])
    result = _dedupe(frame, _config(survivorship=["oldest_created"]))
    out = result.frame
    assert out["Lead ID"].tolist() == ["L0", "L2", "L3"]
    assert out.index.tolist() == [0, 2, 3]
    assert list(out.columns) == [*COLUMNS, *OUTPUT_COLUMNS]
    assert out["revops_merged_ids"].tolist() == ["", "L1", ""]
    assert out["revops_cluster_id"].tolist() == ["", "D000001", ""]
    assert (result.rows_in, result.rows_out) == (4, 3)


def test_merged_ids_list_every_record_merged_into_the_survivor():
    frame = _frame([
        _lead("L1", "Ann", "Lee", "ann@acme.com", "+1 415 555 0100", "Acme", "CTO"),
        _lead("L2", "Ann", "Lee", "ANN@acme.com"),
        _lead("L3", "Ann", "Lee", None, "(415) 555-0100"),
    ])
    result = _dedupe(frame)
    assert result.frame["Lead ID"].tolist() == ["L1"]
    assert sorted(result.frame["revops_merged_ids"].iloc[0].split("; ")) == ["L2", "L3"]
    assert result.clusters == 1 and result.merged == 2


def test_records_without_an_id_are_named_by_their_row():
    frame = _frame([_lead(None, "Ann", "Lee", "ann@acme.com", "+1 415 555 0100"), _lead("L9", "Bo", "Kim", "bo@kim.io"),
                    _lead(None, "Ann", "Lee", "ANN@acme.com")])
    result = _dedupe(frame, row_numbers=pd.Series([5, 6, 7]))
    assert result.frame["revops_merged_ids"].tolist() == ["row 7", ""]
    assert result.log["revops_survivor_id"].tolist() == ["row 5", "row 5"]


# --------------------------------------------------------------------------- fill from merged


FILL_COLUMNS = (*COLUMNS, "City", "revops_note")


def _fill_cluster():
    """S survives (8 cells; revops_* columns do not count); M1 ranks above M2 (7 cells each, more recent activity)."""
    return _frame([
        ["S", "Ann", "Lee", "ann@acme.com", None, "Acme", None, "1/1/2026", "1/1/2026", "Boston", None],
        ["M2", "Ann", "Lee", "ann@acme.com", "+1 617 555 0100", None, "Analyst", None, "1/2/2026", None,
         "from M2"],
        ["M1", "Ann", "Lee", "ANN@acme.com", None, "ACME Corp", "VP Sales", None, "3/1/2026", None, "from M1"],
    ], columns=FILL_COLUMNS)


def test_survivor_blanks_are_filled_from_the_best_ranked_record_that_has_the_field():
    result = _dedupe(_fill_cluster())
    out = result.frame
    assert out["Lead ID"].tolist() == ["S"]
    survivor = out.iloc[0]
    assert survivor["Title"] == "VP Sales"  # M1 ranks above M2, and both have a title
    assert survivor["Phone"] == "+1 617 555 0100"  # only M2 has a phone
    assert survivor["revops_filled"] == "Phone ← M2; Title ← M1"


def test_filled_values_name_the_original_headers():
    frame = _fill_cluster()
    result = _dedupe(frame, headers={**{c: c for c in frame.columns}, "Phone": "Phone (work)"})
    assert result.frame["revops_filled"].iloc[0] == "Phone (work) ← M2; Title ← M1"


def test_survivor_values_are_never_overwritten_and_revops_columns_never_filled():
    out = _dedupe(_fill_cluster()).frame.iloc[0]
    assert (out["Company"], out["Email"], out["Create Date"], out["City"]) == ("Acme", "ann@acme.com", "1/1/2026", "Boston")
    assert pd.isna(out["revops_note"])


def test_conflicts_list_fields_where_a_merged_record_disagrees():
    frame = _frame([
        _lead("L1", "Ann", "Lee", "ann@acme.com", "+1 (415) 555-0100", "Acme, Inc.", "CTO", "1/1/2026", "2/1/2026"),
        _lead("L2", "ANN", "lee", "Ann@ACME.com", "415.555.0100", "ACME Inc", "VP Sales", "1/5/2026", "1/9/2026"),
        _lead("L3", "Ann", "Lee", "ann@acme.com", "+1 212 555 0199", "Acme", "cto", "3/5/2026", None),
    ])
    result = _dedupe(frame)
    assert _survivor(result) == "L1"
    # same number in two formats, emails and names in other case, one company key: no conflict; the title is one
    assert _merged_row(result, "L2")["revops_conflicts"] == "Title"
    # another phone is a conflict; "cto" is the survivor's title in other case; ids and dates never are
    assert _merged_row(result, "L3")["revops_conflicts"] == "Phone"
    assert result.log.loc[result.log["revops_role"] == "survivor", "revops_conflicts"].tolist() == [""]


# --------------------------------------------------------------------------- merge log


def test_merge_log_holds_every_clustered_record_as_it_was():
    frame = _fill_cluster()
    frame.index = [10, 11, 12]
    rows = pd.Series(frame.index + 5, index=frame.index)
    result = _dedupe(frame, row_numbers=rows)
    log = result.log
    assert list(log.columns) == [*LOG_COLUMNS, *FILL_COLUMNS]
    assert log["revops_role"].tolist() == ["survivor", "merged", "merged"]
    assert log["revops_row"].tolist() == [15, 16, 17]  # survivor first, then file order
    assert log["revops_survivor_id"].tolist() == ["S", "S", "S"]
    assert log["revops_survivor_source"].tolist() == ["input"] * 3
    assert log["revops_cluster_id"].tolist() == ["D000001"] * 3
    assert log["revops_filled"].iloc[0] == "Phone ← M2; Title ← M1"
    assert (log["revops_rule"].tolist(), log["revops_matched_id"].iloc[0]) == (["", "email", "email"], "")
    # the records after LOG_COLUMNS are the input rows, the survivor before its blanks were filled
    assert _cells(log[list(FILL_COLUMNS)]) == _cells(frame)
    assert result.frame["revops_row"].tolist() == [15]


def test_merge_log_groups_clusters_with_their_survivor_first():
    frame = _frame([
        _lead("L1", "Bo", "Kim", "bo@kim.io"),
        _lead("L2", "Ann", "Lee", "ann@acme.com"),
        _lead("L3", "Bo", "Kim", "BO@kim.io", "+1 415 555 0100", "Kim Co"),  # more complete: survives
        _lead("L4", "Ann", "Lee", "ann@acme.com"),
        _lead("L5", "Cy", "Dee", "cy@dee.io"),
        _lead("L6", "Bo", "Kim", "bo@kim.io"),
    ])
    log = _dedupe(frame).log
    assert log["revops_cluster_id"].tolist() == ["D000001"] * 3 + ["D000002"] * 2  # numbered by first row
    assert log["Lead ID"].tolist() == ["L3", "L1", "L6", "L2", "L4"]
    assert log["revops_role"].tolist() == ["survivor", "merged", "merged", "survivor", "merged"]
    assert log["revops_row"].tolist() == [4, 2, 7, 3, 5]  # default row numbers: index + 2 (header is row 1)


def test_dedupe_runs_again_on_its_own_output():
    frame = _frame([
        _lead("L1", "William", "Jackson", "wj@northwind.com", "+1 (415) 555-0100", "Northwind"),
        _lead("L2", "Will", "Jackson", "WJ@northwind.com"),
        _lead("L3", "Bill", "Jackson", "billj@gmail.com", "415.555.0100"),
    ])
    first = _dedupe(frame, _config(rules=["email"]))
    assert first.frame["Lead ID"].tolist() == ["L1", "L3"]
    again = _dedupe(first.frame)  # now with the phone rule too
    assert again.frame["Lead ID"].tolist() == ["L1"]
    assert list(again.frame.columns) == [*COLUMNS, *OUTPUT_COLUMNS]  # the first run's columns replaced, not doubled
    assert list(again.log.columns) == [*LOG_COLUMNS, *COLUMNS]
    assert again.frame["revops_merged_ids"].tolist() == ["L3"]
    restored = unmerge(again.log, list(again.log.columns), into=again.frame)
    assert _cells(restored.frame) == _cells(first.frame[list(COLUMNS)])


# --------------------------------------------------------------------------- unmerge

FIRST = ["Ann", "Bo", "Cy", "Dara", "Eli", "Fay", "Gus", "Hana", "Ivo", "Jun", "Kai", "Lina", "Milo", "Nia",
         "Omar", "Pia", "Quinn", "Rosa", "Sven", "Tara", "Uma", "Vik", "Wren", "Xia", "Yuri", "Zara", "Abe",
         "Bea", "Cole", "Dina", "Ezra", "Flor"]
LAST = ["Abbott", "Baker", "Castro", "Dunn", "Ellis", "Flores", "Gupta", "Haas", "Ito", "Jensen", "Kowalski",
        "Larsen", "Moreau", "Novak", "Okafor", "Petrov", "Quist", "Rossi", "Sato", "Tanaka", "Ueda", "Vargas",
        "Weber", "Xu", "Yilmaz", "Zhou", "Amato", "Brandt", "Costa", "Diaz", "Engel", "Fischer"]
ROUND_TRIP_COLUMNS = (*COLUMNS, "Website", "Mobile")


def _forty_leads() -> tuple[pd.DataFrame, set[frozenset[str]]]:
    """32 different people and 8 more records of 4 of them (one person three times over); the expected clusters."""
    rows = [[f"L{i:02d}", FIRST[i], LAST[i], f"{FIRST[i].lower()}@{LAST[i].lower()}-co.com", f"+1 415 555 {1000 + i}",
             f"{LAST[i]} Co", None, f"1/{i % 28 + 1}/2026", None, None, None] for i in range(32)]
    rows[5][9] = '=HYPERLINK("x")'  # a cell a spreadsheet would run
    rows[6][4] = "+44 20 7946 0958"
    rows[6][10] = "'+44 20 7946 0958"  # as an older revops guarded phones
    rows[7][9], rows[8][10], rows[9][4] = '=HYPERLINK("z")', "'+44 20 7946 0958", "+44 20 7946 0959"  # unclustered
    duplicates = [
        ["D1", "Bo", "Baker", "BO@baker-co.com", None, "Baker Co.", "CFO", "2/1/2026", "3/1/2026", None, None],
        ["D2", "Fay", "Flores", "fay+events@flores-co.com", None, None, "COO", None, None, '=HYPERLINK("y")', None],
        ["D3", "Gus", "Gupta", "gus.gupta@gmail.com", "020 7946 0958", None, None, None, None, None,
         "'+44 20 7946 0958"],
        ["D4", "Gus", "Gupta", None, "+44 (0)20 7946 0958", "Gupta Co", "CTO", None, "1/3/2026", None, None],
        ["D5", "Lina", "Larson", "lina.l@gmail.com", None, "Larsen Co", None, None, None, None, None],
        ["D6", "Omar", "Okafor", "omar@okafor-co.com", None, None, None, None, None, "-", None],
        ["D7", "Tara", "Tanaka", "tara@tanaka-co.com", "", "Tanaka Co", "", None, None, None, None],
        ["D8", "Pia", "Petrov", "pia@petrov-co.com", "+1 415 555 1015", "Petrov Co", None, None, None, None, None],
    ]
    # spread the duplicates through the file
    for at, row in zip((3, 9, 14, 20, 25, 30, 33, 38), duplicates):
        rows.insert(at, row)
    frame = _frame(rows, columns=ROUND_TRIP_COLUMNS)
    clusters = {frozenset({"L01", "D1"}), frozenset({"L05", "D2"}), frozenset({"L06", "D3", "D4"}),
                frozenset({"L11", "D5"}), frozenset({"L14", "D6"}), frozenset({"L19", "D7"}), frozenset({"L15", "D8"})}
    return frame, clusters


def test_forty_leads_find_the_planted_clusters():
    frame, clusters = _forty_leads()
    assert len(frame) == 40
    result = _dedupe(frame, default_region="GB")
    assert _clusters(result) == clusters
    assert (result.rows_out, result.merged, result.clusters) == (32, 8, 7)


def test_unmerge_into_the_output_gives_back_the_input_exactly():
    frame, _ = _forty_leads()
    result = _dedupe(frame, default_region="GB")
    restored = unmerge(result.log, list(result.log.columns), into=result.frame)
    assert restored.headers == list(frame.columns)
    assert _cells(restored.frame) == _cells(frame)
    assert (restored.restored, restored.clusters, restored.kept) == (len(result.log), 7, 32 - 7)
    assert len(result.log) == 15


def test_unmerge_without_into_gives_the_clustered_records_in_file_order():
    frame, clusters = _forty_leads()
    result = _dedupe(frame, default_region="GB")
    restored = unmerge(result.log, list(result.log.columns))
    clustered = frame[frame["Lead ID"].isin(set().union(*clusters))]
    assert _cells(restored.frame) == _cells(clustered)
    assert restored.kept == 0


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_unmerge_through_files_restores_formulas_and_phones(tmp_path, suffix):
    frame, _ = _forty_leads()
    frame = frame.mask(frame.eq(""))  # a file cannot tell an empty string from a blank cell: both read back blank
    rows = pd.Series(frame.index + 2, index=frame.index)
    headers = list(frame.columns)
    result = _dedupe(frame, default_region="GB", row_numbers=rows)
    out_path, log_path = tmp_path / f"deduped{suffix}", tmp_path / f"merges{suffix}"
    write_table(result.frame, out_path, headers=output_headers(headers, result.frame))
    write_table(result.log, log_path, headers=[*LOG_COLUMNS, *headers])
    log_table, out_table = read_table(log_path), read_table(out_path)
    website = log_table.info.headers.index("Website")
    assert "'=HYPERLINK(\"y\")" in log_table.frame.iloc[:, website].tolist()  # the writer's guard is in the file

    restored = unmerge(unguard_formulas(log_table.frame), log_table.info.headers,
                       into=unguard_formulas(out_table.frame), into_headers=out_table.info.headers)
    assert restored.headers == headers
    assert _cells(restored.frame) == _cells(frame)


def test_unmerge_refuses_a_file_that_is_not_a_merge_log():
    frame, _ = _forty_leads()
    with pytest.raises(RevopsInputError, match="not a revops merge log"):
        unmerge(frame, list(frame.columns))
    log = _dedupe(frame, default_region="GB").log.drop(columns="revops_row")
    with pytest.raises(RevopsInputError, match="not a revops merge log.*revops_row"):
        unmerge(log, list(log.columns))


def test_unmerge_refuses_an_output_with_other_columns():
    frame, _ = _forty_leads()
    result = _dedupe(frame, default_region="GB")
    other = result.frame.drop(columns="Title")
    with pytest.raises(RevopsInputError, match="columns differ"):
        unmerge(result.log, list(result.log.columns), into=other)
    flagged = _dedupe(frame, default_region="GB", flag_only=True).frame.drop(columns="revops_row")
    with pytest.raises(RevopsInputError, match="revops_row"):
        unmerge(result.log, list(result.log.columns), into=flagged)


def test_unmerge_refuses_a_row_number_given_twice():
    frame, _ = _forty_leads()
    result = _dedupe(frame, default_region="GB")
    log = pd.concat([result.log, result.log.iloc[[1]]], ignore_index=True)
    with pytest.raises(RevopsInputError, match="appears 2 times"):
        unmerge(log, list(log.columns))
    # the same row in the log and in the output: a log and an output of two different runs
    output = result.frame.copy()
    output.loc[output.index[0], "revops_row"] = result.log["revops_row"].iloc[0]
    with pytest.raises(RevopsInputError, match="appears 2 times"):
        unmerge(result.log, list(result.log.columns), into=output)


# --------------------------------------------------------------------------- flag only


def test_flag_only_keeps_every_row_and_marks_the_clusters():
    frame, clusters = _forty_leads()
    result = _dedupe(frame, default_region="GB", flag_only=True)
    out = result.frame
    assert out["Lead ID"].tolist() == frame["Lead ID"].tolist()
    assert list(out.columns) == [*ROUND_TRIP_COLUMNS, *FLAG_COLUMNS]
    assert _cells(out[list(ROUND_TRIP_COLUMNS)]) == _cells(frame)  # nothing filled in flag-only mode
    members = set().union(*clusters)
    by_id = out.set_index("Lead ID")
    assert (by_id.loc[sorted(members), "revops_cluster_id"] != "").all()
    assert (by_id.drop(index=sorted(members))["revops_cluster_id"] == "").all()
    for cluster in clusters:
        rows = by_id.loc[sorted(cluster)]
        assert rows["revops_cluster_id"].nunique() == 1
        assert rows["revops_is_survivor"].tolist().count("true") == 1
        survivor = rows.index[rows["revops_is_survivor"] == "true"].item()
        assert (rows["revops_survivor_id"] == survivor).all()
        others = rows.drop(index=survivor)
        assert (others["revops_is_survivor"] == "false").all()
        assert others["revops_dup_rule"].isin(["email", "phone_name", "fuzzy_name"]).all()
        assert others["revops_dup_confidence"].notna().all() and (others["revops_dup_reason"] != "").all()
        assert rows.loc[survivor, "revops_dup_rule"] == "" and rows.loc[survivor, "revops_dup_confidence"] is None
    loners = by_id.drop(index=sorted(members))
    assert (loners["revops_is_survivor"] == "").all() and (loners["revops_dup_rule"] == "").all()
    assert (result.rows_out, result.merged) == (40, 8)


# --------------------------------------------------------------------------- --against existing CRM records


def _crm() -> pd.DataFrame:
    return pd.DataFrame({
        "Id": ["003A", "003B", "003C", "003D"],
        "First Name": ["Ann", "Zed", "Zed", "Wei"],
        "Last Name": ["Lee", "Ray", "Ray", "Zhang"],
        "Email Address": ["ann.lee@acme.com", "zed@ray.io", "ZED@ray.io", "wei@initech.com"],
        "Company Name": ["Acme", "Ray Ltd", "Ray Ltd", "Initech"],
        "Phone Number": [None, None, None, "+1 415 555 0100"],
    }, dtype="str")


def _upload() -> pd.DataFrame:
    return _frame([
        _lead("L1", "Ann", "Lee", "Ann.Lee+event@ACME.com", None, "Acme", "CTO"),  # in the CRM (003A)
        _lead("L2", "Bo", "Kim", "bo@kim.io", None, "Kim Co"),
        _lead("L3", "Bo", "Kim", "BO@kim.io", "+1 212 555 0199", "Kim Co"),  # duplicates L2 only
        _lead("L4", "Cy", "Dee", "cy@dee.io"),
        _lead("L5", "Wei", "Zhang", "wzhang@gmail.com", "(415) 555-0100"),  # in the CRM by phone (003D)
    ])


def test_against_existing_records_upload_rows_merge_into_the_crm():
    crm = _crm()
    result = _dedupe(_upload(), existing=crm, existing_mapping=detect_columns(list(crm.columns)))
    assert result.frame["Lead ID"].tolist() == ["L3", "L4"]  # CRM records are never output
    assert result.frame["revops_merged_ids"].tolist() == ["L2", ""]
    log = result.log.set_index("Lead ID")
    assert log.loc["L1", "revops_survivor_source"] == "existing" and log.loc["L1", "revops_survivor_id"] == "003A"
    assert log.loc["L5", "revops_survivor_source"] == "existing" and log.loc["L5", "revops_survivor_id"] == "003D"
    assert (log.loc["L1", "revops_rule"], log.loc["L5", "revops_rule"]) == ("email", "phone_name")
    assert log.loc["L2", "revops_survivor_source"] == "input" and log.loc["L2", "revops_survivor_id"] == "L3"
    assert sorted(log.index) == ["L1", "L2", "L3", "L5"]
    # The CRM's own duplicates (003B, 003C) are not this upload's business.
    assert result.clusters == 3
    assert (result.matched_existing, result.merged, result.existing_rows) == (2, 3, 4)
    # an upload row found in the CRM is no duplicate of the upload: 1 of 5 rows
    assert result.duplicate_rate == 20.0


def test_against_existing_flag_only_points_at_the_crm_record():
    crm = _crm()
    result = _dedupe(_upload(), existing=crm, existing_mapping=detect_columns(list(crm.columns)), flag_only=True)
    out = result.frame.set_index("Lead ID")
    assert out.loc["L1", "revops_survivor_id"] == "003A" and out.loc["L1", "revops_is_survivor"] == "false"
    assert len(out) == 5


def test_against_existing_records_no_match_changes_nothing():
    crm = _crm().iloc[1:3]
    upload = _frame([_lead("L1", "Ann", "Lee", "ann@acme.com"), _lead("L2", "Bo", "Kim", "bo@kim.io")])
    result = _dedupe(upload, existing=crm, existing_mapping=detect_columns(list(crm.columns)))
    assert (result.clusters, result.merged, result.matched_existing, result.rows_out) == (0, 0, 0, 2)
    assert result.log.empty


# --------------------------------------------------------------------------- summary


def test_summary_numbers_add_up():
    frame, _ = _forty_leads()
    result = _dedupe(frame, default_region="GB")
    summary = result.summary()
    assert (summary["rows_in"], summary["rows_out"]) == (40, 32)
    assert summary["rows_in"] - summary["rows_out"] == summary["merged"]
    assert sum(summary["merged_by_rule"].values()) == summary["merged"] == 8
    # D1, D2, D6, D7, D8 by email (D8 by phone too: email comes first); D3, D4 by phone (D4 by company too); D5 typo
    assert summary["merged_by_rule"] == {"email": 5, "phone_name": 2, "fuzzy_name": 1}
    assert summary["duplicate_rate_percent"] == round(8 / 40 * 100, 1) == 20.0
    assert summary["meets_target"] is False and summary["duplicate_rate_target"] == 2.0
    assert summary["existing_rows"] is None and summary["matched_existing"] is None


def test_duplicate_rate_is_judged_against_the_configured_target():
    frame, _ = _forty_leads()
    assert _dedupe(frame, _config(duplicate_rate_max=25.0), default_region="GB").meets_target is True
    assert _dedupe(frame, _config(duplicate_rate_max=20.0), default_region="GB").meets_target is False  # "< target"
    loners = frame[frame["Lead ID"].str.startswith("L")]
    clean = _dedupe(loners)
    assert (clean.merged, clean.duplicate_rate, clean.meets_target) == (0, 0.0, True)
    empty = _dedupe(frame.iloc[:0])
    assert (empty.rows_in, empty.duplicate_rate, empty.meets_target) == (0, None, None)


# --------------------------------------------------------------------------- the sample export


def test_sample_export_finds_every_planted_duplicate_and_nothing_else():
    table = read_table(SAMPLE / "salesforce_leads.csv")
    mapping = detect_columns(list(table.frame.columns), headers=table.header_map)
    result = dedupe_leads(table.frame, mapping, RevopsConfig(), headers=table.header_map, flag_only=True)
    truth = pd.read_csv(SAMPLE / "duplicates_truth.csv", dtype=str)
    truth = truth[truth["File"] == "salesforce_leads.csv"]
    assert len(truth) > 0

    # Same person = connected through the truth pairs; every other pair of records is two people.
    ids = result.frame[mapping.get("lead_id")].tolist()
    person = {lead_id: lead_id for lead_id in ids}

    def root(x):
        while person[x] != x:
            x = person[x]
        return x

    for record, same in zip(truth["Record"], truth["Same Person As Lead ID"]):
        person[root(record)] = root(same)
    true_pairs = {frozenset(p) for _, group in pd.Series(ids).groupby([root(i) for i in ids])
                  for p in itertools.combinations(group, 2)}
    clusters = result.frame.loc[result.frame["revops_cluster_id"] != ""].groupby("revops_cluster_id")
    found_pairs = {frozenset(p) for _, group in clusters for p in itertools.combinations(group[mapping.get("lead_id")], 2)}

    hits = len(true_pairs & found_pairs)
    precision, recall = hits / len(found_pairs), hits / len(true_pairs)
    assert (precision, recall) == (1.0, 1.0), (found_pairs - true_pairs, true_pairs - found_pairs)
    assert result.merged == len(found_pairs) == len(truth)  # here every cluster is a pair


# --------------------------------------------------------------------------- placeholders (issue 17 item 6)

PLACEHOLDER_EXPORT = SAMPLE.parent / "tests" / "fixtures" / "third_party" / "made__salesforce_placeholder_emails.csv"


def test_seven_people_sharing_a_placeholder_email_are_not_merged():
    table = read_table(PLACEHOLDER_EXPORT)
    result = dedupe_leads(table.frame, detect_columns(list(table.frame.columns)), RevopsConfig(), flag_only=True)
    # before: 8 of 35 rows merged away (22.9%), a@a.com x7 and xx@xx.com x3 each made one "person"
    assert (result.merged, result.clusters, result.duplicate_rate) == (0, 0, 0.0)
    assert result.frame["revops_cluster_id"].eq("").all()


def test_placeholder_email_is_no_key_but_the_other_rules_still_run():
    frame = _frame([
        _lead("L1", "Maren", "Oakhurst", "a@a.com", "+1 312 555 0101", "Brightline"),
        _lead("L2", "Maren", "Oakhurst", "A@A.COM", "(312) 555-0101", "Brightline"),  # same person: phone + name
        _lead("L3", "Tobias", "Vellacott", "a@a.com", None, "Corvid"),
        _lead("L4", "Ines", "Padrick", "test@corvid.com", None, "Corvid"),
        _lead("L5", "Dario", "Quennell", "test@corvid.com", None, "Corvid"),
    ])
    result = _dedupe(frame)
    assert _clusters(result) == {frozenset({"L1", "L2"})}
    assert _merged_row(result, "L2")["revops_rule"] == "phone_name"


def test_public_inbox_is_a_shared_mailbox_that_merges_only_on_agreeing_names():
    frame = _frame([
        _lead("L1", "Sophie", "Fraser", "sophie.fraser@mailinator.com"),
        _lead("L2", "Sophie", "Fraser", "Sophie.Fraser@MAILINATOR.com"),
        _lead("L3", "Jun", "Zhao", "sophie.fraser@mailinator.com"),
    ])
    result = _dedupe(frame)
    assert _clusters(result) == {frozenset({"L1", "L2"})}
    assert _merged_row(result, "L2")["revops_reason"] == "same public inbox sophie.fraser@mailinator.com, name 100"


def test_placeholder_domains_are_no_company_for_the_fuzzy_rule():
    # company.com stands in for a domain: two Jon/John Smiths there with no company are not one person
    frame = _frame([
        _lead("L1", "John", "Smith", "user1@company.com"),
        _lead("L2", "Jon", "Smith", "user2@company.com"),
        _lead("L3", "Jane", "Hollingsworth", "jane.hollingsworth@acme.com"),  # a corporate domain does count
        _lead("L4", "Jane", "Hollingswroth", "jhollingsworth@acme.com"),
    ])
    assert _clusters(_dedupe(frame)) == {frozenset({"L3", "L4"})}


# --------------------------------------------------------------------------- siblings and colleagues (issue 17 item 8)


def test_siblings_at_one_switchboard_with_their_own_work_addresses_are_not_merged():
    frame = _frame([
        _lead("L1", "Julian", "Harris", "julian.harris@acme.com", "+1 312 555 0100", "Acme"),
        _lead("L2", "Juliana", "Harris", "juliana.harris@acme.com", "(312) 555-0100", "Acme"),
        _lead("L3", "Eric", "Carroll", "eric.carroll@globex.com", "+1 212 555 0100", "Globex"),
        _lead("L4", "Erica", "Carroll", "erica.carroll@globex.com", "212-555-0100", "Globex"),
    ])
    # name 98 and 97 by the phone + name rule; two personal addresses at one company: -15 -> 83, 82 < 88
    result = _dedupe(frame)
    assert result.merged == 0 and result.log.empty and result.review.empty


def test_work_email_evidence_is_points_off_the_confidence_and_configurable():
    frame = _frame([
        _lead("L1", "Julian", "Harris", "julian.harris@acme.com", "+1 312 555 0100", "Acme"),
        _lead("L2", "Juliana", "Harris", "juliana.harris@acme.com", "(312) 555-0100", "Acme"),
    ])
    result = _dedupe(frame, _config(work_email_conflict_penalty=9.0))  # 97.9 - 9 = 88.9: merged, and says why
    row = _merged_row(result, "L2")
    assert row["revops_confidence"] == pytest.approx(88.9)
    assert row["revops_reason"] == "same phone +13125550100, name 98; two work addresses -9"
    assert _dedupe(frame, _config(work_email_conflict_penalty=10.0)).merged == 0  # 87.9 < 88


@pytest.mark.parametrize(("first_b", "last_b", "email_b"), [
    ("John", "Smith", "jsmith@acme.com"),  # one person's two aliases: jsmith fits John Smith
    ("Jon", "Smith", "jsmith@acme.com"),  # a typo in the name, an alias of the other's name
    ("Jörg", "Müller", "joerg.mueller@acme.com"),  # ö written oe by the mail admin
])
def test_two_addresses_that_fit_one_name_are_aliases_not_evidence(first_b, last_b, email_b):
    first_a, last_a = ("Jörg", "Müller") if first_b == "Jörg" else ("John", "Smith")
    email_a = "jmueller@acme.com" if first_b == "Jörg" else "john.smith@acme.com"
    frame = _frame([
        _lead("L1", first_a, last_a, email_a, "+1 415 555 0100", "Acme"),
        _lead("L2", first_b, last_b, email_b, "(415) 555-0100", "Acme"),
    ])
    result = _dedupe(frame)
    assert _clusters(result) == {frozenset({"L1", "L2"})}
    assert "two work addresses" not in _merged_row(result, "L2")["revops_reason"]


def test_a_record_joins_a_cluster_only_through_its_survivor_or_most_members():
    from revops_cli.core.leads.dedupe.clusters import _unchained_labels

    feat = pd.DataFrame({"email_key": ["", "", "", "", "a@x.com", "a@x.com"], "email_role": [False] * 6})
    edge = lambda a, b, conf, rank=1: {"a": a, "b": b, "rule": "phone_name", "confidence": conf,  # noqa: E731
                                       "reason": "", "merge": True, "rank": rank}
    order = np.arange(6)  # survivorship: record 0 is the best, then 1, ...
    # 0-1 (95), 1-2 (94), 2-3 (93): a chain; 2 matches 1, not the survivor 0 and not 2 of {0, 1}
    chain = pd.DataFrame([edge(0, 1, 95), edge(1, 2, 94), edge(2, 3, 93)])
    labels = _unchained_labels(feat, chain, order)
    assert labels[0] == labels[1] and len({labels[1], labels[2]}) == 2 and labels[2] == labels[3]
    # 2 also matches the survivor 0: it joins; 3 then matches 1 of {0, 1, 2}: it does not
    star = pd.DataFrame([edge(0, 1, 95), edge(1, 2, 94), edge(0, 2, 90), edge(2, 3, 93)])
    labels = _unchained_labels(feat, star, order)
    assert len({labels[0], labels[1], labels[2]}) == 1 and labels[3] != labels[0]
    # records sharing an address are one cluster whatever else they match (the email rule)
    mailbox = pd.DataFrame([edge(4, 5, 100, rank=0), edge(3, 5, 93)])
    labels = _unchained_labels(feat, mailbox, order)
    assert labels[4] == labels[5] and labels[3] != labels[4]


def test_a_merge_pair_held_back_by_the_chain_rule_is_listed_for_review():
    columns = (*COLUMNS, "Mobile")
    frame = _frame([
        _lead("L1", "Alex", "Morgan", "alex.morgan@gmail.com", "+1 415 555 0100", "Acme", "CFO", "1/1/2026",
              "3/1/2026") + [None],
        _lead("L2", "Alexander", "Morgan", None, "(415) 555-0100") + ["+1 415 555 0177"],
        _lead("L3", "Alexandra", "Morgan", None, None, "Initech", "VP") + ["(415) 555-0177"],
    ], columns=columns)
    # L1 ~ L2 by the office phone (nickname 96), L2 ~ L3 by the mobile (name 97); L1 and L3 share nothing.
    # L2-L3 first (stronger): {L2, L3}, survivor L3 (more complete). L1 matches L2, not the survivor L3
    # and not most of {L2, L3}: held back, not chained into one "Morgan".
    result = _dedupe(frame)
    assert _clusters(result) == {frozenset({"L2", "L3"})}
    [held] = result.review.to_dict("records")
    assert (held["id_a"], held["id_b"], held["rule"]) == ("L1", "L2", "phone_name")
    assert held["reason"].endswith("held back: matches one record of a cluster, not its survivor or most of it")


def test_a_title_spelled_alike_is_no_conflict_and_a_different_one_is():
    frame = _frame([
        _lead("L1", "Ann", "Lee", "ann@acme.com", "+1 (415) 555-0100", "Acme", "VP  Sales", "1/1/2026", "2/1/2026"),
        _lead("L2", "Ann", "Lee", "ann@acme.com", "+1 (415) 555-0100", "Acme", " vp sales", "1/5/2026", None),
        _lead("L3", "Ann", "Lee", "ann@acme.com", "+1 (415) 555-0100", "Acme", "VP  Sales", "1/6/2026", None),
        _lead("L4", "Ann", "Lee", "ann@acme.com", "+1 (415) 555-0100", "Acme", "VP Marketing", "1/7/2026", None),
    ])
    result = _dedupe(frame)
    assert _survivor(result) == "L1"
    # other case and spacing (L2) or the very same text (L3): the same title; another title (L4) is a conflict
    assert [_merged_row(result, lead)["revops_conflicts"] for lead in ("L2", "L3", "L4")] == ["", "", "Title"]

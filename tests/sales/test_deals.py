"""Sales Process SOP: stage time limits, discount approvals, past-due and missing fields."""

from __future__ import annotations

import pandas as pd
import pytest

from revops_cli.columns import SCHEMAS, detect_columns
from revops_cli.config import RevopsConfig
from revops_cli.columns import STAGE_HISTORY_ALIASES
from revops_cli.core.sales.deals import _parse_discount, audit_deals
from revops_cli.io.read import read_table
from tests.conftest import SAMPLE

CONFIG = RevopsConfig()
NOW = "2026-11-20 08:00"
PEOPLE = {"Victoria Hale": "VP Sales", "Daniel Okafor": "CEO"}
ROSTER = pd.DataFrame({"Name": ["Priya Raman", "Marcus Chen", "Tyler Brooks"],
                       "Role": ["Sales Manager", "Senior Sales Rep", "SDR"]}, dtype="str")


def _frame(rows: list[dict]) -> pd.DataFrame:
    columns = list(dict.fromkeys(k for r in rows for k in r))
    return pd.DataFrame([[r.get(c) for c in columns] for r in rows], columns=columns, dtype="str")


def _opp(i: int, **kw) -> dict:
    row = {"Opportunity ID": f"O{i}", "Opportunity Name": f"Deal {i}", "Stage": "Prospecting", "Amount": "1000",
           "Close Date": "12/31/2026", "Stage Entered Date": "11/19/2026", "Opportunity Owner": "Marcus Chen",
           "Discount (%)": "0", "Discount Approved By": "", "Next Step": "Call"}
    row.update(kw)
    return row


def _audit(rows, **kwargs):
    frame = _frame(rows)
    kwargs.setdefault("roster", ROSTER)
    kwargs.setdefault("people", PEOPLE)
    return audit_deals(frame, detect_columns(list(frame.columns), schema="opportunities"), CONFIG, now=NOW, **kwargs)


def test_schema_registered():
    assert SCHEMAS["stage_history"] is STAGE_HISTORY_ALIASES


def test_prospecting_day_7_ok_day_8_over():
    r = _audit([_opp(1, **{"Stage Entered Date": "11/13/2026"}),  # 7 days 8 h
                _opp(2, **{"Stage Entered Date": "11/12/2026"}),  # 8 days 8 h
                _opp(3, **{"Stage": "Discovery", "Stage Entered Date": "10/31/2026"})])  # 20 days, limit 14
    d = r.deals.set_index("opportunity_id")
    assert d.loc["O1", "days_in_stage"] == 7 and not d.loc["O1", "over_limit"]
    assert d.loc["O2", "days_in_stage"] == 8 and d.loc["O2", "days_over"] == 1
    assert d.loc["O3", "stage_limit"] == 14 and d.loc["O3", "days_over"] == 6
    assert r.totals["over_limit"] == 2 and r.totals["days_over_total"] == 7
    p = r.problems[r.problems["check"] == "stage_over_limit"]
    assert list(p["opportunity_id"]) == ["O2", "O3"] and list(p["days_over"]) == [1, 6]


def test_closed_deals_skip_stage_time_and_past_due():
    r = _audit([_opp(1, Stage="Closed Won", **{"Stage Entered Date": "1/1/2026", "Close Date": "1/1/2026",
                                               "Next Step": ""})])
    assert r.totals["open_deals"] == 0 and r.totals["over_limit"] == 0 and r.totals["past_due"] == 0
    assert r.totals["missing_next_step"] == 0 and r.problems.empty


def test_stage_entered_from_history_start_of_the_latest_run_of_the_current_stage():
    hist = _frame([
        {"Opportunity ID": "O1", "Stage": "Proposal", "Changed At": "10/01/2026"},
        {"Opportunity ID": "O1", "Stage": "Discovery", "Changed At": "10/20/2026"},  # moved back ...
        {"Opportunity ID": "O1", "Stage": "Proposal", "Changed At": "11/10/2026"},   # ... and on again: 10 days
        {"Opportunity ID": "O1", "Stage": "Proposal", "Changed At": "11/15/2026"},   # an amount edit: same run
        {"Opportunity ID": "O2", "Stage": "Proposal", "Changed At": "11/01/2026"},   # O2 has its own date
        {"Opportunity ID": "O4", "Stage": "Qualification", "Changed At": "11/01/2026"},  # Discovery ...
        {"Opportunity ID": "O4", "Stage": "Needs Analysis", "Changed At": "11/12/2026"},  # ... still Discovery
    ])
    r = _audit([_opp(1, Stage="Proposal", **{"Stage Entered Date": ""}),
                _opp(2, Stage="Proposal", **{"Stage Entered Date": "11/18/2026"}),
                _opp(3, Stage="Proposal", **{"Stage Entered Date": ""}),
                _opp(4, Stage="Needs Analysis", **{"Stage Entered Date": ""})],
               history=hist, history_mapping=detect_columns(list(hist.columns), schema="stage_history"))
    d = r.deals.set_index("opportunity_id")
    assert d.loc["O1", "days_in_stage"] == 10 and d.loc["O1", "days_over"] == 3
    assert d.loc["O1", "stage_entered_from"] == "history"
    assert d.loc["O2", "days_in_stage"] == 2 and d.loc["O2", "stage_entered_from"] == "stage_entered_at"
    assert pd.isna(d.loc["O3", "days_in_stage"]) and not d.loc["O3", "over_limit"]
    # 19 days in the SOP's Discovery (limit 14), counted from Qualification, not from Needs Analysis (8 days)
    assert (d.loc["O4", "sop_stage"], d.loc["O4", "days_in_stage"], d.loc["O4", "days_over"]) == ("Discovery", 19, 5)


@pytest.mark.parametrize(("pct", "approver", "needed", "status"), [
    ("10", "Marcus Chen", "Sales Rep", "ok"),            # Senior Sales Rep folds to Sales Rep; 10 inclusive
    ("10.01", "Marcus Chen", "Sales Manager", "too_junior"),
    ("10.01", "Priya Raman", "Sales Manager", "ok"),
    ("20", "Priya Raman", "Sales Manager", "ok"),
    ("20%", "Priya Raman", "Sales Manager", "ok"),
    ("21", "Priya Raman", "VP Sales", "too_junior"),
    ("30", "Victoria Hale", "VP Sales", "ok"),
    ("30.5", "Victoria Hale", "CEO", "too_junior"),
    ("30.5", "Daniel Okafor", "CEO", "ok"),
    ("35", "CEO", "CEO", "ok"),                          # a role name as approver text
    ("15", "vp sales", "Sales Manager", "ok"),           # more senior than needed
    ("15", "", "Sales Manager", "missing"),
    ("15", "Someone Else", "Sales Manager", "unknown"),
    ("5", "Tyler Brooks", "Sales Rep", "ok"),
])
def test_discount_matrix_inclusive_bounds(pct, approver, needed, status):
    r = _audit([_opp(1, **{"Discount (%)": pct, "Discount Approved By": approver})])
    row = r.deals.iloc[0]
    assert row["needed_approver"] == needed
    assert row["approval_status"] == status
    checks = list(r.problems["check"])
    assert checks == ([] if status == "ok" else [f"discount_{status}"])


def test_roster_roles_fold_to_matrix_levels_by_the_config():
    frame = _frame([_opp(1, **{"Discount (%)": "25", "Discount Approved By": "Tyler Brooks"})])  # an SDR
    mapping = detect_columns(list(frame.columns), schema="opportunities")
    default = audit_deals(frame, mapping, CONFIG, now=NOW, roster=ROSTER)
    assert default.deals.iloc[0]["approver_role"] == "Sales Rep"
    config = RevopsConfig.model_validate({"deals": {"role_levels": {"SDR": "VP Sales"}}})
    changed = audit_deals(frame, mapping, config, now=NOW, roster=ROSTER).deals.iloc[0]
    assert (changed["approver_role"], changed["approval_status"]) == ("VP Sales", "ok")


def test_no_discount_needs_no_approval():
    r = _audit([_opp(1, **{"Discount (%)": "0"}), _opp(2, **{"Discount (%)": ""})])
    assert r.deals["approval_status"].isna().all() and r.totals["discount_problems"] == 0


def test_discount_parsing_fractions_only_when_whole_column_is():
    s = pd.Series(["0.15", "0.3", "", "1"], dtype="str")
    assert list(_parse_discount(s).fillna(-1)) == [15.0, 30.0, -1, 100.0]
    s = pd.Series(["0.5", "15", "15%"], dtype="str")
    assert list(_parse_discount(s)) == [0.5, 15.0, 15.0]
    s = pd.Series(["1", "0"], dtype="str")  # no decimal point: percent
    assert list(_parse_discount(s)) == [1.0, 0.0]


def test_past_due_missing_next_step_and_amount():
    r = _audit([_opp(1, **{"Close Date": "11/19/2026"}),            # yesterday: past due by 1 day
                _opp(2, **{"Close Date": "11/20/2026"}),            # today: not past due
                _opp(3, **{"Next Step": " ", "Amount": ""}),
                _opp(4, **{"Amount": "USD 48,000.00"})])
    d = r.deals.set_index("opportunity_id")
    assert list(d["past_due"]) == [True, False, False, False] and d.loc["O1", "days_past_due"] == 1
    assert d.loc["O3", "missing_next_step"] and d.loc["O3", "missing_amount"]
    assert d.loc["O4", "amount"] == 48000.0
    assert sorted(r.problems["check"]) == ["missing_amount", "missing_next_step", "past_due"]


def test_owner_figures_and_summary():
    r = _audit([_opp(1, **{"Stage Entered Date": "11/10/2026", "Discount (%)": "25", "Discount Approved By": ""}),
                _opp(2, **{"Opportunity Owner": "Sofia Alvarez", "Close Date": "11/1/2026"}),
                _opp(3, Stage="Closed Lost", **{"Opportunity Owner": "Sofia Alvarez"})])
    o = r.owners.set_index("owner")
    assert o.loc["Marcus Chen"].tolist() == [1, 1, 3, 1, 0]
    assert o.loc["Sofia Alvarez"].tolist() == [1, 0, 0, 0, 1]
    assert "2 open" in r.summary() and "1 missing" in r.summary()


def test_empty_frame():
    frame = _frame([_opp(1)]).iloc[0:0]
    r = audit_deals(frame, detect_columns(list(frame.columns), schema="opportunities"), CONFIG, now=NOW)
    assert r.totals["deals"] == 0 and r.problems.empty and r.owners.empty


def test_sample_opportunities():
    table = read_table(SAMPLE / "opportunities.csv")
    roster = read_table(SAMPLE / "reps.csv").frame
    mapping = detect_columns(list(table.frame.columns), schema="opportunities")
    r = audit_deals(table.frame, mapping, CONFIG, now=NOW, roster=roster, people=PEOPLE)
    # Counted independently with the csv module (stage limits, matrix, reps.csv roles).
    t = r.totals
    assert (t["deals"], t["open_deals"], t["over_limit"], t["days_over_total"]) == (120, 74, 20, 316)
    assert (t["discount_too_junior"], t["discount_missing"], t["discount_unknown"]) == (5, 5, 0)
    assert (t["past_due"], t["missing_next_step"], t["missing_amount"]) == (5, 26, 0)
    assert r.owners["open_deals"].sum() == 74 and r.owners["days_over_total"].sum() == 316
    assert len(r.problems) == 20 + 10 + 5 + 26


def test_without_a_roster_or_people_unknown_approvers_do_not_crash_the_audit():
    from revops_cli.columns import detect_columns
    from revops_cli.config import RevopsConfig
    from revops_cli.core.sales.deals import audit_deals
    from revops_cli.io import read_table
    from tests.conftest import SAMPLE

    table = read_table(SAMPLE / "opportunities.csv")
    mapping = detect_columns(list(table.frame.columns), schema="opportunities", headers=table.header_map)
    result = audit_deals(table.frame, mapping, RevopsConfig(), now=pd.Timestamp("2026-11-20T13:00Z"))
    statuses = set(result.deals["approval_status"].dropna())
    assert len(result.deals) == 120
    # Victoria Hale and Daniel Okafor are on no roster: their approvals cannot be ranked
    assert "unknown" in statuses and statuses <= {"ok", "too_junior", "missing", "unknown"}


# --------------------------------------------------------------------------
# Measured, or said so (issue 17 item 3): a check whose column is missing is not measured, never 0
# --------------------------------------------------------------------------

@pytest.mark.parametrize(("drop", "check", "totals", "reason"), [
    ("Close Date", "past_due", ["past_due"], "no close date column; try --map close_date=HEADER"),
    ("Stage Entered Date", "stage_over_limit", ["over_limit", "days_over_total"],
     "no stage entered date column and no stage history; try --map stage_entered_at=HEADER or --history FILE"),
    ("Discount (%)", "discount_approval", ["discount_too_junior", "discount_missing", "discount_problems"],
     "no discount column; try --map discount=HEADER"),
    ("Discount Approved By", "discount_approval", ["discount_missing"],
     "no discount approved by column; try --map discount_approved_by=HEADER"),
    ("Next Step", "missing_next_step", ["missing_next_step"], "no next step column; try --map next_step=HEADER"),
    ("Amount", "missing_amount", ["missing_amount"], "no amount column; try --map amount=HEADER"),
    ("Opportunity Owner", "owner", [], "no owner column; try --map owner=HEADER"),
])
def test_a_check_without_its_column_is_not_measured_never_zero(drop, check, totals, reason):
    rows = [_opp(1, **{"Close Date": "11/01/2026", "Stage Entered Date": "10/01/2026", "Discount (%)": "25",
                       "Next Step": "", "Amount": ""}),
            _opp(2)]
    for row in rows:
        row.pop(drop)
    r = _audit(rows)
    assert r.not_measured[check].text == reason
    for key in totals:
        assert r.totals[key] is None
    assert check not in set(r.problems["check"]) and r.problems["check"].str.startswith(check).sum() == 0
    if check == "owner":
        assert r.owners.empty
    else:  # the other checks still ran: O1 fails them, O2 is clean
        assert r.totals["open_deals_clean"] == 1 and check not in r.totals["hygiene_checks"]
    assert str(r.not_measured[check]) in r.summary()


def test_owner_blank_on_every_deal_is_not_measured_not_a_no_owner_finding():
    r = _audit([_opp(1, **{"Opportunity Owner": ""}), _opp(2, **{"Opportunity Owner": " "})])
    assert r.not_measured["owner"].text == ("owner column 'Opportunity Owner' is blank on every deal; "
                                            "try --map owner=HEADER")
    assert r.owners.empty
    some = _audit([_opp(1, **{"Opportunity Owner": ""}), _opp(2)])
    assert "owner" not in some.not_measured and list(some.owners["owner"]) == ["(no owner)", "Marcus Chen"]


def test_unreadable_dates_and_amounts_are_not_measured():
    r = _audit([_opp(1, **{"Close Date": "soon", "Amount": "TBD"}), _opp(2, **{"Close Date": "next quarter",
                                                                              "Amount": "ask Bob"})])
    assert r.not_measured["past_due"].text == "close date column 'Close Date': no value read as a date; try --map close_date=HEADER"
    assert r.not_measured["missing_amount"].reason == "amount column 'Amount': no value read as an amount"
    assert r.totals["past_due"] is None and r.totals["missing_amount"] is None
    # one readable value is enough to measure: the other deal simply has none
    partly = _audit([_opp(1, **{"Close Date": "soon"}), _opp(2, **{"Close Date": "11/01/2026"})])
    assert partly.totals["past_due"] == 1 and partly.totals["open_deals_no_close_date"] == 1


def test_hygiene_counts_only_the_checks_that_ran_and_is_not_measured_when_none_did():
    r = _audit([_opp(1, **{"Next Step": ""}), _opp(2), _opp(3, **{"Close Date": "11/01/2026"})])
    assert (r.totals["open_deals_clean"], r.totals["hygiene_pct"]) == (1, 33.3)
    frame = _frame([{"Opportunity ID": "O1", "Stage": "Discovery"}])
    bare = audit_deals(frame, detect_columns(list(frame.columns), schema="opportunities"), CONFIG, now=NOW)
    assert bare.totals["hygiene_pct"] is None and bare.totals["hygiene_checks"] == []
    assert str(bare.not_measured["hygiene"]) == "not measured (none of its checks could run)"
    assert set(bare.not_measured) == {"stage_over_limit", "discount_approval", "past_due", "missing_next_step",
                                      "missing_amount", "owner", "hygiene"}
    assert bare.to_dict()["not_measured"]["past_due"] == "no close date column; try --map close_date=HEADER"

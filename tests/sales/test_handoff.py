"""Customer Handoff SOP: form completeness, kickoff, 30-day CSAT, time to value, NPS."""

from __future__ import annotations

import pandas as pd
import pytest

from revops_cli.columns import SCHEMAS, detect_columns
from revops_cli.config import RevopsConfig
from revops_cli.columns import HANDOFF_ALIASES
from revops_cli.core.sales.handoff import audit_handoffs, default_required
from revops_cli.errors import RevopsInputError

CONFIG = RevopsConfig()
NOW = "2026-11-20 08:00"
COLUMNS = ["Account ID", "Account Name", "CSM", "Close Date", "Kickoff Date", "CSAT 30d", "First Value Date",
           "NPS Score", "Plan", "Goals"]
# Hand-made set (now 2026-11-20): kickoff day 3 within, day 4 late, none after the window late,
# none inside the window pending.
ROWS = [
    ["", "Acme", "Ann", "11/1/2026", "11/4/2026", "9", "11/11/2026", "10", "x", "y"],
    ["A2", "Beta", "Ann", "11/1/2026", "11/5/2026", "8", "11/15/2026", "9", "", "y"],
    ["A3", "Gamma", "Ann", "11/1/2026", "", "", "", "7", "x", "y"],
    ["A4", "Delta", "Ben", "11/18/2026", "", "10", "", "3", "x", "y"],
    ["A5", "Eps", "Ben", "11/10/2026", "11/10/2026", "7", "11/20/2026", "6", "x", "y"],
]


def _audit(rows, columns=COLUMNS, **kwargs):
    frame = pd.DataFrame(rows, columns=columns, dtype="str")
    return audit_handoffs(frame, detect_columns(list(frame.columns), schema="handoffs"), CONFIG, now=NOW, **kwargs)


def test_schema_registered_and_default_form_fields():
    assert SCHEMAS["handoffs"] is HANDOFF_ALIASES
    mapping = detect_columns(COLUMNS, schema="handoffs")
    assert mapping.get("owner") == "CSM" and mapping.get("nps") == "NPS Score"
    assert default_required(COLUMNS, mapping) == ["Account Name", "CSM", "Plan", "Goals"]
    assert default_required(["AccountId", "Notes"], mapping) == ["Notes"]


def test_overall_figures_by_hand():
    o = _audit(ROWS).overall
    assert (o["handoffs"], o["form_complete"], o["form_complete_pct"], o["form_complete_met"]) == (5, 4, 80.0, False)
    assert (o["kickoff_within"], o["kickoff_n"], o["kickoff_pending"]) == (2, 4, 1)
    assert (o["kickoff_pct"], o["kickoff_met"]) == (50.0, False)
    assert (o["csat_n"], o["csat_avg"], o["csat_met"]) == (4, 8.5, True)          # (9+8+10+7)/4
    assert (o["ttv_n"], o["ttv_avg_days"], o["ttv_met"]) == (3, 11.3, True)      # (10+14+10)/3
    assert (o["promoters"], o["passives"], o["detractors"], o["nps_n"]) == (2, 1, 2, 5)
    assert (o["nps"], o["nps_met"]) == (0.0, False)


def test_per_csm_by_hand():
    r = _audit(ROWS)
    c = r.by_csm.set_index("csm")
    assert list(c.index) == ["Ann", "Ben"]
    ann, ben = c.loc["Ann"], c.loc["Ben"]
    assert (ann["form_complete_pct"], ann["kickoff_pct"], ann["csat_avg"], ann["ttv_avg_days"], ann["nps"]) \
        == (66.7, 33.3, 8.5, 12.0, 66.7)
    assert bool(ann["nps_met"]) and not ann["kickoff_met"]
    assert (ben["form_complete_pct"], ben["kickoff_pct"], ben["kickoff_n"], ben["csat_avg"], ben["ttv_avg_days"],
            ben["nps"]) == (100.0, 100.0, 1, 8.5, 10.0, -100.0)
    assert bool(ben["form_complete_met"]) and bool(ben["kickoff_met"]) and not ben["nps_met"]
    h = r.handoffs
    assert list(h["kickoff_days"].fillna(-1)) == [3, 4, -1, -1, 0]
    assert list(h["kickoff_within"]) == [True, False, False, False, True]
    assert list(h["kickoff_late"]) == [False, True, True, False, False]
    assert list(h["missing_fields"]) == ["", "Plan", "", "", ""]
    assert list(h["nps_group"]) == ["promoter", "promoter", "passive", "detractor", "detractor"]


def test_boundaries_are_strict_where_the_sop_says_so():
    rows = [["A", "X", "Cat", "11/1/2026", "11/4/2026", "8", "11/15/2026", s, "x", "y"]
            for s in ("10", "10", "10", "0")]
    o = _audit(rows).overall
    assert (o["csat_avg"], o["csat_met"]) == (8.0, False)        # > 8
    assert (o["ttv_avg_days"], o["ttv_met"]) == (14.0, False)    # < 14
    assert (o["nps"], o["nps_met"]) == (50.0, False)             # > 50 (75 - 25)
    assert (o["kickoff_pct"], o["kickoff_met"], o["form_complete_met"]) == (100.0, True, True)


def test_kickoff_target_95_inclusive():
    rows = [["A", "X", "Cat", "11/1/2026", "11/4/2026", "", "", "", "x", "y"]] * 19 \
        + [["A", "X", "Cat", "11/1/2026", "11/5/2026", "", "", "", "x", "y"]]
    o = _audit(rows).overall
    assert (o["kickoff_within"], o["kickoff_n"], o["kickoff_pct"], o["kickoff_met"]) == (19, 20, 95.0, True)


def test_zero_denominators_give_none():
    o = _audit([["Acme", "Ann"]], columns=["Account Name", "CSM"]).overall
    assert o["form_complete_pct"] == 100.0
    for key in ("kickoff_pct", "csat_avg", "ttv_avg_days", "nps"):
        assert o[key] is None
    for key in ("kickoff_met", "csat_met", "ttv_met", "nps_met"):
        assert o[key] is None
    r = _audit([], columns=COLUMNS)
    assert r.overall["handoffs"] == 0 and r.overall["form_complete_pct"] is None and r.by_csm.empty
    assert "n/a" in r.summary()


def test_explicit_required_and_summary():
    r = _audit(ROWS, required=["Account ID", "Plan"])
    assert r.overall["form_complete"] == 3 and r.required == ["Account ID", "Plan"]
    assert "form complete: 60% (target 100%) MISSED" in r.summary()
    assert "NPS: 0 (target > 50) MISSED" in r.summary()
    with pytest.raises(RevopsInputError, match="required handoff columns not in the file"):
        _audit(ROWS, required=["Nope"])

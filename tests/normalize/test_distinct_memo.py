"""map_distinct(memo=True) answers a key it has seen in an earlier call without calling the function again,
and never forks workers while another thread runs (a streamed file's reader and writer)."""

from __future__ import annotations

import pandas as pd

from revops_cli.normalize import distinct
from revops_cli.normalize.company import normalize_company_column

CALLS: list[object] = []


def shout(value: object) -> tuple:
    CALLS.append(value)
    return (None if value is None else str(value).upper(),)


def test_a_memoised_function_is_called_once_per_key_over_calls(monkeypatch):
    monkeypatch.setattr(distinct, "_MEMO", {})
    CALLS.clear()
    first = distinct.map_distinct(pd.Series(["a", "b", None, "a"]), shout, ["up"], memo=True)
    second = distinct.map_distinct(pd.Series(["b", "c", "a"]), shout, ["up"], memo=True)
    assert first["up"].tolist() == ["A", "B", None, "A"] and second["up"].tolist() == ["B", "C", "A"]
    assert CALLS == ["a", "b", None, "c"]


def test_a_full_memo_still_answers_every_key(monkeypatch):
    monkeypatch.setattr(distinct, "_MEMO", {})
    monkeypatch.setattr(distinct, "MEMO_MAX", 2)
    CALLS.clear()
    result = distinct.map_distinct(pd.Series(["a", "b", "c", "d", "a"]), shout, ["up"], memo=True)
    assert result["up"].tolist() == ["A", "B", "C", "D", "A"]
    assert len(distinct._MEMO[shout]) == 2
    assert distinct.map_distinct(pd.Series(["d"]), shout, ["up"], memo=True)["up"].tolist() == ["D"]


def test_company_batches_give_the_whole_columns_answers(monkeypatch):
    monkeypatch.setattr(distinct, "_MEMO", {})
    companies = pd.Series(["Acme, Inc.", "ACME CORPORATION", "  beispiel gmbh ", None, "Acme, Inc.", "n/a"] * 3,
                          dtype="str")
    whole = normalize_company_column(companies)
    batches = pd.concat([normalize_company_column(companies.iloc[i:i + 4]) for i in range(0, len(companies), 4)])
    pd.testing.assert_frame_equal(batches, whole)


def test_no_worker_is_forked_inside_in_this_process(monkeypatch):
    monkeypatch.setattr(distinct, "PARALLEL_MIN_DISTINCT", 2)
    forked = []
    monkeypatch.setattr(distinct.mp, "get_context", lambda kind: forked.append(kind))
    with distinct.in_this_process():
        result = distinct.map_distinct(pd.Series(["a", "b", "c"]), shout, ["up"])
    assert result["up"].tolist() == ["A", "B", "C"] and forked == []
    try:
        distinct.map_distinct(pd.Series(["a", "b", "c"]), shout, ["up"])
    except AttributeError:  # the fake context cannot make a pool: the call did try to fork, outside the block
        pass
    assert forked == ["fork"]

"""The round-robin state file (SPEC contract 8): RouteState (core routing), its file on disk (io.state) and
the CLI's read/save of one through the other."""

from __future__ import annotations

import datetime as dt
import json
import os
import threading

import pytest

from revops_cli.errors import RevopsInputError
from revops_cli.cli.leads.route import read_route_state as load_state
from revops_cli.cli.leads.route import save_route_state as save_state
from revops_cli.core.leads.routing import RouteState
from revops_cli.io.state import locked_state


def test_state_round_trips_through_the_file(tmp_path):
    path = tmp_path / "route-state.json"
    state = RouteState({"US West|sales": {"R2": 6.0, "R1": 2.5}, "*|sdr": {"R7": 1.0}})
    save_state(path, state)
    assert load_state(path) == state
    assert json.loads(path.read_text(encoding="utf-8")) == {
        "version": 1, "pools": {"*|sdr": {"R7": 1.0}, "US West|sales": {"R1": 2.5, "R2": 6.0}}}
    assert RouteState.from_json(state.to_json()) == state


def test_same_state_writes_the_same_bytes(tmp_path):
    one, two = tmp_path / "a.json", tmp_path / "b.json"
    save_state(one, RouteState({"b|x": {"R2": 1.0, "R1": 2.0}, "a|x": {"R3": 3.0}}))
    save_state(two, RouteState({"a|x": {"R3": 3.0}, "b|x": {"R1": 2.0, "R2": 1.0}}))
    assert one.read_bytes() == two.read_bytes()


def test_missing_state_file_is_an_empty_state_for_the_first_run(tmp_path):
    assert load_state(tmp_path / "never-written.json") == RouteState()


@pytest.mark.parametrize(("text", "problem"), [
    ("{not json", "is not valid JSON"),
    ("", "the round-robin state file is empty"),
    ('["US West|sales"]', "must hold a JSON object"),
    ('{"pools": {"US West|sales": {"R1": "six"}}}', "pool 'US West|sales', rep 'R1': count must be a number"),
    ('{"pools": {"US West|sales": 6}}', "pool 'US West|sales' must be a JSON object"),
    ('{"version": 9, "pools": {}}', "newer revops"),
    ('{"version": 1, "pools": {}, "pointer": 3}', "unknown key 'pointer'"),
])
def test_corrupt_state_file_names_the_file_and_what_to_do(tmp_path, text, problem):
    path = tmp_path / "route-state.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RevopsInputError) as caught:
        load_state(path)
    message = str(caught.value)
    assert str(path) in message and problem in message
    if text:
        assert "delete it to start the round robin afresh" in message


def test_state_path_that_is_a_folder_is_a_clear_error(tmp_path):
    with pytest.raises(RevopsInputError, match="is a folder, not a round-robin state file"):
        load_state(tmp_path)


def test_atomic_save_replaces_the_file_and_leaves_no_temp_files(tmp_path):
    path = tmp_path / "route-state.json"
    save_state(path, RouteState({"US West|sales": {"R1": 1.0}}))
    save_state(path, RouteState({"US West|sales": {"R1": 2.0}}))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["route-state.json"]
    assert load_state(path).pools == {"US West|sales": {"R1": 2.0}}


def test_failed_save_keeps_the_old_state_and_no_temp_file(tmp_path, monkeypatch):
    path = tmp_path / "route-state.json"
    save_state(path, RouteState({"US West|sales": {"R1": 1.0}}))

    def crash(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("revops_cli.io.write.os.replace", crash)
    with pytest.raises(RevopsInputError, match="route-state.json: could not be written: disk full.*The old "
                                               "route-state.json was left as it was"):
        save_state(path, RouteState({"US West|sales": {"R1": 9.0}}))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["route-state.json"]
    assert load_state(path).pools == {"US West|sales": {"R1": 1.0}}


def test_save_into_a_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(RevopsInputError, match="does not exist"):
        save_state(tmp_path / "nope" / "state.json", RouteState())


def test_a_second_run_cannot_take_the_lock_while_the_first_holds_it(tmp_path):
    path = tmp_path / "route-state.json"
    taken = dt.datetime.now()
    with locked_state(path):
        with pytest.raises(RevopsInputError) as caught:
            with locked_state(path, timeout=0.1):
                pass  # pragma: no cover - never reached
    since = str(caught.value).split(" since ", 1)[1][:5]
    assert since in {f"{taken:%H:%M}", f"{dt.datetime.now():%H:%M}"}  # the minute it was taken
    assert str(caught.value) == (
        f"another revops run holds {path} (process {os.getpid()}) since {since}; waited 0.1 s "
        "(general.lock_wait_seconds). Wait for that run to finish, or raise general.lock_wait_seconds; if no "
        f"revops run is going, remove {path}.lock.")
    with locked_state(path, timeout=0.1):  # released: the next run gets it
        pass


def test_lock_is_exclusive_across_threads(tmp_path):
    path = tmp_path / "route-state.json"
    errors: list[str] = []
    entered = threading.Event()
    release = threading.Event()

    def first() -> None:
        with locked_state(path):
            entered.set()
            release.wait(5)

    worker = threading.Thread(target=first)
    worker.start()
    entered.wait(5)
    try:
        with locked_state(path, timeout=0.1):
            pass
    except RevopsInputError as exc:
        errors.append(str(exc))
    finally:
        release.set()
        worker.join(5)
    assert errors and "another revops run holds" in errors[0]

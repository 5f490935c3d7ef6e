"""Faults a cron job meets (issue 22), done for real: a revops process killed mid-write with SIGTERM,
SIGINT and SIGKILL, a full disk, a read-only folder, a folder that is not there, an output that is a
folder, an input still being written, and a state lock another run holds.

Every case checks the message, the exit code, that the input is untouched and that no row is lost:
the old output is byte for byte what it was, and no temp file is left beside it. The four tests that
start a real revops process are marked slow (each waits for Python, pandas and pyarrow to start):
run them with ``-m slow``. The full and the read-only file systems are real tmpfs mounts where the
tests may mount one (root), and are skipped elsewhere; the monkeypatched ENOSPC runs everywhere.
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from revops_cli.io import signals
from revops_cli.io.state import locked_state
from revops_cli.io.write import remove_stale_temps
from tests.conftest import LEADS_CSV, REPO, invoke, read

OLD_OUTPUT = b"Lead ID,Email\nOLD-1,old@example.com\nOLD-2,old2@example.com\n"

ROSTER_CSV = (
    "Rep ID,Name,Email,Role,Territory,Weight,Capacity,Active,Out Of Office Until,Time Zone\n"
    "R1,Ana Reyes,ana@us.example,Sales Rep,North America,1,,TRUE,,America/New_York\n"
    "R2,Ben Cole,ben@us.example,Sales Rep,North America,1,,TRUE,,America/New_York\n"
    "R5,Mo Lee,mo@us.example,Sales Manager,All,1,,TRUE,,America/New_York\n"
)
SCORED_CSV = (
    "Lead ID,First Name,Last Name,Country,State,Lead Owner,Create Date,revops_score,revops_band\n"
    "L1,Amy,Ng,US,NY,,2026-11-20 07:00,65,Warm\n"
    "L2,Bo,Li,US,CA,,2026-11-20 07:10,70,Warm\n"
    "L4,Di,Ma,US,FL,,2026-11-20 07:30,79,Warm\n"
)
OLD_STATE = '{"version": 1, "pools": {"North America|sales": {"R1": 7.0, "R2": 7.0}}}\n'

# A real revops process whose fsync of the finished temp file blocks: the moment between "the new
# output is written beside the old one" and "renamed into place". The test signals it there.
HOLD_IN_FSYNC = """
import os, sys, time
marker = os.environ["REVOPS_TEST_MARKER"]
def held_fsync(fd):
    open(marker, "w").close()
    time.sleep(60)
os.fsync = held_fsync
from revops_cli.cli.app import main
sys.argv = ["revops", *sys.argv[1:]]
main()
"""


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def temp_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.fixture
def leads(tmp_path: Path) -> Path:
    path = tmp_path / "leads.csv"
    path.write_text(LEADS_CSV, encoding="utf-8")
    return path


@pytest.fixture
def old_output(tmp_path: Path) -> Path:
    path = tmp_path / "out.csv"
    path.write_bytes(OLD_OUTPUT)
    return path


def start_held(tmp_path: Path, *args: str) -> subprocess.Popen:
    """Start revops in a subprocess and wait until it holds its first output in fsync."""
    marker = tmp_path / "in-fsync"
    env = {**os.environ, "PYTHONPATH": str(REPO), "REVOPS_TEST_MARKER": str(marker), "NO_COLOR": "1"}
    proc = subprocess.Popen([sys.executable, "-c", HOLD_IN_FSYNC, *args], cwd=tmp_path, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not marker.exists():
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            out, err = proc.communicate()
            pytest.fail(f"revops never reached the write (exit {proc.returncode}): {err or out}")
        time.sleep(0.02)
    return proc


# --------------------------------------------------------------------------- signals mid-write


@pytest.mark.slow  # a real revops process each (2-5 s: Python, pandas and pyarrow start up)
@pytest.mark.parametrize("sig, code", [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_mid_write_removes_the_temp_file_and_keeps_the_old_output(tmp_path, leads, old_output, sig, code):
    before = digest(leads)
    proc = start_held(tmp_path, "leads", "clean", "leads.csv", "-o", "out.csv")
    assert len(temp_files(tmp_path)) == 1  # the new output, written beside the old one
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == code
    assert err.strip().splitlines()[-1] == f"revops: stopped by {sig.name}; out.csv was left as it was."
    assert old_output.read_bytes() == OLD_OUTPUT
    assert temp_files(tmp_path) == []
    assert digest(leads) == before


@pytest.mark.slow
def test_after_sigkill_the_next_run_removes_the_stale_temp_file_and_writes_every_row(tmp_path, leads, old_output):
    before = digest(leads)
    proc = start_held(tmp_path, "leads", "clean", "leads.csv", "-o", "out.csv")
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    left = temp_files(tmp_path)
    assert len(left) == 1 and left[0].startswith(f".out.csv.{proc.pid}.")  # SIGKILL cannot be cleaned up
    assert old_output.read_bytes() == OLD_OUTPUT

    result = invoke("leads", "clean", "leads.csv", "-o", "out.csv")  # the next run writing the same output
    assert result.exit_code == 0, result.stderr
    assert temp_files(tmp_path) == []
    assert read(old_output)["Lead ID"].tolist() == ["00Q1", "00Q2", "00Q3"]  # every input row is there
    assert digest(leads) == before


@pytest.mark.slow
def test_sigterm_while_routing_leaves_output_and_state_as_they_were_and_frees_the_lock(tmp_path):
    (tmp_path / "scored.csv").write_text(SCORED_CSV, encoding="utf-8")
    (tmp_path / "reps.csv").write_text(ROSTER_CSV, encoding="utf-8")
    (tmp_path / "state.json").write_text(OLD_STATE, encoding="utf-8")
    (tmp_path / "routed.csv").write_bytes(OLD_OUTPUT)
    proc = start_held(tmp_path, "leads", "route", "scored.csv", "-o", "routed.csv", "--reps", "reps.csv",
                      "--state", "state.json", "--as-of", "2026-11-20T08:00")
    with pytest.raises(Exception, match="another revops run holds"):  # it holds the lock while it writes
        with _cli_lock(tmp_path / "state.json", wait=0.05):
            pass
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 143
    assert err.strip().splitlines()[-1] == "revops: stopped by SIGTERM; routed.csv was left as it was."
    assert (tmp_path / "routed.csv").read_bytes() == OLD_OUTPUT
    assert (tmp_path / "state.json").read_text(encoding="utf-8") == OLD_STATE  # the rotation did not advance
    assert temp_files(tmp_path) == []
    with _cli_lock(tmp_path / "state.json", wait=0.05):  # released: the next run gets it at once
        pass


@contextmanager
def _cli_lock(path: Path, wait: float):
    with locked_state(path, timeout=wait):
        yield


def test_stale_temp_files_are_removed_only_when_their_run_is_over(tmp_path, monkeypatch):
    dest = tmp_path / "out.csv"
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                              text=True).stdout.strip()
        names = {
            f".out.csv.{dead}.abcd1234.tmp": True,  # its process is gone: stale
            ".out.csv.abcd1234.tmp": True,  # older revops naming, older than the run: stale
            f".out.csv.{sleeper.pid}.abcd1234.tmp": False,  # a run still going: kept
            ".other.csv.abcd1234.tmp": False,  # another output's: kept
            ".out.csv.notours.tmp": False,  # not our naming: kept
        }
        for name in names:
            (tmp_path / name).write_text("partial")
        monkeypatch.setattr(signals.ledger, "started", time.time() + 5)  # every file above is older than the run
        removed = remove_stale_temps(dest)
        assert sorted(p.name for p in removed) == sorted(n for n, stale in names.items() if stale)
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted(n for n, stale in names.items() if not stale)
        (tmp_path / ".out.csv.abcd5678.tmp").write_text("partial")
        monkeypatch.setattr(signals.ledger, "started", time.time() - 60)  # written after this run began: kept
        assert remove_stale_temps(dest) == []
    finally:
        sleeper.kill()
        sleeper.wait()


# --------------------------------------------------------------------------- the disk says no


def _clean_fails(tmp_path: Path, out: str | Path, leads: Path):
    before = digest(leads)
    result = invoke("leads", "clean", leads, "-o", out)
    assert result.exit_code == 2, result.stdout
    assert digest(leads) == before
    return result.stderr.strip()


def test_a_full_disk_names_the_file_and_keeps_the_old_output(tmp_path, leads, old_output, monkeypatch):
    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("revops_cli.io.write.os.fsync", full)
    message = _clean_fails(tmp_path, old_output, leads)
    assert message == (f"Error: {old_output}: could not be written: there is no space left on the disk that holds "
                       f"{tmp_path}. Free some space there, or write the output to another disk with -o. The old "
                       "out.csv was left as it was.")
    assert old_output.read_bytes() == OLD_OUTPUT
    assert temp_files(tmp_path) == []


@contextmanager
def mounted_tmpfs(where: Path, *options: str):
    """A tiny tmpfs of our own (needs root and mount; skipped elsewhere)."""
    where.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", ",".join(options), "tmpfs", str(where)],
                          capture_output=True)
    if done.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace').strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


def test_a_really_full_filesystem_keeps_the_old_output(tmp_path, monkeypatch):
    big = tmp_path / "big.csv"
    body = "".join(f"00Q{i:05d},Ann,Lee,ann{i}@acme-widgets.com,Acme Widgets Incorporated,USA\n" for i in range(3000))
    big.write_text("Lead ID,First Name,Last Name,Email,Company,Country\n" + body, encoding="utf-8")
    before = digest(big)
    with mounted_tmpfs(tmp_path / "full", "size=64k") as disk:
        out = disk / "out.csv"
        out.write_bytes(OLD_OUTPUT)
        result = invoke("leads", "clean", big, "-o", out)
        assert result.exit_code == 2
        assert result.stderr.strip() == (
            f"Error: {out}: could not be written: there is no space left on the disk that holds {disk}. Free some "
            "space there, or write the output to another disk with -o. The old out.csv was left as it was.")
        assert out.read_bytes() == OLD_OUTPUT
        assert temp_files(disk) == []
    assert digest(big) == before


def test_a_read_only_file_system_is_said_before_any_work(tmp_path, leads):
    with mounted_tmpfs(tmp_path / "ro", "ro,size=64k") as disk:
        message = _clean_fails(tmp_path, disk / "out.csv", leads)
        assert message == (f"Error: {disk}/out.csv: could not be written: {disk} is on a read-only file system. "
                           "Write the output to a writable folder with -o. Nothing was written.")
        assert list(disk.iterdir()) == []


def test_a_folder_you_cannot_write_to_is_permission_denied(tmp_path, leads, monkeypatch):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    if os.access(locked, os.W_OK):  # root writes anywhere: make the check see what a user would
        monkeypatch.setattr("revops_cli.io.write.os.access", lambda path, mode: False)
    try:
        message = _clean_fails(tmp_path, locked / "out.csv", leads)
    finally:
        locked.chmod(0o755)
    assert message == (f"Error: {locked}/out.csv: could not be written: permission denied: you cannot write to "
                       f"{locked}. Check the folder's permissions, or write the output elsewhere with -o. Nothing "
                       "was written.")
    assert list(locked.iterdir()) == []


def test_permission_denied_while_writing_keeps_the_old_output(tmp_path, leads, old_output, monkeypatch):
    def denied(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr("revops_cli.io.write.os.replace", denied)
    message = _clean_fails(tmp_path, old_output, leads)
    assert message.startswith(f"Error: {old_output}: could not be written: permission denied")
    assert message.endswith("The old out.csv was left as it was.")
    assert old_output.read_bytes() == OLD_OUTPUT
    assert temp_files(tmp_path) == []


def test_an_output_that_is_a_folder_is_refused(tmp_path, leads):
    folder = tmp_path / "reports.csv"
    folder.mkdir()
    message = _clean_fails(tmp_path, folder, leads)
    assert message == f"Error: {folder}: is a folder. Give a file name such as {folder}/out.csv."
    assert list(folder.iterdir()) == []


def test_a_folder_that_vanishes_before_the_write_is_named(tmp_path, leads, monkeypatch):
    gone = tmp_path / "gone"
    gone.mkdir()

    def vanish(dest):  # an rm -rf from another job between the checks and the write
        shutil.rmtree(dest.parent)
        return []

    monkeypatch.setattr("revops_cli.io.write.remove_stale_temps", vanish)
    message = _clean_fails(tmp_path, gone / "out.csv", leads)
    assert message == (f"Error: {gone}/out.csv: could not be written: the folder {gone} does not exist (any more). "
                       "Create it again, or pick another output path. Nothing was written.")


@pytest.mark.skipif(not Path("/proc/self").exists(), reason="needs Linux /proc")
def test_a_system_folder_where_no_file_can_be_made_is_named(tmp_path, leads):
    message = _clean_fails(tmp_path, "/proc/revops-out.csv", leads)
    assert message.startswith("Error: /proc/revops-out.csv: could not be written: ")
    assert "unexpected" not in message


def test_a_path_too_long_is_named(tmp_path, leads):
    out = tmp_path / ("x" * 300 + ".csv")
    message = _clean_fails(tmp_path, out, leads)
    assert message == (f"Error: {out}: could not be written: the path is too long for the file system. Use a "
                       "shorter file or folder name. Nothing was written.")


# --------------------------------------------------------------------------- inputs still being written


CUT_CASES = {
    "a short last line": (
        (LEADS_CSV + "00Q4,Ann,Lee,ann@acme").encode(),
        "leads.csv: the last line (line 5) has 4 of the header's 9 fields and the file does not end with a line "
        "break: the last line looks cut off; is the export finished? Export the file again, or, if it is "
        "complete, add the missing fields (or a line break at its end) and run again."),
    "half a multi-byte character": (
        (LEADS_CSV + "00Q4,Zoë,Müllé").encode()[:-1],
        "leads.csv: the file ends in the middle of a character (its last 1 byte(s) are half of a utf-8 "
        "character): the last line looks cut off; is the export finished? Wait for it to finish, or export the "
        "file again."),
    "an open quote at the end": (
        (LEADS_CSV + '00Q4,Ann,Lee,ann@acme.com,555,"Acme, Inc. notes that go on\nand on').encode(),
        "leads.csv: a quoted value that starts on line 5 is still open at the end of the file: the last line "
        "looks cut off; is the export finished? If the file is complete, the quote on line 5 is stray: remove "
        "it or close it, then run again."),
}


@pytest.mark.parametrize("case", list(CUT_CASES))
def test_an_export_still_being_written_is_named_not_read_short(tmp_path, old_output, case):
    data, expected = CUT_CASES[case]
    source = tmp_path / "leads.csv"
    source.write_bytes(data)
    result = invoke("leads", "clean", "leads.csv", "-o", "out.csv")
    assert result.exit_code == 2
    assert result.stderr.strip() == f"Error: {expected}"
    assert source.read_bytes() == data
    assert old_output.read_bytes() == OLD_OUTPUT


def test_a_finished_export_with_a_short_last_row_and_a_line_break_is_read(tmp_path):
    (tmp_path / "leads.csv").write_text(LEADS_CSV + "00Q4,Ann,Lee\n", encoding="utf-8")
    result = invoke("leads", "clean", "leads.csv", "-o", "out.csv")
    assert result.exit_code == 0, result.stderr
    out = read(tmp_path / "out.csv")
    assert out["Lead ID"].tolist() == ["00Q1", "00Q2", "00Q3", "00Q4"] and out["Email"].iloc[3] == ""


def test_short_rows_that_are_the_exporters_habit_are_not_called_cut(tmp_path):
    text = "Email,Name,Phone\na@x.com,Ann\nb@x.com,Bob,555\nc@x.com,Cy"  # the first row is short too
    (tmp_path / "leads.csv").write_text(text, encoding="utf-8")
    result = invoke("leads", "clean", "leads.csv", "-o", "out.csv")
    assert result.exit_code == 0, result.stderr
    assert read(tmp_path / "out.csv")["Email"].tolist() == ["a@x.com", "b@x.com", "c@x.com"]


# --------------------------------------------------------------------------- a lock another run holds


def test_a_state_lock_held_longer_than_the_wait_is_exit_2_saying_since_when(tmp_path):
    (tmp_path / "scored.csv").write_text(SCORED_CSV, encoding="utf-8")
    (tmp_path / "reps.csv").write_text(ROSTER_CSV, encoding="utf-8")
    (tmp_path / "state.json").write_text(OLD_STATE, encoding="utf-8")
    (tmp_path / "revops.toml").write_text("[general]\nlock_wait_seconds = 0.2\n", encoding="utf-8")
    before = digest(tmp_path / "scored.csv")
    taken = time.time()
    with locked_state(tmp_path / "state.json"):
        result = invoke("leads", "route", "scored.csv", "-o", "routed.csv", "--reps", "reps.csv",
                        "--state", "state.json", "--as-of", "2026-11-20T08:00")
    assert result.exit_code == 2
    message = result.stderr.strip()
    since = message.split(" since ", 1)[1][:5]
    assert since in {time.strftime("%H:%M", time.localtime(t)) for t in (taken, time.time())}
    assert message == (
        f"Error: another revops run holds state.json (process {os.getpid()}) since {since}; waited 0.2 s "
        "(general.lock_wait_seconds). Wait for that run to finish, or raise general.lock_wait_seconds; if no "
        "revops run is going, remove state.json.lock.")
    assert not (tmp_path / "routed.csv").exists()
    assert (tmp_path / "state.json").read_text(encoding="utf-8") == OLD_STATE
    assert digest(tmp_path / "scored.csv") == before
    rerun = invoke("leads", "route", "scored.csv", "-o", "routed.csv", "--reps", "reps.csv", "--state",
                   "state.json", "--as-of", "2026-11-20T08:00")  # the lock is free: every row is routed
    assert rerun.exit_code == 0, rerun.stderr
    assert read(tmp_path / "routed.csv")["Lead ID"].tolist() == ["L1", "L2", "L4"]


# --------------------------------------------------------------------------- revops init


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o002, 0o664)])
def test_init_writes_the_usual_mode_like_every_output(tmp_path, umask, mode):
    old = os.umask(umask)
    try:
        result = invoke("init", "team")
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.stderr
    for name in ("revops.toml", "reps.csv", "territories.csv"):
        assert (tmp_path / "team" / name).stat().st_mode & 0o777 == mode, name

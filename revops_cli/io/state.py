"""The round-robin state file on disk: reading, atomic writing and the lock.

SPEC contract 8: "Round-robin state lives in an explicit state file;
``--dry-run`` never advances it." What the state *is* (pools of counts, and
its JSON form) is :class:`revops_cli.core.leads.routing.RouteState`; this
module only moves its text to and from disk:

* :func:`load_state` - a missing file is an empty state (the first run); a
  file that ``parse`` refuses is a :class:`RevopsInputError` naming the file
  and what to do, never a silent restart of the rotation.
* :func:`save_state` - atomic: a temp file in the same folder, fsync, then
  ``os.replace``, so a crash leaves the old state or the new one.
* :func:`locked_state` - an exclusive ``<path>.lock`` (``filelock``) held
  around read, route and save, so two cron runs cannot both advance the
  pointer from the same starting point. The holder writes its process id and
  start time into the lock file, so a run that waits longer than
  ``general.lock_wait_seconds`` can say "another revops run holds STATE since
  14:05" and exit 2 instead of waiting forever. The lock is released on every
  way out, SIGINT and SIGTERM included (the kernel releases it after SIGKILL).

The file (written by ``RouteState.to_json``) looks like::

    {"version": 1,
     "pools": {"US West|senior_sales": {"0055e00000Hax3BAAR": 12.0, ...}, ...}}

Pool keys are ``"<territory>|<tier queue>"``; the numbers are each rep's
running count of round-robin leads in that pool (a float, because a rep who
joins a pool starts at the pool's weighted minimum, not at 0).
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from filelock import FileLock, Timeout

from revops_cli.errors import RevopsInputError

T = TypeVar("T")

__all__ = ["load_state", "locked_state", "save_state"]

#: Seconds a run waits for another run's lock before giving up.
LOCK_TIMEOUT_SECONDS = 30.0


def load_state(path: str | os.PathLike[str], parse: Callable[[str], T], empty: Callable[[], T]) -> T:
    """Read the state file with ``parse``; a missing file is ``empty()`` (first run).

    Raises :class:`RevopsInputError` for a folder, an unreadable file, or text
    ``parse`` refuses (its ValueError says why), naming the file and what to do.
    """
    path = Path(path)
    fix = ("fix it, restore it from a backup, or delete it to start the round robin afresh "
           "(every rep's count starts again at 0)")
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return empty()
    except IsADirectoryError:
        raise RevopsInputError(f"{path}: is a folder, not a round-robin state file; give a file name such as "
                               f"{path / 'route-state.json'}.") from None
    except OSError as exc:
        raise RevopsInputError(f"{path}: cannot read the round-robin state file ({exc.strerror or exc}).") from None
    if not raw.strip():
        raise RevopsInputError(f"{path}: the round-robin state file is empty; {fix}.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RevopsInputError(f"{path}: is not a round-robin state file (not UTF-8 text); {fix}.") from None
    try:
        return parse(text)
    except ValueError as exc:
        raise RevopsInputError(f"{path}: is not a valid round-robin state file: it {exc}; {fix}.") from None


def save_state(path: str | os.PathLike[str], text: str) -> None:
    """Write the state atomically: temp file in the same folder, fsync, ``os.replace``
    (the outputs' writer: a full disk or a read-only folder is a one-line error, the old state stays)."""
    from revops_cli.io.write import _atomic_write

    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise RevopsInputError(f"{path}: the folder {str(folder)!r} does not exist; create it first or pick "
                               "another path for the state file.")
    _atomic_write(path, lambda tmp: Path(tmp).write_text(text, encoding="utf-8", newline="\n"))


@contextmanager
def locked_state(path: str | os.PathLike[str], *, timeout: float = LOCK_TIMEOUT_SECONDS) -> Iterator[Path]:
    """Hold the exclusive lock ``<path>.lock`` for the ``with`` block (read, route, save inside it).

    Another run holding it for longer than ``timeout`` seconds (``general.lock_wait_seconds``) gives a
    :class:`RevopsInputError` naming the state file and since when it is held. The lock file itself
    is left in place (filelock locks the open file, not its existence, so a stale file never blocks).
    """
    lock_path = f"{os.fspath(path)}.lock"
    lock = FileLock(lock_path, timeout=timeout)
    try:
        lock.acquire()
    except Timeout:
        raise RevopsInputError(
            f"another revops run holds {os.fspath(path)}{_holder(lock_path)}; waited {timeout:g} s "
            "(general.lock_wait_seconds). Wait for that run to finish, or raise general.lock_wait_seconds; "
            f"if no revops run is going, remove {lock_path}."
        ) from None
    except OSError as exc:
        raise RevopsInputError(f"{lock_path}: cannot create the lock file ({exc.strerror or exc}); check that "
                               "the state file's folder exists and is writable.") from None
    try:
        _write_holder(lock_path)
        yield Path(path)
    finally:
        lock.release()


def _write_holder(lock_path: str) -> None:
    """Record who holds the lock and since when (read by a run that has to wait)."""
    try:
        with open(lock_path, "w", encoding="utf-8") as out:
            out.write(f"pid {os.getpid()} since {time.time():.0f}\n")
    except OSError:
        pass  # the lock holds without the note


def _holder(lock_path: str) -> str:
    """" (process 123) since 14:05" from the lock file, or "" when it says nothing readable."""
    try:
        words = Path(lock_path).read_text(encoding="utf-8").split()
        pid, since = int(words[1]), float(words[3])
    except (OSError, ValueError, IndexError):
        return ""
    moment = dt.datetime.fromtimestamp(since)
    shown = f"{moment:%H:%M}" if moment.date() == dt.date.today() else f"{moment:%Y-%m-%d %H:%M}"
    return f" (process {pid}) since {shown}"

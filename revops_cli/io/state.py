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
  pointer from the same starting point.

The file (written by ``RouteState.to_json``) looks like::

    {"version": 1,
     "pools": {"US West|senior_sales": {"0055e00000Hax3BAAR": 12.0, ...}, ...}}

Pool keys are ``"<territory>|<tier queue>"``; the numbers are each rep's
running count of round-robin leads in that pool (a float, because a rep who
joins a pool starts at the pool's weighted minimum, not at 0).
"""

from __future__ import annotations

import os
import tempfile
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
    """Write the state atomically: temp file in the same folder, fsync, ``os.replace``."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise RevopsInputError(f"{path}: the folder {str(folder)!r} does not exist; create it first or pick "
                               "another path for the state file.")
    handle, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


@contextmanager
def locked_state(path: str | os.PathLike[str], *, timeout: float = LOCK_TIMEOUT_SECONDS) -> Iterator[Path]:
    """Hold the exclusive lock ``<path>.lock`` for the ``with`` block (read, route, save inside it).

    Another run holding it for longer than ``timeout`` seconds gives a
    :class:`RevopsInputError`; the lock file itself is left in place (filelock
    locks the open file, not its existence, so a stale file never blocks).
    """
    lock_path = f"{os.fspath(path)}.lock"
    lock = FileLock(lock_path, timeout=timeout)
    try:
        lock.acquire()
    except Timeout:
        raise RevopsInputError(f"another revops run holds {lock_path}; wait for it or remove the lock if no run "
                               "is going.") from None
    except OSError as exc:
        raise RevopsInputError(f"{lock_path}: cannot create the lock file ({exc.strerror or exc}); check that "
                               "the state file's folder exists and is writable.") from None
    try:
        yield Path(path)
    finally:
        lock.release()

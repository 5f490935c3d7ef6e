"""The round-robin state file: who has had how many leads in each pool.

SPEC contract 8: "Round-robin state lives in an explicit state file;
``--dry-run`` never advances it." :class:`RouteState` is what
:func:`revops_cli.core.leads.routing.route_leads` reads and returns; this module
only moves it to and from disk:

* :func:`load_state` - a missing file is an empty state (the first run); a
  file that is not the JSON this module writes is a :class:`RevopsInputError`
  naming the file and what to do, never a silent restart of the rotation.
* :func:`save_state` - atomic: a temp file in the same folder, fsync, then
  ``os.replace``, so a crash leaves the old state or the new one.
* :func:`locked_state` - an exclusive ``<path>.lock`` (``filelock``) held
  around read, route and save, so two cron runs cannot both advance the
  pointer from the same starting point.

The file looks like::

    {"version": 1,
     "pools": {"US West|senior_sales": {"0055e00000Hax3BAAR": 12.0, ...}, ...}}

Pool keys are ``"<territory>|<tier queue>"``; the numbers are each rep's
running count of round-robin leads in that pool (a float, because a rep who
joins a pool starts at the pool's weighted minimum, not at 0).
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from revops_cli.errors import RevopsInputError

__all__ = ["STATE_VERSION", "RouteState", "load_state", "locked_state", "save_state"]

STATE_VERSION = 1
#: Seconds a run waits for another run's lock before giving up.
LOCK_TIMEOUT_SECONDS = 30.0


@dataclass
class RouteState:
    """Round-robin counts per pool: ``pools[pool_key][rep_id] = leads assigned so far``."""

    pools: dict[str, dict[str, float]] = field(default_factory=dict)
    version: int = STATE_VERSION

    def to_json(self) -> str:
        """The state as JSON text, keys sorted (the same state always gives the same bytes)."""
        payload = {"version": self.version,
                   "pools": {pool: {rep: float(count) for rep, count in sorted(reps.items())}
                             for pool, reps in sorted(self.pools.items())}}
        return json.dumps(payload, indent=1, ensure_ascii=False, sort_keys=False) + "\n"

    @classmethod
    def from_json(cls, text: str | bytes) -> RouteState:
        """Parse :meth:`to_json` output; ValueError says what is wrong with anything else."""
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValueError(f"is not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})") from None
        return cls.from_dict(data)

    @classmethod
    def from_dict(cls, data: Any) -> RouteState:
        """Validate a decoded JSON object; ValueError names the first problem."""
        if not isinstance(data, dict):
            raise ValueError("must hold a JSON object with 'version' and 'pools'")
        unknown = sorted(set(data) - {"version", "pools"})
        if unknown:
            raise ValueError(f"has unknown key {unknown[0]!r}; expected only 'version' and 'pools'")
        version = data.get("version", STATE_VERSION)
        if not isinstance(version, int) or isinstance(version, bool):
            raise ValueError(f"'version' must be a whole number (got {version!r})")
        if version > STATE_VERSION:
            raise ValueError(f"was written by a newer revops (state version {version}; this one reads "
                             f"{STATE_VERSION}); upgrade revops")
        pools = data.get("pools", {})
        if not isinstance(pools, dict):
            raise ValueError("'pools' must be a JSON object of pool -> {rep id: count}")
        clean: dict[str, dict[str, float]] = {}
        for pool, reps in pools.items():
            if not isinstance(reps, dict):
                raise ValueError(f"pool {pool!r} must be a JSON object of rep id -> count")
            counts: dict[str, float] = {}
            for rep, count in reps.items():
                if isinstance(count, bool) or not isinstance(count, (int, float)) or not math.isfinite(count) \
                        or count < 0:
                    raise ValueError(f"pool {pool!r}, rep {rep!r}: count must be a number of 0 or more "
                                     f"(got {count!r})")
                counts[str(rep)] = float(count)
            clean[str(pool)] = counts
        return cls(pools=clean, version=version)

    def copy(self) -> RouteState:
        """A deep copy (routing returns a new state; the old one stays as it was)."""
        return RouteState({pool: dict(reps) for pool, reps in self.pools.items()}, self.version)


def load_state(path: str | os.PathLike[str]) -> RouteState:
    """Read the state file; a missing file is an empty state (first run).

    Raises :class:`RevopsInputError` for a folder, an unreadable file, or text
    that is not a state this module wrote, naming the file and what to do.
    """
    path = Path(path)
    fix = ("fix it, restore it from a backup, or delete it to start the round robin afresh "
           "(every rep's count starts again at 0)")
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return RouteState()
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
        return RouteState.from_json(text)
    except ValueError as exc:
        raise RevopsInputError(f"{path}: is not a valid round-robin state file: it {exc}; {fix}.") from None


def save_state(path: str | os.PathLike[str], state: RouteState) -> None:
    """Write the state atomically: temp file in the same folder, fsync, ``os.replace``."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise RevopsInputError(f"{path}: the folder {str(folder)!r} does not exist; create it first or pick "
                               "another path for the state file.")
    handle, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(state.to_json())
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

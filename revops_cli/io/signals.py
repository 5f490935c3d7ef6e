"""Stopping cleanly: SIGINT/SIGTERM become an exception, and what this run wrote is on record.

A cron or CI timeout, ``timeout``, ``kill`` or a stopped container sends SIGTERM; Ctrl-C sends
SIGINT. While :func:`handled` is active both raise :class:`Interrupted` (a ``KeyboardInterrupt``)
in the main thread, so every ``finally`` and ``except BaseException`` on the way out runs: the
atomic writer removes its temp file, the state lock is released. The command line then prints
one line from :func:`outcome` ("out.csv was left as it was") and exits 128 + the signal number
(130 for SIGINT, 143 for SIGTERM), as shells do.

:func:`deferred` holds a signal back for the few instructions that must not be cut in two (the
rename that puts a finished output in place, and recording it), and raises it right after.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Interrupted", "deferred", "handled", "ledger", "outcome"]

#: Signals turned into :class:`Interrupted` while :func:`handled` is active.
HANDLED_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Interrupted(KeyboardInterrupt):
    """The run was stopped by a signal; ``exit_code`` is 128 + its number."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum
        self.name = signal.Signals(signum).name
        self.exit_code = 128 + signum


@dataclass
class Ledger:
    """The outputs of this run: being written now, finished, and stale temp files removed."""

    started: float = field(default_factory=time.time)
    writing: dict[Path, bool] = field(default_factory=dict)  # path -> it existed before this run wrote it
    written: list[Path] = field(default_factory=list)
    stale_removed: list[Path] = field(default_factory=list)

    def reset(self) -> None:
        self.started = time.time()
        self.writing.clear()
        self.written.clear()
        self.stale_removed.clear()


ledger = Ledger()
_deferring = 0
_pending: list[int] = []


def _raise(signum: int, _frame: object) -> None:
    if _deferring:
        _pending.append(signum)
        return
    raise Interrupted(signum)


@contextmanager
def handled() -> Iterator[None]:
    """Turn SIGINT/SIGTERM into :class:`Interrupted` for the ``with`` block (main thread only),
    start a fresh ledger, and restore the previous handlers afterwards."""
    ledger.reset()
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {sig: signal.signal(sig, _raise) for sig in HANDLED_SIGNALS}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


@contextmanager
def deferred() -> Iterator[None]:
    """Hold SIGINT/SIGTERM back inside the block; a signal that came meanwhile is raised at its end."""
    global _deferring
    _deferring += 1
    try:
        yield
    finally:
        _deferring -= 1
        if not _deferring and _pending:
            signum = _pending[0]
            _pending.clear()
            raise Interrupted(signum)


def outcome() -> str:
    """What a stopped run leaves behind, in one sentence: the outputs it was writing are as they were."""
    parts = []
    for path, existed in ledger.writing.items():
        parts.append(f"{path} was left as it was" if existed else f"{path} was not created")
    if ledger.written:
        parts.append(f"already finished: {', '.join(str(p) for p in ledger.written)}")
    if not parts:
        return "no output was written"
    return "; ".join(parts)


def process_alive(pid: int) -> bool:
    """Whether a process with this id runs on this machine (ours or another user's)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True

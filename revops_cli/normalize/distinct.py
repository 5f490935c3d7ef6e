"""Apply a per-value function once per distinct value and broadcast the result.

Library calls (phonenumbers, email-validator, pycountry) cost microseconds
each; a million-row export has far fewer distinct values than rows, so every
normaliser goes through :func:`map_distinct` instead of ``Series.apply``.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
import signal
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as np
import pandas as pd

from revops_cli.normalize.blank import is_blank  # noqa: E402,F401  (the one blank rule; imported from here too)


def map_distinct(
    keys: pd.Series | pd.DataFrame,
    func: Callable[..., Sequence[Any]],
    columns: Sequence[str],
    *,
    memo: bool = False,
) -> pd.DataFrame:
    """Call ``func`` once per distinct key and return one result row per input row.

    ``keys`` is a Series (``func(value)``) or a DataFrame of key columns
    (``func(*row_values)``). Missing keys reach ``func`` as ``None``. ``func``
    returns a tuple with one item per name in ``columns``. The result has the
    index of ``keys``; its columns are object dtype holding exactly what
    ``func`` returned (``None`` stays ``None``), so the caller decides types.

    ``memo``: ``func`` is a pure module-level function whose answers are kept for the next call
    (up to :data:`MEMO_MAX` keys), so a file cleaned a batch at a time computes the 31,000 company
    spellings of a million-row export about once, not once per batch.
    """
    if isinstance(keys, pd.Series):
        frame = keys.to_frame()
    else:
        frame = keys
    if len(frame) == 0:
        return pd.DataFrame({c: pd.Series([], dtype=object) for c in columns}, index=frame.index)

    # Factorise each key column (missing -> code -1, never a placeholder string
    # that real data could contain), then factorise the combined codes.
    combined = np.zeros(len(frame), dtype=np.int64)
    level_values = []
    for position in range(frame.shape[1]):
        codes_i, uniques_i = pd.factorize(frame.iloc[:, position].astype(object), use_na_sentinel=True)
        combined = combined * (len(uniques_i) + 1) + (codes_i + 1)
        level_values.append([None, *(None if _missing(u) else u for u in uniques_i)])
    codes, first_rows = _factorize_with_first(combined)
    distinct_args = []
    for row in first_rows:
        remainder = int(combined[row])
        args = []
        for values in reversed(level_values):
            remainder, code = divmod(remainder, len(values))
            args.append(values[code])
        distinct_args.append(tuple(reversed(args)))
    results = _remembered(func, distinct_args) if memo else _call_all(func, distinct_args)
    table = np.empty((len(results), len(columns)), dtype=object)
    for i, row in enumerate(results):
        if len(row) != len(columns):
            raise ValueError(f"{func!r} returned {len(row)} items, expected {len(columns)}")
        table[i, :] = row
    taken = table[codes]
    return pd.DataFrame(taken, index=frame.index, columns=list(columns), dtype=object)


# Below this many distinct keys a second process costs more than it saves.
PARALLEL_MIN_DISTINCT = 20_000
_WORKER_FUNC: Callable[..., Sequence[Any]] | None = None
#: Answers kept per memoised function (about 100 MB at most for a company's four strings).
MEMO_MAX = 250_000
_MEMO: dict[Callable[..., Sequence[Any]], dict[tuple, tuple]] = {}


class _Serial(threading.local):
    depth = 0


_SERIAL = _Serial()


@contextlib.contextmanager
def in_this_process() -> Iterator[None]:
    """No worker processes inside the block: a fork while another thread is busy (a streamed file's reader
    and writer parse and write while the batch is cleaned) can leave a child waiting forever on a lock
    that thread held."""
    _SERIAL.depth += 1
    try:
        yield
    finally:
        _SERIAL.depth -= 1


def _remembered(func: Callable[..., Sequence[Any]], distinct_args: list[tuple]) -> list[tuple]:
    """:func:`_call_all` for the keys ``func`` has not answered in an earlier call."""
    known = _MEMO.setdefault(func, {})
    missing = [args for args in distinct_args if args not in known]
    if missing:
        answers = _call_all(func, missing)
        room = MEMO_MAX - len(known)
        if room > 0:
            known.update(zip(missing[:room], answers[:room]))
        if len(answers) > room:  # the memo is full: answer this call from its own results
            fresh = dict(zip(missing, answers))
            return [known[args] if args in known else fresh[args] for args in distinct_args]
    return [known[args] for args in distinct_args]


def _call_all(func: Callable[..., Sequence[Any]], distinct_args: list[tuple]) -> list[tuple]:
    """``func`` over every distinct key; split over the CPU cores for big jobs.

    Phone and email parsing is pure Python at ~20-60 µs a value, so a
    million-row export with 700k distinct phones is CPU-bound; forked workers
    inherit ``func`` (closures included) without pickling it. Where fork is not
    available, or the job is small, it runs in this process.
    """
    workers = min(os.cpu_count() or 1, 8)
    if (len(distinct_args) < PARALLEL_MIN_DISTINCT or workers < 2 or "fork" not in mp.get_all_start_methods()
            or _SERIAL.depth):
        return [tuple(func(*args)) for args in distinct_args]
    global _WORKER_FUNC
    _WORKER_FUNC = func
    try:
        size = -(-len(distinct_args) // (workers * 4))
        chunks = [distinct_args[i:i + size] for i in range(0, len(distinct_args), size)]
        with mp.get_context("fork").Pool(workers, initializer=_quiet_worker) as pool:
            parts = pool.map(_call_chunk, chunks)
    finally:
        _WORKER_FUNC = None
    return [row for part in parts for row in part]


def _quiet_worker() -> None:
    """In a worker: end silently when the pool is closed (SIGTERM) and leave Ctrl-C to the parent.

    The forked worker inherits the command's handler that turns SIGTERM into an exception, which
    would print a traceback per worker when the pool shuts down.
    """
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _call_chunk(chunk: list[tuple]) -> list[tuple]:
    func = _WORKER_FUNC
    assert func is not None
    return [tuple(func(*args)) for args in chunk]


def _factorize_with_first(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Codes for ``keys`` plus, per distinct key, the position of its first occurrence."""
    codes, uniques = pd.factorize(keys)
    first = np.full(len(uniques), -1, dtype=np.int64)
    # reversed assignment leaves the smallest position for each code
    first[codes[::-1]] = np.arange(len(keys) - 1, -1, -1)
    return codes, first


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA


# Public names for normalisers that answer most keys in bulk and call their per-value function for the rest.
call_all = _call_all
factorize_with_first = _factorize_with_first

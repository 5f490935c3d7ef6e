"""Time the field normalisers on many distinct values, against plain pandas parsing the same values.

Usage: python benchmarks/normalizers.py [--rows 200000]

Timing is a benchmark, not a unit test: the figures are printed as a ratio to a floor measured
in the same run, so they mean the same on a slower or faster machine.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd

from revops_cli.normalize.timestamps import normalize_timestamp_column

ZONE = "America/New_York"


def _stamps(n: int) -> pd.DatetimeIndex:
    rng = np.random.default_rng(7)
    seconds = rng.integers(0, 5 * 365 * 86_400, n)
    return pd.DatetimeIndex(pd.Timestamp("2021-01-01") + pd.to_timedelta(np.unique(seconds), unit="s"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    args = parser.parse_args()
    stamps = _stamps(args.rows)
    third = len(stamps) // 3
    cells = np.concatenate([
        stamps[:third].strftime("%Y-%m-%dT%H:%M:%SZ"),
        stamps[third:2 * third].strftime("%m/%d/%Y %I:%M %p"),
        stamps[2 * third:].strftime("%d-%b-%Y %H:%M"),
    ])
    values = pd.Series(cells, dtype="str")
    started = time.perf_counter()
    pd.to_datetime(values, format="mixed", errors="coerce", utc=True)
    floor = time.perf_counter() - started
    started = time.perf_counter()
    normalize_timestamp_column(values, ZONE)
    ours = time.perf_counter() - started
    print(f"{len(values):,} distinct timestamps in three formats")
    print(f"floor  pd.to_datetime(format='mixed')  {floor:6.2f} s")
    print(f"revops normalize_timestamp_column      {ours:6.2f} s  ({ours / floor:.2f}x the floor)")


if __name__ == "__main__":
    main()

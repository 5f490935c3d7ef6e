"""Time revops' hot paths against a floor measured in the same run.

Usage: python benchmarks/run.py [--rows 1000000] [--only inspect,'leads clean','leads dedupe']

The floor is what plain pandas needs to read the same export and write it
back (``pd.read_csv(engine="pyarrow", dtype=str)`` + ``to_csv``); each revops
command is reported as a ratio to it, with its peak memory, so the figures
mean the same on a slower or faster machine. Each command runs in a fresh
process through the installed ``revops`` CLI, as a user would run it.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"

# Runs a command in a child and reports the child's wall time and peak RSS.
_MEASURE = r"""
import resource, subprocess, sys, time, json
start = time.perf_counter()
proc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
elapsed = time.perf_counter() - start
peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"seconds": elapsed, "peak_mb": peak_kb / 1024, "rc": proc.returncode,
                  "stderr": proc.stderr.decode(errors="replace")[-2000:]}))
"""

# pandas' pyarrow engine cannot read quoted line breaks (real exports have them in
# street and notes columns); the floor then uses pandas' default C engine.
_FLOOR = r"""
import sys, pandas as pd
try:
    frame = pd.read_csv(sys.argv[1], engine="pyarrow", dtype=str, keep_default_na=False, na_values=[""])
    engine = "pyarrow"
except Exception:
    frame = pd.read_csv(sys.argv[1], dtype=str, keep_default_na=False, na_values=[""])
    engine = "c"
frame.to_csv(sys.argv[2], index=False)
print(engine, file=sys.stderr)
"""


def measure(command: list[str]) -> dict:
    out = subprocess.run([sys.executable, "-c", _MEASURE, *command], capture_output=True, text=True, check=True)
    result = json.loads(out.stdout)
    if result["rc"] != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{result['stderr']}")
    return result


def ensure_data(rows: int) -> Path:
    path = DATA / ("leads_1m.csv" if rows == 1_000_000 else f"leads_{rows}.csv")
    if not path.exists():
        DATA.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, str(HERE / "generate.py"), "--rows", str(rows), "--out", str(path)], check=True)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--only", default="", help="comma-separated benchmark names to run")
    parser.add_argument("--repeat", type=int, default=1, help="runs per benchmark; the fastest counts")
    args = parser.parse_args()

    source = ensure_data(args.rows)
    revops = str(Path(sys.executable).with_name("revops"))
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        benchmarks = {
            "floor: pandas read_csv + to_csv": [sys.executable, "-c", _FLOOR, str(source), str(out / "floor.csv")],
            "inspect": [revops, "inspect", str(source), "--json"],
            "leads clean": [revops, "leads", "clean", str(source), "-o", str(out / "clean.csv"), "--quiet"],
            "leads dedupe": [revops, "leads", "dedupe", str(source), "-o", str(out / "deduped.csv"),
                             "--log", str(out / "merges.csv"), "--quiet"],
            "leads dedupe --flag-only": [revops, "leads", "dedupe", str(source), "-o", str(out / "flagged.csv"),
                                         "--flag-only", "--quiet"],
        }
        wanted = {w.strip() for w in args.only.split(",") if w.strip()}
        results = {}
        for name, command in benchmarks.items():
            if wanted and not name.startswith("floor") and name not in wanted:
                continue
            runs = [measure(command) for _ in range(args.repeat)]
            results[name] = min(runs, key=lambda r: r["seconds"])
    floor_result = results["floor: pandas read_csv + to_csv"]
    floor = floor_result["seconds"]
    size_mb = source.stat().st_size / 1e6
    print(f"input: {source.name}, {args.rows:,} rows, {size_mb:,.0f} MB; python {sys.version.split()[0]}; "
          f"floor read with pandas engine={floor_result['stderr'].strip().splitlines()[-1]}")
    print(f"{'benchmark':<44} {'seconds':>8} {'x floor':>8} {'peak MB':>8}")
    for name, result in results.items():
        print(f"{name:<44} {result['seconds']:>8.1f} {result['seconds'] / floor:>8.2f} {result['peak_mb']:>8.0f}")


if __name__ == "__main__":
    main()

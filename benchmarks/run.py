"""Time revops' hot paths against a floor measured in the same run.

Usage: python benchmarks/run.py [--rows 1000000] [--naive-rows 100000]
           [--only inspect,'leads clean','naive script','leads enrich-flag','leads dedupe','leads process','leads score','leads route','sla audit','data audit','report weekly']

The floor is what plain pandas needs to read the same export and write it
back (``pd.read_csv(engine="pyarrow", dtype=str)`` + ``to_csv``); each revops
command is reported as a ratio to it, with its peak memory, so the figures
mean the same on a slower or faster machine. Each command runs in a fresh
process through the installed ``revops`` CLI, as a user would run it.

The "naive script" row is what an analyst would write without revops: pandas,
then ``phonenumbers.parse`` / ``is_valid_number`` / ``format_number`` on each
phone and mobile and ``email_validator.validate_email`` on each email, row by
row, then ``to_csv``. At ~100 µs a row it takes minutes on a million rows, so it
runs on the first ``--naive-rows`` rows (0: all of them) and its seconds are
scaled to the whole file; the table says so on that row.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
SAMPLE = HERE.parent / "sample_data"
NOW = "2026-11-20T08:00"  # the as-of moment of the generated exports

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

# What a user would write: per row, the libraries' own calls (region US for numbers without a "+").
_NAIVE = r"""
import sys, pandas as pd, phonenumbers, email_validator
rows = int(sys.argv[3]) or None
frame = pd.read_csv(sys.argv[1], dtype=str, keep_default_na=False, na_values=[""], nrows=rows)

def phone(value):
    if not isinstance(value, str) or not value.strip():
        return value
    try:
        number = phonenumbers.parse(value, "US")
    except phonenumbers.NumberParseException:
        return value
    if not phonenumbers.is_valid_number(number):
        return value
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)

def email(value):
    if not isinstance(value, str) or not value.strip():
        return value
    try:
        return email_validator.validate_email(value.strip(), check_deliverability=False).normalized
    except email_validator.EmailNotValidError:
        return value

for column in ("Phone", "Mobile"):
    frame[column] = [phone(v) for v in frame[column]]
frame["Email"] = [email(v) for v in frame["Email"]]
frame.to_csv(sys.argv[2], index=False)
print(len(frame), file=sys.stderr)
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
    parser.add_argument("--naive-rows", type=int, default=100_000,
                        help="rows the naive script runs on, its time scaled to the file (0: all rows)")
    args = parser.parse_args()

    source = ensure_data(args.rows)
    revops = str(Path(sys.executable).with_name("revops"))
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        benchmarks = {
            "floor: pandas read_csv + to_csv": [sys.executable, "-c", _FLOOR, str(source), str(out / "floor.csv")],
            "inspect": [revops, "inspect", str(source), "--json"],
            "leads clean": [revops, "leads", "clean", str(source), "-o", str(out / "clean.csv"), "--quiet"],
            "naive script": [sys.executable, "-c", _NAIVE, str(source), str(out / "naive.csv"),
                             str(args.naive_rows if 0 < args.naive_rows < args.rows else 0)],
            "leads enrich-flag": [revops, "leads", "enrich-flag", str(source), "-o", str(out / "enriched.csv"),
                                  "--quiet"],
            "leads dedupe": [revops, "leads", "dedupe", str(source), "-o", str(out / "deduped.csv"),
                             "--log", str(out / "merges.csv"), "--quiet"],
            # the whole Lead Management SOP in one command: clean, dedupe, enrich, score, route (every row at once)
            "leads process": [revops, "leads", "process", str(source), "-o", str(out / "processed.csv"),
                              "--reps", str(SAMPLE / "reps.csv"), "--territories", str(SAMPLE / "territories.csv"),
                              "--state", str(out / "process-state.json"), "--as-of", NOW, "--quiet"],
            "leads dedupe --flag-only": [revops, "leads", "dedupe", str(source), "-o", str(out / "flagged.csv"),
                                         "--flag-only", "--quiet"],
            # score then route: route reads score's output, so wanting route runs score first.
            "leads score": [revops, "leads", "score", str(source), "-o", str(out / "scored.csv"), "--explain",
                            "--now", NOW, "--quiet"],
            "leads route": [revops, "leads", "route", str(out / "scored.csv"), "-o", str(out / "routed.csv"),
                            "--reps", str(SAMPLE / "reps.csv"), "--territories", str(SAMPLE / "territories.csv"),
                            "--state", str(out / "route-state.json"), "--now", NOW, "--quiet"],
            "data audit": [revops, "data", "audit", str(source), "--as-of", NOW, "--rows", str(out / "problems.csv"),
                           "--quiet"],
            "data audit --fuzzy": [revops, "data", "audit", str(source), "--as-of", NOW, "--fuzzy", "--quiet"],
        }
        activities = source.with_name(source.stem + "_activities.csv")
        if activities.exists():
            benchmarks["leads score --activities"] = [
                revops, "leads", "score", str(source), "-o", str(out / "scored_acts.csv"), "--activities",
                str(activities), "--now", NOW, "--quiet"]
            benchmarks["sla audit"] = [
                revops, "sla", "audit", "--leads", str(source), "--activities", str(activities), "--reps",
                str(SAMPLE / "reps.csv"), "--as-of", NOW, "--breaches", str(out / "breaches.csv"), "--quiet"]
            benchmarks["report weekly"] = [
                revops, "report", "weekly", "--leads", str(source), "--activities", str(activities), "--reps",
                str(SAMPLE / "reps.csv"), "--as-of", NOW, "-o", str(out / "weekly.html"), "--quiet"]
        wanted = {w.strip() for w in args.only.split(",") if w.strip()}
        if "leads route" in wanted:
            wanted.add("leads score")
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
    print(f"{'benchmark':<44} {'seconds':>8} {'x floor':>8} {'floor s':>8} {'peak MB':>8} {'x file':>7}")
    notes = []
    for name, result in results.items():
        seconds, peak, label = result["seconds"], f"{result['peak_mb']:>8.0f}", name
        times_file = f"{result['peak_mb'] * 2**20 / source.stat().st_size:>7.1f}"  # both in bytes
        if name == "naive script":
            sampled = int(result["stderr"].strip().splitlines()[-1])
            if sampled < args.rows:
                seconds = result["seconds"] * args.rows / sampled
                label, peak, times_file = f"naive script (scaled from {sampled:,} rows)", f"{'-':>8}", f"{'-':>7}"
                notes.append(f"naive script: measured {result['seconds']:.1f} s and {result['peak_mb']:,.0f} MB on the "
                             f"first {sampled:,} rows; its seconds above are that x {args.rows / sampled:g} "
                             "(rows scale linearly: one library call per cell); its peak memory is not scaled.")
        print(f"{label:<44} {seconds:>8.1f} {seconds / floor:>8.2f} {floor:>8.1f} {peak} {times_file}")
    for note in notes:
        print(note)
    if "leads score" in results and "leads route" in results:
        both = results["leads score"]["seconds"] + results["leads route"]["seconds"]
        print(f"{'leads score + leads route':<44} {both:>8.1f} {both / floor:>8.2f}")


if __name__ == "__main__":
    main()

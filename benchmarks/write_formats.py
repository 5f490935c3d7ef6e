"""Time revops' output writers: .xlsx against the CSV write of the same frame, and CSV at 1M rows.

Usage: python benchmarks/write_formats.py [--rows 300000] [--csv-rows 1000000] [--only xlsx,csv]

The frame is what a command writes: the first N rows of the generated benchmark export
(24 text columns, read as revops reads them) plus 6 columns revops computes (a boolean
with blanks, a float, an integer, an integer with blanks, an ISO datetime, a band): 30
columns. Each writer runs in a fresh child process, which builds the frame, then times
``write_table`` alone and reports the child's peak RSS (frame included). The ratio that
counts is xlsx seconds / CSV seconds, both measured in the same run.

``--code DIR`` runs another checkout's ``revops_cli`` (DIR holds the package), to measure
the writer before a change against the one after it, on the same machine in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"

_CHILD = r"""
import json, resource, sys, time
import numpy as np, pandas as pd
from revops_cli.io.read import read_table
from revops_cli.io.write import write_table

source, rows, dest = sys.argv[1], int(sys.argv[2]), sys.argv[3]
frame = read_table(source).frame.head(rows).copy()
n = len(frame)
codes = (np.arange(n) * 2654435761) % 1000
frame["revops_email_valid"] = pd.Series(np.where(codes < 50, None, codes % 7 != 0), dtype=object)
frame["revops_employees"] = np.where(codes < 100, np.nan, (codes * 37 % 5000).astype(float))
frame["revops_score"] = (codes % 101).astype("int64")
frame["revops_sla_minutes"] = pd.array(np.where(codes < 300, None, [5, 60, 1440][0]), dtype="Int64")
due = pd.Timestamp("2026-11-20T08:00", tz="America/New_York") + pd.to_timedelta(codes * 7, unit="min")
frame["revops_due_at"] = pd.Series(due.strftime("%Y-%m-%dT%H:%M:%S%z"), dtype="str").str.replace(
    r"(\d\d)(\d\d)$", r"\1:\2", regex=True)
frame["revops_band"] = pd.Series(np.array(["Hot", "Warm", "Qualified", "Early", "Cold"])[codes % 5], dtype="str")
start = time.perf_counter()
if len(sys.argv) > 4 and sys.argv[4] == "xlsxwriter":  # the usual streaming writer, one call per cell
    import xlsxwriter
    book = xlsxwriter.Workbook(dest, {"constant_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, [str(c) for c in frame.columns])
    columns = [frame[c].astype(object).where(frame[c].notna(), None).tolist() for c in frame.columns]
    for r, row in enumerate(zip(*columns), start=1):
        sheet.write_row(r, 0, row)
    book.close()
else:
    write_table(frame, dest)
seconds = time.perf_counter() - start
print(json.dumps({"rows": n, "columns": frame.shape[1], "seconds": seconds,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run_child(code: Path, source: Path, rows: int, dest: Path, writer: str = "revops") -> dict:
    env = dict(os.environ, PYTHONPATH=str(code))
    # -P: the checkout named by --code, not whatever revops_cli sits in the current folder
    out = subprocess.run([sys.executable, "-P", "-c", _CHILD, str(source), str(rows), str(dest), writer],
                         capture_output=True, text=True, env=env)
    if out.returncode != 0:
        raise SystemExit(out.stderr[-3000:])
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["bytes"] = dest.stat().st_size
    dest.unlink()
    return result


def ensure_data(rows: int) -> Path:
    """The generated export of exactly ``rows`` rows (made on first use), so peak memory is that file's."""
    path = DATA / ("leads_1m.csv" if rows == 1_000_000 else f"leads_{rows}.csv")
    if not path.exists():
        DATA.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, str(HERE / "generate.py"), "--rows", str(rows), "--out", str(path)], check=True)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=300_000, help="rows of the xlsx benchmark")
    parser.add_argument("--csv-rows", type=int, default=1_000_000, help="rows of the CSV benchmark")
    parser.add_argument("--only", default="xlsx,csv")
    parser.add_argument("--code", type=Path, default=HERE.parent, help="folder holding the revops_cli to measure")
    parser.add_argument("--out", type=Path, default=HERE / "out")
    parser.add_argument("--peers", action="store_true",
                        help="also time xlsxwriter in constant_memory mode on the same frame (pip install xlsxwriter)")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    only = {o.strip() for o in args.only.split(",")}
    print(f"code: {args.code}")
    print("| benchmark | rows × columns | seconds | × CSV | peak MB | file MB |")
    print("|---|---:|---:|---:|---:|---:|")
    if "xlsx" in only:
        source = ensure_data(args.rows)
        csv = run_child(args.code, source, args.rows, args.out / "bench.csv")
        xlsx = run_child(args.code, source, args.rows, args.out / "bench.xlsx")
        rows = [("CSV write (the floor)", csv), ("xlsx write", xlsx)]
        if args.peers:
            rows.append(("xlsxwriter, constant_memory, write_row per row",
                         run_child(args.code, source, args.rows, args.out / "peer.xlsx", "xlsxwriter")))
        for name, r in rows:
            print(f"| {name} | {r['rows']:,} × {r['columns']} | {r['seconds']:.1f} | {r['seconds'] / csv['seconds']:.2f} "
                  f"| {r['peak_mb']:,.0f} | {r['bytes'] / 1e6:,.0f} |", flush=True)
    if "csv" in only:
        r = run_child(args.code, ensure_data(args.csv_rows), args.csv_rows, args.out / "bench_1m.csv")
        print(f"| CSV write | {r['rows']:,} × {r['columns']} | {r['seconds']:.1f} | 1.00 | {r['peak_mb']:,.0f} "
              f"| {r['bytes'] / 1e6:,.0f} |", flush=True)


if __name__ == "__main__":
    main()

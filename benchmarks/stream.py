"""Time and peak memory of the streamed row-local commands as the file grows (1M, 3M, 10M rows).

Usage: python benchmarks/stream.py [--rows 1000000,3000000,10000000] [--only 'leads clean,leads enrich-flag,leads score,leads route']
           [--floor-up-to 10000000] [--batch-rows N]

Every CSV of 64 MB and more streams (``--batch-rows``, 200,000 rows at a time by default), so peak
memory should stay flat while the file grows tenfold. Each command runs in a fresh process through the
``revops`` CLI (``run.measure``: wall time and the child's peak RSS), after the floor of the same file
(pandas reading it as text and writing it back, which holds the whole file) up to ``--floor-up-to``
rows. The files are ``benchmarks/data/leads_N.csv`` (``leads_1m.csv`` for a million), made by
``benchmarks/generate.py`` when missing; a 10M file can also be the 3M file three times and the 1M
file once, header kept once (rows repeat across batches, which a batch never sees).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from run import _FLOOR, NOW, SAMPLE, ensure_data, measure  # benchmarks/run.py: the floor, the as-of moment, the measuring


def commands(revops: str, source: Path, out: Path, batch_rows: int | None) -> dict[str, list[str]]:
    batch = ["--batch-rows", str(batch_rows)] if batch_rows is not None else []
    return {
        "leads clean": [revops, "leads", "clean", str(source), "-o", str(out / "clean.csv"), "--quiet", *batch],
        "leads enrich-flag": [revops, "leads", "enrich-flag", str(source), "-o", str(out / "enriched.csv"),
                              "--quiet", *batch],
        "leads score": [revops, "leads", "score", str(source), "-o", str(out / "scored.csv"), "--explain",
                        "--as-of", NOW, "--quiet", *batch],
        # route reads score's output, with its round-robin state carried from batch to batch
        "leads route": [revops, "leads", "route", str(out / "scored.csv"), "-o", str(out / "routed.csv"),
                        "--reps", str(SAMPLE / "reps.csv"), "--territories", str(SAMPLE / "territories.csv"),
                        "--state", str(out / "route-state.json"), "--as-of", NOW, "--quiet", *batch],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", default="1000000,3000000,10000000", help="comma-separated sizes")
    parser.add_argument("--only", default="", help="comma-separated command names")
    parser.add_argument("--floor-up-to", type=int, default=10_000_000, help="largest size the floor runs on")
    parser.add_argument("--batch-rows", type=int, default=None, help="passed to each command")
    args = parser.parse_args()
    revops = str(Path(sys.executable).with_name("revops"))
    wanted = {w.strip() for w in args.only.split(",") if w.strip()}
    print(f"{'rows':>11} {'benchmark':<30} {'seconds':>8} {'x floor':>8} {'peak MB':>8} {'x file':>7} {'MB':>7}")
    for rows in (int(r) for r in args.rows.split(",")):
        source = ensure_data(rows)
        size = source.stat().st_size
        with tempfile.TemporaryDirectory(dir=source.parent) as tmp:
            out = Path(tmp)
            floor = None
            if rows <= args.floor_up_to:
                floor = measure([sys.executable, "-c", _FLOOR, str(source), str(out / "floor.csv")])
                (out / "floor.csv").unlink()
                _line(rows, "floor: pandas read_csv + to_csv", floor, None, size)
            for name, command in commands(revops, source, out, args.batch_rows).items():
                if wanted and name not in wanted and not (name == "leads score" and "leads route" in wanted):
                    continue
                result = measure(command)
                for written in out.glob("*.csv"):
                    if written.name != "scored.csv" or name == "leads route":
                        written.unlink()  # disk: a 10M-row output is 4 GB; route reads score's
                _line(rows, name, result, floor, size)


def _line(rows: int, name: str, result: dict, floor: dict | None, size: int) -> None:
    ratio = f"{result['seconds'] / floor['seconds']:>8.2f}" if floor else f"{'-':>8}"
    print(f"{rows:>11,} {name:<30} {result['seconds']:>8.1f} {ratio} {result['peak_mb']:>8.0f} "
          f"{result['peak_mb'] * 2**20 / size:>7.2f} {size / 1e6:>7.0f}", flush=True)


if __name__ == "__main__":
    main()

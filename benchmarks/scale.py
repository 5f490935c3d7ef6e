"""Time and peak memory of the commands that need every row at once, at several sizes.

Usage: python benchmarks/scale.py [--rows 1000000,3000000] [--only 'leads dedupe,sla audit,funnel report,data audit']
           [--code DIR] [--cleanup]

For each size N it uses benchmarks/data/scale/leads_N.csv and its N x 5 activities
(``leads_N_activities.csv``), generating them with benchmarks/generate.py (seed 7, 5%
planted duplicates) when missing. Each command runs in a fresh process through the
``revops`` command line (``run.measure``: wall time and the child's peak RSS), after the
floor of the same size (pandas reading the leads as text and writing them back), so the
ratio to the floor means the same on a slower or faster machine. ``--code DIR`` runs the
``revops_cli`` package of another checkout (say a ``git archive`` of main) instead of this
one, so before and after are measured on the same machine in the same session.
``--cleanup`` deletes each size's generated files once it is measured (disk space).

Commands, each reading every row of its input at once:
  leads dedupe   -o OUT --log MERGES (match, cluster, merge, log, accounts grouped)
  leads process  the whole Lead Management SOP in one command (clean, dedupe, enrich, score, route)
  sla audit      leads x activities linked, first touch and cadence, breaches written
  funnel report  stages reached, cohorts, time in stage, over the leads export
  data audit     the quality scorecard, problem rows written (exact duplicates above 250,000 rows)
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from run import _FLOOR, NOW, SAMPLE, measure  # benchmarks/run.py: the floor, the as-of moment, the measuring

HERE = Path(__file__).resolve().parent
DATA = HERE / "data" / "scale"
ACTIVITIES_PER_LEAD = 5  # as benchmarks/run.py's 1M leads x 5M activities


def ensure_data(rows: int) -> tuple[Path, Path]:
    leads = DATA / f"leads_{rows}.csv"
    activities = DATA / f"leads_{rows}_activities.csv"
    if not leads.exists() or not activities.exists():
        DATA.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, str(HERE / "generate.py"), "--rows", str(rows), "--activities",
                        str(rows * ACTIVITIES_PER_LEAD), "--out", str(leads)], check=True)
    return leads, activities


def commands(revops: str, leads: Path, activities: Path, out: Path) -> dict[str, list[str]]:
    return {
        "leads dedupe": [revops, "leads", "dedupe", str(leads), "-o", str(out / "deduped.csv"),
                         "--log", str(out / "merges.csv"), "--quiet"],
        "leads process": [revops, "leads", "process", str(leads), "-o", str(out / "processed.csv"),
                          "--reps", str(SAMPLE / "reps.csv"), "--territories", str(SAMPLE / "territories.csv"),
                          "--state", str(out / "route-state.json"), "--as-of", NOW, "--quiet"],
        "sla audit": [revops, "sla", "audit", "--leads", str(leads), "--activities", str(activities), "--reps",
                      str(SAMPLE / "reps.csv"), "--as-of", NOW, "--breaches", str(out / "breaches.csv"), "--quiet"],
        "funnel report": [revops, "funnel", "report", "--leads", str(leads), "--as-of", NOW, "--json", "--quiet"],
        "data audit": [revops, "data", "audit", str(leads), "--as-of", NOW, "--rows", str(out / "problems.csv"),
                       "--quiet"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", default="1000000,3000000", help="comma-separated sizes")
    parser.add_argument("--only", default="leads dedupe,sla audit,funnel report,data audit",
                        help="comma-separated command names (see above)")
    parser.add_argument("--code", type=Path, default=HERE.parent, help="checkout whose revops_cli runs")
    parser.add_argument("--cleanup", action="store_true", help="delete each size's generated files afterwards")
    args = parser.parse_args()
    sizes = [int(r) for r in args.rows.split(",") if r.strip()]
    wanted = [w.strip() for w in args.only.split(",") if w.strip()]
    os.environ["PYTHONPATH"] = str(args.code.resolve())  # the revops children import this checkout's package
    revops = str(Path(sys.executable).with_name("revops"))
    print(f"code: {args.code.resolve()}; python {sys.version.split()[0]}; load average before: "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"{'rows':>10} {'command':<16} {'seconds':>8} {'x floor':>8} {'peak MB':>8}", flush=True)
    for rows in sizes:
        leads, activities = ensure_data(rows)
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp)
            floor = measure([sys.executable, "-c", _FLOOR, str(leads), str(out / "floor.csv")])
            (out / "floor.csv").unlink()
            print(f"{rows:>10,} {'floor':<16} {floor['seconds']:>8.1f} {1:>8.2f} {floor['peak_mb']:>8,.0f}", flush=True)
            runs = commands(revops, leads, activities, out)
            unknown = [w for w in wanted if w not in runs]
            if unknown:
                raise SystemExit(f"unknown command(s): {', '.join(unknown)}; known: {', '.join(runs)}")
            for name in wanted:
                result = measure(runs[name])
                print(f"{rows:>10,} {name:<16} {result['seconds']:>8.1f} {result['seconds'] / floor['seconds']:>8.2f} "
                      f"{result['peak_mb']:>8,.0f}", flush=True)
                for leftover in out.iterdir():
                    if leftover.is_file():
                        leftover.unlink()
        if args.cleanup:
            for path in DATA.glob(f"leads_{rows}*.csv"):
                path.unlink()


if __name__ == "__main__":
    main()

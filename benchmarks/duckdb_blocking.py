"""Dedupe's blocking as DuckDB SQL on a generated export: time and peak memory under a memory limit.

Usage: /path/to/venv-with-duckdb/bin/python benchmarks/duckdb_blocking.py benchmarks/data/scale/leads_3000000.csv
           [--memory-limit 2GB] [--threads 1] [--window 10] [--whole-upto 200]

A sketch for docs/performance.md's design note, not revops code: DuckDB is not a dependency of
revops, so run this with a virtualenv that has it (``python -m venv /tmp/duck && /tmp/duck/bin/pip
install duckdb``). It reads the CSV with DuckDB's own reader (quoted line breaks included), builds a
simplified keys table (email lower-cased with its +tag off; company lower-cased, letters and digits;
folded names), and makes the candidate pairs of dedupe's three blockings the way
``revops_cli/core/leads/match.py: pairs_within_blocks`` does: every pair in a block of up to
``--whole-upto`` rows, each row's next ``--window`` rows in name order in a bigger block. It prints
each step's seconds, the pair counts and the process's peak RSS. The keys are simpler than revops'
(no email validation, phone digits only, no legal suffixes dropped): the point is what the joins cost
out of core, not the same pairs.
"""

from __future__ import annotations

import argparse
import resource
import time

import duckdb

KEYS = r"""
CREATE TABLE keys AS
SELECT row_number() OVER () - 1 AS pos,
       regexp_replace(lower(trim("Email")), '\+[^@]*@', '@') AS email_key,
       right(regexp_replace(coalesce("Phone", ''), '[^0-9]', '', 'g'), 7) AS phone_key,
       right(regexp_replace(coalesce("Mobile", ''), '[^0-9]', '', 'g'), 7) AS mobile_key,
       trim(regexp_replace(lower(coalesce("Company", '')), '[^a-z0-9]+', ' ', 'g')) AS company_key,
       regexp_replace(lower(strip_accents(coalesce("First Name", ''))), '[^a-z]', '', 'g') AS first,
       regexp_replace(lower(strip_accents(coalesce("Last Name", ''))), '[^a-z]', '', 'g') AS last
FROM read_csv(?, header = true, all_varchar = true, quote = '"', escape = '"', strict_mode = false)
"""

# Pairs of one blocking: small blocks all pairs, big blocks sorted neighbours (pairs_within_blocks).
BLOCK_PAIRS = """
WITH blocked AS (
    SELECT pos, {block} AS block, {order} AS name_order FROM keys WHERE {present}
), sized AS (
    SELECT *, count(*) OVER (PARTITION BY block) AS size,
           row_number() OVER (PARTITION BY block ORDER BY name_order, pos) AS rank
    FROM blocked
), small AS (
    SELECT l.pos AS a, r.pos AS b FROM sized l JOIN sized r
      ON l.block = r.block AND l.pos < r.pos
    WHERE l.size BETWEEN 2 AND {whole_upto}
), big AS (
    SELECT least(l.pos, r.pos) AS a, greatest(l.pos, r.pos) AS b FROM sized l JOIN sized r
      ON l.block = r.block AND r.rank BETWEEN l.rank + 1 AND l.rank + {window}
    WHERE l.size > {whole_upto}
)
SELECT a, b FROM small UNION ALL SELECT a, b FROM big
"""

RULES = {
    "email": ("email_key", "last || ' ' || first", "email_key LIKE '%@%'"),
    "phone": ("phone_key", "last || ' ' || first", "length(phone_key) = 7"),
    "company + first name": ("company_key || chr(31) || first", "last", "company_key <> '' AND first <> ''"),
    "company + last name": ("company_key || chr(31) || last", "first", "company_key <> '' AND last <> ''"),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("csv")
    parser.add_argument("--memory-limit", default="2GB")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--window", type=int, default=10)
    parser.add_argument("--whole-upto", type=int, default=200)
    args = parser.parse_args()
    con = duckdb.connect(":memory:")
    con.execute(f"SET memory_limit = '{args.memory_limit}'")
    con.execute(f"SET threads = {args.threads}")
    con.execute("SET temp_directory = '/tmp/duckdb_spill'")
    start = time.perf_counter()
    con.execute(KEYS, [args.csv])
    rows = con.execute("SELECT count(*) FROM keys").fetchone()[0]
    print(f"rows {rows:,}; keys table {time.perf_counter() - start:.1f} s", flush=True)
    total_pairs = 0
    for name, (block, order, present) in RULES.items():
        step = time.perf_counter()
        sql = BLOCK_PAIRS.format(block=block, order=order, present=present, whole_upto=args.whole_upto,
                                 window=args.window)
        con.execute(f"CREATE OR REPLACE TABLE pairs AS SELECT DISTINCT a, b FROM ({sql})")
        count = con.execute("SELECT count(*) FROM pairs").fetchone()[0]
        total_pairs += count
        print(f"{name:<22} {count:>12,} pairs {time.perf_counter() - step:6.1f} s", flush=True)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"total {time.perf_counter() - start:.1f} s; {total_pairs / rows:.2f} candidate pairs per row; "
          f"peak RSS {peak:,.0f} MB (memory_limit {args.memory_limit}, threads {args.threads})")


if __name__ == "__main__":
    main()

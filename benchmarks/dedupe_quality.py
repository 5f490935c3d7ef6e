#!/usr/bin/env python3
"""Pairwise precision, recall and F1 of `revops leads dedupe` on leads with known duplicates.

Usage: python benchmarks/dedupe_quality.py [--rows 100000] [--data benchmarks/data/leads_1m.csv]
           [--sample] [--baselines] [--revops PATH] [--baseline-python PATH] [--json | --markdown]

Truth comes from benchmarks/generate.py, which writes ``<stem>_truth.csv`` next to
the export (row, Lead ID, entity_id, kind). ``--rows N`` evaluates the first N
records of --data (copied byte for byte to benchmarks/data/<stem>_first<N>.csv);
``--rows 0`` evaluates the whole file. ``--sample`` evaluates
sample_data/salesforce_leads.csv against the within-file pairs of
sample_data/duplicates_truth.csv instead.

Scoring is pairwise: a predicted pair is two rows sharing a non-blank cluster id,
a true pair is two rows sharing an entity_id. Precision = true predicted pairs /
predicted pairs, recall = true predicted pairs / true pairs. Recall is also
broken down by how the duplicate was planted: a true pair's kind is the kind of
its non-original row ("between_duplicates" when both rows are duplicates of
one original).

The generator's truth also has pairs of different people who share a personal
mailbox (the same address once case, +tags and Gmail dots are ignored); a tool
that merges on email, as the Lead Management SOP asks, counts those as false
positives. The tables show how many of a tool's false pairs they are, and its F1
without them.

Each tool runs in a fresh process through ``run.measure`` (wall time and the
child's peak RSS), reads the CSV and writes it back, every row in order, with a
cluster column, into benchmarks/out/dedupe_quality/ (kept for inspection):
  revops               ``revops leads dedupe FILE -o OUT --flag-only --quiet`` (revops_cluster_id)
  recordlinkage        candidates from blocks on email, phone and mobile and a sorted
                       neighbourhood on names within company; 8 comparisons (names,
                       email, phone, mobile, company, street, zip); a pair matches when
                       more than half agree, the rule of recordlinkage's tutorial
  recordlinkage-ecm    the same candidates and comparisons, classified by the
                       unsupervised ECM classifier (expectation maximisation)
  splink               a Fellegi-Sunter model on DuckDB over the same fields, u by
                       random sampling, m by expectation maximisation; pairs at
                       match probability >= 0.95
The baselines' configurations are in recordlinkage_clusters and splink_clusters;
both cluster their matched pairs into connected components. They run with
--baseline-python (default /work/bench-venv/bin/python), a separate virtualenv
holding recordlinkage and splink so they never change the project's pandas or
numpy; this file re-runs itself there with the internal --run-baseline flag:

    python3 -m venv /work/bench-venv && /work/bench-venv/bin/pip install recordlinkage splink pandas

``--self-check`` tests the metric code on hand-made frames and exits.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from run import measure  # benchmarks/run.py: wall time and peak RSS of a command in a fresh process

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = HERE / "data"
OUT = HERE / "out" / "dedupe_quality"
SAMPLE_LEADS = ROOT / "sample_data" / "salesforce_leads.csv"
SAMPLE_TRUTH = ROOT / "sample_data" / "duplicates_truth.csv"
DEFAULT_BASELINE_PYTHON = Path("/work/bench-venv/bin/python")
BASELINES = ("recordlinkage", "recordlinkage-ecm", "splink")
BETWEEN_DUPLICATES = "between_duplicates"
ROLE_MAILBOXES = ("info", "sales", "contact", "marketing", "admin", "hello", "office", "team", "support")
CLUSTER_COLUMN = {"revops": "revops_cluster_id"}  # baselines write "cluster_id"
NOT_INSTALLED = "is not installed in"  # what --run-baseline prints when its library is missing


# ----------------------------------------------------------------------------- evaluation data

def copy_first_records(source: Path, target: Path, rows: int, block_size: int = 1 << 24) -> None:
    """Copy the header and the first `rows` records of a CSV byte for byte.

    A record ends at a line break outside quotes (an even number of quote
    characters before it; an escaped quote "" counts twice), so quoted line
    breaks in street or notes cells stay inside their record.
    """
    needed = rows + 1
    inside_quotes = 0
    tmp = target.with_suffix(target.suffix + ".tmp")
    with source.open("rb") as src, tmp.open("wb") as dst:
        while needed:
            block = src.read(block_size)
            if not block:
                break
            buf = np.frombuffer(block, dtype=np.uint8)
            quotes = np.flatnonzero(buf == ord('"'))
            breaks = np.flatnonzero(buf == ord("\n"))
            ends = breaks[(np.searchsorted(quotes, breaks) + inside_quotes) % 2 == 0]
            if len(ends) >= needed:
                dst.write(block[: ends[needed - 1] + 1])
                needed = 0
            else:
                dst.write(block)
                needed -= len(ends)
                inside_quotes = (inside_quotes + len(quotes)) % 2
    tmp.replace(target)


def generated_truth(data: Path, rows: int) -> tuple[Path, pd.DataFrame]:
    """The file to evaluate and its truth (row, Lead ID, entity, kind), for the first `rows` rows (0 = all)."""
    truth_path = data.with_name(f"{data.stem}_truth.csv")
    if not truth_path.exists():
        raise SystemExit(f"{truth_path} not found: write it with benchmarks/generate.py --out {data}")
    truth = pd.read_csv(truth_path, dtype={"Lead ID": str, "kind": str}, nrows=rows or None)
    truth = truth.rename(columns={"entity_id": "entity"})
    if not rows:
        return data, truth
    if len(truth) < rows:
        raise SystemExit(f"--rows {rows:,}: {data.name} has only {len(truth):,} rows")
    subset = DATA / f"{data.stem}_first{rows}.csv"
    DATA.mkdir(parents=True, exist_ok=True)
    copy_first_records(data, subset, rows)
    return subset, truth


def sample_truth() -> tuple[Path, pd.DataFrame]:
    """sample_data/salesforce_leads.csv and its truth from the within-file rows of duplicates_truth.csv.

    A row's entity is the smallest row number it is linked to through any chain
    of (Record, Same Person As Lead ID) pairs; a Record's kind is its How, every
    other row is an original.
    """
    leads = pd.read_csv(SAMPLE_LEADS, dtype=str, keep_default_na=False, usecols=["Lead ID"])
    pairs = pd.read_csv(SAMPLE_TRUTH, dtype=str, keep_default_na=False)
    pairs = pairs[pairs["File"] == SAMPLE_LEADS.name]
    row_of = pd.Series(np.arange(len(leads)), index=leads["Lead ID"])
    unknown = set(pairs["Record"]).union(pairs["Same Person As Lead ID"]) - set(row_of.index)
    if unknown:
        raise SystemExit(f"{SAMPLE_TRUTH.name} names Lead IDs not in {SAMPLE_LEADS.name}: {sorted(unknown)[:5]}")
    entity = connected_components(len(leads), row_of[pairs["Record"]].to_numpy(),
                                  row_of[pairs["Same Person As Lead ID"]].to_numpy())
    kind = pd.Series("original", index=leads["Lead ID"])
    kind[pairs["Record"].to_numpy()] = pairs["How"].to_numpy()
    truth = pd.DataFrame({"row": np.arange(len(leads)), "Lead ID": leads["Lead ID"],
                          "entity": entity, "kind": kind.to_numpy()})
    return SAMPLE_LEADS, truth


# ----------------------------------------------------------------------------- metrics

def connected_components(n: int, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Component label (its smallest row number) of each of n rows joined by edges left[i]-right[i].

    Min-label propagation with pointer jumping, vectorised with numpy; it
    converges in a few passes for the short chains of duplicate graphs.
    """
    label = np.arange(n)
    left, right = np.asarray(left, dtype=np.int64), np.asarray(right, dtype=np.int64)
    while True:
        low = np.minimum(label[left], label[right])
        new = label.copy()
        np.minimum.at(new, left, low)
        np.minimum.at(new, right, low)
        new = new[new]
        if np.array_equal(new, label):
            return label
        label = new


def pairs_within_groups(*keys: np.ndarray) -> int:
    """Unordered pairs of rows sharing every key (sum of n*(n-1)/2 over groups); rows with a missing key are in none."""
    frame = pd.DataFrame({f"k{i}": k for i, k in enumerate(keys)}).dropna()
    sizes = frame.value_counts(sort=False).to_numpy(dtype=np.int64)
    return int((sizes * (sizes - 1) // 2).sum())


def pairs_sharing(key: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Row numbers (left < right) of every unordered pair of rows with the same key.

    Only rows whose key repeats take part; each row is paired with the rows after
    it in its group, built with np.repeat rather than a loop over groups.
    """
    key = pd.Series(key)
    rows = np.flatnonzero(key.duplicated(keep=False).to_numpy() & key.notna().to_numpy())
    rows = rows[np.argsort(key.to_numpy()[rows], kind="stable")]
    k = key.to_numpy()[rows]
    starts = np.flatnonzero(np.r_[True, k[1:] != k[:-1]])
    sizes = np.diff(np.r_[starts, len(k)])
    position = np.arange(len(k)) - np.repeat(starts, sizes)
    partners = np.repeat(sizes, sizes) - position - 1  # rows after this one in its group
    left = np.repeat(np.arange(len(k)), partners)
    offset = np.arange(len(left)) - np.repeat(np.cumsum(partners) - partners, partners) + 1
    a, b = rows[left], rows[left + offset]
    return np.minimum(a, b), np.maximum(a, b)


def pair_kinds(kind: np.ndarray, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """How each true pair was planted: the kind of its non-original row."""
    kl, kr = kind[left], kind[right]
    out = np.where(kl == "original", kr, kl)
    return np.where((kl != "original") & (kr != "original"), BETWEEN_DUPLICATES, out).astype(object)


def mailbox_key(emails: pd.Series) -> pd.Series:
    """The personal mailbox an address reaches: lower-cased and trimmed, +tags dropped, Gmail dots dropped
    (googlemail.com = gmail.com). Blank and role addresses (info@, sales@...) are NaN: people share those."""
    email = emails.str.strip().str.lower().str.replace("@googlemail.com", "@gmail.com", regex=False)
    local, _, domain = email.str.partition("@").T.to_numpy()
    local = pd.Series(local, index=emails.index).str.replace(r"\+.*$", "", regex=True)
    local = local.where(domain != "gmail.com", local.str.replace(".", "", regex=False))
    return (local + "@" + domain).where((local != "") & (domain != "") & ~local.isin(ROLE_MAILBOXES))


def shared_mailbox_pairs(emails: pd.Series, entity: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of rows the truth calls different people although they reach the same personal mailbox.

    The generator's truth has such pairs; a tool that merges on email, as the
    Lead Management SOP asks, cannot avoid counting them as false positives.
    """
    left, right = pairs_sharing(mailbox_key(emails).to_numpy())
    different = entity[left] != entity[right]
    return left[different], right[different]


def score(cluster: pd.Series, truth: pd.DataFrame, shared_mailbox: tuple[np.ndarray, np.ndarray] | None = None) -> dict:
    """Pairwise precision/recall/F1 of predicted clusters (one label per row, NaN = no cluster) against truth.

    With shared_mailbox pairs (see shared_mailbox_pairs), also how many false
    positives they explain and the precision/F1 without them.
    """
    cluster_code = pd.factorize(cluster)[0].astype(float)  # NaN -> -1 -> NaN again
    cluster_code[cluster_code < 0] = np.nan
    entity = truth["entity"].to_numpy()
    predicted = pairs_within_groups(cluster_code)
    actual = pairs_within_groups(entity)
    true_positives = pairs_within_groups(cluster_code, entity)

    left, right = pairs_sharing(entity)
    found = (cluster_code[left] == cluster_code[right])  # NaN never equals NaN
    assert int(found.sum()) == true_positives, (int(found.sum()), true_positives)
    by_kind = (pd.DataFrame({"kind": pair_kinds(truth["kind"].to_numpy(), left, right), "found": found})
               .groupby("kind")["found"].agg(["size", "mean"]).sort_values("size", ascending=False))

    precision = true_positives / predicted if predicted else float("nan")
    recall = true_positives / actual if actual else float("nan")
    result = {"predicted_pairs": predicted, "true_pairs": actual, "true_positives": true_positives,
              "precision": precision, "recall": recall, "f1": f1_score(precision, recall),
              "recall_by_kind": {k: {"pairs": int(r["size"]), "recall": float(r["mean"])}
                                 for k, r in by_kind.iterrows()}}
    if shared_mailbox is not None:
        left, right = shared_mailbox
        explained = int((cluster_code[left] == cluster_code[right]).sum())
        counted = predicted - explained
        precision_without = true_positives / counted if counted else float("nan")
        result.update(false_pairs_sharing_a_mailbox=explained, precision_without_shared_mailbox=precision_without,
                      f1_without_shared_mailbox=f1_score(precision_without, recall))
    return result


def f1_score(precision: float, recall: float) -> float:
    """Harmonic mean; 0 when either is 0 or undefined (no predictions)."""
    return 2 * precision * recall / (precision + recall) if precision > 0 and recall > 0 else 0.0


def read_clusters(output: Path, column: str, truth: pd.DataFrame) -> pd.Series:
    """The cluster column of a tool's output, checked to keep the input's rows in order."""
    frame = pd.read_csv(output, dtype=str, keep_default_na=False, usecols=["Lead ID", column])
    if len(frame) != len(truth) or not (frame["Lead ID"].to_numpy() == truth["Lead ID"].to_numpy()).all():
        raise SystemExit(f"{output}: rows are not the input's rows in input order")
    return frame[column].replace("", np.nan)


# ----------------------------------------------------------------------------- running the tools

def measured(command: list[str]) -> dict:
    """run.measure (wall time, peak RSS of the child), with a failure returned instead of raised."""
    try:
        return measure(command)
    except SystemExit as failure:
        return {"error": str(failure)}


def revops_command(revops: str, source: Path, output: Path) -> list[str]:
    return [revops, "leads", "dedupe", str(source), "-o", str(output), "--flag-only", "--quiet"]


def baseline_command(python: Path, name: str, source: Path, output: Path) -> list[str]:
    return [str(python), str(Path(__file__).resolve()), "--run-baseline", name, str(source), str(output)]


def evaluate(tool: str, command: list[str], output: Path, truth: pd.DataFrame,
             shared_mailbox: tuple[np.ndarray, np.ndarray]) -> dict:
    result = {"tool": tool, "rows": len(truth)}
    run = measured(command)
    if "error" in run:
        lines = [line.strip("│╭╰─ \t") for line in run["error"].splitlines()]  # rich draws error boxes
        last_line = [line for line in lines if any(c.isalnum() for c in line)][-1]
        return {**result, "error": last_line if NOT_INSTALLED in last_line else f"failed: {last_line}"}
    result.update(seconds=run["seconds"], peak_mb=run["peak_mb"])
    result.update(score(read_clusters(output, CLUSTER_COLUMN.get(tool, "cluster_id"), truth), truth, shared_mailbox))
    stats = [line for line in run["stderr"].splitlines() if line.startswith("{\"baseline\"")]
    if stats:
        result["details"] = json.loads(stats[-1])
    return result


# ----------------------------------------------------------------------------- baselines (bench venv)

# Legal forms a company name loses before comparison (after dots are dropped: "B.V." -> "bv").
LEGAL_FORMS = (r"\b(the|inc|incorporated|corp|corporation|co|company|llc|ltd|limited|plc|public|gmbh|kg|ag|"
               r"aktiengesellschaft|bv|nv|sa|sas|sarl|de|cv|pty|pvt|private|pte|kk|sl|spa|srl|ab|aktiebolag|"
               r"as|oy|ltda)\b")


def phone_key(phones: pd.Series) -> pd.Series:
    """The last 9 digits of a phone number without its extension, so "+1 206..." and "(206)..." agree.

    Fewer than 7 digits, or one digit repeated ("0000000000"), is missing.
    """
    digits = phones.str.replace(r"(?i)\s*(x|ext\.?)\s*\d+\s*$", "", regex=True).str.replace(r"\D", "", regex=True)
    junk = (digits.str.len() < 7) | digits.str.fullmatch(r"(\d)\1*")
    return digits.str[-9:].where(~junk)


def comparison_fields(frame: pd.DataFrame) -> pd.DataFrame:
    """The normalised fields both baselines compare: every field that identifies a person.

    Names, email, street trimmed and lower-cased; phone and mobile through
    phone_key; company lower-cased without punctuation or LEGAL_FORMS; zip
    upper-cased without spaces. Blanks are missing (NaN).
    """
    def text(column: str) -> pd.Series:
        return frame[column].str.lower().str.split().str.join(" ")

    company = (text("Company").str.replace(r"[./]", "", regex=True).str.replace(r"[^\w\s]", " ", regex=True)
               .str.replace(LEGAL_FORMS, " ", regex=True).str.split().str.join(" "))
    fields = pd.DataFrame({"first": text("First Name"), "last": text("Last Name"), "email": text("Email"),
                           "phone": phone_key(frame["Phone"]), "mobile": phone_key(frame["Mobile"]),
                           "company": company, "street": text("Street"),
                           "zip": frame["Zip/Postal Code"].str.upper().str.replace(" ", "")})
    return fields.replace("", np.nan)


def recordlinkage_clusters(fields: pd.DataFrame, classifier: str) -> tuple[np.ndarray, dict]:
    """Cluster label per row from recordlinkage: blocks + sorted neighbourhood, 8 comparisons, a classifier.

    Candidates: same email, same phone, same mobile, or names within a window
    of 7 (sorted last+first and first+last) at the same company. Comparisons:
    Jaro-Winkler >= 0.85 on first name, last name, company and street; exact
    email, phone, mobile and zip. "majority" matches a pair when more than half
    of the 8 agree (the recordlinkage tutorial's rule, "> 3" of its 6);
    "ecm" lets the unsupervised ECM classifier decide.
    """
    import recordlinkage

    indexer = recordlinkage.Index()
    for column in ("email", "phone", "mobile"):
        indexer.block(column)
    keyed = fields.assign(last_first=fields["last"] + " " + fields["first"],
                          first_last=fields["first"] + " " + fields["last"])
    indexer.sortedneighbourhood("last_first", window=7, block_on="company")
    indexer.sortedneighbourhood("first_last", window=7, block_on="company")
    candidates = indexer.index(keyed)

    compare = recordlinkage.Compare()
    for column in ("first", "last", "company", "street"):
        compare.string(column, column, method="jarowinkler", threshold=0.85, label=column)
    for column in ("email", "phone", "mobile", "zip"):
        compare.exact(column, column, label=column)
    features = compare.compute(candidates, fields)

    if classifier == "ecm":
        matches = recordlinkage.ECMClassifier(binarize=0.5).fit_predict(features)
    else:
        matches = features.index[features.sum(axis=1) > features.shape[1] / 2]
    left = matches.get_level_values(0).to_numpy()
    right = matches.get_level_values(1).to_numpy()
    return connected_components(len(fields), left, right), {"candidate_pairs": len(candidates),
                                                            "matched_pairs": len(matches)}


def splink_clusters(fields: pd.DataFrame) -> tuple[np.ndarray, dict]:
    """Cluster label per row from a splink Fellegi-Sunter model on DuckDB, trained without labels.

    The same 8 fields as recordlinkage: names with splink's NameComparison
    (exact, Jaro-Winkler 0.92/0.88/0.7), exact email, phone (with term-frequency
    adjustment: a company's main line is shared), mobile and zip, Jaro-Winkler
    0.95/0.88 on company and street. Prior from deterministic rules (same email;
    same name and phone) at an assumed recall of 0.7; u from 5M random pairs; m
    by expectation maximisation on pairs with the same name at the same company,
    then on pairs with the same email (training on same-phone pairs, mostly
    colleagues on a main line, learns "same company" as the match class).
    Candidates: same email, phone or mobile, or same company and first or last
    name; clusters are connected components of pairs with probability >= 0.95.
    """
    import logging

    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    settings = SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=[
            cl.NameComparison("first"),
            cl.NameComparison("last"),
            cl.ExactMatch("email"),  # fuzzy levels would re-count name + company: first.last@company
            cl.ExactMatch("phone").configure(term_frequency_adjustments=True),
            cl.ExactMatch("mobile"),
            cl.JaroWinklerAtThresholds("company", [0.95, 0.88]),
            cl.JaroWinklerAtThresholds("street", [0.95, 0.88]),
            cl.ExactMatch("zip"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("email"), block_on("phone"), block_on("mobile"),
            block_on("company", "first"), block_on("company", "last"),
        ],
    )
    db_api = DuckDBAPI()
    table = db_api.register(fields.assign(unique_id=np.arange(len(fields))))
    linker = Linker(table, settings, log_level=logging.WARNING)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("email"), block_on("first", "last", "phone")], recall=0.7)
    linker.training.estimate_u_using_random_sampling(max_pairs=5e6, seed=7)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("first", "last", "company"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("email"))
    predictions = linker.inference.predict(threshold_match_probability=0.5)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=0.95).as_pandas_dataframe()
    label = np.arange(len(fields)) + len(fields)  # a record splink leaves out stays alone
    label[clusters["unique_id"].to_numpy(dtype=np.int64)] = pd.factorize(clusters["cluster_id"])[0]
    return label, {"pairs_at_probability_0.5": len(predictions.as_pandas_dataframe())}


def run_baseline(name: str, source: Path, output: Path) -> None:
    """Read source, cluster it with baseline `name`, write it back with a cluster_id column (blank = no duplicate)."""
    started = time.perf_counter()
    try:
        if name == "splink":
            import splink  # noqa: F401
        else:
            import recordlinkage  # noqa: F401
    except ImportError as missing:
        raise SystemExit(f"{name} {NOT_INSTALLED} {sys.executable} ({missing})") from None
    frame = pd.read_csv(source, dtype=str, keep_default_na=False)
    fields = comparison_fields(frame)
    if name == "splink":
        label, details = splink_clusters(fields)
    else:
        label, details = recordlinkage_clusters(fields, "ecm" if name.endswith("ecm") else "majority")
    in_cluster = pd.Series(label).duplicated(keep=False).to_numpy()
    frame["cluster_id"] = np.where(in_cluster, label.astype(str), "")
    frame.to_csv(output, index=False)
    details.update(baseline=name, seconds_in_process=round(time.perf_counter() - started, 2))
    print(json.dumps({"baseline": details.pop("baseline"), **details}), file=sys.stderr)


# ----------------------------------------------------------------------------- rendering

def kinds_in(results: list[dict]) -> list[str]:
    counts: dict[str, int] = {}
    for result in results:
        for kind, r in result.get("recall_by_kind", {}).items():
            counts[kind] = max(counts.get(kind, 0), r["pairs"])
    return sorted(counts, key=lambda k: (k == BETWEEN_DUPLICATES, -counts[k]))


def table_rows(results: list[dict]) -> tuple[list[str], list[list[str]]]:
    kinds = kinds_in(results)
    header = ["tool", "rows", "seconds", "peak MB", "predicted pairs", "precision", "recall", "F1",
              "FP sharing a mailbox", "F1 without those", *[f"recall {k}" for k in kinds]]
    rows = []
    for r in results:
        if "error" in r:
            rows.append([r["tool"], f"{r['rows']:,}", r["error"]] + [""] * (len(header) - 3))
            continue
        rows.append([r["tool"], f"{r['rows']:,}", f"{r['seconds']:.1f}", f"{r['peak_mb']:,.0f}",
                     f"{r['predicted_pairs']:,}", f"{r['precision']:.3f}", f"{r['recall']:.3f}", f"{r['f1']:.3f}",
                     f"{r['false_pairs_sharing_a_mailbox']:,}", f"{r['f1_without_shared_mailbox']:.3f}",
                     *[f"{r['recall_by_kind'][k]['recall']:.3f}" if k in r["recall_by_kind"] else "-"
                       for k in kinds]])
    return header, rows


def render_text(results: list[dict], caption: str) -> str:
    header, rows = table_rows(results)
    scored = [r for r in rows if r[3]]  # an error row leaves the columns after its message blank
    widths = [max([len(h)] + [len(r[i]) for r in scored]) for i, h in enumerate(header)]

    def line(cells: list[str]) -> str:
        return "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths)))

    return "\n".join([caption, line(header)] + [line(row) if row[3] else line(row[:2]) + "  " + row[2] for row in rows])


def render_markdown(results: list[dict], caption: str) -> str:
    header, rows = table_rows(results)
    lines = [caption, "", "| " + " | ".join(header) + " |", "|---|" + "---:|" * (len(header) - 1)]
    lines += ["| " + " | ".join(["`revops leads dedupe`" if row[0] == "revops" else row[0], *row[1:]]) + " |"
              for row in rows]
    return "\n".join(lines)


# ----------------------------------------------------------------------------- self-check

def self_check() -> None:
    """Known answers for the metric code, on frames small enough to count by hand."""
    def truth(entity, kind):
        return pd.DataFrame({"Lead ID": [str(i) for i in range(len(entity))], "entity": entity, "kind": kind})

    # One person in three rows; the tool finds {0,1} and leaves 2 alone: TP 1, FP 0, FN 2.
    t = truth([7, 7, 7], ["original", "email_case", "gmail_dots"])
    s = score(pd.Series(["a", "a", np.nan]), t)
    assert (s["predicted_pairs"], s["true_pairs"], s["true_positives"]) == (1, 3, 1), s
    assert s["precision"] == 1 and abs(s["recall"] - 1 / 3) < 1e-12 and abs(s["f1"] - 0.5) < 1e-12, s
    assert s["recall_by_kind"] == {"email_case": {"pairs": 1, "recall": 1.0},
                                   "gmail_dots": {"pairs": 1, "recall": 0.0},
                                   BETWEEN_DUPLICATES: {"pairs": 1, "recall": 0.0}}, s

    # Two people merged into one cluster: 6 predicted pairs, 2 true, recall 1, precision 1/3.
    t = truth([1, 1, 2, 2, 3], ["original", "reimport", "original", "nickname_phone", "original"])
    s = score(pd.Series(["x", "x", "x", "x", np.nan]), t)
    assert (s["predicted_pairs"], s["true_positives"], s["recall"]) == (6, 2, 1.0), s
    assert abs(s["precision"] - 1 / 3) < 1e-12, s

    # No prediction at all: recall 0, precision undefined, F1 0.
    s = score(pd.Series([np.nan] * 5), t)
    assert s["recall"] == 0 and s["f1"] == 0 and s["predicted_pairs"] == 0, s

    # Cluster labels only matter as groups; the duplicate may come first in the file.
    t = truth([5, 9, 5], ["reimport", "original", "original"])
    s = score(pd.Series(["q", "r", "q"]), t)
    assert (s["precision"], s["recall"], list(s["recall_by_kind"])) == (1.0, 1.0, ["reimport"]), s

    # Pairs by np.repeat agree with the combinatorial count on a random frame.
    rng = np.random.default_rng(1)
    entity = rng.integers(0, 300, size=1000)
    left, right = pairs_sharing(entity)
    assert len(left) == pairs_within_groups(entity) and (left < right).all()
    assert (entity[left] == entity[right]).all() and len(set(zip(left, right, strict=True))) == len(left)

    # Mailboxes: case, +tags, Gmail dots and googlemail agree; role and blank addresses are nobody's.
    emails = pd.Series([" Ann.Lee@Gmail.com", "annlee+crm@googlemail.com", "info@acme.com", "INFO@acme.com", "",
                        "ann.lee@acme.com", "annlee@acme.com"])
    assert mailbox_key(emails).tolist()[:2] == ["annlee@gmail.com"] * 2
    assert mailbox_key(emails).iloc[2:5].isna().all() and mailbox_key(emails).iloc[5] != mailbox_key(emails).iloc[6]
    left, right = shared_mailbox_pairs(emails, np.array([1, 2, 3, 4, 5, 6, 7]))
    assert (left.tolist(), right.tolist()) == ([0], [1])
    t = truth([1, 2, 3, 4, 5, 6, 7], ["original"] * 7)
    s = score(pd.Series(["m", "m", "r", "r", np.nan, np.nan, np.nan]), t, (left, right))
    assert (s["predicted_pairs"], s["false_pairs_sharing_a_mailbox"], s["f1"]) == (2, 1, 0.0), s

    # Components: a chain 4-3-2 and a pair 0-5; 1 alone.
    assert connected_components(6, [4, 3, 0], [3, 2, 5]).tolist() == [0, 1, 2, 2, 2, 0]

    # Record boundaries ignore quoted line breaks and escaped quotes, across blocks.
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        src, dst = Path(tmp) / "in.csv", Path(tmp) / "out.csv"
        records = ['"a","b"\n', '"1","two\nlines"\n', '"2","say ""hi"""\n', '"3","x"\n']
        src.write_text("".join(records))
        for block_size in (1, 3, 7, 1 << 16):
            copy_first_records(src, dst, 2, block_size=block_size)
            assert dst.read_text() == "".join(records[:3]), (block_size, dst.read_text())

    # The sample truth: 25 within-file pairs, each a separate person.
    _, t = sample_truth()
    assert pairs_within_groups(t["entity"].to_numpy()) == 25
    print("self-check passed")


# ----------------------------------------------------------------------------- main

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000, help="first N rows of --data (0 = all)")
    parser.add_argument("--data", type=Path, default=DATA / "leads_1m.csv", help="a benchmarks/generate.py export")
    parser.add_argument("--sample", action="store_true", help="evaluate sample_data/salesforce_leads.csv instead")
    parser.add_argument("--baselines", action="store_true", help="also run recordlinkage and splink")
    parser.add_argument("--only", default="", help="comma-separated tools: revops," + ",".join(BASELINES))
    parser.add_argument("--revops", default="", help="the revops executable (default: next to this python)")
    parser.add_argument("--baseline-python", type=Path, default=DEFAULT_BASELINE_PYTHON,
                        help="python of the virtualenv holding recordlinkage/splink")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--markdown", action="store_true", help="print a table for docs/performance.md")
    parser.add_argument("--self-check", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--run-baseline", nargs=3, metavar=("NAME", "IN", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.run_baseline:
        name, source, output = args.run_baseline
        return run_baseline(name, Path(source), Path(output))
    if args.self_check:
        return self_check()

    source, truth = sample_truth() if args.sample else generated_truth(args.data, args.rows)
    emails = pd.read_csv(source, dtype=str, keep_default_na=False, usecols=["Email"])["Email"]
    shared_mailbox = shared_mailbox_pairs(emails, truth["entity"].to_numpy())
    tools = ["revops", *BASELINES] if args.baselines else ["revops"]
    if args.only:
        tools = [t.strip() for t in args.only.split(",") if t.strip()]
    revops = args.revops or str(Path(sys.executable).with_name("revops"))
    if not Path(revops).exists():
        revops = shutil.which("revops") or revops

    OUT.mkdir(parents=True, exist_ok=True)
    results = []
    for tool in tools:
        output = OUT / f"{source.stem}.{tool}.csv"
        if tool == "revops":
            command = revops_command(revops, source, output)
        elif not args.baseline_python.exists():
            results.append({"tool": tool, "rows": len(truth), "error": f"not installed: no {args.baseline_python}"})
            continue
        else:
            command = baseline_command(args.baseline_python, tool, source, output)
        print(f"{tool}: {' '.join(command)}", file=sys.stderr)
        results.append(evaluate(tool, command, output, truth, shared_mailbox))

    true_pairs = pairs_within_groups(truth["entity"].to_numpy())
    caption = (f"{source.name}: {len(truth):,} rows, {true_pairs:,} true duplicate pairs, "
               f"{len(shared_mailbox[0]):,} pairs of different people sharing a personal mailbox; "
               f"{os.cpu_count()} cores, python {sys.version.split()[0]}, pandas {pd.__version__}")
    if args.json:
        print(json.dumps({"input": str(source), "rows": len(truth), "true_pairs": true_pairs,
                          "shared_mailbox_pairs": len(shared_mailbox[0]), "results": results}, indent=2))
    elif args.markdown:
        print(render_markdown(results, caption))
    else:
        print(render_text(results, caption))


if __name__ == "__main__":
    main()

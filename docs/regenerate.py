#!/usr/bin/env python3
"""Regenerate the output pasted in README.md and docs/*.md from the commands themselves (in the spirit of cog).

    python docs/regenerate.py            # rewrite every page whose pasted output drifted
    python docs/regenerate.py --check    # exit 1 and show a diff when a page drifted (the test runs this)
    python docs/regenerate.py docs/clean.md --check

What is an example: a fenced block whose first line starts with ``$ `` and that runs
``$ revops`` (``$ cat messy.csv`` may show an input first). Each line that starts with ``$ `` is a command (a line ending in ``\\`` continues on the next); the lines after
it, up to the next command or the end of the block, are its output, and are replaced with what
the command prints (stdout and stderr, as a terminal shows them). Commands of a block may also
be plain shell tools that read what revops wrote (``head``, ``cut``, ``cat``...).

Where: each page runs in its own scratch folder holding a copy of ``sample_data/``; the
commands of a page run in order in that folder, so a later example can read an earlier
one's output. ``revops`` is this checkout's (``python -m revops_cli``), with ``COLUMNS=100``,
``NO_COLOR=1`` and no terminal, so the tables are those of a log file 100 columns wide.

Hidden setup: an HTML comment ``<!-- setup: ... -->`` (one line, or several up to ``-->``)
anywhere before a block is run as a shell script in the page's folder when it is reached:
it makes the files an example needs that are not in sample_data (``crm_leads.csv`` in
docs/audits.md, ``messy.csv`` in docs/lifecycle.md, the ``privacy-demo/`` folder). The
third-party corpus is there too, at ``tests/fixtures/third_party/``.

Not run: a block after ``<!-- not run: why -->`` is an illustration the page's folder cannot
produce (a full disk, a signal mid-write, a lock held by another run); tests/io/test_faults.py
does each of those for real and pins the message.

Every example must be reproducible: a command that judges "now" takes ``--as-of``.
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
COLUMNS = 100
TIMEOUT = 600
FENCE = re.compile(r"^(```+|~~~+)")
SETUP = re.compile(r"<!--\s*setup:(.*?)-->", re.DOTALL)
NOT_RUN = re.compile(r"<!--\s*not run:(.*?)-->", re.DOTALL)


@dataclass
class Example:
    """One command of a block: where it sits in the page and the output pasted after it."""

    command: str
    first: int  # index of the command's first line
    output_start: int  # index of the first output line
    output_end: int  # index after the last output line


@dataclass
class Block:
    examples: list[Example] = field(default_factory=list)
    setup: list[str] = field(default_factory=list)  # hidden setup scripts to run before this block


def pages(selected: list[str]) -> list[Path]:
    if selected:
        return [Path(p).resolve() for p in selected]
    return [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]


def parse(lines: list[str]) -> list[Block]:
    """The example blocks of a page, each with the setup comments seen since the previous block."""
    blocks: list[Block] = []
    pending_setup: list[str] = []
    text_before = 0
    i = 0
    while i < len(lines):
        fence = FENCE.match(lines[i])
        if not fence:
            i += 1
            continue
        end = next((j for j in range(i + 1, len(lines)) if lines[j].startswith(fence.group(1))), len(lines))
        # hidden setup between the previous block and this one
        between = "\n".join(lines[text_before:i])
        pending_setup += [m.group(1).strip() for m in SETUP.finditer(between)]
        text_before = end + 1
        body = list(range(i + 1, end))
        if NOT_RUN.search(between):  # an illustration (a full disk, a signal, a held lock): tests/ pin those
            i = end + 1
            continue
        if body and lines[body[0]].startswith("$ ") and any(lines[j].startswith("$ revops") for j in body):
            blocks.append(Block(examples=_examples(lines, body), setup=pending_setup))
            pending_setup = []
        i = end + 1
    return blocks


def _examples(lines: list[str], body: list[int]) -> list[Example]:
    examples: list[Example] = []
    k = 0
    while k < len(body):
        index = body[k]
        if not lines[index].startswith("$ "):
            k += 1
            continue
        first = index
        command = lines[index][2:]
        while command.rstrip().endswith("\\") and k + 1 < len(body):
            k += 1
            command = command.rstrip()[:-1].rstrip() + " " + lines[body[k]].strip()
        k += 1
        start = body[k] if k < len(body) else body[-1] + 1
        while k < len(body) and not lines[body[k]].startswith("$ "):
            k += 1
        end = body[k] if k < len(body) else body[-1] + 1
        examples.append(Example(command=command.strip(), first=first, output_start=start, output_end=end))
    return examples


def scratch_folder(root: Path, page: Path) -> Path:
    folder = root / page.stem
    folder.mkdir(parents=True)
    shutil.copytree(REPO / "sample_data", folder / "sample_data",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "generate.py"))
    corpus = Path("tests") / "fixtures" / "third_party"  # the third-party exports some pages show
    shutil.copytree(REPO / corpus, folder / corpus)
    return folder


def environment(bin_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REVOPS_", "FORCE_COLOR", "CLICOLOR"))}
    env.update(COLUMNS=str(COLUMNS), NO_COLOR="1", TERM="dumb", PYTHONUNBUFFERED="1", LC_ALL="C.UTF-8",
               PYTHONPATH=str(REPO) + os.pathsep + env.get("PYTHONPATH", ""),
               PATH=str(bin_dir) + os.pathsep + env.get("PATH", ""), TZ="UTC")
    env.pop("LINES", None)
    return env


def revops_shim(root: Path) -> Path:
    """A ``revops`` on PATH that runs this checkout's code with this interpreter."""
    bin_dir = root / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "revops"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m revops_cli "$@"\n')
    shim.chmod(0o755)
    return bin_dir


def run(command: str, cwd: Path, env: dict[str, str]) -> str:
    done = subprocess.run(["bash", "-c", command], cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=TIMEOUT)
    text = done.stdout.decode("utf-8", errors="replace")
    return "\n".join(line.rstrip() for line in text.rstrip("\n").splitlines())


def regenerate(page: Path, root: Path, env: dict[str, str]) -> str:
    """The page with every example's output replaced by what its command prints now."""
    lines = page.read_text(encoding="utf-8").split("\n")
    folder = scratch_folder(root, page)
    replacements: list[tuple[int, int, list[str]]] = []
    for block in parse(lines):
        for script in block.setup:
            setup = subprocess.run(["bash", "-c", script], cwd=folder, env=env, capture_output=True, text=True,
                                   timeout=TIMEOUT)
            if setup.returncode != 0:
                raise SystemExit(f"{page.name}: setup failed:\n{script}\n{setup.stderr}")
        for example in block.examples:
            output = run(example.command, folder, env)
            replacements.append((example.output_start, example.output_end, output.split("\n") if output else []))
    for start, end, new in reversed(replacements):
        lines[start:end] = new
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("pages", nargs="*", help="pages to regenerate (default: README.md and docs/*.md)")
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 with a diff if a page drifted")
    args = parser.parse_args(argv)
    drifted = []
    with tempfile.TemporaryDirectory(prefix="revops-docs-") as tmp:
        root = Path(tmp)
        env = environment(revops_shim(root))
        selected = pages(args.pages)
        # pages are independent (each has its own folder) and their commands are processes: run pages side by side
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            regenerated = list(pool.map(lambda page: regenerate(page, root, env), selected))
        for page, after in zip(selected, regenerated):
            before = page.read_text(encoding="utf-8")
            if after == before:
                continue
            drifted.append(page)
            name = str(page.relative_to(REPO)) if page.is_relative_to(REPO) else str(page)
            if args.check:
                sys.stdout.writelines(difflib.unified_diff(before.splitlines(True), after.splitlines(True),
                                                           f"{name} (pasted)", f"{name} (now)"))
            else:
                page.write_text(after, encoding="utf-8")
                print(f"regenerated {name}")
    if args.check and drifted:
        print(f"\n{len(drifted)} page(s) drifted: run python docs/regenerate.py", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The output pasted in README.md and docs/*.md is what the commands print today (docs/regenerate.py)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

from revops_cli import __version__
from tests.conftest import REPO

_spec = importlib.util.spec_from_file_location("docs_regenerate", REPO / "docs" / "regenerate.py")
regenerate = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = regenerate  # dataclasses look their module up there
_spec.loader.exec_module(regenerate)

PAGE = """# A page

Some prose with `$ revops not-an-example` inline.

<!-- setup: printf 'a,b\\n1,2\\n' > made.csv -->

```text
$ revops --version
revops 0.0.0 (stale)
$ cat made.csv \\
    sample_data/../made.csv
stale output
```

```bash
revops leads clean x.csv -o y.csv
```

<!-- setup:
printf 'z\\n' > second.txt
-->
```console
$ cat second.txt
$ revops --version
```
"""


def test_examples_are_found_with_continuations_several_per_block_and_their_setup():
    blocks = regenerate.parse(PAGE.split("\n"))
    assert len(blocks) == 2  # the ```bash block without "$ " is prose, not an example
    first, second = blocks
    assert [e.command for e in first.examples] == ["revops --version", "cat made.csv sample_data/../made.csv"]
    assert first.setup == ["printf 'a,b\\n1,2\\n' > made.csv"]
    assert [e.command for e in second.examples] == ["cat second.txt", "revops --version"]
    assert second.setup == ["printf 'z\\n' > second.txt"]


def test_a_block_marked_not_run_is_left_as_written():
    page = ("<!-- not run: needs a full disk -->\n```text\n$ revops leads clean a.csv -o /mnt/full/b.csv\n"
            "Error: no space\n```\n\n```text\n$ revops --version\nold\n```\n")
    blocks = regenerate.parse(page.split("\n"))
    assert [[e.command for e in b.examples] for b in blocks] == [["revops --version"]]


def test_each_output_is_replaced_by_what_the_command_prints_in_the_pages_folder(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(PAGE, encoding="utf-8")
    root = tmp_path / "scratch"
    root.mkdir()
    text = regenerate.regenerate(page, root, regenerate.environment(regenerate.revops_shim(root)))
    assert f"$ revops --version\nrevops {__version__}\n$ cat made.csv \\" in text
    assert "    sample_data/../made.csv\na,b\n1,2\na,b\n1,2\n```" in text  # the setup's file, read twice
    assert f"$ cat second.txt\nz\n$ revops --version\nrevops {__version__}\n```" in text
    assert "stale" not in text and "<!-- setup: printf" in text  # the setup stays, hidden in the page
    assert (root / "page" / "sample_data" / "salesforce_leads.csv").exists()


def test_check_exits_1_with_a_diff_when_a_page_drifted(tmp_path, capsys):
    page = tmp_path / "page.md"
    page.write_text("```text\n$ revops --version\nrevops 0.0.0\n```\n", encoding="utf-8")
    assert regenerate.main([str(page), "--check"]) == 1
    out = capsys.readouterr().out
    assert "-revops 0.0.0" in out and f"+revops {__version__}" in out
    assert page.read_text() == "```text\n$ revops --version\nrevops 0.0.0\n```\n"  # --check changes nothing
    assert regenerate.main([str(page)]) == 0 and regenerate.main([str(page), "--check"]) == 0
    assert page.read_text() == f"```text\n$ revops --version\nrevops {__version__}\n```\n"


@pytest.mark.slow
def test_no_page_of_the_docs_drifted_from_its_commands():
    done = subprocess.run([sys.executable, str(REPO / "docs" / "regenerate.py"), "--check"],
                          capture_output=True, text=True, timeout=3000)
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]

"""The layers of docs/architecture.md hold in the code: imports point one way.

The table in the doc is the rule; this test parses it, so the doc and the code cannot drift apart.
"""

from __future__ import annotations

import ast
import functools
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "revops_cli"


@functools.cache
def _layers() -> dict[str, set[str]]:
    text = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- layers: the test parses this block -->\s*```text\n(.*?)```", text, re.S)
    assert block, "docs/architecture.md lost its layers table"
    rows = [line.split() for line in block.group(1).splitlines()[1:] if line.strip()]
    return {row[0]: {name for name in row[1:] if name != "-"} for row in rows}


def _layer_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "revops_cli" or len(parts) < 2:
        return None
    return parts[1]


def _imports(path: Path) -> list[tuple[int, str]]:
    """Every revops_cli module a file imports, at any depth (imports inside functions count too)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
            found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
        elif isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
    return [(line, module) for line, module in found if module.startswith("revops_cli.")]


def _source_files() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if p.name != "__main__.py")


def test_every_package_of_the_code_has_a_row_in_the_layers_table():
    layers = _layers()
    packages = {p.relative_to(PACKAGE).parts[0].removesuffix(".py") for p in _source_files()} - {"__init__"}
    assert packages <= set(layers), f"add {sorted(packages - set(layers))} to docs/architecture.md's layers table"


@pytest.mark.parametrize("path", _source_files(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_point_one_way(path):
    layers = _layers()
    own = path.relative_to(PACKAGE).parts[0].removesuffix(".py")
    if own == "__init__":
        return
    allowed = layers[own] | {own}
    wrong = []
    for line, module in _imports(path):
        layer = _layer_of(module)
        if layer is None or layer in allowed or layer not in layers:  # `from revops_cli import __version__`
            continue
        wrong.append(f"line {line}: {module} ({own} may import {', '.join(sorted(layers[own])) or 'nothing'})")
    assert not wrong, f"{path.relative_to(REPO)} imports across the layers:\n" + "\n".join(wrong)


def test_the_check_catches_a_core_module_importing_the_cli(tmp_path):
    """The rule bites: a core module that imports from cli/ is reported."""
    module = tmp_path / "bad.py"
    module.write_text("def f():\n    from revops_cli.cli.common import start\n", encoding="utf-8")
    modules = [m for _, m in _imports(module)]
    assert "revops_cli.cli.common" in modules
    assert _layer_of("revops_cli.cli.common") not in _layers()["core"]

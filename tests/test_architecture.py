"""Arrows point down: no upward import, no cycle between top-level packages, a light core.

Every ``import`` in the code counts, at module level and inside functions alike (a function-level
import still makes a dependency; it only hides a cycle until run time). The same rule is written
for import-linter in ``.importlinter`` (``make lint``); see ARCHITECTURE.md.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Higher imports lower; packages of one rank are independent of each other.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("aspa",),
    ("api", "web"),
    ("auth",),
    ("channels", "connectors", "billing", "classifiers"),
    ("pipeline",),
)
RANK = {pkg: len(LAYERS) - i for i, layer in enumerate(LAYERS) for pkg in layer}


def _module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(root: Path, path: Path) -> Iterator[tuple[str, int]]:
    """Every first-party module ``path`` imports (absolute name, line), relative ones resolved."""
    module = _module_name(root, path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                if node.level > 1:
                    base = base[: -(node.level - 1)]
                name = ".".join([*base, node.module] if node.module else base)
            else:
                name = node.module or ""
            yield name, node.lineno


def package_graph(root: Path) -> tuple[dict[tuple[str, str], list[str]], list[str]]:
    """Edges between top-level packages (with where they come from) and unresolved imports."""
    edges: dict[tuple[str, str], list[str]] = {}
    unresolved: list[str] = []
    for top in RANK:
        for path in sorted((root / top).rglob("*.py")) if (root / top).is_dir() else ():
            for name, line in imports_of(root, path):
                target = name.split(".")[0]
                if target not in RANK:
                    continue
                where = f"{path.relative_to(root)}:{line} imports {name}"
                if not _exists(root, name):
                    unresolved.append(where)
                if target != top:
                    edges.setdefault((top, target), []).append(where)
    return edges, unresolved


def _exists(root: Path, name: str) -> bool:
    base = root.joinpath(*name.split("."))
    return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()


def violations(root: Path) -> list[str]:
    edges, _ = package_graph(root)
    return [
        w for (src, dst), where in sorted(edges.items()) if RANK[dst] >= RANK[src] for w in where
    ]


def cycles(root: Path) -> list[list[str]]:
    edges, _ = package_graph(root)
    graph: dict[str, set[str]] = {}
    for src, dst in edges:
        graph.setdefault(src, set()).add(dst)
    found: list[list[str]] = []

    def visit(node: str, path: list[str]) -> None:
        for nxt in sorted(graph.get(node, ())):
            if nxt == path[0]:
                found.append([*path, nxt])
            elif nxt not in path and nxt > path[0]:
                visit(nxt, [*path, nxt])

    for start in sorted(graph):
        visit(start, [start])
    return found


def test_no_upward_or_sideways_import() -> None:
    assert violations(ROOT) == []


def test_no_cycle_between_top_level_packages() -> None:
    assert cycles(ROOT) == []


def test_every_first_party_import_resolves() -> None:
    # mypy's ignore_missing_imports would let a dangling `from ..auth import x` through.
    _, unresolved = package_graph(ROOT)
    assert unresolved == []


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return tmp_path


def test_the_check_sees_a_function_level_upward_import(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "pipeline/__init__.py": "",
            "pipeline/steps.py": "def f():\n    from classifiers import rules\n",
            "classifiers/__init__.py": "from pipeline import steps\n",
            "classifiers/rules.py": "",
        },
    )
    assert violations(root) == ["pipeline/steps.py:2 imports classifiers"]
    assert cycles(root) == [["classifiers", "pipeline", "classifiers"]]


def test_the_check_sees_siblings_and_relative_imports(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "api/__init__.py": "",
            "api/routes/__init__.py": "from ..deps import x\nfrom ..gone import y\n",
            "api/deps.py": "from web import pages\n",
            "web/__init__.py": "",
            "web/pages.py": "",
        },
    )
    assert violations(root) == ["api/deps.py:1 imports web"]
    assert package_graph(root)[1] == ["api/routes/__init__.py:2 imports api.gone"]


HEAVY = ("spacy", "fastapi", "starlette")


def _loaded(modules: list[str]) -> list[str]:
    code = (
        "import importlib, json, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    return [m for m in json.loads(out) if m.split(".")[0] in HEAVY]


@pytest.mark.parametrize(
    "modules",
    [
        ["pipeline"],
        # What `aspa process` uses of the core to take a file in and reject it.
        [
            "pipeline.settings",
            "pipeline.intake",
            "pipeline.service",
            "pipeline.queue",
            "pipeline.steps",
            "pipeline.runtime",
            "pipeline.ports",
            "pipeline.submitter",
        ],
    ],
)
def test_the_core_loads_neither_spacy_nor_fastapi(modules: list[str]) -> None:
    assert _loaded(modules) == []


def test_the_light_import_check_can_fail() -> None:
    assert "fastapi" in _loaded(["fastapi"])


def settings_built_outside_root(root: Path) -> list[str]:
    """Calls of ``Settings(...)`` below the composition root (they read the environment)."""
    found = []
    for top in RANK:
        if top == "aspa" or not (root / top).is_dir():
            continue
        for path in sorted((root / top).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if (
                    isinstance(node, ast.Call)
                    and getattr(node.func, "id", getattr(node.func, "attr", None)) == "Settings"
                ):
                    found.append(f"{path.relative_to(root)}:{node.lineno}")
    return found


def test_settings_are_built_only_at_the_entry_points() -> None:
    assert settings_built_outside_root(ROOT) == []


def test_the_settings_check_can_fail(tmp_path: Path) -> None:
    root = _tree(tmp_path, {"billing/cli.py": "def f():\n    return Settings().data_dir\n"})
    assert settings_built_outside_root(root) == ["billing/cli.py:2"]

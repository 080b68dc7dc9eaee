"""No module over 500 lines: data belongs in data files (YAML, JSON), code in small modules."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = (
    "aspa", "pipeline", "classifiers", "connectors", "api", "auth", "billing", "channels", "web",
    "samples",
)  # fmt: skip
LIMIT = 500

# Data still written as code (issue 15 turned the corpus vocabulary into data files). Do not add.
PENDING: set[str] = set()


def too_long(root: Path, limit: int = LIMIT) -> list[str]:
    found = []
    for pkg in PACKAGES:
        for path in sorted((root / pkg).rglob("*.py")) if (root / pkg).is_dir() else ():
            rel = path.relative_to(root).as_posix()
            if rel in PENDING or "node_modules" in path.parts:
                continue
            n = len(path.read_text(encoding="utf-8").splitlines())
            if n > limit:
                found.append(f"{rel}: {n} lines")
    return found


def test_no_module_over_500_lines() -> None:
    assert too_long(ROOT) == []


def test_the_size_check_can_fail(tmp_path: Path) -> None:
    (tmp_path / "billing").mkdir()
    (tmp_path / "billing" / "big.py").write_text("x = 1\n" * 501)
    assert too_long(tmp_path) == ["billing/big.py: 501 lines"]

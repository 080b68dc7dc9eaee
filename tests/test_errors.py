"""One error tree in one module: every error class in ``pipeline.errors``, drawn there."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pipeline.errors as errors
from pipeline.errors import AspaError, TransientError

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = (
    "aspa",
    "pipeline",
    "classifiers",
    "connectors",
    "api",
    "auth",
    "billing",
    "channels",
    "web",
)


def error_classes() -> list[type[AspaError]]:
    return [
        c
        for _, c in inspect.getmembers(errors, inspect.isclass)
        if issubclass(c, AspaError) and c.__module__ == errors.__name__
    ]


def test_every_error_is_drawn_with_its_code() -> None:
    doc = errors.__doc__ or ""
    for cls in error_classes():
        assert cls.__name__ in doc, cls
        assert cls.code in doc, cls


def test_transient_is_exactly_the_transient_subtree() -> None:
    for cls in error_classes():
        assert cls.transient is issubclass(cls, TransientError), cls


def defined_errors_outside(root: Path) -> list[str]:
    """Classes outside pipeline/errors.py that derive from a class of the error tree."""
    tree_names = {c.__name__ for c in error_classes()} | {"AspaError"}
    found = []
    for pkg in PACKAGES:
        for path in sorted((root / pkg).rglob("*.py")):
            if path.relative_to(root).as_posix() == "pipeline/errors.py":
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ClassDef):
                    bases = {
                        b.id if isinstance(b, ast.Name) else getattr(b, "attr", "")
                        for b in node.bases
                    }
                    if bases & tree_names:
                        found.append(f"{path.relative_to(root)}:{node.lineno} {node.name}")
    return found


def test_no_error_class_outside_the_tree() -> None:
    assert defined_errors_outside(ROOT) == []


def test_the_check_sees_an_error_elsewhere(tmp_path: Path) -> None:
    (tmp_path / "billing").mkdir()
    (tmp_path / "billing" / "x.py").write_text("class LateError(ConflictError):\n    pass\n")
    assert defined_errors_outside(tmp_path) == ["billing/x.py:1 LateError"]


def test_plugin_names_stay_importable() -> None:
    from auth.errors import ForbiddenError
    from billing.errors import QuarterClosedError
    from channels.errors import MailServerError
    from classifiers.registry import UnknownModelError

    assert QuarterClosedError is errors.QuarterClosedError
    assert MailServerError.transient and issubclass(MailServerError, TransientError)
    assert ForbiddenError.http_status == 403
    assert UnknownModelError is errors.UnknownModelError

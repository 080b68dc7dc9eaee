"""Training's numeric kernels pinned, so that every x86-64 machine trains the same version."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from classifiers import kernels

pytestmark = pytest.mark.skipif(not kernels.applies(), reason="kernels are pinned on x86-64 only")

COMMAND = """
import os, sys
import numpy
from numpy._core import _multiarray_umath as umath
from classifiers.kernels import pin_kernels
print("before", flush=True) if "NPY_DISABLE_CPU_FEATURES" not in os.environ else None
assert pin_kernels()
print(os.environ["NPY_DISABLE_CPU_FEATURES"], "|", umath.__cpu_features__["X86_V4"])
"""


def test_the_aspa_command_starts_again_with_the_pinned_kernels_once_numpy_is_loaded(
    tmp_path: Path,
) -> None:
    script = tmp_path / "aspa"  # the console script's name: only that command starts again
    script.write_text(COMMAND, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in kernels.PINNED}
    out = subprocess.run(
        [sys.executable, str(script)], env=env, capture_output=True, text=True, timeout=60,
        cwd=Path(__file__).resolve().parents[1], check=True,
    ).stdout  # fmt: skip
    # "before" once, from the first start; then the second start's numpy runs without AVX-512.
    assert out.splitlines() == ["before", f"{kernels.PINNED['NPY_DISABLE_CPU_FEATURES']} | False"]


def test_anything_else_goes_on_with_the_kernels_it_has(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in kernels.PINNED:
        monkeypatch.delenv(name, raising=False)
    assert "numpy" in sys.modules
    assert kernels.pin_kernels() is False  # pytest's process is not started again
    assert not any(name in os.environ for name in kernels.PINNED)
    assert not kernels.pinned()
    for name, value in kernels.PINNED.items():
        monkeypatch.setenv(name, value)
    assert kernels.pinned() and kernels.pin_kernels()

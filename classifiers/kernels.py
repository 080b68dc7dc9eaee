"""The same model from the same data on every x86-64 machine: training's numeric kernels pinned.

numpy, OpenBLAS and BLIS choose their loops by the processor they find: AVX-512 where there is
one, AVX2 elsewhere. A sum taken eight lanes at a time instead of four rounds differently in
its last bit; some thousands of updates later the weights differ, and with them the model's
version (a hash of the weights) and a few of its decisions. Measured on an AVX-512 machine,
the same code and data: `aspa train` gave `tc-48c6aa3b1d8f` (held-out letters 0.910) with the
kernels it found, and with the kernels below the `tc-ba71c6f8f9f0` that the AVX2 machine
before it had trained (letters 0.897) — the version the README's figures are for.

The choice is read once, when the libraries load, so it is made before numpy is imported, or
the command starts again with it. Elsewhere (aarch64) nothing is pinned: those kernels are
another family, and a model trained there may have another version.
"""

from __future__ import annotations

import os
import platform
import sys

#: AVX2 (x86-64-v3) loops in numpy's dispatch, OpenBLAS and BLIS, on any x86-64 processor.
PINNED = {
    "NPY_DISABLE_CPU_FEATURES": "X86_V4 AVX512_ICL AVX512_SPR",
    "OPENBLAS_CORETYPE": "Haswell",
    "BLIS_ARCH_TYPE": "haswell",
}
_LOADED_ONCE = ("numpy", "blis", "scipy")


def applies() -> bool:
    """Whether this machine's kernels are pinned for training (x86-64 only)."""
    return platform.machine().lower() in ("x86_64", "amd64")


def pinned() -> bool:
    """Whether this process runs with the pinned kernels (or needs none)."""
    return not applies() or all(os.environ.get(k) == v for k, v in PINNED.items())


def pin_kernels() -> bool:
    """Pin the kernels for this process before it trains; whether they are pinned.

    Before numpy (or BLIS) is loaded, setting them is enough. After, the ``aspa`` command starts
    again with them (``os.execv``, the same arguments: it is in front of a command that has
    written nothing yet); anything else (a test's in-process runner) goes on with the kernels it
    has, and the training's report says so."""
    if pinned():
        return True
    loaded = any(name in sys.modules for name in _LOADED_ONCE)
    if loaded and os.path.basename(sys.argv[0]) != "aspa":
        return False
    os.environ.update(PINNED)
    if loaded:
        sys.stdout.flush()
        sys.stderr.flush()
        os.execv(sys.executable, sys.orig_argv)
    return True

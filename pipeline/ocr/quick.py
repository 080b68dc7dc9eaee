"""A quick read of part of a page (batch splitting looks at the top of each page)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from PIL import Image

from ._tesseract import TESSERACT, _failure, _run


def quick_text(image: Image.Image, *, languages: str, timeout: float = 60.0) -> str:
    """OCR a small image (e.g. the top quarter of a page at 100–150 dpi) to plain text.

    Raises:
        OcrError: tesseract failed.
        OcrTimeoutError: the run took longer than ``timeout``.
    """
    with tempfile.TemporaryDirectory(prefix="aspa-quick-") as tmp:
        src = Path(tmp) / "part.png"
        image.convert("L").save(src)
        proc = _run([TESSERACT, str(src), "-", "-l", languages, "--psm", "6"], timeout=timeout)
        if proc.returncode != 0:
            raise _failure(proc, "reading the top of a page")
        return proc.stdout.decode("utf-8", "replace")

"""``aspa eval --ocr``: render test texts as scanned pages and read them back through OCR.

Pages are drawn with Pillow in a DejaVu font, slightly skewed, blurred and speckled like a
scan, then passed to an OCR function ``(image) -> text``. The pipeline's real OCR stage is
plugged in with ``pipeline_ocr(ocr_document, ctx)``; ``tesseract_ocr`` calls Tesseract
directly (for measuring this module on its own).
"""

from __future__ import annotations

import os
import random
import tempfile
import textwrap
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFilter, ImageFont

from classifiers.dataset import LabelledText

OcrFunction = Callable[[Image.Image], str]

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONTS = ("DejaVuSans.ttf", "DejaVuSerif.ttf", "DejaVuSansMono.ttf", "DejaVuSansCondensed.ttf")
DPI = 200
PAGE = (int(8.27 * DPI), int(11.69 * DPI))  # A4


def _font(name: str, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    path = FONT_DIR / name
    if path.is_file():
        return ImageFont.truetype(str(path), size)
    return ImageFont.load_default()


def render_page(
    text: str, *, seed: int = 0, skew: float | None = None, noise: float | None = None
) -> Image.Image:
    """Draw ``text`` on a grey-scale A4 page at 200 DPI like a mediocre scan.

    Args:
        text: the page's text; long lines are wrapped.
        seed: chooses font, size, skew and noise reproducibly.
        skew: rotation in degrees (default: random within ±2.5°).
        noise: share of speckled pixels (default: random 0–1.5 %).
    """
    rng = random.Random(seed)
    size = rng.choice([24, 26, 28, 32])
    font = _font(rng.choice(FONTS), size)
    img = Image.new("L", PAGE, 255)
    draw = ImageDraw.Draw(img)
    margin = int(0.8 * DPI)
    width_chars = max(30, int((PAGE[0] - 2 * margin) / (size * 0.6)))
    y = margin
    for raw_line in text.splitlines() or [""]:
        for line in textwrap.wrap(raw_line, width_chars) or [""]:
            if y > PAGE[1] - margin:
                break
            draw.text((margin + rng.randint(-4, 4), y), line, fill=rng.randint(0, 60), font=font)
            y += int(size * 1.45)
    angle = skew if skew is not None else rng.uniform(-2.5, 2.5)
    img = img.rotate(angle, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255)
    img = img.filter(ImageFilter.GaussianBlur(radius=rng.choice([0.0, 0.6, 0.9])))
    share = noise if noise is not None else rng.uniform(0.0, 0.015)
    if share > 0:
        px = img.load()
        assert px is not None
        for _ in range(int(PAGE[0] * PAGE[1] * share)):
            x, yy = rng.randrange(PAGE[0]), rng.randrange(PAGE[1])
            px[x, yy] = rng.choice((0, 90, 255))
    return img


def tesseract_ocr(img: Image.Image, *, lang: str = "fin+swe+eng") -> str:
    """Tesseract straight through pytesseract, one thread (``OMP_THREAD_LIMIT=1``)."""
    import pytesseract

    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    return str(pytesseract.image_to_string(img, lang=lang))


def pipeline_ocr(ocr_document: Callable[..., Any], ctx: Any) -> OcrFunction:
    """Adapt the pipeline's ``ocr_document(src, media_type, out_pdf, ctx) -> OcrResult``."""

    def run(img: Image.Image) -> str:
        with tempfile.TemporaryDirectory(prefix="aspa-eval-") as tmp:
            src = Path(tmp) / "page.png"
            img.save(src, dpi=(DPI, DPI))
            result = ocr_document(src, "image/png", Path(tmp) / "out.pdf", ctx)
            return str(result.text)

    return run


def sample_examples(
    examples: Sequence[LabelledText], *, seed: int = 0, limit: int | None = None
) -> list[LabelledText]:
    """A fixed-seed random sample of ``limit`` examples (all of them, in order, without)."""
    chosen = list(examples)
    if limit is not None and limit < len(chosen):
        rng = random.Random(seed)
        rng.shuffle(chosen)
        chosen = chosen[:limit]
    return chosen


def ocr_examples(
    examples: Sequence[LabelledText],
    ocr: OcrFunction,
    *,
    seed: int = 0,
    limit: int | None = None,
) -> list[LabelledText]:
    """Render each example as a page, OCR it, and return examples carrying the OCR text.

    With ``limit``, the fixed-seed sample of ``sample_examples``, in the same order.
    """
    out = []
    for i, ex in enumerate(sample_examples(examples, seed=seed, limit=limit)):
        img = render_page(ex.text, seed=seed * 100003 + i)
        out.append(
            LabelledText(
                text=ocr(img), label=ex.label, lang=ex.lang, kind=ex.kind + "+ocr", noisy=True
            )
        )
    return out

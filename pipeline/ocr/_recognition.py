"""What a tesseract run gives for one page, the same for both backends (CLI and libtesseract).

Both backends produce tesseract's TSV (the command with its ``tsv`` output, the library with
``GetTSVText``); :func:`from_tsv` turns it into words with boxes, from which the page's text is
rebuilt in reading order (``_order.py``) and the confidences are taken.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# A word counts as "real" when tesseract is fairly sure and it has some letters. Upside-down
# pages read as short garbage with low confidence, so few real words point to a turned page.
REAL_WORD_CONF = 60.0


@dataclass(frozen=True)
class Word:
    """One recognised word and its box in pixels of the image tesseract read."""

    text: str
    left: int
    top: int
    right: int
    bottom: int
    conf: float  # 0..100
    block: int  # tesseract's block / paragraph / line numbers (its own layout analysis)
    par: int
    line: int

    @property
    def height(self) -> int:
        return self.bottom - self.top

    @property
    def cx(self) -> float:
        return (self.left + self.right) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(frozen=True)
class Recognition:
    """One tesseract run on one page."""

    text: str  # tesseract's own text, in its own order
    pdf_path: Path  # a one-page PDF: the image (unless text-only) with an invisible text layer
    confidence: float | None  # mean word confidence 0..100; None when no words were found
    words: int
    real_words: int
    boxes: tuple[Word, ...] = ()


@dataclass(frozen=True)
class Orientation:
    """Tesseract OSD: turn the page ``rotate`` degrees clockwise to make it upright."""

    rotate: int
    confidence: float


def parse_tsv(tsv: str) -> list[Word]:
    """The words (level 5 rows) of tesseract's TSV, empty and unsure (-1) ones dropped."""
    out: list[Word] = []
    # Columns: level page block par line word left top width height conf text. Split by
    # hand: csv.DictReader cost a tenth of the page's Python time.
    for row in tsv.splitlines():
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5":
            continue
        text = cols[11].strip()
        try:
            conf = float(cols[10])
            block, par, line = int(cols[2]), int(cols[3]), int(cols[4])
            left, top, width, height = (int(c) for c in cols[6:10])
        except ValueError:
            continue
        if not text or conf < 0:
            continue
        out.append(Word(text, left, top, left + width, top + height, conf, block, par, line))
    return out


def from_tsv(text: str, pdf: Path, tsv: str) -> Recognition:
    words = parse_tsv(tsv)
    confs = [w.conf for w in words]
    real = sum(
        1 for w in words if w.conf >= REAL_WORD_CONF and sum(ch.isalpha() for ch in w.text) >= 3
    )
    mean = sum(confs) / len(confs) if confs else None
    return Recognition(text.strip(), pdf, mean, len(words), real, tuple(words))

"""Cheap image measurements before OCR: grayscale, blank pages, skew and sideways pages.

Everything is measured on a downscaled copy (~600 px wide), so a page costs a few tens of
milliseconds: a small fraction of the ~1 s tesseract spends on it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from PIL import Image

_WORK_WIDTH = 620  # px of the downscaled copy used for measurements
_BLANK_INK = 0.0008  # fraction of dark pixels below which a page counts as blank
_MAX_SKEW = 6.0  # degrees searched either way
_MIN_DESKEW = 0.3  # tesseract copes with less; rotating the image costs time and sharpness
_SIDEWAYS_RATIO = 1.3  # column profile this much sharper than row profile -> text runs vertically


@dataclass(frozen=True)
class Layout:
    """What the cheap measurements found on one page."""

    blank: bool
    skew: float  # degrees the text lines rise to the right (counter-clockwise); 0 if unknown
    sideways: bool  # text lines run vertically: the page is turned 90 or 270 degrees


def to_gray(img: Image.Image) -> Image.Image:
    """Grayscale 8-bit copy; transparency is flattened onto white, 1-bit stays 1-bit."""
    if img.mode in ("1", "L"):
        return img
    if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
        rgba = img.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(white, rgba).convert("L")
    if img.mode.startswith("I;16") or img.mode == "I":
        a = np.asarray(img, dtype=np.float64)
        top = a.max() or 1.0
        return Image.fromarray((a * (255.0 / top)).astype(np.uint8), "L")
    return img.convert("L")


def _small(gray: Image.Image) -> np.ndarray:
    factor = max(1, gray.width // _WORK_WIDTH)
    img = gray.convert("L") if gray.mode == "1" else gray
    if factor > 1:
        img = img.reduce(factor)
    return np.asarray(img, dtype=np.uint8)


def _ink(a: np.ndarray) -> np.ndarray:
    """Boolean mask of ink: clearly darker than the paper, borders ignored."""
    paper = float(np.percentile(a, 90))
    ink = a < min(paper - 60.0, 200.0)
    h, w = ink.shape
    by, bx = max(1, h // 30), max(1, w // 30)  # scanner edges and punch holes
    ink[:by, :] = False
    ink[-by:, :] = False
    ink[:, :bx] = False
    ink[:, -bx:] = False
    return ink


def _profile_score(ys: np.ndarray, xs: np.ndarray, angles: np.ndarray) -> np.ndarray:
    """Sharpness of the row projection of the ink for each angle (higher = lines align)."""
    scores = np.empty(len(angles))
    for i, deg in enumerate(angles):
        t = np.deg2rad(deg)
        proj = np.round(ys * np.cos(t) + xs * np.sin(t)).astype(np.int64)
        proj -= proj.min()
        hist = np.bincount(proj).astype(np.float64)
        scores[i] = float(np.dot(hist, hist))
    return scores


def _best_angle(ys: np.ndarray, xs: np.ndarray) -> tuple[float, float]:
    coarse = np.arange(-_MAX_SKEW, _MAX_SKEW + 0.01, 0.5)
    s = _profile_score(ys, xs, coarse)
    best = float(coarse[int(np.argmax(s))])
    fine = np.arange(best - 0.5, best + 0.51, 0.1)
    s2 = _profile_score(ys, xs, fine)
    i = int(np.argmax(s2))
    return float(fine[i]), float(s2[i])


def measure(gray: Image.Image) -> Layout:
    """Blank page, skew angle and sideways text from a downscaled copy of the page."""
    a = _small(gray)
    ink = _ink(a)
    if ink.mean() < _BLANK_INK:
        return Layout(blank=True, skew=0.0, sideways=False)
    ys, xs = np.nonzero(ink)
    if len(ys) > 150_000:  # plenty for a histogram; keeps dense pages cheap
        step = len(ys) // 150_000 + 1
        ys, xs = ys[::step], xs[::step]
    ys_f, xs_f = ys.astype(np.float64), xs.astype(np.float64)
    angle, score_rows = _best_angle(ys_f, xs_f)
    _, score_cols = _best_angle(xs_f, ys_f)
    sideways = score_cols > _SIDEWAYS_RATIO * score_rows
    # With y pointing down, a projection angle t aligns lines that rise to the right by t.
    skew = 0.0 if sideways else round(angle, 2) + 0.0  # + 0.0 turns -0.0 into 0.0
    return Layout(blank=False, skew=skew, sideways=sideways)


def needs_deskew(skew: float) -> bool:
    return abs(skew) >= _MIN_DESKEW


def deskew(gray: Image.Image, skew: float) -> Image.Image:
    """Turn the page so its text lines are horizontal (same size, white fill).

    1-bit pages turn by three shears (Paeth; leptonica's pixRotateShear does the same for
    binary images): every row or column moves by whole pixels, so strokes keep their shape and
    the page stays 1-bit. Measured on a 2480x3508 1-bit page: 25-45 ms, against 140-170 ms for
    PIL's bilinear rotation plus thresholding, and the skewed sample reads word for word the
    same (a plain nearest-neighbour rotation lost a word).
    """
    if gray.mode != "1":
        # Whole-pixel shears make grayscale edges jagged (the 150-dpi Swedish scan lost its
        # å/ä/ö); bilinear costs 40-60 ms on a gray page and keeps them.
        return gray.rotate(-skew, resample=Image.Resampling.BILINEAR, fillcolor=255)
    a = np.asarray(gray)  # bool, True = white
    t = math.radians(skew)
    a = _shear_rows(a, -math.tan(t / 2), True)
    a = _shear_rows(np.ascontiguousarray(a.T), math.sin(t), True).T
    a = _shear_rows(np.ascontiguousarray(a), -math.tan(t / 2), True)
    return Image.fromarray(a)


def _shear_rows(a: np.ndarray, k: float, fill: bool | int) -> np.ndarray:
    """Shift each row sideways by round(k * (row - middle)) pixels."""
    h, w = a.shape
    out = np.full_like(a, fill)
    offsets = np.round(k * (np.arange(h) - h / 2)).astype(np.int64)
    cuts = np.flatnonzero(np.diff(offsets)) + 1
    starts = [0, *cuts.tolist()]
    ends = [*cuts.tolist(), h]
    for s, e in zip(starts, ends, strict=True):
        d = int(offsets[s])
        if abs(d) >= w:
            continue
        if d >= 0:
            out[s:e, d:] = a[s:e, : w - d]
        else:
            out[s:e, : w + d] = a[s:e, -d:]
    return out


def turn(gray: Image.Image, clockwise: int) -> Image.Image:
    """Turn the page by a multiple of 90 degrees clockwise."""
    ops = {
        90: Image.Transpose.ROTATE_270,
        180: Image.Transpose.ROTATE_180,
        270: Image.Transpose.ROTATE_90,
    }
    op = ops.get(clockwise % 360)
    return gray.transpose(op) if op is not None else gray

"""Ruled boxes of a form page, found in the image: field boxes and tick boxes.

Forms draw their fields as rectangles of thin rules. They are found from the rules alone (no
text needed, so it runs before OCR): ink pixels on horizontal or vertical runs of at least
``_MIN_RULE_INCH`` (text strokes are shorter), merged into rule segments, and a box is a pair of
vertical rules closed by horizontal rules at top and bottom with no rule across its inside.
Small square boxes are tick boxes; whether one is ticked is the ink inside its border.

Measured on the samples (2480 x 3508 px): 20-40 ms a page at half resolution.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
from PIL import Image

_MIN_RULE_INCH = 0.09  # shortest rule: a 2.3 mm tick box side
_TICK_MIN_INCH, _TICK_MAX_INCH = 0.09, 0.32  # tick box sides (2.3-8 mm)
_TICK_ASPECT = 1.35  # squares, give or take
_TICKED_INK = 0.06  # share of dark pixels inside the border that makes a box ticked
_SCALE = 2  # measure at half resolution


@dataclass(frozen=True)
class Box:
    """A ruled rectangle in pixels of the page (outer edge of its rules)."""

    left: int
    top: int
    right: int
    bottom: int

    def contains(self, x: float, y: float) -> bool:
        return self.left <= x <= self.right and self.top <= y <= self.bottom

    @property
    def height(self) -> int:
        return self.bottom - self.top

    @property
    def area(self) -> int:
        return (self.right - self.left) * (self.bottom - self.top)


@dataclass(frozen=True)
class TickBox:
    box: Box
    ticked: bool


@dataclass(frozen=True)
class FormLayout:
    boxes: tuple[Box, ...]  # field boxes (not tick boxes), top to bottom
    ticks: tuple[TickBox, ...]


@dataclass(frozen=True)
class _Rule:
    pos0: int  # across the rule (y of a horizontal one), first and last pixel
    pos1: int
    start: int  # along the rule
    end: int


def _ink(gray: Image.Image) -> np.ndarray:
    """Dark pixels at half resolution (a pixel is ink when any of its 2x2 is)."""
    img = gray.convert("L") if gray.mode == "1" else gray
    # A 2x2 mean below 192 holds at least one pixel darker than mid-grey (PIL's C box filter:
    # a tenth of the cost of numpy's any() over a reshaped view).
    out: np.ndarray = np.asarray(img.reduce(_SCALE), dtype=np.uint8) < 192
    return out


def _long_runs(ink: np.ndarray, length: int) -> np.ndarray:
    """Pixels on horizontal runs of ink of at least ``length``."""
    h, w = ink.shape
    if w < length:
        return np.zeros_like(ink)
    c = np.zeros((h, w + 1), dtype=np.int32)
    np.cumsum(ink, axis=1, out=c[:, 1:])
    full = (c[:, length:] - c[:, :-length]) == length  # window [i, i+length) all ink
    # Back to pixels: pixel x is on a long run when a full window starts in [x-length+1, x].
    f = np.zeros((h, w + length), dtype=np.int32)
    np.cumsum(full, axis=1, out=f[:, length : length + full.shape[1]])
    f[:, length + full.shape[1] :] = f[:, length + full.shape[1] - 1 : length + full.shape[1]]
    out: np.ndarray = (f[:, length:] - f[:, :w]) > 0
    return out


def _segments(mask: np.ndarray, min_len: int) -> list[_Rule]:
    """Horizontal rule segments of a long-run mask: runs in neighbouring rows merged."""
    open_: list[_Rule] = []
    done: list[_Rule] = []
    padded = np.zeros((mask.shape[0], mask.shape[1] + 2), dtype=np.int8)
    padded[:, 1:-1] = mask
    edges = np.diff(padded, axis=1)
    rows = np.flatnonzero(edges.any(axis=1))
    prev_row = -2
    for y in rows.tolist():
        starts = np.flatnonzero(edges[y] == 1)
        ends = np.flatnonzero(edges[y] == -1) - 1
        if y != prev_row + 1:
            done.extend(open_)
            open_ = []
        still: list[_Rule] = []
        runs = list(zip(starts.tolist(), ends.tolist(), strict=True))
        for seg in open_:
            match = next((r for r in runs if r[0] <= seg.end and r[1] >= seg.start), None)
            if match is None:
                done.append(seg)
                continue
            runs.remove(match)
            still.append(_Rule(seg.pos0, y, min(seg.start, match[0]), max(seg.end, match[1])))
        still.extend(_Rule(y, y, s, e) for s, e in runs)
        open_ = still
        prev_row = y
    done.extend(open_)
    return [r for r in done if r.end - r.start + 1 >= min_len and r.pos1 - r.pos0 <= 12]


def find_boxes(gray: Image.Image, dpi: int) -> FormLayout:
    """Field boxes and tick boxes of a page (pixel coordinates of ``gray``)."""
    ink = _ink(gray)
    px = dpi / _SCALE  # pixels per inch at the working scale
    min_len = max(8, round(_MIN_RULE_INCH * px))
    horiz = _segments(_long_runs(ink, min_len), min_len)
    vert = _segments(_long_runs(np.ascontiguousarray(ink.T), min_len), min_len)
    tol = max(2, round(0.012 * px))
    found: list[Box] = []
    vert.sort(key=lambda r: r.pos0)
    horiz.sort(key=lambda r: r.pos0)
    h_arr = np.array([(h.pos0, h.pos1, h.start, h.end) for h in horiz], dtype=np.int64).reshape(
        -1, 4
    )
    for i, left in enumerate(vert):
        for right in vert[i + 1 :]:
            if right.pos0 - left.pos1 < min_len // 2:
                continue
            y0, y1 = max(left.start, right.start), min(left.end, right.end)
            if y1 - y0 < min_len - tol:
                continue
            x0, x1 = left.pos0, right.pos1
            # Horizontal rules spanning from the left rule to the right one, within both.
            hit = (
                (h_arr[:, 0] >= y0 - tol)
                & (h_arr[:, 0] <= y1 + tol)
                & (h_arr[:, 2] <= x0 + tol)
                & (h_arr[:, 3] >= x1 - tol)
            )
            spans = [horiz[k] for k in np.flatnonzero(hit).tolist()]  # sorted by pos0
            for top, bottom in itertools.pairwise(spans):
                if bottom.pos0 - top.pos1 < min_len // 2:
                    continue
                if any(
                    x0 + tol < v.pos0 < x1 - tol
                    and v.start <= top.pos1 + tol
                    and v.end >= bottom.pos0 - tol
                    for v in vert
                ):
                    continue  # a rule runs down the inside: two boxes, not one
                found.append(Box(x0, top.pos0, x1, bottom.pos1))
    boxes: list[Box] = []
    ticks: list[TickBox] = []
    for b in sorted(set(found), key=lambda b: (b.top, b.left)):
        w, h = (b.right - b.left + 1) / px, (b.bottom - b.top + 1) / px
        full = Box(b.left * _SCALE, b.top * _SCALE, (b.right + 1) * _SCALE, (b.bottom + 1) * _SCALE)
        square = max(w, h) / max(min(w, h), 1e-6) <= _TICK_ASPECT
        if square and _TICK_MIN_INCH <= w <= _TICK_MAX_INCH:
            ticks.append(TickBox(full, _ticked(ink, b, tol)))
        elif w > _TICK_MAX_INCH and h > _TICK_MIN_INCH:
            boxes.append(full)
    return FormLayout(tuple(boxes), tuple(ticks))


def _ticked(ink: np.ndarray, b: Box, tol: int) -> bool:
    inset = tol + 2
    inside = ink[b.top + inset : b.bottom - inset + 1, b.left + inset : b.right - inset + 1]
    return bool(inside.size) and float(inside.mean()) > _TICKED_INK


def white_out(gray: Image.Image, boxes: tuple[Box, ...], pad: int = 3) -> Image.Image:
    """A copy of the page with these boxes painted white (tick boxes before OCR)."""
    if not boxes:
        return gray
    out = gray.copy()
    white = 1 if out.mode == "1" else 255
    for b in boxes:
        out.paste(white, (b.left - pad, b.top - pad, b.right + pad, b.bottom + pad))
    return out

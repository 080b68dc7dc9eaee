"""A page's text in the order people read a form, rebuilt from tesseract's word boxes.

Tesseract's own layout analysis reads a form block by block, and cut a paragraph of free text
into two "columns" read one after the other. Here the words are regrouped instead:

* words inside a ruled field box belong to that box; the box is read whole (label, then value),
  its words grouped into lines by their vertical overlap;
* words outside boxes are grouped into lines across the whole page, so a paragraph reads line
  after line, whole, whatever columns tesseract saw in it; a line breaks only at a gap wider
  than ``_SPLIT_GAP_INCH`` (a heading left and a form code right are two items);
* boxes and lines are read in rows, top to bottom, and left to right within a row (two field
  boxes side by side: the left one first);
* tick boxes are fields (:class:`~pipeline.ocr.types.Checkbox`: ticked or not, with the words
  right of them as label), not characters: words on a tick box are dropped;
* a box labelled as a signature keeps its label line; whatever is written below it (a
  scribble tesseract reads as ``«< 2 2 <-2``) is left out.
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.ocr._layout import Box, FormLayout
from pipeline.ocr._recognition import Word
from pipeline.ocr.types import Checkbox

_SPLIT_GAP_INCH = 0.9
_LABEL_GAP_INCH = 0.5  # a tick box's label ends at a wider gap
# Items side by side overlapping vertically by this share of the smaller height may be one
# row: a form code and the word under it at the right ("AT 1", "Hakemus") pair with the logo
# and the address line at the left although the fonts differ. Lines of a paragraph and rows of
# boxes do not overlap at all.
_ROW_OVERLAP = 0.15
_SIGNATURE = re.compile(
    r"^(allekirjoitu|underskrift|namnteckning|signatur|allekirjoittaja)", re.IGNORECASE
)


@dataclass(frozen=True)
class PageText:
    text: str
    checkboxes: tuple[Checkbox, ...]
    signatures: int


@dataclass
class _Item:
    """A box or a line of free text, with its words."""

    left: int
    top: int
    right: int
    bottom: int
    lines: list[list[Word]]

    def text(self) -> str:
        return "\n".join(" ".join(w.text for w in line) for line in self.lines if line)


def _lines(words: Sequence[Word]) -> list[list[Word]]:
    """Words grouped into lines (vertical overlap with the line), each line left to right.

    A word joins the first line, in the order the lines were started, that it overlaps by half
    the smaller height. Such a line reaches down to the word's top at least, so only those are
    looked at, found with :class:`_Bottoms`; trying every line was quadratic (a tall image of
    3,000 lines of 10 words took over 30 s). Boxes upside down (bottom above top) could meet
    the rule without reaching down; with one of those every line is tried, as before.
    """
    lines: list[tuple[float, float, list[Word]]] = []  # top, bottom, words
    bottoms = _Bottoms()
    upright = all(w.bottom >= w.top for w in words)
    for w in sorted(words, key=lambda w: (w.cy, w.left)):
        reach = w.top if upright else -math.inf
        i = bottoms.first_reaching(0, reach)
        while i >= 0:
            top, bottom, ws = lines[i]
            overlap = min(bottom, w.bottom) - max(top, w.top)
            if overlap >= 0.5 * min(bottom - top, w.height):
                ws.append(w)
                lines[i] = (min(top, w.top), max(bottom, w.bottom), ws)
                bottoms.set(i, lines[i][1])
                break
            i = bottoms.first_reaching(i + 1, reach)
        else:
            lines.append((w.top, w.bottom, [w]))
            bottoms.append(w.bottom)
    lines.sort(key=lambda t: (t[0] + t[1]) / 2)
    return [sorted(ws, key=lambda w: w.left) for _, _, ws in lines]


class _Bottoms:
    """The lines' bottoms in a max segment tree: the first line from ``i`` reaching down to y."""

    def __init__(self) -> None:
        self.size, self.count = 1, 0
        self.tree = [-math.inf, -math.inf]  # node k holds the max of nodes 2k and 2k + 1

    def append(self, value: float) -> None:
        if self.count == self.size:
            leaves = self.tree[self.size :]
            self.size *= 2
            self.tree = [-math.inf] * self.size + leaves + [-math.inf] * len(leaves)
            for k in range(self.size - 1, 0, -1):
                self.tree[k] = max(self.tree[2 * k], self.tree[2 * k + 1])
        self.count += 1
        self.set(self.count - 1, value)

    def set(self, i: int, value: float) -> None:
        k = i + self.size
        self.tree[k] = value
        while k > 1:
            k //= 2
            self.tree[k] = max(self.tree[2 * k], self.tree[2 * k + 1])

    def first_reaching(self, i: int, y: float) -> int:
        """The first index from ``i`` whose bottom is at least ``y``; -1 when there is none."""
        if i >= self.count:
            return -1
        k = i + self.size
        while self.tree[k] < y:
            if k & (k + 1) == 0:  # the last node of its level: nothing further right
                return -1
            while k & 1:  # a right child: its parent's next sibling comes next
                k //= 2
            k += 1
        while k < self.size:
            k = 2 * k if self.tree[2 * k] >= y else 2 * k + 1
        return k - self.size


def _split(line: list[Word], gap: float) -> list[list[Word]]:
    parts: list[list[Word]] = [[line[0]]]
    for prev, w in itertools.pairwise(line):
        if w.left - prev.right > gap:
            parts.append([])
        parts[-1].append(w)
    return parts


def _item(lines: list[list[Word]], box: Box | None = None) -> _Item:
    ws = [w for line in lines for w in line]
    if box is not None:
        return _Item(box.left, box.top, box.right, box.bottom, lines)
    return _Item(
        min(w.left for w in ws), min(w.top for w in ws), max(w.right for w in ws),
        max(w.bottom for w in ws), lines,
    )  # fmt: skip


def _continues(para: _Item, line: list[Word]) -> bool:
    """Is ``line`` the next line of the paragraph: close below it, starting near its left?"""
    last = para.lines[-1]
    height = max(w.height for w in last)
    top = min(w.top for w in line)
    gap = top - max(w.bottom for w in last)
    return -0.2 * height <= gap <= 0.9 * height and abs(line[0].left - para.left) <= 4 * height


def _rows(items: list[_Item], dpi: int) -> list[list[_Item]]:
    """Items in rows, rows top to bottom, each row left to right.

    Each item joins, among the items beside it that it overlaps vertically (by at least
    ``_ROW_OVERLAP`` of the smaller height), the one whose middle is nearest its own; rows are
    the groups so joined. The nearest, not the first, matters in headers: a small word under
    the form code overlaps both the tall logo (its box swollen by accents and descenders) and
    the address line beside it, and belongs with the address.
    """
    n = len(items)
    parent = list(range(n))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    beside = _Beside(items)
    for i, a in enumerate(items):
        best, best_d = -1, float("inf")
        for j in beside.overlapping(a):
            b = items[j]
            if j == i or _stacked(a, b):
                continue
            overlap = min(a.bottom, b.bottom) - max(a.top, b.top)
            if overlap < _ROW_OVERLAP * max(1, min(a.bottom - a.top, b.bottom - b.top)):
                continue
            d = abs((a.top + a.bottom) - (b.top + b.bottom))  # twice the centres' distance
            if d < best_d:
                best, best_d = j, d
        if best >= 0:
            parent[root(i)] = root(best)
    groups: dict[int, list[_Item]] = {}
    for i, it in enumerate(items):
        groups.setdefault(root(i), []).append(it)
    column = dpi / 2  # items starting within half an inch of each other: a column, top first
    rows = [sorted(g, key=lambda it: (int(it.left // column), it.top)) for g in groups.values()]
    return sorted(rows, key=lambda r: min(it.top for it in r))


class _Beside:
    """The items that may overlap a given one vertically, without comparing it with all.

    Trying every pair was quadratic: a tall image of 3,000 separate lines took 3 s. An item
    overlapping ``a`` starts above ``a.bottom`` and ends below ``a.top``; kept by height class
    (up to 1, 3, 7... pixels tall) and sorted by top, those of a class whose top is within the
    class's height above ``a.top`` hold all of them.
    """

    def __init__(self, items: Sequence[_Item]) -> None:
        classes: dict[int, list[tuple[float, int]]] = {}
        for j, b in enumerate(items):
            height = max(0, math.ceil(b.bottom - b.top))
            classes.setdefault(height.bit_length(), []).append((b.top, j))
        self.classes = [((1 << c) - 1, sorted(found)) for c, found in classes.items()]
        self.tops = [[top for top, _ in found] for _, found in self.classes]

    def overlapping(self, a: _Item) -> list[int]:
        """Indices, in order, of every item that overlaps ``a`` vertically, and a few more."""
        out: list[int] = []
        for (height, found), tops in zip(self.classes, self.tops, strict=True):
            lo = bisect.bisect_right(tops, a.top - height)
            hi = bisect.bisect_left(tops, a.bottom)
            out.extend(j for _, j in found[lo:hi])
        return sorted(out)


def _stacked(a: _Item, b: _Item) -> bool:
    """One above the other (they share columns): the next line, not the same row."""
    return min(a.right, b.right) - max(a.left, b.left) > 0


def _on(w: Word, b: Box) -> float:
    """Share of the word's box that lies on ``b``."""
    ix = min(w.right, b.right) - max(w.left, b.left)
    iy = min(w.bottom, b.bottom) - max(w.top, b.top)
    area = max(1, (w.right - w.left) * (w.bottom - w.top))
    return max(0, ix) * max(0, iy) / area


def _labels(words: list[Word], layout: FormLayout, dpi: int) -> tuple[Checkbox, ...]:
    out: list[Checkbox] = []
    gap = _LABEL_GAP_INCH * dpi
    starts = sorted(t.box.left for t in layout.ticks)
    for t in layout.ticks:
        b = t.box
        mid = (b.top + b.bottom) / 2
        row = sorted(
            (w for w in words if w.left >= b.right - 2 and w.top <= mid <= w.bottom + b.height / 2),
            key=lambda w: w.left,
        )
        label: list[Word] = []
        edge = b.right
        for w in row:
            nxt = next((s for s in starts if s > b.right), None)
            if w.left - edge > gap or (nxt is not None and w.left > nxt and w.top < b.bottom):
                break
            label.append(w)
            edge = w.right
        text = " ".join(w.text for w in label)
        out.append(Checkbox(text, t.ticked, (b.left, b.top, b.right, b.bottom)))
    return tuple(out)


def reading_text(words: Sequence[Word], layout: FormLayout, dpi: int) -> PageText:
    """The page's text in reading order, its tick boxes and its signature areas."""
    ticks = [t.box for t in layout.ticks]
    kept = [w for w in words if not any(_on(w, b) > 0.3 for b in ticks)]
    checkboxes = _labels(kept, layout, dpi)
    inside: dict[Box, list[Word]] = {b: [] for b in layout.boxes}
    free: list[Word] = []
    for w in kept:
        holders = [b for b in layout.boxes if b.contains(w.cx, w.cy)]
        if holders:
            inside[min(holders, key=lambda b: b.area)].append(w)
        else:
            free.append(w)
    items: list[_Item] = []
    signatures = 0
    for box, ws in inside.items():
        if not ws:
            continue
        lines = _lines(ws)
        if any(_SIGNATURE.match(w.text) for w in lines[0]):
            signatures += 1
            lines = lines[:1]  # the label; below it a signature, not text
        items.append(_item(lines, box))
    para: _Item | None = None
    for line in _lines(free):
        parts = _split(line, _SPLIT_GAP_INCH * dpi)
        if len(parts) == 1 and para is not None and _continues(para, parts[0]):
            para.lines.append(parts[0])  # the next line of the same paragraph
            para.bottom = max(para.bottom, max(w.bottom for w in parts[0]))
            para.right = max(para.right, max(w.right for w in parts[0]))
            continue
        new = [_item([part]) for part in parts]
        items.extend(new)
        para = new[0] if len(new) == 1 else None
    text = "\n\n".join("\n".join(it.text() for it in row) for row in _rows(items, dpi))
    return PageText(text, checkboxes, signatures)

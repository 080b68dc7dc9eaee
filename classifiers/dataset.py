"""Labelled texts: the corpus splits and people's corrections share this shape."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

NONE = "none"  # the label of documents that belong to no provider
SPLIT_NAMES = (
    "train",
    "dev",
    "test",
    "handwritten",
    "handwritten_test",
    "handwritten_calib",
    "handwritten_fresh",
    "handwritten_fresh2",
    "handwritten_fresh3",
    "handwritten_fresh4",
    "handwritten_fresh5",
    "handwritten_fresh6",
    "handwritten_fresh7",
    "handwritten_fresh8",
    "handwritten_fresh9",
    "handwritten_fresh10",
    "handwritten_fresh11",
    "handwritten_fresh12",
    "handwritten_fresh13",
    "handwritten_fresh14",
    "handwritten_fresh15",
    "handwritten_fresh16",
    "handwritten_fresh17",
    "handwritten_fresh18",
    "handwritten_fresh19",
    "handwritten_fresh20",
    "handwritten_fresh21",
    "handwritten_fresh22",
    "handwritten_fresh23",
    "handwritten_fresh24",
    "handwritten_fresh25",
    "handwritten_fresh26",
    "handwritten_fresh27",
    "handwritten_fresh28",
    "handwritten_fresh29",
    "handwritten_fresh30",
    "handwritten_fresh31",
    "handwritten_fresh32",
    "handwritten_fresh33",
    "handwritten_fresh34",
    "handwritten_fresh35",
    "handwritten_fresh36",
    "handwritten_fresh37",
    "handwritten_fresh38",
    "handwritten_fresh39",
    "handwritten_fresh40",
    "handwritten_fresh41",
    "handwritten_fresh42",
    "handwritten_fresh43",
    "handwritten_fresh44",
    "handwritten_fresh45",
    "handwritten_fresh46",
    "handwritten_fresh47",
    "handwritten_fresh48",
    "handwritten_fresh49",
    "handwritten_fresh50",
    "handwritten_fresh51",
    "handwritten_fresh52",
    "handwritten_fresh53",
    "handwritten_fresh54",
    "handwritten_fresh55",
)
#: The held-out sets of this pass: read by no training and no calibration, measured once
#: (classifiers/corpus/README.md, roles).
HELD_OUT_SPLITS = (
    "handwritten_fresh52",
    "handwritten_fresh53",
    "handwritten_fresh54",
    "handwritten_fresh55",
)
DEFAULT_CORPUS = Path(__file__).resolve().parent / "corpus"


@dataclass(frozen=True)
class LabelledText:
    """One example: a document's text and its service id (or ``"none"``)."""

    text: str
    label: str
    lang: str = "und"
    kind: str = ""
    noisy: bool = False

    @property
    def authority(self) -> str:
        """The authority part of the label (``"none"`` for negatives)."""
        return authority_of(self.label)


def authority_of(label: str | None) -> str:
    """``"kela"`` for ``"kela.asumistuki"``; ``"none"`` for ``None`` or ``"none"``."""
    if not label or label == NONE:
        return NONE
    return label.split(".", 1)[0]


def read_jsonl(path: Path) -> Iterator[LabelledText]:
    """Read examples from a JSONL file (fields ``text`` and ``label``; others optional)."""
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            row = json.loads(line)
            yield LabelledText(
                text=row["text"], label=row["label"], lang=row.get("lang", "und"),
                kind=row.get("kind", ""), noisy=bool(row.get("noisy", False)),
            )  # fmt: skip


def load_split(corpus_dir: Path, name: str) -> list[LabelledText]:
    """Load ``<corpus_dir>/<name>.jsonl``."""
    if name not in SPLIT_NAMES:
        raise ValueError(f"unknown split {name!r}")
    return list(read_jsonl(Path(corpus_dir) / f"{name}.jsonl"))

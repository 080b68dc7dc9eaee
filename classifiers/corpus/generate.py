"""Generate the synthetic training corpus (deterministic, fixed seed).

Run ``python -m classifiers.corpus.generate [--out DIR] [--seed N]``; it writes ``train.jsonl``,
``dev.jsonl`` and ``test.jsonl`` (one JSON object per line: ``id``, ``text``, ``label``,
``authority``, ``lang``, ``kind``, ``noisy``). See ``README.md`` beside this file.
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from classifiers.corpus._faker import Faker
from classifiers.corpus._makers import (
    make_attachment,
    make_form,
    make_letter,
    make_lookalike,
    make_negative,
    make_negative_note,
    make_negative_story,
    make_note,
    make_story,
)
from classifiers.corpus._noise import ocr_noise
from classifiers.corpus._services import SERVICES, S

__all__ = ["SEED", "Counts", "build", "main", "ocr_noise", "write"]


SEED = 20260301
NONE_LABEL = "none"
DEFAULT_OUT = Path(__file__).resolve().parent
SPLITS = (("train", 0.70), ("dev", 0.15), ("test", 0.15))

# --- assembling the corpus ---------------------------------------------------------------------


@dataclass(frozen=True)
class Counts:
    forms: int = 42
    partial_forms: int = 12
    letters: int = 36
    attachments: int = 14
    notes: int = 36
    negatives: int = 480
    negative_notes: int = 90
    noisy_share: float = 0.35
    # Extra short notes for the train split only (dev and test keep the mix above): short
    # notes carry few words each, so the model needs more of them to learn the vocabulary.
    train_notes: int = 150
    train_negative_notes: int = 350
    # Train-only stories in customers' own words (``_phrases.py``): what happened and what
    # they need, rather than the name of the benefit or form.
    train_stories: int = 60
    train_negative_stories: int = 300
    # Train-only look-alikes (``_lookalikes.py``): foreign authorities', insurers' and banks'
    # forms that share a Finnish service's words but belong to no provider here.
    train_lookalikes: int = 440


def _examples(seed: int, counts: Counts) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    r = Faker(rng)
    rows: list[dict[str, Any]] = []

    def add(label: str, text: str, lang: str, kind: str) -> None:
        rows.append(
            {
                "id": f"{label}-{len(rows):05d}",
                "text": text,
                "label": label,
                "authority": label.split(".")[0] if label != "none" else "none",
                "lang": lang,
                "kind": kind,
                "noisy": False,
            }
        )

    makers: list[tuple[str, int, Callable[[str, Faker], tuple[str, str]]]] = [
        ("form", counts.forms, lambda s, f: make_form(s, f)),
        ("partial_form", counts.partial_forms, lambda s, f: make_form(s, f, partial=True)),
        ("letter", counts.letters, make_letter),
        ("attachment", counts.attachments, make_attachment),
        ("note", counts.notes, make_note),
    ]
    for sid in SERVICES:
        for kind, n, maker in makers:
            if kind == "attachment" and not S[sid]["attach"]:
                n = counts.attachments // 2
                maker = make_letter  # services without typical attachments get more letters
                kind = "letter"
            for _ in range(n):
                text, lang = maker(sid, r)
                add(sid, text, lang, kind)
    for _ in range(counts.negatives):
        text, lang, kind = make_negative(r)
        add("none", text, lang, f"negative:{kind}")
    for _ in range(counts.negative_notes):
        text, lang = make_negative_note(r)
        add("none", text, lang, "negative:note")
    return rows


def build(seed: int = SEED, counts: Counts | None = None) -> dict[str, list[dict[str, Any]]]:
    """Build the split corpus in memory (no I/O). The split is stratified by label."""
    counts = counts or Counts()
    rows = _examples(seed, counts)
    rng = random.Random(seed + 1)
    by_label: dict[str, list[dict[str, Any]]] = {}
    seen: set[str] = set()
    for row in rows:
        if row["text"] in seen:  # identical texts (a fixed recipe, a blank page) only once
            continue
        seen.add(row["text"])
        by_label.setdefault(row["label"], []).append(row)
    out: dict[str, list[dict[str, Any]]] = {name: [] for name, _ in SPLITS}
    for label in sorted(by_label):
        group = by_label[label]
        rng.shuffle(group)
        n_dev = round(len(group) * SPLITS[1][1])
        n_test = round(len(group) * SPLITS[2][1])
        out["test"].extend(group[:n_test])
        out["dev"].extend(group[n_test : n_test + n_dev])
        out["train"].extend(group[n_test + n_dev :])
    # Noise is applied after splitting, so no clean/noisy twin crosses a split boundary.
    for name in out:
        for row in out[name]:
            if rng.random() < counts.noisy_share and row["text"].strip():
                row["text"] = ocr_noise(row["text"], rng, rng.choice([0.02, 0.04, 0.07]))
                row["noisy"] = True
        rng.shuffle(out[name])
    _add_train_notes(out["train"], seed, counts, seen)
    return out


def _add_train_notes(
    train: list[dict[str, Any]], seed: int, counts: Counts, seen: set[str]
) -> None:
    """Append the train-only notes (own random streams, so dev and test stay as they are)."""
    if not (
        counts.train_notes
        or counts.train_negative_notes
        or counts.train_stories
        or counts.train_negative_stories
        or counts.train_lookalikes
    ):
        return
    r = Faker(random.Random(seed + 2))
    rng = random.Random(seed + 3)
    rows: list[tuple[str, str, str, str]] = []
    for sid in SERVICES:
        for _ in range(counts.train_notes):
            text, lang = make_note(sid, r)
            rows.append((sid, text, lang, "note"))
    for _ in range(counts.train_negative_notes):
        text, lang = make_negative_note(r)
        rows.append((NONE_LABEL, text, lang, "negative:note"))
    # Stories come from their own random stream too, so adding them changes no other example.
    r = Faker(random.Random(seed + 4))
    for sid in SERVICES:
        for _ in range(counts.train_stories):
            text, lang = make_story(sid, r)
            rows.append((sid, text, lang, "story"))
    for _ in range(counts.train_negative_stories):
        text, lang = make_negative_story(r)
        rows.append((NONE_LABEL, text, lang, "negative:story"))
    # Look-alikes: a fifth random stream, so adding them changes no other example.
    r = Faker(random.Random(seed + 5))
    for _ in range(counts.train_lookalikes):
        text, lang = make_lookalike(r)
        rows.append((NONE_LABEL, text, lang, "negative:lookalike"))
    for i, (label, text, lang, kind) in enumerate(rows):
        if text in seen:  # never the same text as a dev or test document
            continue
        seen.add(text)
        row = {
            "id": f"{label}-t{i:05d}",
            "text": text,
            "label": label,
            "authority": label.split(".")[0] if label != NONE_LABEL else NONE_LABEL,
            "lang": lang,
            "kind": kind,
            "noisy": False,
        }
        if rng.random() < counts.noisy_share:
            row["text"] = ocr_noise(text, rng, rng.choice([0.02, 0.04, 0.07]))
            row["noisy"] = True
        train.append(row)
    rng.shuffle(train)


def write(out_dir: Path, splits: dict[str, list[dict[str, Any]]]) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, rows in splits.items():
        with (out_dir / f"{name}.jsonl").open("w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    splits = build(args.seed)
    write(args.out, splits)
    for name, rows in splits.items():
        print(f"{name}: {len(rows)} examples")


if __name__ == "__main__":
    main()

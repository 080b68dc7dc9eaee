"""Synthetic OCR noise for the corpus: character confusions (l/1/I, rn/m, ä/a), dropped
diacritics and characters, merged words, broken and hyphenated lines, stray punctuation."""

from __future__ import annotations

import random

CONFUSIONS: dict[str, list[str]] = {
    "l": ["1", "I", "|"],
    "1": ["l", "I"],
    "I": ["l", "1"],
    "O": ["0", "D"],
    "0": ["O", "o"],
    "m": ["rn", "nn"],
    "e": ["c", "é"],
    "a": ["o", "ä"],
    "i": ["l", "í", "1"],
    "S": ["5", "$"],
    "5": ["S"],
    "B": ["8"],
    "8": ["B"],
    "u": ["n", "ü"],
    "n": ["u", "ri"],
    "h": ["b", "li"],
    "t": ["f", "l"],
    "c": ["e", "("],
    "ä": ["a", "å", "é"],
    "ö": ["o", "ó", "6"],
    "å": ["a", "ä"],
    "Ä": ["A"],
    "Ö": ["O", "0"],
    "g": ["q", "9"],
    "y": ["v"],
    "k": ["lc", "x"],
    "r": ["n"],
}
DIACRITICS = str.maketrans("äöåÄÖÅ", "aoaAOA")


def ocr_noise(text: str, rng: random.Random, level: float) -> str:
    """Corrupt ``text`` like a poor scan: confusions, lost diacritics, broken and merged lines."""
    if rng.random() < 0.4:
        text = text.translate(DIACRITICS)
    out: list[str] = []
    for ch in text:
        x = rng.random()
        if x < level and ch in CONFUSIONS:
            out.append(rng.choice(CONFUSIONS[ch]))
        elif x < level * 1.3 and ch.isalpha():
            continue  # dropped character
        elif ch == " " and x < level * 1.6:
            out.append(rng.choice(["", "\n", "  ", " . "]))  # merged words or broken line
        else:
            out.append(ch)
        if rng.random() < level * 0.15:
            out.append(rng.choice([" ", ".", ",", "'", "|", "~"]))
    text = "".join(out)
    if rng.random() < 0.3:  # hyphenation at line ends
        words = text.split(" ")
        for i in range(len(words)):
            w = words[i]
            if len(w) > 8 and rng.random() < 0.15:
                cut = rng.randint(3, len(w) - 3)
                words[i] = w[:cut] + "-\n" + w[cut:]
        text = " ".join(words)
    return text

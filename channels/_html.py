"""The text of an HTML mail body: tags and script or style elements out, line breaks kept."""

from __future__ import annotations

import html
import re

_BREAKS = re.compile(r"<\s*(br|/p|/div|/tr|/li|/h\d)\b[^>]*>", re.IGNORECASE)
_SCRIPT_OPEN = re.compile(r"<(script|style)\b", re.IGNORECASE)
_SCRIPT_CLOSE = re.compile(r"</(script|style)\s*>", re.IGNORECASE)
_SAME_NAME = re.compile(r"(.*)\n\1", re.IGNORECASE)  # the backreference rule of the old regex


def html_to_text(text: str) -> str:
    """``text`` without markup, one line per line break or paragraph, blank lines dropped."""
    # Every line break ends at a ">": past the last one no match can start that would not fail,
    # and each failed try read on to the end (160,000 characters of "<br" and no ">" took 10 s).
    cut = text.rfind(">") + 1
    text = _BREAKS.sub("\n", text[:cut]) + text[cut:]
    text = html.unescape(strip_tags(text))
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def strip_tags(text: str) -> str:
    r"""Each tag, and each script or style element whole, replaced by a space, in linear time.

    The same as ``re.sub(r"<(script|style)\b.*?</\1\s*>|<[^>]+>", " ", text)`` with
    ``IGNORECASE | DOTALL``, which read on to the end of the text from every ``<script`` without
    its end tag and from every ``<`` after the last ``>``: 160,000 characters of either took
    17-19 s. Here the end tags are listed once, and each element name and the next ``>`` keep
    their place in that scan, so no part of the text is read twice for the same question.
    """
    out: list[str] = []
    done = 0  # text[:done] is handled
    closings: list[re.Match[str]] | None = None
    next_closing: dict[str, int] = {}  # per opening name as written: first end tag not ruled out
    same: dict[tuple[str, str], bool] = {}
    gt = -2  # the first ">" at or after where it was last looked for; -1: there is none
    i = text.find("<")
    while i >= 0:
        end = -1
        opening = _SCRIPT_OPEN.match(text, i)
        if opening:
            if closings is None:
                closings = list(_SCRIPT_CLOSE.finditer(text))
            name = opening.group(1)
            k = next_closing.get(name, 0)
            while k < len(closings):
                c = closings[k]
                if c.start() >= opening.end():
                    key = (name, c.group(1))
                    if key not in same:
                        same[key] = _SAME_NAME.fullmatch(f"{name}\n{c.group(1)}") is not None
                    if same[key]:
                        break
                k += 1
            next_closing[name] = k
            if k < len(closings):
                end = closings[k].end()
        if end < 0 and i + 1 < len(text) and text[i + 1] != ">":
            if gt != -1 and gt < i + 2:
                gt = text.find(">", i + 2)
            if gt >= 0:
                end = gt + 1
        if end < 0:
            i = text.find("<", i + 1)
            continue
        out.append(text[done:i])
        out.append(" ")
        done = end
        i = text.find("<", end)
    out.append(text[done:])
    return "".join(out)

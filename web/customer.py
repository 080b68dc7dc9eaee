"""The customer's name as the lists show it, read from the OCR text beside a name label.

Forms print the name after a label (``Hakijan nimi``, ``Sukunimi ja etunimet``, ``Sökandens
namn``, ``Namn``); the lists show it shortened (``Virtanen M.``) so that a glance at a list
does not show more than needed; the document itself shows the recognised text.
"""

from __future__ import annotations

import re

LABEL = re.compile(
    r"(?im)^[ \t\d.]*(?:hakijan\s+nimi|asiakkaan\s+nimi|sukunimi\s+ja\s+etunimet|"
    r"etunimet\s+ja\s+sukunimi|nimi|s[öo]kandens\s+namn|efternamn\s+och\s+f[öo]rnamn|"
    r"f[öo]rnamn\s+och\s+efternamn|namn|name)\b[ \t]*[:/]?[ \t]*(?P<value>[^\n]*)$"
)
NAME = re.compile(r"^[A-ZÅÄÖ][\w'\-]+(?:[ \t]+[A-ZÅÄÖ][\w'\-]+){0,4}$")


def customer_name(text: str | None) -> str | None:
    """The name printed on the form, if a label shows where it is."""
    for m in LABEL.finditer(text or ""):
        value = m.group("value").strip(" \t:")
        if value and NAME.match(value) and not any(c.isdigit() for c in value):
            return value
    return None


def short_name(name: str | None) -> str:
    """``Matti Meikäläinen`` → ``Matti M.`` (the first word whole, the others as initials)."""
    if not name:
        return ""
    first, *rest = name.split()
    return " ".join([first, *(w[0] + "." for w in rest)])

"""The one translation mechanism of the web pages: gettext catalogues read with Babel.

The catalogues are the ``.po`` files under ``web/locale/<lang>/LC_MESSAGES/messages.po``; they
are parsed with :func:`babel.messages.pofile.read_po` once per process, so a clean clone works
without a compile step. English is the source language and the fallback for anything missing;
the English catalogue only gives words to the ids that are codes (``needs_review`` → "waiting
for review").
Templates call ``_("…")``; Python code calls :func:`gettext` with the user's language.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).with_name("locale")
LANGUAGES = ("fi", "sv", "en")
LANGUAGE_NAMES = {"fi": "Suomi", "sv": "Svenska", "en": "English"}


CODE_ID = re.compile(r"[a-z][a-z0-9_:+]*")


def is_code(message: str) -> bool:
    """A message id that is a code (``needs_review``): it needs words in English too."""
    return CODE_ID.fullmatch(message) is not None


@functools.lru_cache(maxsize=4)
def catalogue(language: str) -> Mapping[str, str]:
    """msgid → translation for ``language`` (English: words for the code-like ids only)."""
    path = LOCALE_DIR / language / "LC_MESSAGES" / "messages.po"
    if not path.is_file():
        return {}
    with path.open("rb") as f:
        cat = read_po(f, locale=language)
    return {
        str(m.id): str(m.string)
        for m in cat
        if m.id and isinstance(m.id, str) and m.string and not m.fuzzy
    }


def gettext(language: str, message: str, **values: Any) -> str:
    """``message`` in ``language`` (English when untranslated), with ``%(name)s`` filled in."""
    text = catalogue(language if language in LANGUAGES else "en").get(message, message)
    return text % values if values else text


def negotiate(accept_language: str | None) -> str:
    """The best of fi/sv/en for a browser's Accept-Language header (login page only)."""
    for part in (accept_language or "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return "fi"

"""Keep the catalogues complete: ``python -m web.i18n_tools`` adds new message ids to the .po files.

Messages are found with Babel's extractors: ``_()`` in templates (Jinja2), and ``gettext(lang,
"…")``, ``_()`` and ``N_()`` in the Python modules of :mod:`web`; the default message of every
error class (:func:`web.error_text.default_messages`) is added too.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from .i18n import LOCALE_DIR, is_code

ROOT = Path(__file__).parent
METHODS = [("templates/**.html", "jinja2"), ("**.py", "python")]
KEYWORDS = {"_": None, "N_": None, "gettext": (2,)}


def extract() -> list[str]:
    """Every message id used by the web package, sorted."""
    ids = set()
    for _file, _line, message, _comments, _ctx in extract_from_dir(
        str(ROOT),
        METHODS,
        keywords=KEYWORDS,
        comment_tags=(),
        strip_comment_tags=True,
    ):
        if isinstance(message, str) and message:
            ids.add(message)
    # Every error class's default message reaches people as the words for its code.
    from .error_text import default_messages

    ids.update(m for m in default_messages().values() if m)
    return sorted(ids)


def update(language: str) -> list[str]:
    """Add missing ids to ``language``'s catalogue; return those still untranslated."""
    path = LOCALE_DIR / language / "LC_MESSAGES" / "messages.po"
    if path.is_file():
        with path.open("rb") as f:
            cat = read_po(f, locale=language)
    else:
        cat = Catalog(locale=language, project="aspa-docflow", charset="utf-8")
    for message in extract():
        if message not in cat and (language != "en" or is_code(message)):
            cat.add(message, "")
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        write_po(f, cat, width=100, sort_output=True, omit_header=False)
    return [m.id for m in cat if isinstance(m.id, str) and m.id and not m.string]


if __name__ == "__main__":
    missing = {lang: update(lang) for lang in ("fi", "sv", "en")}
    for lang, ids in missing.items():
        for m in ids:
            print(f"{lang}: untranslated: {m}", file=sys.stderr)
    sys.exit(1 if any(missing.values()) else 0)

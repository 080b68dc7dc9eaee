"""Checks run on every page of the role journeys: width, language of every visible string,
masked previews (OCR'd), axe-core."""

from __future__ import annotations

import functools
import io
import re
from typing import Any

from _web_support import HETU

# Visible text nodes, except code shown on purpose (<code>, small print), data marked
# translate="no" (user names) and text in another language on purpose (lang="sv" on the
# language switch, for example).
VISIBLE_TEXT_JS = """(lang) => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, el = node.parentElement;
    const text = node.textContent.trim();
    const skip = 'script, style, code, .code, [hidden], [translate=no]';
    if (!text || !el || el.closest(skip)) continue;
    const langOf = el.closest('[lang]');
    if (langOf && langOf.getAttribute('lang') !== lang) continue;
    if (!el.checkVisibility() && !el.closest('.sr-only')) continue;
    out.push(text);
  }
  return out;
}"""


@functools.lru_cache(maxsize=4)
def foreign_strings(lang: str) -> tuple[frozenset[str], frozenset[str]]:
    """Strings that must not appear on a ``lang`` page: (whole texts, code ids)."""
    from web.error_text import default_messages
    from web.i18n import catalogue, is_code
    from web.i18n_tools import extract

    own = catalogue(lang)
    others = [catalogue(x) for x in ("fi", "sv", "en") if x != lang]
    bad: set[str] = set()
    codes: set[str] = {c for c in default_messages() if "_" in c}
    for msgid in extract():
        if is_code(msgid):
            if "_" in msgid:
                codes.add(msgid)
            continue
        mine = own.get(msgid, msgid)
        candidates = {msgid} | {o.get(msgid, msgid) for o in others}
        for c in candidates:
            if c != mine and len(c) >= 5 and "%(" not in c:
                bad.add(c)
    return frozenset(bad), frozenset(codes)


def language_leaks(page: Any, lang: str) -> list[str]:
    texts = page.evaluate(VISIBLE_TEXT_JS, lang)
    bad, codes = foreign_strings(lang)
    patterns = [re.compile(rf"(?<![\w/.-]){re.escape(c)}(?![\w/.-])") for c in codes]

    def foreign(t: str) -> bool:
        return (
            t in bad
            or any(len(b) >= 24 and b in t for b in bad)
            or any(p.search(t) for p in patterns)
        )

    return [t for t in texts if foreign(t)]


def page_width_problem(page: Any) -> str | None:
    sizes = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    return None if sizes[0] <= sizes[1] + 1 else f"{sizes[0]} px wide on a {sizes[1]} px screen"


def unmasked_previews(page: Any) -> list[str]:
    """OCR every page image on the page: the identity code must not be readable."""
    import pytesseract
    from PIL import Image

    found = []
    for src in page.eval_on_selector_all(".viewer img", "els => els.map(e => e.src)"):
        r = page.request.get(src.replace("width=900", "width=1400"))
        assert r.status == 200, (src, r.status)
        text = pytesseract.image_to_string(Image.open(io.BytesIO(r.body())), lang="eng")
        flat = re.sub(r"\s", "", text)
        if HETU[:6] in flat or HETU in flat:
            found.append(src)
    return found

"""Masking personal identifiers in free text (the API's lists, the pages, log records).

Any henkilötunnus-shaped token (valid checksum or not: an OCR error must not leak the rest) is
shown as ``131052-****``; Finnish IBANs keep their country code and last four digits. The
log-record factory that uses it lives in :mod:`web.masking`.
"""

from __future__ import annotations

import re

# Not \b: "131052-308T_hakemus.pdf" must be masked too (an underscore is a word character).
HETU_TEXT = re.compile(
    r"(?<![0-9A-Za-z])(\d{6})\s?([-+A-FU-Y])\s?(\d{3}[0-9A-Ya-y])(?![0-9A-Za-z])"
)
IBAN_TEXT = re.compile(r"(?<![0-9A-Za-z])FI\s?\d{2}(?:\s?\d){10}((?:\s?\d){4})(?![0-9A-Za-z])")


def mask_text(text: str) -> str:
    """``text`` with every henkilötunnus and Finnish IBAN masked."""
    text = HETU_TEXT.sub(lambda m: f"{m.group(1)}{m.group(2)}****", text)
    return IBAN_TEXT.sub(lambda m: "FI** **** **** **" + m.group(1).replace(" ", "")[-4:], text)

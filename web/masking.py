"""Masking personal identifiers in free text and in log records.

Any henkilötunnus-shaped token (valid checksum or not: an OCR error must not leak the rest) is
shown as ``131052-****``; Finnish IBANs keep their country code and last four digits.
"""

from __future__ import annotations

import logging
import re
from typing import Any

# Not \b: "131052-308T_hakemus.pdf" must be masked too (an underscore is a word character).
HETU_TEXT = re.compile(
    r"(?<![0-9A-Za-z])(\d{6})\s?([-+A-FU-Y])\s?(\d{3}[0-9A-Ya-y])(?![0-9A-Za-z])"
)
IBAN_TEXT = re.compile(r"(?<![0-9A-Za-z])FI\s?\d{2}(?:\s?\d){10}((?:\s?\d){4})(?![0-9A-Za-z])")


def mask_text(text: str) -> str:
    """``text`` with every henkilötunnus and Finnish IBAN masked."""
    text = HETU_TEXT.sub(lambda m: f"{m.group(1)}{m.group(2)}****", text)
    return IBAN_TEXT.sub(lambda m: "FI** **** **** **" + m.group(1).replace(" ", "")[-4:], text)


class _MaskingFactory:
    """A log-record factory that masks identifiers in the formatted message."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    def __call__(self, *args: Any, **kwargs: Any) -> logging.LogRecord:
        record: logging.LogRecord = self.inner(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:
            return record
        masked = mask_text(message)
        if masked != message:
            record.msg, record.args = masked, None
        return record


def install_log_masking() -> None:
    """Mask identifiers in every log record of this process (idempotent)."""
    current = logging.getLogRecordFactory()
    if not isinstance(current, _MaskingFactory):
        logging.setLogRecordFactory(_MaskingFactory(current))

"""Masking personal identifiers in free text and in log records.

Any henkilötunnus-shaped token (valid checksum or not: an OCR error must not leak the rest) is
shown as ``131052-****``; Finnish IBANs keep their country code and last four digits.
"""

from __future__ import annotations

import logging
from typing import Any

from pipeline.masking import HETU_TEXT, IBAN_TEXT, mask_text

__all__ = ["HETU_TEXT", "IBAN_TEXT", "install_log_masking", "mask_text"]


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

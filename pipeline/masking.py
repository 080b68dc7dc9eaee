"""Masking personal identifiers in free text and in every log record of the process.

Any henkilötunnus-shaped token (valid checksum or not: an OCR error must not leak the rest) is
shown as ``131052-****``; Finnish IBANs keep their country code and last four digits.

:func:`install_log_masking` masks each record as it is created (message, arguments, the text of
an exception's traceback and stack information), so nothing reaches any handler unmasked: a
``NotFoundError: No document 210885-402W.`` in a traceback is logged as ``210885-****``.
:class:`MaskingFilter` does the same as a :class:`logging.Filter` for handlers configured
elsewhere (uvicorn's, a log shipper's).
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


_FORMATTER = logging.Formatter()


def mask_record(record: logging.LogRecord) -> logging.LogRecord:
    """Mask a record in place: message and arguments, traceback text, stack information."""
    if getattr(record, "_aspa_masked", False):
        return record
    try:
        message = record.getMessage()
    except Exception:  # a broken format string: leave it to logging's own error handling
        return record
    masked = mask_text(message)
    if masked != message:
        record.msg, record.args = masked, None
    if record.exc_info and not record.exc_text:
        record.exc_text = _FORMATTER.formatException(record.exc_info)
    if record.exc_text:
        record.exc_text = mask_text(record.exc_text)
    if record.stack_info:
        record.stack_info = mask_text(record.stack_info)
    record._aspa_masked = True
    return record


class MaskingFilter(logging.Filter):
    """A filter that masks identifiers in every record it sees (and never drops one)."""

    def filter(self, record: logging.LogRecord) -> bool:
        mask_record(record)
        return True


class _MaskingFactory:
    """A log-record factory that masks identifiers as each record is made."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    def __call__(self, *args: Any, **kwargs: Any) -> logging.LogRecord:
        record: logging.LogRecord = self.inner(*args, **kwargs)
        return mask_record(record)


def install_log_masking() -> None:
    """Mask identifiers in every log record of this process, and on the root's handlers.

    Idempotent; called by the CLI (``serve``, ``worker`` and every other command) and the app.
    """
    current = logging.getLogRecordFactory()
    if not isinstance(current, _MaskingFactory):
        logging.setLogRecordFactory(_MaskingFactory(current))
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, MaskingFilter) for f in handler.filters):
            handler.addFilter(MaskingFilter())

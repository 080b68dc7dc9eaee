"""Masking personal identifiers in free text and in log records (see :mod:`pipeline.masking`)."""

from __future__ import annotations

from pipeline.masking import HETU_TEXT, IBAN_TEXT, install_log_masking, mask_text

__all__ = ["HETU_TEXT", "IBAN_TEXT", "install_log_masking", "mask_text"]

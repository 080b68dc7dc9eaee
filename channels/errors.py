"""Errors of the intake channels: defined in the one error tree, :mod:`pipeline.errors`.

See the hierarchy drawn there; this module keeps the names importable from here.
"""

from __future__ import annotations

from pipeline.errors import (
    AttachmentsRefusedError,
    ChannelConfigError,
    InvalidMailError,
    MailLoginError,
    MailServerError,
    MailTooComplexError,
    NoAttachmentsError,
    NotABatchError,
    ProcessingInterruptedError,
)

__all__ = [
    "AttachmentsRefusedError",
    "ChannelConfigError",
    "InvalidMailError",
    "MailLoginError",
    "MailServerError",
    "MailTooComplexError",
    "NoAttachmentsError",
    "NotABatchError",
    "ProcessingInterruptedError",
]

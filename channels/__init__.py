"""Intake channels: e-mail (.eml and IMAP), scanner hot folders and batch splitting."""

from __future__ import annotations

from .base import RecordingSubmitter, SubmitCall, Submitted, Submitter
from .email import Attachment, ParsedMail, parse_eml, submit_eml
from .errors import (
    ChannelConfigError,
    InvalidMailError,
    MailLoginError,
    MailServerError,
    NoAttachmentsError,
    NotABatchError,
)

__all__ = [
    "Attachment",
    "ChannelConfigError",
    "InvalidMailError",
    "MailLoginError",
    "MailServerError",
    "NoAttachmentsError",
    "NotABatchError",
    "ParsedMail",
    "RecordingSubmitter",
    "SubmitCall",
    "Submitted",
    "Submitter",
    "parse_eml",
    "submit_eml",
]

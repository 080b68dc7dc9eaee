"""Intake channels: e-mail (.eml and IMAP), scanner hot folders and batch splitting.

Every channel hands files to the pipeline through one :class:`Submitter` (``channels.base``).
The CLI commands live in :mod:`channels.cli` (not imported here, so importing the package does
not need typer's app objects).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from pipeline.incoming import Submitted

if TYPE_CHECKING:
    from .base import RecordingSubmitter, SubmitCall, Submitter
    from .config import (
        ChannelsConfig,
        HotFolderConfig,
        MailboxConfig,
        load_config,
        parse_config,
    )
    from .email import Attachment, ParsedMail, looks_like_eml, parse_eml, submit_eml
    from .errors import (
        AttachmentsRefusedError,
        ChannelConfigError,
        InvalidMailError,
        MailLoginError,
        MailServerError,
        NoAttachmentsError,
        NotABatchError,
    )
    from .hotfolder import HotFileOutcome, ScanResult, scan_once
    from .imap import MailOutcome, PollResult, poll_once
    from .models import ImapCursor
    from .separator import (
        SeparatorInfo,
        is_separator,
        make_separator_pdf,
        read_separator,
        separator_payload,
    )
    from .splitting import (
        PageInfo,
        SplitPart,
        analyse_pages,
        page_range_label,
        split_batch,
        split_file,
        split_pdf,
        split_points,
        split_tiff,
    )

# Each public name and the module it lives in: imported on first use (PEP 562), so that
# importing one submodule does not load all the others.
_EXPORTS = {
    "RecordingSubmitter": "base",
    "SubmitCall": "base",
    "Submitter": "base",
    "ChannelsConfig": "config",
    "HotFolderConfig": "config",
    "MailboxConfig": "config",
    "load_config": "config",
    "parse_config": "config",
    "Attachment": "email",
    "ParsedMail": "email",
    "looks_like_eml": "email",
    "parse_eml": "email",
    "submit_eml": "email",
    "AttachmentsRefusedError": "errors",
    "ChannelConfigError": "errors",
    "InvalidMailError": "errors",
    "MailLoginError": "errors",
    "MailServerError": "errors",
    "NoAttachmentsError": "errors",
    "NotABatchError": "errors",
    "HotFileOutcome": "hotfolder",
    "ScanResult": "hotfolder",
    "scan_once": "hotfolder",
    "MailOutcome": "imap",
    "PollResult": "imap",
    "poll_once": "imap",
    "ImapCursor": "models",
    "SeparatorInfo": "separator",
    "is_separator": "separator",
    "make_separator_pdf": "separator",
    "read_separator": "separator",
    "separator_payload": "separator",
    "PageInfo": "splitting",
    "SplitPart": "splitting",
    "analyse_pages": "splitting",
    "page_range_label": "splitting",
    "split_batch": "splitting",
    "split_file": "splitting",
    "split_pdf": "splitting",
    "split_points": "splitting",
    "split_tiff": "splitting",
}

__all__ = [
    "Attachment",
    "AttachmentsRefusedError",
    "ChannelConfigError",
    "ChannelsConfig",
    "HotFileOutcome",
    "HotFolderConfig",
    "ImapCursor",
    "InvalidMailError",
    "MailLoginError",
    "MailOutcome",
    "MailServerError",
    "MailboxConfig",
    "NoAttachmentsError",
    "NotABatchError",
    "PageInfo",
    "ParsedMail",
    "PollResult",
    "RecordingSubmitter",
    "ScanResult",
    "SeparatorInfo",
    "SplitPart",
    "SubmitCall",
    "Submitted",
    "Submitter",
    "analyse_pages",
    "is_separator",
    "load_config",
    "looks_like_eml",
    "make_separator_pdf",
    "page_range_label",
    "parse_config",
    "parse_eml",
    "poll_once",
    "read_separator",
    "scan_once",
    "separator_payload",
    "split_batch",
    "split_file",
    "split_pdf",
    "split_points",
    "split_tiff",
    "submit_eml",
]


def __getattr__(name: str) -> Any:
    try:
        module = _EXPORTS[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value

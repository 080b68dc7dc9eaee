"""Intake channels: e-mail (.eml and IMAP), scanner hot folders and batch splitting.

Every channel hands files to the pipeline through one :class:`Submitter` (``channels.base``).
The CLI commands live in :mod:`channels.cli` (not imported here, so importing the package does
not need typer's app objects).
"""

from __future__ import annotations

from .base import RecordingSubmitter, SubmitCall, Submitted, Submitter
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

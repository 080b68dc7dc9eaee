"""E-mail intake: an ``.eml`` message becomes one document per attachment.

Decisions (see also ``channels/README.md``):

- **Attachments.** Every leaf part with ``Content-Disposition: attachment`` is a candidate, and
  so is any non-text part that carries a file name. The intake's type sniffing decides whether
  it is usable (a ``.docx`` is refused there with ``unsupported_type``, a clear outcome).
  Technical parts are skipped and noted in ``problems``: S/MIME and PGP signatures, keys,
  calendar invitations, vCards, delivery reports and ``winmail.dat`` (TNEF cannot be unpacked).
- **Inline images** (``inline`` disposition, or an image inside ``multipart/related`` without
  a disposition) are kept when at least ``inline_min_bytes`` (default 50 KB) big: a photo of a
  form pasted into the mail body. Smaller ones are logos and signature banners and are dropped
  with a note in ``problems``.
- **Nested messages** (``message/rfc822``, a forwarded mail) are recursed into, up to
  :data:`MAX_DEPTH` levels; their attachments count as the outer mail's, their subject and body
  are appended to the hint.
- **Names** are decoded from RFC 2231 (``filename*=``), RFC 2047 (``=?utf-8?b?…?=``, even inside
  quotes) and raw 8-bit bytes (UTF-8, else Windows-1252), then sanitised (no directories, no
  control characters); a missing name becomes ``attachment-<n>.<ext>``; repeated names get a
  ``-2``, ``-3`` suffix.
- **No usable attachment** raises :class:`~channels.errors.NoAttachmentsError`
  (code ``no_attachments``). The body is not turned into a document: the pipeline takes PDF and
  images, and a counter never sends a form as plain mail text.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from email import policy
from email.message import EmailMessage, Message
from email.parser import BytesParser
from email.utils import getaddresses, parsedate_to_datetime
from typing import cast

from pipeline.errors import AspaError, EmptyFileError, TooLargeError
from pipeline.incoming import IncomingFile, Submitted

from ._headers import PARSE_POLICY
from ._html import html_to_text
from ._names import sanitize_filename, unique_names
from .base import Submitter
from .errors import InvalidMailError, MailTooComplexError, NoAttachmentsError

MAX_DEPTH = 5
MAX_ATTACHMENTS = 100
# Parse limits, checked on the raw bytes before the stdlib parser runs: its feed parser and
# header parser recurse once per nesting level, so ~500 nested multiparts in 35 KB raised a
# RecursionError that killed the channel thread.
MAX_MAIL_BYTES = 75 * 1024 * 1024  # a 50 MiB attachment in base64 plus headroom
MAX_CONTAINERS = 64  # multipart and message/rfc822 parts in the whole mail (bounds the depth)
MAX_PARTS = 1000  # parts of any kind (Content-Type headers)
# Lines that may delimit a part ("--boundary"): a part needs no headers at all, and 200,000
# empty parts in 2 MB took the parser 19 s of CPU (the limit's 75 MiB: ten minutes).
MAX_DELIMITER_LINES = 2 * MAX_PARTS + MAX_CONTAINERS
INLINE_MIN_BYTES = 50 * 1024
HINT_MAX_CHARS = 8000

_SKIPPED_TYPES = {
    "application/pkcs7-signature": "S/MIME signature",
    "application/x-pkcs7-signature": "S/MIME signature",
    "application/pgp-signature": "PGP signature",
    "application/pgp-keys": "PGP key",
    "application/pgp-encrypted": "PGP control part",
    "text/calendar": "calendar invitation",
    "application/ics": "calendar invitation",
    "text/vcard": "contact card",
    "text/x-vcard": "contact card",
    "application/ms-tnef": "Outlook winmail.dat (cannot be unpacked)",
    "message/delivery-status": "delivery report",
    "message/disposition-notification": "read receipt",
}
_HEADER_STARTS = re.compile(rb"^(?:[!-9;-~]+:|From )")
_CONTENT_TYPES = re.compile(rb"^content-type[ \t]*:[ \t\r\n]*", re.IGNORECASE | re.MULTILINE)
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f\x85\u2028\u2029]")
_CONTAINER = re.compile(rb"[\"']?(?:multipart/|message/rfc822)", re.IGNORECASE)


@dataclass(frozen=True)
class Attachment:
    """One file found in a mail. ``name`` is already sanitised and unique within the mail."""

    name: str
    data: bytes
    media_type: str
    inline: bool = False


@dataclass(frozen=True)
class ParsedMail:
    """What the pipeline needs from one e-mail."""

    message_id: str | None
    sender: str | None
    subject: str
    body_text: str
    date: datetime | None
    attachments: tuple[Attachment, ...] = ()
    problems: tuple[str, ...] = field(default=())

    @property
    def hint(self) -> str | None:
        """Subject and body for classification, bounded in size; ``None`` when both are empty."""
        text = "\n\n".join(t for t in (self.subject.strip(), self.body_text.strip()) if t)
        return text[:HINT_MAX_CHARS] or None


_SNIFF_BYTES = 8192
_MAIL_HEADERS = re.compile(
    rb"^(?:from|to|subject|date|message-id|mime-version|received|return-path|delivered-to)"
    rb"[ \t]*:",
    re.IGNORECASE | re.MULTILINE,
)


def looks_like_eml(data: bytes) -> bool:
    """True when ``data`` starts like an RFC 5322 message (for the intake's type sniffing).

    Requires the first line to be a header (or an mbox ``From `` line) and at least two of the
    usual mail headers before the first blank line, so a text file with a colon is not a mail.
    """
    head = data[:_SNIFF_BYTES].lstrip(b"\r\n")
    if not _HEADER_STARTS.match(head):
        return False
    header_block = re.split(rb"\r?\n\r?\n", head, maxsplit=1)[0]
    if len(_MAIL_HEADERS.findall(header_block)) >= 2:
        return True
    # A first mail header whose field (folded or not) runs past what is read here: a mail,
    # for the parser to refuse with its reason (a From of 200,000 characters), not a file.
    return (
        len(data) > _SNIFF_BYTES
        and len(header_block) == len(head)
        and _MAIL_HEADERS.match(head) is not None
        and all(line[:1] in (b" ", b"\t") for line in header_block.split(b"\n")[1:])
    )


def check_structure(data: bytes, *, max_bytes: int = MAX_MAIL_BYTES) -> None:
    """Refuse a mail the parser should not see: too big, too many parts, nested too deep.

    Runs on the raw bytes in linear time and constant extra memory (regex scans, no parse).

    Raises:
        TooLargeError: ``data`` is longer than ``max_bytes``.
        MailTooComplexError: more than :data:`MAX_PARTS` parts or :data:`MAX_CONTAINERS`
            multipart / attached-message parts, or more than :data:`MAX_DELIMITER_LINES`
            lines that start like a part's delimiter (``--``).
    """
    if len(data) > max_bytes:
        raise TooLargeError(
            f"The e-mail is {len(data) / 1048576:.1f} MiB; the limit is "
            f"{max_bytes / 1048576:.0f} MiB. Ask the sender to send the attachments separately."
        )
    # Every delimiter line starts with "--" (RFC 2046 5.1.1), headers or not; base64 lines
    # never do, so the count stays small for real mail.
    if data.startswith(b"--") + data.count(b"\n--") > MAX_DELIMITER_LINES:
        raise MailTooComplexError()
    containers = 0
    for parts, m in enumerate(_CONTENT_TYPES.finditer(data), start=1):
        if _CONTAINER.match(data, m.end()):
            containers += 1
        if parts > MAX_PARTS or containers > MAX_CONTAINERS:
            raise MailTooComplexError()


def parse_eml(
    data: bytes, *, inline_min_bytes: int = INLINE_MIN_BYTES, max_bytes: int = MAX_MAIL_BYTES
) -> ParsedMail:
    """Parse the bytes of one RFC 5322 message.

    Args:
        data: The raw message (an ``.eml`` file, or what IMAP ``BODY[]`` returns).
        inline_min_bytes: Inline images smaller than this are dropped as logos.
        max_bytes: Larger mails are refused before parsing.

    Raises:
        EmptyFileError: ``data`` is empty.
        InvalidMailError: ``data`` does not start with mail headers.
        TooLargeError, MailTooComplexError: see :func:`check_structure`; also
            MailTooComplexError for a header field over the limits of :mod:`channels._headers`.

    Returns:
        The parsed mail; ``attachments`` may be empty (see :func:`submit_eml`).
    """
    if not data.strip():
        raise EmptyFileError()
    if not _HEADER_STARTS.match(data.lstrip()[:1000]):
        raise InvalidMailError()
    check_structure(data, max_bytes=max_bytes)
    try:
        msg = BytesParser(policy=PARSE_POLICY).parsebytes(data)
        walker = _Walker(inline_min_bytes)
        walker.walk(msg, depth=0)
    except RecursionError:  # the pre-check bounds depth; this is the second line of defence
        raise MailTooComplexError() from None
    names = unique_names(
        sanitize_filename(name, media_type=ctype, index=i)
        for i, (name, _, ctype, _) in enumerate(walker.found, start=1)
    )
    attachments = tuple(
        Attachment(name=n, data=d, media_type=t, inline=inl)
        for n, (_, d, t, inl) in zip(names, walker.found, strict=True)
    )
    return ParsedMail(
        message_id=_header(msg, "Message-ID"),
        sender=_sender(msg),
        subject=_header(msg, "Subject") or "",
        body_text="\n\n".join(walker.texts),
        date=_date(msg),
        attachments=attachments,
        problems=tuple(walker.problems),
    )


def submit_eml(
    submitter: Submitter,
    data: bytes,
    *,
    path_label: str,
    service_point: str,
    channel: str = "email",
    inline_min_bytes: int = INLINE_MIN_BYTES,
    max_bytes: int = MAX_MAIL_BYTES,
) -> list[Submitted]:
    """Hand every attachment of one mail to the pipeline.

    Each attachment gets ``source = f"{path_label}#{name}"``; all share ``group`` (derived from
    the SHA-256 of the whole message, so a re-submission after a crash uses the same group),
    the sender and the hint (subject and body).

    Args:
        submitter: The pipeline's intake.
        data: The raw message.
        path_label: How to name the mail in ``source`` (a path, or ``imap:box/INBOX/123``).
        service_point: The service point the mail belongs to.
        channel: The channel recorded on the submission.
        inline_min_bytes: See :func:`parse_eml`.
        max_bytes: See :func:`parse_eml`.

    Raises:
        EmptyFileError, InvalidMailError: The bytes are not a mail.
        TooLargeError, MailTooComplexError: The mail exceeds a parse limit.
        NoAttachmentsError: The mail carries nothing to process.
        AspaError: A transient error from the submitter (retry later).

    Returns:
        One :class:`Submitted` per attachment, in mail order. An attachment the intake refuses
        (a permanent :class:`~pipeline.errors.AspaError`) is reported with its error code
        instead of stopping the others.
    """
    mail = parse_eml(data, inline_min_bytes=inline_min_bytes, max_bytes=max_bytes)
    if not mail.attachments:
        raise NoAttachmentsError()
    group = "email:" + hashlib.sha256(data).hexdigest()[:32]
    results: list[Submitted] = []
    for att in mail.attachments:
        source = f"{path_label}#{att.name}"
        try:
            outcome = submitter.submit(
                att.data,
                IncomingFile(
                    source=source,
                    filename=att.name,
                    channel=channel,
                    service_point=service_point,
                    hint=mail.hint,
                    sender=mail.sender,
                    group=group,
                ),
            )
        except AspaError as e:
            if e.transient:
                raise
            results.append(Submitted.refused(source, att.name, e))
            continue
        results.append(outcome)
    return results


class _Walker:
    """Collects attachments, body texts and problems from a message tree."""

    def __init__(self, inline_min_bytes: int) -> None:
        self.inline_min_bytes = inline_min_bytes
        self.found: list[tuple[str | None, bytes, str, bool]] = []
        self.texts: list[str] = []
        self.problems: list[str] = []

    def walk(self, msg: Message, *, depth: int) -> None:
        self._part(msg, depth=depth, related=False)

    def _part(self, part: Message, *, depth: int, related: bool) -> None:
        ctype = part.get_content_type()
        if ctype == "message/rfc822":
            self._nested(part, depth=depth)
            return
        if part.is_multipart():
            self._multipart(part, depth=depth, related=related)
            return
        self._leaf(part, related=related)

    def _nested(self, part: Message, *, depth: int) -> None:
        payload = part.get_payload()
        inner = payload[0] if isinstance(payload, list) and payload else None
        if not isinstance(inner, Message):
            self.problems.append("an attached message could not be read")
            return
        if depth + 1 > MAX_DEPTH:
            self.problems.append(f"messages nested deeper than {MAX_DEPTH} levels were skipped")
            return
        subject = _header(inner, "Subject") or ""
        before = len(self.texts)
        self._part(inner, depth=depth + 1, related=False)
        inner_text = "\n\n".join(self.texts[before:])
        del self.texts[before:]
        self.texts.append(f"--- attached message ---\n{subject}\n\n{inner_text}".strip())

    def _multipart(self, part: Message, *, depth: int, related: bool) -> None:
        children = [c for c in part.get_payload() if isinstance(c, Message)]
        subtype = part.get_content_subtype()
        if subtype == "alternative":
            # One body in several renderings: take the plain text when there is one.
            has_plain = any(c.get_content_type() == "text/plain" for c in children)
            for child in children:
                if has_plain and child.get_content_type() == "text/html":
                    continue
                before = len(self.texts)
                self._part(child, depth=depth, related=related)
                if has_plain and child.get_content_type() != "text/plain":
                    del self.texts[before:]  # the HTML rendering inside multipart/related
            return
        if subtype == "report":
            # A bounce or read receipt: the returned message is ours or the sender's old mail,
            # not a new document. Keep the human-readable explanation only.
            self.problems.append("delivery report: the returned message was not processed")
            children = [c for c in children if c.get_content_maintype() == "text"][:1]
        inner_related = related or subtype == "related"
        for child in children:
            self._part(child, depth=depth, related=inner_related)

    def _leaf(self, part: Message, *, related: bool) -> None:
        ctype = part.get_content_type()
        disposition = part.get_content_disposition()
        name = _filename(part)
        label = repr(name) if name else ctype
        if ctype in _SKIPPED_TYPES:
            self.problems.append(f"skipped {_SKIPPED_TYPES[ctype]} {label}")
            return
        if part.get_content_maintype() == "text" and disposition != "attachment":
            if ctype in ("text/plain", "text/html"):
                text = _text(part)
                self.texts.append(html_to_text(text) if ctype == "text/html" else text)
            return
        if part.get_content_maintype() == "multipart":
            return
        data = _payload(part)
        if not data:
            self.problems.append(f"skipped empty attachment {label}")
            return
        inline = disposition == "inline" or (disposition is None and related)
        if inline and part.get_content_maintype() == "image" and len(data) < self.inline_min_bytes:
            self.problems.append(f"dropped small inline image {label} ({len(data)} bytes)")
            return
        unnamed_blob = name is None and ctype == "application/octet-stream"
        if disposition is None and unnamed_blob and not related:
            self.problems.append("skipped an unnamed binary part")
            return
        if len(self.found) >= MAX_ATTACHMENTS:
            self.problems.append(f"more than {MAX_ATTACHMENTS} attachments; the rest were skipped")
            return
        self.found.append((name, data, _media_type(ctype, name), inline))


def _payload(part: Message) -> bytes:
    data = part.get_payload(decode=True)
    return data if isinstance(data, bytes) else b""


def _text(part: Message) -> str:
    try:
        content = cast(EmailMessage, part).get_content()
        if isinstance(content, str):
            return content
    except (LookupError, UnicodeError, KeyError, AttributeError):
        pass
    return _decode_bytes(_payload(part))


def _decode_bytes(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _has_raw_bytes(value: str) -> bool:
    return any("\udc80" <= c <= "\udcff" for c in value)


def _raw_fixed(value: str) -> str:
    """A raw header value that carried 8-bit bytes, decoded as UTF-8 or else Windows-1252."""
    return _decode_bytes(value.encode("ascii", "surrogateescape"))


def _fixed_headers(part: Message, names: Iterable[str]) -> EmailMessage | None:
    """A scratch message holding ``names`` re-decoded, when any of them had raw 8-bit bytes."""
    wanted = {n.lower() for n in names}
    raw = [(k, v) for k, v in part.raw_items() if k.lower() in wanted]
    if not any(isinstance(v, str) and _has_raw_bytes(v) for _, v in raw):
        return None
    scratch = EmailMessage(policy=policy.default)
    for k, v in raw:
        # Control characters (a vertical tab, a stray CR) make the header API refuse the value.
        scratch[k] = _CONTROL.sub(" ", _raw_fixed(v) if isinstance(v, str) else str(v))
    return scratch


def _header(part: Message, name: str) -> str | None:
    holder: Message = _fixed_headers(part, [name]) or part
    try:
        value = holder.get(name)
    except (ValueError, IndexError, AttributeError):  # a header the parser cannot fold
        return None
    except RecursionError:  # comments nested thousands deep: "Message-ID: ((((..."
        return None
    if value is None:
        return None
    return " ".join(str(value).split()) or None


def _filename(part: Message) -> str | None:
    holder: Message = _fixed_headers(part, ["Content-Disposition", "Content-Type"]) or part
    try:
        name = holder.get_filename()
    except (ValueError, IndexError, AttributeError, LookupError):
        return None
    return name or None


def _sender(msg: Message) -> str | None:
    holder: Message = _fixed_headers(msg, ["From"]) or msg
    try:
        value = holder.get("From")
        groups = getattr(value, "addresses", None)
    except (ValueError, IndexError, AttributeError, RecursionError):  # RecursionError: "(((("
        value, groups = None, None
    if groups is not None:
        found = [a.addr_spec for a in groups if a.domain]
    else:
        found = [addr for _, addr in getaddresses([str(value or "")]) if "@" in addr]
    return found[0].lower() if found else None


def _date(msg: Message) -> datetime | None:
    raw = _header(msg, "Date")
    if not raw:
        return None
    try:
        return parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError):
        return None


def _media_type(ctype: str, name: str | None) -> str:
    if ctype != "application/octet-stream" or not name:
        return ctype
    lowered = name.lower()
    for ext, mt in (
        (".pdf", "application/pdf"),
        (".jpg", "image/jpeg"),
        (".jpeg", "image/jpeg"),
        (".png", "image/png"),
        (".tif", "image/tiff"),
        (".tiff", "image/tiff"),
    ):
        if lowered.endswith(ext):
            return mt
    return ctype

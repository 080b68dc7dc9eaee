"""SMTP e-mail connector: one message per package, PDF and manifest attached.

The ``Message-ID`` is derived from the delivery id (``<delivery_id@domain>``), so a retry sends
a message with the same id and the provider can drop the duplicate. The subject names the
authority, the service and the document id only: never personal data.

All calls to ``smtplib`` live here; errors are mapped by :func:`map_smtp_error`: 4xx replies and
connection errors are transient, 5xx replies and authentication failures are permanent.

A server is another system, so hostile until it behaves: the socket timeout bounds each read,
not the conversation, so a server sending its replies a byte at a time would hold the worker for
as long as it liked. The whole conversation has a deadline (``deadline``), at which a watchdog
shuts the socket down; and one reply may be at most ``MAX_REPLY_BYTES`` long (``smtplib``
bounds each line, not the number of continuation lines, so an answer without end would grow in
memory until the deadline).
"""

from __future__ import annotations

import smtplib
import socket
import ssl
from collections.abc import Sequence
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime
from typing import Any, Literal

from pipeline.errors import DeliveryError, PermanentDeliveryError, TransientDeliveryError

from ._net import BoundedReader, Watchdog, is_loopback_host
from .base import DeliveryPackage, Receipt

Security = Literal["starttls", "tls", "none"]
DEFAULT_PORTS: dict[str, int] = {"starttls": 587, "tls": 465, "none": 25}
#: The most one reply of the server may hold. An EHLO answer is well under 2 KiB (RFC 5321 keeps
#: a reply line to 512 octets); 64 KiB leaves room for a chatty server and none for a flood.
MAX_REPLY_BYTES = 64 * 1024


class SmtpConnector:
    """Sends each package as an e-mail to the provider's mailbox.

    Args:
        host: the SMTP server.
        sender: the ``From`` address.
        recipients: the provider's address(es).
        port: default 587 (STARTTLS), 465 (implicit TLS) or 25 (plain).
        security: ``"starttls"``, ``"tls"`` (implicit TLS) or ``"none"`` (loopback hosts only).
        username: login name; no login when empty.
        password: login password.
        timeout: socket timeout in seconds for every SMTP step.
        deadline: seconds the whole conversation may take, connection to the last reply.
        ca_file: CA bundle for a private CA (default: the system's).
        message_id_domain: right-hand side of the ``Message-ID`` (default: the sender's domain).
        name: the route name, reported in receipts.
    """

    def __init__(
        self,
        *,
        host: str,
        sender: str,
        recipients: Sequence[str],
        port: int | None = None,
        security: Security = "starttls",
        username: str | None = None,
        password: str | None = None,
        timeout: float = 30.0,
        deadline: float = 300.0,
        ca_file: str | None = None,
        message_id_domain: str | None = None,
        name: str = "smtp",
    ) -> None:
        if security not in DEFAULT_PORTS:
            raise ValueError(f"security must be starttls, tls or none (got {security!r}).")
        if security == "none" and not is_loopback_host(host):
            raise ValueError("Plain SMTP (security: none) is only allowed to a loopback host.")
        if not recipients:
            raise ValueError("At least one recipient is needed.")
        self.name = name
        self.host = host
        self.port = port or DEFAULT_PORTS[security]
        self.security: Security = security
        self.sender = sender
        self.recipients = list(recipients)
        self._username = username or None
        self._password = password or ""
        self.timeout = timeout
        if deadline <= 0:
            raise ValueError("deadline must be positive.")
        self.deadline = deadline
        self._ca_file = ca_file
        self.message_id_domain = message_id_domain or sender.rpartition("@")[2] or "aspa.invalid"

    def message_id(self, delivery_id: str) -> str:
        """The ``Message-ID`` of a delivery: the same on every retry."""
        return f"<{delivery_id}@{self.message_id_domain}>"

    def build_message(self, package: DeliveryPackage) -> EmailMessage:
        """The e-mail for a package (exposed for tests and debugging)."""
        msg = EmailMessage()
        msg["From"] = self.sender
        msg["To"] = ", ".join(self.recipients)
        service = package.service or "-"
        msg["Subject"] = (
            f"aspa-docflow: {package.authority} / {service} / document {package.document_id}"
        )
        msg["Message-ID"] = self.message_id(package.delivery_id)
        msg["Date"] = format_datetime(datetime.now(UTC))
        msg["X-Aspa-Delivery-Id"] = package.delivery_id
        msg["X-Aspa-Document-Id"] = package.document_id
        msg["X-Aspa-Authority"] = package.authority
        msg.set_content(
            "A document forwarded by a shared customer-service point (aspa-docflow).\n\n"
            f"Authority: {package.authority}\nService: {service}\n"
            f"Document: {package.document_id}\nDelivery: {package.delivery_id}\n\n"
            "The document is attached as document.pdf; manifest.json describes it "
            "(schema, SHA-256 of the PDF).\n"
        )
        msg.add_attachment(
            package.pdf_path.read_bytes(),
            maintype="application",
            subtype="pdf",
            filename="document.pdf",
        )
        msg.add_attachment(
            package.manifest_bytes(),
            maintype="application",
            subtype="json",
            filename="manifest.json",
        )
        return msg

    def deliver(self, package: DeliveryPackage) -> Receipt:
        """Send the message; every recipient must accept it.

        Raises:
            TransientDeliveryError: connection errors, timeouts (also the conversation's
                deadline), 4xx replies, a reply over ``MAX_REPLY_BYTES``.
            PermanentDeliveryError: 5xx replies, authentication failures, TLS certificate
                errors, STARTTLS not offered, a missing PDF.
        """
        try:
            msg = self.build_message(package)
        except FileNotFoundError as e:
            raise PermanentDeliveryError("The package's PDF is missing.") from e
        try:
            refused = self._send(msg)
        except Exception as e:
            mapped = map_smtp_error(e, where=f"{self.host}:{self.port}")
            if mapped is None:
                raise
            raise mapped from e
        if refused:
            # Some recipients took it, some did not: the operator must know; a retry resends
            # with the same Message-ID, so the ones that have it can drop the duplicate.
            codes = {code for code, _ in refused.values()}
            text = (
                f"SMTP server {self.host}:{self.port} refused recipient(s) "
                f"{', '.join(sorted(refused))} ({', '.join(str(c) for c in sorted(codes))})."
            )
            if all(400 <= c < 500 for c in codes):
                raise TransientDeliveryError(text)
            raise PermanentDeliveryError(text)
        return Receipt(
            delivery_id=package.delivery_id,
            connector=self.name,
            location=f"mailto:{','.join(self.recipients)}",
            delivered_at=datetime.now(UTC),
            remote_id=None,
            details={"message_id": msg["Message-ID"], "smtp_server": f"{self.host}:{self.port}"},
        )

    def _send(self, msg: EmailMessage) -> dict[str, tuple[int, bytes]]:
        context = ssl.create_default_context(cafile=self._ca_file)
        watchdog = Watchdog(self.deadline)
        smtp: smtplib.SMTP
        with watchdog:
            try:
                # The constructor connects and reads the greeting, already guarded
                if self.security == "tls":
                    smtp = _GuardedSMTP_SSL(
                        watchdog, self.host, self.port, timeout=self.timeout, context=context
                    )
                else:
                    smtp = _GuardedSMTP(watchdog, self.host, self.port, timeout=self.timeout)
                with smtp:
                    smtp.ehlo()
                    if self.security == "starttls":
                        smtp.starttls(context=context)
                        smtp.ehlo()
                    if self._username:
                        smtp.login(self._username, self._password)
                    return smtp.send_message(msg, from_addr=self.sender, to_addrs=self.recipients)
            except (OSError, smtplib.SMTPServerDisconnected) as e:
                if watchdog.fired:
                    raise _DeadlinePassed(self.deadline) from e
                raise


class _DeadlinePassed(TimeoutError):
    def __init__(self, seconds: float) -> None:
        super().__init__(f"the conversation outlasted its deadline of {seconds:g} s")
        self.seconds = seconds


class _ReplyTooLong(smtplib.SMTPException):
    pass


class _Guarded:
    """What both SMTP classes add: the watchdog sees every socket, a reply is bounded."""

    _watchdog: Watchdog
    sock: socket.socket | None
    file: Any

    def getreply(self) -> tuple[int, bytes]:
        if self.file is None and self.sock is not None:
            self._watchdog.watch(self.sock)  # the TLS socket after STARTTLS
            self.file = BoundedReader(self.sock.makefile("rb"), MAX_REPLY_BYTES)
        reader = self.file if isinstance(self.file, BoundedReader) else None
        if reader is not None:
            reader.reset()
        try:
            return super().getreply()  # type: ignore[misc, no-any-return]
        except smtplib.SMTPServerDisconnected as e:
            if reader is not None and reader.overflowed:
                raise _ReplyTooLong(f"an answer longer than {MAX_REPLY_BYTES} bytes") from e
            raise

    def _get_socket(self, host: str, port: int, timeout: float) -> socket.socket:
        sock: socket.socket = super()._get_socket(host, port, timeout)  # type: ignore[misc]
        self._watchdog.watch(sock)
        return sock


class _GuardedSMTP(_Guarded, smtplib.SMTP):
    def __init__(self, watchdog: Watchdog, host: str, port: int, **kw: Any) -> None:
        self._watchdog = watchdog
        super().__init__(host, port, **kw)


class _GuardedSMTP_SSL(_Guarded, smtplib.SMTP_SSL):
    def __init__(self, watchdog: Watchdog, host: str, port: int, **kw: Any) -> None:
        self._watchdog = watchdog
        super().__init__(host, port, **kw)


def map_smtp_error(e: BaseException, *, where: str) -> DeliveryError | None:
    """Translate an ``smtplib``/``ssl``/socket error into a delivery error.

    Returns ``None`` for exceptions that are not mail errors (programming errors propagate).
    """
    if isinstance(e, smtplib.SMTPRecipientsRefused):
        codes = {code for code, _ in e.recipients.values()}
        text = (
            f"SMTP server {where} refused every recipient "
            f"({', '.join(str(c) for c in sorted(codes))})."
        )
        if codes and all(400 <= c < 500 for c in codes):
            return TransientDeliveryError(text)
        return PermanentDeliveryError(text)
    if isinstance(e, smtplib.SMTPAuthenticationError):
        text = f"SMTP server {where} rejected the login ({e.smtp_code})."
        if 400 <= e.smtp_code < 500:  # 454: temporary authentication failure
            return TransientDeliveryError(text)
        return PermanentDeliveryError(text + " Check the username and password secrets.")
    if isinstance(e, _ReplyTooLong):
        return TransientDeliveryError(f"SMTP server {where} sent {e}; the connection was closed.")
    if isinstance(e, _DeadlinePassed):
        return TransientDeliveryError(f"SMTP server {where}: {e}.")
    if isinstance(e, smtplib.SMTPNotSupportedError):
        return PermanentDeliveryError(f"SMTP server {where} does not support {e}.")
    if isinstance(e, smtplib.SMTPServerDisconnected):
        return TransientDeliveryError(f"SMTP server {where} closed the connection.")
    if isinstance(e, smtplib.SMTPResponseException):
        reply = _reply_text(e.smtp_error)
        text = f"SMTP server {where} answered {e.smtp_code}{reply}."
        if 400 <= e.smtp_code < 500:
            return TransientDeliveryError(text)
        return PermanentDeliveryError(text)
    if isinstance(e, smtplib.SMTPException):
        if "STARTTLS" in str(e):
            return PermanentDeliveryError(f"SMTP server {where} does not offer STARTTLS.")
        return TransientDeliveryError(f"SMTP conversation with {where} failed: {e}")
    if isinstance(e, ssl.SSLCertVerificationError):
        return PermanentDeliveryError(
            f"The TLS certificate of SMTP server {where} was not accepted ({e.verify_message})."
        )
    if isinstance(e, ssl.SSLError):
        return TransientDeliveryError(f"TLS with SMTP server {where} failed ({e.reason}).")
    if isinstance(e, TimeoutError):
        return TransientDeliveryError(f"SMTP server {where} did not answer in time.")
    if isinstance(e, OSError):
        return TransientDeliveryError(
            f"SMTP server {where} is not reachable ({e.strerror or type(e).__name__})."
        )
    return None


def _reply_text(raw: bytes | str) -> str:
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
    text = " ".join(text.split())[:200]
    return f" ({text})" if text else ""

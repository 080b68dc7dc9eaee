"""IMAP polling: every new mail in a folder goes through :func:`~channels.email.submit_eml`.

All calls to ``imapclient`` live in this module; its failures become
:class:`~channels.errors.MailLoginError` (bad credentials, permanent) or
:class:`~channels.errors.MailServerError` (unreachable, transient).

Exactly-once, per mail, in UID order::

    fetch (BODY.PEEK[], the mail stays unread) → submit every attachment
      → commit the cursor (UIDVALIDITY, last UID) → move or flag the mail

- A crash **before the cursor commit** re-submits that one mail on the next poll; the
  pipeline's SHA-256 dedupe answers with the same documents, so nothing is doubled.
- A crash **after the commit but before the move/flag** leaves the mail in the folder; the next
  poll sees its UID is at or below the cursor and finishes the move/flag without submitting.
- A changed **UIDVALIDITY** (the folder was recreated) resets the cursor to 0. In ``flag`` mode
  mails already carrying the keyword are skipped; in ``move`` mode processed mails are gone
  from the folder anyway; anything else is submitted again and deduped by hash.
- The same mail delivered twice gets two UIDs and is submitted twice; the pipeline's
  SHA-256 dedupe of the attachments makes the second a duplicate.
- A mail with nothing to process (``no_attachments``, ``invalid_mail``) is *rejected*: the cursor
  passes it, it gets ``\\Flagged`` and the rejected keyword, and it is moved to
  ``failed_folder`` when one is configured, so a person sees it.
- A mail whose processing **kills the poller** (a crash in a parser, the OOM killer) would be
  fetched again at every restart: the cursor row records the mail being started and how often
  it started without finishing; past ``max_recoveries`` it is rejected with
  ``processing_interrupted`` unsubmitted (a transient error, such as the broker being down, does
  not count).
- **One mail never stops the mailbox.** The size (``RFC822.SIZE``) is checked before the body
  is fetched (``too_large`` above ``max_message_bytes``); a mail over the parse limits
  (``mail_too_complex``) or one that raises anything unexpected (``internal_error``) is rejected
  the same way, the reason as a keyword on the mail (``AspaRejected-mail_too_complex``) and in
  the log, and the cursor moves past it.
"""

from __future__ import annotations

import logging
import re
import ssl
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from email import policy
from email.parser import BytesHeaderParser
from typing import Any, Literal

from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientError, LoginError
from sqlalchemy.orm import Session, sessionmaker

from pipeline.db import session_scope, utcnow
from pipeline.errors import AspaError, InputError, TooLargeError
from pipeline.incoming import Submitted

from .base import Submitter
from .config import MailboxConfig
from .email import submit_eml
from .errors import MailLoginError, MailServerError, ProcessingInterruptedError
from .health import ChannelMonitor
from .models import ImapCursor

log = logging.getLogger(__name__)

SEEN = b"\\Seen"
_KEYWORD_UNSAFE = re.compile(r"[^A-Za-z0-9_]")
FLAGGED = b"\\Flagged"


@dataclass(frozen=True)
class MailOutcome:
    """What happened to one mail."""

    uid: int
    message_id: str | None
    status: Literal["processed", "rejected"]
    results: tuple[Submitted, ...] = ()
    error_code: str | None = None


@dataclass(frozen=True)
class PollResult:
    """The outcome of one poll of one mailbox."""

    mailbox: str
    uidvalidity: int
    last_uid: int
    mails: tuple[MailOutcome, ...] = ()
    finished: int = 0  # mails processed earlier whose move/flag was completed now
    cursor_reset: bool = False

    @property
    def processed(self) -> int:
        return sum(1 for m in self.mails if m.status == "processed")

    @property
    def rejected(self) -> int:
        return sum(1 for m in self.mails if m.status == "rejected")

    @property
    def document_ids(self) -> list[str]:
        return [i for m in self.mails for r in m.results for i in r.document_ids]


@contextmanager
def _imap_errors(cfg: MailboxConfig) -> Iterator[None]:
    """Translate imapclient and socket failures into our errors."""
    try:
        yield
    except LoginError:
        raise MailLoginError(
            f"Mailbox {cfg.name}: the server refused the login. Check username and "
            f"{cfg.password_env}."
        ) from None
    except (IMAPClientError, OSError) as e:  # socket.timeout and ssl.SSLError are OSErrors
        raise MailServerError(
            f"Mailbox {cfg.name}: {cfg.host}:{cfg.effective_port} failed: {type(e).__name__}: {e}"
        ) from e


@contextmanager
def _connect(cfg: MailboxConfig, password: str) -> Iterator[IMAPClient]:
    context: ssl.SSLContext | None = None
    if cfg.security != "plain":
        context = ssl.create_default_context(cafile=str(cfg.ca_file) if cfg.ca_file else None)
        if not cfg.verify_tls:
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
    with _imap_errors(cfg):
        client = IMAPClient(
            cfg.host,
            port=cfg.effective_port,
            ssl=cfg.security == "ssl",
            ssl_context=context,
            timeout=cfg.timeout_seconds,
        )
    try:
        with _imap_errors(cfg):
            if cfg.security == "starttls":
                client.starttls(context)
            client.login(cfg.username, password)
        yield client
    finally:
        with suppress(IMAPClientError, OSError):
            client.logout()


def poll_once(
    cfg: MailboxConfig,
    submitter: Submitter,
    session_factory: sessionmaker[Session],
    *,
    environ: Mapping[str, str] | None = None,
) -> PollResult:
    """Process the new mails of one mailbox (at most ``cfg.batch_size``).

    Args:
        cfg: The mailbox.
        submitter: The pipeline's intake.
        session_factory: Sessions on the database holding ``imap_cursors``.
        environ: Where to read the password variable (default ``os.environ``).

    Raises:
        ChannelConfigError: The password variable is unset.
        MailLoginError: The server refused the credentials.
        MailServerError: The server failed (transient; mails processed before the failure stay
            committed).
        AspaError: A transient error from the submitter; the current mail is retried next time.

    Returns:
        What was processed, rejected and finished.
    """
    password = cfg.password(environ)
    with _connect(cfg, password) as client:
        with _imap_errors(cfg):
            _ensure_folders(client, cfg)
            selected = client.select_folder(cfg.folder)
        uidvalidity = int(selected[b"UIDVALIDITY"])
        last_uid, reset = _load_cursor(session_factory, cfg, uidvalidity)
        with _imap_errors(cfg):
            finished = _finish_pending(client, cfg, last_uid)
            uids = _new_uids(client, cfg, last_uid)
        outcomes: list[MailOutcome] = []
        batch = uids[: cfg.batch_size]
        with _imap_errors(cfg):
            sizes = client.fetch(batch, [b"RFC822.SIZE"]) if batch else {}
        for uid in batch:
            size = int((sizes.get(uid) or {}).get(b"RFC822.SIZE") or 0)
            if size > cfg.max_message_bytes:
                outcome = MailOutcome(uid, None, "rejected", error_code=TooLargeError.code)
                log.warning("mailbox %s uid %d: %d bytes, over the limit", cfg.name, uid, size)
            else:
                with _imap_errors(cfg):
                    fetched = client.fetch([uid], [b"BODY.PEEK[]"]).get(uid)
                if fetched is None:  # expunged by someone else meanwhile
                    continue
                raw = bytes(fetched.get(b"BODY[]") or b"")
                outcome = _process_once_more(cfg, submitter, session_factory, uidvalidity, uid, raw)
            _commit_cursor(session_factory, cfg, uidvalidity, uid)
            last_uid = uid
            with _imap_errors(cfg):
                _mark(
                    client,
                    cfg,
                    uid,
                    rejected=outcome.status == "rejected",
                    reason=outcome.error_code,
                )
            outcomes.append(outcome)
            log.info(
                "mailbox %s uid %d %s (%d attachments)",
                cfg.name,
                uid,
                outcome.status,
                len(outcome.results),
            )
    return PollResult(
        mailbox=cfg.name,
        uidvalidity=uidvalidity,
        last_uid=last_uid,
        mails=tuple(outcomes),
        finished=finished,
        cursor_reset=reset,
    )


def run_forever(
    cfgs: Sequence[MailboxConfig],
    submitter: Submitter,
    session_factory: sessionmaker[Session],
    stop_event: threading.Event,
    interval: float = 60.0,
    *,
    environ: Mapping[str, str] | None = None,
    monitor: ChannelMonitor | None = None,
) -> None:
    """Poll every mailbox, then wait ``interval`` seconds, until ``stop_event`` is set.

    A mailbox that returned a full batch is polled again at once. A failing mailbox (server
    down, bad password, transient intake error, or anything unexpected) is logged with its error
    code and retried on the next round; it does not stop the others, nor the loop. Each
    successful poll is reported to ``monitor`` as ``imap:<name>``.
    """
    while not stop_event.is_set():
        for cfg in cfgs:
            if stop_event.is_set():
                break
            name = f"imap:{cfg.name}"
            while not stop_event.is_set():
                try:
                    result = poll_once(cfg, submitter, session_factory, environ=environ)
                except AspaError as e:
                    log.warning("mailbox %s: %s (%s)", cfg.name, e.code, e.message)
                    if monitor:
                        monitor.fail(name, e.code)
                    break
                except Exception as e:  # the loop must outlive any bug; the next round retries
                    log.exception("mailbox %s: poll failed (%s)", cfg.name, type(e).__name__)
                    if monitor:
                        monitor.fail(name, "internal_error")
                    break
                if monitor:
                    monitor.beat(name)
                if result.mails or result.finished:
                    log.info(
                        "mailbox %s: %d processed, %d rejected, %d finished",
                        cfg.name,
                        result.processed,
                        result.rejected,
                        result.finished,
                    )
                if len(result.mails) < cfg.batch_size:
                    break  # caught up; a full batch means more are waiting
        stop_event.wait(interval)


def _process(cfg: MailboxConfig, submitter: Submitter, uid: int, raw: bytes) -> MailOutcome:
    label = f"imap:{cfg.name}/{cfg.folder}/{uid}"
    try:
        results = submit_eml(
            submitter,
            raw,
            path_label=label,
            service_point=cfg.service_point,
            inline_min_bytes=cfg.inline_min_bytes,
            max_bytes=cfg.max_message_bytes,
        )
    except InputError as e:  # no_attachments, invalid_mail, empty_file, mail_too_complex
        return MailOutcome(uid, _message_id(raw), "rejected", error_code=e.code)
    except AspaError:
        raise  # transient: this mail is retried on the next poll
    except Exception as e:  # one mail must never stop the mailbox
        log.exception("mailbox %s uid %d: unexpected %s", cfg.name, uid, type(e).__name__)
        return MailOutcome(uid, _message_id(raw), "rejected", error_code="internal_error")
    return MailOutcome(uid, _message_id(raw), "processed", tuple(results))


def _process_once_more(
    cfg: MailboxConfig,
    submitter: Submitter,
    session_factory: sessionmaker[Session],
    uidvalidity: int,
    uid: int,
    raw: bytes,
) -> MailOutcome:
    """:func:`_process`, unless this mail's processing was cut short too often already."""
    interrupted = _start_attempt(session_factory, cfg, uidvalidity, uid)
    if interrupted > cfg.max_recoveries:
        log.warning(
            "mailbox %s uid %d: processing was interrupted %d times; set aside",
            cfg.name, uid, interrupted,
        )  # fmt: skip
        code = ProcessingInterruptedError.code
        return MailOutcome(uid, _message_id(raw), "rejected", error_code=code)
    try:
        return _process(cfg, submitter, uid, raw)
    except AspaError:  # transient (the broker, the database): not a crash, so it does not count
        _set_attempts(session_factory, cfg, uid, interrupted)
        raise


def _start_attempt(
    session_factory: sessionmaker[Session], cfg: MailboxConfig, uidvalidity: int, uid: int
) -> int:
    """Record that processing of ``uid`` starts; returns how often it started before without
    finishing (committed before the mail is parsed, so a crash leaves the count behind)."""
    with session_scope(session_factory) as session:
        cursor = _cursor_row(session, cfg, uidvalidity)
        same = cursor.uidvalidity == uidvalidity and cursor.folder == cfg.folder
        before = (cursor.attempt_count or 0) if same and cursor.attempt_uid == uid else 0
        cursor.attempt_uid, cursor.attempt_count = uid, before + 1
        return before


def _set_attempts(
    session_factory: sessionmaker[Session], cfg: MailboxConfig, uid: int, count: int
) -> None:
    with session_scope(session_factory) as session:
        cursor = session.get(ImapCursor, cfg.name)
        if cursor is not None and cursor.attempt_uid == uid:
            cursor.attempt_count = count


def _message_id(raw: bytes) -> str | None:
    try:
        value = BytesHeaderParser(policy=policy.default).parsebytes(raw).get("Message-ID")
    except (ValueError, IndexError, TypeError, AttributeError):
        return None
    return " ".join(str(value).split()) or None if value is not None else None


def _ensure_folders(client: IMAPClient, cfg: MailboxConfig) -> None:
    for folder in (cfg.processed_folder, cfg.failed_folder):
        if folder and not client.folder_exists(folder):
            client.create_folder(folder)


def _new_uids(client: IMAPClient, cfg: MailboxConfig, last_uid: int) -> list[int]:
    criteria: list[Any] = ["UID", f"{last_uid + 1}:*"]
    if cfg.processed == "flag":
        criteria += ["NOT", "KEYWORD", cfg.keyword]
    criteria += ["NOT", "KEYWORD", cfg.rejected_keyword]
    # "n:*" always matches the highest UID, even one below n: filter.
    return sorted(int(u) for u in client.search(criteria) if int(u) > last_uid)


def _finish_pending(client: IMAPClient, cfg: MailboxConfig, last_uid: int) -> int:
    """Move/flag mails at or below the cursor that a crash left unmarked."""
    if last_uid == 0:
        return 0
    criteria: list[Any] = ["UID", f"1:{last_uid}", "NOT", "KEYWORD", cfg.rejected_keyword]
    if cfg.processed == "flag":
        criteria += ["NOT", "KEYWORD", cfg.keyword]
    pending = sorted(int(u) for u in client.search(criteria) if int(u) <= last_uid)
    for uid in pending:
        _mark(client, cfg, uid, rejected=False)
    return len(pending)


def _mark(
    client: IMAPClient,
    cfg: MailboxConfig,
    uid: int,
    *,
    rejected: bool,
    reason: str | None = None,
) -> None:
    if rejected:
        flags = [FLAGGED, cfg.rejected_keyword.encode()]
        if reason:  # the reason on the mail itself, e.g. AspaRejected-mail_too_complex
            flags.append(f"{cfg.rejected_keyword}-{_KEYWORD_UNSAFE.sub('_', reason)}".encode())
        client.add_flags([uid], flags)
        if cfg.failed_folder:
            _move(client, uid, cfg.failed_folder)
        return
    client.add_flags([uid], [SEEN, cfg.keyword.encode()])
    if cfg.processed == "move" and cfg.processed_folder:
        _move(client, uid, cfg.processed_folder)


def _move(client: IMAPClient, uid: int, folder: str) -> None:
    if client.has_capability("MOVE"):
        client.move([uid], folder)
        return
    client.copy([uid], folder)
    client.delete_messages([uid])
    if client.has_capability("UIDPLUS"):
        client.uid_expunge([uid])
    else:
        client.expunge()


def _load_cursor(
    session_factory: sessionmaker[Session], cfg: MailboxConfig, uidvalidity: int
) -> tuple[int, bool]:
    """The last committed UID, or 0 (and ``reset``) when UIDVALIDITY or the folder changed."""
    with session_scope(session_factory) as session:
        cursor = session.get(ImapCursor, cfg.name)
        if cursor is None:
            return 0, False
        if cursor.uidvalidity != uidvalidity or cursor.folder != cfg.folder:
            log.warning(
                "mailbox %s: UIDVALIDITY or folder changed; reading the folder from the start",
                cfg.name,
            )
            return 0, True
        return int(cursor.last_uid), False


def _cursor_row(session: Session, cfg: MailboxConfig, uidvalidity: int) -> ImapCursor:
    """The mailbox's cursor row, added (at UID 0) when it has none yet."""
    cursor = session.get(ImapCursor, cfg.name)
    if cursor is None:
        cursor = ImapCursor(mailbox=cfg.name, folder=cfg.folder, uidvalidity=uidvalidity)
        cursor.last_uid = cursor.processed_count = 0
        session.add(cursor)
    return cursor


def _commit_cursor(
    session_factory: sessionmaker[Session], cfg: MailboxConfig, uidvalidity: int, uid: int
) -> None:
    with session_scope(session_factory) as session:
        cursor = _cursor_row(session, cfg, uidvalidity)
        if cursor.uidvalidity != uidvalidity or cursor.folder != cfg.folder:
            cursor.uidvalidity, cursor.folder = uidvalidity, cfg.folder
        cursor.last_uid = uid
        cursor.attempt_uid = cursor.attempt_count = None
        cursor.processed_count = (cursor.processed_count or 0) + 1
        cursor.updated_at = utcnow()

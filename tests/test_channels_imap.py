"""The IMAP poller against a real dovecot on 127.0.0.1."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from channels_support import Dovecot, mail_with, pdf_bytes
from sqlalchemy.orm import Session, sessionmaker

from channels import RecordingSubmitter
from channels.config import MailboxConfig
from channels.errors import ChannelConfigError, MailLoginError, MailServerError
from channels.imap import poll_once
from channels.models import ImapCursor
from pipeline.db import make_engine, make_session_factory
from pipeline.incoming import IncomingFile, Submitted

USERS = {f"user{i}": f"secret-{i}" for i in range(12)}
_next_user = itertools.count()


@pytest.fixture(scope="module")
def dovecot() -> Iterator[Dovecot]:
    try:
        server = Dovecot(USERS).start()
    except RuntimeError as e:
        pytest.skip(str(e))
    yield server
    server.stop()


@pytest.fixture
def user() -> str:
    return f"user{next(_next_user)}"


@pytest.fixture
def session_factory(tmp_path: Path) -> sessionmaker[Session]:
    engine = make_engine(f"sqlite:///{tmp_path / 'cursor.sqlite3'}")
    ImapCursor.__table__.create(engine)  # type: ignore[attr-defined]
    return make_session_factory(engine)


def box(dovecot: Dovecot, user: str, **overrides: object) -> MailboxConfig:
    values: dict[str, object] = {
        "name": f"box-{user}",
        "host": "127.0.0.1",
        "port": dovecot.port,
        "security": "plain",
        "username": user,
        "password_env": "ASPA_TEST_IMAP_PASSWORD",
        "service_point": "mikkeli",
        "processed": "move",
        "processed_folder": "Processed",
    }
    values.update(overrides)
    return MailboxConfig.model_validate(values)


def env(user: str) -> dict[str, str]:
    return {"ASPA_TEST_IMAP_PASSWORD": USERS[user]}


def deliver(dovecot: Dovecot, user: str, *mails: bytes, folder: str = "INBOX") -> None:
    c = dovecot.client(user)
    try:
        if not c.folder_exists(folder):
            c.create_folder(folder)
        for m in mails:
            c.append(folder, m)
    finally:
        c.logout()


def folder_state(dovecot: Dovecot, user: str, folder: str) -> dict[int, set[bytes]]:
    c = dovecot.client(user)
    try:
        if not c.folder_exists(folder):
            return {}
        c.select_folder(folder, readonly=True)
        uids = c.search("ALL")
        return {u: set(d[b"FLAGS"]) for u, d in c.fetch(uids, ["FLAGS"]).items()} if uids else {}
    finally:
        c.logout()


def test_several_attachments_are_submitted_and_mails_moved(
    dovecot: Dovecot, user: str, session_factory: sessionmaker[Session]
) -> None:
    # Given two mails, one with two attachments
    deliver(
        dovecot,
        user,
        mail_with(
            [
                ("hakemus.pdf", pdf_bytes("h1"), "application/pdf"),
                ("liite.pdf", pdf_bytes("l1"), "application/pdf"),
            ],
            subject="AT 1",
        ),
        mail_with([("päätös.pdf", pdf_bytes("p2"), "application/pdf")]),
    )
    sub = RecordingSubmitter()
    cfg = box(dovecot, user)
    # When the mailbox is polled
    result = poll_once(cfg, sub, session_factory, environ=env(user))
    # Then every attachment went to the pipeline, in order, and the mails were moved
    assert result.processed == 2 and result.rejected == 0
    assert [c.source for c in sub.calls] == [
        f"imap:box-{user}/INBOX/1#hakemus.pdf",
        f"imap:box-{user}/INBOX/1#liite.pdf",
        f"imap:box-{user}/INBOX/2#päätös.pdf",
    ]
    assert sub.calls[0].hint and "AT 1" in sub.calls[0].hint
    assert sub.calls[0].group == sub.calls[1].group != sub.calls[2].group
    assert len(result.document_ids) == 3
    assert folder_state(dovecot, user, "INBOX") == {}
    moved = folder_state(dovecot, user, "Processed")
    assert len(moved) == 2 and all(b"\\Seen" in f for f in moved.values())
    with session_factory() as s:
        cursor = s.get(ImapCursor, cfg.name)
        assert cursor is not None and cursor.last_uid == 2
    # And a second poll finds nothing new
    again = poll_once(cfg, sub, session_factory, environ=env(user))
    assert again.mails == () and len(sub.calls) == 3


def test_flag_mode_keeps_mails_and_rejects_a_mail_without_attachments(
    dovecot: Dovecot, user: str, session_factory: sessionmaker[Session]
) -> None:
    deliver(
        dovecot,
        user,
        mail_with([("a.pdf", pdf_bytes("flag-a"), "application/pdf")]),
        mail_with([], subject="Kysymys", body="Ei liitettä"),
    )
    cfg = box(dovecot, user, processed="flag", processed_folder=None)
    sub = RecordingSubmitter()
    result = poll_once(cfg, sub, session_factory, environ=env(user))
    assert [(m.uid, m.status, m.error_code) for m in result.mails] == [
        (1, "processed", None),
        (2, "rejected", "no_attachments"),
    ]
    flags = folder_state(dovecot, user, "INBOX")
    assert {b"\\Seen", b"AspaProcessed"} <= flags[1]
    assert {b"\\Flagged", b"AspaRejected"} <= flags[2] and b"\\Seen" not in flags[2]
    assert len(sub.calls) == 1
    assert poll_once(cfg, sub, session_factory, environ=env(user)).mails == ()


def test_same_mail_twice_is_processed_once_per_uid_and_deduped_by_hash(
    dovecot: Dovecot, user: str, session_factory: sessionmaker[Session]
) -> None:
    mail = mail_with(
        [
            ("x.pdf", pdf_bytes("dup-x"), "application/pdf"),
            ("y.pdf", pdf_bytes("dup-y"), "application/pdf"),
        ],
        message_id="<same@example.fi>",
    )
    deliver(dovecot, user, mail, mail)
    sub = RecordingSubmitter()
    result = poll_once(box(dovecot, user), sub, session_factory, environ=env(user))
    assert [m.uid for m in result.mails] == [1, 2]
    assert {m.message_id for m in result.mails} == {"<same@example.fi>"}
    # Both UIDs were handed over; the pipeline's hash dedupe keeps two documents, not four.
    assert len(sub.calls) == 4 and len(sub.unique) == 2
    assert [c.duplicate for c in sub.calls] == [False, False, True, True]
    assert len(set(result.document_ids)) == 2


class SimulatedCrash(BaseException):
    """The process dies (kill -9) in the middle of a submission; not an Exception to catch."""


class CrashingSubmitter:
    """Forwards to ``inner`` but dies at call number ``crash_at`` (1-based), after storing it."""

    def __init__(self, inner: RecordingSubmitter, crash_at: int) -> None:
        self.inner, self.crash_at, self.count = inner, crash_at, 0

    def submit(self, data: bytes, file: IncomingFile) -> Submitted:
        self.count += 1
        ids = self.inner.submit(data, file)
        if self.count == self.crash_at:
            raise SimulatedCrash()
        return ids


def test_restart_after_a_crash_before_the_cursor_commit_loses_and_doubles_nothing(
    dovecot: Dovecot, user: str, session_factory: sessionmaker[Session]
) -> None:
    # Given three mails with four attachments
    deliver(
        dovecot,
        user,
        mail_with([("1.pdf", pdf_bytes("r1"), "application/pdf")]),
        mail_with(
            [
                ("2a.pdf", pdf_bytes("r2a"), "application/pdf"),
                ("2b.pdf", pdf_bytes("r2b"), "application/pdf"),
            ]
        ),
        mail_with([("3.pdf", pdf_bytes("r3"), "application/pdf")]),
    )
    store = RecordingSubmitter()  # stands for the pipeline's database, which survives
    cfg = box(dovecot, user)
    # When the poller dies after storing mail 2's first attachment, before its cursor commit
    with pytest.raises(SimulatedCrash):
        poll_once(cfg, CrashingSubmitter(store, crash_at=2), session_factory, environ=env(user))
    with session_factory() as s:
        cursor = s.get(ImapCursor, cfg.name)
        assert cursor is not None and cursor.last_uid == 1
    assert len(folder_state(dovecot, user, "Processed")) == 1
    # And a fresh poller starts again
    result = poll_once(cfg, store, session_factory, environ=env(user))
    # Then mail 2 is re-submitted (its first attachment deduped) and mail 3 processed
    assert [m.uid for m in result.mails] == [2, 3]
    assert sorted(c.filename for c in store.unique) == ["1.pdf", "2a.pdf", "2b.pdf", "3.pdf"]
    assert [c.filename for c in store.calls if c.duplicate] == ["2a.pdf"]
    assert folder_state(dovecot, user, "INBOX") == {}
    assert len(folder_state(dovecot, user, "Processed")) == 3


def test_crash_after_the_cursor_commit_finishes_the_flag_without_resubmitting(
    dovecot: Dovecot, user: str, session_factory: sessionmaker[Session]
) -> None:
    deliver(dovecot, user, mail_with([("f.pdf", pdf_bytes("fin"), "application/pdf")]))
    cfg = box(dovecot, user, processed="flag", processed_folder=None)
    sub = RecordingSubmitter()
    poll_once(cfg, sub, session_factory, environ=env(user))
    # Given the flag never reached the server (the process died right after the commit)
    c = dovecot.client(user)
    c.select_folder("INBOX")
    c.remove_flags([1], [b"\\Seen", b"AspaProcessed"])
    c.logout()
    # When polling again
    result = poll_once(cfg, sub, session_factory, environ=env(user))
    # Then the mail is flagged, not submitted again
    assert result.finished == 1 and result.mails == ()
    assert len(sub.calls) == 1
    assert b"AspaProcessed" in folder_state(dovecot, user, "INBOX")[1]


def test_recreated_folder_resets_the_cursor(
    dovecot: Dovecot, user: str, session_factory: sessionmaker[Session]
) -> None:
    mail = mail_with([("s.pdf", pdf_bytes("uidv"), "application/pdf")])
    deliver(dovecot, user, mail, folder="Scans")
    cfg = box(dovecot, user, folder="Scans")
    sub = RecordingSubmitter()
    first = poll_once(cfg, sub, session_factory, environ=env(user))
    # Given the folder is deleted and created again (new UIDVALIDITY, UIDs restart at 1)
    c = dovecot.client(user)
    c.delete_folder("Scans")
    c.logout()
    deliver(
        dovecot,
        user,
        mail,
        mail_with([("t.pdf", pdf_bytes("uidv2"), "application/pdf")]),
        folder="Scans",
    )
    second = poll_once(cfg, sub, session_factory, environ=env(user))
    assert second.cursor_reset and second.uidvalidity != first.uidvalidity
    assert [m.uid for m in second.mails] == [1, 2]
    assert [c.filename for c in sub.unique] == ["s.pdf", "t.pdf"]


def test_cli_imap_poll_once(
    dovecot: Dovecot,
    user: str,
    session_factory: sessionmaker[Session],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from typer.testing import CliRunner

    from channels import cli as channels_cli

    deliver(
        dovecot,
        user,
        mail_with([("cli.pdf", pdf_bytes("cli"), "application/pdf")]),
        mail_with([], subject="tyhjä"),
    )
    monkeypatch.setenv("ASPA_TEST_IMAP_PASSWORD", USERS[user])
    config = tmp_path / "channels.yaml"
    config.write_text(
        f"""
mailboxes:
  - name: cli-{user}
    host: 127.0.0.1
    port: {dovecot.port}
    security: plain
    username: {user}
    password_env: ASPA_TEST_IMAP_PASSWORD
    service_point: pelkosenniemi
""",
        encoding="utf-8",
    )
    sub = RecordingSubmitter()
    channels_cli.configure(lambda: sub, lambda: session_factory)
    result = CliRunner().invoke(channels_cli.app, ["imap-poll", "--config", str(config), "--once"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"imap:cli-{user}/INBOX/1#cli.pdf\t")
    assert lines[0].split("\t")[1] == sub.calls[0].document_ids[0]
    assert lines[1] == f"imap:cli-{user}/INBOX/2\trejected [no_attachments]"


def test_run_forever_drains_a_backlog_in_batches_and_stops(
    dovecot: Dovecot, user: str, session_factory: sessionmaker[Session]
) -> None:
    import threading

    from channels.imap import run_forever

    deliver(
        dovecot,
        user,
        *[mail_with([(f"{i}.pdf", pdf_bytes(f"rf{i}"), "application/pdf")]) for i in range(5)],
    )
    sub = RecordingSubmitter()
    stop = threading.Event()
    cfg = box(dovecot, user, batch_size=2)
    t = threading.Thread(
        target=run_forever,
        args=([cfg], sub, session_factory, stop, 30.0),
        kwargs={"environ": env(user)},
    )
    t.start()
    import time

    deadline = time.monotonic() + 10
    while len(sub.calls) < 5 and time.monotonic() < deadline:
        time.sleep(0.05)
    stop.set()
    t.join(timeout=5)
    # All five in the first round (three polls of at most two), not after the 30 s interval
    assert not t.is_alive()
    assert sorted(c.filename for c in sub.calls) == [f"{i}.pdf" for i in range(5)]


# Last in the module: after a failed login dovecot slows later logins from 127.0.0.1 down.
def test_bad_password_missing_variable_and_dead_server_are_clear_errors(
    dovecot: Dovecot, user: str, session_factory: sessionmaker[Session]
) -> None:
    cfg = box(dovecot, user)
    with pytest.raises(MailLoginError) as login:
        poll_once(
            cfg, RecordingSubmitter(), session_factory, environ={"ASPA_TEST_IMAP_PASSWORD": "wrong"}
        )
    assert login.value.code == "mail_login" and "wrong" not in login.value.message
    with pytest.raises(ChannelConfigError) as missing:
        poll_once(cfg, RecordingSubmitter(), session_factory, environ={})
    assert "ASPA_TEST_IMAP_PASSWORD" in missing.value.message
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        free = s.getsockname()[1]
    dead = box(dovecot, user, port=free, timeout_seconds=2)
    with pytest.raises(MailServerError) as server:
        poll_once(dead, RecordingSubmitter(), session_factory, environ=env(user))
    assert server.value.transient


class DiesOn:
    """Dies (kill -9) whenever it is handed the file named ``filename``."""

    def __init__(self, inner: RecordingSubmitter, filename: str) -> None:
        self.inner, self.filename = inner, filename

    def submit(self, data: bytes, file: IncomingFile) -> Submitted:
        if file.filename == self.filename:
            raise SimulatedCrash()
        return self.inner.submit(data, file)


def test_a_mail_that_kills_the_poller_is_set_aside_after_max_recoveries(
    dovecot: Dovecot, user: str, session_factory: sessionmaker[Session]
) -> None:
    """Without a limit, a mail whose attachment crashes the process would be fetched again at
    every restart, forever, and hold the mails behind it back."""
    deliver(
        dovecot,
        user,
        mail_with([("tappaja.pdf", pdf_bytes("k1"), "application/pdf")]),
        mail_with([("hakemus.pdf", pdf_bytes("ok1"), "application/pdf")]),
    )
    store = RecordingSubmitter()
    cfg = box(dovecot, user, failed_folder="Failed", max_recoveries=2)
    # Given a poller that died on the first mail: once, then twice more after restarts
    for _ in range(3):
        with pytest.raises(SimulatedCrash):
            poll_once(cfg, DiesOn(store, "tappaja.pdf"), session_factory, environ=env(user))
    # When it starts once more
    result = poll_once(cfg, DiesOn(store, "tappaja.pdf"), session_factory, environ=env(user))
    # Then the mail is set aside unsubmitted, flagged with the reason, and the next goes through
    assert [(m.uid, m.status, m.error_code) for m in result.mails] == [
        (1, "rejected", "processing_interrupted"),
        (2, "processed", None),
    ]
    assert [c.filename for c in store.calls] == ["hakemus.pdf"]
    (flags,) = folder_state(dovecot, user, "Failed").values()
    assert b"AspaRejected-processing_interrupted" in flags


def test_a_transient_failure_is_not_counted_as_a_crash(
    dovecot: Dovecot, user: str, session_factory: sessionmaker[Session]
) -> None:
    from pipeline.errors import QueueUnavailableError

    class BrokerDown:
        def submit(self, data: bytes, file: IncomingFile) -> Submitted:
            raise QueueUnavailableError("the broker is down")

    deliver(dovecot, user, mail_with([("hakemus.pdf", pdf_bytes("t1"), "application/pdf")]))
    cfg = box(dovecot, user, max_recoveries=1)
    for _ in range(3):  # the broker is down for three polls
        with pytest.raises(QueueUnavailableError):
            poll_once(cfg, BrokerDown(), session_factory, environ=env(user))
    store = RecordingSubmitter()
    result = poll_once(cfg, store, session_factory, environ=env(user))
    assert [(m.status, m.error_code) for m in result.mails] == [("processed", None)]

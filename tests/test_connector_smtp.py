"""SMTP connector against an aiosmtpd server on loopback."""

from __future__ import annotations

import json
import socket
import time
from pathlib import Path

import pytest

from connectors.smtp import SmtpConnector
from pipeline.errors import PermanentDeliveryError, TransientDeliveryError
from tests.servers import (
    MINIMAL_PDF,
    RawPeer,
    SmtpServer,
    fails_transient_within,
    free_port,
    make_package,
    self_signed_cert,
    server_tls_context,
    smtp_server,
)

__all__ = ["smtp_server"]


def connector(server: SmtpServer, **kw: object) -> SmtpConnector:
    args: dict[str, object] = {
        "host": server.host,
        "port": server.port,
        "security": "none",
        "sender": "docflow@mikkeli.example",
        "recipients": ["inbox@kela.example"],
        "timeout": 5.0,
        "name": "kela-mail",
    }
    args.update(kw)
    return SmtpConnector(**args)  # type: ignore[arg-type]


def test_mail_carries_pdf_manifest_and_stable_message_id(
    smtp_server: SmtpServer, tmp_path: Path
) -> None:
    package = make_package(tmp_path, delivery_id="dlv42", document_id="doc7")

    receipt = connector(smtp_server).deliver(package)

    assert len(smtp_server.handler.messages) == 1
    msg = smtp_server.handler.messages[0]
    assert msg["Message-ID"] == "<dlv42@mikkeli.example>"
    assert receipt.details["message_id"] == "<dlv42@mikkeli.example>"
    assert receipt.connector == "kela-mail"
    assert receipt.location == "mailto:inbox@kela.example"
    assert smtp_server.handler.envelopes == [("docflow@mikkeli.example", ["inbox@kela.example"])]
    subject = msg["Subject"]
    assert "kela" in subject and "toimeentulotuki" in subject and "doc7" in subject
    attachments = {a.get_filename(): a for a in msg.iter_attachments()}
    assert set(attachments) == {"document.pdf", "manifest.json"}
    assert attachments["document.pdf"].get_content_type() == "application/pdf"
    assert attachments["document.pdf"].get_payload(decode=True) == MINIMAL_PDF
    manifest = json.loads(attachments["manifest.json"].get_payload(decode=True))
    assert manifest == package.manifest
    assert msg["X-Aspa-Delivery-Id"] == "dlv42"


def test_retry_uses_the_same_message_id(smtp_server: SmtpServer, tmp_path: Path) -> None:
    package = make_package(tmp_path, delivery_id="dlv43")
    c = connector(smtp_server)
    c.deliver(package)
    c.deliver(package)
    ids = {m["Message-ID"] for m in smtp_server.handler.messages}
    assert ids == {"<dlv43@mikkeli.example>"}  # the provider de-duplicates on it


def test_subject_has_no_personal_data(tmp_path: Path) -> None:
    c = SmtpConnector(
        host="127.0.0.1", security="none", sender="a@b.example", recipients=["c@d.example"]
    )
    package = make_package(tmp_path)
    package.manifest["note"] = "131052-308T"  # even if a manifest ever carried one
    msg = c.build_message(package)
    assert "131052" not in str(msg["Subject"])
    assert "131052" not in msg.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]


def test_data_451_is_transient(smtp_server: SmtpServer, tmp_path: Path) -> None:
    smtp_server.handler.data_replies.append("451 4.3.0 Mailbox busy, try later")
    with pytest.raises(TransientDeliveryError) as e:
        connector(smtp_server).deliver(make_package(tmp_path))
    assert "451" in e.value.message
    assert smtp_server.handler.messages == []


def test_recipient_550_is_permanent(smtp_server: SmtpServer, tmp_path: Path) -> None:
    smtp_server.handler.rcpt_replies.append("550 5.1.1 No such mailbox")
    with pytest.raises(PermanentDeliveryError) as e:
        connector(smtp_server).deliver(make_package(tmp_path))
    assert "550" in e.value.message


def test_data_554_is_permanent(smtp_server: SmtpServer, tmp_path: Path) -> None:
    smtp_server.handler.data_replies.append("554 5.6.0 Message rejected")
    with pytest.raises(PermanentDeliveryError):
        connector(smtp_server).deliver(make_package(tmp_path))


def test_one_of_two_recipients_refused_is_reported(smtp_server: SmtpServer, tmp_path: Path) -> None:
    smtp_server.handler.rcpt_replies.append("550 5.1.1 No such mailbox")
    c = connector(smtp_server, recipients=["gone@kela.example", "inbox@kela.example"])
    with pytest.raises(PermanentDeliveryError) as e:
        c.deliver(make_package(tmp_path))
    assert "gone@kela.example" in e.value.message


def test_transient_then_success_delivers_once(smtp_server: SmtpServer, tmp_path: Path) -> None:
    smtp_server.handler.data_replies.append("421 4.7.0 Try again later")
    c = connector(smtp_server)
    package = make_package(tmp_path)
    with pytest.raises(TransientDeliveryError):
        c.deliver(package)
    c.deliver(package)
    assert len(smtp_server.handler.messages) == 1


def test_server_down_is_transient(tmp_path: Path) -> None:
    c = SmtpConnector(
        host="127.0.0.1",
        port=free_port(),
        security="none",
        sender="a@b.example",
        recipients=["c@d.example"],
        timeout=2.0,
    )
    with pytest.raises(TransientDeliveryError) as e:
        c.deliver(make_package(tmp_path))
    assert isinstance(e.value.__cause__, OSError)


def test_starttls_not_offered_is_permanent(smtp_server: SmtpServer, tmp_path: Path) -> None:
    c = connector(smtp_server, security="starttls")
    with pytest.raises(PermanentDeliveryError):
        c.deliver(make_package(tmp_path))


def test_plain_smtp_refused_to_remote_host() -> None:
    with pytest.raises(ValueError, match="loopback"):
        SmtpConnector(
            host="smtp.kela.example", security="none", sender="a@b.fi", recipients=["c@d.fi"]
        )


@pytest.fixture
def cert(tmp_path: Path) -> tuple[Path, Path]:
    return self_signed_cert(tmp_path / "tls")


@pytest.mark.parametrize("security", ["starttls", "tls"])
def test_tls_modes_deliver_with_trusted_ca(
    security: str, cert: tuple[Path, Path], tmp_path: Path
) -> None:
    server = SmtpServer(security, server_tls_context(*cert)).start()
    try:
        c = connector(server, security=security, ca_file=str(cert[0]))
        c.deliver(make_package(tmp_path, delivery_id="tls1"))
        assert [m["Message-ID"] for m in server.handler.messages] == ["<tls1@mikkeli.example>"]
    finally:
        server.stop()


@pytest.mark.parametrize("security", ["starttls", "tls"])
def test_untrusted_certificate_is_permanent(
    security: str, cert: tuple[Path, Path], tmp_path: Path
) -> None:
    server = SmtpServer(security, server_tls_context(*cert)).start()
    try:
        with pytest.raises(PermanentDeliveryError, match="certificate"):
            connector(server, security=security).deliver(make_package(tmp_path))
        assert server.handler.messages == []
    finally:
        server.stop()


def test_login_and_wrong_password(cert: tuple[Path, Path], tmp_path: Path) -> None:
    server = SmtpServer("starttls", server_tls_context(*cert), auth={"point": "right"}).start()
    try:
        good = connector(
            server, security="starttls", ca_file=str(cert[0]), username="point", password="right"
        )
        good.deliver(make_package(tmp_path, delivery_id="auth1"))
        bad = connector(
            server, security="starttls", ca_file=str(cert[0]), username="point", password="wrong"
        )
        with pytest.raises(PermanentDeliveryError, match="login"):
            bad.deliver(make_package(tmp_path, delivery_id="auth2"))
        assert [m["X-Aspa-Delivery-Id"] for m in server.handler.messages] == ["auth1"]
    finally:
        server.stop()


def _drip_greeting(conn: socket.socket) -> None:
    # A greeting that never ends: a byte every 0.2 s, each well inside the socket timeout
    for _ in range(10_000):
        conn.sendall(b"2")
        time.sleep(0.2)


def _endless_ehlo_reply(conn: socket.socket) -> None:
    # A greeting, then an EHLO answer of continuation lines that never ends, as fast as the
    # client reads them
    conn.sendall(b"220 flood.example ESMTP\r\n")
    conn.recv(1024)
    line = b"250-" + b"x" * 500 + b"\r\n"
    for _ in range(10_000_000):
        conn.sendall(line * 64)


def _peer_connector(peer: RawPeer, cert: tuple[Path, Path], **kw: object) -> SmtpConnector:
    args: dict[str, object] = {
        "host": "127.0.0.1", "port": peer.port, "security": "none", "sender": "a@b.example",
        "recipients": ["c@d.example"], "timeout": 1.0, "ca_file": str(cert[0]),
    }  # fmt: skip
    return SmtpConnector(**(args | kw))  # type: ignore[arg-type]


@pytest.mark.parametrize("security", ["none", "tls"])
def test_a_server_dripping_its_greeting_is_cut_off_at_the_deadline(
    security: str, tmp_path: Path, cert: tuple[Path, Path]
) -> None:
    # Given a server that sends its greeting a byte at a time, never finishing the line
    # (each byte inside the socket timeout, so only a deadline for the whole exchange ends it)
    context = server_tls_context(*cert)

    def script(conn: socket.socket) -> None:
        if security != "tls":
            return _drip_greeting(conn)
        with context.wrap_socket(conn, server_side=True) as tls:
            _drip_greeting(tls)

    with RawPeer(script) as peer:
        c = _peer_connector(peer, cert, security=security, deadline=2.0)
        # When a package is delivered, then it fails as transient soon after the deadline
        fails_transient_within(lambda: c.deliver(make_package(tmp_path)), 6, "deadline")


def test_a_server_answering_without_end_is_refused_without_filling_memory(
    tmp_path: Path, cert: tuple[Path, Path]
) -> None:
    # Given a server whose EHLO answer is continuation lines without end
    with RawPeer(_endless_ehlo_reply) as peer:
        c = _peer_connector(peer, cert, timeout=2.0, deadline=60.0)
        # When a package is delivered, then it fails as transient at the reply's size bound,
        # long before the deadline (before, the answer grew in memory for as long as it came)
        fails_transient_within(lambda: c.deliver(make_package(tmp_path)), 10, "answer")

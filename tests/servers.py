"""Real servers on 127.0.0.1 for connector tests: S3 (moto), SMTP (aiosmtpd), webhook (http.server).

Import the fixtures into a test module (``from tests.servers import s3_server``) or use the
classes directly. Every server binds a free port on loopback and stops at the end of the test.
"""

from __future__ import annotations

import contextlib
import email
import email.policy
import json
import socket
import ssl
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from connectors.base import DeliveryPackage
from connectors.package import build_package
from connectors.webhook import IDEMPOTENCY_HEADER, SIGNATURE_HEADER, verify_signature

# A small but well-formed one-page PDF (no personal data).
MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def free_port() -> int:
    """A TCP port that was free a moment ago on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def make_package(
    tmp_path: Path,
    *,
    delivery_id: str = "dlv0001",
    document_id: str = "doc0001",
    authority: str = "kela",
    service: str | None = "toimeentulotuki",
    pdf: bytes = MINIMAL_PDF,
) -> DeliveryPackage:
    """A real delivery package (PDF on disk + manifest) built by ``build_package``."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    pdf_path = tmp_path / f"{document_id}-{delivery_id}.pdf"
    pdf_path.write_bytes(pdf)
    return build_package(
        delivery_id=delivery_id,
        document_id=document_id,
        submission_id="sub0001",
        authority=authority,
        service=service,
        confidence=0.97,
        classified_by="test",
        service_point="demo-asiointipiste",
        received_at=datetime(2026, 11, 2, 9, 30, tzinfo=UTC),
        pages=1,
        language="fi",
        pdf_path=pdf_path,
    )


def self_signed_cert(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1/localhost: ``(cert.pem, key.pem)``.

    The certificate is its own CA, so pass ``cert.pem`` as the client's CA file to trust it.
    """
    import ipaddress
    from datetime import timedelta

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    folder.mkdir(parents=True, exist_ok=True)
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "aspa-test-localhost")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def server_tls_context(cert: Path, key: Path) -> ssl.SSLContext:
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(cert, key)
    return ctx


# --------------------------------------------------------------------------- S3 (moto)


class MotoS3:
    """moto's S3 API in server mode on loopback."""

    access_key = "testing"
    secret_key = "testing"
    region = "us-east-1"

    def __init__(self) -> None:
        from moto.server import ThreadedMotoServer

        self._server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        self.running = False
        self.endpoint = ""

    def start(self) -> MotoS3:
        self._server.start()
        host, port = self._server.get_host_and_port()
        self.endpoint = f"{host}:{port}"
        self.running = True
        self.reset()  # moto keeps its state per process: start from an empty store
        return self

    def reset(self) -> None:
        """Empty the store (moto's backends are shared by every server in the process)."""
        import urllib.request

        req = urllib.request.Request(f"http://{self.endpoint}/moto-api/reset", method="POST")
        with urllib.request.urlopen(req, timeout=5) as r:
            r.read()

    def stop(self) -> None:
        if self.running:
            self._server.stop()
            self.running = False

    def client(self) -> Any:
        """A plain ``minio`` client to inspect the store."""
        from minio import Minio

        return Minio(
            self.endpoint,
            access_key=self.access_key,
            secret_key=self.secret_key,
            secure=False,
            region=self.region,
        )

    def make_bucket(self, name: str) -> None:
        self.client().make_bucket(name)

    def keys(self, bucket: str, prefix: str = "") -> list[str]:
        return sorted(
            o.object_name for o in self.client().list_objects(bucket, prefix, recursive=True)
        )


@pytest.fixture
def s3_server() -> Iterator[MotoS3]:
    """A fresh moto S3 server (empty; make buckets with ``make_bucket``)."""
    server = MotoS3().start()
    try:
        yield server
    finally:
        server.stop()


# --------------------------------------------------------------------------- SMTP (aiosmtpd)


class RecordingSmtpHandler:
    """aiosmtpd handler that stores every message and can refuse with scripted replies.

    ``rcpt_replies`` / ``data_replies``: replies (e.g. ``"451 4.3.0 try later"``) used for the
    next RCPT / DATA commands, in order; when empty the command is accepted.
    """

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.rcpt_replies: list[str] = []
        self.data_replies: list[str] = []
        self._lock = threading.Lock()

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: Any
    ) -> str:
        with self._lock:
            if self.rcpt_replies:
                return self.rcpt_replies.pop(0)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self._lock:
            if self.data_replies:
                return self.data_replies.pop(0)
            msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
            self.messages.append(msg)  # type: ignore[arg-type]
            self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 Message accepted for delivery"


class SmtpServer:
    """aiosmtpd on loopback with a :class:`RecordingSmtpHandler`.

    Args:
        security: ``"none"`` (plain), ``"starttls"`` (offers and requires STARTTLS) or
            ``"tls"`` (implicit TLS); the TLS modes need ``tls_context``.
        auth: ``{username: password}``; when given, the server requires AUTH.
    """

    def __init__(
        self,
        security: str = "none",
        tls_context: ssl.SSLContext | None = None,
        auth: dict[str, str] | None = None,
    ) -> None:
        from aiosmtpd.controller import Controller
        from aiosmtpd.smtp import AuthResult

        self.handler = RecordingSmtpHandler()
        self.port = free_port()
        self.host = "127.0.0.1"
        params: dict[str, Any] = {}
        if security == "starttls":
            params.update(tls_context=tls_context, require_starttls=True)
        if auth is not None:

            def authenticator(
                server: Any, session: Any, envelope: Any, mechanism: str, data: Any
            ) -> AuthResult:
                ok = (
                    getattr(data, "login", None) is not None
                    and auth.get(data.login.decode()) == data.password.decode()
                )
                return AuthResult(success=ok, handled=False)

            params.update(authenticator=authenticator, auth_required=True)
            # aiosmtpd refuses AUTH over plain text unless told otherwise (loopback tests).
            params.update(auth_require_tls=security != "none")
        self._controller = Controller(
            self.handler,
            hostname=self.host,
            port=self.port,
            ssl_context=tls_context if security == "tls" else None,
            **params,
        )

    def start(self) -> SmtpServer:
        self._controller.start()
        return self

    def stop(self) -> None:
        self._controller.stop()


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    server = SmtpServer().start()
    try:
        yield server
    finally:
        server.stop()


# --------------------------------------------------------------------------- webhook (http.server)


@dataclass
class WebhookReceived:
    """One accepted delivery as the provider stores it."""

    idempotency_key: str
    pdf: bytes
    manifest: dict[str, Any]
    times_seen: int = 1


@dataclass
class WebhookState:
    """What the provider's server does and what it has seen (shared with the handler)."""

    secret: str
    statuses: list[int] = field(default_factory=list)  # scripted answers for the next requests
    delay_s: float = 0.0  # sleep before answering (timeouts)
    retry_after: str | None = None  # a Retry-After header on scripted answers
    # hostile answers for the next requests, before ``statuses``: "huge" (a 503 of 20 MB),
    # "drip" (a 200 whose body comes a byte every 0.2 s); neither stores the package
    hostile: list[str] = field(default_factory=list)
    store: dict[str, WebhookReceived] = field(default_factory=dict)  # one copy per key
    requests: int = 0
    in_flight: int = 0  # requests being answered right now
    answering: set[str] = field(default_factory=set)  # their idempotency keys
    bad_signatures: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


class _WebhookHandler(BaseHTTPRequestHandler):
    server: _WebhookHTTPServer

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def do_POST(self) -> None:
        state = self.server.state
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        key = self.headers.get(IDEMPOTENCY_HEADER) or ""
        with state.lock:
            state.requests += 1
            state.in_flight += 1
            state.answering.add(key)
            hostile = state.hostile.pop(0) if state.hostile else None
            scripted = None if hostile or not state.statuses else state.statuses.pop(0)
        try:
            if hostile:
                self._hostile(hostile)
            else:
                self._answer(state, body, scripted)
        finally:
            with state.lock:
                state.in_flight -= 1
                state.answering.discard(key)

    def _answer(self, state: WebhookState, body: bytes, scripted: int | None) -> None:
        if state.delay_s:
            time.sleep(state.delay_s)
        if scripted is not None:
            extra = {"Retry-After": state.retry_after} if state.retry_after else {}
            self._reply(scripted, {"error": f"scripted {scripted}"}, extra)
            return
        if not verify_signature(state.secret, self.headers.get(SIGNATURE_HEADER), body):
            with state.lock:
                state.bad_signatures += 1
            self._reply(401, {"error": "bad signature"})
            return
        key = self.headers.get(IDEMPOTENCY_HEADER)
        if not key:
            self._reply(400, {"error": "Idempotency-Key missing"})
            return
        parts = _parse_multipart(self.headers.get("Content-Type", ""), body)
        if "document" not in parts or "manifest" not in parts:
            self._reply(400, {"error": "document and manifest parts required"})
            return
        with state.lock:
            existing = state.store.get(key)
            if existing:
                existing.times_seen += 1
            else:
                state.store[key] = WebhookReceived(
                    idempotency_key=key,
                    pdf=parts["document"],
                    manifest=json.loads(parts["manifest"]),
                )
        self._reply(200, {"received": True, "id": f"prov-{key}"})

    def _hostile(self, kind: str) -> None:
        status, length, piece, pause = {
            "huge": (503, 20 << 20, b"x" * (64 << 10), 0.0),
            "drip": (200, 1000, b" ", 0.2),
        }[kind]
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(length))
            self.end_headers()
            for _ in range(length // len(piece)):
                self.wfile.write(piece)
                self.wfile.flush()
                time.sleep(pause)
        except OSError:
            pass  # the client hung up, as it should

    def _reply(
        self, status: int, payload: dict[str, Any], headers: dict[str, str] | None = None
    ) -> None:
        data = json.dumps(payload).encode()
        try:
            self.send_response(status)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout tests)


class _WebhookHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    state: WebhookState


def _parse_multipart(content_type: str, body: bytes) -> dict[str, bytes]:
    msg = email.message_from_bytes(
        f"Content-Type: {content_type}\r\n\r\n".encode() + body, policy=email.policy.HTTP
    )
    parts: dict[str, bytes] = {}
    for part in msg.iter_parts() if msg.is_multipart() else []:
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        if isinstance(name, str) and isinstance(payload, bytes):
            parts[name] = payload
    return parts


class WebhookServer:
    """A provider's webhook endpoint on loopback that checks signatures and idempotency keys.

    ``port`` and ``state`` bring a stopped server back on its old address with what it had seen
    (a provider whose system was down for a while).
    """

    def __init__(
        self,
        secret: str = "test-webhook-secret",
        tls_context: ssl.SSLContext | None = None,
        *,
        port: int = 0,
        state: WebhookState | None = None,
    ) -> None:
        self.state = state or WebhookState(secret=secret)
        self._httpd = _WebhookHTTPServer(("127.0.0.1", port), _WebhookHandler)
        self._httpd.state = self.state
        if tls_context is not None:
            self._httpd.socket = tls_context.wrap_socket(self._httpd.socket, server_side=True)
        self.port = int(self._httpd.server_address[1])
        scheme = "https" if tls_context is not None else "http"
        self.url = f"{scheme}://127.0.0.1:{self.port}/inbox"
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.running = False

    def start(self) -> WebhookServer:
        self._thread.start()
        self.running = True
        return self

    def stop(self) -> None:
        if self.running:
            self._httpd.shutdown()
            self._httpd.server_close()
            self.running = False


@pytest.fixture
def webhook_server() -> Iterator[WebhookServer]:
    server = WebhookServer().start()
    try:
        yield server
    finally:
        server.stop()


# --------------------------------------------------------------------------- S3 error responses


class ScriptedS3Server:
    """An HTTP server on loopback that answers every S3 request with one scripted error.

    moto does not check credentials, so this stands in for a store that refuses: it sends the
    status and, except for HEAD, an S3 XML error body with ``code`` (or a non-XML body when
    ``code`` is None, like a proxy in front of the store would). ``head_status`` answers HEAD
    (``stat``) requests: 404 (the object is not there yet, so the PUT is what gets refused) or
    the scripted status (a HEAD error has no body, so the client only sees the status).
    """

    def __init__(self, status: int, code: str | None, *, head_status: int = 404) -> None:
        self.status = status
        self.code = code
        self.head_status = head_status
        self.requests: list[str] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length", "0") or 0)
                if length:
                    self.rfile.read(length)
                outer.requests.append(f"{self.command} {self.path}")
                if outer.code is None:
                    body = b"<html><body>Bad gateway</body></html>"
                    ctype = "text/html"
                else:
                    body = (
                        '<?xml version="1.0" encoding="UTF-8"?>\n<Error>'
                        f"<Code>{outer.code}</Code><Message>scripted</Message>"
                        f"<Resource>{self.path}</Resource><RequestId>r1</RequestId></Error>"
                    ).encode()
                    ctype = "application/xml"
                status = outer.head_status if self.command == "HEAD" else outer.status
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body)

            do_GET = do_PUT = do_POST = do_HEAD = do_DELETE = _answer

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self.endpoint = f"127.0.0.1:{self._httpd.server_address[1]}"
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def start(self) -> ScriptedS3Server:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


# --------------------------------------------------------------------------- a TCP proxy to cut


class TcpProxy:
    """A TCP proxy on loopback in front of a server (PostgreSQL), that can be cut and restored.

    :meth:`cut` drops every open connection and closes the listening port (new connections are
    refused, as when the database is down); :meth:`restore` listens on the same port again.
    """

    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.port = free_port()
        self._lock = threading.Lock()
        self._conns: list[socket.socket] = []
        self._listener: socket.socket | None = None

    def start(self) -> TcpProxy:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()
        return self

    def cut(self) -> None:
        with self._lock:
            listener, self._listener = self._listener, None
            conns, self._conns = self._conns, []
        if listener is not None:
            listener.close()
        for c in conns:
            with contextlib.suppress(OSError):
                c.shutdown(socket.SHUT_RDWR)
            c.close()

    restore = start

    def stop(self) -> None:
        self.cut()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # cut
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            with self._lock:
                if self._listener is not listener:
                    client.close()
                    upstream.close()
                    return
                self._conns += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    @staticmethod
    def _pump(src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)


def purge_rabbit(url: str) -> None:
    """Delete the pipeline's RabbitMQ queues (with their delay and dead-letter queues)."""
    import pika

    conn = pika.BlockingConnection(pika.URLParameters(url))
    ch = conn.channel()
    for q in ("aspa_ocr", "aspa_classify", "aspa_deliver"):
        for name in (q, f"{q}.DQ", f"{q}.XQ"):
            ch.queue_delete(queue=name)
    conn.close()


class RedisServer:
    """A private ``redis-server`` on a free loopback port (no persistence), to kill and restart."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> RedisServer:
        self.proc = subprocess.Popen(
            [
                *("redis-server", "--port", str(self.port), "--bind", "127.0.0.1"),
                *("--save", "", "--appendonly", "no"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port)):
                return self
            time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def kill(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait()
            self.proc = None


class RawPeer:
    """A loopback peer speaking just enough of a protocol to misbehave: ``script(conn)`` runs
    for each connection in its own thread until the client goes away."""

    def __init__(self, script: Callable[[socket.socket], None]) -> None:
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._script = script
        self._stop = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        with conn, contextlib.suppress(OSError):
            self._script(conn)

    def close(self) -> None:
        self._stop.set()
        self._listener.close()

    def __enter__(self) -> RawPeer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def fails_transient_within(deliver: Callable[[], object], seconds: float, says: str) -> None:
    """``deliver()`` raises a transient delivery error within ``seconds``, saying ``says``."""
    from pipeline.errors import TransientDeliveryError

    started = time.monotonic()
    with pytest.raises(TransientDeliveryError) as e:
        deliver()
    assert time.monotonic() - started < seconds
    assert says in str(e.value)

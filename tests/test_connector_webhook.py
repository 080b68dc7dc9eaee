"""Webhook connector against a real HTTP server on loopback that checks signatures."""

from __future__ import annotations

import threading
import time
import tracemalloc
from collections.abc import Iterable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

from connectors.memory import FlakyConnector
from connectors.webhook import WebhookConnector, parse_retry_after, sign, verify_signature
from pipeline.errors import PermanentDeliveryError, TransientDeliveryError
from tests.servers import (
    MINIMAL_PDF,
    WebhookServer,
    free_port,
    make_package,
    self_signed_cert,
    server_tls_context,
    webhook_server,
)

__all__ = ["webhook_server"]


def connector(server: WebhookServer, **kw: object) -> WebhookConnector:
    args: dict[str, object] = {
        "url": server.url,
        "secret": server.state.secret,
        "connect_timeout": 1.0,
        "read_timeout": 2.0,
        "name": "kela-webhook",
    }
    args.update(kw)
    return WebhookConnector(**args)  # type: ignore[arg-type]


def test_delivery_is_signed_acknowledged_and_stored(
    webhook_server: WebhookServer, tmp_path: Path
) -> None:
    package = make_package(tmp_path, delivery_id="dlv1")

    receipt = connector(webhook_server).deliver(package)

    assert receipt.acknowledged is True
    assert receipt.remote_id == "prov-dlv1"
    assert receipt.connector == "kela-webhook"
    assert receipt.location == webhook_server.url
    stored = webhook_server.state.store["dlv1"]
    assert stored.pdf == MINIMAL_PDF
    assert stored.manifest == package.manifest
    assert webhook_server.state.bad_signatures == 0


def test_wrong_secret_is_rejected_permanently(
    webhook_server: WebhookServer, tmp_path: Path
) -> None:
    with pytest.raises(PermanentDeliveryError) as e:
        connector(webhook_server, secret="not-the-secret").deliver(make_package(tmp_path))
    assert "401" in e.value.message
    assert webhook_server.state.bad_signatures == 1
    assert webhook_server.state.store == {}


def test_same_delivery_twice_leaves_one_copy(webhook_server: WebhookServer, tmp_path: Path) -> None:
    package = make_package(tmp_path, delivery_id="dlv2")
    c = connector(webhook_server)
    c.deliver(package)
    c.deliver(package)
    assert list(webhook_server.state.store) == ["dlv2"]
    assert webhook_server.state.store["dlv2"].times_seen == 2


def test_500_then_success(webhook_server: WebhookServer, tmp_path: Path) -> None:
    # Given a provider that fails once with 500
    webhook_server.state.statuses = [500]
    c = connector(webhook_server)
    package = make_package(tmp_path, delivery_id="dlv3")
    # When the first attempt fails, it is transient
    with pytest.raises(TransientDeliveryError) as e:
        c.deliver(package)
    assert "500" in e.value.message
    # Then the retry delivers exactly one copy
    assert c.deliver(package).acknowledged is True
    assert list(webhook_server.state.store) == ["dlv3"]


def test_429_and_408_are_transient(webhook_server: WebhookServer, tmp_path: Path) -> None:
    webhook_server.state.statuses = [429, 408]
    c = connector(webhook_server)
    for _ in range(2):
        with pytest.raises(TransientDeliveryError):
            c.deliver(make_package(tmp_path))


def test_400_is_permanent_with_reason(webhook_server: WebhookServer, tmp_path: Path) -> None:
    webhook_server.state.statuses = [400]
    with pytest.raises(PermanentDeliveryError) as e:
        connector(webhook_server).deliver(make_package(tmp_path))
    assert "400" in e.value.message
    assert "scripted 400" in e.value.message  # the provider's own reason reaches the dead letter


def test_provider_down_is_transient(tmp_path: Path) -> None:
    c = WebhookConnector(url=f"http://127.0.0.1:{free_port()}/inbox", secret="s")
    with pytest.raises(TransientDeliveryError):
        c.deliver(make_package(tmp_path))


def test_too_slow_is_transient_then_retry_keeps_one_copy(
    webhook_server: WebhookServer, tmp_path: Path
) -> None:
    # Given a provider that takes longer than our read timeout (but stores the package)
    webhook_server.state.delay_s = 1.0
    c = connector(webhook_server, read_timeout=0.3)
    package = make_package(tmp_path, delivery_id="dlv4")
    with pytest.raises(TransientDeliveryError) as e:
        c.deliver(package)
    assert "in time" in e.value.message
    # When it is fast again and the delivery is retried
    time.sleep(1.0)  # let the slow request finish on the server
    webhook_server.state.delay_s = 0.0
    c.deliver(package)
    # Then the provider holds one copy for that idempotency key
    assert list(webhook_server.state.store) == ["dlv4"]


def test_flaky_wrapper_then_success(webhook_server: WebhookServer, tmp_path: Path) -> None:
    flaky = FlakyConnector(
        connector(webhook_server),
        failures=[TransientDeliveryError("network blip"), TransientDeliveryError("again")],
    )
    package = make_package(tmp_path, delivery_id="dlv5")
    outcomes = []
    for _ in range(3):
        try:
            flaky.deliver(package)
            outcomes.append("ok")
        except TransientDeliveryError:
            outcomes.append("transient")
    assert outcomes == ["transient", "transient", "ok"]
    assert list(webhook_server.state.store) == ["dlv5"]


def test_plain_http_refused_to_remote_host() -> None:
    with pytest.raises(ValueError, match="https"):
        WebhookConnector(url="http://provider.example/inbox", secret="s")


def test_verify_signature() -> None:
    body = b"payload"
    header = sign("k", body, timestamp=1_700_000_000)
    assert verify_signature("k", header, body, now=1_700_000_100)
    assert not verify_signature("k", header, body + b"x", now=1_700_000_100)
    assert not verify_signature("other", header, body, now=1_700_000_100)
    assert not verify_signature("k", header, body, now=1_700_000_000 + 301)  # replayed later
    assert not verify_signature("k", None, body)
    assert not verify_signature("k", "garbage", body)
    assert not verify_signature("k", "t=abc,v1=00", body)
    # Several v1 values (secret rotation): one valid is enough
    rotated = header + ",v1=" + "0" * 64
    assert verify_signature("k", rotated, body, now=1_700_000_000)


def test_https_with_trusted_and_untrusted_certificate(tmp_path: Path) -> None:
    cert, key = self_signed_cert(tmp_path / "tls")
    server = WebhookServer(tls_context=server_tls_context(cert, key)).start()
    try:
        assert server.url.startswith("https://")
        trusted = connector(server, verify=str(cert))
        assert trusted.deliver(make_package(tmp_path, delivery_id="tls1")).acknowledged
        with pytest.raises(PermanentDeliveryError, match="certificate"):
            connector(server).deliver(make_package(tmp_path, delivery_id="tls2"))
        assert list(server.state.store) == ["tls1"]
    finally:
        server.stop()


def test_a_retry_after_that_is_no_number_of_seconds_is_ignored_or_capped_not_a_crash() -> None:
    # int() refused "²" (a digit to isdigit()) and 5,000 digits; datetime a 20-digit year.
    week = 7 * 86400.0
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after("99999999") == week
    assert parse_retry_after("²") is None
    assert parse_retry_after("9" * 5000) == week
    assert parse_retry_after("Mon, 01 Jan 99999999999999999999 00:00:00 GMT") is None


def hostile_provider(status: int, body: bytes, headers: dict[str, bytes]) -> WebhookConnector:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            status, content=body, headers={"Content-Type": b"application/json", **headers}
        )

    return WebhookConnector(
        url="https://provider.example/in", secret="s", transport=httpx.MockTransport(answer)
    )


def test_a_hostile_error_answer_is_a_transient_failure_not_a_crash(tmp_path: Path) -> None:
    # Given a 503 whose JSON body is nested 100,000 deep and whose Retry-After is "²"
    c = hostile_provider(503, b"[" * 100_000, {"Retry-After": "\u00b2".encode()})
    # Then the delivery fails as transient, without a wait, instead of raising a bug
    with pytest.raises(TransientDeliveryError) as e:
        c.deliver(make_package(tmp_path))
    assert e.value.retry_after_s is None
    assert "503" in e.value.message


def test_a_receipt_nested_too_deep_to_read_is_delivered_not_acknowledged(tmp_path: Path) -> None:
    receipt = hostile_provider(200, b"[" * 100_000, {}).deliver(make_package(tmp_path))
    assert receipt.acknowledged is False
    assert receipt.details == {"status": 200}


class AnsweringServer:
    """A provider on loopback that answers every POST with ``status`` and a scripted body.

    ``chunks`` bodies are written one after another (``pause_s`` between them) under a
    Content-Length of their sum; ``sent`` counts the bytes the client took before it hung up.
    """

    def __init__(
        self,
        status: int,
        chunks: Iterable[bytes],
        *,
        length: int,
        pause_s: float = 0.0,
        drip_head: bool = False,
    ) -> None:
        self.sent = 0
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length", "0") or 0))
                if drip_head:  # the status line and headers, a byte at a time
                    head = f"HTTP/1.1 {status} OK\r\nX-Pad: {'x' * 1000}\r\n".encode()
                    try:
                        for i in range(len(head)):
                            self.wfile.write(head[i : i + 1])
                            self.wfile.flush()
                            outer.sent += 1
                            time.sleep(pause_s)
                    except OSError:
                        pass
                    return
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(length))
                self.end_headers()
                try:
                    for chunk in chunks:
                        self.wfile.write(chunk)
                        self.wfile.flush()
                        outer.sent += len(chunk)
                        time.sleep(pause_s)
                except OSError:  # the client hung up: what we want it to do
                    pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}/inbox"
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> AnsweringServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def connector(self, **timeouts: float) -> WebhookConnector:
        return WebhookConnector(url=self.url, secret="s", **timeouts)


def huge_receipt(total: int) -> Iterator[bytes]:
    """A JSON receipt ``{"received": true, ...}`` padded to ``total`` bytes, in 1 MiB pieces."""
    head, tail = b'{"received": true, "id": "p1", "pad": "', b'"}'
    yield head
    left = total - len(head) - len(tail)
    while left > 0:
        yield b"x" * min(left, 1 << 20)
        left -= 1 << 20
    yield tail


def test_a_receipt_of_50_mb_is_read_no_further_than_the_bound_and_not_taken_as_one(
    tmp_path: Path,
) -> None:
    # Given a provider that answers 200 with a 50 MB JSON receipt
    total = 50 * 1024 * 1024
    with AnsweringServer(200, huge_receipt(total), length=total) as server:
        c = server.connector(connect_timeout=1.0, read_timeout=5.0)
        # When the package is delivered
        tracemalloc.start()
        try:
            receipt = c.deliver(make_package(tmp_path))
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    # Then it is delivered as a 2xx without a readable receipt, as an unreadable body is today,
    # and the connector held and read far less than the body
    assert receipt.acknowledged is False
    assert receipt.details == {"status": 200}
    assert peak < 5 * 1024 * 1024
    assert server.sent < total // 2


def test_an_error_answer_of_50_mb_is_a_transient_failure_read_no_further_than_the_bound(
    tmp_path: Path,
) -> None:
    total = 50 * 1024 * 1024
    with AnsweringServer(503, huge_receipt(total), length=total) as server:
        c = server.connector(connect_timeout=1.0, read_timeout=5.0)
        with pytest.raises(TransientDeliveryError) as e:
            c.deliver(make_package(tmp_path))
    assert "503" in e.value.message
    assert server.sent < total // 2


@pytest.mark.parametrize(
    "head",
    [
        # one byte of the body every 0.2 s, each within the read timeout (100 bytes: 20 s)
        False,
        # the status line and headers a byte every 0.2 s: httpx reads the head before it
        # returns a response, so a deadline checked while reading the body never ran
        # (1,000 bytes of header: 200 s)
        True,
    ],
    ids=["body", "status line and headers"],
)
def test_a_provider_dripping_its_answer_is_cut_off_at_the_deadline_of_the_exchange(
    tmp_path: Path, head: bool
) -> None:
    # Given a provider dripping its answer, so only a deadline for the whole exchange ends it
    body = () if head else (b" " for _ in range(100))
    with AnsweringServer(
        200, body, length=0 if head else 100, pause_s=0.2, drip_head=head
    ) as server:
        c = server.connector(connect_timeout=0.5, read_timeout=1.0, write_timeout=0.5)
        # When the package is delivered, then it fails as transient by the deadline, the sum
        # of the connector's timeouts (2 s)
        start = time.monotonic()
        with pytest.raises(TransientDeliveryError) as e:
            c.deliver(make_package(tmp_path))
        elapsed = time.monotonic() - start
    assert "in time" in e.value.message
    assert elapsed < 5.0 and server.sent < 40

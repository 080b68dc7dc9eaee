"""S3 connector against moto's S3 server on loopback, through the minio client."""

from __future__ import annotations

import gzip
import json
import socket
import time
from pathlib import Path

import pytest

from connectors.memory import FlakyConnector
from connectors.s3 import S3Connector
from pipeline.errors import PermanentDeliveryError, TransientDeliveryError
from tests.servers import (
    MINIMAL_PDF,
    MotoS3,
    RawPeer,
    ScriptedS3Server,
    fails_transient_within,
    make_package,
    s3_server,
    self_signed_cert,
    server_tls_context,
)

__all__ = ["s3_server"]

BUCKET = "kela-inbox"


def connector(server: MotoS3, **kw: object) -> S3Connector:
    args: dict[str, object] = {
        "endpoint": server.endpoint,
        "bucket": BUCKET,
        "prefix": "aspa",
        "access_key": server.access_key,
        "secret_key": server.secret_key,
        "secure": False,
        "region": server.region,
        "connect_timeout": 2.0,
        "read_timeout": 5.0,
        "retries": 0,
        "name": "kela-s3",
    }
    args.update(kw)
    return S3Connector(**args)  # type: ignore[arg-type]


def test_upload_keys_metadata_and_sse(s3_server: MotoS3, tmp_path: Path) -> None:
    s3_server.make_bucket(BUCKET)
    package = make_package(tmp_path, delivery_id="d1", document_id="doc1")

    receipt = connector(s3_server, sse=True).deliver(package)

    base = "aspa/kela/doc1/d1"
    assert s3_server.keys(BUCKET) == [f"{base}/document.pdf", f"{base}/manifest.json"]
    assert receipt.connector == "kela-s3"
    assert receipt.location == f"s3://{BUCKET}/{base}/"
    assert receipt.details["uploaded"] == ["document.pdf", "manifest.json"]
    client = s3_server.client()
    pdf = client.get_object(BUCKET, f"{base}/document.pdf").read()
    assert pdf == MINIMAL_PDF
    manifest = json.loads(client.get_object(BUCKET, f"{base}/manifest.json").read())
    assert manifest["delivery_id"] == "d1"
    assert manifest["sha256"] == package.manifest["sha256"]
    stat = client.stat_object(BUCKET, f"{base}/document.pdf")
    assert stat.metadata["x-amz-meta-delivery-id"] == "d1"
    assert stat.metadata["x-amz-meta-document-id"] == "doc1"
    assert stat.metadata["x-amz-meta-sha256"] == package.manifest["sha256"]
    assert stat.metadata["x-amz-server-side-encryption"] == "AES256"
    assert stat.content_type == "application/pdf"


def test_without_sse_no_encryption_header(s3_server: MotoS3, tmp_path: Path) -> None:
    s3_server.make_bucket(BUCKET)
    connector(s3_server, prefix="").deliver(make_package(tmp_path, delivery_id="d2"))
    stat = s3_server.client().stat_object(BUCKET, "kela/doc0001/d2/document.pdf")
    assert "x-amz-server-side-encryption" not in stat.metadata


def test_retry_of_same_delivery_leaves_one_copy(s3_server: MotoS3, tmp_path: Path) -> None:
    # Given a package that already arrived, but whose confirmation was lost
    s3_server.make_bucket(BUCKET)
    package = make_package(tmp_path, delivery_id="d3")
    flaky = FlakyConnector(
        connector(s3_server), failures_after=[TransientDeliveryError("connection lost")]
    )
    with pytest.raises(TransientDeliveryError):
        flaky.deliver(package)
    # When the queue retries the same delivery
    receipt = flaky.deliver(package)
    # Then nothing is uploaded again and there is one copy
    assert receipt.details["already_present"] is True
    assert receipt.details["uploaded"] == []
    assert s3_server.keys(BUCKET) == [
        "aspa/kela/doc0001/d3/document.pdf",
        "aspa/kela/doc0001/d3/manifest.json",
    ]


def test_half_delivered_package_is_completed(s3_server: MotoS3, tmp_path: Path) -> None:
    # Given a worker that uploaded the PDF and died before the manifest
    s3_server.make_bucket(BUCKET)
    package = make_package(tmp_path, delivery_id="d4")
    c = connector(s3_server)
    key = c.object_prefix(package) + "/document.pdf"
    with open(package.pdf_path, "rb") as f:
        s3_server.client().put_object(
            BUCKET,
            key,
            f,
            package.pdf_path.stat().st_size,
            metadata={"sha256": package.manifest["sha256"]},
        )
    # When the delivery is retried, only the manifest goes up
    receipt = c.deliver(package)
    assert receipt.details["uploaded"] == ["manifest.json"]
    assert len(s3_server.keys(BUCKET)) == 2


def test_changed_pdf_under_same_delivery_is_overwritten(s3_server: MotoS3, tmp_path: Path) -> None:
    s3_server.make_bucket(BUCKET)
    c = connector(s3_server)
    c.deliver(make_package(tmp_path, delivery_id="d5"))
    changed = make_package(tmp_path, delivery_id="d5", pdf=MINIMAL_PDF + b"%changed\n")
    receipt = c.deliver(changed)
    assert receipt.details["uploaded"] == ["document.pdf", "manifest.json"]
    assert len(s3_server.keys(BUCKET)) == 2
    got = s3_server.client().get_object(BUCKET, "aspa/kela/doc0001/d5/document.pdf").read()
    assert got.endswith(b"%changed\n")


def test_missing_bucket_is_permanent(s3_server: MotoS3, tmp_path: Path) -> None:
    with pytest.raises(PermanentDeliveryError) as e:
        connector(s3_server).deliver(make_package(tmp_path))
    assert "NoSuchBucket" in e.value.message
    assert e.value.code == "delivery_permanent"


def test_server_stopped_is_transient(s3_server: MotoS3, tmp_path: Path) -> None:
    s3_server.make_bucket(BUCKET)
    c = connector(s3_server)
    s3_server.stop()
    with pytest.raises(TransientDeliveryError) as e:
        c.deliver(make_package(tmp_path))
    assert e.value.transient is True
    assert isinstance(e.value.__cause__, Exception)


def test_missing_pdf_is_permanent(s3_server: MotoS3, tmp_path: Path) -> None:
    s3_server.make_bucket(BUCKET)
    package = make_package(tmp_path)
    package.pdf_path.unlink()
    with pytest.raises(PermanentDeliveryError):
        connector(s3_server).deliver(package)


def test_two_deliveries_of_one_document_are_kept_apart(s3_server: MotoS3, tmp_path: Path) -> None:
    s3_server.make_bucket(BUCKET)
    c = connector(s3_server)
    c.deliver(make_package(tmp_path, delivery_id="a1"))
    c.deliver(make_package(tmp_path, delivery_id="a2"))
    assert len(s3_server.keys(BUCKET, "aspa/kela/doc0001/")) == 4


def test_bench_smoke(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from connectors.bench import bench_connectors

    result = bench_connectors(3, tmp_path, pdf_size=2_000)
    assert result["folder"]["n"] == 3 and result["folder"]["per_second"] > 0
    assert result["s3"]["n"] == 3 and result["s3"]["per_second"] > 0
    assert len(list((tmp_path / "outbox" / "kela").iterdir())) == 3
    assert "deliveries/s" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("status", "code", "expected", "hint"),
    [
        # Negative status: HEAD is refused too (no body), then the PUT says why
        (-403, "AccessDenied", PermanentDeliveryError, "access key"),
        (-403, "InvalidAccessKeyId", PermanentDeliveryError, "InvalidAccessKeyId"),
        (403, "AccessDenied", PermanentDeliveryError, "permissions"),
        (403, "InvalidAccessKeyId", PermanentDeliveryError, "access key"),
        (403, "SignatureDoesNotMatch", PermanentDeliveryError, "secret key"),
        (400, "InvalidArgument", PermanentDeliveryError, "InvalidArgument"),
        (503, "SlowDown", TransientDeliveryError, "SlowDown"),
        (500, "InternalError", TransientDeliveryError, "InternalError"),
        (502, None, TransientDeliveryError, "502"),
        (400, None, PermanentDeliveryError, "400"),
    ],
)
def test_refusals_map_to_transient_or_permanent(
    status: int, code: str | None, expected: type[Exception], hint: str, tmp_path: Path
) -> None:
    # Given a store that refuses every request (HEAD first, then PUT)
    head = abs(status) if status < 0 else 404
    server = ScriptedS3Server(abs(status), code, head_status=head).start()
    try:
        c = S3Connector(
            endpoint=server.endpoint,
            bucket=BUCKET,
            access_key="k",
            secret_key="s",
            secure=False,
            region="us-east-1",
            retries=0,
        )
        with pytest.raises(expected) as e:
            c.deliver(make_package(tmp_path))
        assert hint in str(e.value)
        assert e.value.__cause__ is not None
    finally:
        server.stop()


def _read_request(conn: socket.socket) -> str:
    """One HTTP request off the connection (head and Content-Length body); its method."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            raise OSError("client gone")
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    while len(rest) < length:
        chunk = conn.recv(65536)
        if not chunk:
            raise OSError("client gone")
        rest += chunk
    return head.split(b" ", 1)[0].decode()


def _drip_status_line(conn: socket.socket) -> None:
    # Every answer a byte at a time, each well inside the read timeout
    _read_request(conn)
    for byte in b"HTTP/1.1 200 OK\r\n" * 1000:
        conn.sendall(bytes([byte]))
        time.sleep(0.2)


def _endless_body(conn: socket.socket) -> None:
    # No object yet (HEAD 404), then the upload answered with a body that never ends
    while True:
        if _read_request(conn) == "HEAD":
            conn.sendall(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")
            continue
        conn.sendall(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
        chunk = b"%x\r\n%s\r\n" % (65536, b"x" * 65536)
        for _ in range(1_000_000):
            conn.sendall(chunk)


def _peer_connector(peer: RawPeer, **kw: object) -> S3Connector:
    args: dict[str, object] = {
        "endpoint": f"127.0.0.1:{peer.port}", "bucket": BUCKET, "access_key": "k",
        "secret_key": "s", "secure": False, "region": "us-east-1", "retries": 0,
        "connect_timeout": 1.0, "read_timeout": 1.0,
    }  # fmt: skip
    args.update(kw)
    return S3Connector(**args)  # type: ignore[arg-type]


@pytest.mark.parametrize("secure", [False, True], ids=["http", "https"])
def test_a_store_dripping_its_answer_is_cut_off_at_the_deadline(
    secure: bool, tmp_path: Path
) -> None:
    # Given a store that answers a byte at a time (each inside the read timeout, so only a
    # deadline for the whole delivery ends it)
    cert, key = self_signed_cert(tmp_path / "tls")
    context = server_tls_context(cert, key)

    def script(conn: socket.socket) -> None:
        if not secure:
            return _drip_status_line(conn)
        with context.wrap_socket(conn, server_side=True) as tls:
            _drip_status_line(tls)

    with RawPeer(script) as peer:
        c = _peer_connector(peer, deadline=2.0, secure=secure, ca_file=str(cert))
        # When a package is delivered, then it fails as transient soon after the deadline
        fails_transient_within(lambda: c.deliver(make_package(tmp_path)), 6, "deadline")


def _compressed_answer(conn: socket.socket) -> None:
    while True:
        if _read_request(conn) == "HEAD":
            conn.sendall(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")
            continue
        body = gzip.compress(b"<x/>" * 1000)
        conn.sendall(
            b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: %d\r\n\r\n%s"
            % (len(body), body)
        )


def test_a_compressed_answer_is_refused(tmp_path: Path) -> None:
    # Given a store answering the upload compressed (not asked for: a small body that could
    # inflate far past the bound)
    with RawPeer(_compressed_answer) as peer:
        c = _peer_connector(peer)
        # When a package is delivered, then it fails as transient, naming the encoding
        fails_transient_within(lambda: c.deliver(make_package(tmp_path)), 10, "(gzip)")


def test_a_store_answering_without_end_is_refused_without_filling_memory(tmp_path: Path) -> None:
    # Given a store whose answer to the upload is a body without end, as fast as it is read
    with RawPeer(_endless_body) as peer:
        c = _peer_connector(peer, deadline=120.0)
        # When a package is delivered, then it fails as transient at the answer's size bound,
        # long before the deadline (before, the client kept the whole answer in memory)
        fails_transient_within(lambda: c.deliver(make_package(tmp_path)), 20, "longer than")

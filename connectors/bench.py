"""Delivery throughput benchmark: deliveries per second through the folder and S3 connectors.

The S3 figure is measured against moto's S3 server started on 127.0.0.1 by the benchmark (moto
is a development dependency; without it the S3 part is skipped and says so). moto is far slower
than MinIO or AWS S3, so the S3 figure is a floor of what the connector does, not a forecast.
"""

from __future__ import annotations

import logging
import os
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .base import Connector, DeliveryPackage
from .folder import FolderConnector
from .package import build_package

BENCH_BUCKET = "aspa-bench"


def bench_connectors(n: int, tmp: Path, *, pdf_size: int = 200_000) -> dict[str, Any]:
    """Deliver ``n`` packages through each connector and report deliveries per second.

    Args:
        n: packages per connector (each a distinct delivery).
        tmp: a scratch folder (packages, the folder outbox).
        pdf_size: bytes of each package's PDF (a scanned page is typically 100-300 kB).

    Returns:
        ``{"folder": {...}, "s3": {...}}`` where each entry has ``n``, ``seconds``,
        ``per_second`` and ``mb_per_second``, or ``skipped`` with a reason.
    """
    tmp = Path(tmp)
    packages = _packages(n, tmp / "packages", pdf_size)
    results: dict[str, Any] = {
        "folder": _measure(FolderConnector(tmp / "outbox", name="bench-folder"), packages)
    }
    results["s3"] = _bench_s3(packages)
    for name, r in results.items():
        if "skipped" in r:
            print(f"{name:>8}: skipped ({r['skipped']})")
        else:
            print(
                f"{name:>8}: {r['per_second']:8.1f} deliveries/s  "
                f"({r['mb_per_second']:.1f} MB/s, {r['n']} in {r['seconds']:.2f} s)"
            )
    return results


def _packages(n: int, folder: Path, pdf_size: int) -> list[DeliveryPackage]:
    folder.mkdir(parents=True, exist_ok=True)
    body = b"%PDF-1.4\n" + os.urandom(max(0, pdf_size - 16)) + b"\n%%EOF\n"
    received = datetime.now(UTC)
    packages = []
    for i in range(n):
        pdf = folder / f"doc{i:06d}.pdf"
        pdf.write_bytes(body)
        packages.append(
            build_package(
                delivery_id=f"bench{i:06d}",
                document_id=f"doc{i:06d}",
                submission_id=f"sub{i:06d}",
                authority="kela",
                service="bench",
                confidence=1.0,
                classified_by="bench",
                service_point="bench",
                received_at=received,
                pages=1,
                language="fi",
                pdf_path=pdf,
            )
        )
    return packages


def _measure(connector: Connector, packages: list[DeliveryPackage]) -> dict[str, Any]:
    size = sum(p.pdf_path.stat().st_size for p in packages)
    start = time.perf_counter()
    for package in packages:
        connector.deliver(package)
    seconds = max(time.perf_counter() - start, 1e-9)
    return {
        "n": len(packages),
        "seconds": round(seconds, 4),
        "per_second": round(len(packages) / seconds, 2),
        "mb_per_second": round(size / seconds / 1e6, 2),
    }


def _bench_s3(packages: list[DeliveryPackage]) -> dict[str, Any]:
    try:
        from moto.server import ThreadedMotoServer
    except ImportError:
        return {"skipped": "moto[server] is not installed (pip install -e '.[dev]')"}
    from minio import Minio

    from .s3 import S3Connector

    werkzeug_log = logging.getLogger("werkzeug")
    old_level = werkzeug_log.level
    werkzeug_log.setLevel(logging.WARNING)  # moto logs every request otherwise
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        endpoint = f"{host}:{port}"
        admin = Minio(endpoint, access_key="bench", secret_key="bench", secure=False)
        if not admin.bucket_exists(BENCH_BUCKET):
            admin.make_bucket(BENCH_BUCKET)
        connector = S3Connector(
            endpoint=endpoint,
            bucket=BENCH_BUCKET,
            prefix="bench",
            access_key="bench",
            secret_key="bench",
            secure=False,
            region="us-east-1",
            name="bench-s3",
        )
        return _measure(connector, packages)
    finally:
        server.stop()
        werkzeug_log.setLevel(old_level)


if __name__ == "__main__":  # python -m connectors.bench [n]
    import sys
    import tempfile

    count = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    with tempfile.TemporaryDirectory() as d:
        bench_connectors(count, Path(d))

"""The whole pipeline distributed: PostgreSQL, a real broker, S3 and a separate worker process.

Given a database on PostgreSQL, Redis (or RabbitMQ) as broker and an S3 API server,
when a scan is submitted from this process,
then an `aspa worker` process OCRs, classifies and delivers it and a billable event is posted.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from pipeline.settings import Settings
from tests.servers import MotoS3, purge_rabbit

pytestmark = [pytest.mark.slow, pytest.mark.postgres]


def _flush_redis(url: str) -> None:
    import redis

    redis.Redis.from_url(url).flushdb()


@pytest.mark.parametrize("broker", ["redis", "rabbitmq"])
def test_worker_process_runs_the_pipeline(
    broker: str,
    fresh_pg_database: str,
    s3_server: MotoS3,
    tmp_path: Path,
    resources: Path,
    request: pytest.FixtureRequest,
) -> None:
    from aspa.bootstrap import build_runtime
    from aspa.migrate import upgrade
    from billing.models import BillableEvent
    from pipeline.incoming import IncomingFile
    from pipeline.models import Delivery, Document
    from pipeline.queue import setup_queue, wait_for
    from pipeline.service import submit_file
    from tests.conftest import REDIS_URL

    broker_url = REDIS_URL if broker == "redis" else request.getfixturevalue("amqp_url")
    (_flush_redis if broker == "redis" else purge_rabbit)(broker_url)
    env = {
        "ASPA_DATA_DIR": str(tmp_path / "var"),
        "ASPA_DATABASE_URL": fresh_pg_database,
        "ASPA_BROKER_URL": broker_url,
        "ASPA_OBJECT_STORE": "s3://aspa-test/objects",
        "ASPA_S3_ENDPOINT": s3_server.endpoint,
        "ASPA_S3_ACCESS_KEY": s3_server.access_key,
        "ASPA_S3_SECRET_KEY": s3_server.secret_key,
        "ASPA_S3_SECURE": "false",
        "ASPA_S3_REGION": "us-east-1",
        "ASPA_OCR_WORKERS": "2",
        "ASPA_ENVIRONMENT": "test",
    }
    settings = Settings(**{k[5:].lower(): v for k, v in env.items()}, _env_file=None)  # type: ignore[arg-type]
    rt = build_runtime(settings)
    upgrade(rt.engine)
    queue = setup_queue(rt, broker_url)
    worker = subprocess.Popen(
        [sys.executable, "-m", "aspa.cli", "worker", "--threads", "2"],
        env={**os.environ, **env, "OMP_THREAD_LIMIT": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        sample = resources / "generated" / "kela_at1_asumistuki_fi.png"
        sub = submit_file(
            queue,
            sample,
            IncomingFile(
                source=str(sample),
                filename=sample.name,
                channel="upload",
                service_point="test-point",
            ),
        )
        doc_id = sub.document_ids[0]
        states = wait_for(rt, [doc_id], timeout_s=120)
        assert states[doc_id] == "delivered", _worker_log(worker)
        with rt.session_factory() as s:
            doc = s.get(Document, doc_id)
            assert doc is not None and doc.authority == "kela"
            assert doc.pdf_key and rt.store.exists(doc.pdf_key)  # the PDF is in S3
            (delivery,) = s.scalars(select(Delivery).where(Delivery.document_id == doc_id))
            assert delivery.state == "delivered"
            events = list(
                s.scalars(select(BillableEvent).where(BillableEvent.document_id == doc_id))
            )
            assert [(e.event_type, e.provider) for e in events] == [(3, "kela")]
        outbox = tmp_path / "var" / "outbox" / "kela" / doc_id
        assert (outbox / "document.pdf").is_file() and (outbox / "manifest.json").is_file()
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
        queue.stop()
        rt.engine.dispose()


def _worker_log(proc: subprocess.Popen[str]) -> str:
    proc.terminate()
    time.sleep(0.5)
    out = proc.stdout.read() if proc.stdout else ""
    return f"worker output:\n{out[-4000:]}"

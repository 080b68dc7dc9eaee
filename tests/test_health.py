"""`aspa health`: the checks behind the containers' health checks, against real servers.

Given an installation (SQLite or PostgreSQL, a folder or moto's S3 server, the embedded queue,
Redis or RabbitMQ, a models folder, the real Tesseract),
when `aspa health` (or `--api`, `--worker`) runs,
then each part that works is `ok` and each that does not is `FAILED` with what to do, the
exit status is 1 on any failure, no password is printed, and a missing S3 bucket is made.
"""

from __future__ import annotations

import http.server
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from aspa.cli import app
from aspa.cli.health import (
    check_api,
    check_broker,
    check_database,
    check_heartbeat,
    check_model,
    check_ocr_languages,
)
from aspa.cli.service import all_threads_alive
from tests.conftest import AMQP_URL, REDIS_URL
from tests.servers import MotoS3

CLOSED = "127.0.0.1:9"  # the discard port: nothing listens there


def fake_model(models: Path, version: str = "tc-000000000000") -> Path:
    (models / version).mkdir(parents=True)
    (models / version / "meta.json").write_text("{}", encoding="utf-8")
    (models / "ACTIVE").write_text(version + "\n", encoding="utf-8")
    return models


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    for key in [k for k in os.environ if k.startswith("ASPA_")]:
        monkeypatch.delenv(key)
    fake_model(tmp_path / "var" / "models")
    values = {"ASPA_DATA_DIR": str(tmp_path / "var"), "ASPA_ENVIRONMENT": "test"}
    for k, v in values.items():
        monkeypatch.setenv(k, v)
    monkeypatch.chdir(tmp_path)  # no .env of the checkout
    return values


def run(*args: str) -> tuple[int, dict[str, dict[str, Any]]]:
    result = CliRunner().invoke(app, ["health", "--json", *args])
    lines = [json.loads(x) for x in result.stdout.splitlines() if x.strip()]
    return result.exit_code, {c["name"]: c for c in lines}


def test_a_complete_embedded_installation_is_healthy(env: dict[str, str]) -> None:
    code, checks = run()
    assert code == 0, checks
    assert set(checks) == {"database", "object_store", "broker", "model", "ocr_languages"}
    assert all(c["ok"] for c in checks.values())
    assert checks["model"]["detail"] == "tc-000000000000"
    assert checks["ocr_languages"]["detail"] == "eng+fin+osd+swe"


def test_each_missing_part_fails_and_says_what_to_do(
    env: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ASPA_MODEL_DIR", str(tmp_path / "no-models"))
    monkeypatch.setenv("ASPA_OCR_LANGUAGES", "fin+xyz")
    code, checks = run()
    assert code == 1
    assert not checks["model"]["ok"] and "aspa train --if-missing" in checks["model"]["detail"]
    assert checks["ocr_languages"] == {
        "name": "ocr_languages",
        "ok": False,
        "detail": "tesseract lacks xyz",
    }
    assert checks["database"]["ok"]


def test_an_active_model_whose_folder_is_gone_fails(tmp_path: Path) -> None:
    models = fake_model(tmp_path / "models")
    (models / "tc-000000000000" / "meta.json").unlink()
    check = check_model(models)
    assert not check.ok and "tc-000000000000" in check.detail


def test_a_model_trained_by_an_older_version_fails_and_says_to_retrain(tmp_path: Path) -> None:
    models = fake_model(tmp_path / "models")
    old_map = {"calibration": {"temperature": 1.5, "weights": [0.1] * 9, "features": ["x"] * 9}}
    (models / "tc-000000000000" / "meta.json").write_text(json.dumps(old_map), encoding="utf-8")
    check = check_model(models)
    assert not check.ok and "aspa train" in check.detail and "review" in check.detail


def test_unreachable_servers_fail_without_printing_passwords() -> None:
    db = check_database(f"postgresql+psycopg://aspa:hunter2@{CLOSED}/aspa?connect_timeout=3")
    redis = check_broker(f"redis://:hunter2@{CLOSED}/0")
    amqp = check_broker(f"amqp://aspa:hunter2@{CLOSED}/%2F")
    for c in (db, redis, amqp):
        assert not c.ok, c
        assert "hunter2" not in c.detail and "unreachable or refused" in c.detail
    assert not check_broker("kafka://x").ok


@pytest.mark.postgres
def test_postgresql_answers(pg_database: str) -> None:
    assert check_database(pg_database).ok


@pytest.mark.redis
def test_redis_answers() -> None:
    assert check_broker(REDIS_URL).ok and check_broker(REDIS_URL).detail == "redis answers"


@pytest.mark.rabbitmq
def test_rabbitmq_answers() -> None:
    assert check_broker(AMQP_URL).ok


def test_the_s3_bucket_is_made_when_missing(
    env: dict[str, str], s3_server: MotoS3, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What the compose stack's `init` relies on: a fresh MinIO has no bucket.
    for k, v in {
        "ASPA_OBJECT_STORE": "s3://aspa-health-probe",
        "ASPA_S3_ENDPOINT": s3_server.endpoint,
        "ASPA_S3_ACCESS_KEY": s3_server.access_key,
        "ASPA_S3_SECRET_KEY": s3_server.secret_key,
        "ASPA_S3_SECURE": "false",
        "ASPA_S3_REGION": s3_server.region,
    }.items():
        monkeypatch.setenv(k, v)
    assert not s3_server.client().bucket_exists("aspa-health-probe")
    code, checks = run()
    assert code == 0, checks
    assert s3_server.client().bucket_exists("aspa-health-probe")
    s3_server.stop()
    code, checks = run()
    assert code == 1 and not checks["object_store"]["ok"]
    assert s3_server.secret_key not in checks["object_store"]["detail"]


def test_heartbeat_fresh_stale_and_missing(tmp_path: Path) -> None:
    beat = tmp_path / "beat"
    assert not check_heartbeat(beat, max_age_s=60).ok
    beat.touch()
    t = beat.stat().st_mtime
    assert check_heartbeat(beat, max_age_s=60, now=t + 59).ok
    stale = check_heartbeat(beat, max_age_s=60, now=t + 61)
    assert not stale.ok and "61 s ago" in stale.detail


class _Ready(http.server.BaseHTTPRequestHandler):
    status = 200

    def do_GET(self) -> None:
        self.send_response(type(self).status)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def readyz() -> Iterator[tuple[str, type[_Ready]]]:
    handler = type("Handler", (_Ready,), {})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/readyz", handler
    finally:
        server.shutdown()
        server.server_close()


def test_api_check_follows_readyz(env: dict[str, str], readyz: Any) -> None:
    url, handler = readyz
    assert run("--api", "--url", url) == (
        0,
        {"api": {"name": "api", "ok": True, "detail": f"{url} ready"}},
    )
    handler.status = 503
    code, checks = run("--api", "--url", url)
    assert code == 1 and "503" in checks["api"]["detail"]
    assert not check_api(f"http://{CLOSED}/readyz").ok


def test_api_and_worker_together_is_a_usage_error(env: dict[str, str]) -> None:
    assert CliRunner().invoke(app, ["health", "--api", "--worker"]).exit_code == 2


def test_thread_liveness_of_a_dramatiq_worker() -> None:
    import dramatiq
    from dramatiq.brokers.stub import StubBroker

    broker = StubBroker()
    broker.declare_queue("default")
    worker = dramatiq.Worker(broker, worker_threads=1, worker_timeout=100)
    assert not all_threads_alive(worker)  # not started: no threads
    worker.start()
    try:
        assert all_threads_alive(worker)
    finally:
        worker.stop()
    assert not all_threads_alive(worker)


@pytest.mark.redis
def test_a_running_worker_is_healthy_and_a_stopped_one_is_not(tmp_path: Path) -> None:
    beat = tmp_path / "worker.heartbeat"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("ASPA_")},
        "ASPA_DATA_DIR": str(tmp_path / "var"),
        "ASPA_ENVIRONMENT": "test",
        "ASPA_BROKER_URL": REDIS_URL,
        "ASPA_WORKER_HEARTBEAT_FILE": str(beat),
    }
    health = [sys.executable, "-m", "aspa.cli", "health", "--worker"]
    assert subprocess.run(health, env=env, capture_output=True, check=False).returncode == 1
    worker = subprocess.Popen(
        [sys.executable, "-m", "aspa.cli", "worker", "--threads", "1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not beat.exists() and worker.poll() is None and time.monotonic() < deadline:
            time.sleep(0.2)
        assert beat.exists(), worker.stderr.read() if worker.poll() is not None else "no beat"
        ok = subprocess.run(health, env=env, capture_output=True, text=True, check=False)
        assert ok.returncode == 0, ok.stdout + ok.stderr
        assert "worker         ok" in ok.stdout and "redis answers" in ok.stdout
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    assert not beat.exists()  # a worker that stopped leaves no heartbeat behind
    assert subprocess.run(health, env=env, capture_output=True, check=False).returncode == 1


def test_ocr_language_check_reads_tesseract() -> None:
    assert check_ocr_languages("fin+swe+eng").ok
    assert not check_ocr_languages("fin+qqq").ok

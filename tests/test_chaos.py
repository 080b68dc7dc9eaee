"""Distributed, with everything going wrong: nothing waits without a message.

Given PostgreSQL (behind a TCP proxy the test can cut), a broker and two ``aspa worker``
processes delivering to a provider's webhook,
when workers are killed with SIGKILL in the middle of OCR, of classification and of delivery,
the broker (a private Redis) is killed and comes back empty, and the database refuses
connections for a while,
then every document still reaches a final state without a hand: delivered once per route,
charged once, and the test prints how long it took to settle.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Collection, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select

from pipeline.settings import Settings
from tests.servers import RedisServer, TcpProxy, WebhookServer, purge_rabbit

pytestmark = [pytest.mark.slow, pytest.mark.postgres]

SCAN = (
    Path(__file__).resolve().parent.parent / "samples" / "generated" / "kela_at1_asumistuki_fi.png"
)
DOCUMENTS = 8


def _scans(folder: Path, n: int) -> list[Path]:
    """``n`` different files of one form (a trailing byte after the PNG's end changes the hash)."""
    data = SCAN.read_bytes()
    out = []
    for i in range(n):
        p = folder / f"kela_{i}.png"
        p.write_bytes(data + bytes([i]))
        out.append(p)
    return out


# `aspa worker`, that prints its threads' stacks on SIGUSR1 (for the failure report).
WORKER = (
    "import faulthandler, signal, sys; faulthandler.register(signal.SIGUSR1); "
    "sys.argv[0] = 'aspa'; from aspa.cli import main; main()"
)


class Cluster:
    """``aspa worker`` processes with one environment; their output goes to log files."""

    def __init__(self, env: dict[str, str], logs: Path) -> None:
        self.env, self.logs = env, logs
        self.procs: list[subprocess.Popen[bytes]] = []

    def start(self) -> subprocess.Popen[bytes]:
        log = open(self.logs / f"worker-{len(self.procs)}.log", "wb")  # noqa: SIM115
        proc = subprocess.Popen(
            [sys.executable, "-c", WORKER, "worker", "--threads", "2"],
            env={**os.environ, **self.env, "OMP_THREAD_LIMIT": "1"},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.procs.append(proc)
        return proc

    def live(self) -> dict[int, subprocess.Popen[bytes]]:
        return {p.pid: p for p in self.procs if p.poll() is None}

    def stop(self) -> None:
        for p in self.live().values():
            p.terminate()
        for p in self.procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()

    def tail(self) -> str:
        for p in self.live().values():
            p.send_signal(signal.SIGUSR1)
        time.sleep(1)
        return "\n".join(
            f"--- {f.name}\n{f.read_text(errors='replace')[-8000:]}"
            for f in sorted(self.logs.glob("worker-*.log"))
        )


def _claimed(rt: Any, stage: str, among: Collection[str] | None = None) -> int | None:
    """The pid of a worker that holds a claim in ``stage`` right now, if any.

    ``among``: for deliveries, only these ids (the ones the provider is answering right now).
    """
    from pipeline.models import Delivery, Document

    with rt.session_factory() as s:
        if stage == "deliver":
            q = select(Delivery.claimed_by).where(Delivery.state == "sending")
            if among is not None:
                q = q.where(Delivery.id.in_(list(among)))
        else:
            state = "received" if stage == "ocr" else "ocr_done"
            q = select(Document.claimed_by).where(Document.state == state)
        for owner in s.scalars(q):
            if owner:  # "host:pid:…" (see pipeline.claims)
                return int(owner.split(":")[1])
    return None


def _kill_in(
    rt: Any,
    cluster: Cluster,
    stage: str,
    timeout_s: float,
    answering: Callable[[], Collection[str]] | None = None,
) -> bool:
    """SIGKILL the worker that is running ``stage`` on some item, and start a new one.

    ``answering``: kill only a worker whose delivery the provider is answering right now (its
    ids), so that the kill falls mid-request and not on another worker's delivery.
    """
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        among = set(answering()) if answering is not None else None
        pid = _claimed(rt, stage, among) if among is None or among else None
        live = cluster.live()
        if pid in live:
            os.kill(pid, signal.SIGKILL)
            live[pid].wait()
            cluster.start()
            return True
        time.sleep(0.01)
    return False


def _doc_states(rt: Any, ids: list[str]) -> list[str]:
    from pipeline.models import Document

    with rt.session_factory() as s:
        return list(s.scalars(select(Document.state).where(Document.id.in_(ids))))


def _dump(rt: Any, ids: list[str]) -> str:
    from pipeline.models import Delivery, Document

    with rt.session_factory() as s:
        docs = s.execute(
            select(
                Document.id,
                Document.state,
                Document.error_code,
                Document.attempts,
                Document.claimed_by,
                Document.enqueued_at,
            ).where(Document.id.in_(ids))
        ).all()
        dels = s.execute(
            select(Delivery.id, Delivery.state, Delivery.attempts, Delivery.claimed_by).where(
                Delivery.document_id.in_(ids)
            )
        ).all()
    return f"documents: {docs}\ndeliveries: {dels}\n"


def _settled(rt: Any, ids: list[str]) -> bool:
    from pipeline.models import Delivery, Document
    from pipeline.states import FINAL, OPEN_DELIVERY

    with rt.session_factory() as s:
        states = s.scalars(select(Document.state).where(Document.id.in_(ids))).all()
        open_ = s.scalar(
            select(func.count())
            .select_from(Delivery)
            .where(Delivery.document_id.in_(ids), Delivery.state.in_(list(OPEN_DELIVERY)))
        )
    return len(states) == len(ids) and all(st in FINAL for st in states) and not open_


@pytest.fixture
def private_redis() -> Iterator[RedisServer]:
    server = RedisServer().start()
    try:
        yield server
    finally:
        server.kill()


@pytest.mark.parametrize("broker", ["redis", "rabbitmq"])
def test_every_document_settles_through_kills_and_outages(
    broker: str, fresh_pg_database: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    from aspa.bootstrap import build_runtime
    from aspa.migrate import upgrade
    from billing.models import BillableEvent
    from pipeline.incoming import IncomingFile
    from pipeline.models import Delivery, Document
    from pipeline.queue import setup_queue
    from pipeline.service import submit_file

    redis: RedisServer | None = None
    if broker == "redis":
        redis = request.getfixturevalue("private_redis")
        broker_url = redis.url
    else:
        broker_url = request.getfixturevalue("amqp_url")
        purge_rabbit(broker_url)
    pg = urlsplit(fresh_pg_database.replace("postgresql+psycopg", "postgresql"))
    proxy = TcpProxy(pg.hostname or "127.0.0.1", pg.port or 5432).start()
    proxied = fresh_pg_database.replace(
        f"{pg.hostname}:{pg.port or 5432}", f"127.0.0.1:{proxy.port}"
    )
    webhook = WebhookServer().start()
    webhook.state.delay_s = 0.4  # a slow provider: deliveries take a while (to be killed in)
    routing = tmp_path / "routing.yaml"
    routing.write_text(
        "version: 1\nconnectors:\n  provider:\n    type: webhook\n"
        f"    url: {webhook.url}\n    secret_env: PROVIDER_SECRET\n"
        "    retry: {first: 0.5, cap: 3, give_up_after: 900}\n"
        "routes:\n  - {authority: '*', to: [provider]}\n"
    )
    env = {
        "ASPA_DATA_DIR": str(tmp_path / "var"),
        "ASPA_DATABASE_URL": proxied,
        "ASPA_BROKER_URL": broker_url,
        "ASPA_ENVIRONMENT": "test",
        "ASPA_ROUTING_FILE": str(routing),
        "PROVIDER_SECRET": webhook.state.secret,
        "ASPA_OCR_WORKERS": "1",
        "ASPA_SWEEP_EVERY_S": "1",
        "ASPA_STALE_AFTER_S": "5",
        "ASPA_CLAIM_LEASE_S": "4",
        "ASPA_RETRY_FIRST_S": "0.5",
        "ASPA_RETRY_CAP_S": "4",
        "ASPA_RETRY_GIVE_UP_AFTER_S": "900",
    }
    settings = Settings(
        data_dir=tmp_path / "var",
        database_url=fresh_pg_database,  # this process (the API) talks to PostgreSQL directly
        environment="test",
        _env_file=None,  # type: ignore[call-arg]
    )
    rt = build_runtime(settings)
    upgrade(rt.engine)
    queue = setup_queue(rt, broker_url)
    logs = tmp_path / "logs"
    logs.mkdir()
    cluster = Cluster(env, logs)
    events: list[str] = []
    try:
        for _ in range(2):
            cluster.start()
        started = time.monotonic()
        ids = []
        for p in _scans(tmp_path, DOCUMENTS):
            sub = submit_file(queue, p, IncomingFile(str(p), p.name, "upload", "sp"))
            ids += sub.document_ids

        def in_flight() -> int:
            return sum(1 for st in _doc_states(rt, ids) if st not in ("delivered", "needs_review"))

        # When a worker is killed in the middle of OCR
        events.append(f"kill in OCR: {_kill_in(rt, cluster, 'ocr', timeout_s=90)}")
        # and the broker dies and comes back empty (a private Redis; RabbitMQ is shared)
        if redis is not None:
            events.append(f"broker killed for 4 s with {in_flight()} documents in flight")
            redis.kill()
            time.sleep(4)
            redis.start()
        # and workers are killed in the middle of classification and of delivery
        events.append(f"kill in classification: {_kill_in(rt, cluster, 'classify', 90)}")

        def answering() -> set[str]:  # the deliveries the provider is answering right now
            with webhook.state.lock:
                return set(webhook.state.answering)

        events.append(f"kill in delivery: {_kill_in(rt, cluster, 'deliver', 90, answering)}")
        # and the database refuses connections for a while
        events.append(f"database cut for 8 s with {in_flight()} documents in flight")
        proxy.cut()
        time.sleep(8)
        proxy.restore()
        disturbed = time.monotonic()

        # Then every document settles without a hand
        deadline = time.monotonic() + 150
        while not _settled(rt, ids):
            assert time.monotonic() < deadline, f"{events}\n" + _dump(rt, ids) + cluster.tail()
            time.sleep(0.5)
        settled = time.monotonic()
        print(
            f"\n[{broker}] {DOCUMENTS} documents; {'; '.join(events)}; settled "
            f"{settled - disturbed:.1f} s after the last disturbance, "
            f"{settled - started:.1f} s after submitting; the provider saw "
            f"{webhook.state.requests} requests for {len(ids)} deliveries"
        )
        assert events.count("kill in OCR: True") == 1 and "kill in delivery: True" in events
        assert " 0 documents in flight" not in "; ".join(events), events  # outages hit work
        with rt.session_factory() as s:
            states = dict(
                s.execute(select(Document.id, Document.state).where(Document.id.in_(ids))).all()
            )
            deliveries = s.scalars(select(Delivery).where(Delivery.document_id.in_(ids))).all()
            ledger = s.execute(
                select(BillableEvent.document_id, BillableEvent.kind).where(
                    BillableEvent.document_id.in_(ids)
                )
            ).all()
        settled_states = set(states.values())
        assert settled_states == {"delivered"}, f"{events}\n" + _dump(rt, ids) + cluster.tail()
        # exactly one delivery per document (one route), confirmed, at the provider once
        assert sorted(d.document_id for d in deliveries) == sorted(ids)
        assert {d.state for d in deliveries} <= {"delivered", "acknowledged"}
        assert sorted(webhook.state.store) == sorted(d.id for d in deliveries)
        # the one killed mid-request was sent again with the same idempotency key: one copy
        assert webhook.state.requests > len(ids)
        # one net charge per delivered document
        net = {i: 0 for i in ids}
        for doc_id, kind in ledger:
            net[doc_id] += 1 if kind == "charge" else -1
        assert set(net.values()) == {1}, net
    finally:
        cluster.stop()
        queue.stop()
        rt.engine.dispose()
        proxy.stop()
        webhook.stop()

"""Off the happy path, on one machine: a provider down for a while, a transient OCR failure, a
lost hand-off, a broker that is down when a file arrives.

The retry schedule is the real one (exponential backoff with full jitter, capped) made short
through the routing file's ``retry:``; the provider is a real HTTP server that is stopped and
started again on its old port.
"""

from __future__ import annotations

import contextlib
import random
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from billing.models import BillableEvent
from connectors.routing import load_routing
from connectors.webhook import parse_retry_after
from pipeline.db import session_scope
from pipeline.deliveries import list_deliveries
from pipeline.errors import OcrTimeoutError
from pipeline.incoming import IncomingFile
from pipeline.models import Delivery, Document
from pipeline.queue import setup_queue, wait_for
from pipeline.retry import DELIVERY, RetryPolicy
from pipeline.runtime import Runtime
from pipeline.service import submit_file
from pipeline.sweeper import sweep
from tests.conftest import runtime_on
from tests.servers import RawPeer, SmtpServer, WebhookServer
from tests.test_delivery_flow import ready_document

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "generated"
DIGITAL_PDF = SAMPLES / "vero_14a_kotitalousvahennys_digital.pdf"


def until(condition: Callable[[], bool], timeout_s: float = 60, what: str = "condition") -> None:
    """Poll ``condition`` (a wait for an outcome, not a timed assertion)."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


# --- the schedule ------------------------------------------------------------------------------


def test_backoff_has_full_jitter_up_to_the_cap_and_the_default_lasts_a_day() -> None:
    policy = RetryPolicy(first_s=2, cap_s=60, give_up_after_s=3600)
    rng = random.Random(7)
    for attempt, ceiling in ((1, 2), (2, 4), (3, 8), (5, 32), (6, 60), (40, 60)):
        draws = [policy.delay(attempt, rng=rng) for _ in range(300)]
        assert min(draws) >= 0 and max(draws) <= ceiling
        assert max(draws) > ceiling * 0.8 and min(draws) < ceiling * 0.2  # spread, not fixed
    # A provider's Retry-After is a lower bound
    assert policy.delay(1, retry_after_s=120, rng=rng) == 120
    # The default delivery schedule keeps trying for 24 hours, whatever the attempt count
    assert not DELIVERY.exhausted(10_000, 24 * 3600 - 1)
    assert DELIVERY.exhausted(1, 24 * 3600)
    assert DELIVERY.cap_s <= 3600  # at most an hour between tries
    assert parse_retry_after("120") == 120
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412480 - 30) == 30
    assert parse_retry_after("soon") is None


# --- a provider that is down for a stretch -----------------------------------------------------


@pytest.fixture
def runtime(request: pytest.FixtureRequest, settings: Any) -> Runtime:
    """The embedded SQLite, or PostgreSQL for a test that asks for it (``indirect``)."""
    return runtime_on(request, settings, getattr(request, "param", "sqlite"))


#: The outage stories run on both databases: their retries and receipts are rows that the
#: queue's workers and the sweeper update concurrently.
BOTH_DATABASES = pytest.mark.parametrize("runtime", ["sqlite", "postgresql"], indirect=True)


def _webhook_routing(
    rt: Runtime,
    tmp_path: Path,
    url: str,
    secret: str,
    *,
    read_timeout: float = 30,
    write_timeout: float = 30,
) -> None:
    routing = tmp_path / "routing.yaml"
    routing.write_text(
        "version: 1\n"
        "connectors:\n"
        "  provider:\n"
        "    type: webhook\n"
        f"    url: {url}\n"
        "    secret_env: PROVIDER_SECRET\n"
        "    connect_timeout: 1\n"
        f"    read_timeout: {read_timeout}\n"
        f"    write_timeout: {write_timeout}\n"
        "    retry: {first: 0.2, cap: 0.6, give_up_after: 600}\n"
        "routes:\n"
        "  - {authority: '*', to: [provider]}\n"
    )
    rt._routing = load_routing(
        routing, outbox_dir=tmp_path / "outbox", environ={"PROVIDER_SECRET": secret}
    )


def _deliveries(rt: Runtime, ids: list[str]) -> list[Delivery]:
    with session_scope(rt.session_factory) as s:
        rows = list(s.scalars(select(Delivery).where(Delivery.id.in_(ids))))
        for d in rows:
            s.expunge(d)
        return rows


@BOTH_DATABASES
def test_deliveries_wait_out_a_provider_outage_and_complete_once_it_is_back(
    runtime: Runtime, queue: Any, tmp_path: Path
) -> None:
    # Given a provider whose webhook is down (its port refuses connections)
    down = WebhookServer().start()
    port, state = down.port, down.state
    down.stop()
    _webhook_routing(runtime, tmp_path, down.url, state.secret)
    docs = [ready_document(runtime) for _ in range(3)]
    delivery_ids = [d for _, ids in docs for d in ids]
    # When the deliveries run during the outage
    for d in delivery_ids:
        queue.enqueue_delivery(d)
    until(
        lambda: all(d.attempts >= 3 for d in _deliveries(runtime, delivery_ids)),
        what="three failed attempts each",
    )
    # Then they wait, with their attempts, the next try and the reason in words, none dead
    waiting = {r["id"]: r for r in list_deliveries(runtime, waiting=True)}
    assert set(waiting) == set(delivery_ids)
    for r in waiting.values():
        assert r["state"] in ("retrying", "sending") and r["attempts"] >= 3
        assert r["error"]["code"] == "delivery_transient"
        assert "not reachable" in r["error"]["message"]
    assert any(r["next_attempt_at"] for r in waiting.values())
    # When the provider is back on its old address
    back = WebhookServer(port=port, state=state).start()
    try:
        states = wait_for(runtime, [doc for doc, _ in docs], timeout_s=60)
    finally:
        back.stop()
    # Then every document is delivered, once, and billed once
    assert set(states.values()) == {"delivered"}
    assert sorted(state.store) == sorted(delivery_ids)
    assert all(r.times_seen == 1 for r in state.store.values())
    with session_scope(runtime.session_factory) as s:
        charges = s.scalars(
            select(BillableEvent.document_id).where(BillableEvent.kind == "charge")
        ).all()
    assert sorted(charges) == sorted(doc for doc, _ in docs)


def test_retry_after_is_honoured(runtime: Runtime, queue: Any, tmp_path: Path) -> None:
    server = WebhookServer().start()
    try:
        _webhook_routing(runtime, tmp_path, server.url, server.state.secret)
        server.state.statuses, server.state.retry_after = [503], "3"
        doc_id, (delivery_id,) = ready_document(runtime)
        queue.enqueue_delivery(delivery_id)
        until(lambda: _deliveries(runtime, [delivery_id])[0].attempts >= 1, what="one attempt")
        (d,) = _deliveries(runtime, [delivery_id])
        assert d.next_attempt_at is not None and d.retry_since is not None
        # the route's own schedule would wait at most 0.2 s; the provider asked for 3
        assert (d.next_attempt_at - d.retry_since).total_seconds() >= 2.9
        assert "asked to wait 3 s" in (d.last_error or "")
        assert wait_for(runtime, [doc_id], timeout_s=30)[doc_id] == "delivered"
    finally:
        server.stop()


@BOTH_DATABASES
def test_a_provider_answering_20_mb_then_dripping_is_retried_and_delivered_once(
    runtime: Runtime, queue: Any, tmp_path: Path
) -> None:
    # Given a provider whose first answer is a 503 of 20 MB and whose second is a 200 dripped
    # a byte every 0.2 s (each within the read timeout; 1,000 bytes would take 200 s), cut off
    # by the exchange's deadline (connect, write and read timeouts: 3 s)
    server = WebhookServer().start()
    try:
        _webhook_routing(
            runtime, tmp_path, server.url, server.state.secret, read_timeout=1, write_timeout=1
        )
        server.state.hostile = ["huge", "drip"]
        doc_id, (delivery_id,) = ready_document(runtime)
        # When the delivery runs through the queue
        start = time.monotonic()
        queue.enqueue_delivery(delivery_id)
        states = wait_for(runtime, [doc_id], timeout_s=60)
        elapsed = time.monotonic() - start
    finally:
        server.stop()
    # Then both answers were transient failures, cut off by the bound and the deadline, and
    # the third attempt delivered it: once at the provider, billed once
    assert states[doc_id] == "delivered"
    (d,) = _deliveries(runtime, [delivery_id])
    assert d.attempts == 3 and elapsed < 30
    assert list(server.state.store) == [delivery_id]
    assert server.state.store[delivery_id].times_seen == 1
    with session_scope(runtime.session_factory) as s:
        charges = s.scalars(
            select(BillableEvent.document_id).where(BillableEvent.kind == "charge")
        ).all()
    assert charges == [doc_id]


# --- a transient OCR failure -------------------------------------------------------------------


class FlakyStore:
    """Fault injection: the first ``failures`` reads for OCR time out (a loaded OCR host)."""

    def __init__(self, inner: Any, failures: int) -> None:
        self.inner, self.failures, self.reads = inner, failures, 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    @contextmanager
    def local_copy(self, key: str) -> Iterator[Path]:
        self.reads += 1
        if key.startswith("originals/") and self.failures > 0:
            self.failures -= 1
            raise OcrTimeoutError()
        with self.inner.local_copy(key) as p:
            yield p


def test_a_transient_ocr_failure_is_retried(runtime: Runtime) -> None:
    # Given OCR that times out twice, and a short schedule for our own outages
    runtime.outage = RetryPolicy(first_s=0.1, cap_s=0.3, give_up_after_s=60)
    flaky = FlakyStore(runtime.store, failures=2)
    runtime.store = flaky  # type: ignore[assignment]
    q = setup_queue(runtime, "")
    q.start_worker(2)
    try:
        sub = submit_file(q, DIGITAL_PDF, IncomingFile("x", "vero.pdf", "upload", "sp"))
        (doc_id,) = sub.document_ids
        wait_for(runtime, [doc_id], timeout_s=120)
    finally:
        q.stop()
    # Then the third try read it: the document left `received` with its text
    with session_scope(runtime.session_factory) as s:
        doc = s.get(Document, doc_id)
        assert doc is not None and doc.state != "failed" and doc.text
        assert doc.claimed_by is None
    assert flaky.failures == 0


# --- a lost hand-off ---------------------------------------------------------------------------


def test_a_lost_message_is_swept_and_a_reupload_gets_it_processed(runtime: Runtime) -> None:
    runtime.set_classifier(_NoRoute())
    q = setup_queue(runtime, "")  # no worker yet
    try:
        sub = submit_file(q, DIGITAL_PDF, IncomingFile("x", "vero.pdf", "upload", "sp"))
        (doc_id,) = sub.document_ids
        q.broker.flush_all()  # type: ignore[attr-defined]  # the message is lost
        # The sweeper finds it once it has waited long enough, and only one sweeper sends it
        assert sweep(runtime.session_factory, q.send, stale_after_s=3600) == []
        first = sweep(runtime.session_factory, q.send, stale_after_s=0)
        assert [(w.stage, w.id) for w in first] == [("ocr", doc_id)]
        assert sweep(runtime.session_factory, q.send, stale_after_s=5) == []
        q.broker.flush_all()  # type: ignore[attr-defined]  # lost again
        # The advisor uploads the same file again: a duplicate, and it gets processed
        again = submit_file(q, DIGITAL_PDF, IncomingFile("x", "vero.pdf", "upload", "sp"))
        assert again.duplicate_of == sub.submission_id
        q.start_worker(1)
        assert wait_for(runtime, [doc_id], timeout_s=120)[doc_id] == "needs_review"
    finally:
        q.stop()


class _NoRoute:
    version = "none-1"

    def classify(self, text: str, *, hint: str | None = None) -> Any:
        from classifiers.base import Prediction

        return Prediction(None, None, 0.0, "none", False)


# --- the upload API when the broker is down ----------------------------------------------------


def test_upload_answers_503_json_when_the_broker_is_down(settings: Any) -> None:
    from fastapi.testclient import TestClient

    from aspa.app import create_app
    from auth.security import create_token, create_user
    from tests.servers import free_port

    dead_broker = f"redis://127.0.0.1:{free_port()}/0"
    settings = settings.model_copy(update={"broker_url": dead_broker})
    app = create_app(settings)
    with TestClient(app) as client:
        rt = app.state.runtime
        with session_scope(rt.session_factory) as s:
            user = create_user(
                s, username="neuvoja", password="x" * 16, role="advisor", service_point="sp"
            )
            s.flush()
            token = create_token(s, user=user, scopes=["submit", "documents:read"])
        r = client.post(
            "/api/v1/submissions",
            files={"files": ("vero.pdf", DIGITAL_PDF.read_bytes(), "application/pdf")},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert r.status_code == 503
        assert r.headers["content-type"].startswith("application/json")
        assert r.json()["code"] == "queue_unavailable"
        # the file was saved: it is a document waiting for OCR (the sweeper sends it later)
        with session_scope(rt.session_factory) as s:
            assert s.scalars(select(Document.state)).all() == ["received"]


# --- giving up while the database is away ------------------------------------------------------


class _Broker:
    def __init__(self) -> None:
        self.enqueued: list[tuple[Any, int]] = []

    def enqueue(self, message: Any, *, delay: int) -> None:
        self.enqueued.append((message, delay))


def test_giving_up_waits_until_the_database_is_back() -> None:
    from dramatiq import Message
    from sqlalchemy.exc import OperationalError

    from pipeline.errors import AspaError
    from pipeline.retry import StageRetries

    database_up = False
    recorded: list[tuple[str, str]] = []

    def give_up(actor: str, args: tuple[Any, ...], err: AspaError) -> None:
        if not database_up:
            raise OperationalError("UPDATE documents", {}, ConnectionRefusedError())
        recorded.append((args[0], err.code))

    mw = StageRetries(give_up, bug=RetryPolicy(first_s=0.01, max_attempts=2))
    broker = _Broker()
    msg = Message(queue_name="q", actor_name="aspa_classify", args=("doc1",), kwargs={}, options={})
    bug = RuntimeError("bug in the classifier")
    # Given a bug that fails twice: the first failure is retried
    mw.after_process_message(broker, msg, exception=bug)  # type: ignore[arg-type]
    assert len(broker.enqueued) == 1 and not recorded
    # When it fails again while the database is down, giving up cannot be recorded
    mw.after_process_message(broker, msg, exception=bug)  # type: ignore[arg-type]
    # Then the message is kept (backing off) instead of being dropped
    assert len(broker.enqueued) == 2 and not recorded and msg.options["giving_up"]
    # And once the database is back, the next failure records it, once
    database_up = True
    mw.after_process_message(broker, msg, exception=bug)  # type: ignore[arg-type]
    assert recorded == [("doc1", "internal_error")] and len(broker.enqueued) == 2


def test_an_outage_is_retried_by_time_not_by_a_count() -> None:
    from dramatiq import Message
    from sqlalchemy.exc import OperationalError

    from pipeline.retry import StageRetries

    mw = StageRetries(lambda *a: None, outage=RetryPolicy(first_s=1, cap_s=60))
    broker = _Broker()
    msg = Message(queue_name="q", actor_name="aspa_ocr", args=("d",), kwargs={}, options={})
    down = OperationalError("SELECT 1", {}, ConnectionRefusedError())
    for _ in range(30):  # a database outage: thirty failures in a row, still retried
        mw.after_process_message(broker, msg, exception=down)  # type: ignore[arg-type]
    assert len(broker.enqueued) == 30 and msg.options["retries"] == 30
    assert max(d for _, d in broker.enqueued) <= 60_000  # capped


@pytest.mark.postgres
def test_upload_answers_503_json_when_the_database_is_down(
    settings: Any, fresh_pg_database: str
) -> None:
    from urllib.parse import urlsplit

    from fastapi.testclient import TestClient

    from aspa.app import create_app
    from auth.security import create_token, create_user
    from tests.servers import TcpProxy

    pg = urlsplit(fresh_pg_database.replace("postgresql+psycopg", "postgresql"))
    proxy = TcpProxy(pg.hostname or "127.0.0.1", pg.port or 5432).start()
    url = fresh_pg_database.replace(f"{pg.hostname}:{pg.port}", f"127.0.0.1:{proxy.port}")
    app = create_app(settings.model_copy(update={"database_url": url}))
    try:
        with TestClient(app) as client:
            with session_scope(app.state.runtime.session_factory) as s:
                user = create_user(
                    s, username="neuvoja", password="x" * 16, role="advisor", service_point="sp"
                )
                s.flush()
                token = create_token(s, user=user, scopes=["submit"])
            proxy.cut()  # the database refuses connections
            r = client.post(
                "/api/v1/submissions",
                files={"files": ("vero.pdf", DIGITAL_PDF.read_bytes(), "application/pdf")},
                headers={"Authorization": f"Bearer {token}"},
            )
            assert (r.status_code, r.json()["code"]) == (503, "database_unavailable")
            proxy.restore()
    finally:
        proxy.stop()


def test_one_table_of_stages() -> None:
    from pipeline.stages import DOCUMENT_STAGES, Stage, next_for_document, restart_state
    from pipeline.states import PENDING, DocState

    # every state with automatic work ahead is taken by a stage, or waits for its deliveries
    assert set(DOCUMENT_STAGES) | {DocState.classified} == PENDING
    assert next_for_document("d", "received") == next_for_document("d", DocState.received)
    assert next_for_document("d", "needs_review") is None
    # the operator's requeue restarts where the table takes it up again
    assert DOCUMENT_STAGES[restart_state(has_text=True)] == Stage.classify
    assert DOCUMENT_STAGES[restart_state(has_text=False)] == Stage.ocr


# --- what people see while a provider is down -------------------------------------------------


def test_advisor_and_operator_see_a_delivery_waiting_for_its_next_try(tmp_path: Path) -> None:
    from datetime import timedelta

    from fastapi.testclient import TestClient

    from pipeline.db import utcnow
    from tests._web_support import add_users, build_app, make_runtime, make_settings, seed_document
    from tests.test_web import signed_in

    settings = make_settings(tmp_path / "var")
    rt = make_runtime(settings)
    add_users(rt)
    ids = seed_document(rt, state="classified", delivery="pending")
    next_try = utcnow() + timedelta(minutes=20)
    with session_scope(rt.session_factory) as s:
        d = s.get(Delivery, ids["delivery_id"])
        assert d is not None
        d.state, d.attempts, d.next_attempt_at, d.retry_since = "retrying", 4, next_try, utcnow()
        d.last_error_code = "delivery_transient"
        d.last_error = "The provider at https://kela.example/inbox answered 503 (maintenance)."
    app = build_app(settings, rt)
    with TestClient(app, follow_redirects=False):
        env = {"app": app}
        advisor = signed_in(env, "neuvoja")  # Finnish
        page = advisor.get(f"/advisor/documents/{ids['document_id']}").text
        assert "odottaa toimitusta" in page and "4 yritystä tähän mennessä" in page
        assert "503 (maintenance)" in page  # the provider's reason, in its words
        assert "odottaa toimitusta" in advisor.get("/advisor").text
        operator = signed_in(env, "operaattori")  # English
        board = operator.get("/operator").text
        assert 'id="retrying-table"' in board and ids["delivery_id"][:8] in board
        assert "Next try" in board and "503 (maintenance)" in board
        stats = operator.get("/operator/stats").json()
        (row,) = stats["retrying_deliveries"]
        assert row["attempts"] == 4 and row["next_attempt_at"] == next_try.isoformat()
    rt.engine.dispose()


def test_aspa_deliveries_list_waiting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from datetime import timedelta

    from typer.testing import CliRunner

    from aspa.bootstrap import build_runtime
    from aspa.cli import app
    from aspa.migrate import upgrade
    from pipeline.db import utcnow
    from pipeline.settings import Settings

    monkeypatch.setenv("ASPA_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("ASPA_ENVIRONMENT", "test")
    rt = build_runtime(Settings(_env_file=None))  # type: ignore[call-arg]
    upgrade(rt.engine)
    _, (waiting_id,) = ready_document(rt)
    _, (done_id,) = ready_document(rt)
    with session_scope(rt.session_factory) as s:
        d = s.get(Delivery, waiting_id)
        assert d is not None
        d.state, d.attempts, d.next_attempt_at = "retrying", 2, utcnow() + timedelta(hours=1)
        d.last_error_code, d.last_error = "delivery_transient", "The provider is not reachable."
        done = s.get(Delivery, done_id)
        assert done is not None
        done.state = "delivered"
    rt.engine.dispose()
    out = CliRunner().invoke(app, ["deliveries", "list", "--waiting"])
    assert out.exit_code == 0, out.output
    assert waiting_id in out.stdout and done_id not in out.stdout
    assert "attempts=2 next=" in out.stdout and "The provider is not reachable." in out.stdout


def test_serve_sweeps_with_an_external_broker(settings: Any) -> None:
    import redis
    from fastapi.testclient import TestClient

    from aspa.app import create_app
    from tests._rows import add_document
    from tests.conftest import REDIS_URL

    # Given `aspa serve` on Redis (no workers in this process), sweeping every 0.2 s
    settings = settings.model_copy(
        update={"broker_url": REDIS_URL, "sweep_every_s": 0.2, "stale_after_s": 0}
    )
    app = create_app(settings)
    try:
        with TestClient(app):
            rt = app.state.runtime
            # When a document sits in `received` with no message (its hand-off was lost)
            with session_scope(rt.session_factory) as s:
                doc_id = add_document(s, submitted_by=None).id

            # Then the service's sweeper sends its OCR message to the broker
            def swept() -> bool:
                with session_scope(rt.session_factory) as s:
                    d = s.get(Document, doc_id)
                    return d is not None and d.enqueued_at is not None

            until(swept, timeout_s=30, what="the sweeper")
            assert app.state.queue.sweeper is not None and not app.state.queue.embedded
    finally:
        redis.Redis.from_url(REDIS_URL).flushdb()


def _relay(a: socket.socket, b: socket.socket) -> None:
    with contextlib.suppress(OSError):
        while data := a.recv(65536):
            b.sendall(data)
    with contextlib.suppress(OSError):
        b.shutdown(socket.SHUT_WR)


@BOTH_DATABASES
def test_a_mail_server_dripping_its_greeting_is_cut_off_retried_and_delivered_once(
    runtime: Runtime, queue: Any, tmp_path: Path
) -> None:
    # Given a provider's mail server whose first connection drips its greeting a byte every
    # 0.2 s (each inside the 1 s socket timeout: only the conversation's 2 s deadline ends it)
    # and whose later connections reach a real SMTP server
    real = SmtpServer().start()
    connections: list[int] = []

    def script(conn: socket.socket) -> None:
        connections.append(1)
        if len(connections) == 1:
            for _ in range(10_000):
                conn.sendall(b"2")
                time.sleep(0.2)
            return
        with socket.create_connection((real.host, real.port)) as upstream:
            back = threading.Thread(target=_relay, args=(upstream, conn), daemon=True)
            back.start()
            _relay(conn, upstream)
            back.join(10)

    try:
        with RawPeer(script) as peer:
            routing = tmp_path / "routing.yaml"
            routing.write_text(
                "version: 1\nconnectors:\n  provider:\n    type: smtp\n    host: 127.0.0.1\n"
                f"    port: {peer.port}\n    security: none\n"
                "    sender: docflow@kunta.example\n    recipients: [inbox@kela.example]\n"
                "    timeout: 1\n    deadline: 2\n"
                "    retry: {first: 0.2, cap: 0.6, give_up_after: 600}\n"
                "routes:\n  - {authority: '*', to: [provider]}\n"
            )
            runtime._routing = load_routing(routing, outbox_dir=tmp_path / "outbox", environ={})
            doc_id, (delivery_id,) = ready_document(runtime)
            # When the delivery runs through the queue
            start = time.monotonic()
            queue.enqueue_delivery(delivery_id)
            states = wait_for(runtime, [doc_id], timeout_s=60)
            elapsed = time.monotonic() - start
    finally:
        real.stop()
    # Then the first attempt failed at the deadline as transient, the second delivered the
    # mail once, and the document is billed once
    assert states[doc_id] == "delivered"
    (d,) = _deliveries(runtime, [delivery_id])
    assert d.attempts == 2 and elapsed < 30
    assert len(real.handler.messages) == 1
    assert real.handler.messages[0]["X-Aspa-Delivery-Id"] == delivery_id
    with session_scope(runtime.session_factory) as s:
        charges = s.scalars(
            select(BillableEvent.document_id).where(BillableEvent.kind == "charge")
        ).all()
    assert charges == [doc_id]

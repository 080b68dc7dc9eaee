"""Delivery through the queue: retries with backoff, dead letters, requeue, receipts, returns.

Each test builds a document that is ready for delivery (classified, with a searchable PDF),
routes every authority to a substitute connector, and lets the in-process worker deliver it.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from billing.models import BillableEvent
from connectors.memory import FlakyConnector, MemoryConnector
from connectors.routing import fixed_routing, load_routing
from pipeline import deliveries, steps
from pipeline.db import session_scope
from pipeline.delivery_cycle import withdraw_copies
from pipeline.errors import PermanentDeliveryError, TransientDeliveryError
from pipeline.models import Delivery, Document, Submission
from pipeline.queue import recover, wait_for
from pipeline.retry import RetryLater, RetryPolicy
from pipeline.runtime import Runtime
from pipeline.states import DocState
from tests.conftest import runtime_on

PDF = (
    Path(__file__).resolve().parent.parent
    / "samples"
    / "generated"
    / "vero_14a_kotitalousvahennys_digital.pdf"
).read_bytes()


@pytest.fixture(params=["sqlite", "postgresql"])
def runtime(request: pytest.FixtureRequest, settings: Any) -> Runtime:
    """Every delivery story runs on the embedded SQLite and on PostgreSQL."""
    return runtime_on(request, settings, request.param)


@pytest.fixture
def fast_retries(runtime: Runtime) -> Runtime:
    runtime.delivery = RetryPolicy(first_s=0.05, cap_s=0.2, max_attempts=3)
    return runtime


def ready_document(
    rt: Runtime, authority: str = "kela", service: str = "kela.asumistuki"
) -> tuple[str, list[str]]:
    """A classified document with its PDF in the store and its deliveries created."""
    with session_scope(rt.session_factory) as s:
        sub = Submission(
            channel="upload",
            service_point="sp-mikkeli",
            sha256="0" * 64,
            size_bytes=len(PDF),
            blob_key="originals/x",
            submitted_by="neuvoja1",
        )
        s.add(sub)
        s.flush()
        doc = Document(
            submission_id=sub.id,
            state=DocState.classified,
            authority=authority,
            service=service,
            confidence=0.99,
            page_count=1,
            language="fi",
            text="Kela AT 1",
        )
        s.add(doc)
        s.flush()
        doc.pdf_key = f"documents/{doc.id}/document.pdf"
        rt.store.put_bytes(doc.pdf_key, PDF)
        ids = steps.create_deliveries(rt, s, doc)
        return doc.id, ids


def state_of(rt: Runtime, delivery_id: str) -> Delivery:
    with session_scope(rt.session_factory) as s:
        d = s.get(Delivery, delivery_id)
        assert d is not None
        s.expunge(d)
        return d


def events_for(rt: Runtime, doc_id: str) -> list[tuple[str, int, str]]:
    with session_scope(rt.session_factory) as s:
        rows = s.scalars(select(BillableEvent).where(BillableEvent.document_id == doc_id))
        return sorted((e.kind, e.event_type, e.provider) for e in rows)


def doc_state(rt: Runtime, doc_id: str) -> str:
    with session_scope(rt.session_factory) as s:
        doc = s.get(Document, doc_id)
        assert doc is not None
        return str(doc.state)


def test_500_then_success_delivers_one_copy_and_bills_once(
    fast_retries: Runtime, queue: Any
) -> None:
    # Given a provider that fails twice with a transient error, then accepts
    memory = MemoryConnector()
    fast_retries._routing = fixed_routing(
        FlakyConnector(
            memory,
            failures=[TransientDeliveryError("HTTP 500"), TransientDeliveryError("HTTP 503")],
        )
    )
    doc_id, (delivery_id,) = ready_document(fast_retries)
    # When the delivery runs
    queue.enqueue_delivery(delivery_id)
    wait_for(fast_retries, [doc_id], timeout_s=30)
    # Then it is delivered after three attempts, once, and billed once
    d = state_of(fast_retries, delivery_id)
    assert (d.state, d.attempts) == ("delivered", 3)
    assert len(memory.for_document(doc_id)) == 1
    assert doc_state(fast_retries, doc_id) == "delivered"
    assert events_for(fast_retries, doc_id) == [("charge", 3, "kela")]


def test_permanent_failure_goes_straight_to_dead_letter_then_retry_works(
    fast_retries: Runtime, queue: Any
) -> None:
    memory = MemoryConnector()
    flaky = FlakyConnector(memory, failures=[PermanentDeliveryError("HTTP 400: bad manifest")])
    fast_retries._routing = fixed_routing(flaky)
    doc_id, (delivery_id,) = ready_document(fast_retries)
    queue.enqueue_delivery(delivery_id)
    wait_for(fast_retries, [doc_id], timeout_s=30)
    d = state_of(fast_retries, delivery_id)
    assert (d.state, d.attempts, d.last_error_code) == ("dead", 1, "delivery_permanent")
    assert "bad manifest" in (d.last_error or "")
    assert doc_state(fast_retries, doc_id) == "failed"
    assert events_for(fast_retries, doc_id) == []
    dead = deliveries.list_deliveries(fast_retries, state="dead")
    assert [x["id"] for x in dead] == [delivery_id]
    # An operator requeues the dead letter; the provider now accepts it
    assert deliveries.retry_dead(queue, actor="operaattori") == [delivery_id]
    wait_for(fast_retries, [doc_id], timeout_s=30)
    assert state_of(fast_retries, delivery_id).state == "delivered"
    assert doc_state(fast_retries, doc_id) == "delivered"
    assert len(memory.for_document(doc_id)) == 1


def test_transient_failures_exhaust_to_dead_letter(fast_retries: Runtime, queue: Any) -> None:
    down = TransientDeliveryError("connection refused")
    fast_retries._routing = fixed_routing(FlakyConnector(MemoryConnector(), failures=[down] * 10))
    doc_id, (delivery_id,) = ready_document(fast_retries)
    queue.enqueue_delivery(delivery_id)
    wait_for(fast_retries, [doc_id], timeout_s=30)
    d = state_of(fast_retries, delivery_id)
    assert (d.state, d.attempts, d.last_error_code) == ("dead", 3, "delivery_transient")
    assert doc_state(fast_retries, doc_id) == "failed"


def test_confirmation_lost_after_upload_leaves_one_copy(fast_retries: Runtime, queue: Any) -> None:
    # The package reached the provider but the worker never heard back (killed, timeout)
    memory = MemoryConnector()
    fast_retries._routing = fixed_routing(
        FlakyConnector(memory, failures_after=[TransientDeliveryError("read timeout")])
    )
    doc_id, (delivery_id,) = ready_document(fast_retries)
    queue.enqueue_delivery(delivery_id)
    wait_for(fast_retries, [doc_id], timeout_s=30)
    assert state_of(fast_retries, delivery_id).state == "delivered"
    assert len(memory.for_document(doc_id)) == 1  # the retry replaced, it did not add
    assert events_for(fast_retries, doc_id) == [("charge", 3, "kela")]


def test_worker_killed_mid_delivery_is_recovered(fast_retries: Runtime, queue: Any) -> None:
    memory = MemoryConnector()
    fast_retries._routing = fixed_routing(memory)
    doc_id, (delivery_id,) = ready_document(fast_retries)
    # Given a delivery that a dead worker left in 'sending' after uploading
    with session_scope(fast_retries.session_factory) as s:
        d = s.get(Delivery, delivery_id)
        assert d is not None
        d.state, d.attempts = "sending", 1
    # When the service starts again
    assert recover(queue) >= 1
    wait_for(fast_retries, [doc_id], timeout_s=30)
    # Then the delivery completes exactly once
    assert state_of(fast_retries, delivery_id).state == "delivered"
    assert len(memory.for_document(doc_id)) == 1
    assert events_for(fast_retries, doc_id) == [("charge", 3, "kela")]


class SlowConnector:
    """A provider that takes a while to answer (so that concurrent runs overlap)."""

    name = "slow"

    def __init__(self, inner: MemoryConnector, seconds: float) -> None:
        self.inner, self.seconds = inner, seconds

    def deliver(self, package: Any) -> Any:
        time.sleep(self.seconds)
        return self.inner.deliver(package)


def test_the_same_delivery_run_concurrently_bills_once(fast_retries: Runtime) -> None:
    memory = MemoryConnector()
    fast_retries._routing = fixed_routing(SlowConnector(memory, 0.5))
    doc_id, (delivery_id,) = ready_document(fast_retries)
    busy: list[RetryLater] = []

    def run() -> None:
        try:
            steps.run_delivery(fast_retries, delivery_id)
        except RetryLater as e:  # another runner holds the claim: the message comes back later
            busy.append(e)

    threads = [threading.Thread(target=run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert steps.run_delivery(fast_retries, delivery_id) == []  # once more afterwards: skipped
    # One run sent it; the three that overlapped found its claim and would come back later
    assert memory.attempts == 1
    # (on a slow machine a late thread may instead find it delivered and skip it)
    assert busy and all(e.delay and e.delay > 0 for e in busy)
    assert state_of(fast_retries, delivery_id).state == "delivered"
    assert len(memory.for_document(doc_id)) == 1
    assert events_for(fast_retries, doc_id) == [("charge", 3, "kela")]


def test_ack_and_return_as_misrouted(fast_retries: Runtime, queue: Any) -> None:
    fast_retries._routing = fixed_routing(MemoryConnector())
    doc_id, (delivery_id,) = ready_document(fast_retries)
    queue.enqueue_delivery(delivery_id)
    wait_for(fast_retries, [doc_id], timeout_s=30)
    view = deliveries.acknowledge(fast_retries, delivery_id, actor="kela-kasittelija")
    assert view["acknowledged_at"] is not None
    assert (
        deliveries.acknowledge(fast_retries, delivery_id, actor="x")["acknowledged_at"]
        == view["acknowledged_at"]
    )  # idempotent
    with pytest.raises(Exception, match="No delivery"):
        deliveries.return_misrouted(
            fast_retries,
            delivery_id,
            reason="ei meille",
            actor="vero-kasittelija",
            authority="vero",
        )
    deliveries.return_misrouted(
        fast_retries,
        delivery_id,
        reason="Tämä kuuluu Verohallinnolle",
        actor="kela-kasittelija",
        authority="kela",
    )
    assert doc_state(fast_retries, doc_id) == "needs_review"
    assert state_of(fast_retries, delivery_id).state == "returned"
    assert events_for(fast_retries, doc_id) == [("charge", 3, "kela"), ("reversal", 3, "kela")]


def test_webhook_route_through_the_pipeline(
    fast_retries: Runtime, queue: Any, webhook_server: Any, tmp_path: Path
) -> None:
    routing = tmp_path / "routing.yaml"
    routing.write_text(
        "version: 1\n"
        "connectors:\n"
        "  kela-webhook:\n"
        "    type: webhook\n"
        f"    url: {webhook_server.url}\n"
        "    secret_env: KELA_SECRET\n"
        "routes:\n"
        "  - authority: '*'\n"
        "    to: [kela-webhook]\n"
    )
    fast_retries._routing = load_routing(
        routing,
        outbox_dir=tmp_path / "outbox",
        environ={"KELA_SECRET": webhook_server.state.secret},
    )
    webhook_server.state.statuses = [500]  # one failure first
    doc_id, (delivery_id,) = ready_document(fast_retries)
    queue.enqueue_delivery(delivery_id)
    wait_for(fast_retries, [doc_id], timeout_s=30)
    # the webhook answered {"received": true}: acknowledged at once
    assert state_of(fast_retries, delivery_id).state == "acknowledged"
    assert list(webhook_server.state.store) == [delivery_id]
    got = webhook_server.state.store[delivery_id]
    assert got.pdf == PDF and got.manifest["document_id"] == doc_id
    assert webhook_server.state.bad_signatures == 0


def test_a_service_that_changed_provider_goes_to_the_new_one(
    fast_retries: Runtime, queue: Any
) -> None:
    # TE services moved to the municipalities on 1.1.2025 (catalogue: provider_changes)
    memory = MemoryConnector()
    fast_retries._routing = fixed_routing(memory)
    doc_id, (delivery_id,) = ready_document(fast_retries, authority="te", service="te.starttiraha")
    queue.enqueue_delivery(delivery_id)
    wait_for(fast_retries, [doc_id], timeout_s=30)
    assert state_of(fast_retries, delivery_id).authority == "kunta"
    assert events_for(fast_retries, doc_id) == [("charge", 3, "kunta")]


def rerouted_in_flight(rt: Runtime) -> tuple[str, str, str]:
    """A document whose send to Kela is under way when a person routes it to Vero; returns the
    document, the withdrawn delivery and the new one, after the send has ended."""
    from pipeline.delivery_cycle import open_round

    doc_id, (delivery_id,) = ready_document(rt)
    sender = threading.Thread(target=steps.run_delivery, args=(rt, delivery_id))
    sender.start()
    deadline = time.monotonic() + 20
    while state_of(rt, delivery_id).state != "sending":
        assert time.monotonic() < deadline, "the delivery never started"
        time.sleep(0.02)
    with session_scope(rt.session_factory) as s:
        doc = s.get(Document, doc_id)
        assert doc is not None
        (new_id,) = open_round(s, doc, "vero", ["fixed"], actor="neuvoja1")
    sender.join(30)
    return doc_id, delivery_id, new_id


def test_a_delivery_withdrawn_while_in_flight_keeps_its_receipt(fast_retries: Runtime) -> None:
    """A person routes the document elsewhere while a slow provider is still receiving it: the
    provider ends up with a copy; the withdrawn delivery says so (receipt, audit row), unbilled."""
    from pipeline.models import AuditEvent

    memory = MemoryConnector()
    fast_retries._routing = fixed_routing(SlowConnector(memory, 1.0))
    # When the document is routed to another authority while the attempt is in flight
    doc_id, delivery_id, new_id = rerouted_in_flight(fast_retries)
    # Then the withdrawn delivery records where the copy went, and nothing is billed for it
    withdrawn = state_of(fast_retries, delivery_id)
    assert withdrawn.state == "withdrawn"
    assert withdrawn.receipt is not None and withdrawn.delivered_at is not None
    assert len(memory.for_document(doc_id)) == 1
    with session_scope(fast_retries.session_factory) as s:
        actions = list(s.scalars(select(AuditEvent.action).where(AuditEvent.document_id == doc_id)))
    assert actions.count("delivered_after_withdrawal") == 1
    assert events_for(fast_retries, doc_id) == []
    # And the new route still delivers and bills once, to the new provider
    assert steps.run_delivery(fast_retries, new_id) == []
    assert state_of(fast_retries, new_id).state == "delivered"
    assert events_for(fast_retries, doc_id) == [("charge", 3, "vero")]


def test_the_audit_trail_names_a_withdrawn_delivery_and_a_late_arrival() -> None:
    from pipeline.models import AuditEvent
    from web.audit_view import trail_rows

    events = [
        AuditEvent(actor="neuvoja1", action=a, details={"authority": "kela"})
        for a in ("delivery_withdrawn", "delivered_after_withdrawal")
    ]
    fi = [r["words"] for r in trail_rows(events, "fi")]
    sv = [r["words"] for r in trail_rows(events, "sv")]
    assert fi == ["toimitus peruttu: Kela", "perutun toimituksen vastaanotti silti: Kela"]
    assert all("återkall" in w and "withdraw" not in w for w in sv)


def test_a_return_withdraws_the_outbox_copy_but_not_the_providers_files(
    fast_retries: Runtime, queue: Any
) -> None:
    """The folder outbox is our side: the provider that returned a document must not keep reading
    it there. A file the provider put beside it is theirs and stays."""
    doc_id, (delivery_id,) = ready_document(fast_retries)
    queue.enqueue_delivery(delivery_id)
    wait_for(fast_retries, [doc_id], timeout_s=30)
    copy = Path(state_of(fast_retries, delivery_id).receipt["location"])  # type: ignore[index]
    assert (copy / "document.pdf").read_bytes() == PDF
    (copy / "kela-note.txt").write_text("luettu")
    deliveries.return_misrouted(
        fast_retries, delivery_id, reason="ei meille", actor="kela1", authority="kela"
    )
    assert sorted(p.name for p in copy.iterdir()) == ["kela-note.txt"]


def test_a_copy_a_newer_round_wrote_is_not_withdrawn(fast_retries: Runtime, queue: Any) -> None:
    """A re-send to the same provider writes to the same place; the old round's withdrawal,
    if it comes late, must leave the new copy alone."""
    doc_id, (delivery_id,) = ready_document(fast_retries)
    queue.enqueue_delivery(delivery_id)
    wait_for(fast_retries, [doc_id], timeout_s=30)
    first = state_of(fast_retries, delivery_id)
    location = str(first.receipt["location"])  # type: ignore[index]
    with session_scope(fast_retries.session_factory) as s:
        d = s.get(Delivery, delivery_id)
        assert d is not None
        new = Delivery(
            document_id=doc_id,
            authority=d.authority,
            service=d.service,
            connector=d.connector,
            state="delivered",
            round_no=2,
            receipt=dict(d.receipt or {}),
        )
        d.state = "returned"
        s.add(new)
    withdraw_copies(
        fast_retries.session_factory, fast_retries.routing, doc_id, [(first.connector, location)]
    )
    assert (Path(location) / "document.pdf").is_file()


def test_a_copy_that_arrives_after_its_withdrawal_leaves_the_outbox(
    fast_retries: Runtime, tmp_path: Path
) -> None:
    """Routed elsewhere while a slow write into the folder outbox was under way: the old
    provider's folder must not keep the document once the write ends."""
    from connectors.folder import FolderConnector

    class SlowFolder(FolderConnector):
        def deliver(self, package: Any) -> Any:
            time.sleep(1.0)
            return super().deliver(package)

    fast_retries._routing = fixed_routing(SlowFolder(tmp_path / "outbox"))
    _, delivery_id, new_id = rerouted_in_flight(fast_retries)
    late = state_of(fast_retries, delivery_id)
    assert late.state == "withdrawn" and late.receipt is not None
    assert not Path(late.receipt["location"]).exists()  # Kela's folder: gone again
    steps.run_delivery(fast_retries, new_id)
    new = state_of(fast_retries, new_id)
    assert new.state == "delivered"
    assert (Path(new.receipt["location"]) / "document.pdf").read_bytes() == PDF  # type: ignore[index]


def test_a_return_stands_when_its_outbox_copy_cannot_be_removed(
    fast_retries: Runtime, queue: Any, tmp_path: Path
) -> None:
    """The return is committed first; a copy that cannot be removed now (a permission, a full
    disk) stays for retention and the provider's return is not answered with an error."""
    from connectors.folder import FolderConnector

    class Stuck(FolderConnector):
        def forget(self, location: str) -> bool:
            raise PermissionError(13, "Permission denied")

    fast_retries._routing = fixed_routing(Stuck(tmp_path / "outbox"))
    doc_id, (delivery_id,) = ready_document(fast_retries)
    queue.enqueue_delivery(delivery_id)
    wait_for(fast_retries, [doc_id], timeout_s=30)
    deliveries.return_misrouted(
        fast_retries, delivery_id, reason="ei meille", actor="kela1", authority="kela"
    )
    assert state_of(fast_retries, delivery_id).state == "returned"
    assert doc_state(fast_retries, doc_id) == "needs_review"

"""The work queue: dramatiq actors per stage, on an in-process broker or on Redis/RabbitMQ.

Messages carry ids only. An actor loads by id, calls one function of :mod:`pipeline.steps` (which
commits the state change) and then enqueues the next stage. With no broker URL the actors run
on dramatiq's in-process :class:`~dramatiq.brokers.stub.StubBroker` with worker threads in the
same process; with ``redis://`` or ``amqp://`` they run on any number of ``aspa worker``
processes.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import dramatiq
from dramatiq.brokers.stub import StubBroker
from dramatiq.middleware import CurrentMessage, Retries
from sqlalchemy import select

from . import steps
from .db import session_scope, utcnow
from .errors import AspaError, ConfigurationError, InternalError, ProcessingError
from .models import Delivery, Document
from .runtime import Runtime
from .states import FINAL, OPEN_DELIVERY, DeliveryState, DocState

log = logging.getLogger(__name__)

MAX_RETRIES = 3


@dataclass
class Queue:
    """A configured broker with the pipeline's actors declared on it."""

    broker: dramatiq.Broker
    runtime: Runtime
    actors: dict[str, dramatiq.Actor[Any, Any]]
    embedded: bool
    worker: dramatiq.Worker | None = None

    def enqueue_ocr(self, document_id: str) -> None:
        self.actors["ocr"].send(document_id)

    def enqueue_classify(self, document_id: str) -> None:
        self.actors["classify"].send(document_id)

    def enqueue_delivery(self, delivery_id: str, *, delay_s: float = 0) -> None:
        if delay_s > 0:
            self.actors["deliver"].send_with_options(args=(delivery_id,), delay=int(delay_s * 1000))
        else:
            self.actors["deliver"].send(delivery_id)

    def start_worker(self, threads: int = 2) -> dramatiq.Worker:
        self.worker = dramatiq.Worker(self.broker, worker_threads=threads, worker_timeout=200)
        self.worker.start()
        return self.worker

    def stop(self) -> None:
        if self.worker is not None:
            self.worker.stop()
            self.worker = None
        self.broker.close()


def make_broker(url: str) -> tuple[dramatiq.Broker, bool]:
    """The broker for ``url``: empty → in-process, ``redis://`` → Redis, ``amqp://`` → RabbitMQ."""
    if not url:
        broker: dramatiq.Broker = StubBroker()
        embedded = True
    elif url.startswith(("redis://", "rediss://")):
        from dramatiq.brokers.redis import RedisBroker

        broker, embedded = RedisBroker(url=url), False  # type: ignore[no-untyped-call]
    elif url.startswith(("amqp://", "amqps://")):
        from dramatiq.brokers.rabbitmq import RabbitmqBroker

        broker, embedded = RabbitmqBroker(url=url), False
    else:
        raise ConfigurationError(
            f"ASPA_BROKER_URL must be empty, redis://… or amqp://…, not {url.split(':')[0]}://…"
        )
    for mw in list(broker.middleware):
        if isinstance(mw, Retries):
            broker.middleware.remove(mw)
    broker.add_middleware(Retries(max_retries=MAX_RETRIES, min_backoff=1000, max_backoff=60_000))
    if not any(isinstance(mw, CurrentMessage) for mw in broker.middleware):
        broker.add_middleware(CurrentMessage())
    return broker, embedded


def setup_queue(rt: Runtime, broker_url: str) -> Queue:
    """Create the broker and declare the actors bound to ``rt``."""
    broker, embedded = make_broker(broker_url)
    dramatiq.set_broker(broker)
    queue = Queue(broker=broker, runtime=rt, actors={}, embedded=embedded)

    def ocr(document_id: str) -> None:
        try:
            go_on = steps.run_ocr(rt, document_id)
        except AspaError as err:
            if err.transient and _attempts(rt, document_id) < MAX_RETRIES:
                raise
            _give_up(rt, document_id, err)
            return
        except Exception:
            _unexpected(rt, document_id=document_id)
            return
        if go_on:
            queue.enqueue_classify(document_id)

    def classify(document_id: str) -> None:
        try:
            delivery_ids = steps.run_classify(rt, document_id)
        except Exception:
            _unexpected(rt, document_id=document_id)
            return
        for delivery_id in delivery_ids:
            queue.enqueue_delivery(delivery_id)

    def deliver(delivery_id: str) -> None:
        try:
            outcome = steps.run_delivery(rt, delivery_id)
        except Exception:
            _unexpected(rt, delivery_id=delivery_id)
            return
        if outcome.retry_in_s is not None:
            queue.enqueue_delivery(delivery_id, delay_s=outcome.retry_in_s)

    permanent = (ProcessingError,)
    for fn, name in ((ocr, "ocr"), (classify, "classify"), (deliver, "deliver")):
        queue.actors[name] = dramatiq.actor(
            actor_name=f"aspa_{name}",
            queue_name=f"aspa_{name}",
            broker=broker,
            throws=permanent,
            max_retries=MAX_RETRIES,
            time_limit=15 * 60 * 1000,
        )(fn)
    return queue


def _unexpected(
    rt: Runtime, *, document_id: str | None = None, delivery_id: str | None = None
) -> None:
    """A bug or an outage (not bad input): retried by dramatiq, then parked for an operator.

    Must be called from an ``except`` block: it re-raises while retries remain, so that
    dramatiq's Retries middleware backs off and tries again.
    """
    message = CurrentMessage.get_current_message()
    if message is not None and message.options.get("retries", 0) < MAX_RETRIES:
        raise
    log.exception("giving up on %s after %d attempts", document_id or delivery_id, MAX_RETRIES)
    err = InternalError()
    if document_id is not None:
        _give_up(rt, document_id, err)
    elif delivery_id is not None:
        steps.park_delivery(rt, delivery_id, err)


def _attempts(rt: Runtime, document_id: str) -> int:
    with session_scope(rt.session_factory) as s:
        doc = s.get(Document, document_id)
        return doc.attempts if doc else MAX_RETRIES


def _give_up(rt: Runtime, document_id: str, err: AspaError) -> None:
    with session_scope(rt.session_factory) as s:
        doc = s.get(Document, document_id)
        if doc is not None and doc.state not in FINAL:
            steps.fail(s, doc, err)


def recover(queue: Queue) -> int:
    """Re-enqueue every document and delivery left in a non-final state (after a crash)."""
    rt = queue.runtime
    n = 0
    with session_scope(rt.session_factory) as s:
        for doc_id, state in s.execute(
            select(Document.id, Document.state).where(
                Document.state.in_([DocState.received, DocState.ocr_done])
            )
        ):
            (queue.enqueue_ocr if state == DocState.received else queue.enqueue_classify)(doc_id)
            n += 1
        now = utcnow()
        for d in s.scalars(select(Delivery).where(Delivery.state.in_(OPEN_DELIVERY))):
            wait = 0.0
            if d.state == DeliveryState.retrying and d.next_attempt_at and d.next_attempt_at > now:
                wait = (d.next_attempt_at - now).total_seconds()
            queue.enqueue_delivery(d.id, delay_s=wait)
            n += 1
    if n:
        log.info("recovered %d unfinished items", n)
    return n


def wait_for(
    rt: Runtime,
    document_ids: Iterable[str],
    *,
    timeout_s: float = 900,
    poll_s: float = 0.2,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, str]:
    """Block until every document reaches a final state (or the timeout); return the states.

    ``progress(done, total)`` is called whenever the number of finished documents changes.
    """
    ids = list(dict.fromkeys(document_ids))
    deadline = time.monotonic() + timeout_s
    reported = -1
    while True:
        with session_scope(rt.session_factory) as s:
            states = dict(
                s.execute(select(Document.id, Document.state).where(Document.id.in_(ids))).all()
            )
            waiting_delivery = set(
                s.scalars(
                    select(Delivery.document_id).where(
                        Delivery.document_id.in_(ids),
                        Delivery.state.in_(OPEN_DELIVERY),
                    )
                )
            )
        finished = sum(
            DocState(states.get(i, DocState.failed)) in FINAL and i not in waiting_delivery
            for i in ids
        )
        if progress is not None and finished != reported:
            progress(finished, len(ids))
            reported = finished
        done = finished == len(ids)
        if done or time.monotonic() > deadline:
            return {i: str(states.get(i, "missing")) for i in ids}
        time.sleep(poll_s)

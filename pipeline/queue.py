"""The work queue: dramatiq actors per stage, on an in-process broker or on Redis/RabbitMQ.

Messages carry ids only. An actor calls one function of :mod:`pipeline.steps` (which claims the
item, commits the state change and returns what follows) and sends the hand-offs it returns.
Failed messages are retried by :class:`~pipeline.retry.StageRetries`; hand-offs lost to a
broker or database outage or to a killed worker are found by :mod:`pipeline.sweeper`, which
runs in every process that runs workers and in ``aspa serve``. With no broker URL the actors run
on dramatiq's in-process :class:`~dramatiq.brokers.stub.StubBroker` with worker threads in the
same process; with ``redis://`` or ``amqp://`` they run on any number of ``aspa worker``
processes.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import dramatiq
from dramatiq.brokers.stub import StubBroker
from dramatiq.middleware import CurrentMessage, Middleware, Retries
from sqlalchemy import select

from . import steps
from .db import session_scope
from .errors import AspaError, ConfigurationError, QueueUnavailableError
from .models import Delivery, Document
from .retry import StageRetries, is_outage
from .runtime import Runtime
from .stages import Stage, Work
from .states import FINAL, OPEN_DELIVERY, DocState
from .sweeper import Sweeper, sweep

log = logging.getLogger(__name__)

#: Idle poll of the dramatiq worker and consumer threads, in milliseconds, in process (the
#: stub broker) and against Redis or RabbitMQ.
EMBEDDED_POLL_MS = 25
BROKER_POLL_MS = 200

#: What each stage's actor runs; it returns the hand-offs that follow.
STEPS: dict[Stage, Callable[[Runtime, str], list[Work]]] = {
    Stage.ocr: steps.run_ocr,
    Stage.classify: steps.run_classify,
    Stage.deliver: steps.run_delivery,
}


class MessageDone(Middleware):
    """Wakes whoever waits in :meth:`wait` when a worker of this process finishes a message
    (done, failed or skipped): the only moments an embedded queue changes a state."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._count = 0

    def _done(self) -> None:
        with self._cond:
            self._count += 1
            self._cond.notify_all()

    def after_process_message(
        self,
        broker: dramatiq.Broker,
        message: Any,
        *,
        result: Any | None = None,
        exception: BaseException | None = None,
    ) -> None:
        self._done()

    def after_skip_message(self, broker: dramatiq.Broker, message: Any) -> None:
        self._done()

    @property
    def count(self) -> int:
        return self._count

    def wait(self, seen: int, timeout_s: float) -> int:
        """Block until more than ``seen`` messages are done or ``timeout_s``; return the count."""
        with self._cond:
            self._cond.wait_for(lambda: self._count > seen, timeout=timeout_s)
            return self._count


@dataclass
class Queue:
    """A configured broker with the pipeline's actors declared on it."""

    broker: dramatiq.Broker
    runtime: Runtime
    actors: dict[str, dramatiq.Actor[Any, Any]]
    embedded: bool
    worker: dramatiq.Worker | None = None
    sweeper: Sweeper | None = field(default=None, repr=False)
    done: MessageDone = field(default_factory=MessageDone, repr=False)

    def send(self, work: Work) -> None:
        """Enqueue one hand-off.

        Raises:
            QueueUnavailableError: the broker is not reachable (the sweeper re-sends it later).
        """
        actor = self.actors[work.stage]
        try:
            if work.delay_s > 0:
                actor.send_with_options(args=(work.id,), delay=max(1, int(work.delay_s * 1000)))
            else:
                actor.send(work.id)
        except Exception as e:
            if not is_outage(e):
                raise
            raise QueueUnavailableError() from e

    def send_all(self, work: Iterable[Work]) -> None:
        for w in work:
            self.send(w)

    def enqueue_ocr(self, document_id: str) -> None:
        self.send(Work(Stage.ocr, document_id))

    def enqueue_classify(self, document_id: str) -> None:
        self.send(Work(Stage.classify, document_id))

    def enqueue_delivery(self, delivery_id: str, *, delay_s: float = 0) -> None:
        self.send(Work(Stage.deliver, delivery_id, delay_s))

    def start_worker(self, threads: int = 2) -> dramatiq.Worker:
        """Run ``threads`` workers in this process, with the claim keeper and the sweeper."""
        # How long an idle worker or consumer thread blocks before it looks again: stopping
        # waits for each in turn (workers, then consumers). In process a short poll costs a
        # few wake-ups a second and takes ~0.3 s off the end of every `aspa process`.
        poll_ms = EMBEDDED_POLL_MS if self.embedded else BROKER_POLL_MS
        self.worker = dramatiq.Worker(self.broker, worker_timeout=poll_ms, worker_threads=threads)
        self.worker.start()
        self.start_sweeper()
        return self.worker

    def start_sweeper(self) -> None:
        """Renew this process's claims and sweep for lost hand-offs periodically (idempotent)."""
        rt = self.runtime
        rt.claims.start()
        if self.sweeper is None:
            self.sweeper = Sweeper(
                rt.session_factory,
                self.send,
                every_s=rt.recovery.sweep_every_s,
                stale_after_s=rt.recovery.stale_after_s,
            )
            self.sweeper.start()

    def stop(self) -> None:
        if self.sweeper is not None:
            self.sweeper.stop()
            self.sweeper = None
        self.runtime.claims.stop()
        if self.worker is not None:
            self.worker.stop()
            self.worker = None
        self.broker.close()


def make_broker(url: str) -> tuple[dramatiq.Broker, bool]:
    """The broker for ``url``: empty → in-process, ``redis://`` → Redis, ``amqp://`` → RabbitMQ.

    dramatiq's own ``Retries`` middleware is removed: :func:`setup_queue` adds ours.
    """
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
    if not any(isinstance(mw, CurrentMessage) for mw in broker.middleware):
        broker.add_middleware(CurrentMessage())
    return broker, embedded


def setup_queue(rt: Runtime, broker_url: str) -> Queue:
    """Create the broker and declare the actors bound to ``rt``.

    An actor is one line: run the stage's step, send what follows. Failures are the business
    of :class:`~pipeline.retry.StageRetries` (the one retry policy) and of the sweeper.
    """
    broker, embedded = make_broker(broker_url)
    broker.add_middleware(StageRetries(lambda *a: _give_up(rt, *a), outage=rt.outage))
    dramatiq.set_broker(broker)
    queue = Queue(broker=broker, runtime=rt, actors={}, embedded=embedded)
    broker.add_middleware(queue.done)

    def actor_for(stage: Stage) -> Callable[[str], None]:
        step = STEPS[stage]

        def run(item_id: str) -> None:
            queue.send_all(step(rt, item_id))

        run.__name__ = f"aspa_{stage}"
        return run

    for stage in Stage:
        queue.actors[stage] = dramatiq.actor(
            actor_name=f"aspa_{stage}",
            queue_name=f"aspa_{stage}",
            broker=broker,
            time_limit=15 * 60 * 1000,
        )(actor_for(stage))
    return queue


def _give_up(rt: Runtime, actor_name: str, args: tuple[Any, ...], err: AspaError) -> None:
    """Record that a stage failed for good: the document fails, or the delivery is parked."""
    (item_id,) = args
    if actor_name == f"aspa_{Stage.deliver}":
        steps.park_delivery(rt, item_id, err)
        return
    with session_scope(rt.session_factory) as s:
        doc = s.get(Document, item_id)
        if doc is not None and doc.state not in FINAL:
            doc.claimed_by = doc.claimed_until = None
            steps.fail(s, doc, err)


def recover(queue: Queue) -> int:
    """Re-enqueue every unclaimed document and delivery left in a non-final state."""
    rt = queue.runtime
    return len(sweep(rt.session_factory, queue.send, stale_after_s=0))


def wait_for(
    rt: Runtime,
    document_ids: Iterable[str],
    *,
    timeout_s: float = 900,
    poll_s: float = 0.2,
    progress: Callable[[int, int], None] | None = None,
    done: MessageDone | None = None,
) -> dict[str, str]:
    """Block until every document reaches a final state (or the timeout); return the states.

    ``progress(done, total)`` is called whenever the number of finished documents changes.
    With ``done`` (the :class:`MessageDone` of an embedded queue whose workers run in this
    process) the states are read again when a message is finished instead of every
    ``poll_s`` (and at least every 2 s: the sweeper may re-send work meanwhile).
    """
    ids = list(dict.fromkeys(document_ids))
    deadline = time.monotonic() + timeout_s
    reported = -1
    seen = done.count if done is not None else 0
    while True:
        with session_scope(rt.session_factory) as s:
            states = dict(
                s.execute(select(Document.id, Document.state).where(Document.id.in_(ids))).all()
            )
            waiting_delivery = set(
                s.scalars(
                    select(Delivery.document_id).where(
                        Delivery.document_id.in_(ids),
                        Delivery.state.in_(list(OPEN_DELIVERY)),
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
        if finished == len(ids) or time.monotonic() > deadline:
            return {i: str(states.get(i, "missing")) for i in ids}
        if done is not None:
            seen = done.wait(seen, min(2.0, max(0.0, deadline - time.monotonic())))
        else:
            time.sleep(poll_s)

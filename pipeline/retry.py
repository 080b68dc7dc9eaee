"""The one retry policy of the pipeline: which failures are retried, when, and when to give up.

Two things use it, and only these two:

- :class:`StageRetries`, the dramatiq middleware that replaces dramatiq's ``Retries`` on our
  broker. When an actor raises, it decides from the error alone: an outage or a transient error
  (database or broker unreachable, ``OcrTimeoutError``, any ``AspaError`` with ``transient``) is
  retried on the :data:`OUTAGE` schedule, which backs off over minutes and lasts an hour by
  default; an unexpected exception (a bug) gets :data:`BUG` (three quick retries). Giving up is
  recorded through the stage's ``give_up`` hook; while the database is still down that fails
  too, and the message simply waits and tries again, so the failure is recorded once it is back.
  A worker killed mid-message runs no middleware: a crash never counts as an attempt.
- a delivery's own schedule (:data:`DELIVERY`, or the route's ``retry:`` in the routing file):
  a provider's refusal is not an outage of ours, so the delivery step records each attempt,
  its error and the next try on the delivery row and re-enqueues itself with the delay; it
  goes to the dead letters only when the schedule (24 hours by default) is spent or on a
  permanent error.

Every delay is exponential backoff with *full jitter* (a uniform draw between 0 and the
exponential ceiling, capped), so that many items failed by one outage do not come back as one
wave. A provider's ``Retry-After`` is honoured as a lower bound.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import dramatiq
from dramatiq.errors import BrokerConnectionError, Retry
from dramatiq.middleware import Middleware
from sqlalchemy import exc as sa_exc

from .errors import AspaError, ConflictError, InternalError, NotFoundError

log = logging.getLogger(__name__)
T = TypeVar("T")

DAY_S = 24 * 3600.0


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff with full jitter, capped; give up after a time and/or a count.

    Attributes:
        first_s: the ceiling of the first delay (the n-th is ``first_s * 2**(n-1)``).
        cap_s: no delay is longer than this (except a longer ``Retry-After``, up to a day).
        give_up_after_s: stop once this long has passed since the first failure.
        max_attempts: stop after this many attempts have failed (None: only the time counts).
    """

    first_s: float = 30.0
    cap_s: float = 3600.0
    give_up_after_s: float = DAY_S
    max_attempts: int | None = None

    def delay(
        self, attempt: int, *, retry_after_s: float | None = None, rng: random.Random | None = None
    ) -> float:
        """Seconds to wait after the ``attempt``-th failure (1-based)."""
        ceiling = min(self.cap_s, self.first_s * (2 ** max(0, min(attempt - 1, 60))))
        wait = (rng or random).uniform(0.0, ceiling)
        if retry_after_s is not None and retry_after_s > wait:
            wait = min(retry_after_s, DAY_S)
        return wait

    def exhausted(self, attempts: int, elapsed_s: float) -> bool:
        """True when no further attempt is due after ``attempts`` failures over ``elapsed_s``."""
        if self.max_attempts is not None and attempts >= self.max_attempts:
            return True
        return elapsed_s >= self.give_up_after_s


#: A provider that does not answer: keep trying for a day, at most an hour apart.
DELIVERY = RetryPolicy()
#: Our own outages (database, broker, an OCR timeout): back off over minutes, for an hour.
OUTAGE = RetryPolicy(first_s=2.0, cap_s=300.0, give_up_after_s=3600.0)
#: A bug: three quick retries, then an operator looks at it.
BUG = RetryPolicy(first_s=1.0, cap_s=10.0, give_up_after_s=DAY_S, max_attempts=4)


#: ``time.monotonic()`` when this process last met an outage (:func:`is_outage`).
_outage_seen = float("-inf")


def is_outage(err: BaseException) -> bool:
    """The database or the broker is unreachable (not a bug, not bad input); an outage is
    remembered (:func:`seconds_since_outage`)."""
    global _outage_seen
    if _classify_outage(err):
        _outage_seen = time.monotonic()
        return True
    return False


def seconds_since_outage() -> float:
    """How long ago this process last met an outage (infinity: never)."""
    return time.monotonic() - _outage_seen


def forget_outages() -> None:
    """As if this process had never met an outage (tests)."""
    global _outage_seen
    _outage_seen = float("-inf")


def _classify_outage(err: BaseException) -> bool:
    if isinstance(err, sa_exc.OperationalError | sa_exc.InterfaceError | sa_exc.TimeoutError):
        return True
    if isinstance(err, sa_exc.DBAPIError) and err.connection_invalidated:
        return True
    if isinstance(err, BrokerConnectionError | ConnectionError | TimeoutError):
        return True
    module = type(err).__module__
    return module.startswith(("redis", "pika")) and "Connection" in type(err).__name__


def is_transient(err: BaseException) -> bool:
    """Retried on the :data:`OUTAGE` schedule: an outage, or an error marked transient."""
    return is_outage(err) or (isinstance(err, AspaError) and err.transient)


class RetryLater(Retry):
    """Raised by a stage that wants its message again after ``delay_s`` (not a failure).

    Used when another runner holds the item (its claim ends in ``delay_s``).
    """

    def __init__(self, reason: str, delay_s: float) -> None:
        super().__init__(reason, delay=max(1, int(delay_s * 1000)))


#: ``give_up(actor_name, args, error)``: record that an item's stage failed for good.
GiveUp = Callable[[str, tuple[Any, ...], AspaError], None]


class StageRetries(Middleware):
    """Retries failed stage messages by :func:`is_transient` and the policies above.

    Args:
        give_up: records a final failure; if it raises (the database is down), the message is
            kept and tried again later, so that giving up happens once the database is back.
        outage: the schedule for transient errors and outages.
        bug: the schedule for unexpected exceptions.
    """

    def __init__(
        self, give_up: GiveUp, *, outage: RetryPolicy = OUTAGE, bug: RetryPolicy = BUG
    ) -> None:
        self.give_up = give_up
        self.outage, self.bug = outage, bug

    def after_process_message(
        self,
        broker: dramatiq.Broker,
        message: Any,
        *,
        result: Any = None,
        exception: BaseException | None = None,
    ) -> None:
        if exception is None:
            return
        if isinstance(exception, RetryLater):
            broker.enqueue(message, delay=exception.delay)
            return
        if isinstance(exception, NotFoundError):
            log.warning("%s(%s): %s", message.actor_name, message.args, exception.message)
            return  # nothing to retry or to record
        if (
            isinstance(exception, AspaError)
            and not exception.transient
            and not isinstance(exception, ConflictError)  # a race: retried like a bug
        ):
            # A permanent error that reached the actor: the stage did not record it itself.
            self._give_up(broker, message, exception)
            return
        transient = is_transient(exception)
        policy = self.outage if transient else self.bug
        options = message.options
        retries = int(options.get("retries", 0))
        first = float(options.setdefault("first_failure_at", time.time()))
        if options.get("giving_up") or policy.exhausted(retries + 1, time.time() - first):
            err = exception if isinstance(exception, AspaError) else InternalError()
            self._give_up(broker, message, err)
            return
        options["retries"] = retries + 1
        delay = policy.delay(retries + 1)
        log.info(
            "%s(%s): %s, retry %d in %.1f s",
            message.actor_name,
            message.args[0] if message.args else "",
            type(exception).__name__,
            retries + 1,
            delay,
        )
        broker.enqueue(message, delay=max(1, int(delay * 1000)))

    def _give_up(self, broker: dramatiq.Broker, message: Any, err: AspaError) -> None:
        try:
            self.give_up(message.actor_name, tuple(message.args), err)
        except Exception as e:
            if not is_outage(e):
                raise
            # Nowhere to record it yet: keep the message and give up once the database is back.
            message.options["giving_up"] = True
            delay = self.outage.delay(int(message.options.get("retries", 0)) + 1)
            log.warning("%s: cannot record giving up (%s); again in %.0f s", err.code, e, delay)
            broker.enqueue(message, delay=max(1, int(delay * 1000)))
            return
        log.warning("%s(%s) given up: %s", message.actor_name, message.args, err.code)


def patiently(fn: Callable[[], T], *, within_s: float = 120.0) -> T:
    """Call ``fn`` again while the database or broker is away, for up to ``within_s``.

    Only for recording the outcome of a side effect already done (a package the provider has):
    retrying the whole stage instead would do the side effect twice.
    """
    start = time.monotonic()
    attempt = 0
    while True:
        try:
            return fn()
        except Exception as e:
            attempt += 1
            if not is_outage(e) or time.monotonic() - start > within_s:
                raise
            wait = min(OUTAGE.delay(attempt), 10.0)
            log.warning("%s; trying again in %.1f s", type(e).__name__, wait)
            time.sleep(wait)

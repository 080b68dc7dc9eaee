"""Document and delivery states and the only transitions allowed between them.

Documents::

    received ──► ocr_done ──► classified ──► delivered
       │            │  ╲          │  ▲           │
       │            │   ╲         │  │ (confirm) │ (returned as misrouted)
       ▼            ▼    ╲        ▼  │           ▼
    rejected      failed  ╲──► needs_review ◄────┘
                    │              ▲
                    └──────────────┘ (returned while another route is dead)

``failed`` documents can be retried by an operator (back to ``received``). ``rejected`` is final:
the input itself was bad and the original is kept in quarantine.

Deliveries (one per document, route and *round*; a re-route or a re-send after a return opens
a new round with new deliveries, new ids and so new idempotency keys)::

                 ┌──────────── operator retry ───────────────┐
                 ▼                                           │
    pending ──► sending ──► delivered ──► acknowledged       │
       │        │  ▲  │         │              │             │
       │        ▼  │  │         └──► returned ◄┘             │
       │     retrying │  (connector confirmed; awaiting      │
       │        │     │   the provider's acknowledgement)    │
       │        ▼     ▼                                      │
       └─────────► dead ─────────────────────────────────────┘

    any open or dead delivery ──► withdrawn   (its round was returned through a sibling)

* ``pending``: created, its first attempt is queued.
* ``sending``: an attempt is in flight (``sending → sending`` is a new attempt after a crash).
* ``retrying``: the last attempt failed transiently; ``next_attempt_at`` says when the next runs.
* ``delivered``: the connector confirmed the package is at the provider (sent, not yet
  acknowledged); ``acknowledged``: the provider confirmed receipt (a webhook may do so at once).
* ``dead``: no more automatic attempts (a permanent error or attempts used up); an operator
  retries it, which keeps its id and idempotency key (it is the same send).
* ``returned``: the provider returned the document as not theirs; ``withdrawn``: an open delivery
  of the same round that will not be sent any more. Both are history: they never block the
  document, give no access to it and are never retried.

A document is ``delivered`` when it has current deliveries (not history) and every one of them
is confirmed (``delivered`` or ``acknowledged``).
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from .errors import IllegalTransitionError


class DocState(StrEnum):
    received = "received"
    ocr_done = "ocr_done"
    classified = "classified"
    needs_review = "needs_review"
    delivered = "delivered"
    rejected = "rejected"
    failed = "failed"


TRANSITIONS: dict[DocState, frozenset[DocState]] = {
    DocState.received: frozenset({DocState.ocr_done, DocState.rejected, DocState.failed}),
    DocState.ocr_done: frozenset({DocState.classified, DocState.needs_review, DocState.failed}),
    DocState.classified: frozenset({DocState.delivered, DocState.needs_review, DocState.failed}),
    DocState.needs_review: frozenset({DocState.classified, DocState.needs_review}),
    DocState.delivered: frozenset({DocState.needs_review, DocState.delivered}),
    DocState.failed: frozenset(
        {DocState.received, DocState.ocr_done, DocState.classified, DocState.needs_review}
    ),
    DocState.rejected: frozenset(),
}

#: States in which no automatic work is pending.
FINAL: frozenset[DocState] = frozenset(
    {DocState.delivered, DocState.needs_review, DocState.rejected, DocState.failed}
)

#: States with automatic work ahead (which stage takes each: the table in pipeline/stages.py).
PENDING: frozenset[DocState] = frozenset(
    {DocState.received, DocState.ocr_done, DocState.classified}
)


def check_transition(current: DocState | str, target: DocState | str) -> DocState:
    """Return ``target`` if the document may move there.

    Raises:
        IllegalTransitionError: the move is not in :data:`TRANSITIONS`.
    """
    cur, tgt = DocState(current), DocState(target)
    if tgt not in TRANSITIONS[cur]:
        raise IllegalTransitionError(f"A document in state '{cur}' cannot move to '{tgt}'.")
    return tgt


class DeliveryState(StrEnum):
    pending = "pending"
    sending = "sending"
    retrying = "retrying"
    delivered = "delivered"
    acknowledged = "acknowledged"
    dead = "dead"
    returned = "returned"
    withdrawn = "withdrawn"


_D = DeliveryState

DELIVERY_TRANSITIONS: dict[DeliveryState, frozenset[DeliveryState]] = {
    _D.pending: frozenset({_D.sending, _D.dead, _D.withdrawn}),
    _D.sending: frozenset(
        {_D.sending, _D.delivered, _D.acknowledged, _D.retrying, _D.dead, _D.withdrawn}
    ),
    _D.retrying: frozenset({_D.sending, _D.pending, _D.dead, _D.withdrawn}),
    _D.delivered: frozenset({_D.acknowledged, _D.returned}),
    _D.acknowledged: frozenset({_D.returned}),
    _D.dead: frozenset({_D.pending, _D.withdrawn}),
    _D.returned: frozenset(),
    _D.withdrawn: frozenset(),
}

#: Deliveries with automatic work ahead (an attempt queued, in flight or scheduled).
OPEN_DELIVERY: frozenset[DeliveryState] = frozenset({_D.pending, _D.sending, _D.retrying})

#: Deliveries the connector confirmed: the package is at the provider.
CONFIRMED_DELIVERY: frozenset[DeliveryState] = frozenset({_D.delivered, _D.acknowledged})

#: Deliveries that are history: they never block a document nor give access to it.
HISTORY_DELIVERY: frozenset[DeliveryState] = frozenset({_D.returned, _D.withdrawn})

#: Deliveries of the document's current route (everything that is not history).
CURRENT_DELIVERY: frozenset[DeliveryState] = frozenset(DeliveryState) - HISTORY_DELIVERY


def check_delivery_transition(
    current: DeliveryState | str, target: DeliveryState | str
) -> DeliveryState:
    """Return ``target`` if the delivery may move there.

    Raises:
        IllegalTransitionError: the move is not in :data:`DELIVERY_TRANSITIONS`.
    """
    cur, tgt = DeliveryState(current), DeliveryState(target)
    if tgt not in DELIVERY_TRANSITIONS[cur]:
        raise IllegalTransitionError(f"A delivery in state '{cur}' cannot move to '{tgt}'.")
    return tgt


def all_confirmed(states: Iterable[DeliveryState | str]) -> bool:
    """Whether a document with deliveries in ``states`` counts as delivered.

    History (returned, withdrawn) is ignored; at least one current delivery must exist and
    every current one must be confirmed.
    """
    current = [DeliveryState(s) for s in states if DeliveryState(s) not in HISTORY_DELIVERY]
    return bool(current) and all(s in CONFIRMED_DELIVERY for s in current)

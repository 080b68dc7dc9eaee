"""Document states and the only transitions allowed between them.

::

    received ──► ocr_done ──► classified ──► delivered
       │            │  ╲          │  ▲           │
       │            │   ╲         │  │ (confirm) │ (returned as misrouted)
       ▼            ▼    ╲        ▼  │           ▼
    rejected      failed  ╲──► needs_review ◄────┘

``failed`` documents can be retried by an operator (back to ``received``). ``rejected`` is final:
the input itself was bad and the original is kept in quarantine.
"""

from __future__ import annotations

from enum import StrEnum

from .errors import ConflictError


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
    DocState.failed: frozenset({DocState.received, DocState.ocr_done, DocState.classified}),
    DocState.rejected: frozenset(),
}

#: States in which no automatic work is pending.
FINAL: frozenset[DocState] = frozenset(
    {DocState.delivered, DocState.needs_review, DocState.rejected, DocState.failed}
)

#: States whose next stage is automatic: on start-up these are re-enqueued.
PENDING: frozenset[DocState] = frozenset(
    {DocState.received, DocState.ocr_done, DocState.classified}
)


def check_transition(current: DocState | str, target: DocState | str) -> DocState:
    """Return ``target`` if the move is allowed.

    Raises:
        ConflictError: the move is not in :data:`TRANSITIONS`.
    """
    cur, tgt = DocState(current), DocState(target)
    if tgt not in TRANSITIONS[cur]:
        raise ConflictError(f"A document in state '{cur}' cannot move to '{tgt}'.")
    return tgt

"""The one table of stages: which automatic stage takes an item in which state.

::

    document  received  ──► ocr
    document  ocr_done  ──► classify
    delivery  pending | sending | retrying ──► deliver

Every other document state waits for a person or is final. The queue (what an actor hands on),
the sweeper (what it re-enqueues when a hand-off was lost) and the operator's requeue (where a
failed document goes back to) all read this table; none of them spells out the order itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from .states import OPEN_DELIVERY, DocState


class Stage(StrEnum):
    ocr = "ocr"
    classify = "classify"
    deliver = "deliver"


#: The automatic stage that takes a document in each state (absent: none).
DOCUMENT_STAGES: Mapping[DocState, Stage] = MappingProxyType(
    {DocState.received: Stage.ocr, DocState.ocr_done: Stage.classify}
)

#: Delivery states whose delivery stage is still to run (:data:`~pipeline.states.OPEN_DELIVERY`).
OPEN_DELIVERY_STATES: tuple[str, ...] = tuple(sorted(OPEN_DELIVERY))


@dataclass(frozen=True)
class Work:
    """One hand-off: run ``stage`` on item ``id`` (a document or a delivery) after ``delay_s``."""

    stage: Stage
    id: str
    delay_s: float = 0.0


def next_for_document(document_id: str, state: DocState | str) -> Work | None:
    """The hand-off for a document now in ``state`` (None: nothing automatic follows)."""
    stage = DOCUMENT_STAGES.get(DocState(state))
    return Work(stage, document_id) if stage is not None else None


def restart_state(*, has_text: bool) -> DocState:
    """Where a failed document goes back to: classification if it has its text, else OCR."""
    return DocState.ocr_done if has_text else DocState.received

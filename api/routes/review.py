"""Review: a person confirms or corrects where a document goes."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel

from pipeline.review import decide
from pipeline.service import list_documents

from ..deps import ActorDep, QueueDep, RuntimeDep

router = APIRouter(prefix="/api/v1/review", tags=["review"])


class Decision(BaseModel):
    authority: str
    service: str


@router.get("")
def waiting(rt: RuntimeDep, limit: int = 100) -> list[dict[str, Any]]:
    """Documents waiting for a person's decision."""
    return list_documents(rt, state="needs_review", limit=min(limit, 500))


@router.post("/{document_id}")
def decide_document(
    document_id: str, body: Decision, queue: QueueDep, actor: ActorDep
) -> dict[str, Any]:
    """Confirm or correct the authority and service; the document is then delivered."""
    known = _services()
    return decide(
        queue,
        document_id,
        authority=body.authority,
        service=body.service,
        actor=actor,
        known_services=known,
    )


def _services() -> dict[str, str] | None:
    try:
        from classifiers import load_catalogue
    except ImportError:
        return None
    cat = load_catalogue()
    return {s.id: s.authority for s in cat.services}

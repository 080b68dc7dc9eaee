"""Review: a person confirms or corrects where a document goes."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from auth import Principal, check_document_access, require_role
from auth.models import Role
from pipeline.db import session_scope
from pipeline.review import decide
from pipeline.service import list_documents

from ..deps import ActorDep, QueueDep, RuntimeDep

router = APIRouter(prefix="/api/v1/review", tags=["review"])

# Advisors review their own service point's documents; operators see the whole backlog.
Reader = Annotated[Principal, Depends(require_role(Role.advisor, Role.operator, scope="review"))]
Reviewer = Annotated[Principal, Depends(require_role(Role.advisor, scope="review"))]


class Decision(BaseModel):
    authority: str
    service: str
    confirm_resend: bool = Field(
        default=False,
        description="Send it again to the provider that returned it as misrouted (409 "
        "resend_needs_confirmation without it).",
    )


@router.get("")
def waiting(rt: RuntimeDep, user: Reader, limit: int = 100) -> list[dict[str, Any]]:
    """Documents waiting for a person's decision (an advisor's: their service point's)."""
    # The service-point filter is part of the query: a limit applied first would hide an
    # advisor's documents behind other points' newer ones.
    point = (user.service_point or "\0") if user.role == Role.advisor else None
    return list_documents(rt, state="needs_review", service_point=point, limit=min(limit, 500))


@router.post("/{document_id}")
def decide_document(
    document_id: str, body: Decision, queue: QueueDep, actor: ActorDep, user: Reviewer
) -> dict[str, Any]:
    """Confirm or correct the authority and service; the document is then delivered."""
    with session_scope(queue.runtime.session_factory) as s:
        check_document_access(s, user, document_id)
    known = _services()
    return decide(
        queue,
        document_id,
        authority=body.authority,
        service=body.service,
        actor=actor,
        known_services=known,
        confirm_resend=body.confirm_resend,
    )


def _services() -> dict[str, str] | None:
    try:
        from classifiers import load_catalogue
    except ImportError:
        return None
    cat = load_catalogue()
    return {s.id: s.authority for s in cat.services}

"""Deliveries: operators list and retry; providers acknowledge or return as misrouted."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from auth import Principal, require_role
from auth.models import Role
from pipeline import deliveries as svc

from ..deps import ActorDep, QueueDep, RuntimeDep

router = APIRouter(prefix="/api/v1/deliveries", tags=["deliveries"])

# Provider staff act only on their own authority's deliveries (another's answers 404).
Reader = Annotated[
    Principal, Depends(require_role(Role.operator, Role.provider, scope="deliveries:read"))
]
Operator = Annotated[Principal, Depends(require_role(Role.operator, scope="deliveries:retry"))]
Provider = Annotated[Principal, Depends(require_role(Role.provider, scope="deliveries:ack"))]


class ReturnBody(BaseModel):
    reason: str = Field(min_length=3, max_length=2000, description="Why it is not ours.")


@router.get("")
def list_deliveries(
    rt: RuntimeDep,
    user: Reader,
    state: str | None = None,
    authority: str | None = None,
    limit: int = 200,
) -> list[dict[str, Any]]:
    """Deliveries, newest first; ``state=dead`` lists the dead letters.

    Provider staff always get their own authority's deliveries, whatever ``authority`` says.
    """
    if user.role == Role.provider:
        authority = user.authority or ""
    return svc.list_deliveries(rt, state=state, authority=authority, limit=min(limit, 1000))


@router.post("/{delivery_id}/retry")
def retry(delivery_id: str, queue: QueueDep, actor: ActorDep, _user: Operator) -> dict[str, Any]:
    """Requeue a dead or stuck delivery now."""
    return svc.retry_delivery(queue, delivery_id, actor=actor)


@router.post("/{delivery_id}/ack")
def acknowledge(
    delivery_id: str, rt: RuntimeDep, actor: ActorDep, user: Provider
) -> dict[str, Any]:
    """The provider confirms receipt (idempotent)."""
    return svc.acknowledge(rt, delivery_id, actor=actor, authority=user.authority)


@router.post("/{delivery_id}/return")
def return_misrouted(
    delivery_id: str, body: ReturnBody, rt: RuntimeDep, actor: ActorDep, user: Provider
) -> dict[str, Any]:
    """The provider returns a misrouted document: it goes back to review and its fee is reversed."""
    return svc.return_misrouted(
        rt, delivery_id, reason=body.reason, actor=actor, authority=user.authority
    )

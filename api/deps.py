"""Dependencies shared by the routers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from pipeline.db import session_scope
from pipeline.queue import Queue
from pipeline.runtime import Runtime


def get_runtime(request: Request) -> Runtime:
    return request.app.state.runtime  # type: ignore[no-any-return]


def get_queue(request: Request) -> Queue:
    return request.app.state.queue  # type: ignore[no-any-return]


def get_session(request: Request) -> Iterator[Session]:
    """A transaction per request: committed when the route returns, rolled back if it raises."""
    with session_scope(request.app.state.session_factory) as session:
        yield session


def get_actor(request: Request) -> str:
    """Who is calling: the signed-in user's name (or the API token owner's), for audit records.

    The auth middleware (:mod:`auth.middleware`) puts the principal on ``request.state``;
    routes that reach here without one are public, so the actor is "anonymous".
    """
    user = getattr(request.state, "user", None)
    name = getattr(user, "username", None)
    if name and getattr(user, "via", "session") == "token":
        return f"{name} (token)"
    return name or "anonymous"


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
QueueDep = Annotated[Queue, Depends(get_queue)]
SessionDep = Annotated[Session, Depends(get_session)]
ActorDep = Annotated[str, Depends(get_actor)]

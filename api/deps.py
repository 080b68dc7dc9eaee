"""Dependencies shared by the routers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from pipeline.queue import Queue
from pipeline.runtime import Runtime


def get_runtime(request: Request) -> Runtime:
    return request.app.state.runtime  # type: ignore[no-any-return]


def get_queue(request: Request) -> Queue:
    return request.app.state.queue  # type: ignore[no-any-return]


def get_session(request: Request) -> Iterator[Session]:
    factory = request.app.state.runtime.session_factory
    session: Session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def get_actor(request: Request) -> str:
    """Who is calling. Until authentication arrives this is the anonymous counter user."""
    user = getattr(request.state, "user", None)
    return getattr(user, "username", None) or "anonymous"


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
QueueDep = Annotated[Queue, Depends(get_queue)]
SessionDep = Annotated[Session, Depends(get_session)]
ActorDep = Annotated[str, Depends(get_actor)]

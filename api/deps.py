"""The request dependencies of the routers: defined in :mod:`auth.deps` (the one module).

Re-exported here so that ``from ..deps import RuntimeDep`` keeps working in the routers.
"""

from __future__ import annotations

from auth.deps import (
    ActorDep,
    QueueDep,
    RuntimeDep,
    SessionDep,
    get_actor,
    get_queue,
    get_runtime,
    get_session,
)

__all__ = [
    "ActorDep",
    "QueueDep",
    "RuntimeDep",
    "SessionDep",
    "get_actor",
    "get_queue",
    "get_runtime",
    "get_session",
]

"""Liveness and readiness probes."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text

from ..deps import RuntimeDep

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz() -> dict[str, str]:
    """The process is up."""
    return {"status": "ok"}


@router.get("/readyz")
def readyz(rt: RuntimeDep, request: Request) -> JSONResponse:
    """The database answers, the object store is reachable and every channel thread is alive.

    ``channels`` lists each hot folder and mailbox with ``alive``, its last successful poll
    (``last_ok``) and the last error code; a dead channel thread fails the probe.
    """
    checks: dict[str, str] = {}
    try:
        with rt.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except Exception as e:
        checks["database"] = f"error: {type(e).__name__}"
    try:
        rt.store.exists("readyz-probe")
        checks["object_store"] = "ok"
    except Exception as e:
        checks["object_store"] = f"error: {type(e).__name__}"
    monitor = getattr(request.app.state, "channels", None)
    channels = monitor.snapshot() if monitor is not None else {}
    if channels:
        dead = sorted(n for n, c in channels.items() if not c["alive"])
        checks["channels"] = "ok" if not dead else "dead: " + ", ".join(dead)
    ok = all(v == "ok" for v in checks.values())
    return JSONResponse(
        {"status": "ok" if ok else "unavailable", "checks": checks, "channels": channels},
        status_code=200 if ok else 503,
    )

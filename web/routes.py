"""All routers of the web app, in the order they are mounted."""

from __future__ import annotations

from fastapi import APIRouter

from .metrics import router as metrics_router
from .pages import (
    admin,
    advisor,
    advisor_events,
    documents,
    finance,
    operator,
    provider,
    receipt,
    session,
    upload,
)

router = APIRouter()
for _module in (
    session,
    upload,
    advisor,
    advisor_events,
    receipt,
    provider,
    operator,
    finance,
    documents,
    admin,
):
    router.include_router(_module.router)
router.include_router(metrics_router)

__all__ = ["router"]

"""All routers of the web app, in the order they are mounted."""

from __future__ import annotations

from fastapi import APIRouter

from .metrics import router as metrics_router
from .pages import admin, advisor, documents, finance, operator, provider, receipt, session

router = APIRouter()
for _module in (session, advisor, receipt, provider, operator, finance, documents, admin):
    router.include_router(_module.router)
router.include_router(metrics_router)

__all__ = ["router"]

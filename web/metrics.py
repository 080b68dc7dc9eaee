"""Prometheus metrics at ``/metrics``, computed from the database at scrape time.

Gauges and counters are read from the tables (so every process reports the same numbers, and
workers on other machines need no exporter of their own); stage durations are a gauge histogram
over the last 24 hours of state changes. Access: the operator role (session) or an API token
with the ``metrics:read`` scope whose owner is an operator or admin.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Histogram, generate_latest
from prometheus_client.core import (
    CounterMetricFamily,
    GaugeHistogramMetricFamily,
    GaugeMetricFamily,
    Metric,
)
from sqlalchemy import func, select

from auth import require_role
from auth.models import Role
from billing.models import BillableEvent
from pipeline.db import session_scope, utcnow
from pipeline.models import AuditEvent, Document

from .dashboard import queue_stats

BUCKETS = (1.0, 5.0, 15.0, 30.0, 60.0, 120.0, 300.0, 900.0, 3600.0, float("inf"))
#: state reached → (stage name, the state whose time it is measured from; None = creation)
STAGE_ENDS = {
    "state:ocr_done": ("ocr", None),
    "state:classified": ("classification", "state:ocr_done"),
    "state:needs_review": ("classification", "state:ocr_done"),
    "state:delivered": ("delivery", "state:classified"),
}


class DatabaseCollector:
    """Reads the pipeline's tables when Prometheus scrapes."""

    def __init__(self, app: Any) -> None:
        self.app = app

    def describe(self) -> list[Metric]:
        return []  # no DB access at registration

    def collect(self) -> Iterator[Metric]:
        rt = getattr(self.app.state, "runtime", None)
        if rt is None:
            return
        with session_scope(rt.session_factory) as s:
            stats = queue_stats(s, limit=0)
            docs = GaugeMetricFamily("aspa_documents", "Documents per state.", labels=["state"])
            for state, n in stats["documents"].items():
                docs.add_metric([state], n)
            yield docs
            dels = GaugeMetricFamily("aspa_deliveries", "Deliveries per state.", labels=["state"])
            for state, n in stats["deliveries"].items():
                dels.add_metric([state], n)
            yield dels
            oldest = GaugeMetricFamily(
                "aspa_oldest_waiting_seconds",
                "Age of the oldest item waiting per stage.",
                labels=["stage"],
            )
            for stage, age in stats["oldest_waiting_s"].items():
                oldest.add_metric([stage], age or 0.0)
            yield oldest
            pages = (
                s.scalar(
                    select(func.coalesce(func.sum(Document.page_count), 0)).where(
                        Document.pdf_key.is_not(None)
                    )
                )
                or 0
            )
            yield CounterMetricFamily(
                "aspa_ocr_pages", "Pages that went through OCR.", value=int(pages)
            )
            events = CounterMetricFamily(
                "aspa_billable_events", "Ledger entries.", labels=["provider", "event_type", "kind"]
            )
            for provider, etype, kind, n in s.execute(
                select(
                    BillableEvent.provider,
                    BillableEvent.event_type,
                    BillableEvent.kind,
                    func.count(),
                ).group_by(BillableEvent.provider, BillableEvent.event_type, BillableEvent.kind)
            ):
                events.add_metric([provider, str(etype), str(kind)], n)
            yield events
            yield from self._stage_durations(s)

    def _stage_durations(self, s: Any) -> Iterator[Metric]:
        since = utcnow() - timedelta(hours=24)
        rows = s.execute(
            select(AuditEvent.document_id, AuditEvent.action, AuditEvent.at, Document.created_at)
            .join(Document, Document.id == AuditEvent.document_id)
            .where(
                AuditEvent.at >= since,
                AuditEvent.action.in_([*STAGE_ENDS, "state:ocr_done", "state:classified"]),
            )
            .order_by(AuditEvent.document_id, AuditEvent.at)
            .limit(50_000)
        ).all()
        durations: dict[str, list[float]] = {"ocr": [], "classification": [], "delivery": []}
        last: dict[tuple[str, str], Any] = {}
        for doc_id, action, at, created in rows:
            if action in STAGE_ENDS:
                stage, start_action = STAGE_ENDS[action]
                start = created if start_action is None else last.get((doc_id, start_action))
                if start is not None:
                    durations[stage].append(max(0.0, (at - start).total_seconds()))
            last[(doc_id, action)] = at
        family = GaugeHistogramMetricFamily(
            "aspa_stage_duration_seconds",
            "Time documents spent per stage (state changes of the last 24 hours).",
            labels=["stage"],
        )
        for stage, values in durations.items():
            buckets = [
                (str(b) if b != float("inf") else "+Inf", float(sum(1 for v in values if v <= b)))
                for b in BUCKETS
            ]
            family.add_metric([stage], buckets, gsum_value=float(sum(values)))
        yield family


router = APIRouter(include_in_schema=False)
_metrics_user = require_role(Role.operator, scope="metrics:read")


@router.get("/metrics", dependencies=[Depends(_metrics_user)])
def metrics(request: Request) -> Response:
    registry: CollectorRegistry = request.app.state.metrics_registry
    return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)


def make_registry(app: Any) -> CollectorRegistry:
    registry = CollectorRegistry(auto_describe=False)
    registry.register(DatabaseCollector(app))
    return registry


class RequestMetrics:
    """ASGI middleware: a histogram of request durations per handler and status class."""

    def __init__(self, app: Any, *, registry: CollectorRegistry) -> None:
        self.app = app
        self.histogram = Histogram(
            "aspa_http_request_duration_seconds",
            "Time to answer HTTP requests.",
            ["method", "handler", "status"],
            registry=registry,
            buckets=(0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 15.0, 60.0),
        )

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = [500]

        async def send_status(message: Any) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_status)
        finally:
            route = scope.get("route")
            handler = getattr(route, "name", None) or "unmatched"
            self.histogram.labels(scope["method"], handler, f"{status[0] // 100}xx").observe(
                time.perf_counter() - start
            )

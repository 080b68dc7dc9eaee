"""The runtime: everything a stage needs, built once per process from settings.

Entry points (CLI, API, worker) call :func:`aspa.bootstrap.build_runtime`, which also plugs the
plug-ins into the core's ports (:class:`~pipeline.ports.Plugins`); actors and stages receive the
:class:`Runtime` and never read settings themselves.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from PIL import Image
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from .claims import Claims
from .intake import Limits
from .ocr.types import OcrContext
from .ports import Classifier, Plugins, RoutingTable
from .retry import DELIVERY, OUTAGE, RetryPolicy
from .storage import BlobStore


@dataclass(frozen=True)
class Recovery:
    """How lost hand-offs are found again (see :mod:`pipeline.sweeper` and :mod:`pipeline.claims`).

    Attributes:
        sweep_every_s: how often each worker process (and ``aspa serve``) sweeps.
        stale_after_s: an item waiting this long with no live claim is re-enqueued.
        lease_s: a claim lapses this long after its holder stopped renewing it.
    """

    sweep_every_s: float = 30.0
    stale_after_s: float = 120.0
    lease_s: float = 30.0


@dataclass
class Runtime:
    engine: Engine
    session_factory: sessionmaker[Session]
    store: BlobStore
    limits: Limits
    ocr: OcrContext
    review_threshold: float
    model_dir: Path
    outbox_dir: Path
    routing_file: Path | None
    work_dir: Path
    feedback_dir: Path
    default_service_point: str
    plugins: Plugins
    #: The delivery retry schedule of routes that do not set their own ``retry:``.
    delivery: RetryPolicy = DELIVERY
    #: The schedule for outages and transient errors of every stage.
    outage: RetryPolicy = OUTAGE
    recovery: Recovery = field(default_factory=Recovery)
    claims: Claims = field(init=False)
    _classifier: Classifier | None = None
    _routing: RoutingTable | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.claims = Claims(self.session_factory, lease_s=self.recovery.lease_s)

    @property
    def classifier(self) -> Classifier:
        """The classifier, loaded once per process on first use."""
        with self._lock:
            if self._classifier is None:
                self._classifier = self.plugins.load_classifier(
                    self.model_dir, min_confidence=self.review_threshold
                )
            return self._classifier

    def set_classifier(self, classifier: Classifier | None) -> None:
        with self._lock:
            self._classifier = classifier

    def provider_for(self, authority: str, service: str | None, on: date) -> str:
        """Who provides ``service`` on ``on`` by the catalogue (``authority`` if unknown)."""
        return self.plugins.provider_for(authority, service, on)

    def top_text(self, image: Image.Image) -> str:
        """Text of the top part of a page, for finding where a new form starts in a batch."""
        from .ocr.quick import quick_text

        return quick_text(
            image, languages=self.ocr.languages, timeout=self.ocr.timeout_seconds, ctx=self.ocr
        )

    def looks_like_first_page(self, top_text: str) -> bool:
        """A form code or a form title of the catalogue at the top of a page."""
        return self.plugins.looks_like_first_page(top_text)

    @property
    def routing(self) -> RoutingTable:
        with self._lock:
            if self._routing is None:
                self._routing = self.plugins.load_routing(
                    self.routing_file, outbox_dir=self.outbox_dir
                )
            return self._routing

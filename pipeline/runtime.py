"""The runtime: everything a stage needs, built once per process from settings.

Entry points (CLI, API, worker) call :func:`build_runtime`; actors and stages receive the
:class:`Runtime` and never read settings themselves.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import Image
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from .db import make_engine, make_session_factory
from .intake import Limits
from .ocr.types import OcrContext
from .private import make_private_dir
from .settings import Settings
from .storage import BlobStore, open_store

if TYPE_CHECKING:
    from classifiers.base import Classifier
    from connectors.routing import RoutingTable


@dataclass(frozen=True)
class DeliveryPolicy:
    max_attempts: int = 6
    min_backoff_s: float = 2.0
    max_backoff_s: float = 600.0


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
    delivery: DeliveryPolicy = field(default_factory=DeliveryPolicy)
    _classifier: Classifier | None = None
    _routing: RoutingTable | None = None
    _first_page_rules: Classifier | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def classifier(self) -> Classifier:
        """The classifier, loaded once per process on first use."""
        with self._lock:
            if self._classifier is None:
                from classifiers import load_classifier

                self._classifier = load_classifier(
                    self.model_dir, min_confidence=self.review_threshold
                )
            return self._classifier

    def set_classifier(self, classifier: Classifier | None) -> None:
        with self._lock:
            self._classifier = classifier

    def provider_for(self, authority: str, service: str | None, on: date) -> str:
        """Who provides ``service`` on ``on`` by the catalogue (``authority`` if unknown)."""
        from classifiers.catalogue import load_catalogue

        catalogue = load_catalogue()
        if service is None or not catalogue.has_service(service):
            return authority
        return catalogue.service(service).provider_on(on)

    def top_text(self, image: Image.Image) -> str:
        """Text of the top part of a page, for finding where a new form starts in a batch."""
        from .ocr.quick import quick_text

        return quick_text(image, languages=self.ocr.languages, timeout=self.ocr.timeout_seconds)

    def looks_like_first_page(self, top_text: str) -> bool:
        """A form code or a form title of the catalogue at the top of a page."""
        with self._lock:
            if self._first_page_rules is None:
                from classifiers.catalogue import load_catalogue
                from classifiers.rules import RuleClassifier

                self._first_page_rules = RuleClassifier(load_catalogue(), min_confidence=0.0)
        return self._first_page_rules.classify(top_text).service is not None

    @property
    def routing(self) -> RoutingTable:
        with self._lock:
            if self._routing is None:
                from connectors.routing import load_routing

                self._routing = load_routing(
                    self.routing_file, outbox_dir=self.outbox_dir, environ=os.environ
                )
            return self._routing


def build_runtime(settings: Settings, *, engine: Engine | None = None) -> Runtime:
    """Connect to the configured database and object store; does not touch the queue."""
    engine = engine or make_engine(settings.effective_database_url)
    store = open_store(
        settings.object_store,
        folder=settings.blob_dir,
        endpoint=settings.s3_endpoint,
        access_key=settings.s3_access_key,
        secret_key=settings.s3_secret_key.get_secret_value(),
        secure=settings.s3_secure,
        region=settings.s3_region,
    )
    make_private_dir(settings.work_dir)
    return Runtime(
        engine=engine,
        session_factory=make_session_factory(engine),
        store=store,
        limits=Limits(
            max_bytes=settings.max_upload_bytes,
            max_pages=settings.max_pages,
            max_pixels=settings.max_image_pixels,
            dpi=settings.ocr_dpi,
            max_total_pixels=settings.max_total_pixels,
            min_side=settings.min_image_side,
            max_files=settings.max_files_per_request,
            time_budget_s=settings.document_time_budget_seconds,
        ),
        ocr=OcrContext(
            languages=settings.ocr_languages,
            dpi=settings.ocr_dpi,
            workers=settings.ocr_workers,
            timeout_seconds=settings.ocr_timeout_seconds,
            work_dir=settings.work_dir,
        ),
        review_threshold=settings.review_threshold,
        model_dir=settings.effective_model_dir,
        outbox_dir=settings.outbox_dir,
        routing_file=settings.routing_file,
        work_dir=settings.work_dir,
        feedback_dir=settings.data_dir / "feedback",
        default_service_point=settings.default_service_point,
    )

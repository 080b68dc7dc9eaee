"""The bootstrap: build the runtime from settings and plug the plug-ins into the core's ports.

This is the one place that knows every implementation. A new connector kind is one module in
``connectors/`` named in ``connectors.routing``; a new port implementation is one line in
:func:`build_plugins`. Loading a classifier imports spaCy, so it happens on first use, not here.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from sqlalchemy.engine import Engine

from billing.hooks import LedgerBilling
from connectors.package import build_package
from pipeline.db import make_engine, make_session_factory
from pipeline.intake import Limits
from pipeline.ports import Classifier, FirstPageTest, Plugins, RoutingTable, SplitPart, TopText
from pipeline.private import make_private_dir
from pipeline.retry import RetryPolicy
from pipeline.runtime import Recovery, Runtime
from pipeline.settings import Settings
from pipeline.storage import open_store

__all__ = ["build_plugins", "build_runtime"]


def _load_classifier(model_dir: Path, *, min_confidence: float) -> Classifier:
    from classifiers import load_classifier

    return load_classifier(model_dir, min_confidence=min_confidence)


def _load_routing(routing_file: Path | None, *, outbox_dir: Path) -> RoutingTable:
    from connectors.routing import load_routing

    return load_routing(routing_file, outbox_dir=outbox_dir, environ=os.environ)


def _provider_for(authority: str, service: str | None, on: date) -> str:
    from classifiers.catalogue import load_catalogue

    catalogue = load_catalogue()
    if service is None or not catalogue.has_service(service):
        return authority
    return catalogue.service(service).provider_on(on)


@functools.cache
def _first_page_rules() -> Classifier:
    from classifiers.catalogue import load_catalogue
    from classifiers.rules import RuleClassifier

    return RuleClassifier(load_catalogue(), min_confidence=0.0)


def _looks_like_first_page(top_text: str) -> bool:
    return _first_page_rules().classify(top_text).service is not None


def _record_correction(feedback_dir: Path, *, text: str, service_id: str, user: str) -> None:
    from classifiers.catalogue import load_catalogue
    from classifiers.feedback import record_correction

    record_correction(
        feedback_dir,
        text=text,
        service_id=service_id,
        user=user,
        known_services=frozenset(load_catalogue().service_ids),
    )


def _split_batch(
    src: Path,
    out_dir: Path,
    *,
    top_text: TopText | None = None,
    looks_like_first_page: FirstPageTest | None = None,
) -> Sequence[SplitPart]:
    # Imported when a batch is split (``--split``): the separator sheets' QR code reader is
    # ~60 ms of CPU at every start otherwise.
    from channels.splitting import split_batch

    return split_batch(src, out_dir, top_text=top_text, looks_like_first_page=looks_like_first_page)


def build_plugins() -> Plugins:
    """The real implementation of every port."""
    return Plugins(
        load_classifier=_load_classifier,
        load_routing=_load_routing,
        provider_for=_provider_for,
        looks_like_first_page=_looks_like_first_page,
        build_package=build_package,
        billing=LedgerBilling(),
        record_correction=_record_correction,
        split_batch=_split_batch,
    )


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
        ocr=settings.ocr_context(),
        review_threshold=settings.review_threshold,
        model_dir=settings.effective_model_dir,
        outbox_dir=settings.outbox_dir,
        routing_file=settings.routing_file,
        work_dir=settings.work_dir,
        feedback_dir=settings.data_dir / "feedback",
        default_service_point=settings.default_service_point,
        plugins=build_plugins(),
        outage=RetryPolicy(
            first_s=settings.retry_first_s,
            cap_s=settings.retry_cap_s,
            give_up_after_s=settings.retry_give_up_after_s,
        ),
        recovery=Recovery(
            sweep_every_s=settings.sweep_every_s,
            stale_after_s=settings.stale_after_s,
            lease_s=settings.claim_lease_s,
        ),
    )

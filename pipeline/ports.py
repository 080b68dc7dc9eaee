"""The ports: what the core needs from its plug-ins, each a small :class:`typing.Protocol`.

The core (``pipeline/``) imports no plug-in. It names what it needs here; the plug-in packages
implement it, and the composition root (:mod:`aspa.bootstrap`) plugs the implementations into
one :class:`Plugins` value that travels on the :class:`~pipeline.runtime.Runtime`::

    port                      implemented by
    ------------------------  ---------------------------------------------------------------
    Classifier (+ Prediction) classifiers (load_classifier: rules + spaCy model)
    RoutingTable → Route      connectors.routing (load_routing, fixed_routing)
      → Connector → Receipt   connectors.folder, .s3, .webhook, .smtp, .memory
        (+ KeepsCopies)       connectors.folder (retention removes its outbox copies)
    PackageBuilder            connectors.package.build_package
    BillingHooks              billing.hooks.LedgerBilling (ledger posting and reversal)
    CorrectionRecorder        classifiers.feedback.record_correction (bound to the catalogue)
    ProviderLookup            classifiers.catalogue (who provides a service on a given day)
    FirstPageTest             classifiers.rules (a form code or title at the top of a page)
    BatchSplitter             channels.splitting.split_batch
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:
    from PIL import Image
    from sqlalchemy.orm import Session

    from .retry import RetryPolicy

__all__ = [
    "BatchSplitter",
    "BillingHooks",
    "Classifier",
    "ClassifierLoader",
    "Connector",
    "CorrectionRecorder",
    "ExtractedField",
    "FirstPageTest",
    "KeepsCopies",
    "PackageBuilder",
    "Plugins",
    "Prediction",
    "ProviderLookup",
    "Receipt",
    "Route",
    "RoutingLoader",
    "RoutingTable",
    "SplitPart",
    "TopText",
]

# --- Classification ----------------------------------------------------------------------------


class ExtractedField(Protocol):
    @property
    def kind(self) -> str: ...
    @property
    def value(self) -> str: ...
    @property
    def masked(self) -> str: ...


class Prediction(Protocol):
    """A classifier's answer for one document (``classifiers.base.Prediction``)."""

    @property
    def authority(self) -> str | None: ...
    @property
    def service(self) -> str | None: ...
    @property
    def confidence(self) -> float: ...
    @property
    def method(self) -> str: ...
    @property
    def automatic(self) -> bool: ...
    @property
    def model_version(self) -> str | None: ...
    @property
    def language(self) -> str: ...
    @property
    def fields(self) -> Sequence[ExtractedField]: ...
    @property
    def details(self) -> Mapping[str, object]: ...


class Classifier(Protocol):
    @property
    def version(self) -> str: ...

    def classify(self, text: str, *, hint: str | None = None) -> Prediction: ...


class ClassifierLoader(Protocol):
    def __call__(self, model_dir: Path, *, min_confidence: float) -> Classifier: ...


class CorrectionRecorder(Protocol):
    """Keep a person's decision as training data for the next model."""

    def __call__(self, feedback_dir: Path, *, text: str, service_id: str, user: str) -> object: ...


class ProviderLookup(Protocol):
    """Who provides ``service`` on ``on`` (``authority`` when the service is unknown)."""

    def __call__(self, authority: str, service: str | None, on: date) -> str: ...


FirstPageTest = Callable[[str], bool]
TopText = Callable[["Image.Image"], str]

# --- Delivery ----------------------------------------------------------------------------------


class Receipt(Protocol):
    @property
    def acknowledged(self) -> bool: ...

    def as_dict(self) -> dict[str, Any]: ...


class Connector(Protocol):
    # The package is whatever the PackageBuilder made; the core only hands it over.
    def deliver(self, package: Any) -> Receipt: ...


@runtime_checkable
class KeepsCopies(Protocol):
    """A connector whose delivered copies stay on the service point's side (a folder outbox)."""

    def forget(self, location: str) -> bool:
        """Remove the copy at a receipt's ``location``; True if something was removed."""
        ...


class Route(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def retry(self) -> RetryPolicy | None:
        """The route's own delivery retry schedule (None: the runtime's default)."""
        ...

    def build(self) -> Connector: ...


class RoutingTable(Protocol):
    def routes_for(self, authority: str, service: str | None = None) -> Sequence[Route]: ...

    def route(self, name: str) -> Route: ...


class RoutingLoader(Protocol):
    def __call__(self, routing_file: Path | None, *, outbox_dir: Path) -> RoutingTable: ...


class PackageBuilder(Protocol):
    """The delivery package (searchable PDF and manifest) of one delivery."""

    def __call__(
        self,
        *,
        delivery_id: str,
        document_id: str,
        submission_id: str,
        authority: str,
        service: str | None,
        confidence: float | None,
        classified_by: str,
        service_point: str,
        received_at: datetime,
        pages: int,
        language: str | None,
        pdf_path: Path,
    ) -> Any: ...


# --- Billing -----------------------------------------------------------------------------------


class BillingHooks(Protocol):
    """The ledger's part in a delivery: post the fee when delivered, reverse it when returned.

    Both run in the caller's transaction, so the ledger and the delivery state commit together.
    """

    def on_delivered(
        self,
        session: Session,
        *,
        document_id: str,
        service_point: str,
        provider: str,
        service: str | None,
        occurred_at: datetime,
        advisor: str | None,
        source: str,
        delivery_round: int = 1,
    ) -> None: ...

    def on_returned(
        self, session: Session, *, document_id: str, reason: str, by: str, provider: str | None
    ) -> None: ...


# --- Intake ------------------------------------------------------------------------------------


class SplitPart(Protocol):
    @property
    def path(self) -> Path: ...
    @property
    def pages(self) -> range: ...
    @property
    def page_range(self) -> str: ...


class BatchSplitter(Protocol):
    """Cut a scanned batch at separator sheets and form first pages (one file per part)."""

    def __call__(
        self,
        src: Path,
        out_dir: Path,
        *,
        top_text: TopText | None = None,
        looks_like_first_page: FirstPageTest | None = None,
    ) -> Sequence[SplitPart]: ...


# --- All of them -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Plugins:
    """The implementations of every port, built once by the composition root."""

    load_classifier: ClassifierLoader
    load_routing: RoutingLoader
    provider_for: ProviderLookup
    looks_like_first_page: FirstPageTest
    build_package: PackageBuilder
    billing: BillingHooks
    record_correction: CorrectionRecorder
    split_batch: BatchSplitter

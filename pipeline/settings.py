"""The one settings class of aspa-docflow.

Every value comes from the environment (prefix ``ASPA_``) or a ``.env`` file. Settings are read
at entry points (CLI, API, worker) and passed down as plain values; stages never import this
module. Building a :class:`Settings` does no I/O.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from pipeline.ocr.types import OcrContext

DEV_SECRET = "change-me-in-production"
MIN_SECRET_LENGTH = 32


class Settings(BaseSettings):
    """Configuration of one aspa-docflow process."""

    model_config = SettingsConfigDict(env_prefix="ASPA_", env_file=".env", extra="ignore")

    environment: Literal["development", "test", "production"] = "development"
    data_dir: Path = Path("./var")

    # Storage and queue. Empty means the embedded default.
    database_url: str = ""
    broker_url: str = Field(default="", description="redis://… or amqp://…; empty = in-process")
    object_store: str = Field(default="", description="s3://bucket (see s3_*); empty = folder")
    s3_endpoint: str = ""
    s3_access_key: str = ""
    s3_secret_key: SecretStr = SecretStr("")
    s3_secure: bool = True
    s3_region: str = ""

    # OCR.
    ocr_languages: str = "fin+swe+eng"
    ocr_dpi: int = 300
    ocr_workers: int = Field(default_factory=lambda: os.cpu_count() or 1)
    ocr_timeout_seconds: float = 180.0
    # auto: libtesseract kept loaded (tesserocr) where it imports, else the tesseract command.
    ocr_backend: Literal["auto", "tesserocr", "cli"] = "auto"
    # Address-space limit of each OCR worker process, MB (0 = none): an oversized page fails
    # with resource_limit instead of exhausting the machine.
    ocr_memory_limit_mb: int = Field(default=2048, ge=0)

    # Outages: retries of every stage, and finding work whose hand-off was lost (README:
    # "When things go wrong"). Delivery schedules are per connector, in the routing file.
    retry_first_s: float = Field(default=2.0, gt=0)
    retry_cap_s: float = Field(default=300.0, gt=0)
    retry_give_up_after_s: float = Field(default=3600.0, gt=0)
    sweep_every_s: float = Field(default=30.0, gt=0)
    stale_after_s: float = Field(default=120.0, ge=0)
    claim_lease_s: float = Field(default=30.0, gt=0)

    # Input limits.
    max_upload_bytes: int = 50 * 1024 * 1024
    max_pages: int = 100
    max_image_pixels: int = 60_000_000
    max_total_pixels: int = 1_000_000_000  # one document: pages as rasterised + embedded images
    min_image_side: int = 64  # pixels; a 1 x 1 "scan" is refused
    max_files_per_request: int = 50
    max_request_bytes: int = 200 * 1024 * 1024  # one HTTP request body, streamed and counted
    document_time_budget_seconds: float = 1800.0  # OCR of one document, checked between pages

    # Classification: documents below this calibrated confidence go to review.
    review_threshold: float = Field(default=0.9, ge=0.0, le=1.0)
    model_dir: Path | None = None

    # Delivery routing file (YAML); empty = every authority to the folder outbox.
    routing_file: Path | None = None

    # Intake channels (IMAP mailboxes, scanner hot folders) run inside `aspa serve` when set.
    channels_file: Path | None = None

    # Service point recorded for intake that does not say which.
    default_service_point: str = "demo-asiointipiste"

    # Retention: a document's original, text and PDF are purged this many days after its
    # final state (delivered and acknowledged, or rejected); per authority "kela=30,vero=365".
    retention_days: int = Field(default=90, ge=1)
    retention_days_by_authority: str = ""
    purge_interval_hours: float = Field(default=24.0, ge=0)  # inside serve/worker; 0 = off

    # HTTP service.
    host: str = "127.0.0.1"
    port: int = 8000
    secret_key: SecretStr = SecretStr(DEV_SECRET)
    embedded_workers: int = 2
    # Addresses of reverse proxies whose X-Forwarded-For / X-Forwarded-Proto are believed
    # (comma-separated; "*" trusts everyone and is for tests only). Empty: no proxy headers.
    trusted_proxies: str = ""
    # The Secure flag on the session cookie; unset means on in production, off otherwise.
    secure_cookies: bool | None = None
    # /docs and /openapi.json; unset means on except in production.
    api_docs: bool | None = None

    @field_validator("retention_days_by_authority")
    @classmethod
    def _retention_entries(cls, v: str) -> str:
        for item in filter(None, (p.strip() for p in v.split(","))):
            name, _, days = item.partition("=")
            if not name.strip() or not days.strip().isdigit() or int(days) < 1:
                raise ValueError(f"retention entry {item!r}: write authority=days, e.g. kela=30")
        return v

    # `aspa worker` touches this file while all its threads are alive; `aspa health --worker`
    # reads it. Container-local by default (each worker container has its own /tmp).
    worker_heartbeat_file: Path = Field(
        default_factory=lambda: Path(tempfile.gettempdir()) / "aspa-worker.heartbeat"
    )

    @field_validator("data_dir")
    @classmethod
    def _absolute(cls, v: Path) -> Path:
        return v.expanduser().absolute()

    @model_validator(mode="after")
    def _no_default_secrets_in_production(self) -> Settings:
        secret = self.secret_key.get_secret_value()
        if self.environment not in ("development", "test") and secret == DEV_SECRET:
            raise ValueError("ASPA_SECRET_KEY must be set to a real secret in production")
        if self.environment == "production" and len(secret) < MIN_SECRET_LENGTH:
            raise ValueError(
                f"ASPA_SECRET_KEY must be at least {MIN_SECRET_LENGTH} characters in production "
                "(e.g. python -c 'import secrets; print(secrets.token_urlsafe(48))')"
            )
        return self

    @property
    def cookie_secure(self) -> bool:
        """Whether the session cookie carries the Secure flag."""
        if self.secure_cookies is not None:
            return self.secure_cookies
        return self.environment == "production"

    @property
    def docs_enabled(self) -> bool:
        """Whether the OpenAPI pages are served."""
        return self.api_docs if self.api_docs is not None else self.environment != "production"

    @property
    def proxy_addresses(self) -> list[str]:
        """The trusted proxies as a list (empty: proxy headers are ignored)."""
        return [a.strip() for a in self.trusted_proxies.split(",") if a.strip()]

    @property
    def effective_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'aspa.sqlite3'}"

    @property
    def blob_dir(self) -> Path:
        return self.data_dir / "objects"

    @property
    def outbox_dir(self) -> Path:
        return self.data_dir / "outbox"

    @property
    def work_dir(self) -> Path:
        return self.data_dir / "work"

    @property
    def effective_model_dir(self) -> Path:
        return self.model_dir or (self.data_dir / "models")

    def ocr_context(self) -> OcrContext:
        """The OCR stage's context (languages, workers, limits) from these settings."""
        return OcrContext(
            languages=self.ocr_languages,
            dpi=self.ocr_dpi,
            workers=self.ocr_workers,
            timeout_seconds=self.ocr_timeout_seconds,
            work_dir=self.work_dir,
            backend=self.ocr_backend,
            memory_limit_mb=self.ocr_memory_limit_mb,
        )

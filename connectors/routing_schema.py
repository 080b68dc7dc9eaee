"""The routing file's schema (pydantic models); loading and routing are in ``routing.py``.

Every model forbids unknown keys, so a misspelt setting is an error instead of a silent default.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from pipeline.retry import RetryPolicy

from ._net import is_loopback_host

ROUTE_NAME_PATTERN = r"^[a-z0-9][a-z0-9_.-]{0,39}$"
ENV_NAME_PATTERN = r"^[A-Za-z_][A-Za-z0-9_]*$"
AUTHORITY_PATTERN = r"^(\*|[a-z][a-z0-9_-]{0,39})$"
WILDCARD = "*"

EnvName = Annotated[str, Field(pattern=ENV_NAME_PATTERN)]
Seconds = Annotated[float, Field(gt=0, le=3600)]


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RetrySpec(_Spec):
    """``retry:`` of a connector: its delivery retry schedule (see README "When things go wrong").

    Delays grow from ``first`` doubling up to ``cap`` (each drawn at random below that ceiling);
    the delivery goes to the dead letters once ``give_up_after`` seconds have passed since its
    first failure, or after ``max_attempts`` attempts when that is set. A provider's
    ``Retry-After`` is honoured.
    """

    first: Annotated[float, Field(gt=0, le=86400)] = 30.0
    cap: Annotated[float, Field(gt=0, le=86400)] = 3600.0
    give_up_after: Annotated[float, Field(gt=0, le=30 * 86400)] = 86400.0
    max_attempts: Annotated[int, Field(ge=1, le=10_000)] | None = None

    def policy(self) -> RetryPolicy:
        return RetryPolicy(
            first_s=self.first,
            cap_s=max(self.cap, self.first),
            give_up_after_s=self.give_up_after,
            max_attempts=self.max_attempts,
        )


class _ConnectorSpec(_Spec):
    retry: RetrySpec | None = None


class FolderSpec(_ConnectorSpec):
    """``type: folder``: write into a folder tree (relative roots: relative to the file)."""

    type: Literal["folder"]
    root: Path | None = None


class MemorySpec(_ConnectorSpec):
    """``type: memory``: keep packages in memory (demos and tests only)."""

    type: Literal["memory"]


class S3Spec(_ConnectorSpec):
    """``type: s3``: upload into a bucket of an S3-compatible store (AWS S3, MinIO)."""

    type: Literal["s3"]
    endpoint: str = Field(min_length=1)
    bucket: str = Field(pattern=r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
    prefix: str = ""
    secure: bool = True
    region: str | None = None
    sse: Literal["none", "s3"] = "none"
    access_key_env: EnvName | None = None
    secret_key_env: EnvName | None = None
    connect_timeout: Seconds = 10.0
    read_timeout: Seconds = 60.0
    deadline: Seconds = 300.0
    retries: int = Field(default=2, ge=0, le=10)
    ca_file: Path | None = None

    @field_validator("endpoint")
    @classmethod
    def _no_scheme(cls, v: str) -> str:
        if "://" in v or "/" in v:
            raise ValueError("give host:port without scheme or path (use secure: false for http)")
        return v


class WebhookSpec(_ConnectorSpec):
    """``type: webhook``: HTTPS POST, signed with the secret in ``secret_env``."""

    type: Literal["webhook"]
    url: str
    secret_env: EnvName
    connect_timeout: Seconds = 5.0
    read_timeout: Seconds = 30.0
    write_timeout: Seconds = 30.0
    headers: dict[str, str] = Field(default_factory=dict)
    verify_tls: bool = True
    ca_file: Path | None = None

    @field_validator("url")
    @classmethod
    def _https(cls, v: str) -> str:
        from urllib.parse import urlsplit

        parts = urlsplit(v)
        if not parts.hostname:
            raise ValueError("must be an absolute URL such as https://provider.example/inbox")
        if parts.scheme == "https":
            return v
        if parts.scheme == "http" and is_loopback_host(parts.hostname):
            return v
        raise ValueError("must use https:// (plain http only to a loopback host)")


class SmtpSpec(_ConnectorSpec):
    """``type: smtp``: e-mail with the PDF and the manifest attached."""

    type: Literal["smtp"]
    host: str = Field(min_length=1)
    port: int | None = Field(default=None, ge=1, le=65535)
    security: Literal["starttls", "tls", "none"] = "starttls"
    sender: str = Field(pattern=r"^[^@\s]+@[^@\s]+$")
    recipients: list[Annotated[str, Field(pattern=r"^[^@\s]+@[^@\s]+$")]] = Field(min_length=1)
    username: str | None = None
    password_env: EnvName | None = None
    timeout: Seconds = 30.0
    deadline: Seconds = 300.0
    ca_file: Path | None = None
    message_id_domain: str | None = None

    @field_validator("security")
    @classmethod
    def _plain_only_loopback(cls, v: str, info: Any) -> str:
        host = info.data.get("host", "")
        if v == "none" and host and not is_loopback_host(host):
            raise ValueError("plain SMTP (security: none) is only allowed to a loopback host")
        return v


ConnectorSpec = Annotated[
    FolderSpec | MemorySpec | S3Spec | WebhookSpec | SmtpSpec, Field(discriminator="type")
]
SPEC_TYPES = ("folder", "memory", "s3", "webhook", "smtp")


class RouteRule(_Spec):
    """One rule: documents of ``authority`` (and ``service``, when given) go ``to`` these."""

    authority: str = Field(pattern=AUTHORITY_PATTERN)
    service: str | None = Field(default=None, min_length=1)
    to: list[Annotated[str, Field(pattern=ROUTE_NAME_PATTERN)]] = Field(min_length=1)

    @field_validator("to")
    @classmethod
    def _no_duplicates(cls, v: list[str]) -> list[str]:
        if len(set(v)) != len(v):
            raise ValueError("names a connector twice")
        return v


class RoutingFile(_Spec):
    """The whole routing file."""

    version: Literal[1]
    connectors: dict[Annotated[str, Field(pattern=ROUTE_NAME_PATTERN)], ConnectorSpec]
    routes: list[RouteRule] = Field(min_length=1)

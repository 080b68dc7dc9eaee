"""The channels configuration file (YAML), validated with pydantic.

One file may hold both sections; each CLI command reads the one it needs::

    poll_interval_seconds: 60
    mailboxes:
      - name: mikkeli-posti
        host: imap.example.fi
        security: ssl            # ssl (993) | starttls (143) | plain (loopback only)
        username: skannaus@mikkeli.example.fi
        password_env: ASPA_IMAP_MIKKELI_PASSWORD
        service_point: mikkeli
        processed: move          # move | flag
        processed_folder: Käsitellyt
    hotfolders:
      - name: mikkeli-skanneri
        path: /srv/scan/mikkeli
        service_point: mikkeli

Building the models does no I/O; the password is read from the environment only when a poll
connects (:meth:`MailboxConfig.password`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .errors import ChannelConfigError

_NAME = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$"
_LOOPBACK = {"127.0.0.1", "::1", "localhost"}
DEFAULT_IGNORE = (
    ".*",
    "~*",
    "*.part",
    "*.tmp",
    "*.partial",
    "*.crdownload",
    "Thumbs.db",
    "desktop.ini",
)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class MailboxConfig(_Strict):
    """One IMAP mailbox polled for mails to process."""

    name: str = Field(pattern=_NAME, description="Stable id; keys the UID cursor.")
    host: str
    port: int | None = Field(default=None, ge=1, le=65535)
    security: Literal["ssl", "starttls", "plain"] = "ssl"
    verify_tls: bool = True
    ca_file: Path | None = None
    folder: str = "INBOX"
    username: str
    password_env: str = Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")
    service_point: str = Field(min_length=1)
    processed: Literal["move", "flag"] = "flag"
    processed_folder: str | None = None
    keyword: str = Field(default="AspaProcessed", pattern=r"^[A-Za-z0-9_$-]+$")
    rejected_keyword: str = Field(default="AspaRejected", pattern=r"^[A-Za-z0-9_$-]+$")
    failed_folder: str | None = None
    batch_size: int = Field(default=50, ge=1, le=1000)
    inline_min_bytes: int = Field(default=50 * 1024, ge=0)
    max_message_bytes: int = Field(default=75 * 1024 * 1024, ge=1024)
    timeout_seconds: float = Field(default=30.0, gt=0)
    max_recoveries: int = Field(
        default=3,
        ge=0,
        le=100,
        description="A mail whose processing was cut short by a crash this often is set aside.",
    )

    @model_validator(mode="after")
    def _consistent(self) -> MailboxConfig:
        if self.processed == "move" and not self.processed_folder:
            raise ValueError("processed: move needs processed_folder")
        if self.processed_folder and self.processed_folder == self.folder:
            raise ValueError("processed_folder must differ from folder")
        if self.security == "plain" and self.host not in _LOOPBACK:
            raise ValueError("security: plain is allowed only for a server on 127.0.0.1")
        return self

    @property
    def effective_port(self) -> int:
        return self.port or (993 if self.security == "ssl" else 143)

    def password(self, environ: Mapping[str, str] | None = None) -> str:
        """Read the password from the environment variable named by ``password_env``.

        Raises:
            ChannelConfigError: The variable is unset or empty.
        """
        value = (os.environ if environ is None else environ).get(self.password_env, "")
        if not value:
            raise ChannelConfigError(
                f"Mailbox {self.name}: set the environment variable {self.password_env} "
                "to the mailbox password."
            )
        return value


class HotFolderConfig(_Strict):
    """One folder a network scanner drops files into."""

    name: str = Field(pattern=_NAME)
    path: Path
    service_point: str = Field(min_length=1)
    stable_checks: int = Field(default=3, ge=2, le=20)
    settle_seconds: float = Field(default=1.0, ge=0)
    min_age_seconds: float = Field(default=2.0, ge=0)
    recover_after_seconds: float = Field(default=300.0, ge=0)
    max_files_per_scan: int = Field(default=200, ge=1)
    max_recoveries: int = Field(default=3, ge=0, le=100)
    max_file_bytes: int = Field(default=75 * 1024 * 1024, ge=1024)  # larger: failed/, unread
    ignore: tuple[str, ...] = DEFAULT_IGNORE


class ChannelsConfig(_Strict):
    """The whole channels file."""

    poll_interval_seconds: float = Field(default=60.0, gt=0)
    mailboxes: tuple[MailboxConfig, ...] = ()
    hotfolders: tuple[HotFolderConfig, ...] = ()

    @model_validator(mode="after")
    def _unique_names(self) -> ChannelsConfig:
        for kind, names in (
            ("mailbox", [m.name for m in self.mailboxes]),
            ("hot folder", [h.name for h in self.hotfolders]),
        ):
            dupes = sorted({n for n in names if names.count(n) > 1})
            if dupes:
                raise ValueError(f"{kind} names must be unique: {', '.join(dupes)}")
        paths = [h.path for h in self.hotfolders]
        if len(set(paths)) != len(paths):
            raise ValueError("two hot folders share one path")
        return self


def parse_config(text: str, *, origin: str = "<config>") -> ChannelsConfig:
    """Validate the YAML text of a channels file.

    Raises:
        ChannelConfigError: Invalid YAML or values; the message lists each problem with its
            location (``mailboxes.0.port: ...``).
    """
    try:
        raw = yaml.safe_load(text) or {}
    except yaml.YAMLError as e:
        raise ChannelConfigError(f"{origin}: not valid YAML: {e}") from None
    if not isinstance(raw, dict):
        raise ChannelConfigError(f"{origin}: the top level must be a mapping")
    try:
        return ChannelsConfig.model_validate(raw)
    except ValidationError as e:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or '(top)'}: {err['msg']}" for err in e.errors()
        )
        raise ChannelConfigError(f"{origin}: {problems}") from None


def load_config(path: Path) -> ChannelsConfig:
    """Read and validate a channels file (see :func:`parse_config`)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as e:
        raise ChannelConfigError(f"Cannot read {path}: {e.strerror}") from None
    return parse_config(text, origin=str(path))

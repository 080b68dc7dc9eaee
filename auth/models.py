"""Tables of authentication: users, API tokens and login attempts (for rate limiting)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from pipeline.db import Base, UTCDateTime, new_id, utcnow


class Role(StrEnum):
    """What a person does; each role sees its own pages (see ``web/README.md``)."""

    advisor = "advisor"  # palveluneuvoja at a service point
    provider = "provider"  # staff of one authority (Kela, Vero, …)
    operator = "operator"  # runs the pipeline
    finance = "finance"  # settlement and reconciliation
    admin = "admin"  # everything, including users


LANGUAGES = ("fi", "sv", "en")


class User(Base):
    __tablename__ = "users"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    display_name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    service_point: Mapped[str | None] = mapped_column(String(100))  # advisors
    authority: Mapped[str | None] = mapped_column(String(40))  # provider staff
    language: Mapped[str] = mapped_column(String(2), default="fi")
    disabled: Mapped[bool] = mapped_column(default=False)
    # Raised at sign-out: every session issued before (on any device) stops working.
    session_version: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ApiToken(Base):
    """A machine client's bearer token. Only its SHA-256 is stored; the token is shown once."""

    __tablename__ = "api_tokens"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))  # first characters, to recognise it in lists
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(100), default="")
    scopes: Mapped[list[Any]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked: Mapped[bool] = mapped_column(default=False)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class LoginAttempt(Base):
    """One login try; failures per user name and address in a window are rate limited."""

    __tablename__ = "login_attempts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    username: Mapped[str] = mapped_column(String(100))
    address: Mapped[str] = mapped_column(String(64))
    success: Mapped[bool] = mapped_column(default=False)

    __table_args__ = (Index("ix_login_attempts_user_addr_at", "username", "address", "at"),)

"""Times as people in Finland read them: Europe/Helsinki, ``1.12.2026 klo 8.57``.

The one formatting function of the web app: templates use it through the ``when`` and ``day``
filters, and JSON read by the pages' scripts (the operator's refresh) carries times already
formatted by it, so a refreshed row looks exactly like the first rendering.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

ZONE = ZoneInfo("Europe/Helsinki")

# The word between the date and the time (Kotus: "klo"; Swedish in Finland: "kl.").
_AT = {"fi": "klo", "sv": "kl.", "en": "at"}


def local(value: datetime | str) -> datetime:
    """``value`` in Finnish time (a naive time is taken to be UTC, as the database stores it)."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(ZONE)


def format_date(value: date | datetime | str | None) -> str:
    """``1.12.2026`` (no leading zeros, as in Finnish and Finland-Swedish usage)."""
    if value is None or value == "":
        return ""
    if isinstance(value, str | datetime):
        value = local(value)
    return f"{value.day}.{value.month}.{value.year}"


def format_datetime(value: datetime | str | None, language: str = "fi") -> str:
    """``1.12.2026 klo 8.57`` (fi), ``1.12.2026 kl. 8.57`` (sv), ``1.12.2026 at 8.57`` (en)."""
    if value is None or value == "":
        return ""
    t = local(value)
    return f"{t.day}.{t.month}.{t.year} {_AT.get(language, 'klo')} {t.hour}.{t.minute:02d}"


def format_time(value: datetime | str | None) -> str:
    """``8.57`` (the clock only, for "updated at")."""
    if value is None or value == "":
        return ""
    t = local(value)
    return f"{t.hour}.{t.minute:02d}.{t.second:02d}"

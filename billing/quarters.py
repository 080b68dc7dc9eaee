"""Calendar quarters in Finnish time.

A quarter is a value object such as ``2026Q4``. Its bounds are local midnights in
Europe/Helsinki converted to UTC instants, so daylight saving is included: 2026Q4 starts on
2026-10-01 00:00 EEST = 2026-09-30T21:00Z, while 2026Q1 starts on 2026-01-01 00:00 EET =
2025-12-31T22:00Z. An instant belongs to the quarter whose half-open interval ``[start, end)``
contains it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from .errors import BillingInputError

HELSINKI = ZoneInfo("Europe/Helsinki")
_PATTERN = re.compile(r"^\s*(\d{4})\s*-?\s*Q([1-4])\s*$", re.IGNORECASE)


def local_midnight_utc(day: date) -> datetime:
    """The UTC instant of local midnight (Europe/Helsinki) starting ``day``."""
    return datetime.combine(day, time(0), tzinfo=HELSINKI).astimezone(UTC)


def local_date(instant: datetime) -> date:
    """The Helsinki calendar date of an aware instant."""
    if instant.tzinfo is None:
        raise BillingInputError("A time without a time zone cannot be placed in a quarter.")
    return instant.astimezone(HELSINKI).date()


@dataclass(frozen=True, order=True)
class Quarter:
    """One calendar quarter (``year``, ``number`` 1–4)."""

    year: int
    number: int

    def __post_init__(self) -> None:
        if not 1 <= self.number <= 4 or not 1900 <= self.year <= 9999:
            raise BillingInputError(f"No such quarter: {self.year}Q{self.number}.")

    @classmethod
    def parse(cls, text: str | Quarter) -> Quarter:
        """Parse ``"2026Q4"`` (also ``"2026-Q4"``, ``"2026q4"``).

        Raises:
            BillingInputError: the text is not a quarter.
        """
        if isinstance(text, Quarter):
            return text
        m = _PATTERN.match(text or "")
        if not m:
            raise BillingInputError(f"Write the quarter as YYYYQn, e.g. 2026Q4 (got {text!r}).")
        return cls(int(m.group(1)), int(m.group(2)))

    @classmethod
    def of(cls, instant: datetime) -> Quarter:
        """The quarter (in Helsinki time) that contains an aware instant."""
        d = local_date(instant)
        return cls(d.year, (d.month - 1) // 3 + 1)

    @classmethod
    def of_date(cls, day: date) -> Quarter:
        """The quarter that contains a calendar date."""
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def first_day(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def last_day(self) -> date:
        return date.fromordinal(self.next().first_day.toordinal() - 1)

    @property
    def start(self) -> datetime:
        """First instant of the quarter (UTC)."""
        return local_midnight_utc(self.first_day)

    @property
    def end(self) -> datetime:
        """First instant after the quarter (UTC); the interval is half-open."""
        return self.next().start

    def next(self) -> Quarter:
        return (
            Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)
        )

    def previous(self) -> Quarter:
        return (
            Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)
        )

    def contains(self, instant: datetime) -> bool:
        return self.start <= instant.astimezone(UTC) < self.end

    def __str__(self) -> str:
        return f"{self.year}Q{self.number}"

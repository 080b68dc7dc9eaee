"""A per-document time budget for OCR, enforced between pages.

:class:`TimeBudget` is handed to ``ocr_document`` as its ``progress`` callback: after each page
it checks the monotonic clock and, once the document's budget is spent, raises
:class:`TimeBudgetExceededError`; the OCR pool then drops the pages not yet started (each running
page is bounded by the per-page Tesseract timeout). The document fails with the stable code
``time_budget_exceeded``, and never holds a worker for longer than budget plus one page.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from .errors import TimeBudgetExceededError

__all__ = ["TimeBudget", "TimeBudgetExceededError"]


class TimeBudget:
    """``progress(done, total)`` that raises once ``seconds`` have passed since creation."""

    def __init__(self, seconds: float, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.seconds, self.clock = seconds, clock
        self.deadline = clock() + seconds

    def __call__(self, done: int, total: int) -> None:
        if done < total and self.clock() > self.deadline:
            raise TimeBudgetExceededError(
                f"Processing stopped after {done} of {total} pages: the document's time budget "
                f"of {self.seconds:.0f} s was spent. Split it or scan at a lower resolution."
            )

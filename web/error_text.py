"""Errors in the user's language: every :class:`~pipeline.errors.AspaError` as words.

An error carries a stable ``code`` and an English ``message`` (for logs, the CLI and the API).
A person sees :func:`error_text`: the message itself when the catalogue has it, a known
message with values (``The PDF has 101 pages; the limit is 100.``) through :data:`PATTERNS`,
otherwise the default message of the error's class, which every class must have in Finnish and
Swedish (``tests/test_web_i18n.py`` walks the error tree). The code is shown in small print
beside the words, for support.
"""

from __future__ import annotations

import functools
import importlib
import re

from pipeline.errors import AspaError

from .i18n import catalogue, gettext
from .messages import N_

# Packages whose error classes reach people (imported so that the tree is complete).
ERROR_MODULES = (
    "pipeline.errors",
    "billing.errors",
    "channels.errors",
    "auth.errors",
    "classifiers.feedback",
    "classifiers.registry",
    "classifiers.model",
)

# Messages built with values at the raise site: the English pattern and the message id.
PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), m)
    for p, m in (
        (
            r"^The PDF has (?P<pages>\d+) pages; the limit is (?P<limit>\d+)\.",
            N_("The PDF has %(pages)s pages; the limit is %(limit)s. Split it into smaller parts."),
        ),
        (
            r"^The image has (?P<pages>\d+) pages; the limit is (?P<limit>\d+)\.",
            N_("The image has %(pages)s pages; the limit is %(limit)s."),
        ),
        (
            r"^The file is (?P<size>[\d.]+) MiB; the limit is (?P<limit>\d+) MiB\.",
            N_(
                "The file is %(size)s MiB; the limit is %(limit)s MiB. Split it or scan at a "
                "lower resolution."
            ),
        ),
        (
            r"^The image is (?P<w>\d+) × (?P<h>\d+) pixels \((?P<mpx>\d+) Mpx\); "
            r"the limit is (?P<limit>\d+) Mpx\.",
            N_(
                "The image is %(w)s × %(h)s pixels (%(mpx)s Mpx); the limit is %(limit)s Mpx. "
                "Scan at 300 dpi."
            ),
        ),
        (
            r"^A page of the PDF is too large to rasterise safely \((?P<w>\d+) × (?P<h>\d+) mm\)",
            N_("A page of the PDF is too large to process safely (%(w)s × %(h)s mm)."),
        ),
        (
            r"^A delivery in state '(?P<state>\w+)' cannot be (acknowledged|returned)\.",
            N_("This delivery cannot be handled in its present state."),
        ),
        (
            r"^A document in state '(?P<state>\w+)' is not waiting for review\.",
            N_("The document is no longer waiting for a decision; reload the page."),
        ),
        (
            r"^A document in state '(?P<state>\w+)' is not failed\.",
            N_("The document has not failed; there is nothing to requeue."),
        ),
        (
            r"^(?P<q>\d{4}Q[1-4]) is already closed\.",
            N_("%(q)s is already closed."),
        ),
        (
            r"^(?P<q>\d{4}Q[1-4]) has not ended yet; it can be closed from (?P<d>[\d-]+)\.",
            N_("%(q)s has not ended yet; it can be closed from %(d)s."),
        ),
        (
            r"^(?P<q>\d{4}Q[1-4]) was closed by someone else just now\.",
            N_("%(q)s was closed by someone else just now."),
        ),
        (
            r"^(?P<n>\d+) billable kinds of event have no price in the tariff",
            N_(
                "%(n)s kinds of billable event have no price in the tariff. Import a tariff that "
                "covers them, then close."
            ),
        ),
        (
            r"^Write the quarter as YYYYQn",
            N_("Write the quarter as YYYYQn, for example 2026Q4."),
        ),
        (r"^A refused file is not previewed", N_("A refused file is not shown as a preview.")),
        (r"^No document ", N_("No such document, or it is not yours to see.")),
        (r"^No delivery ", N_("No such delivery, or it is not yours to see.")),
        (r"^The API token lacks the scope", N_("Your role does not allow this.")),
    )
)

GENERIC = N_("Something went wrong.")


def _walk(cls: type[AspaError]) -> list[type[AspaError]]:
    out = [cls]
    for sub in cls.__subclasses__():
        out.extend(_walk(sub))
    return out


@functools.lru_cache(maxsize=1)
def error_classes() -> tuple[type[AspaError], ...]:
    """Every error class that can reach a person (tests check each has a translation)."""
    for name in ERROR_MODULES:
        importlib.import_module(name)
    seen: dict[str, type[AspaError]] = {}
    for cls in _walk(AspaError):
        if not cls.__module__.startswith("tests"):
            seen.setdefault(f"{cls.__module__}.{cls.__qualname__}", cls)
    return tuple(seen.values())


@functools.lru_cache(maxsize=1)
def default_messages() -> dict[str, str]:
    """error code → the class's default message (the words when nothing more is known)."""
    out: dict[str, str] = {}
    for cls in error_classes():
        out.setdefault(cls.code, cls.message)
    return out


def error_text(language: str, code: str | None, message: str | None = None) -> str:
    """The words for an error in ``language`` (never the English text on a fi/sv page)."""
    if message:
        if language == "en" or message in catalogue(language):
            return gettext(language, message)
        for pattern, msgid in PATTERNS:
            m = pattern.match(message)
            if m:
                return gettext(language, msgid, **m.groupdict())
    default = default_messages().get(code or "")
    if language == "en" and message:
        return message
    return gettext(language, default or GENERIC)


def exc_text(language: str, exc: AspaError) -> str:
    return error_text(language, exc.code, exc.message)

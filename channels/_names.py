"""File names from the outside world made safe to store and print."""

from __future__ import annotations

import mimetypes
import re
import unicodedata
from collections.abc import Iterable
from pathlib import PurePosixPath

_RESERVED = re.compile(r'[<>:"|?*\x00-\x1f\x7f-\x9f]')
_SPACES = re.compile(r"\s+")
MAX_NAME = 150

_EXTENSIONS = {
    "application/pdf": ".pdf",
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/tiff": ".tif",
    "image/gif": ".gif",
    "image/heic": ".heic",
    "message/rfc822": ".eml",
}


def extension_for(media_type: str) -> str:
    """A file extension for a media type (``.bin`` when unknown)."""
    return _EXTENSIONS.get(media_type) or mimetypes.guess_extension(media_type) or ".bin"


def sanitize_filename(name: str | None, *, media_type: str, index: int) -> str:
    """Make a file name safe: no directories, control or reserved characters, bounded length.

    Args:
        name: The name as decoded from the mail or the folder; may be ``None`` or junk.
        media_type: Used for the extension of a synthesised name.
        index: 1-based position, used in a synthesised name (``attachment-3.pdf``).

    Returns:
        A non-empty NFC-normalised name. A missing or unusable name becomes
        ``attachment-<index><ext>``.
    """
    cleaned = unicodedata.normalize("NFC", name or "")
    cleaned = cleaned.replace("\\", "/").split("/")[-1]
    cleaned = _RESERVED.sub("_", cleaned)
    cleaned = "".join(c for c in cleaned if unicodedata.category(c) not in ("Cc", "Cf", "Cs"))
    cleaned = _SPACES.sub(" ", cleaned).strip().lstrip(".").strip()
    stem_only = cleaned.strip("_ ")
    if not stem_only:
        return f"attachment-{index}{extension_for(media_type)}"
    if len(cleaned) > MAX_NAME:
        suffix = PurePosixPath(cleaned).suffix
        suffix = suffix if len(suffix) <= 10 else ""
        cleaned = cleaned[: MAX_NAME - len(suffix)].rstrip() + suffix
    return cleaned


def unique_names(names: Iterable[str]) -> list[str]:
    """Make repeated names distinct: ``liite.pdf``, ``liite-2.pdf``, ``liite-3.pdf``.

    The comparison ignores case, since the names end up as file names on case-insensitive
    shares too.
    """
    seen: set[str] = set()
    out: list[str] = []
    for name in names:
        candidate, n = name, 1
        path = PurePosixPath(name)
        while candidate.casefold() in seen:
            n += 1
            candidate = f"{path.stem}-{n}{path.suffix}"
        seen.add(candidate.casefold())
        out.append(candidate)
    return out

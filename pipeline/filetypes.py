"""The file types intake accepts, recognised from their first bytes (no imports: a command
can tell a scan from other files before it loads anything else)."""

from __future__ import annotations

PDF, PNG, JPEG, TIFF = "application/pdf", "image/png", "image/jpeg", "image/tiff"


def sniff(head: bytes) -> str | None:
    """The media type from a file's first bytes, or None when it is none we accept."""
    if head.startswith(b"%PDF-") or (b"%PDF-" in head[:1024]):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return TIFF
    return None

"""Page previews: page 1 of a PDF (or an image) as a PNG, masked (see :mod:`web.redaction`)."""

from __future__ import annotations

from collections.abc import Sequence

from .redaction import png, render_page

WIDTH_PX = 600


def page_png(
    data: bytes,
    media_type: str | None,
    *,
    width_px: int = WIDTH_PX,
    number: int = 1,
    mask: bool = True,
    extra: Sequence[str] = (),
) -> bytes:
    """PNG of page ``number`` of ``data`` (a PDF or an image), ``width_px`` wide.

    Raises:
        CorruptFileError: the file cannot be rendered.
    """
    return png(render_page(data, media_type, number, width_px=width_px, mask=mask, extra=extra))

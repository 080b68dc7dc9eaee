"""Page previews: page 1 of a PDF (or an image) as a PNG, with pypdfium2 and Pillow.

All pypdfium2 calls live here. PDFium is not thread-safe, so renders are serialised.
"""

from __future__ import annotations

import io
import threading

import pypdfium2 as pdfium
from PIL import Image

from pipeline.errors import CorruptFileError

_lock = threading.Lock()
WIDTH_PX = 600


def page_png(data: bytes, media_type: str | None, *, width_px: int = WIDTH_PX) -> bytes:
    """PNG of the first page of ``data`` (a PDF or an image), ``width_px`` wide.

    Raises:
        CorruptFileError: the file cannot be rendered.
    """
    if media_type and media_type.startswith("image/"):
        try:
            with Image.open(io.BytesIO(data)) as im:
                im.seek(0)
                img = im.convert("RGB")
        except (OSError, ValueError) as e:
            raise CorruptFileError("The image cannot be previewed.") from e
    else:
        with _lock:
            try:
                pdf = pdfium.PdfDocument(data)
                try:
                    page = pdf[0]
                    scale = width_px / max(1.0, page.get_width())
                    img = page.render(scale=scale).to_pil().convert("RGB")
                    page.close()
                finally:
                    pdf.close()
            except (pdfium.PdfiumError, IndexError) as e:
                raise CorruptFileError("The PDF cannot be previewed.") from e
    if img.width > width_px:
        img = img.resize((width_px, max(1, round(img.height * width_px / img.width))))
    out = io.BytesIO()
    img.save(out, format="PNG", optimize=False)
    return out.getvalue()

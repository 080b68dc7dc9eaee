"""Separator sheets: a printed page with our QR code, put between customers in a scan batch.

The QR payload is ``ASPA-SEPARATOR v1`` optionally followed by ``|<label>`` (a service point or
batch id, percent-encoded; printed in clear under the code too). A page is a separator only if
it carries a QR code with exactly that prefix, so a form's own QR code (a payment reference, a
web address) never splits a batch. All calls to zbar (through ``pyzbar``) live in this module.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote

import qrcode
from PIL import Image, ImageDraw, ImageFont
from qrcode.constants import ERROR_CORRECT_M

from pipeline.errors import ConfigurationError

PAYLOAD_PREFIX = "ASPA-SEPARATOR v1"
TITLE = "Erotinsivu / Skiljeblad / Separator sheet"
INSTRUCTIONS = (
    "Aseta tämä sivu kunkin asiakkaan asiakirjojen väliin.",
    "Placera detta blad mellan varje kunds handlingar.",
    "Place this sheet between each customer's documents.",
)
A4_MM = (210, 297)
MAX_LABEL = 60
_FONT_PATHS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
)


@dataclass(frozen=True)
class SeparatorInfo:
    """A recognised separator sheet."""

    label: str | None


def clean_label(label: str | None) -> str | None:
    """Printable, single-line, at most :data:`MAX_LABEL` characters; ``None`` when empty."""
    if not label:
        return None
    text = "".join(" " if unicodedata.category(c)[0] == "C" else c for c in label)
    text = " ".join(text.split())[:MAX_LABEL]
    return text or None


def separator_payload(label: str | None = None) -> str:
    """The text encoded in the QR code."""
    cleaned = clean_label(label)
    # Percent-encoded: QR readers guess the charset of non-ASCII bytes (zbar picks Shift JIS).
    return PAYLOAD_PREFIX if cleaned is None else f"{PAYLOAD_PREFIX}|{quote(cleaned, safe='')}"


def parse_payload(payload: str) -> SeparatorInfo | None:
    """A :class:`SeparatorInfo` when ``payload`` is ours, else ``None``."""
    if payload == PAYLOAD_PREFIX:
        return SeparatorInfo(label=None)
    if payload.startswith(PAYLOAD_PREFIX + "|"):
        return SeparatorInfo(label=clean_label(unquote(payload[len(PAYLOAD_PREFIX) + 1 :])))
    return None


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for path in _FONT_PATHS:
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


def make_separator_image(*, label: str | None = None, dpi: int = 150) -> Image.Image:
    """Render an A4 separator page (grayscale) at ``dpi``."""

    def px(mm: float) -> int:
        return round(mm / 25.4 * dpi)

    width, height = px(A4_MM[0]), px(A4_MM[1])
    page = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(page)
    qr = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=10, border=4)
    qr.add_data(separator_payload(label))
    qr.make(fit=True)
    code = qr.make_image(fill_color="black", back_color="white").get_image().convert("L")
    side = px(90)  # 9 cm: readable at 100 dpi, through a skewed or faint scan
    code = code.resize((side, side), Image.Resampling.NEAREST)
    page.paste(code, ((width - side) // 2, px(70)))

    def centred(text: str, y: int, size: int) -> None:
        font = _font(size)
        box = draw.textbbox((0, 0), text, font=font)
        draw.text(((width - (box[2] - box[0])) // 2, y), text, fill=0, font=font)

    centred(TITLE, px(25), px(8))
    cleaned = clean_label(label)
    if cleaned:
        centred(cleaned, px(45), px(7))
    for i, line in enumerate(INSTRUCTIONS):
        centred(line, px(180) + i * px(9), px(5))
    draw.rectangle((px(10), px(10), width - px(10), height - px(10)), outline=0, width=px(1))
    return page


def make_separator_pdf(out: Path, *, label: str) -> Path:
    """Write a printable one-page A4 separator PDF to ``out`` and return ``out``."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    dpi = 150
    make_separator_image(label=label, dpi=dpi).save(out, format="PDF", resolution=dpi)
    return out


def read_separator(image: Image.Image) -> SeparatorInfo | None:
    """Look for our QR code on a page image; ``None`` when the page is not a separator.

    Large scans are read at half size first (faster, and our code is big), then at full size.

    Raises:
        ConfigurationError: The zbar library (Debian ``libzbar0``) is not installed.
    """
    gray = image.convert("L")
    candidates = [gray]
    if gray.width > 1400:
        candidates.insert(0, gray.resize((gray.width // 2, gray.height // 2)))
    for candidate in candidates:
        for payload in _decode_qr(candidate):
            info = parse_payload(payload)
            if info is not None:
                return info
    return None


def is_separator(image: Image.Image) -> bool:
    """True when the page carries our separator QR code."""
    return read_separator(image) is not None


def _decode_qr(image: Image.Image) -> list[str]:
    try:
        from pyzbar import pyzbar
    except (ImportError, OSError) as e:  # pyzbar raises ImportError when libzbar is missing
        raise ConfigurationError(
            "Reading separator sheets needs the zbar library: apt-get install libzbar0."
        ) from e
    found = pyzbar.decode(image, symbols=[pyzbar.ZBarSymbol.QRCODE])
    return [d.data.decode("utf-8", errors="replace") for d in found]

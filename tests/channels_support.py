"""Builders shared by the channels tests: small real PDFs/PNGs and e-mails."""

from __future__ import annotations

import io
from email.message import EmailMessage
from email.utils import make_msgid

from PIL import Image, ImageDraw


def pdf_bytes(text: str) -> bytes:
    """A one-page PDF whose pixels depend on ``text`` (distinct texts -> distinct SHA-256)."""
    img = Image.new("L", (200, 120), 255)
    ImageDraw.Draw(img).text((10, 50), text, fill=0)
    buf = io.BytesIO()
    img.save(buf, format="PDF", resolution=72)
    return buf.getvalue()


def png_bytes(size: int, seed: int = 0) -> bytes:
    """A PNG of roughly ``size`` bytes (noise does not compress)."""
    import random

    rnd = random.Random(seed)
    side = max(4, int((size / 3) ** 0.5))
    img = Image.frombytes("RGB", (side, side), rnd.randbytes(side * side * 3))
    buf = io.BytesIO()
    img.save(buf, format="PNG", compress_level=0)
    return buf.getvalue()


def mail_with(
    attachments: list[tuple[str, bytes, str]],
    *,
    subject: str = "Hakemus",
    body: str = "Liitteenä hakemus.",
    sender: str = "Asiointipiste <piste@example.fi>",
    message_id: str | None = None,
) -> bytes:
    """An e-mail with the given ``(name, data, media type)`` attachments."""
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "aspa@example.fi"
    msg["Subject"] = subject
    msg["Message-ID"] = message_id or make_msgid(domain="example.fi")
    msg["Date"] = "Sun, 29 Nov 2026 10:00:00 +0200"
    msg.set_content(body)
    for name, data, media_type in attachments:
        maintype, subtype = media_type.split("/")
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return msg.as_bytes()

"""Builders of the hostile inputs listed in ``tests/resources/hostile/README.md``.

Everything big is generated at test time (deterministic, streamed where it is large), so the
repository stays small and the cases cannot rot.
"""

from __future__ import annotations

import io
import zlib


def nested_mail(depth: int = 500) -> bytes:
    """A ~35 KB mail of ``depth`` nested multipart levels (RecursionError in the stdlib parser)."""
    head = [b"From: a@example.fi", b"To: b@example.fi", b"Subject: nested", b"MIME-Version: 1.0"]
    body: list[bytes] = []
    for i in range(depth):
        body += [b'Content-Type: multipart/mixed; boundary="b%d"' % i, b"", b"--b%d" % i]
    body.append(b"Content-Type: text/plain\r\n\r\nhi")
    body += [b"--b%d--" % i for i in reversed(range(depth))]
    return b"\r\n".join(head + body)


def many_parts_mail(parts: int = 5000, *, headers: bool = True) -> bytes:
    """A flat mail of ``parts`` tiny text parts (without any header of their own: ``headers``
    False, as RFC 2046 allows)."""
    out = [
        b"From: a@example.fi",
        b"To: b@example.fi",
        b"Subject: parts",
        b"MIME-Version: 1.0",
        b'Content-Type: multipart/mixed; boundary="x"',
        b"",
    ]
    for _ in range(parts):
        out += [b"--x", b"Content-Type: text/plain", b"", b"."] if headers else [b"--x", b"", b"."]
    out.append(b"--x--")
    return b"\r\n".join(out)


def _pdf(objects: list[bytes], *, root: int = 1) -> bytes:
    """A PDF from numbered object bodies (1-based), with a correct xref table."""
    buf = io.BytesIO()
    buf.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(buf.tell())
        buf.write(b"%d 0 obj\n" % n + body + b"\nendobj\n")
    xref = buf.tell()
    buf.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        buf.write(b"%010d 00000 n \n" % off)
    buf.write(b"trailer\n<< /Size %d /Root %d 0 R >>\n" % (len(objects) + 1, root))
    buf.write(b"startxref\n%d\n%%%%EOF\n" % xref)
    return buf.getvalue()


def _stream(dictionary: bytes, data: bytes) -> bytes:
    return b"<< " + dictionary + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def huge_image_pdf(side: int = 40000) -> bytes:
    """An A4 page holding one ``side`` × ``side`` 1-bit image: ~200 KB on disk, 1.6 Gpx decoded."""
    row = b"\x00" * (side // 8)
    comp = zlib.compressobj(9)
    chunks = [comp.compress(row * 1000) for _ in range(side // 1000)]
    data = b"".join(chunks) + comp.flush()
    content = b"q 595 0 0 842 0 0 cm /Im0 Do Q"
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /XObject << /Im0 5 0 R >> >> /Contents 4 0 R >>",
            _stream(b"", content),
            _stream(
                b"/Type /XObject /Subtype /Image /Width %d /Height %d "
                b"/ColorSpace /DeviceGray /BitsPerComponent 1 /Filter /FlateDecode" % (side, side),
                data,
            ),
        ]
    )


def active_content_pdf() -> bytes:
    """One text page with a page-open JavaScript action, a Launch of cmd.exe, a JavaScript link,
    a URI link, page additional actions, a JavaScript name tree and an embedded file."""
    content = b"BT /F1 24 Tf 72 720 Td (Kela AT 1 hakemus) Tj ET"
    js = b"<< /S /JavaScript /JS (app.alert\\('pwned'\\);) >>"
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R /OpenAction 6 0 R "
            b"/Names << /JavaScript << /Names [(x) 6 0 R] >> "
            b"/EmbeddedFiles << /Names [(evil.exe) 9 0 R] >> >> "
            b"/AA << /WC 6 0 R >> >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R "
            b"/Annots [7 0 R 8 0 R 11 0 R] /AA << /O 6 0 R >> >>",
            _stream(b"", content),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            js,
            b"<< /Type /Annot /Subtype /Link /Rect [72 700 300 740] "
            b"/A << /S /Launch /F (cmd.exe) /Win << /F (cmd.exe) /P (/c calc) >> >> >>",
            b"<< /Type /Annot /Subtype /Link /Rect [72 600 300 640] /A 6 0 R >>",
            b"<< /Type /Filespec /F (evil.exe) /EF << /F 10 0 R >> >>",
            _stream(b"/Type /EmbeddedFile", b"MZ not really"),
            b"<< /Type /Annot /Subtype /Link /Rect [72 500 300 540] "
            b"/A << /S /URI /URI (http://evil.example/) >> >>",
        ]
    )


def tiff_bomb(pages: int = 100, width: int = 8858, height: int = 6640) -> bytes:
    """A ~430 KB multi-page 1-bit TIFF: ``pages`` blank pages of ``width`` × ``height`` (58.8 Mpx
    each, 5.9 Gpx in all). One Group 4 page is encoded by Pillow; every IFD points at its strips."""
    import struct

    from PIL import Image

    one = io.BytesIO()
    Image.new("1", (width, height), 1).save(one, format="TIFF", compression="group4")
    with Image.open(io.BytesIO(one.getvalue())) as img:
        offsets, counts = img.tag_v2[273], img.tag_v2[279]
        rows = img.tag_v2.get(278, height)
    raw = one.getvalue()
    strips = b"".join(raw[o : o + c] for o, c in zip(offsets, counts, strict=True))
    n = len(counts)
    out = bytearray(b"II*\x00\x00\x00\x00\x00")
    data_at = len(out)
    out += strips
    rel = [sum(counts[:i]) for i in range(n)]
    arrays_at = len(out)
    out += struct.pack(f"<{n}I", *(data_at + r for r in rel))
    out += struct.pack(f"<{n}I", *counts)
    ifd_size = 2 + 9 * 12 + 4
    first = len(out)
    struct.pack_into("<I", out, 4, first)
    for p in range(pages):
        here = first + p * ifd_size
        nxt = here + ifd_size if p < pages - 1 else 0
        # A single strip fits in the entry itself; several need the arrays written above.
        off_val = data_at if n == 1 else arrays_at
        cnt_val = counts[0] if n == 1 else arrays_at + 4 * n
        entries = [
            (256, 4, 1, width),
            (257, 4, 1, height),
            (258, 3, 1, 1),
            (259, 3, 1, 4),
            (262, 3, 1, 0),
            (273, 4, n, off_val),
            (277, 3, 1, 1),
            (278, 4, 1, rows),
            (279, 4, n, cnt_val),
        ]
        out += struct.pack("<H", len(entries))
        for tag, typ, count, value in entries:
            out += struct.pack("<HHII", tag, typ, count, value)
        out += struct.pack("<I", nxt)
    return bytes(out)


def tiny_png() -> bytes:
    """A 1 × 1 pixel PNG."""
    from PIL import Image

    buf = io.BytesIO()
    Image.new("L", (1, 1), 255).save(buf, format="PNG")
    return buf.getvalue()


def _mail_with_pdf(part: list[bytes]) -> bytes:
    """A mail of a text and a small PDF attachment whose part has the header lines ``part``."""
    out = [
        b"From: a@example.fi",
        b"To: b@example.fi",
        b"Subject: hostile headers",
        b"MIME-Version: 1.0",
        b'Content-Type: multipart/mixed; boundary="x"',
        b"",
        b"--x",
        b"Content-Type: text/plain",
        b"",
        b"hello",
        b"--x",
        *part,
        b"Content-Transfer-Encoding: base64",
        b"",
        b"JVBERi0xLjQKJSVFT0YK",
        b"--x--",
    ]
    return b"\r\n".join(out)


def _folded(items: list[bytes], sep: bytes, first: bytes) -> list[bytes]:
    """``first`` and ``items`` joined by ``sep``, folded into lines under 78 characters."""
    lines, line = [], first
    for i, item in enumerate(items):
        piece = item + (sep if i < len(items) - 1 else b"")
        if len(line) + len(piece) > 76:
            lines.append(line)
            line = b" "
        line += piece
    return [*lines, line]


def many_addresses_mail(chars: int = 200_000, *, field: bytes = b"From") -> bytes:
    """A ``field`` (From, To) of many addresses, about ``chars`` long, folded.

    The stdlib's address parser is super-linear: 3.4 s CPU for a From of 200,000 characters.
    """
    addresses = [b"u%d@example.fi" % i for i in range(chars // 16)]
    old = field + b": " + (b"a@example.fi" if field == b"From" else b"b@example.fi")
    new = b"\r\n".join(_folded(addresses, b", ", field + b": "))
    return _mail_with_pdf([b"Content-Type: application/pdf"]).replace(old, new)


def encoded_filename_mail(chars: int = 200_000) -> bytes:
    """An attachment whose quoted filename is about ``chars`` of RFC 2047 encoded words."""
    words = [b"=?utf-8?b?YWJj?=" for _ in range(chars // 18)]
    disposition = _folded(words, b" ", b'Content-Disposition: attachment; filename="')
    disposition[-1] += b'"'
    return _mail_with_pdf([b"Content-Type: application/pdf", *disposition])


def many_params_mail(params: int = 10_000) -> bytes:
    """A part whose Content-Type carries ``params`` parameters."""
    items = [b"p%d=v%d" % (i, i) for i in range(params)]
    return _mail_with_pdf(_folded(items, b"; ", b"Content-Type: application/pdf; "))


def parts_of_many_params_mail(parts: int = 10, params: int = 2_400) -> bytes:
    """``parts`` attachments whose Content-Type carries ``params`` parameters each, every field
    under the length limit (2,400 parameters: some 30 KB)."""
    items = [b"p%d=v%d" % (i, i) for i in range(params)]
    field = b"\r\n".join(_folded(items, b"; ", b"Content-Type: application/pdf; "))
    one = _mail_with_pdf([field])
    head, sep, rest = one.partition(b"--x\r\nContent-Type: application/pdf;")
    part = sep + rest.removesuffix(b"--x--")
    return head + part * parts + b"--x--"


def long_rfc2231_filename_mail(pieces: int = 40) -> bytes:
    """An attachment whose file name comes in ``pieces`` RFC 2231 continuations."""
    lines = [b"Content-Type: application/pdf", b"Content-Disposition: attachment;"]
    lines += [b" filename*%d*=utf-8''hakemus%02d%s" % (i, i, b";" * (i < pieces - 1))
              for i in range(pieces)]  # fmt: skip
    return _mail_with_pdf(lines)

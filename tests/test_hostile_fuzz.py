"""Property and fuzz tests (hypothesis) over the e-mail parser, PDF intake and the batch splitter.

The property everywhere: hostile bytes give a result or one of our errors with a stable code,
never another exception (RecursionError, a library's own error, a crash), and nothing accepted
is lost. Example counts are kept small so the suite stays within the ``make test`` budget.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from _web_support import text_pdf
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from channels.email import parse_eml
from channels.splitting import PageInfo, split_file, split_points
from pipeline.errors import AspaError, InputError
from pipeline.intake import Limits, inspect_file
from pipeline.pdfsafe import sanitize_pdf

# ASPA_FUZZ_EXAMPLES=2000 for a longer hunt; the default keeps `make test` quick.
EXAMPLES = int(os.environ.get("ASPA_FUZZ_EXAMPLES", "120"))
FAST = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    database=None,
)

# --- e-mail -----------------------------------------------------------------------------------

_CTYPES = st.sampled_from(
    [
        b"multipart/mixed",
        b"multipart/alternative",
        b"multipart/related",
        b"multipart/report",
        b"message/rfc822",
        b"text/plain",
        b"text/html",
        b"application/pdf",
        b"image/png",
        b"application/octet-stream",
        b"application/ms-tnef",
    ]
)


@st.composite
def mime_tree(draw: st.DrawFn, depth: int = 0) -> bytes:
    ctype = draw(_CTYPES)
    headers = [b"Content-Type: " + ctype]
    if draw(st.booleans()):
        name = draw(st.binary(max_size=30)).replace(b"\r", b"").replace(b"\n", b"")
        headers.append(b'Content-Disposition: attachment; filename="' + name + b'"')
    if draw(st.booleans()):
        headers.append(
            draw(
                st.sampled_from(
                    [
                        b"Content-Transfer-Encoding: base64",
                        b"Content-Transfer-Encoding: quoted-printable",
                        b"Content-Transfer-Encoding: 8bit",
                    ]
                )
            )
        )
    if ctype.startswith(b"multipart/") and depth < 8:
        boundary = b"b%d" % depth
        headers[0] += b'; boundary="' + boundary + b'"'
        children = draw(st.lists(mime_tree(depth + 1), max_size=3))
        body = b"".join(b"--" + boundary + b"\r\n" + c + b"\r\n" for c in children)
        if draw(st.booleans()):
            body += b"--" + boundary + b"--\r\n"
    elif ctype == b"message/rfc822" and depth < 8:
        body = b"From: x@y.fi\r\nSubject: s\r\n" + draw(mime_tree(depth + 1))
    else:
        body = draw(st.binary(max_size=200))
    return b"\r\n".join(headers) + b"\r\n\r\n" + body


@FAST
@given(tree=mime_tree(), junk=st.binary(max_size=64))
def test_any_mime_structure_parses_or_is_refused_with_a_code(tree: bytes, junk: bytes) -> None:
    mail = b"From: a@example.fi\r\nTo: b@example.fi\r\nSubject: x\r\nMIME-Version: 1.0\r\n"
    try:
        parsed = parse_eml(mail + tree + junk)
    except InputError as e:
        assert e.code in {"invalid_mail", "empty_file", "mail_too_complex", "too_large"}
        return
    assert len(parsed.attachments) <= 100
    assert len({a.name for a in parsed.attachments}) == len(parsed.attachments)


@FAST
@given(data=st.binary(max_size=2000))
def test_arbitrary_bytes_never_break_the_mail_parser(data: bytes) -> None:
    with contextlib.suppress(InputError):
        parse_eml(data)


@settings(max_examples=15, deadline=None, database=None)
@given(depth=st.integers(min_value=0, max_value=2000))
def test_nesting_of_any_depth_is_parsed_or_refused(depth: int) -> None:
    from hostile_cases import nested_mail

    try:
        parse_eml(nested_mail(depth))
    except InputError as e:
        assert e.code == "mail_too_complex"


# --- PDF intake -------------------------------------------------------------------------------

_SEED_PDF = text_pdf(["Kela AT 1 hakemus", "Henkilötunnus 131052-****"])


@st.composite
def mutated_pdf(draw: st.DrawFn) -> bytes:
    data = bytearray(_SEED_PDF)
    for _ in range(draw(st.integers(min_value=1, max_value=8))):
        op = draw(st.sampled_from(["flip", "cut", "insert", "dup"]))
        at = draw(st.integers(min_value=0, max_value=len(data) - 1))
        if op == "flip":
            data[at] = draw(st.integers(min_value=0, max_value=255))
        elif op == "cut":
            del data[at : at + draw(st.integers(min_value=1, max_value=200))]
        elif op == "insert":
            data[at:at] = draw(
                st.sampled_from(
                    [
                        b"<<",
                        b">>",
                        b"[",
                        b"]",
                        b" 0 R",
                        b"/Kids [3 0 R 3 0 R]",
                        b"stream\n",
                        b"/Length 999999",
                        b"/Count 100000",
                        b"/Width 40000 /Height 40000",
                    ]
                )
            )
        elif len(data) < 20_000:
            data += data[at:]
        if not data:
            data = bytearray(b"%PDF-")
    return bytes(data)


@FAST
@given(pdf=mutated_pdf())
def test_a_mutated_pdf_is_inspected_or_refused_with_a_code(pdf: bytes) -> None:
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "x.pdf"
        p.write_bytes(pdf)
        try:
            info = inspect_file(p, Limits())
        except InputError as e:
            assert e.code in {
                "corrupt_file",
                "encrypted_pdf",
                "too_many_pages",
                "image_too_large",
                "too_many_pixels",
                "unsupported_type",
                "empty_file",
            }
            return
        assert 1 <= info.pages <= 100
        # What intake accepts, the sanitiser either cleans or refuses with our code
        try:
            sanitize_pdf(p)
        except AspaError as e:
            assert e.code == "pdf_unsafe"


# --- batch splitting --------------------------------------------------------------------------


@st.composite
def batches(draw: st.DrawFn) -> list[PageInfo]:
    n = draw(st.integers(min_value=0, max_value=40))
    return [
        PageInfo(
            number=i,
            is_separator=draw(st.booleans()) and draw(st.booleans()),
            top_text=draw(st.sampled_from(["", "AT 1", "Hakemus", "liite"])),
            is_blank=draw(st.booleans()) and draw(st.booleans()),
        )
        for i in range(1, n + 1)
    ]


@settings(max_examples=300, deadline=None, database=None)
@given(pages=batches(), by_form=st.booleans())
def test_splitting_loses_no_page_and_never_doubles_one(
    pages: list[PageInfo], by_form: bool
) -> None:
    parts = split_points(pages, (lambda t: t == "AT 1") if by_form else None)
    taken = [n for part in parts for n in part]
    # Parts are non-empty, in order, disjoint, and made of existing pages
    assert all(len(p) > 0 for p in parts)
    assert taken == sorted(set(taken))
    assert set(taken) <= {p.number for p in pages}
    separators = {p.number for p in pages if p.is_separator}
    assert not separators & set(taken)
    if not separators:  # without separators every page goes somewhere
        assert taken == [p.number for p in pages]
    else:  # only separators and blank backs of separators are dropped
        dropped = {p.number for p in pages} - set(taken) - separators
        assert all(next(q for q in pages if q.number == n).is_blank for n in dropped)


@settings(max_examples=max(40, EXAMPLES // 3), deadline=None, database=None)
@given(pdf=mutated_pdf(), at=st.integers(min_value=1, max_value=5))
def test_cutting_an_accepted_mutated_pdf_gives_parts_or_one_of_our_errors(
    pdf: bytes, at: int
) -> None:
    # Only what intake accepted reaches the splitter; cut it anywhere within its pages
    with tempfile.TemporaryDirectory() as d:
        src = Path(d) / "batch.pdf"
        src.write_bytes(pdf)
        try:
            pages = inspect_file(src, Limits()).pages
        except InputError:
            return
        cut = min(at, pages)
        parts = [range(1, cut + 1)] + ([range(cut + 1, pages + 1)] if cut < pages else [])
        try:
            out = split_file(src, parts, Path(d) / "out")
        except AspaError as e:
            assert e.code in {"corrupt_file", "encrypted_pdf"}
            return
        assert len(out) == len(parts)
        assert all(p.read_bytes()[:5] == b"%PDF-" for p in out)

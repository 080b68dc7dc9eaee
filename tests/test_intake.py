"""Intake: type from bytes, one error code per kind of bad input, quarantine, duplicates."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from pypdf import PdfWriter
from sqlalchemy import select

from pipeline.errors import (
    CorruptFileError,
    EmptyFileError,
    EncryptedPdfError,
    ImageTooLargeError,
    InputError,
    TooLargeError,
    TooManyPagesError,
    UnsupportedTypeError,
)
from pipeline.filetypes import JPEG, PDF, PNG, TIFF, sniff
from pipeline.intake import Limits, accept_file, inspect_file
from pipeline.models import Document, Submission
from pipeline.storage import FolderStore

LIMITS = Limits(max_bytes=5_000_000, max_pages=5, max_pixels=40_000_000, dpi=300)


def _png(tmp: Path, size: tuple[int, int] = (200, 100), mode: str = "L") -> Path:
    p = tmp / "page.png"
    Image.new(mode, size, 255).save(p)
    return p


def _pdf(tmp: Path, pages: int = 1, name: str = "doc.pdf", password: str | None = None) -> Path:
    w = PdfWriter()
    for _ in range(pages):
        w.add_blank_page(width=595, height=842)
    if password:
        w.encrypt(password)
    p = tmp / name
    with open(p, "wb") as f:
        w.write(f)
    return p


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"%PDF-1.7\n", PDF),
        (b"\x89PNG\r\n\x1a\n....", PNG),
        (b"\xff\xd8\xff\xe0..", JPEG),
        (b"II*\x00....", TIFF),
        (b"MM\x00*....", TIFF),
        (b"PK\x03\x04", None),
        (b"hello", None),
    ],
)
def test_sniff_reads_the_bytes_not_the_name(head: bytes, expected: str | None) -> None:
    assert sniff(head) == expected


def test_good_files_pass(tmp_path: Path) -> None:
    assert inspect_file(_pdf(tmp_path, 3), LIMITS).pages == 3
    assert inspect_file(_png(tmp_path), LIMITS).media_type == PNG
    tif = tmp_path / "multi.tif"
    frames = [Image.new("L", (100, 100), 255) for _ in range(3)]
    frames[0].save(tif, save_all=True, append_images=frames[1:])
    assert inspect_file(tif, LIMITS).pages == 3


def test_empty_file(tmp_path: Path) -> None:
    p = tmp_path / "empty.pdf"
    p.write_bytes(b"")
    with pytest.raises(EmptyFileError):
        inspect_file(p, LIMITS)


def test_unsupported_type_despite_pdf_name(tmp_path: Path) -> None:
    p = tmp_path / "letter.pdf"
    p.write_bytes(b"PK\x03\x04 this is really a zip / docx")
    with pytest.raises(UnsupportedTypeError) as e:
        inspect_file(p, LIMITS)
    assert e.value.code == "unsupported_type"


def test_corrupt_pdf_and_png(tmp_path: Path) -> None:
    pdf = tmp_path / "broken.pdf"
    pdf.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\n garbage")
    with pytest.raises(CorruptFileError):
        inspect_file(pdf, LIMITS)
    good = _png(tmp_path, (600, 600))
    cut = tmp_path / "cut.png"
    cut.write_bytes(good.read_bytes()[:-60])
    with pytest.raises(CorruptFileError):
        inspect_file(cut, LIMITS)


def test_encrypted_pdf(tmp_path: Path) -> None:
    with pytest.raises(EncryptedPdfError):
        inspect_file(_pdf(tmp_path, password="salainen"), LIMITS)


def test_too_many_pages(tmp_path: Path) -> None:
    with pytest.raises(TooManyPagesError) as e:
        inspect_file(_pdf(tmp_path, pages=6), LIMITS)
    assert "6 pages" in e.value.message


def test_too_large(tmp_path: Path) -> None:
    p = _pdf(tmp_path)
    with pytest.raises(TooLargeError):
        inspect_file(p, Limits(max_bytes=100))


def test_decompression_bomb_is_refused_before_decoding(tmp_path: Path) -> None:
    p = tmp_path / "bomb.png"
    Image.new("1", (8000, 8000), 1).save(p, optimize=True)  # 64 Mpx, a few kB on disk
    assert p.stat().st_size < 100_000
    with pytest.raises(ImageTooLargeError):
        inspect_file(p, LIMITS)


def test_huge_pdf_page_is_refused(tmp_path: Path) -> None:
    w = PdfWriter()
    w.add_blank_page(width=5000, height=5000)  # 1.76 m square at 300 dpi
    p = tmp_path / "poster.pdf"
    with open(p, "wb") as f:
        w.write(f)
    with pytest.raises(ImageTooLargeError):
        inspect_file(p, LIMITS)


def test_every_input_error_has_a_distinct_code() -> None:
    classes = InputError.__subclasses__()
    codes = {c.code for c in classes}
    assert len(codes) == len(classes)
    assert codes >= {
        "empty_file",
        "unsupported_type",
        "corrupt_file",
        "encrypted_pdf",
        "too_large",
        "too_many_pages",
        "image_too_large",
    }


def test_bad_input_is_quarantined_not_lost(runtime, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "scan.pdf"
    bad.write_bytes(b"not a pdf at all")
    with runtime.session_factory() as s:
        res = accept_file(
            s,
            runtime.store,
            bad,
            filename="scan.pdf",
            channel="cli",
            service_point="sp",
            submitted_by=None,
            limits=LIMITS,
        )
        s.commit()
        assert res.error is not None and res.error.code == "unsupported_type"
        sub = s.get(Submission, res.submission_id)
        assert sub is not None and sub.quarantined and sub.blob_key.startswith("quarantine/")
        doc = s.get(Document, res.document_ids[0])
        assert doc is not None and doc.state == "rejected" and doc.error_code == "unsupported_type"
    assert runtime.store.read_bytes(sub.blob_key) == b"not a pdf at all"


def test_same_bytes_twice_is_linked_not_reprocessed(runtime, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    p = _pdf(tmp_path)
    copy = tmp_path / "again.pdf"
    copy.write_bytes(p.read_bytes())
    with runtime.session_factory() as s:
        first = accept_file(
            s,
            runtime.store,
            p,
            filename="doc.pdf",
            channel="cli",
            service_point="sp",
            submitted_by=None,
            limits=LIMITS,
        )
        second = accept_file(
            s,
            runtime.store,
            copy,
            filename="again.pdf",
            channel="upload",
            service_point="sp",
            submitted_by=None,
            limits=LIMITS,
        )
        s.commit()
        assert second.duplicate_of == first.submission_id
        assert second.document_ids == first.document_ids
        assert len(list(s.scalars(select(Document)))) == 1
        assert len(list(s.scalars(select(Submission)))) == 2


def test_folder_store_round_trip(tmp_path: Path) -> None:
    store = FolderStore(tmp_path / "objects")
    store.put_bytes("a/b/c", b"data")
    assert store.exists("a/b/c") and store.read_bytes("a/b/c") == b"data"
    with store.local_copy("a/b/c") as p:
        assert p.read_bytes() == b"data"
    with pytest.raises(ValueError):
        store.put_bytes("../escape", b"x")
    assert not store.exists("nope")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def any_runtime(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Any]:
    from aspa.bootstrap import build_runtime
    from aspa.migrate import upgrade
    from pipeline.settings import Settings

    url = request.getfixturevalue("fresh_pg_database") if request.param == "postgresql" else None
    kw: dict[str, Any] = {"database_url": url} if url else {}
    rt = build_runtime(Settings(data_dir=tmp_path / "var", _env_file=None, **kw))  # type: ignore[call-arg]
    upgrade(rt.engine)
    try:
        yield rt
    finally:
        rt.engine.dispose()


def test_a_file_name_longer_than_its_column_is_shortened_keeping_the_extension(
    any_runtime: Any, tmp_path: Path
) -> None:
    # An upload's name came to the 500-character column as sent: PostgreSQL refused 1,000.
    with any_runtime.session_factory() as s:
        res = accept_file(
            s,
            any_runtime.store,
            _pdf(tmp_path),
            filename="hakemus " * 125 + ".pdf",
            channel="upload",
            service_point="sp",
            submitted_by=None,
            limits=LIMITS,
        )
        s.commit()
        sub = s.get(Submission, res.submission_id)
        doc = s.get(Document, res.document_ids[0])
        assert sub is not None and doc is not None
        assert sub.filename == doc.source_name == ("hakemus " * 125)[:496] + ".pdf"

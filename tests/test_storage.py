"""Blob stores: the folder default and S3 through a real S3 API server on loopback."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import ConfigurationError, NotFoundError
from pipeline.storage import FolderStore, S3Store, open_store
from tests.servers import MotoS3


def test_open_store_defaults_to_a_folder(tmp_path: Path) -> None:
    assert isinstance(open_store("", folder=tmp_path), FolderStore)


def test_open_store_refuses_unknown_schemes(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError):
        open_store("ftp://x", folder=tmp_path)
    with pytest.raises(ConfigurationError):
        open_store("s3://bucket", folder=tmp_path)  # no endpoint


def test_s3_store_round_trip(s3_server: MotoS3, tmp_path: Path) -> None:
    store = open_store(
        "s3://aspa-blobs/prefix",
        folder=tmp_path,
        endpoint=s3_server.endpoint,
        access_key=s3_server.access_key,
        secret_key=s3_server.secret_key,
        secure=False,
        region=s3_server.region,
    )
    assert isinstance(store, S3Store)
    src = tmp_path / "a.pdf"
    src.write_bytes(b"%PDF-1.7 test")
    store.put_file("originals/abc", src, content_type="application/pdf")
    store.put_bytes("documents/1/document.pdf", b"pdf bytes")
    assert store.exists("originals/abc") and not store.exists("originals/missing")
    assert store.read_bytes("originals/abc") == b"%PDF-1.7 test"
    with store.local_copy("documents/1/document.pdf") as p:
        assert p.read_bytes() == b"pdf bytes"
    assert s3_server.keys("aspa-blobs") == [
        "prefix/documents/1/document.pdf",
        "prefix/originals/abc",
    ]
    with pytest.raises(NotFoundError):
        store.read_bytes("nope")


def test_stores_delete_and_a_missing_key_is_no_error(s3_server: MotoS3, tmp_path: Path) -> None:
    # Retention purges blobs; a retried purge deletes what is gone already
    s3 = open_store(
        "s3://aspa-purge",
        folder=tmp_path,
        endpoint=s3_server.endpoint,
        access_key=s3_server.access_key,
        secret_key=s3_server.secret_key,
        secure=False,
        region=s3_server.region,
    )
    for store in (s3, FolderStore(tmp_path / "objects")):
        store.put_bytes("originals/x", b"data")
        store.delete("originals/x")
        assert not store.exists("originals/x")
        store.delete("originals/x")


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///:memory:"])
def test_an_in_memory_database_leaves_no_file_behind(
    url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``sqlite://`` once created a file named ``sqlite:`` in the working folder."""
    from sqlalchemy import text

    from pipeline.db import make_engine

    monkeypatch.chdir(tmp_path)
    engine = make_engine(url)
    with engine.connect() as c:
        assert c.execute(text("SELECT 1")).scalar() == 1
    engine.dispose()
    assert list(tmp_path.iterdir()) == []


def test_a_database_file_is_made_private_in_its_folder(tmp_path: Path) -> None:
    from pipeline.db import make_engine

    db = tmp_path / "sub" / "aspa.sqlite3"
    make_engine(f"sqlite:///{db}").dispose()
    assert db.exists() and (db.stat().st_mode & 0o777) == 0o600

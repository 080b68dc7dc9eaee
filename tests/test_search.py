"""Full-text search (issue 14): inflection-aware in Finnish and Swedish, filters, paging, scope,
on SQLite (FTS5 + Snowball stems) and on PostgreSQL (finnish/swedish configurations)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

TEXTS = [
    # (text, language, state, authority, service, confidence, service point, days ago)
    ("Kela Hakemus Yleinen asumistuki AT 1", "fi", "delivered", "kela", "kela.asumistuki",
     0.97, "mikkeli", 1),
    ("Kela Ilmoitus työttömyysajasta TT 2 työttömyysturva", "fi", "needs_review", "kela",
     "kela.tyottomyysturva", 0.55, "mikkeli", 3),
    ("FPA Ansökan om allmänt bostadsbidraget", "sv", "delivered", "kela", "kela.asumistuki",
     0.93, "parainen", 2),
    ("Verohallinto Verokorttihakemus 5010 verokortin muutos", "fi", "delivered", "vero",
     "vero.verokortti", 0.99, "mikkeli", 10),
    ("Poliisi Passihakemus ja ilmoituksen liite", "fi", "needs_review", "poliisi",
     "poliisi.passi", 0.5, "mikkeli", 20),
]  # fmt: skip


def _runtime(tmp_path: Path, url: str | None) -> Any:
    from aspa.bootstrap import build_runtime
    from aspa.migrate import upgrade
    from pipeline.settings import Settings

    kw: dict[str, Any] = {"database_url": url} if url else {}
    settings = Settings(data_dir=tmp_path / "var", _env_file=None, **kw)  # type: ignore[call-arg]
    rt = build_runtime(settings)
    upgrade(rt.engine)
    return rt


def _seed(rt: Any) -> list[str]:
    from pipeline.db import new_id, session_scope, utcnow
    from pipeline.models import Delivery, Document, Submission

    ids = []
    now = utcnow()
    with session_scope(rt.session_factory) as s:
        for n, (text, lang, state, auth, service, conf, point, days) in enumerate(TEXTS):
            sub = Submission(
                channel="upload", service_point=point, received_at=now - timedelta(days=days),
                filename=f"doc{n}.pdf", sha256=new_id() * 2, size_bytes=1, blob_key=f"k{n}",
            )  # fmt: skip
            s.add(sub)
            s.flush()
            doc = Document(
                submission_id=sub.id, source_name=f"doc{n}.pdf", state=state, text=text,
                language=lang, authority=auth, service=service, confidence=conf,
                created_at=now - timedelta(days=days),
            )  # fmt: skip
            s.add(doc)
            s.flush()
            if state == "delivered":
                s.add(Delivery(document_id=doc.id, authority=auth, connector="folder",
                               state="returned" if n == 2 else "delivered"))  # fmt: skip
            ids.append(doc.id)
    return ids


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Any, list[str]]]:
    url = request.getfixturevalue("fresh_pg_database") if request.param == "postgresql" else None
    rt = _runtime(tmp_path, url)
    try:
        yield rt, _seed(rt)
    finally:
        rt.engine.dispose()


def _find(rt: Any, **kw: Any) -> list[int]:
    from pipeline.db import session_scope
    from pipeline.search import DocumentQuery, search

    scope = kw.pop("scope", None)
    with session_scope(rt.session_factory) as s:
        page = search(s, DocumentQuery(**kw), scope=scope)
        texts = [d.text for d in page.documents]
    return sorted(i for i, t in enumerate(TEXTS) if t[0] in texts)


def test_inflected_forms_find_each_other(backend: tuple[Any, list[str]]) -> None:
    rt, _ids = backend
    assert _find(rt, q="asumistuen") == [0]  # genitive finds the nominative
    assert _find(rt, q="asumistukea") == [0]
    assert _find(rt, q="bostadsbidrag") == [2]  # Swedish: the definite form is found
    assert _find(rt, q="verokortti") == [3]  # "verokortin" in the text
    assert _find(rt, q="Kela hakemus") == [0]  # every word must match
    assert _find(rt, q="kela") == [0, 1]  # short words match exactly, not as a prefix
    assert _find(rt, q="ajokortti") == []
    assert _find(rt, q='"; DROP TABLE documents; --') == []
    assert _find(rt, q="passihakemuksen") == [4]  # -us / -uksen
    assert _find(rt, q="ilmoituksen") == [1, 4]  # "Ilmoitus" in 1, "ilmoituksen" in 4
    assert _find(rt, q="rekisteröinnin") == []


def test_filters_sorting_and_paging(backend: tuple[Any, list[str]]) -> None:
    from pipeline.db import session_scope
    from pipeline.models import Document
    from pipeline.search import DocumentQuery, search

    rt, ids = backend
    assert _find(rt, authority="kela") == [0, 1, 2]
    assert _find(rt, state="needs_review") == [1, 4]
    assert _find(rt, language="sv") == [2]
    assert _find(rt, returned=True) == [2]
    assert _find(rt, returned=False, authority="kela") == [0, 1]
    assert _find(rt, min_confidence=0.95) == [0, 3]
    assert _find(rt, since=date.today() - timedelta(days=4)) == [0, 1, 2]
    assert _find(rt, until=date.today() - timedelta(days=5)) == [3, 4]
    assert _find(rt, delivered_to="vero") == [3]
    mikkeli = Document.submission.has(service_point="mikkeli")
    assert _find(rt, scope=mikkeli) == [0, 1, 3, 4]
    assert _find(rt, q="asumistuki", scope=mikkeli) == [0]
    with session_scope(rt.session_factory) as s:
        p1 = search(s, DocumentQuery(per_page=3, sort="confidence", descending=False))
        p2 = search(s, DocumentQuery(per_page=3, page=2, sort="confidence", descending=False))
        assert (p1.total, p1.pages, len(p1.documents), len(p2.documents)) == (5, 2, 3, 2)
        assert [d.confidence for d in p1.documents] == [0.5, 0.55, 0.93]
        assert [d.id for d in p2.documents] == [ids[0], ids[3]]
        big = search(s, DocumentQuery(per_page=10_000))
        assert big.per_page == 100
        # A page number past what the database's integers hold is a page past the end.
        far = search(s, DocumentQuery(page=10**18))
        assert (far.total, far.documents) == (5, [])


def test_changed_text_is_found_by_its_new_words(backend: tuple[Any, list[str]]) -> None:
    from pipeline.db import session_scope, utcnow
    from pipeline.models import Document

    rt, ids = backend
    assert _find(rt, q="lapsilisä") == []
    with session_scope(rt.session_factory) as s:
        doc = s.get(Document, ids[1])
        assert doc is not None
        doc.text, doc.state_changed_at = "Kela Hakemus Lapsilisä LL 1", utcnow()
    assert _find(rt, q="lapsilisän") == []  # TEXTS[1] no longer has its old text
    with session_scope(rt.session_factory) as s:
        texts = [d.text for d in s.query(Document).filter(Document.id == ids[1])]
    assert texts == ["Kela Hakemus Lapsilisä LL 1"]
    from pipeline.search import DocumentQuery, search

    with session_scope(rt.session_factory) as s:
        found = [d.id for d in search(s, DocumentQuery(q="lapsilisän")).documents]
        assert found == [ids[1]]
        assert search(s, DocumentQuery(q="työttömyysturvan")).total == 0


@pytest.mark.postgres
def test_postgresql_search_uses_the_fulltext_index(fresh_pg_database: str, tmp_path: Path) -> None:
    """The migration's GIN index is on exactly the expression the search queries."""
    from sqlalchemy import select, text

    from pipeline.db import session_scope
    from pipeline.models import Document
    from pipeline.search import _postgres

    rt = _runtime(tmp_path, fresh_pg_database)
    try:
        _seed(rt)
        stmt = select(Document.id).where(_postgres.match_clause("asumistuen"))
        compiled = stmt.compile(rt.engine)
        with session_scope(rt.session_factory) as s:
            s.execute(text("SET LOCAL enable_seqscan = off"))
            raw = s.connection().exec_driver_sql("EXPLAIN " + str(compiled), compiled.params)
            plan = "\n".join(r[0] for r in raw)
        assert "ix_documents_fulltext" in plan, plan
    finally:
        rt.engine.dispose()


def test_a_purged_text_is_no_longer_found(backend: tuple[Any, list[str]]) -> None:
    """A purge empties the text without moving the state: the index notices all the same."""
    from pipeline.db import session_scope
    from pipeline.models import Document

    rt, ids = backend
    assert _find(rt, q="verokortti") == [3]
    with session_scope(rt.session_factory) as s:
        doc = s.get(Document, ids[3])
        assert doc is not None
        doc.text = None
    assert _find(rt, q="verokortti") == []
    assert _find(rt, q="asumistuen") == [0]

"""Every role's journey in Finnish and Swedish at desktop (1280 px) and phone (390 px) width.

On each page: no horizontal scrolling, every visible string in the page's language (no string
of another language's catalogue, no raw code outside the small print), axe-core clean, and
every page image OCR'd to prove the identity code is blacked out.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from _checks import language_leaks, page_width_problem, unmasked_previews
from _web_support import PASSWORD, seed_document
from test_journeys import check_page

pytestmark = pytest.mark.browser

CASES = [("fi", 1280), ("fi", 390), ("sv", 1280), ("sv", 390)]


@pytest.fixture(scope="module")
def docs(live_server: Any) -> dict[str, dict[str, str]]:
    rt = live_server.rt
    return {
        "delivered": seed_document(rt, state="delivered", delivery="delivered"),
        "review": seed_document(rt, filename="tuen-hakemus.pdf"),
        "dead": seed_document(
            rt, state="failed", delivery="dead", error_code="delivery_permanent",
            authority="vero", service="vero.verokortti",
        ),
        "failed": seed_document(rt, state="failed", error_code="ocr_timeout"),
    }  # fmt: skip


@contextmanager
def speaking(rt: Any, username: str, lang: str) -> Iterator[None]:
    """The user's language for one journey (restored afterwards)."""
    from sqlalchemy import select

    from auth.models import User
    from pipeline.db import session_scope

    with session_scope(rt.session_factory) as s:
        user = s.scalar(select(User).where(User.username == username))
        assert user is not None
        before, user.language = user.language, lang
    try:
        yield
    finally:
        with session_scope(rt.session_factory) as s:
            user = s.scalar(select(User).where(User.username == username))
            assert user is not None
            user.language = before


def _context(browser: Any, live_server: Any, width: int) -> Any:
    ctx = browser.new_context(
        base_url=live_server.url,
        bypass_csp=True,
        viewport={"width": width, "height": 900 if width > 600 else 844},
    )
    ctx.set_default_timeout(10_000)
    return ctx


def _sign_in(page: Any, username: str) -> None:
    page.goto("/login")
    page.locator("#username").fill(username)
    page.locator("#password").fill(PASSWORD)
    page.locator("form.card button[type=submit]").click()
    page.wait_for_load_state()
    assert "/login" not in page.url


def _walk(page: Any, name: str, lang: str, paths: list[str], problems: list[str]) -> None:
    for i, path in enumerate(paths):
        response = page.goto(path)
        assert response is not None
        page.wait_for_function("[...document.images].every(i => i.complete)")
        where = f"{name} {lang} {path}"
        assert page.locator("html").get_attribute("lang") == lang, where
        wide = page_width_problem(page)
        if wide:
            problems.append(f"{where}: {wide}")
        leaks = language_leaks(page, lang)
        if leaks:
            problems.append(f"{where}: not in {lang}: {leaks[:5]}")
        if unmasked_previews(page):
            problems.append(f"{where}: a page image shows the identity code")
        width = page.viewport_size["width"]
        if width > 600 or i == 0:  # axe at phone width on each role's first page (time budget)
            check_page(page, f"roles-{name}-{lang}-{width}-{i}")


@pytest.mark.parametrize(("lang", "width"), CASES, ids=[f"{a}-{b}" for a, b in CASES])
def test_every_role_in_its_language_and_width(
    browser: Any, live_server: Any, docs: dict[str, dict[str, str]], lang: str, width: int
) -> None:
    delivered, review = docs["delivered"]["document_id"], docs["review"]["document_id"]
    dead = docs["dead"]
    journeys = {
        "neuvoja": [
            "/advisor",
            "/advisor?q=asumistuen&sort=name&order=asc",
            f"/advisor/documents/{review}",
            "/advisor/events",
            f"/advisor/receipt?ids={delivered}",
            "/advisor/receipt",  # nothing ticked: back to the list with a notice
            "/no/such/page",
        ],
        "kela1": ["/provider", "/provider?q=asumistuen", f"/provider/documents/{delivered}"],
        "operaattori": [
            "/operator",
            f"/operator/deliveries/{dead['delivery_id']}",
            f"/operator/documents/{dead['document_id']}",
        ],
        "talous": ["/finance", "/finance/downloads/2026Q4/statement.html"],
        "admin": ["/admin/users"],
    }
    problems: list[str] = []
    ctx = _context(browser, live_server, width)
    try:
        for username, paths in journeys.items():
            with speaking(live_server.rt, username, lang):
                page = ctx.new_page()
                _sign_in(page, username)
                _walk(page, username, lang, paths, problems)
                page.close()
                ctx.clear_cookies()
    finally:
        ctx.close()
    assert not problems, "\n".join(problems)


def test_the_checks_can_fail(browser: Any, live_server: Any) -> None:
    """English on a Finnish page, a too-wide table and an unmasked image are all caught."""
    ctx = _context(browser, live_server, 390)
    try:
        page = ctx.new_page()
        page.goto("/login?lang=fi")
        page.evaluate("""() => {
            const p = document.createElement('p'); p.textContent = 'Wrong user name or password.';
            document.querySelector('main').appendChild(p);
            const d = document.createElement('div'); d.style.width = '900px'; d.textContent = 'x';
            document.querySelector('main').appendChild(d);
            const c = document.createElement('p'); c.textContent = 'needs_review';
            document.querySelector('main').appendChild(c);
        }""")
        assert "Wrong user name or password." in language_leaks(page, "fi")
        assert "needs_review" in language_leaks(page, "fi")
        assert page_width_problem(page) is not None
    finally:
        ctx.close()


def test_tablet_width(browser: Any, live_server: Any, docs: dict[str, dict[str, str]]) -> None:
    """768 px (a tablet held upright): no page wider than the screen (width only, in Finnish)."""
    delivered = docs["delivered"]["document_id"]
    pages = {
        "neuvoja": ["/advisor", f"/advisor/documents/{delivered}", "/advisor/events"],
        "kela1": ["/provider", f"/provider/documents/{delivered}"],
        "operaattori": ["/operator"],
        "talous": ["/finance"],
    }
    problems = []
    ctx = _context(browser, live_server, 768)
    try:
        for username, paths in pages.items():
            page = ctx.new_page()
            _sign_in(page, username)
            for path in paths:
                page.goto(path)
                wide = page_width_problem(page)
                if wide:
                    problems.append(f"{username} {path}: {wide}")
            page.close()
            ctx.clear_cookies()
    finally:
        ctx.close()
    assert not problems, "\n".join(problems)

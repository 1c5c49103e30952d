"""Browser tests: Debian's Chromium through Playwright, against pytest-django's live server.

Every test here is marked `browser`. Without /usr/bin/chromium (or the file named
by PLANWERK_CHROMIUM) they skip. PLANWERK_SCREENSHOT_DIR=/some/folder keeps a
full-page PNG of every page a test checks with axe.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses to be
# called from a thread with a running loop unless told that this is safe here.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path(os.environ.get("PLANWERK_CHROMIUM", "/usr/bin/chromium"))
SKIP_MESSAGE = "Browser tests need Debian's Chromium: apt-get install chromium (see README)"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
# axe-core rules of WCAG 2.1, levels A and AA.
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
TIMEOUT_MS = 10_000


def chromium_available() -> bool:
    return CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)


def pytest_runtest_setup(item: pytest.Item) -> None:
    # Before any fixture runs, so a machine without Chromium does not start a server.
    if item.get_closest_marker("browser") and not chromium_available():
        pytest.skip(SKIP_MESSAGE)


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """One headless Chromium per test process (each xdist worker has its own)."""
    if not chromium_available():
        pytest.skip(SKIP_MESSAGE)
    from playwright.sync_api import sync_playwright

    home = tmp_path_factory.mktemp("chromium-home")
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            # Chromium writes below $HOME even with a temporary profile.
            env={**os.environ, "HOME": str(home)},
        )
        try:
            yield browser
        finally:
            browser.close()
    finally:
        playwright.stop()


@pytest.fixture(autouse=True)
def process_data(transactional_db: Any, demo: Any) -> Any:
    """The Hannover process with the fictional demo people and accounts, for every test.

    The test database holds them from the start (see tests/database.py); transactional
    tests empty the database afterwards, so the next test loads them again (a quarter
    of a second). tests/conftest.py lifts the audit log's append-only guard for that.
    """
    from django.core.cache import cache

    cache.clear()  # the nomination throttle counts per client address
    return demo


def _new_page(browser: Any, viewport: dict[str, int]) -> Iterator[Any]:
    context = browser.new_context(viewport=viewport, locale="de-DE")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.console_errors = errors
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def page(browser: Any, live_server: Any, process_data: Any) -> Iterator[Any]:
    """A fresh desktop-sized tab (own cookies), the process loaded, German first."""
    yield from _new_page(browser, DESKTOP)


@pytest.fixture
def phone_page(browser: Any, live_server: Any, process_data: Any) -> Iterator[Any]:
    """A fresh phone-sized tab (390 × 844 CSS pixels)."""
    yield from _new_page(browser, PHONE)


def _describe(violation: dict[str, Any]) -> str:
    lines = [f"- {violation['id']} ({violation.get('impact')}): {violation['help']}"]
    for node in violation["nodes"]:
        target = " ".join(str(t) for t in node["target"])
        summary = (node.get("failureSummary") or "").replace("\n", " ")
        lines.append(f"    {target}: {summary}")
    return "\n".join(lines)


def _screenshot(page: Any) -> None:
    folder = os.environ.get("PLANWERK_SCREENSHOT_DIR")
    if not folder:
        return
    width = page.viewport_size["width"] if page.viewport_size else 0
    lang = page.get_attribute("html", "lang") or "xx"
    slug = re.sub(r"[^a-z0-9]+", "-", page.url.split("//", 1)[-1].split("/", 1)[-1].lower())
    stem = f"{slug.strip('-') or 'home'}-{lang}-{width}"
    Path(folder).mkdir(parents=True, exist_ok=True)
    path, number = Path(folder) / f"{stem}.png", 1
    while path.exists():  # the same page again, e.g. after sending a form
        number += 1
        path = Path(folder) / f"{stem}-{number}.png"
    page.screenshot(path=str(path), full_page=True)


def check_accessible(page: Any) -> None:
    """axe-core finds no WCAG 2.1 A/AA violation on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    _screenshot(page)
    results = Axe().run(page, options=AXE_OPTIONS)
    violations = results.response["violations"]
    assert results.violations_count == 0, (
        f"axe found {results.violations_count} violation(s) on {page.url}:\n"
        + "\n".join(_describe(v) for v in violations)
    )
    assert not page.console_errors, f"browser console errors on {page.url}: {page.console_errors}"


def press_language_button(page: Any, code: str) -> None:
    """Press the language button in the header (a link to /sprache/<code>/)."""
    with page.expect_navigation():
        page.locator(f"header nav.pw-lang a[hreflang={code}]").click()
    assert page.get_attribute("html", "lang") == code


def check_no_horizontal_scroll(page: Any) -> None:
    scroll, window = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll <= window, f"{page.url} scrolls sideways: {scroll}px wide in {window}px"


# The checks as fixtures, so that test modules need no import from this file.
@pytest.fixture
def assert_accessible() -> Any:
    return check_accessible


@pytest.fixture
def switch_language() -> Any:
    return press_language_button


@pytest.fixture
def assert_no_horizontal_scroll() -> Any:
    return check_no_horizontal_scroll

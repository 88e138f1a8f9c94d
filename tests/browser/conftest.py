"""Real pages in a real browser: Playwright drives Debian's /usr/bin/chromium."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, sync_playwright

from civicdesk.demo.loader import load_demo

# Playwright's sync API runs an event loop in this thread; the test's own database calls are
# still synchronous, so Django's guard against ORM calls from async code does not apply.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


def _page(browser: Browser, live_server: Any, *, javascript: bool) -> Iterator[Page]:
    load_demo()
    context = browser.new_context(base_url=live_server.url, java_script_enabled=javascript)
    page = context.new_page()
    errors: list[str] = []

    def record(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(message.text)

    page.on("console", record)
    yield page
    context.close()
    assert errors == [], f"the browser console reported errors: {errors}"


@pytest.fixture
def page(browser: Browser, live_server: Any, transactional_db: None) -> Iterator[Page]:
    yield from _page(browser, live_server, javascript=True)


@pytest.fixture
def page_without_js(browser: Browser, live_server: Any, transactional_db: None) -> Iterator[Page]:
    yield from _page(browser, live_server, javascript=False)


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Run axe-core on the page as it stands, against WCAG 2.2 A and AA."""
    page.evaluate(AXE)
    violations: list[dict[str, Any]] = page.evaluate(
        """async () => (await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}
        })).violations.map(v => ({id: v.id, help: v.help, nodes: v.nodes.map(n => n.target)}))"""
    )
    return violations

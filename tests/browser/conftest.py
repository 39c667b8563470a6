"""Playwright in Debian's Chromium (/usr/bin/chromium) — never a downloaded browser."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("PORTAL_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the Django ORM calls the tests
    # make around it are still synchronous and safe. Set only while a browser is up.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium не найден: {CHROMIUM} (make test устанавливает пакет chromium)")
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="ru-RU", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screenshot(page, request):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def shot(name: str) -> Path:
        path = ARTIFACTS / f"{request.node.originalname}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return shot


@pytest.fixture
def journey_shots(page):
    """Numbered screenshots of one journey: test-artifacts/screenshots/<journey>/NN-<step>.png, in
    the order taken, so the folder reads as a storyboard. Earlier shots of the journey are removed
    first, so a rerun never mixes two runs."""

    def start(journey: str):
        folder = ARTIFACTS / journey
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("*.png"):
            old.unlink()
        count = 0

        def shot(step: str) -> Path:
            nonlocal count
            count += 1
            path = folder / f"{count:02d}-{step}.png"
            page.screenshot(path=str(path), full_page=True)
            return path

        return shot

    return start

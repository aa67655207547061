"""What the browser tests share: Debian's Chromium under Playwright, and pages that fail the test
on any Content-Security-Policy violation or uncaught script error.

A test module's ``browser`` fixture enters ``chromium()`` and its ``page`` fixture enters
``checked_page(browser, …)``, so each keeps its own viewport and options in a few lines.

Chromium is Debian's (``apt-get install chromium``); ``VOXPRESS_TEST_CHROMIUM`` names another
binary. Without one the browser tests are skipped.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = Path(os.environ.get("VOXPRESS_TEST_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
AUTOPLAY_ARG = "--autoplay-policy=no-user-gesture-required"
"""Lets a page start audio without a click (the player tests press play from script)."""
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
"""Where screenshots go (not committed)."""
CSP_RECORDER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""
"""Init script that records every CSP violation a page (or its frames) reports."""


@contextmanager
def chromium(*, autoplay: bool = False) -> Iterator[Browser]:
    """Debian's Chromium, headless, until the block ends; skips the test when it is not installed."""
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    args = [*CHROMIUM_ARGS, AUTOPLAY_ARG] if autoplay else list(CHROMIUM_ARGS)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=args)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def checked_page(
    browser: Browser,
    *,
    width: int = 1000,
    height: int = 900,
    accept_dialogs: bool = False,
    timeout_ms: float | None = None,
) -> Iterator[Page]:
    """A page in a fresh context (empty storage); when the block ends, the test fails if the page
    reported a CSP violation or an uncaught script error. ``accept_dialogs`` answers every
    ``confirm()`` with yes; ``timeout_ms`` is Playwright's default wait."""
    context = browser.new_context(viewport={"width": width, "height": height})
    context.add_init_script(CSP_RECORDER)
    page = context.new_page()
    if timeout_ms is not None:
        page.set_default_timeout(timeout_ms)
    problems: list[str] = []
    page.on(
        "console",
        lambda message: (
            problems.append(message.text)
            if "Content Security Policy" in message.text or "Refused to" in message.text
            else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    if accept_dialogs:
        page.on("dialog", lambda dialog: dialog.accept())
    try:
        yield page
        problems += page.evaluate("window.__cspViolations || []")
    finally:
        context.close()
    assert problems == [], f"the page reported problems: {problems}"


def wait_until(page: Page, expression: str, timeout: float = 20.0) -> Any:
    """Poll a JavaScript expression until it is truthy, and return its value (``wait_for_function``
    evaluates strings, which the pages' CSP rightly refuses)."""
    deadline = time.monotonic() + timeout
    while True:
        value = page.evaluate(expression)
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout} s waiting for: {expression}")
        time.sleep(0.05)

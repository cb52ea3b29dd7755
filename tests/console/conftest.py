"""A real Chromium for the console's browser tests (Debian's, or Playwright's own on a laptop: KRIA_CHROMIUM)."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, sync_playwright

# Screenshots of every page the tests visit: test artefacts, looked at by a person (CI keeps var/ as artefacts).
SHOTS = Path(os.environ.get("KRIA_CONSOLE_SHOTS", "var/console-screenshots"))
SERIOUS = {"serious", "critical"}


def chromium_path() -> str | None:
    """Debian's /usr/bin/chromium (bootstrap.sh installs it); unset = Playwright's own browser, if installed."""
    return os.environ.get("KRIA_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


# Module scope, not session: while sync Playwright runs, its event loop owns this thread, and the asyncio tests
# collected after the browser tests would find "a running event loop".
@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        # --no-sandbox: CI runs as root, where Chromium's sandbox cannot start.
        b = p.chromium.launch(executable_path=chromium_path(), args=["--no-sandbox"])
        yield b
        b.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="ru-RU", timezone_id="Europe/Moscow", viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(20_000)
    yield pg
    context.close()


class Look:
    """Keep a screenshot of the page and check it with axe-core: no serious or critical violation."""

    def __init__(self) -> None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.axe = Axe()
        self.seen: list[str] = []

    def __call__(self, page: Page, name: str, *, axe: bool = True) -> None:
        safe = re.sub(r"[^a-z0-9_-]+", "-", name.lower())
        page.screenshot(path=str(SHOTS / f"{len(self.seen) + 1:02d}-{safe}.png"), full_page=True)
        self.seen.append(safe)
        if not axe:  # a page without JavaScript cannot run axe-core (its markup is checked on the JS twin)
            return
        result = self.axe.run(page)
        bad = [v for v in result.response["violations"] if v.get("impact") in SERIOUS]
        assert not bad, f"{name}: axe found " + "; ".join(
            f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}" for v in bad)


@pytest.fixture(scope="session")
def look() -> Look:
    return Look()

"""A real browser for end-to-end tests: Debian's Chromium, driven by Playwright, that may
reach the site under test and nothing else.

Any request to another host is aborted and recorded; the fixture then fails the test, because
a page that reaches out to another site leaks its visitors to whoever runs that site.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Browser, BrowserContext, Page, Playwright, Route

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
MISSING = (
    "\n"
    "##################################################################\n"
    "# /usr/bin/chromium is missing: the browser tests are SKIPPED.   #\n"
    "# Install Debian's 'chromium' package (scripts/ensure-chromium.sh)\n"
    "##################################################################"
)


def chromium_problem() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if not (CHROMIUM.exists() and os.access(CHROMIUM, os.X_OK)):
        return MISSING
    return None


def must_not_skip() -> bool:
    """In CI a missing browser is a failure, never a silent skip."""
    return os.environ.get("CI") == "true"


def launch(playwright: Playwright) -> Browser:
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


class OffSiteGuard:
    """Routes every request of a browser context: the site's origin passes, the rest is aborted.

    Only http(s) requests are routed; data: and blob: URLs never leave the browser.
    """

    def __init__(self, site_url: str) -> None:
        parts = urlsplit(site_url)
        self.origin = (parts.scheme, parts.netloc)
        self.refused: list[str] = []

    def install(self, context: BrowserContext) -> None:
        context.route("**/*", self._route)

    def _route(self, route: Route) -> None:
        url = route.request.url
        parts = urlsplit(url)
        if (parts.scheme, parts.netloc) == self.origin:
            route.continue_()
            return
        self.refused.append(url)
        route.abort("blockedbyclient")

    def report(self) -> str:
        return "The page tried to reach other hosts:\n  " + "\n  ".join(self.refused)


def new_page(browser: Browser, site_url: str, **options: object) -> tuple[Page, OffSiteGuard]:
    """A page in a fresh context (no cookies, no cache), guarded against off-site requests."""
    context = browser.new_context(base_url=site_url, **options)  # type: ignore[arg-type]
    # Generous: a loaded two-core machine can stall; passing tests never wait this long.
    context.set_default_timeout(20_000)
    guard = OffSiteGuard(site_url)
    guard.install(context)
    return context.new_page(), guard

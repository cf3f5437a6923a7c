"""Fixtures every test may use. The pieces themselves live in nidaa/testing/.

People: ``supporter`` (form data, not an account), ``editor``, ``moderator``, ``documenter``,
``verifier``, ``admin_user``, ``outsider``, ``people`` (all of them); ``sign_in(client, user)`` signs a user in
with both factors. Mail: ``smtp`` is a real SMTP server that the site sends to. Browser:
``page`` is a fresh Chromium page that may reach only ``live_server``. Web: ``web_server`` is a
real HTTP server on loopback that server-side fetching may reach (through ``localhost`` only).
"""

import io
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import User
from django.core.cache import caches
from django.core.management import call_command
from django.test import override_settings
from django.utils import translation

from nidaa.testing import base
from nidaa.testing.smtp import SMTPServer
from nidaa.testing.webserver import WebServer

# Playwright's sync API runs an event loop in the test's thread; Django's ORM would otherwise
# refuse to run there, although nothing in it is actually asynchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

TEST_SETTINGS: dict[str, Any] = {
    # Password hashing is deliberately slow; tests sign people in all the time.
    "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
    # Plain static files straight from the apps: tests need no collectstatic.
    "STORAGES": {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    },
}


@pytest.fixture(scope="session", autouse=True)
def _test_settings() -> Iterator[None]:
    media = Path(tempfile.mkdtemp(prefix="nidaa-media-"))
    with override_settings(MEDIA_ROOT=media, **TEST_SETTINGS):
        yield
    shutil.rmtree(media, ignore_errors=True)


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    # A request through LocaleMiddleware leaves its language active in the thread, and
    # reverse() follows it: a test after an Arabic page would otherwise get /ar/ URLs.
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _clear_caches() -> Iterator[None]:
    # Rate limiters and the public page cache live in the cache, and count.json keeps its
    # document in process memory for a second: no test inherits another's.
    from nidaa.signatures.counts import forget_recent

    for cache in caches.all():
        cache.clear()
    forget_recent()
    yield
    for cache in caches.all():
        cache.clear()
    forget_recent()


# --- People ---------------------------------------------------------------------------------


@pytest.fixture
def supporter() -> base.Supporter:
    return base.Supporter()


@pytest.fixture
def editor(db: None) -> User:
    return base.make_user("eman", base.roles.EDITOR)


@pytest.fixture
def moderator(db: None) -> User:
    return base.make_user("musa", base.roles.MODERATOR)


@pytest.fixture
def documenter(db: None) -> User:
    return base.make_user("dana", base.roles.DOCUMENTER)


@pytest.fixture
def verifier(db: None) -> User:
    return base.make_user("huda", base.roles.VERIFIER)


@pytest.fixture
def admin_user(db: None) -> User:
    """Replaces pytest-django's superuser: an admin here is a role, not is_superuser."""
    return base.make_user("adel", base.roles.ADMIN)


@pytest.fixture
def outsider(db: None) -> User:
    return base.make_user("omar")


@pytest.fixture
def people(db: None) -> base.People:
    return base.make_people()


@pytest.fixture
def sign_in() -> Any:
    """``sign_in(client, user, verified=True)``: signed in, with the second factor if verified."""
    return base.sign_in


# --- Content --------------------------------------------------------------------------------


@pytest.fixture
def demo_campaign(db: None) -> Any:
    """The demo "Save Idlib" campaign (seed_demo), live, in English and Arabic.

    Without the demo record (boundaries and incidents), which most tests do not need and which
    takes a second to load; `demo_record` adds it.
    """
    from nidaa.campaigns.models import Campaign

    call_command("seed_demo", "--campaign-only", stdout=io.StringIO())
    return Campaign.objects.get(slug="save-idlib")


@pytest.fixture
def demo_record(demo_campaign: Any) -> Any:
    """The demo campaign with everything seed_demo loads: boundaries and published incidents."""
    call_command("seed_demo", stdout=io.StringIO())
    return demo_campaign


# --- Mail -----------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def _smtp_server() -> Iterator[SMTPServer]:
    server = SMTPServer().start()
    yield server
    server.stop()


@pytest.fixture
def smtp(_smtp_server: SMTPServer, settings: Any) -> Any:
    """The site sends real mail over SMTP to a loopback server; ``smtp.messages`` holds it."""
    for name, value in _smtp_server.settings().items():
        setattr(settings, name, value)
    _smtp_server.catcher.clear()
    return _smtp_server.catcher


# --- Web -----------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def _web_server() -> Iterator[WebServer]:
    server = WebServer().start()
    yield server
    server.stop()


@pytest.fixture
def web_server(_web_server: WebServer, settings: Any) -> WebServer:
    """A loopback HTTP server; server-side fetching may reach it as ``localhost`` (and only
    so: ``127.0.0.1`` stays refused). ``route(path, Reply(...))`` sets what it answers."""
    settings.NIDAA_FETCH_ALLOW_HOSTS = ["localhost"]
    _web_server.reset()
    return _web_server


# --- Browser --------------------------------------------------------------------------------


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Whatever uses the browser is a browser test, so `-m "not browser"` leaves out every one.
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def _playwright() -> Iterator[Any]:
    from nidaa.testing import browser

    problem = browser.chromium_problem()
    if problem:
        if browser.must_not_skip():
            pytest.fail(problem + "\nCI=true: a missing browser is a failure.")
        pytest.skip(problem)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(_playwright: Any) -> Iterator[Any]:
    from nidaa.testing.browser import launch

    chromium = launch(_playwright)
    yield chromium
    chromium.close()


@pytest.fixture
def new_page(browser: Any, live_server: Any) -> Iterator[Any]:
    """``new_page(**context_options)``: a page in a fresh context that reaches only the site.

    The test fails if any page tried to reach another host.
    """
    from nidaa.testing.browser import new_page as open_page

    opened: list[tuple[Any, Any]] = []

    def factory(**options: Any) -> Any:
        page, guard = open_page(browser, live_server.url, **options)
        opened.append((page, guard))
        return page

    yield factory
    refused = [guard for _, guard in opened if guard.refused]
    for page, _ in opened:
        page.context.close()
    if refused:
        pytest.fail("\n".join(guard.report() for guard in refused))


@pytest.fixture
def page(new_page: Any) -> Any:
    return new_page()

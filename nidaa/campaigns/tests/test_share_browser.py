"""The share kit, updates and Mastodon pages in a real browser, in English and Arabic: axe-core
finds nothing serious, nothing comes from another host, the copy button copies, and the
Mastodon chooser goes to the reader's server."""

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from nidaa.campaigns.models import Campaign
from nidaa.testing.axe import assert_accessible

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize(
    "path",
    [
        "share/",
        "updates/",
        "share/mastodon/?instance=mastodon.social",
        "share/mastodon/?instance=nope",
    ],
)
def test_the_page_is_accessible(
    page: Any, live_server: Any, demo_campaign: Campaign, language: str, path: str
) -> None:
    response = page.goto(f"{live_server.url}/{language}/c/save-idlib/{path}")

    assert response.status in (200, 400)
    assert page.locator("h1").count() == 1
    assert_accessible(page)


def test_the_copy_button_copies_the_post_and_says_so(
    new_page: Any, live_server: Any, demo_campaign: Campaign
) -> None:
    page = new_page(permissions=["clipboard-read", "clipboard-write"])
    page.goto(f"{live_server.url}/en/c/save-idlib/share/")

    button = page.locator('[data-copy="post-1-text"]')
    assert button.is_visible()
    button.click()

    page.locator(".share-copy-status").first.wait_for(state="visible")
    assert page.locator(".share-copy-status").first.inner_text() == "Copied"
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.locator("#post-1-text").input_value()
    assert copied.endswith("/en/c/save-idlib/") and "#SaveIdlib" in copied


def test_without_javascript_there_is_no_copy_button_but_the_text(
    new_page: Any, live_server: Any, demo_campaign: Campaign
) -> None:
    page = new_page(java_script_enabled=False)
    page.goto(f"{live_server.url}/en/c/save-idlib/share/")

    assert not page.locator('[data-copy="post-1-text"]').is_visible()
    assert "#SaveIdlib" in page.locator("#post-1-text").input_value()


def test_the_mastodon_chooser_goes_to_the_readers_server(
    page: Any, live_server: Any, demo_campaign: Campaign
) -> None:
    reached: list[str] = []

    def server(route: Any) -> None:
        reached.append(route.request.url)
        route.fulfill(status=200, body="a Mastodon server", content_type="text/plain")

    # A page route answers before the guard that refuses other hosts: nothing leaves the machine.
    page.route("https://mstdn.social/**", server)
    page.goto(f"{live_server.url}/en/c/save-idlib/share/")

    page.fill("#post-2-instance", "@me@mstdn.social")
    page.click("#post-2-instance ~ button")
    page.wait_for_url("https://mstdn.social/**")

    assert len(reached) == 1
    address = urlsplit(reached[0])
    assert address.path == "/share"
    text = parse_qs(address.query)["text"][0]
    assert text.startswith("Homes, schools, hospitals and camps are not targets.")
    assert text.endswith("\nhttp://127.0.0.1:8000/en/c/save-idlib/")


def test_a_bad_server_name_goes_to_our_page_that_explains(
    page: Any, live_server: Any, demo_campaign: Campaign
) -> None:
    page.goto(f"{live_server.url}/en/c/save-idlib/share/")

    page.fill("#post-1-instance", "not a server")
    page.click("#post-1-instance ~ button")

    page.wait_for_url("**/share/mastodon/**")
    assert page.locator(".errorlist").count() == 1

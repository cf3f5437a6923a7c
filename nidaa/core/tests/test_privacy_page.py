"""The privacy page promises the periods the clock jobs keep: it reads them from the settings."""

import pytest
from django.test import Client
from pytest_django.fixtures import Settings

pytestmark = pytest.mark.django_db


def test_the_page_gives_the_configured_periods(client: Client, settings: Settings) -> None:
    settings.NIDAA_IP_KEY_ROTATION_SECONDS = 3600
    settings.NIDAA_UNVERIFIED_RETENTION_DAYS = 3
    settings.NIDAA_LETTER_RETENTION_DAYS = 45
    settings.NIDAA_REPLY_ASK_DAYS = 10
    settings.NIDAA_EVENT_RETENTION_DAYS = 1
    page = client.get("/en/privacy/").content.decode()
    assert "The key that makes them is deleted within 2 hours." in page  # an hour and grace
    assert "Unconfirmed entries are deleted after 3 days." in page
    assert "45 days, then erased" in page
    assert "to ask you once, 10 days later, whether you got a reply" in page
    assert (
        "Replies, and the host's name and address, are deleted 1 day after the event ends" in page
    )
    assert "two weeks" not in page and "30 days" not in page


def test_the_defaults_read_right_in_arabic(client: Client) -> None:
    page = client.get("/ar/privacy/").content.decode()
    assert "يُحذف المفتاح الذي يصنعها خلال ٢٥ ساعة" in page  # a day and grace
    assert "تُحذف المشاركات غير المؤكدة بعد ٣٠ يوماً." in page
    assert "٦٠ يوماً، ثم تُمحى" in page
    assert "ولنسألك مرة واحدة بعد ١٤ يوماً" in page
    assert "تُحذف الردود، واسم المضيف وعنوانه، بعد ٣٠ يوماً من انتهاء الفعالية" in page

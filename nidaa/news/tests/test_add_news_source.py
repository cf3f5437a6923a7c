"""manage.py add_news_source: what staff do in the staff site, from the command line."""

import io

import pytest
from django.core.management import CommandError, call_command

from nidaa.accounts.models import AuditEntry
from nidaa.campaigns.models import Campaign
from nidaa.news.models import Source

pytestmark = pytest.mark.django_db


def add(*args: str) -> str:
    out = io.StringIO()
    call_command("add_news_source", *args, stdout=out)
    return out.getvalue()


def test_it_adds_a_source_to_the_campaign(demo_campaign: Campaign) -> None:
    said = add("--campaign", "save-idlib", "--url", "https://feeds.example.org/idlib.xml", "--language", "ar", "--name", "أخبار إدلب", "--time-zone", "Asia/Damascus")  # fmt: skip

    source = Source.objects.get(url="https://feeds.example.org/idlib.xml")
    assert (source.campaign, source.language, source.name, source.time_zone, source.active) == (
        demo_campaign,
        "ar",
        "أخبار إدلب",
        "Asia/Damascus",
        True,
    )
    assert f"as source {source.pk}" in said
    assert AuditEntry.objects.filter(
        action=AuditEntry.Action.CREATE, object_id=str(source.pk)
    ).exists()


def test_the_name_defaults_to_the_host(demo_campaign: Campaign) -> None:
    add("--campaign", "save-idlib", "--url", "https://Feeds.Example.org/x.xml", "--language", "en")

    assert Source.objects.get(url="https://Feeds.Example.org/x.xml").name == "feeds.example.org"


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (["--url", "ftp://feeds.example.org/x", "--language", "en"], "url"),
        (["--url", "not a url", "--language", "en"], "url"),
        (["--url", "https://feeds.example.org/x", "--language", "xx"], "language"),
        (
            [
                "--url",
                "https://feeds.example.org/x",
                "--language",
                "en",
                "--time-zone",
                "Mars/Olympus",
            ],
            "time_zone",
        ),
    ],
)
def test_bad_values_are_refused_with_the_reason(
    demo_campaign: Campaign, args: list[str], reason: str
) -> None:
    before = Source.objects.count()
    with pytest.raises(CommandError, match=f"not added: .*{reason}"):
        add("--campaign", "save-idlib", *args)
    assert Source.objects.count() == before


def test_the_same_feed_twice_is_refused(demo_campaign: Campaign) -> None:
    args = ["--campaign", "save-idlib", "--url", "https://feeds.example.org/x", "--language", "en"]
    add(*args)
    with pytest.raises(CommandError, match="not added"):
        add(*args)


def test_an_unknown_campaign_is_an_error(db: None) -> None:
    with pytest.raises(CommandError, match="No campaign 'nowhere'"):
        add("--campaign", "nowhere", "--url", "https://feeds.example.org/x", "--language", "en")

"""manage.py add_news_source: add a feed to a campaign's news, as staff do in the staff site."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from nidaa.campaigns.models import Campaign
from nidaa.news.actions import add_source


class Command(BaseCommand):
    help = (
        "Add a news source (an RSS 2.0, RSS 1.0/RDF, Atom or JSON Feed address) to a campaign. "
        "It is fetched with the others by fetch_news and the periodic job; nothing is fetched "
        "now."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--campaign", required=True, metavar="SLUG", help="the campaign's address, e.g. save-idlib")  # fmt: skip
        parser.add_argument("--url", required=True, help="the feed's address (http or https)")
        parser.add_argument("--language", required=True, metavar="LANG", help="the language the source writes in, e.g. en or ar")  # fmt: skip
        parser.add_argument("--name", default="", help="the name shown to readers (default: the feed's host name)")  # fmt: skip
        parser.add_argument("--time-zone", default="UTC", help="for dates in the feed that name no zone, e.g. Asia/Damascus (default: UTC)")  # fmt: skip

    def handle(self, *args: Any, **options: Any) -> None:
        campaign = Campaign.objects.filter(slug=options["campaign"]).first()
        if campaign is None:
            raise CommandError(f"No campaign {options['campaign']!r}.")
        try:
            source = add_source(
                campaign,
                options["url"],
                options["language"],
                options["name"],
                time_zone=options["time_zone"],
            )
        except ValidationError as error:
            problems = "; ".join(
                f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items()
            )
            raise CommandError(f"The source was not added: {problems}") from None
        self.stdout.write(
            f"Added {source.name!r} ({source.url}, {source.language}) to {campaign.slug} "
            f"as source {source.pk}. `manage.py fetch_news` fetches it."
        )

"""manage.py fetch_news: fetch every news source now (the periodic job does it on its own)."""

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from nidaa.core.progress import Progress
from nidaa.news.actions import Outcome, fetch_sources
from nidaa.news.models import Source


class Command(BaseCommand):
    help = (
        "Fetch the news sources and store their new items. Each source is fetched safely "
        "(no internal addresses, bounded size and time, conditional requests); a source that "
        "fails is marked with its problem for staff and the others are fetched all the same. "
        "Exits with status 1 when any source failed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--campaign", metavar="SLUG", help="only this campaign's sources")
        parser.add_argument("--source", type=int, action="append", metavar="ID", help="only this source (repeatable)")  # fmt: skip
        parser.add_argument("--include-paused", action="store_true", help="also the sources that are paused")  # fmt: skip

    def handle(self, *args: Any, **options: Any) -> None:
        sources = Source.objects.select_related("campaign").order_by("campaign__slug", "name")
        if not options["include_paused"]:
            sources = sources.filter(active=True)
        if options["campaign"]:
            sources = sources.filter(campaign__slug=options["campaign"])
        if options["source"]:
            sources = sources.filter(pk__in=options["source"])
        chosen = list(sources)
        with Progress(len(chosen), "Fetching news", stream=sys.stderr) as bar:
            outcomes = fetch_sources(chosen, on_done=lambda outcome: self._done(outcome, bar))
        failed = [o for o in outcomes if o.failed]
        new = sum(o.new for o in outcomes)
        summary = f"{len(outcomes)} sources, {new} new items, {len(failed)} failed."
        if failed:
            raise CommandError(summary)
        self.stdout.write(summary)

    def _done(self, outcome: Outcome, bar: Progress) -> None:
        bar.advance()
        source = outcome.source
        if outcome.failed:
            line = f"{source.pk} {source.name}: FAILED, {outcome.problem}: {outcome.detail}"
        elif outcome.not_modified:
            line = f"{source.pk} {source.name}: not modified"
        else:
            line = f"{source.pk} {source.name}: {outcome.new} new, {outcome.updated} updated"
            if outcome.read_in_part:
                line += f" (read in part: {outcome.detail})"
        if bar.enabled:
            bar.stream.write("\r\x1b[K")
        self.stdout.write(line)

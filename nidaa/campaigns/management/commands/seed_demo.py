"""Load the demo "Save Idlib" campaign. Safe to run again: it brings the demo back to its text."""

import datetime
from typing import Any

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from nidaa.boundaries.actions import load_bundled_boundaries
from nidaa.campaigns import demo_content as demo
from nidaa.campaigns.artwork import demo_artwork
from nidaa.campaigns.models import Campaign, CampaignTranslation, Update
from nidaa.incidents.demo import seed_demo_record

# The action parts above campaigns add their demo content with a function of their demo.py,
# called with the campaign. Campaigns must not import them (dependencies point down), so they
# are named here, as the campaign page names their URLs, and skipped when not installed.
ACTION_DEMOS = {
    "nidaa.lobbying": "nidaa.lobbying.demo.seed_demo_lobbying",
    "nidaa.news": "nidaa.news.demo.seed_demo",
    "nidaa.donations": "nidaa.donations.demo.seed_demo",
}
# Demo events come with the whole demo only, as the record does (not with --campaign-only).
EVENT_DEMO = ("nidaa.events", "nidaa.events.demo.seed_demo_events")


class Command(BaseCommand):
    help = (
        "Create or refresh the demo 'Save Idlib' campaign in English and Arabic (with its "
        "demo letters and demo list of UN missions to lobby), the bundled Syria boundaries, "
        "a few demo incidents and a few demo events."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--campaign-only",
            action="store_true",
            help="Only the campaign: no boundaries, demo incidents or demo events (for tests).",
        )

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        campaign, created = Campaign.objects.update_or_create(
            slug=demo.SLUG,
            defaults={
                "status": Campaign.Status.LIVE,
                "goal": demo.GOAL,
                "hashtags": demo.HASHTAGS,
                "artwork_credit": demo.ARTWORK_CREDIT,
                "default_language": "en",
            },
        )
        if not campaign.artwork:
            campaign.artwork.save("save-idlib.jpg", ContentFile(demo_artwork()), save=True)
        for language, text in demo.TEXTS.items():
            self.write_translation(campaign, language, text)
        self.write_updates(campaign)
        verb = "Created" if created else "Refreshed"
        self.stdout.write(f"{verb} the demo campaign '{demo.SLUG}'.")
        for app, loader in ACTION_DEMOS.items():
            if apps.is_installed(app):
                import_string(loader)(campaign)
                self.stdout.write(f"Refreshed the demo content of {app.rpartition('.')[2]}.")
        if options["campaign_only"]:
            return
        # The record the campaign points to: Syria's sub-districts (the bundled simplified
        # layer, unless boundaries were imported already) and a few published demo incidents.
        if load_bundled_boundaries() is not None:
            self.stdout.write("Loaded the bundled Syria sub-district boundaries.")
        incidents = seed_demo_record()
        self.stdout.write(f"Refreshed {len(incidents)} demo incidents.")
        app, loader = EVENT_DEMO
        if apps.is_installed(app):
            events = import_string(loader)(campaign)
            self.stdout.write(f"Refreshed {len(events)} demo events.")

    @staticmethod
    def write_translation(campaign: Campaign, language: str, text: dict[str, Any]) -> None:
        fields = {k: v for k, v in text.items() if k != "demands"}
        translation, _ = CampaignTranslation.objects.update_or_create(
            campaign=campaign, language=language, defaults=fields
        )
        translation.demands.all().delete()
        for position, demand in enumerate(text["demands"], start=1):
            translation.demands.create(position=position, text=demand)
        translation.suggested_posts.all().delete()
        for position, post in enumerate(demo.SHARE_POSTS.get(language, []), start=1):
            translation.suggested_posts.create(position=position, text=post)

    @staticmethod
    def write_updates(campaign: Campaign) -> None:
        """The demo updates, dated a few days before the seeding (keyed by title)."""
        now = timezone.now()
        for language, updates in demo.UPDATES.items():
            for days_ago, title, body in updates:
                Update.objects.update_or_create(
                    campaign=campaign,
                    language=language,
                    title=title,
                    defaults={
                        "body": body,
                        "published_at": now - datetime.timedelta(days=days_ago),
                    },
                )

"""Load the demo "Save Idlib" campaign. Safe to run again: it brings the demo back to its text."""

from typing import Any

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction

from nidaa.campaigns import demo_content as demo
from nidaa.campaigns.artwork import demo_artwork
from nidaa.campaigns.models import Campaign, CampaignTranslation


class Command(BaseCommand):
    help = "Create or refresh the demo 'Save Idlib' campaign in English and Arabic."

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
        verb = "Created" if created else "Refreshed"
        self.stdout.write(f"{verb} the demo campaign '{demo.SLUG}'.")

    @staticmethod
    def write_translation(campaign: Campaign, language: str, text: dict[str, Any]) -> None:
        fields = {k: v for k, v in text.items() if k != "demands"}
        translation, _ = CampaignTranslation.objects.update_or_create(
            campaign=campaign, language=language, defaults=fields
        )
        translation.demands.all().delete()
        for position, demand in enumerate(text["demands"], start=1):
            translation.demands.create(position=position, text=demand)

from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


def _purge_public_pages(sender: type, **kwargs: Any) -> None:
    from nidaa.core.middleware import purge_public_pages

    purge_public_pages()


class CampaignsConfig(AppConfig):
    name = "nidaa.campaigns"
    verbose_name = _("Campaigns")

    def ready(self) -> None:
        # Readers see an editor's change at once, not when the cached page expires.
        for model_name in ("Campaign", "CampaignTranslation", "Demand", "SuggestedPost", "Update"):
            model = self.get_model(model_name)
            post_save.connect(_purge_public_pages, sender=model)
            post_delete.connect(_purge_public_pages, sender=model)

"""An area saved or deleted one by one (in a shell, a data migration, a test) may keep the
version (version.py) it had, if its import stamp is unchanged; so the copies made from the
old areas are dropped: this process's index and documents, the stored base layer and the
stored index."""

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from nidaa.boundaries import base_layer, lookup
from nidaa.boundaries.models import AdminArea, BaseLayer, StoredIndex


@receiver(post_save, sender=AdminArea)
@receiver(post_delete, sender=AdminArea)
def forget_copies(**kwargs: Any) -> None:
    lookup.forget()
    base_layer.forget()
    BaseLayer.objects.all().delete()
    StoredIndex.objects.all().delete()

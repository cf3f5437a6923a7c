from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BoundariesConfig(AppConfig):
    name = "nidaa.boundaries"
    verbose_name = _("Boundaries")

    def ready(self) -> None:
        from nidaa.boundaries import signals  # noqa: F401  (connects the receivers)

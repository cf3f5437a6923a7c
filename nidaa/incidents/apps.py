from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncidentsConfig(AppConfig):
    name = "nidaa.incidents"
    verbose_name = _("Incidents")

    def ready(self) -> None:
        # Saving an incident rechecks it against the protected sites (deconfliction.py).
        from nidaa.incidents import deconfliction  # noqa: F401

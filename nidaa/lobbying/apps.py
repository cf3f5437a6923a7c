from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LobbyingConfig(AppConfig):
    name = "nidaa.lobbying"
    verbose_name = _("Lobbying")

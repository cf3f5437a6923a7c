from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "nidaa.core"
    verbose_name = "Core"

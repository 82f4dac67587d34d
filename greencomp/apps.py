from django.apps import AppConfig


class GreencompConfig(AppConfig):
    name = "greencomp"
    verbose_name = "平台基础"

    def ready(self):
        from . import signals  # noqa: F401, PLC0415 — AppConfig.ready(): registers the login success/failure logging

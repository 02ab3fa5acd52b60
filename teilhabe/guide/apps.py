from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuideConfig(AppConfig):
    name = "teilhabe.guide"
    label = "guide"
    verbose_name = _("Integration guide")

    def ready(self) -> None:
        from teilhabe.core.registry import registry

        from . import contributions

        contributions.register(registry)

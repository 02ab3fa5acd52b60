from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ControllingConfig(AppConfig):
    name = "teilhabe.controlling"
    label = "controlling"
    verbose_name = _("Programme controlling")

    def ready(self) -> None:
        from teilhabe.core.registry import registry

        from . import contributions

        contributions.register(registry)

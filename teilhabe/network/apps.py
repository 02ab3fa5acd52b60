from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "teilhabe.network"
    label = "network"
    verbose_name = _("Partner network")

    def ready(self) -> None:
        from teilhabe.core.registry import registry

        from . import contributions

        contributions.register(registry)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeasuresConfig(AppConfig):
    name = "teilhabe.measures"
    label = "measures"
    verbose_name = _("Measures")

    def ready(self) -> None:
        from teilhabe.core.registry import registry

        from . import contributions

        contributions.register(registry)

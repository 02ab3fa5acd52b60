from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProofsConfig(AppConfig):
    name = "teilhabe.proofs"
    label = "proofs"
    verbose_name = _("Proof of use")

    def ready(self) -> None:
        from teilhabe.core.registry import registry

        from . import contributions

        contributions.register(registry)

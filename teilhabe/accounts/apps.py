from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "teilhabe.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from teilhabe.core.registry import registry

        from . import contributions, security

        contributions.register(registry)
        security.connect()

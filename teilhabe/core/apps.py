from django.apps import AppConfig
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.signals import connection_created


def _tune_sqlite(sender: object, connection: BaseDatabaseWrapper, **kwargs: object) -> None:
    """WAL lets readers work while one writer writes; foreign keys are on in Django already."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode=WAL;")
            cursor.execute("PRAGMA synchronous=NORMAL;")


class CoreConfig(AppConfig):
    name = "teilhabe.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from django.apps import apps

        from . import bidi, contributions
        from .registry import registry

        # Every model of the project's own apps (`teilhabe.*`), found through the app registry.
        bidi.install(
            model
            for config in apps.get_app_configs()
            if config.name.startswith("teilhabe.")
            for model in config.get_models()
        )

        connection_created.connect(_tune_sqlite, dispatch_uid="teilhabe-sqlite-wal")
        contributions.register(registry)

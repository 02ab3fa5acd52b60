from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "teilhabe.evaluation"
    label = "evaluation"
    verbose_name = _("Evaluation")

    def ready(self) -> None:
        from teilhabe.core.registry import registry

        from . import checks, contributions  # noqa: F401 (the checks register)

        contributions.register(registry)

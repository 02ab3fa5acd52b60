"""The evaluation's deployment check: `manage.py check --deploy` warns of the built-in
pseudonym key (production refuses to start without a key of its own, see settings). Only with
`--deploy`: on a development machine the built-in key is what is meant, and a warning on every
command would teach people to ignore warnings."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def pseudonym_key(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    if settings.EVALUATION_PSEUDONYM_KEY != settings.INSECURE_DEFAULT_EVALUATION_KEY:
        return []
    return [
        checks.Warning(
            "EVALUATION_PSEUDONYM_KEY is the built-in development key: the evaluation's "
            "pseudonyms can be recomputed by anyone who reads the source.",
            hint="Set EVALUATION_PSEUDONYM_KEY (or EVALUATION_PSEUDONYM_KEY_FILE) to at least "
            "32 random characters; production refuses to start without it.",
            id="evaluation.W001",
        )
    ]

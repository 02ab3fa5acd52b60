"""The evaluation's start-up check: a development machine on the built-in pseudonym key is
warned (production refuses to start without a key of its own, see settings)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security)
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

"""The pseudonym key: production refuses to start without one; a development machine on the
built-in key is warned."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from teilhabe.evaluation.checks import pseudonym_key

ROOT = Path(__file__).resolve().parents[3]


def _settings(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if "KEY" not in k and k != "DEBUG"}
    return subprocess.run(
        [sys.executable, "-c", "import teilhabe.settings"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_start_without_the_key() -> None:
    result = _settings(DEBUG="false", SECRET_KEY="k" * 64, PSEUDONYM_KEY="p" * 40)
    assert result.returncode != 0
    assert "EVALUATION_PSEUDONYM_KEY is the insecure default" in result.stderr
    ok = _settings(
        DEBUG="false",
        SECRET_KEY="k" * 64,
        PSEUDONYM_KEY="p" * 40,
        EVALUATION_PSEUDONYM_KEY="e" * 40,
    )
    assert ok.returncode == 0, ok.stderr


def test_the_development_key_is_warned_about(settings) -> None:
    settings.EVALUATION_PSEUDONYM_KEY = settings.INSECURE_DEFAULT_EVALUATION_KEY
    assert [w.id for w in pseudonym_key()] == ["evaluation.W001"]
    settings.EVALUATION_PSEUDONYM_KEY = "e" * 40
    assert pseudonym_key() == []


def test_the_warning_is_a_deployment_check_only(settings) -> None:
    from django.core import checks

    settings.EVALUATION_PSEUDONYM_KEY = settings.INSECURE_DEFAULT_EVALUATION_KEY
    assert "evaluation.W001" not in [m.id for m in checks.run_checks()]
    assert "evaluation.W001" in [m.id for m in checks.run_checks(include_deployment_checks=True)]

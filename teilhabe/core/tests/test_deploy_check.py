"""`manage.py check --deploy` is clean with a production environment as docs/operations.md sets
it (HTTPS redirect, HSTS with subdomains and preload, real keys), and each HSTS variable is read
from the environment: leave one out and Django warns."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(64),
    "PSEUDONYM_KEY": secrets.token_urlsafe(48),
    "EVALUATION_PSEUDONYM_KEY": secrets.token_urlsafe(48),
    "ALLOWED_HOSTS": "teilhabe.example.nrw",
    "CSRF_TRUSTED_ORIGINS": "https://teilhabe.example.nrw",
    "DATABASE_URL": "sqlite://:memory:",
    "BEHIND_TLS_PROXY": "true",
    "SECURE_SSL_REDIRECT": "true",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
    "SECURE_HSTS_PRELOAD": "true",
}


def _check_deploy(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    # Nothing of the test run's own settings leaks in: only the variables given here.
    keep = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "TMPDIR"}}
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**keep, "DJANGO_SETTINGS_MODULE": "teilhabe.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_deploy_check_is_clean_in_production() -> None:
    result = _check_deploy(PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("variable", "warning"),
    [
        ("SECURE_HSTS_SECONDS", "security.W004"),
        ("SECURE_HSTS_INCLUDE_SUBDOMAINS", "security.W005"),
        ("SECURE_HSTS_PRELOAD", "security.W021"),
        ("SECURE_SSL_REDIRECT", "security.W008"),
    ],
)
def test_each_https_setting_comes_from_the_environment(variable: str, warning: str) -> None:
    env = {k: v for k, v in PRODUCTION.items() if k != variable}
    result = _check_deploy(env)
    assert result.returncode != 0
    assert warning in result.stdout + result.stderr

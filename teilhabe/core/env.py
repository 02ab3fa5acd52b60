"""Typed helpers that read settings from the environment (the only source of settings).

Modelled on Healthchecks: every setting has a default that makes a fresh clone run locally;
production overrides them through the environment. `env_secret` also reads `NAME_FILE`, so
secrets can come from files mounted by the orchestrator instead of plain variables.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off", ""}


class EnvError(ValueError):
    """A variable is set to something its helper cannot parse."""


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise EnvError(f"{name} must be one of {sorted(TRUE | FALSE)}, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as e:
        raise EnvError(f"{name} must be an integer, not {raw!r}") from e


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_secret(name: str, default: str = "") -> str:
    """The value of `NAME`, or the contents of the file named by `NAME_FILE`."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


def env_key(name: str, insecure_default: str, *, production: bool, min_length: int) -> str:
    """A key (`NAME` or `NAME_FILE`) with a default that only ever works locally: in production
    the default, or a key shorter than `min_length`, refuses to start."""
    value = env_secret(name, insecure_default)
    if production and value == insecure_default:
        raise ImproperlyConfigured(
            f"DEBUG is off but {name} is the insecure default: set {name} (or {name}_FILE)."
        )
    if production and len(value) < min_length:
        raise ImproperlyConfigured(
            f"{name} must be at least {min_length} characters long in production."
        )
    return value

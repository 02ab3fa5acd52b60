"""A missing Chromium: skipped on a developer's machine, a failure in CI (never a silent pass)."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import require_chromium


@pytest.mark.parametrize("ci", ["true", "1", "yes", "True"])
def test_a_missing_chromium_fails_in_ci(
    ci: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("CI", ci)
    with pytest.raises(pytest.fail.Exception, match="chromium-missing is missing"):
        require_chromium(str(tmp_path / "chromium-missing"))


@pytest.mark.parametrize("ci", [None, "", "false", "0"])
def test_a_missing_chromium_is_skipped_outside_ci(
    ci: str | None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    with pytest.raises(pytest.skip.Exception, match="skipped because CI is not set"):
        require_chromium(str(tmp_path / "chromium-missing"))


def test_an_installed_chromium_is_used(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CI", "true")
    present = tmp_path / "chromium"
    present.touch()
    require_chromium(str(present))  # neither fails nor skips

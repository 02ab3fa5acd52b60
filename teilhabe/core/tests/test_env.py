"""Settings come only from the environment, through small typed helpers that refuse nonsense."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from teilhabe.core.env import EnvError, env_bool, env_int, env_list, env_secret

ROOT = Path(__file__).resolve().parents[3]

# What an environment variable can hold: any text without NUL (and encodable).
env_text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"))
DOCUMENTED_TRUE = ["1", "true", "yes", "on"]
DOCUMENTED_FALSE = ["0", "false", "no", "off", ""]
padding = st.sampled_from(["", " ", "  ", "\t", "\n"])


# No deadline: these run beside browser tests on busy machines, and time is not what they test.
relaxed = settings(deadline=None)


def _env(**values: str):  # type: ignore[no-untyped-def]
    return mock.patch.dict(os.environ, values, clear=False)


def _randomly_cased(word: str, flips: list[bool]) -> str:
    return "".join(c.upper() if flip else c for c, flip in zip(word, flips + [False] * len(word)))


@relaxed
@given(
    word=st.sampled_from(DOCUMENTED_TRUE),
    flips=st.lists(st.booleans(), max_size=5),
    before=padding,
    after=padding,
)
def test_it_reads_the_documented_true_values(
    word: str, flips: list[bool], before: str, after: str
) -> None:
    with _env(TEILHABE_TEST_FLAG=before + _randomly_cased(word, flips) + after):
        assert env_bool("TEILHABE_TEST_FLAG", False) is True


@relaxed
@given(
    word=st.sampled_from(DOCUMENTED_FALSE),
    flips=st.lists(st.booleans(), max_size=5),
    before=padding,
    after=padding,
)
def test_it_reads_the_documented_false_values(
    word: str, flips: list[bool], before: str, after: str
) -> None:
    with _env(TEILHABE_TEST_FLAG=before + _randomly_cased(word, flips) + after):
        assert env_bool("TEILHABE_TEST_FLAG", True) is False


@relaxed
@given(raw=env_text)
def test_it_refuses_any_other_flag_value(raw: str) -> None:
    assume(raw.strip().lower() not in DOCUMENTED_TRUE + DOCUMENTED_FALSE)
    with _env(TEILHABE_TEST_FLAG=raw), pytest.raises(EnvError) as e:
        env_bool("TEILHABE_TEST_FLAG", False)
    assert "TEILHABE_TEST_FLAG" in str(e.value)


@pytest.mark.parametrize("default", [True, False])
def test_it_uses_the_default_flag_when_unset(default: bool) -> None:
    with mock.patch.dict(os.environ, {}, clear=False):
        os.environ.pop("TEILHABE_TEST_FLAG", None)
        assert env_bool("TEILHABE_TEST_FLAG", default) is default


@relaxed
@given(number=st.integers(), before=padding, after=padding)
def test_it_reads_integers(number: int, before: str, after: str) -> None:
    with _env(TEILHABE_TEST_INT=f"{before}{number}{after}"):
        assert env_int("TEILHABE_TEST_INT", 7) == number


@relaxed
@given(
    raw=st.one_of(st.floats(allow_nan=True).map(str), st.from_regex(r"\A[a-zA-Z][a-zA-Z0-9 ]*\Z"))
)
def test_it_refuses_what_is_not_an_integer(raw: str) -> None:
    with _env(TEILHABE_TEST_INT=raw), pytest.raises(EnvError) as e:
        env_int("TEILHABE_TEST_INT", 7)
    assert "TEILHABE_TEST_INT" in str(e.value)


@pytest.mark.parametrize("raw", ["", "   "])
def test_it_uses_the_default_integer_when_blank(raw: str) -> None:
    with _env(TEILHABE_TEST_INT=raw):
        assert env_int("TEILHABE_TEST_INT", 7) == 7


@relaxed
@given(items=st.lists(st.from_regex(r"\A[a-z0-9.\[\]:-]{1,20}\Z"), max_size=5))
def test_it_reads_comma_separated_lists(items: list[str]) -> None:
    with _env(TEILHABE_TEST_LIST=" , ".join(items) + ","):
        assert env_list("TEILHABE_TEST_LIST", ["default"]) == items


# Printable text: a secret file is text, read with universal newlines and stripped.
secret_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1)


@relaxed
@given(secret=secret_text.map(str.strip).filter(bool))
def test_it_reads_a_secret_from_the_file_named_by_name_file(secret: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "secret"
        path.write_text(secret + "\n", encoding="utf-8")
        with _env(TEILHABE_TEST_SECRET="from-the-variable", TEILHABE_TEST_SECRET_FILE=str(path)):
            assert env_secret("TEILHABE_TEST_SECRET") == secret


def test_it_reads_a_secret_from_the_variable_without_a_file() -> None:
    with _env(TEILHABE_TEST_SECRET="s3cret"):
        os.environ.pop("TEILHABE_TEST_SECRET_FILE", None)
        assert env_secret("TEILHABE_TEST_SECRET", "default") == "s3cret"


def test_it_fails_loudly_when_the_secret_file_is_missing(tmp_path: Path) -> None:
    with _env(TEILHABE_TEST_SECRET_FILE=str(tmp_path / "missing")), pytest.raises(OSError):
        env_secret("TEILHABE_TEST_SECRET")


def _import_settings(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DEBUG",
            "SECRET_KEY",
            "SECRET_KEY_FILE",
            "PSEUDONYM_KEY",
            "PSEUDONYM_KEY_FILE",
            "EVALUATION_PSEUDONYM_KEY",
            "EVALUATION_PSEUDONYM_KEY_FILE",
            "DJANGO_SETTINGS_MODULE",
        }
    }
    return subprocess.run(
        [sys.executable, "-c", "import teilhabe.settings"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_it_refuses_to_run_without_debug_on_the_default_key() -> None:
    result = _import_settings(DEBUG="false")
    assert result.returncode != 0
    assert "DEBUG is off but SECRET_KEY is the insecure default" in result.stderr


def test_it_refuses_a_short_secret_key_in_production() -> None:
    result = _import_settings(DEBUG="false", SECRET_KEY="too-short")
    assert result.returncode != 0
    assert "at least 50 characters" in result.stderr


def test_it_refuses_an_unreadable_debug_flag() -> None:
    result = _import_settings(DEBUG="maybe")
    assert result.returncode != 0
    assert "EnvError" in result.stderr and "DEBUG" in result.stderr


def test_it_starts_in_production_with_a_key_from_a_file(tmp_path: Path) -> None:
    key = tmp_path / "key"
    key.write_text("k" * 64 + "\n", encoding="utf-8")
    result = _import_settings(
        DEBUG="false",
        SECRET_KEY_FILE=str(key),
        PSEUDONYM_KEY="p" * 40,
        EVALUATION_PSEUDONYM_KEY="e" * 40,
    )
    assert result.returncode == 0, result.stderr


def test_it_refuses_the_default_pseudonym_key_in_production() -> None:
    result = _import_settings(DEBUG="false", SECRET_KEY="k" * 64)
    assert result.returncode != 0
    assert "DEBUG is off but PSEUDONYM_KEY is the insecure default" in result.stderr


def test_it_refuses_a_short_pseudonym_key_in_production() -> None:
    result = _import_settings(DEBUG="false", SECRET_KEY="k" * 64, PSEUDONYM_KEY="short")
    assert result.returncode != 0
    assert "PSEUDONYM_KEY must be at least 32 characters" in result.stderr

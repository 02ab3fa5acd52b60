"""The DeepL and LibreTranslate providers against a local fake of their HTTP APIs: the
request shapes the public APIs document, batch splitting, timeouts, errors, and the key never
in a log line or a URL."""

from __future__ import annotations

import logging

import pytest

from teilhabe.guide import translation
from teilhabe.guide.translation import TranslationError, batches
from teilhabe.guide.translation.providers import DeepL, LibreTranslate

from . import fake_translator


def _deepl(url: str, **options: object) -> DeepL:
    return DeepL(
        api_key="secret-key-42",
        url=url,
        timeout=float(options.get("timeout", 2)),  # type: ignore[arg-type]
        max_chars=int(options.get("max_chars", 30_000)),  # type: ignore[call-overload]
    )


def test_deepl_sends_the_documented_request_and_reads_the_answer() -> None:
    with fake_translator.server("deepl") as fake:
        out = _deepl(fake.url).translate(["Hallo", "Welt"], source="de", target="en")
    assert out == ["EN: Hallo", "EN: Welt"]
    (seen,) = fake.requests
    assert seen.path == "/v2/translate"
    assert seen.headers["Authorization"] == "DeepL-Auth-Key secret-key-42"
    assert seen.headers["Content-Type"] == "application/json"
    assert seen.body == {"text": ["Hallo", "Welt"], "source_lang": "DE", "target_lang": "EN-GB"}


def test_deepl_marks_html_and_names_arabic_as_deepl_does() -> None:
    with fake_translator.server("deepl") as fake:
        (out,) = _deepl(fake.url).translate(["<p>Hallo</p>"], source="de", target="ar", html=True)
    assert out == "<p>AR: Hallo</p>"
    assert fake.requests[0].body["tag_handling"] == "html"
    assert fake.requests[0].body["target_lang"] == "AR"


def test_libretranslate_sends_the_documented_request() -> None:
    with fake_translator.server("libretranslate") as fake:
        provider = LibreTranslate(url=fake.url, api_key="lt-key", timeout=2, max_chars=30_000)
        out = provider.translate(["Hallo"], source="de", target="uk", html=True)
    assert out == ["UK: Hallo"]
    (seen,) = fake.requests
    assert seen.path == "/translate"
    assert seen.body == {
        "q": ["Hallo"],
        "source": "de",
        "target": "uk",
        "format": "html",
        "api_key": "lt-key",
    }


def test_libretranslate_without_a_key_sends_none() -> None:
    with fake_translator.server("libretranslate") as fake:
        LibreTranslate(url=fake.url, api_key="", timeout=2, max_chars=30_000).translate(
            ["a"], source="de", target="en"
        )
    assert "api_key" not in fake.requests[0].body
    assert fake.requests[0].body["format"] == "text"


def test_a_batch_is_split_by_characters_and_keeps_the_order() -> None:
    texts = ["x" * 600, "y" * 600, "z" * 300]
    with fake_translator.server("libretranslate") as fake:
        provider = LibreTranslate(url=fake.url, api_key="", timeout=2, max_chars=1_000)
        out = provider.translate(texts, source="de", target="en")
    assert out == [f"EN: {t}" for t in texts]
    assert [r.body["q"] for r in fake.requests] == [[texts[0]], [texts[1], texts[2]]]


def test_deepl_splits_at_fifty_texts() -> None:
    with fake_translator.server("deepl") as fake:
        out = _deepl(fake.url).translate([str(i) for i in range(120)], source="de", target="en")
    assert len(out) == 120 and out[119] == "EN: 119"
    assert [len(r.body["text"]) for r in fake.requests] == [50, 50, 20]


def test_batches_refuse_a_text_longer_than_one_request() -> None:
    with pytest.raises(TranslationError) as e:
        batches(["x" * 11], 10, 5)
    assert e.value.code == "text_too_long"


@pytest.mark.parametrize(
    ("status", "code"),
    [
        (403, "translator_auth"),
        (456, "translator_quota"),
        (429, "translator_busy"),
        (400, "translator_rejected"),
        (500, "translator_unavailable"),
        (503, "translator_unavailable"),
    ],
)
def test_http_errors_become_clear_codes_without_a_retry(status: int, code: str) -> None:
    with (
        fake_translator.server("deepl", status=status) as fake,
        pytest.raises(TranslationError) as e,
    ):
        _deepl(fake.url).translate(["a"], source="de", target="en")
    assert e.value.code == code
    assert str(e.value.message)  # a sentence for the page
    assert len(fake.requests) == 1  # asked once, not again and again


def test_a_slow_provider_times_out() -> None:
    with fake_translator.server("libretranslate", delay=2.5) as fake:
        provider = LibreTranslate(url=fake.url, api_key="", timeout=1, max_chars=30_000)
        with pytest.raises(TranslationError) as e:
            provider.translate(["a"], source="de", target="en")
    assert e.value.code == "translator_unavailable"


def test_a_provider_that_is_not_there_is_unavailable() -> None:
    with fake_translator.server("libretranslate") as fake:
        url = fake.url
    with pytest.raises(TranslationError) as e:
        LibreTranslate(url=url, api_key="", timeout=1, max_chars=30_000).translate(
            ["a"], source="de", target="en"
        )
    assert e.value.code == "translator_unavailable"


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b'{"translatedText": ["one", "two"]}',  # two answers for one question
        b'{"translatedText": [3]}',
        b'{"unexpected": true}',
    ],
)
def test_an_unusable_answer_is_refused(body: bytes) -> None:
    with (
        fake_translator.server("libretranslate", body=body) as fake,
        pytest.raises(TranslationError) as e,
    ):
        LibreTranslate(url=fake.url, api_key="", timeout=2, max_chars=30_000).translate(
            ["a"], source="de", target="en"
        )
    assert e.value.code == "bad_answer"


def test_the_key_is_never_logged(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    with fake_translator.server("deepl", status=403) as fake:
        provider = _deepl(fake.url)
        with pytest.raises(TranslationError):
            provider.translate(["a"], source="de", target="en")
    assert caplog.records  # the failure is logged …
    assert "secret-key-42" not in caplog.text  # … without the key
    assert "secret-key-42" not in repr(provider)


def test_deepl_without_a_key_is_refused_before_any_request() -> None:
    with fake_translator.server("deepl") as fake:
        provider = DeepL(api_key="", url=fake.url, timeout=2, max_chars=30_000)
        with pytest.raises(TranslationError) as e:
            provider.translate(["a"], source="de", target="en")
    assert e.value.code == "translator_auth" and not fake.requests


def test_an_address_that_is_not_http_is_refused() -> None:
    with pytest.raises(TranslationError) as e:
        LibreTranslate(url="file:///etc", api_key="", timeout=1, max_chars=1_000).translate(
            ["a"], source="de", target="en"
        )
    assert e.value.code == "translator_misconfigured"


def test_easy_language_and_unknown_pairs_are_not_supported() -> None:
    deepl = DeepL(api_key="k", url="http://x", timeout=1, max_chars=1_000)
    libre = LibreTranslate(url="http://x", api_key="", timeout=1, max_chars=1_000)
    assert not deepl.supports("de", "de-x-ls") and not libre.supports("de", "de-x-ls")
    assert not deepl.supports("de", "fa") and libre.supports("de", "fa")
    assert not libre.supports("de", "de")
    with pytest.raises(TranslationError) as e:
        translation.translate_fields(libre, {"title": "a"}, source="de", target="de-x-ls")
    assert e.value.code == "unsupported_language"


def test_translated_html_is_sanitised_again() -> None:
    with fake_translator.server("libretranslate", inject="<script>alert(1)</script>") as fake:
        provider = LibreTranslate(url=fake.url, api_key="", timeout=2, max_chars=30_000)
        out = translation.translate_fields(
            provider,
            {"title": "Titel", "summary": "", "description": "<p>Beratung</p>"},
            source="de",
            target="en",
        )
    assert out == {"title": "EN: Titel", "summary": "", "description": "<p>EN: Beratung</p>"}
    # the empty summary was not sent; title and description went in two requests
    assert [r.body["q"] for r in fake.requests] == [["Titel"], ["<p>Beratung</p>"]]
    assert [r.body["format"] for r in fake.requests] == ["text", "html"]


def test_configured_follows_the_environment(settings) -> None:  # type: ignore[no-untyped-def]
    settings.GUIDE_TRANSLATOR = ""
    assert translation.configured() is None
    settings.GUIDE_TRANSLATOR = "deepl"
    settings.DEEPL_API_URL = "https://api-free.deepl.com"
    provider = translation.configured()
    assert isinstance(provider, DeepL) and provider.url == "https://api-free.deepl.com/v2/translate"
    settings.GUIDE_TRANSLATOR = "libretranslate"
    settings.LIBRETRANSLATE_URL = "http://lt.local:5000/"
    provider = translation.configured()
    assert isinstance(provider, LibreTranslate) and provider.url == "http://lt.local:5000/translate"

"""A local stand-in for the DeepL and LibreTranslate HTTP APIs: a real `http.server` on
127.0.0.1 in a thread that records every request (path, headers, JSON body) and answers in the
provider's documented shape. Translating means prefixing each text with the target language
("EN: ..."); HTML keeps its tags. `status`, `delay`, `body` and `inject` make it misbehave."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from django.test import override_settings


@dataclass
class Seen:
    path: str
    headers: dict[str, str]
    body: Any


@dataclass
class Fake:
    kind: str  # "deepl" or "libretranslate"
    url: str = ""
    requests: list[Seen] = field(default_factory=list)
    status: int = 200
    delay: float = 0.0
    body: bytes | None = None  # answer this instead of a translation
    inject: str = ""  # appended to every HTML answer (e.g. a script)


def _translate(text: str, target: str, html: bool, inject: str) -> str:
    prefix = f"{target.upper()}: "
    if html and text.startswith("<"):
        # the provider keeps the markup: prefix the first text node
        end = text.index(">") + 1
        return text[:end] + prefix + text[end:] + inject
    return prefix + text


def _handler(fake: Fake) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:  # quiet
            pass

        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            try:
                body = json.loads(raw)
            except ValueError:
                body = raw
            fake.requests.append(Seen(self.path, dict(self.headers.items()), body))
            if fake.delay:
                time.sleep(fake.delay)
            status, answer = fake.status, fake.body
            if answer is None and status == 200:
                answer = json.dumps(self._answer(body)).encode()
            elif answer is None:
                answer = json.dumps({"error": "refused", "message": "refused"}).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def _answer(self, body: Any) -> dict[str, Any]:
            if fake.kind == "deepl":
                html = body.get("tag_handling") == "html"
                target = body["target_lang"].split("-")[0]
                return {
                    "translations": [
                        {
                            "detected_source_language": body.get("source_lang", "DE"),
                            "text": _translate(t, target, html, fake.inject),
                        }
                        for t in body["text"]
                    ]
                }
            html = body.get("format") == "html"
            texts = body["q"] if isinstance(body["q"], list) else [body["q"]]
            out = [_translate(t, body["target"], html, fake.inject) for t in texts]
            return {"translatedText": out if isinstance(body["q"], list) else out[0]}

    return Handler


@contextmanager
def server(kind: str, **options: Any) -> Iterator[Fake]:
    """The fake provider, running; `fake.url` is its base address."""
    fake = Fake(kind, **options)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
    httpd.daemon_threads = True
    fake.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        httpd.shutdown()
        httpd.server_close()


@contextmanager
def configured(kind: str = "libretranslate", **options: Any) -> Iterator[Fake]:
    """The fake provider, and the settings that make the guide use it."""
    with server(kind, **options) as fake:
        names = {
            "deepl": {"DEEPL_API_URL": fake.url, "DEEPL_API_KEY": "test-key-123"},
            "libretranslate": {"LIBRETRANSLATE_URL": fake.url, "LIBRETRANSLATE_API_KEY": ""},
        }[kind]
        with override_settings(GUIDE_TRANSLATOR=kind, GUIDE_TRANSLATOR_TIMEOUT=2, **names):
            yield fake


class Local:
    """The same translation without HTTP, for tests about permissions that pass the
    translator in (`services.machine_translate(..., translator=Local())`)."""

    name = "local"

    def supports(self, source: str, target: str) -> bool:
        return source != target and target != "de-x-ls"

    def translate(
        self, texts: list[str], *, source: str, target: str, html: bool = False
    ) -> list[str]:
        return [_translate(text, target, html, "") for text in texts]

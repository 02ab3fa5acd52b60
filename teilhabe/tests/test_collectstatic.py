"""Production serves the static files through whitenoise's manifest storage: `collectstatic`
must succeed with it (a vendored file naming a file that is not there makes it fail, which a
deployment would only find out on the day)."""

from __future__ import annotations

import io
import json
from pathlib import Path

from django.core.management import call_command
from django.test import override_settings


def test_collectstatic_succeeds_with_the_production_storage(tmp_path: Path, settings) -> None:  # type: ignore[no-untyped-def]
    storages = {
        **settings.STORAGES,
        # whitenoise's storage is this one plus compression: the same check of references,
        # without compressing every file (seconds this test does not need).
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=storages):
        call_command("collectstatic", interactive=False, verbosity=0, stdout=io.StringIO())
    manifest = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    for name in ("teilhabe/app.css", "teilhabe/guide.css", "vendor/leaflet/leaflet.js"):
        assert name in manifest
        assert (tmp_path / manifest[name]).exists()

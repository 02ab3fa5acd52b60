"""The project's URLs: every app mounts its own (AppConfig.ready → core.registry)."""

from django.urls import URLPattern, URLResolver, include, path
from django.views.i18n import set_language

from teilhabe.core.registry import registry

from .api import api

urlpatterns: list[URLPattern | URLResolver] = [
    path(m.prefix, include(m.urlconf)) for m in registry.url_mounts()
]
urlpatterns += [
    path("sprache/", set_language, name="set_language"),
    path("api/v1/", api.urls),
    # Open Referral HSDS 3.0: its shape is fixed by the HSDS API description, not /api/v1's.
    path("api/hsds/", include("teilhabe.guide.hsds.urls")),
]

handler404 = "teilhabe.pages.views.not_found"
handler500 = "teilhabe.pages.views.server_error"

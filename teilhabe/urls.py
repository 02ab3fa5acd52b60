from django.urls import include, path
from django.views.i18n import set_language

from .api import api

urlpatterns = [
    path("", include("teilhabe.pages.urls")),
    path("konto/", include("teilhabe.accounts.urls")),
    path("zentren/", include("teilhabe.centres.urls")),
    path("zentren/<int:centre_pk>/konzept/", include("teilhabe.concepts.urls")),
    path("foerderung/", include("teilhabe.funding.urls")),
    path("protokoll/", include("teilhabe.core.urls")),
    path("sprache/", set_language, name="set_language"),
    path("api/v1/", api.urls),
]

handler404 = "teilhabe.pages.views.not_found"
handler500 = "teilhabe.pages.views.server_error"

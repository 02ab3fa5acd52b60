from django.urls import path, re_path

from . import import_views, public_views, views, views_settings

app_name = "guide"

KI = "zentren/<int:centre_pk>/wegweiser/"

urlpatterns = [
    path(KI, views.offer_list, name="offers"),
    path(KI + "neu/", views.offer_add, name="offer_add"),
    path(KI + "pruefung/", views.review_queue, name="review"),
    path(KI + "einstellungen/", views_settings.settings_page, name="settings"),
    path(KI + "<int:pk>/", views.offer_detail, name="offer"),
    path(KI + "<int:pk>/bearbeiten/", views.offer_edit, name="offer_edit"),
    path(KI + "<int:pk>/status/", views.offer_status, name="offer_status"),
    path(KI + "<int:pk>/aktuell/", views.offer_confirm, name="offer_confirm"),
    path(KI + "rueckmeldungen/", views.feedback_list, name="feedback"),
    path(
        KI + "rueckmeldungen/<int:feedback_pk>/erledigt/",
        views.feedback_done,
        name="feedback_done",
    ),
    path(
        KI + "<int:pk>/texte/<str:language>/geprueft/",
        views.text_reviewed,
        name="text_reviewed",
    ),
    path(KI + "<int:pk>/maschinell/", views.machine_translate, name="machine_translate"),
    path(KI + "xliff/", views.xliff_page, name="xliff"),
    path(KI + "xliff/export/", views.xliff_export, name="xliff_export"),
    path(KI + "xliff/<int:import_pk>/", views.xliff_import, name="xliff_import"),
    path(KI + "import/", import_views.import_upload, name="import"),
    path(KI + "import/<int:pk>/", import_views.import_review, name="import_review"),
    path(
        KI + "import/<int:pk>/fortschritt/",
        import_views.import_progress,
        name="import_progress",
    ),
    path(KI + "angebote.csv", import_views.offers_csv, name="offers_csv"),
    path("wegweiser/offene-daten/angebote.csv", import_views.open_data_csv, name="open_data_csv"),
    path("wegweiser/meine-angebote/", views.my_offers, name="mine"),
    path("wegweiser/angebote/<uuid:uuid>/", views.public_offer, name="public_offer"),
    path("wegweiser/", public_views.start, name="public_start"),
    path("wegweiser/suche/", public_views.search_page, name="public_search"),
    # A KI by its grantee's official key: 5 digits (a district), 8 for the City of Aachen.
    re_path(r"^wegweiser/(?P<key>\d{5}(?:\d{3})?)/$", public_views.centre, name="public_centre"),
    re_path(
        r"^wegweiser/(?P<key>\d{5}(?:\d{3})?)/grenze\.geojson$",
        public_views.boundary,
        name="public_boundary",
    ),
    path("wegweiser/offene-daten/", views.open_data, name="open_data"),
    path("wegweiser/offene-daten/angebote.json", views.open_data_offers, name="open_data_offers"),
    path(
        "wegweiser/angebote/<uuid:uuid>/rueckmeldung/",
        views.public_feedback,
        name="public_feedback",
    ),
    path("wegweiser/kalender.ics", views.calendar_feed, name="calendar"),
]

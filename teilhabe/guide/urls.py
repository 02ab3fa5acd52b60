from django.urls import path

from . import import_views, views

app_name = "guide"

KI = "zentren/<int:centre_pk>/wegweiser/"

urlpatterns = [
    path(KI, views.offer_list, name="offers"),
    path(KI + "neu/", views.offer_add, name="offer_add"),
    path(KI + "pruefung/", views.review_queue, name="review"),
    path(KI + "<int:pk>/", views.offer_detail, name="offer"),
    path(KI + "<int:pk>/bearbeiten/", views.offer_edit, name="offer_edit"),
    path(KI + "<int:pk>/status/", views.offer_status, name="offer_status"),
    path(
        KI + "<int:pk>/texte/<str:language>/geprueft/",
        views.text_reviewed,
        name="text_reviewed",
    ),
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
]

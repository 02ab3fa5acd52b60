from django.urls import path

from . import views

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
    path("wegweiser/meine-angebote/", views.my_offers, name="mine"),
    path("wegweiser/angebote/<uuid:uuid>/", views.public_offer, name="public_offer"),
    path("wegweiser/offene-daten/", views.open_data, name="open_data"),
    path("wegweiser/offene-daten/angebote.json", views.open_data_offers, name="open_data_offers"),
]

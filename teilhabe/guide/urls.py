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
    path("wegweiser/meine-angebote/", views.my_offers, name="mine"),
    path("wegweiser/angebote/<uuid:uuid>/", views.public_offer, name="public_offer"),
    path(
        "wegweiser/angebote/<uuid:uuid>/rueckmeldung/",
        views.public_feedback,
        name="public_feedback",
    ),
    path("wegweiser/kalender.ics", views.calendar_feed, name="calendar"),
]

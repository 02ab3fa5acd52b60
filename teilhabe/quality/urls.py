"""The pages of the quality status under /qualitaet/."""

from django.urls import URLPattern, path

from . import views

app_name = "quality"

urlpatterns: list[URLPattern] = [
    path("", views.overview, name="overview"),
    path("neu-berechnen/", views.recompute, name="recompute"),
    path("zentren/<int:centre_pk>/", views.centre, name="centre"),
    path("zentren/<int:centre_pk>/verlauf/", views.history, name="history"),
]

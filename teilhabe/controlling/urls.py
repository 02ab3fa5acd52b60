"""The pages of programme controlling under /controlling/: the indicator catalogue and the
reporting periods."""

from django.urls import URLPattern, URLResolver, include, path

from . import views

app_name = "controlling"

INDICATORS = "indikatoren/"
PERIODS = "zeitraeume/"

urlpatterns: list[URLPattern | URLResolver] = [
    path(INDICATORS, views.indicators, name="indicators"),
    path(INDICATORS + "neu/", views.indicator_add, name="indicator_add"),
    path(INDICATORS + "<int:pk>/", views.indicator, name="indicator"),
    path(INDICATORS + "<int:pk>/bearbeiten/", views.indicator_edit, name="indicator_edit"),
    path(PERIODS, views.periods, name="periods"),
    path(PERIODS + "neu/", views.period_add, name="period_add"),
    path("", include("teilhabe.controlling.urls_state")),
]

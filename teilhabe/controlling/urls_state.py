"""The state view under /controlling/land/: the table of every KI (and its export), the time
series, the map, and the release of a period as open data. Included by `urls.py`."""

from django.urls import URLPattern, path

from teilhabe.core.exports import export_path

from . import state_views as views

STATE = "land/"

urlpatterns: list[URLPattern] = [
    path(STATE, views.state_view, name="state"),
    export_path(STATE, views.state_export, "state_export"),
    path(STATE + "zeitreihe/", views.state_series, name="state_series"),
    path(STATE + "karte/", views.state_map, name="state_map"),
    path(STATE + "zeitraeume/<int:pk>/freigeben/", views.state_release, name="state_release"),
]

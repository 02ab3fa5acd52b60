"""Routes of the measures: see urls.py. Here: a measure's interpreter-pool assignments
(`einsaetze/`) and counselling log (`beratung/`), a KI's figures (`kennzahlen/`) and the
coordination office's state view of every KI's figures (`/massnahmen/kennzahlen/`)."""

from django.urls import URLPattern, path

from teilhabe.core.exports import export_path

from . import record_views as views

KI = "zentren/<int:centre_pk>/massnahmen/"
POOL = KI + "<int:pk>/einsaetze/"
LOG = KI + "<int:pk>/beratung/"
STATE = "massnahmen/kennzahlen/"

urlpatterns: list[URLPattern] = [
    path(POOL, views.assignment_list, name="assignments"),
    export_path(POOL, views.assignment_export, "assignments_export"),
    path(POOL + "neu/", views.assignment_add, name="assignment_add"),
    path(POOL + "<int:record_pk>/", views.assignment_edit, name="assignment_edit"),
    path(LOG, views.counselling_list, name="counselling"),
    export_path(LOG, views.counselling_export, "counselling_export"),
    path(LOG + "neu/", views.counselling_add, name="counselling_add"),
    path(LOG + "<int:record_pk>/", views.counselling_edit, name="counselling_edit"),
    path(KI + "kennzahlen/", views.figures_page, name="figures"),
    path(STATE, views.state_figures, name="state_figures"),
    export_path(STATE, views.state_figures_export, "state_figures_export"),
]

"""Routes of the catalogue, a KI's measures, their targets and documents, the state-wide list
and the partner matrix (see urls.py)."""

from django.urls import URLPattern, path

from teilhabe.core.exports import export_path

from . import views

ALL = "massnahmen/"
CATALOGUE = ALL + "programme/"
KI = "zentren/<int:centre_pk>/massnahmen/"
ONE = KI + "<int:pk>/"

urlpatterns: list[URLPattern] = [
    path(CATALOGUE, views.catalogue, name="catalogue"),
    path(CATALOGUE + "neu/", views.programme_add, name="programme_add"),
    path(CATALOGUE + "<int:pk>/bearbeiten/", views.programme_edit, name="programme_edit"),
    path(ALL, views.statewide_list, name="all"),
    export_path(ALL, views.statewide_export, "all_export"),
    path(KI, views.measure_list, name="list"),
    export_path(KI, views.measure_export, "list_export"),
    path(KI + "neu/", views.measure_add, name="add"),
    path(KI + "partner/", views.partner_matrix, name="partners"),
    path(ONE, views.measure_detail, name="detail"),
    path(ONE + "bearbeiten/", views.measure_edit, name="edit"),
    path(ONE + "status/", views.measure_status, name="status"),
    path(ONE + "ziele/neu/", views.target_add, name="target_add"),
    path(ONE + "ziele/<int:target_pk>/", views.target_edit, name="target_edit"),
    path(ONE + "dokumente/neu/", views.document_add, name="document_add"),
    path(ONE + "dokumente/<int:document_pk>/", views.document_download, name="document"),
]

"""Routes of the member schools of "Schule ohne Rassismus – Schule mit Courage" (see urls.py):
under the measure, `zentren/<centre_pk>/massnahmen/<pk>/schulen/…`."""

from django.urls import URLPattern, path

from teilhabe.core.exports import export_path

from . import school_views as views

SCHOOLS = "zentren/<int:centre_pk>/massnahmen/<int:pk>/schulen/"
SCHOOL = SCHOOLS + "<int:school_pk>/"

urlpatterns: list[URLPattern] = [
    path(SCHOOLS, views.school_list, name="schools"),
    export_path(SCHOOLS, views.school_export, "schools_export"),
    path(SCHOOLS + "neu/", views.school_add, name="school_add"),
    path(SCHOOL, views.school_detail, name="school"),
    path(SCHOOL + "bearbeiten/", views.school_edit, name="school_edit"),
    path(SCHOOL + "ausgetreten/", views.school_left, name="school_left"),
    path(SCHOOL + "projekte/neu/", views.project_add, name="school_project_add"),
]

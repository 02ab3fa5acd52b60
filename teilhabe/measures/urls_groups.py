"""Routes of the parent groups (Griffbereit, Rucksack): the KI's parent companions, a
measure's groups and their sessions. See urls.py."""

from django.urls import URLPattern, path

from teilhabe.core.exports import export_path

from . import group_views as views

KI = "zentren/<int:centre_pk>/massnahmen/"
COMPANIONS = KI + "elternbegleitung/"
GROUP = KI + "<int:pk>/gruppen/<int:group_pk>/"

urlpatterns: list[URLPattern] = [
    path(COMPANIONS, views.companion_list, name="companions"),
    export_path(COMPANIONS, views.companion_export, "companions_export"),
    path(COMPANIONS + "neu/", views.companion_add, name="companion_add"),
    path(COMPANIONS + "<int:pk>/bearbeiten/", views.companion_edit, name="companion_edit"),
    path(KI + "<int:pk>/gruppen/neu/", views.group_add, name="group_add"),
    path(GROUP, views.group_detail, name="group"),
    path(GROUP + "bearbeiten/", views.group_edit, name="group_edit"),
    path(GROUP + "termine/neu/", views.session_add, name="session_add"),
    path(
        GROUP + "termine/<int:session_pk>/entfernen/",
        views.session_remove,
        name="session_remove",
    ),
]

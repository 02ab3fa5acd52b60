"""The proof of use's pages (German paths under /nachweise/verwendung/, English names)."""

from django.urls import URLPattern, path

from . import use_views as views

urlpatterns: list[URLPattern] = [
    path("verwendung/", views.use_list, name="uses"),
    path("verwendung/beginnen/<int:decision_pk>/<int:year>/", views.use_start, name="use_start"),
    path("verwendung/<int:pk>/", views.use_detail, name="use"),
    path("verwendung/<int:pk>/zahlen/", views.use_statement, name="use_statement"),
    path("verwendung/<int:pk>/sachbericht/", views.use_report, name="use_report"),
    path("verwendung/<int:pk>/einreichen/", views.use_submit, name="use_submit"),
    path("verwendung/<int:pk>/pruefung/", views.use_check, name="use_check"),
    path("verwendung/<int:pk>/zeichnung/", views.use_sign, name="use_sign"),
    path("verwendung/<int:pk>/pruefvermerk.pdf", views.use_note, name="use_note"),
]

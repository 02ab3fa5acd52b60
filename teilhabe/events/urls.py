from django.urls import path

from teilhabe.core.exports import export_path

from . import views

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="list"),
    path("neu/", views.event_new, name="new"),
    path("datenauskunft/", views.person_data, name="person_data"),
    path("<int:pk>/", views.event_detail, name="detail"),
    path("<int:pk>/kalender.ics", views.event_calendar, name="calendar"),
    path("<int:pk>/bearbeiten/", views.event_edit, name="edit"),
    path("<int:pk>/anmeldungen/", views.event_manage, name="manage"),
    export_path("<int:pk>/anmeldungen/", views.registrations_export, "registrations_export"),
    path("<int:pk>/anwesenheit/", views.attendance, name="attendance"),
    path("<int:pk>/einlass/<str:token>/", views.check_in, name="checkin"),
    path(
        "<int:pk>/anmeldungen/<int:registration_pk>/bescheinigung/",
        views.certificate,
        name="certificate",
    ),
    path("zentrum/<int:centre_pk>/kalender.ics", views.centre_calendar, name="centre_calendar"),
    path("anmeldung/<str:token>/", views.registration, name="registration"),
    path(
        "anmeldung/<str:token>/bescheinigung/",
        views.registration_certificate,
        name="registration_certificate",
    ),
]

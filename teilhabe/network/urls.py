from django.urls import path

from teilhabe.core.exports import export_path

from . import import_views, views

app_name = "network"

KI = "zentren/<int:centre_pk>/netzwerk/"
ORG = KI + "<int:pk>/"

urlpatterns = [
    path(KI, views.organisation_list, name="list"),
    export_path(KI, views.organisation_export, "list_export"),
    path(KI + "neu/", views.organisation_add, name="add"),
    path(KI + "dubletten/", views.duplicate_list, name="duplicates"),
    path(KI + "matrix/", views.matrix, name="matrix"),
    path(KI + "import/", import_views.import_upload, name="import"),
    path(KI + "import/<int:pk>/", import_views.import_review, name="import_review"),
    path(KI + "import/<int:pk>/fortschritt/", import_views.import_progress, name="import_progress"),
    path(KI + "import/<int:pk>/erneut-starten/", import_views.import_retry, name="import_retry"),
    path(ORG, views.organisation_detail, name="detail"),
    path(ORG + "bearbeiten/", views.organisation_edit, name="edit"),
    path(ORG + "kontakte/neu/", views.contact_add, name="contact_add"),
    path(ORG + "kontakte/<int:contact_pk>/", views.contact_edit, name="contact_edit"),
    path(ORG + "vereinbarungen/neu/", views.agreement_add, name="agreement_add"),
    path(
        ORG + "vereinbarungen/<int:agreement_pk>/dokument/",
        views.agreement_document,
        name="agreement_document",
    ),
    path(ORG + "rueckgaengig/<int:event_pk>/", views.undo_change, name="undo"),
    path(ORG + "zusammenfuehren/<int:other_pk>/", views.merge, name="merge"),
    path("meine-organisation/", views.own_organisation, name="mine"),
]

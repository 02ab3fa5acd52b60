"""The evaluation's pages under /evaluation/."""

from django.urls import URLPattern, path

from . import views

app_name = "evaluation"

EXPORTS = "exporte/"
QUESTIONNAIRES = "frageboegen/"
POINTS = "messpunkte/"
SURVEYS = "umfragen/"

urlpatterns: list[URLPattern] = [
    path("", views.index, name="index"),
    path(EXPORTS, views.exports, name="exports"),
    path(EXPORTS + "<slug:topic>/", views.dictionary, name="dictionary"),
    path(
        EXPORTS + "<slug:topic>/woerterbuch.csv", views.dictionary_export, name="dictionary_export"
    ),
    path(EXPORTS + "<slug:topic>/daten.<export:fmt>", views.export, name="export"),
    path(QUESTIONNAIRES + "neu/", views.questionnaire_add, name="questionnaire_add"),
    path(QUESTIONNAIRES + "<int:pk>/", views.questionnaire, name="questionnaire"),
    path(
        QUESTIONNAIRES + "<int:pk>/bearbeiten/", views.questionnaire_edit, name="questionnaire_edit"
    ),
    path(QUESTIONNAIRES + "<int:pk>/fragen/neu/", views.question_add, name="question_add"),
    path(
        QUESTIONNAIRES + "<int:pk>/fragen/<int:question_pk>/entfernen/",
        views.question_remove,
        name="question_remove",
    ),
    path(
        QUESTIONNAIRES + "<int:pk>/neue-version/",
        views.questionnaire_version,
        name="questionnaire_version",
    ),
    path(QUESTIONNAIRES + "<int:pk>/versenden/", views.point_add, name="point_add"),
    path(POINTS + "<int:pk>/", views.point, name="point"),
    path(POINTS + "<int:pk>/antworten.<export:fmt>", views.point_export, name="point_export"),
    path(POINTS + "<int:pk>/vergleich/<int:other>/", views.compare, name="compare"),
    path(SURVEYS, views.surveys_list, name="surveys"),
    path(SURVEYS + "<int:pk>/", views.answer, name="answer"),
]

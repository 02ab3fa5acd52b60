"""The pages of programme controlling under /controlling/: the indicator catalogue, the
reporting periods and the KIs' reports."""

from django.urls import URLPattern, URLResolver, include, path

from . import report_views, views

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

REPORTS = "berichte/"

urlpatterns += [
    path(REPORTS, report_views.reports_list, name="reports"),
    path(REPORTS + "eingang/", report_views.report_inbox, name="report_inbox"),
    path(REPORTS + "zeitraum/<int:period_pk>/", report_views.report_open, name="report_open"),
    path(REPORTS + "<int:pk>/", report_views.report, name="report"),
    path(REPORTS + "<int:pk>/einreichen/", report_views.report_submit, name="report_submit"),
    path(REPORTS + "<int:pk>/pruefen/", report_views.report_decide, name="report_decide"),
    path(REPORTS + "<int:pk>/korrigieren/", report_views.report_correct, name="report_correct"),
]

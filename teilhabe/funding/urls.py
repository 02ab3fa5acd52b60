"""URLs of the funding chain, one block per step (German paths, English names)."""

from django.urls import URLPattern, path

from teilhabe.core.exports import export_path

from .views import applications as application_views
from .views import budget as budget_views
from .views import calculator as calculator_views
from .views import decisions as decision_views
from .views import guidelines as guideline_views
from .views import payments as payment_views
from .views import review as review_views
from .views import windows as window_views

app_name = "funding"

urlpatterns: list[URLPattern] = []

# --- applications (the KI's side) -------------------------------------------------------

urlpatterns += [
    path("antraege/", application_views.application_list, name="applications"),
    export_path("antraege/", application_views.application_export, "applications_export"),
    path("antraege/neu/", application_views.application_new, name="application_new"),
    path("antraege/<int:pk>/", application_views.application_detail, name="application"),
    path(
        "antraege/<int:pk>/bearbeiten/",
        application_views.application_edit,
        name="application_edit",
    ),
    path(
        "antraege/<int:pk>/automatisch-speichern/",
        application_views.application_autosave,
        name="application_autosave",
    ),
    path(
        "antraege/<int:pk>/einreichen/",
        application_views.application_submit,
        name="application_submit",
    ),
    path(
        "antraege/<int:pk>/zurueckziehen/",
        application_views.application_withdraw,
        name="application_withdraw",
    ),
    path(
        "antraege/<int:pk>/anhaenge/neu/", application_views.attachment_add, name="attachment_add"
    ),
    path(
        "antraege/<int:pk>/anhaenge/<int:attachment_pk>/",
        application_views.attachment_download,
        name="attachment",
    ),
    path(
        "antraege/<int:pk>/nachforderung/<int:request_pk>/antwort/",
        application_views.information_answer,
        name="information_answer",
    ),
]

# --- review, proposals, decisions, conditions (the grant authority) ---------------------

urlpatterns += [
    path("antraege/<int:pk>/pruefung/", review_views.review, name="review"),
    path(
        "antraege/<int:pk>/nachforderung/",
        review_views.information_request,
        name="information_request",
    ),
    path("antraege/<int:pk>/vorschlag/", review_views.proposal, name="proposal"),
    path("zeichnung/", review_views.signatures, name="signatures"),
    path("vorschlaege/<int:proposal_pk>/zeichnen/", review_views.sign, name="sign"),
    path("bescheide/", decision_views.decision_list, name="decisions"),
    export_path("bescheide/", decision_views.decision_export, "decisions_export"),
    path("bescheide/<int:pk>/", decision_views.decision, name="decision"),
    path("bescheide/<int:pk>/pdf/", decision_views.decision_pdf, name="decision_pdf"),
    path("bescheide/<int:pk>/aenderung/", decision_views.amendment, name="amendment"),
    path("auflagen/", decision_views.conditions, name="conditions"),
    path("auflagen/<int:pk>/erfuellt/", decision_views.condition_fulfil, name="condition_fulfil"),
]

# --- budget lines, planning, payments, guideline versions --------------------------------

urlpatterns += [
    path("haushalt/", budget_views.budget_lines, name="budget"),
    export_path("haushalt/", budget_views.budget_export, "budget_export"),
    path("haushalt/neu/", budget_views.budget_line_add, name="budget_line_add"),
    path("haushalt/<int:pk>/", budget_views.budget_line, name="budget_line"),
    path("planung/", budget_views.planning_view, name="planning"),
    path("antraege/<int:pk>/zahlungen/", payment_views.payment_ledger, name="payments"),
    export_path(
        "antraege/<int:pk>/zahlungen/", payment_views.payment_ledger_export, "payments_export"
    ),
    path("antraege/<int:pk>/zahlungen/neu/", payment_views.payment_request, name="payment_request"),
    path("zahlungen/", payment_views.payment_queue, name="payment_queue"),
    export_path("zahlungen/", payment_views.payment_queue_export, "payment_queue_export"),
    path("zahlungen/<int:pk>/freigeben/", payment_views.payment_release, name="payment_release"),
    path("zahlungen/<int:pk>/ablehnen/", payment_views.payment_refuse, name="payment_refuse"),
    path("richtlinien/", guideline_views.guideline_list, name="guidelines"),
    path("rechner/", calculator_views.calculator, name="calculator"),
    path("antragszeitraeume/", window_views.window_list, name="application_windows"),
    path("antragszeitraeume/<int:year>/", window_views.window_edit, name="application_window"),
    path("richtlinien/neu/", guideline_views.guideline_add, name="guideline_add"),
    path("richtlinien/<int:pk>/", guideline_views.guideline_detail, name="guideline"),
]

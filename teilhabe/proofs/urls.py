"""The proofs of use's pages (German paths, English names)."""

from django.urls import URLPattern, path

from . import urls_use, views

app_name = "proofs"

urlpatterns: list[URLPattern] = [
    path("zinsrechner/", views.interest_calculator, name="interest_calculator"),
    path("basiszinssatz/", views.base_rates, name="base_rates"),
    path("basiszinssatz/neu/", views.base_rate_add, name="base_rate_add"),
    *urls_use.urlpatterns,  # the proof of use and its check
]

from .urls_repayment import urlpatterns as repayments  # noqa: E402 (issue 18)

urlpatterns += repayments

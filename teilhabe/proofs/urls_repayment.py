"""The repayment decisions' pages (German paths), included from `proofs/urls.py`."""

from django.urls import URLPattern, path

from . import repayment_views as views

urlpatterns: list[URLPattern] = [
    path("rueckforderungen/", views.repayment_list, name="repayments"),
    path("rueckforderungen/neu/<int:decision_pk>/", views.repayment_new, name="repayment_new"),
    path("rueckforderungen/<int:pk>/", views.repayment_detail, name="repayment"),
    path("rueckforderungen/<int:pk>/zeichnen/", views.repayment_sign, name="repayment_sign"),
    path(
        "rueckforderungen/<int:pk>/zahlungseingang/",
        views.repayment_receipt,
        name="repayment_receipt",
    ),
    path("rueckforderungen/<int:pk>/pdf/", views.repayment_pdf, name="repayment_pdf"),
]

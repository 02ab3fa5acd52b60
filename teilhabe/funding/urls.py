"""URLs of the funding chain, one block per step (German paths, English names)."""

from django.urls import path  # noqa: F401

app_name = "funding"

urlpatterns: list = []

# --- applications (the KI's side) -------------------------------------------------------

# --- review, proposals, decisions, conditions (the grant authority) ---------------------

# --- budget lines, planning, payments, guideline versions --------------------------------

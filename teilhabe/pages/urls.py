from django.urls import path

from . import views

app_name = "pages"
urlpatterns = [
    path("", views.start, name="start"),
    path("barrierefreiheit/", views.accessibility, name="accessibility"),
    path("impressum/", views.imprint, name="imprint"),
    path("datenschutz/", views.privacy, name="privacy"),
]

from django.urls import path

from . import views

app_name = "concepts"

urlpatterns = [
    path("", views.concept_list, name="list"),
    path("neu/", views.concept_add, name="add"),
    path("<int:version>/", views.concept_detail, name="detail"),
    path("<int:version>/dokument/", views.concept_document, name="document"),
]

from django.urls import path

from teilhabe.core.exports import export_path

from . import views

app_name = "centres"
urlpatterns = [
    path("", views.centre_list, name="list"),
    export_path("", views.centre_export, "list_export"),
    path("<int:pk>/", views.centre_detail, name="detail"),
    path("<int:pk>/bearbeiten/", views.centre_edit, name="edit"),
    path("<int:pk>/personal/neu/", views.staff_add, name="staff_add"),
    path("<int:pk>/personal/<int:member_pk>/", views.staff_edit, name="staff_edit"),
]

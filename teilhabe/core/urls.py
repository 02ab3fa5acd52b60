from django.urls import path

from . import views
from .exports import export_path

app_name = "core"
urlpatterns = [
    path("", views.audit_log, name="audit_log"),
    export_path("", views.audit_log_export, "audit_log_export"),
]

"""The network's background tasks (django-tasks; the worker is `manage.py db_worker`)."""

from __future__ import annotations

from django_tasks import task

from .models import ImportJob


@task()
def run_import_task(job_id: int) -> None:
    """Run a confirmed import as its uploader (`services.run_import` checks them again)."""
    from . import services

    job = ImportJob.objects.select_related("centre", "centre__grantee", "created_by").get(pk=job_id)
    services.run_import(job, by=job.created_by)

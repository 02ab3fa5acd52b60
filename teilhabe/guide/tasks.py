"""The guide's background tasks (django-tasks; the worker is `manage.py db_worker`)."""

from __future__ import annotations

from django_tasks import task

from .models import OfferImport


@task()
def run_offer_import_task(job_id: int) -> None:
    """Run a confirmed offer import as its uploader (`importing.run_import` checks them again;
    a job of the `import_offers` command has none: the system)."""
    from . import importing

    job = OfferImport.objects.select_related("centre", "centre__grantee", "created_by").get(
        pk=job_id
    )
    importing.run_import(job, by=job.created_by)

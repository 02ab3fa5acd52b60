"""The guide's background tasks (django-tasks; the worker is `manage.py db_worker`)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from django_tasks import task

from .models import JobState, OfferImport, TranslationJob


@task()
def run_translation_job(job_id: int) -> None:
    """Translate the job's offer into its languages one by one, as the job's creator
    (`services.machine_translate` checks them again for each); progress is saved after each
    language, and a failing language does not stop the others. A provider that is down fails
    every remaining language at once instead of being asked again and again."""
    from . import services

    job = TranslationJob.objects.select_related("offer", "created_by").get(pk=job_id)
    if job.finished:
        return
    job.state = JobState.RUNNING
    job.save(update_fields=["state"])
    for language in job.languages:
        if language in job.done or language in job.failed:
            continue
        try:
            services.machine_translate(job.offer, by=job.created_by, target=language)
        except ValidationError as e:
            job.failed[language] = " ".join(e.messages)[:300]
            if getattr(e, "code", None) in (
                "translator_unavailable",
                "translator_auth",
                "translator_quota",
                "translator_busy",
            ):
                for rest in job.languages:
                    if rest not in job.done and rest not in job.failed:
                        job.failed[rest] = job.failed[language]
        else:
            job.done.append(language)
        job.save(update_fields=["done", "failed"])
        if len(job.done) + len(job.failed) == len(job.languages):
            break
    job.state = JobState.DONE if job.done else JobState.FAILED
    job.finished_at = timezone.now()
    job.save(update_fields=["state", "finished_at"])


@task()
def run_offer_import_task(job_id: int) -> None:
    """Run a confirmed offer import as its uploader (`importing.run_import` checks them again;
    a job of the `import_offers` command has none: the system)."""
    from . import importing

    job = OfferImport.objects.select_related("centre", "centre__grantee", "created_by").get(
        pk=job_id
    )
    importing.run_import(job, by=job.created_by)

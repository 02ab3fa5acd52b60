"""The review checklist keeps, per item, whether it is done and why it is open.

Application.review_checklist was {code: true/false}; it becomes {code: {"done": bool, "note":
str}} (funding/checklist.py). Forward, every tick keeps its value with an empty explanation.
Backward, each item becomes its "done" again; an explanation would be lost, so it is added to
the review notes ("Erläuterung <code>: …") rather than dropped. Reversible.
"""

from django.db import migrations


def _bool(value):
    if isinstance(value, dict):
        return value.get("done") is True
    return value is True


def ticks_to_entries(apps, schema_editor):
    Application = apps.get_model("funding", "Application")
    changed = []
    for application in Application.objects.only("review_checklist").iterator():
        if not application.review_checklist:
            continue
        application.review_checklist = {
            code: value if isinstance(value, dict) else {"done": value is True, "note": ""}
            for code, value in (application.review_checklist or {}).items()
        }
        changed.append(application)
    Application.objects.bulk_update(changed, ["review_checklist"], batch_size=500)


def entries_to_ticks(apps, schema_editor):
    Application = apps.get_model("funding", "Application")
    changed = []
    for application in Application.objects.only("review_checklist", "review_notes").iterator():
        checklist = application.review_checklist
        if not checklist:
            continue
        notes = [
            f"Erläuterung {code}: {value['note'].strip()}"
            for code, value in checklist.items()
            if isinstance(value, dict) and str(value.get("note") or "").strip()
        ]
        if notes:
            application.review_notes = "\n".join(
                part for part in (application.review_notes.strip(), *notes) if part
            )
        application.review_checklist = {code: _bool(value) for code, value in checklist.items()}
        changed.append(application)
    Application.objects.bulk_update(
        changed, ["review_checklist", "review_notes"], batch_size=500
    )


class Migration(migrations.Migration):
    dependencies = [("funding", "0009_application_copied_from")]

    operations = [migrations.RunPython(ticks_to_entries, entries_to_ticks)]

"""The daily `flag_guide_reviews`: each KI hears once of each offer that became due for
review or hidden (inbox and mail), again only after a new state or a new review."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from teilhabe.accounts.models import Notification
from teilhabe.core.models import AuditEvent
from teilhabe.guide import services
from teilhabe.guide.models import Offer
from teilhabe.guide.reviews import flag_reviews

from . import factories as f


def aged(offer: Offer, days: int) -> Offer:
    Offer.objects.filter(pk=offer.pk).update(
        last_reviewed_on=timezone.localdate() - timedelta(days=days)
    )
    offer.refresh_from_db()
    return offer


def run(*args: str) -> str:
    out = StringIO()
    call_command("flag_guide_reviews", *args, stdout=out)
    return out.getvalue()


def test_it_tells_the_ki_once_per_offer_and_state(
    kai, anna, carla, bielefeld, dortmund, django_capture_on_commit_callbacks
) -> None:
    due = aged(f.published(bielefeld, kai), 200)
    f.published(bielefeld, kai)  # current: nothing to say
    aged(f.offer(bielefeld, kai), 400)  # a draft is not public: nothing to say
    with django_capture_on_commit_callbacks(execute=True):
        output = run()
    assert "1 due, 0 hidden, 2 recipients" in output
    notes = Notification.objects.filter(event="guide_review_due")
    assert {n.recipient for n in notes.all()} == {kai, anna}
    assert "Migrationsberatung für Erwachsene" in notes.first().text
    assert notes.first().path.endswith("?review=due")
    assert sorted(m.to[0] for m in mail.outbox) == sorted([kai.email, anna.email])
    due.refresh_from_db()
    assert due.review_notified == "due"
    assert (
        AuditEvent.objects.filter(action="offer.review_flagged", object_id=str(due.pk)).count() == 1
    )

    # A second run the same day (or any day while it stays due) says nothing.
    with django_capture_on_commit_callbacks(execute=True):
        run()
    assert notes.count() == 2 and len(mail.outbox) == 2

    # 200 days later: the first is hidden (told once more), the current one became due.
    later = (timezone.localdate() + timedelta(days=200)).isoformat()
    with django_capture_on_commit_callbacks(execute=True):
        output = run("--today", later)
    assert "1 due, 1 hidden" in output
    assert notes.count() == 4
    with django_capture_on_commit_callbacks(execute=True):
        run("--today", later)
    assert notes.count() == 4
    assert not Notification.objects.filter(recipient=carla).exists()


def test_a_new_review_lets_it_be_told_again(kai, bielefeld) -> None:
    offer = aged(f.published(bielefeld, kai), 200)
    flag_reviews()
    services.confirm_current(offer, by=kai)
    offer.refresh_from_db()
    assert offer.review_notified == ""
    later = timezone.localdate() + timedelta(days=180)
    assert [len(x.due) for x in flag_reviews(today=later)] == [1]


def test_a_dry_run_lists_and_stores_nothing(kai, bielefeld) -> None:
    offer = aged(f.published(bielefeld, kai), 200)
    events = AuditEvent.objects.count()
    output = run("--dry-run")
    assert "1 due" in output and "Would tell 1 KIs" in output
    offer.refresh_from_db()
    assert offer.review_notified == ""
    assert not Notification.objects.exists() and not mail.outbox
    assert AuditEvent.objects.count() == events


def test_a_run_that_finds_it_claimed_sends_nothing(kai, bielefeld, monkeypatch) -> None:
    """Two runs at once: between this run's read and its claim, the other run claims the
    offer; this one then tells nobody."""
    from teilhabe.guide import reviews

    offer = aged(f.published(bielefeld, kai), 200)
    real = reviews.review_state_of

    def other_run_claims_first(o: Offer, today: object = None) -> str:
        Offer.objects.filter(pk=o.pk).update(review_notified="due")
        return real(o, today)  # type: ignore[arg-type]

    monkeypatch.setattr(reviews, "review_state_of", other_run_claims_first)
    assert flag_reviews() == []
    assert not Notification.objects.exists()
    assert not AuditEvent.objects.filter(action="offer.review_flagged").exists()
    offer.refresh_from_db()
    assert offer.review_notified == "due"

"""The inbox: each reads only her own notifications, in her language; opening one marks it read;
the unread count in the navigation and on the start page costs one query; old ones are pruned."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from teilhabe.accounts import access, services
from teilhabe.accounts.models import Notification, User

pytestmark = pytest.mark.django_db

INBOX = reverse("accounts:notifications")


def _note(user: User, n: int = 1, **fields) -> Notification:  # type: ignore[no-untyped-def]
    return Notification.objects.create(
        recipient=user,
        event="review_started",
        subject=f"Prüfung begonnen {n}",
        text=f"Die Bewilligungsbehörde prüft Antrag {n}.",
        translations={"en": {"subject": f"Review started {n}", "text": f"Reviewing {n}."}},
        path=reverse("centres:list"),
        **fields,
    )


def _unread_counts(queries: CaptureQueriesContext) -> int:
    return sum(
        1
        for q in queries.captured_queries
        if "accounts_notification" in q["sql"]
        and "COUNT" in q["sql"].upper()
        and '"read_at" IS NULL' in q["sql"]
    )


def test_it_lists_her_own_newest_first_in_her_language(anna, kai, verified_client):
    old = _note(anna, 1, created_at=timezone.now() - timedelta(days=2))
    _note(anna, 2)
    _note(kai, 3)
    client = verified_client(anna)
    german = client.get(INBOX, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert german.index("Prüfung begonnen 2") < german.index("Prüfung begonnen 1")
    assert "Prüfung begonnen 3" not in german  # Kai's
    with translation.override("en"):
        english = client.get(INBOX, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Review started 1" in english and "Prüfung begonnen" not in english
    # Unread is said in words, not by a colour alone.
    assert english.count(">unread<") == 2
    assert reverse("accounts:notification_open", args=[old.pk]) in english


def test_nobody_opens_another_users_notification(anna, kai, verified_client):
    note = _note(anna)
    response = verified_client(kai).get(reverse("accounts:notification_open", args=[note.pk]))
    assert response.status_code == 404
    note.refresh_from_db()
    assert note.read_at is None


def test_opening_one_marks_it_read_once_and_goes_to_its_page(anna, verified_client):
    note = _note(anna)
    client = verified_client(anna)
    url = reverse("accounts:notification_open", args=[note.pk])
    response = client.get(url)
    assert response["Location"] == reverse("centres:list")
    note.refresh_from_db()
    first = note.read_at
    assert first is not None
    client.get(url)
    note.refresh_from_db()
    assert note.read_at == first  # idempotent
    assert client.post(url).status_code == 405


def test_it_never_redirects_off_the_platform(anna, verified_client):
    note = _note(anna)
    Notification.objects.filter(pk=note.pk).update(path="//evil.example/")
    response = verified_client(anna).get(reverse("accounts:notification_open", args=[note.pk]))
    assert response["Location"] == INBOX
    with pytest.raises(ValueError):
        services.record_notifications(
            [anna], event="x", path="https://evil.example/", texts={"de": ("a", "b")}
        )


def test_mark_all_read_touches_only_her_own(anna, kai, verified_client):
    _note(anna, 1)
    _note(anna, 2)
    theirs = _note(kai, 3)
    client = verified_client(anna)
    assert client.get(reverse("accounts:notifications_read")).status_code == 405
    response = client.post(reverse("accounts:notifications_read"), follow=True)
    assert response.redirect_chain[-1][0] == INBOX
    assert not Notification.objects.filter(recipient=anna).unread().exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_unread_count_is_in_the_navigation_and_on_the_start_page_for_one_query(
    anna, verified_client
):
    for n in range(3):
        _note(anna, n)
    client = verified_client(anna)
    client.get("/")  # warm the session
    with translation.override("en"), CaptureQueriesContext(connection) as queries:
        page = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'class="nav-badge">3<span class="kern-sr-only"> unread</span>' in page
    assert "3 unread notifications" in page  # the start page's task line
    assert _unread_counts(queries) == 1  # shared by the navigation and the start page
    services.mark_all_notifications_read(anna, by=anna)
    assert "nav-badge" not in client.get("/").content.decode()


def test_the_inbox_needs_the_same_queries_for_3_or_30(anna, verified_client):
    for n in range(3):
        _note(anna, n)
    client = verified_client(anna)
    client.get(INBOX)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(INBOX).status_code == 200
        assert _unread_counts(queries) == 1
        return len(queries)

    few = count()
    for n in range(27):
        _note(anna, n)
    assert count() == few
    # session, user, device, the unread count, the page's count and rows, the session save (3)
    assert few <= 9
    second = client.get(INBOX + "?page=2").content.decode()
    assert "Page 2 of 2" in second or "Seite 2 von 2" in second


def test_the_count_is_counted_again_after_marking_read(anna):
    note = _note(anna)
    assert access.unread_count(anna) == 1
    services.mark_notification_read(note, by=anna)
    assert access.unread_count(anna) == 0


def test_prune_deletes_what_is_older_than_a_year(anna):
    old = _note(anna, 1, created_at=timezone.now() - timedelta(days=366))
    recent = _note(anna, 2, created_at=timezone.now() - timedelta(days=300))
    out = io.StringIO()
    call_command("prune_notifications", "--dry-run", stdout=out)
    assert "Would delete 1 notifications." in out.getvalue()
    assert Notification.objects.filter(pk=old.pk).exists()
    call_command("prune_notifications", stdout=out)
    assert "Deleted 1 notifications." in out.getvalue()
    assert list(Notification.objects.values_list("pk", flat=True)) == [recent.pk]

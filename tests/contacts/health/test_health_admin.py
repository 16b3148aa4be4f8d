"""Health in the Django admin: snapshots to look up, never to edit; the influencer's health
fields shown but changed only through the app."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from contacts.models import HealthSnapshot
from contacts.services.health import health_backfill
from tests.contacts.api_client import make_influencer
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


@pytest.fixture
def admin_client(client, db):
    client.force_login(UserFactory(email="root@example.test", is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def snapshots(personas):
    people = [make_influencer(personas, name) for name in ("Zoë Saldaña", "Ana Bakes")]
    health_backfill(influencer_ids=[person.pk for person in people], days=2, now=NOW)
    return people


def test_snapshots_list_by_day_and_search_by_influencer_name(admin_client, snapshots):
    url = reverse("admin:contacts_healthsnapshot_changelist")

    listed = admin_client.get(url)
    found = admin_client.get(url, {"q": "zoë"})

    assert listed.status_code == 200
    assert listed.context["cl"].result_count == HealthSnapshot.objects.count() == 6
    assert found.context["cl"].result_count == 3
    assert {row.influencer.name for row in found.context["cl"].result_list} == {"Zoë Saldaña"}


def test_snapshots_filter_by_band(admin_client, snapshots):
    url = reverse("admin:contacts_healthsnapshot_changelist")

    new = admin_client.get(url, {"band__exact": "new"})
    at_risk = admin_client.get(url, {"band__exact": "at_risk"})

    assert new.context["cl"].result_count == 6
    assert at_risk.context["cl"].result_count == 0


def test_snapshots_cannot_be_added_changed_or_deleted_here(admin_client, snapshots):
    snapshot = HealthSnapshot.objects.first()
    change = reverse("admin:contacts_healthsnapshot_change", args=[snapshot.pk])

    assert admin_client.get(reverse("admin:contacts_healthsnapshot_add")).status_code == 403
    page = admin_client.get(change)
    assert page.status_code == 200
    assert not page.context["has_change_permission"]
    posted = admin_client.post(change, {"score": "99"})
    assert posted.status_code == 403
    deleted = admin_client.post(
        reverse("admin:contacts_healthsnapshot_delete", args=[snapshot.pk]), {"post": "yes"}
    )
    assert deleted.status_code == 403
    snapshot.refresh_from_db()
    assert snapshot.score != 99


def test_the_influencer_page_shows_health_read_only(admin_client, snapshots):
    zoe = snapshots[0]
    page = admin_client.get(reverse("admin:contacts_influencer_change", args=[zoe.pk]))

    assert page.status_code == 200
    form_fields = page.context["adminform"].form.fields
    for name in ("health_score", "health_band", "health_override_band", "health_override_until"):
        assert name not in form_fields
        assert name in page.context["adminform"].readonly_fields

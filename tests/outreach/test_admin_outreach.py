"""Django admin for outreach: every changelist loads and searches, pitches in a fixed number of
queries; a pitch's life and verdict are read-only, only a draft's words change."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from outreach.models import Pitch
from outreach.services.library import identity_save, template_create
from tests.factories import PitchFactory, UserFactory

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)
# The attachments inline's management form, with no rows.
NO_ATTACHMENTS = {
    "attachments-TOTAL_FORMS": "0",
    "attachments-INITIAL_FORMS": "0",
    "attachments-MIN_NUM_FORMS": "0",
    "attachments-MAX_NUM_FORMS": "1000",
}


@pytest.fixture
def admin_client(client, db):
    client.force_login(UserFactory(email="root@example.test", is_staff=True, is_superuser=True))
    return client


def draft(ana, author, **extra) -> Pitch:
    values = {"body": "Hi Ana, shoes?", "topics": [], **extra}
    return PitchFactory(influencer=ana, author=author, now=NOW, **values)


@pytest.fixture
def sent(personas, ana):
    return draft(ana, personas.member, sent=True)


@pytest.mark.parametrize(
    ("model", "term", "shown"),
    [
        ("pitch", "lavaredo", "Shoes for Lavaredo"),
        ("pitchtemplate", "launch", "Launch"),
        ("sendingidentity", "milo", "Milo from Acme"),
    ],
)
def test_each_changelist_loads_and_searches(admin_client, personas, ana, model, term, shown):
    draft(ana, personas.member)
    template_create(
        workspace=personas.workspace, actor=personas.member, name="Launch", subject="", body="Hi"
    )
    identity_save(workspace=personas.workspace, user=personas.member, from_name="Milo from Acme")
    url = reverse(f"admin:outreach_{model}_changelist")

    listing = admin_client.get(url)
    found = admin_client.get(url, {"q": term})
    missing = admin_client.get(url, {"q": "nothing-like-this"})

    assert listing.status_code == 200 and shown in listing.content.decode()
    assert shown in found.content.decode()
    assert shown not in missing.content.decode()


def test_the_attachments_changelist_loads(admin_client):
    response = admin_client.get(reverse("admin:outreach_pitchattachment_changelist"))

    assert response.status_code == 200


def test_the_pitch_list_costs_the_same_queries_for_3_and_30(admin_client, personas, ana):
    url = reverse("admin:outreach_pitch_changelist")

    def count_queries(total: int) -> int:
        while Pitch.objects.count() < total:
            draft(ana, personas.member)
        with CaptureQueriesContext(connection) as queries:
            response = admin_client.get(url)
        assert response.status_code == 200
        return len(queries)

    assert count_queries(3) == count_queries(30)


def test_a_sent_pitch_shows_its_verdict_and_cannot_be_changed(admin_client, personas, sent):
    url = reverse("admin:outreach_pitch_change", args=[sent.pk])

    page = admin_client.get(url)
    admin_client.post(url, {"subject": "Rewritten", "body": "Rewritten", **NO_ATTACHMENTS})

    html = page.content.decode()
    assert page.status_code == 200
    assert "Allowed, nothing to note." in html
    assert 'name="subject"' not in html and 'name="status"' not in html
    assert Pitch.objects.get(pk=sent.pk).subject == "Shoes for Lavaredo"


def test_a_blocked_verdict_shows_the_guards_sentences_escaped(admin_client, personas, ana):
    pitch = draft(ana, personas.member)
    Pitch.objects.filter(pk=pitch.pk).update(
        status="blocked",
        verdict={
            "allowed": False,
            "findings": [
                {
                    "rule": "cooldown",
                    "severity": "block",
                    "message": "<b>Ana</b> was contacted yesterday.",
                    "overridable": True,
                }
            ],
        },
    )

    html = admin_client.get(reverse("admin:outreach_pitch_change", args=[pitch.pk])).content
    html = html.decode()

    assert "&lt;b&gt;Ana&lt;/b&gt; was contacted yesterday." in html
    assert "a manager may override" in html


def test_a_drafts_words_change_but_its_person_does_not(admin_client, personas, ana):
    pitch = draft(ana, personas.member)
    url = reverse("admin:outreach_pitch_change", args=[pitch.pk])

    response = admin_client.post(
        url, {"subject": "Better", "body": "Hi Ana, better shoes?", **NO_ATTACHMENTS}
    )

    assert response.status_code == 302
    pitch.refresh_from_db()
    assert pitch.subject == "Better" and pitch.influencer == ana


def test_pitches_are_not_added_in_the_admin(admin_client):
    response = admin_client.get(reverse("admin:outreach_pitch_add"))

    assert response.status_code == 403

"""Archive and restore: a manager puts someone aside (hidden from lists, the dashboard's
facts, reminders and outreach), everything kept, and brings them back."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from contacts.models import Influencer
from contacts.services.erasure import influencer_archive, influencer_restore
from irm.models import AuditAction, AuditEvent
from outreach.guard import Rule
from outreach.selectors import pitch_verdict
from outreach.services import pitch_create
from tests.contacts.api_client import api_url, client_for, globex_influencer
from tests.factories import ProfileFactory

NOW = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)
HTMX = {"HX-Request": "true"}


@pytest.fixture
def ana(personas):
    return ProfileFactory(personas=personas, ana=True)


def archive_url(influencer, slug="acme"):
    return reverse("contacts:influencer-archive", args=[slug, influencer.public_id])


def restore_url(influencer, slug="acme"):
    return reverse("contacts:influencer-restore", args=[slug, influencer.public_id])


def list_url(**query):
    url = reverse("contacts:influencer-list", args=["acme"])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_a_manager_archives_and_they_leave_the_list_but_not_the_workspace(client, personas, ana):
    client.force_login(personas.manager)

    response = client.post(archive_url(ana))

    detail = reverse("contacts:influencer-detail", args=["acme", ana.public_id])
    assert response.status_code == 302 and response.url == detail
    ana.refresh_from_db()
    assert ana.archived_at is not None and ana.archived_by == personas.manager
    row = f"/influencers/{ana.public_id}/"
    assert row not in client.get(list_url()).content.decode()
    assert row in client.get(list_url(archived="yes")).content.decode()
    page = client.get(detail).content.decode()
    assert "archived-banner" in page and "Restore</button>" in page
    assert AuditEvent.objects.filter(action=AuditAction.INFLUENCER_ARCHIVED).count() == 1


def test_with_htmx_archiving_reloads_the_profile(client, personas, ana):
    client.force_login(personas.manager)

    response = client.post(archive_url(ana), headers=HTMX)

    assert response.status_code == 200
    assert response["HX-Redirect"].endswith(f"/influencers/{ana.public_id}/")


def test_restoring_brings_them_back(client, personas, ana):
    influencer_archive(influencer=ana, actor=personas.manager, now=NOW)
    client.force_login(personas.admin)

    response = client.post(restore_url(ana))

    assert response.status_code == 302
    assert f"/influencers/{ana.public_id}/" in client.get(list_url()).content.decode()
    assert Influencer.objects.get(pk=ana.pk).archived_at is None
    assert AuditEvent.objects.filter(action=AuditAction.INFLUENCER_RESTORED).count() == 1


def test_archiving_twice_records_it_once(personas, ana):
    influencer_archive(influencer=ana, actor=personas.manager, now=NOW)
    influencer_archive(influencer=ana, actor=personas.manager, now=NOW)
    influencer_restore(influencer=ana, actor=personas.manager, now=NOW)
    influencer_restore(influencer=ana, actor=personas.manager, now=NOW)

    actions = list(AuditEvent.objects.values_list("action", flat=True).order_by("id"))
    assert actions.count(AuditAction.INFLUENCER_ARCHIVED) == 1
    assert actions.count(AuditAction.INFLUENCER_RESTORED) == 1


def test_below_a_manager_nobody_archives(client, personas, ana):
    for role in ("viewer", "member"):
        client.force_login(getattr(personas, role))

        assert client.post(archive_url(ana)).status_code == 403
        assert client.post(restore_url(ana)).status_code == 403
    assert Influencer.objects.get(pk=ana.pk).archived_at is None


def test_another_workspaces_person_is_404(client, personas):
    theirs = globex_influencer(personas)
    client.force_login(personas.admin)

    assert client.post(archive_url(theirs)).status_code == 404
    assert Influencer.objects.get(pk=theirs.pk).archived_at is None


def test_the_guard_refuses_an_archived_person(personas, ana):
    pitch = pitch_create(
        influencer=ana, author=personas.member, channel="email", body="Hi Ana", topics=["Trail"]
    )
    influencer_archive(influencer=ana, actor=personas.manager, now=NOW)

    verdict = pitch_verdict(pitch=pitch, now=NOW)

    assert not verdict.allowed
    finding = next(f for f in verdict.findings if f.rule == Rule.ARCHIVED)
    assert finding.message == (
        "Ana Rocha is archived: restore their profile before contacting them."
    )
    assert not finding.overridable


def test_the_api_archives_filters_and_restores(personas, ana):
    client = client_for(personas.manager)
    url = api_url("influencer-archive", public_id=ana.public_id)

    archived = client.post(url)
    hidden = client.get(api_url("influencer-list")).json()["results"]
    shown = client.get(api_url("influencer-list") + "?archived=yes").json()["results"]
    restored = client.delete(url)

    assert archived.status_code == 200 and archived.json()["archived_at"] is not None
    assert [row["name"] for row in hidden] == []
    assert [row["name"] for row in shown] == ["Ana Rocha"]
    assert restored.status_code == 200 and restored.json()["archived_at"] is None
    assert client_for(personas.member).post(url).status_code == 403
    assert client_for(personas.viewer).delete(url).status_code == 403
    theirs = globex_influencer(personas)
    other = api_url("influencer-archive", public_id=theirs.public_id)
    assert client_for(personas.admin).post(other).status_code == 404

"""Erasure: the service, the confirmation page and the API (the proof that nothing is left is
tests/contacts/test_erasure_proof.py)."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contacts.models import (
    Direction,
    Influencer,
    InfluencerEmail,
    Interaction,
    InteractionKind,
    SocialAccount,
    Suppression,
)
from contacts.services.erasure import erasure_inventory, influencer_erase
from contacts.services.profiles import influencer_create
from contacts.services.timeline import interaction_record
from irm.errors import RuleError
from irm.models import AuditAction, AuditEvent, EmailStatus, OutboxEmail
from irm.outbox import ERASED_ADDRESS, email_queue
from tests.contacts.api_client import api_url, client_for, globex_influencer
from tests.factories import UserFactory

NOW = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)
HTMX = {"HX-Request": "true"}


@pytest.fixture
def zoe(personas):
    zoe = influencer_create(
        workspace=personas.workspace,
        actor=personas.member,
        name="Zoë Marlowe",
        emails=["zoe@marlowe.test", "press@marlowe.test"],
        accounts=[{"platform": "instagram", "handle": "zoe.marlowe"}],
        phone="+44 20 7946 0000",
        bio="Sea swimming.",
        now=NOW,
    )
    for summary in ("Met at the fair", "Called about the tour"):
        interaction_record(
            influencer=zoe,
            kind=InteractionKind.NOTE,
            direction=Direction.INTERNAL,
            summary=summary,
            body="Private notes",
            occurred_at=NOW,
            now=NOW,
        )
    return zoe


def erase_url(influencer, slug="acme"):
    return reverse("contacts:influencer-erase", args=[slug, influencer.public_id])


# --- the service -------------------------------------------------------------------------------


def test_it_empties_the_profile_and_removes_its_rows(personas, zoe):
    held = influencer_erase(
        workspace=personas.workspace, influencer=zoe, actor=personas.admin, now=NOW
    )

    assert [str(item) for item in held] == [
        "2 timeline entries",
        "2 email addresses",
        "1 social account",
    ]
    zoe.refresh_from_db()
    assert zoe.erased_at == NOW
    assert (zoe.name, zoe.bio, zoe.phone, zoe.search_vector) == ("Erased person", "", "", None)
    assert zoe.do_not_contact and zoe.do_not_contact_reason == "erased on 2026-11-18"
    assert not Interaction.objects.filter(influencer=zoe).exists()
    assert not InfluencerEmail.objects.filter(influencer=zoe).exists()
    assert not SocialAccount.objects.filter(influencer=zoe).exists()
    # Two addresses and one handle, as keyed digests only.
    digests = Suppression.objects.filter(workspace=personas.workspace)
    assert digests.count() == 3
    assert all(len(row.digest) == 64 and "marlowe" not in row.digest for row in digests)


def test_the_audit_event_keeps_ids_and_counts_never_the_name(personas, zoe):
    influencer_erase(workspace=personas.workspace, influencer=zoe, actor=personas.admin, now=NOW)

    event = AuditEvent.objects.get(action=AuditAction.INFLUENCER_ERASED)
    assert event.actor == personas.admin and event.target_id == str(zoe.public_id)
    assert event.data == {
        "removed": {"timeline entries": 2, "email addresses": 2, "social accounts": 1}
    }
    assert "Zoë" not in str(event.data) and "marlowe" not in str(event.data)


def test_an_email_still_waiting_in_the_outbox_is_never_sent(personas, zoe):
    email = email_queue(
        to="ZOE@marlowe.test",
        subject="Zoë, our tour",
        body="Hello Zoë",
        kind="pitch",
        workspace=personas.workspace,
        now=NOW,
    )
    other = email_queue(to="someone@else.test", subject="Hello", body="Hi", kind="pitch", now=NOW)

    influencer_erase(workspace=personas.workspace, influencer=zoe, actor=personas.admin, now=NOW)

    email.refresh_from_db()
    assert (email.to_address, email.subject, email.body_text) == (ERASED_ADDRESS, "(erased)", "")
    assert email.status == EmailStatus.FAILED
    assert email.last_error == "Not sent: the recipient was erased."
    other.refresh_from_db()
    assert other.status == EmailStatus.PENDING and other.subject == "Hello"


def test_erasing_twice_is_refused(personas, zoe):
    influencer_erase(workspace=personas.workspace, influencer=zoe, actor=personas.admin, now=NOW)

    with pytest.raises(RuleError, match="erased already"):
        influencer_erase(workspace=personas.workspace, influencer=zoe, actor=personas.admin)


def test_other_people_are_left_alone(personas, zoe):
    ben = influencer_create(
        workspace=personas.workspace, actor=personas.member, name="Ben", emails=["ben@x.test"]
    )

    influencer_erase(workspace=personas.workspace, influencer=zoe, actor=personas.admin, now=NOW)

    ben.refresh_from_db()
    assert ben.name == "Ben" and ben.erased_at is None and ben.emails.count() == 1


# --- the page ----------------------------------------------------------------------------------


def test_the_confirmation_names_what_will_go(client, personas, zoe):
    client.force_login(personas.admin)

    response = client.get(erase_url(zoe))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Erase Zoë Marlowe?" in page
    for words in ("2 timeline entries", "2 email addresses", "1 social account"):
        assert f"<li>{words}</li>" in page
    assert "I understand this cannot be undone" in page
    assert Influencer.objects.get(pk=zoe.pk).erased_at is None


def test_the_confirmation_takes_the_same_queries_whatever_they_hold(client, personas, zoe):
    client.force_login(personas.admin)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(erase_url(zoe)).status_code == 200
        return len(captured)

    few = queries()
    for day in range(8):
        interaction_record(
            influencer=zoe,
            kind=InteractionKind.NOTE,
            direction=Direction.INTERNAL,
            summary=f"Note {day}",
            now=NOW,
        )
        email_queue(
            to="zoe@marlowe.test",
            subject=f"Hi {day}",
            body="Hi",
            kind="pitch",
            workspace=zoe.workspace,
            now=NOW,
        )
    assert queries() == few


def test_without_the_box_ticked_nothing_is_erased(client, personas, zoe):
    client.force_login(personas.admin)

    response = client.post(erase_url(zoe), {})

    assert response.status_code == 400
    assert "Tick the box to confirm" in response.content.decode()
    assert "<html" in response.content.decode()
    assert Influencer.objects.get(pk=zoe.pk).erased_at is None


def test_with_htmx_the_form_comes_back_in_place(client, personas, zoe):
    client.force_login(personas.admin)

    response = client.post(erase_url(zoe), {}, headers=HTMX)

    assert response.status_code == 400
    page = response.content.decode()
    assert "<html" not in page and 'id="erase-form"' in page and "Tick the box" in page


def test_an_admin_erases_and_lands_on_the_list(client, personas, zoe):
    client.force_login(personas.admin)

    response = client.post(erase_url(zoe), {"confirm": "on"}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("contacts:influencer-list", args=["acme"])
    page = response.content.decode()
    assert "Erased: 2 timeline entries, 2 email addresses, 1 social account." in page
    assert "Zoë Marlowe" not in page
    assert Influencer.objects.get(pk=zoe.pk).erased_at is not None


def test_with_htmx_an_erasure_redirects_the_whole_page(client, personas, zoe):
    client.force_login(personas.admin)

    response = client.post(erase_url(zoe), {"confirm": "on"}, headers=HTMX)

    assert response.status_code == 200
    assert response["HX-Redirect"] == reverse("contacts:influencer-list", args=["acme"])


def test_only_an_admin_may_erase(client, personas, zoe):
    for role in ("viewer", "member", "manager"):
        client.force_login(getattr(personas, role))

        assert client.get(erase_url(zoe)).status_code == 403
        assert client.post(erase_url(zoe), {"confirm": "on"}).status_code == 403
    assert Influencer.objects.get(pk=zoe.pk).erased_at is None


def test_another_workspaces_person_is_404(client, personas):
    theirs = globex_influencer(personas)
    client.force_login(personas.admin)

    assert client.get(erase_url(theirs)).status_code == 404
    assert client.post(erase_url(theirs), {"confirm": "on"}).status_code == 404
    assert Influencer.objects.get(pk=theirs.pk).erased_at is None


def test_an_erased_profile_is_404(client, personas, zoe):
    influencer_erase(workspace=personas.workspace, influencer=zoe, actor=personas.admin, now=NOW)
    client.force_login(personas.admin)

    detail = reverse("contacts:influencer-detail", args=["acme", zoe.public_id])
    assert client.get(detail).status_code == 404
    assert client.get(erase_url(zoe)).status_code == 404


def test_the_profile_offers_erasure_to_admins_only(client, personas, zoe):
    detail = reverse("contacts:influencer-detail", args=["acme", zoe.public_id])
    client.force_login(personas.admin)
    assert erase_url(zoe) in client.get(detail).content.decode()
    client.force_login(personas.manager)
    page = client.get(detail).content.decode()
    assert erase_url(zoe) not in page and "Archive</button>" in page


# --- the API -----------------------------------------------------------------------------------


def test_the_api_says_what_would_go_then_erases(personas, zoe):
    client = client_for(personas.admin)
    url = api_url("influencer-erase", public_id=zoe.public_id)

    before = client.get(url)
    erased = client.post(url)

    assert before.status_code == 200
    assert before.json() == {
        "erased_at": None,
        "removed": ["2 timeline entries", "2 email addresses", "1 social account"],
    }
    assert erased.status_code == 200
    assert erased.json()["removed"] == before.json()["removed"]
    assert erased.json()["erased_at"] is not None
    assert client.get(url).status_code == 404


def test_the_api_refuses_a_manager_and_hides_other_workspaces(personas, zoe):
    url = api_url("influencer-erase", public_id=zoe.public_id)
    assert client_for(personas.manager).post(url).status_code == 403
    assert client_for(personas.viewer).get(url).status_code == 403
    theirs = globex_influencer(personas)
    assert (
        client_for(personas.admin)
        .post(api_url("influencer-erase", public_id=theirs.public_id))
        .status_code
        == 404
    )
    assert Influencer.objects.filter(erased_at__isnull=False).count() == 0


def test_the_inventory_counts_outreach_and_campaign_rows_through_their_erasers(personas, zoe):
    email_queue(to="zoe@marlowe.test", subject="Hi", body="Hi", kind="x", workspace=zoe.workspace)

    held = [str(item) for item in erasure_inventory(influencer=zoe)]

    assert "1 email in the outbox" in held
    assert OutboxEmail.objects.count() == 1


# --- Django admin ------------------------------------------------------------------------------


def test_the_django_admin_erases_instead_of_deleting(client, personas, zoe):
    root = UserFactory(email="root@example.test", is_staff=True, is_superuser=True)
    client.force_login(root)
    changelist = reverse("admin:contacts_influencer_changelist")

    assert client.get(reverse("admin:contacts_influencer_delete", args=[zoe.pk])).status_code == 403
    response = client.post(
        changelist, {"action": "erase_selected", "_selected_action": [zoe.pk]}, follow=True
    )

    assert "1 influencer(s) erased." in response.content.decode()
    zoe.refresh_from_db()
    assert zoe.erased_at is not None and zoe.name == "Erased person"
    assert AuditEvent.objects.get(action=AuditAction.INFLUENCER_ERASED).actor == root

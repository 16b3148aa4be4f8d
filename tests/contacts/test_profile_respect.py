"""Do-not-contact and the open-door ledger on the profile."""

import pytest
from django.urls import reverse

from contacts.models import ChannelPermission, Interaction, InteractionKind
from contacts.services.channels import do_not_contact_set
from contacts.services.profiles import influencer_create
from irm.models import AuditAction, AuditEvent

HTMX = {"HX-Request": "true"}


@pytest.fixture
def influencer(personas):
    return influencer_create(workspace=personas.workspace, actor=personas.admin, name="Ana Bakes")


def dnc_url(influencer):
    return reverse("contacts:influencer-do-not-contact", args=["acme", influencer.public_id])


def clear_url(influencer):
    return reverse("contacts:influencer-do-not-contact-clear", args=["acme", influencer.public_id])


def channel_url(influencer):
    return reverse("contacts:influencer-channel", args=["acme", influencer.public_id])


def test_a_member_stops_all_contact_with_a_reason(client, personas, influencer):
    client.force_login(personas.member)

    response = client.post(dnc_url(influencer), {"dnc-reason": "Asked us to stop"}, headers=HTMX)

    assert response.status_code == 200
    assert response["HX-Trigger"] == "profileChanged"
    page = response.content.decode()
    assert "dnc-banner" in page and "Asked us to stop" in page and "set by Member Person" in page
    assert "<html" not in page
    # The header's badge follows out of band.
    assert '<section id="identity"' in page and 'hx-swap-oob="true"' in page
    assert '<span class="dnc-badge">Do not contact</span>' in page
    influencer.refresh_from_db()
    assert influencer.do_not_contact and influencer.do_not_contact_by == personas.member
    assert Interaction.objects.filter(
        influencer=influencer, kind=InteractionKind.DO_NOT_CONTACT
    ).exists()
    assert AuditEvent.objects.filter(action=AuditAction.DO_NOT_CONTACT_SET).count() == 1


def test_without_javascript_it_redirects_to_the_banner(client, personas, influencer):
    client.force_login(personas.member)

    response = client.post(dnc_url(influencer), {"dnc-reason": "Asked us to stop"})

    assert response.status_code == 302
    assert response.url.endswith("#do-not-contact")


def test_the_reason_is_required(client, personas, influencer):
    client.force_login(personas.member)

    for headers in (HTMX, {}):
        response = client.post(dnc_url(influencer), {"dnc-reason": "  "}, headers=headers)

        assert response.status_code == 400
        assert "This field is required" in response.content.decode()
    influencer.refresh_from_db()
    assert not influencer.do_not_contact


def test_a_viewer_may_not_set_it(client, personas, influencer):
    client.force_login(personas.viewer)

    response = client.post(dnc_url(influencer), {"dnc-reason": "Because"}, headers=HTMX)

    assert response.status_code == 403
    influencer.refresh_from_db()
    assert not influencer.do_not_contact


@pytest.mark.parametrize("role", ["viewer", "member", "manager"])
def test_only_an_admin_clears_it(client, personas, influencer, role):
    do_not_contact_set(influencer=influencer, reason="Asked us to stop", actor=personas.member)
    client.force_login(getattr(personas, role))

    response = client.post(clear_url(influencer), headers=HTMX)

    assert response.status_code == 403
    influencer.refresh_from_db()
    assert influencer.do_not_contact


def test_an_admin_clears_it(client, personas, influencer):
    do_not_contact_set(influencer=influencer, reason="Asked us to stop", actor=personas.member)
    client.force_login(personas.admin)

    response = client.post(clear_url(influencer), headers=HTMX)

    assert response.status_code == 200
    assert "Do-not-contact cleared" in response.content.decode()
    influencer.refresh_from_db()
    assert not influencer.do_not_contact
    assert AuditEvent.objects.filter(action=AuditAction.DO_NOT_CONTACT_CLEARED).count() == 1
    # Without htmx it goes back to the profile.
    do_not_contact_set(influencer=influencer, reason="Again", actor=personas.member)
    assert client.post(clear_url(influencer)).status_code == 302


def test_an_outsider_gets_404(client, personas, influencer):
    client.force_login(personas.outsider)

    assert client.post(dnc_url(influencer), {"dnc-reason": "x"}).status_code == 404
    assert client.post(clear_url(influencer)).status_code == 404
    assert client.post(channel_url(influencer), {}).status_code == 404


def test_a_member_records_an_open_channel_with_evidence(client, personas, influencer):
    client.force_login(personas.member)

    response = client.post(
        channel_url(influencer),
        {
            "channel-channel": "email",
            "channel-is_open": "open",
            "channel-evidence": "Business email on their profile",
            "channel-since": "2026-01-05",
        },
        headers=HTMX,
    )

    assert response.status_code == 200
    assert response["HX-Trigger"] == "profileChanged"
    page = response.content.decode()
    assert "Email recorded as open." in page
    assert "Business email on their profile" in page and "5 Jan 2026" in page
    permission = ChannelPermission.objects.get(influencer=influencer)
    assert permission.is_open and permission.recorded_by == personas.member
    assert permission.since.date().isoformat() == "2026-01-05"


def test_a_channel_can_be_closed(client, personas, influencer):
    client.force_login(personas.member)
    data = {"channel-channel": "whatsapp", "channel-evidence": "Prefers email"}

    response = client.post(channel_url(influencer), {**data, "channel-is_open": "closed"})

    assert response.status_code == 302
    assert response.url.endswith("#channels")
    assert not ChannelPermission.objects.get(influencer=influencer).is_open


def test_evidence_is_required_and_the_input_stays(client, personas, influencer):
    client.force_login(personas.member)

    response = client.post(
        channel_url(influencer),
        {"channel-channel": "phone", "channel-is_open": "open", "channel-evidence": ""},
        headers=HTMX,
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "This field is required" in page
    assert '<option value="phone" selected>' in page
    assert not ChannelPermission.objects.exists()


def test_a_viewer_may_not_record_a_channel(client, personas, influencer):
    client.force_login(personas.viewer)

    response = client.post(
        channel_url(influencer),
        {"channel-channel": "email", "channel-is_open": "open", "channel-evidence": "x"},
    )

    assert response.status_code == 403
    assert not ChannelPermission.objects.exists()

"""The privacy notice: a draft that says what is held (counted), why, since when and how to
object; sent like any pitch, through the contact guard; sending it is recorded on the profile."""

from datetime import timedelta

import pytest
from django.urls import reverse

from contacts.models import Direction, InteractionKind
from contacts.services import do_not_contact_set, interaction_record
from irm.errors import RuleError
from outreach.models import Pitch, PitchStatus
from outreach.privacy import privacy_notice_prepare
from outreach.services.sending import pitch_send
from tests.contacts.api_client import globex_influencer
from tests.factories import ProfileFactory
from tests.outreach.views_support import HX, NOW

pytestmark = pytest.mark.django_db


def ana(personas):
    influencer = ProfileFactory(personas=personas, trail_runner=True, name="Ana Rocha")
    interaction_record(
        influencer=influencer,
        kind=InteractionKind.CALL,
        direction=Direction.OUTBOUND,
        summary="First call",
        occurred_at=NOW - timedelta(days=800),
        now=NOW,
    )
    return influencer


def notice_url(influencer, slug="acme"):
    return reverse("outreach:privacy-notice", args=[slug, influencer.public_id])


def test_the_notice_says_what_is_held_why_since_when_and_how_to_object(personas):
    personas.workspace.privacy_purpose = "To invite you to our clients' campaigns."
    personas.workspace.save()
    influencer = ana(personas)

    draft = privacy_notice_prepare(influencer=influencer, author=personas.member, now=NOW)

    assert (draft.status, draft.channel, draft.is_privacy_notice) == ("draft", "email", True)
    assert draft.subject == "What Acme PR holds about you"
    assert draft.body.startswith("Hello Ana,")
    assert "- profile: 1\n- email addresses: 1\n" in draft.body
    # The call and the channel opened.
    assert "- timeline entries: 2\n" in draft.body
    assert "- consents and open channels: 1\n" in draft.body
    assert "Why: To invite you to our clients' campaigns." in draft.body
    # The first record is the call logged after the fact, 800 days ago (in Paris time).
    assert "our first record about you is from 9 September 2024." in draft.body
    assert "How to object: reply to this email" in draft.body
    assert draft.body.rstrip().endswith("Member Person")


def test_preparing_it_again_updates_the_same_draft(personas):
    influencer = ana(personas)
    first = privacy_notice_prepare(influencer=influencer, author=personas.member, now=NOW)
    interaction_record(
        influencer=influencer,
        kind=InteractionKind.NOTE,
        direction=Direction.INTERNAL,
        summary="Noted",
        now=NOW,
    )

    again = privacy_notice_prepare(influencer=influencer, author=personas.member, now=NOW)

    assert again.pk == first.pk
    assert "- timeline entries: 3\n" in again.body
    assert Pitch.objects.filter(is_privacy_notice=True).count() == 1


def test_sending_it_goes_through_the_guard_and_is_recorded(personas):
    influencer = ana(personas)
    draft = privacy_notice_prepare(influencer=influencer, author=personas.member, now=NOW)

    sent = pitch_send(pitch=draft, actor=personas.member, actor_role="member", now=NOW)

    assert sent.status == PitchStatus.SENT and sent.outbox_email is not None
    influencer.refresh_from_db()
    assert influencer.privacy_notice_sent_at == NOW
    entry = influencer.interactions.get(kind=InteractionKind.PITCH)
    assert entry.summary == "What Acme PR holds about you"


def test_the_guard_stops_it_like_any_pitch(personas):
    influencer = ana(personas)
    do_not_contact_set(influencer=influencer, reason="Asked us to stop", actor=personas.member)
    draft = privacy_notice_prepare(influencer=influencer, author=personas.member, now=NOW)

    with pytest.raises(RuleError):
        pitch_send(pitch=draft, actor=personas.manager, actor_role="manager", now=NOW)

    influencer.refresh_from_db()
    assert influencer.privacy_notice_sent_at is None


# --- the profile's button --------------------------------------------------------------------


@pytest.mark.parametrize("htmx", [False, True])
def test_a_member_prepares_it_from_the_profile_and_lands_in_the_composer(client, personas, htmx):
    influencer = ana(personas)
    client.force_login(personas.member)

    response = client.post(notice_url(influencer), **(HX if htmx else {}))

    draft = Pitch.objects.get(is_privacy_notice=True)
    composer = reverse("outreach:pitch-edit", args=["acme", draft.public_id])
    if htmx:
        assert response.status_code == 200 and response["HX-Redirect"] == composer
    else:
        assert response.status_code == 302 and response.url == composer
    assert client.get(composer).status_code == 200


def test_the_profile_says_when_it_was_sent(client, personas):
    influencer = ana(personas)
    profile = reverse("contacts:influencer-detail", args=["acme", influencer.public_id])
    client.force_login(personas.member)
    assert "No privacy notice sent yet." in client.get(profile).content.decode()
    draft = privacy_notice_prepare(influencer=influencer, author=personas.member, now=NOW)
    pitch_send(pitch=draft, actor=personas.member, actor_role="member", now=NOW)

    page = client.get(profile).content.decode()

    assert "Privacy notice sent" in page and "18 Nov 2026" in page
    assert "Prepare the privacy notice" in page


def test_a_viewer_may_not_prepare_it(client, personas):
    influencer = ana(personas)
    client.force_login(personas.viewer)
    profile = reverse("contacts:influencer-detail", args=["acme", influencer.public_id])

    assert client.post(notice_url(influencer)).status_code == 403
    assert "Prepare the privacy notice" not in client.get(profile).content.decode()
    assert not Pitch.objects.exists()


def test_outsiders_and_other_workspaces_people_get_404(client, personas):
    influencer = ana(personas)
    gloria = globex_influencer(personas)

    client.force_login(personas.outsider)
    assert client.post(notice_url(influencer)).status_code == 404
    client.force_login(personas.member)
    assert client.post(notice_url(gloria)).status_code == 404
    assert not Pitch.objects.exists()

"""The composer: open channels only, a live verdict, save, send, schedule, override."""

from datetime import timedelta

import pytest
import time_machine

from contacts.models import Channel, Interaction, InteractionKind
from contacts.services import channel_permission_set
from irm.models import AuditAction, AuditEvent, OutboxEmail
from outreach.models import Pitch, PitchStatus
from outreach.services.library import identity_save, template_create
from tests.outreach.views_support import BODY, HX, NOW, draft, frozen, sent, url  # noqa: F401

pytestmark = pytest.mark.usefixtures("frozen")


def compose(client, influencer, **data):
    values = {
        "influencer": str(influencer.public_id),
        "channel": "email",
        "topics": "Trail running",
        "subject": "Shoes for Lavaredo",
        "body": BODY,
        "action": "send",
    }
    values.update(data)
    return client.post(url("pitch-new"), values)


def test_it_offers_only_open_channels_and_says_why_the_others_are_not(client, personas, ana):
    channel_permission_set(
        influencer=ana,
        channel=Channel.INSTAGRAM_DM,
        is_open=False,
        evidence="She asked brands to stop sliding into her DMs",
        actor=personas.member,
    )
    client.force_login(personas.member)

    response = client.get(url("pitch-new") + f"?influencer={ana.public_id}")

    assert response.status_code == 200
    page = response.content.decode()
    assert '<option value="email" selected>Email</option>' in page
    assert '<option value="instagram_dm"' not in page
    assert "Instagram DM: closed" in page and "stop sliding into her DMs" in page
    assert "Clear to send" in page
    assert "It is Wed 18 Nov, 10:00 for them (UTC)" in page  # the viewer is in Paris


def test_the_composer_answers_htmx_with_its_region(client, personas, ana):
    client.force_login(personas.member)

    response = client.get(url("pitch-new") + f"?influencer={ana.public_id}", **HX)

    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="composer"' in page and "<html" not in page


def test_without_an_influencer_it_offers_a_picker(client, personas, ana):
    client.force_login(personas.member)

    response = client.get(url("pitch-new") + "?q=ana")

    assert response.status_code == 200
    assert f"?influencer={ana.public_id}" in response.content.decode()
    partial = client.get(url("pitch-new") + "?q=ana", **HX)
    assert 'id="pick-results"' in partial.content.decode()
    assert "<html" not in partial.content.decode()


def test_the_live_check_shows_the_verdict_without_saving(client, personas, ana):
    sent(ana, personas.member, now=NOW - timedelta(days=2))
    client.force_login(personas.member)
    data = {"influencer": str(ana.public_id), "channel": "email", "body": "Hello {first_name}"}

    response = client.post(url("pitch-check"), data, **HX)

    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="composer-live"' in page and "<html" not in page
    assert "the cooldown is 7 days" in page
    assert "A manager may override this with a reason" in page
    assert "Hello Ana" in page  # the preview fills merge fields
    assert Pitch.objects.count() == 1


def test_the_check_without_javascript_draws_the_whole_page(client, personas, ana):
    client.force_login(personas.member)
    data = {"influencer": str(ana.public_id), "channel": "phone", "body": "Hi"}

    response = client.post(url("pitch-check"), data)

    assert response.status_code == 200
    page = response.content.decode()
    assert "<html" in page and "has not opened Phone to us" in page


def test_saving_a_draft_fills_merge_fields_and_opens_it_for_editing(client, personas, ana):
    client.force_login(personas.member)

    response = compose(client, ana, action="save", body="Hi {first_name}, from {my_name}")

    pitch = Pitch.objects.get()
    assert response.status_code == 302 and response.url == url("pitch-edit", pitch.public_id)
    assert pitch.status == PitchStatus.DRAFT
    assert pitch.body == "Hi Ana, from Member Person"
    assert [t.name for t in pitch.topics.all()] == ["Trail running"]
    edit = client.get(response.url)
    assert edit.status_code == 200 and "Hi Ana, from Member Person" in edit.content.decode()


def test_an_unknown_merge_field_is_refused_with_its_name(client, personas, ana):
    client.force_login(personas.member)

    response = compose(client, ana, action="save", body="Hi {firstname}")

    assert response.status_code == 400
    assert "{firstname} is not a merge field" in response.content.decode()


def test_sending_an_email_pitch_puts_it_in_the_outbox_and_on_the_timeline(client, personas, ana):
    identity_save(
        workspace=personas.workspace, user=personas.member, from_name="Mia", signature="Mia, Acme"
    )
    client.force_login(personas.member)

    response = compose(client, ana)

    pitch = Pitch.objects.get()
    assert response.status_code == 302 and response.url == url("pitch-detail", pitch.public_id)
    assert pitch.status == PitchStatus.SENT
    email = OutboxEmail.objects.get(kind="pitch")
    assert email.to_address == "ana@trails.example" and "Mia, Acme" in email.body_text
    assert email.from_address.startswith("Mia via Acme PR")
    assert Interaction.objects.get(kind=InteractionKind.PITCH).source == pitch
    detail = client.get(response.url).content.decode()
    assert "Sent to Ana Rocha" in detail and "Queued" in detail


def test_an_htmx_send_answers_with_a_client_redirect(client, personas, ana):
    client.force_login(personas.member)

    response = client.post(
        url("pitch-new"),
        {"influencer": str(ana.public_id), "channel": "email", "body": BODY, "action": "send"},
        **HX,
    )

    assert response.status_code == 200
    assert response["HX-Redirect"] == url("pitch-detail", Pitch.objects.get().public_id)


def test_a_closed_channel_is_refused_with_why_and_the_draft_is_kept(client, personas, ana):
    channel_permission_set(
        influencer=ana,
        channel=Channel.INSTAGRAM_DM,
        is_open=False,
        evidence="She prefers email",
        actor=personas.member,
    )
    client.force_login(personas.member)

    response = compose(client, ana, channel="instagram_dm")

    assert response.status_code == 400
    page = response.content.decode()
    assert "Ana Rocha closed Instagram DM" in page and "She prefers email" in page
    pitch = Pitch.objects.get()
    assert pitch.status == PitchStatus.DRAFT
    assert url("pitch-edit", pitch.public_id) in page  # the form now saves that draft
    assert not Interaction.objects.filter(kind=InteractionKind.PITCH).exists()


def test_a_member_inside_the_cooldown_is_refused_and_told_a_manager_may_override(
    client, personas, ana
):
    sent(ana, personas.member, now=NOW - timedelta(days=2))
    client.force_login(personas.member)

    response = compose(client, ana, body="A note written for Ana alone, about her new race.")

    assert response.status_code == 400
    page = response.content.decode()
    assert "the cooldown is 7 days" in page
    assert "A manager may override this with a reason" in page
    assert "Override and send" not in page


def test_a_manager_overrides_the_cooldown_with_a_reason(client, personas, ana):
    sent(ana, personas.member, now=NOW - timedelta(days=2))
    pitch = draft(ana, personas.member, body="The sizes she asked for, as promised.")
    client.force_login(personas.manager)
    edit = client.get(url("pitch-edit", pitch.public_id)).content.decode()
    assert "Override and send" in edit and "As a manager you may override" in edit
    data = {"channel": "email", "body": pitch.body, "subject": "Sizes", "action": "override"}

    refused = client.post(url("pitch-edit", pitch.public_id), data)
    assert refused.status_code == 400
    assert "Give the reason for overriding" in refused.content.decode()

    data["override_reason"] = "She asked for the sizes today"
    response = client.post(url("pitch-edit", pitch.public_id), data)

    assert response.status_code == 302
    pitch.refresh_from_db()
    assert pitch.status == PitchStatus.SENT and pitch.overridden_by == personas.manager
    assert pitch.override_reason == "She asked for the sizes today"
    assert AuditEvent.objects.filter(action=AuditAction.CONTACT_RULE_OVERRIDDEN).exists()
    detail = client.get(response.url).content.decode()
    assert "She asked for the sizes today" in detail


def test_a_held_pitch_shows_when_it_will_go(client, personas, ana):
    client.force_login(personas.member)

    with time_machine.travel(NOW.replace(hour=22), tick=False):
        response = compose(client, ana)
        page = client.get(response.url).content.decode()

    assert Pitch.objects.get().status == PitchStatus.HELD
    assert "quiet hours for Ana Rocha" in page
    assert "It will go Thu 19 Nov at 08:00 their time" in page


def test_scheduling_reads_the_moment_in_the_viewers_time_zone(client, personas, ana):
    client.force_login(personas.member)  # Europe/Paris: 13:30 there is 12:30 UTC

    response = compose(client, ana, action="schedule", send_at="2026-11-19T13:30")

    pitch = Pitch.objects.get()
    assert response.status_code == 302
    assert pitch.status == PitchStatus.SCHEDULED
    assert pitch.send_at == NOW.replace(day=19, hour=12, minute=30)
    past = compose(client, ana, action="schedule", send_at="2026-11-17T13:30")
    assert past.status_code == 400 and "Choose a moment in the future" in past.content.decode()


def test_a_dm_is_marked_sent_by_the_person_who_sent_it(client, personas, ana):
    channel_permission_set(
        influencer=ana,
        channel=Channel.INSTAGRAM_DM,
        is_open=True,
        evidence="Her bio says DMs open for collabs",
        actor=personas.member,
    )
    client.force_login(personas.member)
    page = client.get(url("pitch-new") + f"?influencer={ana.public_id}&channel=instagram_dm")
    assert "Mark as sent" in page.content.decode()

    response = compose(client, ana, channel="instagram_dm", subject="")

    assert response.status_code == 302
    assert Pitch.objects.get().status == PitchStatus.SENT
    assert not OutboxEmail.objects.filter(kind="pitch").exists()


def test_a_template_fills_the_fields_for_this_person(client, personas, ana):
    template = template_create(
        workspace=personas.workspace,
        actor=personas.member,
        name="Shoes",
        subject="Shoes for {first_name}",
        body="Hi {first_name}, this is {my_name}.",
        topics=["Gear"],
    )
    client.force_login(personas.member)
    address = url("pitch-new") + f"?influencer={ana.public_id}&template={template.public_id}"

    response = client.get(address, HTTP_HX_TARGET="composer-fields", **HX)

    page = response.content.decode()
    assert 'id="composer-fields"' in page and 'id="composer-live"' not in page
    assert "Shoes for Ana" in page and "Hi Ana, this is Member Person." in page
    assert 'value="Gear"' in page
    assert response["HX-Trigger-After-Settle"] == "templateApplied"


def test_someone_elses_draft_is_theirs_to_edit(client, personas, ana):
    pitch = draft(ana, personas.admin)
    client.force_login(personas.member)

    assert client.get(url("pitch-edit", pitch.public_id)).status_code == 403
    assert client.post(url("pitch-edit", pitch.public_id), {}).status_code == 403
    assert client.post(url("pitch-check"), {"pitch": str(pitch.public_id)}).status_code == 403


def test_a_viewer_cannot_compose_or_send(client, personas, ana):
    client.force_login(personas.viewer)

    assert client.get(url("pitch-new") + f"?influencer={ana.public_id}").status_code == 403
    assert compose(client, ana).status_code == 403
    assert not Pitch.objects.exists()


def test_an_outsider_finds_nothing(client, personas, ana):
    pitch = draft(ana, personas.member)
    client.force_login(personas.outsider)

    assert client.get(url("pitch-edit", pitch.public_id)).status_code == 404
    assert compose(client, ana).status_code == 404
    # Their own workspace does not know this influencer or this pitch either.
    other = url("pitch-new", workspace="globex") + f"?influencer={ana.public_id}"
    assert client.get(other).status_code == 404
    assert client.get(url("pitch-edit", pitch.public_id, workspace="globex")).status_code == 404


def test_a_sent_pitch_is_no_longer_edited(client, personas, ana):
    pitch = sent(ana, personas.member)
    client.force_login(personas.member)

    response = client.get(url("pitch-edit", pitch.public_id))

    assert response.status_code == 302 and response.url == url("pitch-detail", pitch.public_id)

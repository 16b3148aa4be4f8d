"""Two people editing the same draft (its author and a manager): the second save shows both
versions side by side, and nothing is overwritten or sent until it is saved again on purpose."""

import pytest

from irm.models import OutboxEmail
from irm.versions import CONFLICT_MESSAGE
from outreach.models import Pitch, PitchStatus
from outreach.services.drafts import pitch_draft_save
from tests.outreach.views_support import BODY, HX, NOW, draft, frozen, sent, url  # noqa: F401

pytestmark = pytest.mark.usefixtures("frozen")


def edited(pitch, version, **changes):
    values = {
        "influencer": str(pitch.influencer.public_id),
        "pitch": str(pitch.public_id),
        "channel": "email",
        "topics": "Trail running",
        "subject": "Shoes for Lavaredo",
        "body": BODY,
        "template": "",
        "action": "save",
        "version": str(version),
    }
    values.update(changes)
    return values


def manager_saves(pitch, personas, **changes):
    values = {"channel": "email", "subject": "Shoes for Lavaredo", "body": BODY}
    values.update(changes)
    return pitch_draft_save(
        influencer=pitch.influencer,
        author=personas.member,
        pitch=pitch,
        topics=["Trail running"],
        version=pitch.version,
        now=NOW,
        **values,
    )


def test_the_composer_carries_the_drafts_version(client, personas, ana):
    pitch = draft(ana, personas.member)
    client.force_login(personas.member)

    page = client.get(url("pitch-edit", pitch.public_id)).content.decode()

    assert '<input type="hidden" name="version" value="1"' in page


@pytest.mark.parametrize("headers", [HX, {}], ids=["htmx", "plain"])
def test_the_second_editor_sees_both_versions_and_nothing_is_overwritten(
    client, personas, ana, headers
):
    pitch = draft(ana, personas.member)
    manager_saves(pitch, personas, body="Hi Ana, shorter and kinder.")
    client.force_login(personas.member)

    response = client.post(
        url("pitch-edit", pitch.public_id),
        edited(pitch, 1, subject="Lavaredo shoes"),
        **headers,
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert ("<html" in page) is (headers == {})
    assert CONFLICT_MESSAGE.split(".")[0] in page
    table = page.split('<table class="version-conflict">')[1].split("</table>")[0]
    assert '<th scope="row">Subject</th><td>Shoes for Lavaredo</td><td>Lavaredo shoes</td>' in table
    assert f'<th scope="row">Message</th><td>Hi Ana, shorter and kinder.</td><td>{BODY}</td>' in (
        table.replace("&#x27;", "'")
    )
    assert "Topics" not in table and "Channel" not in table
    assert 'value="Lavaredo shoes"' in page
    assert '<input type="hidden" name="version" value="2"' in page
    pitch.refresh_from_db()
    assert (pitch.subject, pitch.body, pitch.version) == (
        "Shoes for Lavaredo",
        "Hi Ana, shorter and kinder.",
        2,
    )


def test_a_stale_send_sends_nothing(client, personas, ana):
    pitch = draft(ana, personas.member)
    manager_saves(pitch, personas, body="Hi Ana, shorter and kinder.")
    client.force_login(personas.member)

    response = client.post(url("pitch-edit", pitch.public_id), edited(pitch, 1, action="send"))

    assert response.status_code == 400
    assert Pitch.objects.get(pk=pitch.pk).status == PitchStatus.DRAFT
    assert not OutboxEmail.objects.exists()


def test_saving_again_after_the_conflict_keeps_the_second_version(client, personas, ana):
    pitch = draft(ana, personas.member)
    manager_saves(pitch, personas, body="Hi Ana, shorter and kinder.")
    client.force_login(personas.member)
    assert client.post(url("pitch-edit", pitch.public_id), edited(pitch, 1)).status_code == 400

    response = client.post(url("pitch-edit", pitch.public_id), edited(pitch, 2))

    assert response.status_code == 302
    pitch.refresh_from_db()
    assert (pitch.body, pitch.version) == (BODY, 3)


def test_a_viewer_and_an_outsider_cannot_save_a_current_version(client, personas, ana):
    pitch = draft(ana, personas.member)
    for person, code in ((personas.viewer, 403), (personas.outsider, 404)):
        client.force_login(person)
        for headers in (HX, {}):
            response = client.post(
                url("pitch-edit", pitch.public_id), edited(pitch, 1, body="x"), **headers
            )
            assert response.status_code == code
    assert Pitch.objects.get(pk=pitch.pk).version == 1


def test_a_refusal_after_the_draft_is_saved_carries_the_new_version(client, personas, ana):
    sent(ana, personas.member)
    pitch = draft(ana, personas.member, subject="Again")
    client.force_login(personas.member)

    # Inside the cooldown: the draft is saved, then the send is refused.
    refused = client.post(
        url("pitch-edit", pitch.public_id),
        edited(pitch, 1, action="send", subject="Again", body="Kinder words"),
    )

    assert refused.status_code == 400
    page = refused.content.decode()
    assert "cooldown" in page
    assert '<input type="hidden" name="version" value="2"' in page
    assert Pitch.objects.get(pk=pitch.pk).body == "Kinder words"
    again = client.post(
        url("pitch-edit", pitch.public_id), edited(pitch, 2, subject="Again", body="Kinder")
    )
    assert again.status_code == 302

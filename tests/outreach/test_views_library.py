"""Templates (with merge-field help and a live preview) and each person's sending identity."""

import pytest

from outreach.models import PitchTemplate, SendingIdentity
from outreach.services.library import identity_save, template_archive, template_create
from tests.outreach.views_support import HX, frozen, url  # noqa: F401

pytestmark = pytest.mark.usefixtures("frozen")
TEMPLATE = {
    "name": "Trail shoes",
    "subject": "Shoes for {first_name}",
    "body": "Hi {first_name}, I am {my_name} and I loved your last race report.",
    "topics": "Trail running, Gear",
}


def make_template(personas, author, name="Trail shoes"):
    return template_create(
        workspace=personas.workspace,
        actor=author,
        name=name,
        subject="Shoes for {first_name}",
        body="Hi {first_name}, ...",
        topics=["Gear"],
    )


def test_the_list_shows_templates_in_use_and_archived(client, personas):
    make_template(personas, personas.member)
    old = make_template(personas, personas.member, name="Old one")
    template_archive(template=old, archived=True)
    client.force_login(personas.viewer)

    in_use = client.get(url("templates")).content.decode()
    archived = client.get(url("templates") + "?archived=1").content.decode()
    partial = client.get(url("templates"), **HX).content.decode()

    assert "Trail shoes" in in_use and "Old one" not in in_use
    assert "Old one" in archived and "Trail shoes" not in archived
    assert 'id="template-list"' in partial and "<html" not in partial
    assert "New template" not in in_use and "Archive <span" not in in_use  # viewers read


def test_a_member_creates_a_template(client, personas):
    client.force_login(personas.member)
    assert client.get(url("template-new")).status_code == 200

    response = client.post(url("template-new"), TEMPLATE)

    assert response.status_code == 302
    template = PitchTemplate.objects.get()
    assert template.created_by == personas.member and template.subject == "Shoes for {first_name}"
    assert sorted(t.name for t in template.topics.all()) == ["Gear", "Trail running"]


def test_a_template_with_an_unknown_merge_field_or_a_taken_name_is_refused(client, personas):
    make_template(personas, personas.member)
    client.force_login(personas.member)

    taken = client.post(url("template-new"), {**TEMPLATE, "name": "trail SHOES"})
    unknown = client.post(url("template-new"), {**TEMPLATE, "name": "New", "body": "Hi {nom}"})
    htmx = client.post(url("template-new"), {**TEMPLATE, "name": ""}, **HX)

    assert taken.status_code == 400 and "exists already" in taken.content.decode()
    assert unknown.status_code == 400 and "{nom} is not a merge field" in unknown.content.decode()
    assert htmx.status_code == 400 and 'id="template-form"' in htmx.content.decode()
    assert "<html" not in htmx.content.decode()


def test_the_preview_fills_merge_fields_for_an_example_person(client, personas):
    identity_save(workspace=personas.workspace, user=personas.member, from_name="Mia from Acme")
    client.force_login(personas.member)

    response = client.post(url("template-preview"), TEMPLATE, **HX)

    page = response.content.decode()
    assert response.status_code == 200 and 'id="template-preview"' in page
    assert "Shoes for Ana" in page and "I am Mia from Acme" in page
    full = client.post(url("template-preview"), TEMPLATE)
    assert full.status_code == 200 and "<html" in full.content.decode()


def test_the_author_or_a_manager_edits_and_archives(client, personas):
    template = make_template(personas, personas.admin)
    edit, archive = (
        url("template-edit", template.public_id),
        url("template-archive", template.public_id),
    )
    client.force_login(personas.member)
    read_only = client.get(edit).content.decode()
    assert "Only its author or a manager can change this template" in read_only
    assert client.post(edit, TEMPLATE).status_code == 403
    assert client.post(archive).status_code == 403

    client.force_login(personas.manager)
    assert client.post(edit, {**TEMPLATE, "name": "Renamed"}).status_code == 302
    response = client.post(archive, **HX)

    template.refresh_from_db()
    assert template.name == "Renamed" and template.archived_at is not None
    assert response.status_code == 200 and "archived" in response.content.decode()
    client.post(archive)
    template.refresh_from_db()
    assert template.archived_at is None


def test_archived_templates_leave_the_composer(client, personas, ana):
    template = make_template(personas, personas.member, name="Gone")
    template_archive(template=template, archived=True)
    client.force_login(personas.member)

    page = client.get(url("pitch-new") + f"?influencer={ana.public_id}").content.decode()

    assert "Gone" not in page


def test_outsiders_see_no_templates(client, personas):
    template = make_template(personas, personas.member)
    client.force_login(personas.outsider)

    assert client.get(url("templates")).status_code == 404
    assert (
        client.get(url("template-edit", template.public_id, workspace="globex")).status_code == 404
    )


def test_everyone_sets_their_own_sending_identity(client, personas):
    client.force_login(personas.viewer)
    page = client.get(url("identity")).content.decode()
    assert personas.workspace.reply_to_address in page
    assert 'value="Viewer Person"' in page  # their name to start from

    response = client.post(url("identity"), {"from_name": "Vic", "signature": "Vic\nAcme PR"})

    assert response.status_code == 302
    identity = SendingIdentity.objects.get(user=personas.viewer)
    assert identity.from_name == "Vic" and identity.signature == "Vic\nAcme PR"


def test_an_identity_needs_a_plain_name(client, personas):
    client.force_login(personas.member)

    empty = client.post(url("identity"), {"from_name": ""}, **HX)
    address = client.post(url("identity"), {"from_name": "Mia <mia@evil.test>"})
    saved = client.post(url("identity"), {"from_name": "Mia"}, **HX)

    assert empty.status_code == 400 and 'id="identity-form"' in empty.content.decode()
    assert address.status_code == 400 and "without an address" in address.content.decode()
    assert saved.status_code == 200 and "Your sending identity is saved" in saved.content.decode()


def test_an_outsider_has_no_identity_here(client, personas):
    client.force_login(personas.outsider)

    assert client.get(url("identity")).status_code == 404
    assert client.post(url("identity"), {"from_name": "Otto"}).status_code == 404

"""Files with a pitch: safe types and sizes only, kept in media storage, served only after the
workspace check, and sent with the email."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from irm.errors import RuleError
from irm.models import OutboxEmail
from irm.outbox import email_deliver
from outreach.models import Pitch, PitchAttachment
from outreach.services.attachments import attachment_add, attachment_remove
from outreach.services.sending import pitch_send
from tests.outreach.views_support import BODY, HX, NOW, draft, frozen, media, url  # noqa: F401

pytestmark = pytest.mark.usefixtures("frozen", "media")
PDF = b"%PDF-1.4 the press kit"


def upload(name="press-kit.pdf", content=PDF, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def post_with_files(client, influencer, *files, action="save"):
    data = {
        "influencer": str(influencer.public_id),
        "channel": "email",
        "subject": "Shoes",
        "body": BODY,
        "action": action,
        "attachments": list(files),
    }
    return client.post(url("pitch-new"), data)


def test_files_uploaded_with_a_draft_are_kept_with_it(client, personas, ana):
    client.force_login(personas.member)

    response = post_with_files(client, ana, upload())

    attachment = PitchAttachment.objects.get()
    assert response.status_code == 302
    assert attachment.name == "press-kit.pdf" and attachment.size == len(PDF)
    assert attachment.content_type == "application/pdf"
    assert attachment.file.name.startswith("pitch-attachments/")
    assert "press-kit.pdf" in client.get(response.url).content.decode()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("run.exe", b"MZ\x90\x00", "PDF, PNG, JPEG, DOCX and PPTX files are accepted"),
        ("fake.pdf", b"<html>not a pdf</html>", "does not look like a PDF file"),
        ("empty.png", b"", "is empty"),
    ],
)
def test_unsafe_files_are_refused_with_why(client, personas, ana, name, content, message):
    client.force_login(personas.member)

    response = post_with_files(client, ana, upload(name, content, "application/octet-stream"))

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not PitchAttachment.objects.exists()


def test_a_file_over_ten_megabytes_is_refused(personas, ana):
    pitch = draft(ana, personas.member)
    big = upload(content=b"%PDF-" + b"0" * (10 * 1024 * 1024))

    with pytest.raises(RuleError, match="larger than 10 MB"):
        attachment_add(pitch=pitch, upload=big, now=NOW)


def test_files_go_out_with_the_email(personas, ana, mailoutbox):
    pitch = draft(ana, personas.member)
    attachment_add(pitch=pitch, upload=upload(), now=NOW)

    pitch_send(pitch=pitch, actor=personas.member, actor_role="member", now=NOW)

    email = OutboxEmail.objects.get(kind="pitch")
    attachment = PitchAttachment.objects.get()
    assert email.attachments == [
        {"name": "press-kit.pdf", "path": attachment.file.name, "content_type": "application/pdf"}
    ]
    email_deliver(email_id=email.pk, now=NOW)
    assert mailoutbox[0].attachments == [("press-kit.pdf", PDF, "application/pdf")]


def test_anyone_in_the_workspace_may_download_a_file(client, personas, ana):
    pitch = draft(ana, personas.member)
    attachment = attachment_add(pitch=pitch, upload=upload(), now=NOW)
    client.force_login(personas.viewer)

    response = client.get(url("attachment", attachment.public_id))

    assert response.status_code == 200
    assert response.content == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="press-kit.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_another_workspace_cannot_download_a_file(client, personas, ana):
    attachment = attachment_add(pitch=draft(ana, personas.member), upload=upload(), now=NOW)
    client.force_login(personas.outsider)

    assert client.get(url("attachment", attachment.public_id)).status_code == 404
    globex = url("attachment", attachment.public_id, workspace="globex")
    assert client.get(globex).status_code == 404


def test_a_file_is_removed_from_a_draft_by_its_author_only(client, personas, ana):
    pitch = draft(ana, personas.member)
    attachment = attachment_add(pitch=pitch, upload=upload(), now=NOW)
    remove = url("attachment-remove", attachment.public_id)

    client.force_login(personas.viewer)
    assert client.post(remove).status_code == 403
    client.force_login(personas.member)
    response = client.post(remove, **HX)

    assert response.status_code == 200
    assert response["HX-Redirect"] == url("pitch-edit", pitch.public_id)
    assert not PitchAttachment.objects.exists()
    assert Pitch.objects.filter(pk=pitch.pk).exists()


def test_files_of_a_sent_pitch_stay(personas, ana):
    pitch = draft(ana, personas.member)
    attachment = attachment_add(pitch=pitch, upload=upload(), now=NOW)
    pitch_send(pitch=pitch, actor=personas.member, actor_role="member", now=NOW)

    with pytest.raises(RuleError, match="stay with it"):
        attachment_remove(attachment=attachment)

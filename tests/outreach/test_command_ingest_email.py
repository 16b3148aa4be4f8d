"""`manage.py ingest_email`: raw messages from files, stdin (a mail server's pipe) or an mbox,
each ingested once; a refused message fails the run without losing the others."""

import mailbox
import sys
from datetime import UTC, datetime
from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.management import CommandError, call_command

from contacts.models import InteractionKind
from outreach.models import InboundKind, InboundMessage, InboundStatus
from tests.outreach import inbound_mail as mail
from tests.outreach.api_helpers import NOW, frozen  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

STRANGER = "sam@newsletter.example"


def stranger(inbox: str, number: int = 1, **options) -> bytes:
    values = {
        "message_id": f"<stranger-{number}@mail.example>",
        "in_reply_to": None,
        "from_address": STRANGER,
        "to": (inbox,),
        "subject": f"Collab idea {number}",
    }
    return mail.gmail_reply(**{**values, **options})


def ingest(*args) -> tuple[list[str], list[str]]:
    out, err = StringIO(), StringIO()
    call_command("ingest_email", *args, stdout=out, stderr=err)
    return out.getvalue().splitlines(), err.getvalue().splitlines()


def write(path, raw: bytes) -> str:
    path.write_bytes(raw)
    return str(path)


def fake_stdin(raw: bytes) -> SimpleNamespace:
    """What a mail server's pipe looks like to the command: bytes on sys.stdin.buffer."""
    return SimpleNamespace(buffer=SimpleNamespace(read=lambda: raw))


def test_it_ingests_a_file_and_says_where_it_went(personas, ana, inbox, tmp_path):
    reply = write(tmp_path / "reply.eml", mail.gmail_reply(in_reply_to=None, to=(inbox,)))
    unknown = write(tmp_path / "unknown.eml", stranger(inbox))

    out, err = ingest(reply, unknown)

    assert out == [
        f"{reply}: matched (message from them) in acme: Ana Rocha",
        f"{unknown}: unmatched (message from them) in acme: No influencer uses {STRANGER}.",
    ]
    assert err == []
    assert InboundMessage.objects.get(influencer=ana).status == InboundStatus.MATCHED


@pytest.mark.parametrize("args", [(), ("-",)], ids=["no-file", "dash"])
def test_it_reads_one_message_from_stdin(personas, inbox, monkeypatch, args):
    monkeypatch.setattr(sys, "stdin", fake_stdin(stranger(inbox)))

    out, _ = ingest(*args)

    assert out == [f"stdin: unmatched (message from them) in acme: No influencer uses {STRANGER}."]
    assert InboundMessage.objects.get().message_id == "<stranger-1@mail.example>"


def test_it_ingests_every_message_of_an_mbox(personas, ana, inbox, tmp_path):
    path = str(tmp_path / "replies.mbox")
    box = mailbox.mbox(path)
    for raw in (
        stranger(inbox, 1),
        mail.gmail_reply(in_reply_to=None, to=(inbox,)),
        mail.outlook_out_of_office(in_reply_to=None, to=(inbox,)),
    ):
        box.add(raw)
    box.flush()
    box.close()

    out, err = ingest("--mbox", path)

    assert out == [
        f"{path}#1: unmatched (message from them) in acme: No influencer uses {STRANGER}.",
        f"{path}#2: matched (message from them) in acme: Ana Rocha",
        f"{path}#3: matched (auto-reply) in acme: Ana Rocha",
    ]
    assert err == []
    assert sorted(InboundMessage.objects.values_list("kind", flat=True)) == [
        InboundKind.AUTO_REPLY,
        InboundKind.REPLY,
        InboundKind.REPLY,
    ]


def test_an_mbox_is_an_archive_dated_by_its_headers_and_a_file_by_its_arrival(
    personas, ana, inbox, tmp_path
):
    came = datetime(2026, 11, 12, 10, 21, tzinfo=UTC)
    path = str(tmp_path / "archive.mbox")
    box = mailbox.mbox(path)
    box.add(mail.received_by(stranger(inbox, 1), at=came))
    box.flush()
    box.close()
    file = write(tmp_path / "new.eml", mail.received_by(stranger(inbox, 2), at=came))
    old = write(tmp_path / "old.eml", mail.received_by(stranger(inbox, 3), at=came))

    ingest("--mbox", path, file)
    ingest("--historical", old)

    arrival = dict(InboundMessage.objects.values_list("subject", "received_at"))
    assert arrival["Collab idea 1"] == came and arrival["Collab idea 3"] == came
    assert arrival["Collab idea 2"] > came  # piped in now: it arrives now


def test_the_recipient_option_routes_a_bcc_message(personas, inbox, tmp_path):
    # A member's own email with the workspace in BCC: no header names the workspace.
    bcc = write(
        tmp_path / "bcc.eml",
        mail.gmail_reply(in_reply_to=None, from_address="member@acme.test", to=("x@new.example",)),
    )

    with pytest.raises(CommandError):
        ingest(bcc)
    out, _ = ingest("--recipient", inbox, bcc)

    assert out == [
        f"{bcc}: unmatched (sent by a member (bcc)) in acme: "
        "Sent by member@acme.test to addresses no influencer uses."
    ]
    assert InboundMessage.objects.get().kind == InboundKind.LOGGED_OUTBOUND


def test_a_refused_message_fails_the_run_but_the_others_are_ingested(personas, inbox, tmp_path):
    first = write(tmp_path / "1.eml", stranger(inbox, 1))
    lost = write(tmp_path / "2.eml", stranger("press@somewhere-else.example", 2))
    last = write(tmp_path / "3.eml", stranger(inbox, 3))
    out, err = StringIO(), StringIO()

    with pytest.raises(CommandError, match=r"^1 message\(s\) refused\.$"):
        call_command("ingest_email", first, lost, last, stdout=out, stderr=err)

    assert [line.split(":")[0] for line in out.getvalue().splitlines()] == [first, last]
    assert err.getvalue().splitlines() == [
        f"{lost}: refused: This message was sent to press@somewhere-else.example, which is no "
        "workspace's reply-to address."
    ]
    assert set(InboundMessage.objects.values_list("message_id", flat=True)) == {
        "<stranger-1@mail.example>",
        "<stranger-3@mail.example>",
    }


def test_running_it_again_ingests_nothing_twice(personas, ana, inbox, tmp_path):
    files = [
        write(tmp_path / "1.eml", stranger(inbox, 1)),
        write(tmp_path / "2.eml", mail.gmail_reply(in_reply_to=None, to=(inbox,))),
    ]
    ingest(*files)

    out, _ = ingest(*files)

    assert out == [
        f"{files[0]}: duplicate (message from them) in acme: No influencer uses {STRANGER}.",
        f"{files[1]}: duplicate (message from them) in acme: Ana Rocha",
    ]
    assert InboundMessage.objects.count() == 2
    assert ana.interactions.filter(kind=InteractionKind.REPLY).count() == 1


def test_a_missing_file_is_a_command_error(personas, tmp_path):
    missing = str(tmp_path / "nowhere.eml")

    with pytest.raises(CommandError, match=r"nowhere\.eml: No such file or directory"):
        ingest(missing)

"""The inbox API: unmatched inbound mail listed and read, attached to an influencer (existing or
created from it), discarded and restored; an auto-reply's return date confirmed or ignored."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contacts.models import (
    Commitment,
    CommitmentKind,
    Direction,
    Influencer,
    InfluencerEmail,
    Interaction,
    InteractionKind,
)
from contacts.services import influencer_add_email, influencer_create
from outreach.models import AwayDecision, InboundMessage, InboundStatus, MatchedBy
from outreach.services.inbound import inbound_ingest
from outreach.services.inbox import inbound_discard, inbound_restore
from tests.outreach import inbound_mail as mail
from tests.outreach.api_helpers import (
    NOW,
    api_url,
    client_for,
    frozen,  # noqa: F401
    object_post,
    object_url,
    token_client,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

STRANGER = "sam@newsletter.example"
SECOND_ADDRESS = "ana.rocha@gmail.example"


def arrive(raw: bytes, *, now=NOW) -> InboundMessage:
    return inbound_ingest(raw=raw, now=now).message


def unmatched(workspace, number: int = 1, *, now=NOW, **options) -> InboundMessage:
    """A message from an address no influencer uses, sent to the workspace's address."""
    values = {
        "message_id": f"<stranger-{number}@mail.example>",
        "in_reply_to": None,
        "from_address": STRANGER,
        "from_name": "Sam Stranger",
        "to": (workspace.reply_to_address,),
        "subject": f"Collab idea {number}",
        "text": f"Hello,\n\nWould your brand like a feature? (idea {number})\n\nSam",
        **options,
    }
    message = arrive(mail.gmail_reply(**values), now=now)
    assert message.status == InboundStatus.UNMATCHED
    return message


# --- list and read -----------------------------------------------------------------------------


def test_a_viewer_lists_the_unmatched_inbox_newest_first_with_a_token(personas, ana):
    older = unmatched(personas.workspace, 1, now=NOW - timedelta(hours=2))
    newer = unmatched(personas.workspace, 2, now=NOW - timedelta(hours=1))
    matched = arrive(
        mail.gmail_reply(
            message_id="<from-ana@mail.example>",
            in_reply_to=None,
            to=(personas.workspace.reply_to_address,),
        )
    )
    assert matched.status == InboundStatus.MATCHED

    response = token_client(personas, personas.viewer).get(api_url("inbox-list"))

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert [row["public_id"] for row in body["results"]] == [
        str(newer.public_id),
        str(older.public_id),
    ]
    row = body["results"][0]
    assert row["kind"] == "reply" and row["status"] == "unmatched"
    assert row["from_name"] == "Sam Stranger" and row["from_address"] == STRANGER
    assert row["to"] == [personas.workspace.reply_to_address]
    assert row["subject"] == "Collab idea 2"
    assert row["note"] == f"No influencer uses {STRANGER}."
    assert "Would your brand like a feature? (idea 2)" in row["body"]
    assert row["influencer"] is None and row["interaction"] is None


def test_the_list_shows_the_discarded_messages_on_request(personas):
    kept = unmatched(personas.workspace, 1)
    thrown = unmatched(personas.workspace, 2)
    inbound_discard(message=thrown, actor=personas.member, now=NOW)
    client = client_for(personas.viewer)

    def ids(**query):
        response = client.get(api_url("inbox-list"), query)
        assert response.status_code == 200
        return [row["public_id"] for row in response.json()["results"]]

    assert ids() == [str(kept.public_id)]
    assert ids(status="unmatched") == [str(kept.public_id)]
    assert ids(status="discarded") == [str(thrown.public_id)]


def test_a_status_outside_the_inbox_is_a_400(personas):
    response = client_for(personas.viewer).get(api_url("inbox-list"), {"status": "matched"})

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["status"]


def test_the_list_costs_the_same_queries_for_3_and_30_messages(personas):
    client = client_for(personas.viewer)

    def count_queries(total: int) -> int:
        while (number := InboundMessage.objects.count()) < total:
            message = arrive(
                mail.message_with_attachments(
                    message_id=f"<kit-{number}@mail.example>",
                    in_reply_to=None,
                    from_address=f"person{number}@elsewhere.example",
                    to=(personas.workspace.reply_to_address,),
                )
            )
            if number % 3 == 0:
                # Someone put it aside and back: the list shows who handled it.
                inbound_discard(message=message, actor=personas.member, now=NOW)
                inbound_restore(message=message, actor=personas.manager, now=NOW)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(api_url("inbox-list"))
        assert response.status_code == 200
        results = response.json()["results"]
        assert len(results) == total
        assert all(len(row["attachments"]) == 2 for row in results)
        assert any(row["handled_by"] for row in results)
        return len(queries)

    assert count_queries(3) == count_queries(30)


def test_a_viewer_reads_a_message_with_its_text_history_and_attachments(personas):
    message = arrive(
        mail.message_with_attachments(
            in_reply_to=None, from_address=STRANGER, to=(personas.workspace.reply_to_address,)
        )
    )
    quoting = unmatched(personas.workspace, 2)

    response = client_for(personas.viewer).get(object_url("inbox-detail", message))
    quoted = client_for(personas.viewer).get(object_url("inbox-detail", quoting)).json()

    assert response.status_code == 200
    body = response.json()
    assert body["public_id"] == str(message.public_id)
    assert body["body"].startswith("Hi Maya,\n\nMy media kit is attached.")
    assert body["message_id"] == message.message_id
    assert body["sent_at"] == "2026-11-12T10:20:05Z"
    pdf, exe = body["attachments"]
    assert pdf["name"] == "media-kit.pdf" and pdf["content_type"] == "application/pdf"
    assert pdf["size"] == len(mail.PDF_BYTES) and pdf["kept"] is True
    assert pdf["not_kept_reason"] == ""
    assert exe["name"] == "invoice.exe" and exe["size"] == len(mail.EXE_BYTES)
    assert exe["kept"] is False and exe["not_kept_reason"].startswith("Not kept")
    assert "Would your brand like a feature? (idea 2)" in quoted["body"]
    assert "Your write-up of the Lavaredo ultra was wonderful" in quoted["quoted_history"]
    assert "Lavaredo" not in quoted["body"]


def test_anonymous_requests_get_401(personas):
    message = unmatched(personas.workspace)

    assert client_for(None).get(api_url("inbox-list")).status_code == 401
    assert object_post(client_for(None), "inbox-discard", message).status_code == 401


# --- who may act -------------------------------------------------------------------------------


def test_an_outsider_gets_404_for_the_inbox_and_its_messages(personas):
    message = unmatched(personas.workspace)
    outsider = client_for(personas.outsider)

    assert outsider.get(api_url("inbox-list")).status_code == 404
    assert outsider.get(object_url("inbox-detail", message)).status_code == 404
    assert object_post(outsider, "inbox-discard", message).status_code == 404
    message.refresh_from_db()
    assert message.status == InboundStatus.UNMATCHED


def test_another_workspaces_message_is_a_404_inside_this_workspace(personas):
    theirs = unmatched(personas.other_workspace, 9)
    member = client_for(personas.member)

    assert member.get(object_url("inbox-detail", theirs)).status_code == 404
    assert object_post(member, "inbox-discard", theirs).status_code == 404
    assert object_post(member, "inbound-away", theirs, {"apply": True}).status_code == 404
    listing = client_for(personas.outsider).get(api_url("inbox-list", slug="globex"))
    assert [row["public_id"] for row in listing.json()["results"]] == [str(theirs.public_id)]


def test_a_viewer_reads_but_may_not_change_anything_before_the_input_is_read(personas, ana):
    message = unmatched(personas.workspace)
    viewer = client_for(personas.viewer)

    assert viewer.get(object_url("inbox-detail", message)).status_code == 200
    attach = object_post(viewer, "inbox-attach", message, {"influencer": str(ana.public_id)})
    invalid = object_post(viewer, "inbox-attach", message, {"influencer": "not-an-id"})
    discard = object_post(viewer, "inbox-discard", message)
    away = object_post(viewer, "inbound-away", message, {"apply": True})

    assert {attach.status_code, invalid.status_code, discard.status_code} == {403}
    assert away.status_code == 403
    message.refresh_from_db()
    assert message.status == InboundStatus.UNMATCHED and message.handled_by is None
    assert not Interaction.objects.filter(influencer=ana, direction=Direction.INBOUND).exists()


# --- attach ------------------------------------------------------------------------------------


def test_a_member_attaches_a_message_to_an_existing_influencer(personas, ana):
    message = unmatched(personas.workspace, from_address=SECOND_ADDRESS, from_name="Ana R.")

    response = object_post(
        client_for(personas.member), "inbox-attach", message, {"influencer": str(ana.public_id)}
    )

    assert response.status_code == 200, response.json()
    body = response.json()
    interaction = Interaction.objects.get(influencer=ana, kind=InteractionKind.REPLY)
    assert body["status"] == "matched" and body["matched_by"] == "person"
    assert body["influencer"] == {"public_id": str(ana.public_id), "name": "Ana Rocha"}
    assert body["interaction"] == str(interaction.public_id)
    assert body["handled_by"]["email"] == personas.member.email
    assert body["note"] == ""
    assert interaction.direction == Direction.INBOUND
    assert interaction.summary == "Collab idea 1"
    assert "Would your brand like a feature?" in interaction.body
    commitment = Commitment.objects.get(influencer=ana, kind=CommitmentKind.REPLY)
    assert commitment.fulfilled_at is None and commitment.opened_by == interaction
    # Without remember_address her other address stays unknown.
    assert not InfluencerEmail.objects.filter(email=SECOND_ADDRESS).exists()
    listing = client_for(personas.viewer).get(api_url("inbox-list")).json()
    assert listing["results"] == []


def test_remember_address_lets_their_next_message_find_them(personas, ana):
    message = unmatched(personas.workspace, from_address=SECOND_ADDRESS)

    response = object_post(
        client_for(personas.member),
        "inbox-attach",
        message,
        {"influencer": str(ana.public_id), "remember_address": True},
    )
    later = arrive(
        mail.gmail_reply(
            message_id="<next-from-ana@mail.example>",
            in_reply_to=None,
            from_address=SECOND_ADDRESS,
            to=(personas.workspace.reply_to_address,),
        )
    )

    assert response.status_code == 200, response.json()
    assert InfluencerEmail.objects.get(email=SECOND_ADDRESS).influencer == ana
    assert later.status == InboundStatus.MATCHED and later.matched_by == MatchedBy.SENDER
    assert later.influencer == ana


def test_a_member_creates_the_influencer_from_the_message(personas):
    message = unmatched(personas.workspace)

    response = object_post(
        client_for(personas.member),
        "inbox-attach",
        message,
        {"create_influencer": {"name": "  Sam Stranger "}},
    )

    assert response.status_code == 200, response.json()
    sam = Influencer.objects.get(workspace=personas.workspace, name="Sam Stranger")
    body = response.json()
    assert body["influencer"] == {"public_id": str(sam.public_id), "name": "Sam Stranger"}
    assert body["status"] == "matched"
    assert list(sam.emails.values_list("email", flat=True)) == [STRANGER]
    assert Interaction.objects.get(public_id=body["interaction"]).influencer == sam
    assert Commitment.objects.filter(influencer=sam, kind=CommitmentKind.REPLY).count() == 1


def test_attaching_without_anyone_names_the_field(personas):
    message = unmatched(personas.workspace)

    response = object_post(client_for(personas.member), "inbox-attach", message)

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "influencer": ["Choose an influencer, or a name to create one."]
    }
    message.refresh_from_db()
    assert message.status == InboundStatus.UNMATCHED


@pytest.mark.parametrize(
    ("data", "field", "expected"),
    [
        (
            {"influencer": "OTHER", "create_influencer": {"name": "Sam"}},
            "non_field_errors",
            "Choose an influencer or create one, not both.",
        ),
        (
            {"influencer": "00000000-0000-0000-0000-000000000000"},
            "influencer",
            "No such influencer in this workspace.",
        ),
        ({"influencer": "GLORIA"}, "influencer", "No such influencer in this workspace."),
        ({"influencer": "not-an-id"}, "influencer", "Must be a valid UUID."),
        ({"create_influencer": {"name": ""}}, "create_influencer.name", None),
        ({"create_influencer": "Sam"}, "create_influencer.non_field_errors", None),
        ({"influencer": "OTHER", "remember_address": "maybe"}, "remember_address", None),
    ],
)
def test_bad_attach_input_is_a_400_with_a_message_per_field(personas, ana, data, field, expected):
    gloria = influencer_create(
        workspace=personas.other_workspace, actor=personas.outsider, name="Gloria"
    )
    ids = {"OTHER": str(ana.public_id), "GLORIA": str(gloria.public_id)}
    data = {
        key: ids.get(value, value) if isinstance(value, str) else value
        for key, value in data.items()
    }
    message = unmatched(personas.workspace)

    response = object_post(client_for(personas.member), "inbox-attach", message, data)

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert list(errors) == [field]
    if expected is not None:
        assert errors[field] == [expected]
    message.refresh_from_db()
    assert message.status == InboundStatus.UNMATCHED
    assert not Influencer.objects.filter(name="Sam").exists()


def test_a_remembered_address_of_someone_else_is_refused_under_remember_address(personas, ana):
    message = unmatched(personas.workspace)
    bea = influencer_create(workspace=personas.workspace, actor=personas.member, name="Bea")
    influencer_add_email(influencer=bea, email=STRANGER)

    response = object_post(
        client_for(personas.member),
        "inbox-attach",
        message,
        {"influencer": str(ana.public_id), "remember_address": True},
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "remember_address": [f"{STRANGER} belongs to Bea already."]
    }
    message.refresh_from_db()
    assert message.status == InboundStatus.UNMATCHED
    assert not Interaction.objects.filter(influencer=ana, kind=InteractionKind.REPLY).exists()


def test_a_message_on_a_timeline_already_cannot_be_attached_again(personas, ana):
    message = unmatched(personas.workspace)
    member = client_for(personas.member)
    first = object_post(member, "inbox-attach", message, {"influencer": str(ana.public_id)})
    assert first.status_code == 200

    again = object_post(member, "inbox-attach", message, {"create_influencer": {"name": "Sam"}})

    assert again.status_code == 400
    assert again.json()["errors"] == {
        "non_field_errors": ["This message is on a timeline already."]
    }
    assert Interaction.objects.filter(kind=InteractionKind.REPLY).count() == 1


# --- discard and restore -----------------------------------------------------------------------


def test_a_member_discards_a_message_and_puts_it_back(personas):
    message = unmatched(personas.workspace)
    member = client_for(personas.member)

    discarded = object_post(member, "inbox-discard", message)
    listed_while_discarded = client_for(personas.viewer).get(api_url("inbox-list")).json()
    restored = object_post(client_for(personas.manager), "inbox-restore", message)

    assert discarded.status_code == 200
    assert discarded.json()["status"] == "discarded"
    assert discarded.json()["handled_by"]["email"] == personas.member.email
    assert listed_while_discarded["results"] == []
    assert restored.status_code == 200
    assert restored.json()["status"] == "unmatched"
    assert restored.json()["handled_by"]["email"] == personas.manager.email
    message.refresh_from_db()
    assert message.status == InboundStatus.UNMATCHED and message.handled_at == NOW


def test_a_discarded_message_can_still_be_attached(personas, ana):
    message = unmatched(personas.workspace)
    inbound_discard(message=message, actor=personas.member, now=NOW)

    response = object_post(
        client_for(personas.member), "inbox-attach", message, {"influencer": str(ana.public_id)}
    )

    assert response.status_code == 200
    assert response.json()["status"] == "matched"


def test_discarding_or_restoring_in_the_wrong_state_says_why(personas, ana):
    message = unmatched(personas.workspace)
    member = client_for(personas.member)

    restore = object_post(member, "inbox-restore", message)
    object_post(member, "inbox-discard", message)
    discard_again = object_post(member, "inbox-discard", message)

    assert restore.status_code == 400
    assert restore.json()["errors"] == {
        "non_field_errors": ["Only discarded messages can be put back."]
    }
    assert discard_again.status_code == 400
    assert discard_again.json()["detail"] == "Only unmatched messages can be discarded."


# --- an auto-reply's return date ---------------------------------------------------------------


@pytest.fixture
def out_of_office(personas, ana) -> InboundMessage:
    """Ana's out-of-office, matched by her address: back on 1 December 2026."""
    message = arrive(
        mail.outlook_out_of_office(in_reply_to=None, to=(personas.workspace.reply_to_address,))
    )
    assert message.status == InboundStatus.MATCHED
    assert message.away_decision == AwayDecision.PENDING
    assert message.away_until == date(2026, 12, 1)
    return message


def test_a_member_applies_an_auto_replys_return_date_as_do_not_disturb(
    personas, ana, out_of_office
):
    response = object_post(
        client_for(personas.member), "inbound-away", out_of_office, {"apply": True}
    )

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["kind"] == "auto_reply" and body["status"] == "matched"
    assert body["away_until"] == "2026-12-01" and body["away_decision"] == "applied"
    ana.refresh_from_db()
    assert ana.do_not_disturb_until == date(2026, 12, 1)
    # Neither the auto-reply nor the decision is a reply we owe.
    assert not Commitment.objects.filter(influencer=ana).exists()


def test_a_member_ignores_the_return_date_and_cannot_decide_twice(personas, ana, out_of_office):
    member = client_for(personas.member)

    ignored = object_post(member, "inbound-away", out_of_office, {"apply": False})
    again = object_post(member, "inbound-away", out_of_office, {"apply": True})

    assert ignored.status_code == 200 and ignored.json()["away_decision"] == "ignored"
    ana.refresh_from_db()
    assert ana.do_not_disturb_until is None
    assert again.status_code == 400
    assert again.json()["errors"] == {
        "non_field_errors": ["There is no return date waiting for a decision on this message."]
    }


def test_the_away_decision_needs_apply(personas, out_of_office):
    response = object_post(client_for(personas.member), "inbound-away", out_of_office)

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["apply"]
    out_of_office.refresh_from_db()
    assert out_of_office.away_decision == AwayDecision.PENDING

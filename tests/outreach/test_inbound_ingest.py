"""Inbound email threaded to pitches and people, with real raw messages in the styles of Gmail,
Outlook, Apple Mail, an out-of-office, a bounce, a member's BCC and a stranger."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse

from contacts.models import Commitment, CommitmentKind, InfluencerEmail, Interaction
from contacts.services import influencer_create, influencer_update
from irm.errors import RuleError
from irm.models import OutboxEmail
from irm.services import workspace_create
from outreach import selectors
from outreach.models import (
    AwayDecision,
    InboundKind,
    InboundMessage,
    InboundStatus,
    MatchedBy,
    Pitch,
    PitchStatus,
    Reminder,
    ReminderStatus,
)
from outreach.selectors.inbound_matching import subject_core
from outreach.services.follow_up_reminders import follow_up_plan
from outreach.services.follow_ups import follow_up_due_at, follow_up_prepare
from outreach.services.inbound import inbound_ingest
from outreach.services.inbox import inbound_attach, inbound_away_decide
from outreach.services.sending import pitch_send
from tests.factories import PitchFactory
from tests.outreach import inbound_mail as mail

pytestmark = pytest.mark.django_db

# Wednesday 18 Nov 2026, 10:00 UTC: the pitch goes out; answers come the next day.
SENT = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)
ANSWERED = datetime(2026, 11, 19, 9, 30, tzinfo=UTC)
ARRIVED = ANSWERED + timedelta(minutes=1)
SUBJECT = "Shoes for Lavaredo"


@pytest.fixture
def pitch(ana, personas) -> Pitch:
    return PitchFactory(
        influencer=ana, author=personas.member, subject=SUBJECT, now=SENT, sent=True
    )


def ingest(raw: bytes, now: datetime = ARRIVED, **options):
    return inbound_ingest(raw=raw, now=now, **options)


def reply_commitments(influencer):
    return Commitment.objects.filter(influencer=influencer, kind=CommitmentKind.REPLY)


# --- replies threaded to their pitch ---


def test_a_gmail_reply_threads_to_its_pitch_and_opens_the_reply_we_owe(pitch, ana, inbox):
    follow_up = follow_up_prepare(pitch=pitch, now=SENT + timedelta(days=5))

    result = ingest(
        mail.gmail_reply(
            in_reply_to=pitch.message_id, to=(inbox,), subject=f"Re: {SUBJECT}", date=ANSWERED
        )
    )

    message = result.message
    assert result.outcome == "matched"
    assert message.kind == InboundKind.REPLY and message.matched_by == MatchedBy.THREAD
    assert message.pitch == pitch and message.influencer == ana
    assert message.body_text == "Hi Maya,\n\nYes please! I wear a 39. Looking forward to it.\n\nAna"
    assert "Your write-up of the Lavaredo ultra" in message.quoted_text
    # Dated when it reached us; the Date header is kept as what their mail client said.
    assert message.received_at == ARRIVED and message.sent_at == ANSWERED
    pitch.refresh_from_db()
    assert pitch.status == PitchStatus.REPLIED and pitch.replied_at == ARRIVED
    assert Pitch.objects.get(pk=follow_up.pk).status == PitchStatus.CANCELLED
    entry = message.interaction
    assert (entry.kind, entry.direction, entry.occurred_at) == ("reply", "inbound", ARRIVED)
    assert entry.summary == f"Re: {SUBJECT}" and entry.source == message
    owed = reply_commitments(ana).get()
    assert owed.opened_by == entry and owed.fulfilled_at is None
    ana.refresh_from_db()
    assert ana.last_inbound_at == ARRIVED and ana.last_two_way_at == ARRIVED


def test_an_outlook_reply_in_latin1_threads_by_references_alone(pitch, inbox):
    raw = mail.outlook_reply(
        in_reply_to=None,
        references=["<older@elsewhere.example>", pitch.message_id],
        to=(inbox,),
        date=ANSWERED,
    )

    message = ingest(raw).message

    assert message.pitch == pitch and message.matched_by == MatchedBy.THREAD
    assert message.subject == f"RE: {mail.PITCH_SUBJECT}"
    assert "Les chaussures sont arrivées" in message.body_text
    assert "Original Message" not in message.body_text
    assert message.quoted_text


def test_an_apple_mail_reply_in_base64_utf8_threads_to_its_pitch(pitch, inbox):
    message = ingest(
        mail.apple_mail_reply(in_reply_to=pitch.message_id, to=(inbox,), date=ANSWERED)
    ).message

    assert message.pitch == pitch
    assert message.body_text and "wrote:" not in message.body_text
    pitch.refresh_from_db()
    assert pitch.status == PitchStatus.REPLIED


def test_a_reply_to_the_follow_up_answers_the_whole_thread(pitch, personas, inbox):
    follow_up = follow_up_prepare(pitch=pitch, now=SENT + timedelta(days=5))
    follow_up.body = "Hi Ana, just bringing this back up in case it got buried. No pressure."
    follow_up.save()
    later = SENT + timedelta(days=5, hours=1)
    follow_up = pitch_send(pitch=follow_up, actor=personas.member, actor_role="member", now=later)

    ingest(
        mail.gmail_reply(
            in_reply_to=follow_up.message_id,
            references=[pitch.message_id, follow_up.message_id],
            to=(inbox,),
            date=later + timedelta(hours=2),
        ),
        now=later + timedelta(hours=3),
    )

    statuses = set(Pitch.objects.filter(pk__in=[pitch.pk, follow_up.pk]).values_list("status"))
    assert statuses == {(PitchStatus.REPLIED,)}


def test_a_reply_without_threading_headers_finds_the_pitch_by_sender_and_subject(pitch, inbox):
    message = ingest(
        mail.gmail_reply(in_reply_to=None, to=(inbox,), subject=f"RE: Aw: {SUBJECT}", date=ANSWERED)
    ).message

    assert message.matched_by == MatchedBy.SENDER and message.pitch == pitch
    pitch.refresh_from_db()
    assert pitch.status == PitchStatus.REPLIED


def test_a_new_message_from_a_known_address_lands_on_their_timeline_without_a_pitch(
    pitch, ana, inbox
):
    ana_secondary = "ana.rocha@studio.example"
    InfluencerEmail.objects.create(workspace=ana.workspace, influencer=ana, email=ana_secondary)

    message = ingest(
        mail.apple_mail_reply(
            in_reply_to=None,
            from_address=ana_secondary.upper(),
            to=(inbox,),
            subject="A new idea",
            date=ANSWERED,
        )
    ).message

    assert message.influencer == ana and message.pitch is None
    assert message.matched_by == MatchedBy.SENDER
    assert Pitch.objects.get(pk=pitch.pk).status == PitchStatus.SENT
    assert reply_commitments(ana).count() == 1


def test_an_agent_speaking_for_one_influencer_is_matched_through_the_agent_channel(
    ana, personas, inbox
):
    influencer_update(
        influencer=ana, actor=personas.member, agent_email="Jo@Agency.example", now=SENT
    )

    message = ingest(
        mail.gmail_reply(
            in_reply_to=None, from_address="jo@agency.example", to=(inbox,), date=ANSWERED
        )
    ).message

    assert message.influencer == ana
    assert message.interaction.channel == "agent_email"


def test_an_agent_of_several_influencers_waits_for_a_person_to_choose(ana, personas, inbox):
    influencer_update(influencer=ana, actor=personas.member, agent_email="jo@agency.example")
    influencer_create(
        workspace=personas.workspace,
        actor=personas.member,
        name="Bo Lind",
        agent_email="jo@agency.example",
    )

    message = ingest(
        mail.gmail_reply(
            in_reply_to=None, from_address="jo@agency.example", to=(inbox,), date=ANSWERED
        )
    ).message

    assert message.status == InboundStatus.UNMATCHED
    assert (
        message.note
        == "jo@agency.example is the agent of Ana Rocha, Bo Lind: choose who this is about."
    )


# --- strangers, attaching, discarding ---


def test_a_stranger_goes_to_the_unmatched_inbox_with_the_reason(ana, inbox):
    result = ingest(
        mail.gmail_reply(
            in_reply_to=None,
            from_address="lea@newbrand.example",
            from_name="Léa",
            to=(inbox,),
            subject="Hello",
            date=ANSWERED,
        )
    )

    assert result.outcome == "unmatched"
    assert result.message.note == "No influencer uses lea@newbrand.example."
    assert result.message.influencer is None and result.message.interaction is None
    assert not Interaction.objects.filter(kind="reply").exists()


def test_attaching_a_strangers_message_creates_them_and_their_next_message_matches_itself(
    personas, inbox
):
    first = ingest(
        mail.gmail_reply(
            message_id="<one@newbrand.example>",
            in_reply_to=None,
            from_address="lea@newbrand.example",
            to=(inbox,),
            date=ANSWERED,
        )
    ).message

    inbound_attach(
        message=first, actor=personas.member, new_influencer_name="Léa Fontaine", now=ARRIVED
    )
    second = ingest(
        mail.gmail_reply(
            message_id="<two@newbrand.example>",
            in_reply_to=None,
            from_address="lea@newbrand.example",
            to=(inbox,),
            date=ANSWERED + timedelta(hours=1),
        ),
        now=ARRIVED + timedelta(hours=1),
    ).message

    first.refresh_from_db()
    assert first.status == InboundStatus.MATCHED and first.matched_by == MatchedBy.PERSON
    assert first.influencer.name == "Léa Fontaine" and first.handled_by == personas.member
    assert first.interaction.kind == "reply"
    assert second.influencer == first.influencer and second.matched_by == MatchedBy.SENDER


def test_attaching_needs_an_influencer_or_a_name(personas, inbox):
    message = ingest(
        mail.gmail_reply(in_reply_to=None, from_address="x@y.example", to=(inbox,))
    ).message

    with pytest.raises(RuleError, match="Choose an influencer, or a name"):
        inbound_attach(message=message, actor=personas.member)


# --- idempotence and workspaces ---


def test_the_same_message_twice_changes_nothing(pitch, ana, inbox):
    raw = mail.gmail_reply(in_reply_to=pitch.message_id, to=(inbox,), date=ANSWERED)
    first = ingest(raw)

    again = ingest(raw, now=ARRIVED + timedelta(hours=2))

    assert again.outcome == "duplicate" and again.message == first.message
    assert InboundMessage.objects.count() == 1
    assert Interaction.objects.filter(kind="reply").count() == 1
    assert reply_commitments(ana).count() == 1


def test_a_message_to_no_workspace_address_is_refused_and_nothing_is_kept(pitch):
    with pytest.raises(RuleError, match="which is no workspace's reply-to address"):
        ingest(mail.gmail_reply(in_reply_to=None, to=("someone@elsewhere.example",), date=ANSWERED))
    assert not InboundMessage.objects.exists()


def test_the_envelope_recipient_finds_the_workspace_when_headers_do_not(ana, inbox):
    raw = mail.gmail_reply(in_reply_to=None, to=("friend@else.example",), date=ANSWERED)

    message = ingest(raw, envelope_recipients=(inbox.upper(),)).message

    assert message.workspace == ana.workspace and message.influencer == ana


def test_a_reply_sent_to_one_workspace_never_threads_to_another_workspaces_pitch(pitch, personas):
    other = workspace_create(name="Globex two", slug="globex-two", admin=personas.outsider)

    message = ingest(
        mail.gmail_reply(in_reply_to=pitch.message_id, to=(other.reply_to_address,), date=ANSWERED)
    ).message

    assert message.workspace == other and message.status == InboundStatus.UNMATCHED
    assert Pitch.objects.get(pk=pitch.pk).status == PitchStatus.SENT


def test_a_date_in_the_future_is_read_as_the_moment_it_arrived(ana, inbox):
    message = ingest(
        mail.gmail_reply(in_reply_to=None, to=(inbox,), date=ARRIVED + timedelta(days=3))
    ).message

    assert message.sent_at == ARRIVED and message.interaction.occurred_at == ARRIVED


def test_a_reply_dated_before_the_pitch_by_a_wrong_clock_is_dated_when_it_arrived(
    pitch, ana, inbox
):
    wrong_clock = SENT - timedelta(days=2)

    message = ingest(
        mail.gmail_reply(in_reply_to=pitch.message_id, to=(inbox,), date=wrong_clock)
    ).message

    assert message.sent_at == wrong_clock  # their claim, kept
    assert message.received_at == ARRIVED and message.interaction.occurred_at == ARRIVED
    assert Pitch.objects.get(pk=pitch.pk).replied_at == ARRIVED
    # The pitch it answers is not our answer to it: the reply is still owed.
    owed = reply_commitments(ana).get()
    assert owed.opened_by == message.interaction and owed.fulfilled_at is None


def test_an_archive_is_dated_by_its_newest_received_header(pitch, ana, inbox):
    came = ANSWERED + timedelta(minutes=4)
    raw = mail.received_by(
        mail.received_by(
            mail.gmail_reply(in_reply_to=pitch.message_id, to=(inbox,), date=ANSWERED),
            at=ANSWERED + timedelta(minutes=1),
            server="mx.google.com",
        ),
        at=came,
    )

    message = ingest(raw, now=ARRIVED + timedelta(days=30), historical=True).message

    assert message.received_at == came and message.sent_at == ANSWERED
    assert message.interaction.occurred_at == came
    ana.refresh_from_db()
    assert ana.last_inbound_at == came


def test_an_archived_reply_is_never_dated_before_the_pitch_it_answers(pitch, ana, inbox):
    raw = mail.received_by(
        mail.gmail_reply(in_reply_to=pitch.message_id, to=(inbox,), date=SENT - timedelta(days=3)),
        at=SENT - timedelta(days=3),
    )

    message = ingest(raw, now=ARRIVED, historical=True).message

    assert message.received_at == SENT and message.interaction.occurred_at == SENT
    owed = reply_commitments(ana).get()
    assert owed.opened_by == message.interaction and owed.fulfilled_at is None


def test_an_archive_without_received_headers_is_dated_by_its_date_header(ana, inbox):
    message = ingest(
        mail.gmail_reply(in_reply_to=None, to=(inbox,), date=ANSWERED),
        now=ARRIVED + timedelta(days=30),
        historical=True,
    ).message

    assert message.received_at == ANSWERED and message.interaction.occurred_at == ANSWERED


# --- auto-replies ---


def test_an_out_of_office_is_logged_but_is_not_a_reply(pitch, ana, inbox):
    before = ana.last_two_way_at

    message = ingest(
        mail.outlook_out_of_office(in_reply_to=pitch.message_id, to=(inbox,), date=ANSWERED)
    ).message

    assert message.kind == InboundKind.AUTO_REPLY and message.pitch == pitch
    assert message.auto_reply_marker
    assert message.interaction.kind == "auto_reply"
    assert message.interaction.summary.endswith("(away until 1 Dec 2026)")
    assert Pitch.objects.get(pk=pitch.pk).status == PitchStatus.SENT
    assert not reply_commitments(ana).exists()
    ana.refresh_from_db()
    assert ana.last_two_way_at == before and ana.last_inbound_at is None


def test_an_out_of_office_holds_the_follow_up_until_they_are_back(pitch, inbox):
    usual = follow_up_due_at(pitch=pitch)
    ingest(mail.outlook_out_of_office(in_reply_to=pitch.message_id, to=(inbox,), date=ANSWERED))

    held = follow_up_due_at(pitch=Pitch.objects.get(pk=pitch.pk))

    assert usual == SENT + timedelta(days=5)
    # Back on 1 December (their 09:00, UTC), then the usual five days.
    assert held == datetime(2026, 12, 6, 9, 0, tzinfo=UTC)


def test_an_out_of_office_holds_the_follow_up_reminder_at_once_and_says_why(
    pitch, personas, inbox, client
):
    planned = follow_up_plan(pitch=pitch, now=SENT)
    assert planned.due_at == SENT + timedelta(days=5)

    ingest(mail.outlook_out_of_office(in_reply_to=pitch.message_id, to=(inbox,), date=ANSWERED))

    reminder = Reminder.objects.get(pk=planned.pk)
    assert reminder.status == ReminderStatus.HELD
    assert reminder.due_at == datetime(2026, 12, 6, 9, 0, tzinfo=UTC)
    assert reminder.reason == (
        f"No answer to “{SUBJECT}” since 18 Nov. Held: their auto-reply says they are away "
        "until 1 Dec 2026, so it comes 5 days after they are back."
    )
    client.force_login(personas.member)
    page = client.get(reverse("outreach:reminders", args=["acme"])).content.decode()
    assert "Held while they are away" in page and "Sun 6 Dec, 10:00" in page  # Paris
    assert "their auto-reply says they are away until 1 Dec 2026" in page


def test_its_return_date_becomes_do_not_disturb_only_when_a_person_confirms(
    pitch, ana, personas, inbox
):
    message = ingest(
        mail.outlook_out_of_office(in_reply_to=pitch.message_id, to=(inbox,), date=ANSWERED)
    ).message
    assert message.away_until == date(2026, 12, 1)
    assert message.away_decision == AwayDecision.PENDING
    ana.refresh_from_db()
    assert ana.do_not_disturb_until is None

    inbound_away_decide(message=message, apply=True, actor=personas.member, now=ARRIVED)

    ana.refresh_from_db()
    assert ana.do_not_disturb_until == date(2026, 12, 1)
    message.refresh_from_db()
    assert message.away_decision == AwayDecision.APPLIED
    with pytest.raises(RuleError, match="no return date waiting"):
        inbound_away_decide(message=message, apply=False, actor=personas.member)


def test_an_automatic_reply_subject_alone_is_enough(pitch, inbox):
    message = ingest(
        mail.outlook_out_of_office(
            in_reply_to=pitch.message_id, to=(inbox,), date=ANSWERED, auto_submitted=None
        )
    ).message

    assert message.kind == InboundKind.AUTO_REPLY


# --- delivery reports ---


def test_a_bounce_marks_the_delivery_failed_and_flags_the_address(pitch, ana, personas):
    follow_up = follow_up_prepare(pitch=pitch, now=SENT + timedelta(days=5))
    raw = mail.postfix_bounce(
        original_message_id=pitch.message_id,
        recipient="ana@trails.example",
        to=("rapport@localhost",),
        delivered_to=("rapport@localhost",),
        date=SENT + timedelta(minutes=2),
    )

    message = ingest(raw, now=SENT + timedelta(minutes=3)).message

    assert message.kind == InboundKind.DELIVERY_REPORT and message.workspace == ana.workspace
    assert message.pitch == pitch and message.delivery_failed
    pitch.refresh_from_db()
    assert pitch.delivery_failed_at == SENT + timedelta(minutes=3)  # when the report came
    assert "User unknown" in pitch.delivery_failure
    assert pitch.status == PitchStatus.SENT
    assert Pitch.objects.get(pk=follow_up.pk).status == PitchStatus.CANCELLED
    flagged = InfluencerEmail.objects.get(email="ana@trails.example")
    assert flagged.bounced_at == SENT + timedelta(minutes=3)
    assert message.interaction.kind == "delivery_failure"
    assert not reply_commitments(ana).exists()
    ana.refresh_from_db()
    assert ana.last_two_way_at is None
    assert follow_up_due_at(pitch=pitch) is None
    verdict = selectors.guard_context_load(influencer=ana, now=SENT + timedelta(days=20))
    assert verdict.email_bounced[0] == "ana@trails.example"


def test_a_delay_notice_changes_nothing(pitch, ana):
    raw = mail.postfix_bounce(
        original_message_id=pitch.message_id,
        recipient="ana@trails.example",
        action="delayed",
        status="4.4.1",
        date=SENT + timedelta(hours=4),
    )

    message = ingest(raw, now=SENT + timedelta(hours=4)).message

    assert message.interaction is None and not message.delivery_failed
    assert message.note == "Delivery delayed: the receiving server is still trying."
    assert Pitch.objects.get(pk=pitch.pk).delivery_failed_at is None
    assert InfluencerEmail.objects.get(email="ana@trails.example").bounced_at is None


# --- a member's own email, by BCC ---


def test_a_members_bcc_lands_on_the_recipients_timeline_as_outbound(ana, personas, inbox):
    raw = mail.gmail_reply(
        in_reply_to=None,
        from_address=personas.member.email,
        from_name="Maya",
        to=("ana@trails.example",),
        subject="Thanks for yesterday",
        text="Lovely to meet you at the panel.",
        date=ANSWERED,
        delivered_to=(inbox,),
    )

    message = ingest(raw).message

    assert message.kind == InboundKind.LOGGED_OUTBOUND
    assert message.matched_by == MatchedBy.RECIPIENT and message.influencer == ana
    entry = message.interaction
    assert (entry.kind, entry.direction, entry.author) == ("email", "outbound", personas.member)
    assert entry.summary == "Thanks for yesterday"
    ana.refresh_from_db()
    assert ana.last_outbound_at == ARRIVED  # when the copy reached us, not its Date header


def test_a_members_bcc_to_nobody_we_know_waits_in_the_inbox(personas, inbox):
    message = ingest(
        mail.gmail_reply(
            in_reply_to=None,
            from_address=personas.member.email,
            to=("sam@films.example",),
            delivered_to=(inbox,),
            date=ANSWERED,
        )
    ).message

    assert message.kind == InboundKind.LOGGED_OUTBOUND
    assert message.status == InboundStatus.UNMATCHED
    assert message.note == f"Sent by {personas.member.email} to addresses no influencer uses."


# --- bodies and attachments ---


def test_html_with_a_script_is_kept_as_safe_text_only(ana, inbox):
    message = ingest(mail.html_only_message(to=(inbox,), date=ANSWERED)).message

    assert message.from_html
    for unsafe in ("<", "script", "alert("):
        assert unsafe not in message.body_text
        assert unsafe not in message.interaction.body


def test_attachments_are_listed_and_only_safe_small_ones_kept(ana, inbox, settings):
    message = ingest(mail.message_with_attachments(to=(inbox,), date=ANSWERED)).message

    pdf = message.attachments.get(name="media-kit.pdf")
    exe = message.attachments.get(name="invoice.exe")
    assert (pdf.name, pdf.content_type, bool(pdf.file), pdf.not_kept_reason) == (
        "media-kit.pdf",
        "application/pdf",
        True,
        "",
    )
    with pdf.file.open("rb") as kept:
        assert kept.read() == mail.PDF_BYTES
    assert exe.name == "invoice.exe" and not exe.file
    assert exe.not_kept_reason == (
        "Not kept: only documents and images of common safe types are stored."
    )


def test_a_large_attachment_is_listed_but_not_kept(ana, inbox, settings):
    settings.INBOUND_ATTACHMENT_MAX_BYTES = 102  # 0.1 KB: the 125-byte PDF is larger
    message = ingest(mail.message_with_attachments(to=(inbox,), date=ANSWERED)).message

    pdf = message.attachments.get(name="media-kit.pdf")
    assert not pdf.file and pdf.not_kept_reason == "Not kept: larger than 0.1 KB."


def test_the_raw_message_is_kept_as_it_came(ana, inbox):
    raw = mail.gmail_reply(in_reply_to=None, to=(inbox,), date=ANSWERED)

    message = ingest(raw).message

    with message.raw.open("rb") as kept:
        assert kept.read() == raw


def test_subjects_compare_without_reply_and_forward_prefixes():
    assert subject_core("RE: Aw: Fwd:  Shoes for  Lavaredo") == "shoes for lavaredo"
    assert subject_core("Automatic reply: Shoes") == "shoes"
    assert subject_core("Reply hazy") == "reply hazy"


def test_pitch_emails_went_out_with_the_workspace_reply_to(pitch, inbox):
    assert OutboxEmail.objects.get(message_id=pitch.message_id).reply_to == inbox

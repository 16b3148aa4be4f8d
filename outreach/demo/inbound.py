"""Demo inbound mail for `manage.py demo_data`: raw messages as mail clients write them, taken
in through the same service as the webhook, at the moments they would have arrived. A reply
threaded to its pitch, an out-of-office with a return date waiting for a person, a bounce, a
member's email logged by BCC, and two messages for the Unmatched inbox."""

from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from contacts.models import Influencer, InfluencerEmail
from irm.models import Role, User, Workspace
from outreach.models import Pitch
from outreach.services.inbound import inbound_ingest


def create_inbound_demo(
    *,
    workspace: Workspace,
    pitches: dict[str, Pitch],
    members: dict[str, User],
    people: list[Influencer],
    now: datetime,
    stdout,
) -> None:
    taken = 0
    for raw, at in _messages(workspace, pitches, members, people, now):
        inbound_ingest(raw=raw, now=at)
        taken += 1
    stdout.write(f"demo inbound mail: {taken} messages")


def _messages(workspace, pitches, members, people, now):
    inbox = workspace.reply_to_address
    if reply := pitches.get("email reply"):
        at = reply.sent_at + timedelta(days=1, hours=2)
        yield _reply(reply, at, inbox, "Yes, come by! Thursdays are calm at the studio."), at
    if away := pitches.get("away"):
        at = away.sent_at + timedelta(minutes=3)
        back = (now + timedelta(days=10)).date()
        yield _out_of_office(away, at, inbox, back), at
    if bounced := pitches.get("bounced"):
        at = bounced.sent_at + timedelta(minutes=1)
        yield _bounce(bounced, at), at
    member = members.get(Role.MEMBER) or members.get(Role.ADMIN)
    if member is not None and people:
        at = now - timedelta(days=2, hours=3)
        yield _bcc_logged(member, people[0], at, inbox), at
    at = now - timedelta(days=1, hours=5)
    yield _stranger(at, inbox), at
    if member is not None:
        at = now - timedelta(hours=20)
        yield _bcc_to_stranger(member, at, inbox), at


def _message(*, sender: str, to: str, subject: str, at: datetime, body: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(at)
    message["Message-ID"] = make_msgid(domain="mail.example")
    message.set_content(body)
    return message


def _their_address(influencer: Influencer) -> str:
    row = InfluencerEmail.objects.filter(influencer=influencer).order_by("-is_primary").first()
    return row.email if row else "someone@example.com"


def _reply(pitch: Pitch, at: datetime, inbox: str, words: str) -> bytes:
    message = _message(
        sender=f"{pitch.influencer.name} <{_their_address(pitch.influencer)}>",
        to=inbox,
        subject=f"Re: {pitch.subject}",
        at=at,
        body=f"{words}\n\nOn {pitch.sent_at:%a, %d %b %Y} you wrote:\n> {pitch.body[:200]}\n",
    )
    message["In-Reply-To"] = pitch.message_id
    message["References"] = pitch.message_id
    return message.as_bytes()


def _out_of_office(pitch: Pitch, at: datetime, inbox: str, back) -> bytes:
    message = _message(
        sender=f"{pitch.influencer.name} <{_their_address(pitch.influencer)}>",
        to=inbox,
        subject=f"Automatic reply: {pitch.subject}",
        at=at,
        body=(
            f"Thank you for your message. I am travelling with limited access to email and "
            f"will be back on {back:%-d %B %Y}. I will answer then."
        ),
    )
    message["Auto-Submitted"] = "auto-replied"
    message["In-Reply-To"] = pitch.message_id
    return message.as_bytes()


def _bounce(pitch: Pitch, at: datetime) -> bytes:
    """A Postfix-style delivery report: the original's headers say which pitch bounced."""
    address = _their_address(pitch.influencer)
    return (
        f"From: Mail Delivery System <MAILER-DAEMON@mx.example>\n"
        f"To: rapport@localhost\n"
        f"Subject: Undelivered Mail Returned to Sender\n"
        f"Date: {format_datetime(at)}\n"
        f"Message-ID: {make_msgid(domain='mx.example')}\n"
        f"Auto-Submitted: auto-replied\n"
        f"MIME-Version: 1.0\n"
        f'Content-Type: multipart/report; report-type=delivery-status; boundary="rpt"\n\n'
        f"--rpt\nContent-Type: text/plain; charset=us-ascii\n\n"
        f"Your message could not be delivered to <{address}>: the mailbox does not exist.\n\n"
        f"--rpt\nContent-Type: message/delivery-status\n\n"
        f"Reporting-MTA: dns; mx.example\n\n"
        f"Final-Recipient: rfc822; {address}\nAction: failed\nStatus: 5.1.1\n"
        f"Diagnostic-Code: smtp; 550 5.1.1 <{address}>: Recipient address rejected: "
        f"User unknown\n\n"
        f"--rpt\nContent-Type: text/rfc822-headers\n\n"
        f"Message-ID: {pitch.message_id}\nSubject: {pitch.subject}\nTo: {address}\n\n"
        f"--rpt--\n"
    ).encode()


def _bcc_logged(member: User, influencer: Influencer, at: datetime, inbox: str) -> bytes:
    message = _message(
        sender=f"{member.name or member.email} <{member.email}>",
        to=f"{influencer.name} <{_their_address(influencer)}>",
        subject="Thank you for yesterday",
        at=at,
        body=(
            "It was lovely to meet you at the panel. The notes you asked for are below; "
            "no need to answer."
        ),
    )
    message["Delivered-To"] = inbox
    return message.as_bytes()


def _stranger(at: datetime, inbox: str) -> bytes:
    return _message(
        sender="Léa Fontaine <lea@lesgrandsespaces.example>",
        to=inbox,
        subject="Introducing myself: outdoor photographer",
        at=at,
        body=(
            "Hello,\n\nA friend passed me your address. I photograph long-distance hikes and "
            "would love to hear about your spring plans.\n\nLéa"
        ),
    ).as_bytes()


def _bcc_to_stranger(member: User, at: datetime, inbox: str) -> bytes:
    message = _message(
        sender=f"{member.name or member.email} <{member.email}>",
        to="Sam Okafor <sam@okafor-films.example>",
        subject="Following up on the festival",
        at=at,
        body="Great to meet you at the festival. Shall we talk next week?",
    )
    message["Delivered-To"] = inbox
    return message.as_bytes()

"""The demo's pitch stories: templates, and one pitch in every state (accepted, declined,
replied, no response, waiting, answered by email, away, bounced, blocked, scheduled, held, draft,
cancelled) with its timeline entries.

Everything goes through the services with `now=` in the past, in the order it would have
happened, so the timeline, the verdicts and the guard's counts are what real use leaves
behind. Each story picks the first person (with an email address, by name) whom the guard
lets through at the story's moments; nobody is picked twice. Email of the past is marked
delivered back then, so running the demo sends none of it today.
"""

import dataclasses
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import F

from contacts.models import Channel, Influencer
from contacts.services import channel_permission_set, influencer_update
from irm.models import EmailStatus, OutboxEmail, Role, User, Workspace
from outreach import services
from outreach.guard import Rule
from outreach.models import Pitch, PitchStatus, PitchTemplate
from outreach.selectors.guard import pitch_reading

TEMPLATES = [
    (
        "Product seeding",
        "Something for your {first_name} test kitchen?",
        "Hi {first_name},\n\nWe are sending a few people whose work we admire a box of our new "
        "range, with no strings attached: if it is not for you, say so and we will not ask "
        "again.\n\nWould you like one?\n\n{my_name}",
    ),
    (
        "Event invitation",
        "An invitation for {first_name}",
        "Hi {first_name},\n\nWe are hosting a small evening for creators and the team behind "
        "the brand, to talk about what we make and what you would change.\n\nWould you come? "
        "Bring a friend.\n\n{my_name}",
    ),
    (
        "Long-term partnership",
        "{first_name}, a year together?",
        "Hi {first_name},\n\nRather than one post, we would love to build something over a "
        "year with you: your ideas first, fair pay, and room to say no.\n\nCould we talk?\n\n"
        "{my_name}",
    ),
]


@dataclasses.dataclass(frozen=True)
class Story:
    """One pitch's life: sent `sent_days_ago` (their local 10:00 on a weekday), then answered."""

    name: str
    author: str  # a demo user's role
    subject: str
    sent_days_ago: int | None = None
    answer: str = ""
    answer_days_ago: int = 0
    declined_topics: tuple[str, ...] = ()
    note: str = ""
    channel: str = Channel.EMAIL


STORIES = [
    Story(
        "accepted",
        Role.MEMBER,
        "Your autumn series, with our kit?",
        sent_days_ago=60,
        answer=PitchStatus.ACCEPTED,
        answer_days_ago=57,
        note="Yes, happily: send it to the studio address.",
    ),
    Story(
        "declined",
        Role.MANAGER,
        "A sponsored post for the launch?",
        sent_days_ago=50,
        answer=PitchStatus.DECLINED,
        answer_days_ago=48,
        declined_topics=("Sponsored posts",),
        note="Thanks, but I no longer do sponsored posts.",
    ),
    Story(
        "replied",
        Role.MEMBER,
        "Coffee with the team next month?",
        sent_days_ago=40,
        answer=PitchStatus.REPLIED,
        answer_days_ago=38,
        note="Maybe: what dates do you have in mind?",
    ),
    Story(
        "no response",
        Role.ADMIN,
        "A quick idea for your channel",
        sent_days_ago=35,
        answer=PitchStatus.NO_RESPONSE,
        answer_days_ago=20,
        channel=Channel.INSTAGRAM_DM,
    ),
    Story("waiting", Role.MEMBER, "Would you try the new range?", sent_days_ago=6),
    # Answered by email: outreach.demo.inbound brings their mail in.
    Story("email reply", Role.MEMBER, "Behind the scenes at the studio?", sent_days_ago=9),
    Story("away", Role.MANAGER, "A first look at the winter range", sent_days_ago=4),
    Story("bounced", Role.MEMBER, "Hello from the team", sent_days_ago=15),
    Story("blocked", Role.MEMBER, "Our spring preview", sent_days_ago=20),
    Story("scheduled", Role.MANAGER, "Save the date: the spring evening"),
    Story("held", Role.MEMBER, "When you are back: a small idea"),
    Story("draft", Role.MEMBER, "Draft: a year together?"),
    Story("cancelled", Role.MANAGER, "Plans changed: the summer trip"),
]
# How many people (with an email address, by name) are looked at for one story at most.
CANDIDATES = 60


def templates_ensure(workspace: Workspace, admin: User, now: datetime) -> list:
    existing = {t.name: t for t in PitchTemplate.objects.filter(workspace=workspace)}
    templates = []
    for name, subject, body in TEMPLATES:
        template = existing.get(name)
        if template is None:
            template = services.template_create(
                workspace=workspace, actor=admin, name=name, subject=subject, body=body, now=now
            )
        templates.append(template)
    return templates


# --- one story -----------------------------------------------------------------------------------


def _local_ten(influencer: Influencer, day: date) -> datetime:
    """10:00 on that day in their time zone, moved back to Friday from a weekend."""
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return datetime.combine(day, time(10, 0), tzinfo=_zone(influencer))


def _zone(influencer: Influencer) -> ZoneInfo:
    return ZoneInfo(influencer.time_zone or "UTC")


def _days_ago(influencer: Influencer, days: int, now: datetime) -> datetime:
    return _local_ten(influencer, (now - timedelta(days=days)).astimezone(_zone(influencer)).date())


def _topic(influencer: Influencer) -> list[str]:
    """Their first topic: the pitch is about what they cover."""
    return [topic.name for topic in influencer.topics.order_by("name")[:1]]


def _body(influencer: Influencer, story: Story, author: User) -> str:
    first = influencer.name.split()[0] if influencer.name.split() else influencer.name
    topic = (_topic(influencer) or ["your work"])[0]
    return (
        f"Hi {first},\n\nYour recent posts on {topic.lower()} are the most thoughtful we have "
        f"read this season, and our team talks about them often. {story.subject}\n\n"
        f"If now is not the time, just say so.\n\n{author.name or author.email}"
    )


def _clear(
    influencer: Influencer, channel: str, moment: datetime, *, body: str, may_hold: bool = False
) -> bool:
    """Would the guard let a pitch to them through at `moment` if the channel were open (and
    send it then, unless `may_hold`)? A channel they closed stays closed."""
    reading = pitch_reading(
        now=moment, influencer=influencer, channel=channel, topics=_topic(influencer), body=body
    )
    if channel in reading.facts.context.closed_channels:
        return False
    verdict = reading.verdict
    if any(finding.rule != Rule.CHANNEL_NOT_OPEN for finding in verdict.blocks):
        return False
    return may_hold or verdict.held_until is None


def _open(influencer: Influencer, channel: str, moment: datetime, actor: User) -> None:
    if influencer.channel_permissions.filter(channel=channel, is_open=True).exists():
        return
    evidence = "Business email on their profile" if channel == Channel.EMAIL else "DMed us first"
    channel_permission_set(
        influencer=influencer,
        channel=channel,
        is_open=True,
        evidence=evidence,
        actor=actor,
        since=moment - timedelta(days=1),
        now=moment - timedelta(days=1),
    )


def _sent_at(story: Story, influencer: Influencer, now: datetime) -> datetime:
    if story.sent_days_ago is None:
        return now
    return _days_ago(influencer, story.sent_days_ago, now)


def _fits(story: Story, influencer: Influencer, body: str, now: datetime) -> bool:
    if story.name in {"draft", "cancelled"}:
        return True  # nothing is sent
    if story.sent_days_ago is None:  # scheduled or held: admitted now, sent later
        return _clear(influencer, story.channel, now, body=body, may_hold=True)
    return _clear(influencer, story.channel, _sent_at(story, influencer, now), body=body)


def story_play(story: Story, *, people: list, author: User, role: str, templates, now: datetime):
    """Live the story with the first person it fits; nobody is in two stories."""
    for influencer in people:
        body = _body(influencer, story, author)
        if _fits(story, influencer, body, now):
            people.remove(influencer)
            sent_at = _sent_at(story, influencer, now)
            return _live(story, influencer, author, role, body, sent_at, templates, now)
    return None


def _live(story, influencer, author, role, body, sent_at, templates, now) -> Pitch:
    draft_at = sent_at - timedelta(hours=1)
    if story.name in {"draft", "cancelled"}:
        # Written from a template, as it comes: the guard will say it is not personalized.
        template = templates[2] if story.name == "draft" else templates[1]
        draft_at = now - timedelta(days=10) if story.name == "cancelled" else now
        pitch = services.pitch_draft_save(
            influencer=influencer,
            author=author,
            channel=story.channel,
            subject="",
            body="",
            topics=_topic(influencer),
            template=template,
            now=draft_at,
        )
        if story.name == "cancelled":
            return services.pitch_cancel(pitch=pitch, now=draft_at + timedelta(days=1))
        return pitch
    _open(influencer, story.channel, min(draft_at, now), author)
    pitch = services.pitch_draft_save(
        influencer=influencer,
        author=author,
        channel=story.channel,
        subject=story.subject,
        body=body,
        topics=_topic(influencer),
        now=min(draft_at, now),
    )
    send = {"pitch": pitch, "actor": author, "actor_role": role}
    if story.name == "scheduled":
        moment = _local_ten(
            influencer, (now + timedelta(days=3)).astimezone(_zone(influencer)).date()
        )
        if moment <= now:
            moment = now + timedelta(days=3)
        return services.pitch_send(**send, send_at=moment, now=now)
    if story.name == "held":
        away_until = (now + timedelta(days=4)).astimezone(_zone(influencer)).date()
        influencer_update(
            influencer=influencer, actor=author, do_not_disturb_until=away_until, now=now
        )
        return services.pitch_send(**send, now=now)
    if story.name == "blocked":
        # Scheduled for two days later; the day after, they closed the door; at its moment
        # the guard stopped it and told its author.
        services.pitch_send(**send, send_at=sent_at + timedelta(days=2), now=sent_at)
        channel_permission_set(
            influencer=influencer,
            channel=story.channel,
            is_open=False,
            evidence="Asked us to write to their agent from now on",
            actor=author,
            now=sent_at + timedelta(days=1),
        )
        return services.pitch_release(pitch_id=pitch.pk, now=sent_at + timedelta(days=2))
    if story.channel == Channel.EMAIL:
        pitch = services.pitch_send(**send, now=sent_at)
    else:
        pitch = services.pitch_mark_sent(**send, now=sent_at)
    if story.answer:
        answered = sent_at + timedelta(days=story.sent_days_ago - story.answer_days_ago)
        return services.pitch_log_answer(
            pitch=pitch,
            answer=story.answer,
            actor=author,
            declined_topics=story.declined_topics,
            note=story.note,
            answered_at=answered,
            now=answered,
        )
    if story.name == "waiting":
        services.follow_up_start(pitch=pitch, actor=author, now=now)
    return pitch


def delivered_back_then(workspace: Workspace, now: datetime) -> None:
    """The demo's email of the past (pitches, "your pitch was not sent") went out back then:
    the outbox must not send it today."""
    OutboxEmail.objects.filter(
        workspace=workspace, status=EmailStatus.PENDING, not_before__lt=now - timedelta(minutes=1)
    ).update(status=EmailStatus.SENT, sent_at=F("not_before"), claimed_at=F("not_before"))

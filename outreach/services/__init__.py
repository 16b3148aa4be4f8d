"""Writes for outreach: pitches from draft to answer, always through the contact guard.

Sending re-checks the guard inside a transaction that holds a row lock on the influencer, so two
teammates sending at once cannot both pass a cooldown. A pitch admitted by the guard (sent,
scheduled or held) counts as a contact from that moment. Every send, answer and override lands
on the timeline through contacts' services.

Campaigns plans and cancels its reminders through `source_reminder_plan` and
`source_reminders_cancel`, re-exported here from outreach/services/reminder_plans.py.
"""

from datetime import datetime, time, timedelta
from email.utils import formataddr, parseaddr
from typing import Any
from zoneinfo import ZoneInfo

from celery import current_app
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import QuerySet, prefetch_related_objects
from django.shortcuts import get_object_or_404
from django.utils import timezone

from contacts.facts import contact_policy_rows
from contacts.models import Channel, Direction, Influencer, InteractionKind
from contacts.services import (
    influencer_privacy_notice_sent,
    interaction_record,
    topics_ensure,
)
from irm.models import AuditAction, Role, User, Workspace
from irm.outbox import email_queue
from irm.services import audit_record
from outreach import selectors
from outreach.guard import Rule, Severity, Verdict, evaluate
from outreach.models import (
    ADMITTED_UNSENT,
    OPEN_STATUSES,
    InboundMessage,
    Pitch,
    PitchStatus,
    PitchTemplate,
    Reminder,
    ReminderKind,
    ReminderStatus,
    SendingIdentity,
)
from outreach.notifications import NotificationKind, notification_send
from outreach.services.reminder_plans import (
    source_reminder_plan as source_reminder_plan,
)
from outreach.services.reminder_plans import (
    source_reminders_cancel as source_reminders_cancel,
)
from outreach.signals import pitch_admitted
from outreach.text import fingerprint


class OutreachError(Exception):
    """A pitch that may not go (with the guard's plain sentences), or a broken rule."""

    is_rule_error = True

    def __init__(self, message: str, *, field: str | None = None, verdict: Verdict | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.verdict = verdict


# --- drafts ------------------------------------------------------------------------------------


def merge_fields(*, influencer: Influencer, author: User | None) -> dict[str, str]:
    first = influencer.name.split()[0] if influencer.name.split() else influencer.name
    return {
        "name": influencer.name,
        "first_name": first,
        "my_name": (author.name or author.email) if author else "",
    }


def render(text: str, values: dict[str, str]) -> str:
    """Fill {first_name}-style merge fields; unknown fields are left visible to be noticed."""
    for key, value in values.items():
        text = text.replace("{" + key + "}", value)
    return text


@transaction.atomic
def pitch_create(
    *,
    influencer: Influencer,
    author: User,
    channel: str,
    body: str = "",
    subject: str = "",
    topics=(),
    template: PitchTemplate | None = None,
    context: Any = None,
    follow_up_of: Pitch | None = None,
    now: datetime | None = None,
) -> Pitch:
    """A draft. From a template, the subject and body are filled with merge fields."""
    now = now or timezone.now()
    if channel not in Channel.values:
        raise OutreachError(f"“{channel}” is not a channel.", field="channel")
    if template is not None:
        values = merge_fields(influencer=influencer, author=author)
        subject = subject or render(template.subject, values)
        body = body or render(template.body, values)
    pitch = Pitch.objects.create(
        workspace=influencer.workspace,
        influencer=influencer,
        author=author,
        channel=channel,
        subject=subject.strip(),
        body=body,
        template=template,
        follow_up_of=follow_up_of,
        context_type=ContentType.objects.get_for_model(context) if context is not None else None,
        context_id=str(context.pk) if context is not None else "",
        created_at=now,
        updated_at=now,
    )
    names = list(topics) or (
        list(template.topics.values_list("name", flat=True)) if template else []
    )
    pitch.topics.set(topics_ensure(workspace=influencer.workspace, names=names))
    return pitch


def pitch_check(*, pitch: Pitch, now: datetime | None = None) -> Verdict:
    """The guard's verdict for this pitch if it were sent now."""
    return _checked(pitch, now or timezone.now())[0]


def _checked(pitch: Pitch, now: datetime) -> tuple[Verdict, selectors.PitchGuardFacts]:
    """The verdict, and the facts it was reached on (sending reuses them rather than read the
    same rows again: the pitch keeps the lists they hold)."""
    read = selectors.pitch_guard_load(pitch=pitch, now=now)
    selectors.pitch_lists_keep(pitch=pitch, facts=read)
    verdict = evaluate(
        read.context, channel=pitch.channel, topics=read.topics, body=pitch.body, now=now
    )
    return verdict, read


# --- sending ---------------------------------------------------------------------------------


def _locking() -> QuerySet[Pitch]:
    """Pitches read with their influencer, both locked in one statement, the influencer first
    (PostgreSQL locks in the order OF names them): its lock serializes every send to this
    person, and erasure and merge lock the person before their pitches too. With what sending
    and its answer read."""
    return (
        Pitch.objects.select_for_update(of=("influencer", "self"))
        # Not its outbox email nor who overrode the rules: a draft has neither until the send
        # sets them. Each join more costs the planner more than its row.
        .select_related("influencer__workspace", "workspace", "author", "template", "follow_up_of")
        # The contact policy the guard applies, in the same statement (a policy is saved
        # without the person's lock, so reading it here or just after is the same).
        .annotate(policy_rows=contact_policy_rows())
    )


class _LockHeld:
    """Registered on commit when a pitch is locked: while it is still waiting there, the
    transaction (or savepoint) that took the lock has neither ended nor rolled back, so the
    lock is held and the row read with it is current. It does nothing when it runs."""

    def __call__(self) -> None:
        pass


def _hold(pitch: Pitch) -> Pitch:
    held = _LockHeld()
    transaction.on_commit(held)  # outside a transaction it runs at once: nothing is held
    pitch.lock_held = held
    return pitch


def _lock(pitch: Pitch) -> Pitch:
    """The pitch locked with its influencer (_locking): read again, unless this transaction
    already read it so (pitch_lock)."""
    held = getattr(pitch, "lock_held", None)
    if held is not None and any(callback is held for _, callback, _ in connection.run_on_commit):
        return pitch
    return _hold(_locking().get(pk=pitch.pk))


def pitch_lock(*, workspace: Workspace, public_id) -> Pitch:
    """One pitch of the workspace (404 otherwise, and for an erased person's), locked with its
    person as sending locks it: the endpoints that send find the pitch this way inside the
    sending transaction, so pitch_send does not read it a second time."""
    return _hold(
        get_object_or_404(
            _locking().filter(workspace=workspace, influencer__erased_at__isnull=True),
            public_id=public_id,
        )
    )


def _allow_override(verdict: Verdict, *, role: str, reason: str) -> bool:
    if verdict.allowed:
        return False
    if not verdict.overridable:
        raise OutreachError(" ".join(f.message for f in verdict.blocks), verdict=verdict)
    if Role.rank(role) < Role.rank(Role.MANAGER):
        raise OutreachError(
            " ".join(f.message for f in verdict.blocks)
            + " A manager may override this with a reason.",
            verdict=verdict,
        )
    if not reason.strip():
        raise OutreachError("Give the reason for overriding the contact rules.", field="reason")
    return True


@transaction.atomic
def pitch_send(
    *,
    pitch: Pitch,
    actor: User,
    actor_role: str,
    override_reason: str = "",
    send_at: datetime | None = None,
    now: datetime | None = None,
) -> Pitch:
    """1. lock the person and re-check the guard, 2. refuse, or admit with an override,
    3. send now, or schedule / hold until their next allowed moment.

    Only email can be scheduled: Rapport sends it at that moment itself. A DM or a call is sent
    by a person, so "scheduling" one would later record it as sent although nobody sent it."""
    now = now or timezone.now()
    if send_at is not None:
        if pitch.channel != Channel.EMAIL:
            raise OutreachError(
                "Only email pitches are sent by Rapport at a set time: send this one yourself, "
                "then mark it sent.",
                field="send_at",
            )
        if send_at <= now:
            raise OutreachError("Choose a moment in the future.", field="send_at")
    pitch = _lock(pitch)
    if pitch.status != PitchStatus.DRAFT:
        raise OutreachError(f"This pitch is {pitch.get_status_display().lower()} already.")
    if not pitch.body.strip():
        raise OutreachError("Write the pitch before sending it.", field="body")
    verdict, facts = _checked(pitch, now)
    if pitch.channel == Channel.EMAIL and not facts.primary_email:
        raise OutreachError(f"{pitch.influencer.name} has no email address.", field="channel")
    overridden = _allow_override(verdict, role=actor_role, reason=override_reason)
    if pitch.channel != Channel.EMAIL and verdict.held_until is not None:
        # Holding it would later record it as sent though nobody sent it: the person who
        # sends it waits for the moment instead (the verdict says when).
        holds = [f.message for f in verdict.findings if f.severity == Severity.HOLD]
        raise OutreachError(" ".join(holds), verdict=verdict)
    pitch.verdict = verdict.as_dict()
    pitch.admitted_at = now
    pitch.fingerprint = sorted(fingerprint(pitch.body, facts.context.merge_values))
    if overridden:
        pitch.override_reason = override_reason.strip()
        pitch.overridden_by = actor
        audit_record(
            action=AuditAction.CONTACT_RULE_OVERRIDDEN,
            actor=actor,
            workspace=pitch.workspace,
            target=pitch,
            data={"rules": [str(f.rule) for f in verdict.blocks]},
            now=now,
        )
        interaction_record(
            influencer=pitch.influencer,
            kind=InteractionKind.NOTE,
            direction=Direction.INTERNAL,
            summary=f"Contact rules overridden by {actor.name or actor.email}: "
            f"{pitch.override_reason}",
            body="\n".join(f.message for f in verdict.blocks),
            author=actor,
            occurred_at=now,
            source=pitch,
            contact_rule_overridden=True,
            now=now,
        )
    pitch_admitted.send(sender=Pitch, pitch=pitch, actor=actor, now=now)
    moment = max(filter(None, [send_at, verdict.held_until, now]))
    if moment > now:
        pitch.status = PitchStatus.HELD if verdict.held_until == moment else PitchStatus.SCHEDULED
        pitch.send_at = moment
        pitch.updated_at = now
        pitch.save()
        return pitch
    return _deliver(pitch, verdict=verdict, facts=facts, now=now)


def _deliver(
    pitch: Pitch, *, verdict: Verdict, facts: selectors.PitchGuardFacts, now: datetime
) -> Pitch:
    """Send an admitted pitch now: email through the outbox (to the address and with the
    identity the facts read); other channels are sent by a person outside Rapport and recorded
    here. Lands on the timeline."""
    if pitch.channel == Channel.EMAIL:
        identity = facts.identity
        email = email_queue(
            to=facts.primary_email,
            subject=pitch.subject or f"Hello {pitch.influencer.name}",
            body=_with_signature(pitch, identity),
            kind="pitch",
            workspace=pitch.workspace,
            reply_to=pitch.workspace.reply_to_address,
            from_address=_from_address(pitch, identity),
            headers=_thread_headers(pitch),
            attachments=_attachments(pitch),
            now=now,
        )
        pitch.outbox_email = email
        pitch.message_id = email.message_id
    pitch.status = PitchStatus.SENT
    pitch.sent_at = now
    pitch.send_at = None
    pitch.updated_at = now
    pitch.save()
    if pitch.follow_up_of_id is None:
        # Its follow-up reminder (by task name: the reminders planners build on this module).
        # robust: with Redis down the pitch is still sent; the hourly planner adds the
        # reminder it misses.
        transaction.on_commit(
            lambda: current_app.send_task("outreach.tasks.plan_follow_up", args=[pitch.pk]),
            robust=True,
        )
    interaction_record(
        influencer=pitch.influencer,
        kind=InteractionKind.FOLLOW_UP if pitch.follow_up_of_id else InteractionKind.PITCH,
        direction=Direction.OUTBOUND,
        channel=pitch.channel,
        summary=pitch.subject or pitch.body[:120],
        body=pitch.body,
        author=pitch.author,
        occurred_at=now,
        source=pitch,
        contact_rule_overridden=bool(pitch.override_reason),
        off_topic=any(f.rule == Rule.OFF_TOPIC for f in verdict.findings),
        now=now,
    )
    if pitch.is_privacy_notice:
        influencer_privacy_notice_sent(influencer=pitch.influencer, at=now)
    return pitch


def _from_address(pitch: Pitch, identity: SendingIdentity | None) -> str:
    name = identity.from_name if identity else (pitch.author.name if pitch.author else "")
    _, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return formataddr(
        (f"{name} via {pitch.workspace.name}" if name else pitch.workspace.name, address)
    )


def _with_signature(pitch: Pitch, identity: SendingIdentity | None) -> str:
    if identity and identity.signature.strip():
        return f"{pitch.body.rstrip()}\n\n-- \n{identity.signature.strip()}\n"
    return pitch.body


def _attachments(pitch: Pitch) -> list[dict[str, str]]:
    """The pitch's files in media storage, as the outbox sends them (read once: the answer
    shows them too)."""
    prefetch_related_objects([pitch], "attachments")
    return [
        {"name": item.name, "path": item.file.name, "content_type": item.content_type}
        for item in pitch.attachments.all()
    ]


def _thread_headers(pitch: Pitch) -> dict[str, str]:
    original = pitch.follow_up_of
    if original is None or not original.message_id:
        return {}
    return {"In-Reply-To": original.message_id, "References": original.message_id}


@transaction.atomic
def pitch_mark_sent(
    *,
    pitch: Pitch,
    actor: User,
    actor_role: str,
    override_reason: str = "",
    now: datetime | None = None,
) -> Pitch:
    """A DM, call or in-person pitch was sent by a person outside Rapport: the guard applies
    the same (it is recorded only if it may happen)."""
    if pitch.channel == Channel.EMAIL:
        raise OutreachError("Email pitches are sent by Rapport: use Send.", field="channel")
    return pitch_send(
        pitch=pitch, actor=actor, actor_role=actor_role, override_reason=override_reason, now=now
    )


def pitch_release(*, pitch_id: int, now: datetime | None = None) -> Pitch | None:
    """Release one scheduled or held pitch whose moment came: the guard is checked again under
    the influencer lock; a pitch that is now blocked becomes "blocked at send" and its author
    is told. Idempotent: a pitch already released or cancelled is left alone."""
    now = now or timezone.now()
    with transaction.atomic():
        candidate = Pitch.objects.filter(pk=pitch_id, status__in=ADMITTED_UNSENT).first()
        if candidate is None:
            return None
        pitch = _lock(candidate)
        if pitch.status not in ADMITTED_UNSENT or pitch.send_at is None or pitch.send_at > now:
            return None
        verdict, facts = _checked(pitch, now)
        honoured_override = bool(pitch.override_reason) and verdict.overridable
        if not verdict.allowed and not honoured_override:
            pitch.status = PitchStatus.BLOCKED
            pitch.verdict = verdict.as_dict()
            pitch.updated_at = now
            pitch.save(update_fields=["status", "verdict", "updated_at"])
            _tell_author_blocked(pitch, verdict, now)
            return pitch
        if verdict.held_until and verdict.held_until > now:
            pitch.status = PitchStatus.HELD
            pitch.send_at = verdict.held_until
            pitch.save(update_fields=["status", "send_at"])
            return pitch
        return _deliver(pitch, verdict=verdict, facts=facts, now=now)


def pitches_release_due(*, now: datetime | None = None) -> int:
    """The sweep: release every scheduled or held pitch whose moment came."""
    now = now or timezone.now()
    released = 0
    for pitch_id in selectors.pitches_due(now=now).values_list("pk", flat=True):
        if pitch_release(pitch_id=pitch_id, now=now) is not None:
            released += 1
    return released


def _tell_author_blocked(pitch: Pitch, verdict: Verdict, now: datetime) -> None:
    if pitch.author is None:
        return
    reasons = "\n".join(f"- {finding.message}" for finding in verdict.blocks)
    notification_send(
        workspace=pitch.workspace,
        user=pitch.author,
        kind=NotificationKind.PITCH_BLOCKED,
        title=f"Your pitch to {pitch.influencer.name} was not sent",
        body=(
            f"Your pitch “{pitch.subject or pitch.body[:60]}” to {pitch.influencer.name} was "
            f"due now, but the contact rules stopped it:\n\n{reasons}"
        ),
        url=f"/w/{pitch.workspace.slug}/outreach/{pitch.public_id}/",
        dedupe_key=f"pitch_blocked:{pitch.pk}:{now.isoformat()}",
        email=True,
        now=now,
    )


@transaction.atomic
def pitch_cancel(*, pitch: Pitch, now: datetime | None = None) -> Pitch:
    pitch = Pitch.objects.select_for_update().get(pk=pitch.pk)
    if pitch.status not in (PitchStatus.DRAFT, *ADMITTED_UNSENT, PitchStatus.BLOCKED):
        raise OutreachError("Only drafts, scheduled, held or blocked pitches can be cancelled.")
    pitch.status = PitchStatus.CANCELLED
    pitch.send_at = None
    pitch.updated_at = now or timezone.now()
    pitch.save(update_fields=["status", "send_at", "updated_at"])
    return pitch


# --- answers and follow-ups ---------------------------------------------------------------------

ANSWERS = {
    PitchStatus.REPLIED: "replied",
    PitchStatus.ACCEPTED: "accepted",
    PitchStatus.DECLINED: "declined",
    PitchStatus.NO_RESPONSE: "did not respond",
}


@transaction.atomic
def pitch_log_answer(
    *,
    pitch: Pitch,
    answer: str,
    actor: User,
    declined_topics=(),
    note: str = "",
    answered_at: datetime | None = None,
    now: datetime | None = None,
) -> Pitch:
    """Replied, accepted, declined (with the topics they said no to) or no response. An answer
    lands on the timeline as their message and cancels pending follow-up drafts."""
    now = now or timezone.now()
    answered_at = answered_at or now
    if answer not in ANSWERS:
        raise OutreachError("Choose replied, accepted, declined or no response.", field="answer")
    pitch = (
        Pitch.objects.select_for_update(of=("self",)).select_related("influencer").get(pk=pitch.pk)
    )
    if pitch.sent_at is None:
        raise OutreachError("Only a sent pitch can have an answer.")
    if answer != PitchStatus.NO_RESPONSE and answered_at < pitch.sent_at:
        raise OutreachError(
            "An answer comes after the pitch: pick a moment after it was sent.",
            field="answered_at",
        )
    pitch.status = answer
    pitch.answered_at = answered_at
    if answer != PitchStatus.NO_RESPONSE:
        pitch.replied_at = pitch.replied_at or answered_at
    pitch.updated_at = now
    pitch.save()
    if answer == PitchStatus.DECLINED:
        names = list(declined_topics) or list(pitch.topics.values_list("name", flat=True))
        pitch.declined_topics.set(topics_ensure(workspace=pitch.workspace, names=names))
    _cancel_follow_up_drafts(pitch, now)
    if answer != PitchStatus.NO_RESPONSE:
        interaction_record(
            influencer=pitch.influencer,
            kind=InteractionKind.REPLY,
            direction=Direction.INBOUND,
            channel=pitch.channel,
            summary=f"{pitch.influencer.name} {ANSWERS[answer]}: {pitch.subject or 'your pitch'}",
            body=note,
            author=actor,
            occurred_at=answered_at,
            source=pitch,
            now=now,
        )
    return pitch


def _cancel_follow_up_drafts(pitch: Pitch, now: datetime) -> None:
    """An answer (or a bounce) ends the wait: no follow-up of this thread should go out."""
    root_id = pitch.follow_up_of_id or pitch.pk
    Pitch.objects.filter(follow_up_of_id=root_id, status=PitchStatus.DRAFT).update(
        status=PitchStatus.CANCELLED, updated_at=now
    )
    Reminder.objects.filter(
        pitch_id=root_id, kind=ReminderKind.FOLLOW_UP_DUE, status__in=OPEN_STATUSES
    ).update(
        status=ReminderStatus.CANCELLED,
        closed_at=now,
        closed_reason="The conversation moved on (an answer or a failed delivery).",
        updated_at=now,
    )


# Waiting for an answer: a reply by email moves these to "replied".
AWAITING_ANSWER = (PitchStatus.SENT, PitchStatus.NO_RESPONSE)


@transaction.atomic
def pitch_mark_replied(*, pitch: Pitch, replied_at: datetime, now: datetime) -> Pitch:
    """Their email answered this pitch (or its follow-up): the thread is replied and pending
    follow-up drafts are cancelled. An answer a person logged already (accepted, declined)
    stays. The timeline entry is the inbound message's own."""
    thread = [pitch.pk] + ([pitch.follow_up_of_id] if pitch.follow_up_of_id else [])
    for row in Pitch.objects.select_for_update(of=("self",)).filter(pk__in=thread):
        if row.status in AWAITING_ANSWER:
            row.status = PitchStatus.REPLIED
            row.answered_at = replied_at
        if row.sent_at is not None:
            row.replied_at = min(row.replied_at or replied_at, replied_at)
        row.updated_at = now
        row.save(update_fields=["status", "answered_at", "replied_at", "updated_at"])
    _cancel_follow_up_drafts(pitch, now)
    pitch.refresh_from_db()
    return pitch


@transaction.atomic
def pitch_mark_undelivered(*, pitch: Pitch, reason: str, at: datetime, now: datetime) -> Pitch:
    """A delivery report says this email never arrived: a follow-up would not arrive either."""
    pitch.delivery_failed_at = at
    pitch.delivery_failure = reason[:300]
    pitch.updated_at = now
    pitch.save(update_fields=["delivery_failed_at", "delivery_failure", "updated_at"])
    _cancel_follow_up_drafts(pitch, now)
    return pitch


@transaction.atomic
def follow_up_prepare(
    *, pitch: Pitch, now: datetime | None = None, notify: bool = True
) -> Pitch | None:
    """Prepare (never send) one follow-up draft threaded to the original and tell its owner
    (`notify=False`: the caller tells them, as a fired follow-up reminder does). Idempotent:
    returns the existing draft; None once answered or at the follow-up cap."""
    now = now or timezone.now()
    pitch = (
        Pitch.objects.select_for_update(of=("self",))
        .select_related("influencer", "author")
        .get(pk=pitch.pk)
    )
    if pitch.status != PitchStatus.SENT or pitch.author is None:
        return None
    existing = pitch.follow_ups.exclude(status=PitchStatus.CANCELLED).order_by("created_at")
    draft = existing.filter(status=PitchStatus.DRAFT).first()
    if draft is not None:
        return draft
    policy_cap = selectors.guard_context_load(
        influencer=pitch.influencer, now=now, follow_up_of=pitch
    ).policy.max_follow_ups
    if existing.filter(admitted_at__isnull=False).count() >= policy_cap:
        return None
    first_name = merge_fields(influencer=pitch.influencer, author=pitch.author)["first_name"]
    draft = pitch_create(
        influencer=pitch.influencer,
        author=pitch.author,
        channel=pitch.channel,
        subject=f"Re: {pitch.subject}" if pitch.subject else "",
        body=f"Hi {first_name},\n\n",
        topics=pitch.topics.values_list("name", flat=True),
        follow_up_of=pitch,
        now=now,
    )
    if not notify:
        return draft
    notification_send(
        workspace=pitch.workspace,
        user=pitch.author,
        kind=NotificationKind.FOLLOW_UP_READY,
        title=f"Time for a polite follow-up with {pitch.influencer.name}?",
        body=(
            f"{pitch.influencer.name} has not answered “{pitch.subject or 'your pitch'}” "
            f"sent on {pitch.sent_at:%-d %b}. A follow-up draft is ready for you to write "
            f"and send (one polite follow-up is the limit)."
        ),
        url=f"/w/{pitch.workspace.slug}/outreach/{draft.public_id}/edit/",
        dedupe_key=f"follow_up_ready:{draft.pk}",
        email=True,
        now=now,
    )
    return draft


def follow_up_due_at(*, pitch: Pitch) -> datetime | None:
    """When a follow-up of this sent pitch becomes appropriate (the reminders planner reads it).
    None when the email never arrived."""
    if pitch.sent_at is None or pitch.delivery_failed_at is not None:
        return None
    policy = selectors.facts.contact_policy_effective(influencer=pitch.influencer)
    return follow_up_due_from(
        pitch=pitch,
        delay_days=policy.follow_up_delay_days,
        away=selectors.latest_auto_reply(pitch=pitch),
    )


def follow_up_due_from(
    *, pitch: Pitch, delay_days: int, away: InboundMessage | None
) -> datetime | None:
    """follow_up_due_at from what was read about the pitch: its follow-up delay and the newest
    auto-reply to its thread. Held while an auto-reply says they are away: the delay then counts
    from their return (or from the auto-reply when it names no date)."""
    if pitch.sent_at is None or pitch.delivery_failed_at is not None:
        return None
    delay = timedelta(days=delay_days)
    due = pitch.sent_at + delay
    if away is not None:
        back = away.received_at
        if away.away_until:
            zone = ZoneInfo(pitch.influencer.time_zone)
            back = max(back, datetime.combine(away.away_until, time(9, 0), tzinfo=zone))
        due = max(due, back + delay)
    return due

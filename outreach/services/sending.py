"""Sending (outreach.services.sending): pitches from draft to sent, always through the contact
guard (outreach.selectors.guard.pitch_reading).

Sending re-checks the guard inside a transaction that holds a row lock on the influencer, so two
teammates sending at once cannot both pass a cooldown. A pitch admitted by the guard (sent,
scheduled or held) counts as a contact from that moment. The rules of sending (what may be
scheduled and when, an override's reason and role) are decided here; views and the API only
translate the RuleError (GuardRefused when the guard spoke). Every send and override lands on
the timeline through contacts' services.
"""

from datetime import datetime
from email.utils import formataddr, parseaddr

from django.conf import settings
from django.db import connection, transaction
from django.db.models import QuerySet, prefetch_related_objects
from django.shortcuts import get_object_or_404
from django.utils import timezone

from contacts.facts import contact_policy_rows
from contacts.models import Channel, Direction, InteractionKind
from contacts.services import influencer_privacy_notice_sent, interaction_record
from irm.celery import task_queue
from irm.errors import RuleError
from irm.models import AuditAction, Role, User, Workspace
from irm.outbox import email_queue
from irm.services import audit_record
from outreach.guard import GuardRefused, Rule, Severity, Verdict
from outreach.models import (
    ADMITTED_UNSENT,
    Pitch,
    PitchStatus,
    SendingIdentity,
)
from outreach.selectors.guard import PitchGuardFacts, pitch_reading
from outreach.selectors.pitches import pitches_due
from outreach.services.notifications import NotificationKind, notification_send
from outreach.signals import pitch_admitted
from outreach.text import fingerprint


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
        raise GuardRefused(" ".join(f.message for f in verdict.blocks), verdict=verdict)
    if Role.rank(role) < Role.rank(Role.MANAGER):
        raise GuardRefused(
            " ".join(f.message for f in verdict.blocks)
            + " A manager may override this with a reason.",
            verdict=verdict,
        )
    if not reason.strip():
        raise RuleError("Give the reason for overriding the contact rules.", field="reason")
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
            raise RuleError(
                "Only email pitches are sent by Rapport at a set time: send this one yourself, "
                "then mark it sent.",
                field="send_at",
            )
        if send_at <= now:
            raise RuleError("Choose a moment in the future.", field="send_at")
    pitch = _lock(pitch)
    if pitch.status != PitchStatus.DRAFT:
        raise RuleError(f"This pitch is {pitch.get_status_display().lower()} already.")
    if not pitch.body.strip():
        raise RuleError("Write the pitch before sending it.", field="body")
    reading = pitch_reading(pitch=pitch, now=now)
    verdict, facts = reading.verdict, reading.facts
    if pitch.channel == Channel.EMAIL and not facts.primary_email:
        raise RuleError(f"{pitch.influencer.name} has no email address.", field="channel")
    overridden = _allow_override(verdict, role=actor_role, reason=override_reason)
    if pitch.channel != Channel.EMAIL and verdict.held_until is not None:
        # Holding it would later record it as sent though nobody sent it: the person who
        # sends it waits for the moment instead (the verdict says when).
        holds = [f.message for f in verdict.findings if f.severity == Severity.HOLD]
        raise GuardRefused(" ".join(holds), verdict=verdict)
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


def _deliver(pitch: Pitch, *, verdict: Verdict, facts: PitchGuardFacts, now: datetime) -> Pitch:
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
            lambda: task_queue("outreach.tasks.plan_follow_up", pitch.pk),
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
        raise RuleError("Email pitches are sent by Rapport: use Send.", field="channel")
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
        reading = pitch_reading(pitch=pitch, now=now)
        verdict, facts = reading.verdict, reading.facts
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
    for pitch_id in pitches_due(now=now).values_list("pk", flat=True):
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
        raise RuleError("Only drafts, scheduled, held or blocked pitches can be cancelled.")
    pitch.status = PitchStatus.CANCELLED
    pitch.send_at = None
    pitch.updated_at = now or timezone.now()
    pitch.save(update_fields=["status", "send_at", "updated_at"])
    return pitch

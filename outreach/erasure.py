"""What outreach holds about a person, counted and erased for contacts.services.erasure (registered
in OutreachConfig.ready): pitches and their attachments, inbound messages (matched to them or from
or to their addresses) with their raw files and attachments, reminders, notifications."""

from django.db.models import Q

from contacts.services import Eraser, Held, Traces
from irm.outbox import files_delete_on_commit
from outreach.models import (
    InboundAttachment,
    InboundMessage,
    Notification,
    Pitch,
    PitchAttachment,
    Reminder,
)


def _pitches(traces: Traces):
    return Pitch.objects.filter(influencer=traces.influencer)


def _inbound(traces: Traces):
    """Matched to them, about one of their pitches, or from, to or bounced from their address
    (a message nobody attached to them is still theirs)."""
    workspace = traces.influencer.workspace_id
    wanted = Q(influencer=traces.influencer) | Q(pitch__influencer=traces.influencer)
    for address in traces.emails:
        wanted |= Q(from_address__iexact=address) | Q(failed_recipient__iexact=address)
        wanted |= Q(to_addresses__contains=[address]) | Q(cc_addresses__contains=[address])
    return InboundMessage.objects.filter(wanted, workspace=workspace)


def _reminders(traces: Traces):
    return Reminder.objects.filter(
        Q(influencer=traces.influencer) | Q(pitch__influencer=traces.influencer)
    )


def _notifications(traces: Traces):
    """Through their reminders, or linking to their profile or pitches, or naming them."""
    influencer = traces.influencer
    wanted = Q(reminder__in=_reminders(traces)) | Q(url__contains=str(influencer.public_id))
    for public_id in _pitches(traces).values_list("public_id", flat=True):
        wanted |= Q(url__contains=str(public_id))
    for phrase in traces.names:
        wanted |= Q(title__icontains=phrase) | Q(body__icontains=phrase)
    return Notification.objects.filter(wanted, workspace=influencer.workspace_id)


def inventory(traces: Traces) -> list[Held]:
    inbound = _inbound(traces)
    return [
        Held(_pitches(traces).count(), "pitch", "pitches"),
        Held(inbound.count(), "inbound message", "inbound messages"),
        Held(
            InboundAttachment.objects.filter(message__in=inbound).count(),
            "inbound attachment",
            "inbound attachments",
        ),
        Held(_reminders(traces).count(), "reminder", "reminders"),
        Held(_notifications(traces).count(), "notification", "notifications"),
    ]


def erase(*, traces: Traces, now) -> None:
    pitches = _pitches(traces)
    traces.outbox_ids.extend(
        pitches.filter(outbox_email__isnull=False).values_list("outbox_email_id", flat=True)
    )
    inbound = _inbound(traces)
    files_delete_on_commit(
        [
            *PitchAttachment.objects.filter(pitch__in=pitches).values_list("file", flat=True),
            *inbound.values_list("raw", flat=True),
            *InboundAttachment.objects.filter(message__in=inbound).values_list("file", flat=True),
        ]
    )
    # Notifications first: they are found through the reminders and pitches deleted next.
    _notifications(traces).delete()
    _reminders(traces).delete()
    InboundMessage.objects.filter(pk__in=list(inbound.values_list("pk", flat=True))).delete()
    pitches.delete()


ERASER = Eraser(name="outreach", inventory=inventory, erase=erase)

"""What people do with an inbound message in the inbox: attach it to an influencer (or create
them from it), discard and restore it, decide on an auto-reply's return date. Arriving mail is
taken in by outreach/services/inbound.py."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from contacts.models import Influencer
from contacts.services import influencer_add_email, influencer_create, influencer_update
from irm.errors import RuleError
from irm.models import User
from outreach.models import AwayDecision, InboundMessage, InboundStatus, MatchedBy
from outreach.selectors.inbound_matching import pitch_by_subject, their_address
from outreach.services.inbound import inbound_apply


@transaction.atomic
def inbound_attach(
    *,
    message: InboundMessage,
    actor: User,
    influencer: Influencer | None = None,
    new_influencer_name: str = "",
    remember_address: bool = False,
    now: datetime | None = None,
) -> InboundMessage:
    """A person says who an unmatched (or discarded) message is about, or creates them from it.
    It then acts exactly as if it had matched: timeline, pitch, commitments."""
    now = now or timezone.now()
    message = InboundMessage.objects.select_for_update().get(pk=message.pk)
    if message.status == InboundStatus.MATCHED:
        raise RuleError("This message is on a timeline already.")
    if influencer is None and not new_influencer_name.strip():
        raise RuleError("Choose an influencer, or a name to create one.", field="influencer")
    if influencer is not None and influencer.workspace_id != message.workspace_id:
        raise RuleError("Choose an influencer of this workspace.", field="influencer")
    address = their_address(message)
    if influencer is None:
        influencer = influencer_create(
            workspace=message.workspace,
            actor=actor,
            name=new_influencer_name.strip(),
            emails=[address] if address else [],
            now=now,
        )
    elif remember_address and address:
        influencer_add_email(influencer=influencer, email=address, actor=actor, now=now)
    pitch = pitch_by_subject(message, influencer)
    message.handled_by = actor
    message.handled_at = now
    inbound_apply(message, influencer, pitch=pitch, matched_by=MatchedBy.PERSON, now=now)
    return message


@transaction.atomic
def inbound_discard(
    *, message: InboundMessage, actor: User, now: datetime | None = None
) -> InboundMessage:
    """Not about anyone we work with (a newsletter, spam): out of the inbox, kept for a while
    under Discarded in case it was a mistake."""
    return _inbound_move(
        message=message,
        source=InboundStatus.UNMATCHED,
        target=InboundStatus.DISCARDED,
        refusal="Only unmatched messages can be discarded.",
        actor=actor,
        now=now,
    )


@transaction.atomic
def inbound_restore(
    *, message: InboundMessage, actor: User, now: datetime | None = None
) -> InboundMessage:
    return _inbound_move(
        message=message,
        source=InboundStatus.DISCARDED,
        target=InboundStatus.UNMATCHED,
        refusal="Only discarded messages can be put back.",
        actor=actor,
        now=now,
    )


def _inbound_move(
    *,
    message: InboundMessage,
    source: str,
    target: str,
    refusal: str,
    actor: User,
    now: datetime | None,
) -> InboundMessage:
    """Discarding and restoring: the message locked, still where it was when the person
    chose (two people may click at once), then moved and signed by who moved it."""
    message = InboundMessage.objects.select_for_update().get(pk=message.pk)
    if message.status != source:
        raise RuleError(refusal)
    message.status = target
    message.handled_by = actor
    message.handled_at = now or timezone.now()
    message.save(update_fields=["status", "handled_by", "handled_at"])
    return message


@transaction.atomic
def inbound_away_decide(
    *, message: InboundMessage, apply: bool, actor: User, now: datetime | None = None
) -> InboundMessage:
    """A person confirms (or ignores) an auto-reply's return date as do-not-disturb-until."""
    now = now or timezone.now()
    message = (
        InboundMessage.objects.select_for_update(of=("self",))
        .select_related("influencer")
        .get(pk=message.pk)
    )
    if message.away_decision != AwayDecision.PENDING or message.influencer is None:
        raise RuleError("There is no return date waiting for a decision on this message.")
    if apply:
        influencer_update(
            influencer=message.influencer,
            actor=actor,
            do_not_disturb_until=message.away_until,
            now=now,
        )
    message.away_decision = AwayDecision.APPLIED if apply else AwayDecision.IGNORED
    message.handled_by = actor
    message.handled_at = now
    message.save(update_fields=["away_decision", "handled_by", "handled_at"])
    return message

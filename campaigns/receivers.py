"""Campaigns' answers to what outreach reports (outreach.signals): wiring only, the rule is
campaigns.services.pipeline.invitation_admitted."""

from django.dispatch import receiver

from campaigns.services.pipeline import invitation_admitted
from outreach.signals import pitch_admitted


@receiver(pitch_admitted, dispatch_uid="campaigns.invitation_admitted")
def invitation_went_out(sender, *, pitch, actor, now, **kwargs) -> None:
    invitation_admitted(pitch=pitch, actor=actor, now=now)

"""How a person may be contacted: the channels (Channel) they opened or closed to us
(ChannelPermission) and the contact policy (ContactPolicy: the workspace's defaults or one
influencer's overrides, applied by outreach's guard).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from contacts.models.influencers import Influencer, Stage
from irm.models import PublicIdModel, Workspace


class Channel(models.TextChoices):
    """Ways to reach a person. None counts as open without a ChannelPermission record."""

    EMAIL = "email", "Email"
    AGENT_EMAIL = "agent_email", "Email to their agent"
    INSTAGRAM_DM = "instagram_dm", "Instagram DM"
    TIKTOK_DM = "tiktok_dm", "TikTok DM"
    X_DM = "x_dm", "X DM"
    LINKEDIN = "linkedin", "LinkedIn message"
    PHONE = "phone", "Phone"
    WHATSAPP = "whatsapp", "WhatsApp"
    IN_PERSON = "in_person", "In person"


class ChannelPermission(PublicIdModel):
    """The open door: a channel they opened to us (or closed), since when and why we know."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    influencer = models.ForeignKey(
        Influencer, on_delete=models.CASCADE, related_name="channel_permissions"
    )
    channel = models.CharField(max_length=16, choices=Channel.choices)
    is_open = models.BooleanField(default=True)
    since = models.DateTimeField(default=timezone.now)
    evidence = models.CharField(
        max_length=300, help_text="e.g. “They emailed us first”, “Business email on profile”."
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["channel"]
        constraints = [
            models.UniqueConstraint(
                fields=["influencer", "channel"], name="contacts_channel_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()}: {'open' if self.is_open else 'closed'}"


def default_keep_in_touch_by_stage() -> dict[str, int]:
    return {
        Stage.PROSPECT: 120,
        Stage.AWARE: 90,
        Stage.ENGAGED: 60,
        Stage.COLLABORATING: 45,
        Stage.AMBASSADOR: 30,
    }


class ContactPolicy(models.Model):
    """How people may be contacted: the workspace's defaults (influencer empty) or one
    influencer's overrides (empty fields inherit the workspace's). Outreach's guard applies it."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    influencer = models.OneToOneField(
        Influencer,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="contact_policy",
    )
    cooldown_days = models.PositiveSmallIntegerField(null=True, blank=True)
    max_follow_ups = models.PositiveSmallIntegerField(null=True, blank=True)
    follow_up_delay_days = models.PositiveSmallIntegerField(null=True, blank=True)
    quiet_hours_start = models.TimeField(null=True, blank=True)
    quiet_hours_end = models.TimeField(null=True, blank=True)
    no_weekends = models.BooleanField(null=True, blank=True)
    team_cap_per_30_days = models.PositiveSmallIntegerField(null=True, blank=True)
    decline_memory_days = models.PositiveSmallIntegerField(null=True, blank=True)
    personalization_required = models.BooleanField(null=True, blank=True)
    keep_in_touch_days_by_stage = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name_plural = "contact policies"
        constraints = [
            models.UniqueConstraint(
                fields=["workspace"],
                condition=Q(influencer__isnull=True),
                name="contacts_policy_one_default",
            )
        ]

    def __str__(self) -> str:
        return f"Contact policy for {self.influencer or self.workspace}"

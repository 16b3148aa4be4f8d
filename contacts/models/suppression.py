"""What is left of an erased person: keyed digests of their addresses and handles
(Suppression, SuppressionKind) and each workspace's own key for them (SuppressionKey).
"""

from django.db import models
from django.utils import timezone

from contacts.models.influencers import Platform
from irm.models import Workspace


class SuppressionKind(models.TextChoices):
    EMAIL = "email", "Email address"
    HANDLE = "handle", "Social handle"


class SuppressionKey(models.Model):
    """The workspace's own random key for suppression digests. Stored rather than derived from
    SECRET_KEY, which may rotate: a rotated key would make every suppression unmatchable."""

    workspace = models.OneToOneField(Workspace, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Suppression key of {self.workspace_id}"


class Suppression(models.Model):
    """What is left of an erased person: a keyed digest (HMAC-SHA256) of one normalized
    address or handle, so a later import, creation or email from them is recognized and flagged
    do-not-contact without keeping the address itself."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=8, choices=SuppressionKind.choices)
    # The platform of a handle (the same handle elsewhere may be someone else); empty for email.
    platform = models.CharField(max_length=16, choices=Platform.choices, blank=True)
    digest = models.CharField(max_length=64)
    erased_on = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            # Also the lookup every creation, import row and inbound message makes.
            models.UniqueConstraint(
                fields=["workspace", "kind", "platform", "digest"],
                name="contacts_suppression_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} erased on {self.erased_on}"

"""Named, shareable lists of influencers (InfluencerList) and their entries (ListEntry)."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from contacts.models.influencers import Influencer, unique_per_workspace_ignoring_case
from irm.models import PublicIdModel, Workspace


class InfluencerList(PublicIdModel):
    """A named, shareable list ("Spring launch shortlist")."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    influencers = models.ManyToManyField(
        Influencer, through="ListEntry", related_name="lists", blank=True
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            unique_per_workspace_ignoring_case(
                "name",
                name="contacts_list_name_unique",
                message="A list with this name exists already.",
            )
        ]

    def __str__(self) -> str:
        return self.name


class ListEntry(models.Model):
    influencer_list = models.ForeignKey(InfluencerList, on_delete=models.CASCADE)
    influencer = models.ForeignKey(Influencer, on_delete=models.CASCADE)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "list entries"
        constraints = [
            models.UniqueConstraint(
                fields=["influencer_list", "influencer"], name="contacts_list_entry_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.influencer_id} in {self.influencer_list_id}"

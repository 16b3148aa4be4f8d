"""Relationship health over time: one influencer's health on one day
(HealthSnapshot) and the daily band counts the dashboard charts (HealthDayCount).
"""

from django.db import models

from contacts.models.influencers import HealthBand, Influencer
from irm.models import Workspace


class HealthSnapshot(models.Model):
    """One influencer's relationship health on one day (UTC), as contacts.services.health found
    it: the trend charts and the dashboard's "change vs 30 days ago" read these."""

    # No index of their own: contacts_health_ws_day_idx starts with the workspace and the
    # (influencer, day) key with the influencer, so each would be a second copy that every
    # snapshot written (100,000 a night) had to keep up.
    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    influencer = models.ForeignKey(
        Influencer, on_delete=models.CASCADE, related_name="health_snapshots", db_index=False
    )
    day = models.DateField()
    score = models.PositiveSmallIntegerField()
    # The band people saw that day (an override included) and the one computed.
    band = models.CharField(max_length=10, choices=HealthBand.choices)
    computed_band = models.CharField(max_length=10, choices=HealthBand.choices)
    recency = models.PositiveSmallIntegerField()
    reciprocity = models.PositiveSmallIntegerField()
    respect = models.PositiveSmallIntegerField()
    owed = models.PositiveSmallIntegerField()
    depth = models.PositiveSmallIntegerField()
    sentiment = models.PositiveSmallIntegerField()
    # The facts behind the components (counts, days, dates), for explanations and the API.
    facts = models.JSONField(default=dict)
    reasons = models.JSONField(default=list)
    computed_at = models.DateTimeField()

    class Meta:
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(fields=["influencer", "day"], name="contacts_health_day_unique")
        ]
        indexes = [
            # Trend charts and band counts per day inside one workspace.
            models.Index(fields=["workspace", "day", "band"], name="contacts_health_ws_day_idx")
        ]

    def __str__(self) -> str:
        return f"{self.influencer_id} on {self.day}: {self.score} ({self.band})"


class HealthDayCount(models.Model):
    """How many relationships had a snapshot in each band on one day: for the whole workspace,
    per team, per owner and per team and owner. The dashboard's trend and its "change since 30
    days ago" read these few rows instead of every snapshot of 90 days.

    Kept exact by the database (contacts.selectors.health_day_counts says how and why): every write
    of a snapshot, and every change of an influencer's team, owner, archiving or erasure, moves the
    counts in the statement that makes it. A day counts the people in the scope *now*, as the trend
    always has: erasing or archiving someone takes them out of every past day too, unarchiving
    brings them back, and a new owner takes their history along. Rows whose count fell to 0 stay (a
    day with only zeros reads as a day without snapshots)."""

    # team_key / owner_key: a team's or a user's id, NOBODY for people without one, ANY for the
    # rows that count every team (or every owner).
    ANY = -1
    NOBODY = 0

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    team_key = models.BigIntegerField()
    owner_key = models.BigIntegerField()
    day = models.DateField()
    band = models.CharField(max_length=10, choices=HealthBand.choices)
    count = models.IntegerField()

    class Meta:
        constraints = [
            # Also the dashboard's trend query: one scope's days and bands, in order.
            models.UniqueConstraint(
                fields=["workspace", "team_key", "owner_key", "day", "band"],
                name="contacts_health_daycount_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.band}: {self.count}"

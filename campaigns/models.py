"""Campaigns as partnerships: a brand's story told together with influencers. A collaboration is
one influencer in one campaign, moved through a pipeline; offers are checked for fairness
against their rate card; contracts, payments, product seeding and deliverables follow it, and
results (metrics and moments) make the report."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

from contacts.models import DeliverableType, Influencer
from irm.models import PublicIdModel, Team, Workspace
from outreach.models import Pitch

MONEY = {"max_digits": 12, "decimal_places": 2, "validators": [MinValueValidator(0)]}


class Brand(PublicIdModel):
    """A client of the PR team, with what it stands for (so pitches and briefs fit both)."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="brands")
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    values = models.TextField(blank=True, help_text="What the brand stands for.")
    website = models.URLField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                "workspace",
                Lower("name"),
                name="campaigns_brand_name_unique",
                violation_error_message="A brand with this name exists already.",
            )
        ]

    def __str__(self) -> str:
        return self.name


class CampaignStatus(models.TextChoices):
    PLANNING = "planning", "Planning"
    ACTIVE = "active", "Active"
    COMPLETED = "completed", "Completed"
    CANCELLED = "cancelled", "Cancelled"


class Campaign(PublicIdModel):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="campaigns")
    brand = models.ForeignKey(Brand, on_delete=models.PROTECT, related_name="campaigns")
    name = models.CharField(max_length=150)
    goal = models.TextField(blank=True)
    story = models.TextField(blank=True, help_text="The brief: the story we tell together.")
    key_messages = models.TextField(blank=True)
    dos = models.TextField("do's", blank=True)
    donts = models.TextField("don'ts", blank=True)
    hashtags = ArrayField(models.CharField(max_length=60), default=list, blank=True)
    disclosure = models.TextField(
        blank=True,
        help_text="How partnerships are disclosed, e.g. #ad and the paid-partnership label.",
    )
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    budget = models.DecimalField(**MONEY, null=True, blank=True)
    currency = models.CharField(max_length=3, default="EUR")
    status = models.CharField(
        max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.PLANNING
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    team = models.ForeignKey(
        Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    # Bumped by each edit a person saves (optimistic concurrency: irm.versions); background
    # updates of derived fields leave it alone, so they never turn an edit into a conflict.
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["-starts_on", "name"]
        indexes = [
            # The campaign list: by status and dates, filtered by brand, owner or team.
            models.Index(fields=["workspace", "status", "-starts_on"], name="campaigns_list_idx"),
            models.Index(fields=["workspace", "brand"], name="campaigns_brand_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="campaigns_dates_in_order",
                violation_error_message="The campaign cannot end before it starts.",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Stage(models.TextChoices):
    SHORTLISTED = "shortlisted", "Shortlisted"
    INVITED = "invited", "Invited"
    NEGOTIATING = "negotiating", "Negotiating"
    AGREED = "agreed", "Agreed"
    IN_REVIEW = "in_review", "In review"
    PUBLISHED = "published", "Published"
    COMPLETED = "completed", "Completed"
    DECLINED = "declined", "Declined"
    CANCELLED = "cancelled", "Cancelled"


class ContractStatus(models.TextChoices):
    NONE = "none", "No contract yet"
    DRAFT = "draft", "Draft"
    SENT = "sent", "Sent for signature"
    SIGNED = "signed", "Signed"
    CANCELLED = "cancelled", "Cancelled"


class Collaboration(PublicIdModel):
    """One influencer in one campaign: the partnership, from shortlist to completion."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="collaborations")
    influencer = models.ForeignKey(
        Influencer, on_delete=models.CASCADE, related_name="collaborations"
    )
    stage = models.CharField(max_length=12, choices=Stage.choices, default=Stage.SHORTLISTED)
    stage_changed_at = models.DateTimeField(default=timezone.now)
    # Within a board column, in the order people arranged them.
    position = models.PositiveIntegerField(default=0)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The personal invitation drafted through the outreach guard.
    invitation = models.ForeignKey(
        Pitch, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    contract_status = models.CharField(
        max_length=10, choices=ContractStatus.choices, default=ContractStatus.NONE
    )
    contract_signed_on = models.DateField(null=True, blank=True)
    # Served only through a permission-checked view, never from a public URL.
    contract_file = models.FileField(upload_to="contracts/%Y/%m/", blank=True)
    contract_file_name = models.CharField(max_length=255, blank=True)
    usage_rights = models.TextField(blank=True)
    story_notes = models.TextField(blank=True, help_text="The story we shape together.")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["position", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "influencer"],
                name="campaigns_one_collaboration_each",
                violation_error_message="They are in this campaign already.",
            )
        ]
        indexes = [
            # The board: a campaign's collaborations by stage, in their order.
            models.Index(fields=["campaign", "stage", "position"], name="campaigns_board_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.influencer_id} in {self.campaign_id} ({self.stage})"


class OfferStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Offer(PublicIdModel):
    """What we offer for what: a fee, a product and its value, an affiliate share,
    cross-promotion and other value, for the deliverables listed in its items."""

    collaboration = models.ForeignKey(
        Collaboration, on_delete=models.CASCADE, related_name="offers"
    )
    fee = models.DecimalField(**MONEY, null=True, blank=True)
    currency = models.CharField(max_length=3, default="EUR")
    product = models.CharField(max_length=300, blank=True)
    product_value = models.DecimalField(**MONEY, null=True, blank=True)
    affiliate_percent = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    cross_promotion = models.TextField(blank=True)
    other_value = models.TextField(blank=True)
    status = models.CharField(
        max_length=10, choices=OfferStatus.choices, default=OfferStatus.PROPOSED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Offer {self.fee} {self.currency} ({self.status})"


class OfferItem(models.Model):
    """A deliverable the offer pays for, e.g. 2 Instagram reels."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="items")
    deliverable_type = models.CharField(max_length=24, choices=DeliverableType.choices)
    quantity = models.PositiveSmallIntegerField(default=1, validators=[MinValueValidator(1)])

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["offer", "deliverable_type"], name="campaigns_offer_item_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.quantity} x {self.get_deliverable_type_display()}"


class ExchangeRate(models.Model):
    """1 unit of from_currency in to_currency, as the workspace admin set it on a date. Offers in
    another currency than the rate card are compared only through one of these."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    from_currency = models.CharField(max_length=3)
    to_currency = models.CharField(max_length=3)
    rate = models.DecimalField(max_digits=14, decimal_places=6, validators=[MinValueValidator(0)])
    as_of = models.DateField()
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["from_currency", "to_currency", "-as_of"]
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "from_currency", "to_currency", "as_of"],
                name="campaigns_rate_once_a_day",
            )
        ]

    def __str__(self) -> str:
        return f"1 {self.from_currency} = {self.rate} {self.to_currency} ({self.as_of})"


class Payment(PublicIdModel):
    """What we pay them and when. A due payment is a commitment we owe them (contacts)."""

    collaboration = models.ForeignKey(
        Collaboration, on_delete=models.CASCADE, related_name="payments"
    )
    amount = models.DecimalField(**MONEY)
    currency = models.CharField(max_length=3, default="EUR")
    due_on = models.DateField()
    paid_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(
                fields=["due_on"], condition=Q(paid_at__isnull=True), name="campaigns_unpaid_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.amount} {self.currency} due {self.due_on}"


class Shipment(PublicIdModel):
    """Product seeding for one collaboration: what went where, and whether it arrived."""

    collaboration = models.OneToOneField(
        Collaboration, on_delete=models.CASCADE, related_name="shipment"
    )
    items = models.TextField()
    value = models.DecimalField(**MONEY, null=True, blank=True)
    currency = models.CharField(max_length=3, default="EUR")
    address = models.TextField(blank=True)
    carrier = models.CharField(max_length=80, blank=True)
    tracking = models.CharField(max_length=120, blank=True)
    shipped_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Shipment for {self.collaboration_id}"


class DeliverableStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    DRAFT_SUBMITTED = "draft_submitted", "Draft submitted"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    APPROVED = "approved", "Approved"
    PUBLISHED = "published", "Published"


class Deliverable(PublicIdModel):
    collaboration = models.ForeignKey(
        Collaboration, on_delete=models.CASCADE, related_name="deliverables"
    )
    kind = models.CharField(max_length=24, choices=DeliverableType.choices)
    title = models.CharField(max_length=200, blank=True)
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=18, choices=DeliverableStatus.choices, default=DeliverableStatus.PLANNED
    )
    draft_url = models.URLField(max_length=500, blank=True)
    review_comment = models.TextField(blank=True)
    published_url = models.URLField(max_length=500, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(
                fields=["due_on"],
                condition=~Q(status="published"),
                name="campaigns_deliverable_due_idx",
            )
        ]

    def __str__(self) -> str:
        return self.title or self.get_kind_display()


class ResultSource(models.TextChoices):
    MANUAL = "manual", "Entered by hand"
    CSV = "csv", "Imported from CSV"


class DeliverableResult(models.Model):
    """What a published deliverable did, entered by hand or imported."""

    deliverable = models.OneToOneField(Deliverable, on_delete=models.CASCADE, related_name="result")
    likes = models.PositiveIntegerField(default=0)
    comments = models.PositiveIntegerField(default=0)
    shares = models.PositiveIntegerField(default=0)
    saves = models.PositiveIntegerField(default=0)
    views = models.PositiveBigIntegerField(default=0)
    clicks = models.PositiveIntegerField(default=0)
    conversions = models.PositiveIntegerField(default=0)
    # Comment sentiment, counted by a person reading them.
    positive_comments = models.PositiveIntegerField(default=0)
    neutral_comments = models.PositiveIntegerField(default=0)
    negative_comments = models.PositiveIntegerField(default=0)
    source = models.CharField(
        max_length=8, choices=ResultSource.choices, default=ResultSource.MANUAL
    )
    measured_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Results of {self.deliverable_id}"


class Moment(PublicIdModel):
    """A highlight in words: the best comments, what the audience said, what changed."""

    collaboration = models.ForeignKey(
        Collaboration, on_delete=models.CASCADE, related_name="moments"
    )
    deliverable = models.ForeignKey(
        Deliverable, on_delete=models.SET_NULL, null=True, blank=True, related_name="moments"
    )
    text = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.text[:60]


class ReportShareLink(PublicIdModel):
    """A read-only link to a campaign's report for a client without a login: secret (only its
    hash is kept), expiring and revocable."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="share_links")
    secret_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Share link for {self.campaign_id} until {self.expires_at:%Y-%m-%d}"

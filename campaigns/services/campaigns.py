"""Writes for brands (the PR team's clients) and campaigns (their briefs, dates, budget and
owners): each checked against the model's own field rules and the workspace's, as one readable
RuleError. The pipeline of collaborations is campaigns/services/pipeline.py."""

import re
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from campaigns.models import Brand, Campaign, CampaignStatus
from irm.errors import RuleError
from irm.models import Team, User, Workspace
from irm.versions import version_claim

BRAND_FIELDS = ("name", "description", "values", "website")
CAMPAIGN_FIELDS = (
    "brand",
    "name",
    "goal",
    "story",
    "key_messages",
    "dos",
    "donts",
    "hashtags",
    "disclosure",
    "starts_on",
    "ends_on",
    "budget",
    "currency",
    "status",
    "owner",
    "team",
)
_CURRENCY = re.compile(r"^[A-Z]{3}$")


def currency_clean(value: str, *, field: str = "currency") -> str:
    """A three-letter ISO 4217 code, upper-cased: “eur” -> “EUR”."""
    code = (value or "").strip().upper()
    if not _CURRENCY.match(code):
        raise RuleError("A currency is a three-letter code such as EUR or USD.", field=field)
    return code


def _full_clean(instance: Any, *, exclude: Iterable[str] = ()) -> None:
    """The model's own field checks (lengths, URLs), as one readable RuleError."""
    try:
        instance.full_clean(
            exclude=list(exclude), validate_unique=False, validate_constraints=False
        )
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise RuleError(messages[0], field=None if field == "__all__" else field) from None


# --- brands ------------------------------------------------------------------------------------


def _brand_name(workspace: Workspace, name: str, exclude: Brand | None) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise RuleError("Give the brand a name.", field="name")
    taken = Brand.objects.filter(workspace=workspace, name__iexact=name)
    if exclude is not None:
        taken = taken.exclude(pk=exclude.pk)
    if taken.exists():
        raise RuleError(f"A brand named “{name}” exists already.", field="name")
    return name


@transaction.atomic
def brand_create(
    *,
    workspace: Workspace,
    actor: User,
    name: str,
    description: str = "",
    values: str = "",
    website: str = "",
    now: datetime | None = None,
) -> Brand:
    now = now or timezone.now()
    brand = Brand(
        workspace=workspace,
        name=_brand_name(workspace, name, None),
        description=description.strip(),
        values=values.strip(),
        website=website.strip(),
        created_at=now,
    )
    _full_clean(brand, exclude=["workspace"])
    brand.save()
    return brand


@transaction.atomic
def brand_update(
    *, brand: Brand, actor: User, now: datetime | None = None, **changes: Any
) -> Brand:
    unknown = set(changes) - set(BRAND_FIELDS)
    if unknown:
        raise TypeError(f"unknown brand fields: {sorted(unknown)}")
    brand = Brand.objects.select_for_update().get(pk=brand.pk)
    if "name" in changes:
        changes["name"] = _brand_name(brand.workspace, changes["name"], brand)
    for field, value in changes.items():
        setattr(brand, field, value.strip() if isinstance(value, str) else value)
    _full_clean(brand, exclude=["workspace"])
    brand.save(update_fields=list(changes) or None)
    return brand


# --- campaigns ---------------------------------------------------------------------------------


def _hashtags(tags: Iterable[str]) -> list[str]:
    """Trimmed, without repeats (case-insensitive), in the order given."""
    seen: dict[str, str] = {}
    for tag in tags:
        tag = "".join(tag.split())
        if tag and tag.lower() not in seen:
            seen[tag.lower()] = tag[:60]
    return list(seen.values())


def _check_campaign(campaign: Campaign) -> None:
    workspace_id = campaign.workspace_id
    if not campaign.name.strip():
        raise RuleError("Give the campaign a name.", field="name")
    if campaign.brand.workspace_id != workspace_id:
        raise RuleError("The brand must belong to this workspace.", field="brand")
    starts_on, ends_on = campaign.starts_on, campaign.ends_on
    if starts_on and ends_on and ends_on < starts_on:
        raise RuleError("The campaign cannot end before it starts.", field="ends_on")
    if campaign.budget is not None and Decimal(campaign.budget) < 0:
        raise RuleError("A budget cannot be negative.", field="budget")
    if campaign.status not in CampaignStatus.values:
        raise RuleError(f"“{campaign.status}” is not a campaign status.", field="status")
    owner = campaign.owner
    if owner is not None and not owner.memberships.filter(workspace_id=workspace_id).exists():
        raise RuleError("The owner must be a member of this workspace.", field="owner")
    if campaign.team is not None and campaign.team.workspace_id != workspace_id:
        raise RuleError("The team must belong to this workspace.", field="team")


@transaction.atomic
def campaign_create(
    *,
    workspace: Workspace,
    actor: User,
    brand: Brand,
    name: str,
    goal: str = "",
    story: str = "",
    key_messages: str = "",
    dos: str = "",
    donts: str = "",
    hashtags: Iterable[str] = (),
    disclosure: str = "",
    starts_on: date | None = None,
    ends_on: date | None = None,
    budget: Decimal | None = None,
    currency: str = "EUR",
    status: str = CampaignStatus.PLANNING,
    owner: User | None = None,
    team: Team | None = None,
    now: datetime | None = None,
) -> Campaign:
    """1. check the brand, dates, budget, currency, owner and team, 2. save it."""
    now = now or timezone.now()
    campaign = Campaign(
        workspace=workspace,
        brand=brand,
        name=" ".join(name.split()),
        goal=goal.strip(),
        story=story.strip(),
        key_messages=key_messages.strip(),
        dos=dos.strip(),
        donts=donts.strip(),
        hashtags=_hashtags(hashtags),
        disclosure=disclosure.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        budget=budget,
        currency=currency_clean(currency),
        status=status,
        owner=owner,
        team=team,
        created_at=now,
        updated_at=now,
    )
    _check_campaign(campaign)
    _full_clean(campaign, exclude=["workspace", "brand", "owner", "team"])
    campaign.save()
    return campaign


@transaction.atomic
def campaign_update(
    *,
    campaign: Campaign,
    actor: User,
    now: datetime | None = None,
    version: int | None = None,
    **changes: Any,
) -> Campaign:
    """`version`: the one the editor started from; if someone saved since, VersionConflict and
    nothing is written. Every update bumps the version."""
    now = now or timezone.now()
    unknown = set(changes) - set(CAMPAIGN_FIELDS)
    if unknown:
        raise TypeError(f"unknown campaign fields: {sorted(unknown)}")
    # A fresh, locked copy: a refused change leaves the caller's object as it was.
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    version_claim(row=campaign, expected=version)
    if "currency" in changes:
        changes["currency"] = currency_clean(changes["currency"])
    if "hashtags" in changes:
        changes["hashtags"] = _hashtags(changes["hashtags"])
    if "name" in changes:
        changes["name"] = " ".join(changes["name"].split())
    for field, value in changes.items():
        setattr(campaign, field, value.strip() if isinstance(value, str) else value)
    _check_campaign(campaign)
    _full_clean(campaign, exclude=["workspace", "brand", "owner", "team"])
    campaign.updated_at = now
    campaign.save(update_fields=[*changes, "updated_at", "version"])
    return campaign

"""Writes to an influencer's profile: creating and editing them (the fields a person edits,
PROFILE_FIELDS), their addresses, topics, social accounts and follower snapshots, their rate
card, the search document, and the privacy notice.

Open channels and do-not-contact are in contacts/services/channels.py; the timeline in
contacts/services/timeline.py. Keyword-only, one transaction each, RuleError with a message a
person can read; callers check who may act first.
"""

from collections.abc import Iterable
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.db.models.functions import Lower
from django.utils import timezone

from contacts import normalize
from contacts.models import (
    DeliverableType,
    Direction,
    Influencer,
    InfluencerEmail,
    InteractionKind,
    MetricSnapshot,
    RateCard,
    SocialAccount,
    Stage,
    Topic,
)
from contacts.selectors import search
from contacts.services import suppression
from contacts.services.channels import DO_NOT_CONTACT_FIELDS, do_not_contact_set
from contacts.services.health import PROFILE_INPUTS, health_refresh_on_commit
from contacts.services.timeline import interaction_record
from irm.errors import RuleError
from irm.models import User, Workspace
from irm.versions import version_claim

# The fields of the profile a person edits (forms, the API, the import).
PROFILE_FIELDS = (
    "name",
    "pronouns",
    "avatar_url",
    "bio",
    "background",
    "values",
    "audience_notes",
    "location",
    "country",
    "time_zone",
    "languages",
    "phone",
    "website",
    "shipping_address",
    "agent_name",
    "agent_email",
    "keep_in_touch_days",
    "do_not_disturb_until",
)


# --- search ---


def influencer_refresh_search(*, influencer: Influencer) -> None:
    """Rebuild the search document: name, handles, emails' local parts, bio, topics, location."""
    handles = SocialAccount.objects.filter(influencer=influencer).values_list("handle", flat=True)
    emails = InfluencerEmail.objects.filter(influencer=influencer).values_list("email", flat=True)
    topics = influencer.topics.values_list("name", flat=True)
    text = search.document(
        influencer.name,
        " ".join(handles),
        " ".join(address.split("@")[0] for address in emails),
        influencer.bio,
        " ".join(topics),
        influencer.location,
        influencer.agent_name,
    )
    Influencer.objects.filter(pk=influencer.pk).update(search_vector=search.vector_for(text))


# --- profiles ---


# What full_clean would fetch, one query each, for a value nobody types: foreign keys the
# database's own constraints keep right, and the search vector the import's writer does not
# load (it rebuilds it). The writer checks thousands of profiles without them.
_LOOKED_UP_KEYS = ["do_not_contact_by", "health_override_by", "archived_by", "search_vector"]


def influencer_clean(influencer: Influencer, *, queries: bool = True, check: bool = True) -> None:
    """Derive sort_name, tidy country and languages, check every field as the model does;
    RuleError with the first message. `queries=False` (the import's writer) skips the
    checks that ask the database (public_id's uniqueness, the users a profile points to):
    the foreign keys are the database's to keep. `check=False`: derive and tidy only, for
    values checked already (an import's new profile: contacts.imports.rows checks each value
    of a row as the model's field does when it reads the row)."""
    influencer.sort_name = normalize.sort_key(influencer.name)
    influencer.country = influencer.country.strip().upper()
    influencer.languages = sorted({code.strip().lower() for code in influencer.languages if code})
    if not check:
        return
    exclude = ["workspace", "owner", "team", "created_by"]
    try:
        if queries:
            influencer.full_clean(exclude=exclude)
        else:
            influencer.full_clean(
                exclude=exclude + _LOOKED_UP_KEYS, validate_unique=False, validate_constraints=False
            )
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise RuleError(messages[0], field=None if field == "__all__" else field) from None


def _check_owner_and_team(workspace: Workspace, owner: User | None, team) -> None:
    if owner is not None and not owner.memberships.filter(workspace=workspace).exists():
        raise RuleError("The owner must be a member of this workspace.", field="owner")
    if team is not None and team.workspace_id != workspace.pk:
        raise RuleError("The team must belong to this workspace.", field="team")


@transaction.atomic
def influencer_create(
    *,
    workspace: Workspace,
    actor: User,
    name: str,
    emails: Iterable[str] = (),
    accounts: Iterable[dict] = (),
    topics: Iterable[str] = (),
    owner: User | None = None,
    team=None,
    stage: str = Stage.PROSPECT,
    time_zone_guessed: bool = False,
    now: datetime | None = None,
    **profile: Any,
) -> Influencer:
    """1. validate the profile, 2. save it with its emails, accounts and topics,
    3. keep total_followers and the search document. `time_zone_guessed`: the zone was guessed
    from their city and country (an import), and the profile says so.

    Someone whose address or handle was erased before (contacts.services.suppression) comes
    back as a minimal profile only (name, addresses, handles), flagged do-not-contact "erased on
    <date>"; `influencer.erased_on` then says when, so the caller can tell the person."""
    now = now or timezone.now()
    unknown = set(profile) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"unknown profile fields: {sorted(unknown)}")
    _check_owner_and_team(workspace, owner, team)
    emails, accounts = list(emails), list(accounts)
    erased_on = suppression.suppression_match(
        workspace=workspace,
        emails=emails,
        handles=[(a.get("platform", ""), a.get("handle", "")) for a in accounts],
    )
    if erased_on is not None:
        profile = {k: v for k, v in profile.items() if k in ("time_zone",)}
        topics = ()
        accounts = [{"platform": a["platform"], "handle": a["handle"]} for a in accounts]
    influencer = Influencer(
        workspace=workspace,
        name=name.strip(),
        owner=owner,
        team=team,
        stage=stage,
        created_by=actor,
        created_at=now,
        updated_at=now,
        time_zone_guessed=time_zone_guessed,
        **profile,
    )
    influencer_clean(influencer)
    influencer.save()
    # The derived fields are refreshed once at the end, not after each part (imports add
    # thousands of people this way).
    # Their addresses and handles were checked against the erased ones above, all at once.
    for position, address in enumerate(emails):
        influencer_add_email(
            influencer=influencer,
            email=address,
            primary=position == 0,
            refresh=False,
            erased_check=False,
        )
    for account in accounts:
        social_account_save(
            influencer=influencer, now=now, refresh=False, erased_check=False, **account
        )
    if accounts:
        influencer_refresh_total_followers(influencer=influencer)
    influencer_set_topics(influencer=influencer, names=topics, refresh=False)
    influencer_refresh_search(influencer=influencer)
    influencer.erased_on = erased_on
    if erased_on is not None:
        do_not_contact_set(
            influencer=influencer,
            reason=suppression.erased_reason(erased_on),
            actor=actor,
            now=now,
        )
        influencer.refresh_from_db()
        influencer.erased_on = erased_on
    return influencer


@transaction.atomic
def influencer_update(
    *,
    influencer: Influencer,
    actor: User,
    now: datetime | None = None,
    version: int | None = None,
    **changes: Any,
) -> Influencer:
    """Update profile fields, owner, team and stage; a stage change lands on the timeline.
    A time zone changed without `time_zone_guessed=True` is someone's word: no longer a guess
    (the same zone saved again with the other details leaves the guess as it was).
    `version`: the one the editor started from; if someone saved since, VersionConflict and
    nothing is written. Every update bumps the version."""
    now = now or timezone.now()
    allowed = set(PROFILE_FIELDS) | {"owner", "team", "stage", "time_zone_guessed"}
    unknown = set(changes) - allowed
    if unknown:
        raise TypeError(f"unknown influencer fields: {sorted(unknown)}")
    influencer = Influencer.objects.select_for_update().get(pk=influencer.pk)
    version_claim(row=influencer, expected=version)
    _check_owner_and_team(
        influencer.workspace,
        changes.get("owner", influencer.owner),
        changes.get("team", influencer.team),
    )
    old_stage = influencer.stage
    health_before = [getattr(influencer, name) for name in PROFILE_INPUTS]
    if changes.get("time_zone", influencer.time_zone) != influencer.time_zone:
        changes.setdefault("time_zone_guessed", False)
    for field, value in changes.items():
        setattr(influencer, field, value.strip() if isinstance(value, str) else value)
    influencer_clean(influencer)
    influencer.updated_at = now
    influencer.save()
    if influencer.stage != old_stage:
        interaction_record(
            influencer=influencer,
            kind=InteractionKind.STAGE_CHANGE,
            direction=Direction.INTERNAL,
            summary=f"Stage: {Stage(old_stage).label} → {influencer.get_stage_display()}",
            author=actor,
            occurred_at=now,
            now=now,
        )
    influencer_refresh_search(influencer=influencer)
    # Stage and cadence are inputs of relationship health; the other fields are not.
    if [getattr(influencer, name) for name in PROFILE_INPUTS] != health_before:
        health_refresh_on_commit(influencer_id=influencer.pk, now=now)
    return influencer


def influencer_flag_if_erased(
    *,
    influencer: Influencer,
    emails: Iterable[str] = (),
    handles: Iterable[tuple[str, str]] = (),
    actor: User | None,
    now: datetime | None = None,
) -> date | None:
    """New addresses or handles of an existing profile that belonged to someone erased before
    (contacts.services.suppression): flag the profile do-not-contact "erased on <date>", as creation
    does, and set `influencer.erased_on` so the caller tells the person. Returns that date.
    One query in a workspace that never erased anyone."""
    erased_on = suppression.suppression_match(
        workspace=influencer.workspace, emails=emails, handles=handles
    )
    if erased_on is None:
        return None
    reason = suppression.erased_reason(erased_on)
    if not (influencer.do_not_contact and influencer.do_not_contact_reason == reason):
        flagged = do_not_contact_set(influencer=influencer, reason=reason, actor=actor, now=now)
        for field in DO_NOT_CONTACT_FIELDS:
            setattr(influencer, field, getattr(flagged, field))
    influencer.erased_on = erased_on
    return erased_on


@transaction.atomic
def influencer_add_email(
    *,
    influencer: Influencer,
    email: str,
    primary: bool = False,
    refresh: bool = True,
    actor: User | None = None,
    now: datetime | None = None,
    erased_check: bool = True,
) -> InfluencerEmail:
    """Add an address (one of theirs already is returned as it is). An address of someone
    erased before flags them do-not-contact (influencer_flag_if_erased), by `actor`.
    `refresh=False` leaves the search document to a caller that refreshes it once;
    `erased_check=False` to a caller that checked every new address and handle at once."""
    address = normalize.email(email)
    if not address:
        raise RuleError("Enter an email address.", field="email")
    clash = (
        InfluencerEmail.objects.filter(workspace=influencer.workspace_id, email__iexact=address)
        .select_related("influencer")
        .first()
    )
    if clash is not None:
        if clash.influencer_id == influencer.pk:
            return clash
        raise RuleError(f"{address} belongs to {clash.influencer.name} already.", field="email")
    if primary:
        InfluencerEmail.objects.filter(influencer=influencer, is_primary=True).update(
            is_primary=False
        )
    elif not InfluencerEmail.objects.filter(influencer=influencer).exists():
        primary = True
    row = InfluencerEmail.objects.create(
        workspace=influencer.workspace, influencer=influencer, email=address, is_primary=primary
    )
    if erased_check:
        influencer_flag_if_erased(influencer=influencer, emails=[address], actor=actor, now=now)
    if refresh:
        influencer_refresh_search(influencer=influencer)
    return row


def email_flag_bounced(
    *, workspace: Workspace, address: str, reason: str, at: datetime
) -> InfluencerEmail | None:
    """A delivery report said mail to `address` cannot be delivered: flag it where people see
    their addresses (and the composer warns). Returns the flagged address, if it is theirs."""
    row = (
        InfluencerEmail.objects.alias(lower_email=Lower("email"))
        .filter(workspace=workspace, lower_email=normalize.email(address))
        .first()
    )
    if row is not None:
        row.bounced_at = at
        row.bounce_reason = reason[:300]
        row.save(update_fields=["bounced_at", "bounce_reason"])
    return row


@transaction.atomic
def influencer_remove_email(*, influencer: Influencer, email: str) -> None:
    deleted = InfluencerEmail.objects.filter(influencer=influencer, email__iexact=email).first()
    if deleted is None:
        return
    deleted.delete()
    if deleted.is_primary:
        replacement = (
            InfluencerEmail.objects.filter(influencer=influencer).order_by("email").first()
        )
        if replacement is not None:
            replacement.is_primary = True
            replacement.save(update_fields=["is_primary"])
    influencer_refresh_search(influencer=influencer)


def topics_ensure(*, workspace: Workspace, names: Iterable[str]) -> list[Topic]:
    wanted = {name.strip(): None for name in names if name and name.strip()}
    topics = []
    for name in wanted:
        topic = Topic.objects.filter(workspace=workspace, name__iexact=name).first()
        if topic is None:
            topic = Topic.objects.create(workspace=workspace, name=name)
        topics.append(topic)
    return topics


@transaction.atomic
def influencer_set_topics(
    *, influencer: Influencer, names: Iterable[str], refresh: bool = True
) -> None:
    influencer.topics.set(topics_ensure(workspace=influencer.workspace, names=names))
    if refresh:
        influencer_refresh_search(influencer=influencer)


def influencer_refresh_total_followers(*, influencer: Influencer) -> None:
    """The sum of the counts we know (SUM skips nulls); null while none is known. Kept for the
    list's sort and filter, by every write to accounts (services, merge, the admin)."""
    total = SocialAccount.objects.filter(influencer=influencer).aggregate(total=Sum("followers"))
    Influencer.objects.filter(pk=influencer.pk).update(total_followers=total["total"])


def social_account_snapshot(*, account: SocialAccount, now: datetime) -> None:
    """Today's snapshot holds the account's numbers as they stand: the trend's last point is
    what the accounts table shows. Whatever changes an account's numbers records it. A day with
    nothing known is no point on the trend."""
    if account.followers is None and account.engagement_rate is None:
        return
    MetricSnapshot.objects.update_or_create(
        social_account=account,
        # A UTC day, whichever zone the page that called this has active.
        captured_on=now.astimezone(UTC).date(),
        defaults={"followers": account.followers, "engagement_rate": account.engagement_rate},
    )


@transaction.atomic
def social_account_save(
    *,
    influencer: Influencer,
    platform: str,
    handle: str,
    followers: int | None = None,
    engagement_rate=None,
    url: str = "",
    verified: bool | None = None,
    now: datetime | None = None,
    refresh: bool = True,
    actor: User | None = None,
    erased_check: bool = True,
) -> SocialAccount:
    """Add or update their account on a platform; records today's metrics for the trend.
    A new handle of someone erased before flags them do-not-contact (influencer_flag_if_erased),
    by `actor`. `refresh=False` leaves total_followers and the search document to a caller
    that refreshes them once; `erased_check=False` the check to a caller that checked every new
    address and handle at once."""
    now = now or timezone.now()
    normalized = normalize.handle(handle)
    if not normalized:
        raise RuleError("Enter the handle, e.g. @ana.bakes.", field="handle")
    if followers is not None and followers < 0:
        raise RuleError("Followers cannot be negative.", field="followers")
    account = (
        SocialAccount.objects.select_for_update()
        .filter(workspace=influencer.workspace_id, platform=platform, handle=normalized)
        .select_related("influencer")
        .first()
    )
    if account is not None and account.influencer_id != influencer.pk:
        raise RuleError(
            f"@{normalized} on {account.get_platform_display()} belongs to "
            f"{account.influencer.name} already.",
            field="handle",
        )
    added = account is None
    if added:
        account = SocialAccount(
            workspace=influencer.workspace, influencer=influencer, platform=platform
        )
    account.handle = normalized
    account.url = url or account.url
    if followers is not None:
        account.followers = followers
    if engagement_rate is not None:
        account.engagement_rate = engagement_rate
    if verified is not None:
        account.verified = verified
    account.last_updated_at = now
    try:
        account.full_clean(exclude=["workspace", "influencer"], validate_constraints=False)
    except ValidationError as error:
        field, texts = next(iter(error.message_dict.items()))
        raise RuleError(texts[0], field=field) from None
    account.save()
    if added and erased_check:
        influencer_flag_if_erased(
            influencer=influencer, handles=[(platform, normalized)], actor=actor, now=now
        )
    social_account_snapshot(account=account, now=now)
    if refresh:
        influencer_refresh_total_followers(influencer=influencer)
        influencer_refresh_search(influencer=influencer)
    return account


@transaction.atomic
def social_account_delete(*, account: SocialAccount) -> None:
    influencer = account.influencer
    account.delete()
    influencer_refresh_total_followers(influencer=influencer)
    influencer_refresh_search(influencer=influencer)


# --- privacy notice ---


def influencer_privacy_notice_sent(*, influencer: Influencer, at: datetime) -> None:
    """The privacy notice went out to them at `at` (outreach calls this when the notice pitch is
    sent; the pitch itself is on their timeline): the profile shows it from now on."""
    Influencer.objects.filter(pk=influencer.pk).update(privacy_notice_sent_at=at)
    influencer.privacy_notice_sent_at = at


# --- rate card and email addresses ---


@transaction.atomic
def rate_card_save(
    *,
    influencer: Influencer,
    deliverable_type: str,
    amount: Decimal,
    currency: str = "EUR",
    notes: str = "",
    now: datetime | None = None,
) -> RateCard:
    """Add their rate for a deliverable, or update it: one rate per deliverable and currency."""
    now = now or timezone.now()
    if deliverable_type not in DeliverableType.values:
        raise RuleError(
            f"“{deliverable_type}” is not a kind of deliverable.", field="deliverable_type"
        )
    currency = currency.strip().upper()
    if len(currency) != 3 or not currency.isalpha():
        raise RuleError("Use a three-letter currency code, e.g. EUR.", field="currency")
    if amount is None or amount < 0:
        raise RuleError("The amount cannot be negative.", field="amount")
    rate = (
        RateCard.objects.select_for_update()
        .filter(influencer=influencer, deliverable_type=deliverable_type, currency=currency)
        .first()
    ) or RateCard(
        workspace_id=influencer.workspace_id,
        influencer=influencer,
        deliverable_type=deliverable_type,
        currency=currency,
    )
    rate.amount = amount
    rate.notes = notes.strip()
    rate.updated_at = now
    try:
        rate.full_clean(exclude=["workspace", "influencer"], validate_constraints=False)
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise RuleError(messages[0], field=None if field == "__all__" else field) from None
    rate.save()
    return rate


@transaction.atomic
def rate_card_delete(*, rate: RateCard) -> None:
    rate.delete()


@transaction.atomic
def influencer_set_emails(
    *, influencer: Influencer, emails: Iterable[str], actor: User | None = None
) -> None:
    """Make their addresses exactly `emails`, the first one primary. All or nothing: an
    address that belongs to someone else fails the whole change. A new address of someone
    erased before flags them do-not-contact, by `actor` (`influencer.erased_on` says when).
    1. drop the addresses no longer listed, 2. add the new ones, 3. move the primary flag."""
    wanted: list[str] = []
    for address in emails:
        address = normalize.email(address)
        if address and address not in wanted:
            wanted.append(address)
    current = {
        row.email.lower(): row for row in InfluencerEmail.objects.filter(influencer=influencer)
    }
    for address, row in current.items():
        if address not in wanted:
            influencer_remove_email(influencer=influencer, email=row.email)
    for address in wanted:
        if address not in current:
            influencer_add_email(influencer=influencer, email=address, actor=actor)
    if wanted:
        primary = wanted[0]
        rows = InfluencerEmail.objects.filter(influencer=influencer)
        if not rows.filter(email__iexact=primary, is_primary=True).exists():
            # The one-primary constraint is checked per statement: clear first, then set.
            rows.filter(is_primary=True).update(is_primary=False)
            rows.filter(email__iexact=primary).update(is_primary=True)
    influencer_refresh_search(influencer=influencer)

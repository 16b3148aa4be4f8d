"""Reads behind the profile page and the create form: the whole profile in a fixed number of
queries, the workspace's keep-in-touch default, and likely duplicates of someone being added."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import F, Prefetch, Q, prefetch_related_objects

from contacts import normalize
from contacts.models import (
    ChannelPermission,
    ContactPolicy,
    HealthSnapshot,
    Influencer,
    MetricSnapshot,
    RateCard,
    SocialAccount,
    default_keep_in_touch_by_stage,
)
from contacts.selectors import search
from contacts.selectors.influencers import influencer_get
from irm.models import Workspace

# The trend chart and each account's "change" column look this far back.
TREND_DAYS = 90
SIMILAR_NAMES_SHOWN = 5


def influencer_profile(*, workspace: Workspace, public_id, today: date) -> Influencer:
    """One influencer (404 outside the workspace) with everything the profile shows: emails,
    topics, accounts with their recent snapshots (`recent_snapshots`, oldest first), rates and
    the open-door ledger. Seven queries after the membership, whatever the number of rows."""
    influencer = influencer_get(workspace=workspace, public_id=public_id)
    recent = MetricSnapshot.objects.filter(
        captured_on__gte=today - timedelta(days=TREND_DAYS), captured_on__lte=today
    ).order_by("captured_on")
    prefetch_related_objects(
        [influencer],
        "emails",
        "topics",
        Prefetch(
            "social_accounts",
            queryset=SocialAccount.objects.order_by(
                F("followers").desc(nulls_last=True), "platform", "handle"
            ).prefetch_related(Prefetch("snapshots", queryset=recent, to_attr="recent_snapshots")),
        ),
        Prefetch("rates", queryset=RateCard.objects.order_by("deliverable_type", "currency")),
        Prefetch(
            "channel_permissions",
            queryset=ChannelPermission.objects.select_related("recorded_by").order_by(
                "-is_open", "channel"
            ),
        ),
    )
    return influencer


def health_history(*, influencer: Influencer, today: date) -> list[HealthSnapshot]:
    """Their daily health over the last TREND_DAYS days, oldest first: the newest row carries the
    components the panel draws, all of them the sparkline. One query; the facts and reasons
    (the influencer row has the current reasons) are left out."""
    return list(
        HealthSnapshot.objects.filter(
            influencer=influencer, day__gt=today - timedelta(days=TREND_DAYS), day__lte=today
        )
        .defer("facts", "reasons")
        .order_by("day")
    )


def keep_in_touch_default(*, workspace: Workspace, stage: str) -> int | None:
    """The workspace's cadence for a stage (its contact policy, else the built-in one)."""
    policy = (
        ContactPolicy.objects.filter(workspace=workspace, influencer__isnull=True)
        .only("keep_in_touch_days_by_stage")
        .first()
    )
    by_stage = default_keep_in_touch_by_stage()
    if policy is not None and policy.keep_in_touch_days_by_stage:
        by_stage.update(policy.keep_in_touch_days_by_stage)
    return by_stage.get(stage)


@dataclass
class Duplicates:
    """Who the person being added may already be. Clashes block saving (the address or handle
    is someone else's); similar names only warn."""

    email_clash: Influencer | None = None
    handle_clash: Influencer | None = None
    similar: list[Influencer] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.email_clash or self.handle_clash or self.similar)


def _same_name(first: str, second: str) -> bool:
    return (
        normalize.unaccent(first).casefold().split()
        == normalize.unaccent(second).casefold().split()
    )


def influencer_duplicates(
    *,
    workspace: Workspace,
    name: str = "",
    email: str = "",
    platform: str = "",
    handle: str = "",
    exclude: Influencer | None = None,
) -> Duplicates:
    """Existing influencers with the same email (whatever its case), the same handle on the same
    platform (normalized), or a similar name: the same once unaccented and lower-cased, or every
    word of the name a prefix of a word of their search document. At most three queries."""
    # What is typed so far arrives here valid or not: text with a null character, which
    # PostgreSQL cannot compare, matches nobody (the form says why it is refused).
    name, email, platform, handle = (
        "" if "\x00" in text else text for text in (name, email, platform, handle)
    )
    found = Duplicates()
    people = Influencer.objects.filter(workspace=workspace, erased_at__isnull=True)
    if exclude is not None:
        people = people.exclude(pk=exclude.pk)
    address = normalize.email(email)
    if address:
        found.email_clash = people.filter(emails__email__iexact=address).first()
    normalized = normalize.handle(handle)
    if platform and normalized:
        found.handle_clash = people.filter(
            social_accounts__platform=platform, social_accounts__handle=normalized
        ).first()
    # One letter would match half the workspace: a name starts counting at two.
    query = search.query_for(name) if len(name.strip()) >= 2 else None
    if query is not None:
        candidates = list(
            people.filter(Q(search_vector=query) | Q(name__iexact=name.strip()))
            .only("public_id", "name", "location", "country")
            .order_by("sort_name", "id")[:50]
        )
        # The same name first, then the prefix matches.
        candidates.sort(key=lambda person: not _same_name(person.name, name))
        clashes = {found.email_clash, found.handle_clash} - {None}
        found.similar = [person for person in candidates if person not in clashes][
            :SIMILAR_NAMES_SHOWN
        ]
    return found

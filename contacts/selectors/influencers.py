"""Reads of influencers inside one workspace: the list page's filters and sort orders
(InfluencerFilters, influencers_filtered, the keyset paging helpers), the rows pages and the API
show, one influencer (influencer_get) and who an address belongs to (influencer_by_email,
influencers_by_agent_email).
"""

import operator
import uuid
from dataclasses import dataclass, field, fields
from datetime import datetime
from functools import reduce

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import F, Func, OuterRef, Q, QuerySet, Subquery, TextField
from django.db.models.functions import JSONObject, Lower
from django.http import QueryDict
from django.shortcuts import get_object_or_404
from django.utils import timezone

from contacts import facts
from contacts.models import (
    HealthBand,
    Influencer,
    InfluencerEmail,
    SocialAccount,
    Stage,
    Topic,
)
from contacts.selectors import search
from irm.models import Workspace


@dataclass(frozen=True)
class SortKey:
    """One column of a list order. A nullable column sorts its nulls (unknown counts, never
    contacted, never computed) last whichever way: they are not 0 and have no date."""

    field: str
    descending: bool = False
    nullable: bool = False

    def order(self):
        if not self.nullable and not self.descending:
            return self.field
        column = F(self.field)
        return column.desc(nulls_last=True) if self.descending else column.asc(nulls_last=True)

    def equal(self, value) -> Q:
        return Q(**{f"{self.field}__isnull": True}) if value is None else Q(**{self.field: value})

    def after(self, value) -> Q | None:
        """Rows strictly after `value` on this column alone (None: nothing comes after a null)."""
        if value is None:
            return None
        later = Q(**{f"{self.field}__{'lt' if self.descending else 'gt'}": value})
        return later | Q(**{f"{self.field}__isnull": True}) if self.nullable else later

    def from_here(self, value) -> Q:
        """`value` or after: redundant beside the exact condition, it lets an index on this
        column start at the cursor instead of at the top."""
        if value is None:
            return Q(**{f"{self.field}__isnull": True})
        here = Q(**{f"{self.field}__{'lte' if self.descending else 'gte'}": value})
        return here | Q(**{f"{self.field}__isnull": True}) if self.nullable else here


# Names sort on sort_name (unaccented, case-folded): Léa before Lina, Zoë with Zoe. Every order
# ends with the name and the id, so no two rows tie (pages and cursors neither repeat nor skip).
_BY_NAME = (SortKey("sort_name"), SortKey("id"))
SORT_KEYS = {
    "name": _BY_NAME,
    # contacts_infl_followers_idx; for the live list, contacts_infl_live_follow_idx.
    "-followers": (SortKey("total_followers", descending=True, nullable=True), *_BY_NAME),
    "followers": (SortKey("total_followers", nullable=True), *_BY_NAME),
    # contacts_infl_live_recent_idx
    "-last_contact": (SortKey("last_outbound_at", descending=True, nullable=True), *_BY_NAME),
    "last_contact": (SortKey("last_outbound_at", nullable=True), *_BY_NAME),
    # Health, best or worst first: people never computed (no score) last either way.
    "-health_score": (SortKey("health_score", descending=True, nullable=True), *_BY_NAME),
    "health_score": (SortKey("health_score", nullable=True), *_BY_NAME),
}
SORTS = {name: tuple(key.order() for key in keys) for name, keys in SORT_KEYS.items()}

# Searching by name, up to this many matches are sorted once found (contacts_infl_search_idx,
# then a sort). Under a LIMIT the planner would rather walk the name index and test each row,
# which reads nearly the whole workspace when the matches sort late ("zoe": about 85,000 rows
# of 100,000); with more matches than this, they are dense enough for that walk to find a
# page soon, and sorting them all would cost more ("a").
SORT_MATCHES_UP_TO = 10_000
# No index holds this expression, so Postgres cannot walk one for it: it sorts the matches.
MATCHES_BY_NAME = (
    Func(F("sort_name"), template="(%(expressions)s || '')", output_field=TextField()),
    "id",
)


# The filters the dashboard's "And N more" links use: the one value each takes, and what to say
# about any other.
DASHBOARD_FILTERS = {
    "owed": ("yes", "Choose “yes” to keep the people we owe something overdue."),
    "keep_in_touch": ("due", "Choose “due” to keep the people whose keep-in-touch time has come."),
    "near_cap": ("yes", "Choose “yes” to keep the people near their contact cap."),
}


@dataclass
class InfluencerFilters:
    """The list's state, as it stands in the URL (shareable, back button works)."""

    q: str = ""
    platform: str = ""
    min_followers: int | None = None
    max_followers: int | None = None
    topic: str = ""  # Topic public_id
    stage: str = ""
    owner: str = ""  # User public_id, or "none"
    team: str = ""  # Team public_id, or "none"
    country: str = ""
    language: str = ""
    do_not_contact: str = ""  # "yes", "no" or ""
    archived: str = ""  # "yes": only archived people; otherwise they are left out
    # The dashboard's sections, each kept by the rule that section uses (contacts.facts).
    owed: str = ""  # "yes": we owe them something overdue
    keep_in_touch: str = ""  # "due": their keep-in-touch cadence has run out
    near_cap: str = ""  # "yes": one contact or less from their contact cap
    # Before `list` below, whose name would hide the type here.
    band: list[str] = field(default_factory=list)  # HealthBand values, any of them
    list: str = ""  # InfluencerList public_id
    sort: str = "name"
    errors: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_query(cls, params: QueryDict) -> "InfluencerFilters":
        filters = cls()
        for name in ("q", "platform", "topic", "stage", "owner", "team", "country", "language",
                     "do_not_contact", "archived", "list", "sort"):  # fmt: skip
            setattr(filters, name, params.get(name, "").strip())
        for name, (value, message) in DASHBOARD_FILTERS.items():
            raw = params.get(name, "").strip()
            if raw and raw != value:
                filters.errors[name] = message
            else:
                setattr(filters, name, raw)
        for name in ("min_followers", "max_followers"):
            raw = params.get(name, "").strip()
            if raw:
                try:
                    value = int(raw.replace(",", "").replace(" ", ""))
                    if value < 0:
                        raise ValueError
                    setattr(filters, name, value)
                except ValueError:
                    filters.errors[name] = "Enter a whole number of followers, e.g. 10000."
        bands, unknown = _bands(params.getlist("band"))
        if unknown:
            choices = ", ".join(HealthBand.values)
            filters.errors["band"] = f"Choose health bands among {choices}."
        else:
            filters.band = bands
        if filters.sort not in SORTS:
            filters.sort = "name"
        return filters

    def as_query(self) -> dict[str, str]:
        """The non-empty filters, for links that keep the state."""
        values = {}
        for item in fields(self):
            if item.name == "errors":
                continue
            value = getattr(self, item.name)
            if isinstance(value, list):
                value = ",".join(value)
            if value not in ("", None) and not (item.name == "sort" and value == "name"):
                values[item.name] = str(value)
        return values

    @property
    def active(self) -> bool:
        return bool(set(self.as_query()) - {"sort"})


def _bands(values: list[str]) -> tuple[list[str], list[str]]:
    """Bands asked for as repeated parameters or one comma-separated value (the page's URL):
    the known ones in the usual order, and the unknown ones for an error message."""
    asked = {part.strip() for value in values for part in value.split(",") if part.strip()}
    known = [band for band in HealthBand.values if band in asked]
    return known, sorted(asked - set(known))


def influencers_filtered(
    *, workspace: Workspace, filters: InfluencerFilters, now: datetime | None = None
) -> QuerySet:
    """Influencers of the workspace matching the filters, sorted; erased people excluded, and
    archived people unless they are asked for (`archived=yes`, then only them).
    `now` is the moment the dashboard's filters (owed, keep in touch, near the cap) judge."""
    now = now or timezone.now()
    rows = Influencer.objects.filter(
        workspace=workspace,
        erased_at__isnull=True,
        archived_at__isnull=filters.archived != "yes",
    )
    query = search.query_for(filters.q) if filters.q else None
    if query is not None:
        rows = rows.filter(search_vector=query)
    if filters.platform:
        rows = rows.filter(
            pk__in=SocialAccount.objects.filter(
                workspace=workspace, platform=filters.platform
            ).values("influencer_id")
        )
    if filters.min_followers is not None:
        rows = rows.filter(total_followers__gte=filters.min_followers)
    if filters.max_followers is not None:
        rows = rows.filter(total_followers__lte=filters.max_followers)
    if filters.topic:
        rows = _by_public_id(rows, "topics__public_id", filters.topic)
    if filters.stage in Stage.values:
        rows = rows.filter(stage=filters.stage)
    if filters.owner == "none":
        rows = rows.filter(owner__isnull=True)
    elif filters.owner:
        rows = _by_public_id(rows, "owner__public_id", filters.owner)
    if filters.team == "none":
        rows = rows.filter(team__isnull=True)
    elif filters.team:
        rows = _by_public_id(rows, "team__public_id", filters.team)
    if filters.country:
        rows = rows.filter(country=filters.country.upper())
    if filters.language:
        rows = rows.filter(languages__contains=[filters.language.lower()])
    if filters.do_not_contact in {"yes", "no"}:
        rows = rows.filter(do_not_contact=filters.do_not_contact == "yes")
    if filters.list:
        rows = _by_public_id(rows, "lists__public_id", filters.list)
    if filters.band:
        rows = rows.filter(health_band__in=filters.band)
    if filters.owed:
        rows = facts.owed_overdue(rows, now=now)
    if filters.keep_in_touch or filters.near_cap:
        policy = facts.workspace_policy_get(workspace_id=workspace.pk)
        if filters.keep_in_touch:
            rows = facts.keep_in_touch_overdue(rows, now=now, workspace_policy=policy)
        if filters.near_cap:
            rows = facts.near_contact_cap(rows, now=now, workspace_policy=policy)
    return rows.order_by(*SORTS[filters.sort])


def influencers_page_order(
    rows: QuerySet, *, filters: InfluencerFilters, matches: int | None
) -> QuerySet:
    """The filtered rows, ordered to read one page of them: a search by name with few matches
    (or an unknown number, reading by cursor) sorts the matches (see SORT_MATCHES_UP_TO)."""
    if search.query_for(filters.q) is None or filters.sort != "name":
        return rows
    if matches is not None and matches > SORT_MATCHES_UP_TO:
        return rows
    return rows.order_by(*MATCHES_BY_NAME)


def influencers_after(rows: QuerySet, *, sort: str, cursor: tuple) -> QuerySet:
    """The rows after the one whose sort values (influencer_sort_values) are `cursor`, in the
    order `sort`: a keyset page, which reads no row before it and is not shifted by rows added
    or removed meanwhile."""
    keys = SORT_KEYS[sort]
    later, same_so_far = [], Q()
    for key, value in zip(keys, cursor, strict=True):
        after = key.after(value)
        if after is not None:
            later.append(same_so_far & after)
        same_so_far &= key.equal(value)
    if not later:
        return rows.none()
    return rows.filter(keys[0].from_here(cursor[0])).filter(reduce(operator.or_, later))


def influencer_sort_values(row: Influencer, *, sort: str) -> tuple:
    """What a keyset cursor keeps of the row: its values of the order's columns."""
    return tuple(getattr(row, key.field) for key in SORT_KEYS[sort])


def _by_public_id(rows: QuerySet, lookup: str, value: str) -> QuerySet:
    """Filter by a related object's public id; a malformed id matches nothing (not the rows
    without such an object)."""
    public_id = _uuid_or_none(value)
    return rows.none() if public_id is None else rows.filter(**{lookup: public_id})


def _uuid_or_none(value: str):
    """A malformed id in a shared URL filters to nothing instead of failing the page."""
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def influencer_page_rows(queryset: QuerySet) -> QuerySet:
    """What the list page's row shows, in one query: owner and team joined, and the topics'
    names and the social accounts (most followers first) as arrays on the row itself, so a page
    builds no topic or account objects (contacts.views.list.list_rows reads them)."""
    return (
        queryset.select_related("owner", "team")
        .only(*ROW_FIELDS)
        .annotate(
            topic_names=_topic_names(),
            account_rows=_account_rows("platform", "handle", "followers"),
        )
    )


def influencer_api_rows(queryset: QuerySet) -> QuerySet:
    """What the API's list row shows (contacts.api.serializers.influencer_rows_data), in one
    query whatever the page size: the list page's arrays, every field of the accounts, the
    primary address, the owner and the team."""
    primary = InfluencerEmail.objects.filter(influencer=OuterRef("pk"), is_primary=True)
    # Joined by select_related rather than annotated: a page's deferred join (irm.pagination)
    # then walks its offset over the index alone, without the joins.
    return (
        queryset.select_related("owner", "team")
        .only(*ROW_FIELDS)
        .annotate(
            topic_names=_topic_names(),
            account_rows=_account_rows(*API_ACCOUNT_FIELDS),
            primary_email=Subquery(primary.order_by("email").values("email")[:1]),
        )
    )


# What a list row (the page's and the API's) and its keyset cursor (SORT_KEYS) read of the
# influencer, owner and team: not the rest of the profile (search document, health reasons,
# notes ...), which a page of rows would otherwise load and decode for nothing.
ROW_FIELDS = (
    "public_id",
    "name",
    "sort_name",
    "avatar_url",
    "location",
    "country",
    "languages",
    "total_followers",
    "stage",
    "do_not_contact",
    "do_not_contact_reason",
    "last_inbound_at",
    "last_outbound_at",
    "last_two_way_at",
    "health_band",
    "health_score",
    "owner__public_id",
    "owner__name",
    "owner__email",
    "team__public_id",
    "team__name",
)
# The social account fields the API's list row shows
# (contacts.api.serializers.SocialAccountSerializer).
API_ACCOUNT_FIELDS = (
    "public_id",
    "platform",
    "handle",
    "url",
    "followers",
    "engagement_rate",
    "verified",
    "last_updated_at",
)


def _topic_names() -> ArraySubquery:
    topics = Topic.objects.filter(influencers=OuterRef("pk")).order_by("name", "id")
    return ArraySubquery(topics.values("name"))


def _account_rows(*names: str) -> ArraySubquery:
    """The person's social accounts as JSON objects, most followers first (unknown last)."""
    accounts = SocialAccount.objects.filter(influencer=OuterRef("pk")).order_by(
        F("followers").desc(nulls_last=True), "id"
    )
    return ArraySubquery(accounts.values(row=JSONObject(**{name: name for name in names})))


def influencer_get(*, workspace: Workspace, public_id) -> Influencer:
    """One influencer of this workspace (404 otherwise), with what the profile header needs."""
    return get_object_or_404(
        Influencer.objects.select_related(
            "owner",
            "team",
            "do_not_contact_by",
            "health_override_by",
            "workspace",
            "archived_by",
        ),
        workspace=workspace,
        public_id=public_id,
        erased_at__isnull=True,
    )


def influencer_by_email(*, workspace: Workspace, address: str) -> Influencer | None:
    """Whose address this is (any of their emails, whatever its case): how inbound mail finds
    its influencer."""
    row = (
        InfluencerEmail.objects.alias(lower_email=Lower("email"))
        .filter(
            workspace=workspace,
            lower_email=address.lower(),
            influencer__erased_at__isnull=True,
        )
        .select_related("influencer")
        .first()
    )
    return row.influencer if row else None


def influencers_by_agent_email(*, workspace: Workspace, address: str) -> list[Influencer]:
    """The influencers this address is the agent of (an agent often speaks for several)."""
    return list(
        Influencer.objects.alias(lower_agent=Lower("agent_email")).filter(
            workspace=workspace, lower_agent=address.lower(), erased_at__isnull=True
        )
    )

"""Influencers: the list with the page's search and filters, one profile, add, change, archive
and restore, erase."""

from django.db import transaction
from django.db.models import QuerySet, prefetch_related_objects
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from contacts.api.base import READ_ERRORS, WRITE_ERRORS, ContactsView, fields_as_sent, schema_only
from contacts.api.pagination import InfluencerPagination
from contacts.api.serializers import (
    ErasureSerializer,
    InfluencerCreateSerializer,
    InfluencerRowSerializer,
    InfluencerSerializer,
    InfluencerUpdateSerializer,
    influencer_rows_data,
)
from contacts.models import HealthBand, Influencer, Platform, Stage
from contacts.selectors.influencers import (
    SORTS,
    InfluencerFilters,
    influencer_api_rows,
    influencer_get,
    influencers_filtered,
)
from contacts.services import erasure
from contacts.services import profiles as profile_services
from contacts.services.profiles import influencer_set_emails
from irm.access import require_influencer_create, require_influencer_edit
from irm.api import (
    IF_MATCH,
    conflict_responses,
    error_responses,
    expected_version,
    query_parameters_check,
)
from irm.models import Role

# Fields whose change is a reassignment: a manager's decision.
REASSIGN_FIELDS = ("owner", "team")
# A social account's rule errors (contacts.services.social_account_save) name these fields;
# on creation they were sent inside `social_accounts`.
ACCOUNT_FIELDS = ("platform", "handle", "url", "followers", "engagement_rate", "verified")


def influencer_detail(*, workspace, public_id) -> Influencer:
    """One influencer with what the profile's JSON shows, in a fixed number of queries."""
    influencer = influencer_get(workspace=workspace, public_id=public_id)
    prefetch_related_objects([influencer], "topics", "emails", "social_accounts")
    return influencer


def _filter(name: str, description: str, **kwargs) -> OpenApiParameter:
    return OpenApiParameter(name, description=description, **kwargs)


INFLUENCER_FILTERS = [
    _filter(
        "q",
        "Words of their name, handles, email addresses, bio, topics or location; "
        "accents and case do not matter, and each word may be the start of one.",
    ),
    _filter("platform", "Only people with an account on this platform.", enum=Platform.values),
    _filter("min_followers", "At least this many followers in total.", type=int),
    _filter("max_followers", "At most this many followers in total.", type=int),
    _filter("topic", "A topic's id.", type=OpenApiTypes.UUID),
    _filter("stage", "Relationship stage.", enum=Stage.values),
    _filter("owner", "The owner's id, or `none` for people nobody owns."),
    _filter("team", "The owning team's id, or `none` for people no team holds."),
    _filter("country", "ISO 3166 code, e.g. FR."),
    _filter("language", "A language code, e.g. fr."),
    _filter("do_not_contact", "`yes` or `no`.", enum=["yes", "no"]),
    _filter(
        "archived",
        "`yes`: only archived people (without it, archived people are left out).",
        enum=["yes"],
    ),
    _filter(
        "owed",
        "`yes`: only people we owe something overdue (a reply, a payment, feedback), as the "
        "dashboard's “What we owe” counts them.",
        enum=["yes"],
    ),
    _filter(
        "keep_in_touch",
        "`due`: only people whose keep-in-touch cadence has run out since the last two-way "
        "contact, as the dashboard's “Keep in touch” counts them.",
        enum=["due"],
    ),
    _filter(
        "near_cap",
        "`yes`: only people contacted one time less than their team-wide cap or more in the "
        "last 30 days, as the dashboard's “Near the contact cap” counts them.",
        enum=["yes"],
    ),
    _filter("list", "A named list's id: the people on it.", type=OpenApiTypes.UUID),
    _filter(
        "band",
        "Health bands, repeated or comma-separated (`band=cooling,at_risk`): people in any.",
        enum=HealthBand.values,
        many=True,
        explode=True,
    ),
    _filter(
        "sort",
        "Order of the rows (default: name); `-health_score` is the best health first, "
        "`health_score` the worst, people never computed last either way.",
        enum=list(SORTS),
    ),
]


@extend_schema_view(
    get=extend_schema(
        summary="List influencers",
        description="The workspace's influencers with the influencer list page's search and "
        "filters, 50 a page (`?page=`, `?page_size=` up to 200). For deep reading, follow "
        "`next_cursor` with `?cursor=` instead of `page`: each page then costs the same "
        "whatever its depth, and rows added meanwhile shift nothing.",
        parameters=INFLUENCER_FILTERS,
        responses={200: InfluencerRowSerializer(many=True), **error_responses(400, *READ_ERRORS)},
    ),
    post=extend_schema(
        summary="Add an influencer",
        description="With their addresses (the first is primary), accounts and topics. "
        "`owner` is you unless sent; a member adds people owned by themselves or one of "
        "their teams (anyone else's: 403).",
        request=InfluencerCreateSerializer,
        responses={201: InfluencerSerializer, **error_responses(*WRITE_ERRORS)},
    ),
)
class InfluencerListView(ContactsView, generics.ListCreateAPIView):
    serializer_class = InfluencerRowSerializer
    pagination_class = InfluencerPagination
    filters: InfluencerFilters = InfluencerFilters()

    def get_queryset(self) -> QuerySet[Influencer]:
        if schema_only(self):
            return Influencer.objects.none()
        rows = influencers_filtered(
            workspace=self.workspace, filters=self.filters, now=timezone.now()
        )
        return influencer_api_rows(rows)

    def list(self, request: Request, *args, **kwargs) -> Response:
        self.filters = InfluencerFilters.from_query(request.query_params)
        errors = dict(self.filters.errors)
        try:
            query_parameters_check(request.query_params, INFLUENCER_FILTERS)
        except ValidationError as refused:
            # The list's own words (the pages say the same) win over the schema's generic ones.
            errors = {**refused.detail, **errors}
        if errors:
            raise ValidationError(errors)
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(influencer_rows_data(page))

    def create(self, request: Request, *args, **kwargs) -> Response:
        data = self.input(InfluencerCreateSerializer)
        data.setdefault("owner", request.user)
        # Whose they will be is in the input, so it is checked once that input is read.
        require_influencer_create(
            membership=self.membership,
            owner=data["owner"],
            team=data.get("team"),
            path=request.path,
        )
        with fields_as_sent(
            {"email": "emails", **dict.fromkeys(ACCOUNT_FIELDS, "social_accounts")}
        ):
            influencer = profile_services.influencer_create(
                workspace=self.workspace,
                actor=request.user,
                name=data.pop("name"),
                emails=data.pop("emails", ()),
                accounts=data.pop("social_accounts", ()),
                topics=data.pop("topics", ()),
                owner=data.pop("owner"),
                team=data.pop("team", None),
                stage=data.pop("stage", Stage.PROSPECT),
                **data,
            )
        detail = influencer_detail(workspace=self.workspace, public_id=influencer.public_id)
        return self.output(InfluencerSerializer, detail, code=status.HTTP_201_CREATED)


class InfluencerDetailView(ContactsView):
    http_method_names = ["get", "patch", "delete", "head", "options"]
    serializer_class = InfluencerSerializer

    def get_required_role(self) -> str:
        method = self.request.method
        if method == "DELETE":
            return Role.ADMIN
        # Only a member (who may write at all) has their input looked at, and only for which
        # fields it names: a reassignment is refused before anything is validated.
        if method == "PATCH" and self.membership.may(Role.MEMBER):
            data = self.request.data
            if isinstance(data, dict) and any(name in data for name in REASSIGN_FIELDS):
                return Role.MANAGER
        return super().get_required_role()

    @extend_schema(
        summary="Read an influencer's profile",
        responses={200: InfluencerSerializer, **error_responses(*READ_ERRORS)},
    )
    def get(self, request: Request, slug: str, public_id) -> Response:
        influencer = influencer_detail(workspace=self.workspace, public_id=public_id)
        return self.output(InfluencerSerializer, influencer)

    @extend_schema(
        summary="Change an influencer's profile",
        description="Only the fields sent change. `topics` and `emails` replace the lists. "
        "A member changes the profiles they own, their team owns or nobody owns. Changing "
        "`owner` or `team` needs a manager; a stage change lands on the timeline. "
        "Send the `version` you read (in the body or `If-Match`): if someone saved the "
        "profile since, nothing changes and the answer is 409 with the current profile. "
        "A new address that belonged to someone erased before flags them do-not-contact "
        "(`do_not_contact_reason`: “erased on <date>”).",
        parameters=[IF_MATCH],
        request=InfluencerUpdateSerializer,
        responses={
            200: InfluencerSerializer,
            **error_responses(*WRITE_ERRORS),
            **conflict_responses(InfluencerSerializer),
        },
    )
    def patch(self, request: Request, slug: str, public_id) -> Response:
        influencer = influencer_get(workspace=self.workspace, public_id=public_id)
        require_influencer_edit(
            membership=self.membership, influencer=influencer, path=request.path
        )
        changes = self.input(InfluencerUpdateSerializer, partial=True)
        version = expected_version(request, changes.pop("version", None))
        topics = changes.pop("topics", None)
        emails = changes.pop("emails", None)
        with fields_as_sent({"email": "emails"}), transaction.atomic():
            # Any change bumps the version (topics and addresses are the profile's too).
            profile_services.influencer_update(
                influencer=influencer, actor=request.user, version=version, **changes
            )
            if topics is not None:
                profile_services.influencer_set_topics(influencer=influencer, names=topics)
            if emails is not None:
                influencer_set_emails(influencer=influencer, emails=emails, actor=request.user)
        influencer = influencer_detail(workspace=self.workspace, public_id=public_id)
        return self.output(InfluencerSerializer, influencer)

    def conflict_current(self, row) -> dict:
        detail = influencer_detail(workspace=self.workspace, public_id=row.public_id)
        return InfluencerSerializer(detail, context=self.get_serializer_context()).data

    @extend_schema(
        summary="Erase an influencer",
        description="Erasure, the only way a profile goes (as POST …/erase/, which also says "
        "what went): their contact details, timeline, pitches, outbox emails, inbound messages "
        "and files, import files naming them and campaign notes are removed; a keyed digest of "
        "their addresses and handles is kept so they are flagged do-not-contact if they come "
        "back. Needs an admin. A manager may archive them instead.",
        responses={204: None, **error_responses(400, 401, 403, 404, 429)},
    )
    def delete(self, request: Request, slug: str, public_id) -> Response:
        influencer = influencer_get(workspace=self.workspace, public_id=public_id)
        erasure.influencer_erase(
            workspace=self.workspace, influencer=influencer, actor=request.user
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class InfluencerErasureView(ContactsView):
    """What erasing them removes (GET), and erasing them (POST): admins only, both ways."""

    http_method_names = ["get", "post", "head", "options"]
    serializer_class = ErasureSerializer
    read_role = Role.ADMIN
    write_role = Role.ADMIN

    @extend_schema(
        summary="What erasing an influencer would remove",
        description="Counts in words (“12 timeline entries”), as the confirmation page lists "
        "them. Needs an admin.",
        responses={200: ErasureSerializer, **error_responses(401, 403, 404, 429)},
    )
    def get(self, request: Request, slug: str, public_id) -> Response:
        influencer = influencer_get(workspace=self.workspace, public_id=public_id)
        held = erasure.erasure_inventory(influencer=influencer)
        return Response({"erased_at": None, "removed": [str(item) for item in held]})

    @extend_schema(
        summary="Erase an influencer",
        description="As DELETE on the influencer, answering with what was removed.",
        request=None,
        responses={200: ErasureSerializer, **error_responses(400, 401, 403, 404, 429)},
    )
    def post(self, request: Request, slug: str, public_id) -> Response:
        influencer = influencer_get(workspace=self.workspace, public_id=public_id)
        held = erasure.influencer_erase(
            workspace=self.workspace, influencer=influencer, actor=request.user
        )
        influencer.refresh_from_db(fields=["erased_at"])
        return Response({"erased_at": influencer.erased_at, "removed": [str(i) for i in held]})


class InfluencerArchiveView(ContactsView):
    """Archive (POST) or restore (DELETE) a person: a manager's call."""

    http_method_names = ["post", "delete", "options"]
    serializer_class = InfluencerSerializer
    write_role = Role.MANAGER

    @extend_schema(
        summary="Archive an influencer",
        description="Hidden from the list (unless `archived=yes`), the dashboard, reminders and "
        "outreach (the contact guard refuses them); everything is kept. Needs a manager.",
        request=None,
        responses={200: InfluencerSerializer, **error_responses(401, 403, 404, 429)},
    )
    def post(self, request: Request, slug: str, public_id) -> Response:
        influencer = influencer_get(workspace=self.workspace, public_id=public_id)
        erasure.influencer_archive(influencer=influencer, actor=request.user)
        detail = influencer_detail(workspace=self.workspace, public_id=public_id)
        return self.output(InfluencerSerializer, detail)

    @extend_schema(
        summary="Restore an archived influencer",
        description="Back in lists, the dashboard, reminders and outreach. Needs a manager.",
        responses={200: InfluencerSerializer, **error_responses(401, 403, 404, 429)},
    )
    def delete(self, request: Request, slug: str, public_id) -> Response:
        influencer = influencer_get(workspace=self.workspace, public_id=public_id)
        erasure.influencer_restore(influencer=influencer, actor=request.user)
        detail = influencer_detail(workspace=self.workspace, public_id=public_id)
        return self.output(InfluencerSerializer, detail)

"""The dashboard's data as JSON: GET /api/v1/w/<slug>/dashboard/ (name
"api:contacts-api:dashboard"), the same sections as the workspace home page, read by the same
selector (contacts.selectors.dashboard). Viewers may read it.

Routes: included by contacts/api_urls.py.
"""

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from contacts.api.base import ContactsView
from contacts.models import CommitmentKind, HealthBand
from contacts.selectors.dashboard import dashboard_get
from contacts.selectors.dashboard_scope import NO_ONE, dashboard_scope
from irm.api import error_responses


class DashboardPersonSerializer(serializers.Serializer):
    public_id = serializers.UUIDField()
    name = serializers.CharField()


class DashboardOwnerSerializer(serializers.Serializer):
    public_id = serializers.UUIDField()
    name = serializers.SerializerMethodField()

    def get_name(self, user) -> str:
        return user.name or user.email


class DashboardInfluencerRefSerializer(DashboardPersonSerializer):
    owner = DashboardOwnerSerializer(
        allow_null=True, help_text="Who owns the relationship, if anyone."
    )


class DashboardBandCountSerializer(serializers.Serializer):
    band = serializers.ChoiceField(choices=HealthBand.choices)
    label = serializers.CharField()
    count = serializers.IntegerField(help_text="Relationships in this band now.")
    then = serializers.IntegerField(
        allow_null=True, help_text="In the snapshots of `compared_day`; null without any that day."
    )
    change = serializers.IntegerField(allow_null=True, help_text="`count` minus `then`.")


class DashboardTrendDaySerializer(serializers.Serializer):
    day = serializers.DateField()
    counts = serializers.DictField(
        child=serializers.IntegerField(), help_text="Relationships per band that day."
    )


class DashboardReasonSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="e.g. `unanswered`, `waiting`, `payment_late`.")
    text = serializers.CharField(help_text="The reason in plain words.")
    concern = serializers.BooleanField(help_text="False for strengths.")


class DashboardRelationshipSerializer(DashboardPersonSerializer):
    band = serializers.ChoiceField(choices=HealthBand.choices)
    score = serializers.IntegerField(allow_null=True)
    owner = DashboardOwnerSerializer(allow_null=True)
    reasons = DashboardReasonSerializer(many=True)
    next_step = serializers.CharField(help_text="What to do first, from the top concern.")


class DashboardRelationshipListSerializer(serializers.Serializer):
    band = serializers.ChoiceField(choices=HealthBand.choices)
    total = serializers.IntegerField()
    more = serializers.IntegerField(help_text="How many are not in `rows`.")
    rows = DashboardRelationshipSerializer(many=True, help_text="The worst scores first.")


class DashboardOwedSerializer(serializers.Serializer):
    public_id = serializers.UUIDField()
    kind = serializers.ChoiceField(choices=CommitmentKind.choices)
    description = serializers.CharField()
    due_at = serializers.DateTimeField()
    days_late = serializers.IntegerField()
    influencer = DashboardInfluencerRefSerializer()
    others = serializers.IntegerField(help_text="Their other overdue promises.")


class DashboardOwedSectionSerializer(serializers.Serializer):
    total = serializers.IntegerField(help_text="Overdue promises.")
    people = serializers.IntegerField(help_text="People they are owed to.")
    more = serializers.IntegerField(help_text="People not in `rows`.")
    by_kind = serializers.DictField(child=serializers.IntegerField())
    rows = DashboardOwedSerializer(
        many=True, help_text="One per person, their most overdue promise; the longest late first."
    )


class DashboardKeepInTouchSerializer(serializers.Serializer):
    influencer = DashboardInfluencerRefSerializer()
    last_two_way_at = serializers.DateTimeField()
    cadence_days = serializers.IntegerField()
    due_at = serializers.DateTimeField()
    days_overdue = serializers.IntegerField()


class DashboardKeepInTouchSectionSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    more = serializers.IntegerField()
    rows = DashboardKeepInTouchSerializer(many=True, help_text="The longest overdue first.")


class DashboardNearCapSerializer(serializers.Serializer):
    influencer = DashboardInfluencerRefSerializer()
    contacts = serializers.IntegerField(help_text="Our contacts in the last 30 days.")
    cap = serializers.IntegerField(help_text="Their team-wide cap per 30 days.")
    at_cap = serializers.BooleanField()


class DashboardNearCapSectionSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    more = serializers.IntegerField()
    rows = DashboardNearCapSerializer(many=True, help_text="The most contacted first.")


class DashboardOwnershipSerializer(serializers.Serializer):
    public_id = serializers.UUIDField(allow_null=True, help_text="Null: nobody's.")
    name = serializers.CharField()
    owned = serializers.IntegerField(help_text="Relationships held.")
    average_health = serializers.IntegerField(
        allow_null=True, help_text="Average score of those past “new”."
    )
    outreach_sent = serializers.IntegerField(help_text="Our contacts in the last 30 days.")
    answered = serializers.IntegerField(help_text="Of those, answered within 14 days.")
    reply_rate = serializers.IntegerField(allow_null=True, help_text="Percent answered.")


class DashboardFiltersSerializer(serializers.Serializer):
    team = serializers.CharField(allow_blank=True)
    owner = serializers.CharField(allow_blank=True)


class DashboardSerializer(serializers.Serializer):
    now = serializers.DateTimeField()
    compared_day = serializers.DateField(help_text="The day `bands[].change` compares with.")
    filters = serializers.SerializerMethodField()
    total = serializers.IntegerField()
    bands = DashboardBandCountSerializer(many=True)
    trend = DashboardTrendDaySerializer(many=True, help_text="The last 90 days, oldest first.")
    at_risk = DashboardRelationshipListSerializer()
    cooling = DashboardRelationshipListSerializer()
    owed = DashboardOwedSectionSerializer()
    keep_in_touch = DashboardKeepInTouchSectionSerializer()
    near_cap = DashboardNearCapSectionSerializer()
    teams = DashboardOwnershipSerializer(many=True)
    owners = DashboardOwnershipSerializer(many=True)

    @extend_schema_field(DashboardFiltersSerializer)
    def get_filters(self, board) -> dict:
        return {"team": "", "owner": "", **board.scope.as_query()}


def _filter(name: str, description: str) -> OpenApiParameter:
    return OpenApiParameter(name, OpenApiTypes.STR, OpenApiParameter.QUERY, description=description)


class DashboardView(ContactsView):
    serializer_class = DashboardSerializer

    @extend_schema(
        summary="Dashboard",
        description=(
            "Relationship health across the workspace: relationships per band now and the "
            "change since 30 days ago, the 90-day trend per band, the at-risk and cooling "
            "lists with reasons and a next step, overdue promises, keep-in-touch due, people "
            "near the contact cap, and relationships per team and per owner. The same data "
            "as the workspace home page."
        ),
        parameters=[
            _filter("team", f"A team's id, or `{NO_ONE}` for relationships no team holds."),
            _filter("owner", f"A member's id, or `{NO_ONE}` for relationships nobody owns."),
        ],
        responses={200: DashboardSerializer, **error_responses(400, 401, 404, 429)},
    )
    def get(self, request: Request, slug: str) -> Response:
        scope = dashboard_scope(
            workspace=self.workspace,
            team=request.query_params.get("team", ""),
            owner=request.query_params.get("owner", ""),
        )
        board = dashboard_get(scope=scope, now=timezone.now())
        return self.output(DashboardSerializer, board)

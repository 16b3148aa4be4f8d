"""The influencer list's rows read in one query: the API's rows built as plain values give the
same JSON as the row serializer over the same people."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from rest_framework.renderers import JSONRenderer

from contacts.api.serializers import InfluencerRowSerializer, influencer_rows_data
from contacts.models import Influencer, SocialAccount, Stage
from contacts.selectors.influencers import influencer_api_rows
from irm.models import Team
from tests.contacts.api_client import make_influencer

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(personas):
    team = Team.objects.create(workspace=personas.workspace, name="PR")
    zoe = make_influencer(
        personas,
        "Zoë Saldaña",
        emails=["zoe@studio.test", "press@zoe.test"],
        accounts=[
            {"platform": "tiktok", "handle": "zoetok", "followers": 98_700},
            {"platform": "youtube", "handle": "zoetube"},
            {"platform": "instagram", "handle": "zoe.cooks", "followers": 1_250_000},
        ],
        topics=["vegan baking", "travel"],
        country="US",
        stage=Stage.ENGAGED,
        owner=personas.member,
        team=team,
    )
    SocialAccount.objects.filter(handle="zoetok").update(engagement_rate=Decimal("4.5"))
    Influencer.objects.filter(pk=zoe.pk).update(
        last_outbound_at=datetime(2026, 3, 1, 23, 30, tzinfo=UTC),
        health_score=71,
    )
    make_influencer(personas, "Nobody's", owner=None)
    return Influencer.objects.filter(workspace=personas.workspace).order_by("sort_name", "id")


def _json(data) -> bytes:
    return JSONRenderer().render(data)


@pytest.mark.parametrize("zone", ["UTC", "Pacific/Auckland"])
def test_api_rows_are_the_row_serializers_json(people, zone):
    with timezone.override(zone):
        expected = InfluencerRowSerializer(list(people), many=True).data
        built = influencer_rows_data(list(influencer_api_rows(people)))
    assert _json(built) == _json(expected)
    zoe = next(row for row in built if row["name"] == "Zoë Saldaña")
    # What the arrays carry: topics by name, accounts most followers first, unknown last.
    assert zoe["topics"] == ["travel", "vegan baking"]
    assert [account["handle"] for account in zoe["social_accounts"]] == [
        "zoe.cooks",
        "zoetok",
        "zoetube",
    ]
    assert zoe["primary_email"] == "zoe@studio.test"


def test_api_rows_are_one_query(people, django_assert_num_queries):
    with django_assert_num_queries(1):
        influencer_rows_data(list(influencer_api_rows(people)))

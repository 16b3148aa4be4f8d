"""The campaigns API for brands, campaigns and the report's figures: outsiders get 404 and
viewers read but write nothing, refusals answer 400 with the service's message under its
field, the list filters by status, brand, owner and team, and the report's JSON matches a small
campaign worked out by hand. Lists read the same number of queries at 5 and 50 rows."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from campaigns.models import (
    Brand,
    Campaign,
    CampaignStatus,
    Collaboration,
    Deliverable,
    DeliverableResult,
    DeliverableStatus,
    ExchangeRate,
    Moment,
    Payment,
    Stage,
)
from contacts.models import Influencer
from irm.services import team_create
from tests.campaigns.conftest import NOW
from tests.factories import (
    CampaignFactory,
    CollaborationFactory,
    DeliverableFactory,
    ProfileFactory,
)
from tests.outreach.api_helpers import client_for, token_client

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


def url(name: str, target=None, slug: str = "acme") -> str:
    kwargs = {"slug": slug}
    if target is not None:
        kwargs["public_id"] = target.public_id
    return reverse(f"api:campaigns-api:{name}", kwargs=kwargs)


def create_campaign(client, brand, **data):
    return client.post(
        url("campaign-list"), {"brand": str(brand.public_id), "name": "Autumn", **data}, "json"
    )


# --- who may --------------------------------------------------------------------------------


def test_an_outsider_finds_no_brand_campaign_or_report(personas, brand, campaign):
    outsider = client_for(personas.outsider)

    assert outsider.get(url("brand-list")).status_code == 404
    assert outsider.get(url("campaign-detail", campaign)).status_code == 404
    assert outsider.get(url("campaign-report", campaign)).status_code == 404
    # Their own workspace does not hold acme's campaign either.
    assert outsider.get(url("campaign-detail", campaign, slug="globex")).status_code == 404
    assert outsider.get(url("brand-detail", brand, slug="globex")).status_code == 404


def test_a_viewer_reads_but_writes_nothing(personas, brand, campaign):
    viewer = client_for(personas.viewer)

    assert viewer.get(url("brand-detail", brand)).json()["name"] == "Trailhead"
    assert viewer.get(url("campaign-detail", campaign)).json()["name"] == "Spring trails"
    assert viewer.get(url("campaign-report", campaign)).status_code == 200
    assert viewer.post(url("brand-list"), {"name": "Summit"}, "json").status_code == 403
    assert viewer.patch(url("brand-detail", brand), {"name": "X"}, "json").status_code == 403
    assert create_campaign(viewer, brand).status_code == 403
    renamed = viewer.patch(url("campaign-detail", campaign), {"name": "X"}, "json")
    assert renamed.status_code == 403
    assert Brand.objects.count() == 1 and Campaign.objects.get().name == "Spring trails"


def test_signing_in_is_needed(brand):
    assert client_for(None).get(url("brand-list")).status_code == 401


def test_a_scripts_token_reads_its_own_workspace_only(personas, brand):
    script = token_client(personas, personas.member)

    assert script.get(url("brand-list")).json()["count"] == 1
    assert script.get(url("brand-list", slug="globex")).status_code == 404


# --- brands ---------------------------------------------------------------------------------


def test_a_member_adds_a_brand_and_changes_it(personas):
    member = client_for(personas.member)

    made = member.post(
        url("brand-list"),
        {"name": "  Summit  Co ", "values": "Repair, not replace.", "website": ""},
        "json",
    )

    assert made.status_code == 201, made.json()
    assert made.json()["name"] == "Summit Co"
    brand = Brand.objects.get(public_id=made.json()["public_id"])
    changed = member.patch(url("brand-detail", brand), {"description": "Boots"}, "json")
    assert changed.status_code == 200
    assert changed.json()["description"] == "Boots"
    assert changed.json()["values"] == "Repair, not replace."


def test_a_second_brand_of_the_same_name_is_refused_with_its_message(personas, brand):
    refused = client_for(personas.member).post(url("brand-list"), {"name": "trailhead"}, "json")

    assert refused.status_code == 400
    assert refused.json()["errors"] == {"name": ["A brand named “trailhead” exists already."]}


def test_brands_are_listed_by_name_in_pages(personas, brand):
    client_for(personas.member).post(url("brand-list"), {"name": "Alpine"}, "json")

    body = client_for(personas.viewer).get(url("brand-list")).json()

    assert body["count"] == 2
    assert [row["name"] for row in body["results"]] == ["Alpine", "Trailhead"]


# --- campaigns ------------------------------------------------------------------------------


def test_a_member_creates_a_campaign_with_its_brief(personas, brand):
    member = client_for(personas.member)

    made = create_campaign(
        member,
        brand,
        goal="Repairs over replacements",
        hashtags=["#trailhead", "#TrailHead", "#repair"],
        starts_on="2027-03-01",
        ends_on="2027-05-31",
        budget="8000.00",
        currency="usd",
        owner=str(personas.manager.public_id),
    )

    assert made.status_code == 201, made.json()
    body = made.json()
    assert body["brand"] == {"public_id": str(brand.public_id), "name": "Trailhead"}
    assert body["hashtags"] == ["#trailhead", "#repair"]
    assert body["currency"] == "USD" and body["budget"] == "8000.00"
    assert body["status"] == "planning"
    assert body["owner"]["name"] == personas.manager.name
    assert body["team"] is None


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"starts_on": "2027-03-01", "ends_on": "2027-02-01"},
            "ends_on",
            "The campaign cannot end before it starts.",
        ),
        ({"currency": "euro"}, "currency", "A currency is a three-letter code such as EUR or USD."),
        ({"name": "  "}, "name", "Give the campaign a name."),
        ({"status": "paused"}, "status", "“paused” is not a campaign status."),
    ],
)
def test_a_campaign_that_breaks_a_rule_is_refused(personas, brand, data, field, message):
    refused = create_campaign(client_for(personas.member), brand, **data)

    assert refused.status_code == 400
    assert refused.json()["errors"] == {field: [message]}
    assert not Campaign.objects.exists()


def test_another_workspaces_brand_owner_or_team_is_refused(personas, brand):
    theirs = Brand.objects.create(workspace=personas.other_workspace, name="Globex gear")
    member = client_for(personas.member)

    assert create_campaign(member, theirs).json()["errors"] == {
        "brand": ["No such brand in this workspace."]
    }
    owner = create_campaign(member, brand, owner=str(personas.outsider.public_id))
    assert owner.json()["errors"] == {"owner": ["No such member of this workspace."]}
    their_team = team_create(workspace=personas.other_workspace, name="PR")
    team = create_campaign(member, brand, team=str(their_team.public_id))
    assert team.json()["errors"] == {"team": ["No such team in this workspace."]}


def test_a_manager_changes_only_the_fields_sent(personas, campaign):
    team = team_create(workspace=personas.workspace, name="Outdoor")

    changed = client_for(personas.manager).patch(
        url("campaign-detail", campaign),
        {"status": "active", "team": str(team.public_id), "owner": None},
        "json",
    )

    assert changed.status_code == 200, changed.json()
    body = changed.json()
    assert body["status"] == "active" and body["team"]["name"] == "Outdoor"
    assert body["owner"] is None
    assert body["name"] == "Spring trails" and body["budget"] == "10000.00"


def test_a_member_may_not_reassign_their_teams_campaign(personas, campaign):
    team = team_create(workspace=personas.workspace, name="Outdoor")

    refused = client_for(personas.member).patch(
        url("campaign-detail", campaign), {"status": "active", "team": str(team.public_id)}, "json"
    )
    changed = client_for(personas.member).patch(
        url("campaign-detail", campaign), {"status": "active"}, "json"
    )

    assert refused.status_code == 403
    assert changed.status_code == 200, changed.json()
    assert changed.json()["team"]["name"] == "PR"


def test_a_refused_change_leaves_the_campaign_as_it_was(personas, campaign):
    refused = client_for(personas.member).patch(
        url("campaign-detail", campaign), {"ends_on": "2026-01-01"}, "json"
    )

    assert refused.status_code == 400
    assert refused.json()["errors"] == {"ends_on": ["The campaign cannot end before it starts."]}
    campaign.refresh_from_db()
    assert campaign.ends_on == date(2027, 3, 31)


def test_campaigns_are_filtered_by_status_brand_owner_and_team(personas, brand, campaign):
    other_brand = Brand.objects.create(workspace=personas.workspace, name="Summit")
    team = team_create(workspace=personas.workspace, name="Outdoor")
    Campaign.objects.create(
        workspace=personas.workspace,
        brand=other_brand,
        name="Summer peaks",
        status=CampaignStatus.ACTIVE,
        owner=personas.member,
        team=team,
    )
    viewer = client_for(personas.viewer)

    def names(**query):
        response = viewer.get(url("campaign-list"), query)
        assert response.status_code == 200, response.json()
        return [row["name"] for row in response.json()["results"]]

    assert sorted(names()) == ["Spring trails", "Summer peaks"]
    assert names(status="active") == ["Summer peaks"]
    assert names(status="planning") == ["Spring trails"]
    assert names(brand=str(brand.public_id)) == ["Spring trails"]
    assert names(owner=str(personas.manager.public_id)) == ["Spring trails"]
    assert names(team=str(team.public_id)) == ["Summer peaks"]
    bad = viewer.get(url("campaign-list"), {"status": "paused"})
    assert bad.status_code == 400 and "status" in bad.json()["errors"]


def test_the_campaign_list_reads_the_same_number_of_queries_at_5_and_50(personas, brand):
    team = team_create(workspace=personas.workspace, name="Outdoor")
    viewer = client_for(personas.viewer)

    def queries_with(count: int) -> int:
        Campaign.objects.all().delete()
        Campaign.objects.bulk_create(
            Campaign(
                workspace=personas.workspace,
                brand=brand,
                name=f"Campaign {number}",
                owner=personas.member,
                team=team,
            )
            for number in range(count)
        )
        with CaptureQueriesContext(connection) as queries:
            response = viewer.get(url("campaign-list"))
        assert response.status_code == 200 and response.json()["count"] == count
        return len(queries)

    assert queries_with(5) == queries_with(50)


# --- the report -----------------------------------------------------------------------------


def influencer(personas, name: str, followers: int | None) -> Influencer:
    # Followers are summed from their social accounts; set directly for the arithmetic.
    return ProfileFactory(
        workspace=personas.workspace,
        actor=personas.admin,
        name=name,
        now=NOW,
        total_followers=followers,
    )


def small_campaign(personas) -> Campaign:
    """Two agreed collaborations, worked out by hand:

    Ana (10,000 followers): one post due 15 Nov, published 14 Nov: 300 likes, 40 comments,
    20 shares, 40 saves (engagement 400: 4.00% of followers; 40 comments = 4.00 per 1,000),
    2,000 views, 50 clicks, 5 conversions, comments read 30 positive, 8 neutral, 2 negative
    (75.00%, 20.00%, 5.00%). Paid 400 EUR, 200 EUR scheduled: 600 EUR, 1.50 EUR an engagement.

    Ben (followers not known): one post due 10 Nov, published 12 Nov (late): 90 likes,
    10 comments (engagement 100, no rate). Paid 100 USD at 0.90 (rate of 1 Nov) = 90 EUR:
    0.90 EUR an engagement.

    Total: 10,000 followers, engagement 500, rate 400 / 10,000 = 4.00%, 690 EUR spent of a
    1,000 EUR budget (310 remaining), 1 of 2 posts on time (50.00%).
    """
    campaign = CampaignFactory(workspace=personas.workspace, budget=Decimal("1000.00"))
    ExchangeRate.objects.create(
        workspace=personas.workspace,
        from_currency="USD",
        to_currency="EUR",
        rate=Decimal("0.90"),
        as_of=date(2026, 11, 1),
    )
    people = [
        (
            influencer(personas, "Ana Rocha", 10_000),
            date(2026, 11, 15),
            datetime(2026, 11, 14, 12, 0, tzinfo=UTC),
            {
                "likes": 300,
                "comments": 40,
                "shares": 20,
                "saves": 40,
                "views": 2000,
                "clicks": 50,
                "conversions": 5,
                "positive_comments": 30,
                "neutral_comments": 8,
                "negative_comments": 2,
            },
            [("400", "EUR", True), ("200", "EUR", False)],
        ),
        (
            influencer(personas, "Ben Okafor", None),
            date(2026, 11, 10),
            datetime(2026, 11, 12, 12, 0, tzinfo=UTC),
            {"likes": 90, "comments": 10},
            [("100", "USD", True)],
        ),
    ]
    for person, due_on, published_at, results, payments in people:
        collaboration = CollaborationFactory(
            campaign=campaign, influencer=person, stage=Stage.AGREED
        )
        deliverable = DeliverableFactory(
            collaboration=collaboration, published=True, due_on=due_on, published_at=published_at
        )
        DeliverableResult.objects.create(deliverable=deliverable, **results)
        for amount, currency, paid in payments:
            Payment.objects.create(
                collaboration=collaboration,
                amount=Decimal(amount),
                currency=currency,
                due_on=date(2026, 11, 30),
                paid_at=NOW if paid else None,
            )
    ana_collaboration = campaign.collaborations.get(influencer__name="Ana Rocha")
    Moment.objects.create(
        collaboration=ana_collaboration, text="“Finally boots I can resole.”", created_at=NOW
    )
    return campaign


def test_the_report_json_has_the_figures_worked_out_by_hand(personas):
    campaign = small_campaign(personas)

    response = client_for(personas.viewer).get(url("campaign-report", campaign))

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["campaign"] == {"public_id": str(campaign.public_id), "name": "Spring trails"}
    rows = {row["name"]: row for row in body["rows"]}
    ana, ben, total = rows["Ana Rocha"], rows["Ben Okafor"], body["total"]
    assert ana["followers"] == 10_000 and ana["stage"] == "Agreed"
    assert (ana["engagement"], ana["views"], ana["clicks"], ana["conversions"]) == (
        400,
        2000,
        50,
        5,
    )
    assert ana["engagement_rate"] == "4.00" and ana["conversation_per_1k"] == "4.00"
    assert ana["cost"] == {
        "currency": "EUR",
        "paid": "400.00",
        "scheduled": "200.00",
        "total": "600.00",
        "unconverted": [],
    }
    assert ana["cost_per_engagement"] == "1.50"
    assert (ana["published"], ana["on_time"], ana["on_time_rate"]) == (1, 1, "100.00")
    assert ana["sentiment"] == {
        "positive": 30,
        "neutral": 8,
        "negative": 2,
        "positive_share": "75.00",
        "neutral_share": "20.00",
        "negative_share": "5.00",
    }
    assert ben["followers"] is None and ben["engagement"] == 100
    assert ben["engagement_rate"] is None
    assert ben["cost"]["total"] == "90.00" and ben["cost_per_engagement"] == "0.90"
    assert (ben["published"], ben["on_time"], ben["on_time_rate"]) == (1, 0, "0.00")
    assert total["influencer"] is None
    assert (total["followers"], total["engagement"]) == (10_000, 500)
    assert total["engagement_rate"] == "4.00" and total["on_time_rate"] == "50.00"
    assert body["spend"] == {
        "currency": "EUR",
        "paid": "490.00",
        "scheduled": "200.00",
        "total": "690.00",
        "unconverted": [],
        "budget": "1000.00",
        "remaining": "310.00",
    }
    assert body["rates_used"] == [
        {"from_currency": "USD", "rate": "0.900000", "as_of": "2026-11-01"}
    ]
    assert [moment["influencer"] for moment in body["moments"]] == ["Ana Rocha"]


def test_a_payment_without_an_exchange_rate_has_no_total(personas):
    campaign = small_campaign(personas)
    ExchangeRate.objects.all().delete()

    body = client_for(personas.viewer).get(url("campaign-report", campaign)).json()

    assert body["spend"]["total"] is None and body["spend"]["remaining"] is None
    assert body["spend"]["unconverted"] == ["USD"]
    assert body["rates_used"] == []


def test_the_report_reads_the_same_number_of_queries_at_5_and_50(personas, brand):
    campaign = Campaign.objects.create(
        workspace=personas.workspace, brand=brand, name="Autumn", currency="EUR"
    )
    viewer = client_for(personas.viewer)

    def queries_with(count: int) -> int:
        Collaboration.objects.all().delete()
        people = Influencer.objects.bulk_create(
            Influencer(workspace=personas.workspace, name=f"Person {count}-{number}")
            for number in range(count)
        )
        collaborations = Collaboration.objects.bulk_create(
            Collaboration(
                workspace=personas.workspace,
                campaign=campaign,
                influencer=person,
                stage=Stage.AGREED,
            )
            for person in people
        )
        deliverables = Deliverable.objects.bulk_create(
            Deliverable(
                collaboration=collaboration,
                kind="instagram_post",
                due_on=date(2026, 11, 15),
                status=DeliverableStatus.PUBLISHED,
                published_at=NOW,
            )
            for collaboration in collaborations
        )
        DeliverableResult.objects.bulk_create(
            DeliverableResult(deliverable=deliverable, likes=10) for deliverable in deliverables
        )
        Payment.objects.bulk_create(
            Payment(collaboration=collaboration, amount=Decimal("50"), due_on=date(2026, 12, 1))
            for collaboration in collaborations
        )
        with CaptureQueriesContext(connection) as queries:
            response = viewer.get(url("campaign-report", campaign))
        assert response.status_code == 200 and len(response.json()["rows"]) == count
        assert response.json()["total"]["likes"] == 10 * count
        return len(queries)

    assert queries_with(5) == queries_with(50)

"""The influencers API: list (the page's search and filters), read, add, change, delete."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contacts.models import Influencer, Interaction, InteractionKind, Stage
from irm.models import AuditAction, AuditEvent, Team
from tests.contacts.api_client import (
    api_url,
    client_for,
    globex_influencer,
    make_influencer,
    token_client,
)

pytestmark = pytest.mark.django_db


def names(response) -> list[str]:
    return [row["name"] for row in response.json()["results"]]


@pytest.fixture
def zoe(personas):
    return make_influencer(
        personas,
        "Zoë Saldaña",
        emails=["zoe@studio.test", "press@zoe.test"],
        accounts=[
            {"platform": "instagram", "handle": "@Zoe.Cooks", "followers": 1_250_000},
            {"platform": "tiktok", "handle": "zoetok", "followers": 98_700},
        ],
        topics=["vegan baking"],
        country="US",
        stage=Stage.ENGAGED,
        owner=personas.member,
    )


@pytest.fixture
def ana(personas):
    return make_influencer(
        personas,
        "Ana Bakes",
        accounts=[{"platform": "youtube", "handle": "anabakes", "followers": 12_000}],
        country="FR",
    )


# --- list ------------------------------------------------------------------------------------


def test_it_lists_the_workspaces_influencers_with_a_token(personas, zoe, ana):
    globex_influencer(personas)

    response = token_client(personas, personas.viewer).get(api_url("influencer-list"))

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert names(response) == ["Ana Bakes", "Zoë Saldaña"]
    row = body["results"][1]
    assert row["id"] == str(zoe.public_id)
    assert row["owner"] == str(personas.member.public_id)
    assert row["primary_email"] == "zoe@studio.test"
    assert row["topics"] == ["vegan baking"]
    assert row["total_followers"] == 1_348_700
    assert [account["handle"] for account in row["social_accounts"]] == ["zoe.cooks", "zoetok"]


def test_an_unknown_count_is_null_never_zero(personas, ana):
    make_influencer(
        personas, "Ana Souza", accounts=[{"platform": "instagram", "handle": "ana.souza"}]
    )

    response = client_for(personas.viewer).get(api_url("influencer-list"), {"q": "souza"})

    (row,) = response.json()["results"]
    assert row["total_followers"] is None
    assert row["social_accounts"][0]["followers"] is None


def test_it_lists_for_a_signed_in_session(personas, zoe):
    response = client_for(personas.member).get(api_url("influencer-list"))

    assert response.status_code == 200
    assert names(response) == ["Zoë Saldaña"]


def test_it_answers_401_without_credentials_and_404_to_outsiders(personas, zoe):
    assert client_for(None).get(api_url("influencer-list")).status_code == 401
    assert client_for(personas.outsider).get(api_url("influencer-list")).status_code == 404


def test_a_token_of_another_workspace_answers_404(personas):
    token = token_client(personas, personas.admin)

    assert token.get(api_url("influencer-list", slug="globex")).status_code == 404


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("zoe", ["Zoë Saldaña"]),  # accents do not matter
        ("SALD", ["Zoë Saldaña"]),  # a prefix, any case
        ("zoetok", ["Zoë Saldaña"]),  # a handle
        ("zoe.cooks", ["Zoë Saldaña"]),  # a dotted handle, whole
        ("cooks", ["Zoë Saldaña"]),  # or a part of it
        ("press", ["Zoë Saldaña"]),  # an email's local part
        ("vegan", ["Zoë Saldaña"]),  # a topic
        ("bakes", ["Ana Bakes"]),
        ("nobody", []),
        ("'&|!:*", ["Ana Bakes", "Zoë Saldaña"]),  # no words: no search, never an error
    ],
)
def test_it_searches_like_the_list_page(personas, zoe, ana, query, expected):
    response = client_for(personas.viewer).get(api_url("influencer-list"), {"q": query})

    assert response.status_code == 200
    assert names(response) == expected


def test_it_filters_and_sorts_like_the_list_page(personas, zoe, ana):
    client = client_for(personas.viewer)
    url = api_url("influencer-list")

    assert names(client.get(url, {"stage": "engaged"})) == ["Zoë Saldaña"]
    assert names(client.get(url, {"platform": "youtube"})) == ["Ana Bakes"]
    assert names(client.get(url, {"min_followers": "100000"})) == ["Zoë Saldaña"]
    assert names(client.get(url, {"owner": str(personas.member.public_id)})) == ["Zoë Saldaña"]
    assert names(client.get(url, {"owner": "none"})) == ["Ana Bakes"]
    assert names(client.get(url, {"country": "fr"})) == ["Ana Bakes"]
    assert names(client.get(url, {"sort": "-followers"})) == ["Zoë Saldaña", "Ana Bakes"]


def test_a_bad_filter_is_a_400_with_the_fields_message(personas, zoe):
    response = client_for(personas.viewer).get(api_url("influencer-list"), {"min_followers": "x"})

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "min_followers": ["Enter a whole number of followers, e.g. 10000."]
    }


def test_it_pages_by_number(personas):
    for number in range(5):
        make_influencer(personas, f"Person {number}")

    response = client_for(personas.viewer).get(
        api_url("influencer-list"), {"page_size": 2, "page": 2}
    )

    body = response.json()
    assert (body["count"], names(response)) == (5, ["Person 2", "Person 3"])
    assert body["next"] and body["previous"]


def _queries_to_list(personas, url) -> int:
    client = client_for(personas.viewer)
    client.get(url)  # warm the session and caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _people(personas, count: int, start: int = 0) -> None:
    team = Team.objects.get_or_create(workspace=personas.workspace, name="PR")[0]
    for number in range(start, start + count):
        make_influencer(
            personas,
            f"Person {number:02}",
            emails=[f"p{number}@example.test", f"p{number}b@example.test"],
            accounts=[
                {"platform": "instagram", "handle": f"p{number}", "followers": number},
                {"platform": "tiktok", "handle": f"p{number}", "followers": number},
            ],
            topics=[f"topic {number}", "food"],
            owner=personas.member,
            team=team,
        )


def test_the_list_takes_the_same_queries_for_3_and_30_rows(personas):
    url = f"{api_url('influencer-list')}?page_size=100"
    _people(personas, 3)
    few = _queries_to_list(personas, url)
    _people(personas, 27, start=3)
    many = _queries_to_list(personas, url)

    assert few == many
    # session, user, membership; count, then the rows with their topics, accounts and primary
    # address in the same query
    assert many == 5


def test_a_profile_takes_the_same_queries_whatever_its_size(personas):
    small = make_influencer(personas, "Small", emails=["s@example.test"], topics=["a"])
    big = make_influencer(
        personas,
        "Big",
        emails=[f"b{n}@example.test" for n in range(10)],
        accounts=[{"platform": "instagram", "handle": f"big{n}"} for n in range(10)],
        topics=[f"topic {n}" for n in range(10)],
    )

    counts = {
        _queries_to_list(personas, api_url("influencer-detail", public_id=person.public_id))
        for person in (small, big)
    }

    assert counts == {7}


# --- read ------------------------------------------------------------------------------------


def test_it_reads_a_whole_profile(personas, zoe):
    response = client_for(personas.viewer).get(
        api_url("influencer-detail", public_id=zoe.public_id)
    )

    assert response.status_code == 200
    body = response.json()
    assert body["id"] == str(zoe.public_id)
    assert body["emails"] == [
        {"email": "zoe@studio.test", "is_primary": True, "bounced_at": None, "bounce_reason": ""},
        {"email": "press@zoe.test", "is_primary": False, "bounced_at": None, "bounce_reason": ""},
    ]
    assert body["social_accounts"][0]["platform"] == "instagram"
    assert body["stage"] == "engaged"
    assert body["time_zone"] == "UTC"
    assert "search_vector" not in body


def test_another_workspaces_influencer_answers_404(personas):
    theirs = globex_influencer(personas)
    client = client_for(personas.admin)
    url = api_url("influencer-detail", public_id=theirs.public_id)

    assert client.get(url).status_code == 404
    assert client.patch(url, {"bio": "Mine now"}).status_code == 404
    assert client.delete(url).status_code == 404
    theirs.refresh_from_db()
    assert theirs.bio == ""


# --- add -------------------------------------------------------------------------------------


def test_a_member_adds_an_influencer_with_addresses_accounts_and_topics(personas):
    response = client_for(personas.member).post(
        api_url("influencer-list"),
        {
            "name": "  Léa Martin ",
            "emails": ["Lea@Example.test", "agent@example.test"],
            "social_accounts": [
                {"platform": "instagram", "handle": "https://instagram.com/Lea.Runs/"}
            ],
            "topics": ["trail running"],
            "country": "fr",
            "languages": ["FR", "en"],
            "time_zone": "Europe/Paris",
        },
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["name"] == "Léa Martin"
    assert body["owner"] == str(personas.member.public_id)  # whoever adds them owns them
    assert body["primary_email"] == "lea@example.test"
    assert body["social_accounts"][0]["handle"] == "lea.runs"
    assert (body["country"], body["languages"]) == ("FR", ["en", "fr"])
    found = client_for(personas.viewer).get(api_url("influencer-list"), {"q": "lea run"})
    assert names(found) == ["Léa Martin"]


def test_a_viewer_may_not_add_even_with_invalid_input(personas):
    response = client_for(personas.viewer).post(api_url("influencer-list"), {"name": ""})

    assert response.status_code == 403
    assert response.json() == {"detail": "Your role (Viewer) may not do this."}
    assert AuditEvent.objects.filter(action=AuditAction.PERMISSION_DENIED).exists()


def test_an_address_of_someone_else_is_a_400_on_emails(personas, zoe):
    response = client_for(personas.member).post(
        api_url("influencer-list"), {"name": "Copycat", "emails": ["ZOE@studio.test"]}
    )

    assert response.status_code == 400
    assert response.json() == {
        "detail": "zoe@studio.test belongs to Zoë Saldaña already.",
        "errors": {"emails": ["zoe@studio.test belongs to Zoë Saldaña already."]},
    }
    assert not Influencer.objects.filter(name="Copycat").exists()


def test_a_handle_of_someone_else_is_a_400_on_social_accounts(personas, zoe):
    response = client_for(personas.member).post(
        api_url("influencer-list"),
        {"name": "Copycat", "social_accounts": [{"platform": "instagram", "handle": "@zoe.cooks"}]},
    )

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["social_accounts"]
    assert "belongs to Zoë Saldaña" in response.json()["detail"]


def test_an_owner_from_another_workspace_is_unknown(personas):
    response = client_for(personas.member).post(
        api_url("influencer-list"), {"name": "Léa", "owner": str(personas.outsider.public_id)}
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {"owner": ["No member of this workspace has this id."]}


def test_a_rule_of_the_services_is_a_400_on_its_field(personas):
    response = client_for(personas.member).post(
        api_url("influencer-list"), {"name": "Léa", "time_zone": "Mars/Olympus"}
    )

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["time_zone"]


def test_the_name_is_required(personas):
    response = client_for(personas.member).post(api_url("influencer-list"), {})

    assert response.status_code == 400
    assert response.json()["errors"] == {"name": ["This field is required."]}


# --- change ----------------------------------------------------------------------------------


def test_a_member_changes_the_profile_topics_and_addresses(personas, zoe):
    url = api_url("influencer-detail", public_id=zoe.public_id)

    response = client_for(personas.member).patch(
        url,
        {
            "bio": "Plant-based pastry chef",
            "stage": "collaborating",
            "topics": ["pastry"],
            "emails": ["press@zoe.test", "new@zoe.test"],
        },
    )

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["bio"] == "Plant-based pastry chef"
    assert body["topics"] == ["pastry"]
    assert body["emails"] == [
        {"email": "press@zoe.test", "is_primary": True, "bounced_at": None, "bounce_reason": ""},
        {"email": "new@zoe.test", "is_primary": False, "bounced_at": None, "bounce_reason": ""},
    ]
    assert body["name"] == "Zoë Saldaña"  # not sent, not changed
    change = Interaction.objects.get(influencer=zoe, kind=InteractionKind.STAGE_CHANGE)
    assert change.author == personas.member
    searched = client_for(personas.viewer).get(api_url("influencer-list"), {"q": "pastry"})
    assert names(searched) == ["Zoë Saldaña"]


def test_a_change_that_breaks_a_rule_changes_nothing(personas, zoe, ana):
    make_influencer(personas, "Taken", emails=["taken@example.test"])

    response = client_for(personas.member).patch(
        api_url("influencer-detail", public_id=zoe.public_id),
        {"bio": "Changed", "topics": ["other"], "emails": ["taken@example.test"]},
    )

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["emails"]
    zoe.refresh_from_db()
    assert zoe.bio == ""
    assert list(zoe.topics.values_list("name", flat=True)) == ["vegan baking"]


@pytest.mark.parametrize("field", ["owner", "team"])
def test_a_member_may_not_reassign_even_with_invalid_input(personas, zoe, field):
    response = client_for(personas.member).patch(
        api_url("influencer-detail", public_id=zoe.public_id), {field: "not-an-id"}
    )

    assert response.status_code == 403


def test_a_manager_reassigns_the_owner_and_team(personas, zoe):
    team = Team.objects.create(workspace=personas.workspace, name="Digital")

    response = client_for(personas.manager).patch(
        api_url("influencer-detail", public_id=zoe.public_id),
        {"owner": str(personas.viewer.public_id), "team": str(team.public_id)},
    )

    assert response.status_code == 200
    assert response.json()["owner"] == str(personas.viewer.public_id)
    assert response.json()["team"] == str(team.public_id)


def test_a_manager_may_leave_someone_without_an_owner(personas, zoe):
    response = client_for(personas.manager).patch(
        api_url("influencer-detail", public_id=zoe.public_id), {"owner": None}
    )

    assert response.status_code == 200
    assert response.json()["owner"] is None


def test_a_team_of_another_workspace_is_unknown(personas, zoe):
    theirs = Team.objects.create(workspace=personas.other_workspace, name="Theirs")

    response = client_for(personas.manager).patch(
        api_url("influencer-detail", public_id=zoe.public_id), {"team": str(theirs.public_id)}
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {"team": ["No team of this workspace has this id."]}


def test_a_viewer_may_not_change_a_profile(personas, zoe):
    response = client_for(personas.viewer).patch(
        api_url("influencer-detail", public_id=zoe.public_id), {"bio": "x"}
    )

    assert response.status_code == 403


def test_there_is_no_put(personas, zoe):
    response = client_for(personas.admin).put(
        api_url("influencer-detail", public_id=zoe.public_id), {"name": "x"}
    )

    assert response.status_code == 405


# --- delete ----------------------------------------------------------------------------------


def test_a_member_may_not_delete(personas, zoe):
    response = client_for(personas.member).delete(
        api_url("influencer-detail", public_id=zoe.public_id)
    )

    assert response.status_code == 403
    assert Influencer.objects.filter(pk=zoe.pk, erased_at__isnull=True).exists()


def test_a_manager_may_not_delete_either_deleting_is_erasing(personas, zoe):
    url = api_url("influencer-detail", public_id=zoe.public_id)

    response = token_client(personas, personas.manager).delete(url)

    assert response.status_code == 403
    zoe.refresh_from_db()
    assert zoe.erased_at is None
    assert zoe.name == "Zoë Saldaña"


def test_an_admins_delete_erases_the_influencer_and_everything_of_theirs(personas, zoe):
    url = api_url("influencer-detail", public_id=zoe.public_id)

    response = token_client(personas, personas.admin).delete(url)

    assert response.status_code == 204
    zoe.refresh_from_db()
    assert zoe.erased_at is not None
    assert zoe.name == "Erased person"
    assert not zoe.emails.exists()
    assert not zoe.social_accounts.exists()
    assert client_for(personas.admin).get(url).status_code == 404

"""What hangs from a profile, through the API: social accounts, open channels, rates."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contacts.models import (
    Channel,
    ChannelPermission,
    DeliverableType,
    Interaction,
    InteractionKind,
    MetricSnapshot,
    RateCard,
    SocialAccount,
)
from contacts.services.channels import channel_permission_set
from contacts.services.profiles import rate_card_save, social_account_save
from tests.contacts.api_client import (
    api_url,
    client_for,
    globex_influencer,
    make_influencer,
    token_client,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def zoe(personas):
    return make_influencer(
        personas,
        "Zoë Saldaña",
        accounts=[{"platform": "instagram", "handle": "zoe.cooks", "followers": 1_000}],
    )


def accounts_url(influencer) -> str:
    return api_url("social-account-list", public_id=influencer.public_id)


def account_url(account) -> str:
    return api_url(
        "social-account-detail",
        public_id=account.influencer.public_id,
        account_id=account.public_id,
    )


# --- social accounts -------------------------------------------------------------------------


def test_it_lists_their_accounts_biggest_first(personas, zoe):
    social_account_save(influencer=zoe, platform="tiktok", handle="zoetok", followers=5_000)

    response = token_client(personas, personas.viewer).get(accounts_url(zoe))

    assert response.status_code == 200
    assert [row["handle"] for row in response.json()] == ["zoetok", "zoe.cooks"]


def test_a_member_adds_an_account_normalized_and_counted(personas, zoe):
    response = client_for(personas.member).post(
        accounts_url(zoe),
        {
            "platform": "youtube",
            "handle": "https://www.youtube.com/@ZoeBakes",
            "followers": 2_500,
            "engagement_rate": "3.25",
        },
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["handle"], body["followers"], body["engagement_rate"]) == (
        "zoebakes",
        2_500,
        "3.25",
    )
    zoe.refresh_from_db()
    assert zoe.total_followers == 3_500
    assert MetricSnapshot.objects.filter(social_account__public_id=body["id"]).count() == 1


def test_a_handle_of_someone_else_is_a_400_on_handle(personas, zoe):
    ana = make_influencer(personas, "Ana Bakes")

    response = client_for(personas.member).post(
        accounts_url(ana), {"platform": "instagram", "handle": "@Zoe.Cooks"}
    )

    assert response.status_code == 400
    assert response.json() == {
        "detail": "@zoe.cooks on Instagram belongs to Zoë Saldaña already.",
        "errors": {"handle": ["@zoe.cooks on Instagram belongs to Zoë Saldaña already."]},
    }


def test_an_empty_handle_gets_the_services_message(personas, zoe):
    response = client_for(personas.member).post(
        accounts_url(zoe), {"platform": "instagram", "handle": " @ "}
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {"handle": ["Enter the handle, e.g. @ana.bakes."]}


def test_a_member_updates_an_accounts_numbers(personas, zoe):
    account = zoe.social_accounts.get()

    response = client_for(personas.member).patch(
        account_url(account), {"followers": 4_000, "verified": True}
    )

    assert response.status_code == 200
    assert (response.json()["followers"], response.json()["verified"]) == (4_000, True)
    assert response.json()["handle"] == "zoe.cooks"
    zoe.refresh_from_db()
    assert zoe.total_followers == 4_000


def test_a_member_removes_an_account(personas, zoe):
    account = zoe.social_accounts.get()

    response = client_for(personas.member).delete(account_url(account))

    assert response.status_code == 204
    assert not SocialAccount.objects.filter(pk=account.pk).exists()
    zoe.refresh_from_db()
    assert zoe.total_followers is None  # no account left: no count known, not 0


def test_an_account_is_found_only_under_its_own_influencer(personas, zoe):
    ana = make_influencer(personas, "Ana Bakes")
    account = zoe.social_accounts.get()
    url = api_url("social-account-detail", public_id=ana.public_id, account_id=account.public_id)

    assert client_for(personas.member).delete(url).status_code == 404
    assert SocialAccount.objects.filter(pk=account.pk).exists()


def test_a_viewer_reads_but_may_not_change_accounts(personas, zoe):
    account = zoe.social_accounts.get()
    client = client_for(personas.viewer)

    assert client.get(account_url(account)).status_code == 200
    assert client.post(accounts_url(zoe), {"platform": "nope"}).status_code == 403
    assert client.patch(account_url(account), {"followers": -1}).status_code == 403
    assert client.delete(account_url(account)).status_code == 403


def test_another_workspaces_accounts_answer_404(personas):
    theirs = globex_influencer(personas)
    account = social_account_save(influencer=theirs, platform="x", handle="gloria")
    client = client_for(personas.admin)

    assert client.get(accounts_url(theirs)).status_code == 404
    assert client.post(accounts_url(theirs), {"platform": "x", "handle": "a"}).status_code == 404
    assert client.delete(account_url(account)).status_code == 404


# --- open channels ---------------------------------------------------------------------------


def channel_url(influencer, channel="email") -> str:
    return api_url("channel-detail", public_id=influencer.public_id, channel=channel)


def test_it_lists_the_open_door_ledger(personas, zoe):
    channel_permission_set(
        influencer=zoe,
        channel="instagram_dm",
        is_open=True,
        evidence="Business DMs open on profile",
        actor=personas.member,
    )

    response = client_for(personas.viewer).get(api_url("channel-list", public_id=zoe.public_id))

    assert response.status_code == 200
    (row,) = response.json()
    assert (row["channel"], row["is_open"], row["recorded_by"]) == (
        "instagram_dm",
        True,
        str(personas.member.public_id),
    )


def test_a_member_opens_a_channel_with_its_evidence(personas, zoe):
    response = client_for(personas.member).put(
        channel_url(zoe), {"is_open": True, "evidence": "They emailed us first"}
    )

    assert response.status_code == 200
    assert response.json()["evidence"] == "They emailed us first"
    assert ChannelPermission.objects.get(influencer=zoe, channel="email").is_open
    entry = Interaction.objects.get(influencer=zoe, kind=InteractionKind.CHANNEL_CHANGE)
    assert entry.summary == "Email opened: They emailed us first"
    assert client_for(personas.viewer).get(channel_url(zoe)).json()["is_open"] is True


def test_closing_a_channel_keeps_one_record(personas, zoe):
    client = client_for(personas.member)
    client.put(channel_url(zoe), {"is_open": True, "evidence": "They emailed us first"})

    response = client.put(channel_url(zoe), {"is_open": False, "evidence": "Asked us to stop"})

    assert response.status_code == 200
    assert ChannelPermission.objects.filter(influencer=zoe).count() == 1
    assert not ChannelPermission.objects.get(influencer=zoe).is_open


def test_a_channel_without_evidence_gets_the_services_message(personas, zoe):
    response = client_for(personas.member).put(channel_url(zoe), {"is_open": True, "evidence": ""})

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "evidence": ["Say how you know, e.g. “They emailed us first”."]
    }


def test_an_unknown_channel_is_a_400_and_a_channel_never_recorded_a_404(personas, zoe):
    client = client_for(personas.member)

    response = client.put(channel_url(zoe, "carrier_pigeon"), {"is_open": True, "evidence": "x"})

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["channel"]
    assert client.get(channel_url(zoe, "phone")).status_code == 404


def test_a_viewer_may_not_open_a_channel(personas, zoe):
    response = client_for(personas.viewer).put(channel_url(zoe), {})

    assert response.status_code == 403
    assert not ChannelPermission.objects.exists()


def test_another_workspaces_channels_answer_404(personas):
    theirs = globex_influencer(personas)

    response = client_for(personas.admin).put(
        channel_url(theirs), {"is_open": True, "evidence": "x"}
    )

    assert response.status_code == 404
    assert not ChannelPermission.objects.exists()


# --- rates -----------------------------------------------------------------------------------


def rate_url(rate) -> str:
    return api_url("rate-detail", public_id=rate.influencer.public_id, rate_id=rate.public_id)


def test_a_member_adds_and_a_viewer_reads_rates(personas, zoe):
    url = api_url("rate-list", public_id=zoe.public_id)

    created = client_for(personas.member).post(
        url, {"deliverable_type": "instagram_reel", "amount": "1200.00", "currency": "usd"}
    )
    listed = client_for(personas.viewer).get(url)

    assert created.status_code == 201, created.json()
    assert (created.json()["currency"], created.json()["amount"]) == ("USD", "1200.00")
    assert [row["deliverable_type"] for row in listed.json()] == ["instagram_reel"]


def test_adding_a_rate_they_have_updates_it(personas, zoe):
    rate_card_save(influencer=zoe, deliverable_type="blog_post", amount=Decimal(300))

    response = client_for(personas.member).post(
        api_url("rate-list", public_id=zoe.public_id),
        {"deliverable_type": "blog_post", "amount": "350"},
    )

    assert response.status_code == 201
    assert RateCard.objects.get(influencer=zoe).amount == Decimal(350)


def test_a_bad_currency_gets_the_services_message(personas, zoe):
    response = client_for(personas.member).post(
        api_url("rate-list", public_id=zoe.public_id),
        {"deliverable_type": "blog_post", "amount": "350", "currency": "€1"},
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "currency": ["Use a three-letter currency code, e.g. EUR."]
    }


def test_a_member_changes_and_removes_a_rate(personas, zoe):
    rate = rate_card_save(influencer=zoe, deliverable_type="blog_post", amount=Decimal(300))
    client = client_for(personas.member)

    changed = client.patch(rate_url(rate), {"amount": "320.50", "notes": "Two rounds of edits"})
    removed = client.delete(rate_url(rate))

    assert changed.status_code == 200
    assert (changed.json()["amount"], changed.json()["notes"]) == ("320.50", "Two rounds of edits")
    assert changed.json()["deliverable_type"] == "blog_post"
    assert removed.status_code == 204
    assert not RateCard.objects.exists()


def test_a_viewer_may_not_change_rates(personas, zoe):
    rate = rate_card_save(influencer=zoe, deliverable_type="blog_post", amount=Decimal(300))
    client = client_for(personas.viewer)

    assert client.get(rate_url(rate)).status_code == 200
    assert client.patch(rate_url(rate), {"amount": "-1"}).status_code == 403
    assert client.delete(rate_url(rate)).status_code == 403
    assert client.post(api_url("rate-list", public_id=zoe.public_id), {}).status_code == 403


def test_another_workspaces_rates_answer_404(personas):
    theirs = globex_influencer(personas)
    rate = rate_card_save(influencer=theirs, deliverable_type="blog_post", amount=Decimal(300))

    assert client_for(personas.admin).delete(rate_url(rate)).status_code == 404
    assert RateCard.objects.filter(pk=rate.pk).exists()


NESTED_LISTS = ("social-account-list", "channel-list", "rate-list")
CURRENCIES = ("EUR", "USD", "GBP")


def _grow(personas, influencer, start: int, stop: int) -> None:
    """Accounts and rates number `start` to `stop`; channels as many as there are (nine)."""
    kinds = [value for value, _ in DeliverableType.choices]
    for number in range(start, stop):
        social_account_save(influencer=influencer, platform="other", handle=f"h{number}")
        rate_card_save(
            influencer=influencer,
            deliverable_type=kinds[number % len(kinds)],
            currency=CURRENCIES[number // len(kinds)],
            amount=Decimal(number),
        )
    for channel in Channel.values[: stop if stop < 9 else 9]:
        channel_permission_set(
            influencer=influencer,
            channel=channel,
            is_open=True,
            evidence="Public business contact",
            actor=personas.member,
        )


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_nested_lists_take_the_same_queries_for_3_and_30_rows(personas):
    ana = make_influencer(personas, "Ana Bakes")
    client = client_for(personas.viewer)
    urls = [api_url(name, public_id=ana.public_id) for name in NESTED_LISTS]
    client.get(urls[0])  # warm the session

    _grow(personas, ana, 0, 3)
    few = [_queries(client, url) for url in urls]
    _grow(personas, ana, 3, 30)
    many = [_queries(client, url) for url in urls]

    assert ana.social_accounts.count() == ana.rates.count() == 30
    # session, user, membership, the influencer, the rows
    assert few == many == [5, 5, 5]

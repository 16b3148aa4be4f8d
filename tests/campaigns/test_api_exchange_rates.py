"""The exchange rates in the API: managers read them by pair, newest day first; admins set one
(one per pair and day), with the same rules and messages as the exchange rates page."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from campaigns.models import ExchangeRate
from campaigns.services.offers import exchange_rate_set
from tests.campaigns.conftest import NOW
from tests.outreach.api_helpers import client_for

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 18)  # NOW's day in the workspace (Europe/Paris)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def rates_url(workspace="acme") -> str:
    return reverse("api:campaigns-api:exchange-rate-list", kwargs={"slug": workspace})


def set_rate(personas, source, target, rate, as_of, workspace=None):
    return exchange_rate_set(
        workspace=workspace or personas.workspace,
        actor=personas.admin,
        from_currency=source,
        to_currency=target,
        rate=Decimal(rate),
        as_of=as_of,
        now=NOW,
    )


def test_a_manager_reads_the_rates_by_pair_newest_day_first(personas):
    set_rate(personas, "USD", "EUR", "0.91", TODAY - timedelta(days=7))
    set_rate(personas, "USD", "EUR", "0.93", TODAY)
    set_rate(personas, "GBP", "EUR", "1.17", TODAY)
    set_rate(personas, "USD", "EUR", "0.5", TODAY, workspace=personas.other_workspace)

    response = client_for(personas.manager).get(rates_url())

    assert response.status_code == 200
    rows = [
        (row["from_currency"], row["to_currency"], row["rate"], row["as_of"])
        for row in response.json()["results"]
    ]
    assert rows == [
        ("GBP", "EUR", "1.170000", "2026-11-18"),
        ("USD", "EUR", "0.930000", "2026-11-18"),
        ("USD", "EUR", "0.910000", "2026-11-11"),
    ]
    assert response.json()["results"][0]["set_by"] == str(personas.admin.public_id)


def test_an_admin_sets_a_rate_and_setting_the_same_day_again_replaces_it(personas):
    api = client_for(personas.admin)
    body = {"from_currency": "usd", "to_currency": "eur", "rate": "0.92", "as_of": "2026-11-18"}

    first = api.post(rates_url(), body, format="json")
    again = api.post(rates_url(), {**body, "rate": "0.94"}, format="json")

    assert first.status_code == again.status_code == 201
    assert again.json() == {
        "from_currency": "USD",
        "to_currency": "EUR",
        "rate": "0.940000",
        "as_of": "2026-11-18",
        "set_by": str(personas.admin.public_id),
    }
    (kept,) = ExchangeRate.objects.filter(workspace=personas.workspace)
    assert kept.rate == Decimal("0.94")


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"to_currency": "USD"}, "to_currency", "Pick two different currencies."),
        ({"from_currency": "dollars"}, "from_currency", "A currency is a three-letter code"),
        ({"rate": "0"}, "rate", "An exchange rate is more than 0."),
        ({"as_of": "2026-11-19"}, "as_of", "pick today or earlier"),
    ],
)
def test_a_broken_rule_is_a_400_on_its_field_and_nothing_is_kept(personas, change, field, message):
    body = {"from_currency": "USD", "to_currency": "EUR", "rate": "0.92", "as_of": "2026-11-18"}

    response = client_for(personas.admin).post(rates_url(), {**body, **change}, format="json")

    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]
    assert message in response.json()["errors"][field][0]
    assert not ExchangeRate.objects.exists()


def test_members_do_not_read_them_and_managers_do_not_set_them(personas):
    body = {"from_currency": "USD", "to_currency": "EUR", "rate": "0.92", "as_of": "2026-11-18"}

    assert client_for(personas.member).get(rates_url()).status_code == 403
    assert client_for(personas.manager).post(rates_url(), body, format="json").status_code == 403
    assert client_for(personas.outsider).get(rates_url()).status_code == 404
    assert not ExchangeRate.objects.exists()

"""A page with several "Remove", "Revoke" or "Delete" buttons names what each one removes, so a
screen reader's list of buttons reads "Revoke token CI key", not "Revoke, Revoke, Revoke"."""

from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from campaigns.services.report_links import report_share_link_create
from contacts.models import Platform
from contacts.services import social_account_save
from contacts.services.lists import influencer_list_create
from contacts.services.profiles import rate_card_save
from irm.models import Role
from irm.services import api_token_create, invitation_create, team_create
from tests.campaigns.test_report import make_campaign
from tests.contacts.api_client import make_influencer
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

VERBS = ("Remove", "Revoke", "Delete", "Discard")
NOW = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)


class _Buttons(HTMLParser):
    """The accessible name of every button: its aria-label, else all its text (visually
    hidden text included, as assistive technology reads it)."""

    def __init__(self):
        super().__init__()
        self.names: list[str] = []
        self._open: list[str] | None = None
        self._label: str | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "button":
            self._open, self._label = [], dict(attrs).get("aria-label")

    def handle_data(self, data):
        if self._open is not None:
            self._open.append(data)

    def handle_endtag(self, tag):
        if tag == "button" and self._open is not None:
            self.names.append(self._label or " ".join("".join(self._open).split()))
            self._open = None


def removal_buttons(response) -> list[str]:
    assert response.status_code == 200
    parser = _Buttons()
    parser.feed(response.content.decode())
    return [name for name in parser.names if name.startswith(VERBS)]


def assert_named_apart(names: list[str], count: int) -> None:
    assert len(names) == count, names
    assert len(set(names)) == count, names
    assert all(name not in VERBS for name in names), names


def page(client, personas, name, **kwargs):
    client.force_login(personas.admin)
    return client.get(reverse(name, kwargs={"slug": personas.workspace.slug, **kwargs}))


def test_members_and_invitations_name_whom_they_remove(client, personas):
    namesake = UserFactory(email="alice@elsewhere.test", name="Alice Admin")
    personas.workspace.memberships.create(user=namesake, role=Role.MEMBER)
    for email in ("lea@new.test", "lina@new.test"):
        invitation_create(
            workspace=personas.workspace, email=email, role=Role.MEMBER, invited_by=personas.admin
        )

    names = removal_buttons(page(client, personas, "irm:members"))

    assert "Remove Alice Admin (alice@elsewhere.test)" in names
    assert "Revoke the invitation for lea@new.test" in names
    members = personas.workspace.memberships.count()
    assert_named_apart(names, members + 2)


def test_tokens_and_teams_name_what_they_revoke_or_delete(client, personas):
    for name in ("CI key", "Reporting"):
        api_token_create(membership=personas.membership(personas.admin), name=name)
        team_create(workspace=personas.workspace, name=f"{name} team")

    tokens = removal_buttons(page(client, personas, "irm:tokens"))
    teams = removal_buttons(page(client, personas, "irm:teams"))

    assert any(name.startswith("Revoke token CI key") for name in tokens)
    assert_named_apart(tokens, 2)
    assert "Delete team Reporting team" in teams
    assert_named_apart(teams, 2)


def test_named_lists_name_the_list_they_delete(client, personas):
    for name in ("Spring launch", "Autumn"):
        influencer_list_create(workspace=personas.workspace, name=name, actor=personas.admin)

    names = removal_buttons(page(client, personas, "contacts:lists"))

    assert "Delete list Spring launch" in names
    assert_named_apart(names, 2)


def test_accounts_and_rates_on_a_profile_name_what_they_remove(client, personas):
    ana = make_influencer(personas, "Ana Rocha")
    for handle in ("ana.bakes", "ana.runs"):
        social_account_save(influencer=ana, platform=Platform.INSTAGRAM, handle=handle)
    for currency in ("EUR", "USD"):
        rate_card_save(
            influencer=ana, deliverable_type="instagram_reel", amount=500, currency=currency
        )

    def edit(section):
        return {"public_id": ana.public_id, "section": section}

    accounts = removal_buttons(
        page(client, personas, "contacts:influencer-edit", **edit("accounts"))
    )
    rates = removal_buttons(page(client, personas, "contacts:influencer-edit", **edit("rates")))

    assert "Remove Instagram @ana.bakes" in accounts
    assert_named_apart(accounts, 2)
    assert "Remove Instagram reel rate in USD" in rates
    assert_named_apart(rates, 2)


def test_report_share_links_name_the_link_they_revoke(client, personas):
    campaign = make_campaign(personas)
    for minutes in (0, 5):
        report_share_link_create(
            campaign=campaign, actor=personas.manager, now=NOW + timedelta(minutes=minutes)
        )

    client.force_login(personas.manager)
    response = client.get(
        reverse(
            "campaigns:report",
            kwargs={"slug": personas.workspace.slug, "public_id": campaign.public_id},
        )
    )
    names = removal_buttons(response)

    assert_named_apart(names, 2)

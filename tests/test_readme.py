"""The README is a promise: every page and API address it names answers the demo admin.

README.md is read when the test runs, so an address added or changed later is followed too.
Placeholders are filled with the demo workspace's slug and the ids of objects made for it here
(the demo data command makes far more than these addresses need, and takes a minute).
"""

import re
from datetime import date
from pathlib import Path

import pytest

from campaigns.services.campaigns import brand_create, campaign_create
from campaigns.services.pipeline import collaboration_shortlist
from contacts.services import influencer_create
from irm.management.commands.demo_data import DEMO_WORKSPACE_SLUG
from irm.models import Membership, Team
from irm.services import workspace_create
from tests.factories import UserFactory

README = Path(__file__).resolve().parent.parent / "README.md"

# An address in inline code or a code block, starting at /w/ or /api/ (or after the local
# origin `make run` prints); not the tail of another URL such as https://host/api/...
ADDRESS = re.compile(
    r"(?:(?<=http://127\.0\.0\.1:8000)|(?<![\w.:/@-]))(/(?:w|api)/[^\s`'\"()<>]*(?:<\w+>[^\s`'\"()<>]*)*)"
)
CODE = re.compile(r"```.*?```|`[^`\n]+`", re.DOTALL)
# "Pages live under `/w/<slug>/`, the API under `/api/v1/w/<slug>/`": a prefix, not a page.
PREFIX = re.compile(r"\bunder\s+$")


def readme_addresses() -> tuple[list[str], list[str]]:
    """(addresses to ask, prefixes other addresses must start with), in README order."""
    text = README.read_text()
    addresses: list[str] = []
    prefixes: list[str] = []
    for code in CODE.finditer(text):
        for match in ADDRESS.finditer(code.group()):
            address = match.group(1)
            alone = code.group()[: match.start()] == "`"
            found = prefixes if alone and PREFIX.search(text[: code.start()][-20:]) else addresses
            for one in alternatives(address):
                if one not in found:
                    found.append(one)
    return addresses, prefixes


def alternatives(address: str) -> list[str]:
    """`.../deliverables/<id>/submit|approve/` names two addresses."""
    head, _, tail = address.rstrip("/").rpartition("/")
    if "|" not in tail:
        return [address]
    return [f"{head}/{one}/" for one in tail.split("|")]


def test_it_finds_the_addresses_the_readme_names():
    addresses, prefixes = readme_addresses()

    assert "/w/<slug>/settings/" in addresses
    assert "/api/v1/w/<slug>/influencers/<id>/health/" in addresses
    assert "/api/v1/w/<slug>/" in prefixes
    assert not [a for a in addresses if "example.com" in a or a.startswith("/api/v1/w/<slug>/<")]
    assert alternatives("/api/x/<id>/submit|approve/") == [
        "/api/x/<id>/submit/",
        "/api/x/<id>/approve/",
    ]


@pytest.fixture
def demo(db) -> dict:
    """The demo workspace, its admin (signed in by the test), and what fills each placeholder:
    `<slug>`, and `<id>` by what it follows (`influencers/<id>`, `?team=<id>`, ...)."""
    admin = UserFactory(email="admin@demo.test", name="Ada Admin", is_staff=True)
    workspace = workspace_create(
        name="Demo PR Agency", slug=DEMO_WORKSPACE_SLUG, admin=admin, time_zone="Europe/London"
    )
    team = Team.objects.create(workspace=workspace, name="PR")
    team.members.add(Membership.objects.get(workspace=workspace, user=admin))
    influencer = influencer_create(
        workspace=workspace, actor=admin, name="Ana Demo", owner=admin, team=team
    )
    brand = brand_create(workspace=workspace, actor=admin, name="Trailhead")
    campaign = campaign_create(
        workspace=workspace,
        actor=admin,
        brand=brand,
        name="Spring trails",
        starts_on=date(2026, 12, 1),
        ends_on=date(2027, 3, 31),
        budget=10000,
        currency="eur",
        owner=admin,
    )
    collaboration = collaboration_shortlist(campaign=campaign, influencer=influencer, actor=admin)
    return {
        "admin": admin,
        "<slug>": workspace.slug,
        "influencers/<id>": str(influencer.public_id),
        "brands/<id>": str(brand.public_id),
        "campaigns/<id>": str(campaign.public_id),
        "collaborations/<id>": str(collaboration.public_id),
        "team=<id>": str(team.public_id),
        "owner=<id>": str(admin.public_id),
    }


def fill(address: str, demo: dict) -> str:
    """The address with its placeholders filled; an unknown one fails, naming it."""
    address = address.replace("<slug>", demo["<slug>"])
    for match in re.finditer(r"[\w-]+[/=]<id>", address):
        if match.group() not in demo:
            pytest.fail(
                f"The README names {address}: say here which object's id fills "
                f"“{match.group()}” (the demo fixture in tests/test_readme.py)."
            )
        address = address.replace(match.group(), match.group().replace("<id>", demo[match.group()]))
    leftover = re.search(r"<\w+>", address)
    assert not leftover, f"{address}: no value for {leftover.group()}"
    return address


def test_every_address_the_readme_names_answers_the_demo_admin(client, demo):
    addresses, prefixes = readme_addresses()
    client.force_login(demo["admin"])

    missing, asked = [], set()
    for address in addresses:
        url = fill(address, demo)
        if url not in asked and client.get(url).status_code == 404:
            missing.append(f"{address} (asked as {url})")
        asked.add(url)

    assert missing == [], "The README names addresses that answer 404:\n" + "\n".join(missing)
    for prefix in prefixes:
        assert any(a.startswith(prefix) and a != prefix for a in addresses), (
            f"The README says things live under {prefix}, but names nothing there."
        )

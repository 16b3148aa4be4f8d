"""Shared fixtures for campaigns: a brand, a campaign in "acme", and two influencers who opened
email to us (Ana writes about trail running, Ben about cycling)."""

from datetime import UTC, date, datetime

import pytest

from campaigns.services.campaigns import brand_create, campaign_create
from tests.access import team_of
from tests.factories import ProfileFactory

# Wednesday 18 Nov 2026, 10:00 UTC: inside working hours for people in UTC.
NOW = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)


@pytest.fixture
def brand(personas):
    return brand_create(
        workspace=personas.workspace,
        actor=personas.manager,
        name="Trailhead",
        values="Outdoor gear made to be repaired.",
        now=NOW,
    )


@pytest.fixture
def campaign(personas, brand):
    return campaign_create(
        workspace=personas.workspace,
        actor=personas.manager,
        brand=brand,
        name="Spring trails",
        starts_on=date(2026, 12, 1),
        ends_on=date(2027, 3, 31),
        budget=10000,
        currency="eur",
        owner=personas.manager,
        # The member's team: members change the campaigns they or their team own.
        team=team_of(personas, "PR", personas.member),
        now=NOW,
    )


@pytest.fixture
def ana(personas):
    return ProfileFactory(
        personas=personas,
        ana=True,
        pronouns="she/her",
        open_email="Business email on the profile",
        now=NOW,
    )


@pytest.fixture
def ben(personas):
    return ProfileFactory(personas=personas, ben=True, pronouns="he/him", now=NOW)

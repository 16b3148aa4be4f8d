from datetime import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from contacts.models import InfluencerEmail, RateCard
from contacts.selectors.profiles import influencer_duplicates, keep_in_touch_default
from contacts.services.profiles import (
    influencer_create,
    influencer_set_emails,
    influencer_update,
    rate_card_delete,
    rate_card_save,
    social_account_save,
)
from irm.errors import RuleError
from tests.factories import ProfileFactory

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=timezone.get_fixed_timezone(0))


@pytest.fixture
def ana(personas):
    return ProfileFactory(
        workspace=personas.workspace,
        actor=personas.admin,
        name="Ana Bakes",
        emails=["ana@example.test", "ana.pro@example.test"],
        accounts=[{"platform": "tiktok", "handle": "@ana.bakes"}],
    )


def test_a_rate_is_one_per_deliverable_and_currency(ana):
    first = rate_card_save(
        influencer=ana, deliverable_type="tiktok_video", amount=Decimal(300), now=NOW
    )
    again = rate_card_save(
        influencer=ana, deliverable_type="tiktok_video", amount=Decimal(350), currency="eur"
    )
    dollars = rate_card_save(
        influencer=ana, deliverable_type="tiktok_video", amount=Decimal(380), currency="USD"
    )

    assert again.pk == first.pk and again.amount == Decimal(350)
    assert dollars.pk != first.pk
    assert RateCard.objects.filter(influencer=ana).count() == 2
    rate_card_delete(rate=dollars)
    assert RateCard.objects.filter(influencer=ana).count() == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"deliverable_type": "billboard"}, "deliverable_type"),
        ({"currency": "EURO"}, "currency"),
        ({"currency": "E1R"}, "currency"),
        ({"amount": Decimal(-1)}, "amount"),
        ({"amount": Decimal("12345678901.00")}, "amount"),
    ],
)
def test_a_rate_that_breaks_a_rule_is_refused(ana, changes, field):
    values = {"deliverable_type": "blog_post", "amount": Decimal(100), "currency": "EUR"}
    values.update(changes)

    with pytest.raises(RuleError) as error:
        rate_card_save(influencer=ana, **values)

    assert error.value.field == field
    assert not RateCard.objects.exists()


def test_emails_are_replaced_all_or_nothing(personas, ana):
    influencer_create(
        workspace=personas.workspace, actor=personas.admin, name="Bea", emails=["bea@example.test"]
    )

    with pytest.raises(RuleError):
        influencer_set_emails(influencer=ana, emails=["new@example.test", "bea@example.test"])

    assert sorted(ana.emails.values_list("email", flat=True)) == [
        "ana.pro@example.test",
        "ana@example.test",
    ]


def test_the_first_email_becomes_primary(ana):
    influencer_set_emails(influencer=ana, emails=["ANA.PRO@example.test", "ana@example.test"])

    assert InfluencerEmail.objects.get(influencer=ana, is_primary=True).email == (
        "ana.pro@example.test"
    )
    influencer_set_emails(influencer=ana, emails=[])
    assert not ana.emails.exists()


def test_duplicates_find_email_handle_and_names(personas, ana):
    found = influencer_duplicates(
        workspace=personas.workspace,
        name="ana",
        email="ANA@example.test",
        platform="tiktok",
        handle="https://www.tiktok.com/@Ana.Bakes",
    )

    assert found.email_clash == ana and found.handle_clash == ana
    assert found.similar == []  # already named as a clash
    assert influencer_duplicates(workspace=personas.workspace, name="ANA bäkes").similar == [ana]
    assert not influencer_duplicates(workspace=personas.workspace, handle="ana.bakes")
    assert not influencer_duplicates(workspace=personas.workspace, name="Ana", exclude=ana).similar


def test_one_letter_is_not_a_name_yet(personas, ana):
    assert influencer_duplicates(workspace=personas.workspace, name="a").similar == []
    assert influencer_duplicates(workspace=personas.workspace, name="an").similar == [ana]


def test_the_same_name_comes_before_prefix_matches(personas):
    prefix = influencer_create(
        workspace=personas.workspace, actor=personas.admin, name="Jo Annabel"
    )
    same = influencer_create(workspace=personas.workspace, actor=personas.admin, name="Zoë Jo")

    found = influencer_duplicates(workspace=personas.workspace, name="zoe jo")

    assert found.similar[0] == same
    assert prefix not in found.similar  # "zoe" is no prefix of any of her words


def test_keep_in_touch_default_follows_the_stage(personas):
    assert keep_in_touch_default(workspace=personas.workspace, stage="ambassador") == 30
    assert keep_in_touch_default(workspace=personas.workspace, stage="prospect") == 120


def test_a_guessed_time_zone_stops_being_a_guess_once_someone_changes_it(personas):
    yuki = influencer_create(
        workspace=personas.workspace, actor=personas.admin, name="Yuki Tanaka",
        time_zone="Asia/Tokyo", time_zone_guessed=True, now=NOW,
    )  # fmt: skip

    # The details form saves every field: the same zone saved again is still the guess.
    same = influencer_update(
        influencer=yuki, actor=personas.member, time_zone="Asia/Tokyo", phone="+81 6 1234", now=NOW
    )
    changed = influencer_update(
        influencer=yuki, actor=personas.member, time_zone="Asia/Seoul", now=NOW
    )

    assert same.time_zone_guessed is True
    assert (changed.time_zone, changed.time_zone_guessed) == ("Asia/Seoul", False)


def test_an_account_without_a_count_leaves_the_total_unknown_not_zero(personas):
    ana = influencer_create(
        workspace=personas.workspace, actor=personas.admin, name="Ana Bakes",
        accounts=[{"platform": "tiktok", "handle": "ana.bakes"}], now=NOW,
    )  # fmt: skip
    account = ana.social_accounts.get()
    ana.refresh_from_db()

    assert (account.followers, ana.total_followers) == (None, None)
    assert not account.snapshots.exists()  # a day with nothing known is no point on a trend
    social_account_save(influencer=ana, platform="instagram", handle="ana", followers=900, now=NOW)
    ana.refresh_from_db()
    assert ana.total_followers == 900

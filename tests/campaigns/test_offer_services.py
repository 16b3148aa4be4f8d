"""Offers and their answers, the fair-value check against the rate card (through the workspace's
exchange rates by date), and keeping exchange rates."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest

from campaigns.fairness import FairnessVerdict
from campaigns.models import Collaboration, ExchangeRate, OfferStatus, Stage
from campaigns.selectors.offers import offer_fairness_for
from campaigns.services.offers import (
    exchange_rate_set,
    offer_create,
    offer_decide,
)
from campaigns.services.pipeline import collaboration_move, collaboration_shortlist
from contacts.models import Interaction, InteractionKind
from contacts.services.profiles import rate_card_save
from irm.errors import RuleError
from tests.campaigns.conftest import NOW

pytestmark = pytest.mark.django_db
REELS = [("instagram_reel", 2)]


@pytest.fixture
def ana_in(campaign, ana, personas):
    return collaboration_shortlist(
        campaign=campaign, influencer=ana, actor=personas.member, now=NOW
    )


def offer(collaboration, personas, **values):
    defaults = {"fee": Decimal("900"), "currency": "EUR", "items": REELS, "now": NOW}
    return offer_create(
        collaboration=collaboration, actor=personas.member, **{**defaults, **values}
    )


def at_stage(collaboration, stage):
    Collaboration.objects.filter(pk=collaboration.pk).update(stage=stage)
    collaboration.refresh_from_db()
    return collaboration


# --- offers --------------------------------------------------------------------------------------


def test_an_offer_keeps_what_is_offered_for_which_deliverables_and_lands_on_the_timeline(
    ana_in, ana, personas
):
    made = offer(
        ana_in,
        personas,
        currency="eur",
        product="Trail shoes",
        product_value="180",
        affiliate_percent=Decimal("10"),
        items=[("instagram_reel", 2), ("instagram_story", 3)],
    )

    assert made.currency == "EUR" and made.fee == Decimal("900.00")
    assert made.status == OfferStatus.PROPOSED and made.created_by == personas.member
    assert sorted(made.items.values_list("deliverable_type", "quantity")) == [
        ("instagram_reel", 2),
        ("instagram_story", 3),
    ]
    entry = Interaction.objects.get(influencer=ana, source_id=str(made.pk))
    assert entry.kind == InteractionKind.NOTE and entry.direction == "internal"
    assert entry.summary == (
        "Offer for Spring trails: 900.00 EUR fee, Trail shoes (180.00 EUR) and 10% affiliate "
        "share for 2 Instagram reels, 3 Instagram stories"
    )


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"fee": Decimal("-1")}, "fee", "The fee cannot be negative."),
        ({"fee": "lots"}, "fee", "The fee is a number."),
        ({"currency": "eu"}, "currency", "A currency is a three-letter code"),
        ({"affiliate_percent": 101}, "affiliate_percent", "An affiliate share is at most 100%."),
        ({"product_value": 50}, "product", "Name the product this value is for."),
        (
            {"fee": None},
            "fee",
            "Say what you offer: a fee, a product, an affiliate share, cross-promotion or other",
        ),
        ({"items": [("billboard", 1)]}, "items", "“billboard” is not a kind of deliverable."),
        (
            {"items": [("instagram_reel", 0)]},
            "items",
            "Give how many Instagram reels you ask for: at least 1.",
        ),
        (
            {"items": [("instagram_reel", 1), ("instagram_reel", 2)]},
            "items",
            "Instagram reels are listed twice: give one line with how many.",
        ),
    ],
)
def test_an_offer_with_a_broken_rule_is_refused(ana_in, personas, values, field, message):
    with pytest.raises(RuleError, match=re.escape(message)) as error:
        offer(ana_in, personas, **values)
    assert error.value.field == field


def test_a_product_only_offer_is_an_offer(ana_in, personas):
    made = offer(ana_in, personas, fee=None, product="Trail shoes", product_value=180)

    assert made.fee is None and made.product_value == Decimal("180.00")


def test_a_collaboration_that_ended_takes_no_new_offers(ana_in, personas):
    with pytest.raises(RuleError, match="This collaboration is declined: it takes no new"):
        offer(at_stage(ana_in, Stage.DECLINED), personas)


def test_accepting_an_offer_withdraws_the_other_proposals(ana_in, ana, personas):
    first = offer(ana_in, personas)
    second = offer(ana_in, personas, fee=Decimal("1200"))

    accepted = offer_decide(offer=second, accepted=True, actor=personas.member, now=NOW)

    assert accepted.status == OfferStatus.ACCEPTED
    first.refresh_from_db()
    assert first.status == OfferStatus.WITHDRAWN
    entry = Interaction.objects.filter(influencer=ana, source_id=str(second.pk)).latest("id")
    assert entry.summary == (
        "Offer accepted for Spring trails: 1,200.00 EUR fee for 2 Instagram reels"
    )
    with pytest.raises(RuleError, match="This offer was accepted already"):
        offer_decide(offer=second, accepted=False, actor=personas.member, now=NOW)
    with pytest.raises(RuleError, match="This offer was withdrawn already"):
        offer_decide(offer=first, accepted=True, actor=personas.member, now=NOW)


def test_a_declined_offer_leaves_the_others_open(ana_in, personas):
    first = offer(ana_in, personas)
    second = offer(ana_in, personas, fee=Decimal("1200"))

    declined = offer_decide(offer=first, accepted=False, actor=personas.member, now=NOW)

    assert declined.status == OfferStatus.DECLINED
    second.refresh_from_db()
    assert second.status == OfferStatus.PROPOSED


def test_agreeing_with_or_without_an_accepted_offer_is_allowed(campaign, ana, ben, personas):
    with_offer = at_stage(
        collaboration_shortlist(campaign=campaign, influencer=ana, actor=personas.member, now=NOW),
        Stage.NEGOTIATING,
    )
    offer_decide(offer=offer(with_offer, personas), accepted=True, now=NOW)
    product_only = at_stage(
        collaboration_shortlist(campaign=campaign, influencer=ben, actor=personas.member, now=NOW),
        Stage.INVITED,
    )

    for collaboration in (with_offer, product_only):
        moved = collaboration_move(
            collaboration=collaboration, stage=Stage.AGREED, actor=personas.member, now=NOW
        )
        assert moved.stage == Stage.AGREED


# --- fairness through the database --------------------------------------------------------------


def test_the_fair_value_check_reads_their_rate_card(ana_in, ana, personas):
    rate_card_save(influencer=ana, deliverable_type="instagram_reel", amount=Decimal("750"))
    made = offer(ana_in, personas, fee=Decimal("600"), product="Trail shoes", product_value=300)

    fairness = offer_fairness_for(offer=made, now=NOW)

    assert fairness.verdict == FairnessVerdict.BELOW and fairness.percent == -40
    assert fairness.sentence == (
        "This offer is 40% below Ana's rates for 2 Instagram reels (1,500.00 EUR at her rates; "
        "offered 900.00 EUR: 600.00 EUR fee and 300.00 EUR of product value)."
    )


def test_rates_in_another_currency_without_an_exchange_rate_are_not_compared(ana_in, ana, personas):
    rate_card_save(
        influencer=ana, deliverable_type="instagram_reel", amount=Decimal("800"), currency="USD"
    )
    # Kept for other pairs or other workspaces: none of them is USD→EUR in this workspace.
    exchange_rate_set(
        workspace=personas.workspace,
        actor=personas.admin,
        from_currency="EUR",
        to_currency="USD",
        rate=Decimal("1.07"),
        as_of=date(2026, 11, 1),
        now=NOW,
    )
    exchange_rate_set(
        workspace=personas.other_workspace,
        actor=personas.outsider,
        from_currency="USD",
        to_currency="EUR",
        rate=Decimal("0.93"),
        as_of=date(2026, 11, 1),
        now=NOW,
    )

    fairness = offer_fairness_for(offer=offer(ana_in, personas), now=NOW)

    assert fairness.verdict == FairnessVerdict.CANNOT_COMPARE
    assert fairness.sentence == (
        "Ana's rates are in USD and no USD→EUR exchange rate is kept: an admin sets one under "
        "Campaigns → Exchange rates to compare."
    )


def test_the_latest_exchange_rate_on_or_before_today_is_used_and_named(ana_in, ana, personas):
    rate_card_save(
        influencer=ana, deliverable_type="instagram_reel", amount=Decimal("800"), currency="USD"
    )
    later = NOW + timedelta(days=3)
    for as_of, rate, moment in [
        (date(2026, 11, 1), "0.90", NOW),
        (date(2026, 11, 12), "0.9375", NOW),
        (date(2026, 11, 20), "1.50", later),
    ]:
        exchange_rate_set(
            workspace=personas.workspace,
            actor=personas.admin,
            from_currency="usd",
            to_currency="eur",
            rate=Decimal(rate),
            as_of=as_of,
            now=moment,
        )
    made = offer(ana_in, personas)

    today = offer_fairness_for(offer=made, now=NOW)
    after = offer_fairness_for(offer=made, now=later)

    assert today.sentence == (
        "This offer is 40% below Ana's rates for 2 Instagram reels (1,500.00 EUR at her rates, "
        "converted from USD at the rate of 12 Nov 2026; offered 900.00 EUR)."
    )
    assert after.expected == Decimal("2400.00")
    assert "at the rate of 20 Nov 2026" in after.sentence


@pytest.mark.parametrize("size", [1, 4])
def test_the_fair_value_check_takes_the_same_queries_whatever_the_offer(
    ana_in, ana, personas, django_assert_num_queries, size
):
    kinds = ["instagram_reel", "instagram_story", "tiktok_video", "blog_post"][:size]
    for kind in kinds:
        rate_card_save(influencer=ana, deliverable_type=kind, amount=Decimal("100"))
        rate_card_save(influencer=ana, deliverable_type=kind, amount=Decimal("90"), currency="GBP")
    exchange_rate_set(
        workspace=personas.workspace,
        actor=personas.admin,
        from_currency="GBP",
        to_currency="EUR",
        rate=Decimal("1.15"),
        as_of=date(2026, 11, 1),
        now=NOW,
    )
    made = offer(ana_in, personas, items=[(kind, 1) for kind in kinds])

    with django_assert_num_queries(4):
        fairness = offer_fairness_for(offer=made, now=NOW)

    assert fairness.expected == Decimal(100 * size)


# --- exchange rates ------------------------------------------------------------------------------


def test_an_exchange_rate_is_kept_once_a_day_per_pair(personas):
    kept = exchange_rate_set(
        workspace=personas.workspace,
        actor=personas.admin,
        from_currency=" usd",
        to_currency="eur",
        rate="0.9",
        as_of=date(2026, 11, 12),
        now=NOW,
    )
    again = exchange_rate_set(
        workspace=personas.workspace,
        actor=personas.admin,
        from_currency="USD",
        to_currency="EUR",
        rate=Decimal("0.9375"),
        as_of=date(2026, 11, 12),
        now=NOW,
    )

    assert (kept.from_currency, kept.to_currency) == ("USD", "EUR")
    assert again.pk == kept.pk and ExchangeRate.objects.count() == 1
    assert ExchangeRate.objects.get().rate == Decimal("0.9375")


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"from_currency": "US"}, "from_currency", "A currency is a three-letter code"),
        ({"to_currency": "E1R"}, "to_currency", "A currency is a three-letter code"),
        ({"to_currency": "usd"}, "to_currency", "Pick two different currencies."),
        ({"rate": Decimal("0")}, "rate", "An exchange rate is more than 0."),
        ({"rate": Decimal("-0.5")}, "rate", "An exchange rate is more than 0."),
        ({"rate": "abc"}, "rate", "An exchange rate is a number."),
        ({"as_of": date(2026, 11, 19)}, "as_of", "pick today or earlier"),
    ],
)
def test_an_exchange_rate_with_a_broken_rule_is_refused(personas, values, field, message):
    defaults = {
        "from_currency": "USD",
        "to_currency": "EUR",
        "rate": Decimal("0.93"),
        "as_of": date(2026, 11, 18),
    }
    with pytest.raises(RuleError, match=re.escape(message)) as error:
        exchange_rate_set(
            workspace=personas.workspace,
            actor=personas.admin,
            now=NOW,
            **{**defaults, **values},
        )
    assert error.value.field == field

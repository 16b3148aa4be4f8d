from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from campaigns.fairness import FairnessVerdict, offer_fairness

REELS = [("instagram_reel", 2)]
RATES = [("instagram_reel", Decimal("750.00"), "EUR")]


def check(**values):
    defaults = {
        "offer_items": REELS,
        "fee": Decimal("900.00"),
        "product_value": None,
        "currency": "EUR",
        "rates": RATES,
        "name": "Ana",
        "pronouns": "she/her",
    }
    return offer_fairness(**{**defaults, **values})


def test_it_says_how_far_below_their_rates_an_offer_is():
    fairness = check()

    assert fairness.verdict == FairnessVerdict.BELOW
    assert fairness.percent == -40
    assert fairness.sentence == (
        "This offer is 40% below Ana's rates for 2 Instagram reels "
        "(1,500.00 EUR at her rates; offered 900.00 EUR)."
    )


def test_it_says_how_far_above_their_rates_an_offer_is():
    fairness = check(fee=Decimal("1800"), pronouns="he/him", name="Marcus")

    assert fairness.verdict == FairnessVerdict.ABOVE and fairness.percent == 20
    assert fairness.sentence == (
        "This offer is 20% above Marcus' rates for 2 Instagram reels "
        "(1,500.00 EUR at his rates; offered 1,800.00 EUR)."
    )


def test_within_ten_percent_either_way_is_in_line_with_their_rates():
    low = check(fee=Decimal("1350"))
    high = check(fee=Decimal("1650"), pronouns="")

    assert low.verdict == FairnessVerdict.FAIR and low.percent == -10
    assert low.sentence == (
        "This offer is in line with Ana's rates for 2 Instagram reels "
        "(1,500.00 EUR at her rates; offered 1,350.00 EUR)."
    )
    assert high.verdict == FairnessVerdict.FAIR and high.percent == 10
    assert "at their rates" in high.sentence
    assert check(fee=Decimal("1349.99")).verdict == FairnessVerdict.BELOW


def test_product_value_counts_and_the_sentence_says_so():
    fairness = check(fee=Decimal("600"), product_value=Decimal("300"))

    assert fairness.verdict == FairnessVerdict.BELOW and fairness.percent == -40
    assert fairness.sentence == (
        "This offer is 40% below Ana's rates for 2 Instagram reels (1,500.00 EUR at her rates; "
        "offered 900.00 EUR: 600.00 EUR fee and 300.00 EUR of product value)."
    )


def test_several_deliverables_are_summed_and_named():
    fairness = check(
        offer_items=[("instagram_reel", 2), ("instagram_story", 3), ("blog_post", 1)],
        rates=[
            *RATES,
            ("instagram_story", Decimal("100"), "EUR"),
            ("blog_post", Decimal("200"), "EUR"),
        ],
        fee=Decimal("2000"),
    )

    assert fairness.expected == Decimal("2000.00")
    assert fairness.sentence == (
        "This offer is in line with Ana's rates for 2 Instagram reels, 3 Instagram stories and "
        "1 blog post (2,000.00 EUR at her rates; offered 2,000.00 EUR)."
    )


def test_a_deliverable_without_a_rate_cannot_be_compared_and_is_named():
    fairness = check(offer_items=[*REELS, ("tiktok_video", 1)])

    assert fairness.verdict == FairnessVerdict.CANNOT_COMPARE and fairness.percent is None
    assert fairness.sentence == (
        "Ana has no rate for TikTok videos: add one to her rate card to compare."
    )


def test_another_currency_without_an_exchange_rate_is_not_guessed():
    fairness = check(rates=[("instagram_reel", Decimal("800"), "USD")])

    assert fairness.verdict == FairnessVerdict.CANNOT_COMPARE
    assert fairness.sentence == (
        "Ana's rates are in USD and no USD→EUR exchange rate is kept: an admin sets one under "
        "Campaigns → Exchange rates to compare."
    )


def test_another_currency_is_converted_through_the_kept_rate_named_with_its_date():
    fairness = check(
        rates=[("instagram_reel", Decimal("800"), "USD")],
        exchange={("USD", "EUR"): (Decimal("0.9375"), date(2026, 11, 12))},
    )

    assert fairness.verdict == FairnessVerdict.BELOW and fairness.percent == -40
    assert fairness.sentence == (
        "This offer is 40% below Ana's rates for 2 Instagram reels (1,500.00 EUR at her rates, "
        "converted from USD at the rate of 12 Nov 2026; offered 900.00 EUR)."
    )


def test_a_rate_in_the_offers_currency_is_preferred_over_a_conversion():
    fairness = check(
        rates=[*RATES, ("instagram_reel", Decimal("10"), "USD")],
        exchange=lambda source, target: (Decimal("2"), date(2026, 1, 1)),
    )

    assert fairness.expected == Decimal("1500.00")
    assert "converted" not in fairness.sentence


def test_an_offer_without_deliverables_cannot_be_compared():
    fairness = check(offer_items=[])

    assert fairness.verdict == FairnessVerdict.CANNOT_COMPARE
    assert fairness.sentence == "This offer lists no deliverables to compare with Ana's rates."


amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("100000"), places=2)


@given(
    fee=st.decimals(min_value=0, max_value=Decimal("1000000"), places=2),
    rate=amounts,
    quantity=st.integers(min_value=1, max_value=20),
)
def test_the_percentage_sign_matches_the_comparison(fee, rate, quantity):
    fairness = check(
        offer_items=[("instagram_post", quantity)],
        rates=[("instagram_post", rate, "EUR")],
        fee=fee,
    )

    expected = rate * quantity
    assert fairness.expected == expected
    if fairness.percent > 0:
        assert fee > expected
    if fairness.percent < 0:
        assert fee < expected
    if fee == expected:
        assert fairness.percent == 0
    if fairness.verdict == FairnessVerdict.BELOW:
        assert fee < expected and fairness.percent <= -10
    if fairness.verdict == FairnessVerdict.ABOVE:
        assert fee > expected and fairness.percent >= 10
    if fairness.verdict == FairnessVerdict.FAIR:
        assert -10 <= fairness.percent <= 10


@given(
    currency=st.sampled_from(["EUR", "USD", "GBP", "JPY"]),
    fee=st.decimals(min_value=0, max_value=Decimal("100000"), places=2),
    rate=amounts,
)
def test_the_same_currency_needs_no_exchange_rate(currency, fee, rate):
    fairness = check(
        currency=currency.lower(),
        rates=[("instagram_reel", rate, currency)],
        fee=fee,
        exchange=None,
    )

    assert fairness.verdict != FairnessVerdict.CANNOT_COMPARE
    assert fairness.currency == currency

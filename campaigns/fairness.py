"""Is an offer fair? The offer's value (fee plus product value) against what the influencer's rate
card asks for the same deliverables, in the offer's currency, said in one plain sentence.

Pure: callers load the rates and exchange rates (campaigns.selectors.offers.offer_fairness_for);
nothing here touches the database. A rate in another currency is converted only through an
exchange rate the workspace keeps, with its date named; without one it says it cannot compare
rather than guessing.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from contacts.models import DeliverableType

# Within this share of their rates, either way, an offer is "in line with" them.
FAIR_MARGIN = Decimal("0.10")
CENT = Decimal("0.01")

ExchangeLookup = Callable[[str, str], tuple[Decimal, date] | None]


class FairnessVerdict(StrEnum):
    FAIR = "fair"
    BELOW = "below"
    ABOVE = "above"
    CANNOT_COMPARE = "cannot_compare"


@dataclass(frozen=True)
class Fairness:
    verdict: FairnessVerdict
    # Signed: negative when the offer is below their rates, positive above, None when not compared.
    percent: int | None
    sentence: str
    currency: str
    offered: Decimal | None = None
    expected: Decimal | None = None


def money(amount: Decimal, currency: str) -> str:
    return f"{amount.quantize(CENT, rounding=ROUND_HALF_UP):,.2f} {currency}"


def day(value: date) -> str:
    return f"{value.day} {value:%b %Y}"


def possessive(name: str) -> str:
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def pronoun_possessive(pronouns: str) -> str:
    """“she/her” -> her, “he/him” -> his; anything else -> their."""
    words = {word.strip().lower() for word in pronouns.replace(",", "/").split("/")}
    if "she" in words or "her" in words:
        return "her"
    if "he" in words or "him" in words:
        return "his"
    return "their"


# Labels that start with a platform's name keep its capital letter inside a sentence.
_PROPER = ("Instagram", "TikTok", "YouTube")


def deliverable_noun(deliverable_type: str, quantity: int | None = None) -> str:
    """“2 Instagram reels”, “1 blog post”, or without a quantity the plural: “Instagram reels”."""
    label = (
        DeliverableType(deliverable_type).label
        if deliverable_type in DeliverableType.values
        else deliverable_type.replace("_", " ")
    )
    if not label.startswith(_PROPER):
        label = label[:1].lower() + label[1:]
    if label == "other":
        label = "other deliverable"
    plural = label[:-1] + "ies" if label.endswith("y") else label + "s"
    if quantity is None:
        return plural
    return f"{quantity} {label if quantity == 1 else plural}"


def _join(parts: list[str], word: str = "and") -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} {word} {parts[-1]}"


def _lookup(exchange: ExchangeLookup | dict | None) -> ExchangeLookup:
    if exchange is None:
        return lambda source, target: None
    if callable(exchange):
        return exchange
    return lambda source, target: exchange.get((source, target))


def _cannot(sentence: str, currency: str) -> Fairness:
    return Fairness(
        verdict=FairnessVerdict.CANNOT_COMPARE, percent=None, sentence=sentence, currency=currency
    )


def offer_fairness(
    *,
    offer_items: Iterable[tuple[str, int]],
    fee: Decimal | None,
    product_value: Decimal | None,
    currency: str,
    rates: Iterable[tuple[str, Decimal, str]],
    exchange: ExchangeLookup | dict | None = None,
    name: str,
    pronouns: str = "",
) -> Fairness:
    """1. sum what their rates ask for the offered deliverables, in the offer's currency (a rate
    in that currency first, else one converted through a kept exchange rate), 2. compare the
    offer's value (fee + product value) with it, 3. say it in a sentence."""
    currency = currency.upper()
    lookup = _lookup(exchange)
    items = [(kind, int(quantity)) for kind, quantity in offer_items if int(quantity) > 0]
    if not items:
        return _cannot(
            f"This offer lists no deliverables to compare with {possessive(name)} rates.",
            currency,
        )
    by_type: dict[str, dict[str, Decimal]] = {}
    for kind, amount, rate_currency in rates:
        by_type.setdefault(kind, {})[rate_currency.upper()] = Decimal(amount)

    missing = [kind for kind, _ in items if kind not in by_type]
    if missing:
        nouns = _join([deliverable_noun(kind) for kind in missing], "or")
        return _cannot(
            f"{name} has no rate for {nouns}: add one to {pronoun_possessive(pronouns)} rate card "
            "to compare.",
            currency,
        )

    expected = Decimal(0)
    conversions: dict[str, date] = {}
    unconvertible: set[str] = set()
    for kind, quantity in items:
        amounts = by_type[kind]
        if currency in amounts:
            expected += amounts[currency] * quantity
            continue
        for rate_currency in sorted(amounts):
            found = lookup(rate_currency, currency)
            if found is not None:
                rate, as_of = found
                expected += amounts[rate_currency] * Decimal(rate) * quantity
                conversions[rate_currency] = as_of
                break
        else:
            unconvertible.update(amounts)
    if unconvertible:
        codes = sorted(unconvertible)
        pairs = _join([f"{code}→{currency}" for code in codes], "or")
        return _cannot(
            f"{possessive(name)} rates are in {_join(codes)} and no {pairs} exchange rate is "
            "kept: an admin sets one under Campaigns → Exchange rates to compare.",
            currency,
        )

    expected = expected.quantize(CENT, rounding=ROUND_HALF_UP)
    fee = Decimal(fee or 0)
    product = Decimal(product_value or 0)
    offered = fee + product
    difference = offered - expected
    if expected == 0:
        percent = 0 if offered == 0 else None
    else:
        percent = int((difference * 100 / expected).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    if abs(difference) <= expected * FAIR_MARGIN:
        verdict, opening = FairnessVerdict.FAIR, "in line with"
    elif difference < 0:
        verdict, opening = FairnessVerdict.BELOW, f"{abs(percent)}% below"
    elif percent is None:
        verdict, opening = FairnessVerdict.ABOVE, "above"
    else:
        verdict, opening = FairnessVerdict.ABOVE, f"{percent}% above"

    nouns = _join([deliverable_noun(kind, quantity) for kind, quantity in items])
    at_rates = f"{money(expected, currency)} at {pronoun_possessive(pronouns)} rates"
    if conversions:
        at_rates += ", converted " + _join(
            [f"from {code} at the rate of {day(conversions[code])}" for code in sorted(conversions)]
        )
    offered_text = f"offered {money(offered, currency)}"
    if product:
        offered_text += (
            f": {money(fee, currency)} fee and {money(product, currency)} of product value"
        )
    return Fairness(
        verdict=verdict,
        percent=percent,
        sentence=f"This offer is {opening} {possessive(name)} rates for {nouns} "
        f"({at_rates}; {offered_text}).",
        currency=currency,
        offered=offered,
        expected=expected,
    )

"""The campaigns API for the board and what follows a collaboration: shortlisting, moves the
pipeline allows (and those it refuses, with where it may go), moves past several stages with
their reason, the board following an accepted offer, invitations through the contact
guard (one blocked with its reason), offers with their fair-value check, a deliverable's
review from draft to results, and payments. Outsiders get 404, viewers read but change
nothing; lists read the same number of queries at 5 and 50 rows."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from campaigns.models import (
    Collaboration,
    Deliverable,
    DeliverableStatus,
    Offer,
    OfferItem,
    OfferStatus,
    Payment,
    Stage,
)
from campaigns.services.deliverables import deliverable_add
from campaigns.services.delivery import payment_schedule
from campaigns.services.offers import offer_create
from campaigns.services.pipeline import collaboration_shortlist
from contacts.models import Channel, Influencer, Interaction, InteractionKind
from contacts.services import do_not_contact_set
from contacts.services.profiles import rate_card_save
from outreach.models import Pitch, PitchStatus
from tests.campaigns.conftest import NOW
from tests.outreach.api_helpers import client_for

pytestmark = pytest.mark.django_db

REELS = [{"deliverable_type": "instagram_reel", "quantity": 2}]
INVITATION = {
    "subject": "Spring trails with Trailhead",
    "body": "Hi {first_name}, your notes from the trail are why we write: join our spring?",
    "channel": Channel.EMAIL,
}


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


def url(name: str, target=None, slug: str = "acme") -> str:
    kwargs = {"slug": slug}
    if target is not None:
        kwargs["public_id"] = target.public_id
    return reverse(f"api:campaigns-api:{name}", kwargs=kwargs)


def post(client, name: str, target, data=None):
    return client.post(url(name, target), data or {}, format="json")


@pytest.fixture
def ana_in(campaign, ana, personas) -> Collaboration:
    return collaboration_shortlist(
        campaign=campaign, influencer=ana, actor=personas.member, now=NOW
    )


def at_stage(collaboration: Collaboration, stage: str) -> Collaboration:
    Collaboration.objects.filter(pk=collaboration.pk).update(stage=stage)
    collaboration.refresh_from_db()
    return collaboration


def a_deliverable(collaboration, personas, **values) -> Deliverable:
    return deliverable_add(
        collaboration=collaboration,
        kind=values.pop("kind", "instagram_reel"),
        actor=personas.member,
        now=NOW,
        **values,
    )


# --- who may --------------------------------------------------------------------------------


def test_an_outsider_finds_none_of_a_collaborations_endpoints(personas, campaign, ana_in):
    deliverable = a_deliverable(ana_in, personas)
    outsider = client_for(personas.outsider)

    for name, target in [
        ("collaboration-list", campaign),
        ("collaboration-detail", ana_in),
        ("offer-list", ana_in),
        ("deliverable-list", ana_in),
        ("deliverable-detail", deliverable),
        ("payment-list", ana_in),
    ]:
        assert outsider.get(url(name, target)).status_code == 404, name
        assert outsider.get(url(name, target, slug="globex")).status_code == 404, name
    moved = post(outsider, "collaboration-move", ana_in, {"stage": "negotiating"})
    assert moved.status_code == 404
    skipped = post(outsider, "collaboration-move", ana_in, {"stage": "agreed", "reason": "x"})
    assert skipped.status_code == 404


def test_a_viewer_reads_the_board_but_moves_nothing(personas, campaign, ana_in, ben):
    deliverable = a_deliverable(ana_in, personas)
    viewer = client_for(personas.viewer)

    listed = viewer.get(url("collaboration-list", campaign)).json()
    assert [row["influencer"]["name"] for row in listed["results"]] == ["Ana Rocha"]
    assert viewer.get(url("collaboration-detail", ana_in)).json()["stage"] == "shortlisted"
    for name, target, data in [
        ("collaboration-list", campaign, {"influencer": str(ben.public_id)}),
        ("collaboration-move", ana_in, {"stage": "cancelled"}),
        ("collaboration-move", ana_in, {"stage": "agreed", "reason": "By phone"}),
        ("collaboration-move", ana_in, {"stage": "agreed"}),
        ("collaboration-invite", ana_in, INVITATION),
        ("offer-list", ana_in, {"fee": "500", "items": REELS}),
        ("deliverable-list", ana_in, {"kind": "instagram_post"}),
        ("deliverable-submit", deliverable, {"draft_url": "https://drafts.example/1"}),
        ("payment-list", ana_in, {"amount": "500", "due_on": "2026-12-15"}),
    ]:
        assert post(viewer, name, target, data).status_code == 403, name
    ana_in.refresh_from_db()
    assert ana_in.stage == Stage.SHORTLISTED
    assert Collaboration.objects.count() == 1 and not Offer.objects.exists()
    assert Deliverable.objects.count() == 1 and not Payment.objects.exists()


# --- the board ------------------------------------------------------------------------------


def test_a_member_shortlists_an_influencer_once(personas, campaign, ana):
    member = client_for(personas.member)

    made = post(member, "collaboration-list", campaign, {"influencer": str(ana.public_id)})
    again = post(member, "collaboration-list", campaign, {"influencer": str(ana.public_id)})

    assert made.status_code == 201, made.json()
    assert made.json()["stage"] == "shortlisted"
    assert made.json()["owner"]["name"] == personas.member.name
    assert made.json()["campaign"]["name"] == "Spring trails"
    assert again.status_code == 400
    assert again.json()["errors"] == {"influencer": ["Ana Rocha is in this campaign already."]}


def test_another_workspaces_influencer_is_not_shortlisted(personas, campaign):
    theirs = Influencer.objects.create(workspace=personas.other_workspace, name="Gus Globex")

    refused = post(
        client_for(personas.member),
        "collaboration-list",
        campaign,
        {"influencer": str(theirs.public_id)},
    )

    assert refused.status_code == 400
    assert refused.json()["errors"] == {"influencer": ["No such influencer in this workspace."]}


def test_a_legal_move_lands_on_the_board(personas, ana_in):
    at_stage(ana_in, Stage.INVITED)

    moved = post(client_for(personas.member), "collaboration-move", ana_in, {"stage": "agreed"})

    assert moved.status_code == 200, moved.json()
    assert moved.json()["stage"] == "agreed" and moved.json()["position"] == 0


@pytest.mark.parametrize(
    ("stage", "message"),
    [
        (
            "declined",
            "A collaboration moves from Shortlisted to Invited or Cancelled (or further ahead, "
            "with a reason), not to Declined.",
        ),
        ("paused", "“paused” is not a stage of the pipeline."),
        (
            "invited",
            "Invite them with Invite: it drafts their personal invitation through the contact "
            "rules, and they move to Invited when it may go.",
        ),
    ],
)
def test_an_illegal_move_is_refused_with_where_it_may_go(personas, ana_in, stage, message):
    refused = post(client_for(personas.member), "collaboration-move", ana_in, {"stage": stage})

    assert refused.status_code == 400
    assert refused.json()["errors"] == {"stage": [message]}
    ana_in.refresh_from_db()
    assert ana_in.stage == Stage.SHORTLISTED


def test_a_move_past_several_stages_without_a_reason_is_refused_with_why(personas, ana_in):
    member = client_for(personas.member)

    for data in ({"stage": "agreed"}, {"stage": "agreed", "reason": "   "}):
        refused = post(member, "collaboration-move", ana_in, data)

        assert refused.status_code == 400
        assert refused.json()["errors"] == {
            "reason": [
                "Moving from Shortlisted to Agreed skips Invited and Negotiating: say why (for "
                "example, “agreed by phone”), so the timeline keeps it."
            ]
        }
    ana_in.refresh_from_db()
    assert ana_in.stage == Stage.SHORTLISTED


def test_a_deal_agreed_by_phone_moves_the_card_past_several_stages(personas, ana_in):
    moved = post(
        client_for(personas.member),
        "collaboration-move",
        ana_in,
        {"stage": "agreed", "reason": "Agreed by phone with her agent"},
    )

    assert moved.status_code == 200, moved.json()
    assert moved.json()["stage"] == "agreed"
    entry = Interaction.objects.get(kind=InteractionKind.STAGE_CHANGE, source_id=str(ana_in.pk))
    assert entry.summary == "Spring trails: Shortlisted → Agreed"
    assert entry.body == "Agreed by phone with her agent"
    assert entry.author == personas.member


def test_a_reason_longer_than_the_limit_is_refused_under_reason(personas, ana_in):
    refused = post(
        client_for(personas.member),
        "collaboration-move",
        ana_in,
        {"stage": "agreed", "reason": "x" * 501},
    )

    assert refused.status_code == 400
    assert list(refused.json()["errors"]) == ["reason"]
    ana_in.refresh_from_db()
    assert ana_in.stage == Stage.SHORTLISTED


def test_inviting_drafts_their_pitch_and_moves_them_when_it_may_go(personas, ana_in):
    invited = post(client_for(personas.member), "collaboration-invite", ana_in, INVITATION)

    assert invited.status_code == 200, invited.json()
    body = invited.json()
    pitch = Pitch.objects.get(public_id=body["pitch"])
    assert pitch.status == PitchStatus.DRAFT and pitch.body.startswith("Hi Ana, your notes")
    assert body["ready"] is True and body["verdict"]["allowed"] is True
    assert body["collaboration"]["stage"] == "invited"
    assert body["collaboration"]["invitation"] == str(pitch.public_id)


def test_an_invitation_the_guard_blocks_keeps_them_shortlisted_with_the_reason(
    personas, campaign, ben
):
    ben_in = collaboration_shortlist(
        campaign=campaign, influencer=ben, actor=personas.member, now=NOW
    )
    do_not_contact_set(
        influencer=ben, reason="Moving on from sponsored work", actor=personas.member, now=NOW
    )

    blocked = post(client_for(personas.member), "collaboration-invite", ben_in, INVITATION)

    assert blocked.status_code == 200, blocked.json()
    body = blocked.json()
    assert body["ready"] is False and body["verdict"]["allowed"] is False
    assert [finding["message"] for finding in body["verdict"]["findings"]] == [
        "Ben Okafor asked not to be contacted: Moving on from sponsored work."
    ]
    assert body["collaboration"]["stage"] == "shortlisted"
    assert Pitch.objects.get(public_id=body["pitch"]).status == PitchStatus.DRAFT


def test_an_invitation_without_a_body_or_to_someone_past_the_shortlist_is_refused(personas, ana_in):
    member = client_for(personas.member)

    empty = post(member, "collaboration-invite", ana_in, {**INVITATION, "body": " "})
    assert empty.status_code == 400
    assert empty.json()["errors"] == {"body": ["Write the invitation."]}
    at_stage(ana_in, Stage.AGREED)
    late = post(member, "collaboration-invite", ana_in, INVITATION)
    assert late.status_code == 400
    assert late.json()["errors"] == {
        "non_field_errors": [
            "Ana Rocha is agreed in this campaign: only someone shortlisted is invited."
        ]
    }


def test_the_board_reads_the_same_number_of_queries_at_5_and_50(personas, campaign):
    viewer = client_for(personas.viewer)

    def queries_with(count: int) -> int:
        Collaboration.objects.all().delete()
        people = Influencer.objects.bulk_create(
            Influencer(workspace=personas.workspace, name=f"Person {count}-{number}")
            for number in range(count)
        )
        pitches = Pitch.objects.bulk_create(
            Pitch(workspace=personas.workspace, influencer=person, channel=Channel.EMAIL)
            for person in people
        )
        Collaboration.objects.bulk_create(
            Collaboration(
                workspace=personas.workspace,
                campaign=campaign,
                influencer=person,
                owner=personas.member,
                invitation=pitch,
                position=number,
            )
            for number, (person, pitch) in enumerate(zip(people, pitches, strict=True))
        )
        with CaptureQueriesContext(connection) as queries:
            response = viewer.get(url("collaboration-list", campaign), {"page_size": 100})
        assert response.status_code == 200 and response.json()["count"] == count
        return len(queries)

    assert queries_with(5) == queries_with(50)


# --- offers ---------------------------------------------------------------------------------


def test_an_offer_is_made_with_its_items_and_fairness(personas, ana_in, ana):
    rate_card_save(influencer=ana, deliverable_type="instagram_reel", amount=Decimal("750"))

    made = post(
        client_for(personas.member),
        "offer-list",
        ana_in,
        {"fee": "600", "product": "Trail shoes", "product_value": "300", "items": REELS},
    )

    assert made.status_code == 201, made.json()
    body = made.json()
    assert body["items"] == REELS and body["status"] == "proposed"
    assert body["fee"] == "600.00" and body["currency"] == "EUR"
    assert body["fairness"] == {
        "verdict": "below",
        "percent": -40,
        "sentence": "This offer is 40% below Ana's rates for 2 Instagram reels (1,500.00 EUR at "
        "her rates; offered 900.00 EUR: 600.00 EUR fee and 300.00 EUR of product value).",
    }


def test_an_offer_of_nothing_is_refused_with_its_message(personas, ana_in):
    refused = post(client_for(personas.member), "offer-list", ana_in, {"items": REELS})

    assert refused.status_code == 400
    assert refused.json()["errors"] == {
        "fee": [
            "Say what you offer: a fee, a product, an affiliate share, cross-promotion or "
            "other value."
        ]
    }


def test_accepting_an_offer_withdraws_the_others_and_a_decided_one_stays_decided(personas, ana_in):
    first, second = (
        offer_create(
            collaboration=ana_in,
            actor=personas.member,
            fee=Decimal(fee),
            items=[("instagram_reel", 2)],
            now=NOW,
        )
        for fee in ("500", "900")
    )
    member = client_for(personas.member)

    accepted = post(member, "offer-decide", second, {"accepted": True})
    again = post(member, "offer-decide", second, {"accepted": False})

    assert accepted.status_code == 200, accepted.json()
    assert accepted.json()["status"] == "accepted"
    assert accepted.json()["fairness"]["verdict"] == "cannot_compare"
    first.refresh_from_db()
    assert first.status == OfferStatus.WITHDRAWN
    ana_in.refresh_from_db()
    assert ana_in.stage == Stage.AGREED  # the board follows the deal
    assert again.status_code == 400
    assert again.json()["errors"] == {"non_field_errors": ["This offer was accepted already."]}


def test_offers_are_listed_newest_first_with_fairness_in_constant_queries(personas, ana_in, ana):
    rate_card_save(influencer=ana, deliverable_type="instagram_reel", amount=Decimal("500"))
    rate_card_save(
        influencer=ana, deliverable_type="instagram_story", amount=Decimal("100"), currency="USD"
    )
    viewer = client_for(personas.viewer)

    def queries_with(count: int) -> int:
        Offer.objects.all().delete()
        offers = Offer.objects.bulk_create(
            Offer(
                collaboration=ana_in,
                fee=Decimal(1000 + number),
                currency="EUR" if number % 2 else "USD",
                created_at=NOW - timedelta(minutes=number),
            )
            for number in range(count)
        )
        OfferItem.objects.bulk_create(
            OfferItem(offer=offer, deliverable_type=kind, quantity=2)
            for offer in offers
            for kind in ("instagram_reel", "instagram_story")
        )
        with CaptureQueriesContext(connection) as queries:
            response = viewer.get(url("offer-list", ana_in), {"page_size": 100})
        assert response.status_code == 200 and response.json()["count"] == count
        rows = response.json()["results"]
        assert [row["fee"] for row in rows[:2]] == ["1000.00", "1001.00"]
        assert all(row["fairness"]["sentence"] for row in rows)
        return len(queries)

    assert queries_with(5) == queries_with(50)


# --- deliverables ---------------------------------------------------------------------------


def test_a_deliverable_goes_from_draft_through_review_to_its_results(personas, ana_in):
    member = client_for(personas.member)
    planned = post(
        member,
        "deliverable-list",
        ana_in,
        {"kind": "instagram_reel", "title": "Trail reel", "due_on": "2026-12-10"},
    )
    assert planned.status_code == 201, planned.json()
    deliverable = Deliverable.objects.get(public_id=planned.json()["public_id"])
    assert planned.json()["status"] == "planned" and planned.json()["result"] is None

    steps = [
        ("deliverable-submit", {"draft_url": "https://drafts.example/1"}, "draft_submitted"),
        ("deliverable-request-changes", {"comment": "Show the resoling."}, "changes_requested"),
        ("deliverable-submit", {"draft_url": "https://drafts.example/2"}, "draft_submitted"),
        ("deliverable-approve", {"comment": "Lovely."}, "approved"),
        (
            "deliverable-publish",
            {"published_url": "https://instagram.example/reel/1"},
            "published",
        ),
    ]
    for name, data, status in steps:
        response = post(member, name, deliverable, data)
        assert response.status_code == 200, (name, response.json())
        assert response.json()["status"] == status, name

    results = member.put(
        url("deliverable-results", deliverable), {"likes": 120, "views": 4000}, format="json"
    )
    assert results.status_code == 200, results.json()
    body = results.json()
    assert body["published_url"] == "https://instagram.example/reel/1"
    assert body["published_at"] == "2026-11-18T10:00:00Z"
    assert body["result"]["likes"] == 120 and body["result"]["views"] == 4000
    assert body["result"]["source"] == "manual"
    more = member.put(url("deliverable-results", deliverable), {"clicks": 9}, format="json")
    assert more.json()["result"]["likes"] == 120 and more.json()["result"]["clicks"] == 9


def test_review_steps_out_of_order_are_refused_with_where_it_stands(personas, ana_in):
    deliverable = a_deliverable(ana_in, personas, title="Trail reel")
    member = client_for(personas.member)

    approve = post(member, "deliverable-approve", deliverable)
    results = member.put(url("deliverable-results", deliverable), {"likes": 1}, format="json")
    bad_link = post(member, "deliverable-submit", deliverable, {"draft_url": "not a link"})

    assert approve.status_code == 400
    assert approve.json()["errors"] == {
        "non_field_errors": [
            "“Trail reel” is planned: it can be approved only when it is draft submitted."
        ]
    }
    assert results.json()["errors"] == {
        "non_field_errors": ["“Trail reel” is not published yet: results come after publishing."]
    }
    assert bad_link.json()["errors"] == {"draft_url": ["This is not a web address (https://...)."]}
    deliverable.refresh_from_db()
    assert deliverable.status == DeliverableStatus.PLANNED


def test_a_deliverable_of_no_known_kind_is_refused(personas, ana_in):
    refused = post(client_for(personas.member), "deliverable-list", ana_in, {"kind": "podcast"})

    assert refused.status_code == 400
    assert refused.json()["errors"] == {"kind": ["Pick what kind of content it is."]}


def test_deliverables_are_listed_in_the_same_number_of_queries_at_5_and_50(personas, ana_in):
    viewer = client_for(personas.viewer)

    def queries_with(count: int) -> int:
        Deliverable.objects.all().delete()
        Deliverable.objects.bulk_create(
            Deliverable(
                collaboration=ana_in,
                kind="instagram_post",
                due_on=date(2026, 12, 1) + timedelta(days=number),
            )
            for number in range(count)
        )
        with CaptureQueriesContext(connection) as queries:
            response = viewer.get(url("deliverable-list", ana_in), {"page_size": 100})
        assert response.status_code == 200 and response.json()["count"] == count
        return len(queries)

    assert queries_with(5) == queries_with(50)


def test_the_board_follows_a_draft_a_publication_and_the_last_payment_made_through_the_api(
    personas, ana_in
):
    member = client_for(personas.member)
    collaboration = at_stage(ana_in, Stage.AGREED)
    deliverable = a_deliverable(collaboration, personas, title="Trail reel")
    scheduled = post(
        member,
        "payment-list",
        collaboration,
        {"amount": "750", "currency": "eur", "due_on": "2026-12-15"},
    )
    payment = Payment.objects.get(public_id=scheduled.json()["public_id"])

    def stage_after(name, target, data=None) -> str:
        response = post(member, name, target, data)
        assert response.status_code == 200, (name, response.json())
        return client_for(personas.viewer).get(url("collaboration-detail", ana_in)).json()["stage"]

    assert stage_after("deliverable-submit", deliverable, {"draft_url": "https://d.example/1"}) == (
        "in_review"
    )
    assert stage_after("deliverable-approve", deliverable) == "in_review"
    published = {"published_url": "https://instagram.example/reel/1"}
    assert stage_after("deliverable-publish", deliverable, published) == "published"
    assert stage_after("payment-paid", payment) == "completed"


def test_a_draft_submitted_through_the_api_leaves_a_card_a_person_moved_further(personas, ana_in):
    collaboration = at_stage(ana_in, Stage.PUBLISHED)
    deliverable = a_deliverable(collaboration, personas)

    submitted = post(
        client_for(personas.member),
        "deliverable-submit",
        deliverable,
        {"draft_url": "https://d.example/late"},
    )

    assert submitted.status_code == 200, submitted.json()
    collaboration.refresh_from_db()
    assert collaboration.stage == Stage.PUBLISHED


# --- payments -------------------------------------------------------------------------------


def test_a_payment_is_scheduled_and_marked_paid_once(personas, ana_in):
    member = client_for(personas.member)

    scheduled = post(
        member,
        "payment-list",
        ana_in,
        {"amount": "750", "currency": "eur", "due_on": "2026-12-15", "note": "Invoice 12"},
    )
    assert scheduled.status_code == 201, scheduled.json()
    assert scheduled.json()["amount"] == "750.00" and scheduled.json()["currency"] == "EUR"
    assert scheduled.json()["paid_at"] is None
    payment = Payment.objects.get(public_id=scheduled.json()["public_id"])

    paid = post(member, "payment-paid", payment)
    again = post(member, "payment-paid", payment)

    assert paid.status_code == 200, paid.json()
    assert paid.json()["paid_at"] == "2026-11-18T10:00:00Z"
    assert again.status_code == 400
    assert again.json()["errors"] == {
        "paid_at": ["This payment was marked paid already (18 Nov 2026)."]
    }
    listed = client_for(personas.viewer).get(url("payment-list", ana_in)).json()
    assert [row["note"] for row in listed["results"]] == ["Invoice 12"]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"amount": "0"}, "amount", "The amount must be more than zero."),
        ({"currency": "euro"}, "currency", "Use a three-letter currency code, e.g. EUR."),
    ],
)
def test_a_payment_that_breaks_a_rule_is_refused(personas, ana_in, data, field, message):
    refused = post(
        client_for(personas.member),
        "payment-list",
        ana_in,
        {"amount": "500", "due_on": "2026-12-15", **data},
    )

    assert refused.status_code == 400
    assert refused.json()["errors"] == {field: [message]}
    assert not Payment.objects.exists()


def test_a_payment_is_not_paid_in_the_future(personas, ana_in):
    payment = payment_schedule(
        collaboration=ana_in,
        amount=Decimal("500"),
        currency="EUR",
        due_on=date(2026, 12, 15),
        actor=personas.member,
        now=NOW,
    )

    refused = post(
        client_for(personas.member),
        "payment-paid",
        payment,
        {"paid_at": "2026-12-01T10:00:00Z"},
    )

    assert refused.status_code == 400
    assert refused.json()["errors"] == {"paid_at": ["The payment date cannot be in the future."]}


def test_payments_are_listed_in_the_same_number_of_queries_at_5_and_50(personas, ana_in):
    viewer = client_for(personas.viewer)

    def queries_with(count: int) -> int:
        Payment.objects.all().delete()
        Payment.objects.bulk_create(
            Payment(collaboration=ana_in, amount=Decimal("100"), due_on=date(2026, 12, 1))
            for _ in range(count)
        )
        with CaptureQueriesContext(connection) as queries:
            response = viewer.get(url("payment-list", ana_in), {"page_size": 100})
        assert response.status_code == 200 and response.json()["count"] == count
        return len(queries)

    assert queries_with(5) == queries_with(50)

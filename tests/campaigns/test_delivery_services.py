"""Contracts, payments, product seeding and deliverables: every move, the refused ones with
their message, what we owe them (commitments), the reminders planned and cancelled, and what
lands on the timeline."""

import io
import zipfile
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile

from campaigns.models import (
    Collaboration,
    ContractStatus,
    DeliverableResult,
    DeliverableStatus,
    Payment,
    ResultSource,
    Stage,
)
from campaigns.services.deliverables import (
    deliverable_add,
    deliverable_approve,
    deliverable_publish,
    deliverable_request_changes,
    deliverable_result_save,
    deliverable_submit_draft,
    moment_add,
)
from campaigns.services.delivery import (
    contract_update,
    payment_mark_paid,
    payment_schedule,
    shipment_mark_delivered,
    shipment_mark_shipped,
    shipment_save,
)
from contacts.models import Commitment, CommitmentKind, Direction, Interaction, InteractionKind
from contacts.services import influencer_create
from irm.errors import RuleError
from outreach.models import Reminder, ReminderKind, ReminderStatus
from tests.factories import CampaignFactory, CollaborationFactory, ProfileFactory

pytestmark = pytest.mark.django_db
# A Wednesday; the workspace is in Paris (UTC+1 in November).
NOW = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)
PARIS = ZoneInfo("Europe/Paris")
PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def ana(personas):
    return ProfileFactory(
        personas=personas,
        name="Ana Rocha",
        emails=["ana@trails.example"],
        shipping_address="Rua das Flores 12\n4050-265 Porto",
    )


@pytest.fixture
def campaign(personas):
    return CampaignFactory(workspace=personas.workspace, owner=personas.manager)


@pytest.fixture
def collaboration(personas, campaign, ana):
    return CollaborationFactory(
        campaign=campaign, influencer=ana, stage=Stage.AGREED, owner=personas.member
    )


def refused(call, **kwargs) -> RuleError:
    with pytest.raises(RuleError) as caught:
        call(**kwargs)
    return caught.value


def reminders(source, kind=None):
    rows = Reminder.objects.filter(
        source_type=ContentType.objects.get_for_model(source), source_id=str(source.pk)
    )
    return rows.filter(kind=kind) if kind else rows


def commitments(source, kind):
    return Commitment.objects.filter(
        kind=kind, source_type=ContentType.objects.get_for_model(source), source_id=str(source.pk)
    )


def timeline(influencer, kind):
    return Interaction.objects.filter(influencer=influencer, kind=kind).order_by("occurred_at")


def paris(year, month, day, hour, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=PARIS)


# --- contracts ----------------------------------------------------------------------------------


def contract(collaboration, personas, status, **kwargs):
    return contract_update(
        collaboration=collaboration,
        actor=personas.member,
        status=status,
        now=kwargs.pop("now", NOW),
        **kwargs,
    )


def test_a_contract_goes_from_draft_to_sent_to_signed(collaboration, personas, ana):
    contract(collaboration, personas, ContractStatus.DRAFT)
    contract(collaboration, personas, ContractStatus.SENT)
    contract(collaboration, personas, ContractStatus.SIGNED, signed_on=date(2026, 11, 17))

    collaboration.refresh_from_db()
    assert collaboration.contract_status == ContractStatus.SIGNED
    assert collaboration.contract_signed_on == date(2026, 11, 17)
    entry = timeline(ana, InteractionKind.CONTRACT).get()
    assert entry.direction == Direction.INTERNAL
    assert entry.summary == "Contract signed for Spring trails"
    assert entry.source == collaboration and entry.author == personas.member
    # Signed on the 17th (at noon Paris time): back-dated to the day it happened.
    assert entry.occurred_at == paris(2026, 11, 17, 12)


def test_sending_it_plans_an_unsigned_reminder_for_the_collaborations_owner(
    collaboration, personas
):
    contract(collaboration, personas, ContractStatus.DRAFT)
    contract(collaboration, personas, ContractStatus.SENT)

    reminder = reminders(collaboration).get()
    assert reminder.kind == ReminderKind.CONTRACT_UNSIGNED
    assert reminder.status == ReminderStatus.PENDING
    assert reminder.due_at == NOW + timedelta(days=5)
    assert reminder.assignee == personas.member
    assert reminder.influencer == collaboration.influencer


def test_without_a_collaboration_owner_the_campaign_owner_is_reminded(collaboration, personas):
    collaboration.owner = None
    collaboration.save(update_fields=["owner"])
    contract(collaboration, personas, ContractStatus.DRAFT)
    contract(collaboration, personas, ContractStatus.SENT)

    assert reminders(collaboration).get().assignee == personas.manager


def test_without_any_owner_the_person_who_sent_it_is_reminded(collaboration, personas, campaign):
    collaboration.owner = None
    collaboration.save(update_fields=["owner"])
    campaign.owner = None
    campaign.save(update_fields=["owner"])
    contract(collaboration, personas, ContractStatus.DRAFT)
    contract(collaboration, personas, ContractStatus.SENT)

    assert reminders(collaboration).get().assignee == personas.member


def test_signing_cancels_the_unsigned_reminder(collaboration, personas):
    contract(collaboration, personas, ContractStatus.DRAFT)
    contract(collaboration, personas, ContractStatus.SENT)
    later = NOW + timedelta(days=2)
    contract(
        collaboration, personas, ContractStatus.SIGNED, signed_on=date(2026, 11, 20), now=later
    )

    reminder = reminders(collaboration, ReminderKind.CONTRACT_UNSIGNED).get()
    assert reminder.status == ReminderStatus.CANCELLED
    assert reminder.closed_at == later and reminder.closed_reason == "The contract was signed."


def test_cancelling_a_sent_contract_cancels_its_reminder(collaboration, personas, ana):
    contract(collaboration, personas, ContractStatus.DRAFT)
    contract(collaboration, personas, ContractStatus.SENT)
    contract(collaboration, personas, ContractStatus.CANCELLED)

    collaboration.refresh_from_db()
    assert collaboration.contract_status == ContractStatus.CANCELLED
    assert reminders(collaboration).get().status == ReminderStatus.CANCELLED
    assert not timeline(ana, InteractionKind.CONTRACT).exists()


@pytest.mark.parametrize(
    "start",
    [ContractStatus.NONE, ContractStatus.DRAFT, ContractStatus.SENT, ContractStatus.SIGNED],
)
def test_any_contract_can_be_cancelled(collaboration, personas, start):
    Collaboration.objects.filter(pk=collaboration.pk).update(contract_status=start)
    collaboration.refresh_from_db()

    contract(collaboration, personas, ContractStatus.CANCELLED)

    collaboration.refresh_from_db()
    assert collaboration.contract_status == ContractStatus.CANCELLED


@pytest.mark.parametrize(
    ("start", "wanted", "message"),
    [
        (
            ContractStatus.NONE,
            ContractStatus.SENT,
            "The contract is no contract yet: it cannot become sent for signature; "
            "from here it can become draft or cancelled.",
        ),
        (
            ContractStatus.NONE,
            ContractStatus.SIGNED,
            "The contract is no contract yet: it cannot become signed; "
            "from here it can become draft or cancelled.",
        ),
        (
            ContractStatus.DRAFT,
            ContractStatus.SIGNED,
            "The contract is draft: it cannot become signed; "
            "from here it can become sent for signature or cancelled.",
        ),
        (
            ContractStatus.SENT,
            ContractStatus.DRAFT,
            "The contract is sent for signature: it cannot become draft; "
            "from here it can become signed or cancelled.",
        ),
        (
            ContractStatus.SIGNED,
            ContractStatus.SENT,
            "The contract is signed: it cannot become sent for signature; "
            "from here it can become cancelled.",
        ),
        (
            ContractStatus.CANCELLED,
            ContractStatus.DRAFT,
            "The contract is cancelled: it cannot become draft; it cannot change any more.",
        ),
    ],
)
def test_illegal_contract_moves_are_refused_with_where_it_stands(
    collaboration, personas, start, wanted, message
):
    Collaboration.objects.filter(pk=collaboration.pk).update(contract_status=start)
    collaboration.refresh_from_db()

    error = refused(
        contract_update,
        collaboration=collaboration,
        actor=personas.member,
        status=wanted,
        signed_on=date(2026, 11, 17),
        now=NOW,
    )

    assert error.message == message and error.field == "status"
    collaboration.refresh_from_db()
    assert collaboration.contract_status == start


def test_signing_needs_a_date_that_is_not_in_the_future(collaboration, personas):
    contract(collaboration, personas, ContractStatus.DRAFT)
    contract(collaboration, personas, ContractStatus.SENT)

    missing = refused(
        contract_update,
        collaboration=collaboration,
        actor=personas.member,
        status=ContractStatus.SIGNED,
        now=NOW,
    )
    future = refused(
        contract_update,
        collaboration=collaboration,
        actor=personas.member,
        status=ContractStatus.SIGNED,
        signed_on=date(2026, 11, 19),
        now=NOW,
    )

    assert missing.message == "Give the date it was signed." and missing.field == "signed_on"
    assert future.message == "The signing date cannot be in the future."
    collaboration.refresh_from_db()
    assert collaboration.contract_status == ContractStatus.SENT


def test_a_pdf_contract_is_kept_under_a_name_nobody_can_guess(collaboration, personas):
    upload = SimpleUploadedFile("Ana contract v2.pdf", PDF, content_type="application/pdf")

    contract(collaboration, personas, ContractStatus.DRAFT, file=upload)

    collaboration.refresh_from_db()
    assert collaboration.contract_file_name == "Ana contract v2.pdf"
    assert collaboration.contract_file.name.startswith("contracts/2026/")
    assert "Ana" not in collaboration.contract_file.name
    assert collaboration.contract_file.name.endswith(".pdf")
    with collaboration.contract_file.open("rb") as stored:
        assert stored.read() == PDF


def test_a_word_contract_is_accepted(collaboration, personas):
    upload = SimpleUploadedFile("contract.docx", docx_bytes())

    contract(collaboration, personas, ContractStatus.DRAFT, file=upload)

    collaboration.refresh_from_db()
    assert collaboration.contract_file.name.endswith(".docx")


def test_a_new_file_replaces_the_old_one_after_commit(
    collaboration, personas, django_capture_on_commit_callbacks
):
    contract(collaboration, personas, ContractStatus.DRAFT, file=SimpleUploadedFile("a.pdf", PDF))
    collaboration.refresh_from_db()
    old = Path(collaboration.contract_file.path)

    with django_capture_on_commit_callbacks(execute=True):
        contract(
            collaboration, personas, ContractStatus.SENT, file=SimpleUploadedFile("b.pdf", PDF)
        )

    collaboration.refresh_from_db()
    assert collaboration.contract_file_name == "b.pdf"
    assert not old.exists() and Path(collaboration.contract_file.path).exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("contract.txt", b"hello", "Upload the contract as a PDF or a Word (.docx) file."),
        (
            "contract.pdf",
            b"MZ\x90\x00not a pdf",
            "This file is not a PDF document, whatever its name says.",
        ),
        (
            "contract.docx",
            b"%PDF-1.7 a pdf in disguise",
            "This file is not a DOCX document, whatever its name says.",
        ),
        (
            "contract.docx",
            b"PK\x03\x04 a zip that is not a document",
            "This file is not a DOCX document, whatever its name says.",
        ),
    ],
)
def test_contract_files_are_checked_by_their_content(
    collaboration, personas, name, content, message
):
    error = refused(
        contract_update,
        collaboration=collaboration,
        actor=personas.member,
        status=ContractStatus.DRAFT,
        file=SimpleUploadedFile(name, content),
        now=NOW,
    )

    assert error.message == message and error.field == "file"
    collaboration.refresh_from_db()
    assert collaboration.contract_status == ContractStatus.NONE
    assert not collaboration.contract_file


def test_a_contract_file_over_10_mb_is_refused(collaboration, personas):
    big = SimpleUploadedFile("contract.pdf", PDF + b"0" * (10 * 1024 * 1024))

    error = refused(
        contract_update,
        collaboration=collaboration,
        actor=personas.member,
        status=ContractStatus.DRAFT,
        file=big,
        now=NOW,
    )

    assert error.message == "The contract file is larger than 10 MB."


# --- payments -----------------------------------------------------------------------------------


def schedule(collaboration, personas, **kwargs):
    values = {
        "amount": Decimal("900"),
        "currency": "EUR",
        "due_on": date(2026, 12, 1),
        "note": "Invoice 2026-114",
    }
    return payment_schedule(
        collaboration=collaboration, actor=personas.member, now=NOW, **{**values, **kwargs}
    )


def test_a_scheduled_payment_is_a_commitment_we_owe_them(collaboration, personas, ana):
    payment = schedule(collaboration, personas)

    commitment = commitments(payment, CommitmentKind.PAYMENT).get()
    assert commitment.influencer == ana and commitment.fulfilled_at is None
    assert commitment.description == "Pay Ana Rocha 900.00 EUR for Spring trails"
    # 17:00 in Paris on the day it is due.
    assert commitment.due_at == paris(2026, 12, 1, 17)


@pytest.mark.parametrize("due_on", [date(1, 1, 2), date(9999, 12, 31), date(2005, 1, 1)])
def test_a_payment_due_decades_away_is_refused_on_its_date(collaboration, personas, due_on):
    error = refused(schedule, collaboration=collaboration, personas=personas, due_on=due_on)

    assert error.field == "due_on" and "within 20 years" in str(error)
    assert not Payment.objects.exists()


def test_a_deliverable_due_decades_away_is_refused_on_its_date(collaboration, personas):
    error = refused(
        deliverable_add,
        collaboration=collaboration,
        kind="instagram_reel",
        due_on=date(1, 1, 1),
        actor=personas.member,
        now=NOW,
    )

    assert error.field == "due_on"


def test_a_scheduled_payment_reminds_the_owner_two_days_before_at_nine(collaboration, personas):
    payment = schedule(collaboration, personas)

    reminder = reminders(payment).get()
    assert reminder.kind == ReminderKind.PAYMENT_DUE
    assert reminder.due_at == paris(2026, 11, 29, 9)
    assert reminder.assignee == personas.member
    assert reminder.title == "Pay Ana Rocha 900.00 EUR by 01 Dec"


def test_a_payment_due_tomorrow_is_reminded_at_once(collaboration, personas):
    payment = schedule(collaboration, personas, due_on=date(2026, 11, 19))

    assert reminders(payment).get().due_at == NOW


def test_a_payment_in_another_currency_than_the_campaign_is_allowed(collaboration, personas):
    payment = schedule(collaboration, personas, amount="1200.5", currency="usd")

    assert payment.currency == "USD" and payment.amount == Decimal("1200.50")
    assert (
        commitments(payment, CommitmentKind.PAYMENT).get().description
        == "Pay Ana Rocha 1200.50 USD for Spring trails"
    )


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"amount": "0"}, "amount", "The amount must be more than zero."),
        ({"amount": "-5"}, "amount", "The amount must be more than zero."),
        ({"amount": "lots"}, "amount", "This is not an amount."),
        ({"currency": "EURO"}, "currency", "Use a three-letter currency code, e.g. EUR."),
        ({"due_on": None}, "due_on", "Give the date it is due."),
    ],
)
def test_a_payment_needs_an_amount_a_currency_and_a_due_date(
    collaboration, personas, values, field, message
):
    error = refused(schedule, collaboration=collaboration, personas=personas, **values)

    assert (error.field, error.message) == (field, message)
    assert not collaboration.payments.exists()


def test_paying_fulfils_the_commitment_cancels_the_reminder_and_lands_on_the_timeline(
    collaboration, personas, ana
):
    payment = schedule(collaboration, personas)
    paid_at = NOW + timedelta(days=3)

    payment_mark_paid(payment=payment, actor=personas.admin, paid_at=paid_at, now=paid_at)

    payment.refresh_from_db()
    assert payment.paid_at == paid_at
    assert commitments(payment, CommitmentKind.PAYMENT).get().fulfilled_at == paid_at
    reminder = reminders(payment).get()
    assert reminder.status == ReminderStatus.CANCELLED
    entry = timeline(ana, InteractionKind.PAYMENT).get()
    assert entry.direction == Direction.OUTBOUND
    assert entry.summary == "Paid 900.00 EUR for Spring trails"
    assert entry.occurred_at == paid_at and entry.source == payment
    assert entry.author == personas.admin


def test_paying_twice_is_refused(collaboration, personas):
    payment = schedule(collaboration, personas)
    payment_mark_paid(payment=payment, actor=personas.member, paid_at=NOW, now=NOW)

    error = refused(payment_mark_paid, payment=payment, actor=personas.member, paid_at=NOW, now=NOW)

    assert error.message == "This payment was marked paid already (18 Nov 2026)."
    assert timeline(collaboration.influencer, InteractionKind.PAYMENT).count() == 1


def test_a_payment_cannot_be_paid_in_the_future(collaboration, personas):
    payment = schedule(collaboration, personas)

    error = refused(
        payment_mark_paid,
        payment=payment,
        actor=personas.member,
        paid_at=NOW + timedelta(hours=1),
        now=NOW,
    )

    assert error.message == "The payment date cannot be in the future."
    payment.refresh_from_db()
    assert payment.paid_at is None


# --- product seeding ----------------------------------------------------------------------------


def test_a_shipment_goes_to_the_address_on_their_profile(collaboration, personas):
    shipment = shipment_save(
        collaboration=collaboration,
        items="Trail shoes, size 38",
        value="140",
        currency="EUR",
        carrier="DHL",
        tracking="JD0142",
        actor=personas.member,
        now=NOW,
    )

    assert shipment.address == "Rua das Flores 12\n4050-265 Porto"
    assert shipment.value == Decimal("140.00")


def test_saving_again_corrects_the_one_shipment(collaboration, personas):
    first = shipment_save(
        collaboration=collaboration, items="Shoes", actor=personas.member, now=NOW
    )
    again = shipment_save(
        collaboration=collaboration,
        items="Shoes and socks",
        address="Studio, Lisbon",
        actor=personas.member,
        now=NOW,
    )

    assert again.pk == first.pk and again.items == "Shoes and socks"
    assert again.address == "Studio, Lisbon"


def test_a_shipment_needs_its_items(collaboration, personas):
    error = refused(
        shipment_save, collaboration=collaboration, items=" ", actor=personas.member, now=NOW
    )

    assert (error.field, error.message) == ("items", "Say what is sent.")


def test_shipped_and_delivered_land_on_the_timeline(collaboration, personas, ana):
    shipment = shipment_save(
        collaboration=collaboration,
        items="Trail shoes",
        carrier="DHL",
        tracking="JD0142",
        actor=personas.member,
        now=NOW,
    )
    shipped_at = NOW - timedelta(days=2)
    delivered_at = NOW - timedelta(hours=1)

    shipment_mark_shipped(shipment=shipment, shipped_at=shipped_at, actor=personas.member, now=NOW)
    shipment_mark_delivered(
        shipment=shipment, delivered_at=delivered_at, actor=personas.member, now=NOW
    )

    shipment.refresh_from_db()
    assert (shipment.shipped_at, shipment.delivered_at) == (shipped_at, delivered_at)
    shipped, delivered = timeline(ana, InteractionKind.GIFT)
    assert shipped.direction == delivered.direction == Direction.OUTBOUND
    assert shipped.summary == "Shipped for Spring trails: Trail shoes"
    assert shipped.body == "Tracking: DHL JD0142" and shipped.occurred_at == shipped_at
    assert delivered.summary == "Delivered for Spring trails: Trail shoes"
    assert delivered.occurred_at == delivered_at


def test_delivery_is_refused_before_shipping(collaboration, personas):
    shipment = shipment_save(
        collaboration=collaboration, items="Shoes", actor=personas.member, now=NOW
    )

    error = refused(shipment_mark_delivered, shipment=shipment, delivered_at=NOW, now=NOW)

    assert error.message == "It has not been shipped yet."


def test_delivery_cannot_come_before_the_shipping_date(collaboration, personas):
    shipment = shipment_save(
        collaboration=collaboration, items="Shoes", actor=personas.member, now=NOW
    )
    shipment_mark_shipped(shipment=shipment, shipped_at=NOW - timedelta(days=1), now=NOW)

    error = refused(
        shipment_mark_delivered,
        shipment=shipment,
        delivered_at=NOW - timedelta(days=2),
        now=NOW,
    )

    assert error.message == "It cannot arrive before it was shipped."


def test_shipping_twice_is_refused(collaboration, personas):
    shipment = shipment_save(
        collaboration=collaboration, items="Shoes", actor=personas.member, now=NOW
    )
    shipment_mark_shipped(shipment=shipment, shipped_at=NOW, now=NOW)

    error = refused(shipment_mark_shipped, shipment=shipment, shipped_at=NOW, now=NOW)

    assert error.message == "This was marked shipped already (18 Nov 2026)."


# --- deliverables -------------------------------------------------------------------------------


@pytest.fixture
def reel(collaboration, personas):
    return deliverable_add(
        collaboration=collaboration,
        kind="instagram_reel",
        title="Sunrise reel",
        due_on=date(2026, 12, 4),
        actor=personas.member,
        now=NOW,
    )


def submit(reel, at=NOW, url="https://drive.example/reel-v1"):
    return deliverable_submit_draft(deliverable=reel, draft_url=url, actor=None, now=at)


def test_a_deliverable_due_reminds_its_owner_at_nine_that_day(reel, personas):
    reminder = reminders(reel).get()

    assert reminder.kind == ReminderKind.DELIVERABLE_DUE
    assert reminder.due_at == paris(2026, 12, 4, 9)
    assert reminder.assignee == personas.member
    assert reminder.status == ReminderStatus.PENDING


def test_a_deliverable_without_a_due_date_plans_no_reminder(collaboration, personas):
    story = deliverable_add(
        collaboration=collaboration, kind="instagram_story", actor=personas.member, now=NOW
    )

    assert str(story) == "Instagram story"
    assert not reminders(story).exists()


def test_a_deliverable_needs_a_known_kind(collaboration, personas):
    error = refused(
        deliverable_add, collaboration=collaboration, kind="fax", actor=personas.member, now=NOW
    )

    assert (error.field, error.message) == ("kind", "Pick what kind of content it is.")


def test_a_submitted_draft_lands_on_the_timeline_and_opens_a_feedback_commitment(reel, ana):
    submit(reel)

    reel.refresh_from_db()
    assert reel.status == DeliverableStatus.DRAFT_SUBMITTED
    assert reel.draft_url == "https://drive.example/reel-v1"
    entry = timeline(ana, InteractionKind.CONTENT).get()
    assert entry.direction == Direction.INBOUND
    assert entry.summary == "Draft submitted: Sunrise reel"
    assert entry.body == "https://drive.example/reel-v1" and entry.source == reel
    feedback = commitments(entry, CommitmentKind.FEEDBACK).get()
    assert feedback.fulfilled_at is None
    assert feedback.description == (
        "Give Ana Rocha feedback on the draft of “Sunrise reel” for Spring trails"
    )
    # Wednesday 11:00 Paris + 2 working days = Friday 11:00 Paris.
    assert feedback.due_at == paris(2026, 11, 20, 11)


def test_feedback_on_a_friday_draft_is_due_on_tuesday(reel):
    friday = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)

    submit(reel, at=friday)

    feedback = Commitment.objects.get(kind=CommitmentKind.FEEDBACK)
    assert feedback.due_at == paris(2026, 11, 24, 16)


def test_a_draft_needs_a_link(reel):
    error = refused(deliverable_submit_draft, deliverable=reel, draft_url="", actor=None, now=NOW)
    bad = refused(
        deliverable_submit_draft, deliverable=reel, draft_url="drive", actor=None, now=NOW
    )

    assert (error.field, error.message) == ("draft_url", "Give the link.")
    assert bad.message == "This is not a web address (https://...)."
    reel.refresh_from_db()
    assert reel.status == DeliverableStatus.PLANNED


def test_requesting_changes_fulfils_the_feedback_and_tells_them_why(reel, personas, ana):
    submit(reel)
    later = NOW + timedelta(hours=5)

    deliverable_request_changes(
        deliverable=reel,
        comment="Show the logo in the first 3 seconds.",
        actor=personas.member,
        now=later,
    )

    reel.refresh_from_db()
    assert reel.status == DeliverableStatus.CHANGES_REQUESTED
    assert reel.review_comment == "Show the logo in the first 3 seconds."
    assert Commitment.objects.get(kind=CommitmentKind.FEEDBACK).fulfilled_at == later
    decision = timeline(ana, InteractionKind.EMAIL).get()
    assert decision.direction == Direction.OUTBOUND
    assert decision.summary == "Changes requested: Sunrise reel"
    assert decision.body == "Show the logo in the first 3 seconds."
    assert decision.author == personas.member and decision.source == reel
    # The draft was a message from them: the decision answers it, so no reply is left owed.
    assert not Commitment.objects.filter(
        kind=CommitmentKind.REPLY, fulfilled_at__isnull=True
    ).exists()


def test_changes_need_a_comment(reel, personas):
    submit(reel)

    error = refused(
        deliverable_request_changes, deliverable=reel, comment="  ", actor=personas.member, now=NOW
    )

    assert (error.field, error.message) == ("comment", "Say what should change.")
    reel.refresh_from_db()
    assert reel.status == DeliverableStatus.DRAFT_SUBMITTED


def test_a_second_draft_opens_a_second_feedback_commitment(reel, personas):
    submit(reel)
    deliverable_request_changes(
        deliverable=reel, comment="Shorter.", actor=personas.member, now=NOW
    )
    second = NOW + timedelta(days=1)

    submit(reel, at=second, url="https://drive.example/reel-v2")

    owed = Commitment.objects.filter(kind=CommitmentKind.FEEDBACK).order_by("created_at", "id")
    assert [c.fulfilled_at for c in owed] == [NOW, None]
    deliverable_approve(deliverable=reel, comment="", actor=personas.member, now=second)
    assert not Commitment.objects.filter(
        kind=CommitmentKind.FEEDBACK, fulfilled_at__isnull=True
    ).exists()


def test_approving_fulfils_the_feedback_and_lands_on_the_timeline(reel, personas, ana):
    submit(reel)

    deliverable_approve(deliverable=reel, comment="Lovely light.", actor=personas.member, now=NOW)

    reel.refresh_from_db()
    assert reel.status == DeliverableStatus.APPROVED
    assert Commitment.objects.get(kind=CommitmentKind.FEEDBACK).fulfilled_at == NOW
    decision = timeline(ana, InteractionKind.EMAIL).get()
    assert decision.summary == "Draft approved: Sunrise reel" and decision.body == "Lovely light."
    assert decision.direction == Direction.OUTBOUND


def test_feedback_of_another_deliverable_stays_owed(reel, collaboration, personas):
    other = deliverable_add(
        collaboration=collaboration,
        kind="tiktok_video",
        title="Trail run",
        actor=personas.member,
        now=NOW,
    )
    submit(reel)
    submit(other)

    deliverable_approve(deliverable=reel, comment="", actor=personas.member, now=NOW)

    open_feedback = Commitment.objects.get(kind=CommitmentKind.FEEDBACK, fulfilled_at__isnull=True)
    assert "Trail run" in open_feedback.description


def test_publishing_cancels_the_due_reminder_and_lands_on_the_timeline(reel, personas, ana):
    submit(reel)
    deliverable_approve(deliverable=reel, comment="", actor=personas.member, now=NOW)
    published_at = NOW + timedelta(days=2)

    deliverable_publish(
        deliverable=reel,
        published_url="https://instagram.example/p/Cx1",
        published_at=published_at,
        actor=personas.member,
        now=published_at,
    )

    reel.refresh_from_db()
    assert reel.status == DeliverableStatus.PUBLISHED
    assert reel.published_url == "https://instagram.example/p/Cx1"
    assert reel.published_at == published_at
    reminder = reminders(reel, ReminderKind.DELIVERABLE_DUE).get()
    assert reminder.status == ReminderStatus.CANCELLED
    assert reminder.closed_reason == "It was published."
    published = timeline(ana, InteractionKind.CONTENT).last()
    assert published.summary == "Published: Sunrise reel"
    assert published.direction == Direction.INBOUND
    assert published.body == "https://instagram.example/p/Cx1"
    assert published.occurred_at == published_at


def test_publishing_cannot_be_in_the_future(reel, personas):
    submit(reel)
    deliverable_approve(deliverable=reel, comment="", actor=personas.member, now=NOW)

    error = refused(
        deliverable_publish,
        deliverable=reel,
        published_url="https://instagram.example/p/Cx1",
        published_at=NOW + timedelta(days=1),
        actor=personas.member,
        now=NOW,
    )

    assert error.message == "The publishing time cannot be in the future."


def publish_args(personas):
    return {
        "published_url": "https://instagram.example/p/Cx1",
        "published_at": NOW,
        "actor": personas.member,
        "now": NOW,
    }


@pytest.mark.parametrize(
    ("status", "action", "message"),
    [
        (
            DeliverableStatus.DRAFT_SUBMITTED,
            "submit",
            "“Sunrise reel” is draft submitted: it can be submitted as a draft only when it "
            "is planned or changes requested.",
        ),
        (
            DeliverableStatus.APPROVED,
            "submit",
            "“Sunrise reel” is approved: it can be submitted as a draft only when it "
            "is planned or changes requested.",
        ),
        (
            DeliverableStatus.PUBLISHED,
            "submit",
            "“Sunrise reel” is published: it can be submitted as a draft only when it "
            "is planned or changes requested.",
        ),
        (
            DeliverableStatus.PLANNED,
            "request_changes",
            "“Sunrise reel” is planned: it can be sent back for changes only when it is "
            "draft submitted.",
        ),
        (
            DeliverableStatus.CHANGES_REQUESTED,
            "request_changes",
            "“Sunrise reel” is changes requested: it can be sent back for changes only when "
            "it is draft submitted.",
        ),
        (
            DeliverableStatus.APPROVED,
            "request_changes",
            "“Sunrise reel” is approved: it can be sent back for changes only when it is "
            "draft submitted.",
        ),
        (
            DeliverableStatus.PLANNED,
            "approve",
            "“Sunrise reel” is planned: it can be approved only when it is draft submitted.",
        ),
        (
            DeliverableStatus.PUBLISHED,
            "approve",
            "“Sunrise reel” is published: it can be approved only when it is draft submitted.",
        ),
        (
            DeliverableStatus.PLANNED,
            "publish",
            "“Sunrise reel” is planned: it can be published only when it is approved.",
        ),
        (
            DeliverableStatus.DRAFT_SUBMITTED,
            "publish",
            "“Sunrise reel” is draft submitted: it can be published only when it is approved.",
        ),
        (
            DeliverableStatus.PUBLISHED,
            "publish",
            "“Sunrise reel” is published: it can be published only when it is approved.",
        ),
    ],
)
def test_illegal_review_moves_are_refused_with_where_it_stands(
    reel, personas, status, action, message
):
    type(reel).objects.filter(pk=reel.pk).update(status=status)
    calls = {
        "submit": (deliverable_submit_draft, {"draft_url": "https://d.example/1", "actor": None}),
        "request_changes": (
            deliverable_request_changes,
            {"comment": "Shorter.", "actor": personas.member},
        ),
        "approve": (deliverable_approve, {"comment": "", "actor": personas.member}),
        "publish": (deliverable_publish, publish_args(personas)),
    }
    call, kwargs = calls[action]

    error = refused(call, deliverable=reel, **{"now": NOW, **kwargs})

    assert error.message == message
    reel.refresh_from_db()
    assert reel.status == status
    assert not Interaction.objects.filter(kind=InteractionKind.CONTENT).exists()


# --- results and moments ------------------------------------------------------------------------


def published(reel, personas):
    submit(reel)
    deliverable_approve(deliverable=reel, comment="", actor=personas.member, now=NOW)
    return deliverable_publish(deliverable=reel, **publish_args(personas))


def test_results_of_a_published_deliverable_are_saved_and_updated(reel, personas):
    reel = published(reel, personas)

    deliverable_result_save(deliverable=reel, actor=personas.member, likes=1200, views=40_000)
    deliverable_result_save(deliverable=reel, actor=personas.member, likes=1500, comments=80)

    result = DeliverableResult.objects.get(deliverable=reel)
    assert (result.likes, result.views, result.comments) == (1500, 40_000, 80)
    assert result.source == ResultSource.MANUAL


def test_results_wait_for_publishing(reel, personas):
    error = refused(deliverable_result_save, deliverable=reel, actor=personas.member, likes=3)

    assert error.message == "“Sunrise reel” is not published yet: results come after publishing."


@pytest.mark.parametrize(
    ("metrics", "message"),
    [
        ({"likes": -1}, "The likes cannot be negative."),
        ({"views": 1.5}, "The views must be a whole number."),
        ({"positive_comments": "3"}, "The positive comments must be a whole number."),
        ({"shares": True}, "The shares must be a whole number."),
    ],
)
def test_results_are_whole_non_negative_numbers(reel, personas, metrics, message):
    reel = published(reel, personas)

    error = refused(deliverable_result_save, deliverable=reel, actor=personas.member, **metrics)

    assert error.message == message
    assert not DeliverableResult.objects.exists()


def test_a_moment_is_kept_with_its_deliverable(reel, collaboration, personas):
    moment = moment_add(
        collaboration=collaboration,
        text="“I bought the shoes after this”, top comment",
        deliverable=reel,
        actor=personas.member,
        now=NOW,
    )

    assert moment.deliverable == reel and moment.author == personas.member


def test_a_moment_needs_words_and_its_own_collaborations_deliverable(reel, personas, campaign, ana):
    other_person = influencer_create(
        workspace=personas.workspace, actor=personas.member, name="Marcus Lee"
    )
    other = Collaboration.objects.create(
        workspace=personas.workspace, campaign=campaign, influencer=other_person
    )

    empty = refused(
        moment_add, collaboration=reel.collaboration, text=" ", actor=personas.member, now=NOW
    )
    foreign = refused(
        moment_add,
        collaboration=other,
        text="Great",
        deliverable=reel,
        actor=personas.member,
        now=NOW,
    )

    assert empty.message == "Write down the moment."
    assert foreign.message == "This deliverable belongs to another collaboration."

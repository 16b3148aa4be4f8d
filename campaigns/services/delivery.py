"""Writes for what follows an agreement: the contract, paying them and the product we send
(the content they make, its review and results are in campaigns.services.deliverables).

What we owe them becomes a contacts Commitment (a payment, feedback on a draft), so a late
payment or a draft left waiting counts against us like an unanswered message. What may slip
becomes a reminder for the collaboration's owner (a contract left unsigned, a payment or a
deliverable coming due). What happened lands on the influencer's timeline with the campaign
object as its source.
"""

import uuid
import zipfile
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import PurePath
from zoneinfo import ZoneInfo

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import transaction

from campaigns.models import (
    Collaboration,
    ContractStatus,
    DeliverableStatus,
    Payment,
    Shipment,
    Stage,
)
from campaigns.services.pipeline import collaboration_advance
from contacts.models import CommitmentKind, Direction, InteractionKind
from contacts.selectors import open_commitments
from contacts.services import commitment_fulfil, commitment_open, interaction_record
from irm.errors import RuleError
from irm.models import User
from irm.text import sentence
from outreach.models import ReminderKind
from outreach.services import source_reminder_plan, source_reminders_cancel

CONTRACT_MAX_BYTES = 10 * 1024 * 1024
# A contract sent for signature and still unsigned after this long needs a nudge.
CONTRACT_UNSIGNED_DAYS = 5
# Payments are due by the end of the working day; the owner hears two days before, at 09:00.
PAYMENT_DUE_TIME = time(17, 0)
PAYMENT_REMINDER_DAYS_BEFORE = 2
REMINDER_TIME = time(9, 0)
# Clocks differ a little between a phone and the server: "now" allows for it.
CLOCK_SLACK = timedelta(minutes=5)


def assignee_of(collaboration: Collaboration, actor: User | None) -> User | None:
    """Who hears about it: whoever looks after the collaboration, else the campaign's owner,
    else the person who set it in motion."""
    return collaboration.owner or collaboration.campaign.owner or actor


def local_moment(collaboration: Collaboration, day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=collaboration.workspace.zone)


def check_not_future(moment: datetime, now: datetime, field: str, what: str) -> None:
    if moment > now + CLOCK_SLACK:
        raise RuleError(f"{what} cannot be in the future.", field=field)


def check_recorded_once(
    recorded: datetime | None,
    moment: datetime | None,
    now: datetime,
    *,
    field: str,
    already: str,
    missing: str,
    what: str,
) -> None:
    """A moment recorded once (paid, shipped, delivered): refused when `recorded` already is
    (saying when), when none is given, or when it is in the future."""
    if recorded is not None:
        raise RuleError(f"{already} ({recorded:%d %b %Y}).", field=field)
    if moment is None:
        raise RuleError(missing, field=field)
    check_not_future(moment, now, field, what)


def check_url(url: str, field: str) -> str:
    url = (url or "").strip()
    if not url:
        raise RuleError("Give the link.", field=field)
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise RuleError("This is not a web address (https://...).", field=field) from None
    if len(url) > 500:
        raise RuleError("This link is too long (500 characters at most).", field=field)
    return url


def _money(value, field: str, *, required: bool) -> Decimal | None:
    if value is None or value == "":
        if required:
            raise RuleError("Give an amount.", field=field)
        return None
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise RuleError("This is not an amount.", field=field) from None
    if amount < 0 or (required and amount == 0):
        raise RuleError("The amount must be more than zero.", field=field)
    if amount >= Decimal("10000000000"):
        raise RuleError("This amount is too large.", field=field)
    return amount


# A due date further away than this, either way, is a typo (and near the calendar's ends its
# reminder's moment could not even be computed).
DUE_WITHIN_YEARS = 20


def check_due_day(day: date | None, field: str, *, now: datetime) -> date | None:
    if day is not None and abs(day.year - now.year) > DUE_WITHIN_YEARS:
        raise RuleError(f"Give a date within {DUE_WITHIN_YEARS} years of today.", field=field)
    return day


def _currency(value: str) -> str:
    currency = (value or "").strip().upper()
    if len(currency) != 3 or not currency.isalpha():
        raise RuleError("Use a three-letter currency code, e.g. EUR.", field="currency")
    return currency


# --- contracts ----------------------------------------------------------------------------------

# Where a contract may go next. Cancelling is possible from anywhere except cancelled.
CONTRACT_MOVES = {
    ContractStatus.NONE: (ContractStatus.DRAFT, ContractStatus.CANCELLED),
    ContractStatus.DRAFT: (ContractStatus.SENT, ContractStatus.CANCELLED),
    ContractStatus.SENT: (ContractStatus.SIGNED, ContractStatus.CANCELLED),
    ContractStatus.SIGNED: (ContractStatus.CANCELLED,),
    ContractStatus.CANCELLED: (),
}
CONTRACT_FORMATS = {".pdf": "PDF", ".docx": "DOCX"}


def _contract_file_check(file: UploadedFile) -> str:
    """The extension of a contract file we accept: a real PDF or Word document (checked by its
    content, not its name), at most 10 MB."""
    name = PurePath(file.name or "").name
    extension = PurePath(name).suffix.lower()
    if extension not in CONTRACT_FORMATS:
        raise RuleError("Upload the contract as a PDF or a Word (.docx) file.", field="file")
    if file.size is not None and file.size > CONTRACT_MAX_BYTES:
        raise RuleError("The contract file is larger than 10 MB.", field="file")
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    if extension == ".pdf":
        looks_right = head.startswith(b"%PDF-")
    else:
        looks_right = head.startswith(b"PK\x03\x04") and _is_word_document(file)
    file.seek(0)
    if not looks_right:
        raise RuleError(
            f"This file is not a {CONTRACT_FORMATS[extension]} document, whatever its name says.",
            field="file",
        )
    return extension


def _is_word_document(file: UploadedFile) -> bool:
    try:
        with zipfile.ZipFile(file) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError):
        return False


def _contract_moves_text(current: str) -> str:
    allowed = [ContractStatus(s).label.lower() for s in CONTRACT_MOVES[ContractStatus(current)]]
    if not allowed:
        return "it cannot change any more"
    return "from here it can become " + " or ".join(allowed)


@transaction.atomic
def contract_update(
    *,
    collaboration: Collaboration,
    actor: User,
    status: str,
    signed_on: date | None = None,
    file: UploadedFile | None = None,
    zone: ZoneInfo | None = None,
    now: datetime,
) -> Collaboration:
    """1. check the move (none -> draft -> sent -> signed; anything -> cancelled) and the file,
    2. keep the file in media storage under a name nobody can guess,
    3. sent: the owner is reminded if it is still unsigned after 5 days; signed: on the timeline,
       and the reminder no longer applies; cancelled: neither does it.
    Keeping the status (to attach a new file, or correct the signed date) is allowed.
    `signed_on` is a day in `zone`, the zone of the person who typed it (the workspace's if
    none): "today" and the timeline's midday of that day are theirs."""
    zone = zone or collaboration.workspace.zone
    if status not in ContractStatus.values:
        raise RuleError("Pick a contract status.", field="status")
    current = collaboration.contract_status
    if status != current and status not in CONTRACT_MOVES[ContractStatus(current)]:
        raise RuleError(
            f"The contract is {ContractStatus(current).label.lower()}: it cannot become "
            f"{ContractStatus(status).label.lower()}; {_contract_moves_text(current)}.",
            field="status",
        )
    if status == ContractStatus.SIGNED:
        if signed_on is None:
            raise RuleError("Give the date it was signed.", field="signed_on")
        if signed_on > now.astimezone(zone).date():
            raise RuleError("The signing date cannot be in the future.", field="signed_on")
    elif signed_on is not None and status != ContractStatus.CANCELLED:
        raise RuleError("A signing date belongs to a signed contract only.", field="signed_on")
    extension = _contract_file_check(file) if file is not None else None

    fields = ["contract_status", "updated_at"]
    collaboration.contract_status = status
    collaboration.updated_at = now
    if status == ContractStatus.SIGNED:
        collaboration.contract_signed_on = signed_on
        fields.append("contract_signed_on")
    if file is not None:
        old_name = collaboration.contract_file.name
        # The stored name is random: the person's file name is kept apart, for display only.
        collaboration.contract_file.save(f"{uuid.uuid4().hex}{extension}", file, save=False)
        collaboration.contract_file_name = PurePath(file.name).name[:255]
        fields += ["contract_file", "contract_file_name"]
        if old_name:
            storage = collaboration.contract_file.storage
            transaction.on_commit(lambda: storage.delete(old_name))
    collaboration.save(update_fields=fields)

    if status == current:
        return collaboration
    campaign = collaboration.campaign
    influencer = collaboration.influencer
    if status == ContractStatus.SENT:
        assignee = assignee_of(collaboration, actor)
        if assignee is not None:
            source_reminder_plan(
                kind=ReminderKind.CONTRACT_UNSIGNED,
                source=collaboration,
                assignee=assignee,
                influencer=influencer,
                due_at=now + timedelta(days=CONTRACT_UNSIGNED_DAYS),
                title=f"{influencer.name}'s contract for {campaign.name} is not signed",
                reason=f"Sent for signature {CONTRACT_UNSIGNED_DAYS} days ago.",
                suggestion="Ask whether anything in it needs changing.",
                now=now,
            )
    elif status == ContractStatus.SIGNED:
        source_reminders_cancel(source=collaboration, reason="The contract was signed.", now=now)
        signed_at = min(now, datetime.combine(signed_on, time(12, 0), tzinfo=zone))
        interaction_record(
            influencer=influencer,
            kind=InteractionKind.CONTRACT,
            direction=Direction.INTERNAL,
            summary=f"Contract signed for {campaign.name}",
            author=actor,
            occurred_at=signed_at,
            source=collaboration,
            now=now,
        )
    elif status == ContractStatus.CANCELLED:
        source_reminders_cancel(source=collaboration, reason="The contract was cancelled.", now=now)
    return collaboration


# --- payments -----------------------------------------------------------------------------------


def _open_commitment(*, influencer, kind: str, source):
    """The open commitment this object opened, if any."""
    return (
        open_commitments(influencer=influencer)
        .filter(
            kind=kind,
            source_type=ContentType.objects.get_for_model(source),
            source_id=str(source.pk),
        )
        .first()
    )


@transaction.atomic
def payment_schedule(
    *,
    collaboration: Collaboration,
    amount,
    currency: str,
    due_on: date,
    note: str = "",
    actor: User,
    now: datetime,
) -> Payment:
    """1. save the payment (any currency: they may invoice in their own),
    2. open the payment commitment, due at 17:00 on the day in the workspace's time zone,
    3. remind the owner two days before at 09:00 (or at once when that has passed)."""
    amount = _money(amount, "amount", required=True)
    currency = _currency(currency)
    if due_on is None:
        raise RuleError("Give the date it is due.", field="due_on")
    check_due_day(due_on, "due_on", now=now)
    payment = Payment.objects.create(
        collaboration=collaboration,
        amount=amount,
        currency=currency,
        due_on=due_on,
        note=(note or "").strip()[:300],
        created_at=now,
    )
    influencer = collaboration.influencer
    campaign = collaboration.campaign
    commitment_open(
        influencer=influencer,
        kind=CommitmentKind.PAYMENT,
        description=f"Pay {influencer.name} {amount:.2f} {currency} for {campaign.name}",
        due_at=local_moment(collaboration, due_on, PAYMENT_DUE_TIME),
        source=payment,
        now=now,
    )
    assignee = assignee_of(collaboration, actor)
    if assignee is not None:
        remind_at = local_moment(
            collaboration, due_on - timedelta(days=PAYMENT_REMINDER_DAYS_BEFORE), REMINDER_TIME
        )
        source_reminder_plan(
            kind=ReminderKind.PAYMENT_DUE,
            source=payment,
            assignee=assignee,
            influencer=influencer,
            due_at=max(remind_at, now),
            title=f"Pay {influencer.name} {amount:.2f} {currency} by {due_on:%d %b}",
            reason=sentence(f"For {campaign.name}"),
            suggestion="Check the invoice and pay, or tell them when it will come.",
            now=now,
        )
    return payment


@transaction.atomic
def payment_mark_paid(
    *, payment: Payment, actor: User, paid_at: datetime, now: datetime
) -> Payment:
    """1. record when it was paid (once), 2. the commitment is fulfilled then, 3. its
    reminders no longer apply, 4. on the timeline, 5. the last one paid completes a published
    collaboration whose every deliverable is out. Paid before the content is out, it waits:
    publishing moves it to Published, and a person on to Completed."""
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    check_recorded_once(
        payment.paid_at,
        paid_at,
        now,
        field="paid_at",
        already="This payment was marked paid already",
        missing="Give the date it was paid.",
        what="The payment date",
    )
    payment.paid_at = paid_at
    payment.save(update_fields=["paid_at"])
    collaboration = payment.collaboration
    influencer = collaboration.influencer
    commitment = _open_commitment(
        influencer=influencer, kind=CommitmentKind.PAYMENT, source=payment
    )
    if commitment is not None:
        commitment_fulfil(commitment=commitment, fulfilled_at=paid_at, now=now)
    source_reminders_cancel(source=payment, reason="The payment was made.", now=now)
    interaction_record(
        influencer=influencer,
        kind=InteractionKind.PAYMENT,
        direction=Direction.OUTBOUND,
        summary=f"Paid {payment.amount:.2f} {payment.currency} for {collaboration.campaign.name}",
        body=payment.note,
        author=actor,
        occurred_at=paid_at,
        source=payment,
        now=now,
    )
    paid_in_full = not collaboration.payments.filter(paid_at__isnull=True).exists()
    all_out = not collaboration.deliverables.exclude(status=DeliverableStatus.PUBLISHED).exists()
    if paid_in_full and all_out:
        collaboration_advance(
            collaboration=collaboration,
            stage=Stage.COMPLETED,
            actor=actor,
            because="The last payment was made.",
            now=now,
            only_from=(Stage.PUBLISHED,),
        )
    return payment


# --- product seeding ----------------------------------------------------------------------------


@transaction.atomic
def shipment_save(
    *,
    collaboration: Collaboration,
    items: str,
    value=None,
    currency: str = "EUR",
    address: str | None = None,
    carrier: str = "",
    tracking: str = "",
    actor: User,
    now: datetime,
) -> Shipment:
    """The one shipment of a collaboration, made or corrected. Without an address, the one on
    their profile is used."""
    items = (items or "").strip()
    if not items:
        raise RuleError("Say what is sent.", field="items")
    value = _money(value, "value", required=False)
    currency = _currency(currency)
    if address is None:
        address = collaboration.influencer.shipping_address
    shipment, _ = Shipment.objects.update_or_create(
        collaboration=collaboration,
        defaults={
            "items": items,
            "value": value,
            "currency": currency,
            "address": (address or "").strip(),
            "carrier": (carrier or "").strip()[:80],
            "tracking": (tracking or "").strip()[:120],
        },
    )
    return shipment


@transaction.atomic
def shipment_mark_shipped(
    *, shipment: Shipment, shipped_at: datetime, actor: User | None = None, now: datetime
) -> Shipment:
    shipment = Shipment.objects.select_for_update().get(pk=shipment.pk)
    check_recorded_once(
        shipment.shipped_at,
        shipped_at,
        now,
        field="shipped_at",
        already="This was marked shipped already",
        missing="Give the date it was shipped.",
        what="The shipping date",
    )
    shipment.shipped_at = shipped_at
    shipment.save(update_fields=["shipped_at"])
    collaboration = shipment.collaboration
    tracking = " ".join(part for part in (shipment.carrier, shipment.tracking) if part)
    interaction_record(
        influencer=collaboration.influencer,
        kind=InteractionKind.GIFT,
        direction=Direction.OUTBOUND,
        summary=f"Shipped for {collaboration.campaign.name}: {shipment.items}",
        body=f"Tracking: {tracking}" if tracking else "",
        author=actor,
        occurred_at=shipped_at,
        source=shipment,
        now=now,
    )
    return shipment


@transaction.atomic
def shipment_mark_delivered(
    *, shipment: Shipment, delivered_at: datetime, actor: User | None = None, now: datetime
) -> Shipment:
    shipment = Shipment.objects.select_for_update().get(pk=shipment.pk)
    if shipment.shipped_at is None:
        raise RuleError("It has not been shipped yet.", field="delivered_at")
    check_recorded_once(
        shipment.delivered_at,
        delivered_at,
        now,
        field="delivered_at",
        already="This was marked delivered already",
        missing="Give the date it arrived.",
        what="The delivery date",
    )
    if delivered_at < shipment.shipped_at:
        raise RuleError("It cannot arrive before it was shipped.", field="delivered_at")
    shipment.delivered_at = delivered_at
    shipment.save(update_fields=["delivered_at"])
    collaboration = shipment.collaboration
    interaction_record(
        influencer=collaboration.influencer,
        kind=InteractionKind.GIFT,
        direction=Direction.OUTBOUND,
        summary=f"Delivered for {collaboration.campaign.name}: {shipment.items}",
        author=actor,
        occurred_at=delivered_at,
        source=shipment,
        now=now,
    )
    return shipment

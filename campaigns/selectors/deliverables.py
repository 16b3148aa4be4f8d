"""Reads of what follows a deal: deliverables (with their results), payments, the product
shipment and moments, the workspace's or one collaboration's."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from campaigns.models import Collaboration, Deliverable, Moment, Payment, Shipment


def deliverables_of(
    *, workspace, collaboration: Collaboration | None = None
) -> QuerySet[Deliverable]:
    """The workspace's deliverables (or one collaboration's), soonest due first."""
    rows = Deliverable.objects.filter(collaboration__workspace=workspace)
    if collaboration is not None:
        rows = rows.filter(collaboration=collaboration)
    return rows.select_related("result").order_by("due_on", "id")


def payments_of(*, workspace, collaboration: Collaboration | None = None) -> QuerySet[Payment]:
    """The workspace's payments (or one collaboration's), soonest due first."""
    rows = Payment.objects.filter(collaboration__workspace=workspace)
    if collaboration is not None:
        rows = rows.filter(collaboration=collaboration)
    return rows.order_by("due_on", "id")


def collaboration_deliverables(
    *, collaboration: Collaboration, results: bool = False
) -> list[Deliverable]:
    """The collaboration's deliverables (with their saved result when `results`)."""
    rows = Deliverable.objects.filter(collaboration=collaboration)
    if results:
        rows = rows.select_related("result")
    return list(rows)


def collaboration_deliverable_get(*, collaboration: Collaboration, public_id) -> Deliverable:
    return get_object_or_404(Deliverable, collaboration=collaboration, public_id=public_id)


def collaboration_payments(*, collaboration: Collaboration) -> list[Payment]:
    return list(Payment.objects.filter(collaboration=collaboration))


def collaboration_payment_get(*, collaboration: Collaboration, public_id) -> Payment:
    return get_object_or_404(Payment, collaboration=collaboration, public_id=public_id)


def collaboration_shipment(*, collaboration: Collaboration) -> Shipment | None:
    """Read afresh: an action may just have changed it."""
    return Shipment.objects.filter(collaboration=collaboration).first()


def collaboration_moments(*, collaboration: Collaboration) -> list[Moment]:
    return list(
        Moment.objects.filter(collaboration=collaboration).select_related("author", "deliverable")
    )

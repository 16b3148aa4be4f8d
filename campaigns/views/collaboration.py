"""One collaboration's page, under /w/<slug>/campaigns/collaborations/<uuid>/: who, in which
campaign, and everything after the first hello: offers (with their fair-value check), the
contract, payments, product seeding, deliverables with their review, results and moments.

Viewers read; members and up act. Each form posts to its own address; htmx swaps that section
(with the service's message on the form when it refuses), a plain post comes back to the page.
The page loads in the same number of queries however many payments or deliverables it has."""

from collections.abc import Callable
from datetime import datetime, time

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from campaigns import forms as cf
from campaigns.models import (
    Collaboration,
    ContractStatus,
    Deliverable,
    DeliverableStatus,
    OfferStatus,
)
from campaigns.selectors.collaborations import collaboration_get
from campaigns.selectors.deliverables import (
    collaboration_deliverable_get,
    collaboration_deliverables,
    collaboration_moments,
    collaboration_payment_get,
    collaboration_payments,
    collaboration_shipment,
)
from campaigns.selectors.offers import collaboration_offer_get, collaboration_offers
from campaigns.services import deliverables, delivery
from campaigns.services.deliverables import METRIC_FIELDS
from campaigns.services.delivery import CONTRACT_MOVES
from campaigns.services.offers import offer_create, offer_decide
from irm.access import may_edit_campaign, require_campaign_edit, workspace_view
from irm.errors import RuleError
from irm.models import Role
from irm.views import form_rule_error, private_file_response

PAGE = "campaigns/collaboration.html"
SECTIONS = ("offers", "contract", "payments", "shipment", "deliverables")


def _collaboration_to_change(request: HttpRequest, public_id) -> Collaboration:
    """The collaboration, when this person may change its campaign: 404 for another
    workspace's, 403 (before any input) for a member whose campaign it is not."""
    collaboration = collaboration_get(workspace=request.workspace, public_id=public_id)
    require_campaign_edit(
        membership=request.membership, campaign=collaboration.campaign, path=request.path
    )
    return collaboration


def _shipment(collaboration: Collaboration):
    try:
        return collaboration.shipment
    except ObjectDoesNotExist:
        return None


def _day_moment(request: HttpRequest, day, now: datetime) -> datetime:
    """A day picked on a form as a moment: now if it is today, else midday of that day in the
    person's time zone (the services refuse the future)."""
    if day is None or day == timezone.localdate(now, request.user.zone):
        return now
    return datetime.combine(day, time(12, 0), tzinfo=request.user.zone)


def _auto_id(deliverable: Deliverable, action: str = "") -> str:
    """Input ids unique on the page: each deliverable has its own forms, and the approval's
    comment sits next to the request for changes' comment."""
    suffix = "_approve" if action == "approve" else ""
    return f"id_{deliverable.public_id.hex[:8]}{suffix}_%s"


def _context(request: HttpRequest, collaboration: Collaboration, forms: dict) -> dict:
    now = timezone.now()
    own_deliverables = collaboration_deliverables(collaboration=collaboration, results=True)
    failed = forms.get("deliverable_forms", {})
    for d in own_deliverables:
        auto_id = _auto_id(d)
        mine = failed.get(d.pk, {})
        # A refusal shows at the top of its deliverable: the form it came from may be one its
        # status no longer offers.
        d.failed_form = next(iter(mine.values()), None)
        d.draft_form = mine.get("draft") or cf.DraftForm(auto_id=auto_id)
        d.changes_form = mine.get("changes") or cf.ChangesForm(auto_id=auto_id)
        d.approve_form = mine.get("approve") or cf.ApproveForm(auto_id=_auto_id(d, "approve"))
        d.publish_form = mine.get("publish") or cf.PublishForm(auto_id=auto_id)
        # No result saved yet reads as None (select_related above: no query per row).
        result = getattr(d, "result", None)
        d.saved_result = result
        d.results_form = mine.get("results") or cf.ResultsForm(
            auto_id=auto_id,
            initial={name: getattr(result, name) for name in METRIC_FIELDS} if result else None,
        )
    shipment = collaboration_shipment(collaboration=collaboration)
    influencer = collaboration.influencer
    campaign = collaboration.campaign
    payments = collaboration_payments(collaboration=collaboration)
    today = timezone.localdate(now, request.user.zone)
    for payment in payments:
        payment.overdue = payment.paid_at is None and payment.due_on < today
    contract_moves = [ContractStatus(s) for s in CONTRACT_MOVES[collaboration.contract_status]]
    return {
        "collaboration": collaboration,
        "campaign": campaign,
        "influencer": influencer,
        "may_write": may_edit_campaign(membership=request.membership, campaign=campaign),
        "is_admin": request.membership.may(Role.ADMIN),
        "offers": collaboration_offers(collaboration=collaboration, now=now),
        "offer_error": forms.get("offer_error"),
        "offer_form": forms.get("offer") or cf.OfferForm(initial={"currency": campaign.currency}),
        "contract_moves": contract_moves,
        "contract_signed": collaboration.contract_status == ContractStatus.SIGNED,
        "contract_form": forms.get("contract") or cf.ContractForm(),
        "payments": payments,
        "payment_form": forms.get("payment")
        or cf.PaymentForm(initial={"currency": campaign.currency}),
        "paid_form": forms.get("paid") or cf.PaidForm(initial={"paid_on": today}),
        "paid_error_for": forms.get("paid_payment"),
        "shipment": shipment,
        "shipment_form": forms.get("shipment")
        or cf.ShipmentForm(
            initial=(
                {
                    "items": shipment.items,
                    "value": shipment.value,
                    "currency": shipment.currency,
                    "address": shipment.address,
                    "carrier": shipment.carrier,
                    "tracking": shipment.tracking,
                }
                if shipment
                else {"currency": campaign.currency, "address": influencer.shipping_address}
            )
        ),
        "shipment_error": forms.get("shipment_error"),
        "deliverables": own_deliverables,
        "deliverable_form": forms.get("deliverable") or cf.DeliverableForm(),
        "moments": collaboration_moments(collaboration=collaboration),
        "moment_form": forms.get("moment") or cf.MomentForm(deliverables=own_deliverables),
        "statuses": DeliverableStatus,
        "offer_proposed": OfferStatus.PROPOSED,
        "now": now,
    }


def _render(request, collaboration, *, section=None, forms=None, status=200) -> HttpResponse:
    context = _context(request, collaboration, forms or {})
    template = f"{PAGE}#{section}" if request.htmx and section else PAGE
    return render(request, template, context, status=status)


def _done(request: HttpRequest, collaboration: Collaboration, section: str) -> HttpResponse:
    """After a write: htmx gets the section redrawn, a plain post goes back to the page there."""
    if request.htmx:
        response = _render(request, collaboration, section=section)
        # What was recorded may have moved the collaboration on the board (an accepted offer, a
        # draft, a publication, the last payment): the stage at the top follows, out of band.
        collaboration.refresh_from_db(fields=["stage"])
        stage = render_to_string(
            f"{PAGE}#stage",
            {"collaboration": collaboration, "stage_out_of_band": True},
            request=request,
        )
        response.write(stage)
        return response
    url = reverse("campaigns:collaboration", args=[request.workspace.slug, collaboration.public_id])
    return redirect(f"{url}#{section}")


def _refused(request, collaboration, section: str, forms: dict) -> HttpResponse:
    return _render(request, collaboration, section=section, forms=forms, status=400)


def _submit(
    request: HttpRequest,
    collaboration: Collaboration,
    form,
    *,
    section: str,
    write: Callable[[dict], object],
    forms: dict,
) -> HttpResponse:
    """The shape of every form post here: validate, `write(cleaned_data)` through a service,
    then the section redrawn; a refusal shows `forms` again with the service's message on the
    field it names, so nothing typed is lost."""
    if form.is_valid():
        try:
            write(form.cleaned_data)
            return _done(request, collaboration, section)
        except RuleError as error:
            form_rule_error(form, error)
            # The row in memory may carry what was refused; show what is stored.
            collaboration.refresh_from_db()
    return _refused(request, collaboration, section, forms)


def _service_post(
    request: HttpRequest,
    public_id,
    form_class,
    *,
    section: str,
    form_name: str,
    service: Callable,
    fields: tuple[str, ...],
) -> HttpResponse:
    """A form whose `fields` go to `service` as they are, for the collaboration, by this
    person, now (see _submit)."""
    collaboration = _collaboration_to_change(request, public_id)
    form = form_class(request.POST)

    def write(data: dict) -> None:
        service(
            collaboration=collaboration,
            actor=request.user,
            now=timezone.now(),
            **{name: data[name] for name in fields},
        )

    forms = {form_name: form}
    return _submit(request, collaboration, form, section=section, write=write, forms=forms)


# --- the page ------------------------------------------------------------------------------------


@require_safe
@workspace_view()
def collaboration_page(request: HttpRequest, public_id) -> HttpResponse:
    collaboration = collaboration_get(workspace=request.workspace, public_id=public_id)
    # htmx may ask for one section again (e.g. after another tab changed it).
    section = request.GET.get("section")
    return _render(request, collaboration, section=section if section in SECTIONS else None)


# --- offers --------------------------------------------------------------------------------------


@require_POST
@workspace_view()
def offer_propose(request: HttpRequest, public_id) -> HttpResponse:
    collaboration = _collaboration_to_change(request, public_id)
    form = cf.OfferForm(request.POST)

    def write(data: dict) -> None:
        offer_create(
            collaboration=collaboration,
            actor=request.user,
            fee=data["fee"],
            currency=data["currency"],
            product=data["product"],
            product_value=data["product_value"],
            affiliate_percent=data["affiliate_percent"],
            cross_promotion=data["cross_promotion"],
            other_value=data["other_value"],
            items=form.items(),
            now=timezone.now(),
        )

    return _submit(
        request, collaboration, form, section="offers", write=write, forms={"offer": form}
    )


@require_POST
@workspace_view()
def offer_answer(request: HttpRequest, public_id, offer_id) -> HttpResponse:
    collaboration = _collaboration_to_change(request, public_id)
    offer = collaboration_offer_get(collaboration=collaboration, public_id=offer_id)
    decision = request.POST.get("decision")
    if decision not in ("accept", "decline"):
        error = "Say whether they accepted or declined the offer."
        return _refused(request, collaboration, "offers", {"offer_error": error})
    try:
        offer_decide(
            offer=offer, accepted=decision == "accept", actor=request.user, now=timezone.now()
        )
    except RuleError as error:
        return _refused(request, collaboration, "offers", {"offer_error": error.message})
    return _done(request, collaboration, "offers")


# --- contract ------------------------------------------------------------------------------------


@require_POST
@workspace_view()
def contract_save(request: HttpRequest, public_id) -> HttpResponse:
    collaboration = _collaboration_to_change(request, public_id)
    form = cf.ContractForm(request.POST, request.FILES)

    def write(data: dict) -> None:
        delivery.contract_update(
            collaboration=collaboration,
            actor=request.user,
            status=data["status"],
            signed_on=data["signed_on"],
            file=data["file"] or None,
            zone=request.user.zone,
            now=timezone.now(),
        )

    return _submit(
        request, collaboration, form, section="contract", write=write, forms={"contract": form}
    )


@require_safe
@workspace_view()
def contract_download(request: HttpRequest, public_id) -> HttpResponse:
    """The signed paper, for anyone in the workspace; always downloaded, never shown inline,
    never kept by a shared cache."""
    collaboration = collaboration_get(workspace=request.workspace, public_id=public_id)
    if not collaboration.contract_file:
        raise Http404("No contract file.")
    name = collaboration.contract_file_name or collaboration.contract_file.name.rsplit("/")[-1]
    content_type = (
        "application/pdf"
        if name.lower().endswith(".pdf")
        else "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    return private_file_response(collaboration.contract_file, name=name, content_type=content_type)


# --- payments ------------------------------------------------------------------------------------


@require_POST
@workspace_view()
def payment_add(request: HttpRequest, public_id) -> HttpResponse:
    return _service_post(
        request,
        public_id,
        cf.PaymentForm,
        section="payments",
        form_name="payment",
        service=delivery.payment_schedule,
        fields=("amount", "currency", "due_on", "note"),
    )


@require_POST
@workspace_view()
def payment_paid(request: HttpRequest, public_id, payment_id) -> HttpResponse:
    collaboration = _collaboration_to_change(request, public_id)
    payment = collaboration_payment_get(collaboration=collaboration, public_id=payment_id)
    form = cf.PaidForm(request.POST)
    now = timezone.now()

    def write(data: dict) -> None:
        paid_at = _day_moment(request, data["paid_on"], now)
        delivery.payment_mark_paid(payment=payment, actor=request.user, paid_at=paid_at, now=now)

    forms = {"paid": form, "paid_payment": payment.pk}
    return _submit(request, collaboration, form, section="payments", write=write, forms=forms)


# --- product seeding -----------------------------------------------------------------------------


@require_POST
@workspace_view()
def shipment_edit(request: HttpRequest, public_id) -> HttpResponse:
    return _service_post(
        request,
        public_id,
        cf.ShipmentForm,
        section="shipment",
        form_name="shipment",
        service=delivery.shipment_save,
        fields=("items", "value", "currency", "address", "carrier", "tracking"),
    )


@require_POST
@workspace_view()
def shipment_progress(request: HttpRequest, public_id, step: str) -> HttpResponse:
    """Shipped or delivered, as of now."""
    collaboration = _collaboration_to_change(request, public_id)
    shipment = _shipment(collaboration)
    if shipment is None or step not in ("shipped", "delivered"):
        raise Http404("No shipment.")
    now = timezone.now()
    try:
        if step == "shipped":
            delivery.shipment_mark_shipped(
                shipment=shipment, shipped_at=now, actor=request.user, now=now
            )
        else:
            delivery.shipment_mark_delivered(
                shipment=shipment, delivered_at=now, actor=request.user, now=now
            )
    except RuleError as error:
        return _refused(request, collaboration, "shipment", {"shipment_error": error.message})
    return _done(request, collaboration, "shipment")


# --- deliverables, results and moments -----------------------------------------------------------


def _deliverable_get(collaboration: Collaboration, deliverable_id) -> Deliverable:
    return collaboration_deliverable_get(collaboration=collaboration, public_id=deliverable_id)


@require_POST
@workspace_view()
def deliverable_new(request: HttpRequest, public_id) -> HttpResponse:
    return _service_post(
        request,
        public_id,
        cf.DeliverableForm,
        section="deliverables",
        form_name="deliverable",
        service=deliverables.deliverable_add,
        fields=("kind", "title", "due_on"),
    )


REVIEW_FORMS = {
    "draft": cf.DraftForm,
    "changes": cf.ChangesForm,
    "approve": cf.ApproveForm,
    "publish": cf.PublishForm,
}


def _review(request: HttpRequest, action: str, deliverable: Deliverable, data: dict, now):
    if action == "draft":
        deliverables.deliverable_submit_draft(
            deliverable=deliverable, draft_url=data["draft_url"], actor=request.user, now=now
        )
    elif action == "changes":
        deliverables.deliverable_request_changes(
            deliverable=deliverable, comment=data["comment"], actor=request.user, now=now
        )
    elif action == "approve":
        deliverables.deliverable_approve(
            deliverable=deliverable, comment=data["comment"], actor=request.user, now=now
        )
    else:
        deliverables.deliverable_publish(
            deliverable=deliverable,
            published_url=data["published_url"],
            published_at=data["published_at"],
            actor=request.user,
            now=now,
        )


@require_POST
@workspace_view()
def deliverable_review(request: HttpRequest, public_id, deliverable_id, action) -> HttpResponse:
    """Submit a draft, request changes, approve or publish: the service says which may follow
    the deliverable's status."""
    collaboration = _collaboration_to_change(request, public_id)
    deliverable = _deliverable_get(collaboration, deliverable_id)
    if action not in REVIEW_FORMS:
        raise Http404("No such review step.")
    form = REVIEW_FORMS[action](request.POST, auto_id=_auto_id(deliverable, action))

    def write(data: dict) -> None:
        _review(request, action, deliverable, data, timezone.now())

    forms = {"deliverable_forms": {deliverable.pk: {action: form}}}
    return _submit(request, collaboration, form, section="deliverables", write=write, forms=forms)


@require_POST
@workspace_view()
def deliverable_results(request: HttpRequest, public_id, deliverable_id) -> HttpResponse:
    collaboration = _collaboration_to_change(request, public_id)
    deliverable = _deliverable_get(collaboration, deliverable_id)
    form = cf.ResultsForm(request.POST, auto_id=_auto_id(deliverable))

    def write(data: dict) -> None:
        metrics = {name: data[name] or 0 for name in METRIC_FIELDS}
        deliverables.deliverable_result_save(
            deliverable=deliverable, actor=request.user, now=timezone.now(), **metrics
        )

    forms = {"deliverable_forms": {deliverable.pk: {"results": form}}}
    return _submit(request, collaboration, form, section="deliverables", write=write, forms=forms)


@require_POST
@workspace_view()
def moment_new(request: HttpRequest, public_id) -> HttpResponse:
    collaboration = _collaboration_to_change(request, public_id)
    own_deliverables = collaboration_deliverables(collaboration=collaboration)
    form = cf.MomentForm(request.POST, deliverables=own_deliverables)

    def write(data: dict) -> None:
        chosen = data["deliverable"]
        deliverables.moment_add(
            collaboration=collaboration,
            text=data["text"],
            deliverable=next((d for d in own_deliverables if str(d.public_id) == chosen), None),
            actor=request.user,
            now=timezone.now(),
        )

    forms = {"moment": form}
    return _submit(request, collaboration, form, section="deliverables", write=write, forms=forms)

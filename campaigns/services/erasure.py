"""What campaigns hold about a person, counted and erased for contacts.services.erasure (registered
in CampaignsConfig.ready; the writes of an erasure, so in campaigns/services/). Collaborations,
offers, deliverables and payments stay (a campaign's counts and spend are the team's own record) but
lose every word and file about the person: notes, usage rights, contract files, shipping addresses,
links, moments."""

from campaigns.models import Collaboration, Deliverable, Moment, Offer, Payment, Shipment
from contacts.services import Eraser, Held, Traces
from irm.outbox import files_delete_on_commit


def _collaborations(traces: Traces):
    return Collaboration.objects.filter(influencer=traces.influencer)


def inventory(traces: Traces) -> list[Held]:
    collaborations = _collaborations(traces)
    return [
        Held(
            collaborations.count(),
            "campaign collaboration (its notes and files)",
            "campaign collaborations (their notes and files)",
        ),
        Held(
            Payment.objects.filter(collaboration__in=collaborations).exclude(note="").count(),
            "payment note",
            "payment notes",
        ),
    ]


def erase(*, traces: Traces, now) -> None:
    collaborations = _collaborations(traces)
    files_delete_on_commit(collaborations.values_list("contract_file", flat=True))
    collaborations.update(
        contract_file="", contract_file_name="", usage_rights="", story_notes="", updated_at=now
    )
    Offer.objects.filter(collaboration__in=collaborations).update(
        product="", cross_promotion="", other_value=""
    )
    Shipment.objects.filter(collaboration__in=collaborations).update(
        items="", address="", carrier="", tracking=""
    )
    Deliverable.objects.filter(collaboration__in=collaborations).update(
        title="", draft_url="", published_url="", review_comment=""
    )
    Moment.objects.filter(collaboration__in=collaborations).delete()
    Payment.objects.filter(collaboration__in=collaborations).update(note="")


ERASER = Eraser(name="campaigns", inventory=inventory, erase=erase)

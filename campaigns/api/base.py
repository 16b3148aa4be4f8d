"""The base of the campaigns REST API (under /api/v1/w/<slug>/, URL namespace
"api:campaigns-api"; paths in campaigns/api_urls.py).

Every view builds on irm.api.WorkspaceScopedMixin (401, then 404 for outsiders and other
workspaces' objects, then 403 for a role too low, then input): viewers read, members and up
write. Writes call the same services as the pages, so an invitation goes through the contact
guard here too; a service's refusal (RuleError) answers 400 with its message under its
field. The endpoints, one module per domain: campaigns.py (brands, campaigns, the report),
collaborations.py (the board, offers), deliverables.py (deliverables, payments), rates.py
(exchange rates); serializers.py holds their input and output shapes.
"""

from django.db.models import QuerySet
from rest_framework import generics
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request

from campaigns.api.serializers import CampaignInputSerializer
from campaigns.models import (
    Brand,
    Campaign,
    Collaboration,
    Deliverable,
    Offer,
    Payment,
)
from campaigns.selectors.campaigns import (
    brand_find,
    brands_of,
    campaign_of,
    campaigns_of,
    member_find,
    row_get,
    team_find,
)
from campaigns.selectors.collaborations import collaborations_of, influencer_find
from campaigns.selectors.deliverables import deliverables_of, payments_of
from campaigns.selectors.offers import offers_of
from contacts.models import Influencer
from irm.access import SAFE_METHODS, require_campaign_edit
from irm.api import WorkspaceAPIView
from irm.models import Team, User

READ_ERRORS = (401, 404, 429)
WRITE_ERRORS = (400, 401, 403, 404, 429)
BRAND_TAGS = ["brands"]
CAMPAIGN_TAGS = ["campaigns"]
COLLABORATION_TAGS = ["collaborations"]
OFFER_TAGS = ["offers"]
DELIVERABLE_TAGS = ["deliverables"]
PAYMENT_TAGS = ["payments"]
EXCHANGE_RATE_TAGS = ["exchange rates"]


def schema_only(view) -> bool:
    """drf-spectacular builds the schema from views without a request's workspace."""
    return getattr(view, "swagger_fake_view", False)


# --- the base ----------------------------------------------------------------------------------


class CampaignsView(WorkspaceAPIView):
    """An endpoint of one workspace; see irm.api.WorkspaceScopedMixin.

    `names` says what the URL's `public_id` is ("campaign", "collaboration", "offer",
    "deliverable" or "payment"): a write to it changes that campaign, so it is checked against
    whose campaign it is (irm/access.py) right after the role, before any input."""

    names: str = ""

    def initial(self, request: Request, *args, **kwargs) -> None:
        super().initial(request, *args, **kwargs)
        if self.names and request.method not in SAFE_METHODS:
            require_campaign_edit(
                membership=self.membership,
                campaign=self.campaign_named(kwargs["public_id"]),
                path=request.path,
            )

    def campaign_named(self, public_id) -> Campaign:
        """The campaign the URL's object belongs to (404 when there is no such object)."""
        if self.names == "campaign":
            return self.campaign(public_id)
        return campaign_of(workspace=self.workspace, names=self.names, public_id=public_id)

    # The objects named in a URL: another workspace's is a 404.
    def brand(self, public_id) -> Brand:
        return row_get(brands_of(workspace=self.workspace), public_id, "brand")

    def campaign(self, public_id) -> Campaign:
        return row_get(campaigns_of(workspace=self.workspace), public_id, "campaign")

    def collaboration(self, public_id) -> Collaboration:
        return row_get(collaborations_of(workspace=self.workspace), public_id, "collaboration")

    def offer(self, public_id) -> Offer:
        return row_get(offers_of(workspace=self.workspace), public_id, "offer")

    def deliverable(self, public_id) -> Deliverable:
        return row_get(deliverables_of(workspace=self.workspace), public_id, "deliverable")

    def payment(self, public_id) -> Payment:
        return row_get(payments_of(workspace=self.workspace), public_id, "payment")

    # The objects named in the input: another workspace's is a 400 on that field.
    def input_brand(self, public_id) -> Brand:
        found = brand_find(workspace=self.workspace, public_id=public_id)
        if found is None:
            raise ValidationError({"brand": ["No such brand in this workspace."]})
        return found

    def input_member(self, public_id, *, field: str) -> User | None:
        if public_id is None:
            return None
        found = member_find(workspace=self.workspace, public_id=public_id)
        if found is None:
            raise ValidationError({field: ["No such member of this workspace."]})
        return found

    def input_team(self, public_id) -> Team | None:
        if public_id is None:
            return None
        found = team_find(workspace=self.workspace, public_id=public_id)
        if found is None:
            raise ValidationError({"team": ["No such team in this workspace."]})
        return found

    def campaign_input(self, *, partial: bool, serializer=CampaignInputSerializer) -> dict:
        """A campaign's input, with the brand, owner and team it names found in this
        workspace."""
        data = self.input(serializer, partial=partial)
        if "brand" in data:
            data["brand"] = self.input_brand(data["brand"])
        if "owner" in data:
            data["owner"] = self.input_member(data["owner"], field="owner")
        if "team" in data:
            data["team"] = self.input_team(data["team"])
        return data

    def input_influencer(self, public_id) -> Influencer:
        found = influencer_find(workspace=self.workspace, public_id=public_id, erased=False)
        if found is None:
            raise ValidationError({"influencer": ["No such influencer in this workspace."]})
        return found


class CampaignsListView(CampaignsView, generics.ListAPIView):
    """A paginated list; the base's objects stay available to the subclasses."""

    def collaboration_rows(self, model, rows_of) -> QuerySet:
        """The rows `rows_of(workspace=, collaboration=)` reads for the collaboration the URL
        names (none while drf-spectacular builds the schema)."""
        if schema_only(self):
            return model.objects.none()
        collaboration = self.collaboration(self.kwargs["public_id"])
        return rows_of(workspace=self.workspace, collaboration=collaboration)

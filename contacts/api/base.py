"""The contacts API's base: workspace-scoped views, the influencer an endpoint hangs from, and
rule errors under the field names a client sent."""

from contextlib import contextmanager

from rest_framework.request import Request

from contacts.models import Influencer
from contacts.selectors.influencers import influencer_get
from irm.access import SAFE_METHODS, require_influencer_edit
from irm.api import WorkspaceAPIView
from irm.errors import RuleError

READ_ERRORS = (401, 404, 429)
WRITE_ERRORS = (400, 401, 403, 404, 429)


def schema_only(view) -> bool:
    """drf-spectacular builds the schema from views without a request's workspace."""
    return getattr(view, "swagger_fake_view", False)


@contextmanager
def fields_as_sent(names: dict[str, str]):
    """A service's rule error, under the name the client used for the field."""
    try:
        yield
    except RuleError as error:
        if error.field in names:
            raise RuleError(error.message, field=names[error.field]) from None
        raise


class ContactsView(WorkspaceAPIView):
    """An endpoint of one workspace; see irm.api.WorkspaceScopedMixin."""


class InfluencerChildView(ContactsView):
    """An endpoint under influencers/<public_id>/: the influencer of this workspace, or 404
    (after the role check, as on the pages). A write changes their profile, so it is also
    checked against whose profile it is (irm/access.py), before any input, unless the
    endpoint says otherwise (the timeline: anyone who writes may log)."""

    influencer: Influencer | None = None
    changes_profile: bool = True

    def initial(self, request: Request, *args, **kwargs) -> None:
        super().initial(request, *args, **kwargs)
        self.influencer = influencer_get(workspace=self.workspace, public_id=kwargs["public_id"])
        if self.changes_profile and request.method not in SAFE_METHODS:
            require_influencer_edit(
                membership=self.membership, influencer=self.influencer, path=request.path
            )

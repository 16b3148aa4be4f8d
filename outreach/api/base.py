"""What every outreach endpoint builds on (outreach.api.base): the workspace-scoped views
(OutreachView, OneObjectView), a service's RuleError as a 400 (rule_errors), a refused send with
the guard's verdict (refused), and the error lists the schema names. Used by outreach.api.pitches,
.templates and .policy, and by the inbox and reminders APIs."""

from contextlib import contextmanager

from django.utils import timezone
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.settings import api_settings

from irm.api import (
    WorkspaceAPIView,
)
from irm.errors import RuleError
from outreach.guard import GuardRefused

READ_ERRORS = (401, 404, 429)


WRITE_ERRORS = (400, 401, 403, 404, 429)


def schema_only(view) -> bool:
    """drf-spectacular builds the schema from views without a request's workspace."""
    return getattr(view, "swagger_fake_view", False)


@contextmanager
def rule_errors(**fields: str):
    """A service's rule error as a 400 with its message under the input the client sent, where
    that input is named otherwise than the service's field (e.g. snooze's `choice` is `for`);
    any other rule error answers through irm.api_policies.api_exception_handler."""
    try:
        yield
    except RuleError as error:
        field = fields.get(error.field or "", error.field) or api_settings.NON_FIELD_ERRORS_KEY
        raise ValidationError({field: [error.message]}) from None


def refused(error: RuleError) -> Response:
    """400 for a pitch that may not go: the guard's sentences, and its verdict when it spoke."""
    field = error.field or api_settings.NON_FIELD_ERRORS_KEY
    verdict = error.verdict.as_dict() if isinstance(error, GuardRefused) else None
    body = {"detail": error.message, "errors": {field: [error.message]}, "verdict": verdict}
    return Response(body, status=status.HTTP_400_BAD_REQUEST)


class OutreachView(WorkspaceAPIView):
    """An endpoint of one workspace; see irm.api.WorkspaceScopedMixin."""


class OneObjectView(OutreachView):
    """An endpoint of one object of the workspace (a pitch, a reminder, an inbound message).
    A subclass says how the object is found (`target`: 404 for another workspace's, 403 for
    whoever may not act on it), how it is answered (`target_output`), what its services call it
    (`target_name`) and which of their errors are refusals (`refusals`)."""

    target_name = ""
    refusals = staticmethod(rule_errors)

    def target(self, public_id):
        raise NotImplementedError

    def target_output(self, target, *, code: int = status.HTTP_200_OK) -> Response:
        raise NotImplementedError

    def act(self, public_id, service) -> Response:
        """The actions without input (done, dismiss, discard, restore): the object found, then
        the service run on it by this person now, then the object as it is afterwards; a
        refusal is a 400 with its message."""
        target = self.target(public_id)
        with self.refusals():
            target = service(
                **{self.target_name: target}, actor=self.request.user, now=timezone.now()
            )
        return self.target_output(target)

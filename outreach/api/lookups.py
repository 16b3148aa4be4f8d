"""Objects a request's input names, found for the inbox and reminders endpoints
(outreach/api/inbox.py, outreach/api/reminders.py): another workspace's is a 400 on its field."""

from django.http import Http404
from rest_framework.exceptions import ValidationError

from contacts import selectors as contacts_selectors
from contacts.models import Influencer


class InfluencerInput:
    """For a workspace view whose input names an influencer (`influencer`: their public id)."""

    def influencer(self, public_id) -> Influencer:
        try:
            return contacts_selectors.influencer_get(workspace=self.workspace, public_id=public_id)
        except Http404:
            message = "No such influencer in this workspace."
            raise ValidationError({"influencer": [message]}) from None

"""The inbound webhook, under /api/v1/inbound/ (namespace "api:inbound"). The view is
outreach/api/inbound_webhook.py. It is not inside a workspace's URLs: each message finds its
workspace by the address it was sent to."""

from django.urls import path

from outreach.api.inbound_webhook import InboundEmailView

app_name = "inbound"

urlpatterns = [path("email/", InboundEmailView.as_view(), name="email")]

"""The campaigns app's configuration: on ready, it wires campaigns into what other apps ask of
it (contacts' merge and erasure, the per-person export, outreach's admitted pitches)."""

from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "campaigns"

    def ready(self) -> None:
        # Wiring only: contacts' merge asks registered resolvers how collaborations combine,
        # outreach says when a pitch (perhaps an invitation) is admitted, contacts' erasure
        # asks what campaigns hold about a person, and the per-person export reads campaigns'
        # sections.
        from campaigns import receivers  # noqa: F401
        from campaigns.selectors import privacy  # noqa: F401
        from campaigns.services import merge  # noqa: F401
        from campaigns.services.erasure import ERASER
        from contacts.services import eraser_register

        eraser_register(ERASER)

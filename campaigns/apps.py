from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "campaigns"

    def ready(self) -> None:
        # Wiring only: contacts' merge asks registered resolvers how collaborations combine,
        # outreach says when a pitch (perhaps an invitation) is admitted, contacts' erasure
        # asks what campaigns hold about a person, and the per-person export reads campaigns'
        # sections.
        from campaigns import merge, privacy, receivers  # noqa: F401
        from campaigns.erasure import ERASER
        from contacts.services import eraser_register

        eraser_register(ERASER)

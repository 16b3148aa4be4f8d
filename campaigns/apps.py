from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "campaigns"

    def ready(self) -> None:
        # Wiring only: contacts' merge asks registered resolvers how collaborations combine,
        # and outreach says when a pitch (perhaps an invitation) is admitted; the per-person
        # export reads campaigns' sections.
        from campaigns import merge, privacy, receivers  # noqa: F401

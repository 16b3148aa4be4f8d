from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "campaigns"

    def ready(self) -> None:
        # Wiring only: contacts' merge asks registered resolvers how collaborations combine,
        # and outreach says when a pitch (perhaps an invitation) is admitted.
        from campaigns import merge, receivers  # noqa: F401

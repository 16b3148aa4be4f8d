from django.apps import AppConfig


class OutreachConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "outreach"

    def ready(self) -> None:
        # Wiring only: contacts asks registered assessors about contacts logged by hand.
        from contacts.respect import assessor_register
        from outreach.respect import assess

        assessor_register(assess)

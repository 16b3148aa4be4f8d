"""outreach's app config: at start it registers with contacts what outreach answers for (the
respect assessor, the keep-in-touch listener, its eraser, its sections of the person export)."""

from django.apps import AppConfig


class OutreachConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "outreach"

    def ready(self) -> None:
        # Wiring only: contacts asks registered assessors about contacts logged by hand, and
        # tells listeners when someone's last two-way contact moved (keep-in-touch follows),
        # asks outreach's eraser what it holds about a person being erased; the privacy module
        # adds the per-person export's outreach sections and the retention sweep's purgers.
        from contacts.respect import assessor_register
        from contacts.services import eraser_register, two_way_listener_register
        from outreach import privacy  # noqa: F401
        from outreach.erasure import ERASER
        from outreach.respect import assess
        from outreach.services.keep_in_touch import keep_in_touch_follow

        assessor_register(assess)
        two_way_listener_register(keep_in_touch_follow)
        eraser_register(ERASER)

from django.apps import AppConfig


class IrmConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "irm"
    verbose_name = "Rapport core"

    def ready(self) -> None:
        from irm import (
            signals,  # noqa: F401  (connects the sign-in audit receivers)
            tasks,  # noqa: F401  (registers the tasks irm.outbox queues by name)
        )
        from irm.api_policies import text_fields_take_text_only

        text_fields_take_text_only()

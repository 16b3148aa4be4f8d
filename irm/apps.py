"""irm's app config: at start it connects the sign-in audit receivers, makes DRF's text fields
take text only, and registers every app's Celery tasks."""

from importlib import import_module
from importlib.util import find_spec

from django.apps import AppConfig, apps


class IrmConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "irm"
    verbose_name = "Rapport core"

    def ready(self) -> None:
        from irm import signals  # noqa: F401  (connects the sign-in audit receivers)
        from irm.api_policies import text_fields_take_text_only

        text_fields_take_text_only()
        _tasks_register()


def _tasks_register() -> None:
    """Import every app's tasks module in every process (web, shell, commands, workers), as a
    worker's autodiscovery does, so a service queues a task by its name (irm.celery.task_queue)
    and no service imports a tasks module back."""
    for config in apps.get_app_configs():
        if find_spec(f"{config.name}.tasks") is not None:
            import_module(f"{config.name}.tasks")

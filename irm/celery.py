"""The Celery app. Workers and beat load Django settings (CELERY_* keys) from here."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "irm.settings.dev")

app = Celery("rapport")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def task_queue(name: str, *args, countdown: float | None = None) -> None:
    """Queue a task by its registered name. Services queue their app's tasks this way, so each
    tasks module imports the services it wraps and no service imports a tasks module back.
    Every process registers every task at start (irm.apps.IrmConfig.ready)."""
    app.tasks[name].apply_async(args=args, countdown=countdown)

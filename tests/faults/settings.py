"""Settings for the processes a fault test starts (web client, workers, beats): the test
suite's, with email through the test's own SMTP server and the sweeps every second, so a fault
is recovered from in seconds rather than minutes. The product's code is the same."""

from irm.env import env_int
from irm.settings.test import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "127.0.0.1"
EMAIL_PORT = env_int("FAULTS_SMTP_PORT", 25)
EMAIL_TIMEOUT = 5
DEFAULT_FROM_EMAIL = "Rapport <rapport@faults.test>"

CELERY_BEAT_SCHEDULE = {
    "irm.heartbeat": {"task": "irm.tasks.heartbeat", "schedule": 2.0},
    "irm.outbox-sweep": {"task": "irm.tasks.outbox_sweep", "schedule": 1.0},
    "outreach.fire-due-reminders": {
        "task": "outreach.tasks.fire_due_reminders",
        "schedule": 1.0,
    },
}

# The scenario's requests come through Django's test client.
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]

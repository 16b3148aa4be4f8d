"""Development: `make run` and `manage.py` on a laptop. Binds to 127.0.0.1 only."""

from irm.env import env_bool, env_str

from .base import *  # noqa: F403

DEBUG = env_bool("DEBUG", True)
# Mail "sends" to the console; every email stays readable on the staff outbox page (/outbox/),
# which shows the row itself. Set EMAIL_BACKEND to Django's SMTP backend to really send.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# The inbound webhook's shared secret on a laptop (production sets its own).
INBOUND_EMAIL_SECRET = env_str("INBOUND_EMAIL_SECRET", "rapport-dev-inbound-secret")

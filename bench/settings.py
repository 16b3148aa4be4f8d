"""The production settings as the bench serves them: DEBUG off, gunicorn, the same middleware,
over plain HTTP on 127.0.0.1 (no TLS proxy in front, so no HTTPS redirect or secure-only
cookies), plus what only the bench needs: its URLconf with the peer API, a middleware that
records one request's SQL when asked, and API throttles the load run cannot reach."""

import os

# Production insists on these from the environment; the bench serves 127.0.0.1 only.
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-" + "x" * 40)
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("API_THROTTLE_USER", "1000000/min")
os.environ.setdefault("API_THROTTLE_ANON", "1000000/min")
# Outgoing mail stays in the outbox table: nothing leaves the machine.
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")

from irm.settings.production import *  # noqa: F403
from irm.settings.production import MIDDLEWARE, STORAGES

SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
# No collectstatic step in the bench: whitenoise serves the files without a manifest.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
ROOT_URLCONF = "bench.urls"
# First, so the SQL of everything after it (sessions, auth, the view) is recorded.
MIDDLEWARE = ["bench.middleware.QueryCaptureMiddleware", *MIDDLEWARE]

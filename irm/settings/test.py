"""The test suite: the same services as development, with a Redis database of its own."""

import os
import uuid

from irm.env import env_int, env_str, redis_url_with_db

from .base import *  # noqa: F403
from .base import BASE_DIR, REDIS_URL

# A running `make run` shares the Redis server when REDIS_URL is set; tests keep to their own
# logical database so neither takes the other's tasks or cache keys.
REDIS_URL = redis_url_with_db(REDIS_URL, env_int("REDIS_TEST_DB", 15))
CELERY_BROKER_URL = REDIS_URL
# Each test run has a queue of its own: the worker processes it starts inherit the name through
# the environment, and a second run sharing the Redis database (another checkout, CI beside a
# laptop run) never takes its tasks.
os.environ.setdefault("RAPPORT_TEST_QUEUE", f"rapport-tests-{uuid.uuid4().hex[:12]}")
CELERY_TASK_DEFAULT_QUEUE = os.environ["RAPPORT_TEST_QUEUE"]
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "rapport-test",
    }
}

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# No collectstatic before tests: WhiteNoise serves from the app and project folders directly.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# Uploads made by tests stay out of the project's media folder.
# (A worker process started by a test is told its folder through MEDIA_ROOT.)
MEDIA_ROOT = env_str("MEDIA_ROOT", str(BASE_DIR / ".data" / "test-media"))
# The inbound webhook's shared secret in tests.
INBOUND_EMAIL_SECRET = "test-inbound-secret"

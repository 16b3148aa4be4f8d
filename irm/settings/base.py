"""Settings shared by every environment. Values come from the environment (see README)."""

from datetime import timedelta

import dj_database_url
from csp.constants import NONCE, NONE, SELF

from irm.env import (
    BASE_DIR,
    env_bool,
    env_int,
    env_list,
    env_str,
    service_url,
)

SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-change-me-for-any-real-deployment")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    # Django's form templates, for FORM_RENDERER below.
    "django.forms",
    "template_partials",
    "django_htmx",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "axes",
    "csp",
    "irm",
    "contacts",
    "outreach",
    "campaigns",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "irm.middleware.NoStoreForSignedInMiddleware",
    "irm.middleware.UserTimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "irm.middleware.NulByteMiddleware",
    "irm.middleware.NotFoundPageMiddleware",
    "irm.middleware.ApiErrorMiddleware",
    # Last, as django-axes asks: it turns a sign-in refused during a lockout into its page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "irm.urls"
WSGI_APPLICATION = "irm.wsgi.application"
ASGI_APPLICATION = "irm.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "irm.navigation.nav_section",
            ],
        },
    },
]

# Forms are drawn by the project's template engine, so templates/django/forms/ can replace a
# widget's template with one drawing the same markup faster (a select's options inline).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# Without DATABASE_URL, the embedded PostgreSQL started by `make run` (see irm/supervisor.py).
DATABASES = {
    "default": dj_database_url.parse(
        service_url("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/rapport"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = service_url("REDIS_URL", "redis://127.0.0.1:6379/0")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "rapport",
    }
}

AUTH_USER_MODEL = "irm.User"
# django-axes first: it refuses any password sign-in (pages, admin) during a lockout before the
# password is checked. The API's tokens are not passwords and do not pass here.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "irm:login"
LOGIN_REDIRECT_URL = "irm:home"
LOGOUT_REDIRECT_URL = "irm:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sign-in lockout (django-axes): after SIGN_IN_FAILURE_LIMIT failures for one account, or from
# one address, sign-in is refused for SIGN_IN_LOCKOUT_MINUTES; each attempt during a lockout
# starts the cool-off again. Failures are audited with the address and user agent
# (irm/signals.py); addresses are read as irm.security.client_address reads them.
AXES_ENABLED = True
AXES_FAILURE_LIMIT = env_int("SIGN_IN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("SIGN_IN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_CALLABLE = "irm.security.axes_account"
AXES_CLIENT_IP_CALLABLE = "irm.security.axes_client_address"
AXES_LOCKOUT_CALLABLE = "irm.views.account.sign_in_locked_out"
# Successful sign-ins are in the audit log already; axes keeps only the failures it counts.
AXES_DISABLE_ACCESS_LOG = True
# Password reset requests: counted per account (the address typed) and per client address;
# past either rate the page answers as usual but sends nothing (irm/security.py).
PASSWORD_RESET_RATE_PER_ACCOUNT = env_str("PASSWORD_RESET_RATE_PER_ACCOUNT", "3/hour")
PASSWORD_RESET_RATE_PER_ADDRESS = env_str("PASSWORD_RESET_RATE_PER_ADDRESS", "10/hour")
# Wrong inbound webhook secrets per address; past it the webhook answers 429 until the window
# closes, right secret or not.
INBOUND_EMAIL_SECRET_FAILURE_RATE = env_str("INBOUND_EMAIL_SECRET_FAILURE_RATE", "10/min")

# Content Security Policy (django-csp): scripts and styles only from Rapport itself, or inline
# with the request's nonce; no inline handlers (behaviour lives in static/js/). htmx is told not
# to eval or inject styles (base.html's htmx-config).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env_str("MEDIA_ROOT", str(BASE_DIR / "media"))

# Email leaves through SMTP configured here (production) or the console (development).
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Rapport <rapport@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Each workspace gets <slug>@INBOUND_EMAIL_DOMAIN as its reply-to address for inbound mail.
INBOUND_EMAIL_DOMAIN = env_str("INBOUND_EMAIL_DOMAIN", "inbound.rapport.localhost")
# The shared secret a mail provider sends with raw messages to the inbound webhook (empty: off).
INBOUND_EMAIL_SECRET = env_str("INBOUND_EMAIL_SECRET")
# Larger inbound messages are refused; attachments are kept only up to this size.
INBOUND_EMAIL_MAX_BYTES = env_int("INBOUND_EMAIL_MAX_BYTES", 25 * 1024 * 1024)
INBOUND_ATTACHMENT_MAX_BYTES = env_int("INBOUND_ATTACHMENT_MAX_BYTES", 5 * 1024 * 1024)
# Absolute links in emails (invitations, password resets) start with this.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# The right-hand side of the Message-IDs the outbox makes; empty: DEFAULT_FROM_EMAIL's domain.
EMAIL_MESSAGE_ID_DOMAIN = env_str("EMAIL_MESSAGE_ID_DOMAIN", "")

# Celery: JSON only, bounded tasks, the database scheduler (schedules editable in Django admin).
CELERY_BROKER_URL = REDIS_URL
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
# Every task is safe to run twice (claims with compare-and-set or skip-locked, unique keys), so
# a message is acknowledged after the task ran: a lost worker's task runs again. Short sweeps
# also set reject_on_worker_lost, so a killed worker's message comes back at once rather than
# after Redis's visibility timeout (an hour); imports do not (a file that kills its worker must
# not loop), and the database sweeps find any row a lost task left anyway.
CELERY_TASK_ACKS_LATE = True
# One message at a time per worker process: imports run for minutes and sweeps claim their own
# batches of rows, so prefetching more would only park work behind a busy process.
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TASK_TIME_LIMIT = 300
CELERY_TIMEZONE = "UTC"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Beat copies these into django-celery-beat's tables on start; edit the rows in Django admin.
CELERY_BEAT_SCHEDULE = {
    "irm.heartbeat": {"task": "irm.tasks.heartbeat", "schedule": 30.0},
    # Delivers due email and marks rows stuck in "sending" as unknown (irm/outbox.py).
    "irm.outbox-sweep": {"task": "irm.tasks.outbox_sweep", "schedule": 60.0},
    # Sends scheduled and held pitches whose moment came, re-checking the contact guard.
    "outreach.release-due-pitches": {
        "task": "outreach.tasks.release_due_pitches",
        "schedule": 60.0,
    },
    # Fires due reminders exactly once (outreach/services/reminder_sweep.py); it queues itself again
    # while a full batch suggests more are due.
    "outreach.fire-due-reminders": {
        "task": "outreach.tasks.fire_due_reminders",
        "schedule": 15.0,
    },
    # Plans missing follow-up, keep-in-touch and owed-reply reminders (idempotent planners).
    "outreach.plan-reminders": {"task": "outreach.tasks.plan_reminders", "schedule": 3600.0},
    # Morning digests: the first run at or after 08:00 in each person's own time zone sends
    # theirs, once per local date (outreach/services/digests.py).
    "outreach.send-digests": {"task": "outreach.tasks.send_digests", "schedule": 900.0},
    # Relationship health: the first run of each UTC day snapshots every influencer, in
    # batches (contacts/services/health_sweep.py); events recompute one influencer in between.
    "contacts.health-sweep": {"task": "contacts.tasks.health_sweep", "schedule": 3600.0},
    # Retention: message bodies and timeline texts older than a workspace's retention_months
    # are blanked, facts and dates kept (contacts/services/retention.py).
    "contacts.retention-sweep": {"task": "contacts.tasks.retention_sweep", "schedule": 86400.0},
    # Imports still queued are asked for again: their message may have been lost with Redis.
    "contacts.start-waiting-imports": {
        "task": "contacts.tasks.start_waiting_imports",
        "schedule": 300.0,
    },
}
# /healthz reports the worker as alive while its last heartbeat is younger than this.
WORKER_HEARTBEAT_MAX_AGE_SECONDS = 120

# The REST API (irm/api.py, irm/api_policies.py). JSON in and out; endpoints add other parsers
# (e.g. multipart for uploads) where they need them.
REST_FRAMEWORK = {
    # The token first: a bad token answers 401 even from a browser that has a session, and
    # requests without credentials get `WWW-Authenticate: Bearer` with their 401.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "irm.api_policies.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # JSON refusing deep nesting and null characters with a 400.
    "DEFAULT_PARSER_CLASSES": ["irm.api_policies.JsonParser"],
    # OPTIONS without DRF's per-method field lists (the schema has them).
    "DEFAULT_METADATA_CLASS": "irm.api_policies.ApiMetadata",
    # 50 rows a page, `?page_size=` up to 200.
    "DEFAULT_PAGINATION_CLASS": "irm.api_policies.ApiPagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # Counted in the default cache (Redis), so every web process shares the counts.
    "DEFAULT_THROTTLE_CLASSES": [
        "irm.api_policies.AnonThrottle",
        "irm.api_policies.UserThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("API_THROTTLE_ANON", "60/min"),
        "user": env_str("API_THROTTLE_USER", "1200/min"),
    },
    # Proxies in front of the app: anonymous clients are told apart by the address the last
    # of them saw (X-Forwarded-For); 0 means REMOTE_ADDR.
    "NUM_PROXIES": env_int("API_NUM_PROXIES", 0),
    "EXCEPTION_HANDLER": "irm.api_policies.api_exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
# OpenAPI at /api/schema/, Swagger UI at /api/docs/ with its assets served locally (sidecar).
# The deploy check fails on any schema warning: keep it at zero.
SPECTACULAR_SETTINGS = {
    "TITLE": "Rapport API",
    "DESCRIPTION": (
        "Influencer relationship management for PR teams. Every endpoint is under "
        "`/api/v1/w/{slug}/` for one workspace; authenticate with a personal API token of that "
        "workspace (`Authorization: Bearer ...`). Errors are JSON: `detail`, and for invalid "
        "input (400) `errors` with the messages per field; a server error (500) and a body over "
        "2.5 MB (413) are JSON too. Text never holds a null character and JSON is nested at "
        "most 64 levels (400). Text is trimmed of surrounding white space before its length is "
        "checked. Unknown query parameters are ignored."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Tags and operation ids start after the workspace part (`me_retrieve`, tag `me`).
    "SCHEMA_PATH_PREFIX": r"/api/v1/w/\{slug\}",
    "ENUM_NAME_OVERRIDES": {
        "Role": "irm.models.Role",
        "HealthBand": "contacts.models.HealthBand",
        "CommitmentKind": "contacts.models.CommitmentKind",
    },
    # The enums' own hook, then the errors every endpoint may answer (irm/api.py).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "irm.api.schema_error_answers",
    ],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

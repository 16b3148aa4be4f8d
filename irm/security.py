"""Who is asking, and how often: the client's address and user agent as every limit and the
audit log read them, and the rate limits on sign-in's neighbours (password reset, the inbound
webhook's secret). Sign-in lockout itself is django-axes (settings AXES_*), which reads the
address and the account through `axes_client_address` and `axes_account` below, so a lockout,
a throttle and an audit entry always name the same client.

Counters live in the default cache (Redis), so every web process shares them: a fixed window
per rule and client, keyed by a hash (no address or email is written as a key)."""

import hashlib
import logging
import re
from dataclasses import dataclass
from datetime import datetime

import redis
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone

logger = logging.getLogger(__name__)

# Longer user agents are cut: they are kept for a person to read, not to fingerprint.
USER_AGENT_MAX_LENGTH = 255
THROTTLE_KEY_PREFIX = "throttle"

_PERIODS = {"s": 1, "sec": 1, "second": 1, "m": 60, "min": 60, "minute": 60}
_PERIODS |= {"h": 3600, "hour": 3600, "d": 86400, "day": 86400}


def client_address(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or behind NUM_PROXIES proxies the address the last of
    them saw in X-Forwarded-For (as the API's throttles count it)."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    proxies = settings.REST_FRAMEWORK.get("NUM_PROXIES") or 0
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-min(proxies, len(hops))]
    return remote.strip()


def client_user_agent(request: HttpRequest) -> str:
    return (request.META.get("HTTP_USER_AGENT", "") or "")[:USER_AGENT_MAX_LENGTH]


def normalized_email(value: str) -> str:
    """An email as an account is found by it: the case and surrounding spaces do not count."""
    return (value or "").strip().lower()


# --- django-axes' hooks (settings.AXES_CLIENT_IP_CALLABLE, AXES_USERNAME_CALLABLE) -----------


def axes_client_address(request: HttpRequest) -> str:
    return client_address(request)


def axes_account(request: HttpRequest, credentials: dict | None) -> str:
    """ "ADA@example.test " and "ada@example.test" are one account, so they share one count."""
    typed = (credentials or {}).get("username")
    if typed is None:
        typed = request.POST.get("username", "") if request is not None else ""
    return normalized_email(typed)


# --- rates -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rate:
    limit: int
    seconds: int

    @classmethod
    def parse(cls, text: str) -> "Rate":
        """ "3/hour", "10/min", "5/15min": a count per period."""
        match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d*)\s*([a-z]+)\s*", text or "")
        if not match or match.group(3) not in _PERIODS:
            raise ValueError(f"A rate reads like 3/hour or 10/min, not {text!r}.")
        count = int(match.group(2) or 1)
        return cls(limit=int(match.group(1)), seconds=count * _PERIODS[match.group(3)])


def _window_key(*, rule: str, ident: str, rate: Rate, now: datetime) -> tuple[str, int]:
    window = int(now.timestamp()) // rate.seconds
    digest = hashlib.sha256(f"{rule}:{ident}".encode()).hexdigest()[:32]
    left = (window + 1) * rate.seconds - int(now.timestamp())
    return f"{THROTTLE_KEY_PREFIX}:{rule}:{digest}:{window}", left


def throttle_count(*, rule: str, ident: str, rate: Rate, now: datetime | None = None) -> int:
    """Count one event for this client under this rule; returns the count in the window.

    The counts live in Redis. While it is unreachable nothing is counted (0), as the API's
    throttle does: a sign-in page or a password reset must not fail for want of a counter."""
    key, left = _window_key(rule=rule, ident=ident, rate=rate, now=now or timezone.now())
    try:
        # add() is a no-op when the key exists, so concurrent first events both land on incr().
        cache.add(key, 0, timeout=left + 1)
        try:
            return cache.incr(key)
        except ValueError:  # expired between add() and incr(): this event opens a new window
            cache.set(key, 1, timeout=left + 1)
            return 1
    except redis.RedisError as error:
        logger.warning("Rate limit %s not counted: Redis is unreachable (%s)", rule, error)
        return 0


def throttle_exceeded(*, rule: str, ident: str, rate: Rate, now: datetime | None = None) -> bool:
    """Whether this client already used up the rule's events in this window (counts nothing;
    False while Redis is unreachable, see throttle_count)."""
    key, _ = _window_key(rule=rule, ident=ident, rate=rate, now=now or timezone.now())
    try:
        return (cache.get(key) or 0) >= rate.limit
    except redis.RedisError as error:
        logger.warning("Rate limit %s not read: Redis is unreachable (%s)", rule, error)
        return False


def throttle_seconds_left(*, rate: Rate, now: datetime | None = None) -> int:
    """Seconds until the current window closes (an honest Retry-After)."""
    moment = int((now or timezone.now()).timestamp())
    return rate.seconds - moment % rate.seconds


# --- password reset --------------------------------------------------------------------------


def password_reset_allowed(
    *, email: str, address: str, now: datetime | None = None
) -> tuple[bool, str]:
    """Counts one reset request, per account (the address typed) and per client address, and
    says whether mail may go out, with the rule that refused it. Both counts move whatever the
    answer, so a client that keeps asking stays refused until its window closes."""
    now = now or timezone.now()
    per_account = Rate.parse(settings.PASSWORD_RESET_RATE_PER_ACCOUNT)
    per_address = Rate.parse(settings.PASSWORD_RESET_RATE_PER_ADDRESS)
    address_count = throttle_count(rule="reset-address", ident=address, rate=per_address, now=now)
    account_count = throttle_count(
        rule="reset-account", ident=normalized_email(email), rate=per_account, now=now
    )
    if address_count > per_address.limit:
        return False, "address"
    if account_count > per_account.limit:
        return False, "account"
    return True, ""


# --- the inbound webhook's secret ------------------------------------------------------------


def inbound_secret_rate() -> Rate:
    return Rate.parse(settings.INBOUND_EMAIL_SECRET_FAILURE_RATE)


def inbound_secret_blocked(*, address: str, now: datetime | None = None) -> bool:
    return throttle_exceeded(
        rule="inbound-secret", ident=address, rate=inbound_secret_rate(), now=now
    )


def inbound_secret_failed(*, address: str, now: datetime | None = None) -> None:
    throttle_count(rule="inbound-secret", ident=address, rate=inbound_secret_rate(), now=now)

"""Sign-in auditing. Django announces sign-ins through these signals wherever they happen
(pages, admin), so listening here is the one place that sees them all."""

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from irm.models import AuditAction, User
from irm.security import client_address, client_user_agent
from irm.services import audit_record


def _client(request: HttpRequest | None) -> dict:
    """Where a sign-in came from: security data, kept so an admin can tell a forgotten password
    from someone trying passwords (the address and user agent, as the lockout counts them)."""
    if request is None:
        return {}
    return {"address": client_address(request), "user_agent": client_user_agent(request)}


@receiver(user_logged_in, dispatch_uid="irm.audit_sign_in")
def audit_sign_in(sender, request, user, **kwargs) -> None:
    audit_record(action=AuditAction.SIGN_IN, actor=user, data=_client(request))


@receiver(user_login_failed, dispatch_uid="irm.audit_sign_in_failed")
def audit_sign_in_failed(sender, credentials, request=None, **kwargs) -> None:
    # The address typed is personal data and is not stored; the account's id is, if one exists.
    email = (credentials.get("username") or credentials.get("email") or "").strip()
    actor = User.objects.filter(email__iexact=email).first() if email else None
    data = _client(request)
    # django-axes' receiver ran first ("axes" comes before "irm" in INSTALLED_APPS) and marked
    # the request when this failure reached the limit or came during a lockout.
    if request is not None and getattr(request, "axes_locked_out", False):
        data["locked_out"] = True
    audit_record(action=AuditAction.SIGN_IN_FAILED, actor=actor, data=data)

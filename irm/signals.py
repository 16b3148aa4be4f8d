"""Sign-in auditing. Django announces sign-ins through these signals wherever they happen
(pages, admin), so listening here is the one place that sees them all."""

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from irm.models import AuditAction, User
from irm.services import audit_record


@receiver(user_logged_in, dispatch_uid="irm.audit_sign_in")
def audit_sign_in(sender, request, user, **kwargs) -> None:
    audit_record(action=AuditAction.SIGN_IN, actor=user)


@receiver(user_login_failed, dispatch_uid="irm.audit_sign_in_failed")
def audit_sign_in_failed(sender, credentials, request=None, **kwargs) -> None:
    # The address typed is personal data and is not stored; the account's id is, if one exists.
    email = (credentials.get("username") or credentials.get("email") or "").strip()
    actor = User.objects.filter(email__iexact=email).first() if email else None
    audit_record(action=AuditAction.SIGN_IN_FAILED, actor=actor)

"""Password reset by email: Django's views with Rapport's templates, mail through the outbox."""

from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy

from irm.forms import PasswordResetRequestForm


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "irm/password_reset.html"
    form_class = PasswordResetRequestForm
    subject_template_name = "irm/password_reset_subject.txt"
    email_template_name = "irm/password_reset_email.txt"
    success_url = reverse_lazy("irm:password-reset-done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "irm/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "irm/password_reset_confirm.html"
    success_url = reverse_lazy("irm:password-reset-complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "irm/password_reset_complete.html"

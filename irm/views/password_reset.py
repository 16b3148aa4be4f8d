"""Password reset by email: Django's views with Rapport's templates, mail through the outbox.

Like every form page here, input that does not validate answers 400 with the form. Requests
are rate limited per account and per client address (irm/security.py): past a limit the page
answers exactly as usual, so it says nothing about which accounts exist, but no mail is sent.
"""

import logging

from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django.urls import reverse_lazy

from irm.forms import PasswordResetRequestForm
from irm.security import client_address, password_reset_allowed

logger = logging.getLogger(__name__)


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "irm/password_reset.html"
    form_class = PasswordResetRequestForm
    subject_template_name = "irm/password_reset_subject.txt"
    email_template_name = "irm/password_reset_email.txt"
    success_url = reverse_lazy("irm:password-reset-done")

    def form_valid(self, form):
        allowed, rule = password_reset_allowed(
            email=form.cleaned_data["email"], address=client_address(self.request)
        )
        if not allowed:
            logger.warning("Password reset refused: too many requests per %s.", rule)
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "irm/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "irm/password_reset_confirm.html"
    success_url = reverse_lazy("irm:password-reset-complete")

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "irm/password_reset_complete.html"

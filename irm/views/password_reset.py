"""Password reset by email: Django's views with Rapport's templates, mail through the outbox.

Like every form page here, input that does not validate answers 400 with the form.
"""

from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy

from irm.forms import PasswordResetRequestForm


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "irm/password_reset.html"
    form_class = PasswordResetRequestForm
    subject_template_name = "irm/password_reset_subject.txt"
    email_template_name = "irm/password_reset_email.txt"
    success_url = reverse_lazy("irm:password-reset-done")

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

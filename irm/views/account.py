"""Signing in (with lockout), the home redirect, the account page and /healthz."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from irm.forms import AccountForm, SignInForm
from irm.security import axes_account
from irm.selectors import memberships_of_user, system_health_get
from irm.views import posted
from irm.views.workspace import LAST_WORKSPACE_KEY


class SignInView(auth_views.LoginView):
    template_name = "irm/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


def lockout_message() -> str:
    minutes = max(round(settings.AXES_COOLOFF_TIME.total_seconds() / 60), 1)
    return f"Too many failed sign-ins. Try again in {minutes} minute{'s' if minutes != 1 else ''}."


def sign_in_locked_out(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict | None
) -> HttpResponse:
    """django-axes answers a sign-in during a lockout with this (settings.AXES_LOCKOUT_CALLABLE):
    the sign-in page again, saying why and for how long, with the email kept. Every attempt
    during a lockout starts the cool-off again, so "try again in 15 minutes" stays true. The
    form is not validated again: that would count one more failure."""
    form = SignInForm(request, initial={"username": axes_account(request, credentials)})
    context = {"form": form, "locked_out": lockout_message(), "next": request.POST.get("next", "")}
    response = render(request, "irm/sign_in.html", context, status=429)
    response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    return response


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    health = system_health_get()
    return JsonResponse(health.as_json(), status=200 if health.serving else 503)


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Back to the workspace used last, or the only one; otherwise the switcher."""
    slugs = [m.workspace.slug for m in memberships_of_user(user=request.user)]
    last = request.session.get(LAST_WORKSPACE_KEY)
    if last in slugs:
        return redirect("contacts:home", slug=last)
    if len(slugs) == 1:
        return redirect("contacts:home", slug=slugs[0])
    return redirect("irm:workspaces")


@require_http_methods(["GET", "POST"])
@login_required
def account(request: HttpRequest) -> HttpResponse:
    form = AccountForm(posted(request), instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        if request.htmx:
            context = {"form": AccountForm(instance=request.user), "saved": True}
            return render(request, "irm/account.html#account-form", context)
        messages.success(request, "Your settings are saved.")
        return redirect("irm:account")
    template = "irm/account.html#account-form" if request.htmx else "irm/account.html"
    return render(request, template, {"form": form}, status=400 if form.errors else 200)

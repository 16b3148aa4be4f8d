from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from irm.forms import AccountForm, SignInForm
from irm.selectors import system_health_get


class SignInView(auth_views.LoginView):
    template_name = "irm/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    health = system_health_get()
    return JsonResponse(health.as_json(), status=200 if health.serving else 503)


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    local_now = timezone.now().astimezone(request.user.zone)
    return render(
        request,
        "irm/home.html",
        {"local_now": local_now, "health": system_health_get()},
    )


@require_http_methods(["GET", "POST"])
@login_required
def account(request: HttpRequest) -> HttpResponse:
    form = AccountForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        if request.htmx:
            context = {"form": AccountForm(instance=request.user), "saved": True}
            return render(request, "irm/account.html#account-form", context)
        messages.success(request, "Your settings are saved.")
        return redirect("irm:account")
    template = "irm/account.html#account-form" if request.htmx else "irm/account.html"
    return render(request, template, {"form": form})

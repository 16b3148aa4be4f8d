"""The workspace's exchange rates, under /w/<slug>/campaigns/exchange-rates/: offers in another
currency than an influencer's rate card are compared only through a rate kept here. Managers and
up read the list; admins set a rate (one per pair and day: setting it again replaces it)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from campaigns.forms import ExchangeRateForm
from campaigns.selectors.offers import exchange_rates_of
from campaigns.services.offers import exchange_rate_set
from irm.access import workspace_view
from irm.errors import RuleError
from irm.models import Role
from irm.views import form_rule_error

PAGE = "campaigns/exchange_rates.html"


def _page(request: HttpRequest, form: ExchangeRateForm, status: int = 200) -> HttpResponse:
    rates = list(exchange_rates_of(workspace=request.workspace))
    for rate in rates:
        # 0.930000 reads as 0.93; fixed-point, so 100 never turns into 1E+2.
        rate.shown = format(rate.rate.normalize(), "f")
    context = {"rates": rates, "form": form, "may_set": request.membership.may(Role.ADMIN)}
    template = f"{PAGE}#rates-body" if request.htmx and request.method == "POST" else PAGE
    return render(request, template, context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@workspace_view(read=Role.MANAGER, write=Role.ADMIN)
def exchange_rates(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        # A currency pair asked for from an offer's "cannot compare" sentence comes prefilled.
        initial = {
            "from_currency": request.GET.get("from", "")[:3],
            "to_currency": request.GET.get("to", "")[:3],
            "as_of": timezone.localdate(timezone.now(), request.workspace.zone),
        }
        return _page(request, ExchangeRateForm(initial=initial))
    form = ExchangeRateForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            exchange_rate_set(
                workspace=request.workspace,
                actor=request.user,
                from_currency=data["from_currency"],
                to_currency=data["to_currency"],
                rate=data["rate"],
                as_of=data["as_of"],
                now=timezone.now(),
            )
        except RuleError as error:
            form_rule_error(form, error)
        else:
            if request.htmx:
                return _page(request, ExchangeRateForm())
            return redirect("campaigns:exchange-rates", slug=request.workspace.slug)
    return _page(request, form, status=400)

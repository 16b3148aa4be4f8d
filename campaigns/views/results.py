"""Importing a campaign's results from a CSV file (what the platforms export), under
/w/<slug>/campaigns/<uuid>/results/import/: upload, then the report of what was created or
updated and each line left out with its reason. Viewers may look at the page; members import."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from campaigns.forms import ResultsImportForm
from campaigns.selectors.report import report_campaign_get
from campaigns.services.results_import import results_import_csv
from irm.access import may_edit_campaign, require_campaign_edit, workspace_view
from irm.errors import RuleError

PAGE = "campaigns/results_import.html"
# Files larger than this are not a campaign's results export.
MAX_BYTES = 5 * 1024 * 1024


def _page(request, campaign, form, *, outcome=None, status: int = 200) -> HttpResponse:
    context = {
        "campaign": campaign,
        "form": form,
        "outcome": outcome,
        "may_import": may_edit_campaign(membership=request.membership, campaign=campaign),
    }
    template = f"{PAGE}#import-body" if request.htmx and request.method == "POST" else PAGE
    return render(request, template, context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@workspace_view()
def results_import(request: HttpRequest, public_id) -> HttpResponse:
    campaign = report_campaign_get(workspace=request.workspace, public_id=public_id)
    if request.method != "POST":
        return _page(request, campaign, ResultsImportForm())
    require_campaign_edit(membership=request.membership, campaign=campaign, path=request.path)
    form = ResultsImportForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            form.add_error("file", "The file is larger than 5 MB: is it the right export?")
        else:
            try:
                outcome = results_import_csv(
                    campaign=campaign, data=upload.read(), actor=request.user, now=timezone.now()
                )
            except RuleError as error:
                form.add_error("file", error.message)
            else:
                return _page(request, campaign, ResultsImportForm(), outcome=outcome)
    return _page(request, campaign, form, status=400)

"""The campaign report page, its CSV export, the share links managers hand to a client, and the
public read-only page behind such a link (no login: the secret in the address is the
credential)."""

import csv
import io

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from campaigns.charts import report_charts
from campaigns.report_figures import report_csv_filename, report_csv_rows
from campaigns.selectors.report import (
    campaign_report,
    report_campaign_get,
    report_share_link_get,
    report_share_links,
)
from campaigns.services.report_links import (
    SHARE_DAYS_DEFAULT,
    SHARE_DAYS_MAX,
    report_share_link_create,
    report_share_link_open,
    report_share_link_revoke,
)
from irm.access import workspace_view
from irm.errors import RuleError
from irm.models import AuditAction, Role
from irm.services import audit_record


class ShareLinkForm(forms.Form):
    expires_in_days = forms.IntegerField(
        label="Link works for (days)",
        min_value=1,
        max_value=SHARE_DAYS_MAX,
        required=False,
        initial=SHARE_DAYS_DEFAULT,
        help_text=f"From 1 to {SHARE_DAYS_MAX} days; {SHARE_DAYS_DEFAULT} if left empty.",
    )


def _page(
    request: HttpRequest,
    campaign,
    *,
    form: ShareLinkForm | None = None,
    new_link=None,
    status: int = 200,
) -> HttpResponse:
    now = timezone.now()
    report = campaign_report(campaign=campaign, now=now)
    may_share = request.membership.may(Role.MANAGER)
    context = {
        "campaign": campaign,
        "report": report,
        "charts": report_charts(report),
        "may_share": may_share,
        # Listed for those who may act on them only: the list is not a viewer's business.
        "share_links": list(report_share_links(campaign=campaign)) if may_share else [],
        "share_form": form or ShareLinkForm(),
        "new_link": new_link,
        "new_link_url": (
            request.build_absolute_uri(
                reverse("report-share:report", kwargs={"secret": new_link.secret})
            )
            if new_link
            else ""
        ),
        "now": now,
    }
    page = "campaigns/report.html"
    # Only the share-link actions swap a region; a read is always the whole report.
    partial = request.htmx and request.method == "POST"
    return render(request, f"{page}#share-links" if partial else page, context, status=status)


@require_safe
@workspace_view()
def report(request: HttpRequest, public_id) -> HttpResponse:
    campaign = report_campaign_get(workspace=request.workspace, public_id=public_id)
    return _page(request, campaign)


@require_safe
@workspace_view()
def report_csv(request: HttpRequest, public_id) -> HttpResponse:
    """One row per influencer with every figure, then the total; the export is audited (ids
    and counts only)."""
    campaign = report_campaign_get(workspace=request.workspace, public_id=public_id)
    now = timezone.now()
    report = campaign_report(campaign=campaign, now=now)
    buffer = io.StringIO()
    buffer.write("\ufeff")  # spreadsheets read accented names as UTF-8 with it
    csv.writer(buffer).writerows(report_csv_rows(report))
    audit_record(
        action=AuditAction.EXPORT,
        actor=request.user,
        workspace=request.workspace,
        data={"campaign_report": str(campaign.public_id), "rows": len(report.rows)},
        now=now,
    )
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    filename = report_csv_filename(report)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_POST
@workspace_view(write=Role.MANAGER)
def share_link_create(request: HttpRequest, public_id) -> HttpResponse:
    """The new link is shown in this response only: its secret is kept hashed."""
    campaign = report_campaign_get(workspace=request.workspace, public_id=public_id)
    form = ShareLinkForm(request.POST)
    if not form.is_valid():
        return _page(request, campaign, form=form, status=400)
    days = form.cleaned_data["expires_in_days"] or SHARE_DAYS_DEFAULT
    try:
        new_link = report_share_link_create(
            campaign=campaign, actor=request.user, days=days, now=timezone.now()
        )
    except RuleError as error:
        form.add_error("expires_in_days", error.message)
        return _page(request, campaign, form=form, status=400)
    return _page(request, campaign, new_link=new_link)


@require_POST
@workspace_view(write=Role.MANAGER)
def share_link_revoke(request: HttpRequest, public_id, link_id) -> HttpResponse:
    campaign = report_campaign_get(workspace=request.workspace, public_id=public_id)
    link = report_share_link_get(campaign=campaign, public_id=link_id)
    report_share_link_revoke(link=link, actor=request.user, now=timezone.now())
    messages.success(request, "The share link is revoked: it no longer opens the report.")
    if request.htmx:
        return _page(request, campaign)
    return redirect("campaigns:report", slug=request.workspace.slug, public_id=public_id)


@require_safe
@never_cache
def shared_report(request: HttpRequest, secret: str) -> HttpResponse:
    """No session, no navigation: the report alone. An unknown, expired or revoked secret is
    the same kind 404, so the address tells a visitor nothing."""
    now = timezone.now()
    link = report_share_link_open(secret=secret, now=now)
    if link is None:
        response = render(request, "campaigns/report_link_gone.html", status=404)
    else:
        campaign = link.campaign
        report = campaign_report(campaign=campaign, now=now)
        with timezone.override(campaign.workspace.zone):
            response = render(
                request,
                "campaigns/shared_report.html",
                {"campaign": campaign, "report": report, "charts": report_charts(report)},
            )
    # The address is a secret: keep it out of search engines and other sites' logs.
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response

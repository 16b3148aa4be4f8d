"""The influencer profile: the page, its sections edited in place, do-not-contact and the
open-door ledger. Adding someone new is contacts/views/profile_create.py.

Every section is a region of `contacts/profile.html` drawn by `contacts/_profile_<name>.html`.
With htmx, an Edit button swaps the region for its form and saving swaps the read view back;
without JavaScript the same links and forms show the whole page with that region as a form.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from contacts import charts
from contacts.forms.profile import (
    ChannelPermissionForm,
    DetailsForm,
    DoNotContactForm,
    EmailsForm,
    HealthOverrideForm,
    IdentityForm,
    PreferencesForm,
    RateCardForm,
    SocialAccountForm,
    StoryForm,
    TopicsForm,
)
from contacts.health.weights import health_day
from contacts.models import Influencer, RateCard, SocialAccount
from contacts.selectors import influencer_get
from contacts.selectors.health_panel import HealthPanel, health_panel
from contacts.selectors.profiles import (
    TREND_DAYS,
    health_history,
    influencer_profile,
    keep_in_touch_default,
)
from contacts.services import channels as channel_services
from contacts.services import profiles as profile_services
from contacts.services.profiles import influencer_set_emails, rate_card_delete, rate_card_save
from irm.access import (
    may_edit_influencer,
    may_reassign,
    require_influencer_edit,
    workspace_view,
)
from irm.errors import RuleError
from irm.forms import ZONE_THEIRS
from irm.models import Role
from irm.text import sentence
from irm.versions import VersionConflict, conflict_rows, with_version
from irm.views import form_rule_error, posted

# Sent with writes that add a timeline entry: the profile's timeline region reloads on it.
PROFILE_CHANGED = "profileChanged"


@dataclass(frozen=True)
class Section:
    name: str
    title: str  # "Edit <title>"
    form: type

    @property
    def template(self) -> str:
        return f"contacts/_profile_{self.name}.html"


SECTIONS = {
    section.name: section
    for section in (
        Section("identity", "name, stage and owner", IdentityForm),
        Section("story", "story", StoryForm),
        Section("details", "details", DetailsForm),
        Section("preferences", "contact preferences", PreferencesForm),
        Section("topics", "topics", TopicsForm),
        Section("emails", "email addresses", EmailsForm),
        Section("accounts", "social accounts", SocialAccountForm),
        Section("rates", "rate card", RateCardForm),
    )
}


def _section(name: str) -> Section:
    try:
        return SECTIONS[name]
    except KeyError:
        raise Http404("No such section.") from None


def rule_broken_onto(form, error: RuleError) -> None:
    form_rule_error(form, error)


def profile_url(request: HttpRequest, influencer: Influencer, anchor: str = "") -> str:
    url = reverse("contacts:influencer-detail", args=[request.workspace.slug, influencer.public_id])
    return f"{url}#{anchor}" if anchor else url


def profile_load(request: HttpRequest, public_id, now: datetime) -> Influencer:
    return influencer_profile(
        workspace=request.workspace,
        public_id=public_id,
        # Snapshots are kept by UTC day (social_account_snapshot): behind UTC, the workspace's
        # date alone would leave out today's, and the trend would end before the accounts table.
        today=max(timezone.localdate(now, request.workspace.zone), now.astimezone(UTC).date()),
    )


def _their_time(influencer: Influencer, viewer_zone, now: datetime) -> dict:
    """Their wall clock now, and how far it is from the viewer's ("3 h ahead of you")."""
    theirs = now.astimezone(ZoneInfo(influencer.time_zone or "UTC"))
    mine = now.astimezone(viewer_zone)
    minutes = int((theirs.utcoffset() - mine.utcoffset()).total_seconds() // 60)
    if minutes == 0:
        relation = "same time as you"
    else:
        hours, rest = divmod(abs(minutes), 60)
        amount = f"{hours} h" + (f" {rest} min" if rest else "") if hours else f"{rest} min"
        relation = f"{amount} {'ahead of' if minutes > 0 else 'behind'} you"
    return {
        "moment": theirs,
        "relation": relation,
        "at_night": not time(8) <= theirs.time() < time(21),
    }


def _decorate_accounts(influencer: Influencer, selected: str) -> SocialAccount | None:
    """Each account's 90-day change for the accounts table; the account the chart shows
    (the one asked for, else the largest)."""
    accounts = list(influencer.social_accounts.all())
    for account in accounts:
        rows = [
            charts.TrendRow(day=shot.captured_on, followers=shot.followers, engagement_rate=None)
            for shot in account.recent_snapshots
        ]
        account.trend_change = charts.follower_change(rows)
    chosen = [account for account in accounts if str(account.public_id) == selected]
    return (chosen or accounts or [None])[0]


def _health(request: HttpRequest, influencer: Influencer, now: datetime) -> HealthPanel:
    """The health panel: one query for the recent snapshots, whatever their number."""
    snapshots = health_history(influencer=influencer, today=health_day(now))
    return health_panel(influencer=influencer, snapshots=snapshots, now=now, zone=request.user.zone)


def profile_context(request: HttpRequest, influencer: Influencer, now: datetime, **extra) -> dict:
    may_edit = may_edit_influencer(membership=request.membership, influencer=influencer)
    may_override_health = request.membership.may(Role.MANAGER)
    trend_account = _decorate_accounts(influencer, request.GET.get("trend", ""))
    context = {
        "influencer": influencer,
        "now": now,
        "their_time": _their_time(influencer, request.user.zone, now),
        "today": timezone.localdate(now, request.user.zone),
        "emails": list(influencer.emails.all()),
        "accounts": list(influencer.social_accounts.all()),
        # The total counts known numbers only; the table says how many it leaves out.
        "unknown_counts": sum(
            account.followers is None for account in influencer.social_accounts.all()
        ),
        "trend_account": trend_account,
        "trend": charts.account_trend(trend_account.recent_snapshots) if trend_account else None,
        "trend_days": TREND_DAYS,
        "rates": list(influencer.rates.all()),
        "channels": list(influencer.channel_permissions.all()),
        "topics": list(influencer.topics.all()),
        "keep_in_touch_default": keep_in_touch_default(
            workspace=request.workspace, stage=influencer.stage
        ),
        "health": _health(request, influencer, now),
        "may_edit": may_edit,
        # Anyone who writes may log, pitch and stop contact with anyone (irm/access.py).
        "may_log": request.membership.may(Role.MEMBER),
        "may_override_health": may_override_health,
        "is_admin": request.membership.may(Role.ADMIN),
        "may_archive": request.membership.may(Role.MANAGER),
        "editing": None,
        "saved": None,
    }
    if may_edit:
        context["channel_form"] = ChannelPermissionForm(prefix="channel")
    if context["may_log"]:
        context["dnc_form"] = DoNotContactForm(prefix="dnc")
    if may_override_health:
        context["override_form"] = HealthOverrideForm(prefix="override")
    context.update(extra)
    return context


def _page(request: HttpRequest, influencer: Influencer, now: datetime, status=200, **extra):
    return render(
        request,
        "contacts/profile.html",
        profile_context(request, influencer, now, **extra),
        status=status,
    )


# --- the page ---------------------------------------------------------------------------------


@require_GET
@workspace_view(read=Role.VIEWER)
def influencer_detail(request: HttpRequest, public_id) -> HttpResponse:
    now = timezone.now()
    influencer = profile_load(request, public_id, now)
    if request.htmx and request.htmx.target == "trend":
        # Another account's chart, chosen from the links above it.
        context = profile_context(request, influencer, now)
        return render(request, "contacts/_profile_trend.html", context)
    return _page(request, influencer, now)


@require_GET
@workspace_view(read=Role.VIEWER)
def influencer_section(request: HttpRequest, public_id, section: str) -> HttpResponse:
    """One section's read view (Cancel in an inline form); the whole page without htmx."""
    spec = _section(section)
    now = timezone.now()
    influencer = profile_load(request, public_id, now)
    if not request.htmx:
        return _page(request, influencer, now)
    return render(request, spec.template, profile_context(request, influencer, now))


# --- editing sections in place ----------------------------------------------------------------


def _require_edit(request: HttpRequest, influencer: Influencer) -> None:
    """403 before any input unless this member may change this profile (irm/access.py)."""
    require_influencer_edit(membership=request.membership, influencer=influencer, path=request.path)


def _edit_form(spec: Section, request: HttpRequest, influencer: Influencer, data=None):
    form = spec.form(
        data,
        initial=spec.form.initial_from(influencer),
        workspace=request.workspace,
        prefix=spec.name,
    )
    for field in form.fields.values():
        if getattr(field.widget, "whose", None) == ZONE_THEIRS:
            # A day of theirs (away until ...) is read in the influencer's zone, so name it.
            field.widget.zone_name = influencer.time_zone
    if not may_reassign(membership=request.membership):
        # Owner and team stay as they are: reassigning is a manager's (what is posted is
        # ignored for a disabled field).
        for name in ("owner", "team"):
            if name in form.fields:
                form.fields[name].disabled = True
                form.fields[name].help_text = "A manager may reassign them."
    first = next(iter(form.fields.values()))
    first.widget.attrs["autofocus"] = True
    return form


def _editing(
    request, influencer, now, spec: Section, form, status: int = 200, **extra
) -> HttpResponse:
    """The section as a form: alone with htmx, inside the whole page without."""
    context = profile_context(
        request, influencer, now, editing=spec.name, section=spec, edit_form=form, **extra
    )
    if request.htmx:
        context["oob_trend"] = spec.name == "accounts"
        return render(request, "contacts/_profile_edit.html", context, status=status)
    return render(request, "contacts/profile.html", context, status=status)


def _save_section(spec: Section, form, influencer: Influencer, request, now: datetime) -> None:
    data = form.cleaned_data
    if spec.name == "topics":
        profile_services.influencer_set_topics(influencer=influencer, names=data["topics"])
    elif spec.name == "emails":
        influencer_set_emails(influencer=influencer, emails=data["emails"], actor=request.user)
    elif spec.name == "accounts":
        profile_services.social_account_save(
            influencer=influencer, now=now, actor=request.user, **data
        )
    elif spec.name == "rates":
        rate_card_save(influencer=influencer, now=now, **data)
    else:
        profile_services.influencer_update(
            influencer=influencer,
            actor=request.user,
            now=now,
            version=data["version"],
            **form.changes(),
        )


def _conflicted(request, public_id, now: datetime, spec: Section, conflict) -> HttpResponse:
    """Someone saved the profile while this person edited it: the form again with what they
    typed, their colleague's saved values beside it, and the current version, so saving again
    deliberately keeps theirs."""
    current = profile_load(request, public_id, now)
    data = with_version(request.POST, prefix=spec.name, version=current.version)
    form = _edit_form(spec, request, current, data)
    form.is_valid()
    rows = conflict_rows(form, saved=spec.form.initial_from(current))
    form.add_error(None, conflict.message)
    return _editing(request, current, now, spec, form, status=400, conflict=rows)


@require_http_methods(["GET", "POST"])
@workspace_view(read=Role.MEMBER, write=Role.MEMBER)
def influencer_edit(request: HttpRequest, public_id, section: str) -> HttpResponse:
    spec = _section(section)
    now = timezone.now()
    influencer = profile_load(request, public_id, now)
    _require_edit(request, influencer)
    form = _edit_form(spec, request, influencer, posted(request))
    if request.method == "GET":
        return _editing(request, influencer, now, spec, form)
    if form.is_valid():
        old_stage = influencer.stage
        try:
            _save_section(spec, form, influencer, request, now)
        except VersionConflict as conflict:
            return _conflicted(request, public_id, now, spec, conflict)
        except RuleError as error:
            rule_broken_onto(form, error)
        else:
            erased_on = getattr(influencer, "erased_on", None)
            note = erased_added_note(influencer) if erased_on else ""
            if not request.htmx:
                if note:
                    messages.warning(request, note)
                else:
                    messages.success(request, f"Saved the {spec.title}.")
                return redirect(profile_url(request, influencer, spec.name))
            influencer = profile_load(request, public_id, now)
            context = profile_context(request, influencer, now, saved=spec.name, saved_note=note)
            context["oob_trend"] = spec.name == "accounts"
            response = render(request, spec.template, context)
            # The do-not-contact flag shows across the page (its header, the composer).
            if influencer.stage != old_stage or note:
                response["HX-Trigger"] = PROFILE_CHANGED
            return response
    return _editing(request, influencer, now, spec, form, status=400)


def _after_removal(request: HttpRequest, public_id, spec: Section, note: str) -> HttpResponse:
    now = timezone.now()
    influencer = profile_load(request, public_id, now)
    if not request.htmx:
        messages.success(request, note)
        return redirect(
            reverse(
                "contacts:influencer-edit",
                args=[request.workspace.slug, influencer.public_id, spec.name],
            )
            + f"#{spec.name}"
        )
    return _editing(request, influencer, now, spec, _edit_form(spec, request, influencer))


def _remove_theirs(request, public_id, model, row_id, remove, section: str, note) -> HttpResponse:
    """Remove one row of theirs (404 when it is someone else's) and show the section again."""
    influencer = influencer_get(workspace=request.workspace, public_id=public_id)
    _require_edit(request, influencer)
    row = _owned(model, influencer, row_id)
    remove(row)
    return _after_removal(request, public_id, SECTIONS[section], note(row))


@require_POST
@workspace_view(write=Role.MEMBER)
def influencer_account_delete(request: HttpRequest, public_id, account_id) -> HttpResponse:
    return _remove_theirs(
        request,
        public_id,
        SocialAccount,
        account_id,
        lambda account: profile_services.social_account_delete(account=account),
        "accounts",
        lambda account: sentence(f"Removed {account}"),
    )


@require_POST
@workspace_view(write=Role.MEMBER)
def influencer_rate_delete(request: HttpRequest, public_id, rate_id) -> HttpResponse:
    return _remove_theirs(
        request,
        public_id,
        RateCard,
        rate_id,
        lambda rate: rate_card_delete(rate=rate),
        "rates",
        lambda rate: "Removed the rate.",
    )


def _owned(model, influencer: Influencer, public_id):
    row = model.objects.filter(influencer=influencer, public_id=public_id).first()
    if row is None:
        raise Http404("Not one of theirs.")
    row.influencer = influencer
    return row


# --- respect: the open-door ledger and do-not-contact -----------------------------------------


@require_POST
@workspace_view(write=Role.MEMBER)
def influencer_channel(request: HttpRequest, public_id) -> HttpResponse:
    """Record that they opened (or closed) a channel to us, and how we know."""
    now = timezone.now()
    influencer = profile_load(request, public_id, now)
    _require_edit(request, influencer)
    form = ChannelPermissionForm(request.POST, prefix="channel")
    if form.is_valid():
        data = form.cleaned_data
        since = None
        if data["since"]:
            since = timezone.make_aware(
                datetime.combine(data["since"], time(12)), request.user.zone
            )
        try:
            channel_services.channel_permission_set(
                influencer=influencer,
                channel=data["channel"],
                is_open=data["is_open"],
                evidence=data["evidence"],
                actor=request.user,
                since=since,
                now=now,
            )
        except RuleError as error:
            rule_broken_onto(form, error)
        else:
            state = "open" if data["is_open"] else "closed"
            note = f"{dict(form.fields['channel'].choices)[data['channel']]} recorded as {state}."
            if not request.htmx:
                messages.success(request, note)
                return redirect(profile_url(request, influencer, "channels"))
            return _changed_region(
                request, public_id, now, "contacts/_profile_channels.html", channel_note=note
            )
    template = "contacts/_profile_channels.html" if request.htmx else "contacts/profile.html"
    context = profile_context(request, influencer, now, channel_form=form)
    return render(request, template, context, status=400)


def _changed_region(request, public_id, now, template: str, **extra) -> HttpResponse:
    """One region of the profile, freshly loaded, telling the page the person changed (the
    composer and the header listen for PROFILE_CHANGED)."""
    influencer = profile_load(request, public_id, now)
    response = render(request, template, profile_context(request, influencer, now, **extra))
    response["HX-Trigger"] = PROFILE_CHANGED
    return response


def _do_not_contact_region(request, public_id, now, note: str, **extra) -> HttpResponse:
    # The header's "Do not contact" badge follows, out of band.
    return _changed_region(
        request,
        public_id,
        now,
        "contacts/_profile_dnc.html",
        dnc_note=note,
        oob_identity=True,
        **extra,
    )


@require_POST
@workspace_view(write=Role.MEMBER)
def influencer_do_not_contact(request: HttpRequest, public_id) -> HttpResponse:
    """Any member may stop all contact, with the reason (timeline entry and audit event)."""
    now = timezone.now()
    influencer = profile_load(request, public_id, now)
    form = DoNotContactForm(request.POST, prefix="dnc")
    if form.is_valid():
        try:
            channel_services.do_not_contact_set(
                influencer=influencer,
                reason=form.cleaned_data["reason"],
                actor=request.user,
                now=now,
            )
        except RuleError as error:
            rule_broken_onto(form, error)
        else:
            note = "Nobody will contact them: Rapport blocks every pitch and message."
            if not request.htmx:
                messages.success(request, note)
                return redirect(profile_url(request, influencer, "do-not-contact"))
            return _do_not_contact_region(request, public_id, now, note)
    template = "contacts/_profile_dnc.html" if request.htmx else "contacts/profile.html"
    context = profile_context(request, influencer, now, dnc_form=form)
    return render(request, template, context, status=400)


@require_POST
@workspace_view(write=Role.ADMIN)
def influencer_do_not_contact_clear(request: HttpRequest, public_id) -> HttpResponse:
    """Only an admin lifts a do-not-contact: it was the person's wish."""
    now = timezone.now()
    influencer = profile_load(request, public_id, now)
    channel_services.do_not_contact_clear(
        influencer=influencer, actor_role=request.membership.role, actor=request.user, now=now
    )
    note = "Do-not-contact cleared. The usual contact rules apply again."
    if not request.htmx:
        messages.success(request, note)
        return redirect(profile_url(request, influencer, "do-not-contact"))
    return _do_not_contact_region(request, public_id, now, note)


# --- someone erased before ---


def erased_note(influencer: Influencer) -> str:
    """What a person adding someone erased before is told (the profile says it too)."""
    return (
        f"{influencer.name} was added as do-not-contact: an address or handle of theirs "
        f"belongs to a person erased on {influencer.erased_on:%-d %B %Y}. Only their name, "
        "addresses and handles were kept."
    )


def erased_added_note(influencer: Influencer) -> str:
    """What a person who gave an existing profile an erased person's address or handle is
    told (the do-not-contact flag and the timeline say it too)."""
    return (
        f"Saved, and {influencer.name} is now do-not-contact: an address or handle you added "
        f"belongs to a person erased on {influencer.erased_on:%-d %B %Y}."
    )

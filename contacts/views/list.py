"""The influencer list page (search, filters, sorting, pages), its bulk actions, the CSV
export, and the named lists pages.

The list's state lives in the URL (shareable, the back button works). An htmx request gets
the results region only (`influencer_list.html#influencer-results`), with the canonical URL
pushed; a plain request, and htmx's history restore, get the whole page.
"""

from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.http import (
    HttpRequest,
    HttpResponse,
    QueryDict,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import push_url

from contacts.models import HealthBand, Influencer, Platform, Stage
from contacts.selectors import exports
from contacts.selectors import lists as list_selectors
from contacts.selectors.influencers import (
    SORTS,
    InfluencerFilters,
    influencer_page_rows,
    influencers_filtered,
    influencers_page_order,
)
from contacts.services import lists as list_services
from irm.access import (
    may_export_list,
    may_reassign,
    require_influencer_edit,
    require_role,
    workspace_view,
)
from irm.dates import DateWords
from irm.errors import RuleError
from irm.models import Role
from irm.pagination import DeferredJoinPaginator
from irm.paths import RowPath
from irm.template_values import TemplateValues
from irm.templatetags.local_time import relative_day
from irm.text import sentence
from irm.views import form_rule_error, posted

PAGE_SIZE = 50
# Longer input is cut: nobody types more, and it keeps hostile URLs cheap.
FILTER_MAX_LENGTH = 200
FILTER_PARAMS = (
    "q",
    "platform",
    "min_followers",
    "max_followers",
    "topic",
    "stage",
    "owner",
    "team",
    "country",
    "language",
    "do_not_contact",
    "archived",
    "owed",
    "keep_in_touch",
    "near_cap",
    "list",
    "band",
    "sort",
)
SORT_LABELS = {
    "name": "Name (A to Z)",
    "-followers": "Most followers",
    "followers": "Fewest followers",
    "-last_contact": "Most recently contacted",
    "last_contact": "Longest since contacted",
    "-health_score": "Best health first",
    "health_score": "Worst health first",
}
FILTER_LABELS = {
    "min_followers": "Minimum followers",
    "max_followers": "Maximum followers",
    "band": "Health",
    "owed": "We owe them",
    "keep_in_touch": "Keep in touch",
    "near_cap": "Near the contact cap",
}
TOP_PLATFORMS_SHOWN = 3


# --- presentation helpers --------------------------------------------------------------------


def followers_short(count: int | None) -> str:
    """999 -> "999", 1234 -> "1.2K", 98_700 -> "98.7K", 1_250_000 -> "1.3M", 999_999 -> "1M";
    an unknown count (None) is "unknown", never 0."""
    if count is None:
        return "unknown"
    if count < 1000:
        return str(count)
    for size, suffix in ((1_000, "K"), (1_000_000, "M"), (1_000_000_000, "B")):
        value = Decimal(count) / size
        step = Decimal("0.1") if value < Decimal("99.95") else Decimal("1")
        rounded = value.quantize(step, rounding=ROUND_HALF_UP)
        if rounded < 1000 or suffix == "B":
            return str(rounded).removesuffix(".0") + suffix
    return str(count)  # pragma: no cover (the loop always returns)


def initials(name: str) -> str:
    words = [word for word in name.split() if word[:1].isalnum()]
    return "".join(word[0] for word in words[:2]).upper() or "?"


@dataclass(slots=True)
class ListAccount(TemplateValues):
    platform_label: str
    handle: str
    followers_title: str
    followers_short: str


@dataclass(slots=True)
class ListRow(TemplateValues):
    """One row of the list as the page shows it: plain values, each computed once here (not
    per template lookup on a model, a lazy label or a related manager)."""

    public_id: str
    name: str
    profile_url: str
    initials: str
    avatar_url: str
    do_not_contact: bool
    do_not_contact_reason: str
    place: str
    top_accounts: list[ListAccount]
    total_note: str
    topic_names: list[str]
    stage_label: str
    health_band: str
    health_band_label: str
    health_score: int | None
    owner_label: str
    team_name: str
    last_contact_iso: str
    last_contact_date: str
    last_contact_ago: str


def list_rows(rows: list[Influencer], now, slug: str) -> list[ListRow]:
    """The page's rows from influencer_page_rows (no queries)."""
    profile_path = RowPath("contacts:influencer-detail", slug)
    terms = PageTerms.current(now)
    return [_list_row(row, profile_path(row.public_id), terms) for row in rows]


@dataclass(frozen=True, slots=True)
class PageTerms:
    """What every row of a page shows alike, worked out once per page rather than per row: the
    words for dates and the labels, in the active language and zone (the viewer's)."""

    now: datetime
    dates: DateWords
    platforms: dict[str, str]
    stages: dict[str, str]
    bands: dict[str, str]

    @classmethod
    def current(cls, now: datetime) -> "PageTerms":
        return cls(
            now=now,
            dates=DateWords.current(),
            platforms={value: str(label) for value, label in Platform.choices},
            stages={value: str(label) for value, label in Stage.choices},
            bands={value: str(label) for value, label in HealthBand.choices},
        )


def _list_row(row: Influencer, profile_url: str, terms: PageTerms) -> ListRow:
    accounts = row.account_rows
    last = row.last_outbound_at
    return ListRow(
        public_id=str(row.public_id),
        name=row.name,
        profile_url=profile_url,
        initials=initials(row.name),
        avatar_url=row.avatar_url,
        do_not_contact=row.do_not_contact,
        do_not_contact_reason=row.do_not_contact_reason,
        place=row.location or row.country,
        top_accounts=[_list_account(account, terms) for account in accounts[:TOP_PLATFORMS_SHOWN]],
        total_note=_total_note(row.total_followers, accounts),
        topic_names=row.topic_names,
        stage_label=terms.stages.get(row.stage, row.stage),
        health_band=row.health_band,
        health_band_label=terms.bands.get(row.health_band, row.health_band),
        health_score=row.health_score,
        owner_label=(row.owner.name or row.owner.email) if row.owner else "",
        team_name=row.team.name if row.team else "",
        last_contact_iso=terms.dates.iso(last) if last else "",
        last_contact_date=terms.dates.day(last) if last else "",
        last_contact_ago=relative_day(last, now=terms.now, zone=terms.dates.zone) if last else "",
    )


def _list_account(account: dict, terms: PageTerms) -> ListAccount:
    followers = account["followers"]
    return ListAccount(
        platform_label=terms.platforms.get(account["platform"], account["platform"]),
        handle=account["handle"],
        followers_title="Followers not known" if followers is None else f"{followers} followers",
        followers_short=followers_short(followers),
    )


def _total_note(total: int | None, accounts: list[dict]) -> str:
    """ "1.2K in total", or nothing when no count is known. The total counts known numbers
    only; the row says how many accounts it leaves out."""
    if total is None:
        return ""
    unknown = sum(account["followers"] is None for account in accounts)
    if not unknown:
        return f"{followers_short(total)} in total"
    accounts_word = "account" if unknown == 1 else "accounts"
    return f"{followers_short(total)} in total ({unknown} {accounts_word} not known)"


# --- the list page ---------------------------------------------------------------------------


def _state(params: QueryDict) -> dict[str, str]:
    """The list's state as typed (invalid input kept, so it can be shown and corrected)."""
    state = {}
    for name in (*FILTER_PARAMS, "page"):
        # Several bands may be ticked: one comma-separated value keeps the state flat.
        if name == "band":
            raw = ",".join(value for value in params.getlist(name) if value.strip())
        else:
            raw = params.get(name, "")
        value = raw.replace("\x00", "").strip()[:FILTER_MAX_LENGTH]
        if value and not (name == "sort" and value == "name"):  # the default order
            state[name] = value
    return state


def _filters(state: dict[str, str]) -> InfluencerFilters:
    query = QueryDict(mutable=True)
    query.update({name: value for name, value in state.items() if name != "page"})
    return InfluencerFilters.from_query(query)


def _list_url(request: HttpRequest, state: dict[str, str]) -> str:
    base = reverse("contacts:influencer-list", kwargs={"slug": request.workspace.slug})
    return f"{base}?{urlencode(state)}" if state else base


def _current_list(request: HttpRequest, filters: InfluencerFilters):
    if not filters.list:
        return None
    return list_selectors.influencer_list_get(workspace=request.workspace, public_id=filters.list)


def _band_choices(typed: str) -> list[tuple[str, str, bool]]:
    """Each band with whether it is ticked, from the state as typed."""
    ticked = {part.strip() for part in typed.split(",")}
    return [(value, label, value in ticked) for value, label in HealthBand.choices]


def _list_page(
    request: HttpRequest, params: QueryDict, *, status: int = 200, partial: bool = False
) -> HttpResponse:
    now = timezone.now()
    workspace = request.workspace
    membership = request.membership
    state = _state(params)
    filters = _filters(state)
    current_list = _current_list(request, filters)
    paginator = DeferredJoinPaginator(
        influencer_page_rows(influencers_filtered(workspace=workspace, filters=filters, now=now)),
        PAGE_SIZE,
        page_order=lambda rows, count: influencers_page_order(rows, filters=filters, matches=count),
    )
    page = paginator.get_page(state.get("page"))
    rows = list_rows(list(page.object_list), now, workspace.slug)
    without_page = {name: value for name, value in state.items() if name != "page"}
    may_write = membership.may(Role.MEMBER)
    context = {
        "slug": workspace.slug,
        "state": state,
        "filters": filters,
        "filter_errors": [
            (FILTER_LABELS.get(name, name), message) for name, message in filters.errors.items()
        ],
        "page": page,
        "rows": rows,
        "current_list": current_list,
        "query_string": urlencode(without_page),
        "previous_url": _list_url(request, {**without_page, "page": page.previous_page_number()})
        if page.has_previous()
        else "",
        "next_url": _list_url(request, {**without_page, "page": page.next_page_number()})
        if page.has_next()
        else "",
        "clear_url": _list_url(request, {"list": filters.list} if filters.list else {}),
        "export_url": reverse("contacts:influencer-export", kwargs={"slug": workspace.slug})
        + (f"?{urlencode(without_page)}" if without_page else ""),
        "platforms": Platform.choices,
        "stages": Stage.choices,
        "bands": _band_choices(state.get("band", "")),
        "sorts": [(value, SORT_LABELS[value]) for value in SORTS],
        "may_write": may_write,
        "may_assign": may_reassign(membership=membership),
        "may_export": may_export_list(membership=membership),
        "may_change_list": current_list is not None
        and list_selectors.influencer_list_may_change(
            influencer_list=current_list, membership=membership
        ),
    }
    # Choices for the filters and the bulk actions, as (value, label): a fixed number of
    # queries. The members and teams came with the viewer's membership (workspace_view's menus).
    context["people"] = [
        (str(member.user.public_id), member.user.get_full_name()) for member in request.menu_members
    ]
    context["teams"] = [(str(team.public_id), team.name) for team in request.menu_teams]
    context["topics"] = [
        (str(topic.public_id), topic.name)
        for topic in list_selectors.workspace_topics(workspace=workspace)
    ]
    context["named_lists"] = (
        list(list_selectors.influencer_lists(workspace=workspace)) if may_write else []
    )
    if filters.errors and status == 200:
        status = 400
    template = "contacts/influencer_list.html"
    if partial:
        template += "#influencer-results"
    response = render(request, template, context, status=status)
    if partial:
        # The address bar shows the clean state (no empty parameters): shareable as it is.
        push_url(response, _list_url(request, state))
    return response


@require_GET
@workspace_view(read=Role.VIEWER, menus=True)
def influencer_list(request: HttpRequest) -> HttpResponse:
    # htmx restoring history after a cache miss needs the whole page, not the region.
    partial = bool(request.htmx) and not request.htmx.history_restore_request
    response = _list_page(request, request.GET, partial=partial)
    # The same URL answers a region to htmx and a page to the browser: caches must tell apart.
    patch_vary_headers(response, ("HX-Request",))
    return response


# --- bulk actions ----------------------------------------------------------------------------

BULK_ACTIONS = {"assign", "add_topic", "add_to_list", "remove_from_list", "export"}


def _csv_response(request: HttpRequest, queryset) -> StreamingHttpResponse:
    now = timezone.now()
    lines = exports.influencers_export_start(
        workspace=request.workspace, queryset=queryset, actor=request.user, now=now
    )
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    filename = exports.export_filename(workspace=request.workspace, now=now)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _bulk_apply(request: HttpRequest, action: str, ids: list[str]) -> str:
    """Run one bulk action; returns the message to show. Raises RuleError."""
    workspace = request.workspace
    data = request.POST
    if action == "assign":
        owner_id, team_id = data.get("owner", ""), data.get("team", "")
        owner = (
            list_selectors.member_get(workspace=workspace, public_id=owner_id) if owner_id else None
        )
        team = (
            list_selectors.team_get_or_error(workspace=workspace, public_id=team_id)
            if team_id
            else None
        )
        changed = list_services.influencers_assign(
            workspace=workspace, influencer_ids=ids, owner=owner, team=team, actor=request.user
        )
        return f"Reassigned {_people(changed)}."
    if action == "add_topic":
        changed = list_services.influencers_add_topic(
            workspace=workspace,
            influencer_ids=ids,
            topic_name=data.get("topic", ""),
            actor=request.user,
        )
        return f"Added the topic to {_people(changed)}."
    target_id = data.get("target_list" if action == "add_to_list" else "list", "")
    if not target_id:
        raise RuleError("Choose a list.", field="target_list")
    target = list_selectors.influencer_list_get(workspace=workspace, public_id=target_id)
    if action == "add_to_list":
        added = list_services.influencer_list_add(
            influencer_list=target, influencer_ids=ids, actor=request.user
        )
        return sentence(f"Added {_people(added)} to {target.name}")
    removed = list_services.influencer_list_remove(influencer_list=target, influencer_ids=ids)
    return sentence(f"Removed {_people(removed)} from {target.name}")


def _people(count: int) -> str:
    return f"{count} influencer" if count == 1 else f"{count} influencers"


@require_POST
@workspace_view(write=Role.MEMBER, menus=True)
def influencer_bulk(request: HttpRequest) -> HttpResponse:
    """One action on the ticked rows. Reassigning needs a manager: checked before any input."""
    action = request.POST.get("action", "")
    if action in {"assign", "export"}:
        # Reassigning and exporting the workspace's list are managers' (irm/access.py).
        require_role(membership=request.membership, role=Role.MANAGER, path=request.path)
    if action == "add_topic":
        # Adding a topic changes each profile: only those this member may change.
        for influencer in list_selectors.influencers_selected(
            workspace=request.workspace, influencer_ids=request.POST.getlist("ids")
        ).only("owner_id", "team_id"):
            require_influencer_edit(
                membership=request.membership, influencer=influencer, path=request.path
            )
    back = QueryDict(request.POST.get("next", ""))
    ids = request.POST.getlist("ids")
    try:
        if action not in BULK_ACTIONS:
            raise RuleError("Choose what to do with the selected influencers.")
        if not list_selectors.public_ids_parse(ids):
            raise RuleError("Select at least one influencer first.")
        if action == "export":
            selected = list_selectors.influencers_selected(
                workspace=request.workspace, influencer_ids=ids
            )
            return _csv_response(request, selected.order_by("sort_name", "id"))
        message = _bulk_apply(request, action, ids)
    except RuleError as error:
        messages.error(request, error.message)
        return _list_page(request, back, status=400)
    messages.success(request, message)
    return redirect(_list_url(request, _state(back)))


# --- export ----------------------------------------------------------------------------------


@require_GET
@workspace_view(read=Role.MANAGER)
def influencer_export(request: HttpRequest) -> HttpResponse:
    """The current filtered list (same parameters as the page), or the rows given as `ids`:
    managers and admins (irm/access.py may_export_list), recorded in the audit log."""
    filters = _filters(_state(request.GET))
    if filters.errors:
        text = " ".join(f"{FILTER_LABELS.get(k, k)}: {v}" for k, v in filters.errors.items())
        return HttpResponse(text, status=400, content_type="text/plain; charset=utf-8")
    _current_list(request, filters)  # another workspace's list: 404
    rows = influencers_filtered(workspace=request.workspace, filters=filters, now=timezone.now())
    if "ids" in request.GET:
        rows = rows.filter(
            public_id__in=list_selectors.public_ids_parse(request.GET.getlist("ids"))
        )
    return _csv_response(request, rows)


# --- named lists -----------------------------------------------------------------------------


class InfluencerListForm(forms.Form):
    name = forms.CharField(
        max_length=list_selectors.LIST_NAME_MAX,
        widget=forms.TextInput(attrs={"placeholder": "Spring launch shortlist"}),
    )
    description = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), label="Description (optional)"
    )


def _form_rule_broken(form: forms.Form, error: RuleError) -> None:
    form_rule_error(form, error)


def _lists_page(
    request: HttpRequest, form: InfluencerListForm, *, status: int = 200
) -> HttpResponse:
    membership = request.membership
    named_lists = list(list_selectors.influencer_lists(workspace=request.workspace))
    for named_list in named_lists:
        named_list.may_change = list_selectors.influencer_list_may_change(
            influencer_list=named_list, membership=membership
        )
    context = {
        "named_lists": named_lists,
        "form": form,
        "may_write": membership.may(Role.MEMBER),
    }
    template = "contacts/list_index.html"
    if request.htmx:
        template += "#lists-panel"
    return render(request, template, context, status=status)


@require_http_methods(["GET", "POST"])
@workspace_view(read=Role.VIEWER, write=Role.MEMBER)
def influencer_lists(request: HttpRequest) -> HttpResponse:
    form = InfluencerListForm(posted(request))
    if request.method == "GET":
        return _lists_page(request, form)
    if form.is_valid():
        try:
            created = list_services.influencer_list_create(
                workspace=request.workspace,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                actor=request.user,
            )
        except RuleError as error:
            _form_rule_broken(form, error)
        else:
            messages.success(request, f"The list {created.name} was created.")
            if request.htmx:
                return _lists_page(request, InfluencerListForm())
            return redirect("contacts:lists", slug=request.workspace.slug)
    return _lists_page(request, form, status=400)


def _list_to_change(request: HttpRequest, public_id):
    """The list, if this person may rename or delete it: 404 outside, 403 below its creator or
    a manager (audited), both before the input is read."""
    influencer_list = list_selectors.influencer_list_get(
        workspace=request.workspace, public_id=public_id
    )
    if not list_selectors.influencer_list_may_change(
        influencer_list=influencer_list, membership=request.membership
    ):
        require_role(membership=request.membership, role=Role.MANAGER, path=request.path)
    return influencer_list


@require_http_methods(["GET", "POST"])
@workspace_view(read=Role.MEMBER, write=Role.MEMBER)
def influencer_list_edit(request: HttpRequest, public_id) -> HttpResponse:
    influencer_list = _list_to_change(request, public_id)
    initial = {"name": influencer_list.name, "description": influencer_list.description}
    form = InfluencerListForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            list_services.influencer_list_update(
                influencer_list=influencer_list,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
            )
        except RuleError as error:
            _form_rule_broken(form, error)
        else:
            messages.success(request, f"The list {influencer_list.name} was saved.")
            return redirect("contacts:lists", slug=request.workspace.slug)
    status = 400 if form.errors else 200
    context = {"influencer_list": influencer_list, "form": form}
    return render(request, "contacts/list_edit.html", context, status=status)


@require_POST
@workspace_view(write=Role.MEMBER)
def influencer_list_delete(request: HttpRequest, public_id) -> HttpResponse:
    influencer_list = _list_to_change(request, public_id)
    name = influencer_list.name
    list_services.influencer_list_delete(influencer_list=influencer_list)
    messages.success(request, f"The list {name} was deleted; its influencers stay.")
    if request.htmx:
        return _lists_page(request, InfluencerListForm())
    return redirect("contacts:lists", slug=request.workspace.slug)

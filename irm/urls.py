from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from contacts.views.dashboard import dashboard
from irm import api
from irm.views import account, mail, password_reset, workspace

irm_patterns = [
    path("", account.home, name="home"),
    path("account/", account.account, name="account"),
    path("sign-in/", account.SignInView.as_view(), name="login"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("healthz", account.healthz, name="healthz"),
    # -- password reset and the outbox pages
    path("password-reset/", password_reset.PasswordResetView.as_view(), name="password-reset"),
    path(
        "password-reset/sent/",
        password_reset.PasswordResetDoneView.as_view(),
        name="password-reset-done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        password_reset.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path(
        "password-reset/complete/",
        password_reset.PasswordResetCompleteView.as_view(),
        name="password-reset-complete",
    ),
    path("outbox/", mail.outbox, name="outbox"),
    path("outbox/<uuid:public_id>/", mail.outbox_detail, name="outbox-detail"),
    path("outbox/<uuid:public_id>/resolve/", mail.outbox_resolve, name="outbox-resolve"),
    # -- end password reset and the outbox pages
    # -- workspaces, members, teams, invitations, API tokens
    path("workspaces/", workspace.workspace_list, name="workspaces"),
    path("invitations/<str:token>/", workspace.invitation_accept, name="invitation-accept"),
    # The workspace home is the relationship health dashboard (contacts/views/dashboard.py).
    path("w/<slug:slug>/", dashboard, name="workspace-home"),
    path("w/<slug:slug>/settings/", workspace.settings_home, name="settings"),
    path("w/<slug:slug>/settings/members/", workspace.members, name="members"),
    path(
        "w/<slug:slug>/settings/members/<uuid:public_id>/role/",
        workspace.member_role,
        name="member-role",
    ),
    path(
        "w/<slug:slug>/settings/members/<uuid:public_id>/remove/",
        workspace.member_remove,
        name="member-remove",
    ),
    path(
        "w/<slug:slug>/settings/invitations/<uuid:public_id>/revoke/",
        workspace.invitation_revoke,
        name="invitation-revoke",
    ),
    path("w/<slug:slug>/settings/teams/", workspace.teams, name="teams"),
    path("w/<slug:slug>/settings/teams/<uuid:public_id>/", workspace.team_edit, name="team-edit"),
    path(
        "w/<slug:slug>/settings/teams/<uuid:public_id>/delete/",
        workspace.team_delete,
        name="team-delete",
    ),
    path("w/<slug:slug>/settings/tokens/", workspace.tokens, name="tokens"),
    path("w/<slug:slug>/settings/privacy/", workspace.privacy, name="privacy"),
    path(
        "w/<slug:slug>/settings/tokens/<uuid:public_id>/revoke/",
        workspace.token_revoke,
        name="token-revoke",
    ),
    # -- end workspaces
]

api_patterns = [
    # -- API v1
    path("v1/w/<slug:slug>/me/", api.MeView.as_view(), name="me"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its script from its own address: no inline script for the CSP.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    # -- end API v1
    path("v1/w/<slug:slug>/", include("contacts.api_urls")),
    path("v1/w/<slug:slug>/", include("outreach.api_urls")),
    path("v1/w/<slug:slug>/", include("campaigns.api_urls")),
    path("v1/inbound/", include("outreach.inbound_urls")),
]

urlpatterns = [
    path("", include((irm_patterns, "irm"))),
    path("w/<slug:slug>/", include("contacts.urls")),
    path("w/<slug:slug>/", include("outreach.urls")),
    path("w/<slug:slug>/", include("campaigns.urls")),
    path("api/", include((api_patterns, "api"))),
    path("calendar/", include("outreach.calendar_urls")),
    path("r/", include("campaigns.share_urls")),
    path("admin/", admin.site.urls),
]

# Refused and missing pages inside the product's layout; JSON under /api/ (irm/views/errors.py).
handler400 = "irm.views.errors.bad_request"
handler403 = "irm.views.errors.permission_denied"
handler404 = "irm.views.errors.page_not_found"
handler500 = "irm.views.errors.server_error"

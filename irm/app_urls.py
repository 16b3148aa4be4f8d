"""irm's own pages (namespace "irm"): home, account and sign-in, password reset, the outbox, and
each workspace's settings (members, teams, invitations, API tokens, privacy)."""

from django.contrib.auth import views as auth_views
from django.urls import path

from irm.views import account, mail, password_reset, workspace

app_name = "irm"

urlpatterns = [
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

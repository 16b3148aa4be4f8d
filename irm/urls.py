from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from irm.views import account

irm_patterns = [
    path("", account.home, name="home"),
    path("account/", account.account, name="account"),
    path("sign-in/", account.SignInView.as_view(), name="login"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("healthz", account.healthz, name="healthz"),
    # -- password reset and the outbox pages
    # -- end password reset and the outbox pages
    # -- workspaces, members, teams, invitations, API tokens
    # -- end workspaces
]

api_patterns = [
    # -- API v1
    # -- end API v1
]

urlpatterns = [
    path("", include((irm_patterns, "irm"))),
    path("api/", include((api_patterns, "api"))),
    path("admin/", admin.site.urls),
]

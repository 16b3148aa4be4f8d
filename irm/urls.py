from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from irm import views

irm_patterns = [
    path("", views.home, name="home"),
    path("account/", views.account, name="account"),
    path("sign-in/", views.SignInView.as_view(), name="login"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("healthz", views.healthz, name="healthz"),
]

urlpatterns = [
    path("", include((irm_patterns, "irm"))),
    path("admin/", admin.site.urls),
]

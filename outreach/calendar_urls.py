"""The calendar feed, under /calendar/ (namespace "calendar"). It is not inside a workspace's
URLs: calendar apps cannot sign in, so the secret in the address is the credential."""

from django.urls import path

from outreach.views import calendar

app_name = "calendar"

urlpatterns = [path("<str:secret>.ics", calendar.feed, name="feed")]

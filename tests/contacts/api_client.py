"""Helpers for the contacts API tests (tests/contacts/test_api_*.py)."""

from django.urls import reverse
from rest_framework.test import APIClient

from contacts.models import Influencer
from contacts.services.profiles import influencer_create
from irm.services import api_token_create


def api_url(name: str, slug: str = "acme", **kwargs) -> str:
    return reverse(f"api:contacts-api:{name}", kwargs={"slug": slug, **kwargs})


def client_for(user) -> APIClient:
    """A signed-in session (the browser's way in); JSON in and out."""
    client = APIClient()
    if user is not None:
        client.force_login(user)
    return client


def token_client(personas, user) -> APIClient:
    """An API client with the person's Bearer token of the workspace "acme"."""
    _, plain = api_token_create(membership=personas.membership(user), name="Script")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {plain}")
    return client


def make_influencer(personas, name: str, *, workspace=None, **kwargs) -> Influencer:
    return influencer_create(
        workspace=workspace or personas.workspace, actor=personas.admin, name=name, **kwargs
    )


def globex_influencer(personas, name: str = "Gloria Globex") -> Influencer:
    """Someone of the other workspace: answers 404 under acme's URLs."""
    return influencer_create(workspace=personas.other_workspace, actor=personas.outsider, name=name)

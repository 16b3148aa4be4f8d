"""The product's pages and the htmx forms on them, in one list that browser sweeps share.

`seed(personas)` puts one of each thing a page needs in "acme" (an influencer, a campaign with a
collaboration, ...); each `Page` builds its address from that `Site`, names who visits it, and
lists its htmx forms with, for each, an invalid value for one field and the message that must
appear next to it. A sweep over pages (every page at laptop and phone widths) reads `PAGES`; the
invalid-input sweep (test_errors_in_place.py) reads `FORMS`.

Adding a page or an htmx form with input to the product means adding it here.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.urls import reverse

from campaigns.models import Campaign, Collaboration
from campaigns.services.pipeline import brand_create, campaign_create, collaboration_shortlist
from contacts.models import Influencer
from tests.browser.journeys import seed_ana

# A day well after any test's clock: a date that may not be in the future.
FAR_FUTURE = "2099-01-01"


@dataclass(frozen=True)
class Site:
    """What the pages are about: the personas' workspace "acme" and one of each record."""

    personas: object
    ana: Influencer
    campaign: Campaign
    collaboration: Collaboration

    @property
    def slug(self) -> str:
        return self.personas.workspace.slug


@dataclass(frozen=True)
class Form:
    """One htmx form, and the mistake a person may make on it.

    `within` is a CSS selector of the form; `open` the text of the <details> summary that shows
    it, if it is folded; `field` the label of the input given `value`; `submit` the button's
    name; `error` the message expected next to the field, with the rest of the page still there.
    """

    name: str
    within: str
    field: str
    value: str
    submit: str
    error: str
    open: str | None = None


@dataclass(frozen=True)
class Page:
    name: str
    url: Callable[[Site], str]
    persona: str = "member"
    forms: tuple[Form, ...] = field(default_factory=tuple)


def seed(personas) -> Site:
    """Ana Rocha, who opened email to us, shortlisted in the campaign "Spring trails"."""
    ana = seed_ana(personas)
    brand = brand_create(
        workspace=personas.workspace, actor=personas.manager, name="Trailhead", values=""
    )
    campaign = campaign_create(
        workspace=personas.workspace,
        actor=personas.manager,
        brand=brand,
        name="Spring trails",
        starts_on=date(2026, 12, 1),
        ends_on=date(2027, 3, 31),
        budget=10000,
        currency="eur",
        owner=personas.manager,
    )
    collaboration = collaboration_shortlist(
        campaign=campaign, influencer=ana, actor=personas.member
    )
    return Site(personas=personas, ana=ana, campaign=campaign, collaboration=collaboration)


def _url(name: str, *args) -> Callable[[Site], str]:
    """The address of route `name` in the site's workspace; args are attribute paths on the
    Site whose public_id goes in the address ("collaboration")."""

    def build(site: Site) -> str:
        return reverse(name, args=[site.slug, *(getattr(site, a).public_id for a in args)])

    return build


COLLABORATION_CONTRACT = Form(
    name="collaboration contract",
    within="#contract form",
    field="Signed on",
    value=FAR_FUTURE,
    submit="Save the file or date",
    error="A signing date belongs to a signed contract only.",
)

PAGES: tuple[Page, ...] = (
    Page(
        name="collaboration",
        url=_url("campaigns:collaboration", "collaboration"),
        forms=(COLLABORATION_CONTRACT,),
    ),
)

# Every form with its page, for the sweeps: (page, form).
FORMS: tuple[tuple[Page, Form], ...] = tuple((p, f) for p in PAGES for f in p.forms)

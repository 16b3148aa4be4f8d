"""Filters for the influencer profile: follower counts as people read them, links to accounts,
initials for a missing avatar."""

from urllib.parse import quote

from django import template

from contacts.charts import compact_number, engagement_text
from contacts.models import Platform, SocialAccount

register = template.Library()

# Where a handle lives when they gave no link; platforms without one show the handle alone.
PROFILE_URLS = {
    Platform.INSTAGRAM: "https://www.instagram.com/{}/",
    Platform.TIKTOK: "https://www.tiktok.com/@{}",
    Platform.YOUTUBE: "https://www.youtube.com/@{}",
    Platform.X: "https://x.com/{}",
    Platform.TWITCH: "https://www.twitch.tv/{}",
    Platform.LINKEDIN: "https://www.linkedin.com/in/{}/",
}


@register.filter
def compact(value) -> str:
    """12345 -> "12.3K"."""
    return compact_number(value)


@register.filter
def engagement(rate) -> str:
    """Decimal("4.25") -> "4.3%"; None -> "—" (contacts.charts.engagement_text)."""
    return engagement_text(rate)


@register.filter
def account_url(account: SocialAccount) -> str:
    """Their link if they gave one (validated as http(s) when saved), else the platform's."""
    if account.url:
        return account.url
    pattern = PROFILE_URLS.get(account.platform)
    return pattern.format(quote(account.handle, safe="._-")) if pattern else ""


@register.filter
def initials(name: str) -> str:
    """ "Zoë Saldaña" -> "ZS": what the avatar circle shows without a picture."""
    words = [word for word in (name or "").split() if word[:1].isalnum()]
    if not words:
        return "?"
    letters = words[0][0] + (words[-1][0] if len(words) > 1 else "")
    return letters.upper()

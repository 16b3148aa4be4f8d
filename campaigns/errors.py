"""The one rule error of campaigns: views turn it into a form error, the API into a 400."""


class CampaignError(Exception):
    """A broken rule about brands, campaigns or collaborations, with a message for a person."""

    is_rule_error = True

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

"""The one rule error of every app: views put it on a form, the API answers it as a 400."""


class RuleError(Exception):
    """A broken business rule, with a message a person can read (views: form error / 400)."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

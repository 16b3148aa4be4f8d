"""Addresses for pages of rows: a route reversed once with a stand-in public id and filled in
per row. A page of hundreds of rows would otherwise reverse each of its links once per row."""

import uuid

from django.urls import reverse

STAND_IN = str(uuid.UUID(int=0))


class RowPath:
    """`RowPath("outreach:pitch-detail", slug)(pitch.public_id)`: the address reverse() gives
    for (slug, public_id)."""

    def __init__(self, name: str, *args) -> None:
        self.pattern = reverse(name, args=[*args, STAND_IN])

    def __call__(self, public_id) -> str:
        return self.pattern.replace(STAND_IN, str(public_id))

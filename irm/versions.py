"""Optimistic concurrency for what people edit (influencer profiles, campaigns, pitch drafts).

Each such row has a `version`, bumped by every edit a person saves. An edit says which version
it started from; the service locks the row, and if its version moved on since, nothing is
written and `VersionConflict` carries the row as it is now. Pages show both versions side by
side (`conflict_rows`); the API answers 409 with the current object. Background updates of
derived fields (last contact, health, search) do not bump the version, so a reply arriving
while someone edits never turns their save into a conflict.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

CONFLICT_MESSAGE = (
    "Someone else saved this while you were editing. Their version and yours are side by "
    "side below; save again to keep yours."
)


class VersionConflict(Exception):
    """The row changed since the editor read it. Not a rule error (that is a 400): pages show
    both versions, the API answers 409 with `current`."""

    def __init__(self, current: models.Model) -> None:
        super().__init__(CONFLICT_MESSAGE)
        self.message = CONFLICT_MESSAGE
        self.current = current


def version_claim(*, row: models.Model, expected: int | None) -> None:
    """For a service that holds `row` locked (select_for_update): refuse a stale edit, else
    count this edit. With the lock held, comparing and bumping is one compare-and-set.
    `expected=None` (a client that sends no version) edits whatever is current."""
    if expected is not None and row.version != expected:
        raise VersionConflict(row)
    row.version += 1


@dataclass(frozen=True)
class ConflictRow:
    label: str
    theirs: str
    yours: str


def _shown(field: forms.Field, value: Any) -> str:
    if value in (None, "", [], ()):
        return "(empty)"
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(field, forms.ModelChoiceField):
        try:
            found = field.queryset.filter(**{field.to_field_name or "pk": value}).first()
        except (ValueError, ValidationError):
            found = None  # typed, not an id
        if found is None:
            return str(value)
        label = getattr(field, "label_from_instance", None)
        return label(found) if label else str(found)
    if isinstance(field, forms.BooleanField):
        return "Yes" if value else "No"
    if getattr(field, "choices", None):
        labels = {}
        for key, label in field.choices:
            # Grouped choices are (group, [(key, label), ...]).
            for inner_key, inner_label in (
                label if isinstance(label, list | tuple) else [(key, label)]
            ):
                labels[str(inner_key)] = inner_label
        if isinstance(value, list | tuple):
            return ", ".join(str(labels.get(str(item), item)) for item in value)
        return str(labels.get(str(value), value))
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def conflict_rows(form: forms.Form, *, saved: dict[str, Any]) -> list[ConflictRow]:
    """The fields where what is saved now (`saved`: the form's initial values for the current
    row) differs from what was typed into the bound `form`, labelled as on the form."""
    rows = []
    for name, field in form.fields.items():
        if name == "version" or name not in saved:
            continue
        bound = form[name]
        typed = field.widget.value_from_datadict(form.data, form.files, bound.html_name)
        if not field.has_changed(saved[name], typed):
            continue
        # As typed (the cleaned value may be normalized beyond recognition, e.g. a list).
        yours = typed
        rows.append(
            ConflictRow(
                label=str(field.label or name),
                theirs=_shown(field, saved[name]),
                yours=_shown(field, yours),
            )
        )
    return rows


def version_field() -> forms.IntegerField:
    """The hidden field of an edit form that says which version the editor started from."""
    return forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)


def with_version(data, *, prefix: str | None, version: int):
    """The posted data with the hidden version set to the current one, so saving the same form
    again is a deliberate overwrite."""
    data = data.copy()
    data[f"{prefix}-version" if prefix else "version"] = str(version)
    return data

"""The influencer list's pages: `?page=N` as every list of the API, or a keyset `?cursor=`.

A page number counts the rows before it and skips them (cheaply: irm.pagination reads the
skipped rows as ids only). A cursor names the last row read by its values of the order's
columns (contacts.selectors.SORT_KEYS): the next rows are found from there, whatever the depth,
with no count, and people added or removed meanwhile neither shift nor repeat a row.
"""

import base64
import binascii
import json
from datetime import datetime
from functools import partial

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from contacts.models import Influencer
from contacts.selectors.influencers import (
    SORT_KEYS,
    influencer_sort_values,
    influencers_after,
    influencers_page_order,
)
from irm.api_policies import ApiPagination
from irm.pagination import DeferredJoinPaginator

CURSOR_HELP = (
    "Instead of `page`: the `next_cursor` of the page you read, for the rows after its last "
    "one in the same order and filters. Any depth costs the same, and people added or removed "
    "meanwhile neither shift nor repeat a row. Answers without `count`."
)
CURSOR_REFUSED = "This cursor is not one this list gave (or is for another order): start again."


def cursor_encode(*, sort: str, values: tuple) -> str:
    written = [value.isoformat() if isinstance(value, datetime) else value for value in values]
    text = json.dumps([sort, *written], separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def cursor_decode(token: str, *, sort: str) -> tuple:
    """The sort values a cursor names (ValidationError for anything this list did not give)."""
    try:
        padded = token.strip() + "=" * (-len(token.strip()) % 4)
        sort_then_values = json.loads(base64.urlsafe_b64decode(padded.encode()))
        if not isinstance(sort_then_values, list) or sort_then_values[:1] != [sort]:
            raise ValueError("another order")
        keys, values = SORT_KEYS[sort], sort_then_values[1:]
        if len(values) != len(keys) or any(
            isinstance(value, str) and "\x00" in value for value in values
        ):
            raise ValueError("not this order's columns")
        return tuple(
            None if value is None else Influencer._meta.get_field(key.field).to_python(value)
            for key, value in zip(keys, values, strict=True)
        )
    except (ValueError, TypeError, binascii.Error, DjangoValidationError):
        raise ValidationError({"cursor": [CURSOR_REFUSED]}) from None


class InfluencerPagination(ApiPagination):
    """`?page=` (with `count`) or `?cursor=`; both answers carry `next_cursor`. The view says
    the order (`view.filters.sort`)."""

    cursor_query_param = "cursor"

    def paginate_queryset(self, queryset, request, view=None):
        filters = view.filters
        self.sort = filters.sort
        self.cursor_mode = self.cursor_query_param in request.query_params
        if not self.cursor_mode:
            self.django_paginator_class = partial(
                DeferredJoinPaginator,
                page_order=lambda rows, count: influencers_page_order(
                    rows, filters=filters, matches=count
                ),
            )
            rows = super().paginate_queryset(queryset, request, view)
            self.has_more = self.page.has_next()
            return self._keep_last(rows)
        if self.page_query_param in request.query_params:
            raise ValidationError({"cursor": ["Send `page` or `cursor`, not both."]})
        self.request = request
        cursor = cursor_decode(request.query_params[self.cursor_query_param], sort=self.sort)
        size = self.get_page_size(request)
        after = influencers_after(queryset, sort=self.sort, cursor=cursor)
        rows = list(influencers_page_order(after, filters=filters, matches=None)[: size + 1])
        self.has_more = len(rows) > size
        return self._keep_last(rows[:size])

    def _keep_last(self, rows: list) -> list:
        self.next_cursor = (
            cursor_encode(sort=self.sort, values=influencer_sort_values(rows[-1], sort=self.sort))
            if rows and self.has_more
            else None
        )
        return rows

    def get_paginated_response(self, data) -> Response:
        if not self.cursor_mode:
            response = super().get_paginated_response(data)
            response.data = {**response.data, "next_cursor": self.next_cursor}
            response.data["results"] = response.data.pop("results")  # last, as before
            return response
        next_url = None
        if self.next_cursor:
            url = self.request.build_absolute_uri()
            next_url = replace_query_param(url, self.cursor_query_param, self.next_cursor)
        return Response(
            {"next": next_url, "previous": None, "next_cursor": self.next_cursor, "results": data}
        )

    def get_next_link(self):
        # A page number's `next` is a page number, even when reached from a cursor's URL.
        link = super().get_next_link()
        return remove_query_param(link, self.cursor_query_param) if link else link

    def get_paginated_response_schema(self, schema: dict) -> dict:
        answer = super().get_paginated_response_schema(schema)
        answer["required"] = ["next", "previous", "next_cursor", "results"]
        answer["properties"]["count"]["description"] = "All the rows (not with `cursor`)."
        answer["properties"] = {
            **{name: value for name, value in answer["properties"].items() if name != "results"},
            "next_cursor": {
                "type": "string",
                "nullable": True,
                "description": "Send as `cursor` for the rows after this page (null: no more).",
            },
            "results": answer["properties"]["results"],
        }
        return answer

    def get_schema_operation_parameters(self, view) -> list:
        cursor = {
            "name": self.cursor_query_param,
            "required": False,
            "in": "query",
            "description": CURSOR_HELP,
            "schema": {"type": "string"},
        }
        return [*super().get_schema_operation_parameters(view), cursor]

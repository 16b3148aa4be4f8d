"""A paginator whose deep pages stay cheap: the rows a page skips are read as ids only."""

from django.core.paginator import Paginator
from django.db.models import QuerySet


def deferred_page(rows: QuerySet, start: int, stop: int) -> QuerySet:
    """Rows `start` to `stop` of a sorted queryset, as a deferred join: the offset is walked
    over the ids in an index (an index-only scan where the order has one, e.g.
    contacts_infl_live_name_idx), and only the page's rows are read whole and joined
    (select_related) — not every skipped row, as `rows[start:stop]` would. One query."""
    return rows.filter(pk__in=rows.values("pk")[start:stop])


class DeferredJoinPaginator(Paginator):
    """Django's Paginator (same pages, same count) reading a page through deferred_page.
    `page_order(rows, count)`, if given, may order the rows anew once their count is known
    (e.g. contacts.selectors.influencers_page_order): the same order, read another way."""

    def __init__(self, object_list, per_page, *, page_order=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.page_order = page_order

    def page(self, number):
        number = self.validate_number(number)
        start = (number - 1) * self.per_page
        stop = start + self.per_page
        if stop + self.orphans >= self.count:
            stop = self.count
        rows = self.object_list
        if self.page_order is not None:
            rows = self.page_order(rows, self.count)
        return self._get_page(deferred_page(rows, start, stop), number, self)

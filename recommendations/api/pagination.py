"""The API's pages: ``?page=N``, each answer with ``count``, ``next`` and ``previous``."""

from __future__ import annotations

from rest_framework.pagination import PageNumberPagination

from ..public.views import PAGE_SIZE


class CanonicalPagination(PageNumberPagination):
    """Page links written from the canonical query the view read (caching.py), not from the
    address as the client typed it: a cached page's links are the same for everyone. As many
    rows a page as the public list, so ``?page=2`` holds the same rows in both."""

    page_size = PAGE_SIZE

    def _link(self, number):
        query = self.request.query_params.copy()
        if number == 1:
            query.pop(self.page_query_param, None)
        else:
            query[self.page_query_param] = str(number)
        url = self.request.build_absolute_uri(self.request.path)
        return f"{url}?{query.urlencode()}" if query else url

    def get_next_link(self):
        return self._link(self.page.next_page_number()) if self.page.has_next() else None

    def get_previous_link(self):
        return self._link(self.page.previous_page_number()) if self.page.has_previous() else None

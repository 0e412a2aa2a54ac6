"""The Atom feed of public updates, for every country and year, and the one helper it writes
with. The updates are read in selectors/updates.py, which lets out only what the public may
see."""

from __future__ import annotations

import re

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html, format_html_join
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models.evidence import UPDATE_ORDER_NOTE
from ..selectors.updates import latest_public_updates
from ..translation import marked

FEED_LENGTH = 50


# Characters XML 1.0 cannot carry; staff can type them (pasted text), the feed must not fail.
_NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(text: str) -> str:
    return _NOT_IN_XML.sub(" ", text)


class PublicUpdatesFeed(Feed):
    """An Atom feed of the latest public updates, for every country and year, in the one order
    of updates (each entry's published and updated times are when it became public)."""

    feed_type = Atom1Feed
    link = reverse_lazy("recommendations:home")
    title = gettext_lazy("TIP recommendations tracker: public updates")
    subtitle = format_lazy(
        "{} {}",
        gettext_lazy(
            "Status changes and published evidence on the TIP Report's prioritized recommendations."
        ),
        UPDATE_ORDER_NOTE,
    )
    # The site, never a staff member, is the author of what it publishes.
    author_name = gettext_lazy("TIP recommendations tracker")

    def get_object(self, request, *args, **kwargs):
        # What makes the documents' addresses absolute (this one Feed serves every request).
        return request.build_absolute_uri

    def items(self, absolute_url):
        updates = latest_public_updates(limit=FEED_LENGTH, with_documents=True)
        for update in updates:
            for document in update.documents:
                document.absolute_url = absolute_url(document.get_absolute_url())
        return updates

    def item_title(self, item):
        return xml_safe(self._title(item))

    def item_description(self, item):
        return xml_safe(self._description(item))

    def _title(self, item):
        rec = item.recommendation
        if item.kind == "status":
            return _("%(title)s: now %(status)s") % {
                "title": rec.title,
                "status": item.new_status_label,
            }
        return _("%(title)s: new evidence") % {"title": rec.title}

    def _description(self, item):
        # Feed readers treat the summary as HTML: every value is escaped here.
        rec = item.recommendation
        where = _("%(country)s %(year)s, recommendation %(position)s") % {
            "country": rec.report.country.name,
            "year": rec.report.year,
            "position": rec.position,
        }
        if item.kind == "status":
            if item.old_status:
                change = _("Status changed from %(old)s to %(new)s on %(date)s.") % {
                    "old": item.old_status_label,
                    "new": item.new_status_label,
                    "date": item.on.isoformat(),
                }
            else:
                change = _("Status set to %(new)s on %(date)s.") % {
                    "new": item.new_status_label,
                    "date": item.on.isoformat(),
                }
            return format_html("<p>{}</p><p>{}</p>", where, change)
        body = format_html(
            "<p>{}</p><p>{}: {}</p>", where, item.on.isoformat(), marked(item, "text")
        )
        if item.link:
            body += format_html('<p><a href="{}">{}</a></p>', item.link, item.link)
        if item.documents:
            body += format_html(
                "<ul>{}</ul>",
                format_html_join(
                    "",
                    '<li><a href="{}">{}</a> ({}, {})</li>',
                    (
                        (
                            document.absolute_url,
                            document.original_name,
                            document.get_file_type_display(),
                            document.size_text,
                        )
                        for document in item.documents
                    ),
                ),
            )
        return body

    def item_link(self, item):
        return f"{item.recommendation.get_absolute_url()}#{item.anchor}"

    def item_pubdate(self, item):
        return item.at

    def item_updateddate(self, item):
        return item.at

"""Template tags of the public pages: the cards, charts drawn on the server, the wording diff
between two years, links that keep the list's filters, and the language switcher."""

from __future__ import annotations

import datetime
import difflib
from functools import lru_cache

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import Resolver404, resolve, reverse, translate_url
from django.utils import timezone
from django.utils.encoding import escape_uri_path
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext, override

register = template.Library()


@register.tag
def card(parser, token):
    """``{% card name heading [classes] %}...{% endcard %}``: a card of a public page, a region
    named by its heading, ``<section class="card classes" aria-labelledby="name-title">`` opened
    by ``<h2 id="name-title">heading</h2>``. ``heading`` and ``classes`` are expressions
    (``_("By status")``, a variable set by ``blocktranslate asvar``). The heading's id and the
    label that points at it are written here once, so no card can name itself by a wrong id."""
    bits = token.split_contents()
    if len(bits) not in (3, 4):
        raise template.TemplateSyntaxError(
            f"{bits[0]} takes a name, a heading and, optionally, classes"
        )
    nodelist = parser.parse(("endcard",))
    parser.delete_first_token()
    expressions = [parser.compile_filter(bit) for bit in bits[1:]]
    return CardNode(nodelist, *expressions)


class CardNode(template.Node):
    def __init__(self, nodelist, name, heading, classes=None):
        self.nodelist, self.name, self.heading, self.classes = nodelist, name, heading, classes

    def render(self, context):
        classes = self.classes.resolve(context) if self.classes else ""
        title_id = f"{self.name.resolve(context)}-title"
        return format_html(
            '<section class="{}" aria-labelledby="{}">\n<h2 id="{}">{}</h2>{}</section>',
            f"card {classes}".strip(),
            title_id,
            title_id,
            self.heading.resolve(context),
            self.nodelist.render(context),
        )


@register.simple_tag
def status_badge(status: str, label):
    """A status as a badge: its colour and icon by ``status`` (CSS), its ``label`` in words."""
    return format_html(
        '<span class="badge badge-{}"><span class="badge-icon" aria-hidden="true"></span>{}</span>',
        status,
        label,
    )


@register.simple_tag
def day(value):
    """``{% day value %}``: a date (or the local day of a datetime) as the public pages show
    it, ``<time datetime="2020-06-25">25 June 2020</time>`` in the page's language; nothing
    for no date."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return format_html(
        '<time datetime="{}">{}</time>', value.isoformat(), _day_text(value, get_language())
    )


@lru_cache(maxsize=4096)
def _day_text(value: datetime.date, language: str) -> str:
    # A page of a long thread or a list shows dozens of dates, mostly recurring ones; each is
    # formatted once per language (a changed setting, in tests, forgets them all).
    return date_format(value, "DATE_FORMAT")


@receiver(setting_changed)
def _forget_day_texts(**kwargs):
    _day_text.cache_clear()


@register.inclusion_tag("includes/status_bar.html")
def status_bar(tally, size="large"):
    """A bar split by status, drawn as SVG: a share of the width for each status.

    The numbers beside every bar are its text equivalent; the SVG itself is hidden from
    assistive technology so nothing is read twice.
    """
    segments = []
    start = 0
    for status, label, count in tally.by_status():
        if not count:
            continue
        width = 100 * count / tally.total
        # Plain dots, never the locale's decimal comma: these are SVG coordinates.
        segments.append(
            {"status": status, "label": label, "x": f"{start:.3f}", "width": f"{width:.3f}"}
        )
        start += width
    return {"tally": tally, "segments": segments, "size": size}


@register.simple_tag
def word_diff(old: str, new: str):
    """The change from ``old`` to ``new`` word by word: removed words in <del>, added in <ins>.

    Every word is escaped; the hidden labels tell screen reader users what changed.
    """
    before, after = old.split(), new.split()
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    parts = []
    for operation, i1, i2, j1, j2 in matcher.get_opcodes():
        if operation == "equal":
            parts.append(format_html("{}", " ".join(before[i1:i2])))
            continue
        if i2 > i1:
            parts.append(_marked_words("del", gettext("removed:"), before[i1:i2]))
        if j2 > j1:
            parts.append(_marked_words("ins", gettext("added:"), after[j1:j2]))
    return mark_safe(" ".join(parts))  # noqa: S308 -- every part is built by format_html


def _marked_words(tag: str, label: str, words: list[str]):
    """``words`` in a <del> or <ins>, after a label only screen readers read."""
    return format_html(
        '<{tag}><span class="visually-hidden">{label} </span>{words}</{tag}>',
        tag=tag,
        label=label,
        words=" ".join(words),
    )


@register.simple_tag(takes_context=True)
def query_string(context, **changes):
    """The current query string with ``changes`` applied (None removes a key), for links that
    keep the list's filters: ``?{% query_string page=2 %}``."""
    request = context.get("request")
    query = request.GET.copy() if request is not None else {}
    for key, value in changes.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = value
    return query.urlencode() if query else ""


@register.simple_tag(takes_context=True)
def language_links(context):
    """Each language of the site with this page's address in it (the home page when the page
    has no name, such as an error page)."""
    request = context.get("request")
    current = get_language()
    links = []
    for code, name in settings.LANGUAGES:
        url = _page_in_language(request, code)
        links.append({"code": code, "name": name, "url": url, "current": code == current})
    return links


def _page_in_language(request, code: str) -> str:
    if request is not None:
        try:
            resolve(request.path_info)
        except Resolver404:
            pass
        else:
            # The query as the view read it (canonical on a cached page: see public/cache.py).
            query = request.GET.urlencode()
            path = escape_uri_path(request.path)
            return translate_url(f"{path}?{query}" if query else path, code)
    with override(code):
        return reverse("recommendations:home")


@register.filter
def percent_of(part, whole) -> int:
    """``part`` as a whole percentage of ``whole`` (0 when there is nothing)."""
    return round(100 * part / whole) if whole else 0

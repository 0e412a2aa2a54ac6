"""The public pages' dates (``{% day %}``) and status badges (``{% status_badge %}``)."""

import datetime
import zoneinfo

from django.template import Context, Template
from django.utils import translation

from recommendations.models import Status


def render(source, **context):
    return Template("{% load tipt_public %}" + source).render(Context(context))


def test_a_day_is_a_time_element_in_the_pages_language():
    day = datetime.date(2020, 6, 25)
    with translation.override("en"):
        assert render("{% day d %}", d=day) == '<time datetime="2020-06-25">25 June 2020</time>'
    with translation.override("fr"):
        assert render("{% day d %}", d=day) == '<time datetime="2020-06-25">25 juin 2020</time>'


def test_a_datetime_shows_its_local_day(settings):
    settings.TIME_ZONE = "America/St_Lucia"
    # 02:00 UTC on the 26th is still the evening of the 25th in Saint Lucia (UTC-4).
    moment = datetime.datetime(2020, 6, 26, 2, 0, tzinfo=zoneinfo.ZoneInfo("UTC"))
    with translation.override("en"):
        assert render("{% day d %}", d=moment) == (
            '<time datetime="2020-06-25">25 June 2020</time>'
        )


def test_no_date_renders_nothing():
    assert render("[{% day d %}]", d=None) == "[]"


def test_a_changed_date_format_is_followed(settings):
    # A language with no format module of its own takes DATE_FORMAT from the settings.
    day = datetime.date(2021, 3, 4)
    settings.DATE_FORMAT = "j.n.Y"
    with translation.override("xx"):
        assert render("{% day d %}", d=day) == '<time datetime="2021-03-04">4.3.2021</time>'
        settings.DATE_FORMAT = "Y/m/d"
        assert render("{% day d %}", d=day) == '<time datetime="2021-03-04">2021/03/04</time>'


def test_a_status_badge_names_the_status_in_words_and_escapes_it():
    html = render("{% status_badge s label %}", s=Status.IN_PROGRESS, label="In <b>progress</b>")
    assert html == (
        '<span class="badge badge-in_progress"><span class="badge-icon" aria-hidden="true">'
        "</span>In &lt;b&gt;progress&lt;/b&gt;</span>"
    )

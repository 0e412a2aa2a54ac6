"""Whose page versions key a cached public page (recommendations/public/cache.py): a page of
every country's data declares no scope and is keyed by every country's versions; a one-country
page by the versions of the country it shows, the one asked for or else the default; a list of
any country by the country asked for, else every country's."""

from django.test import RequestFactory

from recommendations.public import about, data, progress, statistics, views
from recommendations.public.cache import (
    EVERY_COUNTRY,
    Scope,
    asked_country,
    cache_public_view,
    shown_country,
    shown_country_slug,
)


def test_a_page_of_every_country_is_keyed_by_every_countrys_versions():
    for view_class in (about.AboutView, data.OpenDataView):
        _query, scope = cache_public_view(view_class).public_page
        assert scope(RequestFactory().get("/", {"country": "barbados"})) == EVERY_COUNTRY


def test_a_one_country_page_shows_the_country_asked_for_else_the_default(settings):
    settings.TIPT_DEFAULT_COUNTRY = "saint-lucia"
    assert shown_country_slug({}) == "saint-lucia"
    assert shown_country_slug({"country": ""}) == "saint-lucia"
    assert shown_country_slug({"country": "barbados"}) == "barbados"
    asked = RequestFactory().get("/", {"country": "barbados"})
    assert shown_country(asked) == Scope(slug="barbados")
    assert shown_country(RequestFactory().get("/")) == Scope(slug="saint-lucia")


def test_the_one_country_pages_are_keyed_by_the_country_they_show(settings):
    settings.TIPT_DEFAULT_COUNTRY = "saint-lucia"
    asked = RequestFactory().get("/", {"country": "barbados"})
    for view_class in (views.DashboardView, statistics.StatisticsView, progress.ProgressReportView):
        _query, scope = cache_public_view(view_class).public_page
        assert scope(asked) == Scope(slug="barbados")
        assert scope(RequestFactory().get("/")) == Scope(slug="saint-lucia")


def test_a_list_of_any_country_is_keyed_by_the_country_asked_for_else_every_country(settings):
    settings.TIPT_DEFAULT_COUNTRY = "saint-lucia"
    _query, scope = cache_public_view(views.RecommendationListView).public_page
    assert scope(RequestFactory().get("/", {"country": "barbados"})) == Scope(slug="barbados")
    assert scope(RequestFactory().get("/")) == EVERY_COUNTRY
    assert asked_country(RequestFactory().get("/", {"country": ""})) == EVERY_COUNTRY

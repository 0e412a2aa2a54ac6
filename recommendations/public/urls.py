"""The public site's addresses, each named inside ``app_name``; tipt/urls.py includes them at the
site's root in English and under /fr/ in French."""

from django.urls import path

from . import feeds, views
from .cache import cache_public_page

app_name = "recommendations"

# Public pages are cached whole until the data changes (see cache.py) and forgotten when their
# country's data changes (recommendations/writes.py), keyed by the canonical
# form of their known parameters (the detail and the feed take none); the export streams.
urlpatterns = [
    path(
        "",
        cache_public_page(
            views.DashboardView.as_view(),
            query=views.DashboardView.cache_query,
            scope=views.DashboardView.cache_scope,
        ),
        name="home",
    ),
    path(
        "recommendations/",
        cache_public_page(
            views.RecommendationListView.as_view(),
            query=views.RecommendationListView.cache_query,
            scope=views.RecommendationListView.cache_scope,
        ),
        name="list",
    ),
    path("recommendations/export.csv", views.export_csv, name="export"),
    path(
        "recommendations/<int:pk>/",
        cache_public_page(
            views.RecommendationDetailView.as_view(),
            scope=views.RecommendationDetailView.cache_scope,
        ),
        name="detail",
    ),
    path("feed/", cache_public_page(feeds.PublicUpdatesFeed()), name="feed"),
]

from django.urls import path

from . import feeds, views
from .caching import cache_public_page

app_name = "recommendations"

# Public pages are cached whole until the data changes (see caching.py); the export streams.
urlpatterns = [
    path("", cache_public_page(views.DashboardView.as_view()), name="home"),
    path(
        "recommendations/",
        cache_public_page(views.RecommendationListView.as_view()),
        name="list",
    ),
    path("recommendations/export.csv", views.export_csv, name="export"),
    path(
        "recommendations/<int:pk>/",
        cache_public_page(views.RecommendationDetailView.as_view()),
        name="detail",
    ),
    path("feed/", cache_public_page(feeds.PublicUpdatesFeed()), name="feed"),
]

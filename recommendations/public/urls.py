"""The public site's addresses, each named inside ``app_name``; tipt/urls.py includes them at the
site's root in English and under /fr/ in French."""

from django.urls import path

from . import about, data, documents, feeds, progress, statistics, views
from .cache import cache_public_page, cache_public_view, shown_country

app_name = "recommendations"

# Public pages are cached whole until the data changes (see cache.py) and forgotten when their
# country's data changes (recommendations/writes.py), keyed by the canonical
# form of their known parameters (the detail and the feed take none); the export streams. A
# document is never cached: its view checks its publication at each request.
urlpatterns = [
    path("", cache_public_view(views.DashboardView), name="home"),
    path("recommendations/", cache_public_view(views.RecommendationListView), name="list"),
    path("recommendations/export.csv", views.export_csv, name="export"),
    path("recommendations/export.xlsx", views.export_xlsx, name="export_xlsx"),
    path(
        "recommendations/<int:pk>/",
        cache_public_view(views.RecommendationDetailView),
        name="detail",
    ),
    path("about/", cache_public_view(about.AboutView), name="about"),
    path("documents/<str:public_id>/", documents.document_download, name="document"),
    path("feed/", cache_public_page(feeds.PublicUpdatesFeed()), name="feed"),
    path("statistics/", cache_public_view(statistics.StatisticsView), name="statistics"),
    path("statistics/export.csv", statistics.export_statistics_csv, name="statistics_export"),
    path(
        "progress-report/",
        cache_public_view(progress.ProgressReportView),
        name="progress_report",
    ),
    path(
        "progress-report/pdf/",
        cache_public_page(
            progress.progress_report_pdf,
            query=progress.progress_query,
            scope=shown_country,
        ),
        name="progress_report_pdf",
    ),
    path(
        "statistics/export.xlsx", statistics.export_statistics_xlsx, name="statistics_export_xlsx"
    ),
    path("data/", cache_public_view(data.OpenDataView), name="data"),
    path("data/all.zip", data.every_country_archive, name="data_all"),
    path("data/countries/<slug:slug>.zip", data.country_archive, name="data_country"),
]

"""The API's addresses under /api/v1/, each named inside ``app_name = "api"``: the endpoints,
the OpenAPI description and the documentation page."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from . import docs, views

app_name = "api"

# /api/v1/ itself lists the endpoints' addresses (the router's root view, no query).
router = DefaultRouter(trailing_slash=True)
router.register("countries", views.CountryViewSet, basename="country")
router.register("reports", views.ReportViewSet, basename="report")
router.register("recommendations", views.RecommendationViewSet, basename="recommendation")
router.register("evidence", views.EvidenceViewSet, basename="evidence")

urlpatterns = [
    *router.urls,
    path("statistics/", views.StatisticsView.as_view(), name="statistics"),
    path("schema/", docs.SchemaView.as_view(), name="schema"),
    path("docs/", docs.DocsView.as_view(), name="docs"),
]

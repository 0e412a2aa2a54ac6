from django.urls import path

from . import feeds, views

app_name = "recommendations"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="home"),
    path("recommendations/", views.RecommendationListView.as_view(), name="list"),
    path("recommendations/export.csv", views.export_csv, name="export"),
    path("recommendations/<int:pk>/", views.RecommendationDetailView.as_view(), name="detail"),
    path("feed/", feeds.PublicUpdatesFeed(), name="feed"),
]

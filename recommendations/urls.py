from django.urls import path

from . import views

app_name = "recommendations"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("recommendations/<int:pk>/", views.RecommendationDetailView.as_view(), name="detail"),
]

"""Public pages."""

from django.http import HttpResponse
from django.views.generic import DetailView, ListView

from .models import Recommendation, Report


def healthz(request):
    """For load balancers: answers without touching the database."""
    return HttpResponse("ok", content_type="text/plain")


class HomeView(ListView):
    template_name = "recommendations/home.html"
    context_object_name = "recommendations"

    def get_queryset(self):
        self.report = Report.objects.select_related("country").order_by("-year").first()
        if self.report is None:
            return Recommendation.objects.none()
        return self.report.recommendations.select_related("lead_ministry").order_by("position")

    def get_context_data(self, **kwargs):
        return super().get_context_data(report=self.report, **kwargs)


class RecommendationDetailView(DetailView):
    template_name = "recommendations/detail.html"
    context_object_name = "recommendation"

    def get_queryset(self):
        return Recommendation.objects.select_related("report__country", "lead_ministry")

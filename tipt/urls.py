from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

# /healthz, for load balancers, is answered by tipt.middleware.HealthCheckMiddleware.
urlpatterns = [
    path("admin/", admin.site.urls),
    # The read-only JSON API: one address per resource, whatever the language.
    path("api/v1/", include("recommendations.api.urls")),
]
# The public pages in English at their own paths, and in French under /fr/: the visitor
# switches language with a plain link, and every page has one address per language.
urlpatterns += i18n_patterns(
    path("", include("recommendations.public.urls")),
    prefix_default_language=False,
)

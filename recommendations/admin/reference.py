"""The reference tables of the staff workspace: countries and ministries, and the read-only
records of status changes and reminder digests."""

from django.contrib import admin
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..models import Country, Ministry, Recommendation, ReminderDigest, StatusChange, report_texts
from .common import ReadOnlyMixin
from .translations import FrenchVersionFilter


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    list_filter = [FrenchVersionFilter]
    # The name in English and in French (recommendations/translation.py).
    fields = ["name_en", "name_fr", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    search_fields = ["name_en", "name_fr"]


@admin.register(Ministry)
class MinistryAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "country", "slug"]
    list_filter = ["country", FrenchVersionFilter]
    list_select_related = ["country"]
    prepopulated_fields = {"slug": ["name_en"]}
    search_fields = ["name_en", "name_fr", "short_name"]
    fields = ["country", "name_en", "name_fr", "short_name", "slug", "staff_list"]
    readonly_fields = ["staff_list"]

    @admin.display(description=_("staff"))
    def staff_list(self, ministry):
        # Who works for a ministry is set on each user's page, with their role.
        if not ministry.pk:
            return "-"
        names = [str(user) for user in ministry.staff.order_by("username")]
        return ", ".join(names) or gettext("Nobody yet: set ministries on the users' pages.")


@admin.register(StatusChange)
class StatusChangeAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["recommendation", "old_status", "new_status", "changed_by", "changed_at"]
    list_filter = ["new_status"]
    list_select_related = ["recommendation__report__country", "changed_by"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(recommendation__in=Recommendation.objects.visible_to(request.user).values("pk"))
            .defer(*report_texts("recommendation__report"))
        )


@admin.register(ReminderDigest)
class ReminderDigestAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["user", "sent_on", "sent_at", "email", "recommendation_count"]
    list_select_related = ["user"]
    date_hierarchy = "sent_on"

from django.contrib.admin.apps import AdminConfig


class TIPTAdminConfig(AdminConfig):
    default_site = "tipt.admin_site.TIPTAdminSite"

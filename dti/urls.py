"""Root URLconf: Vietnamese paths at the root, English under /en/."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

# The admin's own name in its header, title and tab (Django's default is "Django administration").
admin.site.site_header = admin.site.site_title = _("Quản trị Bảng theo dõi DTI")
admin.site.index_title = _("Dữ liệu và người dùng")

urlpatterns = i18n_patterns(
    path(settings.ADMIN_URL, admin.site.urls),
    path("", include("provinces.urls")),
    path("", include("indicators.urls")),
    path("", include("reports.urls")),
    prefix_default_language=False,
)

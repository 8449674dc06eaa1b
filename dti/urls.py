"""Root URLconf: Vietnamese paths at the root, English under /en/; /healthz and the
data API at /api/v1/ outside the language prefix."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from indicators.health import healthz
from indicators.login import LoginForm
from indicators.robots import robots_txt
from reports.api.endpoints import api

# The admin's own name in its header, title and tab (Django's default is "Django administration").
admin.site.site_header = admin.site.site_title = _("Quản trị Bảng theo dõi DTI")
admin.site.index_title = _("Dữ liệu và người dùng")

# The login page says how many attempts are left before django-axes locks it.
admin.site.login_form = LoginForm

urlpatterns = [
    # For load balancers and monitors: no language prefix, no login, never cached.
    path("healthz", healthz, name="healthz"),
    path("robots.txt", robots_txt, name="robots-txt"),
    path("api/v1/", api.urls),
    *i18n_patterns(
        path(settings.ADMIN_URL, admin.site.urls),
        path("", include("provinces.urls")),
        path("", include("indicators.urls")),
        path("", include("reports.urls")),
        prefix_default_language=False,
    ),
]

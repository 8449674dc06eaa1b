"""Root URLconf: Vietnamese paths at the root, English under /en/; the data API at
/api/v1/, outside the language prefix (its names do not change with the language)."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from reports.api.endpoints import api

urlpatterns = [path("api/v1/", api.urls)]
urlpatterns += i18n_patterns(
    path(settings.ADMIN_URL, admin.site.urls),
    path("", include("provinces.urls")),
    path("", include("indicators.urls")),
    path("", include("reports.urls")),
    prefix_default_language=False,
)

from django.urls import path

from . import views

app_name = "indicators"
urlpatterns = [
    path("", views.home, name="home"),
    path("xep-hang/", views.ranking_latest, name="ranking-latest"),
    path("xep-hang/<int:year>/", views.ranking, name="ranking"),
    path("tinh/<slug:slug>/", views.province, name="province"),
    path("so-sanh/", views.compare, name="compare"),
    path("muc-tieu/", views.targets, name="targets"),
    # English aliases of the same pages.
    path("ranking/", views.ranking_latest, name="ranking-latest-en"),
    path("ranking/<int:year>/", views.ranking, name="ranking-en"),
    path("province/<slug:slug>/", views.province, name="province-en"),
    path("compare/", views.compare, name="compare-en"),
    path("targets/", views.targets, name="targets-en"),
]

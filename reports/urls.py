from django.urls import path

from reports import views, views_scenario

app_name = "reports"
urlpatterns = [
    path(
        "bao-cao/xep-hang/<int:year>.xlsx",
        views.ranking_export,
        {"fmt": "xlsx"},
        name="ranking-xlsx",
    ),
    path(
        "bao-cao/xep-hang/<int:year>.csv",
        views.ranking_export,
        {"fmt": "csv"},
        name="ranking-csv",
    ),
    path(
        "bao-cao/tinh/<slug:slug>.xlsx",
        views.province_export,
        {"fmt": "xlsx"},
        name="province-xlsx",
    ),
    path(
        "bao-cao/tinh/<slug:slug>.csv",
        views.province_export,
        {"fmt": "csv"},
        name="province-csv",
    ),
    path(
        "bao-cao/so-sanh.xlsx",
        views.compare_export,
        {"fmt": "xlsx"},
        name="compare-xlsx",
    ),
    path("bao-cao/so-sanh.csv", views.compare_export, {"fmt": "csv"}, name="compare-csv"),
    path("bao-cao/toan-bo.xlsx", views.full_export, {"fmt": "xlsx"}, name="full-xlsx"),
    path("bao-cao/toan-bo.csv", views.full_export, {"fmt": "csv"}, name="full-csv"),
    path("tinh/<slug:slug>/in/", views.province_print, name="province-print"),
    path("bao-cao/mo-phong/<slug:slug>.xlsx", views_scenario.scenario_export, name="whatif-xlsx"),
    path(
        "bao-cao/trong-so/<int:year>.xlsx",
        views_scenario.reweight_export,
        {"fmt": "xlsx"},
        name="reweight-xlsx",
    ),
    path(
        "bao-cao/trong-so/<int:year>.csv",
        views_scenario.reweight_export,
        {"fmt": "csv"},
        name="reweight-csv",
    ),
]

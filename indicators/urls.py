from django.urls import path

from indicators.entry import views as views_entry
from indicators.other_indices import views as views_other
from indicators.scenarios import views as views_scenario
from indicators.scorecard import views

app_name = "indicators"
urlpatterns = [
    path("", views.home, name="home"),
    path("xep-hang/", views.ranking_latest, name="ranking-latest"),
    path("xep-hang/<int:year>/", views.ranking, name="ranking"),
    path("xep-hang/<int:year>/trong-so/", views_scenario.reweight, name="reweight"),
    path("tinh/<slug:slug>/", views.province, name="province"),
    path("tinh/<slug:slug>/dong-luc/", views_scenario.drivers, name="drivers"),
    path("tinh/<slug:slug>/mo-phong/", views_scenario.simulator, name="whatif"),
    # Data entry (staff only).
    path("nhap-lieu/", views_entry.import_upload, name="import-upload"),
    path("nhap-lieu/xac-nhan/", views_entry.import_confirm, name="import-confirm"),
    path("nhap-lieu/mau/", views_entry.import_template, name="import-template-latest"),
    path("nhap-lieu/mau/<int:year>/", views_entry.import_template, name="import-template"),
    path("nhap-lieu/dot/<int:pk>/", views_entry.change_set_detail, name="change-set"),
    path(
        "nhap-lieu/dot/<int:pk>/cong-bo/", views_entry.change_set_publish, name="change-set-publish"
    ),
    path("nhap-lieu/dot/<int:pk>/huy/", views_entry.change_set_discard, name="change-set-discard"),
    path("so-sanh/", views.compare, name="compare"),
    path("muc-tieu/", views.targets, name="targets"),
    path("chi-so-khac/", views_other.relationship, name="other-indices"),
    path("phuong-phap/", views.method, name="method"),
    # English aliases of the same pages.
    path("ranking/", views.ranking_latest, name="ranking-latest-en"),
    path("ranking/<int:year>/", views.ranking, name="ranking-en"),
    path("ranking/<int:year>/weights/", views_scenario.reweight, name="reweight-en"),
    path("province/<slug:slug>/", views.province, name="province-en"),
    path("province/<slug:slug>/drivers/", views_scenario.drivers, name="drivers-en"),
    path("province/<slug:slug>/what-if/", views_scenario.simulator, name="whatif-en"),
    path("compare/", views.compare, name="compare-en"),
    path("targets/", views.targets, name="targets-en"),
    path("other-indices/", views_other.relationship, name="other-indices-en"),
    path("method/", views.method, name="method-en"),
]

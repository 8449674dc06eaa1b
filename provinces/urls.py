from django.urls import path

from provinces import views

app_name = "provinces"
urlpatterns = [
    path("tim-kiem/", views.search, name="search"),
    path("search/", views.search, name="search-en"),
]

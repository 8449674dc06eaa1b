app_name = "provinces"
urlpatterns = []

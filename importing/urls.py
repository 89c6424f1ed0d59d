from django.urls import path

from importing import views

app_name = "importing"

urlpatterns = [
    path("plans/import/", views.plan_import, name="import"),
    path("plans/import/save/", views.plan_import_save, name="save"),
]

from django.urls import path

from trash import views

app_name = "trash"

urlpatterns = [
    path("", views.trash_list, name="list"),
    path("<int:pk>/restore/", views.restore, name="restore"),
    path("<int:pk>/purge/", views.purge, name="purge"),
]

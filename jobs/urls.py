from django.urls import path

from jobs import views

app_name = "jobs"

urlpatterns = [
    path("exports/<uuid:pk>/", views.job_detail, name="detail"),
    path("exports/<uuid:pk>/download/", views.job_download, name="download"),
]
